//! End to end, issue "Fail closed, always": the two inputs that made the guard fail open
//! inside real hosts are refused there now.
//!
//! - the crash suffix: a destructive command followed by `{` and U+E0067 (a tag character
//!   from flag emoji), which crashed tree-sitter-bash's scanner (SIGSEGV; the host then ran
//!   the call);
//! - the quadratic pipeline: 20,000 stages ending in the destructive command (40 KB), which
//!   took tree-sitter-bash longer than the hosts' 10 s hook timeout (the host then ran it).
//!
//! In real Claude Code (command-guard as a plugin `PreToolUse` hook) and real Codex
//! (command-guard's generated `hooks.json`), each call is blocked, the model receives
//! hookkit's reason, and a marker file in the scratch `HOME` survives.
//!
//! SAFETY: the destructive command is data, assembled by `hookkit_testkit` and handed only
//! to the fake model server; it reaches only the hosts inside these tests, whose `HOME` and
//! working directory are fresh temporary directories. Before a host starts, the guard must
//! deny each command on its own (a payload on stdin, no shell); otherwise the test fails
//! without starting the host.
//!
//! `HOOKKIT_SKIP_E2E=1` skips these tests with a notice (for machines without npm; never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    ClaudeSession, CodexSession, FakeAnthropic, FakeOpenAi, Turn, ask_guard_shell, bin_dir,
    codex_exec_turn, command_guard_plugin, destructive_command, install_claude_code, install_codex,
    plant_marker, skip_e2e,
};

const COMMAND_GUARD: &str = env!("CARGO_BIN_EXE_command-guard");
const PROMPT: &str = "Run the scripted commands.";

/// The destructive command with the suffix that crashed tree-sitter-bash.
fn crash_suffix() -> String {
    format!("{}; {{\u{E0067}", destructive_command())
}

/// The destructive command at the end of a 20,000-stage pipeline.
fn quadratic_pipeline() -> String {
    "a|".repeat(20_000) + &destructive_command()
}

/// Plants the marker in the scratch `home`, then panics (before any host starts) unless
/// command-guard blocks both commands for `host`. Returns the marker's path.
fn preflight(host: &str, home: &Path, cwd: &Path) -> PathBuf {
    let marker = plant_marker(home).unwrap();
    for command in [crash_suffix(), quadratic_pipeline()] {
        let answer = ask_guard_shell(Path::new(COMMAND_GUARD), host, &command, cwd, home).unwrap();
        assert!(
            answer.block_reason().is_some(),
            "preflight: command-guard did not block {command:.40}…; not starting the host. {answer:?}"
        );
    }
    marker
}

#[test]
fn claude_code_refuses_the_crash_suffix_and_the_quadratic_pipeline() {
    if skip_e2e("claude_code_refuses_the_crash_suffix_and_the_quadratic_pipeline") {
        return;
    }
    let claude: PathBuf =
        install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"));
    let server = FakeAnthropic::start(vec![
        Turn::bash(crash_suffix()),
        Turn::bash(quadratic_pipeline()),
        Turn::text("Understood, I will not do that."),
    ])
    .unwrap();
    let plugin = command_guard_plugin(Path::new(COMMAND_GUARD)).unwrap();
    let session = ClaudeSession::new(claude, server.base_url())
        .unwrap()
        .plugin_dir(plugin.path());
    let marker = preflight("claude-code", session.home(), session.cwd());

    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();

    assert!(
        marker.exists(),
        "a destructive call ran: {} is gone",
        marker.display()
    );
    for turn in 0..2 {
        let result = server
            .tool_result_for(turn)
            .unwrap_or_else(|| panic!("no tool_result for call {turn}; stdout: {}", output.stdout));
        assert!(result.is_error, "call {turn}: {result:?}");
        assert!(
            result.content.contains("hookkit"),
            "call {turn}: {result:?}"
        );
    }
    assert_eq!(server.turns_served(), 3);
}

#[test]
fn codex_refuses_the_crash_suffix_and_the_quadratic_pipeline() {
    if skip_e2e("codex_refuses_the_crash_suffix_and_the_quadratic_pipeline") {
        return;
    }
    let codex = install_codex().unwrap_or_else(|e| panic!("installing Codex: {e}"));
    let bins = bin_dir(&[PathBuf::from(COMMAND_GUARD)]).unwrap();
    let server = FakeOpenAi::start(vec![
        codex_exec_turn(crash_suffix()),
        codex_exec_turn(quadratic_pipeline()),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = CodexSession::new(codex, &server.base_url())
        .unwrap()
        .path_prepend(bins.path());
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../plugins/command-guard/com.openai.codex/hooks/hooks.json");
    session.install_hooks_json(&[&hooks]).unwrap();
    let marker = preflight("codex", session.home(), session.cwd());

    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "codex exec failed ({}):\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );

    assert!(
        marker.exists(),
        "a destructive call ran: {} is gone",
        marker.display()
    );
    for turn in 0..2 {
        let result = server
            .function_output_for(turn)
            .unwrap_or_else(|| panic!("no output for call {turn}"));
        assert!(result.contains("hookkit"), "call {turn}: {result}");
        assert!(result.contains("blocked"), "call {turn}: {result}");
    }
    assert_eq!(server.turns_served(), 3);
}
