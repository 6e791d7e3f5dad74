#!/usr/bin/env bash
# The cost of the audit trail (issue 7, "Measured"):
# 1. whole-process latency of one command-guard hook call (Claude Code PreToolUse, a
#    `git status` with a description) with `[audit] enabled = false` and `= true`
#    (hyperfine -N --input); the difference of the medians (and of the 10th percentiles
#    and minimums, and of the mean CPU time, steadier on a loaded machine) is the cost of
#    recording (target: < 0.3 ms);
# 2. hookkit-audit report on a generated trail of 1 000 000 records (target: < 2 s), and
#    hookkit-audit verify (the hash chain) on the same trail.
# Usage: bench/audit.sh [RUNS] [RECORDS]   (defaults 500 and 1000000)
# Needs hyperfine >= 1.17 (target/bench-tools/bin, else PATH; else installs 1.20.0 from
# crates.io into target/bench-tools) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"
records="${2:-1000000}"
hyperfine="$PWD/target/bench-tools/bin/hyperfine"
if [ ! -x "$hyperfine" ]; then
  if command -v hyperfine >/dev/null && hyperfine --help | grep -q -- '--input'; then
    hyperfine="$(command -v hyperfine)"
  else
    cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
  fi
fi

cargo build -q --release -p command-guard -p hookkit-audit
target="${CARGO_TARGET_DIR:-$PWD/target}"
guard="$target/release/command-guard"
audit="$target/release/hookkit-audit"

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
def q(name, f):
    t = sorted(r[name]["times"])
    return t[min(len(t) - 1, int(f * len(t)))] * 1e3
for label, f in (("median", 0.5), ("p10", 0.1), ("min", 0.0)):
    off, on = q("audit off", f), q("audit on", f)
    print(f"{label}: audit off {off:.3f} ms, audit on {on:.3f} ms, recording costs {on - off:.3f} ms (target < 0.3 ms)")
off, on = ((r[n]["user"] + r[n]["system"]) * 1e3 for n in ("audit off", "audit on"))
print(f"mean user+system CPU: audit off {off:.3f} ms, audit on {on:.3f} ms, recording costs {on - off:.3f} ms")
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
"$hyperfine" -N --warmup 1 --runs 5 --export-json "$work/verify.json" \
  -n "verify on $records records" "$audit --dir $work/big verify"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["results"][0]["median"]
print(f"verify: median {m:.3f} s over {sys.argv[2]} records")
' "$work/verify.json" "$records"
