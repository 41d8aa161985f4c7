#!/usr/bin/env bash
# Benchmarks for the local default (not tests): serve start-up time and log-batch throughput over HTTP.
# Usage: ./mlops bench [--seconds S] [--workers W] | --lake | --recovery. Prints figures; bench/RESULTS.md records
# measured ones.
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
    --compare) shift; exec "$ROOT/bench/compare.sh" "$@" ;;
    --cache) exec "$ROOT/bench/cache-savings.sh" ;;
    --search)
      # The local run search over 10k, 100k and 1M runs, each in its own 1 GB heap, beside the full scan it
      # replaced (shared-core/core RunSearchBench). A size that does not fit prints the OutOfMemoryError.
      use_jdk21
      for n in ${2:-10000 100000 1000000}; do
        "$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl shared-core/core test -Dtest=RunSearchBench -Dbench.search=true \
          -Dbench.search.runs="$n" -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g 2>&1 \
          | grep -E '^\[bench.search\]|OutOfMemory' || true
      done
      exit 0 ;;
    --lambda)
      # Cold start of each function.zip under the Lambda runtime interface emulator, with and without CDS.
      shift; exec "$ROOT/bench/lambda-cold-start.sh" "$@" ;;
    --databricks)
      # Statements per call and latency on the Databricks backend against the local Spark SQL + Delta engine
      # (shared-core/databricks DatabricksBench); the engine starts inside the test JVM and stops with it.
      use_jdk21
      exec "$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl shared-core/databricks -am install -Dtest=DatabricksBench \
        -Dbench.databricks=true -Dsurefire.failIfNoSpecifiedTests=false -Ddatabricks.excludedGroups=none ;;
    --recovery)
      # Snapshot, verify, single-object recovery and full restore on 1,000 runs / 1M points / 100 versions of a few
      # MB, locally and on the emulator (functions/recovery-api RecoveryBench); reactor build, as HELPERS.md asks.
      # Without AWS_ENDPOINT_URL the emulator is moto with its transaction rollback copy taken once per table
      # (bench/moto_server_bench.py says why); with it, that endpoint as given.
      use_jdk21
      ensure_venv
      emulator=""
      if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
        port="$(free_port)"
        "$VENV/bin/python" "$ROOT/bench/moto_server_bench.py" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
        emulator=$!
        trap 'kill "$emulator" 2>/dev/null || true' EXIT
        export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
        export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
        export AWS_REGION="${AWS_REGION:-us-east-1}"
        until curl -sf -o /dev/null "$AWS_ENDPOINT_URL/moto-api/"; do
          kill -0 "$emulator" 2>/dev/null || die "The benchmark's moto_server exited during start."
          sleep 0.2
        done
      fi
      "$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl functions/recovery-api -am test -Dtest="${2:-RecoveryBench}" \
        -Dbench.recovery=true -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx3g
      exit 0 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    *) die "Unknown option '$1'." ;;
  esac
done
use_jdk21
ensure_server_built

say "Start-up, with the start-up cache and without, and the first requests after it:"
"$ROOT/bench/startup.sh" 5

port="$(free_port)"; dir="$(mktemp -d)"
start_server_background "$port" "$dir" "$dir/server.log"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$dir"' EXIT
say "log-batch: $workers concurrent jobs, 1000 points per request, ${seconds}s after a 5s warm-up."
"$JAVA_HOME/bin/java" "$ROOT/bench/LogBatchBench.java" "http://127.0.0.1:$port" "$seconds" "$workers" 1000
say "Single job (one run, requests in sequence):"
"$JAVA_HOME/bin/java" "$ROOT/bench/LogBatchBench.java" "http://127.0.0.1:$port" "$seconds" 1 1000
