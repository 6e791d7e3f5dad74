//! The examples check: every example of a rule fires that rule, and no negative example
//! fires its own rule or any rule that asks or denies on its own (classifier rules, which
//! leave the decision to the profile, may fire on negative examples of other rules). Run by the test suite on the built-in rules and by
//! `command-guard check-rules` on users' own rule files.

use super::RuleSet;
use crate::command::{PathContext, check_line};
use crate::decision::Verdict;
use std::fmt;

/// One example that does not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule whose example it is.
    pub rule_id: String,
    /// The command line.
    pub example: String,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: {}", self.rule_id, self.example, self.problem)
    }
}

/// The context every example is checked in: working in `/home/user/project` (a project
/// root), home `/home/user`, and every path exists.
pub fn example_context() -> PathContext {
    PathContext {
        cwd: "/home/user/project".into(),
        home: Some("/home/user".into()),
        project_root: "/home/user/project".into(),
        tmpdir: None,
    }
}

/// Check every rule's examples and negative examples against the whole set.
pub fn check_examples(set: &RuleSet) -> Vec<ExampleFailure> {
    let ctx = example_context();
    let exists = |_: &std::path::Path| true;
    let mut failures = Vec::new();
    for rule in &set.rules {
        let cases = rule
            .examples
            .iter()
            .map(|e| (e, true))
            .chain(rule.negative_examples.iter().map(|e| (e, false)));
        for (example, positive) in cases {
            let problem = match check_line(example, set, &ctx, &exists) {
                Err(e) => e.to_string(),
                Ok(found) => {
                    let ids: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
                    // A negative example may be classified (read, create…) by classifier
                    // rules, but must fire neither its own rule nor any rule that asks or
                    // denies on its own.
                    let blocking: Vec<&str> = found
                        .iter()
                        .filter(|f| f.rule_id == rule.id || f.verdict > Verdict::Allow)
                        .map(|f| f.rule_id.as_str())
                        .collect();
                    match (positive, blocking.is_empty()) {
                        (true, _) if ids.contains(&rule.id.as_str()) => continue,
                        (false, true) => continue,
                        (true, _) => format!(
                            "example does not fire this rule (fires: [{}])",
                            ids.join(", ")
                        ),
                        (false, false) => {
                            format!("negative example fires [{}]", blocking.join(", "))
                        }
                    }
                }
            };
            failures.push(ExampleFailure {
                rule_id: rule.id.clone(),
                example: example.clone(),
                problem,
            });
        }
    }
    failures
}
