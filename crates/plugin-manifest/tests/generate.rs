#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! Generation: the repository's own bundles are up to date, output is idempotent, and
//! each host trap named in issue 6 is handled.

use plugin_manifest::generate;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn write(path: &Path, value: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A one-plugin repository `demo` with hooks, an MCP config and `extensions` as given.
fn fixture(extensions: Value, mcp: Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("marketplace.json"),
        &json!({"name": "demo-market", "description": "Demo.", "owner": {"name": "Demo", "email": "demo@example.com"},
                "plugins": [{"name": "demo", "source": "./plugins/demo", "category": "security"}]}),
    );
    write(
        &dir.path().join("plugins/demo/plugin.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json", "name": "demo",
                "version": "1.2.3", "description": "A demo.", "author": {"name": "Demo", "url": "https://example.com"},
                "keywords": ["b", "a", "b"], "extensions": extensions}),
    );
    write(
        &dir.path().join("plugins/demo/mcp.json"),
        &json!({"$schema": "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json", "mcpServers": mcp}),
    );
    dir
}

fn hooks_ext() -> Value {
    json!({"io.github.hookkit": {"hooks": [{"binary": "command-guard", "install": "cargo install --path crates/command-guard",
        "events": ["pre-tool", "post-tool"], "tools": ["shell"], "timeoutSeconds": 7, "description": "guard"}]}})
}

#[test]
fn the_repository_bundles_are_up_to_date() {
    let report = generate::run(&repo_root(), true).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(
        report.stale.is_empty(),
        "stale: {}",
        report.diffs.join("\n")
    );
}

#[test]
fn regeneration_is_a_no_op_and_check_reports_a_diff() {
    let dir = fixture(hooks_ext(), json!({}));
    let first = generate::run(dir.path(), false).unwrap();
    assert!(!first.stale.is_empty());
    let second = generate::run(dir.path(), false).unwrap();
    assert!(second.stale.is_empty(), "{:?}", second.stale);

    let claude = dir.path().join("plugins/demo/.claude-plugin/plugin.json");
    std::fs::write(&claude, "{}\n").unwrap();
    let check = generate::run(dir.path(), true).unwrap();
    assert_eq!(check.stale, vec!["plugins/demo/.claude-plugin/plugin.json"]);
    assert_eq!(check.exit_code(true), 1);
    assert!(check.diffs[0].starts_with("--- a/plugins/demo/.claude-plugin/plugin.json\n+++ b/plugins/demo/.claude-plugin/plugin.json\n"));
    assert!(check.diffs[0].contains("+  \"name\": \"demo\","));
    assert_eq!(
        std::fs::read_to_string(&claude).unwrap(),
        "{}\n",
        "--check writes nothing"
    );
}

#[test]
fn output_is_sorted_two_space_json_with_a_trailing_newline() {
    let dir = fixture(hooks_ext(), json!({}));
    generate::run(dir.path(), false).unwrap();
    let text = std::fs::read_to_string(dir.path().join("plugins/demo/.claude-plugin/plugin.json"))
        .unwrap();
    assert!(text.ends_with("}\n"));
    assert!(
        text.starts_with("{\n  \"author\": {\n    \"name\": \"Demo\","),
        "{text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["keywords"],
        json!(["b", "a"]),
        "duplicates dropped, order kept"
    );
}

#[test]
fn claude_code_auto_loads_hooks_json_so_its_manifest_never_names_it() {
    let dir = fixture(hooks_ext(), json!({}));
    generate::run(dir.path(), false).unwrap();
    let p = dir.path().join("plugins/demo");
    assert!(
        read(&p.join(".claude-plugin/plugin.json"))
            .get("hooks")
            .is_none()
    );
    let hooks = read(&p.join("hooks/hooks.json"));
    let cmd = hooks["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
        .as_str()
        .unwrap();
    assert!(cmd.contains("exec command-guard --host claude-code"));
    assert!(cmd.contains("exit 2"), "a missing binary blocks: {cmd}");
    assert_eq!(hooks["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"], 7);
}

#[test]
fn codex_gets_its_own_plugin_root_with_default_hooks_and_the_marketplace_points_there() {
    let dir = fixture(hooks_ext(), json!({}));
    let report = generate::run(dir.path(), false).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let p = dir.path().join("plugins/demo");
    let c = p.join("com.openai.codex");
    // Codex 0.169.0 prefers an Agent Plugins plugin.json over .codex-plugin/plugin.json and
    // then loads no hooks, so the Codex root holds no plugin.json of its own.
    assert!(!c.join("plugin.json").exists());
    let manifest = read(&c.join(".codex-plugin/plugin.json"));
    assert_eq!(manifest["name"], "demo");
    assert_eq!(manifest["version"], "1.2.3");
    assert!(manifest.get("hooks").is_none(), "{manifest}");
    let hooks = read(&c.join("hooks/hooks.json"));
    for event in ["PreToolUse", "PostToolUse"] {
        let cmd = hooks["hooks"][event][0]["hooks"][0]["command"]
            .as_str()
            .unwrap();
        assert!(
            cmd.contains("exec command-guard --host codex"),
            "{event}: {cmd}"
        );
    }
    // Nothing Codex-specific is left at the plugin root.
    assert!(!p.join(".codex-plugin").exists());
    assert!(!p.join("hooks/codex.json").exists());
    let market = read(&dir.path().join(".agents/plugins/marketplace.json"));
    assert_eq!(
        market["plugins"][0]["source"],
        json!({"source": "local", "path": "./plugins/demo/com.openai.codex"})
    );
    // Claude Code and Cursor marketplaces still point at the plugin root.
    assert_eq!(
        read(&dir.path().join(".claude-plugin/marketplace.json"))["plugins"][0]["source"],
        "./plugins/demo"
    );
    assert_eq!(
        read(&dir.path().join(".cursor-plugin/marketplace.json"))["plugins"][0]["source"],
        "./plugins/demo"
    );
    // The drift check finds the Codex manifest where its marketplace entry points.
    let drift = plugin_manifest::drift::drift(dir.path());
    assert!(drift.is_empty(), "{drift:?}");
}

#[test]
fn codex_and_gemini_roots_get_copies_of_the_plugin_skills() {
    let dir = fixture(json!({}), json!({}));
    let skill = dir.path().join("plugins/demo/skills/tidy/SKILL.md");
    std::fs::create_dir_all(skill.parent().unwrap()).unwrap();
    let text = "---\nname: tidy\ndescription: Tidies.\n---\n\nTidy up.\n";
    std::fs::write(&skill, text).unwrap();
    std::fs::create_dir_all(skill.parent().unwrap().join("ref")).unwrap();
    std::fs::write(skill.parent().unwrap().join("ref/notes.md"), "notes\n").unwrap();
    generate::run(dir.path(), false).unwrap();
    let c = dir.path().join("plugins/demo/com.openai.codex");
    assert_eq!(
        read(&c.join(".codex-plugin/plugin.json"))["skills"],
        "./skills/"
    );
    assert_eq!(
        std::fs::read_to_string(c.join("skills/tidy/SKILL.md")).unwrap(),
        text
    );
    assert_eq!(
        std::fs::read_to_string(c.join("skills/tidy/ref/notes.md")).unwrap(),
        "notes\n"
    );
    assert!(!c.join("hooks").exists(), "no hooks, no hook file");
    // Editing a skill makes the copy stale.
    std::fs::write(&skill, format!("{text}More.\n")).unwrap();
    let check = generate::run(dir.path(), true).unwrap();
    assert_eq!(
        check.stale,
        vec![
            "plugins/demo/com.google.gemini-cli/skills/tidy/SKILL.md",
            "plugins/demo/com.openai.codex/skills/tidy/SKILL.md"
        ]
    );
}

#[test]
fn gemini_gets_its_event_names_and_milliseconds_in_the_extension_directory() {
    let dir = fixture(hooks_ext(), json!({}));
    generate::run(dir.path(), false).unwrap();
    let g = dir.path().join("plugins/demo/com.google.gemini-cli");
    assert_eq!(read(&g.join("gemini-extension.json"))["name"], "demo");
    let hooks = read(&g.join("hooks/hooks.json"));
    assert_eq!(
        hooks["hooks"]["BeforeTool"][0]["matcher"],
        "run_shell_command"
    );
    assert_eq!(hooks["hooks"]["BeforeTool"][0]["hooks"][0]["timeout"], 7000);
    assert!(hooks["hooks"]["AfterTool"].is_array());
    assert!(hooks["hooks"].get("PreToolUse").is_none());
}

#[test]
fn cursor_is_closed_no_author_url_and_fail_closed_hooks() {
    let dir = fixture(hooks_ext(), json!({}));
    generate::run(dir.path(), false).unwrap();
    let p = dir.path().join("plugins/demo");
    let manifest = read(&p.join(".cursor-plugin/plugin.json"));
    assert_eq!(manifest["author"], json!({"name": "Demo"}));
    assert_eq!(
        read(&p.join(".claude-plugin/plugin.json"))["author"]["url"],
        "https://example.com"
    );
    let hooks = read(&p.join("hooks/cursor.json"));
    assert_eq!(
        hooks["hooks"]["beforeShellExecution"][0]["failClosed"],
        true
    );
    // And the Cursor schema check is part of validation: it passes here.
    assert!(
        plugin_manifest::validate_dir(dir.path())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn mcp_servers_map_to_each_host_form() {
    let mcp = json!({
        "local": {"type": "stdio", "command": "./bin/server", "args": ["--data", "${PLUGIN_DATA}/x"]},
        "remote": {"type": "streamable-http", "url": "https://mcp.example.com/mcp", "headers": {"X-Tenant": "public"}},
    });
    let dir = fixture(json!({}), mcp);
    let report = generate::run(dir.path(), false).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let p = dir.path().join("plugins/demo");
    let claude = read(&p.join(".mcp.json"));
    assert_eq!(claude["mcpServers"]["remote"]["type"], "http");
    assert!(
        claude["mcpServers"]["local"].get("type").is_none(),
        "stdio has no type"
    );
    assert_eq!(
        claude["mcpServers"]["local"]["command"],
        "${CLAUDE_PLUGIN_ROOT}/bin/server"
    );
    assert_eq!(
        claude["mcpServers"]["local"]["args"][1],
        "${CLAUDE_PLUGIN_DATA}/x"
    );
    assert_eq!(
        read(&p.join("com.openai.codex/.codex-plugin/plugin.json"))["mcpServers"],
        "./.mcp.json"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("com.openai.codex/.mcp.json")).unwrap(),
        std::fs::read_to_string(p.join(".mcp.json")).unwrap(),
        "Codex gets a copy of the Claude Code-form file"
    );
    let gemini = read(&p.join("com.google.gemini-cli/gemini-extension.json"));
    assert_eq!(
        gemini["mcpServers"]["remote"]["httpUrl"],
        "https://mcp.example.com/mcp"
    );
}

#[test]
fn codex_default_prompt_limits_stop_generation() {
    let long = "x".repeat(129);
    let ext = json!({"com.openai.codex": {"interface": {"defaultPrompt": ["a", "b", "c", long]}}});
    let dir = fixture(ext, json!({}));
    let report = generate::run(dir.path(), false).unwrap();
    let rules: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    assert_eq!(
        rules,
        vec![
            (
                "codex.default-prompt",
                "/extensions/com.openai.codex/interface/defaultPrompt"
            ),
            (
                "codex.default-prompt",
                "/extensions/com.openai.codex/interface/defaultPrompt/3"
            ),
        ]
    );
    assert_eq!(report.exit_code(false), 1);
    assert!(
        !dir.path().join("plugins/demo/com.openai.codex").exists(),
        "nothing written"
    );
}

#[test]
fn readme_block_lists_owned_files_and_keeps_hand_written_text() {
    let dir = fixture(hooks_ext(), json!({}));
    let readme = dir.path().join("plugins/demo/README.md");
    std::fs::write(&readme, "# demo\n\nHand-written intro.\n").unwrap();
    generate::run(dir.path(), false).unwrap();
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(text.starts_with("# demo\n\nHand-written intro.\n\n<!-- BEGIN plugin-manifest"));
    assert!(text.contains("- `com.openai.codex/hooks/hooks.json`\n"));
    assert!(text.contains("GEMINI_CLI_TRUST_WORKSPACE=true"));
    assert!(text.contains("is not installed or not on PATH, so this call is blocked"));
    std::fs::write(
        &readme,
        text.replace("Hand-written intro.", "Edited intro."),
    )
    .unwrap();
    assert!(generate::run(dir.path(), true).unwrap().stale.is_empty());
}

/// `fixture` plus a repository skill `guide` (with a nested file) and a doc, declared by the
/// plugin with the doc as a reference.
fn skills_fixture() -> tempfile::TempDir {
    let ext = json!({"io.github.hookkit": {"skills": [
        {"name": "guide", "references": {"references/rules.md": "docs/rules.md"}}]}});
    let dir = fixture(ext, json!({}));
    let root = dir.path();
    std::fs::create_dir_all(root.join("skills/guide/scripts")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(
        root.join("skills/guide/SKILL.md"),
        "---\nname: guide\ndescription: A guide. Use when testing.\n---\n\n# Guide\n",
    )
    .unwrap();
    std::fs::write(root.join("skills/guide/scripts/run.sh"), "echo guide\n").unwrap();
    std::fs::write(root.join("docs/rules.md"), "# Rules\n").unwrap();
    dir
}

#[test]
fn declared_skills_are_copied_into_the_plugin_and_every_host_root() {
    let dir = skills_fixture();
    let root = dir.path();
    generate::run(root, false).unwrap();
    for host_root in [
        "plugins/demo",
        "plugins/demo/com.openai.codex",
        "plugins/demo/com.google.gemini-cli",
    ] {
        let skill = root.join(host_root).join("skills/guide");
        assert_eq!(
            std::fs::read_to_string(skill.join("SKILL.md")).unwrap(),
            std::fs::read_to_string(root.join("skills/guide/SKILL.md")).unwrap()
        );
        assert_eq!(
            std::fs::read_to_string(skill.join("scripts/run.sh")).unwrap(),
            "echo guide\n"
        );
        assert_eq!(
            std::fs::read_to_string(skill.join("references/rules.md")).unwrap(),
            "# Rules\n"
        );
    }
    let cursor = read(&root.join("plugins/demo/.cursor-plugin/plugin.json"));
    assert_eq!(cursor["skills"], "./skills/");
    let codex = read(&root.join("plugins/demo/com.openai.codex/.codex-plugin/plugin.json"));
    assert_eq!(codex["skills"], "./skills/");
    let readme = std::fs::read_to_string(root.join("plugins/demo/README.md")).unwrap();
    assert!(
        readme.contains("- `skills/guide/references/rules.md`\n"),
        "{readme}"
    );
    assert!(
        readme.contains(
            "- `guide` from `skills/guide/`, with `references/rules.md` from `docs/rules.md`\n"
        ),
        "{readme}"
    );
    assert!(generate::run(root, true).unwrap().stale.is_empty());
}

#[test]
fn check_catches_an_edited_source_a_hand_edited_copy_and_a_left_over_file() {
    let dir = skills_fixture();
    let root = dir.path();
    generate::run(root, false).unwrap();

    // The canonical skill changes: all three copies are stale.
    std::fs::write(
        root.join("skills/guide/SKILL.md"),
        "---\nname: guide\ndescription: A better guide. Use when testing.\n---\n\n# Guide\n",
    )
    .unwrap();
    let check = generate::run(root, true).unwrap();
    assert_eq!(
        check.stale,
        vec![
            "plugins/demo/com.google.gemini-cli/skills/guide/SKILL.md",
            "plugins/demo/com.openai.codex/skills/guide/SKILL.md",
            "plugins/demo/skills/guide/SKILL.md",
        ]
    );
    assert!(check.diffs[2].contains("+description: A better guide. Use when testing.\n"));
    generate::run(root, false).unwrap();

    // A copy edited by hand is put back.
    let copy = root.join("plugins/demo/skills/guide/references/rules.md");
    std::fs::write(&copy, "# Rules, edited in the copy\n").unwrap();
    let check = generate::run(root, true).unwrap();
    assert_eq!(
        check.stale,
        vec!["plugins/demo/skills/guide/references/rules.md"]
    );
    generate::run(root, false).unwrap();
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "# Rules\n");

    // A file removed from the canonical skill leaves copies that --check reports and
    // generate deletes.
    std::fs::remove_file(root.join("skills/guide/scripts/run.sh")).unwrap();
    let check = generate::run(root, true).unwrap();
    assert_eq!(check.stale.len(), 4, "{:?}", check.stale);
    assert!(check.stale.contains(&"plugins/demo/README.md".to_string()));
    assert!(
        check
            .stale
            .contains(&"plugins/demo/skills/guide/scripts/run.sh".to_string())
    );
    assert!(check.diffs.iter().any(|d| d.contains("-echo guide\n")));
    assert_eq!(check.exit_code(true), 1);
    generate::run(root, false).unwrap();
    assert!(
        !root
            .join("plugins/demo/skills/guide/scripts/run.sh")
            .exists()
    );
    assert!(
        !root
            .join("plugins/demo/com.openai.codex/skills/guide/scripts/run.sh")
            .exists()
    );
    assert!(generate::run(root, true).unwrap().stale.is_empty());
}

#[test]
fn a_missing_declared_skill_or_an_escaping_reference_is_a_layout_error() {
    let dir = fixture(
        json!({"io.github.hookkit": {"skills": ["nowhere"]}}),
        json!({}),
    );
    let err = generate::run(dir.path(), true).unwrap_err();
    assert!(
        matches!(err, plugin_manifest::Error::Layout { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("`skills/nowhere/SKILL.md`"),
        "{err}"
    );

    let dir = skills_fixture();
    let ext = json!({"io.github.hookkit": {"skills": [
        {"name": "guide", "references": {"references/x.md": "../outside.md"}}]}});
    let mut manifest = read(&dir.path().join("plugins/demo/plugin.json"));
    manifest["extensions"] = ext;
    write(&dir.path().join("plugins/demo/plugin.json"), &manifest);
    let err = generate::run(dir.path(), true).unwrap_err();
    assert!(err.to_string().contains("without `..`"), "{err}");
}

#[test]
fn copilot_cli_gets_its_hooks_in_its_extension_directory_in_its_own_format() {
    let ext = json!({"io.github.hookkit": {"hooks": [
        {"binary": "command-guard", "install": "cargo install --path crates/command-guard",
         "events": ["pre-tool", "permission-request"], "tools": ["shell", "write"], "timeoutSeconds": 7, "description": "guard"},
        {"binary": "secret-guard", "install": "cargo install --path crates/secret-guard",
         "events": ["pre-tool", "post-tool", "post-tool-failure"], "tools": ["shell", "read"], "timeoutSeconds": 9, "description": "secrets"}]}});
    let dir = fixture(ext, json!({}));
    generate::run(dir.path(), false).unwrap();
    let hooks = read(
        &dir.path()
            .join("plugins/demo/com.github.copilot/hooks/hooks.json"),
    );
    let entry = |guard: &str, timeout: u32| {
        let command = format!("{guard} --host copilot-cli");
        json!({"type": "command", "bash": command, "powershell": command, "timeoutSec": timeout})
    };
    // The format of hooks/copilot-cli/hooks.json: camelCase events, no matcher, the
    // canonical order (Copilot stops at the first deny), failed calls on
    // `postToolUseFailure`, no approval event.
    assert_eq!(
        hooks,
        json!({"version": 1, "hooks": {
            "preToolUse": [entry("command-guard", 7), entry("secret-guard", 9)],
            "postToolUse": [entry("secret-guard", 9)],
            "postToolUseFailure": [entry("secret-guard", 9)],
        }})
    );
    // Copilot CLI reads the canonical marketplace.json itself: no file of its own.
    assert!(!dir.path().join(".github/plugin/marketplace.json").exists());
}

#[test]
fn a_plugin_without_hooks_gets_no_copilot_hooks_file() {
    let dir = fixture(json!({}), json!({}));
    generate::run(dir.path(), false).unwrap();
    assert!(!dir.path().join("plugins/demo/com.github.copilot").exists());
}

#[test]
fn every_marketplace_entry_names_its_folder_for_copilot_cli() {
    // Without `source`, Copilot CLI 1.0.102 rejects the whole marketplace ("Invalid
    // marketplace.json: plugins.0.source: Invalid input"): a schema error.
    let dir = fixture(hooks_ext(), json!({}));
    let path = dir.path().join("marketplace.json");
    let mut market = read(&path);
    market["plugins"][0]
        .as_object_mut()
        .unwrap()
        .remove("source");
    write(&path, &market);
    let report = generate::run(dir.path(), false).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "marketplace.schema" && f.message.contains("source")),
        "{:?}",
        report.findings
    );
    assert!(report.stale.is_empty(), "nothing is written on an error");

    // A `source` elsewhere than the plugin's folder.
    market["plugins"][0]["source"] = json!("./plugins/other");
    write(&path, &market);
    let report = generate::run(dir.path(), false).unwrap();
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "marketplace.source")
        .unwrap_or_else(|| panic!("{:?}", report.findings));
    assert_eq!(finding.pointer, "/plugins/0/source");
    assert!(finding.message.contains("./plugins/demo"), "{finding:?}");
}
