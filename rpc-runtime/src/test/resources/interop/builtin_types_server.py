"""SimpleXMLRPCServer with use_builtin_types=True (issue 15): dateTime values become datetime
objects, parsed only in the spec's zone-less form. Prints its port, serves until killed."""
import datetime
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(
    ("127.0.0.1", 0), allow_none=True, logRequests=False, use_builtin_types=True)


def later(t):
    # Fails unless t arrived as a datetime.
    return t + datetime.timedelta(hours=1)


server.register_function(later)
print(server.server_address[1], flush=True)
server.serve_forever()
