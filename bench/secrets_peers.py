#!/usr/bin/env python3
"""secret-guard next to its peers on the same labelled examples.

Usage: secrets_peers.py SECRET_GUARD DETECT_SECRETS|- GITLEAKS|- CORPUS_JSON

The corpus (`{id, regex, examples, neg}` list: tests/corpora/secrets/noseyparker-rules.json
or gitleaks-examples.json) is written one example a file, exactly as bench/secrets_eval.py
does (`write_corpus`); each scanner scans the `pos` and `neg` directories once, and a file
counts as flagged when the scanner reports anything in it. `-` skips a scanner.

- secret-guard: `secret-guard scan --format jsonl pos neg`;
- detect-secrets (Yelp, PyPI): `detect-secrets scan --all-files pos neg` (default plugins
  and filters), JSON `results` keyed by file;
- gitleaks: `gitleaks dir . --report-format json` (v8.19+; `gitleaks detect --no-git`
  before that), default rules, JSON list of findings with `File`.

Prints, per family, `found/total` positives for each scanner, then the totals: recall,
negatives flagged, and of those the false positives proper (no other rule of the corpus
matches the negative; see bench/secrets_eval.py).
"""

import collections
import json
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


def main() -> int:
    sg, ds, gl, corpus = sys.argv[1:5]
    rules = json.load(open(corpus))
    scanners = [("secret-guard", secret_guard, str(pathlib.Path(sg).resolve()))]
    if ds != "-":
        scanners.append(("detect-secrets", detect_secrets, str(pathlib.Path(ds).resolve())))
    if gl != "-":
        scanners.append(("gitleaks", gitleaks, gl))
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
