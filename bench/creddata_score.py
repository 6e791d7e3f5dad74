#!/usr/bin/env python3
"""Scores secret scanners side by side on a CredData sample (bench/creddata.sh).

Usage: creddata_score.py OUT NAME=FORMAT:FINDINGS... [--rows NAME:FILE]

  OUT       the built sample: OUT/data (the scanned folder, scanned from OUT as `data`) and
            OUT/labels.jsonl (one CredData label row a line: path relative to data/,
            line_start, line_end, ground_truth T/F/X, categories, repo_id)
  FORMAT    sg: `secret-guard scan --format jsonl` (path, line, masked `…(N chars)`)
            gitleaks: gitleaks' JSON report (File, StartLine, EndLine)
            ds: detect-secrets' JSON (results: {file: [{line_number}]})
            kingfisher: Kingfisher's `--format json` report (findings[].finding: path, line;
            the start line only, as Kingfisher reports no end line)
            betterleaks: Betterleaks' JSON report (findings[].location: path, start_line,
            end_line; the locations of a finding's `component_sets` count as findings too,
            as Betterleaks reports them, e.g. the secret key paired with an AWS key id)
  --rows    also write NAME's per-row outcome (label row + hit + rules) as JSON Lines to FILE
            (no line text: look lines up in OUT/data, which stays outside the repository)

Scoring is CredData's line match (as Samsung/CredData's benchmark and score_creddata.py): a
finding hits every label row whose lines hold the finding's line; when the line has T rows,
only those. A hit T row is a true positive, a hit F or X row (X: example, placeholder,
unknown) a false positive; P = TP/(TP+FP), R = TP/T. Findings on unlabelled lines do not
count. A row counts once in each of its categories. Stdlib only.
"""
import json
import os
import re
import signal
import sys
from collections import defaultdict


def findings(fmt, path):
    """(path relative to data/, first line, last line, rule) per finding."""
    text = open(path, encoding="utf8").read()
    if fmt == "sg":
        for line in text.splitlines():
            if line.strip():
                f = json.loads(line)
                # a private key spans lines: its length is in the masked form `…(N chars)`
                m = re.search(r"\((\d+) chars\)$", f.get("masked", ""))
                yield f["path"], f["line"], f["line"], f["rule_id"], int(m.group(1)) if m else 0
    elif fmt == "gitleaks":
        for f in json.loads(text or "[]") or []:
            yield f["File"], f["StartLine"], f["EndLine"] or f["StartLine"], f["RuleID"], 0
    elif fmt == "ds":
        for file, items in json.loads(text)["results"].items():
            for f in items:
                yield file, f["line_number"], f["line_number"], f["type"], 0
    elif fmt == "kingfisher":
        for f in json.loads(text or "{}").get("findings") or []:
            yield f["finding"]["path"], f["finding"]["line"], f["finding"]["line"], f["rule"]["id"], 0
    elif fmt == "betterleaks":
        for f in json.loads(text or "{}").get("findings") or []:
            parts = [f] + [c for cs in f.get("component_sets") or [] for c in cs.get("components") or []]
            for p in parts:
                loc = p["location"]
                yield loc["path"], loc["start_line"], loc.get("end_line") or loc["start_line"], p["rule_id"], 0
    else:
        raise SystemExit(f"unknown format {fmt}")


def rel(path):
    path = path.replace("\\", "/")
    return path[len("data/"):] if path.startswith("data/") else path


def score(rows, at, found, data):
    """Per row: hit (bool) and the rules that hit it."""
    hit, rules = [False] * len(rows), defaultdict(set)
    for path, line, end, rule, length in found:
        path = rel(path)
        if length > 200:  # multi-line secret: count the lines it spans
            with open(os.path.join(data, path), encoding="utf8", errors="replace") as fh:
                lines = fh.read().split("\n")
            n, i = length, line - 1
            while i < len(lines) and n > len(lines[i]):
                n -= len(lines[i]) + 1
                i += 1
            end = max(end, i + 1)
        cand = list(dict.fromkeys(r for ln in range(line, end + 1) for r in at.get((path, ln), ())))
        ts = [i for i in cand if rows[i]["ground_truth"] == "T"]
        for i in ts or cand:
            hit[i] = True
            rules[i].add(rule)
    return hit, rules


def prf(rows, hit, sel):
    t = tp = fp = 0
    for r, h in zip(rows, hit):
        if sel(r):
            t += r["ground_truth"] == "T"
            tp += h and r["ground_truth"] == "T"
            fp += h and r["ground_truth"] != "T"
    p = tp / (tp + fp) if tp + fp else None
    rc = tp / t if t else None
    f1 = 2 * p * rc / (p + rc) if p and rc else (0.0 if p is not None and rc is not None else None)
    return t, tp, fp, p, rc, f1


def table(title, groups, rows, hits, names):
    f3 = lambda x: "  -  " if x is None else f"{x:.3f}"
    print(f"\n{title:<32} {'T':>5}" + "".join(f" | {n[:14]:<14}  TP   FP   P     R     F1" for n in names))
    for label, sel in groups:
        cells = [prf(rows, hits[n], sel) for n in names]
        t = cells[0][0]
        print(f"{label[:32]:<32} {t:>5}" + "".join(
            f" | {'':>14}{tp:>4} {fp:>4} {f3(p)} {f3(rc)} {f3(f1)}" for _, tp, fp, p, rc, f1 in cells))


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if len(argv) < 2:
        raise SystemExit(__doc__)
    out, specs, rows_out = argv[0], [], {}
    it = iter(argv[1:])
    for a in it:
        if a == "--rows":
            name, file = next(it).split(":", 1)
            rows_out[name] = file
        else:
            name, rest = a.split("=", 1)
            fmt, path = rest.split(":", 1)
            specs.append((name, fmt, path))
    data = os.path.join(out, "data")
    rows = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl")) if l.strip()]
    at = defaultdict(list)
    for i, r in enumerate(rows):
        for ln in range(r["line_start"], r["line_end"] + 1):
            at[(r["path"], ln)].append(i)
    hits, names = {}, [n for n, _, _ in specs]
    for name, fmt, path in specs:
        hits[name], rules = score(rows, at, findings(fmt, path), data)
        if name in rows_out:
            with open(rows_out[name], "w") as fh:
                for i, r in enumerate(rows):
                    fh.write(json.dumps(dict(r, hit=hits[name][i], rules=sorted(rules[i]))) + "\n")
    cats = sorted({c for r in rows for c in r["categories"]},
                  key=lambda c: (-sum(c in r["categories"] and r["ground_truth"] == "T" for r in rows), c))
    repos = sorted({r["repo_id"] for r in rows})
    table("overall", [("all", lambda r: True), ("without UUID", lambda r: "UUID" not in r["categories"])],
          rows, hits, names)
    table("per category", [(c, lambda r, c=c: c in r["categories"]) for c in cats], rows, hits, names)
    table("per repository", [(f"{p} {rows[next(i for i, r in enumerate(rows) if r['repo_id'] == p)]['repo']}",
                              lambda r, p=p: r["repo_id"] == p) for p in repos], rows, hits, names)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
