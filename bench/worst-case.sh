#!/usr/bin/env bash
# Worst-case time and peak memory of one hook call on hostile inputs (issue "Fail closed,
# always"): pipelines, lists, nesting, assignments, redirects, heredocs, substitutions… at
# 1 KB, 100 KB and 4 MiB, for both guards (bench/worst_case.py). Target: every payload
# answered, none over 1 s.
#
# Peers on the same payloads: give NAME=BINARY pairs, for example a build of hookkit before
# its own parser (tree-sitter-bash): `git worktree add /tmp/hk-ts d698900 && cargo build
# --release -p command-guard --manifest-path /tmp/hk-ts/Cargo.toml`, then
# `bench/worst-case.sh tree-sitter=/tmp/hk-ts/target/release/command-guard`.
# RUNS (default 3) runs per case, the slowest counts; TIMEOUT (default 30 s) per run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p command-guard -p secret-guard
python3 bench/worst_case.py target/release/command-guard target/release/secret-guard "$@"
