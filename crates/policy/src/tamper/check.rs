//! The examples check of the tamper rules: every example (a shell command line) fires its
//! rule, and no negative example fires any tamper rule. Run by the test suite.

use super::model::TamperFile;
use super::{Surroundings, findings_for, targets};
use crate::rules::check::{ExampleFailure, example_context};
use crate::rules::valid_rule_id;

/// The environment the examples run in: only `PATH=/usr/local/bin:/usr/bin:/bin`.
fn example_env(name: &str) -> Option<String> {
    (name == "PATH").then(|| "/usr/local/bin:/usr/bin:/bin".to_owned())
}

/// The surroundings every example is checked in: [`example_context`] (working in
/// `/home/user/project`, home `/home/user`), only `PATH` set, no running guard, no
/// configuration files, no symlink on disk, every path there but none a directory.
pub fn example_surroundings() -> Surroundings<'static> {
    Surroundings {
        paths: example_context(),
        env: &example_env,
        exe: None,
        config_files: Vec::new(),
        audit_dirs: Vec::new(),
        audit_files: Vec::new(),
        is_dir: &|_| false,
        exists: &|_| true,
        realpath: &|_| None,
    }
}

/// Check `file`: ids unique and `tamper.kebab-name`, exactly one `unresolved` rule, every
/// rule with at least one example; every example fires its rule and no negative example
/// fires any rule, in [`example_surroundings`]. A problem of a rule itself has an empty
/// `example`.
pub fn check_examples(file: &TamperFile) -> Vec<ExampleFailure> {
    let s = example_surroundings();
    let mut failures = Vec::new();
    let mut fail = |rule_id: &str, example: &str, problem: String| {
        failures.push(ExampleFailure {
            rule_id: rule_id.to_owned(),
            example: example.to_owned(),
            problem,
        });
    };
    let mut seen = std::collections::HashSet::new();
    for rule in &file.rule {
        if !valid_rule_id(&rule.id) || !rule.id.starts_with("tamper.") {
            fail(&rule.id, "", "the id is not `tamper.kebab-name`".into());
        }
        if !seen.insert(rule.id.as_str()) {
            fail(&rule.id, "", "the id is defined twice".into());
        }
        if rule.examples.is_empty() {
            fail(&rule.id, "", "no examples".into());
        }
    }
    if file.rule.iter().filter(|r| r.unresolved).count() != 1 {
        fail(
            "tamper",
            "",
            "exactly one rule must set `unresolved = true`".into(),
        );
    }
    for rule in &file.rule {
        let cases = rule
            .examples
            .iter()
            .map(|e| (e, true))
            .chain(rule.negative_examples.iter().map(|e| (e, false)));
        for (example, positive) in cases {
            let analysis = hookkit_shell::analyze(example);
            let found = targets::of_line(&analysis, example, file, &s);
            let ids: Vec<String> = match findings_for(&found, example, file, &s) {
                Ok(f) => f.into_iter().map(|f| f.rule_id).collect(),
                Err(e) => {
                    fail(&rule.id, example, e.to_string());
                    continue;
                }
            };
            match (positive, ids.contains(&rule.id)) {
                (true, false) => fail(
                    &rule.id,
                    example,
                    format!(
                        "example does not fire this rule (fires: [{}])",
                        ids.join(", ")
                    ),
                ),
                (false, _) if !ids.is_empty() => fail(
                    &rule.id,
                    example,
                    format!("negative example fires [{}]", ids.join(", ")),
                ),
                _ => {}
            }
        }
    }
    failures
}
