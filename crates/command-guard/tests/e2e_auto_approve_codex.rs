//! End to end, auto-approval on Codex: the real Codex CLI (`@openai/codex` from the npm
//! registry) with the GENERATED `plugins/agent-guardrails` Codex hooks (command-guard on
//! `PreToolUse` and `PermissionRequest`, secret-guard before and after), `auto_approve =
//! true` in the configuration `$HOOKKIT_CONFIG` names, and `codex exec --approve-for-me`.
//! Every scripted command asks to run outside Codex's sandbox
//! (`sandbox_permissions: "require_escalated"`, as a model does for a command that needs
//! the network or files outside the workspace), so Codex asks for approval: such a command
//! runs only when a `PermissionRequest` hook allows it (or Codex's automatic review does,
//! which never happens here; see below). The scripted model runs, in one session:
//!
//! 0. `sort notes.txt` (a read) → approved, it runs;
//! 1. `uniq notes.txt`, which the person's own Codex rule forbids (`prefix_rule(pattern =
//!    ["uniq"], decision = "forbidden")` in `$CODEX_HOME/rules/`) → still refused: a
//!    hook's allow does not override the person's rules (without the rule it runs);
//! 2. `touch made.txt` (allowed by the profile, but not a read) → not approved: Codex's
//!    own approval path refuses it.
//!
//! Codex 0.169's `exec` asks nobody unless `--approve-for-me` routes approvals to its
//! automatic review, which runs after the `PermissionRequest` hooks and only when none
//! decided. That review is itself a request to the fake model server, whose answer is no
//! valid assessment, so Codex refuses the call: what ran, ran on hookkit's approval.
//!
//! A second session without `auto_approve` shows the read was run by the approval: the
//! same `sort notes.txt` is refused.
//!
//! Everything runs with a scratch `HOME`, `CODEX_HOME` and working directory.
//! `HOOKKIT_SKIP_E2E=1` skips this test (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};

use hookkit_testkit::{CodexSession, FakeOpenAi, Guardrails, Turn, install_codex, skip_e2e};
use serde_json::json;

/// A Codex `exec_command` call of `cmd` that asks to run outside the sandbox.
fn escalated(cmd: &str) -> Turn {
    Turn::ToolUse {
        name: "exec_command".to_owned(),
        input: json!({
            "cmd": cmd,
            "login": false,
            "sandbox_permissions": "require_escalated",
            "justification": "The scripted step needs to run outside the sandbox.",
        }),
    }
}

/// A session whose hooks read `config`, with the bundle's Codex hooks registered and the
/// person's rule forbidding `uniq`.
fn new_session(codex: &Path, guarded: &Guardrails, base_url: &str, config: &str) -> CodexSession {
    let session = CodexSession::new(codex, base_url)
        .unwrap()
        .env("PATH", guarded.path());
    let hooks = guarded.bundle().join("com.openai.codex/hooks/hooks.json");
    session.install_hooks_json(&[&hooks]).unwrap();
    let rules = session.codex_home().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("default.rules"),
        "prefix_rule(pattern = [\"uniq\"], decision = \"forbidden\")\n",
    )
    .unwrap();
    let file = session.home().join("hookkit.toml");
    std::fs::write(&file, config).unwrap();
    std::fs::write(session.cwd().join("notes.txt"), "zebra\napple\n").unwrap();
    session.env("HOOKKIT_CONFIG", file)
}

/// `codex exec`, asking for approval when a command asks to leave the sandbox.
fn run(session: &CodexSession) -> hookkit_testkit::SessionOutput {
    session
        .command([
            "exec",
            "--dangerously-bypass-hook-trust",
            "--skip-git-repo-check",
            "--approve-for-me",
            "Run the scripted steps.",
        ])
        .unwrap()
}

#[test]
fn codex_runs_approved_reads_without_a_person_and_keeps_its_own_rules() {
    if skip_e2e("codex_runs_approved_reads_without_a_person_and_keeps_its_own_rules") {
        return;
    }
    let codex: PathBuf = install_codex().unwrap();
    let guarded = Guardrails::new().unwrap();
    let server = FakeOpenAi::start(vec![
        escalated("sort notes.txt"),
        escalated("uniq notes.txt"),
        escalated("touch made.txt"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = new_session(
        &codex,
        &guarded,
        &server.base_url(),
        "auto_approve = true\n",
    );
    let output = run(&session);
    let result = |turn: usize| {
        server.function_output_for(turn).unwrap_or_else(|| {
            panic!(
                "no output for call {turn}:\n{}\n{}",
                output.stdout, output.stderr
            )
        })
    };
    let sort = result(0);
    assert!(
        sort.contains("apple\nzebra"),
        "the read did not run: {sort}"
    );
    let touch = result(2);
    assert!(
        !session.cwd().join("made.txt").exists(),
        "a change was approved: {touch}"
    );
    assert!(touch.contains("Rejected"), "{touch}");
    let uniq = result(1);
    assert!(
        uniq.contains("policy forbids commands starting with `uniq`"),
        "the person's forbidden rule was overridden: {uniq}"
    );

    // Without auto_approve, the same read waits for a person, whom exec does not have.
    let server = FakeOpenAi::start(vec![escalated("sort notes.txt"), Turn::text("Done.")]).unwrap();
    let session = new_session(
        &codex,
        &guarded,
        &server.base_url(),
        "auto_approve = false\n",
    );
    let output = run(&session);
    let sort = server.function_output_for(0).unwrap_or_else(|| {
        panic!(
            "no output for the read:\n{}\n{}",
            output.stdout, output.stderr
        )
    });
    assert!(
        !sort.contains("apple\nzebra"),
        "ran without approval: {sort}"
    );
    assert!(sort.contains("Rejected"), "{sort}");
}
