#!/usr/bin/env bash
# Every built function.zip under the AWS Lambda Runtime Interface Emulator with AWS's Java runtime interface client
# as bootstrap and the environment of the synthesized stack (scripts/test-infra.sh writes it), against the AWS
# emulator (AWS_ENDPOINT_URL, else a fresh moto_server), replaying events-samples/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
stage="${1:-ci}"
say "Step: every function.zip under the AWS Lambda runtime interface emulator, with the stack's environment..."
use_jdk21
ensure_venv
ensure_lambda_rie

template="$ROOT/infra-cdk/cdk.out/mlops-$stage.template.json"
[ -s "$template" ] || die "No $template: run ./mlops synth --stage $stage first."
ric_dir="$ROOT/infra-cdk/target/lambda-ric"
ls "$ric_dir"/aws-lambda-java-runtime-interface-client-*.jar >/dev/null 2>&1 \
  || die "No runtime interface client in $ric_dir: run ./mvnw install (infra-cdk copies it there)."

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-rie.XXXXXX")"
EMULATOR_PID=""
trap 'kill "${EMULATOR_PID:-}" 2>/dev/null || true; wait "${EMULATOR_PID:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
start_aws_emulator "$work/emulator.log"
say "  functions run by $(basename "$LAMBDA_RIE") $LAMBDA_RIE_VERSION against $AWS_ENDPOINT_URL (logs in $work)"
MLOPS_TEMPLATE="$template" MLOPS_RIE="$LAMBDA_RIE" MLOPS_RIC_DIR="$ric_dir" MLOPS_JAVA="$JAVA_HOME/bin/java" \
  MLOPS_REPO="$ROOT" MLOPS_RIE_WORK="$work" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider -s "$ROOT/infra-cdk/src/test/python" \
  || { for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 40 "$log" >&2; done; \
       die "A function failed under the Lambda runtime interface emulator."; }
