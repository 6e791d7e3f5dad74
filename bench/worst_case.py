#!/usr/bin/env python3
"""Worst-case time and peak memory of one hook call, per family of hostile input.

Usage: worst_case.py COMMAND_GUARD SECRET_GUARD [NAME=BIN ...]

Each family (pipelines, lists, nesting, assignments, redirects, heredocs, substitutions…)
is generated at 1 KB, 100 KB and just under the 4 MiB payload limit, as the command of a
Claude Code PreToolUse payload (crates/hooks/tests/fixtures). Each binary reads it on
stdin, in a scratch HOME and working directory, RUNS times; printed per family and size:
the slowest wall time, the peak resident memory (wait4 ru_maxrss) and the answer
(deny/ask/allow/ERR; peak memory by GNU time). `NAME=BIN` peers (a tree-sitter build of hookkit, dcg…) run on the
same payloads with the same time limit, and the ratios of their worst time to
command-guard's are printed. Commands are data: only ever written into JSON on stdin.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

LIMIT = 4 * 1024 * 1024
RUNS = int(os.environ.get("RUNS", "3"))
TIMEOUT = float(os.environ.get("TIMEOUT", "30"))
ROOT = pathlib.Path(__file__).resolve().parent.parent
BASE = json.loads(
    (ROOT / "crates/hooks/tests/fixtures/claude-code/PreToolUse-Bash.json").read_text()
)
TARGET = "rm -rf ~"


def nested_bash(size):
    line = TARGET
    while True:
        wider = 'bash -c "%s"' % line.replace("\\", "\\\\").replace('"', '\\"')
        if len(wider) > size:
            return line
        line = wider


def repeat(unit, size, prefix="", suffix=TARGET):
    n = max(1, (size - len(prefix) - len(suffix)) // len(unit))
    return prefix + unit * n + suffix


def around(open_, close, size, inner=TARGET, prefix="echo "):
    n = max(1, (size - len(prefix) - len(inner)) // (len(open_) + len(close)))
    return prefix + open_ * n + inner + close * n


def heredocs(size):
    unit = "cat <<E\nrm -rf /\nE\n"
    return unit * max(1, (size - len(TARGET)) // len(unit)) + TARGET


def distinct_literals(size):
    """Distinct string literals, `"x0","x1",…`, about `size` bytes in all."""
    out, total, i = [], 0, 0
    while total < size:
        item = '"x%d",' % i
        out.append(item)
        total += len(item)
        i += 1
    return "".join(out)[:max(0, size)]


FAMILIES = {
    "pipeline": lambda s: repeat("a|", s),
    "pipeline -r": lambda s: repeat("a -r x|", s),
    "list ;": lambda s: repeat("a;", s),
    "and-or": lambda s: repeat("a && ", s),
    "background &": lambda s: repeat("a & ", s),
    "words": lambda s: repeat("a ", s, prefix="rm -rf ~ "),
    "assignments": lambda s: repeat("a=b ", s),
    "redirects": lambda s: repeat(">f ", s),
    "input redirects": lambda s: repeat("<f ", s, prefix="cat "),
    "brace words": lambda s: repeat("{a,b}{c,d}{e,f} ", s, prefix="echo "),
    "brace word": lambda s: repeat("{a,b}", s, prefix="echo "),
    "unclosed {": lambda s: repeat("{a,", s, prefix="echo "),
    "brace sequences": lambda s: repeat("{1..99} ", s, prefix="echo "),
    # Found by the hook fuzz target: a redirection on a compound command is each inner
    # command's, and secret-guard once read it once per command.
    "redirect, unclosed quote": lambda s: repeat("|a", s, prefix="sh -forc e<x\x7f '"),
    "substitutions $(a)": lambda s: repeat("$(a)", s, prefix="echo "),
    "backticks": lambda s: repeat("`a`", s, prefix="echo "),
    "expansions ${a:-b}": lambda s: repeat("${a:-$b}", s, prefix="echo "),
    "nested $(": lambda s: around("$(", ")", s),
    "nested (": lambda s: around("( ", " )", s, prefix=""),
    "nested {": lambda s: around("{ ", "; }", s, prefix=""),
    "nested if": lambda s: around("if a; then ", "; fi", s, prefix=""),
    "nested ${": lambda s: around("${a:-", "}", s),
    "nested \"$(": lambda s: around('"$(echo ', ')"', s),
    "eval chain": lambda s: repeat("eval ", s, suffix=TARGET),
    "nested bash -c": nested_bash,
    "arithmetic (": lambda s: around("(", ")", s, inner="1", prefix="echo $(( ") + " ))",
    "unclosed $((": lambda s: repeat("$((", s, prefix="echo "),
    "heredocs": heredocs,
    "heredoc body": lambda s: "cat <<'E'\n" + "rm -rf /\n" * max(1, (s - 20) // 9) + "E\n",
    "quotes": lambda s: repeat("'a'\"b\"$'c' ", s, prefix="echo "),
    "case arms": lambda s: "case x in " + "a) b;; " * max(1, (s - 40) // 7) + "esac; " + TARGET,
    # Inline programs: the calls and literals command-guard reads in them (issue 13).
    "inline system(": lambda s: "python3 -c '" + 'system("' * max(1, (s - 20) // 8) + "'",
    "inline literals": lambda s: "python3 -c '" + distinct_literals(s - 20) + "'",
    "awk pipes": lambda s: "awk '" + 'print | "x" ' * max(1, (s - 10) // 12) + "'",
}

SIZES = [("1 KB", 1024), ("100 KB", 100 * 1024), ("4 MiB", LIMIT)]


def payload(make, size):
    """The payload of family `make` at `size`: the command is generated smaller until the
    whole payload (JSON escaping included) fits `size + 1 KiB`, and at most 4 MiB."""
    limit = min(size + 1024, LIMIT)
    target = size
    while True:
        p = dict(BASE)
        p["tool_input"] = {"command": make(target), "description": "bench"}
        data = json.dumps(p).encode()
        if len(data) <= limit:
            return data
        target = int(target * limit / len(data) * 0.99)


def answer(stdout, code):
    if code == 2:
        return "deny"
    if code != 0:
        return f"ERR{code}"
    text = stdout.decode(errors="replace")
    for word in ("deny", "ask"):
        if f'"{word}"' in text:
            return word
    return "allow" if not text.strip() else "?"


GNU_TIME = "/usr/bin/time"


def measured(binary, data, home, cwd):
    """The slowest of RUNS runs: (seconds or None on timeout, peak RSS in MiB, answer).
    Peak memory comes from GNU time's %M (wait4 of a child of a small process: a child of
    this Python process would count this process's memory from before exec)."""
    worst = (0.0, 0.0, "")
    report = os.path.join(home, ".time")
    for _ in range(RUNS):
        start = time.monotonic()
        try:
            proc = subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", report, binary, "--host", "claude-code"],
                input=data, capture_output=True, timeout=TIMEOUT, cwd=cwd,
                env={"HOME": home, "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": home + "/.state"},
            )
        except subprocess.TimeoutExpired:
            return None, 0.0, "TIMEOUT"
        elapsed = time.monotonic() - start
        rss = int(open(report).read().split()[-1]) / 1024
        result = (elapsed, rss, answer(proc.stdout, proc.returncode))
        if result[0] >= worst[0]:
            worst = result
    return worst


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    guards = [
        ("command-guard", os.path.abspath(sys.argv[1])),
        ("secret-guard", os.path.abspath(sys.argv[2])),
    ]
    peers = [(n, os.path.abspath(b)) for n, b in (a.split("=", 1) for a in sys.argv[3:])]
    scratch = tempfile.mkdtemp(prefix="hookkit-worst-")
    home = os.path.join(scratch, "home")
    cwd = os.path.join(home, "project")
    os.makedirs(os.path.join(cwd, ".git"))
    BASE["cwd"] = cwd
    worst = {name: (0.0, "") for name, _ in guards + peers}
    peak = {name: (0.0, "") for name, _ in guards + peers}
    header = f"{'family':<20} {'size':>6}  " + "  ".join(
        f"{name:>26}" for name, _ in guards + peers
    )
    print(header)
    for family, make in FAMILIES.items():
        for label, size in SIZES:
            data = payload(make, size)
            cells = []
            for name, binary in guards + peers:
                secs, rss, ans = measured(binary, data, home, cwd)
                key = f"{family} {label}"
                if secs is None:
                    cells.append(f"{'> %gs' % TIMEOUT:>9} {'':>8} {ans:>7}")
                    worst[name] = (float("inf"), key)
                    continue
                if secs > worst[name][0]:
                    worst[name] = (secs, key)
                if rss > peak[name][0]:
                    peak[name] = (rss, key)
                cells.append(f"{secs * 1000:7.1f}ms {rss:6.1f}MiB {ans:>7}")
            print(f"{family:<20} {label:>6}  " + "  ".join(f"{c:>26}" for c in cells), flush=True)
    print()
    for name, _ in guards + peers:
        secs, where = worst[name]
        rss, rwhere = peak[name]
        shown = "timeout" if secs == float("inf") else f"{secs * 1000:.1f} ms"
        print(f"{name:<14} worst time {shown:>10} ({where}); peak memory {rss:.1f} MiB ({rwhere})")
    base = worst["command-guard"][0]
    for name, _ in peers:
        secs = worst[name][0]
        ratio = "inf" if secs == float("inf") else f"{secs / base:.1f}"
        print(f"{name}: worst time {ratio}x command-guard's")
    target = max(worst["command-guard"][0], worst["secret-guard"][0])
    print(f"target: every 4 MiB payload under 1 s: {'met' if target < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
