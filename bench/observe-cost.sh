#!/usr/bin/env bash
# Cost of observing (issue 17): Tomcat on gmp4j under wrk with no recording, with the low-overhead
# profile (record=...,profile=gmp4j) and with the trace profile (profile=trace), in rounds that
# alternate the three set-ups, each in a fresh JVM: WARMUP seconds of unmeasured load, then SECS
# measured. Prints req/s per run, the medians and the ratios to "none".
# Usage: bench/observe-cost.sh [ROUNDS] [SECS] [WARMUP] [ENDPOINT] (default 3 5 8 hello).
# Needs ./gmp4j build first and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; secs="${2:-5}"; warm="${3:-8}"; ep="${4:-hello}"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
agent=agent/target/gmp4j-agent.jar; samples=sample-apps/target/gmp4j-samples.jar
[[ -f "$agent" && -f "$samples" ]] || { echo "run ./gmp4j build first" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() { # $1 = name, $2 = agent options; prints req/s
  local out="$tmp/$1.out" url
  "$java" -Xms1g -Xmx1g "-javaagent:$agent=$2" -jar "$samples" server --duration 0s --stop-on-eof \
    --cpu-iterations-per-ms 1000 > "$out" 2>&1 < <(sleep $((warm + secs + 30))) &
  local pid=$!
  for _ in $(seq 300); do grep -q GMP4J-LISTENING "$out" && break; sleep 0.1; done
  url=$(sed -n 's/.*GMP4J-LISTENING.*"url":"\([^"]*\)".*/\1/p' "$out" | head -1)
  [[ -n "$url" ]] || { echo "server did not start: $(cat "$out")" >&2; kill $pid; exit 1; }
  wrk -t1 -c50 -d"${warm}s" "$url/$ep" > /dev/null
  wrk -t1 -c50 -d"${secs}s" "$url/$ep" | awk '/Requests\/sec/ {print $2}'
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
}
declare -A all
for ((r = 1; r <= rounds; r++)); do
  for s in none gmp4j trace; do
    case $s in
      none) opts="log=warn" ;;
      *) opts="record=$tmp/$s-$r.jfr,profile=$s" ;;
    esac
    v=$(run "$s" "$opts"); all[$s]+="$v "; echo "round $r $s req/s $v"
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
n=$(median "${all[none]}"); g=$(median "${all[gmp4j]}"); t=$(median "${all[trace]}")
echo "median req/s: none=$n gmp4j.jfc=$g trace=$t; ratio to none: gmp4j.jfc=$(awk "BEGIN{printf \"%.3f\", $g/$n}") trace=$(awk "BEGIN{printf \"%.3f\", $t/$n}")"
