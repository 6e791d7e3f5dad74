//! The tamper rules through every tool kind, in each host's payload shape: the captured
//! fixtures (tests/fixtures) with their tool input pointed at hookkit's configuration or a
//! host's hook settings, parsed as the hook binaries parse them and decided by BOTH guards'
//! decision paths (command-guard's `guard_call`, secret-guard's `SecretGuard::decide`),
//! since a user may install only one. Reads of the same paths stay allowed.
//!
//! The writes below are data: payloads handed to the guards, never run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_hooks::{RunSettings, check};
use hookkit_policy::secret_guard::SecretGuard;
use hookkit_policy::{Config, Decision, Host, Verdict};
use serde_json::{Value, json};
use std::path::Path;

const CWD: &str = "/home/dev/project";

fn fixture(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `fixture` with each `(JSON pointer, value)` set (objects are created as needed).
fn with(rel: &str, edits: &[(&str, Value)]) -> Value {
    let mut v = fixture(rel);
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() {
            &mut v
        } else {
            v.pointer_mut(parent)
                .unwrap_or_else(|| panic!("{rel}: no {parent}"))
        };
        target
            .as_object_mut()
            .unwrap_or_else(|| panic!("{rel}: {parent} is not an object"))
            .insert(key.to_owned(), value.clone());
    }
    v
}

/// Both guards' decisions on `payload` for `host`.
fn decide(host: Host, payload: &Value) -> [(&'static str, Decision); 2] {
    let bytes = serde_json::to_vec(payload).unwrap();
    let settings = RunSettings::default();
    let config = Config::default();
    let command = check(Some(host), &bytes, &settings, |call| {
        Ok(hookkit_policy::command::guard_call(call, &config)?)
    });
    let secret = check(Some(host), &bytes, &settings, |call| {
        Ok(SecretGuard::builtin()?.decide(call, &config)?)
    });
    for o in [&command, &secret] {
        assert!(o.error.is_none(), "{host}: {:?}\n{payload:#}", o.error);
    }
    [
        ("command-guard", command.decision),
        ("secret-guard", secret.decision),
    ]
}

fn assert_denied(host: Host, payload: &Value, rule: &str) {
    for (guard, d) in decide(host, payload) {
        assert_eq!(
            d.verdict,
            Verdict::Deny,
            "{guard} on {host} allowed:\n{payload:#}\n{}",
            d.reason
        );
        assert!(
            d.rule_ids().contains(&rule),
            "{guard} on {host}: {:?} lacks {rule}",
            d.rule_ids()
        );
        assert!(
            d.reason.contains("A person must make this change"),
            "{guard}: {}",
            d.reason
        );
    }
}

fn assert_allowed(host: Host, payload: &Value) {
    for (guard, d) in decide(host, payload) {
        assert!(
            !d.rule_ids().iter().any(|id| id.starts_with("tamper.")),
            "{guard} on {host} fired {:?} on\n{payload:#}",
            d.rule_ids()
        );
    }
}

fn patch(path: &str) -> String {
    format!(
        "*** Begin Patch\n*** Add File: notes.md\n+hi\n*** Update File: {path}\n@@\n-a\n+b\n*** End Patch\n"
    )
}

#[test]
fn claude_code_every_tool_kind() {
    let h = Host::ClaudeCode;
    let config = format!("{CWD}/.hookkit.toml");
    let settings = format!("{CWD}/.claude/settings.json");
    assert_denied(
        h,
        &with(
            "claude-code/PreToolUse-Bash.json",
            &[(
                "/tool_input/command",
                json!("printf 'on_error = \"allow\"' > .hookkit.toml"),
            )],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "claude-code/PreToolUse-Write.json",
            &[
                ("/tool_input/file_path", json!(config)),
                (
                    "/tool_input/content",
                    json!("[rules.\"git.reset-hard\"]\nenabled = false\n"),
                ),
            ],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "claude-code/PreToolUse-Edit.json",
            &[("/tool_input/file_path", json!(settings))],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "claude-code/PreToolUse-Edit.json",
            &[
                ("/tool_name", json!("MultiEdit")),
                ("/tool_input/file_path", json!("~/.claude/settings.json")),
                (
                    "/tool_input/edits",
                    json!([{"old_string": "a", "new_string": "b"}]),
                ),
            ],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "claude-code/PreToolUse-Edit.json",
            &[
                ("/tool_name", json!("NotebookEdit")),
                ("/tool_input/notebook_path", json!(".claude/hooks/x.ipynb")),
                ("/tool_input/new_source", json!("x")),
            ],
        ),
        "tamper.host-settings",
    );
    for (tool, args) in [
        (
            "mcp__filesystem__write_file",
            json!({"path": settings, "content": "{}"}),
        ),
        (
            "mcp__filesystem__move_file",
            json!({"source": "/tmp/x.json", "destination": settings}),
        ),
        (
            "mcp__filesystem__edit_file",
            json!({"path": config, "edits": [{"oldText": "deny", "newText": "allow"}]}),
        ),
        (
            "mcp__filesystem__create_directory",
            json!({"path": "~/.claude/plugins/evil"}),
        ),
        (
            "mcp__desktop__execute_command",
            json!({"command": "rm -f .hookkit.toml"}),
        ),
    ] {
        let payload = with(
            "claude-code/PreToolUse-mcp__fake__echo.json",
            &[
                ("/tool_name", json!(tool)),
                ("/tool_input", args),
                (
                    "/mcp_server",
                    json!({"name": tool.split("__").nth(1).unwrap()}),
                ),
            ],
        );
        let d = &decide(h, &payload)[0].1;
        assert_eq!(d.verdict, Verdict::Deny, "{tool}: {}", d.reason);
    }
    // Reads stay allowed.
    assert_allowed(
        h,
        &with(
            "claude-code/PreToolUse-Read.json",
            &[("/tool_input/file_path", json!(config))],
        ),
    );
    assert_allowed(
        h,
        &with(
            "claude-code/PreToolUse-Bash.json",
            &[(
                "/tool_input/command",
                json!("cat .claude/settings.json .hookkit.toml"),
            )],
        ),
    );
    assert_allowed(
        h,
        &with(
            "claude-code/PreToolUse-mcp__fake__echo.json",
            &[
                ("/tool_name", json!("mcp__filesystem__read_text_file")),
                ("/tool_input", json!({"path": settings})),
            ],
        ),
    );
    assert_allowed(
        h,
        &with(
            "claude-code/PreToolUse-Write.json",
            &[("/tool_input/file_path", json!(format!("{CWD}/notes.md")))],
        ),
    );
}

#[test]
fn codex_shell_apply_patch_and_mcp() {
    let h = Host::Codex;
    assert_denied(
        h,
        &with(
            "codex/PreToolUse-Bash.json",
            &[(
                "/tool_input/command",
                json!("sed -i 's/hooks/x/' ~/.codex/config.toml"),
            )],
        ),
        "tamper.host-settings",
    );
    // The patch's first file is harmless; the second is Codex's hook file.
    assert_denied(
        h,
        &with(
            "codex/PreToolUse-apply_patch.json",
            &[("/tool_input/command", json!(patch(".codex/hooks.json")))],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "codex/PreToolUse-apply_patch.json",
            &[(
                "/tool_input/command",
                json!(
                    "*** Begin Patch\n*** Update File: a.txt\n*** Move to: .hookkit.toml\n@@\n-a\n+b\n*** End Patch\n"
                ),
            )],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "codex/PreToolUse-mcp__fake__echo.json",
            &[
                ("/tool_name", json!("mcp__fs__write_file")),
                (
                    "/tool_input",
                    json!({"path": ".hookkit.toml", "content": ""}),
                ),
            ],
        ),
        "tamper.hookkit-config",
    );
    assert_allowed(
        h,
        &with(
            "codex/PreToolUse-apply_patch.json",
            &[("/tool_input/command", json!(patch("src/main.rs")))],
        ),
    );
}

#[test]
fn gemini_cli_shell_write_file_replace_and_mcp() {
    let h = Host::GeminiCli;
    assert_denied(
        h,
        &with(
            "gemini-cli/BeforeTool-run_shell_command.json",
            &[(
                "/tool_input/command",
                json!("echo '{}' > .gemini/settings.json"),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "gemini-cli/BeforeTool-write_file.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.gemini/settings.json")),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "gemini-cli/BeforeTool-replace.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.hookkit.toml")),
            )],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "gemini-cli/BeforeTool-mcp_fake_echo.json",
            &[
                ("/tool_name", json!("mcp_fs_write_file")),
                ("/tool_input", json!({"path": "~/.gemini/settings.json"})),
                (
                    "/mcp_context",
                    json!({"server_name": "fs", "tool_name": "write_file"}),
                ),
            ],
        ),
        "tamper.host-settings",
    );
    assert_allowed(
        h,
        &with(
            "gemini-cli/BeforeTool-read_file.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.gemini/settings.json")),
            )],
        ),
    );
}

#[test]
fn copilot_cli_shell_create_and_edit() {
    let h = Host::CopilotCli;
    assert_denied(
        h,
        &with(
            "copilot-cli/preToolUse-bash.json",
            &[("/toolArgs/command", json!("rm -rf .github/hooks"))],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "copilot-cli/preToolUse-create.json",
            &[(
                "/toolArgs/path",
                json!(format!("{CWD}/.github/hooks/off.json")),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "copilot-cli/preToolUse-edit.json",
            &[("/toolArgs/path", json!(format!("{CWD}/.hookkit.toml")))],
        ),
        "tamper.hookkit-config",
    );
    assert_allowed(
        h,
        &with(
            "copilot-cli/preToolUse-view.json",
            &[(
                "/toolArgs/path",
                json!(format!("{CWD}/.github/hooks/hookkit.json")),
            )],
        ),
    );
}

#[test]
fn cursor_shell_file_tools_and_mcp() {
    let h = Host::Cursor;
    assert_denied(
        h,
        &with(
            "cursor/beforeShellExecution.json",
            &[("/command", json!("mv .cursor/hooks.json /tmp/"))],
        ),
        "tamper.host-settings",
    );
    for tool in ["Write", "Delete", "StrReplace"] {
        assert_denied(
            h,
            &with(
                "cursor/preToolUse-Read.json",
                &[
                    ("/tool_name", json!(tool)),
                    (
                        "/tool_input",
                        json!({"file_path": "/home/dev/project/.cursor/hooks.json"}),
                    ),
                ],
            ),
            "tamper.host-settings",
        );
    }
    assert_denied(
        h,
        &with(
            "cursor/preToolUse-MCP.json",
            &[
                ("/tool_name", json!("MCP:fs:write_file")),
                (
                    "/tool_input",
                    json!({"path": "/home/dev/project/.hookkit.toml"}),
                ),
            ],
        ),
        "tamper.hookkit-config",
    );
    assert_allowed(
        h,
        &with(
            "cursor/preToolUse-Read.json",
            &[(
                "/tool_input",
                json!({"file_path": "/home/dev/project/.cursor/hooks.json"}),
            )],
        ),
    );
}

#[test]
fn qwen_code_shell_monitor_write_file_edit_and_mcp() {
    let h = Host::QwenCode;
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-run_shell_command.json",
            &[(
                "/tool_input/command",
                json!("echo '{\"disableAllHooks\": true}' > .qwen/settings.json"),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-monitor.json",
            &[("/tool_input/command", json!("rm -rf ~/.qwen/settings.json"))],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-write_file.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.qwen/settings.json")),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-edit.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.hookkit.toml")),
            )],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-mcp__fake__echo.json",
            &[
                ("/tool_name", json!("mcp__fs__write_file")),
                ("/tool_input", json!({"path": "~/.qwen/settings.json"})),
            ],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "qwen-code/PreToolUse-run_shell_command.json",
            &[(
                "/tool_input/command",
                json!("echo '{}' > ~/.qwen/extensions/guard/hooks/hooks.json"),
            )],
        ),
        "tamper.host-plugins",
    );
    assert_allowed(
        h,
        &with(
            "qwen-code/PreToolUse-read_file.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.qwen/settings.json")),
            )],
        ),
    );
}

#[test]
fn opencode_every_tool_kind_and_the_plugin_itself() {
    let h = Host::Opencode;
    let plugin = "~/.config/opencode/plugins/hookkit.js";
    assert_denied(
        h,
        &with(
            "opencode/tool.execute.before-bash.json",
            &[("/output/args/command", json!(format!("rm {plugin}")))],
        ),
        "tamper.host-plugins",
    );
    assert_denied(
        h,
        &with(
            "opencode/tool.execute.before-write.json",
            &[(
                "/output/args/filePath",
                json!(format!("{CWD}/.opencode/plugins/later.js")),
            )],
        ),
        "tamper.host-plugins",
    );
    assert_denied(
        h,
        &with(
            "opencode/tool.execute.before-edit.json",
            &[(
                "/output/args/filePath",
                json!(format!("{CWD}/opencode.json")),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "opencode/tool.execute.before-apply_patch.json",
            &[(
                "/output/args/patchText",
                json!(patch(".opencode/tools/spawn.ts")),
            )],
        ),
        "tamper.host-plugins",
    );
    assert_denied(
        h,
        &with(
            "opencode/tool.execute.before-fake_echo.json",
            &[
                ("/input/tool", json!("fs_write_file")),
                ("/output/args", json!({"path": plugin, "content": "x"})),
            ],
        ),
        "tamper.host-plugins",
    );
    assert_allowed(
        h,
        &with(
            "opencode/tool.execute.before-read.json",
            &[("/output/args/filePath", json!(plugin))],
        ),
    );
}

#[test]
fn kilo_cli_plugin_and_configuration() {
    let h = Host::Kilo;
    for (command, rule) in [
        (
            "rm ~/.config/kilo/plugins/hookkit.js",
            "tamper.host-plugins",
        ),
        (
            "echo 'export const X = 1' > .kilo/plugins/later.js",
            "tamper.host-plugins",
        ),
        ("mv .kilocode/tools /tmp/tools", "tamper.host-plugins"),
        (
            "echo '{\"permission\": {\"bash\": \"allow\"}}' > kilo.json",
            "tamper.host-settings",
        ),
        ("rm ~/.config/kilo/kilo.jsonc", "tamper.host-settings"),
    ] {
        assert_denied(
            h,
            &with(
                "kilo/tool.execute.before-bash.json",
                &[("/output/args/command", json!(command))],
            ),
            rule,
        );
    }
    assert_denied(
        h,
        &with(
            "kilo/tool.execute.before-write.json",
            &[(
                "/output/args/filePath",
                json!(format!("{CWD}/.kilocode/plugin/later.ts")),
            )],
        ),
        "tamper.host-plugins",
    );
    assert_allowed(
        h,
        &with(
            "kilo/tool.execute.before-read.json",
            &[(
                "/output/args/filePath",
                json!("~/.config/kilo/plugins/hookkit.js"),
            )],
        ),
    );
}

#[test]
fn factory_droid_execute_create_edit_apply_patch_and_mcp() {
    let h = Host::FactoryDroid;
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-Execute.json",
            &[(
                "/tool_input/command",
                json!("echo '{\"hooksDisabled\": true}' > .factory/hooks.json"),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-Create.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.factory/settings.json")),
            )],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-Edit.json",
            &[("/tool_input/file_path", json!("~/.factory/hooks.json"))],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-ApplyPatch.json",
            &[(
                "/tool_input/input",
                json!(
                    "*** Begin Patch\n*** Update File: .hookkit.toml\n@@\n-on_error = \"deny\"\n+on_error = \"allow\"\n*** End Patch\n"
                ),
            )],
        ),
        "tamper.hookkit-config",
    );
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-fake___echo.json",
            &[
                ("/tool_name", json!("fs___write_file")),
                ("/tool_input", json!({"path": "~/.factory/settings.json"})),
            ],
        ),
        "tamper.host-settings",
    );
    assert_denied(
        h,
        &with(
            "factory-droid/PreToolUse-Execute.json",
            &[(
                "/tool_input/command",
                json!("rm -rf ~/.factory/plugins/guard"),
            )],
        ),
        "tamper.host-plugins",
    );
    assert_allowed(
        h,
        &with(
            "factory-droid/PreToolUse-Read.json",
            &[(
                "/tool_input/file_path",
                json!(format!("{CWD}/.factory/hooks.json")),
            )],
        ),
    );
}
