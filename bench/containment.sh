#!/usr/bin/env bash
# The latency cost of fail-closed containment (issue "Fail closed, always"; target: within
# 0.1 ms per hook call): the deadline watchdog thread and the native-fault handlers, paid
# on every call. Builds command-guard at BASE (default e1567ad: hookkit's own parser,
# before containment) in a scratch worktree under target/, and at the working tree, then
# times both on the typical and the denied call of bench/latency.sh, interleaved
# (hyperfine -N, payload on stdin), and prints the medians and their difference. The
# difference also holds every other change since BASE, so it bounds containment's cost
# from above.
# Usage: bench/containment.sh [RUNS] [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-2000}"
base="${2:-e1567ad}"

hf=hyperfine
if ! command -v hyperfine >/dev/null || ! hyperfine --help | grep -q -- '--input'; then
  hf="$PWD/target/bench-tools/bin/hyperfine"
  [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
fi
tree="$PWD/target/bench-tools/base-$base"
[ -d "$tree" ] || git worktree add -q --detach "$tree" "$base"
cargo build -q --release -p command-guard --manifest-path "$tree/Cargo.toml"
cargo build -q --release -p command-guard
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home/project/.git"
python3 - "$work" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
base = json.load(open("crates/hooks/tests/fixtures/claude-code/PreToolUse-Bash.json"))
cases = {
    "typical": "cargo test --workspace 2>&1 | tail -20",
    "denied": json.load(open("tests/fixtures/claude-code-PreToolUse-rm-rf-home.json"))["tool_input"]["command"],
}
for name, cmd in cases.items():
    p = dict(base)
    p["tool_input"] = {"command": cmd, "description": name}
    p["cwd"] = str(out / "home/project")
    (out / f"{name}.json").write_text(json.dumps(p))
PY
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state"
for case in typical denied; do
  "$hf" -N --output=pipe --warmup 100 --runs "$runs" --input "$work/$case.json" \
    --export-json "$work/$case.result.json" \
    -n "base $base" "$tree/target/release/command-guard --host claude-code" \
    -n "containment" "$PWD/target/release/command-guard --host claude-code" >/dev/null 2>&1
  python3 - "$work/$case.result.json" "$case" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
b, c = r[0]["median"] * 1000, r[1]["median"] * 1000
print(f"{sys.argv[2]:<8} base {b:.3f} ms  with containment {c:.3f} ms  difference {c - b:+.3f} ms (target: within 0.1 ms)")
PY
done
