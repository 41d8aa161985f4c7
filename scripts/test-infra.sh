#!/usr/bin/env bash
# ./mlops synth writes the stack's CloudFormation template with no account and no network, and cfn-lint (pinned in
# .venv) finds no error in it. Warnings are printed, not fatal: W3005 is CDK's explicit DependsOn on each role.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_venv
stage="${1:-ci}"
say "Step: ./mlops synth --stage $stage (the CDK stack), and cfn-lint on its template..."
# CDK's own template validation repeats cfn-lint's CloudFormation rules and costs ~50 s on first use; cfn-lint runs next.
CDK_VALIDATION=false "$ROOT/mlops" synth --stage "$stage"
template="$ROOT/infra-cdk/cdk.out/mlops-$stage.template.json"
[ -s "$template" ] || die "./mlops synth wrote no $template."
say "  cfn-lint $("$VENV/bin/cfn-lint" --version | cut -d' ' -f2) on $(basename "$template"):"
"$VENV/bin/cfn-lint" --non-zero-exit-code error --format parseable "$template" \
  || die "cfn-lint found errors in $template (above)."
say "  cfn-lint: no errors."
