#!/usr/bin/env python3
"""command-guard and its peers, side by side, on the labelled shell corpus and on latency.

Usage:
  commands_eval.py accuracy --cases JSONL --fixture JSON --scratch DIR --tool NAME=KIND:PATH...
  commands_eval.py approval --cases JSONL [--cases JSONL...] --fixture JSON --scratch DIR
                            --tool NAME=KIND:PATH...
  commands_eval.py latency  --fixture JSON --scratch DIR --hyperfine PATH --runs N
                            --slow-runs N --tool NAME=KIND:PATH...

KIND says how a binary is run as a Claude Code PreToolUse hook (payload on stdin):
  command-guard       PATH --host claude-code --config /dev/null
  command-guard-auto  PATH --host claude-code --config DIR/auto-approve.toml (`auto_approve = true`,
                      written by this script; an explicit --config file has a person's power, while
                      a project `.hookkit.toml` may not turn auto_approve on)
  dcg                 PATH            (destructive_command_guard v0.4.1: the hook is the default mode)
  cc-safety-net       node PATH hook --coding-cli   (PATH: dist/bin/cc-safety-net.js of the npm package)
  safe-chains         PATH            (no arguments: reads a Claude Code payload on stdin and answers
                      `permissionDecision: "allow"` for what it approves, nothing otherwise)

Answers are read as Claude Code reads them (code.claude.com/docs/en/hooks, PreToolUse):
`hookSpecificOutput.permissionDecision` deny / ask / allow on stdout; exit 2 blocks (deny);
silence with exit 0 allows; any other exit is a non-blocking error, so the call goes ahead
(counted as allow, and counted again in the `err` column).

Corpus commands never reach a shell: each one is put into a copy of the captured
PreToolUse payload by this script and written to the binary's stdin. Every process runs
in a scratch project directory (also the payload's `cwd`) with a scratch HOME, both under
DIR, so no configuration or audit log of the machine is read or written.

Labels (tests/corpora/commands/README.md): dcg `deny` (and `BLOCK:` lines of dcg's e2e
fixtures) must be refused; dcg `allow` (and `ALLOW:`) and Dippy `approve` must not be;
Dippy `ask` is informational. dcg labels that are policy choices rather than facts are
reported apart (POLICY below). The pack of a case is the pack of command-guard's decisive
rule (`command-guard explain --json`, the finding with the strongest verdict); `none` when
no rule fired. Lines with a `category` (fresh.jsonl) are grouped by category instead: `deny`
must be refused (deny or ask), `ask` must not be approved (a deny of it is counted, not
scored), `allow` and `approve` must not be refused.

`approval` runs approvers (command-guard with auto_approve, safe-chains) on every labelled
case of each corpus and counts explicit approvals (`permissionDecision: "allow"`, exit 0):
the share approved per label, and every approval of a case labelled deny or ask (must be 0).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys

# dcg labels that are a guard's policy choice, not a fact about the command. Each entry:
# (name, description, predicate on (source, command, input_kind)). A case matching one is
# counted under POLICY, not under recall or false denials.
TEMP = r"(/tmp/|/var/tmp/|\$TMPDIR/|\$\{TMPDIR[^}]*\}/|\"\$TMPDIR/)"


def _project_delete(cmd: str) -> bool:
    m = re.fullmatch(r"\s*rm(\s+-{1,2}[A-Za-z-]+)*\s+(?P<t>[^\s]+(\s+[^\s]+)*)\s*", cmd)
    if m:
        targets = m.group("t").split()
        return all(
            not t.startswith(("/", "~", "$", '"$', "'/")) and ".." not in t.replace(".*", "")
            for t in targets
        )
    return bool(re.fullmatch(r"\s*find \. .*(-delete|-exec rm .*)\s*", cmd))


POLICY = [
    (
        "project-delete",
        "deletes inside the project (rm -rf ./build, node_modules, src, *, rm file.txt, find . -delete)",
        lambda src, cmd, kind: _project_delete(cmd),
    ),
    (
        "temp-delete",
        "deletes under /tmp, /var/tmp or $TMPDIR (shell or interpreter), no `..`",
        lambda src, cmd, kind: re.search(r"(rm\s|rmtree\(|rmSync\(|rm_rf\()", cmd) is not None
        and re.search(TEMP, cmd) is not None
        and ".." not in cmd,
    ),
    (
        "file-restore",
        "git checkout/restore of named files (discards their uncommitted edits, not the tree)",
        lambda src, cmd, kind: re.fullmatch(
            r"\s*git (checkout( HEAD)? --|restore( --worktree| -W)?) (?!\.\s*$)\S+\s*", cmd
        )
        is not None,
    ),
    (
        "off-by-default",
        "dcg's future_packs.toml: docker/kubectl deletes dcg leaves to packs that are off by default",
        lambda src, cmd, kind: src.endswith("edge_cases/future_packs.toml"),
    ),
    (
        "hook-input",
        "malformed or non-Bash hook payloads: fail-open (dcg) or fail-closed (hookkit)",
        lambda src, cmd, kind: kind == "hook_json",
    ),
]


def load_cases(path: str) -> list[dict]:
    """Labelled cases: {peer, label, command, kind, source, policy, category}; unlabelled lines
    dropped. A line with a `category` (fresh.jsonl) has peer `fresh` and keeps its category."""
    out = []
    for line in open(path, encoding="utf-8"):
        v = json.loads(line)
        src, cmd, label = v["source"], v["command"], v.get("expected")
        if "category" in v:
            out.append({"peer": "fresh", "label": label, "command": cmd, "kind": "command",
                        "source": src, "policy": None, "category": v["category"]})
            continue
        peer = src.split("@", 1)[0]
        if label is None:
            tag, _, rest = cmd.partition(":")
            if tag not in ("ALLOW", "BLOCK"):
                continue
            label, cmd = ("allow" if tag == "ALLOW" else "deny"), rest
        if "tests/e2e/fixtures/" in src:  # one command a line, newlines written \n
            cmd = cmd.replace("\\n", "\n").replace("\\t", "\t")
        kind = v.get("input_kind") or "command"
        policy = None
        if peer == "dcg":
            policy = next((name for name, _, pred in POLICY if pred(src, cmd, kind)), None)
        out.append(
            {"peer": peer, "label": label, "command": cmd, "kind": kind, "source": src,
             "policy": policy, "category": None}
        )
    return out


class Tool:
    """One hook binary, run as Claude Code runs a PreToolUse command hook."""

    def __init__(self, spec: str, auto_config: str | None = None):
        name, _, rest = spec.partition("=")
        kind, _, path = rest.partition(":")
        self.name, self.kind, self.path = name, kind, str(pathlib.Path(path).resolve())
        if kind == "command-guard":
            self.argv = [self.path, "--host", "claude-code", "--config", "/dev/null"]
        elif kind == "command-guard-auto":
            if auto_config is None:
                raise SystemExit(f"{spec!r}: command-guard-auto is an approver (approval mode only)")
            self.argv = [self.path, "--host", "claude-code", "--config", auto_config]
        elif kind in ("dcg", "safe-chains"):
            self.argv = [self.path]
        elif kind == "cc-safety-net":
            self.argv = ["node", self.path, "hook", "--coding-cli"]
        else:
            raise SystemExit(f"unknown tool kind {kind!r} in {spec!r}")


def scratch(root: str) -> tuple[pathlib.Path, pathlib.Path]:
    """A scratch project and HOME side by side under `root`. The project is a repository of
    its own (a `.git` folder): the scratch lives under this repository's target/, and the
    guards would otherwise take this repository for the project, and HOME for a folder in it."""
    base = pathlib.Path(root).resolve()
    proj, home = base / "project", base / "home"
    (proj / ".git").mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    return proj, home


def env_for(home: pathlib.Path) -> dict:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "TERM") if k in os.environ}
    return {**keep, "HOME": str(home), "USER": "bench", "TMPDIR": "/tmp"}


def payload(base: dict, proj: pathlib.Path, home: pathlib.Path, command: str) -> str:
    p = dict(base)
    p["cwd"] = str(proj)
    p["transcript_path"] = str(home / ".claude/projects/bench/transcript.jsonl")
    p["tool_input"] = {"command": command, "description": "bench"}
    return json.dumps(p)


def verdict(proc: subprocess.CompletedProcess) -> tuple[str, bool]:
    """(allow|ask|deny, error?) from a hook's exit code and stdout, as Claude Code reads it."""
    out = proc.stdout.strip()
    if proc.returncode == 2:
        return "deny", False
    decision = None
    if out:
        try:
            v = json.loads(out)
            hso = v.get("hookSpecificOutput") or {}
            decision = hso.get("permissionDecision")
            if decision is None and v.get("decision") in ("block", "deny"):
                decision = "deny"  # the older top-level form
        except (json.JSONDecodeError, AttributeError):
            decision = None
    if proc.returncode != 0:
        return "allow", True
    if decision in ("deny", "ask", "allow"):
        return decision, False
    return "allow", False  # silence, or stdout Claude Code does not read as a decision


def run_one(tool: Tool, stdin: str, proj, env) -> tuple[str, bool]:
    try:
        proc = subprocess.run(
            tool.argv, input=stdin, capture_output=True, text=True, cwd=proj, env=env,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        return "allow", True
    return verdict(proc)


def pack_of(guard: Tool, command: str, proj, env) -> str:
    """Pack of command-guard's decisive rule for `command`, from `explain --json`."""
    proc = subprocess.run(
        [guard.path, "--config", "/dev/null", "explain", "--json", command],
        capture_output=True, text=True, cwd=proj, env=env, timeout=30,
    )
    try:
        trace = json.loads(proc.stdout)["trace"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return "?"
    rank = {"deny": 2, "ask": 1, "allow": 0}
    best = None
    for c in trace.get("commands", []):
        for f in c.get("findings", []):
            r = rank.get(f.get("verdict"), 0)
            if best is None or r > best[0]:
                best = (r, f["rule_id"])
    return best[1].split(".", 1)[0] if best else "none"


def accuracy(args) -> int:
    cases = load_cases(args.cases)
    tools = [Tool(s) for s in args.tool]
    guard = next((t for t in tools if t.kind == "command-guard"), None)
    proj, home = scratch(args.scratch)
    env = env_for(home)
    base = json.load(open(args.fixture, encoding="utf-8"))

    def job(i: int):
        c = cases[i]
        stdin = c["command"] if c["kind"] == "hook_json" else payload(base, proj, home, c["command"])
        pack = "hook" if c["kind"] == "hook_json" else (
            pack_of(guard, c["command"], proj, env) if guard else "-")
        info = c["peer"] == "dippy" and c["label"] == "ask"
        return i, pack, [
            run_one(t, stdin, proj, env) if k == 0 or args.peers_on_info or not info else None
            for k, t in enumerate(tools)
        ]

    results = [None] * len(cases)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for i, pack, answers in pool.map(job, range(len(cases))):
            results[i] = (pack, answers)

    # (section, row) -> [cases, per tool [deny, ask, err]]
    table: dict = collections.defaultdict(lambda: [0, [[0, 0, 0, 0] for _ in tools]])
    missed = collections.defaultdict(list)
    for c, (pack, answers) in zip(cases, results):
        if c["category"]:
            section = "allow" if c["label"] == "approve" else c["label"]
            rows = [(section, f"category {c['category']}"), (section, f"all fresh {c['label']}")]
        elif c["policy"]:
            rows = [("policy", f"{c['policy']} (dcg: {c['label']})")]
        elif c["label"] == "deny":
            rows = [("deny", f"pack {pack}"), ("deny", "all dcg deny")]
        elif c["label"] in ("allow", "approve"):
            rows = [("allow", f"pack {pack}"), ("allow", f"{c['peer']} {c['label']}")]
        else:
            rows = [("info", f"{c['peer']} {c['label']}")]
        for key in rows:
            t = table[key]
            t[0] += 1
            for k, answer in enumerate(answers):
                if answer is None:
                    continue  # a peer not run on the informational set
                v, err = answer
                t[1][k][3] += 1
                t[1][k][0] += v == "deny"
                t[1][k][1] += v == "ask"
                t[1][k][2] += err
        if tools and not c["policy"]:
            v = answers[0][0]
            if (c["label"] == "deny" and v == "allow") or (
                c["label"] in ("allow", "approve") and v != "allow") or (
                c["category"] and c["label"] == "ask" and v == "deny"):
                missed[c["label"]].append((v, c["category"] or pack, c["command"]))

    names = "".join(f" | {t.name[:22]:>22}" for t in tools)
    sub = "".join(f" | {'deny':>5} {'ask':>5} {'err':>3} {'%':>6}" for _ in tools)
    titles = {
        "deny": "Must deny (dcg deny/BLOCK, fresh deny), policy choices excluded; % = recall (deny+ask)",
        "allow": "Must allow (dcg allow/ALLOW, Dippy approve, fresh allow/approve); deny/ask are false; "
                 "% = allowed",
        "ask": "Ask (fresh ask: a person decides, never approved); deny is over-refusal; % = not denied",
        "policy": "Policy-dependent dcg labels (either answer defensible); % = allowed",
        "info": "Informational: Dippy asks a person (not a destructiveness label); % = allowed",
    }
    for section in ("deny", "ask", "allow", "policy", "info"):
        keys = sorted(k for k in table if k[0] == section)
        keys.sort(key=lambda k: (not k[1].startswith(("pack", "category")), k[1].startswith("all"),
                                 k[1]))
        if not keys:
            continue
        print(f"\n{titles[section]}")
        print(f"{'':<34} {'cases':>5}{names}")
        print(f"{'':<34} {'':>5}{sub}")
        for key in keys:
            n, per = table[key]
            cells = ""
            for d, a, e, m in per:
                if m == 0:
                    cells += f" | {'-':>5} {'-':>5} {'-':>3} {'-':>6}"
                    continue
                caught = {"deny": d + a, "ask": m - d}.get(section, m - d - a)
                pct = 100.0 * caught / m
                cells += f" | {d:>5} {a:>5} {e:>3} {pct:>5.1f}%"
            print(f"{key[1][:34]:<34} {n:>5}{cells}")
    if args.show_misses and tools:
        for label, rows in sorted(missed.items()):
            print(f"\n{tools[0].name} decided otherwise on {len(rows)} `{label}` cases:")
            for v, pack, cmd in rows[: args.show_misses]:
                print(f"  {v:<5} {pack:<17} {cmd[:100]!r}")
    return 0


def explicit_allow(proc: subprocess.CompletedProcess) -> bool:
    """True when a hook approved the call: exit 0 and `hookSpecificOutput.permissionDecision`
    "allow" on stdout, the answer on which Claude Code runs a call without asking."""
    if proc.returncode != 0:
        return False
    try:
        v = json.loads(proc.stdout.strip() or "null")
    except json.JSONDecodeError:
        return False
    hso = v.get("hookSpecificOutput") if isinstance(v, dict) else None
    return isinstance(hso, dict) and hso.get("permissionDecision") == "allow"


def approval_set(corpus: str, c: dict) -> str:
    """The row a case is counted in: fresh cases by label, others by peer label (dcg policy
    choices apart)."""
    if c["category"]:
        return f"{corpus} {c['label']}"
    policy = ", policy" if c["policy"] else ""
    return f"{corpus} {c['peer']} {c['label']}{policy}"


def approval(args) -> int:
    """Share of each labelled set a hook approves, and its approvals of deny/ask cases."""
    proj, home = scratch(args.scratch)
    env = env_for(home)
    auto_config = pathlib.Path(args.scratch).resolve() / "auto-approve.toml"
    auto_config.write_text("auto_approve = true\n")
    tools = [Tool(s, auto_config=str(auto_config)) for s in args.tool]
    base = json.load(open(args.fixture, encoding="utf-8"))
    cases = []
    for path in args.cases:
        corpus = pathlib.Path(path).stem
        # Malformed-payload cases (input_kind hook_json) are not commands: nothing to approve.
        cases += [(corpus, c) for c in load_cases(path) if c["kind"] == "command"]

    def job(i: int):
        c = cases[i][1]
        stdin = payload(base, proj, home, c["command"])
        out = []
        for t in tools:
            try:
                proc = subprocess.run(t.argv, input=stdin, capture_output=True, text=True,
                                      cwd=proj, env=env, timeout=30)
            except subprocess.TimeoutExpired:
                out.append((False, True))
                continue
            out.append((explicit_allow(proc), proc.returncode != 0))
        return i, out

    results = [None] * len(cases)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for i, out in pool.map(job, range(len(cases))):
            results[i] = out

    # set -> [cases, per tool [approved, err]]
    table: dict = collections.defaultdict(lambda: [0, [[0, 0] for _ in tools]])
    wrong = [collections.defaultdict(list) for _ in tools]  # approvals of deny/ask cases
    order = []
    for (corpus, c), out in zip(cases, results):
        key = approval_set(corpus, c)
        if key not in table:
            order.append(key)
        row = table[key]
        row[0] += 1
        for k, (ok, err) in enumerate(out):
            row[1][k][0] += ok
            row[1][k][1] += err
            if ok and c["label"] in ("deny", "ask"):
                wrong[k][key].append(c)

    names = "".join(f" | {t.name[:26]:>26}" for t in tools)
    sub = "".join(f" | {'approved':>9} {'%':>6} {'err':>9}" for _ in tools)
    print('\nApproved (exit 0 and permissionDecision "allow": Claude Code runs the call without a '
          'prompt); % of the set')
    print(f"{'set':<36} {'cases':>5}{names}")
    print(f"{'':<36} {'':>5}{sub}")
    for key in order:
        n, per = table[key]
        cells = "".join(f" | {a:>9} {100.0 * a / n:>5.1f}% {e:>9}" for a, e in per)
        print(f"{key[:36]:<36} {n:>5}{cells}")
    print("\nApprovals of cases labelled deny or ask (target: 0 in every corpus)")
    for k, t in enumerate(tools):
        total = sum(len(v) for v in wrong[k].values())
        by_set = ", ".join(f"{key}: {len(v)}" for key, v in sorted(wrong[k].items())) or "none"
        print(f"  {t.name}: {total} ({by_set})")
        if args.show_approved:
            for key, rows in sorted(wrong[k].items()):
                for c in rows[: args.show_approved]:
                    where = c["category"] or c["source"].rsplit("/", 1)[-1]
                    print(f"    {key:<28} {where[:22]:<22} {c['command'][:90]!r}")
    return 0


def python_heredoc(lines: int = 300) -> str:
    """A `python3 <<'EOF'` heredoc of `lines` lines of ordinary data-processing code."""
    body = ["import csv, json, os, statistics", "", "ROWS = []"]
    i = 0
    while len(body) < lines - 1:
        body += [
            f"def summarize_{i}(path):",
            f"    \"\"\"Summarize column {i} of the CSV file at path.\"\"\"",
            "    with open(path, newline='') as fh:",
            f"        values = [float(r[{i % 7}]) for r in csv.reader(fh) if r]",
            "    return {'n': len(values), 'mean': statistics.fmean(values or [0.0])}",
            "",
        ]
        i += 1
    body = body[: lines - 1] + ["print(json.dumps([summarize_0(os.environ.get('DATA', 'data.csv'))]))"]
    return "python3 <<'EOF'\n" + "\n".join(body) + "\nEOF"


LATENCY_CASES = [
    ("simple: git status", "git status"),
    ("simple: pipeline", "cargo test --workspace 2>&1 | tail -20"),
    ("simple: rm -rf ~/ (denied)", "rm -rf ~/"),
    ("nested bash -c", "sudo bash -c \"cd /srv/app && git status && sh -c 'ls -la | grep x'\""),
    ("commit heredoc", "git commit -m \"$(cat <<'EOF'\nfix(parser): keep quoting of heredoc bodies\n\n"
     "The old code ran `rm -rf` checks on prose; DROP TABLE in messages is data.\n\n"
     "Co-Authored-By: Bench <bench@example.invalid>\nEOF\n)\""),
    ("python heredoc, 300 lines", None),
]


def latency(args) -> int:
    tools = [Tool(s) for s in args.tool]
    proj, home = scratch(args.scratch)
    env = env_for(home)
    base = json.load(open(args.fixture, encoding="utf-8"))
    if os.sep in args.hyperfine:  # hyperfine runs in the scratch project: make paths absolute
        args.hyperfine = str(pathlib.Path(args.hyperfine).resolve())
    work = pathlib.Path(args.scratch).resolve() / "latency"
    work.mkdir(exist_ok=True)
    medians: dict = {}
    for ci, (label, cmd) in enumerate(LATENCY_CASES):
        cmd = cmd if cmd is not None else python_heredoc(300)
        assert label != "python heredoc, 300 lines" or cmd.count("\n") == 301
        inp = work / f"case{ci}.json"
        inp.write_text(payload(base, proj, home, cmd))
        for t in tools:
            runs = args.slow_runs if t.kind == "cc-safety-net" else args.runs
            out = work / f"case{ci}.{t.name}.json"
            hf = [args.hyperfine, "-N", "--output=pipe", "--warmup", str(max(3, runs // 10)), "--runs", str(runs),
                  "--input", str(inp), "--export-json", str(out), "-i", " ".join(t.argv)]
            r = subprocess.run(hf, cwd=proj, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"hyperfine failed for {t.name} on {label}: {r.stderr.strip()[:300]}",
                      file=sys.stderr)
                continue
            res = json.load(open(out))["results"][0]
            medians[(label, t.name)] = res["median"] * 1000
    # For scale: starting any process on this machine, now (it is shared and often busy).
    out = work / "true.json"
    r = subprocess.run([args.hyperfine, "-N", "--output=pipe", "--warmup", "20", "--runs", str(args.runs),
                        "--export-json", str(out), "/bin/true"], capture_output=True)
    true_ms = json.load(open(out))["results"][0]["median"] * 1000 if r.returncode == 0 else None
    names = "".join(f" {t.name[:22]:>22}" for t in tools)
    print(f"\nHook call latency, whole process, median ms ({args.runs} runs; node: {args.slow_runs})"
          + (f"; /bin/true: {true_ms:.2f} ms" if true_ms is not None else ""))
    print(f"{'input':<28}{names}")
    for label, _ in LATENCY_CASES:
        cells = "".join(
            f" {medians[(label, t.name)]:>22.2f}" if (label, t.name) in medians else f" {'-':>22}"
            for t in tools)
        print(f"{label:<28}{cells}")
    # Targets (issue 3): simple < 2 ms, 300-line heredoc < 5 ms, never slower than dcg v0.4.1.
    dcg = next((t for t in tools if t.kind == "dcg"), None)
    print("\nTargets:")
    for t in (t for t in tools if t.kind == "command-guard"):
        checks = []
        for label, _ in LATENCY_CASES:
            m = medians.get((label, t.name))
            if m is None:
                continue
            if label.startswith("simple"):
                checks.append((f"{label} < 2 ms", m < 2.0))
            if label.startswith("python heredoc"):
                checks.append((f"{label} < 5 ms", m < 5.0))
            if dcg and (label, dcg.name) in medians:
                checks.append((f"{label} <= dcg", m <= medians[(label, dcg.name)]))
        bad = [c for c, ok in checks if not ok]
        verdict_ = "all met" if not bad else "MISSED: " + "; ".join(bad)
        print(f"  {t.name}: {len(checks) - len(bad)}/{len(checks)} {verdict_}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--cases", required=True)
    a.add_argument("--jobs", type=int, default=2)
    a.add_argument("--peers-on-info", action="store_true",
                   help="run the peers on the informational set too (Dippy `ask`)")
    a.add_argument("--show-misses", type=int, default=0, metavar="N",
                   help="list up to N cases the first tool decided against the label")
    appr = sub.add_parser("approval")
    appr.add_argument("--cases", action="append", required=True, metavar="JSONL",
                     help="a labelled corpus; repeat for several")
    appr.add_argument("--jobs", type=int, default=2)
    appr.add_argument("--show-approved", type=int, default=0, metavar="N",
                     help="list up to N approved deny/ask cases per tool and set")
    lat = sub.add_parser("latency")
    lat.add_argument("--hyperfine", required=True)
    lat.add_argument("--runs", type=int, default=300)
    lat.add_argument("--slow-runs", type=int, default=20)
    for p in (a, appr, lat):
        p.add_argument("--fixture", required=True)
        p.add_argument("--scratch", required=True)
        p.add_argument("--tool", action="append", default=[], metavar="NAME=KIND:PATH")
    args = ap.parse_args()
    return {"accuracy": accuracy, "approval": approval, "latency": latency}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
