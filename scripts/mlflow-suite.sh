#!/usr/bin/env bash
# ./mlops mlflow-suite: MLflow's own server-facing tests (tests/tracking/test_rest_tracking.py, test_model_registry.py,
# test_mlflow_artifacts.py) against ./mlops serve, or against the real `mlflow server` for reference. Not part of
# ./mlops test (it takes 10+ minutes); docs/mlflow-compat.md records the last results and what each failure means.
#
# The test files are not in this repository: they are read at run time from a git copy of MLflow's source
# (MLFLOW_SOURCE, default /work/.mirror/harupy+mlflow/repo; any clone of github.com/mlflow/mlflow works, and
# MLFLOW_SOURCE_REV picks the revision). The client and server are mlflow==3.17.2 in target/mlflow-suite/venv.
# The fixtures are swapped at collection time by scripts/mlflow-suite/mlops_suite_plugin.py; test code is unchanged.
#
# Options: --against mlops|mlflow (mlops), --out DIR (target/mlflow-suite/<against>), --only FILE (node ids, one a
# line, to run instead of the three files), and anything after -- goes to pytest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

against=mlops
out=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --against) against="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$(readlink -f "$2")"; shift 2 ;;
    --) shift; break ;;
    *) die "Unknown option '$1' for mlflow-suite (see the head of scripts/mlflow-suite.sh)." ;;
  esac
done
case "$against" in mlops|mlflow) ;; *) die "--against takes mlops or mlflow." ;; esac
out="$(readlink -m "${out:-$ROOT/target/mlflow-suite/$against}")"
source_repo="${MLFLOW_SOURCE:-/work/.mirror/harupy+mlflow/repo}"
source_rev="${MLFLOW_SOURCE_REV:-HEAD}"
git -C "$source_repo" rev-parse -q --verify "$source_rev^{commit}" >/dev/null 2>&1 \
  || die "No MLflow source at $source_repo ($source_rev); set MLFLOW_SOURCE to a clone of github.com/mlflow/mlflow."

suite_venv="$ROOT/target/mlflow-suite/venv"
requirements="$ROOT/scripts/mlflow-suite/requirements.txt"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$suite_venv/.requirements.sha" 2>/dev/null)" != "$want" ]; then
  say "Installing mlflow==3.17.2 and pytest into $suite_venv..."
  python3 -m venv "$suite_venv"
  "$suite_venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" || die "pip install failed."
  echo "$want" > "$suite_venv/.requirements.sha"
fi

rm -rf "$out"; mkdir -p "$out/work"
if [ "$against" = mlops ]; then
  use_jdk21
  ensure_server_built
  # A copy: a rebuild during the run must not change the server under the remaining tests.
  cp -r "$(dirname "$SERVER_JAR")" "$out/server"
  export MLOPS_SUITE_JAR="$out/server/$(basename "$SERVER_JAR")" MLOPS_SUITE_JAVA="$JAVA_HOME/bin/java"
fi
say "Extracting MLflow's tests from $source_repo at $(git -C "$source_repo" rev-parse --short "$source_rev")..."
# (tree by tree: a partial clone may lack blobs elsewhere, which a path-limited archive of the commit still reads)
git -C "$source_repo" archive --prefix=tests/ "$source_rev:tests" | tar -x -C "$out"
git -C "$source_repo" show "$source_rev:pyproject.toml" > "$out/pyproject.toml"

# Out of scope (issue #12): MLflow's GenAI surfaces (traces, assessments, gateway and its secrets and endpoints,
# evaluation datasets and their experiment links, scorers, issues, prompt optimisation, OTel ingest) and webhooks.
# Not server-facing: tests that wrap MLflow's in-process store with mocks, start their own `mlflow server`, or run
# an example project.
scope="not trace and not assessment and not gateway and not secret and not endpoint and not evaluation_dataset"
scope+=" and not experiments_rest_tracking and not scorer and not issue and not promptlab and not otel"
scope+=" and not model_definition and not provider and not online_scoring and not webhook"
scope+=" and not dataset_experiment_association and not add_multiple_experiments and not test_list_models"
scope+=" and not test_get_metric_history_bulk_calls_optimized_impl_when_expected"
scope+=" and not test_create_model_version_with_validation_regex and not test_mlflow_artifacts_example"
if [ -n "$only" ]; then
  mapfile -t targets < "$only"
else
  targets=(tests/tracking/test_rest_tracking.py tests/tracking/test_model_registry.py tests/tracking/test_mlflow_artifacts.py)
fi

say "Running MLflow's server tests against $against (${#targets[@]} targets); output in $out/pytest.txt..."
set +e
( cd "$out" && PATH="$suite_venv/bin:$PATH" MLOPS_SUITE_TARGET="$against" MLOPS_SUITE_WORK="$out/work" \
  PYTHONPATH="$ROOT/scripts/mlflow-suite${PYTHONPATH:+:$PYTHONPATH}" \
  timeout 3600 "$suite_venv/bin/python" -m pytest -p mlops_suite_plugin -p no:cacheprovider -q -rA --color=no \
    --timeout 180 -k "$scope" "${targets[@]}" "$@" ) > "$out/pytest.txt" 2>&1
rc=$?
set -e
grep -E '^(PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED) ' "$out/pytest.txt" | sed -E 's/ \| MEM [^|]*\| DISK [^ ]* GB//; s/ - .*$//' \
  | sort -u > "$out/results.txt" || true
tail -n 1 "$out/pytest.txt" >&2
say "Per-test results: $out/results.txt"
exit "$rc"
