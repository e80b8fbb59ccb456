#!/usr/bin/env bash
# Start-up cost of the agent: wall time of a hello world on one virtual thread, alternating runs
# with and without -javaagent, reporting medians. Usage: bench/startup.sh [RUNS] (default 20).
# Needs ./gmp4j build first (uses bench/target/gmp4j-bench.jar and agent/target/gmp4j-agent.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
cp=bench/target/gmp4j-bench.jar
agent=agent/target/gmp4j-agent.jar
[[ -f "$cp" && -f "$agent" ]] || { echo "run ./gmp4j build first" >&2; exit 2; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
plain=(); withagent=()
for ((i = 0; i < runs; i++)); do
  plain+=("$(ms "$java" -cp "$cp" gmp4j.bench.apps.HelloVirtual)")
  withagent+=("$(ms "$java" "-javaagent:$agent" -cp "$cp" gmp4j.bench.apps.HelloVirtual)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
p=$(median "${plain[@]}"); a=$(median "${withagent[@]}")
echo "runs=$runs median_ms_without_agent=$p median_ms_with_agent=$a added_ms=$((${a%.*} - ${p%.*}))"
