#!/usr/bin/env python3
"""Extracts gitleaks' own labelled examples into tests/corpora/secrets/gitleaks-examples.json.

Usage: secrets_gitleaks_examples.py GITLEAKS_RULES_DIR GITLEAKS_TOML OUT_JSON

GITLEAKS_RULES_DIR is `cmd/generate/config/rules/` of a gitleaks checkout (MIT licence,
Copyright (c) 2019 Zachary Rice); each rule function there validates its regex against
`tps` (true positives) and `fps` (false positives) lists. GITLEAKS_TOML is the generated
`config/gitleaks.toml` (here `../shared/corpora/secrets/gitleaks.toml`), which gives each
rule id its regex.

Output: a JSON list in the shape of noseyparker-rules.json, `{id, regex, examples, neg}`
(id `gitleaks.<family>.<rule-id>`, family the rule id up to its first `-`), so that
bench/secrets_eval.py and bench/secrets_peers.py read it unchanged.

What is kept: string literals and `+` concatenations of them in `tps`/`fps` slices,
`append(tps, …)` calls and `map[string]string` values; `utils.GenerateSampleSecret(id,
literal)` and `GenerateSampleSecrets(id, literal)` become one sample, `<id>_api_token =
"<literal>"` (gitleaks' first format). What is dropped and counted: every element built with
`secrets.NewSecret(…)` (a random string drawn from a regex at test time: not a fixed
example) or any other expression.
"""

import json
import pathlib
import re
import sys
import tomllib

TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\.\.\.|:=|[A-Za-z_][\w.]*|[0-9]+|\s+|.',
    re.S,
)


def tokens(src):
    return [t for t in TOKEN.findall(src) if not t.isspace() and not t.startswith(("//", "/*"))]


def go_string(tok):
    if tok.startswith("`"):
        return tok[1:-1]
    return json.loads(tok) if "\\x" not in tok and "\\'" not in tok else tok[1:-1]


def split_top(toks, sep):
    """Splits a token list at top-level `sep` tokens."""
    out, cur, depth = [], [], 0
    for t in toks:
        if t in "({[" and len(t) == 1:
            depth += 1
        elif t in ")}]" and len(t) == 1:
            depth -= 1
        if t == sep and depth == 0:
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(cur)
    return out


def concat(toks):
    """A `+` concatenation of string literals, or None."""
    parts = split_top(toks, "+")
    if parts and all(len(p) == 1 and p[0][0] in '"`' for p in parts):
        return "".join(go_string(p[0]) for p in parts)
    return None


def element(toks):
    """The example strings an element of a tps/fps list stands for ([] if dropped)."""
    if toks and toks[-1] == "...":
        toks = toks[:-1]
    s = concat(toks)
    if s is not None:
        return [s]
    if len(toks) > 3 and toks[0].endswith(("GenerateSampleSecret", "GenerateSampleSecrets")) and toks[1] == "(":
        args = split_top(toks[2:-1], ",")
        if len(args) == 2:
            ident, secret = concat(args[0]), concat(args[1])
            if ident is not None and secret is not None:
                return [f'{ident}_api_token = "{secret}"']
    return []


def matching(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in pairs:
            depth += 1
        elif toks[j] in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def lists(body):
    """(kind, [element token lists]) for every tps/fps list or append in a function body."""
    out = []
    for i, t in enumerate(body):
        if t not in ("tps", "fps") or i + 2 >= len(body):
            continue
        if body[i + 1] in (":=", "=") and body[i + 2] == "[":
            start = body.index("{", i)
            end = matching(body, start)
            elems = split_top(body[start + 1 : end], ",")
            if body[i + 2 : i + 5] == ["[", "]", "string"]:
                out.append((t, elems))
            else:  # map[string]string: keep the values
                out.append((t, [e[e.index(":") + 1 :] if ":" in e else e for e in elems]))
        elif body[i + 1] == "=" and body[i + 2] == "append":
            end = matching(body, i + 3)
            args = split_top(body[i + 4 : end], ",")
            out.append((t, args[1:]))
    return out


def main() -> int:
    rules_dir, toml_path, out_path = map(pathlib.Path, sys.argv[1:4])
    regexes = {r["id"]: r.get("regex", "") for r in tomllib.loads(toml_path.read_text())["rules"]}
    rules, kept, dropped = [], 0, 0
    for path in sorted(rules_dir.glob("*.go")):
        if path.name.endswith("_test.go"):
            continue
        toks = tokens(path.read_text())
        i = 0
        while i < len(toks):
            if toks[i] != "func":
                i += 1
                continue
            start = toks.index("{", i)
            end = matching(toks, start)
            body = toks[start:end]
            i = end + 1
            ids = [go_string(body[k + 2]) for k in range(len(body) - 2) if body[k] == "RuleID" and body[k + 1] == ":" and body[k + 2][0] in '"`']
            if len(ids) != 1:
                continue
            examples = {"tps": [], "fps": []}
            for kind, elems in lists(body):
                for e in elems:
                    got = element(e)
                    examples[kind] += got
                    kept += len(got)
                    dropped += not got
            if examples["tps"] or examples["fps"]:
                rid = ids[0]
                rules.append(
                    {
                        "id": f"gitleaks.{rid.split('-')[0]}.{rid}",
                        "regex": regexes.get(rid, ""),
                        "examples": examples["tps"],
                        "neg": examples["fps"],
                    }
                )
    tmp = out_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(rules, indent=1, ensure_ascii=False) + "\n")
    tmp.replace(out_path)
    pos = sum(len(r["examples"]) for r in rules)
    neg = sum(len(r["neg"]) for r in rules)
    print(f"{len(rules)} rules, {pos} positives, {neg} negatives kept; {dropped} generated elements dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
