# ./mlops health: the readiness report as a table; exits 1 when not ready. Sourced by ./mlops (uses parse_common).
# Asks the server that holds the data dir when one runs (its port is in <data-dir>/server.port); otherwise starts a
# short-lived server on a free port, as ./mlops flush does. --backend aws checks the AWS resources instead.

print_health_table() {
  python3 -c '
import json, sys
report = json.load(sys.stdin)
order = ["storage", "lake", "disk", "memory", "events"]
checks = sorted(report.get("checks", []), key=lambda c: order.index(c["name"]) if c["name"] in order else 99)
rows = [("CHECK", "STATUS", "MESSAGE")] + [(c["name"], c.get("data", {}).get("level", c["status"]),
        c.get("data", {}).get("message", "")) for c in checks]
width = [max(len(r[i]) for r in rows) for i in range(2)]
for r in rows:
    print(r[0].ljust(width[0]), r[1].ljust(width[1]), r[2], sep="  ")
print()
down = [c["name"] for c in checks if c["status"] != "UP"]
print("Ready: " + report.get("status", "DOWN") + (" (down: " + ", ".join(down) + ")" if down else ""))
sys.exit(0 if report.get("status") == "UP" else 1)
'
}

cmd_health() {
  parse_common "$@"
  local port report
  if [ "${MLOPS_BACKEND:-local}" != aws ] && [ -f "$data_dir/server.port" ] \
      && server_answers "$(cat "$data_dir/server.port")"; then
    port="$(cat "$data_dir/server.port")"
    say "Asking the server on port $port (it holds $data_dir)..."
  else
    use_jdk21
    ensure_server_built
    port="$(free_port)"
    say "Starting a short-lived server on port $port to run the checks..."
    start_server_background "$port" "$data_dir" "$data_dir/health.log" /health
    trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; wait "${SERVER_PID:-}" 2>/dev/null || true' EXIT
  fi
  # 503 (not ready) still carries the report, so no -f here.
  report="$(curl -sS "http://127.0.0.1:$port/q/health/ready")" || die "No answer from http://127.0.0.1:$port/q/health/ready."
  echo "$report" | print_health_table || exit 1
}
