#!/usr/bin/env bash
# The local stand-in for a Databricks SQL warehouse: Apache Spark's Thrift server (from the PyPI pyspark source
# distribution, which carries Spark's jars) with Delta Lake (jars from Maven Central). Test support only: nothing here
# ships in a function. Installed once per machine under ~/.cache/mlops (shared by every checkout), pinned below.
#
#   scripts/databricks-engine.sh install    download and unpack the pinned engine if it is not there yet
#   scripts/databricks-engine.sh home       print the engine directory (installs first)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SPARK_VERSION=4.2.0
DELTA_VERSION=4.4.0
ENGINE_HOME="${MLOPS_ENGINE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops/spark-$SPARK_VERSION-delta-$DELTA_VERSION}"

install_engine() {
  [ -f "$ENGINE_HOME/.installed" ] && return 0
  mkdir -p "$ENGINE_HOME"
  # One installer at a time: test JVMs and scripts may ask together on a fresh machine.
  exec 9>"$ENGINE_HOME/.install.lock"
  flock 9
  if [ -f "$ENGINE_HOME/.installed" ]; then return 0; fi
  command -v python3 >/dev/null 2>&1 || die "python3 with pip is needed to download pyspark $SPARK_VERSION."
  local tmp; tmp="$(mktemp -d "${TMPDIR:-/tmp}/mlops-engine.XXXXXX")"
  say "Installing the local Databricks stand-in into $ENGINE_HOME (pyspark $SPARK_VERSION sdist, about 450 MB, and Delta $DELTA_VERSION; once per machine)..."
  python3 -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: -d "$tmp" "pyspark==$SPARK_VERSION" \
    || die "pip download pyspark==$SPARK_VERSION failed."
  tar xzf "$tmp/pyspark-$SPARK_VERSION.tar.gz" -C "$tmp" "pyspark-$SPARK_VERSION/deps/jars" "pyspark-$SPARK_VERSION/deps/bin"
  rm -rf "$ENGINE_HOME/spark" "$ENGINE_HOME/delta"
  mv "$tmp/pyspark-$SPARK_VERSION/deps" "$ENGINE_HOME/spark"
  mkdir -p "$ENGINE_HOME/delta"
  local artifact
  for artifact in "io.delta:delta-spark_2.13:$DELTA_VERSION" "io.delta:delta-storage:$DELTA_VERSION"; do
    "$ROOT/mvnw" -B -q --no-transfer-progress dependency:copy -Dartifact="$artifact" \
      -DoutputDirectory="$ENGINE_HOME/delta" || die "Could not fetch $artifact from Maven."
  done
  rm -rf "$tmp"
  echo "spark=$SPARK_VERSION delta=$DELTA_VERSION" > "$ENGINE_HOME/.installed"
  say "Engine installed."
}

case "${1:-}" in
  install) install_engine ;;
  home) install_engine; echo "$ENGINE_HOME" ;;
  *) die "usage: scripts/databricks-engine.sh install|home" ;;
esac
