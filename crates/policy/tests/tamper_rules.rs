//! Every built-in tamper rule against its own examples, and the list of tamper rule ids (a
//! public contract: a change to it shows up as a snapshot diff).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns

use hookkit_policy::tamper::{builtin, builtin_with_examples, check_examples};

#[test]
fn every_tamper_example_fires_its_rule_and_no_negative_example_fires_any() {
    let file = builtin_with_examples().unwrap();
    assert!(file.rule.len() >= 6, "{} tamper rules", file.rule.len());
    let failures = check_examples(&file);
    assert!(
        failures.is_empty(),
        "{} tamper example failures:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_lean_rules_are_the_full_rules_without_examples() {
    let lean = builtin().unwrap();
    let full = builtin_with_examples().unwrap();
    assert_eq!(lean.rule.len(), full.rule.len());
    assert_eq!(lean.writer.len(), full.writer.len());
    assert!(lean.rule.iter().all(|r| r.examples.is_empty()));
}

#[test]
fn tamper_rule_ids_are_a_public_contract() {
    let lines: Vec<String> = builtin_with_examples()
        .unwrap()
        .rule
        .iter()
        .map(|r| format!("{} {:?} {}", r.id, r.severity, r.decision.as_str()))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
