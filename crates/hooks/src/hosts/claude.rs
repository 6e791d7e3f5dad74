//! Claude Code payloads (measured on Claude Code 2.1.328, shared/hosts/README.md; format:
//! <https://code.claude.com/docs/en/hooks>).
//!
//! ```json
//! {"session_id": "…", "transcript_path": "…", "cwd": "/home/dev/project",
//!  "prompt_id": "…", "permission_mode": "default", "effort": {"level": "medium"},
//!  "hook_event_name": "PreToolUse", "tool_name": "Bash",
//!  "tool_input": {"command": "…", "description": "…"}, "tool_use_id": "toolu_…"}
//! ```
//!
//! Events: `PreToolUse`, `PermissionRequest` (no `tool_use_id`), `PostToolUse` (adds
//! `tool_response`, `duration_ms`), `PostToolUseFailure` (adds `error`, `is_interrupt`).
//! MCP tools are `mcp__<server>__<tool>` and the payload names the server in
//! `mcp_server.name`.

use super::{
    Fields, Header, file_fields, header, mcp, output_text, shell_fields, split_double_underscore,
};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};

/// The event named by `hook_event_name`.
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    let name = value.get("hook_event_name")?.as_str()?;
    event_named(name).map(|event| (event, name.to_string()))
}

/// The hookkit event for one of the event names Claude Code and Codex share.
pub(crate) fn event_named(name: &str) -> Option<Event> {
    match name {
        "PreToolUse" => Some(Event::PreTool),
        "PermissionRequest" => Some(Event::PermissionRequest),
        "PostToolUse" | "PostToolUseFailure" => Some(Event::PostTool),
        _ => None,
    }
}

/// Parses a Claude Code payload.
pub(crate) fn parse(value: &mut Map<String, Value>) -> Result<ToolCall, HookError> {
    parse_as(Host::ClaudeCode, value, event_named, classify)
}

/// Parses a Claude-Code-shaped payload for `host` (Claude Code itself, Codex, Copilot
/// CLI's PascalCase mode, Qwen Code and Factory droid), its events named by
/// `event_named`, classifying tools with `classify`. A post-tool payload's `tool_response`
/// is moved out of `value` into [`ToolCall::response`].
pub(crate) fn parse_as(
    host: Host,
    value: &mut Map<String, Value>,
    event_named: fn(&str) -> Option<Event>,
    classify: fn(&mut ToolCall, &Fields<'_>, &Fields<'_>) -> Result<(), HookError>,
) -> Result<ToolCall, HookError> {
    let Header {
        event,
        host_event,
        top,
        input,
        mut call,
        ..
    } = header(host, &*value, event_named)?;
    call.call_id = top.string("tool_use_id");
    classify(&mut call, &top, &input)?;

    if event == Event::PostTool {
        if host_event == "PostToolUseFailure" {
            call.output = Some(top.req_str("error")?.to_string());
        } else {
            if top.get("tool_response").is_none() {
                return Err(top.missing("tool_response", "expected the tool's result"));
            }
            let response = value.remove("tool_response").unwrap_or_default();
            (call.output, call.response, call.output_field) = split_response(response);
        }
    }
    Ok(call)
}

/// A `tool_response` as (its text, what is left of it, the field its text was moved from).
/// A result that is one string (Codex) is the text itself; a Bash result whose stderr is
/// empty has its stdout as its text, a Qwen Code result its string `llmContent`
/// ([`output_text`]). Either is moved out rather than copied (it may be megabytes),
/// leaving `null` in the field; any other shape keeps its JSON and gets its text from
/// [`output_text`].
fn split_response(mut response: Value) -> (Option<String>, Option<Value>, Option<String>) {
    if let Value::String(text) = response {
        return (Some(text), None, None);
    }
    if let Value::Object(fields) = &mut response {
        let field = if fields.contains_key("stdout") {
            fields
                .get("stderr")
                .is_none_or(|e| e.as_str() == Some(""))
                .then_some("stdout")
        } else {
            Some("llmContent")
        };
        if let Some(field) = field
            && let Some(Value::String(text)) = fields.get_mut(field)
        {
            let text = std::mem::take(text);
            fields.insert(field.into(), Value::Null);
            return (Some(text), Some(response), Some(field.into()));
        }
    }
    (Some(output_text(&response)), Some(response), None)
}

/// Claude Code's tools: `Bash` (and `Monitor`, `PowerShell` with a `command`); `Read`;
/// `Write`, `Edit`, `MultiEdit`, `NotebookEdit`; `mcp__<server>__<tool>`; everything else
/// (`Glob`, `Grep`, `WebFetch`, `Agent`…) is [`ToolKind::Other`] with `path` set when the
/// input has one, and `Grep`'s `glob` as [`ToolCall::search_glob`].
pub(crate) fn classify(
    call: &mut ToolCall,
    top: &Fields<'_>,
    input: &Fields<'_>,
) -> Result<(), HookError> {
    match call.tool_name.as_str() {
        "Bash" => {
            call.kind = ToolKind::Shell;
            shell_fields(call, input)?;
        }
        // `Monitor` runs a command in the background and streams its output; `PowerShell`
        // (opt-in) runs a PowerShell command (code.claude.com/docs/en/tools-reference).
        // Shell calls when they carry a command.
        "Monitor" | "PowerShell" if input.str("command").is_some() => {
            call.kind = ToolKind::Shell;
            shell_fields(call, input)?;
        }
        "Read" => {
            call.kind = ToolKind::FileRead;
            file_fields(call, input, &["file_path"], &[]);
        }
        "Write" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["content"]);
        }
        "Edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &["new_string"]);
        }
        "MultiEdit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["file_path"], &[]);
            call.content = input.get("edits").and_then(Value::as_array).map(|edits| {
                edits
                    .iter()
                    .filter_map(|edit| edit.get("new_string").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        "NotebookEdit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, input, &["notebook_path"], &["new_source"]);
        }
        name if name.starts_with("mcp__") => {
            let server = top
                .obj("mcp_server", "mcp_server.")
                .and_then(|server| server.str("name"));
            if let Some((server, tool)) = split_double_underscore(name, server) {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(&server, &tool, input.to_value()));
            }
        }
        _ => {
            call.path = input.str_any(&["file_path", "path"]).map(str::to_string);
            if call.tool_name == "Grep" {
                call.search_glob = input.str("glob").map(str::to_string);
            }
        }
    }
    Ok(())
}
