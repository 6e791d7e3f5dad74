#!/usr/bin/env python3
"""Prints the ordered candidates of the CredData held-out sample (bench/creddata-heldout.txt).

Usage: creddata_heldout.py CREDDATA_GIT [DEV_LIST]

  CREDDATA_GIT  a git directory of Samsung/CredData holding commit c2e5761a (the commit whose
                snapshot.json and meta/*.csv the development sample uses)
  DEV_LIST      the development sample's list (default
                /work/shared/corpora/creddata/repos.txt): its repositories are left out

The rule, fixed before any held-out result was seen: every repository of CredData's
snapshot.json at c2e5761a that is not in DEV_LIST and lies within the development sample's
per-repository ranges (24 to 1,039 label rows, at least 8 T rows, counted in meta/<id>.csv at
c2e5761a), sorted by lower-cased owner/name, shuffled with Python's random.Random(14) (14: the
issue). The held-out list is the first 40 of this order whose mirror fetches with the pinned
commit and that build_creddata.py builds; a repository that does not is replaced by the next.
Output: one line per candidate in repos.txt's format (owner/name, pinned commit, then a comment
with CredData's repository id, its T/F/X rows and the rank). Stdlib only.
"""
import binascii
import csv
import io
import json
import random
import subprocess
import sys
from collections import Counter

COMMIT = "c2e5761aa1923330eaf7460e44a20bdd0dc86926"
SEED = 14
ROWS = (24, 1039)
MIN_T = 8


def show(git_dir, path):
    return subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{COMMIT}:{path}"],
                          check=True, stdout=subprocess.PIPE).stdout.decode()


def main(git_dir, dev_list="/work/shared/corpora/creddata/repos.txt"):
    with open(dev_list) as f:
        dev = {ln.split('#', 1)[0].split()[0].lower() for ln in f if ln.split('#', 1)[0].strip()}
    pool = []
    for key, url in json.loads(show(git_dir, "snapshot.json")).items():
        name = url.removeprefix("https://github.com/").rstrip('/')
        rid = f"{binascii.crc32(binascii.unhexlify(key)):08x}"
        n = Counter(r["GroundTruth"] for r in csv.DictReader(io.StringIO(show(git_dir, f"meta/{rid}.csv"))))
        if name.lower() not in dev and ROWS[0] <= n.total() <= ROWS[1] and n["T"] >= MIN_T:
            pool.append((name, key[:40], rid, n))
    pool.sort(key=lambda p: p[0].lower())
    random.Random(SEED).shuffle(pool)
    for rank, (name, commit, rid, n) in enumerate(pool, 1):
        print(f"{name:50} {commit}  # {rid} T{n['T']}/F{n['F']}/X{n['X']} rank {rank}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
