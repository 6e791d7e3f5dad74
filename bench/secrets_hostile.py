#!/usr/bin/env python3
"""Whole-process time of `secret-guard scan` on texts made to stress the windowed scanner
(issue 14, "Fail closed, always"): 4 MiB each of a keyword, or a keyword and what a rule
wants after it, repeated with no newline, so that every few bytes open a window and a
search that reads on from each hit to the line's end is quadratic.

    bench/secrets_hostile.py BINARY [NAME=BINARY ...]

Every binary scans every text RUNS times (default 3; the median is shown: single runs of
the same binary were seen 2x apart), TIMEOUT seconds at most each, default 60; the
slowest median per binary is printed, and the findings of each binary are compared with
the first's (they must be the same: the window plan only decides where the regexes run).
"""

import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

SIZE = 4 * 1024 * 1024

# name: one unit, repeated with no separator (`text`). One definition, in
# secrets_hostile.json, for this script, bench/worst_case.py (the PostToolUse family) and
# crates/secret-guard/tests/post_tool_hostile.rs.
UNITS = json.loads((pathlib.Path(__file__).resolve().parent / "secrets_hostile.json").read_text())


def text(unit, size=SIZE):
    """`unit` repeated with no separator, as many whole times as fit in `size` bytes."""
    return unit * (size // len(unit))


def run(binary, path, timeout):
    start = time.monotonic()
    try:
        out = subprocess.run(
            [binary, "scan", "--format", "jsonl", path],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return float("inf"), None
    return time.monotonic() - start, hashlib.sha256(out.stdout).hexdigest()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binaries = []
    for i, arg in enumerate(sys.argv[1:]):
        name, _, path = arg.rpartition("=")
        binaries.append((name or ("secret-guard" if i == 0 else path), path))
    timeout = float(os.environ.get("TIMEOUT", "60"))
    runs = max(1, int(os.environ.get("RUNS", "3")))
    worst = {name: (0.0, "") for name, _ in binaries}
    with tempfile.TemporaryDirectory() as work:
        print(f"{'text (4 MiB)':<16}" + "".join(f"{n:>22}" for n, _ in binaries))
        for case, unit in UNITS.items():
            path = os.path.join(work, case + ".txt")
            with open(path, "w") as f:
                f.write(text(unit))
            row, digests = [], []
            for name, binary in binaries:
                timed = [run(binary, path, timeout) for _ in range(runs)]
                secs = sorted(t for t, _ in timed)[len(timed) // 2]
                digest = timed[0][1]
                row.append("timeout" if secs == float("inf") else f"{secs:.2f} s")
                digests.append(digest)
                if secs > worst[name][0]:
                    worst[name] = (secs, case)
            same = all(d == digests[0] for d in digests if d is not None)
            print(f"{case:<16}" + "".join(f"{c:>22}" for c in row) + ("" if same else "  FINDINGS DIFFER"))
    for name, (secs, case) in worst.items():
        shown = "timeout" if secs == float("inf") else f"{secs:.2f} s"
        print(f"{name}: slowest {shown} ({case})")


if __name__ == "__main__":
    main()
