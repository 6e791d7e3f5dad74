//! command-guard on the AWS MCP servers' tool calls, and the AWS action tables' coverage.
//!
//! The labelled set `tests/corpora/aws-mcp/cases.jsonl` (README beside it) holds calls of
//! `call_aws`, `use_aws` and the read-only AWS tools, each with the class, environment
//! and decision (default profile, `reversible`) it must get. Every case goes to the real
//! binary twice, in a scratch project with a scratch HOME and no `AWS_PROFILE`: as
//! `command-guard explain --mcp TOOL ARGS --json` (class and environment) and as a Claude
//! Code PreToolUse payload (the hook's own answer). The destructive commands are data:
//! they are piped to command-guard and never run.
//!
//! The numbers (coverage of the tables, accuracy on the set) are committed in
//! `bench/aws.md`; `HOOKKIT_BLESS=1 cargo test -p command-guard --test aws_mcp`
//! rewrites it. Any wrong case fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod support;

use hookkit_policy::aws::{self, AccessLevel, ActionKind, Found};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use support::{Scratch, run};

/// The class order of `hookkit_policy::ActionClass`, and `none` for no finding.
const CLASSES: [&str; 7] = [
    "none",
    "read",
    "create",
    "modify",
    "delete",
    "irreversible",
    "opaque",
];
const ENVIRONMENTS: [&str; 4] = ["unknown", "development", "staging", "production"];

struct Outcome {
    class: String,
    environment: String,
    decision: String,
    hook: String,
}

/// The strictest of `names` in `order`.
fn strictest<'a>(order: &[&'a str], names: impl Iterator<Item = String>) -> &'a str {
    names
        .filter_map(|n| order.iter().position(|o| *o == n))
        .max()
        .map_or(order[0], |i| order[i])
}

fn outcome(s: &Scratch, tool: &str, arguments: &Value) -> Outcome {
    let args = arguments.to_string();
    let env = [("AWS_PROFILE", ""), ("AWS_DEFAULT_PROFILE", "")];
    let mut explain = s.command(&["explain", "--mcp", tool, &args, "--json"]);
    for (k, _) in env {
        explain.env_remove(k);
    }
    let (stdout, stderr, code) = run(&mut explain, b"");
    assert_eq!(code, 0, "{tool} {args}: {stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let commands = v["trace"]["commands"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let class = strictest(
        &CLASSES,
        commands
            .iter()
            .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
            .map(|f| f["class"].as_str().unwrap_or_default().to_owned()),
    );
    let environment = strictest(
        &ENVIRONMENTS,
        commands
            .iter()
            .map(|c| c["environment"].as_str().unwrap_or_default().to_owned()),
    );
    let mut hook = s.command(&["--host", "claude-code"]);
    for (k, _) in env {
        hook.env_remove(k);
    }
    let (stdout, stderr, code) = run(&mut hook, &s.mcp_payload(tool, arguments));
    let hook = match (code, stdout.trim()) {
        (0, "") => "allow".to_owned(),
        (0, out) => {
            let answer: Value = serde_json::from_str(out).unwrap();
            answer["hookSpecificOutput"]["permissionDecision"]
                .as_str()
                .unwrap_or("unreadable")
                .to_owned()
        }
        _ => format!("exit {code}: {stderr}"),
    };
    Outcome {
        class: class.to_owned(),
        environment: environment.to_owned(),
        decision: v["decision"].as_str().unwrap_or_default().to_owned(),
        hook,
    }
}

/// Share of `n` in `total`, as a percentage with one decimal.
fn pct(n: usize, total: usize) -> String {
    format!("{:.1}%", 100.0 * n as f64 / total.max(1) as f64)
}

/// The coverage of the AWS tables, as markdown.
fn coverage() -> String {
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let (mut total, mut write, mut listed) = (0, 0, 0);
    for a in aws::actions() {
        total += 1;
        *levels.entry(a.level.as_str()).or_default() += 1;
        *kinds.entry(format!("{:?}", a.kind())).or_default() += 1;
        if a.level == AccessLevel::Write {
            write += 1;
            listed += usize::from(aws::verb_is_listed(a.name));
        }
    }
    let classified = kinds
        .iter()
        .filter(|(k, _)| *k != &format!("{:?}", ActionKind::Unknown))
        .map(|(_, n)| n)
        .sum::<usize>();
    let mut found: BTreeMap<(bool, &str), usize> = BTreeMap::new();
    for op in aws::operations() {
        let how = match op.found {
            Found::Exact => "exact name",
            Found::HttpMethod => "HTTP method (API Gateway)",
            Found::Manual => "generate.py MANUAL",
            Found::Unknown => "no action known",
        };
        *found.entry((op.api_name.is_some(), how)).or_default() += 1;
    }
    let api: usize = found.iter().filter(|((a, _), _)| *a).map(|(_, n)| n).sum();
    let cli_only: usize = found.iter().filter(|((a, _), _)| !*a).map(|(_, n)| n).sum();
    let mapped = |api_op: bool| {
        found
            .iter()
            .filter(|((a, how), _)| *a == api_op && *how != "no action known")
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    let mut t = String::new();
    let _ = writeln!(t, "## AWS action tables\n");
    let _ = writeln!(t, "| measure | count | share |\n|---|---|---|");
    let _ = writeln!(
        t,
        "| IAM actions with a kind (and so a class) | {classified} of {total} | {} |",
        pct(classified, total)
    );
    let _ = writeln!(
        t,
        "| Write actions whose verb is in the create or delete lists (the rest: modify) | {listed} of {write} | {} |",
        pct(listed, write)
    );
    let _ = writeln!(
        t,
        "| AWS CLI API operations mapped to IAM actions | {} of {api} | {} |",
        mapped(true),
        pct(mapped(true), api)
    );
    let _ = writeln!(
        t,
        "| AWS CLI-only commands mapped (`wait`, `deploy`…; `aws s3` is read apart) | {} of {cli_only} | {} |",
        mapped(false),
        pct(mapped(false), cli_only)
    );
    let _ = writeln!(t, "\n| access level | actions |\n|---|---|");
    for (level, n) in &levels {
        let _ = writeln!(t, "| {level} | {n} |");
    }
    let _ = writeln!(t, "\n| kind | actions |\n|---|---|");
    for (kind, n) in &kinds {
        let _ = writeln!(t, "| {kind} | {n} |");
    }
    let _ = writeln!(
        t,
        "\n| CLI operations: how their actions were found | API operations | CLI-only commands |\n|---|---|---|"
    );
    let hows: Vec<&str> = {
        let mut h: Vec<&str> = found.keys().map(|(_, how)| *how).collect();
        h.sort();
        h.dedup();
        h
    };
    for how in hows {
        let _ = writeln!(
            t,
            "| {how} | {} | {} |",
            found.get(&(true, how)).unwrap_or(&0),
            found.get(&(false, how)).unwrap_or(&0)
        );
    }
    t
}

#[test]
fn labelled_aws_mcp_calls_get_their_class_environment_and_decision() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpora/aws-mcp/cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let s = Scratch::new();
    let mut misses = Vec::new();
    let mut by_decision: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_tool: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut class_ok, mut env_ok, mut decision_ok, mut total) = (0, 0, 0, 0);
    for (n, line) in text.lines().enumerate() {
        let case: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let tool = case["tool"].as_str().unwrap();
        let got = outcome(&s, tool, &case["arguments"]);
        let want = |k: &str| case[k].as_str().unwrap().to_owned();
        let ok = (
            got.class == want("class"),
            got.environment == want("environment"),
            got.decision == want("decision") && got.hook == want("decision"),
        );
        total += 1;
        class_ok += usize::from(ok.0);
        env_ok += usize::from(ok.1);
        decision_ok += usize::from(ok.2);
        let all = ok.0 && ok.1 && ok.2;
        let short = tool
            .rsplit("__")
            .next()
            .unwrap_or(tool)
            .trim_start_matches('_');
        for (key, map) in [
            (want("decision"), &mut by_decision),
            (short.to_owned(), &mut by_tool),
        ] {
            let e = map.entry(key).or_default();
            e.0 += 1;
            e.1 += usize::from(all);
        }
        if !all {
            misses.push(format!(
                "{}:{}: {tool} {}: want {}/{}/{}, got {}/{}/{} (hook: {})",
                path.display(),
                n + 1,
                case["arguments"],
                want("class"),
                want("environment"),
                want("decision"),
                got.class,
                got.environment,
                got.decision,
                got.hook
            ));
        }
    }
    let mut table = String::from(
        "# AWS: action tables and MCP calls\n\n<!-- Written by crates/command-guard/tests/aws_mcp.rs; regenerate with `HOOKKIT_BLESS=1 cargo test -p command-guard --test aws_mcp`. -->\n\n",
    );
    table.push_str(&coverage());
    let _ = writeln!(
        table,
        "\n## Labelled AWS MCP calls (tests/corpora/aws-mcp/cases.jsonl), profile `reversible`\n"
    );
    let _ = writeln!(table, "| measure | right | share |\n|---|---|---|");
    for (what, n) in [
        ("class", class_ok),
        ("environment", env_ok),
        ("decision (explain and the hook's answer)", decision_ok),
    ] {
        let _ = writeln!(table, "| {what} | {n} of {total} | {} |", pct(n, total));
    }
    let _ = writeln!(
        table,
        "\n| expected decision | cases | all right |\n|---|---|---|"
    );
    for (k, (n, ok)) in &by_decision {
        let _ = writeln!(table, "| {k} | {n} | {ok} |");
    }
    let _ = writeln!(table, "\n| tool | cases | all right |\n|---|---|---|");
    for (k, (n, ok)) in &by_tool {
        let _ = writeln!(table, "| `{k}` | {n} | {ok} |");
    }
    println!("{table}");
    assert!(
        total >= 100,
        "the labelled set must hold at least 100 calls, not {total}"
    );
    assert!(
        misses.is_empty(),
        "{} of {total} cases wrong:\n{}",
        misses.len(),
        misses.join("\n")
    );
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/aws.md");
    if std::env::var_os("HOOKKIT_BLESS").is_some() {
        std::fs::write(&committed, &table).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&committed).unwrap_or_default(),
        table,
        "bench/aws.md is out of date: run `HOOKKIT_BLESS=1 cargo test -p command-guard --test aws_mcp`"
    );
}
