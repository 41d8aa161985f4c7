#!/usr/bin/env bash
# The stock MLflow web UI on ./mlops serve, in headless Chromium: a demo sweep is logged into a fresh server, then
# scripts/ui_browser_check.py walks the UI's pages and fails on failed requests and error banners. Chromium comes
# from Debian (installed here when missing), Playwright from .venv; screenshots go to target/ui-screenshots/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/ui.sh"
cd "$ROOT"

use_jdk21
ensure_venv
ensure_server_built
ensure_ui || die "The UI test needs the MLflow web UI build (see above)."

chromium="$(command -v chromium || true)"
if [ -z "$chromium" ]; then
  [ "$(id -u)" = 0 ] || die "The UI test needs Debian's chromium: run 'apt-get install -y chromium' as root."
  say "Installing Debian's chromium for the UI test (once)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
    > "${TMPDIR:-/tmp}/mlops-chromium-install.log" 2>&1 \
    || { tail -n 30 "${TMPDIR:-/tmp}/mlops-chromium-install.log" >&2; die "apt-get install chromium failed."; }
  chromium="$(command -v chromium)" || die "chromium is not on PATH after installing it."
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-ui-test.XXXXXX")"
server=""
cleanup() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

port="$(free_port)"
start_server_background "$port" "$work/data" "$work/server.log"; server="$SERVER_PID"
MLFLOW_TRACKING_URI="http://127.0.0.1:$port" "$VENV/bin/python" "$ROOT/scripts/demo.py" > "$work/demo.log" 2>&1 \
  || { cat "$work/demo.log" >&2; die "The demo sweep failed before the UI test."; }
shots="$ROOT/target/ui-screenshots"
rm -rf "$shots"
"$VENV/bin/python" "$ROOT/scripts/ui_browser_check.py" --url "http://127.0.0.1:$port" --shots "$shots" \
  --chromium "$chromium" \
  || { tail -n 40 "$work/server.log" >&2; die "The MLflow web UI check failed (screenshots: $shots)."; }
