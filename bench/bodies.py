"""Writes the benchmark's request bodies and the ceiling server's canned responses.

Usage: python3 bench/bodies.py OUTDIR
Each workload gets OUTDIR/NAME.request.xml, OUTDIR/NAME.response.xml and its check string.
"""
import datetime
import sys
import xmlrpc.client


def struct50():
    members = {}
    for i in range(50):
        kind = i % 5
        if kind == 0:
            members["int%02d" % i] = i * 1000 + 7
        elif kind == 1:
            members["str%02d" % i] = "value number %d <&>" % i
        elif kind == 2:
            members["dbl%02d" % i] = i + 0.25
        elif kind == 3:
            members["bool%02d" % i] = bool(i % 2)
        else:
            members["date%02d" % i] = datetime.datetime(1998, 7, 17, 14, 8, i % 60)
    return members


WORKLOADS = {
    "suma": (("suma", (2, 3)), 5, "sum:5"),
    "struct": (("echo", (struct50(),)), struct50(), "members:50"),
    "array": (("echo", (list(range(1000)),)), list(range(1000)), "sum:%d" % sum(range(1000))),
}


def main():
    out = sys.argv[1]
    for name, ((method, params), result, check) in WORKLOADS.items():
        with open("%s/%s.request.xml" % (out, name), "w", encoding="utf-8") as f:
            f.write(xmlrpc.client.dumps(params, method))
        with open("%s/%s.response.xml" % (out, name), "w", encoding="utf-8") as f:
            f.write(xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True))
        with open("%s/%s.check" % (out, name), "w", encoding="utf-8") as f:
            f.write(check)


if __name__ == "__main__":
    main()
