#!/usr/bin/env bash
# Start-up of ./mlops serve, with the start-up cache (JDK 25 AOT cache / AppCDS) and without, alternating: process
# launch to the first answered request (polled every 5 ms), then the latency of the first request of each kind a
# training job sends, to show the cache does not move the cost onto them, and the CPU time the JVM used to start.
# Usage: bench/startup.sh [STARTS].
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
starts="${1:-5}"
use_jdk21
ensure_server_built
probe="api/2.0/mlflow/experiments/get?experiment_id=0"
first_requests() {
  local base="http://127.0.0.1:$1/api/2.0/mlflow" dir="$2" exp run
  # milliseconds of one request: t PATH OUTPUT CURL-ARGS...
  t() { curl -s -o "$2" -w '%{time_total}' "${@:3}" "$base/$1" | awk '{printf "%.0f", $1 * 1000}'; }
  printf ' create-experiment %4.0f' "$(t experiments/create "$dir/exp.json" -X POST -d '{"name":"s"}')"
  exp="$(sed -n 's/.*"experiment_id": *"\([^"]*\)".*/\1/p' "$dir/exp.json")"
  printf ' create-run %4.0f' "$(t runs/create "$dir/run.json" -X POST -d "{\"experiment_id\":\"$exp\",\"start_time\":1}")"
  run="$(sed -n 's/.*"run_id": *"\([^"]*\)".*/\1/p' "$dir/run.json")"
  printf ' log-batch %4.0f' "$(t runs/log-batch /dev/null -X POST -d "{\"run_id\":\"$run\",\"metrics\":[{\"key\":\"acc\",\"value\":0.5,\"timestamp\":1,\"step\":1}],\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}]}")"
  printf ' search %4.0f' "$(t runs/search /dev/null -X POST -d "{\"experiment_ids\":[\"$exp\"],\"order_by\":[\"metrics.acc DESC\"]}")"
  printf ' get-history %4.0f ms\n' "$(t "metrics/get-history?run_id=$run&metric_key=acc" /dev/null)"
}
pid=""
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true' EXIT
for i in $(seq "$starts"); do
  for mode in cache none; do
    port="$(free_port)"; dir="$(mktemp -d)"
    t0=$(date +%s%N)
    if [ "$mode" = none ]; then
      "$JAVA_HOME/bin/java" ${MLOPS_GC_OPTS:--XX:+UseParallelGC} -Dquarkus.http.port="$port" -Dmlops.data-dir="$dir" \
        -jar "$SERVER_JAR" > "$dir/server.log" 2>&1 &
    else
      run_server "$port" "$dir" > "$dir/server.log" 2>&1 &
    fi
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/$probe"; do
      kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; die "The server exited during start."; }
      sleep 0.005
      [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 300 ] || die "The server did not answer within 300 s."
    done
    t1=$(date +%s%N)
    # CPU time the JVM spent to get there (all threads, user + system): less sensitive to other load than the wall
    # time, which on a shared machine is mostly waiting for a core.
    cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat" 2>/dev/null || echo "?")
    printf '  %-5s start %5d ms (cpu %5s ms); first requests:' "$mode" $(( (t1 - t0) / 1000000 )) "$cpu_ms"
    first_requests "$port" "$dir"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; rm -rf "$dir"
  done
done
