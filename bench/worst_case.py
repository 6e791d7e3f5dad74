#!/usr/bin/env python3
"""Worst-case time and peak memory of one hook call, per family of hostile input.

Usage: worst_case.py COMMAND_GUARD SECRET_GUARD [NAME=BIN ...]

Before a tool runs (PreToolUse): each family (pipelines, lists, nesting, assignments,
redirects, heredocs, substitutions…) is generated at 1 KB, 100 KB and just under the 4 MiB
payload limit, as the command of a Claude Code PreToolUse payload (crates/hooks/tests/fixtures).
Each binary reads it on stdin, in a scratch HOME and working directory, RUNS times; printed
per family and size: the slowest wall time, the peak resident memory (GNU time's %M) and the
answer (deny/ask/allow/ERR). `NAME=BIN` peers (a tree-sitter build of hookkit, dcg…) run on
the same payloads with the same time limit, and the ratios of their worst time to
command-guard's are printed. Commands are data: only ever written into JSON on stdin.

After a tool ran (PostToolUse, secret-guard only): each hostile text of
bench/secrets_hostile.json (a keyword repeated with no newline…) with a fake GitHub token
(generated here, seeded, never committed) in its middle, as the output of a real Claude Code
PostToolUse Bash payload and of a Codex one, at 1 KB, 100 KB, 4 MiB and just under the
64 MiB limit on a post-tool payload (`max_output_bytes`). Printed per text, host and size: the slowest
time, the peak memory and the class of what the host would show (shared/hosts/README.md,
crates/hooks/src/render.rs): `redacted` (the token only masked), `withheld` (hookkit's
notice in place of the output), `blocked` (the output replaced, by neither), or
`ALLOWED-WITH-SECRET`: the raw token in what the host shows or anywhere on stdout or
stderr, an exit code other than 0 and 2, or no answer within the host's timeout (10 s in
hookkit's registrations). Claude Code keeps a tool's output unless the answer carries
`updatedToolOutput` (`decision: "block"` and exit 2 only add a message), so there only a
replacement hides the token; Codex replaces the output with the reason of
`decision: "block"` or the stderr of exit 2. Classes that differ between runs are all
shown (`redacted/withheld`). ONLY=pre or ONLY=post runs one part.
"""

import json
import os
import pathlib
import random
import string
import subprocess
import sys
import tempfile
import time

from secrets_hostile import UNITS, text as hostile_text

LIMIT = 4 * 1024 * 1024
RUNS = int(os.environ.get("RUNS", "3"))
TIMEOUT = float(os.environ.get("TIMEOUT", "30"))
ROOT = pathlib.Path(__file__).resolve().parent.parent
BASE = json.loads(
    (ROOT / "crates/hooks/tests/fixtures/claude-code/PreToolUse-Bash.json").read_text()
)
TARGET = "rm -rf ~"
ONLY = os.environ.get("ONLY", "")


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


def numbered(template, size):
    """`template` with `{i}` as 0, 1, 2…, repeated to about `size` bytes: distinct values,
    so every one is a separate finding."""
    out, total, i = [], 0, 0
    while total < size:
        item = template.replace("{i}", "%07d" % i)
        out.append(item)
        total += len(item)
        i += 1
    return "".join(out)


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
    "typed passwords": lambda s: numbered("a && export DB_PASSWORD=pw{i}x; ", s),
    "commented passwords": lambda s: numbered("a # DB_PASSWORD=pw{i}x\n", s),
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


def run_once(binary, data, home, cwd, host="claude-code"):
    """One hook call: (seconds or None on timeout, peak RSS in MiB, the process or None).
    Peak memory comes from GNU time's %M (wait4 of a child of a small process: a child of
    this Python process would count this process's memory from before exec)."""
    report = os.path.join(home, ".time")
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", report, binary, "--host", host],
            input=data, capture_output=True, timeout=TIMEOUT, cwd=cwd,
            env={"HOME": home, "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": home + "/.state"},
        )
    except subprocess.TimeoutExpired:
        return None, 0.0, None
    elapsed = time.monotonic() - start
    return elapsed, int(open(report).read().split()[-1]) / 1024, proc


def measured(binary, data, home, cwd):
    """The slowest of RUNS runs: (seconds or None on timeout, peak RSS in MiB, answer)."""
    worst = (0.0, 0.0, "")
    for _ in range(RUNS):
        elapsed, rss, proc = run_once(binary, data, home, cwd)
        if proc is None:
            return None, 0.0, "TIMEOUT"
        result = (elapsed, rss, answer(proc.stdout, proc.returncode))
        if result[0] >= worst[0]:
            worst = result
    return worst


# After a tool ran (PostToolUse): secret-guard on the hostile texts of secrets_hostile.py.
POST_LIMIT = 64 * 1024 * 1024  # max_output_bytes (crates/policy/src/config.rs)
HOST_TIMEOUT = 10.0  # the `timeout` of hookkit's registrations (hooks/*/), in seconds
# 4 MiB: the texts' own size in secrets_hostile.py, and where the slowest ones still finish
# before the 1 s deadline (64 MiB ones end at it).
POST_SIZES = [("1 KB", 1024), ("100 KB", 100 * 1024), ("4 MiB", LIMIT), ("64 MiB", POST_LIMIT)]
FIXTURES = ROOT / "crates/hooks/tests/fixtures"
POST_BASE = {
    "claude-code": json.loads((FIXTURES / "claude-code/PostToolUse-Bash.json").read_text()),
    "codex": json.loads((FIXTURES / "codex/PostToolUse-Bash.json").read_text()),
}
# hookkit's notices: Claude Code's stand-in output (crates/hooks/src/withhold.rs), the
# reason of any failure of hookkit's own (`Decision::internal_error`).
NOTICE = "[hookkit withheld this output"
UNCHECKED = "hookkit could not check this tool call"


def fake_token():
    """A fake GitHub token (`ghp_` and 36 letters and digits, the shape secret-guard's
    `secrets.github-pat` finds), seeded so that runs compare; never a real key."""
    rng = random.Random(14)
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def masked(secret):
    """secret-guard's masked form of `secret` (crates/policy/src/secrets/mask.rs)."""
    return f"{secret[:4]}…({len(secret)} chars)"


def with_secret(unit, size, secret):
    """A hostile text of about `size` bytes with `secret` in its middle, set off by spaces."""
    half = hostile_text(unit, max(len(unit), (size - len(secret) - 2) // 2))
    return half + " " + secret + " " + half


def post_payload(host, unit, size, secret):
    """The PostToolUse payload of `host` whose tool output is `unit`'s text with `secret`:
    the text is made smaller until the payload fits `size + 1 KiB`, and at most the limit."""
    limit = min(size + 1024, POST_LIMIT)
    target = size
    while True:
        p = dict(POST_BASE[host])
        out = with_secret(unit, target, secret)
        if host == "codex":
            p["tool_response"] = out
        else:
            p["tool_response"] = dict(p["tool_response"], stdout=out)
        data = json.dumps(p).encode()
        if len(data) <= limit:
            return data
        target = int(target * limit / len(data) * 0.999)


def post_class(host, proc, elapsed, secret):
    """The class of what `host` shows after secret-guard's answer `proc` (see the module
    docs); `original` is the tool's output the host keeps when the answer does not replace it."""
    if proc is None or elapsed > HOST_TIMEOUT:
        return "ALLOWED-WITH-SECRET"  # the host shows the output on a timeout
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    if secret in out or secret in err or proc.returncode not in (0, 2):
        return "ALLOWED-WITH-SECRET"
    try:
        answer = json.loads(out) if out.strip() else {}
    except ValueError:
        return "ALLOWED-WITH-SECRET"  # stdout that is not JSON: the output is shown
    specific = answer.get("hookSpecificOutput") or {}
    context = specific.get("additionalContext") or ""
    if proc.returncode == 2:
        if host == "claude-code":
            return "ALLOWED-WITH-SECRET"  # exit 2 after a tool ran only adds stderr
        shown = err
    elif host == "claude-code":
        if "updatedToolOutput" not in specific:
            return "ALLOWED-WITH-SECRET"  # the original output stays
        shown = json.dumps(specific["updatedToolOutput"], ensure_ascii=False)
        if NOTICE in shown:
            return "withheld"
        shown += answer.get("reason") or ""
    else:
        if answer.get("decision") != "block":
            return "ALLOWED-WITH-SECRET"
        shown = answer.get("reason") or ""
    shown += context
    if UNCHECKED in shown:
        return "withheld"
    return "redacted" if masked(secret) in shown else "blocked"


def post_family(binary, home, cwd):
    """The PostToolUse table; True when every case failed closed."""
    secret = fake_token()
    hosts = list(POST_BASE)
    for base in POST_BASE.values():
        base["cwd"] = cwd
    print(f"{'PostToolUse text':<20} {'size':>6}  " + "  ".join(f"{h:>44}" for h in hosts))
    worst = (0.0, "")
    peak = (0.0, "")
    failed = []
    for family, unit in UNITS.items():
        for label, size in POST_SIZES:
            cells = []
            for host in hosts:
                data = post_payload(host, unit, size, secret)
                slowest, rss_max, classes = 0.0, 0.0, []
                for _ in range(RUNS):
                    elapsed, rss, proc = run_once(binary, data, home, cwd, host)
                    cls = post_class(host, proc, elapsed or TIMEOUT, secret)
                    if cls not in classes:
                        classes.append(cls)
                    slowest = max(slowest, elapsed if proc is not None else float("inf"))
                    rss_max = max(rss_max, rss)
                key = f"{host} {family} {label}"
                if slowest > worst[0]:
                    worst = (slowest, key)
                if rss_max > peak[0]:
                    peak = (rss_max, key)
                if "ALLOWED-WITH-SECRET" in classes:
                    failed.append(key)
                shown = "timeout" if slowest == float("inf") else f"{slowest * 1000:7.1f}ms"
                cells.append(f"{shown:>9} {rss_max:6.1f}MiB {'/'.join(classes):>24}")
            print(f"{family:<20} {label:>6}  " + "  ".join(f"{c:>44}" for c in cells), flush=True)
    print()
    shown = "timeout" if worst[0] == float("inf") else f"{worst[0] * 1000:.1f} ms"
    print(f"secret-guard PostToolUse: worst time {shown} ({worst[1]}); "
          f"peak memory {peak[0]:.1f} MiB ({peak[1]})")
    for key in failed:
        print(f"FAIL OPEN: {key}")
    print(f"target: every output redacted, withheld or blocked within {HOST_TIMEOUT:g} s: "
          f"{'met' if not failed else 'NOT met'}")
    return not failed


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
    ok = True
    if ONLY != "post":
        pre_family(guards, peers, home, cwd)
    if ONLY != "pre":
        if ONLY != "post":
            print()
        ok = post_family(guards[1][1], home, cwd)
    sys.exit(0 if ok else 1)


def pre_family(guards, peers, home, cwd):
    """The PreToolUse table, for both guards and the peers."""
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
