"""Python's xmlrpc.client against an embedded capas server: a call, gzip both ways, a fault.

Usage: python3 embedded_client.py URL. Prints PASS and exits 0 when every check holds; otherwise
the assertion's traceback goes to stderr and the exit status is 1.
"""
import sys
import xmlrpc.client

url = sys.argv[1]
transport = xmlrpc.client.Transport()
transport.encode_threshold = 0  # gzip every request body (Content-Encoding: gzip)
proxy = xmlrpc.client.ServerProxy(url, transport=transport, allow_none=True)

assert proxy.suma(2, 3) == 5
big = "x" * 20000
assert proxy.echo(big) == big  # a large response, gzipped since Python accepts gzip
assert proxy.echo({"a": [1, 2.5, None]}) == {"a": [1, 2.5, None]}
assert "suma" in proxy.system.listMethods()
try:
    proxy.teapot()
    raise AssertionError("no fault")
except xmlrpc.client.Fault as fault:
    assert fault.faultCode == 418, fault
    assert fault.faultString == "I'm a teapot", fault
print("PASS")
