#!/usr/bin/env bash
# secret-guard measured:
# 1. recall and false positives of `secret-guard scan` on Nosey Parker's labelled examples
#    (tests/corpora/secrets/noseyparker-rules.json: 430 positives, 143 negatives), per rule
#    family (bench/secrets_eval.py);
# 2. whole-process latency of one hook call (process start, payload on stdin, all fetch
#    and secret rules loaded, answer) with hyperfine, for a typical command, a denied
#    secret fetch, a command with a typed credential, and a PostToolUse of a 64 KiB log.
#    Target (issue 4): median under 3 ms for a typical command.
#
# Not measured here (yet): PostToolUse throughput on 10 MB, gitleaks/detect-secrets on the
# same inputs, gitleaks' own examples (they live in gitleaks' Go sources, not its TOML).
#
# Needs hyperfine >= 1.17 (for --input): uses target/bench-tools/bin/hyperfine, installing
# 1.20.0 from crates.io there when missing (as bench/latency.sh does).
# Usage: bench/secrets.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"

cargo build -q --release -p secret-guard
bin="$PWD/target/release/secret-guard"

echo "== Nosey Parker labelled examples"
python3 bench/secrets_eval.py "$bin" tests/corpora/secrets/noseyparker-rules.json

hf=hyperfine
if ! command -v hyperfine >/dev/null || ! hyperfine --help | grep -q -- '--input'; then
  hf="$PWD/target/bench-tools/bin/hyperfine"
  [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/secrets_payloads.py "$work"

measure() { # name, input file or empty, command...
  local name="$1" input="$2"; shift 2
  local args=(-N --warmup 50 --runs "$runs" --export-json "$work/$name.result.json")
  if [ -n "$input" ]; then args+=(--input "$input"); fi
  "$hf" "${args[@]}" "$*" >/dev/null 2>&1
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
m, a, lo = (r[k] * 1000 for k in ("median", "mean", "min"))
print(f"  {sys.argv[2]:<10} median {m:.2f} ms  mean {a:.2f} ms  min {lo:.2f} ms")
' "$work/$name.result.json" "$name"
}

echo "== hook latency (whole process, $runs runs)"
for case in typical fetch typed post64k; do
  measure "$case" "$work/$case.json" "$bin" --host claude-code --config /dev/null
done
echo "for scale:"
measure "true" "" /bin/true
