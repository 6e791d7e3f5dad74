#!/usr/bin/env bash
# command-guard measured side by side with its peers (issue 3, "Measured, side by side"; issue 13):
# 1. every labelled case of tests/corpora/commands/cases.jsonl through the real binaries,
#    whole process, as Claude Code PreToolUse hooks: recall on must-deny, false denials and
#    asks on must-allow, per pack and per peer label, policy-dependent labels apart;
# 2. the same on the fresh set tests/corpora/commands/fresh.jsonl, per category;
# 3. auto-approval: command-guard with `auto_approve = true` and safe-chains on both corpora:
#    the share of each labelled set approved, and every approval of a deny or ask case;
# 4. whole-process latency of one hook call (hyperfine -N --input) on simple commands, a
#    nested `bash -c`, a commit with a heredoc message and a 300-line Python heredoc.
#    Targets: median < 2 ms simple, < 5 ms 300-line heredoc, never slower than dcg v0.4.1.
#
# Peers, each run only when present:
# - destructive_command_guard v0.4.1 at commit 1a52415 (MIT; later releases forbid
#   benchmarking): set DCG_BIN to a `dcg` binary you built from that commit yourself. This
#   script never builds it.
# - cc-safety-net, pinned below, installed from the npm registry into target/bench-tools
#   (needs node >= 18 and npm; set CCSN=0 to skip it).
# - safe-chains (MIT OR Apache-2.0), an approver, pinned below, installed from crates.io into
#   target/bench-tools with `cargo install --locked` (needs rustc >= 1.95; SAFE_CHAINS=0 skips
#   it). Measured in step 3 only: it never denies.
#
# Corpus commands never reach a shell: bench/commands_eval.py puts each into a JSON payload
# and writes it to the binary's stdin, in a scratch project dir with a scratch HOME.
# Usage: bench/commands.sh [RUNS]   (RUNS: hyperfine runs per native binary, default 300)
# Env: DCG_BIN, CCSN=0, SAFE_CHAINS=0, JOBS (parallel hook calls for the corpus, default 2),
# MISSES=N (list N corpus cases command-guard decides against the label), APPROVED=N (list N
# approved deny/ask cases per approver and set, default 5), PEERS_ON_INFO=1 (run the peers on
# Dippy's informational `ask` set too: ~3900 more node starts), SLOW_RUNS (hyperfine runs for
# cc-safety-net, default 20), SKIP_ACCURACY=1, SKIP_FRESH=1, SKIP_APPROVAL=1, SKIP_LATENCY=1.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-300}"
ccsn_version=2.4.5
safe_chains_version=0.241.2

triple="$(rustc -vV | sed -n 's/^host: //p')"
cargo build -q --release -p command-guard
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  cargo build -q --release -p command-guard --target "$triple"
guard="$PWD/target/release/command-guard"
tools=(--tool "command-guard=command-guard:$guard")
static_tool=(--tool "command-guard static=command-guard:$PWD/target/$triple/release/command-guard")

if [ -n "${DCG_BIN:-}" ]; then
  # `dcg --version` prints a banner box; the version sits inside it.
  if ! "$DCG_BIN" --version 2>&1 | grep -q 'dcg v0\.4\.1\b'; then
    echo "DCG_BIN is not dcg v0.4.1: only commit 1a52415 may be benchmarked" >&2
    exit 2
  fi
  tools+=(--tool "dcg 0.4.1=dcg:$DCG_BIN")
else
  echo "(DCG_BIN unset: destructive_command_guard v0.4.1 not measured)"
fi

if [ "${CCSN:-1}" != 0 ] && command -v npm >/dev/null && command -v node >/dev/null; then
  ccsn_dir="$PWD/target/bench-tools/cc-safety-net-$ccsn_version"
  ccsn="$ccsn_dir/node_modules/cc-safety-net/dist/bin/cc-safety-net.js"
  [ -f "$ccsn" ] || npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
    --prefix "$ccsn_dir" "cc-safety-net@$ccsn_version" >/dev/null
  tools+=(--tool "cc-safety-net $ccsn_version=cc-safety-net:$ccsn")
else
  echo "(cc-safety-net not measured: CCSN=0, or node/npm missing)"
fi

# Scratch project and HOME outside /tmp: cc-safety-net relaxes its rules for temp roots.
mkdir -p target/bench-tools
work="$(mktemp -d "$PWD/target/bench-tools/commands.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fixture=crates/hooks/tests/fixtures/claude-code/PreToolUse-Bash.json

if [ "${SKIP_ACCURACY:-0}" = 0 ]; then
  echo "== labelled corpus (tests/corpora/commands/cases.jsonl), each case one hook call"
  python3 bench/commands_eval.py accuracy --cases tests/corpora/commands/cases.jsonl \
    --fixture "$fixture" --scratch "$work/accuracy" --jobs "${JOBS:-2}" \
    --show-misses "${MISSES:-0}" ${PEERS_ON_INFO:+--peers-on-info} "${tools[@]}"
fi

if [ "${SKIP_FRESH:-0}" = 0 ]; then
  echo
  echo "== fresh labelled set (tests/corpora/commands/fresh.jsonl), per category"
  python3 bench/commands_eval.py accuracy --cases tests/corpora/commands/fresh.jsonl \
    --fixture "$fixture" --scratch "$work/fresh" --jobs "${JOBS:-2}" \
    --show-misses "${MISSES:-0}" "${tools[@]}"
fi

if [ "${SKIP_APPROVAL:-0}" = 0 ]; then
  # command-guard reads auto_approve from an explicit --config file (a person's layer): a
  # project .hookkit.toml may not turn it on. commands_eval.py writes that file.
  approvers=(--tool "command-guard auto_approve=command-guard-auto:$guard")
  if [ "${SAFE_CHAINS:-1}" != 0 ]; then
    sc_root="$PWD/target/bench-tools/safe-chains-$safe_chains_version"
    if [ -x "$sc_root/bin/safe-chains" ] || cargo install -q --locked --root "$sc_root" \
        safe-chains --version "$safe_chains_version"; then
      approvers+=(--tool "safe-chains $safe_chains_version=safe-chains:$sc_root/bin/safe-chains")
    else
      echo "(safe-chains $safe_chains_version did not install: not measured)"
    fi
  else
    echo "(safe-chains not measured: SAFE_CHAINS=0)"
  fi
  echo
  echo "== auto-approval on cases.jsonl and fresh.jsonl, each case one hook call"
  python3 bench/commands_eval.py approval --cases tests/corpora/commands/cases.jsonl \
    --cases tests/corpora/commands/fresh.jsonl --fixture "$fixture" --scratch "$work/approval" \
    --jobs "${JOBS:-2}" --show-approved "${APPROVED:-5}" "${approvers[@]}"
fi

if [ "${SKIP_LATENCY:-0}" = 0 ]; then
  hf=hyperfine
  if ! command -v hyperfine >/dev/null || ! hyperfine --help | grep -q -- '--input'; then
    hf="$PWD/target/bench-tools/bin/hyperfine"
    [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
  fi
  python3 bench/commands_eval.py latency --fixture "$fixture" --scratch "$work/latency" \
    --hyperfine "$hf" --runs "$runs" --slow-runs "${SLOW_RUNS:-20}" \
    "${tools[0]}" "${tools[1]}" "${static_tool[@]}" "${tools[@]:2}"
fi
