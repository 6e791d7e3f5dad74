#!/usr/bin/env bash
# Whole-process time of `skill-lint` over a generated repository of 150 skills (each with a
# references/ file and a script), as CI runs it. Target (issue 5): under 50 ms.
#
# Uses hyperfine from PATH, or target/bench-tools/bin/hyperfine (bench/latency.sh installs it).
# Usage: bench/skill-lint.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-50}"

hf=hyperfine
if ! command -v hyperfine >/dev/null; then
  hf="$PWD/target/bench-tools/bin/hyperfine"
  [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
fi
cargo build -q --release -p skill-lint
bin="$PWD/target/release/skill-lint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 bench/skill-lint-gen.py "$work" 150

"$bin" --strict "$work/skills" >/dev/null
"$hf" -N --warmup 5 --runs "$runs" --export-json "$work/result.json" "$bin --strict $work/skills" >/dev/null 2>&1
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"skill-lint, 150 skills: median {r['median']*1000:.1f} ms  mean {r['mean']*1000:.1f} ms  min {r['min']*1000:.1f} ms  (target < 50 ms: {'met' if r['median'] < 0.05 else 'MISSED'})")
PY
