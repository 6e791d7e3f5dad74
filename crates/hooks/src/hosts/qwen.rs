//! Qwen Code payloads (measured on Qwen Code 0.24.4, `tests/fixtures/qwen-code/`; format:
//! the package's own `bundled/qc-helper/docs/features/hooks.md`, "Hook Input Structure",
//! and `packages/core/src/core/toolHookTriggers.ts` in its bundle,
//! `chunks/chunk-DPEB6S2R.js`).
//!
//! Claude Code's event names and fields, with Gemini CLI's tool names (Qwen Code is a fork
//! of Gemini CLI):
//!
//! ```json
//! {"session_id": "…", "transcript_path": "…", "cwd": "/home/dev/project",
//!  "hook_event_name": "PreToolUse", "timestamp": "2026-12-06T07:42:10.402Z",
//!  "permission_mode": "yolo", "prompt_id": "…########0",
//!  "tool_name": "run_shell_command", "tool_input": {"command": "…", "description": "…"},
//!  "tool_use_id": "toolu_…", "tool_call_id": "…"}
//! ```
//!
//! Events: `PreToolUse`, `PostToolUse` (adds `tool_response {llmContent, returnDisplay}`
//! and `duration_ms`), `PostToolUseFailure` (adds `error`, the failure's text, and
//! `is_interrupt`: a shell command that exits non-zero is a failure, measured), and
//! `PermissionRequest` as Claude Code's. `tool_use_id` is Qwen Code's own id of the call,
//! the same before and after it; `tool_call_id` is the model's. A deferred tool the model
//! reaches through `tool_call` is hooked under its own name (`monitor`, measured).

use super::claude::{self, parse_as};
use super::{Fields, file_fields, mcp, shell_fields, split_double_underscore};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};

/// The event named by `hook_event_name` (Qwen Code uses Claude Code's names).
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    claude::event(value)
}

/// Parses a Qwen Code payload.
pub(crate) fn parse(value: &mut Map<String, Value>) -> Result<ToolCall, HookError> {
    parse_as(Host::QwenCode, value, classify)
}

/// Qwen Code's tools (`ToolNames` in its bundle): `run_shell_command` and `monitor` (a
/// background command whose output comes back as notifications) are shell calls;
/// `read_file`; `write_file`, `edit`, `notebook_edit`; MCP tools `mcp__<server>__<tool>`;
/// everything else (`glob`, `grep_search`, `web_fetch`, `agent`…) is [`ToolKind::Other`]
/// with `path` set when the input has one.
fn classify(call: &mut ToolCall, _top: &Fields<'_>, input: &Fields<'_>) -> Result<(), HookError> {
    match call.tool_name.as_str() {
        "run_shell_command" | "monitor" => {
            call.kind = ToolKind::Shell;
            shell_fields(call, input)?;
        }
        "read_file" => {
            call.kind = ToolKind::FileRead;
            file_fields(call, input, &["file_path"], &[]);
        }
        "write_file" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["content"]);
        }
        "edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["new_string"]);
        }
        "notebook_edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["notebook_path"], &["new_source"]);
        }
        name => match split_double_underscore(name, None) {
            Some((server, tool)) => {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(&server, &tool, input.to_value()));
            }
            None => call.path = input.str_any(&["file_path", "path"]).map(str::to_string),
        },
    }
    Ok(())
}
