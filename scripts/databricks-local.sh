#!/usr/bin/env bash
# ./mlops databricks-local: a local stand-in for a Databricks SQL warehouse (Spark SQL + Delta behind the statement
# facade from shared-core/test-support), for trying ./mlops serve --backend databricks by hand. Test support only.
# Prints the environment that points the server at it, writes the same to .databricks-local.env (which
# ./mlops serve --backend databricks reads when MLOPS_DATABRICKS_HOST is unset), and serves until stopped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Starts engine + facade in the background; sets DATABRICKS_LOCAL_PID and exports the MLOPS_DATABRICKS_* variables.
# $1: where the process's log goes.
start_databricks_local() {
  local log="$1"
  use_jdk21
  "$ROOT/scripts/databricks-engine.sh" install
  local cp_file="$ROOT/shared-core/test-support/target/facade.classpath"
  if [ ! -f "$cp_file" ] || [ -n "$(find "$ROOT/shared-core/test-support/src" "$ROOT/shared-core/test-support/pom.xml" \
      -newer "$cp_file" -type f -print -quit)" ]; then
    say "Building the statement facade (shared-core/test-support)..."
    mvnw -q -DskipTests -pl shared-core/test-support -am install || die "Building shared-core/test-support failed."
    mvnw -q -pl shared-core/test-support dependency:build-classpath -Dmdep.outputFile="$cp_file" \
      || die "Could not list the facade's classpath."
  fi
  local env_file; env_file="$(mktemp "${TMPDIR:-/tmp}/databricks-local.XXXXXX")"
  "$JAVA_HOME/bin/java" -Xmx256m -cp "$ROOT/shared-core/test-support/target/classes:$(cat "$cp_file")" \
    dev.mlops.testsupport.databricks.LocalDatabricks > "$env_file" 2> "$log" &
  DATABRICKS_LOCAL_PID=$!
  local waited=0
  until grep -q MLOPS_DATABRICKS_INSECURE_HTTP "$env_file" 2>/dev/null; do
    kill -0 "$DATABRICKS_LOCAL_PID" 2>/dev/null || { cat "$log" >&2; die "The local Databricks stand-in exited during start."; }
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt 300 ] || { kill "$DATABRICKS_LOCAL_PID"; die "The stand-in did not start within 5 minutes; see $log."; }
  done
  # shellcheck disable=SC1090
  source "$env_file"
  cp "$env_file" "$ROOT/.databricks-local.env"
  rm -f "$env_file"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  log="$ROOT/.databricks-local.log"
  say "Starting Spark SQL + Delta and the statement facade (about a minute; the first run installs the engine)..."
  start_databricks_local "$log"
  trap 'kill "$DATABRICKS_LOCAL_PID" 2>/dev/null || true; wait "$DATABRICKS_LOCAL_PID" 2>/dev/null || true; rm -f "$ROOT/.databricks-local.env"' EXIT INT TERM
  cat "$ROOT/.databricks-local.env"
  say "Ready. In another shell: ./mlops serve --backend databricks (it reads .databricks-local.env),"
  say "or export the variables above first. Tables go to spark_catalog.mlops. Ctrl-C stops the engine (log: $log)."
  wait "$DATABRICKS_LOCAL_PID"
fi
