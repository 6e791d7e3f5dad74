#!/usr/bin/env bash
# Whole-process time of one command-guard hook call, as a host runs it: process start,
# reading the payload on stdin, parsing, policy, answer. Prints each case's median and
# /bin/true's (the cost of starting any process on this machine) for scale.
# Target (foundation issue): median under 2 ms on a 2-core machine.
#
# Needs hyperfine >= 1.17 (for --input); installs 1.20.0 from crates.io into
# target/bench-tools when the one on PATH is older or missing.
# Usage: bench/latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000}"

hf=hyperfine
if ! command -v hyperfine >/dev/null || ! hyperfine --help | grep -q -- '--input'; then
  hf="$PWD/target/bench-tools/bin/hyperfine"
  [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
fi

# Two builds: cargo's default (a dynamically linked PIE) and the one the README recommends
# installing on x86_64 Linux (static, not position-independent: no dynamic loader, no
# relocations at start-up).
triple="$(rustc -vV | sed -n 's/^host: //p')"
cargo build -q --release -p command-guard
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  cargo build -q --release -p command-guard --target "$triple"
builds=("default:$PWD/target/release/command-guard" "static:$PWD/target/$triple/release/command-guard")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Payloads: the PreToolUse payload captured from Claude Code, with three commands.
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

measure() { # name, input file or empty, command...
  local name="$1" input="$2"; shift 2
  local args=(-N --output=pipe --warmup 50 --runs "$runs" --export-json "$work/$name.result.json")
  if [ -n "$input" ]; then args+=(--input "$input"); fi
  "$hf" "${args[@]}" "$*" >/dev/null 2>&1
  python3 - "$work/$name.result.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"  {sys.argv[2]:<10} median {r['median']*1000:.2f} ms  mean {r['mean']*1000:.2f} ms  min {r['min']*1000:.2f} ms")
PY
}

for build in "${builds[@]}"; do
  echo "${build%%:*} build:"
  for case in typical nested denied; do
    measure "$case" "$work/$case.json" "${build#*:}" --host claude-code --config /dev/null
  done
done
echo "for scale:"
measure "true" "" /bin/true
