//! The labelled shell corpus (tests/corpora/commands, from destructive_command_guard
//! v0.4.1 and Dippy) run through command-guard's policy: prints recall on must-deny cases
//! and false denials on must-allow cases, and fails on any false denial of a Dippy
//! `approve` case or a drop in recall below the recorded floor.
//!
//! Run with `cargo test -p command-guard --test corpus -- --nocapture` to see the table.

use hookkit_policy::command::{check_line, guard_call};
use hookkit_policy::rules::RuleSet;
use hookkit_policy::rules::check::example_context;
use hookkit_policy::{Config, Event, Host, ToolCall, ToolKind, Verdict, decide};
use std::collections::BTreeMap;

#[derive(Default)]
struct Tally {
    total: usize,
    deny: usize,
    ask: usize,
    examples: Vec<String>,
}

/// (group, expected) for one corpus line, or None when it has no usable label.
fn label(source: &str, expected: Option<&str>, command: &str) -> Option<(String, String, String)> {
    let peer = source.split('@').next().unwrap_or(source).to_owned();
    match expected {
        Some(e) => Some((peer, e.to_owned(), command.to_owned())),
        None => {
            let (tag, cmd) = command.split_once(':')?;
            let e = match tag {
                "ALLOW" => "allow",
                "BLOCK" => "deny",
                _ => return None,
            };
            Some((peer, e.to_owned(), cmd.to_owned()))
        }
    }
}

#[test]
fn corpus_recall_and_false_denials() {
    let rules = RuleSet::builtin("commands").unwrap();
    let config = Config::default();
    let ctx = example_context();
    let exists = |p: &std::path::Path| p.exists();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for (peer, expected, command) in labelled() {
        let findings = check_line(&command, &rules, &ctx, &exists).unwrap();
        let decision = decide("command-guard", findings, &config);
        let t = tallies.entry((peer, expected.clone())).or_default();
        t.total += 1;
        match decision.verdict {
            Verdict::Deny => t.deny += 1,
            Verdict::Ask => t.ask += 1,
            Verdict::Allow => {}
        }
        let wrong = match expected.as_str() {
            "deny" => decision.verdict == Verdict::Allow,
            "allow" | "approve" => decision.verdict != Verdict::Allow,
            _ => false,
        };
        if wrong {
            t.examples.push(format!(
                "{:?} {command:?} {:?}",
                decision.verdict,
                decision.rule_ids()
            ));
        }
    }
    println!(
        "{:<8} {:<8} {:>6} {:>6} {:>6}",
        "peer", "label", "cases", "deny", "ask"
    );
    for ((peer, label), t) in &tallies {
        println!(
            "{peer:<8} {label:<8} {:>6} {:>6} {:>6}",
            t.total, t.deny, t.ask
        );
    }
    for ((peer, label), t) in &tallies {
        if !t.examples.is_empty() {
            println!(
                "\n{peer} {label}: {} cases decided otherwise",
                t.examples.len()
            );
            for e in &t.examples {
                println!("  {e}");
            }
        }
    }
    let approve = &tallies[&("dippy".to_owned(), "approve".to_owned())];
    assert_eq!(approve.deny, 0, "false denials on Dippy's approve set");
    let must_deny = &tallies[&("dcg".to_owned(), "deny".to_owned())];
    let recall = (must_deny.deny + must_deny.ask) as f64 / must_deny.total as f64;
    println!(
        "\ndcg must-deny recall (deny or ask): {:.1}%",
        recall * 100.0
    );
}

/// `command` as a Claude Code PreToolUse `Bash` call in `project` (the command is data:
/// judged, never run).
fn bash(command: &str, project: &std::path::Path) -> ToolCall {
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Shell,
        "Bash",
    );
    call.command = Some(command.to_owned());
    call.cwd = Some(project.to_path_buf());
    call
}

/// The corpus's labelled commands as (peer, label, command), hook payloads left out;
/// dcg's e2e fixture files hold one command per line, with newlines written `\n`.
#[allow(
    clippy::unwrap_used,
    reason = "a corpus that does not read fails the test that calls this"
)]
fn labelled() -> Vec<(String, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpora/commands/cases.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["input_kind"] == "hook_json" {
            continue;
        }
        let source = v["source"].as_str().unwrap();
        if let Some((peer, expected, command)) = label(
            source,
            v["expected"].as_str(),
            v["command"].as_str().unwrap(),
        ) {
            let command = if source.contains("tests/e2e/fixtures/") {
                command.replace("\\n", "\n").replace("\\t", "\t")
            } else {
                command
            };
            out.push((peer, expected, command));
        }
    }
    out
}

/// Auto-approval (`auto_approve = true`, default profile), each command judged as
/// command-guard judges a Claude Code `Bash` call ([`guard_call`]): the share of Dippy's `approve`
/// commands command-guard would approve on the person's behalf, and no approval of any
/// case labelled deny (dcg) or ask (Dippy: it asks a person, so hookkit must not answer
/// for them). Issue 13's goal was 90% of the approve set; the floor below is what is
/// reached today, so a regression fails.
#[test]
fn auto_approval_share() {
    let config = Config {
        auto_approve: true,
        ..Config::default()
    };
    // A scratch project, so that paths resolve as in a real call (nothing is written).
    let project = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-project");
    std::fs::create_dir_all(&project).unwrap();
    let mut approved: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for (peer, expected, command) in labelled() {
        let call = bash(&command, &project);
        let decision = guard_call(&call, &config).unwrap();
        let t = approved.entry((peer, expected.clone())).or_default();
        t.1 += 1;
        if decision.approved {
            t.0 += 1;
            if expected == "deny" || expected == "ask" {
                wrong.push(command.clone());
            }
        } else if expected == "approve" {
            let first = command.split_whitespace().next().unwrap_or("").to_owned();
            *missed.entry(first).or_default() += 1;
        }
    }
    for ((peer, label), (yes, total)) in &approved {
        println!(
            "{peer:<8} {label:<8} approved {yes:>5}/{total:<5} {:.1}%",
            100.0 * *yes as f64 / *total as f64
        );
    }
    let mut missed: Vec<(String, usize)> = missed.into_iter().collect();
    missed.sort_by_key(|m| std::cmp::Reverse(m.1));
    println!("not approved on Dippy's approve set, by first word: {missed:?}");
    assert!(wrong.is_empty(), "approved deny/ask cases: {wrong:#?}");
    let (yes, total) = approved[&("dippy".to_owned(), "approve".to_owned())];
    assert!(
        yes as f64 / total as f64 >= APPROVE_FLOOR,
        "approval share on Dippy's approve set fell below {APPROVE_FLOOR}"
    );
}

/// The share of Dippy's approve set approved today (4938 of 5485, 90.0%; 4957 before
/// secret-guard's `fetch.computed-file` and `fetch.secret-file-operand` withheld approval
/// from printers of files found by `find -exec`, fed by a pipe to `xargs` or named by a
/// `$(…)`, and from unknown programs given a credential file); issue 13's goal was 0.90.
const APPROVE_FLOOR: f64 = 0.90;

/// The fresh set (tests/corpora/commands/fresh.jsonl, issue 13: commands written after the
/// release, with sources), judged as command-guard judges a Claude Code `Bash` call with
/// `auto_approve = true`: per category, the must-deny cases refused (deny or ask), the
/// allow and approve cases let run, the approve cases approved; and no approval of a case
/// labelled deny or ask. Floors hold today's numbers, so a regression fails.
#[test]
fn fresh_set() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpora/commands/fresh.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let config = Config {
        auto_approve: true,
        ..Config::default()
    };
    let project = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fresh-project");
    std::fs::create_dir_all(&project).unwrap();
    // (cases, refused, allowed, approved) per (category, label)
    let mut tally: BTreeMap<(String, String), [usize; 4]> = BTreeMap::new();
    let mut wrong = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let command = v["command"].as_str().unwrap();
        let expected = v["expected"].as_str().unwrap().to_owned();
        let category = v["category"].as_str().unwrap().to_owned();
        let call = bash(command, &project);
        let d = guard_call(&call, &config).unwrap();
        let t = tally.entry((category, expected.clone())).or_default();
        t[0] += 1;
        t[1] += usize::from(d.verdict != Verdict::Allow);
        t[2] += usize::from(d.verdict == Verdict::Allow);
        t[3] += usize::from(d.approved);
        let miss = match expected.as_str() {
            "deny" => d.verdict == Verdict::Allow,
            "ask" => d.approved,
            _ => d.verdict != Verdict::Allow,
        };
        if miss || (d.approved && expected != "approve" && expected != "allow") {
            wrong.push(format!(
                "{expected}: {:?} {command:?} {:?}",
                d.verdict,
                d.rule_ids()
            ));
        }
    }
    let mut sum: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    println!(
        "{:<18} {:<8} {:>5} {:>8} {:>8} {:>9}",
        "category", "label", "cases", "refused", "allowed", "approved"
    );
    for ((category, label), t) in &tally {
        println!(
            "{category:<18} {label:<8} {:>5} {:>8} {:>8} {:>9}",
            t[0], t[1], t[2], t[3]
        );
        let s = sum.entry(label.clone()).or_default();
        for i in 0..4 {
            s[i] += t[i];
        }
    }
    for (label, s) in &sum {
        println!(
            "{:<18} {label:<8} {:>5} {:>8} {:>8} {:>9}",
            "all", s[0], s[1], s[2], s[3]
        );
    }
    println!("decided otherwise:");
    for w in &wrong {
        println!("  {w}");
    }
    let of = |label: &str| sum.get(label).copied().unwrap_or_default();
    assert_eq!(
        of("deny")[3] + of("ask")[3],
        0,
        "approved a deny or ask case"
    );
    assert!(of("deny")[1] as f64 / of("deny")[0] as f64 >= FRESH_RECALL_FLOOR);
    assert_eq!(of("allow")[1] + of("approve")[1], FRESH_FALSE_REFUSALS);
}

/// Must-deny cases of the fresh set refused (deny or ask) today: 119 of 120 (the miss,
/// `echo … > ~/.zshrc`, is refused only where that file exists).
const FRESH_RECALL_FLOOR: f64 = 0.99;

/// Allow and approve cases of the fresh set refused today: a PowerShell `-WhatIf` (hookkit
/// does not analyse PowerShell) and `terraform destroy -help` (a rule that denies by itself
/// still applies under `--help`: some programs pass the option on).
const FRESH_FALSE_REFUSALS: usize = 2;

/// The must-deny cases of the fresh set and of dcg under the `autonomous` profile, which
/// allows deletes outside production and only asks before irreversible ones: what is
/// still refused there is what the rules know to be destructive by itself (a home, the
/// root, production, a precious path), which is what that profile is for.
#[test]
fn must_deny_under_the_autonomous_profile() {
    let config = Config {
        profile: "autonomous".to_owned(),
        ..Config::default()
    };
    let project = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("autonomous-project");
    std::fs::create_dir_all(&project).unwrap();
    let fresh = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpora/commands/fresh.jsonl"
    ))
    .unwrap();
    let fresh: Vec<String> = fresh
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["expected"] == "deny")
        .map(|v| v["command"].as_str().unwrap().to_owned())
        .collect();
    let dcg: Vec<String> = labelled()
        .into_iter()
        .filter(|(peer, expected, _)| peer == "dcg" && expected == "deny")
        .map(|(_, _, c)| c)
        .collect();
    for (set, commands, floor) in [
        ("fresh", &fresh, AUTONOMOUS_FRESH_FLOOR),
        ("dcg", &dcg, AUTONOMOUS_DCG_FLOOR),
    ] {
        let mut refused = 0;
        let mut missed = Vec::new();
        for command in commands {
            let call = bash(command, &project);
            if guard_call(&call, &config).unwrap().verdict != Verdict::Allow {
                refused += 1;
            } else {
                missed.push(command.clone());
            }
        }
        println!(
            "autonomous, {set} must-deny: {refused}/{} refused; allowed: {missed:#?}",
            commands.len()
        );
        assert!(refused as f64 / commands.len() as f64 >= floor, "{set}");
    }
}

/// Share of the fresh must-deny cases refused under `autonomous` today (92 of 120: the
/// rest are deletes outside production, which that profile allows by design).
const AUTONOMOUS_FRESH_FLOOR: f64 = 0.76;

/// Share of dcg's must-deny cases refused under `autonomous` today (197 of 213).
const AUTONOMOUS_DCG_FLOOR: f64 = 0.92;
