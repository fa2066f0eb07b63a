"""Captures byte-exact XML-RPC requests and responses from Python's xmlrpc.client and
xmlrpc.server over a local socket, into ../resources/golden/python/.

Run: python3 capture_golden.py   (Python 3.8+; loopback only)
"""
import datetime
import os
import threading
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "python")
captured = []


class Handler(SimpleXMLRPCRequestHandler):
    def decode_request_content(self, data):
        captured.append(("request", data))
        return super().decode_request_content(data)

    def log_message(self, *args):
        pass


class Server(SimpleXMLRPCServer):
    def _marshaled_dispatch(self, data, dispatch_method=None, path=None):
        response = super()._marshaled_dispatch(data, dispatch_method, path)
        captured.append(("response", response))
        return response


def main():
    server = Server(("127.0.0.1", 0), requestHandler=Handler, allow_none=True, logRequests=False)
    server.register_function(lambda a, b: a + b, "suma")
    server.register_function(lambda *args: list(args) if len(args) != 1 else args[0], "echo")
    server.register_function(lambda: None, "nothing")
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    port = server.server_address[1]
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % port, allow_none=True)

    calls = []

    def run(name, fn):
        before = len(captured)
        try:
            fn()
        except xmlrpc.client.Fault:
            pass
        req = [d for k, d in captured[before:] if k == "request"]
        resp = [d for k, d in captured[before:] if k == "response"]
        with open(os.path.join(OUT, name + ".request.xml"), "wb") as f:
            f.write(req[0])
        with open(os.path.join(OUT, name + ".response.xml"), "wb") as f:
            f.write(resp[0])
        calls.append(name)

    run("suma", lambda: proxy.suma(2, 3))
    everything = {
        "int": 42,
        "negative": -2147483648,
        "true": True,
        "false": False,
        "text": "a < b & c > d\r\nline two\ttab",
        "unicode": "\u00e9\u00e8 \u20ac \U0001F600 \u4e2d",
        "empty": "",
        "spaces": "  padded  ",
        "double": 3.25,
        "big": 1e20,
        "small": 1.5e-7,
        "date": datetime.datetime(1998, 7, 17, 14, 8, 55),
        "bytes": xmlrpc.client.Binary(bytes(range(100))),
        "list": [1, "two", [3.0, {"four": 4}], []],
        "struct": {"nested": {"deeper": {}}},
        "none": None,
    }
    run("echo-struct", lambda: proxy.echo(everything))
    run("nothing", lambda: proxy.nothing())
    run("unknown-method", lambda: proxy.no.such.method(1))
    run("bad-params", lambda: proxy.suma(1))
    server.shutdown()
    server.server_close()
    print("captured", calls)
    # Python must read capas' own canonical documents (written by WriterTest's goldens).
    capas = os.path.join(OUT, "..", "capas")
    for name in sorted(os.listdir(capas)):
        with open(os.path.join(capas, name), "rb") as f:
            try:
                print(name, "->", xmlrpc.client.loads(f.read()))
            except xmlrpc.client.Fault as fault:
                print(name, "->", repr(fault))


if __name__ == "__main__":
    main()
