"""Python's xmlrpc.client against capas's typed methods (issue 15): it sees plain structs, arrays
and strings where the Java side has records, enums, Optional, java.time and big numbers.

Usage: python3 typed_client.py URL. Prints PASS and exits 0 when every check holds.
use_builtin_types stays off: Python's builtin datetime cannot parse the Z suffix capas writes by
default for Instant and its kin, while its DateTime keeps the text as sent.
"""
import sys
import xmlrpc.client
from xmlrpc.client import Binary, DateTime, Fault

proxy = xmlrpc.client.ServerProxy(sys.argv[1], allow_none=True)

everything = {
    "i": 42, "boxed": -7, "l": 7, "s": -300, "b": 120, "f": 1.5, "d": -2.25,
    "bool": True, "c": "ñ", "str": "á 日本 <&>",
    "decimal": "12345678901234567890.000000001",
    "integer": "-98765432109876543210987654321",
    "buffer": Binary(b"\x00\x01\x02\xff"),
    "localDateTime": DateTime("19980717T14:08:55"),
    "date": DateTime("20261205T00:00:00"),
    "instant": DateTime("20261205T23:59:58Z"),
    "offsetDateTime": DateTime("20260102T03:04:05Z"),
    "zonedDateTime": DateTime("20260607T08:09:10Z"),
    "list": [{"x": 1, "y": 2}, {"x": 3, "y": 4}],
    "set": ["a"],
    "collection": [1, 2, 3],
    "map": {"origin": {"x": 0, "y": 0}, "far": {"x": 1000, "y": -1000}},
    "present": {"x": 5, "y": 6},
    "color": "dark-blue",
}
got = proxy.shapes.echo(everything)
assert got == everything, (got, everything)
assert "absent" not in got  # an empty Optional is an absent member

# A zone-less Instant is read as UTC and written back with the Z.
sent = dict(everything, instant=DateTime("20261205T23:59:58"))
assert proxy.shapes.echo(sent)["instant"] == DateTime("20261205T23:59:58Z")

assert proxy.shapes.reverse([{"x": 1, "y": 2}, {"x": 3, "y": 4}]) == [{"x": 3, "y": 4}, {"x": 1, "y": 2}]
assert proxy.shapes.doubled([1, 2, -3]) == [2, 4, -6]
assert proxy.shapes.points([{"x": 1, "y": 1}]) == [{"x": 1, "y": 1}]
assert proxy.shapes.bytes(Binary(b"\x09\x08")) == Binary(b"\x09\x08")
assert proxy.shapes.colors({"sky": "dark-blue", "grass": "GREEN"}) == {"sky": "dark-blue", "grass": "GREEN"}
assert proxy.shapes.maybe(None) is None
assert proxy.shapes.maybe({"x": 1, "y": 2}) == {"x": 1, "y": 2}
assert proxy.shapes.small(-128) == -128
shape = {"name": "tri", "points": [{"x": 0, "y": 0}], "color": "RED", "line-width": 0.5}
assert proxy.shapes.shape(shape) == dict(shape, layer=0)

def fault(call, message):
    try:
        call()
    except Fault as f:
        assert f.faultCode == -32602, (f.faultCode, f.faultString)
        assert f.faultString == message, (f.faultString, message)
    else:
        raise AssertionError("no fault: " + message)

bad = dict(shape, points=[{"x": 0, "y": 0}] * 3 + [{"x": "7a", "y": 1}])
fault(lambda: proxy.shapes.shape(bad), 'params[0].points[3].x: expected int, got string "7a"')
fault(lambda: proxy.shapes.area({"x": 1}), 'params[0]: missing member "y" of struct Point')
fault(lambda: proxy.shapes.shape(dict(shape, color="BLUE")),
      'params[0].color: expected one of [RED, GREEN, dark-blue], got string "BLUE"')
fault(lambda: proxy.shapes.small(300), "params[0]: expected byte, got int 300")

assert proxy.system.methodSignature("shapes.echo") == [["struct", "struct"]]
assert proxy.system.methodSignature("shapes.reverse") == [["array", "array"]]
assert proxy.system.methodHelp("shapes.echo") == "Returns the value it was given."

# Multicall: each entry converts on its own.
multi = xmlrpc.client.MultiCall(proxy)
multi.shapes.area({"x": 2, "y": 3})
multi.shapes.area({"x": 2})
multi.shapes.small(1)
results = multi().results
assert results[0] == [6], results
assert results[1]["faultCode"] == -32602, results
assert results[2] == [1], results
print("PASS")
