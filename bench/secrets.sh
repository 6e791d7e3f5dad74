#!/usr/bin/env bash
# secret-guard measured:
# 1. recall and false positives of `secret-guard scan` on Nosey Parker's labelled examples
#    (tests/corpora/secrets/noseyparker-rules.json: 430 positives, 143 negatives), per rule
#    family (bench/secrets_eval.py);
# 2. whole-process latency of one hook call (process start, payload on stdin, all fetch
#    and secret rules loaded, answer) with hyperfine, for a typical command, a denied
#    secret fetch, a command with a typed credential, a Write of a 20 KB file and a
#    PostToolUse of a 64 KiB log. Target (issue 4): median under 3 ms for a typical command;
# 3. PostToolUse throughput on a generated 10 MB mixed output (bench/secrets_throughput.py:
#    logs, JSON, source, three fake credentials, one a multi-line private key): the hook
#    (whole process, payload parsing included) for Claude Code (`hook10m`: the answer
#    carries the whole output again, redacted, as `updatedToolOutput`) and for Codex
#    (`codex10m`: a block with at most 64 KiB of it), and `secret-guard scan` of the same
#    text as one file (over 8 MiB, so streamed in windows), whose findings must be the same
#    as the Claude Code hook's whole-buffer scan. Target: >= 100 MB/s.
#
# Peers (detect-secrets, gitleaks) on the same inputs and on gitleaks' own examples:
# bench/secrets_peers.sh.
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
  local args=(-N --output=pipe --warmup 50 --runs "$runs" --export-json "$work/$name.result.json")
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
for case in typical fetch typed write20k post64k; do
  measure "$case" "$work/$case.json" "$bin" --host claude-code --config /dev/null
done
echo "for scale:"
measure "true" "" /bin/true

echo "== PostToolUse throughput (10 MB mixed output)"
python3 bench/secrets_throughput.py "$work"
printf 'max_input_bytes = 33554432\n' >"$work/big.toml"
(cd "$work" && "$bin" scan --format jsonl mixed.txt | python3 -c 'import json,sys; print("\n".join(sorted(json.loads(l)["digest"] for l in sys.stdin)))' >scan.digests) || true
"$bin" --host claude-code --config "$work/big.toml" <"$work/post10m.json" | grep -o 'sha256:[0-9a-f]*' | sort -u >"$work/hook.digests" || true
if cmp -s "$work/scan.digests" "$work/hook.digests"; then
  echo "  findings: hook = whole-file scan ($(wc -l <"$work/hook.digests") credentials)"
else
  echo "  findings DIFFER between the hook and the whole-file scan"; exit 1
fi
tp() { # name, hyperfine result
  python3 -c '
import json, os, sys
r = json.load(open(sys.argv[1]))["results"][0]
mb, m = os.path.getsize(sys.argv[3]) / 1e6, r["median"]
print(f"  {sys.argv[2]:<10} median {m * 1000:.1f} ms  {mb / m:.0f} MB/s")
' "$work/$1.result.json" "$1" "$work/mixed.txt"
}
"$hf" -N --warmup 2 --runs 10 -i --export-json "$work/hook10m.result.json" --input "$work/post10m.json" \
  "$bin --host claude-code --config $work/big.toml" >/dev/null 2>&1
tp hook10m
"$hf" -N --warmup 2 --runs 10 -i --export-json "$work/codex10m.result.json" --input "$work/post10m-codex.json" \
  "$bin --host codex --config $work/big.toml" >/dev/null 2>&1
tp codex10m
(cd "$work" && "$hf" -N --warmup 2 --runs 10 -i --export-json "$work/scan10m.result.json" \
  "$bin scan --format jsonl mixed.txt" >/dev/null 2>&1)
tp scan10m
