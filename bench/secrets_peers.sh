#!/usr/bin/env bash
# secret-guard next to its peers (issue 4, "Measured"): recall and false positives per
# family of secret-guard, detect-secrets and gitleaks on the same labelled examples, each
# written one a file as bench/secrets_eval.py does (bench/secrets_peers.py):
# - Nosey Parker's examples, tests/corpora/secrets/noseyparker-rules.json (430 / 143);
# - gitleaks' own examples, tests/corpora/secrets/gitleaks-examples.json (the fixed `tps`/`fps`
#   of gitleaks' rule sources, extracted by bench/secrets_gitleaks_examples.py; hookkit's
#   rules are imported from gitleaks, so this set measures the import, not independence).
#
# Peers:
# - detect-secrets 1.5.0 (PyPI), installed into a venv under target/bench-tools/detect-secrets;
# - gitleaks: on PATH, else the Debian package when apt knows one (installed with apt-get
#   when running as root), else skipped with a message (Debian 12 has no gitleaks package).
# Usage: bench/secrets_peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --release -p secret-guard
bin="$PWD/target/release/secret-guard"

venv="$PWD/target/bench-tools/detect-secrets"
ds="$venv/bin/detect-secrets"
if [ ! -x "$ds" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q detect-secrets==1.5.0
fi

gl=-
if command -v gitleaks >/dev/null; then
  gl="$(command -v gitleaks)"
elif apt-cache policy gitleaks 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq gitleaks >/dev/null && gl="$(command -v gitleaks)"
  else
    echo "gitleaks: the Debian package exists but installing it needs root; skipped"
  fi
else
  echo "gitleaks: not on PATH and no Debian package (apt-cache policy gitleaks has no candidate); skipped"
fi

for corpus in noseyparker-rules gitleaks-examples; do
  echo "== $corpus"
  python3 bench/secrets_peers.py "$bin" "$ds" "$gl" "tests/corpora/secrets/$corpus.json"
done
