#!/usr/bin/env bash
# ./mlops ui-proxy: the stock MLflow web UI for a deployed stage, in a browser on this machine. The stage's API
# takes only SigV4-signed requests, which a browser cannot make; scripts/ui_proxy.py serves the pinned UI build on
# 127.0.0.1 and signs the UI's API calls with your own AWS credentials (README, "The web UI on AWS").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/ui.sh"

stage=dev
port=5050
url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage="${2:?--stage needs a name}"; shift 2 ;;
    --url) url="${2:?--url needs the stack's ApiUrl}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    -h|--help) echo "Usage: ./mlops ui-proxy [--stage NAME | --url API_URL] [--port P]"; exit 0 ;;
    *) die "Unknown option '$1'. Usage: ./mlops ui-proxy [--stage NAME | --url API_URL] [--port P]" ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$port'."
if [ -z "$url" ]; then
  outputs="$ROOT/infra-cdk/cdk.out/mlops-$stage.outputs.json"
  [ -s "$outputs" ] || die "No $outputs: deploy the stage from here first (./mlops deploy --stage $stage), or give --url."
  url="$(python3 -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1])).values()))["ApiUrl"])' "$outputs")"
fi
ensure_venv
ensure_ui || die "The web UI build is needed: see above."
exec "$VENV/bin/python" "$ROOT/scripts/ui_proxy.py" --url "$url" --ui-dir "$MLOPS_UI_DIR" --port "$port"
