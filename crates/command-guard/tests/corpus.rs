//! The labelled shell corpus (tests/corpora/commands, from destructive_command_guard
//! v0.4.1 and Dippy) run through command-guard's policy: prints recall on must-deny cases
//! and false denials on must-allow cases, and fails on any false denial of a Dippy
//! `approve` case or a drop in recall below the recorded floor.
//!
//! Run with `cargo test -p command-guard --test corpus -- --nocapture` to see the table.

use hookkit_policy::command::check_line;
use hookkit_policy::rules::RuleSet;
use hookkit_policy::rules::check::example_context;
use hookkit_policy::{Config, Verdict, decide};
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
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpora/commands/cases.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let rules = RuleSet::builtin("commands").unwrap();
    let config = Config::default();
    let ctx = example_context();
    let exists = |p: &std::path::Path| p.exists();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["input_kind"] == "hook_json" {
            continue; // hook payloads, not commands: see hook_json_cases below
        }
        let Some((peer, expected, command)) = label(
            v["source"].as_str().unwrap(),
            v["expected"].as_str(),
            v["command"].as_str().unwrap(),
        ) else {
            continue;
        };
        // dcg's e2e fixture files hold one command per line, with newlines written `\n`.
        let command = if v["source"]
            .as_str()
            .unwrap()
            .contains("tests/e2e/fixtures/")
        {
            command.replace("\\n", "\n").replace("\\t", "\t")
        } else {
            command
        };
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
