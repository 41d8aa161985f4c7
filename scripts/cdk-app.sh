#!/usr/bin/env bash
# The command cdk.json names as the CDK app: the Java app on the classpath the Maven build wrote
# (infra-cdk/target/app-classpath.txt; scripts/cdk.sh builds it first). The CDK CLI passes context and the output
# directory in CDK_CONTEXT_JSON and CDK_OUTDIR.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
use_jdk21
classpath_file="$ROOT/infra-cdk/target/app-classpath.txt"
[ -f "$classpath_file" ] || die "No $classpath_file: run ./mlops synth (it builds the app) or ./mvnw install."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
exec "$JAVA_HOME/bin/java" -cp "$ROOT/infra-cdk/target/classes:$(cat "$classpath_file")" dev.mlops.infra.MlopsApp
