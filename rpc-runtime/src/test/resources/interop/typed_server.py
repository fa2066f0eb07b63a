"""SimpleXMLRPCServer echoing what capas's typed proxies send (issue 15): prints its port, serves
until killed. use_builtin_types stays off, so a dateTime with a Z suffix is kept as sent."""
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False)
server.register_introspection_functions()

def echo(x):
    return x

def points(n):
    return [{"x": i, "y": -i} for i in range(n)]

def bad_point():
    return [{"x": 0, "y": 0}, {"x": "7a", "y": 1}]

for name in ("echo", "echoShape", "echoList", "echoInts", "echoColors", "echoMaybe"):
    server.register_function(echo, name)
server.register_function(points)
server.register_function(bad_point, "badPoints")

print(server.server_address[1], flush=True)
server.serve_forever()
