//! Every built-in rule against its own examples, and the list of rule ids (a public
//! contract: a change to it shows up as a snapshot diff).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns

use hookkit_policy::rules::{RuleSet, check_examples};

/// The families of COMMAND rules (the `secrets` family has its own format and its own
/// test, `tests/secret_rules.rs`).
const COMMAND_FAMILIES: &[&str] = &["commands", "fetch"];

fn families() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| COMMAND_FAMILIES.contains(&f.as_str()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_builtin_rule_file_is_valid() {
    for family in families() {
        let set = RuleSet::builtin_with_examples(&family).unwrap();
        set.validate().unwrap();
        assert!(!set.rules.is_empty(), "{family} has no rules");
    }
}

#[test]
fn every_example_fires_its_rule_and_no_negative_example_fires_any() {
    for family in families() {
        let set = RuleSet::builtin_with_examples(&family).unwrap();
        let failures = check_examples(&set);
        assert!(
            failures.is_empty(),
            "{} example failures in {family}:\n{}",
            failures.len(),
            failures
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn rule_ids_are_a_public_contract() {
    let mut lines = Vec::new();
    for family in families() {
        for rule in RuleSet::builtin_with_examples(&family).unwrap().rules {
            let decision = rule.decision.map_or("profile", |d| d.as_str());
            lines.push(format!(
                "{} {:?} {:?} {decision}",
                rule.id, rule.class, rule.severity
            ));
        }
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn rules_loaded_per_line_decide_exactly_as_the_whole_set() {
    use hookkit_policy::command::check_line;
    use hookkit_policy::rules::check::example_context;
    let ctx = example_context();
    let exists = |_: &std::path::Path| true;
    for family in families() {
        let all = RuleSet::builtin_with_examples(&family).unwrap();
        let lean = RuleSet::builtin(&family).unwrap();
        for rule in &all.rules {
            for line in rule.examples.iter().chain(&rule.negative_examples) {
                let analysis = hookkit_shell::analyze(line);
                let names: Vec<&str> = analysis.commands.iter().map(|c| c.name()).collect();
                // A line not followed to its end is swept with every rule, as
                // `command::trace_in` does.
                if hookkit_policy::command::not_followed(&analysis).is_some() {
                    continue;
                }
                let words: Vec<String> = analysis
                    .commands
                    .iter()
                    .flat_map(|c| c.argv.iter().map(|w| w.text.clone()))
                    .collect();
                let some = RuleSet::builtin_for(&family, &names, Some(&words)).unwrap();
                let ids = |set: &RuleSet| -> Vec<String> {
                    check_line(line, set, &ctx, &exists)
                        .unwrap()
                        .into_iter()
                        .map(|f| f.rule_id)
                        .collect()
                };
                assert_eq!(ids(&some), ids(&lean), "{family}: `{line}`");
            }
        }
    }
}
