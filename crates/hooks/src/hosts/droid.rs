//! Factory droid payloads (measured on droid 0.225.2, `tests/fixtures/factory-droid/`;
//! format: <https://docs.factory.ai/reference/hooks-reference>, "Hook Input", and the
//! hook runner in the `droid` binary of `@factory/cli-linux-x64` 0.225.2).
//!
//! Claude Code's fields, without `tool_use_id` and `prompt_id`, with droid's own tool
//! names and autonomy modes:
//!
//! ```json
//! {"session_id": "…", "transcript_path": "/home/dev/.factory/sessions/-home-dev-project/….jsonl",
//!  "cwd": "/home/dev/project", "permission_mode": "auto-low",
//!  "hook_event_name": "PreToolUse", "tool_name": "Execute",
//!  "tool_input": {"summary": "…", "command": "…", "riskLevelReason": "…", "riskLevel": "low"}}
//! ```
//!
//! Events: `PreToolUse`, and `PostToolUse` (adds `tool_response`, always a string: the
//! text the model receives, or a JSON document as text for `Create`, `Edit` and
//! `ApplyPatch`). A tool that fails (a shell command exiting non-zero, measured) gets no
//! `PostToolUse` at all. MCP tools are `<server>___<tool>` (three underscores).

use super::claude::parse_as;
use super::codex::first_patch_path;
use super::{Fields, file_fields, mcp, shell_fields};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};

/// The event named by `hook_event_name`: droid runs command hooks before and after a tool
/// (its other events, `UserPromptSubmit`, `Stop`…, carry no tool call).
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    let name = value.get("hook_event_name")?.as_str()?;
    event_named(name).map(|event| (event, name.to_string()))
}

/// The hookkit event for one of droid's tool events.
pub(crate) fn event_named(name: &str) -> Option<Event> {
    match name {
        "PreToolUse" => Some(Event::PreTool),
        "PostToolUse" => Some(Event::PostTool),
        _ => None,
    }
}

/// Parses a Factory droid payload.
pub(crate) fn parse(value: &mut Map<String, Value>) -> Result<ToolCall, HookError> {
    parse_as(Host::FactoryDroid, value, event_named, classify)
}

/// Whether a payload is droid's: Claude Code's shape without the `tool_use_id` and
/// `prompt_id` Claude Code sends, and a session transcript under `.factory/sessions/` or
/// one of droid's autonomy modes (`auto-low`, `auto-medium`, `auto-high`).
pub(crate) fn is_droid(map: &Map<String, Value>) -> bool {
    let str_of = |key: &str| map.get(key).and_then(Value::as_str);
    !map.contains_key("tool_use_id")
        && !map.contains_key("prompt_id")
        && (str_of("transcript_path").is_some_and(|p| p.contains("/.factory/sessions/"))
            || str_of("permission_mode").is_some_and(|m| m.starts_with("auto-")))
}

/// droid's tools (the tools its requests advertise, measured): `Execute` is a shell call;
/// `Read`; `Create` (`file_path`, `content`), `Edit` (`file_path`, `old_str`, `new_str`),
/// and `ApplyPatch` (offered to OpenAI models; `input` is the whole patch, its first file
/// the path); MCP tools `<server>___<tool>`; everything else (`LS`, `Grep`, `Glob`,
/// `Task`, `FetchUrl`…) is [`ToolKind::Other`] with `path` set when the input has one.
fn classify(call: &mut ToolCall, _top: &Fields<'_>, input: &Fields<'_>) -> Result<(), HookError> {
    match call.tool_name.as_str() {
        "Execute" => {
            call.kind = ToolKind::Shell;
            shell_fields(call, input)?;
            call.description = input.string("summary");
        }
        "Read" => {
            call.kind = ToolKind::FileRead;
            file_fields(call, input, &["file_path"], &[]);
        }
        "Create" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["content"]);
        }
        "Edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["new_str"]);
        }
        "ApplyPatch" => {
            call.kind = ToolKind::FileWrite;
            let patch = input.req_str("input")?;
            call.path = first_patch_path(patch).map(str::to_string);
            call.content = Some(patch.to_string());
        }
        name => match name.split_once("___") {
            Some((server, tool)) if !server.is_empty() && !tool.is_empty() => {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(server, tool, input.to_value()));
            }
            _ => {
                call.path = input
                    .str_any(&["file_path", "path", "directory_path"])
                    .map(str::to_string);
            }
        },
    }
    Ok(())
}
