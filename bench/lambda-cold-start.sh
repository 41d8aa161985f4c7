#!/usr/bin/env bash
# ./mlops bench --lambda [--runs N] [--functions a,b]: cold start of each function.zip under the Lambda runtime
# interface emulator, with and without class-data sharing (bench/lambda_cold_start.py). Needs ./mvnw install and
# ./mlops synth --stage ci done (it says so otherwise).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
use_jdk21
ensure_venv
ensure_lambda_rie
template="$ROOT/infra-cdk/cdk.out/mlops-ci.template.json"
[ -s "$template" ] || die "No $template: run ./mlops synth --stage ci first."
work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-coldstart.XXXXXX")"
EMULATOR_PID=""
trap 'kill "${EMULATOR_PID:-}" 2>/dev/null || true; wait "${EMULATOR_PID:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
start_aws_emulator "$work/emulator.log"
say "Cold starts under aws-lambda-rie $LAMBDA_RIE_VERSION, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
MLOPS_TEMPLATE="$template" MLOPS_RIE="$LAMBDA_RIE" MLOPS_RIC_DIR="$ROOT/infra-cdk/target/lambda-ric" \
  MLOPS_JAVA="$JAVA_HOME/bin/java" MLOPS_REPO="$ROOT" MLOPS_RIE_WORK="$work" \
  "$VENV/bin/python" "$ROOT/bench/lambda_cold_start.py" "$@"
