//! End to end: `hookkit install --host opencode` writes hookkit's plugin for the real
//! opencode (`opencode-ai@1.18.33`, installed from the npm registry by
//! `hookkit_testkit::install_opencode`), which then runs both guards around every tool call
//! against a scripted Chat Completions server on 127.0.0.1 (a custom OpenAI-compatible
//! provider in the scratch `~/.config/opencode/opencode.json`); and the same for its fork
//! Kilo CLI (`@kilocode/cli@7.7.7`, `hookkit install --host kilo`, `~/.config/kilo/`). One
//! `opencode run` (`kilo run`) session in a scratch `HOME` and working directory:
//!
//! 1. the model asks `bash` for `rm -rf <marker folder>` (opencode itself is told to allow
//!    it): `command-guard` refuses it (`files.rm-outside-project`), the plugin throws the
//!    reason, opencode never runs the command, the marker survives, and the model receives
//!    hookkit's reason as the tool's result;
//! 2. the model asks `bash` for a `printf` whose output is a fake GitLab token (joined at
//!    run time from a fixed prefix and a tail generated here; the command holds the two
//!    halves apart): `secret-guard`'s deny after the tool ran makes the plugin put hookkit's
//!    notice, with the token masked, in place of the output; the raw token is in no request
//!    the model receives;
//! 3. a harmless `echo` runs.
//!
//! Then the guard the plugin names is removed, as an uninstalled or moved binary would be,
//! and a second session's harmless `touch` is refused before it runs: the plugin fails
//! closed (opencode has no switch of its own for that).
//!
//! SAFETY: the destructive command is data, handed only to the fake model server; it
//! names a folder inside the scratch `HOME`, reaches only the host inside this test, and
//! `command-guard` must refuse it on its own (fed the plugin's payload on stdin) before the
//! host starts.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use common::{
    TOKEN_HEAD, assert_never_sent, hookkit_install, marker_folder, token_printer, token_tail,
};
use hookkit_testkit::{
    FakeChat, OpencodeSession, Turn, ask_guard_shell, bin_dir, build_workspace_bins, install_kilo,
    install_opencode, opencode_bash_turn, shell_quote, skip_e2e,
};

const PROMPT: &str = "Run the scripted commands.";

#[test]
fn hookkit_install_guards_opencode_a_destructive_call_is_refused_a_token_redacted_and_a_missing_guard_blocks()
 {
    if skip_e2e("hookkit_install_guards_opencode") {
        return;
    }
    let opencode = install_opencode().unwrap_or_else(|e| panic!("installing opencode: {e}"));
    guarded(
        "opencode",
        OpencodeSession::new(opencode, "http://127.0.0.1:9").unwrap(),
    );
}

#[test]
fn hookkit_install_guards_kilo_cli_the_same_way() {
    if skip_e2e("hookkit_install_guards_kilo_cli_the_same_way") {
        return;
    }
    let kilo = install_kilo().unwrap_or_else(|e| panic!("installing Kilo CLI: {e}"));
    guarded(
        "kilo",
        OpencodeSession::kilo(kilo, "http://127.0.0.1:9").unwrap(),
    );
}

/// The scenario of the module documentation for `host` (`opencode` or `kilo`), whose
/// `session` points at no server yet.
fn guarded(host: &str, session: OpencodeSession) {
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let bins = bin_dir(&guards).unwrap();

    let home = session.home().to_path_buf();
    let (marker, destructive) = marker_folder(&home);
    let tail = token_tail();
    let token = format!("{TOKEN_HEAD}{tail}");
    let printer = token_printer(&tail);

    // Install, as the person would: the guards are found on PATH and written by path.
    let said = hookkit_install(host, session.home(), session.cwd(), bins.path());
    let plugin = session.config_dir().join("plugins/hookkit.js");
    assert!(
        said.contains(&format!(
            "{host}: registered both guards in {}",
            plugin.display()
        )),
        "{said}"
    );
    assert!(said.contains("never run it with `--pure`"), "{said}");
    let written = std::fs::read_to_string(&plugin).unwrap();
    let command_guard = bins.path().join("command-guard");
    assert!(
        written.contains(&format!(
            "const COMMAND_GUARD = \"{}\"",
            command_guard.display()
        )),
        "command-guard by absolute path: {written}"
    );
    assert!(
        written.contains(&format!("const HOST = \"{host}\"")),
        "{written}"
    );

    // Preflight, no host involved: command-guard refuses the destructive call.
    let answer = ask_guard_shell(&guards[0], host, &destructive, session.cwd(), &home).unwrap();
    assert!(
        answer.block_reason().is_some(),
        "preflight: command-guard did not refuse `{destructive}`; not starting the host. {answer:?}"
    );

    let script = vec![
        opencode_bash_turn(destructive.clone()),
        opencode_bash_turn(printer),
        opencode_bash_turn("echo harmless-ran"),
        Turn::text("Done."),
    ];
    let (session, server) = run(host, session, script);
    assert_eq!(server.turns_served(), 4);

    // 1. Refused before it ran, and the model was told why.
    assert!(
        marker.exists(),
        "the destructive command ran: {marker:?} is gone"
    );
    let refused = server.tool_result_for(0).expect("no tool result for rm");
    assert!(refused.contains("files.rm-outside-project"), "{refused}");
    assert!(refused.contains("hookkit"), "{refused}");

    // 2. The token never reached the model; secret-guard's notice took the output's place.
    let withheld = server
        .tool_result_for(1)
        .expect("no tool result for printf");
    assert!(
        withheld.contains("[REDACTED secrets.gitlab-pat glpa…(26 chars)]"),
        "{withheld}"
    );
    assert_never_sent(server.requests().into_iter().map(|r| r.body), &token);

    // 3. A harmless call runs.
    let harmless = server.tool_result_for(2).expect("no tool result for echo");
    assert!(harmless.contains("harmless-ran"), "{harmless}");

    // The guard is gone: the plugin refuses the next call instead of letting it run.
    std::fs::remove_file(&command_guard).unwrap();
    let ran = session.cwd().join("ran-without-a-guard");
    let touch = format!("touch {}", shell_quote(&ran.display().to_string()));
    let script = vec![opencode_bash_turn(touch), Turn::text("Done.")];
    let (_, server) = run(host, session, script);
    assert!(!ran.exists(), "the call ran without command-guard");
    let refused = server.tool_result_for(0).expect("no tool result for touch");
    assert!(
        refused.contains("command-guard could not be started") && refused.contains("fails closed"),
        "{refused}"
    );
}

/// `session` pointed at a new fake model serving `script`, after one `run` (`host`'s) that
/// exited 0; the session and the server, for what the model received.
fn run(host: &str, session: OpencodeSession, script: Vec<Turn>) -> (OpencodeSession, FakeChat) {
    let server = FakeChat::start(script).unwrap();
    let session = session.base_url(server.base_url());
    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "{host} failed ({}):\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );
    eprintln!("{host} run: {:?}", output.elapsed);
    (session, server)
}
