//! Gemini CLI payloads (measured on Gemini CLI 0.61.0, shared/hosts/README.md; format:
//! <https://geminicli.com/docs/hooks/reference>).
//!
//! ```json
//! {"session_id": "…", "transcript_path": "…", "cwd": "/home/dev/project",
//!  "hook_event_name": "BeforeTool", "timestamp": "2026-11-21T16:16:52.442Z",
//!  "tool_name": "run_shell_command", "tool_input": {"command": "…", "description": "…"}}
//! ```
//!
//! Events: `BeforeTool`, `AfterTool` (adds `tool_response {llmContent, returnDisplay,
//! error?}`). No call id. MCP tools carry `mcp_context {server_name, tool_name, command,
//! args}`; their names are `mcp_<server>_<tool>` as measured, although the reference
//! documents `mcp__<server>__<tool>`: both are accepted, `mcp_context` wins.

use super::{Header, file_fields, header, mcp, output_text, shell_fields, split_double_underscore};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};

/// The event named by `hook_event_name`.
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    let name = value.get("hook_event_name")?.as_str()?;
    event_named(name).map(|event| (event, name.to_string()))
}

fn event_named(name: &str) -> Option<Event> {
    match name {
        "BeforeTool" => Some(Event::PreTool),
        "AfterTool" => Some(Event::PostTool),
        _ => None,
    }
}

/// Parses a Gemini CLI payload.
pub(crate) fn parse(value: &Map<String, Value>) -> Result<ToolCall, HookError> {
    let Header {
        event,
        top,
        tool_name,
        input,
        mut call,
        ..
    } = header(Host::GeminiCli, value, event_named)?;
    match tool_name {
        "run_shell_command" => {
            call.kind = ToolKind::Shell;
            shell_fields(&mut call, &input)?;
        }
        "read_file" => {
            call.kind = ToolKind::FileRead;
            file_fields(&mut call, &input, &["file_path", "absolute_path"], &[]);
        }
        "write_file" => {
            call.kind = ToolKind::FileWrite;
            file_fields(&mut call, &input, &["file_path"], &["content"]);
        }
        "replace" => {
            call.kind = ToolKind::FileWrite;
            file_fields(&mut call, &input, &["file_path"], &["new_string"]);
        }
        name if name.starts_with("mcp_") => {
            let context = top.obj("mcp_context", "mcp_context.");
            let named = context.and_then(|c| Some((c.str("server_name")?, c.str("tool_name")?)));
            let split = match named {
                Some((server, tool)) => Some((server.to_string(), tool.to_string())),
                None => {
                    split_double_underscore(name, None).or_else(|| split_single_underscore(name))
                }
            };
            if let Some((server, tool)) = split {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(&server, &tool, input.to_value()));
            }
        }
        _ => {
            call.path = input
                .str_any(&["file_path", "path", "dir_path"])
                .map(str::to_string);
        }
    }

    if event == Event::PostTool {
        let response = top
            .get("tool_response")
            .ok_or_else(|| top.missing("tool_response", "expected the tool's result"))?;
        let mut text = output_text(response);
        if let Some(error) = response.get("error").filter(|e| !e.is_null()) {
            let error = output_text(error);
            if !error.is_empty() {
                text = if text.is_empty() {
                    error
                } else {
                    format!("{text}\n{error}")
                };
            }
        }
        call.output = Some(text);
    }
    Ok(call)
}

/// `mcp_<server>_<tool>` as measured without `mcp_context`: the server is taken to end at
/// the first `_`, which is wrong for server names that contain one.
fn split_single_underscore(name: &str) -> Option<(String, String)> {
    let (server, tool) = name.strip_prefix("mcp_")?.split_once('_')?;
    Some((server.to_string(), tool.to_string()))
}
