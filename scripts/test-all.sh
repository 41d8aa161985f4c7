#!/usr/bin/env bash
# Every test: Maven (unit, contract, HTTP and Lambda-event tests), then the official mlflow client against a
# freshly started ./mlops serve on a free port and a throw-away data dir. Fails on the first red step.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

use_jdk21
say "JDK: $JAVA_HOME"
say "Step 1/3: Maven build and tests..."
mvnw install

ensure_venv
port="$(free_port)"
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/mlops-client-test.XXXXXX")"
say "Step 2/3: mlflow client compatibility tests against ./mlops serve on port $port..."
start_server_background "$port" "$data_dir" "$data_dir/server.log"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$data_dir"' EXIT
MLFLOW_TRACKING_URI="http://127.0.0.1:$port" "$VENV/bin/python" -m pytest -q \
  "$ROOT/functions/local-server/src/test/python" || { tail -n 50 "$data_dir/server.log" >&2; exit 1; }

say "Step 3/3: the README's first command, on its own port and data dir..."
"$ROOT/mlops" demo --then-exit --port "$(free_port)" --data-dir "$data_dir/demo" > "$data_dir/demo.log" 2>&1 \
  || { cat "$data_dir/demo.log" >&2; die "./mlops demo failed."; }
grep -q "<== best" "$data_dir/demo.log" || { cat "$data_dir/demo.log" >&2; die "The demo printed no comparison table."; }
say "All tests passed."
