//! End to end (issue 15, "Proof"): the mixed session of `common` in the real Codex CLI
//! (`hookkit_testkit::install_codex`), both guards registered by
//! `hookkit install --host codex` in its scratch `CODEX_HOME` (`codex exec
//! --dangerously-bypass-hook-trust` stands in for the person's hook review), the audit
//! trail on by default; then `hookkit-audit report`, `replay` and `verify` on the trail.
//!
//! Codex has no file-read tool (the notes are read with `cat`) and writes files with
//! `apply_patch`; it sends no description, so each call's purpose is its masked command,
//! and no exit status, which the trail takes from Codex's transcript.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

mod common;

use common::{Kit, Mixed, PROMPT};
use hookkit_testkit::{CodexSession, FakeOpenAi, install_codex, skip_e2e};

#[test]
fn a_mixed_codex_session_has_a_complete_verifiable_trail_without_secrets() {
    if skip_e2e("a_mixed_codex_session_has_a_complete_verifiable_trail_without_secrets") {
        return;
    }
    let kit = Kit::new();
    let codex = install_codex().unwrap();
    let session = CodexSession::new(&codex, "http://127.0.0.1:9/v1").unwrap();
    let mixed = Mixed::new(session.home(), session.cwd(), "codex");
    kit.install(&mixed, &[("CODEX_HOME", session.codex_home())]);
    kit.preflight(&mixed);

    let server = FakeOpenAi::start(mixed.script()).unwrap();
    let session = session
        .base_url(&server.base_url())
        .unwrap()
        .env("PATH", mixed.path(&kit));
    let output = session.run(PROMPT).unwrap();
    mixed.check(&kit, &output, server.turns_served());
}
