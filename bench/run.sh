#!/usr/bin/env bash
# Benchmarks for the local default (not tests): serve start-up time and log-batch throughput over HTTP.
# Usage: ./mlops bench [--seconds S] [--workers W]. Prints figures; bench/RESULTS.md records measured ones.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
seconds=20
workers=4
while [ $# -gt 0 ]; do
  case "$1" in
    --lake)
      # Metric pipeline and registry benchmarks (shared-core/lake MetricPipelineBench), with a 256 MB heap so the
      # 10M-point read shows that memory stays bounded.
      use_jdk21
      exec "$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl shared-core/lake test -Dtest=MetricPipelineBench \
        -Dbench.lake=true -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx256m ;;
    --databricks)
      # Statements per call and latency on the Databricks backend against the local Spark SQL + Delta engine
      # (shared-core/databricks DatabricksBench); the engine starts inside the test JVM and stops with it.
      use_jdk21
      exec "$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl shared-core/databricks -am install -Dtest=DatabricksBench \
        -Dbench.databricks=true -Dsurefire.failIfNoSpecifiedTests=false -Ddatabricks.excludedGroups=none ;;
    --seconds) seconds="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    *) die "Unknown option '$1'." ;;
  esac
done
use_jdk21
ensure_server_built

say "Start-up: process launch to first answered request, 5 cold starts on a fresh data dir each."
for i in 1 2 3 4 5; do
  port="$(free_port)"; dir="$(mktemp -d)"
  t0=$(date +%s%N)
  start_server_background "$port" "$dir" "$dir/server.log"
  t1=$(date +%s%N)
  echo "  start $i: $(( (t1 - t0) / 1000000 )) ms"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$dir"
done

port="$(free_port)"; dir="$(mktemp -d)"
start_server_background "$port" "$dir" "$dir/server.log"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$dir"' EXIT
say "log-batch: $workers concurrent jobs, 1000 points per request, ${seconds}s after a 5s warm-up."
"$JAVA_HOME/bin/java" "$ROOT/bench/LogBatchBench.java" "http://127.0.0.1:$port" "$seconds" "$workers" 1000
say "Single job (one run, requests in sequence):"
"$JAVA_HOME/bin/java" "$ROOT/bench/LogBatchBench.java" "http://127.0.0.1:$port" "$seconds" 1 1000
