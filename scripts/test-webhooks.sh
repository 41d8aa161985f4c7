#!/usr/bin/env bash
# Script-level checks of issue #10's audit and webhook parts that need a server of their own: webhook SSRF refusals
# through the official client on a server with MLflow's default webhook policy, then ./mlops audit through that
# running server and again with no server running (a short-lived one). Usage: scripts/test-webhooks.sh <work dir>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work="${1:?work dir}"
use_jdk21
data="$work/strict-data"
port="$(free_port)"
env -u MLFLOW_WEBHOOK_ALLOWED_SCHEMES -u MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS -u MLOPS_BACKEND \
  bash -c "source '$ROOT/scripts/lib.sh'; run_server '$port' '$data'" > "$work/strict.log" 2>&1 &
strict_pid=$!
trap 'kill "$strict_pid" 2>/dev/null || true; wait "$strict_pid" 2>/dev/null || true' EXIT
waited=0
until server_answers "$port"; do
  kill -0 "$strict_pid" 2>/dev/null || { cat "$work/strict.log" >&2; die "The strict server exited during start."; }
  sleep 0.2; waited=$((waited + 1)); [ "$waited" -lt 300 ] || die "The strict server did not answer within 60 s."
done
say "  webhook SSRF refusals with MLflow's default policy (port $port):"
MLFLOW_TRACKING_URI="http://127.0.0.1:$port" "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
  "$ROOT/functions/local-server/src/test/python/webhook_ssrf_check.py" \
  || { tail -n 40 "$work/strict.log" >&2; die "webhook SSRF checks failed."; }

say "  ./mlops audit through the running server:"
out="$("$ROOT/mlops" audit --data-dir "$data" --action CreateWebhook --all)" || { echo "$out" >&2; die "./mlops audit failed."; }
refused="$(grep -c "INVALID_PARAMETER_VALUE" <<< "$out" || true)"
[ "$refused" -eq 6 ] || { echo "$out" >&2; die "Expected 6 refused CreateWebhook entries, found $refused."; }
echo "$out" | head -n 2
kill "$strict_pid"; wait "$strict_pid" 2>/dev/null || true
say "  ./mlops audit with no server running (a short-lived one reads the same log):"
again="$("$ROOT/mlops" audit --data-dir "$data" --action CreateWebhook --all)" || die "./mlops audit failed."
[ "$again" = "$out" ] || { diff <(echo "$out") <(echo "$again") >&2; die "The audit log read differently without the server."; }
