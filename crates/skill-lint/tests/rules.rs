//! The rule ids are a public contract (snapshot), and docs/skill-lint/rules.md is generated from
//! the rule table (`HOOKKIT_BLESS=1 cargo test -p skill-lint --test rules` regenerates it).

use skill_lint::rules::{RULES, rules_markdown};
use std::path::Path;

#[test]
fn rule_ids_are_a_public_contract() {
    let ids: Vec<String> = RULES
        .iter()
        .map(|r| format!("{} {}", r.id, r.severity.as_str()))
        .collect();
    insta::assert_snapshot!(ids.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_well_formed() {
    let re = regex::Regex::new(r"^[a-z-]+\.[a-z0-9-]+$").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for r in RULES {
        assert!(re.is_match(r.id), "{}", r.id);
        assert!(seen.insert(r.id), "duplicate {}", r.id);
    }
}

#[test]
fn checked_in_rule_docs_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/skill-lint/rules.md");
    let want = rules_markdown();
    if std::env::var_os("HOOKKIT_BLESS").is_some() {
        skill_lint::fix::write_atomic(&path, want.as_bytes()).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/skill-lint/rules.md is out of date: run `HOOKKIT_BLESS=1 cargo test -p skill-lint --test rules`"
    );
}
