#!/usr/bin/env bash
# The recovery commands as an operator runs them (README, "Recovery runbook"), called by test-all.sh once its
# servers are up: through the running local server (step 2's data dir), with no server running (the demo's data dir,
# damaged by hand while nothing held it), and on the AWS backend (step 3's tables and bucket).
# Usage: test-recovery.sh WORK_DIR AWS_PREFIX
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work="$1"
aws_prefix="$2"
mlops() { "$ROOT/mlops" "$@"; }
# Pipes here always read their input to the end (no grep -q, head or find | head): under pipefail a reader that
# stops early kills the writer with SIGPIPE, and the step fails for no reason.
expect_exit() { # expect_exit CODE command...: runs it, shows its output on a mismatch
  local want="$1" out code=0; shift
  out="$("$@" 2>&1)" || code=$?
  [ "$code" -eq "$want" ] || { echo "$out" >&2; die "'$*' exited $code, expected $want."; }
  printf '%s\n' "$out"
}

say "  recovery through the running local server:"
served="$work/local-data"
id="$(expect_exit 0 mlops snapshot create --tag "ci-$RANDOM" --description "test-recovery" --data-dir "$served" | tail -n 1)"
expect_exit 0 mlops verify --data-dir "$served" | tail -n 1
lake_file="$(find "$served/lake" -name 'part-*.parquet' -print -quit)"
rm "$lake_file"                                   # by hand, while the server runs
expect_exit 1 mlops verify --data-dir "$served" | grep lake-file-missing || die "verify missed a deleted lake file."
expect_exit 0 mlops recover --data-dir "$served" | tail -n 1
[ -f "$lake_file" ] || die "recover did not bring $lake_file back."
expect_exit 0 mlops snapshot verify "$id" --data-dir "$served" | tail -n 1
expect_exit 0 mlops snapshot list --data-dir "$served" | grep "$id" || die "snapshot list misses $id."
expect_exit 0 mlops snapshot restore "$id" --data-dir "$served" | sed -n 1,2p
expect_exit 0 mlops verify --data-dir "$served" | tail -n 1

say "  recovery with no server running (damage done while it was stopped):"
stopped="$work/demo"
expect_exit 0 mlops snapshot create --data-dir "$stopped" | tail -n 1
run_file="$(find "$stopped/meta/runs" -name '*.json' -print -quit)"
: > "$run_file"                                   # a truncated record
expect_exit 1 mlops verify --data-dir "$stopped" | grep record-unreadable || die "verify missed a truncated run."
expect_exit 2 mlops incident simulate lake-noise --data-dir "$stopped" | grep PERMISSION_DENIED \
  || die "incident simulation was not refused by default."
MLOPS_INCIDENTS_ENABLED=true expect_exit 0 mlops incident simulate lake-truncate --seed 7 --data-dir "$stopped"
expect_exit 1 mlops verify --data-dir "$stopped" | grep lake-file-corrupt || die "verify missed the incident."
expect_exit 0 mlops recover --data-dir "$stopped" | tail -n 1
expect_exit 0 mlops verify --data-dir "$stopped" | tail -n 1
[ -s "$run_file" ] || die "recover did not restore $run_file."

say "  recovery on the AWS backend:"
aws_dir="$work/aws-recovery"
MLOPS_AWS_PREFIX="$aws_prefix" expect_exit 0 mlops snapshot create --backend aws --data-dir "$aws_dir" | tail -n 1
MLOPS_AWS_PREFIX="$aws_prefix" expect_exit 0 mlops verify --backend aws --data-dir "$aws_dir" | tail -n 1
say "  recovery commands passed in ${SECONDS} s."
