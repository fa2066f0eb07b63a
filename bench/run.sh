#!/usr/bin/env bash
# Builds what the server benchmark needs, then runs bench/run.py with the given arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null; }
mvn -B -q -DskipTests package -pl benchmarks,cli -am
exec python3 bench/run.py "$@"
