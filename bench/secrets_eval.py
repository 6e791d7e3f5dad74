#!/usr/bin/env python3
"""Recall and false positives of `secret-guard scan` on Nosey Parker's labelled examples.

Usage: secrets_eval.py SECRET_GUARD_BINARY CORPUS_JSON

Also a module: bench/secrets_peers.py reuses `write_corpus` and `other_rules`.

Each positive example (`examples`) and each negative example (`neg`) of
tests/corpora/secrets/noseyparker-rules.json is written to its own file; the binary scans
the directory once (`--format jsonl`); a positive counts as found when its file has at
least one finding, a negative as flagged when its file has any. Prints the totals and, per
Nosey Parker rule family (`np.<family>.<n>`), the examples missed.

A negative example is negative for its own rule only: many hold a credential of another
shape (`xoxb-…` without the third part is a negative of one Slack rule and a positive of
another). A flagged negative that another Nosey Parker rule's regex matches (compiled with
Python's `re`, which reads their `(?x)`/`(?#…)` syntax; the few that do not compile are
skipped) is counted apart, as "holds another rule's credential"; the rest are the false
positives proper.
"""

import collections
import json
import pathlib
import re
import subprocess
import sys
import tempfile


def family(rule_id):
    """`np.<family>.<n>` -> `<family>` (likewise `gitleaks.<family>.<id>`)."""
    return rule_id.split(".")[1] if rule_id.count(".") >= 2 else rule_id


def write_corpus(root, rules):
    """Writes each positive to root/pos/<id>.<i>.txt and each negative to root/neg/…;
    returns {relative path: ("pos" | "neg", family)}."""
    (root / "pos").mkdir()
    (root / "neg").mkdir()
    labels = {}
    for r in rules:
        for kind, key in (("pos", "examples"), ("neg", "neg")):
            for i, text in enumerate(r.get(key, [])):
                name = f"{kind}/{r['id']}.{i}.txt"
                (root / name).write_text(text)
                labels[name] = (kind, family(r["id"]))
    return labels


def other_rules(rules, fps):
    """For each flagged negative, the ids of the other rules whose regex matches it."""
    regexes = {}
    for r in rules:
        try:
            if r.get("regex"):
                regexes[r["id"]] = re.compile(r["regex"])
        except re.error:
            pass
    texts = {f"neg/{r['id']}.{i}.txt": (r["id"], t) for r in rules for i, t in enumerate(r.get("neg", []))}
    return {
        n: [rid for rid, rx in regexes.items() if rid != texts[n][0] and rx.search(texts[n][1])]
        for n in fps
    }


def main() -> int:
    binary, corpus = str(pathlib.Path(sys.argv[1]).resolve()), sys.argv[2]
    rules = json.load(open(corpus))
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        labels = write_corpus(root, rules)
        out = subprocess.run(
            [binary, "scan", "--format", "jsonl", "pos", "neg"],
            cwd=root, capture_output=True, text=True,
        )
        if out.returncode not in (0, 1):
            sys.stderr.write(out.stderr)
            return 2
        hits = collections.Counter()
        rules_hit = collections.defaultdict(set)
        for line in out.stdout.splitlines():
            f = json.loads(line)
            path = f["path"].removeprefix("./")
            hits[path] += 1
            rules_hit[path].add(f["rule_id"].split(".", 1)[1])
    pos = [n for n, (k, _) in labels.items() if k == "pos"]
    neg = [n for n, (k, _) in labels.items() if k == "neg"]
    found = [n for n in pos if hits[n]]
    fps = [n for n in neg if hits[n]]
    other = other_rules(rules, fps)
    strict = [n for n in fps if not other[n]]
    print(f"positives: {len(found)}/{len(pos)} found (recall {100 * len(found) / max(1, len(pos)):.1f}%)")
    print(
        f"negatives: {len(fps)}/{len(neg)} flagged ({100 * len(fps) / max(1, len(neg)):.1f}%); "
        f"{len(fps) - len(strict)} of them hold another corpus rule's credential; "
        f"false positives proper: {len(strict)} ({100 * len(strict) / max(1, len(neg)):.1f}%)"
    )
    by_family = collections.defaultdict(lambda: [0, 0])
    for n in pos:
        fam = labels[n][1]
        by_family[fam][1] += 1
        by_family[fam][0] += bool(hits[n])
    missed = {f: v for f, v in by_family.items() if v[0] < v[1]}
    full = sum(1 for v in by_family.values() if v[0] == v[1])
    print(f"families: {full}/{len(by_family)} fully covered; partly or not covered:")
    for fam, (ok, total) in sorted(missed.items()):
        print(f"  {fam:<28} {ok}/{total}")
    if fps:
        print("flagged negatives (file: hookkit rules [another corpus rule that matches]):")
        for n in fps:
            also = f" [{', '.join(other[n][:2])}]" if other[n] else " [none: false positive]"
            print(f"  {n}: {', '.join(sorted(rules_hit[n]))}{also}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
