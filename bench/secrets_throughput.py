#!/usr/bin/env python3
"""A 10 MB mixed tool output for bench/secrets.sh: logs, JSON, Rust source, and a few fake
credentials (a GitHub token, a connection string, a multi-line private key), each FAKE.

Usage: secrets_throughput.py DIR
Writes DIR/mixed.txt (the output, for `secret-guard scan`, a whole-buffer scan),
DIR/post10m.json (a Claude Code PostToolUse payload carrying it, for the hook, which
answers with the whole output redacted as `updatedToolOutput`) and DIR/post10m-codex.json
(the same for Codex, which is answered with a block and at most 64 KiB of it).
"""

import json
import pathlib
import random
import sys

SIZE = 10 * 1024 * 1024
FAKES = [
    "export GITHUB_TOKEN=ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v\n",
    '{"database_url": "postgres://app:FAKEpw0000Zq9x@db.internal:5432/app"}\n',
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEFAKE0000pAIBAAKCAQEA7bq98FAKE0000QZxkPDEvLq5TgH0000FAKExyz0123456789abcdefABCDEF\n"
    "FAKE0000qRsTuVwXyZ0123456789hgfedcbaPONMLKJIzyxwvuts0000FAKEmnbvcxzlkjhgfdsapoiuyt\n"
    "-----END RSA PRIVATE KEY-----\n",
]


def chunk(rng: random.Random, i: int) -> str:
    kind = i % 3
    if kind == 0:
        return (
            f"2026-11-21T17:{i % 60:02d}:00Z INFO request id={i} path=/api/v1/items/{rng.randint(1, 9999)} "
            f"status={rng.choice([200, 201, 404, 500])} took={rng.randint(1, 900)}ms user=u{rng.randint(1, 99)}\n"
        )
    if kind == 1:
        return json.dumps({"id": i, "name": f"item-{i}", "tags": ["a", "b"], "price": rng.random(),
                           "author": "someone", "public_key_id": f"k{i}"}) + "\n"
    return (
        f"fn handler_{i}(req: &Request) -> Result<Response, Error> {{ let token_count = req.len() * {i}; "
        f"Ok(Response::new(token_count)) }}\n"
    )


def main() -> int:
    out = pathlib.Path(sys.argv[1])
    rng = random.Random(4)
    parts, size, i = [], 0, 0
    while size < SIZE:
        if i % 25000 == 12500:
            text = FAKES[(i // 25000) % len(FAKES)]
        else:
            text = chunk(rng, i)
        parts.append(text)
        size += len(text)
        i += 1
    text = "".join(parts)[:SIZE]
    text = text[: text.rfind("\n") + 1]
    (out / "mixed.txt").write_text(text)
    fixtures = pathlib.Path("crates/hooks/tests/fixtures/claude-code")
    post = json.load(open(fixtures / "PostToolUse-Bash.json"))
    post["tool_response"] = {"stdout": text, "stderr": "", "interrupted": False, "isImage": False}
    (out / "post10m.json").write_text(json.dumps(post))
    codex = json.load(open("crates/hooks/tests/fixtures/codex/PostToolUse-Bash.json"))
    codex["tool_response"] = text
    (out / "post10m-codex.json").write_text(json.dumps(codex))
    return 0


if __name__ == "__main__":
    sys.exit(main())
