#!/usr/bin/env bash
# Whole-process time of one command-guard hook call, as a host runs it: process start,
# reading the payload, parsing, policy, answer. Prints hyperfine's table and the medians.
# Target (issue: foundation): median under 2 ms on a 2-core machine.
#
# Needs hyperfine (Debian package `hyperfine`). Usage: bench/latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"
command -v hyperfine >/dev/null || { echo "bench/latency.sh needs hyperfine (apt-get install hyperfine)"; exit 2; }

cargo build -q --release -p command-guard
bin="$PWD/target/release/command-guard"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Payloads: the PreToolUse payload captured from Claude Code with three commands.
python3 - "$work" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
base = json.load(open("crates/hooks/tests/fixtures/claude-code/PreToolUse-Bash.json"))
cases = {
    "typical": "cargo test --workspace 2>&1 | tail -20",
    "nested": "sudo bash -c \"cd /srv/app && git status && sh -c 'ls -la | grep x'\"",
    "denied": json.load(open("tests/fixtures/claude-code-PreToolUse-rm-rf-home.json"))["tool_input"]["command"],
}
for name, cmd in cases.items():
    p = dict(base)
    p["tool_input"] = {"command": cmd, "description": name}
    (out / f"{name}.json").write_text(json.dumps(p))
PY

cd "$work"
# hyperfine runs each command through `sh -c` (for the stdin redirection) and subtracts the
# shell's own start-up time, which it measures first.
hyperfine --warmup 50 --runs "$runs" --export-json "$work/result.json" \
  -n typical "$bin --host claude-code --config /dev/null < typical.json" \
  -n nested "$bin --host claude-code --config /dev/null < nested.json" \
  -n denied "$bin --host claude-code --config /dev/null < denied.json" >&2
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for res in r["results"]:
    print(f"{res['command']:<10} median {res['median']*1000:.2f} ms  mean {res['mean']*1000:.2f} ms  max {res['max']*1000:.2f} ms")
PY
