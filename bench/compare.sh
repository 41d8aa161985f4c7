#!/usr/bin/env bash
# ./mlops bench --compare: the same workload (bench/CompareBench.java) against the MLflow server (SQLite),
# FastTrackML (SQLite, if its PyPI package installs) and ./mlops serve, each on a fresh data directory, one after
# the other on this machine; prints one table with ratios. Options: --runs N (10000), --log-seconds S (15),
# --starts K (5), --only LIST (comma-separated of mlflow,fasttrackml,mlops).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

MLFLOW_VERSION=3.17.2
FASTTRACKML_VERSION=0.6.0
runs=10000
log_seconds=15
starts=5
only="mlflow,fasttrackml,mlops"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --log-seconds) log_seconds="$2"; shift 2 ;;
    --starts) starts="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) die "Unknown option '$1' for bench --compare." ;;
  esac
done

command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl)."
use_jdk21
ensure_server_built
ensure_venv
installed="$("$VENV/bin/pip" show mlflow 2>/dev/null || true)"
if [[ ",$only," == *",mlflow,"* ]] && [[ "$installed" != *"Version: $MLFLOW_VERSION"* ]]; then
  say "Installing the MLflow server (mlflow==$MLFLOW_VERSION) into .venv..."
  "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION" || die "pip install mlflow failed."
fi
fml=""
if [[ ",$only," == *",fasttrackml,"* ]]; then
  if [ ! -x "$VENV/bin/fml" ]; then
    say "Installing FastTrackML (fasttrackml==$FASTTRACKML_VERSION, --no-deps) into .venv..."
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps "fasttrackml==$FASTTRACKML_VERSION" \
      || say "FastTrackML did not install; its column will read n/a."
  fi
  [ -x "$VENV/bin/fml" ] && fml="$VENV/bin/fml"
fi

# The client: CompareBench.java as a single-file program on the server's own Jackson jars.
lib="$ROOT/functions/local-server/target/quarkus-app/lib/main"
cp="$(ls "$lib"/com.fasterxml.jackson.core.jackson-{core,databind,annotations}-*.jar | paste -sd:)"
work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-compare.XXXXXX")"
SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  pkill -P "$SERVER_PID" 2>/dev/null || true   # the MLflow server's worker processes
  kill "$SERVER_PID" 2>/dev/null || true
  # The data dirs are scratch: a server still stopping after 30 s (ours flushes every run's buffered points to the
  # lake at shutdown, minutes for 10,000 runs) is killed rather than waited for.
  local waited=0
  while kill -0 "$SERVER_PID" 2>/dev/null && [ "$waited" -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -9 "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
trap 'stop_server; rm -rf "$work"' EXIT

# Starts server $1 on port $2 with data in $3, in the background; sets SERVER_PID.
launch() {
  local name="$1" port="$2" dir="$3"
  mkdir -p "$dir"
  case "$name" in
    mlflow) "$VENV/bin/mlflow" server --backend-store-uri "sqlite:///$dir/mlflow.db" \
              --default-artifact-root "$dir/artifacts" --host 127.0.0.1 --port "$port" \
              > "$dir/server.log" 2>&1 & ;;
    fasttrackml) "$fml" server --listen-address "127.0.0.1:$port" --database-uri "sqlite://$dir/fml.db" \
              --default-artifact-root "$dir/artifacts" > "$dir/server.log" 2>&1 & ;;
    mlops) run_server "$port" "$dir" > "$dir/server.log" 2>&1 & ;;
  esac
  SERVER_PID=$!
}

# Launch to first answered request, in ms, polled every few milliseconds.
timed_start() {
  local name="$1" port dir t0 t1
  port="$(free_port)"; dir="$work/$name-start-$RANDOM"
  t0=$(date +%s%N)
  launch "$name" "$port" "$dir"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/2.0/mlflow/experiments/get?experiment_id=0"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/server.log" >&2; stop_server; die "$name exited during start."; }
    sleep 0.005
    # (this runs in a command substitution, whose exit skips the EXIT trap: stop the server here)
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 600 ] || { stop_server; die "$name did not answer within 600 s."; }
  done
  t1=$(date +%s%N)
  stop_server
  rm -rf "$dir"
  echo $(( (t1 - t0) / 1000000 ))
}

say "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
loads=()
for name in ${only//,/ }; do
  if [ "$name" = fasttrackml ] && [ -z "$fml" ]; then continue; fi
  say "== $name: $starts cold starts, then the workload over $runs runs on a fresh data dir"
  times=()
  for _ in $(seq "$starts"); do times+=("$(timed_start "$name")"); done
  median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (starts + 1) / 2 ))p")"
  say "  start (ms): ${times[*]} -> median $median"
  port="$(free_port)"; dir="$work/$name"
  t0=$(date +%s)
  launch "$name" "$port" "$dir"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/2.0/mlflow/experiments/get?experiment_id=0"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/server.log" >&2; die "$name exited during start."; }
    [ $(( $(date +%s) - t0 )) -lt 600 ] || die "$name did not answer within 600 s."
    sleep 0.05
  done
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  say "  workload started $(date -u +%H:%M:%S) UTC, load $load_before"
  out="$work/$name.properties"
  "$JAVA_HOME/bin/java" -cp "$cp" "$ROOT/bench/CompareBench.java" run "$name" "http://127.0.0.1:$port" "$out" \
    "$runs" "$log_seconds" || { tail -n 40 "$dir/server.log" >&2; die "The workload failed against $name."; }
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'start.median_ms=%s\nstart.all_ms=%s\nload_before=%s\nload_after=%s\n' "$median" "${times[*]}" \
    "$load_before" "$load_after" >> "$out"
  stop_server
  results+=("$out")
  loads+=("$name: $load_before -> $load_after")
  say "  workload ended $(date -u +%H:%M:%S) UTC, load $load_after"
done
[ ${#results[@]} -gt 0 ] || die "No server was measured."
say "Load average (1, 5, 15 min) before -> after each workload: $(IFS=';'; echo "${loads[*]}")"
say "Results ($(date -u +%Y-%m-%d), $runs runs; ratios: how many times better mlops is):"
"$JAVA_HOME/bin/java" -cp "$cp" "$ROOT/bench/CompareBench.java" table "${results[@]}"
