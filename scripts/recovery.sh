# ./mlops snapshot | verify | recover | rollback | incident: sourced by ./mlops (which has sourced lib.sh).
# Each command is one call to the admin routes under /api/2.0/mlops/ of the server holding the data dir (the
# running one, else a short-lived one; AWS: a short-lived one), rendered by recovery_report.py.

# Splits the arguments into the common options (parsed by parse_common) and the command's own, in REST_ARGS.
recovery_options() {
  local common=()
  REST_ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --data-dir|--backend|--port) common+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
      --create-resources) common+=("$1"); shift ;;
      *) REST_ARGS+=("$1"); shift ;;
    esac
  done
  parse_common "${common[@]+"${common[@]}"}"
}

# admin_call METHOD PATH [JSON]: prints the answer's body; exits with the server's error message on a 4xx/5xx.
admin_call() {
  local method="$1" path="$2" body="${3:-}" answer status
  answer="$(curl -sS -X "$method" -H 'Content-Type: application/json' ${body:+--data "$body"} \
    -w '\n%{http_code}' "$ADMIN_URL/api/2.0/mlops/$path")" || die "No answer from $ADMIN_URL."
  status="${answer##*$'\n'}"
  answer="${answer%$'\n'*}"
  if [ "$status" -ge 400 ]; then
    printf '%s' "$answer" | python3 "$ROOT/scripts/recovery_report.py" error >&2
    exit 2
  fi
  printf '%s' "$answer"
}

# A JSON string literal (python does the escaping).
json_string() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }

recovery_command() {
  local command="$1"; shift
  recovery_options "$@"
  set -- "${REST_ARGS[@]+"${REST_ARGS[@]}"}"
  admin_server "$data_dir" "$data_dir/recovery.log"
  trap 'kill "${ADMIN_PID:-}" 2>/dev/null || true; wait "${ADMIN_PID:-}" 2>/dev/null || true' EXIT
  local render="python3 $ROOT/scripts/recovery_report.py"
  case "$command" in
    snapshot) snapshot_command "$@" ;;
    verify)
      [ $# -eq 0 ] || die "verify takes no options besides --data-dir and --backend."
      admin_call POST verify '{}' | $render verify ;;
    recover)
      local dry=false
      case "${1:-}" in --dry-run) dry=true; shift ;; esac
      [ $# -eq 0 ] || die "recover takes only --dry-run."
      admin_call POST recover "{\"dry_run\": $dry}" | $render recover ;;
    rollback)
      [ "${1:-}" = model ] && [ -n "${2:-}" ] || die "Usage: ./mlops rollback model NAME [--to-version N] [--reason R]"
      local name="$2" to="" reason=""
      shift 2
      while [ $# -gt 0 ]; do
        case "$1" in
          --to-version) to="${2:?--to-version needs a value}"; shift 2 ;;
          --reason) reason="${2:?--reason needs a value}"; shift 2 ;;
          *) die "Unknown option '$1'." ;;
        esac
      done
      admin_call POST models/rollback "{\"name\": $(json_string "$name")${to:+, \"to_version\": $(json_string "$to")}${reason:+, \"reason\": $(json_string "$reason")}}" \
        | $render rollback ;;
    incident)
      [ "${1:-}" = simulate ] && [ -n "${2:-}" ] || die "Usage: ./mlops incident simulate KIND [--run R] [--model M] [--file F] [--seed S]"
      local kind="$2" fields=""
      shift 2
      while [ $# -gt 0 ]; do
        case "$1" in
          --run|--model|--file) fields+=", \"${1#--}\": $(json_string "${2:?$1 needs a value}")"; shift 2 ;;
          --seed) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--seed takes a number."; fields+=", \"seed\": $2"; shift 2 ;;
          *) die "Unknown option '$1'." ;;
        esac
      done
      admin_call POST incidents/simulate "{\"kind\": $(json_string "$kind")$fields}" | $render incident ;;
  esac
}

snapshot_command() {
  local action="${1:-}"; shift || true
  local render="python3 $ROOT/scripts/recovery_report.py"
  case "$action" in
    create)
      local fields=""
      while [ $# -gt 0 ]; do
        case "$1" in
          --tag|--description) fields+="${fields:+, }\"${1#--}\": $(json_string "${2:?$1 needs a value}")"; shift 2 ;;
          *) die "Unknown option '$1'." ;;
        esac
      done
      admin_call POST snapshots/create "{$fields}" | $render snapshot-create ;;
    list) admin_call GET snapshots/list | $render snapshot-list ;;
    show|verify|delete|restore)
      local id="${1:-}"
      [ -n "$id" ] || die "Usage: ./mlops snapshot $action ID (a snapshot id or tag)"
      if [ "$action" = show ]; then
        admin_call GET "snapshots/get?snapshot_id=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$id")" \
          | $render snapshot-show
      else
        admin_call POST "snapshots/$action" "{\"snapshot_id\": $(json_string "$id")}" | $render "snapshot-$action"
      fi ;;
    prune) admin_call POST snapshots/prune '{}' | $render snapshot-prune ;;
    *) die "Usage: ./mlops snapshot create [--tag T] [--description D] | list | show ID | verify ID | delete ID | restore ID | prune" ;;
  esac
}
