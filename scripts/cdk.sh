#!/usr/bin/env bash
# ./mlops synth|deploy|destroy: the CDK app in infra-cdk/ through the CDK CLI pinned in infra-cdk/package.json
# (installed into infra-cdk/node_modules on first use). The stack is mlops-<stage>.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CDK_DIR="$ROOT/infra-cdk"
CDK="$CDK_DIR/node_modules/.bin/cdk"

usage() {
  cat <<'TEXT'
Usage: ./mlops synth|deploy|destroy [options]

  --stage NAME               the stage (default dev): stack mlops-NAME, resources named mlops-NAME-...
  --ephemeral                (deploy, synth) tables, bucket and secret are deleted with the stack
  --jwt-issuer URL --jwt-audience AUD[,AUD]
                             (deploy, synth) authenticate API callers with an OIDC issuer's JWTs instead of SigV4
  --alarm-email ADDRESS      (deploy, synth) e-mail the alarm topic's alarms to ADDRESS
  --no-reserved-concurrency  (deploy, synth) for accounts whose Lambda concurrency quota is still 10
  --bootstrap                (deploy) run 'cdk bootstrap' first (once per account and region)
  --yes                      (deploy, destroy) do not ask for confirmation
TEXT
}

command="${1:-}"
[ $# -gt 0 ] && shift
stage=dev
yes=""
bootstrap=""
context=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage="${2:?--stage needs a name}"; shift 2 ;;
    --ephemeral) context+=(-c ephemeral=true); shift ;;
    --jwt-issuer) context+=(-c "jwtIssuer=${2:?--jwt-issuer needs a URL}"); shift 2 ;;
    --jwt-audience) context+=(-c "jwtAudience=${2:?--jwt-audience needs a value}"); shift 2 ;;
    --alarm-email) context+=(-c "alarmEmail=${2:?--alarm-email needs an address}"); shift 2 ;;
    --no-reserved-concurrency) context+=(-c reserveConcurrency=false); shift ;;
    --bootstrap) bootstrap=1; shift ;;
    --yes) yes=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "Unknown option '$1'." ;;
  esac
done
[[ "$stage" =~ ^[a-z][a-z0-9-]{0,11}$ ]] \
  || die "A stage name is 1-12 lower-case letters, digits or '-', starting with a letter: '$stage'."
stack="mlops-$stage"
context+=(-c "stage=$stage" -c "repositoryRoot=$ROOT")

# The CLI is offline-friendly this way: no telemetry, no update check, no notices.
export CDK_DISABLE_CLI_TELEMETRY=true CDK_DISABLE_VERSION_CHECK=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"

ensure_cdk_cli() {
  command -v node >/dev/null 2>&1 || die "The CDK CLI needs Node.js 18 or newer (e.g. apt-get install nodejs npm)."
  local stamp="$CDK_DIR/node_modules/.package-lock.sha"
  local want; want="$(sha256sum "$CDK_DIR/package-lock.json" | cut -d' ' -f1)"
  if [ -x "$CDK" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  say "Installing the pinned CDK CLI into infra-cdk/node_modules..."
  (cd "$CDK_DIR" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || die "npm ci failed in infra-cdk."
  echo "$want" > "$stamp"
}

# The app is current when its classpath file and every function zip exist and no source or pom is newer than the
# oldest zip. (The zips are rewritten by every package; the classpath file is not when its content is unchanged.)
app_is_current() {
  [ -f "$CDK_DIR/target/app-classpath.txt" ] || return 1
  local module oldest=""
  for module in $(sed -n 's|.*<artifactId>\([a-z-]*\)</artifactId>.*|\1|p' "$CDK_DIR/pom.xml"); do
    [ -d "$ROOT/functions/$module" ] || continue
    local zip="$ROOT/functions/$module/target/function.zip"
    [ -f "$zip" ] || return 1
    if [ -z "$oldest" ] || [ "$zip" -ot "$oldest" ]; then oldest="$zip"; fi
  done
  [ -n "$oldest" ] || return 1
  [ -z "$(find "$ROOT/pom.xml" "$ROOT/shared-core" "$ROOT/functions" "$CDK_DIR/src/main" "$CDK_DIR/pom.xml" \
      \( -path '*/target' -prune \) -o \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$oldest" \
      -print -quit)" ]
}

build_app() {
  say "Building the function zips and the CDK app (./mvnw -pl infra-cdk -am install, tests skipped)..."
  use_jdk21
  mvnw -q -DskipTests -pl infra-cdk -am install || die "Build failed; run './mvnw -pl infra-cdk -am install' to see why."
}

cdk() { (cd "$CDK_DIR" && "$CDK" "$@"); }

case "$command" in
  synth)
    ensure_cdk_cli
    app_is_current || build_app
    say "Synthesizing $stack (no account, no network)..."
    cdk synth "$stack" "${context[@]}" --quiet
    say "Template: infra-cdk/cdk.out/$stack.template.json"
    ;;
  deploy)
    ensure_cdk_cli
    build_app
    if [ -n "$bootstrap" ]; then
      say "Bootstrapping the account and region of the current AWS credentials for the CDK..."
      cdk bootstrap "${context[@]}"
    fi
    say "Deploying $stack to the account and region of the current AWS credentials..."
    outputs="$CDK_DIR/cdk.out/$stack.outputs.json"
    cdk deploy "$stack" "${context[@]}" --outputs-file "$outputs" ${yes:+--require-approval never}
    api_url="$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(next(iter(o.values()))["ApiUrl"])' \
      "$outputs")"
    say "Deployed. The API is $api_url; a training job needs:"
    echo "export MLFLOW_TRACKING_URI=$api_url"
    if grep -q jwtIssuer <<<"${context[*]}"; then
      echo "export MLFLOW_TRACKING_TOKEN=<a JWT from your issuer>"
    else
      echo "export MLFLOW_TRACKING_AWS_SIGV4=true"
      say "(its role needs the managed policy in the ApiClientPolicyArn output; see $outputs)"
    fi
    ;;
  destroy)
    ensure_cdk_cli
    app_is_current || build_app
    say "Destroying $stack: compute goes; tables, bucket and secret stay unless the stage was deployed --ephemeral."
    cdk destroy "$stack" "${context[@]}" ${yes:+--force}
    ;;
  *)
    usage >&2
    die "Unknown command '$command'."
    ;;
esac
