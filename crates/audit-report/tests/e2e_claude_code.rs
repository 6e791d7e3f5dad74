//! End to end (issue 15, "Proof"): the mixed session of `common` in the real Claude Code
//! CLI (`hookkit_testkit::install_claude_code`), both guards registered by
//! `hookkit install --host claude-code` in its scratch `HOME`, the audit trail on by
//! default; then `hookkit-audit report`, `replay` and `verify` on the trail.
//!
//! Claude Code asks a person before the destructive delete (hookkit's `ask`); `claude -p`
//! has no one to ask, refuses it, and runs no hook for the refusal.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).

mod common;

use common::{Kit, Mixed, PROMPT};
use hookkit_testkit::{ClaudeSession, FakeAnthropic, install_claude_code, skip_e2e};

#[test]
fn a_mixed_claude_code_session_has_a_complete_verifiable_trail_without_secrets() {
    if skip_e2e("a_mixed_claude_code_session_has_a_complete_verifiable_trail_without_secrets") {
        return;
    }
    let kit = Kit::new();
    let claude = install_claude_code().unwrap();
    let session = ClaudeSession::new(&claude, "http://127.0.0.1:9").unwrap();
    let mixed = Mixed::new(session.home(), session.cwd(), "claude-code");
    kit.install(&mixed, &[]);
    kit.preflight(&mixed);

    let server = FakeAnthropic::start(mixed.script()).unwrap();
    let session = session
        .base_url(server.base_url())
        .allowed_tools("Bash,Read,Write")
        .env("PATH", mixed.path(&kit));
    let output = session.run(PROMPT).unwrap();
    mixed.check(&kit, &output, server.turns_served());
}
