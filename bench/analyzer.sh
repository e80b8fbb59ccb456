#!/usr/bin/env bash
# Analyzer speed and memory: writes a synthetic recording of EVENTS gmp4j events (the toy
# scheduler in analyzer's test classes, SyntheticRecording), then times `analyze --json` on it
# through the agent jar with a small heap. Wall time suffers from other load on the machine;
# user CPU time (all threads: parsing, JIT, GC) is the steadier figure. Usage: bench/analyzer.sh [EVENTS] [XMX] (default 4000000 128m).
# Needs ./gmp4j build first; JAVA_HOME must be a JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-4000000}"
xmx="${2:-128m}"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
agent=agent/target/gmp4j-agent.jar
[[ -f "$agent" ]] || { echo "run ./gmp4j build first" >&2; exit 2; }
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B test-compile -pl analyzer
mvn -q -B dependency:build-classpath -pl analyzer -Dmdep.outputFile=target/analyzer-cp.txt -Dmdep.includeScope=test >/dev/null
rec="$(mktemp -d)/synthetic.jfr"
trap 'rm -rf "$(dirname "$rec")"' EXIT
"$java" -cp "analyzer/target/classes:analyzer/target/test-classes:$(cat analyzer/target/analyzer-cp.txt)" \
  gmp4j.analyzer.SyntheticRecording "$rec" "$events" 2 gmp 0
echo "chunks: $("$JAVA_HOME/bin/jfr" summary "$rec" | sed -n "s/^ *Chunks: //p")"
/usr/bin/time -f "%e %U %M" -o "$rec.time" "$java" "-Xmx$xmx" -jar "$agent" analyze "$rec" --json > "$rec.json"
read -r wall cpu rss < "$rec.time"
n=$(sed -n 's/^  "events" : \([0-9]*\),/\1/p' "$rec.json")
echo "file_mb=$(( $(stat -c %s "$rec") >> 20 )) events=$n xmx=$xmx wall_s=$wall user_cpu_s=$cpu events_per_wall_s=$(awk -v n="$n" -v w="$wall" 'BEGIN{printf "%d", n / w}') events_per_cpu_s=$(awk -v n="$n" -v w="$cpu" 'BEGIN{printf "%d", n / w}') max_rss_mb=$(( rss >> 10 ))"
