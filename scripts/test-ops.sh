#!/usr/bin/env bash
# Operations checks against a server test-all.sh already started: MLflow's /health and /version, ./mlops health
# (ready, and on AWS also a deployment whose resources are missing: exit 1), and /q/metrics after the client suite.
# Usage: test-ops.sh local PORT DATA_DIR | test-ops.sh aws PORT AWS_PREFIX WORK_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
backend="$1" port="$2"
base="http://127.0.0.1:$port"

[ "$(curl -fsS "$base/health")" = OK ] || die "GET /health did not answer OK on the $backend backend."
[ "$(curl -fsS "$base/version")" = 3.17.2 ] || die "GET /version did not answer 3.17.2 on the $backend backend."

# A counter's value in the Prometheus text, summed over its label sets (0 when absent).
counter() { curl -fsS "$base/q/metrics" | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { print sum + 0 }'; }
positive() {
  local value; value="$(counter "$1")"
  awk -v v="$value" 'BEGIN { exit !(v > 0) }' || die "/q/metrics shows $1 = $value on the $backend backend."
  say "  $1 = $value"
}

expect_health() {
  local want="$1"; shift
  local out status=0
  out="$("$ROOT/mlops" health "$@" 2>&1)" || status=$?
  echo "$out" | grep -E '^(CHECK|storage|lake|disk|memory|events|Ready)' >&2 || true
  if [ "$want" = ready ]; then
    [ "$status" -eq 0 ] && echo "$out" | grep -q '^Ready: UP' || die "./mlops health $* should be ready (exit $status)."
  else
    [ "$status" -eq 1 ] && echo "$out" | grep -q '^storage  *DOWN' || die "./mlops health $* should exit 1 with storage DOWN (exit $status)."
  fi
}

if [ "$backend" = local ]; then
  data_dir="$3"
  say "  ./mlops health through the running server:"
  expect_health ready --data-dir "$data_dir"
  positive mlops_metric_points_accepted_total
  positive mlops_lake_flush_points_total
  positive mlops_http_requests_seconds_count
else
  prefix="$3" work="$4"
  say "  ./mlops health --backend aws (a short-lived server on the client suite's resources):"
  MLOPS_AWS_PREFIX="$prefix" expect_health ready --backend aws --data-dir "$work/aws-health"
  say "  ./mlops health --backend aws on a prefix with no resources (must exit 1):"
  MLOPS_AWS_PREFIX="missing$RANDOM" expect_health down --backend aws --data-dir "$work/aws-health"
  positive mlops_events_published_total
  positive mlops_registry_versions_created_total
fi
