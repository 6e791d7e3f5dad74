//! End to end: the real Claude Code CLI (`@anthropic-ai/claude-code@2.1.328`, installed
//! from the npm registry by `hookkit_testkit::install_claude_code`) with the GENERATED
//! bundles loaded by `--plugin-dir`, against a scripted Anthropic Messages API server on
//! 127.0.0.1:
//!
//! - `plugins/command-guard` and `plugins/secret-guard` together, and
//!   `plugins/agent-guardrails` alone: a destructive command (`rm -rf ~`) never runs (a
//!   marker in the scratch `HOME` survives) and a secret fetch (`aws secretsmanager
//!   get-secret-value`) never runs (the stand-in `aws` leaves no record); the model receives
//!   hookkit's reason as an error `tool_result`; a harmless command runs.
//!
//! Claude Code reads each bundle's `.claude-plugin/plugin.json` and auto-loads its
//! `hooks/hooks.json`; those hook commands call `command-guard` / `secret-guard` by name,
//! so the test builds both (`hookkit_testkit::build_workspace_bins`) and puts a directory
//! holding only them first on the host's `PATH`, after the directory of stand-ins.
//!
//! SAFETY: the destructive command is data, assembled here and handed only to the fake
//! model server; it reaches only the host inside this test, whose `HOME` and working
//! directory are fresh temporary directories. Before the host starts, each guard must deny
//! its command when fed a Claude Code PreToolUse payload on stdin (no shell involved).
//! `aws` on the host's `PATH` is a stand-in that only records that it ran.
//!
//! `HOOKKIT_SKIP_E2E=1` skips these tests with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, Turn, ask_guard_shell, bin_dir, build_workspace_bins, copy_tree,
    destructive_command, install_claude_code, secret_fetch_command, skip_e2e, write_standin,
};

const PROMPT: &str = "Run the scripted commands.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn claude() -> PathBuf {
    install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"))
}

/// `[command-guard, secret-guard]`, freshly built.
fn guards() -> Vec<PathBuf> {
    build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"))
}

/// Feeds `guard --host claude-code` a Claude Code PreToolUse payload for a shell call of `command` (captured
/// shape: hookkit_testkit::shell_payload) and returns the reason it blocks with, or panics
/// when it does not block (JSON deny with a reason, or exit 2 with a message on stderr).
fn preflight_blocks(guard: &Path, command: &str, cwd: &Path, home: &Path) -> String {
    let answer = ask_guard_shell(guard, "claude-code", command, cwd, home).unwrap();
    answer.block_reason().unwrap_or_else(|| {
        panic!(
            "preflight: {} did not block; not starting the host. {answer:?}",
            guard.display()
        )
    })
}

/// `first:second:$PATH`.
fn path_with(first: &Path, second: &Path) -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let dirs = [first.to_path_buf(), second.to_path_buf()]
        .into_iter()
        .chain(std::env::split_paths(&inherited));
    std::env::join_paths(dirs).unwrap()
}

/// Runs the real Claude Code with the generated bundles `bundles` (names under
/// `plugins/`, each copied as a whole into a scratch directory and loaded with
/// `--plugin-dir`) through a probe, a destructive command, a secret fetch and a harmless
/// command, and asserts that only the probe and the harmless command ran.
fn bundles_block_dangerous_calls_and_let_harmless_run(bundles: &[&str]) {
    let guards = guards();
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let server = FakeAnthropic::start(vec![
        Turn::bash("command -v aws"),
        Turn::bash(destructive_command()),
        Turn::bash(secret_fetch_command("x")),
        Turn::bash("touch ran-harmless && echo ok"),
        Turn::text("Done."),
    ])
    .unwrap();
    let mut session = ClaudeSession::new(claude(), server.base_url())
        .unwrap()
        .env("PATH", path_with(standins.path(), bins.path()));
    for bundle in bundles {
        let copy = copies.path().join(bundle);
        copy_tree(&repo_root().join("plugins").join(bundle), &copy).unwrap();
        assert!(copy.join(".claude-plugin/plugin.json").is_file());
        assert!(copy.join("hooks/hooks.json").is_file());
        session = session.plugin_dir(copy);
    }
    let home = session.home();
    let keep = home.join("keep-me.txt");
    std::fs::write(&keep, "hookkit e2e marker\n").unwrap();
    let aws_ran = session.cwd().join("aws-ran.txt");
    let aws = write_standin(standins.path(), "aws", &aws_ran).unwrap();

    // Safety preconditions: scratch HOME, and each guard blocks its command on its own.
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    preflight_blocks(&guards[0], &destructive_command(), session.cwd(), home);
    preflight_blocks(&guards[1], &secret_fetch_command("x"), session.cwd(), home);

    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();
    eprintln!("claude -p with {bundles:?}: {:?}", output.elapsed);

    // The probe shows `aws` would have reached the stand-in.
    let probe = server
        .tool_result_for(0)
        .expect("no tool_result for the probe");
    assert!(!probe.is_error, "{probe:?}");
    assert_eq!(probe.content.trim(), aws.to_string_lossy(), "{probe:?}");

    assert!(
        keep.exists(),
        "the destructive command ran: {} is gone",
        keep.display()
    );
    let destructive = server.tool_result_for(1).expect("no tool_result for rm");
    assert!(destructive.is_error, "{destructive:?}");
    assert!(destructive.content.contains("hookkit"), "{destructive:?}");

    assert!(!aws_ran.exists(), "the secret fetch ran the stand-in `aws`");
    let secret = server.tool_result_for(2).expect("no tool_result for aws");
    assert!(secret.is_error, "{secret:?}");
    assert!(secret.content.contains("hookkit"), "{secret:?}");

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the harmless command did not run"
    );
    let harmless = server.tool_result_for(3).expect("no tool_result for touch");
    assert!(!harmless.is_error, "{harmless:?}");
    assert_eq!(harmless.content.trim(), "ok");
    assert_eq!(server.turns_served(), 5);
}

#[test]
fn claude_code_with_command_guard_and_secret_guard_bundles_blocks_dangerous_calls() {
    if skip_e2e("claude_code_with_command_guard_and_secret_guard_bundles_blocks_dangerous_calls") {
        return;
    }
    bundles_block_dangerous_calls_and_let_harmless_run(&["command-guard", "secret-guard"]);
}

#[test]
fn claude_code_with_agent_guardrails_bundle_blocks_dangerous_calls() {
    if skip_e2e("claude_code_with_agent_guardrails_bundle_blocks_dangerous_calls") {
        return;
    }
    bundles_block_dangerous_calls_and_let_harmless_run(&["agent-guardrails"]);
}
