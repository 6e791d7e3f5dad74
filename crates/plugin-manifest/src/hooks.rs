//! Host-neutral hooks ([`crate::model::Hook`]) → each host's hook registration file.
//!
//! Formats, as hookkit already registers its guards by hand (`hooks/<host>/`, measured in
//! `shared/hosts/README.md`):
//! - Claude Code `hooks/hooks.json`: `{"description", "hooks": {"PreToolUse"|"PostToolUse"|"PostToolUseFailure":
//!   [{"matcher", "hooks": [{"type": "command", "command", "timeout" (seconds)}]}]}}`.
//!   Claude Code loads this file automatically and rejects a manifest `hooks` key naming it
//!   again ("Duplicate hooks file detected", code.claude.com plugins reference), so the
//!   generated `.claude-plugin/plugin.json` never has a `hooks` key.
//! - Codex `com.openai.codex/hooks/hooks.json`: the same shape with `statusMessage` and
//!   `--host codex`, plus `PermissionRequest` (Codex's approval event), in the Codex-only plugin root (see [`crate::emit`]), where it is Codex's
//!   default hook file; Claude Code's `hooks/hooks.json` at the plugin root is never seen by
//!   Codex.
//! - Gemini CLI `com.google.gemini-cli/hooks/hooks.json`: events `BeforeTool`/`AfterTool`,
//!   tool names `run_shell_command`, `read_file`…, `name`, `description`, timeouts in
//!   **milliseconds** (geminicli.com hooks reference).
//! - Cursor `hooks/cursor.json`: `{"version": 1, "hooks": {event: [{"command", "timeout",
//!   "failClosed": true}]}}`; `failClosed` is Cursor's fail-closed switch (cursor.com hooks docs).
//! - Copilot CLI `com.github.copilot/hooks/hooks.json`: `{"version": 1, "hooks":
//!   {"preToolUse"|"postToolUse"|"postToolUseFailure": [{"type": "command", "bash", "powershell", "timeoutSec"}]}}`,
//!   the format of `hooks/copilot-cli/hooks.json` (docs.github.com/en/copilot/reference/hooks-reference).
//!   Copilot CLI 1.0.102 loads an Agent Plugins plugin's hooks from this file only (measured
//!   in `tests/e2e_copilot.rs`). The camelCase events have no documented matcher, so each
//!   guard runs for every tool and allows in silence what it does not guard; Copilot stops
//!   at the first deny, so the entries keep the canonical order (`command-guard` first).
//!
//! Every command but Copilot CLI's is wrapped so that a missing binary blocks with a message
//! instead of the silent pass most hosts give an exit 127: see [`guarded_command`]. Copilot
//! CLI blocks a call whose hook exits 127 and drops a hook's stderr (measured,
//! `shared/hosts/README.md`), so its entries run the guard by name, with a `powershell` form
//! for Windows.

use crate::model::{Hook, HookEvent, ToolKind};
use serde_json::{Map, Value, json};

/// A host plugin-manifest writes hook registrations for; the string is the `--host` value
/// hookkit's binaries take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Claude Code (`claude-code`).
    ClaudeCode,
    /// Codex (`codex`).
    Codex,
    /// Cursor (`cursor`).
    Cursor,
    /// Gemini CLI (`gemini-cli`).
    GeminiCli,
    /// GitHub Copilot CLI (`copilot-cli`).
    CopilotCli,
}

impl Host {
    /// The `--host` value.
    pub fn id(self) -> &'static str {
        match self {
            Host::ClaudeCode => "claude-code",
            Host::Codex => "codex",
            Host::Cursor => "cursor",
            Host::GeminiCli => "gemini-cli",
            Host::CopilotCli => "copilot-cli",
        }
    }
}

/// The shell command a host runs for `hook`:
/// `if command -v B >/dev/null 2>&1; then exec B --host H; else echo '…' >&2; exit 2; fi`.
///
/// Exit 2 with a reason on stderr blocks the call on every host (measured,
/// `shared/hosts/README.md`), whereas a missing binary (exit 127) lets it run on Claude Code
/// and Codex. `hook.binary` is a bare name and `hook.install` has no `'` (checked by
/// [`crate::validate`]), so the single quotes are safe.
pub fn guarded_command(hook: &Hook, host: Host) -> String {
    let b = &hook.binary;
    format!(
        "if command -v {b} >/dev/null 2>&1; then exec {b} --host {h}; else echo 'hookkit: {b} is not installed or not on PATH, so this call is blocked. Install it with: {i}' >&2; exit 2; fi",
        h = host.id(),
        i = hook.install
    )
}

/// The matcher (a regular expression over tool names) for `tools` on `host`, or `None`
/// when none of the kinds exists there (Codex has no file-read tool: reads go through the
/// shell).
pub fn matcher(tools: &[ToolKind], host: Host) -> Option<String> {
    let mut kinds = tools.to_vec();
    kinds.sort();
    kinds.dedup();
    let parts: Vec<&str> = kinds
        .iter()
        .filter_map(|k| match (host, k) {
            // Claude Code: code.claude.com/docs/en/tools-reference. `Monitor` runs a command
            // like `Bash`; `NotebookRead` exists in older versions only.
            (Host::ClaudeCode, ToolKind::Shell) => Some("Bash|Monitor|PowerShell"),
            (Host::ClaudeCode, ToolKind::Read) => Some("Read|NotebookRead|ReadMcpResourceTool"),
            (Host::ClaudeCode, ToolKind::Write) => Some("Write|Edit|MultiEdit|NotebookEdit"),
            (Host::ClaudeCode, ToolKind::Mcp) => Some("mcp__.*"),
            (Host::ClaudeCode, ToolKind::Search) => Some("Grep|Glob|LSP"),
            (Host::ClaudeCode, ToolKind::Web) => Some("WebFetch|WebSearch"),
            (Host::ClaudeCode, ToolKind::Output) => Some("BashOutput|TaskOutput|Agent|Task"),
            (Host::Codex, ToolKind::Shell) => Some("Bash"),
            // Codex hooks only its shell, apply_patch and MCP tools (developers.openai.com/codex/hooks);
            // it has no local read, search or fetch tool.
            (Host::Codex, ToolKind::Read | ToolKind::Search | ToolKind::Web | ToolKind::Output) => {
                None
            }
            // Codex's apply_patch is selected by a Write/Edit matcher (shared/hosts/README.md).
            (Host::Codex, ToolKind::Write) => Some("Write|Edit"),
            (Host::Codex, ToolKind::Mcp) => Some("mcp__.*"),
            // Gemini CLI: geminicli.com/docs/tools and packages/core/src/tools/tool-names.ts
            // (`search_file_content` is `grep_search`'s old name, still accepted).
            (Host::GeminiCli, ToolKind::Shell) => Some("run_shell_command"),
            (Host::GeminiCli, ToolKind::Read) => Some("read_file|read_many_files"),
            (Host::GeminiCli, ToolKind::Write) => Some("write_file|replace"),
            (Host::GeminiCli, ToolKind::Mcp) => Some("mcp_.*"),
            (Host::GeminiCli, ToolKind::Search) => {
                Some("grep_search|search_file_content|glob|list_directory")
            }
            (Host::GeminiCli, ToolKind::Web) => Some("web_fetch|google_web_search"),
            (Host::GeminiCli, ToolKind::Output) => None,
            (Host::Cursor | Host::CopilotCli, _) => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("|"))
}

fn push(events: &mut Map<String, Value>, event: &str, entry: Value) {
    if let Value::Array(list) = events
        .entry(event.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        list.push(entry);
    }
}

/// Claude Code's `hooks/hooks.json`, or `None` when `hooks` is empty.
pub fn claude(hooks: &[Hook], plugin: &str) -> Option<Value> {
    let events = claude_shaped_events(hooks, Host::ClaudeCode)?;
    Some(json!({
        "description": format!("{plugin}: hookkit hooks (generated by plugin-manifest)"),
        "hooks": events,
    }))
}

/// Codex's `com.openai.codex/hooks/hooks.json`, or `None` when no hook applies to Codex.
pub fn codex(hooks: &[Hook]) -> Option<Value> {
    Some(json!({"hooks": claude_shaped_events(hooks, Host::Codex)?}))
}

/// The `hooks` map Claude Code and Codex share (`PreToolUse`/`PostToolUse`, each a list of
/// `{matcher, hooks: [{type: "command", command, timeout}]}`; Codex also shows a
/// `statusMessage`, the hook's description), or `None` when no hook applies to `host`.
fn claude_shaped_events(hooks: &[Hook], host: Host) -> Option<Map<String, Value>> {
    let mut events = Map::new();
    for hook in hooks {
        let Some(m) = matcher(&hook.tools, host) else {
            continue;
        };
        for ev in &hook.events {
            let name = match (ev, host) {
                (HookEvent::PreTool, _) => "PreToolUse",
                (HookEvent::PostTool, _) => "PostToolUse",
                (HookEvent::PostToolFailure, Host::ClaudeCode) => "PostToolUseFailure",
                (HookEvent::PermissionRequest, Host::Codex) => "PermissionRequest",
                (HookEvent::PostToolFailure | HookEvent::PermissionRequest, _) => continue,
            };
            let mut command = json!({
                "type": "command",
                "command": guarded_command(hook, host),
                "timeout": hook.timeout_seconds,
            });
            if host == Host::Codex
                && let Value::Object(fields) = &mut command
            {
                fields.insert("statusMessage".into(), json!(hook.description));
            }
            push(&mut events, name, json!({"matcher": m, "hooks": [command]}));
        }
    }
    (!events.is_empty()).then_some(events)
}

/// Gemini CLI's extension `hooks/hooks.json`, or `None`. Timeouts in milliseconds.
pub fn gemini(hooks: &[Hook]) -> Option<Value> {
    let mut events = Map::new();
    for hook in hooks {
        let Some(m) = matcher(&hook.tools, Host::GeminiCli) else {
            continue;
        };
        for ev in &hook.events {
            let (name, suffix) = match ev {
                HookEvent::PreTool => ("BeforeTool", "before"),
                HookEvent::PostTool => ("AfterTool", "after"),
                // AfterTool runs for failed calls too; Gemini CLI has no approval event.
                HookEvent::PostToolFailure | HookEvent::PermissionRequest => continue,
            };
            push(
                &mut events,
                name,
                json!({"matcher": m, "hooks": [{
                    "name": format!("hookkit-{}-{suffix}", hook.binary),
                    "type": "command",
                    "command": guarded_command(hook, Host::GeminiCli),
                    "timeout": u64::from(hook.timeout_seconds) * 1000,
                    "description": hook.description,
                }]}),
            );
        }
    }
    (!events.is_empty()).then(|| json!({"hooks": events}))
}

/// Cursor's `hooks/cursor.json`, or `None`. A shell-only hook uses
/// `beforeShellExecution`/`afterShellExecution`; any other uses Cursor's generic
/// `preToolUse`/`postToolUse` (every tool; hookkit allows what it does not guard). Every
/// entry sets `failClosed: true`.
pub fn cursor(hooks: &[Hook]) -> Option<Value> {
    let mut events = Map::new();
    for hook in hooks {
        let shell_only = hook.tools.iter().all(|t| *t == ToolKind::Shell);
        for ev in &hook.events {
            let name = match (ev, shell_only) {
                (HookEvent::PreTool, true) => "beforeShellExecution",
                (HookEvent::PostTool, true) => "afterShellExecution",
                (HookEvent::PreTool, false) => "preToolUse",
                (HookEvent::PostTool, false) => "postToolUse",
                // Not measured on Cursor: left to its postToolUse. Cursor has no approval
                // event.
                (HookEvent::PostToolFailure | HookEvent::PermissionRequest, _) => continue,
            };
            push(
                &mut events,
                name,
                json!({
                    "command": guarded_command(hook, Host::Cursor),
                    "timeout": hook.timeout_seconds,
                    "failClosed": true,
                }),
            );
        }
    }
    (!events.is_empty()).then(|| json!({"version": 1, "hooks": events}))
}

/// Copilot CLI's `com.github.copilot/hooks/hooks.json`, or `None` when `hooks` has no
/// before- or after-tool hook. Every entry runs `<binary> --host copilot-cli` for every tool
/// (no matcher), in the order of `hooks`; a failed call's hook goes on `postToolUseFailure`
/// (Copilot CLI 1.0.102 runs `postToolUse` only after a call that succeeded: measured, a
/// `view` of a missing file ran `postToolUseFailure` alone); approval requests are left
/// out, as in `hooks/copilot-cli/hooks.json`.
pub fn copilot(hooks: &[Hook]) -> Option<Value> {
    let mut events = Map::new();
    for hook in hooks {
        for ev in &hook.events {
            let name = match ev {
                HookEvent::PreTool => "preToolUse",
                HookEvent::PostTool => "postToolUse",
                HookEvent::PostToolFailure => "postToolUseFailure",
                HookEvent::PermissionRequest => continue,
            };
            let command = format!("{} --host {}", hook.binary, Host::CopilotCli.id());
            push(
                &mut events,
                name,
                json!({
                    "type": "command",
                    "bash": command,
                    "powershell": command,
                    "timeoutSec": hook.timeout_seconds,
                }),
            );
        }
    }
    (!events.is_empty()).then(|| json!({"version": 1, "hooks": events}))
}
