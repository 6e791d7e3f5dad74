//! The profile as an IAM guardrail (`hookkit_policy::aws::iam_policy`): for every built-in
//! profile, both policy types and both readings of `ask`, the emitted documents deny
//! exactly the actions of the table the profile denies in production — read back from
//! their JSON and matched as IAM matches — and each fits its quota.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::aws::iam_policy::{
    AskAs, Judge, PolicyType, STATEMENT_ID, VIA_MCP_KEY, guardrail,
};
use hookkit_policy::aws::{self, wildcard};
use hookkit_policy::profile::BUILTIN;
use hookkit_policy::{Config, Environment, Verdict, command};
use std::collections::HashMap;

/// The `Action` entries of a document, after checking the rest of its statement.
fn entries(document: &serde_json::Value) -> Vec<&str> {
    assert_eq!(document["Version"], "2012-10-17");
    let statements = document["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    let s = &statements[0];
    assert_eq!(s["Sid"], STATEMENT_ID);
    assert_eq!(s["Effect"], "Deny");
    assert_eq!(s["Resource"], "*");
    assert_eq!(s["Condition"]["Bool"][VIA_MCP_KEY], "true");
    s["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

fn config(profile: &str) -> Config {
    Config {
        profile: profile.to_owned(),
        ..Config::default()
    }
}

#[test]
fn the_documents_deny_exactly_what_the_profile_denies_in_production() {
    for (profile, _) in BUILTIN {
        let config = config(profile);
        let rules = command::rules_for(&config, Some(&["aws"])).unwrap();
        let judge = Judge::new(&rules, &config);
        for ask_as in [AskAs::Deny, AskAs::Allow] {
            for policy in [PolicyType::Managed, PolicyType::ServiceControl] {
                let g = guardrail(&judge, Environment::Production, ask_as, policy).unwrap();
                let all: Vec<&str> = g.documents.iter().flat_map(entries).collect();
                assert_eq!(all.len(), g.entries, "{profile}");
                for d in &g.documents {
                    let chars = serde_json::to_string(d).unwrap().len();
                    assert!(chars <= policy.max_chars(), "{profile}: {chars} characters");
                }
                if policy == PolicyType::Managed {
                    // The default quota of managed policies attached to one role or user.
                    assert!(g.documents.len() <= 10, "{profile}: {}", g.documents.len());
                }
                // Entries by the service part before the colon (never a wildcard here),
                // so each action is matched against its service's entries only.
                let mut by_service: HashMap<&str, Vec<&str>> = HashMap::new();
                for e in &all {
                    let service = e.split_once(':').unwrap().0;
                    assert!(!service.contains(['*', '?']), "{e}");
                    by_service.entry(service).or_default().push(e);
                }
                let mut denied = 0;
                for action in aws::actions() {
                    let verdict = judge.verdict(&action, Environment::Production).unwrap();
                    let must = ask_as.denies(verdict);
                    let does = by_service
                        .get(action.prefix)
                        .into_iter()
                        .flatten()
                        .any(|e| wildcard::matches(e, action.prefix, action.name));
                    assert_eq!(
                        does,
                        must,
                        "{profile} {ask_as:?} {policy:?}: {} ({verdict:?})",
                        action.describe()
                    );
                    denied += usize::from(must);
                }
                assert_eq!(denied, g.denied, "{profile}");
            }
        }
    }
}

#[test]
fn verdicts_follow_the_kind_rules_and_the_exact_operation_rules() {
    let check = |profile: &str, action: &str, want: Verdict| {
        let config = config(profile);
        let rules = command::rules_for(&config, Some(&["aws"])).unwrap();
        let judge = Judge::new(&rules, &config);
        let a = aws::action_named(action).unwrap();
        assert_eq!(
            judge.verdict(&a, Environment::Production).unwrap(),
            want,
            "{profile} {action}"
        );
    };
    check("reversible", "ec2:DescribeInstances", Verdict::Allow);
    check("reversible", "ec2:RunInstances", Verdict::Ask);
    check("reversible", "ec2:TerminateInstances", Verdict::Deny);
    check("reversible", "iam:AttachRolePolicy", Verdict::Deny);
    check("reversible", "ec2:CreateTags", Verdict::Ask);
    check("read-only", "ec2:RunInstances", Verdict::Deny);
    check("read-only", "s3:GetObject", Verdict::Allow);
    check("autonomous", "ec2:StopInstances", Verdict::Allow);
    check("autonomous", "rds:DeleteDBInstance", Verdict::Ask);
    // kms:ScheduleKeyDeletion is a Write action whose verb reads as modify; the rule
    // aws.kms-key-deletion names its operation and classifies it delete.
    check("autonomous", "kms:ScheduleKeyDeletion", Verdict::Ask);
    check("autonomous", "kms:UpdateAlias", Verdict::Allow);
}

#[test]
fn a_configured_override_reaches_the_policy() {
    let mut config = config("autonomous");
    config.rules.insert(
        "aws.permissions".into(),
        hookkit_policy::config::RuleOverride {
            decision: Some(Verdict::Deny),
            enabled: None,
        },
    );
    let rules = command::rules_for(&config, Some(&["aws"])).unwrap();
    let g = guardrail(
        &Judge::new(&rules, &config),
        Environment::Production,
        AskAs::Allow,
        PolicyType::Managed,
    )
    .unwrap();
    let all: Vec<&str> = g.documents.iter().flat_map(entries).collect();
    let denies = |prefix, name| all.iter().any(|e| wildcard::matches(e, prefix, name));
    assert!(denies("iam", "AttachRolePolicy"));
    assert!(denies("s3", "PutBucketPolicy"));
    assert!(!denies("ec2", "TerminateInstances"));
}
