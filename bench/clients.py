#!/usr/bin/env python3
"""Client benchmark: sequential calls per second on one connection against a fast server.

The server is the canned-response ceiling server (it answers at once, parsing nothing), so the
figure is the client's own cost. Clients: a raw socket sending a canned request (the ceiling),
the capas client, Apache XML-RPC 3.1.3's XmlRpcClient and Python's ServerProxy; alternated within
each round, repeated, medians and ratios to the raw client. A run with any wrong answer is refused.

Usage: python3 bench/clients.py [--rounds 3] [--duration 5] [--workloads suma,struct,array]
Needs a built benchmarks/target/benchmarks.jar (bench/run.sh builds it).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

CLIENTS = ["raw", "capas", "apache", "python"]


def client_command(java_exe, kind, work, url, seconds, body_dir):
    if kind == "python":
        return [sys.executable, os.path.join(run.ROOT, "bench", "python_client.py"), work, url, str(seconds)]
    command = [java_exe, "-cp", run.BENCH_JAR, "io.capas.benchmarks.clients.ClientLoop", kind, work, url, str(seconds)]
    if kind == "raw":
        command.append(os.path.join(body_dir, work + ".request.xml"))
    return command


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--workloads", default="suma,struct,array")
    args = ap.parse_args()
    java_exe = run.java()
    body_dir = tempfile.mkdtemp(prefix="capas-clients-")
    subprocess.run([sys.executable, os.path.join(run.ROOT, "bench", "bodies.py"), body_dir], check=True)
    rates = {}
    refused = []
    for work in args.workloads.split(","):
        port = run.free_port()
        server = subprocess.Popen(run.server_commands(java_exe, body_dir)["ceiling"](port, work),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            run.wait_listening(port, server)
            url = "http://127.0.0.1:%d/RPC2" % port
            for rnd in range(args.rounds):
                for kind in (CLIENTS if rnd % 2 == 0 else list(reversed(CLIENTS))):
                    out = subprocess.run(client_command(java_exe, kind, work, url, args.duration, body_dir),
                                         capture_output=True, text=True, timeout=args.duration + 120)
                    m = re.search(r"calls=(\d+) wrong=(\d+) seconds=([\d.]+)", out.stdout)
                    if not m:
                        refused.append("%s %s: no result (%s)" % (work, kind, out.stderr.strip()[-300:]))
                        continue
                    calls, wrong, secs = int(m.group(1)), int(m.group(2)), float(m.group(3))
                    if wrong or calls == 0:
                        refused.append("%s %s: %d wrong of %d" % (work, kind, wrong, calls))
                    rates.setdefault((work, kind), []).append(calls / secs)
                    print("%-7s %-7s round %d: %9.0f calls/s" % (work, kind, rnd + 1, calls / secs), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if refused:
        print("REFUSED:\n  " + "\n  ".join(refused))
        return 1
    print("\n| workload | " + " | ".join(CLIENTS) + " |")
    print("|---|" + "---|" * len(CLIENTS))
    for work in args.workloads.split(","):
        base = statistics.median(rates[(work, "raw")])
        cells = ["%.0f/s (%.2fx)" % (statistics.median(rates[(work, k)]), statistics.median(rates[(work, k)]) / base)
                 for k in CLIENTS]
        print("| %s | %s |" % (work, " | ".join(cells)))
    print("\nratios are to the raw socket client; medians of %d rounds of %d s" % (args.rounds, args.duration))
    return 0


if __name__ == "__main__":
    sys.exit(main())
