"""The migration page's Python server (SimpleXMLRPCServer); the test passes port 0."""
# guide:begin server
import sys
from xmlrpc.server import SimpleXMLRPCServer


def add(a, b):
    """Adds two numbers."""
    return a + b


port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
server = SimpleXMLRPCServer(("localhost", port), allow_none=True, logRequests=False)
server.register_introspection_functions()
server.register_multicall_functions()
server.register_function(add)
print(server.server_address[1], flush=True)  # the port, for whoever started it
server.serve_forever()
# guide:end server
