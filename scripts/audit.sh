#!/usr/bin/env bash
# ./mlops audit [--actor A] [--action X] [--resource R] [--after T] [--before T] [--max-results N] [--all]
#               [--json] [--data-dir D | --backend aws]
# Prints the audit log newest first: through the server holding the data dir when one runs, else a short-lived one
# (like ./mlops flush). Defined as a function sourced by ./mlops; expects lib.sh and parse_common's variables.

cmd_audit() {
  local query=() all="" raw="" rest=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --actor|--action|--resource|--after|--before)
        query+=(--data-urlencode "${1#--}=${2:?$1 needs a value}"); shift 2 ;;
      --max-results) query+=(--data-urlencode "max_results=${2:?--max-results needs a value}"); shift 2 ;;
      --all) all=1; shift ;;
      --json) raw=1; shift ;;
      *) rest+=("$1"); shift ;;
    esac
  done
  parse_common "${rest[@]+"${rest[@]}"}"
  local port
  if [ "${MLOPS_BACKEND:-local}" != aws ] && [ -f "$data_dir/server.port" ] \
      && server_answers "$(cat "$data_dir/server.port")"; then
    port="$(cat "$data_dir/server.port")"
  else
    use_jdk21
    ensure_server_built
    port="$(free_port)"
    start_server_background "$port" "$data_dir" "$data_dir/audit.log"
    trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; wait "${SERVER_PID:-}" 2>/dev/null || true' EXIT
  fi
  local token="" page
  while :; do
    page="$(curl -fsS -G "http://127.0.0.1:$port/api/2.0/mlops/audit/search" "${query[@]+"${query[@]}"}" \
      ${token:+--data-urlencode "page_token=$token"})" || die "The audit search failed (see above)."
    if [ -n "$raw" ]; then
      echo "$page"
    else
      python3 - "$page" <<'PY'
import datetime, json, sys
for e in json.loads(sys.argv[1])["entries"]:
    when = datetime.datetime.fromtimestamp(e["timestamp"] / 1000, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    print(f'{when}Z  {e["actor"]:<24} {e["action"]:<30} {e["outcome"]:<26} {",".join(e["resources"]):<50} {e["request_id"]}')
PY
    fi
    token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("next_page_token") or "")' "$page")"
    [ -n "$all" ] && [ -n "$token" ] || break
  done
  if [ -z "$all" ] && [ -n "$token" ] && [ -z "$raw" ]; then
    say "More entries: add --all (or narrow with --after/--before)."
  fi
}
