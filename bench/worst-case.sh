#!/usr/bin/env bash
# Worst-case time and peak memory of one hook call on hostile inputs (issue "Fail closed,
# always"), bench/worst_case.py:
# - PreToolUse: pipelines, lists, nesting, assignments, redirects, heredocs, substitutions…
#   at 1 KB, 100 KB and 4 MiB, for both guards. Target: every payload answered, none over 1 s.
# - PostToolUse (secret-guard): the hostile texts of bench/secrets_hostile.json with a fake
#   token in the middle, as the output of a Claude Code and a Codex Bash call, at 1 KB,
#   100 KB, 4 MiB and just under the 64 MiB post-tool limit. Target: every output redacted,
#   withheld or blocked in what the host shows, within the host's 10 s; a case with the
#   token in clear, an exit other than 0 and 2, or no answer prints FAIL OPEN (exit 1).
# ONLY=pre or ONLY=post runs one part.
#
# Peers on the same payloads: give NAME=BINARY pairs, for example a build of hookkit before
# its own parser (tree-sitter-bash): `git worktree add /tmp/hk-ts d698900 && cargo build
# --release -p command-guard --manifest-path /tmp/hk-ts/Cargo.toml`, then
# `bench/worst-case.sh tree-sitter=/tmp/hk-ts/target/release/command-guard`.
# RUNS (default 3) runs per case, the slowest counts; TIMEOUT (default 30 s) per run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Peak memory is read with GNU time (Debian package `time`).
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build -q --release -p command-guard -p secret-guard
target="${CARGO_TARGET_DIR:-$PWD/target}/release"
python3 bench/worst_case.py "$target/command-guard" "$target/secret-guard" "$@"
