//! End to end: `hookkit install --host factory-droid` registers both guards for the real
//! Factory droid (droid 0.225.2, the binary of `@factory/cli-linux-x64`, installed from the
//! npm registry by `hookkit_testkit::install_factory_droid`), which then runs them against
//! a scripted model server on 127.0.0.1 (a BYOK Anthropic-format model, no Factory login).
//! One `droid exec --skip-permissions-unsafe` session (droid's own approval off, so that
//! only hookkit refuses) in a scratch `HOME` and a scratch working directory:
//!
//! 1. the model asks `Execute` for `rm -rf <marker folder>`: `command-guard` refuses it
//!    (`files.rm-outside-project`; an ask, which droid cannot show from a hook, answered
//!    with exit 2), droid never runs it, the marker survives, and the model receives
//!    hookkit's reason as the tool's error;
//! 2. the model asks for a `printf` of a fake AWS access key id (joined at run time from
//!    `AKIA` and a tail generated here; the command holds the two halves apart) that then
//!    exits 3: droid runs no hook after a tool that failed, so the raw key reaches the
//!    model, unflagged (a limit of droid 0.225.2, asserted so that a droid that starts
//!    hooking failures fails this test and gets its docs updated);
//! 3. a harmless `echo` runs;
//! 4. the same `printf` of a second key, succeeding: `secret-guard`'s `PostToolUse` answer
//!    (`continue: false`) ends the run before droid sends the output on: the key is in no
//!    request the model receives, the model is asked nothing more, `droid exec` exits 0
//!    with an empty result, and the stop reason (secret-guard's rule id and the masked key)
//!    is in droid's session transcript, which holds no raw key.
//!
//! An AWS key id, not the GitLab token of the other hosts' tests: droid 0.225.2 masks
//! GitLab, Stripe, npm and OpenAI tokens in a tool's output itself, before any hook or the
//! model sees it, and AWS key ids not (measured).
//!
//! SAFETY: the destructive command is data, handed only to the fake model server; it
//! names a folder inside the scratch `HOME`, reaches only the host inside this test, and
//! `command-guard` must refuse it on its own (fed droid's payload on stdin) before the host
//! starts.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use common::{
    AWS_KEY_HEAD, assert_no_request_holds, aws_key_tail, hookkit_install, marker_folder, printer,
    registered_in,
};
use hookkit_testkit::{
    DroidSession, FakeAnthropic, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    droid_execute_turn, install_factory_droid, skip_e2e,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

const PROMPT: &str = "Run the scripted commands.";

/// The transcript droid keeps of session `id` under `<home>/.factory/sessions/`.
fn transcript(home: &Path, id: &str) -> PathBuf {
    let sessions = home.join(".factory/sessions");
    std::fs::read_dir(&sessions)
        .unwrap()
        .map(|d| d.unwrap().path().join(format!("{id}.jsonl")))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no transcript of {id} under {}", sessions.display()))
}

#[test]
fn hookkit_install_guards_factory_droid_a_destructive_call_is_refused_and_a_token_withheld() {
    if skip_e2e(
        "hookkit_install_guards_factory_droid_a_destructive_call_is_refused_and_a_token_withheld",
    ) {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let droid = install_factory_droid().unwrap_or_else(|e| panic!("installing droid: {e}"));
    let bins = bin_dir(&guards).unwrap();

    // The session first (its scratch paths go into the script), then the server.
    let session = DroidSession::new(droid, "http://127.0.0.1:9")
        .unwrap()
        .path_prepend(bins.path());
    let home = session.home().to_path_buf();
    let (marker, destructive) = marker_folder(&home);
    let (tail, failing_tail) = (aws_key_tail(), aws_key_tail());
    assert_ne!(tail, failing_tail);
    let key = format!("{AWS_KEY_HEAD}{tail}");
    let failing_key = format!("{AWS_KEY_HEAD}{failing_tail}");
    let key_printer = printer(AWS_KEY_HEAD, &tail);
    let failing_printer = format!("{}; exit 3", printer(AWS_KEY_HEAD, &failing_tail));

    // Install, as the person would.
    let said = hookkit_install("factory-droid", session.home(), session.cwd(), bins.path());
    registered_in(
        &said,
        "factory-droid",
        &session.settings_path(),
        bins.path(),
    );

    // Preflight, no host involved: command-guard refuses the destructive call.
    let answer = ask_guard_shell(
        &guards[0],
        "factory-droid",
        &destructive,
        session.cwd(),
        &home,
    )
    .unwrap();
    assert!(
        answer.status.code() == Some(2) && answer.stderr.contains("files.rm-outside-project"),
        "preflight: command-guard did not refuse `{destructive}`; not starting the host. {answer:?}"
    );

    let server = FakeAnthropic::start(vec![
        droid_execute_turn(destructive.clone()),
        droid_execute_turn(failing_printer),
        droid_execute_turn("echo harmless-ran"),
        droid_execute_turn(key_printer),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = session.base_url(server.base_url());
    let output = session.run(PROMPT).unwrap();
    output.success().unwrap();
    eprintln!("droid: {:?}", output.elapsed);

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

    // 2. After a failed command droid runs no hook: the raw key reaches the model.
    let failed = server
        .tool_result_for(1)
        .expect("no tool_result for the failing printf");
    assert!(failed.content.contains("exit code: 3"), "{failed:?}");
    assert!(failed.content.contains(&failing_key), "{failed:?}");
    assert!(!failed.content.contains("secrets.aws"), "{failed:?}");

    // 3. A harmless call runs.
    let harmless = server.tool_result_for(2).expect("no tool_result for echo");
    assert!(harmless.content.contains("harmless-ran"), "{harmless:?}");
    assert!(!harmless.is_error, "{harmless:?}");

    // 4. The run stopped before the key's output went anywhere.
    assert_eq!(
        server.turns_served(),
        4,
        "the model was asked again after the key: {}",
        output.stdout
    );
    assert_eq!(server.tool_result_for(3), None);
    assert_no_request_holds(&server, &key);
    let result: Value = serde_json::from_str(output.stdout.trim()).unwrap();
    assert_eq!(result["result"], "", "{result}");
    let id = result["session_id"].as_str().unwrap();
    let kept = std::fs::read_to_string(transcript(&home, id)).unwrap();
    assert!(!kept.contains(&key), "the raw key is in droid's transcript");
    assert!(
        kept.contains("secrets.aws-access-token") && kept.contains(r#"\"continue\":false"#),
        "secret-guard's stop is not in droid's transcript"
    );
}
