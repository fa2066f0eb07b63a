"""Python's SimpleXMLRPCServer for the capas client: prints its port, serves until killed."""
import sys
from xmlrpc.server import SimpleXMLRPCServer
import xmlrpc.client

server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, use_builtin_types=True,
                            logRequests=False)
server.register_introspection_functions()
server.register_multicall_functions()

def suma(a, b):
    """Returns a + b."""
    return a + b

def echo(x):
    return x

def fail():
    raise xmlrpc.client.Fault(42, "the answer")

def boom():
    raise ValueError("python says no")

def nothing():
    return None

for f in (suma, echo, fail, boom, nothing):
    server.register_function(f)

print(server.server_address[1], flush=True)
server.serve_forever()
