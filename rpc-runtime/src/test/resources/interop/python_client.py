"""Python's xmlrpc.client against the capas server: every type, multicall, introspection, faults.

Usage: python3 python_client.py URL. Prints PASS and exits 0 when every check holds; otherwise the
assertion's traceback goes to stderr and the exit status is 1.
"""
import datetime
import sys
import xmlrpc.client

url = sys.argv[1]
proxy = xmlrpc.client.ServerProxy(url, allow_none=True, use_builtin_types=True)

# Every type, through echo.
values = [
    0, 1, -12, 2**31 - 1, -2**31,
    True, False,
    "", "hola", "á é ñ ü 日本 😀", "<&>\"'", " spaced ", "line\nbreak",
    0.0, 1.5, -2.25, 1e-10, 123456789.125,
    datetime.datetime(1998, 7, 17, 14, 8, 55),
    b"", b"\x00\x01\x02\xff", bytes(range(256)) * 10,
    [], [1, "two", 3.0, [4, [5]]],
    {}, {"a": 1, "b": [True, None], "nested": {"x": "y"}},
    None,
]
for v in values:
    got = proxy.echo(v)
    assert got == v and type(got) == type(v), (v, got)

assert proxy.suma(2, 3) == 5
assert proxy.big() == 2**40, proxy.big()  # <i8> decodes in Python
assert proxy.addtogether(1, 2, 3) == 6
assert proxy.addtogether("a", "b") == "ab"

# Introspection.
methods = proxy.system.listMethods()
for name in ["suma", "echo", "system.listMethods", "system.methodHelp",
             "system.methodSignature", "system.multicall"]:
    assert name in methods, (name, methods)
assert proxy.system.methodHelp("suma") == "Adds two ints.", proxy.system.methodHelp("suma")
assert proxy.system.methodSignature("suma") == [["int", "int", "int"]], proxy.system.methodSignature("suma")
caps = proxy.system.getCapabilities()
assert caps["faults_interop"]["specVersion"] == 20010516, caps

# Multicall, with a fault in the middle.
multi = xmlrpc.client.MultiCall(proxy)
multi.suma(1, 2)
multi.nope()
multi.echo("x")
results = multi()
assert results[0] == 3
try:
    results[1]
    raise AssertionError("expected a fault")
except xmlrpc.client.Fault as f:
    assert f.faultCode == -32601, f
assert results[2] == "x"

# Faults.
def fault_of(call):
    try:
        call()
    except xmlrpc.client.Fault as f:
        return f.faultCode, f.faultString
    raise AssertionError("expected a fault")

assert fault_of(lambda: proxy.nope())[0] == -32601
assert fault_of(lambda: proxy.suma(1))[0] == -32602
assert fault_of(lambda: proxy.suma(1, "x"))[0] == -32602
code, text = fault_of(lambda: proxy.boom())
assert code == -32500 and text == "kaboom", (code, text)
assert "Exception" not in text and "at io." not in text
assert fault_of(lambda: proxy.teapot()) == (418, "I'm a teapot")

print("PASS")
