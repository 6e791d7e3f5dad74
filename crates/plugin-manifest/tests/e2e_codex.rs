//! End to end: the real Codex CLI (`@openai/codex@0.169.0`, installed from the npm registry
//! by `hookkit_testkit::install_codex`) with the generated `command-guard` and
//! `secret-guard` bundles, against a scripted Responses API server on 127.0.0.1.
//!
//! - the bundles' Codex manifests load: `codex plugin marketplace add` reads
//!   `.agents/plugins/marketplace.json`, `codex plugin add` installs, `codex plugin list`
//!   shows them;
//! - with the bundles' generated `com.openai.codex/hooks/hooks.json` registered as
//!   `$CODEX_HOME/hooks.json`,
//!   a destructive command (`rm -rf ~`) and a secret fetch (`aws secretsmanager
//!   get-secret-value`) never run and the model receives hookkit's reason; a harmless
//!   command runs;
//! - the same through `codex plugin add`: Codex 0.169.0 reads a plugin root's Agent Plugins
//!   `plugin.json` before `.codex-plugin/plugin.json` and then loads no hooks, so the Codex
//!   marketplace points at each bundle's Codex-only root `plugins/<p>/com.openai.codex/`
//!   (no `plugin.json` there; `.codex-plugin/plugin.json` without `hooks`; Codex's default
//!   `hooks/hooks.json`).
//!
//! The guard binaries are built by the test (`hookkit_testkit::build_workspace_bins`: a
//! nested `cargo build -p command-guard -p secret-guard` with the same target dir) and put
//! on the host's `PATH` through a directory holding only them, which is what the generated
//! hook commands (`command -v command-guard`) look up.
//!
//! SAFETY: the destructive command is data, assembled here and handed only to the fake
//! model server; it reaches only the host inside this test, whose `HOME`, `CODEX_HOME` and
//! working directory are fresh temporary directories. Before the host starts, each guard
//! must deny its command when fed a Codex PreToolUse payload on stdin (no shell involved).
//! `aws` on the host's `PATH` is a stand-in that only records that it ran.
//!
//! `HOOKKIT_SKIP_E2E=1` skips these tests with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    CodexSession, FakeOpenAi, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    codex_exec_turn, copy_tree, destructive_command, install_codex, secret_fetch_command, skip_e2e,
    write_standin,
};

const PROMPT: &str = "Run the scripted commands.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn codex() -> PathBuf {
    install_codex().unwrap_or_else(|e| panic!("installing Codex: {e}"))
}

/// `[command-guard, secret-guard]`, freshly built.
fn guards() -> Vec<PathBuf> {
    build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"))
}

/// Feeds `guard --host codex` a Codex PreToolUse payload for a shell call of `command` (captured
/// shape: hookkit_testkit::shell_payload) and returns the reason it blocks with, or panics
/// when it does not block (JSON deny with a reason, or exit 2 with a message on stderr).
fn preflight_blocks(guard: &Path, command: &str, cwd: &Path, home: &Path) -> String {
    let answer = ask_guard_shell(guard, "codex", command, cwd, home).unwrap();
    answer.block_reason().unwrap_or_else(|| {
        panic!(
            "preflight: {} did not block; not starting the host. {answer:?}",
            guard.display()
        )
    })
}

#[test]
fn codex_hooks_json_from_the_bundles_blocks_dangerous_calls_and_lets_harmless_run() {
    if skip_e2e("codex_hooks_json_from_the_bundles_blocks_dangerous_calls_and_lets_harmless_run") {
        return;
    }
    let guards = guards();
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();
    let server = FakeOpenAi::start(vec![
        codex_exec_turn("command -v aws"),
        codex_exec_turn(destructive_command()),
        codex_exec_turn(secret_fetch_command("x")),
        codex_exec_turn("touch ran-harmless && echo ok"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = CodexSession::new(codex(), &server.base_url())
        .unwrap()
        .path_prepend(bins.path())
        .path_prepend(standins.path());
    let home = session.home();
    let keep = home.join("keep-me.txt");
    std::fs::write(&keep, "hookkit e2e marker\n").unwrap();
    let aws_ran = session.cwd().join("aws-ran.txt");
    let aws = write_standin(standins.path(), "aws", &aws_ran).unwrap();
    let plugins = repo_root().join("plugins");
    session
        .install_hooks_json(&[
            &plugins.join("command-guard/com.openai.codex/hooks/hooks.json"),
            &plugins.join("secret-guard/com.openai.codex/hooks/hooks.json"),
        ])
        .unwrap();

    // Safety preconditions: scratch HOME, and each guard blocks its command on its own.
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    preflight_blocks(&guards[0], &destructive_command(), session.cwd(), home);
    preflight_blocks(&guards[1], &secret_fetch_command("x"), session.cwd(), home);

    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "codex exec failed ({}):\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );
    eprintln!("codex exec: {:?}", output.elapsed);

    // The probe shows `aws` would have reached the stand-in.
    let probe = server
        .function_output_for(0)
        .expect("no output for the probe");
    assert!(
        probe.contains(&aws.to_string_lossy().into_owned()),
        "{probe}"
    );

    assert!(
        keep.exists(),
        "the destructive command ran: {} is gone",
        keep.display()
    );
    let destructive = server.function_output_for(1).expect("no output for rm");
    assert!(destructive.contains("hookkit"), "{destructive}");
    assert!(destructive.contains("blocked"), "{destructive}");

    assert!(!aws_ran.exists(), "the secret fetch ran the stand-in `aws`");
    let secret = server.function_output_for(2).expect("no output for aws");
    assert!(secret.contains("hookkit"), "{secret}");
    assert!(secret.contains("blocked"), "{secret}");

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the harmless command did not run"
    );
    let harmless = server.function_output_for(3).expect("no output for touch");
    assert!(harmless.contains("ok"), "{harmless}");
    assert_eq!(server.turns_served(), 5);
}

/// Copies the repository's Codex marketplace and bundles into a scratch directory, adds it
/// with `codex plugin marketplace add`, and installs `command-guard` and `secret-guard`.
fn install_bundles(session: &CodexSession) -> tempfile::TempDir {
    let market = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join(".agents"), &market.path().join(".agents")).unwrap();
    copy_tree(&repo_root().join("plugins"), &market.path().join("plugins")).unwrap();
    let add = session
        .command([
            "plugin".as_ref(),
            "marketplace".as_ref(),
            "add".as_ref(),
            market.path().as_os_str(),
        ])
        .unwrap();
    assert!(
        add.status.success(),
        "marketplace add: {}\n{}",
        add.stdout,
        add.stderr
    );
    for plugin in ["command-guard@hookkit", "secret-guard@hookkit"] {
        let out = session.command(["plugin", "add", plugin]).unwrap();
        assert!(
            out.status.success(),
            "plugin add {plugin}: {}\n{}",
            out.stdout,
            out.stderr
        );
    }
    market
}

#[test]
fn codex_plugin_list_shows_the_generated_bundles() {
    if skip_e2e("codex_plugin_list_shows_the_generated_bundles") {
        return;
    }
    let server = FakeOpenAi::start(Vec::new()).unwrap();
    let session = CodexSession::new(codex(), &server.base_url()).unwrap();
    let _market = install_bundles(&session);
    let list = session.command(["plugin", "list"]).unwrap();
    assert!(list.status.success(), "{}\n{}", list.stdout, list.stderr);
    for plugin in [
        "agent-guardrails",
        "command-guard",
        "secret-guard",
        "skill-authoring",
    ] {
        let line = list
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{plugin}@hookkit ")))
            .unwrap_or_else(|| panic!("{plugin} not listed:\n{}", list.stdout));
        let installed = matches!(plugin, "command-guard" | "secret-guard");
        assert_eq!(line.contains("installed, enabled"), installed, "{line}");
        if installed {
            assert!(line.contains(" 0.1.0 "), "{line}");
        }
    }
    // Nothing was sent to the model.
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn codex_runs_the_hooks_of_a_bundle_installed_with_plugin_add() {
    if skip_e2e("codex_runs_the_hooks_of_a_bundle_installed_with_plugin_add") {
        return;
    }
    let guards = guards();
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();
    let server = FakeOpenAi::start(vec![
        codex_exec_turn(secret_fetch_command("x")),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = CodexSession::new(codex(), &server.base_url())
        .unwrap()
        .path_prepend(bins.path())
        .path_prepend(standins.path());
    let aws_ran = session.cwd().join("aws-ran.txt");
    write_standin(standins.path(), "aws", &aws_ran).unwrap();
    let _market = install_bundles(&session);
    preflight_blocks(
        &guards[1],
        &secret_fetch_command("x"),
        session.cwd(),
        session.home(),
    );

    let output = session.run(PROMPT).unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    assert!(
        !aws_ran.exists(),
        "the plugin's hooks did not run: the stand-in `aws` ran"
    );
    let secret = server.function_output_for(0).expect("no output for aws");
    assert!(secret.contains("hookkit"), "{secret}");
}
