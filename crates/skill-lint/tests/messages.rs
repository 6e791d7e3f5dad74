#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! Messages that named the wrong thing on real skills (issue 17, the AWS agent toolkit), as
//! the human format prints them.

use std::path::Path;
use std::process::Command;

/// The human output of skill-lint on a skill `name` whose SKILL.md is `text`.
fn lint_one(name: &str, text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(name)).unwrap();
    std::fs::write(tmp.path().join(name).join("SKILL.md"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(tmp.path())
        .arg(Path::new(name))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// An empty `name:` is empty, not the string `~`, and no repair `--fix` would refuse is offered.
#[test]
fn an_empty_name_is_reported_empty() {
    let out = lint_one(
        "empty-name",
        "---\nname:\ndescription: Does things. Use when asked.\n---\nBody.\n",
    );
    assert!(!out.contains('~'), "{out}");
    assert!(!out.contains("fixable"), "{out}");
    insta::assert_snapshot!(out);
}

/// An alias in `metadata` is the value of its anchor: a string is fine, a mapping is named as
/// one (not "a alias").
#[test]
fn an_alias_is_read_as_its_anchor() {
    let out = lint_one(
        "aliases",
        "---\nname: aliases\ndescription: &d Does things. Use when asked.\nmetadata:\n  summary: *d\n  nested: &m\n    a: b\n  again: *m\n---\nBody.\n",
    );
    assert!(!out.contains("summary"), "{out}");
    assert!(!out.contains("a alias"), "{out}");
    insta::assert_snapshot!(out);
}

/// Prose that escaped a folded description after a blank line (the Flink skill): the value
/// ended at its last line of text, not at the escaped line.
#[test]
fn escaped_prose_names_the_line_the_value_ended() {
    let out = lint_one(
        "escaped",
        "---\nname: escaped\ndescription: >-\n  Builds Flink apps.\n  Use for MSF.\n\nTriggers — activate on any of: Flink, MSF,\n  KPU, savepoint.\n---\nBody.\n",
    );
    assert!(out.contains("ended the previous value at line 5 "), "{out}");
    insta::assert_snapshot!(out);
}
