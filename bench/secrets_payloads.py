#!/usr/bin/env python3
"""Hook payloads for bench/secrets.sh, from the PreToolUse/PostToolUse payloads captured
from Claude Code (crates/hooks/tests/fixtures/claude-code/). Usage: secrets_payloads.py DIR"""

import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
fixtures = pathlib.Path("crates/hooks/tests/fixtures/claude-code")
pre = json.load(open(fixtures / "PreToolUse-Bash.json"))
post = json.load(open(fixtures / "PostToolUse-Bash.json"))
commands = {
    "typical": "cargo test --workspace 2>&1 | tail -20",
    "fetch": "aws --region eu-west-1 secretsmanager get-secret-value --secret-id prod/db",
    "typed": "curl -H 'Authorization: token ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v' https://api.github.com/user",
}
for name, cmd in commands.items():
    p = dict(pre)
    p["tool_input"] = {"command": cmd, "description": name}
    (out / f"{name}.json").write_text(json.dumps(p))
source = "".join(
    f"fn item_{i}(x: u32) -> u32 {{ x * {i % 997 + 1} + {i % 89} }} // helper\n" for i in range(400)
)
w = dict(pre)
w["tool_name"] = "Write"
w["tool_input"] = {"file_path": "/tmp/x/src/lib.rs", "content": source[: 20 * 1024]}
(out / "write20k.json").write_text(json.dumps(w))
line = "2026-11-21T17:00:00Z INFO request id=42 path=/api/v1/items status=200 took=12ms\n"
log = line * (64 * 1024 // len(line))
p = dict(post)
p["tool_response"] = {"stdout": log, "stderr": "", "interrupted": False, "isImage": False}
(out / "post64k.json").write_text(json.dumps(p))
