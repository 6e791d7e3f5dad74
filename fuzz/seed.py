#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/corpus/<target>/ (named for what they are).

Inputs found by fuzz runs are added next to them by hand once fixed. Every command here
is data, written to a file, never run.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
REPO = ROOT.parent


def nested_bash(inner, depth):
    for _ in range(depth):
        inner = 'bash -c "%s"' % inner.replace("\\", "\\\\").replace('"', '\\"')
    return inner


SHELL = {
    # Issue "Fail closed, always": the inputs that made the guards fail open.
    "crash-brace-tag-e0067": "git push --force origin main; {\U000E0067",
    "crash-brace-selector-e0100": "rm -rf ~; {\U000E0100",
    "crash-brace-private-use": "{\U000F0000 \U0010FFFD",
    "quadratic-pipeline-r": "a|" * 500 + "rm -rf ~",
    "quadratic-pipeline-R": "a -R x|" * 200 + "chmod -R 777 ~",
    "eval-9-cat-env": "eval " * 9 + "cat .env",
    "bash-c-9": nested_bash("rm -rf ~", 9),
    "subst-70": "echo " + "$(" * 70 + "cat .env" + ")" * 70,
    "nul-in-word": "rm\0 -rf ~",
    "control-characters": "ls \x1b[2K\r\x7f \u202e",
    # Syntax the parser must read as bash does.
    "heredoc-quoted-delimiter": 'cat <<E"O"F\nx\nEOF\nrm -rf /\nE"O"F\n',
    "heredoc-indented-end": "cat <<EOF\n\tEOF\nrm x\nEOF\n",
    "heredoc-dash": "cat <<-EOF\n\ta $(id)\n\tEOF\n",
    "heredoc-to-shell": "bash <<'EOF'\ncd /tmp && rm -rf x\nEOF\n",
    "two-heredocs": "cat <<A <<B\na\nA\nb\nB\n",
    "ansi-c-backslash": r"echo $'\\'; rm -rf /; echo $'\\'",
    "arithmetic-or-subshell": "((a)) ; $(( (1) )) ; $( (ls) ) ; ( (ls) )",
    "case": "case $x in a|b) rm a;; (c) ls;& d) :;;& *) ;; esac",
    "conditional": "[[ $x =~ ^(a|b)$ && -f $(rm x) ]] || (( y = $(ls) ))",
    "for-loops": "for f in *.o; do rm \"$f\"; done; for ((i=0;i<3;i++)) { echo $i; }",
    "functions": "f() { rm x; }; function g { ls; }; function h() ( pwd )",
    "arrays": "a=(x $(id) 'y z'); declare -a b=(1 2); a[1]=$(ls); a+=(w)",
    "redirections": "cmd >f 2>&1 &>g >>h <i <>j >|k {fd}>l 3<&- <<<'s' >&2",
    "process-substitution": "diff <(ls a) >(tee b) x<(c)",
    "backticks": "echo `rm x` \"`ls \\`pwd\\``\"",
    "expansions": "echo ${a:-$(rm b)} ${#c} ${d//x/y} $[1+2] $'\\x72m' $\"t\"",
    "extglob": "rm -rf !(keep|this) @(a|b)",
    "wrappers": "sudo -u root env X=1 nohup timeout 5 nice -n 5 bash -c 'rm -rf ~' &",
    "find-xargs": "find . -name '*.o' -exec rm {} + ; ls | xargs -0 rm -rf",
    "unclosed": "echo \"a $(b 'c ${d `e",
    "stray-closers": ") } fi done esac ;; then",
    "empty": "",
    # Found while fuzzing: recursion and work that grew with the input.
    "coproc-chain": "coproc " * 150 + "rm -rf ~",
    "env-split-chain": "env -S '" + "-S " * 300 + "' rm -rf ~",
    # Brace expansion: a command hidden in one word, and expansions past the limits.
    "brace-command": "{rm,-rf,~}; sudo {git,push,-f}",
    "brace-explosion": "{a,b}" * 40 + "{rm,-rf,~}",
    "brace-sequence": "echo {1..4294967295} {a..z..0} {-5..5..-2} {0010..1}",
    "brace-nested": "echo " + "{a," * 50 + "b" + "}" * 50,
    # Issue 13: targets through input, aliases, inline programs.
    "input-fed": "find / -name x | xargs -I% rm -rf %.bak; parallel rm -rf {} ::: ~ /; "
    "find . ~ -maxdepth 1 ! -name d -exec rm -rf {} +; fd -e py . ~ -X rm",
    "aliases": "alias ls='rm -rf ~'; git -c alias.x='!rm -rf ~' x; git config alias.y 'reset --hard'",
    "inline-programs": "python3 -c \"import os, shutil; os.system('rm -rf ~'); shutil.rmtree('/')\"; "
    "awk 'BEGIN { system(\"rm -rf /\"); print | \"sh\"; \"date\" | getline d }'; "
    "perl -e 'system \"rm -rf ~\"; `id`'; node -e 'require(\"fs\").rmSync(\"/\")'",
    "inline-heredoc": "python3 <<'EOF'\nimport subprocess\nsubprocess.run(['rm', '-rf', '/'])\nEOF",
    "inline-unclosed": "python3 -c 'os.system(\"" + "system(\"" * 200 + "'",
}


def payload_seeds():
    """(name, bytes): a selector byte then text, as crates/fuzz-harness `hook` reads them."""
    seeds = []
    texts = {
        "rm-home": "rm -rf ~",
        "crash-suffix": SHELL["crash-brace-tag-e0067"],
        "pipeline": SHELL["quadratic-pipeline-r"],
        "secret-fetch": "aws secretsmanager get-secret-value --secret-id prod/db",
        "plain": "git status",
        # A printer's operand through a glob, a substitution, or what xargs reads (secret-guard
        # expands globs on disk, and reads the items the line spells).
        "computed-read": "cat .e* .[e]nv /*/*/*/.env $(printf .en; printf v); "
        "echo .env | xargs cat; xargs cat <<< \"$(ls -a)\"; xargs -0a l cat; rev ~/.ssh/id_*",
    }
    # The 22 templates, in the harness's order.
    for i in range(22):
        for name, text in texts.items():
            seeds.append((f"t{i:02}-{name}", bytes([i]) + text.encode()))
    # The MCP tools after them: the AWS MCP Server's run_script, then call_aws.
    scripts = {
        "delete-bucket": "await call_boto3(service_name='s3', operation_name='DeleteBucket', "
                         "params={'Bucket': 'prod-data', 'N': [1, (2, 3.5e-1)], 'F': f(x)})",
        "loop": "for b in (await call_boto3(service_name='s3', operation_name='ListBuckets'))"
                "['Buckets']:\n    print(f\"{b['Name']}\")",
        "exec": "exec('call_boto3(service_name=\"s3\")')",
        "unterminated": "call_boto3(service_name='s3', params={'a': [1, {'b': " + "'" * 3 + "x",
    }
    for name, code in scripts.items():
        seeds.append((f"t22-run-script-{name}", bytes([22]) + code.encode()))
    seeds.append(("t23-call-aws-delete", bytes([23]) + b"aws rds delete-db-instance "
                  b"--db-instance-identifier prod --skip-final-snapshot --profile prod"))
    raw = {
        "raw-not-json": b"\x80not json at all",
        "raw-empty-object": b"\x81{}",
        "raw-array": b"\x82[1,2,3]",
        "raw-detect": b"\xc0" + json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash",
                                             "tool_input": {"command": "rm -rf ~"}}).encode(),
        "raw-truncated": b"\x83{\"session_id\": \"s\", \"tool_input\": {\"command\": \"rm",
        "raw-invalid-utf8": b"\x84{\"a\": \"\xff\xfe\"}",
    }
    seeds.extend(raw.items())
    # Found while fuzzing: a brace-nested rm target took time quadratic in its length.
    seeds.append(("t00-nested-braces", b"\x00rm " + b"{" * 600 + b"x" + b"}" * 600))
    return seeds


def frontmatter_seeds():
    seeds = []
    for path in sorted((REPO / "skills").glob("*/SKILL.md")):
        seeds.append((path.parent.name, path.read_bytes()))
    seeds += [
        ("no-frontmatter", b"# Title\nbody\n"),
        ("unclosed", b"---\nname: x\n"),
        ("folded-blank-line", b"---\nname: x\ndescription: >\n  a\n\n  b: c\n---\n"),
        ("anchors", b"---\nname: &a x\nmetadata:\n  k: *a\n---\nbody\n"),
        ("deep-nesting", b"---\nname: x\nmetadata: " + b"[" * 300 + b"]" * 300 + b"\n---\n"),
        ("bom-crlf", b"\xef\xbb\xbf---\r\nname: x\r\ndescription: y\r\n---\r\n"),
    ]
    return seeds


def write(target, seeds):
    out = CORPUS / target
    out.mkdir(parents=True, exist_ok=True)
    for name, data in seeds:
        (out / name).write_bytes(data if isinstance(data, bytes) else data.encode())


write("shell", SHELL.items())
write("hook", payload_seeds())
write("frontmatter", frontmatter_seeds())
