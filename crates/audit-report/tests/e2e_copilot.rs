//! End to end (issue 15, "Proof"): the mixed session of `common` in the real GitHub
//! Copilot CLI (`hookkit_testkit::install_copilot_cli`), both guards registered by
//! `hookkit install --host copilot-cli` in its scratch `COPILOT_HOME`, the audit trail on
//! by default; then `hookkit-audit report`, `replay` and `verify` on the trail.
//!
//! Copilot CLI sends no call id: the report joins each call's records by the key hookkit
//! derives (the digest of the tool's arguments and the call's place in the session). Its
//! failed `view` is reported on `postToolUseFailure` alone.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

mod common;

use common::{Kit, Mixed, PROMPT};
use hookkit_testkit::{CopilotSession, FakeAnthropic, install_copilot_cli, skip_e2e};

#[test]
fn a_mixed_copilot_cli_session_has_a_complete_verifiable_trail_without_secrets() {
    if skip_e2e("a_mixed_copilot_cli_session_has_a_complete_verifiable_trail_without_secrets") {
        return;
    }
    let kit = Kit::new();
    let copilot = install_copilot_cli().unwrap();
    let session = CopilotSession::new(&copilot, "http://127.0.0.1:9").unwrap();
    let mixed = Mixed::new(session.home(), session.cwd(), "copilot-cli");
    kit.install(&mixed, &[("COPILOT_HOME", &session.copilot_home())]);
    kit.preflight(&mixed);

    let server = FakeAnthropic::start(mixed.script()).unwrap();
    let session = session
        .base_url(server.base_url())
        .env("PATH", mixed.path(&kit));
    let output = session.run(PROMPT).unwrap();
    mixed.check(&kit, &output, server.turns_served());
}
