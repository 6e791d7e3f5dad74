//! End to end: the real Gemini CLI (`@google/gemini-cli@0.61.0`, installed from the npm
//! registry by `hookkit_testkit::install_gemini_cli`) with the generated `command-guard`
//! and `secret-guard` extensions installed by `gemini extensions install
//! plugins/<p>/com.google.gemini-cli --consent` (with `GEMINI_CLI_TRUST_WORKSPACE=true`),
//! against a scripted Gemini API server on 127.0.0.1: a destructive command (`rm -rf ~`)
//! and a secret fetch never run and the model receives hookkit's reason; a harmless
//! command runs.
//!
//! The guard binaries are built by the test (`hookkit_testkit::build_workspace_bins`) and
//! put on the host's `PATH` through a directory holding only them.
//!
//! SAFETY: the destructive command is data, assembled here and handed only to the fake
//! model server; it reaches only the host inside this test, whose `HOME` and working
//! directory are fresh temporary directories. Before the host starts, each guard must deny
//! its command when fed a Gemini BeforeTool payload on stdin. `aws` on the host's `PATH`
//! is a stand-in that only records that it ran.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    FakeGemini, GeminiSession, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    destructive_command, gemini_shell_turn, install_gemini_cli, secret_fetch_command, skip_e2e,
    write_standin,
};

const PROMPT: &str = "Run the scripted commands.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// Feeds `guard --host gemini-cli` a BeforeTool payload for a `run_shell_command` call of
/// `command` (captured shape: hookkit_testkit::shell_payload) and panics unless it answers
/// `decision: "deny"` with a reason.
fn preflight_blocks(guard: &Path, command: &str, cwd: &Path, home: &Path) {
    let answer = ask_guard_shell(guard, "gemini-cli", command, cwd, home).unwrap();
    let json_deny = answer.json().is_some_and(|v| v["decision"] == "deny");
    assert!(
        json_deny && answer.block_reason().is_some(),
        "preflight: {} did not deny; not starting the host. {answer:?}",
        guard.display()
    );
}

#[test]
fn gemini_extensions_block_dangerous_calls_and_let_harmless_run() {
    if skip_e2e("gemini_extensions_block_dangerous_calls_and_let_harmless_run") {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let gemini = install_gemini_cli().unwrap_or_else(|e| panic!("installing Gemini CLI: {e}"));
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();
    let server = FakeGemini::start(vec![
        gemini_shell_turn("command -v aws"),
        gemini_shell_turn(destructive_command()),
        gemini_shell_turn(secret_fetch_command("x")),
        gemini_shell_turn("touch ran-harmless && echo ok"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = GeminiSession::new(gemini, server.base_url())
        .unwrap()
        .path_prepend(bins.path())
        .path_prepend(standins.path());
    let home = session.home();
    let keep = home.join("keep-me.txt");
    std::fs::write(&keep, "hookkit e2e marker\n").unwrap();
    let aws_ran = session.cwd().join("aws-ran.txt");
    let aws = write_standin(standins.path(), "aws", &aws_ran).unwrap();
    for plugin in ["command-guard", "secret-guard"] {
        let dir = repo_root()
            .join("plugins")
            .join(plugin)
            .join("com.google.gemini-cli");
        session
            .install_extension(&dir)
            .unwrap_or_else(|e| panic!("installing the {plugin} extension: {e}"));
    }
    let list = session.command(["extensions", "list"]).unwrap();
    let listed = format!("{}{}", list.stdout, list.stderr);
    for plugin in ["command-guard", "secret-guard"] {
        assert!(listed.contains(&format!("{plugin} (0.1.0)")), "{listed}");
    }

    // Safety preconditions: scratch HOME, and each guard blocks its command on its own.
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    preflight_blocks(&guards[0], &destructive_command(), session.cwd(), home);
    preflight_blocks(&guards[1], &secret_fetch_command("x"), session.cwd(), home);

    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "gemini failed ({}):\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );
    eprintln!("gemini -p: {:?}", output.elapsed);

    let probe = server
        .function_response_for(0)
        .expect("no response for the probe");
    assert!(
        probe.contains(&aws.to_string_lossy().into_owned()),
        "{probe}"
    );

    assert!(
        keep.exists(),
        "the destructive command ran: {} is gone",
        keep.display()
    );
    let destructive = server.function_response_for(1).expect("no response for rm");
    assert!(destructive.contains("hookkit"), "{destructive}");
    assert!(destructive.contains("blocked"), "{destructive}");

    assert!(!aws_ran.exists(), "the secret fetch ran the stand-in `aws`");
    let secret = server
        .function_response_for(2)
        .expect("no response for aws");
    assert!(secret.contains("hookkit"), "{secret}");
    assert!(secret.contains("blocked"), "{secret}");

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the harmless command did not run"
    );
    let harmless = server
        .function_response_for(3)
        .expect("no response for touch");
    assert!(harmless.contains("ok"), "{harmless}");
    assert_eq!(server.turns_served(), 5);
}
