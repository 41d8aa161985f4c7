#!/usr/bin/env bash
# The MLflow web UI that ./mlops serve shows at /: MLflow's own React build, taken from the pinned `mlflow` wheel
# on PyPI (the build lives only in the full wheel, at mlflow/server/js/build). Nothing of it is committed: the
# first use downloads the wheel without its dependencies, checks its SHA-256 against the pin below, and unpacks
# only the UI build into .cache/mlflow-ui/<version>/ (git-ignored).
#
# Sourced (by ./mlops), it defines ensure_ui. Run as ./mlops ui [--wheel FILE], it installs the UI and prints its
# directory, e.g. for an S3 upload of the build.

MLFLOW_UI_VERSION="3.17.2"
MLFLOW_UI_WHEEL_SHA256="4e44c03791beb518d8b0a40b0982d958c2634d902f46d67d7907c82107f21fac"
MLFLOW_UI_WHEEL="mlflow-${MLFLOW_UI_VERSION}-py3-none-any.whl"

ui_dir() { echo "$ROOT/.cache/mlflow-ui/$MLFLOW_UI_VERSION"; }

# Exports MLOPS_UI_DIR when the UI is installed or can be installed now; otherwise says how to get it and returns 1
# (the API serves without it). MLOPS_UI_WHEEL=<file> uses a wheel already on disk instead of downloading one.
ensure_ui() {
  local dir stamp
  dir="$(ui_dir)"; stamp="$dir.sha256"
  if [ -f "$dir/index.html" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$MLFLOW_UI_WHEEL_SHA256" ]; then
    export MLOPS_UI_DIR="$dir"; return 0
  fi
  local tmp; tmp="$(mktemp -d "${TMPDIR:-/tmp}/mlops-ui.XXXXXX")"
  if ! _ui_fetch_wheel "$tmp" || ! _ui_verify "$tmp/$MLFLOW_UI_WHEEL" || ! _ui_unpack "$tmp/$MLFLOW_UI_WHEEL" "$dir"; then
    rm -rf "$tmp"
    say "The MLflow web UI is not installed; the API serves as usual. To get the UI, run './mlops ui' where PyPI"
    say "is reachable, or 'MLOPS_UI_WHEEL=/path/to/$MLFLOW_UI_WHEEL ./mlops ui' with the wheel copied here."
    return 1
  fi
  rm -rf "$tmp"
  export MLOPS_UI_DIR="$dir"
}

_ui_fetch_wheel() {
  local into="$1"
  if [ -n "${MLOPS_UI_WHEEL:-}" ]; then
    say "Using the MLflow wheel at $MLOPS_UI_WHEEL for the web UI."
    cp "$MLOPS_UI_WHEEL" "$into/$MLFLOW_UI_WHEEL" 2>/dev/null || { say "Cannot read $MLOPS_UI_WHEEL."; return 1; }
    return 0
  fi
  say "Downloading the MLflow $MLFLOW_UI_VERSION web UI (the mlflow wheel from PyPI, about 12 MB, without dependencies)..."
  local pip=()
  if [ -x "${VENV:-}/bin/pip" ]; then pip=("$VENV/bin/pip"); elif python3 -m pip --version >/dev/null 2>&1; then pip=(python3 -m pip); fi
  if [ ${#pip[@]} -gt 0 ] && "${pip[@]}" download -q --disable-pip-version-check --timeout 15 --retries 1 --no-deps --only-binary=:all: \
      "mlflow==$MLFLOW_UI_VERSION" -d "$into" >"$into/pip.log" 2>&1 && [ -f "$into/$MLFLOW_UI_WHEEL" ]; then
    return 0
  fi
  # Without pip (or with pip pointed elsewhere), PyPI's JSON API names the wheel's URL.
  local url
  url="$(curl -fsS --max-time 30 "https://pypi.org/pypi/mlflow/$MLFLOW_UI_VERSION/json" 2>/dev/null | python3 -c '
import json, sys
for f in json.load(sys.stdin)["urls"]:
    if f["filename"] == sys.argv[1]:
        print(f["url"])' "$MLFLOW_UI_WHEEL" 2>/dev/null)" || true
  if [ -n "$url" ] && curl -fsS --max-time 300 -o "$into/$MLFLOW_UI_WHEEL" "$url"; then
    return 0
  fi
  say "Could not download mlflow==$MLFLOW_UI_VERSION from PyPI (no network?)."
  return 1
}

_ui_verify() {
  local got; got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [ "$got" != "$MLFLOW_UI_WHEEL_SHA256" ]; then
    say "The downloaded $MLFLOW_UI_WHEEL has SHA-256 $got, not the pinned $MLFLOW_UI_WHEEL_SHA256; not using it."
    return 1
  fi
  say "Checked the wheel's SHA-256 against the pin."
}

# Extracts mlflow/server/js/build/ only, into a temporary sibling that is renamed into place when complete.
_ui_unpack() {
  local wheel="$1" dir="$2" staging="$2.partial.$$"
  mkdir -p "$(dirname "$dir")"; rm -rf "$staging"
  python3 - "$wheel" "$staging" <<'PY' || { rm -rf "$staging"; return 1; }
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
prefix = "mlflow/server/js/build/"
root = os.path.realpath(out)
count = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        target = os.path.realpath(os.path.join(out, info.filename[len(prefix):]))
        if not target.startswith(root + os.sep):
            sys.exit(f"refusing {info.filename}: outside the build directory")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, "wb") as dst:
            dst.write(src.read())
        count += 1
if count == 0 or not os.path.isfile(os.path.join(out, "index.html")):
    sys.exit("the wheel holds no UI build")
PY
  rm -rf "$dir"; mv "$staging" "$dir"
  echo "$MLFLOW_UI_WHEEL_SHA256" > "$dir.sha256"
  say "Unpacked the UI build into ${dir#"$ROOT"/} ($(find "$dir" -type f | wc -l) files)."
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib.sh"
  while [ $# -gt 0 ]; do
    case "$1" in
      --wheel) export MLOPS_UI_WHEEL="${2:?--wheel needs a file}"; shift 2 ;;
      *) die "Unknown option '$1'. Usage: ./mlops ui [--wheel FILE]" ;;
    esac
  done
  ensure_ui || die "The MLflow web UI could not be installed (see above)."
  say "MLflow $MLFLOW_UI_VERSION web UI build: $MLOPS_UI_DIR"
  echo "$MLOPS_UI_DIR"
fi
