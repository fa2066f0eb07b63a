#!/usr/bin/env bash
# Scale check (issue 7): N keep-alive connections to `capas serve` on loopback, each calling suma
# once a second; prints the load generator's counts and latency, and the server's peak resident
# memory (VmHWM) and live RSS (VmRSS) from /proc. Usage: bench/scale.sh [CONNECTIONS] [SECONDS] [MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-10000}"
seconds="${2:-30}"
model="${3:-threads}"
ulimit -n "$(ulimit -Hn)"  # 10,000 connections need 10,000 descriptors on each side
java_bin="$(python3 -c 'import sys; sys.path.insert(0, "bench"); import run; print(run.java())')"
port="$(python3 -c 'import sys; sys.path.insert(0, "bench"); import run; print(run.free_port())')"
"$java_bin" -jar cli/target/capas.jar serve --host 127.0.0.1 --port "$port" --model "$model" >/tmp/capas-scale-server.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "serving" /tmp/capas-scale-server.log && break
  sleep 0.2
done
"$java_bin" -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.servers.ScaleLoad "$port" "$connections" "$seconds"
grep -E "VmHWM|VmRSS" "/proc/$server/status"
echo "server threads: $(ls "/proc/$server/task" | wc -l)"
