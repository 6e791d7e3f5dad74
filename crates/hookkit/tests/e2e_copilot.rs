//! End to end: `hookkit install --host copilot-cli` registers both guards for the real
//! GitHub Copilot CLI (`@github/copilot@1.0.102`, installed from the npm registry by
//! `hookkit_testkit::install_copilot_cli`), which then runs them against a scripted model
//! server on 127.0.0.1 (Copilot's Anthropic-format provider, `COPILOT_OFFLINE=true`). One
//! `copilot -p` session in a scratch `HOME` (`COPILOT_HOME` under it) and a scratch working
//! directory Copilot does not trust:
//!
//! 1. the model asks `bash` for `rm -rf <marker folder>`: `command-guard` refuses it
//!    (`files.rm-outside-project`: a person must approve, and Copilot cannot ask from a
//!    hook), Copilot never runs it, the marker survives, and the model receives
//!    `Denied by preToolUse hook: …` with hookkit's reason;
//! 2. the model asks `bash` for a `printf` whose output is a fake GitLab token (joined at
//!    run time from a fixed prefix and a tail generated here; the command holds the two
//!    halves apart): `secret-guard`'s `postToolUse` answer (`decision: "block"`) makes
//!    Copilot put hookkit's notice, with the token masked, in place of the output; the raw
//!    token is in no request the model receives. (A GitHub token would prove nothing:
//!    Copilot CLI 1.0.102 masks `ghp_` tokens in tool output itself, measured.)
//! 3. a harmless `echo` runs.
//!
//! It also checks where `hookkit install` wrote: `$COPILOT_HOME/hooks/hookkit.json`, the
//! user-level hooks folder, which Copilot loads in an untrusted folder (the session's
//! working directory is never trusted here, and a repository hook planted in it does not
//! run, while the user-level guards do).
//!
//! SAFETY: the destructive command is data, handed only to the fake model server; it
//! names a folder inside the scratch `HOME`, reaches only the host inside this test, and
//! `command-guard` must refuse it on its own (fed Copilot's payload on stdin) before the
//! host starts.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use std::path::Path;

use common::{
    TOKEN_HEAD, assert_no_request_holds, hookkit_command, marker_folder, token_printer, token_tail,
};
use hookkit_testkit::{
    CopilotSession, FakeAnthropic, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    copilot_bash_turn, install_copilot_cli, shell_quote, skip_e2e,
};
use serde_json::Value;

const PROMPT: &str = "Run the scripted commands.";

/// Runs `hookkit ARGS` as the person would, in the session's scratch `HOME` and working
/// directory, with the guards' folder first on `PATH`.
fn hookkit(args: &[&str], session: &CopilotSession, bins: &Path) -> std::process::Output {
    hookkit_command(session.home(), session.cwd(), &[bins.to_path_buf()])
        .env("COPILOT_HOME", session.copilot_home())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn hookkit_install_guards_copilot_cli_a_destructive_call_is_refused_and_a_token_withheld() {
    if skip_e2e(
        "hookkit_install_guards_copilot_cli_a_destructive_call_is_refused_and_a_token_withheld",
    ) {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let copilot = install_copilot_cli().unwrap_or_else(|e| panic!("installing Copilot CLI: {e}"));
    let bins = bin_dir(&guards).unwrap();

    // The session first (its scratch paths go into the script), then the server.
    let session = CopilotSession::new(copilot, "http://127.0.0.1:9")
        .unwrap()
        .path_prepend(bins.path());
    let home = session.home().to_path_buf();
    let (marker, destructive) = marker_folder(&home);
    let tail = token_tail();
    let token = format!("{TOKEN_HEAD}{tail}");
    let printer = token_printer(&tail);

    // A repository hook in the (untrusted) working directory: Copilot must skip it.
    let repo_hook_ran = session.cwd().join("repo-hook-ran");
    std::fs::create_dir_all(session.cwd().join(".git")).unwrap();
    std::fs::write(session.cwd().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::create_dir_all(session.cwd().join(".github/hooks")).unwrap();
    std::fs::write(
        session.cwd().join(".github/hooks/probe.json"),
        serde_json::json!({"version": 1, "hooks": {"preToolUse": [{"type": "command",
            "bash": format!("touch {}", shell_quote(&repo_hook_ran.display().to_string())),
            "timeoutSec": 10}]}})
        .to_string(),
    )
    .unwrap();

    // Install, as the person would.
    let out = hookkit(&["install", "--host", "copilot-cli"], &session, bins.path());
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let registration = session.copilot_home().join("hooks/hookkit.json");
    assert!(
        said.contains(&format!(
            "copilot-cli: registered both guards in {}",
            registration.display()
        )),
        "{said}"
    );
    assert!(
        !said.contains("trust"),
        "user-level hooks need no folder trust: {said}"
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&registration).unwrap()).unwrap();
    let first = written["hooks"]["preToolUse"][0]["bash"].as_str().unwrap();
    assert!(
        first.starts_with(&bins.path().join("command-guard").display().to_string()),
        "command-guard first, by absolute path: {written}"
    );

    // Preflight, no host involved: command-guard refuses the destructive call.
    let answer = ask_guard_shell(
        &guards[0],
        "copilot-cli",
        &destructive,
        session.cwd(),
        &home,
    )
    .unwrap();
    assert!(
        answer.block_reason().is_some(),
        "preflight: command-guard did not refuse `{destructive}`; not starting the host. {answer:?}"
    );

    let server = FakeAnthropic::start(vec![
        copilot_bash_turn(destructive.clone()),
        copilot_bash_turn(printer),
        copilot_bash_turn("echo harmless-ran"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = session.base_url(server.base_url());
    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "copilot failed ({}):\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );
    eprintln!("copilot -p: {:?}", output.elapsed);
    assert_eq!(server.turns_served(), 4, "stdout: {}", output.stdout);

    // 1. Refused before it ran.
    assert!(
        marker.exists(),
        "the destructive command ran: {marker:?} is gone"
    );
    let refused = server.tool_result_for(0).expect("no tool_result for rm");
    assert!(
        refused.content.starts_with("Denied by preToolUse hook: "),
        "{refused:?}"
    );
    assert!(refused.content.contains("hookkit"), "{refused:?}");
    assert!(
        refused.content.contains("files.rm-outside-project"),
        "{refused:?}"
    );

    // 2. The token never reached the model; secret-guard's notice took the output's place.
    let withheld = server
        .tool_result_for(1)
        .expect("no tool_result for printf");
    assert!(
        withheld.content.contains("secrets.gitlab-pat"),
        "{withheld:?}"
    );
    assert!(
        withheld
            .content
            .contains("[REDACTED secrets.gitlab-pat glpa…(26 chars)]"),
        "{withheld:?}"
    );
    assert_no_request_holds(&server, &token);

    // 3. A harmless call runs, and only the user-level hooks ran.
    let harmless = server.tool_result_for(2).expect("no tool_result for echo");
    assert!(harmless.content.contains("harmless-ran"), "{harmless:?}");
    assert!(
        !repo_hook_ran.exists(),
        "Copilot ran a repository hook in a folder it does not trust"
    );
}
