#!/usr/bin/env python3
"""Inputs and checks for the throughput step of bench/secrets.sh (issue 14).

Usage:
  secrets_throughput.py make DIR      writes, from 10 MiB of realistic tool output made by
      shared/corpora/tool-output/gen_tool_output.py (seed 7; its path in $TOOL_OUTPUT_GEN,
      default ../shared/corpora/tool-output/gen_tool_output.py): DIR/out.txt (the output,
      for `secret-guard scan` and the peers), DIR/manifest.json (the planted fake
      credentials and their lines), DIR/post-claude.json (a Claude Code PostToolUse payload
      of the Bash tool carrying it, answered with the whole output redacted) and
      DIR/post-codex.json (the same for Codex, answered with a block and at most 64 KiB)
  secrets_throughput.py check DIR FINDINGS ANSWER   FINDINGS: `secret-guard scan --format
      jsonl` of DIR/out.txt; ANSWER: the Claude Code hook's answer to DIR/post-claude.json.
      Prints how many planted credentials were found (a finding on one of their lines) and
      how many findings are on no planted line (false positives: the rest of the output is
      ordinary tool output); exits 1 when the credentials the hook names (the digests in its
      additionalContext) are not those the scan found
"""

import json
import os
import pathlib
import re
import subprocess
import sys

GEN = os.environ.get("TOOL_OUTPUT_GEN", "../shared/corpora/tool-output/gen_tool_output.py")


def make(out: pathlib.Path) -> None:
    subprocess.run([sys.executable, GEN, "10", "7", str(out / "out.txt"),
                    "--claude-payload", str(out / "post-claude.json"),
                    "--manifest", str(out / "manifest.json")],
                   check=True, stdout=subprocess.DEVNULL)
    text = (out / "out.txt").read_text(encoding="utf-8")
    codex = json.load(open("crates/hooks/tests/fixtures/codex/PostToolUse-Bash.json"))
    codex["tool_response"] = text
    (out / "post-codex.json").write_text(json.dumps(codex))


def check(out: pathlib.Path, findings: str, answer: str) -> int:
    planted = json.load(open(out / "manifest.json"))["credentials"]
    rows = [json.loads(l) for l in open(findings) if l.strip()]
    lines = [r["line"] for r in rows]
    found = sum(1 for c in planted if set(c["lines"]) & set(lines))
    on_planted = {n for c in planted for n in c["lines"]}
    other = sum(1 for n in lines if n not in on_planted)
    print(f"  planted credentials found {found}/{len(planted)}; "
          f"findings on other lines (false positives) {other}")
    context = json.load(open(answer))["hookSpecificOutput"]["additionalContext"]
    hook = set(re.findall(r"sha256:[0-9a-f]{16}\b", context))
    scan = {r["digest"] for r in rows}
    if hook != scan:
        print(f"  findings DIFFER: hook {len(hook)}, file scan {len(scan)} distinct credentials")
        return 1
    print(f"  findings: hook = file scan ({len(scan)} distinct credentials)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(pathlib.Path(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]))
    else:
        sys.exit(__doc__)
