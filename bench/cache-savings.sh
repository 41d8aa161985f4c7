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
trap 'for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
start_aws_emulator "$work/emulator.log"; pids+=("${EMULATOR_PID:-}")
for cache in true false; do
  port="$(free_port)"
  MLOPS_BACKEND=aws MLOPS_AWS_CREATE_RESOURCES=true MLOPS_AWS_PREFIX="cachebench$RANDOM" MLOPS_AWS_METER_READS=true \
    MLOPS_AWS_CACHE_READS="$cache" start_server_background "$port" "$work/data-$cache" "$work/server-$cache.log"
  MLFLOW_TRACKING_URI="http://127.0.0.1:$port" MLFLOW_S3_ENDPOINT_URL="$AWS_ENDPOINT_URL" \
    "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/functions/local-server/src/test/python" \
    > "$work/pytest-$cache.log" 2>&1 || { tail -n 30 "$work/pytest-$cache.log" >&2; die "client suite failed (cache $cache)"; }
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  line="$(grep -o 'Read caches: .*' "$work/server-$cache.log" || echo 'no figures logged')"
  say "cache-reads=$cache: $(tail -n 1 "$work/pytest-$cache.log"); $line"
done
