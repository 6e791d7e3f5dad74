#!/usr/bin/env bash
# skill-lint and skills-ref (PyPI `skills-ref`, the Agent Skills reference validator) on the
# same skills: which files each accepts, and time. Default input: the corpus of real
# published skills (tests/corpora/skills) and skill-lint's bad fixtures.
#
# Installs skills-ref into a venv under target/bench-tools/ (network on the first run).
# Usage: bench/skill-lint-vs-skills-ref.sh [DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/target/bench-tools/skills-ref-venv"
if [ ! -x "$venv/bin/agentskills" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check skills-ref==0.1.1
fi
cargo build -q --release -p skill-lint
if [ "$#" -eq 0 ]; then
  set -- tests/corpora/skills crates/skill-lint/tests/fixtures/bad
fi
python3 bench/skill-lint-vs-skills-ref.py "$PWD/target/release/skill-lint" \
  "$venv/bin/agentskills" "$venv/bin/python" "$@"
