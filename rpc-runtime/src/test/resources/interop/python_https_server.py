"""An XML-RPC server over HTTPS (Python's SimpleXMLRPCServer behind ssl): prints its port, serves.

Usage: python3 python_https_server.py CERT.pem KEY.pem
"""
import ssl
import sys
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
server.register_function(lambda a, b: a + b, "suma")
print(server.server_address[1], flush=True)
server.serve_forever()
