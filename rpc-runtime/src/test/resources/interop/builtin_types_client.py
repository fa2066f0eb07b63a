"""Python's xmlrpc.client with use_builtin_types=True against capas (issue 15): it parses a
dateTime only in the spec's zone-less form, so a capas server for such clients uses the
zoneless(UTC) mapping. argv: the URL of a zoneless(UTC) server, then of a default (Z) one."""
import datetime
import sys
import xmlrpc.client

zoneless_url, default_url = sys.argv[1], sys.argv[2]
noon = datetime.datetime(2026, 7, 1, 12, 0, 0)

p = xmlrpc.client.ServerProxy(zoneless_url, use_builtin_types=True, allow_none=True)
echoed = p.clock.echo(noon)
assert echoed == noon, echoed
assert p.clock.text(noon) == "2026-07-01T12:00:00Z", p.clock.text(noon)
# A date alone, as DateTime("YYYYMMDD") writes it, is a LocalDate; the answer is midnight.
nxt = p.next(xmlrpc.client.DateTime("20261205"))
assert nxt == datetime.datetime(2026, 12, 6, 0, 0), nxt
try:
    p.next(datetime.datetime(2026, 12, 5, 10, 30))
    raise SystemExit("FAIL: a non-midnight LocalDate was accepted")
except xmlrpc.client.Fault as f:
    assert f.faultCode == -32602, f
    assert "params[0]: expected date (dateTime.iso8601 at midnight)" in f.faultString, f

# The default mapping answers 20260701T12:00:00Z, which use_builtin_types cannot parse.
d = xmlrpc.client.ServerProxy(default_url, use_builtin_types=True, allow_none=True)
try:
    d.clock.echo(noon)
    raise SystemExit("FAIL: Python parsed the Z form with use_builtin_types=True")
except ValueError:
    pass
print("PASS", flush=True)
