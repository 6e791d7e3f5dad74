//! Cursor payloads. **Not captured**: shapes from Cursor's hooks documentation
//! (<https://cursor.com/docs/agent/hooks>) and from published observations of Cursor 3.9;
//! see `tests/fixtures/cursor/README.md`.
//!
//! Every event carries `conversation_id`, `generation_id`, `model`, `hook_event_name`,
//! `cursor_version`, `workspace_roots`, `user_email` (and, in recent versions,
//! `session_id` equal to `conversation_id`, and `transcript_path`). Events handled:
//!
//! | event | fields | becomes |
//! |---|---|---|
//! | `beforeShellExecution` | `command`, `cwd`, `sandbox` | pre, shell `Shell` |
//! | `beforeMCPExecution` | `tool_name`, `tool_input` (a JSON **string**), `url` or `command` (the server) | pre, MCP |
//! | `beforeReadFile` | `file_path`, `content`, `attachments` | pre, file read `Read`, `content` = the file's content |
//! | `preToolUse` | `tool_name` (`Shell`, `Read`, `Write`, `Grep`, `Task`, `MCP:<tool>`…), `tool_input`, `tool_use_id`, `cwd` | pre |
//! | `postToolUse` | as `preToolUse` plus `tool_output` (a JSON string), `duration` | post |
//! | `postToolUseFailure` | as `preToolUse` plus `error_message`, `failure_type` | post |
//! | `afterShellExecution` | `command`, `output`, `duration` | post, shell |
//! | `afterMCPExecution` | `tool_name`, `tool_input`, `result_json` | post, MCP |

use super::{Fields, call, file_fields, mcp, named_event, output_text};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};
use std::path::PathBuf;

const HOST: Host = Host::Cursor;

/// The event named by `hook_event_name`.
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    let name = value.get("hook_event_name")?.as_str()?;
    event_named(name).map(|event| (event, name.to_string()))
}

fn event_named(name: &str) -> Option<Event> {
    match name {
        "beforeShellExecution" | "beforeMCPExecution" | "beforeReadFile" | "preToolUse" => {
            Some(Event::PreTool)
        }
        "postToolUse" | "postToolUseFailure" | "afterShellExecution" | "afterMCPExecution" => {
            Some(Event::PostTool)
        }
        _ => None,
    }
}

/// All of Cursor's event names hookkit handles (used by [`crate::detect`]).
pub(crate) fn is_cursor_event(name: &str) -> bool {
    event_named(name).is_some()
}

/// Parses a Cursor payload.
pub(crate) fn parse(value: &Map<String, Value>) -> Result<ToolCall, HookError> {
    let (event, host_event, top) = named_event(HOST, value, event_named)?;

    let mut call = match host_event {
        "beforeShellExecution" | "afterShellExecution" => {
            let mut call = call(HOST, event, host_event, ToolKind::Shell, "Shell");
            call.command = Some(top.req_str("command")?.to_string());
            if event == Event::PostTool {
                call.output = Some(top.req_str("output")?.to_string());
            }
            call
        }
        "beforeMCPExecution" | "afterMCPExecution" => {
            let tool = top.req_str("tool_name")?;
            let arguments = json_or_string(top.get("tool_input"))
                .ok_or_else(|| top.missing("tool_input", "expected a JSON string or an object"))?;
            let server = top
                .str_any(&["mcp_server_name", "server_name", "url", "command"])
                .unwrap_or_default();
            let (server, tool_only) = split_mcp_name(tool, server);
            let mut call = call(HOST, event, host_event, ToolKind::Mcp, tool);
            call.mcp = Some(mcp(&server, &tool_only, arguments));
            if event == Event::PostTool {
                call.output =
                    Some(tool_output(top.get("result_json").ok_or_else(|| {
                        top.missing("result_json", "expected the tool's result")
                    })?));
            }
            call
        }
        "beforeReadFile" => {
            let mut call = call(HOST, event, host_event, ToolKind::FileRead, "Read");
            call.path = Some(top.req_str("file_path")?.to_string());
            call.content = top.string("content");
            call
        }
        _ => generic_tool(event, host_event, &top)?,
    };

    call.session_id = top
        .str_any(&["session_id", "conversation_id"])
        .map(str::to_string);
    call.call_id = top
        .str_any(&["tool_use_id", "generation_id"])
        .map(str::to_string);
    call.cwd = top
        .str("cwd")
        .filter(|cwd| !cwd.is_empty())
        .or_else(|| {
            top.get("workspace_roots")
                .and_then(Value::as_array)
                .and_then(|roots| roots.first())
                .and_then(Value::as_str)
        })
        .map(PathBuf::from);
    Ok(call)
}

/// `preToolUse`, `postToolUse`, `postToolUseFailure`: Cursor's generic tool events.
fn generic_tool(event: Event, host_event: &str, top: &Fields<'_>) -> Result<ToolCall, HookError> {
    let tool = top.req_str("tool_name")?;
    let input_value = json_or_string(top.get("tool_input"))
        .ok_or_else(|| top.missing("tool_input", "expected an object or a JSON string of one"))?;
    let empty = Map::new();
    let input = top.with_map(input_value.as_object().unwrap_or(&empty), "tool_input.");

    let mut call = call(HOST, event, host_event, ToolKind::Other, tool);
    match tool {
        "Shell" => {
            call.kind = ToolKind::Shell;
            call.command = Some(input.req_str("command")?.to_string());
        }
        "Read" | "TabRead" => {
            call.kind = ToolKind::FileRead;
            file_fields(
                &mut call,
                &input,
                &["file_path", "path", "target_file"],
                &[],
            );
        }
        "Write" | "TabWrite" | "Edit" | "StrReplace" | "MultiEdit" | "Delete" => {
            call.kind = ToolKind::FileWrite;
            file_fields(
                &mut call,
                &input,
                &["file_path", "path", "target_file"],
                &["content", "contents", "new_string", "code_edit"],
            );
        }
        name if name.starts_with("MCP:") => {
            let server = top.str("mcp_server_name").unwrap_or_default();
            let (server, tool_only) = split_mcp_name(name, server);
            call.kind = ToolKind::Mcp;
            call.mcp = Some(mcp(&server, &tool_only, input_value.clone()));
        }
        _ => {
            call.path = input.str_any(&["file_path", "path"]).map(str::to_string);
        }
    }
    match host_event {
        "postToolUse" => {
            call.output =
                Some(tool_output(top.get("tool_output").ok_or_else(|| {
                    top.missing("tool_output", "expected the tool's result")
                })?));
        }
        "postToolUseFailure" => {
            call.output = Some(top.req_str("error_message")?.to_string());
        }
        _ => {}
    }
    Ok(call)
}

/// A field that is documented as a JSON string but may arrive as an object: the parsed
/// value, or the string itself if it is not JSON. `None` when absent or of another type.
fn json_or_string(value: Option<&Value>) -> Option<Value> {
    match value? {
        Value::String(text) => {
            Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())))
        }
        object @ Value::Object(_) => Some(object.clone()),
        _ => None,
    }
}

/// Cursor's `tool_output`/`result_json`: a JSON string whose shape depends on the tool
/// (`{"output": "…", "exitCode": 0}` for `Shell`). The command output when there is one,
/// otherwise [`output_text`] of the parsed value.
fn tool_output(value: &Value) -> String {
    let parsed = json_or_string(Some(value)).unwrap_or_else(|| value.clone());
    match parsed.get("output").and_then(Value::as_str) {
        Some(output) => output.to_string(),
        None => output_text(&parsed),
    }
}

/// `MCP:<server>:<tool>`, `MCP:<tool>` or a bare tool name, with the server from the
/// payload when the name does not carry one.
fn split_mcp_name(name: &str, server: &str) -> (String, String) {
    let bare = name.strip_prefix("MCP:").unwrap_or(name);
    match bare.split_once(':') {
        Some((server, tool)) if name.starts_with("MCP:") => (server.to_string(), tool.to_string()),
        _ => (server.to_string(), bare.to_string()),
    }
}
