#!/usr/bin/env bash
# Fuzzes one module's coverage-guided fuzz test for longer than CI's budget (docs/FUZZING.md).
#   bench/fuzz.sh MODULE MINUTES        e.g. bench/fuzz.sh http-codec 30
# Each round is one Jazzer run of the test's budget; the corpus it grows (MODULE/.cifuzz-corpus)
# carries over to the next round, so rounds add up to one long campaign. A finding stops the loop;
# Jazzer writes the crashing input under the test's Inputs directory in src/test/resources.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?usage: bench/fuzz.sh MODULE MINUTES}
minutes=${2:?usage: bench/fuzz.sh MODULE MINUTES}
test=$(find "$module/src/test/java" -name '*CoverageFuzzTest.java' -printf '%f\n' | sed 's/\.java$//' | head -1)
[[ -n "$test" ]] || { echo "no *CoverageFuzzTest in $module" >&2; exit 2; }
mvn -B -q install -DskipTests -Dcapas.fuzz.skip=true -pl "$module" -am >/dev/null
end=$(( $(date +%s) + minutes * 60 ))
round=0
while (( $(date +%s) < end )); do
  round=$((round + 1))
  echo "[fuzz] $module $test round $round"
  JAZZER_FUZZ=1 mvn -B -q surefire:test@fuzz -pl "$module" -Dtest="$test"
done
echo "[fuzz] $module: $round rounds, no finding"
