"""Python's SimpleXMLRPCServer serving the benchmark's methods, as a reference peer.

Usage: python3 bench/python_server.py PORT
Prints "ready PORT" when listening.
"""
import sys
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2")

    def log_message(self, *args):
        pass


def suma(a, b):
    return a + b


def echo(x):
    return x


def main():
    port = int(sys.argv[1])
    server = SimpleXMLRPCServer(("127.0.0.1", port), requestHandler=Handler,
                                allow_none=True, use_builtin_types=True, logRequests=False)
    server.register_function(suma)
    server.register_function(echo)
    print("ready", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
