//! End to end: the real Claude Code CLI (installed from the npm registry by
//! `hookkit_testkit::install_claude_code`) runs against a scripted model server on
//! 127.0.0.1, with `secret-guard --host claude-code` registered in a plugin for both
//! `PreToolUse` and `PostToolUse` on `Bash` and `Read`. One session, four model turns:
//!
//! 1. the model asks Bash for `aws secretsmanager get-secret-value --secret-id prod/db`: a
//!    stand-in `aws` first on `PATH` would append to a marker file if executed. It must not
//!    run, and the model's `tool_result` is an error carrying the reason with the
//!    `{{resolve:secretsmanager:…}}` guidance;
//! 2. the model asks Bash for a harmless `printf` whose OUTPUT is an obviously fake GitHub
//!    token (`ghp_FAKE0000…`, built from two arguments so that the command itself holds no
//!    credential). secret-guard answers PostToolUse with `updatedToolOutput`: Claude Code's
//!    own `tool_response` (`{stdout, stderr, …}`) with the token replaced by its masked form
//!    (`ghp_…(40 chars)`), and the warning as `additionalContext`. The model's `tool_result`
//!    holds the redacted copy, and the raw token is in no request the model receives;
//! 3. the model asks Read for a file in the project holding the same token: the same
//!    replacement for Read's `{type, file: {content, …}}` shape;
//! 4. the model answers with text.
//!
//! A second session: an output hookkit cannot check (over `max_output_bytes`) is replaced
//! by a notice of Bash's shape, so it never reaches the model.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (for machines without npm; never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, Turn, ask_guard_shell, install_claude_code, secret_fetch_command,
    shell_quote, skip_e2e, write_standin,
};
use serde_json::{Value, json};

const SECRET_GUARD: &str = env!("CARGO_BIN_EXE_secret-guard");

/// The fake token's two halves: the command holds them apart, its output joins them.
const TOKEN_HEAD: &str = "ghp_FAKE0000";
const TOKEN_TAIL: &str = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";
/// secret-guard's masked form of the joined token (first 4 characters and the length).
const MASKED: &str = "ghp_…(40 chars)";

fn claude() -> PathBuf {
    install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"))
}

/// A plugin registering `secret-guard --host claude-code` for PreToolUse and PostToolUse
/// on Bash and Read (layout: Claude Code plugins reference; see
/// hookkit_testkit::pretooluse_plugin).
fn plugin() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("hookkit-e2e-secret-guard-")
        .tempdir()
        .unwrap();
    let command = format!("{} --host claude-code", shell_quote(SECRET_GUARD));
    let entry = json!([{ "matcher": "Bash|Read", "hooks": [{ "type": "command", "command": command, "timeout": 30 }] }]);
    let manifest = json!({
        "name": "hookkit-secret-guard-e2e",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "hookkit end-to-end test plugin: secret-guard before and after Bash and Read",
    });
    let hooks = json!({ "hooks": { "PreToolUse": entry, "PostToolUse": entry } });
    for (path, value) in [
        (".claude-plugin/plugin.json", manifest),
        ("hooks/hooks.json", hooks),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{value:#}\n")).unwrap();
    }
    dir
}

/// secret-guard's parsed answer to a Claude Code Bash PreToolUse payload for `command`
/// (`None` when silent, i.e. allow).
fn verdict(command: &str, home: &Path) -> Option<Value> {
    let answer =
        ask_guard_shell(Path::new(SECRET_GUARD), "claude-code", command, home, home).unwrap();
    assert!(answer.status.success(), "secret-guard exited {answer:?}");
    assert!(
        answer.stdout.trim().is_empty() || answer.json().is_some(),
        "secret-guard printed something that is not JSON: {answer:?}"
    );
    answer.json()
}

#[test]
fn secret_fetch_is_refused_and_a_secret_in_tool_output_never_reaches_the_model() {
    if skip_e2e("secret_fetch_is_refused_and_a_secret_in_tool_output_never_reaches_the_model") {
        return;
    }
    let token = format!("{TOKEN_HEAD}{TOKEN_TAIL}");
    let printer = format!("printf '%s%s\\n' {TOKEN_HEAD} {TOKEN_TAIL}");
    let project = tempfile::tempdir().unwrap();
    let notes = project.path().join("deploy-notes.txt");
    std::fs::write(&notes, format!("deploy with\ntoken={token}\n")).unwrap();
    let server = FakeAnthropic::start(vec![
        Turn::bash(secret_fetch_command("prod/db")),
        Turn::bash(printer.clone()),
        Turn::ToolUse {
            name: "Read".into(),
            input: json!({ "file_path": notes.display().to_string() }),
        },
        Turn::text("Understood: I will not reuse that credential."),
    ])
    .unwrap();
    let plugin = plugin();
    let standins = tempfile::tempdir().unwrap();
    let path = format!(
        "{}:{}",
        standins.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let session = ClaudeSession::new(claude(), server.base_url())
        .unwrap()
        .plugin_dir(plugin.path())
        .allowed_tools("Bash,Read")
        .env("PATH", path);
    let marker = session.home().join("aws-ran.txt");
    write_standin(standins.path(), "aws", &marker).unwrap();

    // Preflight, no host involved: the fetch is denied, the printer allowed.
    let denied = verdict(&secret_fetch_command("prod/db"), session.home()).expect("fetch allowed");
    assert_eq!(
        denied["hookSpecificOutput"]["permissionDecision"], "deny",
        "{denied}"
    );
    assert_eq!(
        verdict(&printer, session.home()),
        None,
        "the printer command was refused"
    );

    let output = session.run("Run the scripted commands.").unwrap();
    output.success().unwrap();
    assert_eq!(server.turns_served(), 4, "stdout: {}", output.stdout);

    // 1. The fetch never ran; the model got the reason and the by-reference guidance.
    assert!(
        !marker.exists(),
        "the stand-in aws ran: {}",
        marker.display()
    );
    let refused = server
        .tool_result_for(0)
        .expect("no tool_result for the fetch");
    assert!(refused.is_error, "{refused:?}");
    assert!(refused.content.contains("secret-guard"), "{refused:?}");
    assert!(
        refused.content.contains("{{resolve:secretsmanager:"),
        "{refused:?}"
    );

    // 2. and 3. The printer ran and the file was read; Claude Code put secret-guard's
    // redacted copy in place of each output and added its warning, which names the
    // credential only in masked form.
    for (turn, what) in [(1, "printf"), (2, "Read")] {
        let result = server
            .tool_result_for(turn)
            .unwrap_or_else(|| panic!("no tool_result for {what}"));
        assert!(
            !result.content.contains(&token),
            "the raw token reached the model in the {what} tool_result: Claude Code ignored updatedToolOutput"
        );
        assert!(
            result.content.contains(&format!("[REDACTED {MASKED}]")),
            "{what}: no redacted copy: {result:?}"
        );
        let requests = server.model_requests();
        let next = requests
            .iter()
            .find(|r| {
                r.tool_results()
                    .iter()
                    .any(|t| t.tool_use_id == result.tool_use_id)
            })
            .unwrap();
        let body = next.body.as_ref().unwrap().to_string();
        assert!(body.contains("secrets.github-pat"), "{what}: {body}");
        assert!(
            body.contains("Do not repeat, echo, store or use"),
            "{what}: no warning for the model: {body}"
        );
    }
    // The raw value is in no request the model received.
    for request in server.model_requests() {
        let body = request.body.map(|b| b.to_string()).unwrap_or_default();
        assert!(
            !body.contains(&token),
            "the raw token reached the model: {body}"
        );
    }
}

/// After a tool ran, hookkit's own failure withholds the output in the real Claude Code:
/// an output over `max_output_bytes` (here 4 KiB, set by `HOOKKIT_CONFIG`) is not read, and
/// secret-guard's answer puts a notice in place of the Bash result (`updatedToolOutput` of
/// Bash's shape), so the model never sees the unchecked output.
#[test]
fn an_output_hookkit_cannot_check_is_withheld_from_the_model() {
    if skip_e2e("an_output_hookkit_cannot_check_is_withheld_from_the_model") {
        return;
    }
    let marker = "unchecked-output-marker";
    // 8 KiB of output ending in the marker, built by the shell (the command holds no marker).
    let printer = r"head -c 8192 /dev/zero | tr '\0' x; printf '%s-%s\n' unchecked-output marker";
    let server =
        FakeAnthropic::start(vec![Turn::bash(printer), Turn::text("Understood.")]).unwrap();
    let plugin = plugin();
    let config = tempfile::tempdir().unwrap();
    let config_file = config.path().join("config.toml");
    std::fs::write(
        &config_file,
        "max_input_bytes = 4096\nmax_output_bytes = 4096\n",
    )
    .unwrap();
    let session = ClaudeSession::new(claude(), server.base_url())
        .unwrap()
        .plugin_dir(plugin.path())
        .allowed_tools("Bash")
        .env("HOOKKIT_CONFIG", config_file.as_os_str());
    let output = session.run("Run the scripted command.").unwrap();
    output.success().unwrap();
    assert_eq!(server.turns_served(), 2, "stdout: {}", output.stdout);
    let result = server
        .tool_result_for(0)
        .expect("no tool_result for the command");
    assert!(
        result.content.contains(hookkit_hooks::withhold::NOTICE),
        "the output was not replaced: {result:?}"
    );
    for request in server.model_requests() {
        let body = request.body.map(|b| b.to_string()).unwrap_or_default();
        assert!(
            !body.contains(marker),
            "the unchecked output reached the model: {body}"
        );
    }
}
