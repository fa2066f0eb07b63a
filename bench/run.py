#!/usr/bin/env python3
"""Server benchmark: capas against Apache XML-RPC 3.1.3, Python and a canned-response ceiling.

Starts every server on loopback, drives each with wrk (one thread) and bench/xmlrpc.lua, which
checks every answer; alternates the servers within each round, repeats, and prints the medians and
the ratio of each server to the ceiling. A run where any answer was wrong is refused (exit 1).

Usage: python3 bench/run.py [--rounds 3] [--duration 5] [--servers ceiling,capas-threads,...]
       [--workloads suma-c1,suma-c16,...]
Servers: nginx (the canned response from nginx-light), ceiling, capas-threads, capas-multiplex,
capas-multiplex-inline and capas-threads-inline (the course methods declared non-blocking: --handlers inline), capas-pool (256 platform threads: a pool smaller
than the connections would leave keep-alive connections waiting), capas-sequential (run only on the
workloads with one connection or one connection per call: it runs one request at a time, so many
connections measure its queue rather than the server),
apache, python, and with CAPAS_BEFORE_JAR set before-threads, before-multiplex and before-pool (the same models on an
older capas.jar, for before/after checks in one alternated run). Ratios are to nginx (suma only)
and to the ceiling, when they run.
Needs: wrk (Debian package), a built benchmarks/target/benchmarks.jar and cli/target/capas.jar
(bench/run.sh builds both).
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_JAR = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
CLI_JAR = os.path.join(ROOT, "cli", "target", "capas.jar")

# The heap every Java server gets, so that none wins by memory alone.
JVM_HEAP = ["-Xms512m", "-Xmx512m"]

# name -> (connections, body, close-per-call)
WORKLOADS = {
    "suma-c1": (1, "suma", False),
    "suma-c16": (16, "suma", False),
    "suma-c128": (128, "suma", False),
    "suma-close": (16, "suma", True),
    "struct-c16": (16, "struct", False),
    "struct-c128": (128, "struct", False),
    "array-c16": (16, "array", False),
    "array-c128": (128, "array", False),
}


def java():
    for home in [os.environ.get("JAVA_HOME", "")] + sorted(
            (os.path.join("/usr/lib/jvm", d) for d in os.listdir("/usr/lib/jvm")), reverse=True):
        exe = os.path.join(home, "bin", "java")
        if home and os.path.exists(exe):
            out = subprocess.run([exe, "-version"], capture_output=True, text=True).stderr
            m = re.search(r'version "(\d+)', out)
            if m and int(m.group(1)) >= 21:
                return exe
    sys.exit("no JDK 21+ found")


def server_commands(java_exe, bodies):
    """name -> function(port, workload body name) -> argv."""
    commands = {
        "ceiling": lambda port, body: [java_exe, "-cp", BENCH_JAR, "io.capas.benchmarks.servers.CeilingServer",
                                       str(port), os.path.join(bodies, body + ".response.xml")],
        "capas-threads": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                             "--port", str(port), "--model", "threads"],
        "capas-multiplex": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                               "--port", str(port), "--model", "multiplex"],
        "capas-multiplex-inline": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                                      "--port", str(port), "--model", "multiplex",
                                                      "--handlers", "inline"],
        "capas-threads-inline": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                                    "--port", str(port), "--model", "threads",
                                                    "--handlers", "inline"],
        "capas-pool": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                          "--port", str(port), "--model", "pool",
                                          "--pool-size", "256"],
        "capas-sequential": lambda port, body: [java_exe, "-jar", CLI_JAR, "serve", "--host", "127.0.0.1",
                                                "--port", str(port), "--model", "sequential"],
        "apache": lambda port, body: [java_exe, "-cp", BENCH_JAR, "io.capas.benchmarks.servers.ApacheServer",
                                      str(port)],
        "python": lambda port, body: [sys.executable, os.path.join(ROOT, "bench", "python_server.py"), str(port)],
    }
    commands["nginx"] = lambda port, body: nginx_command(port, os.path.join(bodies, body + ".response.xml"))
    # A before/after check in one alternated run: CAPAS_BEFORE_JAR=/path/to/an/older/capas.jar adds
    # "before-threads", "before-multiplex" and "before-pool", the same commands on that jar.
    before = os.environ.get("CAPAS_BEFORE_JAR")
    if before:
        for model in ("threads", "multiplex", "pool"):
            extra = ["--pool-size", "256"] if model == "pool" else []
            commands["before-" + model] = (
                lambda m, x: lambda port, body: [java_exe, "-jar", before, "serve", "--host", "127.0.0.1",
                                                 "--port", str(port), "--model", m] + x)(model, extra)
    return commands


def nginx_command(port, response_file):
    """nginx (Debian's nginx-light) answering every POST with the canned response: C, epoll, one worker
    per core, the practical limit of this machine for a tiny answer. Its config lives in a temporary
    prefix; the master runs in the foreground so run.py stops it (and its workers) by its PID."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        sys.exit("nginx not found: apt-get install nginx-light (bench/run.sh does)")
    with open(response_file, encoding="utf-8") as f:
        canned = f.read()
    if "$" in canned:
        sys.exit("the canned response holds a '$', which nginx's return would read as a variable")
    canned = canned.replace("\\", "\\\\").replace('"', '\\"')
    prefix = tempfile.mkdtemp(prefix="capas-nginx-")
    os.makedirs(os.path.join(prefix, "logs"))
    with open(os.path.join(prefix, "nginx.conf"), "w", encoding="utf-8") as f:
        f.write("""worker_processes %d;
pid %s/nginx.pid;
error_log %s/logs/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 75s;
  client_body_buffer_size 64k;
  client_body_temp_path %s/body;
  server {
    listen 127.0.0.1:%d;
    location = /RPC2 {
      default_type text/xml;
      return 200 "%s";
    }
  }
}
""" % (os.cpu_count() or 1, prefix, prefix, prefix, port, canned))
    return [nginx, "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"), "-g", "daemon off;"]


def applies(server, conns, close, body):
    """The sequential model runs one request at a time: only one connection, or one per call.
    nginx answers suma only: its return directive takes at most a 4 KiB string."""
    if server == "nginx":
        return body == "suma"
    return server != "capas-sequential" or conns == 1 or close


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, deadline_s=60):
    end = time.time() + deadline_s
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %s" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not listen on %d within %ds" % (port, deadline_s))


def run_wrk(port, conns, body_dir, body, close, duration):
    env = dict(os.environ,
               CAPAS_BENCH_BODY=os.path.join(body_dir, body + ".request.xml"),
               CAPAS_BENCH_CHECK=open(os.path.join(body_dir, body + ".check")).read().strip(),
               CAPAS_BENCH_CLOSE="1" if close else "0")
    out = subprocess.run(["wrk", "-t1", "-c%d" % conns, "-d%ds" % duration, "--latency", "-s",
                          os.path.join(ROOT, "bench", "xmlrpc.lua"), "http://127.0.0.1:%d/RPC2" % port],
                         capture_output=True, text=True, env=env, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    checked, wrong = map(int, re.search(r"CHECK checked=(\d+) wrong=(\d+)", out).groups())
    p99 = float(re.search(r"p99_ms=([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, checked, wrong + (int(non2xx.group(1)) if non2xx else 0), p99, errors.group(1) if errors else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--servers",
                    default="ceiling,capas-threads,capas-multiplex,capas-pool,capas-sequential,apache,python")
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    args = ap.parse_args()
    java_exe = java()
    body_dir = tempfile.mkdtemp(prefix="capas-bench-")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "bodies.py"), body_dir], check=True)
    commands = server_commands(java_exe, body_dir)
    servers = args.servers.split(",")
    results = {}  # (workload, server) -> [rps]
    p99s = {}
    refused = []
    for workload in args.workloads.split(","):
        conns, body, close = WORKLOADS[workload]
        running = {}
        active = [name for name in servers if applies(name, conns, close, body)]
        try:
            for name in active:
                port = free_port()
                argv = commands[name](port, body)
                if argv[0] == java_exe:
                    argv = argv[:1] + JVM_HEAP + argv[1:]  # every JVM gets the same heap
                log = tempfile.TemporaryFile()
                proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
                running[name] = (proc, port)
                try:
                    wait_listening(port, proc)
                except RuntimeError as e:
                    log.seek(0)
                    sys.exit("%s on %s: %s\n%s" % (name, workload, e, log.read()[-2000:].decode(errors="replace")))
                run_wrk(port, conns, body_dir, body, close, 1)  # warm-up, checked below too
            for rnd in range(args.rounds):
                order = active if rnd % 2 == 0 else list(reversed(active))
                for name in order:
                    rps, checked, wrong, p99, errors = run_wrk(running[name][1], conns, body_dir, body, close,
                                                               args.duration)
                    if wrong or checked == 0:
                        refused.append("%s %s: %d wrong of %d" % (workload, name, wrong, checked))
                    results.setdefault((workload, name), []).append(rps)
                    p99s.setdefault((workload, name), []).append(p99)
                    print("%-11s %-16s round %d: %10.0f req/s  p99 %7.2f ms  checked %d  %s"
                          % (workload, name, rnd + 1, rps, p99, checked, errors), flush=True)
        finally:
            for proc, _ in running.values():
                proc.terminate()
            for proc, _ in running.values():
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    if refused:
        print("REFUSED: wrong answers:\n  " + "\n  ".join(refused))
        return 1
    print("\n| workload | " + " | ".join(servers) + " |")
    print("|---|" + "---|" * len(servers))
    references = [name for name in ("nginx", "ceiling") if name in servers] or servers[:1]
    for workload in args.workloads.split(","):
        cells = []
        for name in servers:
            if (workload, name) not in results:
                cells.append("n/a" if name == "nginx" else "n/a (one request at a time)")
                continue
            med = statistics.median(results[(workload, name)])
            ratios = ["%.2fx %s" % (med / statistics.median(results[(workload, ref)]), ref)
                      for ref in references if (workload, ref) in results]
            cells.append("%.0f/s (%s, p99 %.1f ms)" % (med, ", ".join(ratios),
                                                       statistics.median(p99s[(workload, name)])))
        print("| %s | %s |" % (workload, " | ".join(cells)))
    print("\nratios are to %s; medians of %d rounds of %d s" % (" and ".join(references), args.rounds, args.duration))
    return 0


if __name__ == "__main__":
    sys.exit(main())
