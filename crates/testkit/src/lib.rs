//! hookkit's end-to-end test harness: drive a real agent host against a scripted model.
//!
//! - [`FakeAnthropic`]: an Anthropic Messages API server on `127.0.0.1:<ephemeral>` that
//!   answers main-loop requests from a script of [`Turn`]s and records every request.
//! - [`install_claude_code`]: installs `@anthropic-ai/claude-code@2.1.328` from the npm
//!   registry under `target/e2e-hosts/` (once, under a lock) and returns `claude`'s path.
//! - [`ClaudeSession`]: one `claude -p` run with a scratch `HOME`, a scratch working
//!   directory, a cleared environment and a hard timeout.
//! - [`FakeOpenAi`] / [`install_codex`] / [`CodexSession`]: the same for Codex 0.169.0
//!   (OpenAI Responses API); [`FakeGemini`] / [`install_gemini_cli`] / [`GeminiSession`]:
//!   for Gemini CLI 0.61.0 (Gemini API); [`install_copilot_cli`] / [`CopilotSession`]: for
//!   GitHub Copilot CLI 1.0.102, whose Anthropic-format provider talks to [`FakeAnthropic`];
//!   [`install_qwen_code`] / [`QwenSession`]: for Qwen Code 0.24.4 (`--auth-type
//!   anthropic`, against [`FakeAnthropic`] too); [`install_factory_droid`] /
//!   [`DroidSession`]: for Factory droid 0.225.2 (a BYOK Anthropic-format model, against
//!   [`FakeAnthropic`] too);
//!   [`FakeChat`] / [`install_opencode`] / [`OpencodeSession`]: for opencode 1.18.33
//!   (OpenAI Chat Completions API, through its OpenAI-compatible provider), and
//!   [`install_kilo`] / [`OpencodeSession::kilo`] for its fork Kilo CLI 7.7.7.
//! - [`build_workspace_bins`] / [`bin_dir`]: build hookkit's hook binaries from a test of
//!   another package and put exactly them on a host's `PATH`; [`scratch_home`]: run one
//!   with a scratch home and state directory.
//! - [`pretooluse_plugin`] / [`command_guard_plugin`]: throwaway plugins registering a
//!   `PreToolUse` hook, loaded with `--plugin-dir`.
//! - [`run_with_closed_stdout`]: a binary whose stdout reader has gone away (`… | head`).
//!
//! A typical test:
//!
//! ```no_run
//! use hookkit_testkit::{ClaudeSession, FakeAnthropic, Turn, install_claude_code};
//! # fn main() -> Result<(), hookkit_testkit::Error> {
//! let claude = install_claude_code()?;
//! let server = FakeAnthropic::start(vec![Turn::bash("echo ok"), Turn::text("done")])?;
//! let session = ClaudeSession::new(claude, server.base_url())?;
//! let output = session.run("run the command")?;
//! assert!(output.status.success());
//! assert_eq!(server.tool_result_for(0).map(|r| r.content), Some("ok".to_owned()));
//! # Ok(())
//! # }
//! ```
//!
//! How the host was driven offline, and what it sends, is recorded in
//! `/work/shared/hosts/README.md`.

mod chat;
mod codex;
mod copilot;
mod droid;
mod error;
mod files;
mod gemini;
mod guards;
mod install;
mod mcp;
mod npm;
mod opencode;
mod plugin;
mod preflight;
mod process;
mod qwen;
mod scripted;
mod server;
mod session;

pub use chat::{FakeChat, chat_call_id};
pub use codex::{
    CODEX_KEY_ENV, CODEX_MODEL, CODEX_PACKAGE, CODEX_TIMEOUT, CODEX_VERSION, CodexSession,
    FakeOpenAi, codex_call_id, codex_exec_turn, codex_patch_turn, install_codex,
};
pub use copilot::{
    COPILOT_CLI_PACKAGE, COPILOT_CLI_VERSION, COPILOT_MODEL, COPILOT_TIMEOUT, CopilotSession,
    copilot_bash_turn, install_copilot_cli,
};
pub use droid::{
    DroidSession, FACTORY_DROID_MODEL, FACTORY_DROID_PACKAGE, FACTORY_DROID_TIMEOUT,
    FACTORY_DROID_VERSION, droid_execute_turn, install_factory_droid,
};
pub use files::{copy_tree, write_standin};
pub use gemini::{
    FakeGemini, GEMINI_CLI_PACKAGE, GEMINI_CLI_VERSION, GEMINI_MODEL, GEMINI_TIMEOUT,
    GeminiSession, gemini_call_id, gemini_shell_turn, install_gemini_cli,
};
pub use guards::{GUARD_BUILD_TIMEOUT, Guardrails, bin_dir, build_workspace_bins, scratch_home};
pub use mcp::FakeAwsMcp;
pub use scripted::HttpExchange;

pub use error::{Error, Result};
pub use install::{
    CLAUDE_CODE_PACKAGE, CLAUDE_CODE_VERSION, NPM_INSTALL_TIMEOUT, SKIP_ENV, hosts_dir,
    install_claude_code, skip_e2e,
};
pub use opencode::{
    KILO_PACKAGE, KILO_VERSION, OPENCODE_MODEL, OPENCODE_PACKAGE, OPENCODE_TIMEOUT,
    OPENCODE_VERSION, OpencodeSession, install_kilo, install_opencode, opencode_bash_turn,
};
pub use plugin::{
    COMMAND_GUARD_PLUGIN_NAME, HOOK_TIMEOUT_SECS, Plugin, command_guard_plugin, pretooluse_plugin,
    shell_quote,
};
pub use preflight::{
    GuardAnswer, ask_guard, ask_guard_shell, destructive_command, plant_marker,
    secret_fetch_command, shell_payload,
};
pub use process::run_with_closed_stdout;
pub use qwen::{
    QWEN_CODE_PACKAGE, QWEN_CODE_VERSION, QWEN_MODEL, QWEN_TIMEOUT, QwenSession, install_qwen_code,
};
pub use server::{
    EXHAUSTED_TEXT, FakeAnthropic, MAX_BODY_BYTES, MAX_RECORDED_REQUESTS, RecordedRequest,
    RequestKind, ToolResult, Turn, tool_use_id,
};
pub use session::{ClaudeSession, DEFAULT_SESSION_TIMEOUT, FAKE_API_KEY, SessionOutput};
