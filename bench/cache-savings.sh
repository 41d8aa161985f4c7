#!/usr/bin/env bash
# ./mlops bench --cache: the DynamoDB read units the AWS backend's read caches save on the mlflow client suite's
# workload. Runs functions/local-server/src/test/python against ./mlops serve --backend aws twice on the emulator,
# with the caches on and off, each on fresh tables; the server counts read units from item sizes
# (mlops.aws.meter-reads) and logs them with the cache hit rate when it stops.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
use_jdk21
ensure_server_built
ensure_venv
work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-cache.XXXXXX")"
pids=()
SERVER_PID=""
# Stops a process of ours, and kills it if it has not stopped within 20 s (moto can sit on a TERM while busy).
stop() {
  kill "$1" 2>/dev/null || return 0
  local waited=0
  while kill -0 "$1" 2>/dev/null && [ "$waited" -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
}
# Stops the server of a failed pass as well as the emulator.
trap 'for p in ${SERVER_PID:-} "${pids[@]+"${pids[@]}"}"; do stop "$p"; done; rm -rf "$work"' EXIT
# The client suite's webhook tests listen on loopback over http, and its secrets are sealed with a key: the same
# development settings as scripts/test-all.sh gives the suite.
export MLFLOW_WEBHOOK_ALLOWED_SCHEMES=http,https MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS=true
export MLOPS_WEBHOOKS_KEY_FILE="$work/keys/webhook-secret.key" MLOPS_WEBHOOKS_RETRY_BACKOFF=100ms
start_aws_emulator "$work/emulator.log"; pids+=("${EMULATOR_PID:-}")
# A failing client test is reported (and fails the command at the end) without hiding the other pass's figures.
failed=()
for cache in true false; do
  port="$(free_port)"
  MLOPS_BACKEND=aws MLOPS_AWS_CREATE_RESOURCES=true MLOPS_AWS_PREFIX="cachebench$RANDOM" MLOPS_AWS_METER_READS=true \
    MLOPS_AWS_CACHE_READS="$cache" start_server_background "$port" "$work/data-$cache" "$work/server-$cache.log"
  MLFLOW_TRACKING_URI="http://127.0.0.1:$port" MLFLOW_S3_ENDPOINT_URL="$AWS_ENDPOINT_URL" \
    "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/functions/local-server/src/test/python" \
    > "$work/pytest-$cache.log" 2>&1 || { grep -E '^(E |FAILED)' "$work/pytest-$cache.log" | head -n 60 >&2
      failed+=("cache-reads=$cache: $(tail -n 1 "$work/pytest-$cache.log")"); }
  # a plain stop: the figures are logged while the server shuts down
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  line="$(grep -o 'Read caches: .*' "$work/server-$cache.log" || echo 'no figures logged')"
  say "cache-reads=$cache: $(tail -n 1 "$work/pytest-$cache.log"); $line"
done
[ ${#failed[@]} -eq 0 ] || die "The client suite failed, so the figures above cover a workload with failed tests: ${failed[*]}"
