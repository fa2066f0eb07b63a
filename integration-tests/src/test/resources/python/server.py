"""Python's SimpleXMLRPCServer (allow_none, builtin types, introspection, multicall) as a peer.

Usage: python3 server.py PORT   prints "ready PORT" when serving.
"""
import sys
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2")

    def log_message(self, *args):
        pass


def main():
    server = SimpleXMLRPCServer(("0.0.0.0", int(sys.argv[1])), requestHandler=Handler,
                                allow_none=True, use_builtin_types=True, logRequests=False)
    server.register_introspection_functions()
    server.register_multicall_functions()
    server.register_function(lambda a, b: a + b, "suma")
    server.register_function(lambda x: x, "echo")
    print("ready", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
