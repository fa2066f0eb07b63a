"""Python's ServerProxy in the client benchmark: sequential calls on one connection.

Usage: python3 bench/python_client.py suma|struct|array URL SECONDS   prints "calls=N wrong=W seconds=S"
"""
import datetime
import sys
import time
import xmlrpc.client

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bodies import struct50  # noqa: E402


def main():
    work, url, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    proxy = xmlrpc.client.ServerProxy(url, allow_none=True, use_builtin_types=True)
    if work == "suma":
        def once():
            return proxy.suma(2, 3) == 5
    elif work == "array":
        ints = list(range(1000))

        def once():
            return proxy.echo(ints) == ints
    else:
        value = struct50()

        def once():
            return len(proxy.echo(value)) == 50
    for _ in range(50):
        once()
    calls = wrong = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if not once():
            wrong += 1
        calls += 1
    print("calls=%d wrong=%d seconds=%.3f" % (calls, wrong, time.perf_counter() - start))


if __name__ == "__main__":
    main()
