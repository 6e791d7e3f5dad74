#!/usr/bin/env python3
"""Write a synthetic hookkit audit trail of N records (format v3, hash-chained, see
crates/audit/src/record.rs) into DIR/audit-2026-05-01.jsonl, for bench/audit.sh.

Records come in calls: a command-guard pre record, then (for calls that ran) a
secret-guard post record with the outcome; 1 call in 10 is denied, 1 in 20 touches
production, 1 in 50 is allowed and never reported back. 1000 sessions, interleaved.

Usage: bench/audit_gen.py DIR N
"""
import hashlib
import json
import os
import random
import sys


def main() -> None:
    out_dir, total = sys.argv[1], int(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(7)
    classes = ["read", "create", "modify", "delete", "irreversible"]
    envs = [[], [], [], ["development"], ["staging"], ["production"]]
    path = os.path.join(out_dir, "audit-2026-05-01.jsonl")
    written = 0
    n = 0
    chain = {"seq": 0, "prev": None}

    def write(record):
        # The hash chain (crates/audit/src/chain.rs): seq, and the SHA-256 of the
        # line before.
        chain["seq"] += 1
        head = {"v": 3, "seq": chain["seq"]}
        if chain["prev"]:
            head["prev"] = chain["prev"]
        record = {**head, **record}
        line = json.dumps(record, separators=(",", ":"))
        chain["prev"] = "sha256:" + hashlib.sha256(line.encode()).hexdigest()
        f.write(line + "\n")

    with open(path, "w", encoding="utf-8") as f:
        while written < total:
            n += 1
            session = f"5e551on-{n % 1000:04d}-0000-0000-000000000000"
            call_id = f"toolu_{n:08d}"
            sec = n // 10
            time = f"2026-05-01T{(sec // 3600) % 24:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}.{n % 1000:03d}Z"
            cls = rng.choice(classes)
            env = envs[n % 20 == 0 and 5 or rng.randrange(5)]
            decision = "deny" if n % 10 == 0 else ("ask" if n % 15 == 0 else "allow")
            pre = {
                "v": 3, "time": time, "guard": "command-guard", "phase": "pre",
                "host": "claude-code", "event": "PreToolUse", "session": session,
                "call_id": call_id, "cwd": "/home/dev/project", "tool": "Bash",
                "kind": "shell", "decision": decision, "rule_ids": [f"bench.{cls}"],
                "profile": "reversible", "classes": [cls], "environments": env,
                "purpose": f"Run step {n} of the deployment checklist",
                "purpose_source": "host",
                "args_digest": "sha256:" + f"{n:064x}",
                "input_digest": "sha256:" + f"{n * 7:064x}",
            }
            write(pre)
            written += 1
            if decision == "deny" or n % 50 == 1 or written >= total:
                continue
            post = {
                "v": 3, "time": time, "guard": "secret-guard", "phase": "post",
                "host": "claude-code", "event": "PostToolUse", "session": session,
                "call_id": call_id, "cwd": "/home/dev/project", "tool": "Bash",
                "kind": "shell", "decision": "allow", "profile": "reversible",
                "purpose": f"Run step {n} of the deployment checklist",
                "purpose_source": "host", "status": "ok", "exit_code": 0,
                "output_bytes": 1234, "output_digest": "sha256:" + f"{n * 3:064x}",
                "args_digest": "sha256:" + f"{n:064x}",
                "input_digest": "sha256:" + f"{n * 5:064x}",
            }
            write(post)
            written += 1
    print(f"{written} records, {os.path.getsize(path)} bytes: {path}")


if __name__ == "__main__":
    main()
