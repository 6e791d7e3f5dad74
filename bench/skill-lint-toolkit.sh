#!/usr/bin/env bash
# Whole-process time of `skill-lint` over a real multi-skill repository, the AWS agent toolkit
# (tests/corpora/skills/aws-agent-toolkit: 152 SKILL.md files, 1,689 files, 14 MB), every check
# on (default profile, credential scan of every file included), next to the toolkit's own
# validator (`tools/validate.py`: manifests, and name and description of each SKILL.md) and
# skills-ref (PyPI `skills-ref`, the Agent Skills reference validator: `validate()` on every
# skill in one Python process). Target (issue 17): skill-lint under 50 ms.
#
# Uses hyperfine from PATH, or target/bench-tools/bin/hyperfine (bench/latency.sh installs it);
# installs skills-ref into a venv under target/bench-tools/ (network on the first run).
# Usage: bench/skill-lint-toolkit.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"

hf=hyperfine
if ! command -v hyperfine >/dev/null; then
  hf="$PWD/target/bench-tools/bin/hyperfine"
  [ -x "$hf" ] || cargo install -q hyperfine --version 1.20.0 --locked --root "$PWD/target/bench-tools"
fi
venv="$PWD/target/bench-tools/skills-ref-venv"
if [ ! -x "$venv/bin/agentskills" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check skills-ref==0.1.1
fi
cargo build -q --release -p skill-lint
bin="$PWD/target/release/skill-lint"
toolkit="$PWD/tests/corpora/skills/aws-agent-toolkit"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# skills-ref on every skill directory, in one process.
find "$toolkit" -name SKILL.md -printf '%h\n' | sort > "$work/skills.txt"
cat > "$work/skills_ref_all.py" <<'PY'
import sys
from pathlib import Path
from skills_ref import validate
for line in open(sys.argv[1]):
    validate(Path(line.strip()))
PY

# Exit statuses are ignored (-i): all three find problems in the toolkit.
"$hf" -N -i --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  -n skill-lint "$bin $toolkit" \
  -n validate.py "python3 $toolkit/tools/validate.py" \
  -n skills-ref "$venv/bin/python $work/skills_ref_all.py $work/skills.txt" \
  >/dev/null 2>&1
python3 - "$work/result.json" "$(nproc)" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
lint = results["skill-lint"]
print(f"AWS agent toolkit (152 SKILL.md, 14 MB), whole process, median of {len(lint['times'])} runs, {sys.argv[2]} cores:")
for name in ["skill-lint", "validate.py", "skills-ref"]:
    r = results[name]
    ratio = r["median"] / lint["median"]
    cpu = r["user"] + r["system"]
    print(f"  {name:<12} median {r['median']*1000:7.1f} ms  min {r['min']*1000:7.1f} ms  "
          f"CPU {cpu*1000:7.1f} ms  ({ratio:.2f}x skill-lint)")
met = "met" if lint["median"] < 0.05 else "MISSED"
print(f"skill-lint target < 50 ms: {met}")
PY
