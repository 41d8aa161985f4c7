#!/usr/bin/env bash
# The official mlflow client suite (functions/local-server/src/test/python) against ./mlops serve --backend
# databricks on the local Databricks stand-in (Spark SQL + Delta behind the statement facade). Part of
# ./mlops test --databricks-full; the Java contract suites run in the Maven step of the same command.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/databricks-local.sh"
cd "$ROOT"

use_jdk21
ensure_venv
ensure_server_built
work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-dbx-test.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -f "$ROOT/.databricks-local.env"
  rm -rf "$work"
}
trap cleanup EXIT

# As in test-all.sh: the webhook tests' listener is on loopback over http (MLflow's own development switches), their
# secrets are sealed with a key beside the test data, and retries back off briefly. Set here too, so this script
# run on its own sees what it sees inside ./mlops test --databricks-full.
export MLFLOW_WEBHOOK_ALLOWED_SCHEMES="${MLFLOW_WEBHOOK_ALLOWED_SCHEMES:-http,https}"
export MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS="${MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS:-true}"
export MLOPS_WEBHOOKS_KEY_FILE="${MLOPS_WEBHOOKS_KEY_FILE:-$work/keys/webhook-secret.key}"
export MLOPS_WEBHOOKS_RETRY_BACKOFF="${MLOPS_WEBHOOKS_RETRY_BACKOFF:-100ms}"
# An argument narrows the suite to one test file or directory (all of functions/local-server/src/test/python else).
tests="${1:-$ROOT/functions/local-server/src/test/python}"

say "  starting the local Databricks stand-in (Spark SQL + Delta, statement facade)..."
start_databricks_local "$work/databricks-local.log"; pids+=("$DATABRICKS_LOCAL_PID")
export MLOPS_DATABRICKS_SCHEMA="clienttest$RANDOM"
port="$(free_port)"
started=$(date +%s)
# The first start creates the schema's tables: seconds per statement on the local engine.
MLOPS_START_TIMEOUT=900 MLOPS_BACKEND=databricks start_server_background "$port" "$work/dbx-data" "$work/dbx.log"; pids+=("$SERVER_PID")
say "  server up on the Databricks backend after $(( $(date +%s) - started )) s; running the mlflow client suite..."
started=$(date +%s)
MLFLOW_TRACKING_URI="http://127.0.0.1:$port" MLFLOW_HTTP_REQUEST_TIMEOUT=600 "$VENV/bin/python" -m pytest -q \
  -p no:cacheprovider "$tests" \
  || { tail -n 80 "$work/dbx.log" >&2; die "mlflow client tests failed on the databricks backend."; }
say "  mlflow client suite passed on the databricks backend in $(( $(date +%s) - started )) s."
