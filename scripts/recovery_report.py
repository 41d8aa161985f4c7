#!/usr/bin/env python3
"""Renders the admin routes' JSON for people; the exit status carries the verdict (verify, recover, snapshot verify).

Usage: <json on stdin> | recovery_report.py MODE
"""
import json
import sys
from datetime import datetime, timezone


def when(millis):
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def size(n):
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def snapshot_line(s):
    tag = f" [{s['tag']}]" if s.get("tag") else ""
    return f"{s['id']}{tag}  {s['kind']:<9} {when(s['created_at'])}  {sum(p['entries'] for p in s['parts'])} entries"


def show_snapshot(s):
    print(snapshot_line(s))
    if s.get("description"):
        print(f"  description: {s['description']}")
    print(f"  root digest: {s['root_digest']}")
    print(f"  captured in {s['capture_millis']} ms (writes paused), done in {s['total_millis']} ms")
    print("  counts: " + ", ".join(f"{k}={v}" for k, v in sorted(s["counts"].items())))
    for p in s["parts"]:
        print(f"  part {p['name']:<14} {p['provider']:<15} {p['entries']:>8} entries  "
              f"{size(p['object_bytes']):>9} referenced  document {p['sha256'][:16]}...")


def findings(items):
    for f in items:
        print(f"  {f['severity']:<8} {f['kind']:<24} {f['message']}")


def main():
    mode = sys.argv[1]
    text = sys.stdin.read()
    if not text.strip():
        return 2  # the call failed and said why on stderr
    data = json.loads(text)
    if mode == "error":
        print(f"[mlops] {data.get('error_code', 'ERROR')}: {data.get('message', data)}")
        return 2
    if mode == "snapshot-create":
        s = data["snapshot"]
        show_snapshot(s)
        print(s["id"])
    elif mode == "snapshot-list":
        if not data["snapshots"]:
            print("No snapshots.")
        for s in data["snapshots"]:
            print(snapshot_line(s))
    elif mode == "snapshot-show":
        show_snapshot(data["snapshot"])
    elif mode == "snapshot-verify":
        c = data["check"]
        print(f"Snapshot {c['snapshot_id']}: {c['objects_checked']} objects re-read in {c['millis']} ms: "
              + ("every checksum verifies." if c["ok"] else f"{len(c['problems'])} problem(s):"))
        for p in c["problems"]:
            print(f"  CRITICAL {p}")
        return 0 if c["ok"] else 1
    elif mode == "snapshot-delete":
        print(f"Deleted snapshot {data['deleted']}.")
    elif mode == "snapshot-restore":
        r = data["restore"]
        print(f"Restored snapshot {r['snapshot_id']} in {r['millis']} ms"
              + (" (finished an interrupted restore)" if r["resumed"] else "") + ".")
        print(f"  safety snapshot of the state before: {r['safety_snapshot_id']} (restore it to undo)")
        for p in r["parts"]:
            note = f"  ({p['note']})" if p.get("note") else ""
            print(f"  {p['part']:<14} {p['written']:>7} written  {p['removed']:>7} removed{note}")
    elif mode == "snapshot-prune":
        p = data["prune"]
        print(f"Pruned {len(p['deleted'])} snapshot(s), kept {p['retained']}, freed {size(p['bytes_freed'])} "
              f"in {p['millis']} ms.")
        for s in p["deleted"]:
            print(f"  deleted {s}")
    elif mode == "verify":
        checked = ", ".join(f"{k}={v}" for k, v in sorted(data["checked"].items()))
        if data["clean"]:
            print(f"Verify found nothing wrong ({checked}; {data['millis']} ms).")
            return 0
        print(f"Verify found {len(data['findings'])} problem(s) ({checked}; {data['millis']} ms):")
        findings(data["findings"])
        return 1
    elif mode == "recover":
        r = data["recovery"]
        if not r["incidents"]:
            print("Nothing to recover: verify found nothing wrong.")
        for i in r["incidents"]:
            print(f"{i['outcome']:<11} {i['severity']:<8} {i['kind']}: {i['target']}  ({i['millis']} ms)")
            for a in i["attempts"]:
                detail = f": {a['detail']}" if a.get("detail") else ""
                print(f"    {a['strategy']:<17} {a['outcome']:<15} {a['millis']:>6} ms{detail}")
        if r["dry_run"]:
            print("Dry run: nothing was changed.")
            return 0
        if r["remaining"]:
            print(f"{len(r['remaining'])} problem(s) remain and were left as they are:")
            for f in r["remaining"]:
                print(f"  CRITICAL {f['kind']:<24} {f['message']}")
            return 1
        print(f"Recovered in {r['millis']} ms; verify finds nothing wrong now.")
    elif mode == "rollback":
        r = data["rollback"]
        moved = f" and {', '.join(r['aliases_moved'])}" if r["aliases_moved"] else ""
        print(f"Rolled {r['name']} back: Production{moved} moved from version {r['from_version']} "
              f"to {r['to_version']} ({r['reason']}).")
    elif mode == "incident":
        i = data["incident"]
        print(f"Simulated {i['kind']} on {i['target']}: {i['description']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
