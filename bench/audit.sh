#!/usr/bin/env bash
# The cost of the audit trail (issue 7, "Measured"):
# 1. whole-process latency of one command-guard hook call (Claude Code PreToolUse, a
#    `git status` with a description) with `[audit] enabled = false` and `= true`
#    (hyperfine -N --input); the difference of the medians is the cost of recording
#    (target: < 0.3 ms);
# 2. hookkit-audit report on a generated trail of 1 000 000 records (target: < 2 s).
# Usage: bench/audit.sh [RUNS] [RECORDS]   (defaults 500 and 1000000)
# Needs hyperfine >= 1.17 (target/bench-tools/bin, else PATH) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"
records="${2:-1000000}"
hyperfine="$PWD/target/bench-tools/bin/hyperfine"; [ -x "$hyperfine" ] || hyperfine="$(command -v hyperfine)"

cargo build -q --release -p command-guard -p hookkit-audit
guard="$PWD/target/release/command-guard"
audit="$PWD/target/release/hookkit-audit"

mkdir -p target/bench-tools
work="$(mktemp -d "$PWD/target/bench-tools/audit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/project"
printf '[audit]\nenabled = false\n' >"$work/off.toml"
printf '[audit]\nenabled = true\ndir = "trail"\n' >"$work/on.toml"
python3 -c '
import json, sys
print(json.dumps({"session_id": "bench", "cwd": sys.argv[1], "hook_event_name": "PreToolUse",
  "tool_name": "Bash", "tool_input": {"command": "git status", "description": "Show the working tree status"},
  "tool_use_id": "toolu_bench"}))' "$work/project" >"$work/payload.json"

export HOME="$work/home" XDG_STATE_HOME="$work/home/.local/state" XDG_CONFIG_HOME="$work/home/.config"
unset HOOKKIT_CONFIG
"$hyperfine" -N --output=pipe --warmup 30 --runs "$runs" --input "$work/payload.json" \
  --export-json "$work/latency.json" \
  -n "audit off" "$guard --host claude-code --config $work/off.toml" \
  -n "audit on" "$guard --host claude-code --config $work/on.toml"
python3 -c '
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
off, on = r["audit off"]["median"] * 1e3, r["audit on"]["median"] * 1e3
print(f"median: audit off {off:.3f} ms, audit on {on:.3f} ms, recording costs {on - off:.3f} ms (target < 0.3 ms)")
' "$work/latency.json"
echo "records written: $(cat "$work"/trail/audit-*.jsonl | wc -l)"

python3 bench/audit_gen.py "$work/big" "$records"
"$hyperfine" -N --warmup 1 --runs 5 --export-json "$work/report.json" \
  -n "report on $records records" "$audit --dir $work/big report --format json"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["results"][0]["median"]
print(f"report: median {m:.3f} s over {sys.argv[2]} records (target < 2 s)")
' "$work/report.json" "$records"
