#!/usr/bin/env bash
# Thread switches per call (issue 13): starts `capas serve` with the given options on loopback,
# drives it with wrk (one thread, CONNECTIONS keep-alive connections, suma checked by
# bench/xmlrpc.lua) for SECONDS, and divides the context switches of all the server's threads
# (voluntary: a thread parked or waited; involuntary: preempted), read from /proc before and after,
# by the calls answered. A hand-off of each call to another thread shows as about two voluntary
# switches per call. Usage: bench/wakeups.sh CONNECTIONS SECONDS [capas serve options...]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-16}"
seconds="${2:-5}"
shift 2 || true
java_bin="$(python3 -c 'import sys; sys.path.insert(0, "bench"); import run; print(run.java())')"
port="$(python3 -c 'import sys; sys.path.insert(0, "bench"); import run; print(run.free_port())')"
bodies="$(mktemp -d)"
python3 bench/bodies.py "$bodies" >/dev/null
"$java_bin" -Xms512m -Xmx512m -jar cli/target/capas.jar serve --host 127.0.0.1 --port "$port" "$@" \
  >"$bodies/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$bodies"' EXIT
for _ in $(seq 1 100); do
  grep -q "serving" "$bodies/server.log" && break
  sleep 0.2
done
export CAPAS_BENCH_BODY="$bodies/suma.request.xml" CAPAS_BENCH_CHECK="$(cat "$bodies/suma.check")"
export CAPAS_BENCH_CLOSE=0
url="http://127.0.0.1:$port/RPC2"
wrk -t1 -c"$connections" -d2s -s bench/xmlrpc.lua "$url" >/dev/null  # warm-up
switches() {
  cat /proc/"$server"/task/*/status 2>/dev/null |
    awk '/^voluntary_ctxt_switches/ {v += $2} /^nonvoluntary_ctxt_switches/ {n += $2}
         END {print v, n}'
}
read -r v0 n0 < <(switches)
out="$(wrk -t1 -c"$connections" -d"${seconds}s" -s bench/xmlrpc.lua "$url")"
read -r v1 n1 < <(switches)
calls="$(echo "$out" | sed -n 's/.*checked=\([0-9]*\).*/\1/p')"
echo "$out" | grep -E "Requests/sec|CHECK"
echo "server threads now: $(ls /proc/"$server"/task | wc -l)"
awk -v v=$((v1 - v0)) -v n=$((n1 - n0)) -v c="$calls" 'BEGIN {
  printf "switches per call: %.3f voluntary, %.3f involuntary (%d calls)\n", v / c, n / c, c }'
