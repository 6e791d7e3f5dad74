//! GitHub Copilot CLI payloads (measured on Copilot CLI 1.0.102, shared/hosts/README.md;
//! format: <https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference>).
//!
//! Two dialects, chosen by how the hook was registered:
//!
//! - camelCase (`preToolUse`/`postToolUse` in `hooks.json`), which is what the captures
//!   and hookkit's registration use:
//!   ```json
//!   {"sessionId": "…", "timestamp": 1795277870854, "cwd": "/home/dev/project",
//!    "toolName": "bash", "toolArgs": {"command": "…", "description": "…"},
//!    "toolResult": {"resultType": "success", "textResultForLlm": "…"}}
//!   ```
//!   There is **no event field**. hookkit infers it: `toolResult` present means
//!   `postToolUse`, `error` present (and no `toolResult`) means `postToolUseFailure`,
//!   anything else is `preToolUse`. A `hook_event_name` field, if one is ever sent, wins.
//!   `toolArgs` is an object in the captures; older documentation said it is a JSON
//!   string: both are accepted.
//! - PascalCase (`PreToolUse`/`PostToolUse`), "VS Code compatible": snake_case fields
//!   (`hook_event_name`, `session_id`, `tool_name`, `tool_input`, `tool_result
//!   {result_type, text_result_for_llm}`), and answers in Claude Code's format.
//!
//! Tools: `bash`/`powershell` (shell), `view` (read), `create` (`path`, `file_text`),
//! `edit` (`path`, `old_str`, `new_str`); `glob`, `grep`, `web_fetch`, `task`… are
//! [`ToolKind::Other`].

use super::{Fields, call, file_fields, output_text, shell_fields};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};
use std::path::PathBuf;

const HOST: Host = Host::CopilotCli;

/// The event: named by `hook_event_name` when present, otherwise inferred (see the module
/// documentation).
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    match value.get("hook_event_name") {
        Some(name) => {
            let name = name.as_str()?;
            event_named(name).map(|event| (event, name.to_string()))
        }
        None => {
            let name = if value.contains_key("toolResult") {
                "postToolUse"
            } else if value.contains_key("error") {
                "postToolUseFailure"
            } else {
                "preToolUse"
            };
            event_named(name).map(|event| (event, name.to_string()))
        }
    }
}

fn event_named(name: &str) -> Option<Event> {
    match name {
        "preToolUse" | "PreToolUse" => Some(Event::PreTool),
        "postToolUse" | "PostToolUse" | "postToolUseFailure" | "PostToolUseFailure" => {
            Some(Event::PostTool)
        }
        _ => None,
    }
}

/// True for the PascalCase (Claude-Code-compatible) dialect's event names.
pub(crate) fn is_claude_compatible(host_event: &str) -> bool {
    host_event.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Parses a Copilot CLI payload of either dialect.
pub(crate) fn parse(value: &Map<String, Value>) -> Result<ToolCall, HookError> {
    let Some((event, host_event)) = event(value) else {
        return Err(HookError::unknown_event(
            HOST,
            value.get("hook_event_name").and_then(Value::as_str),
        ));
    };
    let top = Fields::top(HOST, &host_event, value);
    let pascal = is_claude_compatible(&host_event);
    let (tool_key, args_key, session_key) = if pascal {
        ("tool_name", "tool_input", "session_id")
    } else {
        ("toolName", "toolArgs", "sessionId")
    };
    let tool_name = top.req_str(tool_key)?;

    // `toolArgs` may be a JSON string: parse it into an object of our own.
    let parsed_args: Map<String, Value>;
    let args = match top.get(args_key) {
        Some(Value::Object(map)) => top.with_map(map, "toolArgs."),
        Some(Value::String(text)) => {
            parsed_args = match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => map,
                _ => {
                    return Err(top.missing(args_key, "expected an object or a JSON string of one"));
                }
            };
            top.with_map(&parsed_args, "toolArgs.")
        }
        _ => return Err(top.missing(args_key, "expected an object or a JSON string of one")),
    };

    let mut call = call(HOST, event, &host_event, ToolKind::Other, tool_name);
    call.cwd = top
        .str("cwd")
        .filter(|cwd| !cwd.is_empty())
        .map(PathBuf::from);
    call.session_id = top.string(session_key);
    match tool_name {
        "bash" | "powershell" | "Bash" => {
            call.kind = ToolKind::Shell;
            shell_fields(&mut call, &args)?;
        }
        "view" | "Read" => {
            call.kind = ToolKind::FileRead;
            file_fields(&mut call, &args, &["path", "file_path"], &[]);
        }
        "create" | "Write" => {
            call.kind = ToolKind::FileWrite;
            file_fields(
                &mut call,
                &args,
                &["path", "file_path"],
                &["file_text", "content"],
            );
        }
        "edit" | "Edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(
                &mut call,
                &args,
                &["path", "file_path"],
                &["new_str", "new_string"],
            );
        }
        _ => {
            call.path = args.str_any(&["path", "file_path"]).map(str::to_string);
        }
    }

    if event == Event::PostTool {
        call.output = Some(if host_event.ends_with("Failure") {
            output_text(
                top.get("error")
                    .ok_or_else(|| top.missing("error", "expected the failure"))?,
            )
        } else {
            let (result_key, text_key) = if pascal {
                ("tool_result", "text_result_for_llm")
            } else {
                ("toolResult", "textResultForLlm")
            };
            let result = top
                .get(result_key)
                .or_else(|| top.get("tool_response"))
                .ok_or_else(|| top.missing(result_key, "expected the tool's result"))?;
            match result.get(text_key) {
                Some(text) => output_text(text),
                None => output_text(result),
            }
        });
    }
    Ok(call)
}
