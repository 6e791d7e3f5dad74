#!/usr/bin/env python3
"""Convert gitleaks' default rule set into hookkit's secret-rule format.

Usage: import_gitleaks.py GITLEAKS_TOML > crates/policy/rules/secrets/gitleaks.toml

Source: gitleaks v8 `config/gitleaks.toml` (MIT, Copyright (c) 2019 Zachary Rice;
https://github.com/gitleaks/gitleaks). The format written is documented in
crates/policy/src/secrets/mod.rs. What is kept: id (prefixed `secrets.`), description
(as `message`), regex, secretGroup, entropy, keywords, path, per-rule allowlists (regexes,
regexTarget, stopwords, paths, condition) and the global allowlist. Rules without a regex
(path-only rules such as `pkcs12-file`) are dropped: hookkit scans text.
The output is deterministic (rule order as in the source), so re-running it gives no diff.

hookkit's changes to imported rules are the OVERRIDES below, applied here (never by
editing gitleaks.toml by hand), each with the reason; the generated file marks them.
"""

import json
import re
import sys
import tomllib


# Per gitleaks rule id: extra allowlists appended to the rule's own (`allowlists`, same
# fields as gitleaks'), fields replaced (`entropy`), and literal substitutions in the regex
# (`regex_sub`: (before, after) pairs; `before` must occur). Measured with bench/secrets.sh.
OVERRIDES = {
    "generic-api-key": {
        "allowlists": [
            {
                # Sequences people type as filler: `abcdef123456`, `012345abcdef`,
                # `a1b2c3d4…`, `1234567890`, `abc123`. A random 10+ character secret contains
                # none of them by chance (the likeliest, a six-digit run in a long hex
                # value, about once in 10^6 values). The global allowlist already has
                # `abcdefghijklmnopqrstuvwxyz`. Issue 14: the six-character ones are in 42
                # F or X label rows of CredData's two development samples and in no T row.
                "description": "hookkit: typed filler sequences are not secrets",
                "stopwords": ["abcdef", "012345", "abc123", "1234567", "a1b2c3d4", "d4c3b2a1", "qwerty"],
            },
            {
                # A Go or Java qualified name (`ed25519.PrivateKey`, `certcrypto.RSA2048`):
                # code, as in `type PrivateKey = ed25519.PrivateKey`. Issue 14: 14 F label
                # rows of CredData's development samples, no T row. The name is at most 20
                # characters: a token with a lowercase prefix and a dot is longer (Vault's
                # `hvs.`, `hvb.`, `hvr.` tokens, Nosey Parker's np.hashicorp.4-6 examples).
                "description": "hookkit: package.Name is a qualified name, not a secret",
                "regexes": [r"^[a-z][a-z0-9]*\.[A-Z][A-Za-z0-9]{1,19}$"],
            },
            {
                # A value whose name ends in `id` is an identifier: logfmt lines such as
                # `… refresh token req_id=9f3c… latency_ms=12` (the keyword sits in the prose
                # before, gitleaks' `[ \t\w.-]{0,20}` reaches over to `req_id=`) and headers
                # such as `x-amz-apigw-id: …` (issue 14: 23 false findings in 10 MiB of
                # generated tool output, 5 on the CredData sample).
                "description": "hookkit: a value named *_id or *-id is an identifier",
                "regexTarget": "match",
                "regexes": [r"""(?i)[\w.-]*[_.-]id["']?[ \t]*[=:]"""],
            },
            {
                # A JWE's `encrypted_key` member (RFC 7516 section 7.2.1) is the content
                # encryption key encrypted to the recipient, published with the message:
                # not a credential. Issue 14: 20 F label rows of CredData's third development
                # sample (panva/jose's fixtures and docs), no T row.
                "description": "hookkit: a JWE encrypted_key is not a credential",
                "regexTarget": "match",
                "regexes": [r"""(?i)\bencrypted_key["']?[ \t]*[=:]"""],
            },
        ],
        # gitleaks caps the value at 150 characters; an OpenAI project key is 164
        # (`sk-proj-` and about 156) and then matches no alternative at all. No real key
        # reaches 1000.
        "regex_sub": [(r"[\w.=-]{10,150}", r"[\w.=-]{10,1000}")],
    },
    "aws-access-token": {
        # gitleaks takes base32 after the prefix (`[A-Z2-7]{16}`, what AWS issues); Nosey
        # Parker's np.aws.1 and gitleaks' own earlier rule take `[A-Z0-9]{16}`. Issue 14:
        # CredData's obfuscation redraws each digit of a value from 0-9, so most of its
        # labelled key ids carry a 0, 1, 8 or 9 (on its two development samples this finds
        # 151 more labelled rows, 7 and 144, and adds no false positive). The prefix and
        # the 20 characters between word boundaries stay as strict.
        "regex_sub": [(r"[A-Z2-7]{16}", r"[A-Z0-9]{16}")],
    },
    "curl-auth-user": {
        # gitleaks lets `curl` reach up to five lines on to its `-u`/`--user`, greedily: in a
        # run of curl commands the match from the first `curl` ran to the last `--user` in
        # reach and swallowed the credentials of the commands between (issue 14: three
        # `curl -s -k --user "admin:…"` lines in a row on CredData's third development
        # sample gave one finding). Lazy, a match ends at the first `-u`/`--user` after its
        # `curl`, and the next search finds the next command's.
        "regex_sub": [(r"(?:.*|.*(?:[\r\n]{1,2}.*){1,5})", r"(?:.*?|.*?(?:[\r\n]{1,2}.*?){1,5}?)")],
    },
    "vault-service-token": {
        "allowlists": [
            {
                # `s.` and 24 characters also matches Go and C# member accesses
                # (`s.Ipv6CidrBlockAssociation`): three or more capitalised words are a name.
                "description": "hookkit: s.PascalCaseName is code, not a token",
                "regexes": [r"^s\.(?:[A-Z][a-z0-9]{2,}){3,}$"],
            },
        ],
    },
}


REPETITION = re.compile(r"\{\d+(?:,\d*)?\}")


def rust_regex(pattern: str) -> str:
    """Go's RE2 reads a `{` that starts no repetition as a literal; Rust's regex rejects
    it. Escape such braces (outside character classes); nothing else differs for these
    rules (the test suite compiles every one)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            # `[]…]` and `[^]…]`: a leading `]` is literal.
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            if pattern[j : j + 1] == "]":
                out.append(pattern[i : j + 1])
                i = j + 1
                continue
        elif c == "{" and not REPETITION.match(pattern, i):
            c = "\\{"
        out.append(c)
        i += 1
    return "".join(out)


def lit(s: str) -> str:
    """A TOML string: literal ('''…''') when possible, else a basic JSON-escaped one."""
    if "'''" not in s and "\n" not in s and not s.endswith("'"):
        return "'''" + s + "'''"
    return json.dumps(s)


def arr(items) -> str:
    return "[" + ", ".join(lit(i) for i in items) + "]"


def allowlist(out, table, al):
    out.append(f"[[{table}]]")
    if al.get("description"):
        out.append(f"description = {json.dumps(al['description'])}")
    if al.get("condition"):
        out.append(f"condition = {json.dumps(al['condition'].lower())}")
    if al.get("regexTarget"):
        out.append(f"regex_target = {json.dumps(al['regexTarget'])}")
    for key in ("regexes", "stopwords", "paths"):
        if al.get(key):
            vals = [rust_regex(v) for v in al[key]] if key != "stopwords" else al[key]
            out.append(f"{key} = {arr(vals)}")


def main() -> None:
    src = tomllib.load(open(sys.argv[1], "rb"))
    out = [
        "# Generated by import_gitleaks.py from gitleaks' default rules (MIT, Copyright (c) 2019",
        "# Zachary Rice, https://github.com/gitleaks/gitleaks). Do not edit: change the script or",
        "# add rules to hookkit.toml. hookkit's overrides (OVERRIDES in the script) are marked",
        "# with `hookkit:` in their description.",
        "",
    ]
    g = src.get("allowlist")
    if g:
        out.append("[allowlist]")
        for key in ("regexes", "stopwords", "paths"):
            if g.get(key):
                vals = [rust_regex(v) for v in g[key]] if key != "stopwords" else g[key]
                out.append(f"{key} = {arr(vals)}")
        out.append("")
    for r in src["rules"]:
        if "regex" not in r:
            continue
        out.append("[[rule]]")
        out.append(f"id = {json.dumps('secrets.' + r['id'])}")
        out.append(f"origin = {json.dumps('gitleaks:' + r['id'])}")
        out.append(f"message = {json.dumps(r['description'])}")
        regex = rust_regex(r["regex"])
        for before, after in OVERRIDES.get(r["id"], {}).get("regex_sub", []):
            assert before in regex, (r["id"], before)
            regex = regex.replace(before, after)
        out.append(f"regex = {lit(regex)}")
        if r.get("secretGroup"):
            out.append(f"secret_group = {r['secretGroup']}")
        over = OVERRIDES.get(r["id"], {})
        entropy = over.get("entropy", r.get("entropy"))
        if entropy:
            out.append(f"entropy = {float(entropy)}")
        if r.get("path"):
            out.append(f"path = {lit(r['path'])}")
        out.append(f"keywords = {json.dumps(r.get('keywords', []))}")
        allowlists = r.get("allowlists", []) + over.get("allowlists", [])
        for al in allowlists:
            allowlist(out, "rule.allowlist", al)
        out.append("")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
