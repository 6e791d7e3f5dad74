//! End to end: the real Claude Code CLI (`@anthropic-ai/claude-code`, installed from the
//! npm registry by `hookkit_testkit::install_claude_code`) runs against a scripted model
//! server on 127.0.0.1 that answers with a Bash tool call, with `command-guard` registered
//! as a plugin `PreToolUse` hook.
//!
//! - a destructive call (`rm -rf ~`) never runs: a marker file in the scratch `HOME`
//!   survives, and the tool_result the model receives is an error carrying hookkit's reason;
//! - a harmless call runs and its output reaches the model.
//!
//! SAFETY: the destructive command is data. It is built here, handed only to the fake
//! model server, and reaches only the host inside this test, whose `HOME` and working
//! directory are fresh temporary directories. Before any session, the guard binary itself
//! must deny it (fed a PreToolUse payload on stdin, no shell involved); otherwise the test
//! fails without starting the host.
//!
//! `HOOKKIT_SKIP_E2E=1` skips these tests with a notice (for machines without npm; never in CI).

// Test code: a panic is how a test (and its helpers outside `#[test]`, which clippy's
// allow-*-in-tests settings do not cover) reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, Turn, ask_guard_shell, command_guard_plugin, destructive_command,
    install_claude_code, plant_marker, skip_e2e,
};
use serde_json::Value;

const COMMAND_GUARD: &str = env!("CARGO_BIN_EXE_command-guard");
const PROMPT: &str = "Run the scripted command.";

fn claude() -> PathBuf {
    install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"))
}

/// Feeds `command-guard --host claude-code` a Claude Code PreToolUse payload for a Bash
/// call of `command` (captured shape: hookkit_testkit::shell_payload) and returns its
/// parsed stdout (`None` when empty, i.e. allow).
fn guard_verdict(command: &str, cwd: &Path, home: &Path) -> Option<Value> {
    let answer =
        ask_guard_shell(Path::new(COMMAND_GUARD), "claude-code", command, cwd, home).unwrap();
    assert!(
        answer.status.success(),
        "command-guard exited with {answer:?}"
    );
    assert!(
        answer.stdout.trim().is_empty() || answer.json().is_some(),
        "command-guard printed something that is not JSON: {answer:?}"
    );
    answer.json()
}

#[test]
fn destructive_bash_call_is_denied_and_the_model_receives_the_reason() {
    if skip_e2e("destructive_bash_call_is_denied_and_the_model_receives_the_reason") {
        return;
    }
    let command = destructive_command();
    let server = FakeAnthropic::start(vec![
        Turn::bash(command.clone()),
        Turn::text("Understood, I will not do that."),
    ])
    .unwrap();
    let plugin = command_guard_plugin(Path::new(COMMAND_GUARD)).unwrap();
    let session = ClaudeSession::new(claude(), server.base_url())
        .unwrap()
        .plugin_dir(plugin.path());
    let home = session.home();
    // Safety preconditions: the host's HOME is a fresh temp dir, and the guard denies
    // the command on its own before any host is given it.
    let marker = plant_marker(home).unwrap();
    let verdict = guard_verdict(&command, session.cwd(), home)
        .expect("preflight: command-guard allowed the destructive command; not starting the host");
    assert_eq!(
        verdict["hookSpecificOutput"]["permissionDecision"], "deny",
        "preflight: {verdict}"
    );

    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();

    assert!(
        marker.exists(),
        "the destructive command ran: {} is gone",
        marker.display()
    );
    let result = server.tool_result_for(0).unwrap_or_else(|| {
        panic!(
            "no tool_result reached the model; stdout: {}",
            output.stdout
        )
    });
    assert!(result.is_error, "{result:?}");
    assert!(result.content.contains("hookkit"), "{result:?}");
    assert_eq!(server.turns_served(), 2);
}

#[test]
fn harmless_bash_call_runs_with_the_guard_registered() {
    if skip_e2e("harmless_bash_call_runs_with_the_guard_registered") {
        return;
    }
    let server = FakeAnthropic::start(vec![
        Turn::bash("touch ran-harmless && echo ok"),
        Turn::text("The command ran."),
    ])
    .unwrap();
    let plugin = command_guard_plugin(Path::new(COMMAND_GUARD)).unwrap();
    let session = ClaudeSession::new(claude(), server.base_url())
        .unwrap()
        .plugin_dir(plugin.path());

    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the harmless command did not run"
    );
    let result = server
        .tool_result_for(0)
        .expect("no tool_result for the Bash call");
    assert!(!result.is_error, "{result:?}");
    assert_eq!(result.content.trim(), "ok");
    assert_eq!(server.turns_served(), 2);
}
