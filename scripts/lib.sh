# Shared shell helpers for ./mlops and .ci/run. Source it; it defines functions only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_JAR="$ROOT/functions/local-server/target/quarkus-app/quarkus-run.jar"
# Start-up cache beside the jar: a JDK 25 AOT cache (JEP 483/514/515: classes loaded, linked and profiled by a
# training run), or on JDK 21-24 a dynamic AppCDS archive the JVM writes at the first exit.
SERVER_AOT="$ROOT/functions/local-server/target/quarkus-app/app.aot"
SERVER_CDS="$ROOT/functions/local-server/target/quarkus-app/app.jsa"
VENV="$ROOT/.venv"

say() { printf '\033[1m[mlops]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[mlops] %s\033[0m\n' "$*" >&2; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# Exports JAVA_HOME for a JDK >= 21: the current one if new enough, else the newest under /usr/lib/jvm.
use_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  if command -v javac >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; export JAVA_HOME; return 0
  fi
  local best="" best_version=0 candidate version
  for candidate in /usr/lib/jvm/*/; do
    [ -x "$candidate/bin/javac" ] || continue
    version="$(java_major "$candidate/bin/java")"
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="${candidate%/}"; best_version="$version"
    fi
  done
  [ -n "$best" ] || die "No JDK 21 or newer found (java is $(java_major java 2>/dev/null || echo missing)). Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME."
  export JAVA_HOME="$best"
}

mvnw() { "$ROOT/mvnw" -B --no-transfer-progress "$@"; }

# Builds the local server when its jar is missing or older than any source or pom.
ensure_server_built() {
  if [ -f "$SERVER_JAR" ] && [ -z "$(find "$ROOT/pom.xml" "$ROOT/shared-core" "$ROOT/functions/http-api" \
      "$ROOT/functions/registry-api" "$ROOT/functions/ui-api" "$ROOT/functions/web-ui" "$ROOT/functions/local-server" \
      "$ROOT/functions/backend" "$ROOT/functions/lake-api" "$ROOT/functions/telemetry" "$ROOT/functions/ops-api" \( -path '*/target' -prune \) -o \( -path '*/src/main/*' -o -name pom.xml \) \
      -type f -newer "$SERVER_JAR" -print -quit)" ]; then
    ensure_server_aot
    return 0
  fi
  say "Building the server (the first build downloads dependencies and takes a few minutes)..."
  mvnw -q -DskipTests -pl functions/local-server -am install || die "Build failed; run './mvnw -pl functions/local-server -am install' to see why."
  say "Build done."
  ensure_server_aot
}

# On JDK 25+, trains the server's AOT cache once per build: serves a typical request mix on a scratch data dir,
# then stops; the JVM writes the cache at exit. Nothing to do on older JDKs (their AppCDS archive writes itself).
ensure_server_aot() {
  [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ] || return 0
  [ -f "$SERVER_AOT" ] && [ "$SERVER_AOT" -nt "$SERVER_JAR" ] && return 0
  say "Training the start-up cache (JDK AOT cache, once per build)..."
  local dir port pid
  dir="$(mktemp -d)"; port="$(free_port)"
  rm -f "$SERVER_AOT"
  "$JAVA_HOME/bin/java" ${MLOPS_GC_OPTS:--XX:+UseParallelGC} -XX:AOTCacheOutput="$SERVER_AOT.tmp" -Dmlops.backend=local \
    -Dquarkus.http.port="$port" -Dmlops.data-dir="$dir" -jar "$SERVER_JAR" > "$dir/training.log" 2>&1 &
  pid=$!
  local waited=0
  until server_answers "$port"; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/training.log" >&2; rm -rf "$dir"; say "Training run failed; serving without a start-up cache."; return 0; }
    sleep 0.1; waited=$((waited + 1)); [ "$waited" -lt 600 ] || { kill "$pid"; rm -rf "$dir"; return 0; }
  done
  "$ROOT/scripts/aot-training.sh" "http://127.0.0.1:$port" > "$dir/requests.log" 2>&1 \
    || say "The training requests did not all succeed (see $dir/requests.log); the cache covers what ran."
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ -s "$SERVER_AOT.tmp" ]; then mv "$SERVER_AOT.tmp" "$SERVER_AOT"; else say "No AOT cache was written; serving without one."; fi
  rm -rf "$dir"
}

# JVM options that use the start-up cache: the AOT cache when trained, else (JDK 21-24) a dynamic AppCDS archive
# created at the first exit and used from then on.
server_cache_opts() {
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]; then
    [ -f "$SERVER_AOT" ] && [ "$SERVER_AOT" -nt "$SERVER_JAR" ] && echo "-XX:AOTCache=$SERVER_AOT"
  else
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$SERVER_CDS"
  fi
  return 0
}

# Creates .venv with the pinned mlflow client once, and again whenever the requirements change.
ensure_venv() {
  local stamp="$VENV/.requirements.sha"
  local want; want="$(sha256sum "$ROOT/scripts/python-requirements.txt" | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || die "python3 is needed for the demo and the client tests."
  say "Setting up the Python client in .venv (mlflow-skinny, pinned)..."
  python3 -m venv "$VENV" || die "python3 -m venv failed; install the venv module (e.g. apt-get install python3-venv)."
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/scripts/python-requirements.txt" \
    || die "pip install failed."
  echo "$want" > "$stamp"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# True when an MLflow-compatible server answers on the port.
server_answers() {
  curl -sf -o /dev/null "http://127.0.0.1:$1/api/2.0/mlflow/experiments/get?experiment_id=0"
}

# Starts the server in the background; sets SERVER_PID. Logs go to $3. Waits for an MLflow answer, or for the path
# given as $4 (./mlops health waits for /health, since a broken backend is what it is there to report).
start_server_background() {
  local port="$1" data_dir="$2" log="$3" probe="${4:-}"
  mkdir -p "$(dirname "$log")"
  run_server "$port" "$data_dir" > "$log" 2>&1 &
  SERVER_PID=$!
  local waited=0
  until if [ -n "$probe" ]; then curl -sf -o /dev/null "http://127.0.0.1:$port$probe"; else server_answers "$port"; fi; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "The server exited during start (log above)."; }
    sleep 0.2; waited=$((waited + 1))
    # MLOPS_START_TIMEOUT (seconds): a backend that creates its tables on first start may need longer.
    [ "$waited" -lt $(( ${MLOPS_START_TIMEOUT:-60} * 5 )) ] || { kill "$SERVER_PID"; tail -n 40 "$log" >&2;
      die "The server did not answer within ${MLOPS_START_TIMEOUT:-60} s; see $log."; }
  done
}

run_server() {
  local port="$1" data_dir="$2"
  exec "$JAVA_HOME/bin/java" ${MLOPS_GC_OPTS:--XX:+UseParallelGC} $(server_cache_opts) \
    -Dquarkus.http.port="$port" -Dmlops.data-dir="$data_dir" ${AWS_ENDPOINT_URL:+-Dmlops.aws.endpoint=$AWS_ENDPOINT_URL} \
    ${MLOPS_UI_DIR:+-Dmlops.ui.dir=$MLOPS_UI_DIR} ${MLOPS_JAVA_OPTS:-} -jar "$SERVER_JAR"
}

aws_endpoint_description() {
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then echo "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL";
  elif docker info >/dev/null 2>&1; then echo "LocalStack in Docker (the Java harness)";
  else echo "moto_server from .venv"; fi
}

# Exports AWS_ENDPOINT_URL and test credentials for the script-level client tests: the given endpoint if set, else
# a moto_server from .venv on a free port (sets EMULATOR_PID). The Java tests choose through shared-core/test-support,
# which also tries LocalStack; for the client suite on LocalStack, set AWS_ENDPOINT_URL to it.
start_aws_emulator() {
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
  export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
  EMULATOR_PID=""
  [ -z "${AWS_ENDPOINT_URL:-}" ] || return 0
  [ -x "$VENV/bin/moto_server" ] || die "No AWS endpoint: set AWS_ENDPOINT_URL, or install moto into .venv (scripts/python-requirements.txt)."
  local port; port="$(free_port)"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" > "$1" 2>&1 &
  EMULATOR_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  local waited=0
  until curl -sf -o /dev/null "$AWS_ENDPOINT_URL/moto-api/"; do
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$1" >&2; die "moto_server exited during start."; }
    sleep 0.2; waited=$((waited + 1)); [ "$waited" -lt 300 ] || die "moto_server did not answer within 60 s."
  done
}

# The AWS Lambda Runtime Interface Emulator, built from its Go module at a pinned version into .tools/bin (Go's
# module proxy serves it; GitHub release binaries are not reachable here). Sets LAMBDA_RIE and LAMBDA_RIE_VERSION.
LAMBDA_RIE_VERSION="v0.0.0-20261030222936-bef5c4ba774d"
ensure_lambda_rie() {
  local bin="$ROOT/.tools/bin"
  LAMBDA_RIE="$bin/aws-lambda-rie"
  if [ -x "$LAMBDA_RIE" ] && [ "$(cat "$bin/.aws-lambda-rie.version" 2>/dev/null)" = "$LAMBDA_RIE_VERSION" ]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build the Lambda runtime interface emulator (apt-get install golang)."
  say "Building aws-lambda-rie $LAMBDA_RIE_VERSION with go install (once)..."
  mkdir -p "$bin"
  GOBIN="$bin" GOFLAGS=-mod=mod go install \
    "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$LAMBDA_RIE_VERSION" \
    || die "go install of aws-lambda-rie failed."
  echo "$LAMBDA_RIE_VERSION" > "$bin/.aws-lambda-rie.version"
}
# Sets ADMIN_URL to a server holding the given data dir (local backend: the running one named by its server.port,
# else a short-lived one on a free port; AWS backend: always a short-lived one) and ADMIN_PID to the short-lived
# server's pid, if one was started (the caller kills it). $2 is the short-lived server's log file.
admin_server() {
  local data_dir="$1" log="$2"
  ADMIN_PID=""
  if [ "${MLOPS_BACKEND:-local}" != aws ] && [ -f "$data_dir/server.port" ] \
      && server_answers "$(cat "$data_dir/server.port")"; then
    ADMIN_URL="http://127.0.0.1:$(cat "$data_dir/server.port")"
    say "Using the server on port $(cat "$data_dir/server.port") (it holds $data_dir)."
    return 0
  fi
  use_jdk21
  ensure_server_built
  local admin_port
  admin_port="$(free_port)"
  start_server_background "$admin_port" "$data_dir" "$log"
  ADMIN_PID="$SERVER_PID"
  ADMIN_URL="http://127.0.0.1:$admin_port"
}

