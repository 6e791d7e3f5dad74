#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! `validate` and `drift` in `--format sarif` and `--format github`, like skill-lint: the SARIF
//! log is valid against the official SARIF 2.1.0 schema (OASIS, errata 01, vendored once in
//! `crates/report/schemas/`, `hookkit_report::schema`), and the exit codes stay 0 clean,
//! 1 findings.

use hookkit_report::schema::sarif_errors;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn write(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// A repository with a misnamed plugin, a non-reverse-domain namespace and an unpinned
/// `npx` MCP server.
fn bad_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("marketplace.json"),
        &json!({"name": "m", "description": "d", "owner": {"name": "o"},
                "plugins": [{"name": "bad", "source": "./plugins/bad", "category": "x"}]}),
    );
    write(
        &root.join("plugins/bad/plugin.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json", "name": "other",
                "extensions": {"NotReverse": {}}}),
    );
    write(
        &root.join("plugins/bad/mcp.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json", "mcpServers": {
            "runner": {"type": "stdio", "command": "npx", "args": ["-y", "some-mcp@latest"]}}}),
    );
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_plugin-manifest"))
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn validate_findings_are_valid_sarif_with_rule_ids_and_pointers() {
    let dir = bad_repo();
    let (code, text) = run(dir.path(), &["validate", "--format", "sarif"]);
    assert_eq!(code, 1, "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "plugin-manifest");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), plugin_manifest::RULES.len());
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for id in [
        "plugin.name-mismatch",
        "ext.namespace-not-reverse-domain",
        "mcp.unpinned-package",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let unpinned = results
        .iter()
        .find(|r| r["ruleId"] == "mcp.unpinned-package")
        .unwrap();
    assert_eq!(
        unpinned["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "plugins/bad/mcp.json"
    );
    assert!(
        unpinned["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .starts_with("/mcpServers/runner")
    );
}

#[test]
fn a_clean_repository_is_an_empty_sarif_log_and_no_annotations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (code, text) = run(&root, &["validate", "--format", "sarif"]);
    assert_eq!(code, 0, "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert_eq!(
        run(&root, &["validate", "--format", "github"]),
        (0, String::new())
    );
}

#[test]
fn validate_findings_as_github_annotations() {
    let dir = bad_repo();
    let (code, text) = run(dir.path(), &["validate", "--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}

#[test]
fn drift_findings_in_sarif_and_github() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("p/.claude-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.0.0"}),
    );
    write(
        &root.join("p/.cursor-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.1.0"}),
    );
    let (code, text) = run(root, &["drift", "--format", "sarif"]);
    assert_eq!(code, 1, "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "drift.version"),
        "{text}"
    );
    let (code, text) = run(root, &["drift", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(text.contains(",title=drift.version::"), "{text}");
}
