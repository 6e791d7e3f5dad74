//! The harness against the real Claude Code CLI: a harmless Bash call runs, and a
//! stand-in `PreToolUse` hook's deny blocks a call and reaches the model.
//!
//! These install `@anthropic-ai/claude-code` from the npm registry on first run (see
//! `install_claude_code`); `HOOKKIT_SKIP_E2E=1` skips them with a notice.

// Test code: a panic is how a test (and its helpers outside `#[test]`, which clippy's
// allow-*-in-tests settings do not cover) reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, RequestKind, Turn, install_claude_code, pretooluse_plugin,
    shell_quote, skip_e2e,
};

const PROMPT: &str = "Run the scripted command.";

/// The `claude` executable, installing it on first use; the error's Display names the cause.
fn claude() -> std::path::PathBuf {
    install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"))
}

#[test]
fn harmless_bash_call_runs_and_its_output_reaches_the_model() {
    if skip_e2e("harmless_bash_call_runs_and_its_output_reaches_the_model") {
        return;
    }
    let claude = claude();
    let server = FakeAnthropic::start(vec![
        Turn::bash("touch ran-harmless && echo ok"),
        Turn::text("The command ran."),
    ])
    .unwrap();
    let session = ClaudeSession::new(claude, server.base_url()).unwrap();
    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the Bash call did not run"
    );
    let result = server
        .tool_result_for(0)
        .expect("no tool_result for turn 0");
    assert_eq!(result.content.trim(), "ok");
    assert!(!result.is_error);
    assert_eq!(server.turns_served(), 2);
    assert_eq!(output.result_text().as_deref(), Some("The command ran."));
    // Only main-loop requests were ever sent, each advertising the Bash tool.
    for request in server.requests() {
        assert!(
            matches!(request.kind, RequestKind::Scripted(_)),
            "unexpected request {} {} ({:?})",
            request.method,
            request.url,
            request.kind
        );
    }
}

/// A hook that denies any Bash call whose payload contains `BLOCKME` and logs every
/// payload it receives to `calls.jsonl` next to itself.
fn write_standin_hook(dir: &Path) -> std::path::PathBuf {
    let script = dir.join("standin-hook.sh");
    let log = shell_quote(&dir.join("calls.jsonl").to_string_lossy());
    let text = format!(
        r#"#!/bin/sh
input=$(cat)
printf '%s\n' "$input" >> {log}
case "$input" in
  *BLOCKME*) printf '%s\n' '{{"hookSpecificOutput":{{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"standin.blockme: blocked by the hookkit-testkit stand-in hook"}}}}' ;;
esac
exit 0
"#
    );
    std::fs::write(&script, text).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn plugin_hook_deny_blocks_the_call_and_the_model_receives_the_reason() {
    if skip_e2e("plugin_hook_deny_blocks_the_call_and_the_model_receives_the_reason") {
        return;
    }
    let claude = claude();
    let hook_dir = tempfile::tempdir().unwrap();
    let hook = write_standin_hook(hook_dir.path());
    let plugin = pretooluse_plugin(
        "hookkit-testkit-standin",
        "Bash",
        &shell_quote(&hook.to_string_lossy()),
    )
    .unwrap();
    let server = FakeAnthropic::start(vec![
        Turn::bash("touch ran-allowed && echo allowed"),
        Turn::bash("touch ran-blockme-BLOCKME"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = ClaudeSession::new(claude, server.base_url())
        .unwrap()
        .plugin_dir(plugin.path());
    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();

    // The hook saw both calls, as PreToolUse payloads for Bash.
    let calls = std::fs::read_to_string(hook_dir.path().join("calls.jsonl")).unwrap();
    let calls: Vec<serde_json::Value> = calls
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(calls.len(), 2, "{calls:#?}");
    for call in &calls {
        assert_eq!(call["hook_event_name"], "PreToolUse");
        assert_eq!(call["tool_name"], "Bash");
    }
    assert_eq!(
        calls[1]["tool_input"]["command"],
        "touch ran-blockme-BLOCKME"
    );

    // Allowed call ran; denied call did not.
    assert!(session.cwd().join("ran-allowed").exists());
    assert!(!session.cwd().join("ran-blockme-BLOCKME").exists());
    let allowed = server.tool_result_for(0).unwrap();
    assert_eq!(allowed.content.trim(), "allowed");
    assert!(!allowed.is_error);
    let denied = server.tool_result_for(1).unwrap();
    assert!(denied.is_error, "{denied:?}");
    assert!(denied.content.contains("standin.blockme"), "{denied:?}");
    assert!(denied.content.contains("hookkit"), "{denied:?}");
    assert_eq!(server.turns_served(), 3);
}
