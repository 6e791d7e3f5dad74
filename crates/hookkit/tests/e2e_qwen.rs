//! End to end: `hookkit install --host qwen-code` registers both guards for the real Qwen
//! Code (`@qwen-code/qwen-code@0.24.4`, installed from the npm registry by
//! `hookkit_testkit::install_qwen_code`), which then runs them against a scripted model
//! server on 127.0.0.1 (`--auth-type anthropic`). One headless `qwen` session in a scratch
//! `HOME` and a scratch working directory:
//!
//! 1. the model asks `run_shell_command` for `rm -rf <marker folder>`: `command-guard`
//!    refuses it (`files.rm-outside-project`; its ask becomes a refusal in a headless
//!    session, which cannot prompt), Qwen Code never runs it, the marker survives, and the
//!    model receives hookkit's reason;
//! 2. the model asks for a `printf` whose output is a fake GitLab token (joined at run time
//!    from a fixed prefix and a tail generated here; the command holds the two halves
//!    apart): `secret-guard`'s `PostToolUse` answer (`continue: false` with the redacted
//!    output as `stopReason`) makes Qwen Code put it in place of the output; the raw token
//!    is in no request the model receives;
//! 3. the same with a second token from a command that then exits 3: Qwen Code reports it
//!    as `PostToolUseFailure`, whose output a hook cannot replace, so the model receives
//!    the raw output, flagged: secret-guard's warning (rule id, masked token, "tell the
//!    user a credential was exposed") is appended to it;
//! 4. a harmless `echo` runs.
//!
//! SAFETY: the destructive command is data, handed only to the fake model server; it
//! names a folder inside the scratch `HOME`, reaches only the host inside this test, and
//! `command-guard` must refuse it on its own (fed Qwen Code's payload on stdin) before the
//! host starts.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use common::{
    TOKEN_HEAD, assert_no_request_holds, hookkit_install, marker_folder, registered_in,
    token_printer, token_tail,
};
use hookkit_testkit::{
    FakeAnthropic, QwenSession, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    gemini_shell_turn, install_qwen_code, skip_e2e,
};

const PROMPT: &str = "Run the scripted commands.";

#[test]
fn hookkit_install_guards_qwen_code_a_destructive_call_is_refused_and_a_token_withheld() {
    if skip_e2e(
        "hookkit_install_guards_qwen_code_a_destructive_call_is_refused_and_a_token_withheld",
    ) {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let qwen = install_qwen_code().unwrap_or_else(|e| panic!("installing Qwen Code: {e}"));
    let bins = bin_dir(&guards).unwrap();

    // The session first (its scratch paths go into the script), then the server.
    let session = QwenSession::new(qwen, "http://127.0.0.1:9")
        .unwrap()
        .path_prepend(bins.path());
    let home = session.home().to_path_buf();
    let (marker, destructive) = marker_folder(&home);
    let (tail, failing_tail) = (token_tail(), token_tail());
    assert_ne!(tail, failing_tail);
    let token = format!("{TOKEN_HEAD}{tail}");
    // Qwen Code 0.24.4 now and then reports a command that exits at once as having printed
    // nothing (seen in 1 run of 3, and once in CI): its shell tool's child-process path
    // answers on the child's `exit` event, which can come before its stdout pipe is read
    // to the end (ShellExecutionService, chunks/chunk-QXQMBRGL.js of the package). So each
    // printing command lingers a moment after its output.
    let linger = "sleep 0.3";
    let printer = format!("{}; {linger}", token_printer(&tail));
    let failing_printer = format!("{}; {linger}; exit 3", token_printer(&failing_tail));

    // Install, as the person would.
    let said = hookkit_install("qwen-code", session.home(), session.cwd(), bins.path());
    let written = registered_in(&said, "qwen-code", &session.settings_path(), bins.path());
    assert_eq!(
        written["general"]["enableAutoUpdate"], false,
        "the session's own settings stay: {written}"
    );

    // Preflight, no host involved: command-guard refuses the destructive call (an ask,
    // which a headless session turns into a refusal, or a deny).
    let answer =
        ask_guard_shell(&guards[0], "qwen-code", &destructive, session.cwd(), &home).unwrap();
    let decision = answer.json().unwrap_or_default()["hookSpecificOutput"]["permissionDecision"]
        .as_str()
        .map(str::to_owned);
    assert!(
        matches!(decision.as_deref(), Some("ask" | "deny")),
        "preflight: command-guard did not refuse `{destructive}`; not starting the host. {answer:?}"
    );

    let server = FakeAnthropic::start(vec![
        gemini_shell_turn(destructive.clone()),
        gemini_shell_turn(printer),
        gemini_shell_turn(failing_printer),
        gemini_shell_turn(format!("echo harmless-ran; {linger}")),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = session.base_url(server.base_url());
    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();
    eprintln!("qwen: {:?}", output.elapsed);
    assert_eq!(server.turns_served(), 5, "stdout: {}", output.stdout);

    // 1. Refused before it ran; the model has hookkit's reason.
    assert!(
        marker.exists(),
        "the destructive command ran: {marker:?} is gone"
    );
    let refused = server.tool_result_for(0).expect("no tool_result for rm");
    assert!(refused.is_error, "{refused:?}");
    assert!(
        refused.content.contains("files.rm-outside-project"),
        "{refused:?}"
    );

    // 2. The token never reached the model; secret-guard's notice took the output's place.
    let withheld = server
        .tool_result_for(1)
        .expect("no tool_result for printf");
    assert!(
        withheld
            .content
            .contains("[REDACTED secrets.gitlab-pat glpa…(26 chars)]"),
        "{withheld:?}"
    );
    assert!(
        withheld.is_error && withheld.content.starts_with("secrets.gitlab-pat: "),
        "hookkit's notice, not the output: {withheld:?}"
    );
    assert_no_request_holds(&server, &token);

    // 3. After a failed command the output stays, flagged.
    let flagged = server
        .tool_result_for(2)
        .expect("no tool_result for the failing printf");
    assert!(flagged.content.contains("Exit Code: 3"), "{flagged:?}");
    assert!(
        flagged.content.contains("secrets.gitlab-pat"),
        "{flagged:?}"
    );
    assert!(
        flagged
            .content
            .contains("tell the user a credential was exposed"),
        "{flagged:?}"
    );

    // 4. A harmless call runs.
    let harmless = server.tool_result_for(3).expect("no tool_result for echo");
    assert!(harmless.content.contains("harmless-ran"), "{harmless:?}");
    assert!(!harmless.is_error, "{harmless:?}");
}
