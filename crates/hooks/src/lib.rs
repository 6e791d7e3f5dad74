//! hookkit-hooks: the wire protocols of the agent hosts that run hookkit's guards.
//!
//! A host runs a hook with one JSON payload on stdin and acts on its stdout and exit
//! code. This crate turns the payload into a host-neutral
//! [`ToolCall`](hookkit_policy::ToolCall) ([`parse`], [`detect`]) and a
//! [`Decision`](hookkit_policy::Decision) into the host's answer ([`render()`], from one
//! table, [`render::row`]). [`run`] does both around a guard and turns every failure
//! into the configured `on_error` decision, so that a hook never fails open by accident.
//!
//! Hosts: Claude Code, Codex, Cursor, Gemini CLI, Copilot CLI, Qwen Code, Factory droid,
//! and opencode and its fork Kilo CLI through hookkit's plugin (`hooks/opencode/hookkit.js`).
//! What they send and what they do with an answer was measured on the real CLIs
//! (shared/hosts/README.md; Qwen Code and Factory droid: hooks/README.md; opencode:
//! `tests/fixtures/opencode/`); that measurement wins over their documentation wherever
//! the two disagree. See the crate README for the table and the sources.
//!
//! ```
//! use hookkit_hooks::{RunSettings, run};
//! use hookkit_policy::{Decision, Host, Verdict};
//!
//! let payload = br#"{"session_id":"s","turn_id":"t","cwd":"/w","hook_event_name":"PreToolUse",
//!   "model":"m","permission_mode":"default","tool_name":"Bash",
//!   "tool_input":{"command":"rm -rf /"},"tool_use_id":"c"}"#;
//! let answer = run(Some(Host::Codex), payload, &RunSettings::default(), |_call| {
//!     Ok(Decision { verdict: Verdict::Deny, reason: "no".into(), ..Decision::allow() })
//! });
//! assert_eq!(answer.exit_code, 0);
//! assert!(answer.stdout.contains(r#""permissionDecision":"deny""#));
//! ```

mod contain;
mod detect;
mod error;
mod guard;
mod hosts;
mod parse;
mod peek;
mod read_most;
pub mod render;
mod run;
pub mod withhold;

pub use contain::Containment;
pub use detect::detect;
pub use error::HookError;
pub use guard::run_guard;
pub use parse::{decode, parse, parse_value};
pub use read_most::{MAPPED_FROM, ReadBytes, read_most};
pub use render::{Rendered, Target, render};
pub use run::{
    DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_OUTPUT_BYTES, GuardError, Outcome, RunSettings, check,
    install_quiet_panic_hook, read_bounded, read_stdin_bounded, run, run_stdin,
};
