//! End to end: the real GitHub Copilot CLI (`@github/copilot@1.0.102`, installed from the
//! npm registry by `hookkit_testkit::install_copilot_cli`) installs hookkit's plugins
//! through its own plugin path, from this repository as a marketplace, and runs their
//! hooks against a scripted model server on 127.0.0.1 (Copilot's Anthropic-format
//! provider, `COPILOT_OFFLINE=true`).
//!
//! - `copilot plugin marketplace add <repository>` accepts the repository: Copilot CLI reads
//!   the root `marketplace.json` (before `.claude-plugin/marketplace.json`), whose entries
//!   need `source`; `copilot plugin marketplace browse hookkit` lists the four plugins;
//! - `copilot plugin install agent-guardrails@hookkit` installs the bundle (its Agent
//!   Plugins `plugin.json` and skills), and Copilot loads its hooks from the generated
//!   `com.github.copilot/hooks/hooks.json`, the only hook file Copilot CLI 1.0.102 reads
//!   from such a plugin (without it the plugin installs and no hook runs: measured with a
//!   copy lacking the folder);
//! - in a `copilot -p` session, `rm -rf <marker folder>` and a secret fetch (`aws
//!   secretsmanager get-secret-value`) never run and the model receives hookkit's reason;
//!   a harmless command runs.
//!
//! The marketplace is a copy of the repository's marketplace files and `plugins/` in a
//! scratch folder (Copilot loads a local marketplace's plugins live from it, so nothing of
//! the checkout is handed to the host). The guards are built by the test
//! (`hookkit_testkit::build_workspace_bins`) and put on the host's `PATH` through a folder
//! holding only them: the generated hooks run them by name.
//!
//! SAFETY: the destructive command is data, handed only to the fake model server; it names
//! a folder inside the scratch `HOME`, and reaches only the host inside this test, whose
//! `HOME` (`COPILOT_HOME` under it) and working directory are fresh temporary directories.
//! Before the host starts, each guard must refuse its command when fed Copilot's payload on
//! stdin. `aws` on the host's `PATH` is a stand-in that only records that it ran.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{
    CopilotSession, FakeAnthropic, Turn, ask_guard_shell, bin_dir, build_workspace_bins,
    copilot_bash_turn, copy_tree, install_copilot_cli, secret_fetch_command, shell_quote, skip_e2e,
    write_standin,
};

const PROMPT: &str = "Run the scripted commands.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// Feeds `guard --host copilot-cli` Copilot's `preToolUse` payload for a `bash` call of
/// `command` and panics unless it refuses it with a reason.
fn preflight_blocks(guard: &Path, command: &str, cwd: &Path, home: &Path) {
    let answer = ask_guard_shell(guard, "copilot-cli", command, cwd, home).unwrap();
    assert!(
        answer.block_reason().is_some(),
        "preflight: {} did not refuse `{command}`; not starting the host. {answer:?}",
        guard.display()
    );
}

#[test]
fn copilot_installs_the_repository_marketplace_and_the_plugin_hooks_block_dangerous_calls() {
    if skip_e2e(
        "copilot_installs_the_repository_marketplace_and_the_plugin_hooks_block_dangerous_calls",
    ) {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let copilot = install_copilot_cli().unwrap_or_else(|e| panic!("installing Copilot CLI: {e}"));
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();

    // The marketplace: the repository's marketplace files and plugins, copied.
    let market = tempfile::Builder::new()
        .prefix("hookkit-e2e-market-")
        .tempdir()
        .unwrap();
    let root = repo_root();
    std::fs::copy(
        root.join("marketplace.json"),
        market.path().join("marketplace.json"),
    )
    .unwrap();
    for dir in [".claude-plugin", ".agents", ".cursor-plugin", "plugins"] {
        copy_tree(&root.join(dir), &market.path().join(dir)).unwrap();
    }

    let session = CopilotSession::new(copilot, "http://127.0.0.1:9")
        .unwrap()
        .path_prepend(bins.path())
        .path_prepend(standins.path());
    let home = session.home().to_path_buf();
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    let aws_ran = session.cwd().join("aws-ran.txt");
    write_standin(standins.path(), "aws", &aws_ran).unwrap();

    // Copilot's own plugin path.
    let added = session
        .checked([
            "plugin".as_ref(),
            "marketplace".as_ref(),
            "add".as_ref(),
            market.path().as_os_str(),
        ])
        .unwrap_or_else(|e| panic!("copilot plugin marketplace add: {e}"));
    assert!(
        added.stdout.contains("Marketplace \"hookkit\" added"),
        "{added:?}"
    );
    let browse = session
        .checked(["plugin", "marketplace", "browse", "hookkit"])
        .unwrap();
    for plugin in [
        "agent-guardrails",
        "command-guard",
        "secret-guard",
        "skill-authoring",
    ] {
        assert!(browse.stdout.contains(plugin), "{}", browse.stdout);
    }
    let installed = session
        .checked(["plugin", "install", "agent-guardrails@hookkit"])
        .unwrap_or_else(|e| panic!("copilot plugin install: {e}"));
    assert!(
        installed
            .stdout
            .contains("Plugin \"agent-guardrails\" installed"),
        "{installed:?}"
    );
    let list = session.checked(["plugin", "list"]).unwrap();
    assert!(
        list.stdout
            .contains("agent-guardrails@hookkit (v0.1.0) (enabled)"),
        "{}",
        list.stdout
    );

    // The calls, and the preflight: each guard refuses its call on its own.
    let marker_dir = home.join("keep-me");
    std::fs::create_dir_all(&marker_dir).unwrap();
    let marker = marker_dir.join("marker.txt");
    std::fs::write(&marker, "hookkit e2e marker\n").unwrap();
    let destructive = ["rm", "-rf", &shell_quote(&marker_dir.display().to_string())].join(" ");
    let fetch = secret_fetch_command("prod/db");
    preflight_blocks(&guards[0], &destructive, session.cwd(), &home);
    preflight_blocks(&guards[1], &fetch, session.cwd(), &home);

    let server = FakeAnthropic::start(vec![
        copilot_bash_turn("command -v aws"),
        copilot_bash_turn(destructive.clone()),
        copilot_bash_turn(fetch),
        copilot_bash_turn("touch ran-harmless && echo ok"),
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
    assert_eq!(server.turns_served(), 5, "stdout: {}", output.stdout);

    let probe = server.tool_result_for(0).expect("no result for the probe");
    assert!(
        probe
            .content
            .contains(&standins.path().join("aws").display().to_string()),
        "the stand-in `aws` is not first on the host's PATH: {probe:?}"
    );

    assert!(
        marker.exists(),
        "the destructive command ran: {marker:?} is gone"
    );
    let refused = server.tool_result_for(1).expect("no result for rm");
    assert!(
        refused.content.starts_with("Denied by preToolUse hook: "),
        "{refused:?}"
    );
    assert!(refused.content.contains("hookkit"), "{refused:?}");

    assert!(!aws_ran.exists(), "the secret fetch ran the stand-in `aws`");
    let secret = server.tool_result_for(2).expect("no result for aws");
    assert!(
        secret.content.starts_with("Denied by preToolUse hook: "),
        "{secret:?}"
    );
    assert!(secret.content.contains("secret-guard"), "{secret:?}");

    assert!(
        session.cwd().join("ran-harmless").exists(),
        "the harmless command did not run"
    );
    let harmless = server.tool_result_for(3).expect("no result for touch");
    assert!(harmless.content.contains("ok"), "{harmless:?}");
}
