//! End to end (issue 15, "Proof"): the mixed session of `common` in the real Gemini CLI
//! (`hookkit_testkit::install_gemini_cli`), both guards registered by
//! `hookkit install --host gemini-cli` in its scratch `HOME` (the session trusts its
//! folder for the run), the audit trail on by default; then `hookkit-audit report`,
//! `replay` and `verify` on the trail.
//!
//! Gemini CLI sends no call id: the report joins each call's records by the key hookkit
//! derives (the digest of the tool's arguments and the call's place in the session).
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

mod common;

use common::{Kit, Mixed, PROMPT};
use hookkit_testkit::{FakeGemini, GeminiSession, install_gemini_cli, skip_e2e};

#[test]
fn a_mixed_gemini_cli_session_has_a_complete_verifiable_trail_without_secrets() {
    if skip_e2e("a_mixed_gemini_cli_session_has_a_complete_verifiable_trail_without_secrets") {
        return;
    }
    let kit = Kit::new();
    let gemini = install_gemini_cli().unwrap();
    let session = GeminiSession::new(&gemini, "http://127.0.0.1:9").unwrap();
    let mixed = Mixed::new(session.home(), session.cwd(), "gemini-cli");
    kit.install(&mixed, &[]);
    kit.preflight(&mixed);

    let server = FakeGemini::start(mixed.script()).unwrap();
    let session = session
        .base_url(server.base_url())
        .env("PATH", mixed.path(&kit));
    let output = session.run(PROMPT).unwrap();
    mixed.check(&kit, &output, server.turns_served());
}
