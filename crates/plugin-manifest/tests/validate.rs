#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! Validation and drift findings, rendered as the CLI renders them.

use plugin_manifest::{Format, RULES, render_findings};
use serde_json::{Value, json};
use std::path::Path;

fn write(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

#[test]
fn rule_ids_are_a_public_contract() {
    insta::assert_snapshot!(RULES.join("\n"));
}

#[test]
fn semantic_rules_fire_with_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("marketplace.json"),
        &json!({"name": "m", "description": "d", "owner": {"name": "o"},
                "plugins": [{"name": "bad", "source": "./plugins/bad", "category": "x"}, {"name": "absent", "source": "./plugins/absent", "category": "x"}]}),
    );
    write(
        &root.join("plugins/bad/plugin.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json", "name": "other",
                "extensions": {"NotReverse": {}}}),
    );
    write(
        &root.join("plugins/bad/mcp.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json", "mcpServers": {
            "shell": {"type": "stdio", "command": "node server.js"},
            "escape": {"type": "stdio", "command": "../bin/x"},
            "runner": {"type": "stdio", "command": "npx", "args": ["-y", "some-mcp@latest"]},
            "plain": {"type": "streamable-http", "url": "http://mcp.example.com/mcp",
                      "headers": {"Authorization": "Bearer ${TOKEN}"}},
            "local": {"type": "sse", "url": "http://127.0.0.1:8080/sse"}
        }}),
    );
    write(
        &root.join("plugins/bad/.claude-plugin/plugin.json"),
        &json!({"name": "bad", "hooks": "./hooks/hooks.json"}),
    );
    let findings = plugin_manifest::validate_dir(root).unwrap();
    insta::assert_snapshot!(render_findings(&findings, Format::Human));
    let json_lines = render_findings(&findings, Format::Json);
    let first: Value = serde_json::from_str(json_lines.lines().next().unwrap()).unwrap();
    assert!(first.get("rule").is_some() && first.get("pointer").is_some());
    for f in &findings {
        assert!(RULES.contains(&f.rule), "{} not in RULES", f.rule);
    }
}

#[test]
fn drift_reports_disagreeing_hand_written_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("p/.claude-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.0.0", "description": "One", "keywords": ["a", "b"]}),
    );
    write(
        &root.join("p/.codex-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.1.0", "description": "One", "keywords": ["a"]}),
    );
    write(
        &root.join(".claude-plugin/marketplace.json"),
        &json!({"name": "m", "plugins": [{"name": "p", "source": "./p", "version": "0.9.0"}, {"name": "q", "source": "./q"}]}),
    );
    write(
        &root.join(".agents/plugins/marketplace.json"),
        &json!({"name": "m", "plugins": [{"name": "p", "source": {"source": "local", "path": "./p"}}]}),
    );
    let findings = plugin_manifest::drift::drift(root);
    insta::assert_snapshot!(render_findings(&findings, Format::Human));
}

/// Regression (found on a public repository that keeps its manifests by hand): a Claude
/// marketplace entry that agrees with the Claude manifest was reported against the Codex
/// manifest, repeating the manifests' own `drift.description` as a marketplace finding.
#[test]
fn drift_compares_a_marketplace_entry_with_the_same_hosts_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join(".claude-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.0.0", "description": "For Claude"}),
    );
    write(
        &root.join(".codex-plugin/plugin.json"),
        &json!({"name": "p", "version": "1.0.0", "description": "For Codex"}),
    );
    write(
        &root.join(".claude-plugin/marketplace.json"),
        &json!({"name": "m", "plugins": [{"name": "p", "source": "./", "description": "For Claude"}]}),
    );
    // No Cursor manifest: the Cursor marketplace is compared with the first manifest.
    write(
        &root.join(".cursor-plugin/marketplace.json"),
        &json!({"name": "m", "plugins": [{"name": "p", "source": "./", "version": "0.9.0"}]}),
    );
    let findings = plugin_manifest::drift::drift(root);
    let got: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (f.rule, f.file.as_str(), f.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "drift.description",
                ".codex-plugin/plugin.json",
                "/description"
            ),
            (
                "drift.marketplace-entry",
                ".cursor-plugin/marketplace.json",
                "/plugins/0/version"
            ),
        ],
        "{}",
        render_findings(&findings, Format::Human)
    );
}

/// Regression (issue 17): a lone plugin folder, without a marketplace above it, is validated
/// on its own instead of failing with exit 2.
#[test]
fn a_lone_plugin_is_validated_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("lone");
    let manifest = json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json",
                          "name": "lone", "version": "1.0.0", "description": "A plugin."});
    write(&plugin.join("plugin.json"), &manifest);
    let run = |d: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plugin-manifest"))
            .args(["validate"])
            .arg(d)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
            out.status.code().unwrap(),
        )
    };
    let (out, code) = run(&plugin);
    assert_eq!(code, 0, "{out}");
    let mut renamed = manifest.clone();
    renamed["name"] = json!("other");
    write(&plugin.join("plugin.json"), &renamed);
    let (out, code) = run(&plugin);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("plugin.name-mismatch") && out.contains("lone/plugin.json"),
        "{out}"
    );
}

/// Regression (issue 17, the AWS agent toolkit): marketplace keywords that differ from the
/// plugin's, a Claude Code `.mcp.json` without the canonical `mcp.json`, and authors that
/// differ across manifests were not reported.
#[test]
fn drift_reports_marketplace_keywords_a_missing_mcp_json_and_authors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("plugins/p/plugin.json"),
        &json!({"name": "p", "keywords": ["aws", "search"],
                "author": {"name": "Example Corp", "email": "plugins@example.com"}}),
    );
    write(
        &root.join("plugins/p/.claude-plugin/plugin.json"),
        &json!({"name": "p", "keywords": ["aws", "search"], "author": {"name": "Example Corp"}}),
    );
    write(
        &root.join("plugins/p/.mcp.json"),
        &json!({"mcpServers": {"docs": {"command": "uvx", "args": ["docs-mcp"]}}}),
    );
    write(
        &root.join(".claude-plugin/marketplace.json"),
        &json!({"name": "m", "plugins": [{"name": "p", "source": "./plugins/p", "keywords": ["aws"]}]}),
    );
    let findings = plugin_manifest::drift::drift(root);
    let got: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (f.rule, f.file.as_str(), f.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "drift.marketplace-entry",
                ".claude-plugin/marketplace.json",
                "/plugins/0/keywords"
            ),
            (
                "drift.author",
                "plugins/p/.claude-plugin/plugin.json",
                "/author"
            ),
            ("drift.mcp-missing", "plugins/p/.mcp.json", ""),
        ],
        "{findings:?}"
    );
    insta::assert_snapshot!(render_findings(&findings, Format::Human));
}
