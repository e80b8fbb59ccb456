#!/usr/bin/env bash
# Late JFR events: runs the analyzer's LateEvents RUNS times (each writes a recording of 8
# platform threads x EVENTS GoSched events, then reads it back through EventStream's ordered mode
# and through RecordingReader) and prints one line per run. Usage: bench/late-events.sh [RUNS] [EVENTS]
# (default 6 2000000). JAVA_HOME must be a JDK 25. Exits 1 if RecordingReader got any order wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-6}"
events="${2:-2000000}"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B test-compile -pl analyzer >&2 # keep stdout to one line per run
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
status=0
for i in $(seq "$runs"); do
  "$java" -Xmx6g -cp "analyzer/target/classes:analyzer/target/test-classes" \
    gmp4j.analyzer.LateEvents "$dir/late.jfr" 8 "$events" || status=1
done
exit "$status"
