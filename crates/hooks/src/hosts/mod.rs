//! One module per host: its payload shapes and how they map onto a [`ToolCall`].
//!
//! Shared here: typed access to JSON fields that turns absence into
//! [`HookError::MissingField`], the extraction of a tool's output as text, and the
//! splitting of MCP tool names.

pub(crate) mod claude;
pub(crate) mod codex;
pub(crate) mod copilot;
pub(crate) mod cursor;
pub(crate) mod droid;
pub(crate) mod gemini;
pub(crate) mod opencode;
pub(crate) mod qwen;

use crate::error::HookError;
use hookkit_policy::{Event, Host, McpCall, ToolCall, ToolKind};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Parses `value` (already known to be a JSON object) as a payload of `host`.
///
/// A Claude-Code-shaped payload's `tool_response` is moved out of `value` into
/// [`ToolCall::response`] (it may be megabytes); the rest of `value` is left as it was.
pub(crate) fn parse(host: Host, value: &mut Map<String, Value>) -> Result<ToolCall, HookError> {
    match host {
        Host::ClaudeCode => claude::parse(value),
        Host::Codex => codex::parse(value),
        Host::Cursor => cursor::parse(value),
        Host::GeminiCli => gemini::parse(value),
        Host::CopilotCli => copilot::parse(value),
        Host::QwenCode => qwen::parse(value),
        Host::Opencode | Host::Kilo => opencode::parse(host, value),
        Host::FactoryDroid => droid::parse(value),
    }
}

/// The event of a payload as far as it can be told without parsing the rest, so that an
/// answer to a payload that fails later can still be given in the event's own format.
pub(crate) fn event_of(host: Host, value: &Map<String, Value>) -> Option<(Event, String)> {
    match host {
        Host::ClaudeCode => claude::event(value),
        Host::Codex => codex::event(value),
        Host::Cursor => cursor::event(value),
        Host::GeminiCli => gemini::event(value),
        Host::CopilotCli => copilot::event(value),
        Host::QwenCode => qwen::event(value),
        Host::Opencode | Host::Kilo => opencode::event(value),
        Host::FactoryDroid => droid::event(value),
    }
}

/// A JSON object of one payload, with the host and event for error messages.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    host: Host,
    event: &'a str,
    /// Path prefix of this object in the payload (`tool_input.`), for error messages.
    prefix: &'static str,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// The payload's top-level object.
    pub(crate) fn top(host: Host, event: &'a str, map: &'a Map<String, Value>) -> Self {
        Fields {
            host,
            event,
            prefix: "",
            map,
        }
    }

    /// The raw value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// `key` as a string, if it is one.
    pub(crate) fn str(&self, key: &str) -> Option<&'a str> {
        self.map.get(key).and_then(Value::as_str)
    }

    /// The first of `keys` that is a string.
    pub(crate) fn str_any(&self, keys: &[&str]) -> Option<&'a str> {
        keys.iter().find_map(|key| self.str(key))
    }

    /// `key` as an owned string, if it is one.
    pub(crate) fn string(&self, key: &str) -> Option<String> {
        self.str(key).map(str::to_string)
    }

    /// `key` as a string, or [`HookError::MissingField`].
    pub(crate) fn req_str(&self, key: &str) -> Result<&'a str, HookError> {
        self.str(key)
            .ok_or_else(|| self.missing(key, "expected a string"))
    }

    /// `key` as an object nested under `prefix` (used for `tool_input.` and friends).
    pub(crate) fn obj(&self, key: &str, prefix: &'static str) -> Option<Fields<'a>> {
        self.map
            .get(key)
            .and_then(Value::as_object)
            .map(|map| Fields {
                host: self.host,
                event: self.event,
                prefix,
                map,
            })
    }

    /// `key` as an object, or [`HookError::MissingField`].
    pub(crate) fn req_obj(&self, key: &str, prefix: &'static str) -> Result<Fields<'a>, HookError> {
        self.obj(key, prefix)
            .ok_or_else(|| self.missing(key, "expected an object"))
    }

    /// A view of `map` with this object's host and event (for objects built on the fly,
    /// such as a `toolArgs` that arrived as a JSON string).
    pub(crate) fn with_map(&self, map: &'a Map<String, Value>, prefix: &'static str) -> Self {
        Fields {
            host: self.host,
            event: self.event,
            prefix,
            map,
        }
    }

    /// The object as a JSON value (for MCP arguments).
    pub(crate) fn to_value(self) -> Value {
        Value::Object(self.map.clone())
    }

    /// A [`HookError::MissingField`] for `key` of this object.
    pub(crate) fn missing(&self, key: &str, expected: &'static str) -> HookError {
        HookError::missing(
            self.host,
            self.event,
            format!("{}{key}", self.prefix),
            expected,
        )
    }
}

/// Fills the fields every host's file tools share: `path` and `content` from the first of
/// the given keys that is a string.
pub(crate) fn file_fields(
    call: &mut ToolCall,
    input: &Fields<'_>,
    paths: &[&str],
    contents: &[&str],
) {
    call.path = input.str_any(paths).map(str::to_string);
    call.content = input.str_any(contents).map(str::to_string);
}

/// A shell call: `command` is required (a guard cannot check a command it cannot see).
pub(crate) fn shell_fields(call: &mut ToolCall, input: &Fields<'_>) -> Result<(), HookError> {
    call.command = Some(input.req_str("command")?.to_string());
    call.description = input.string("description");
    Ok(())
}

/// An MCP call with the given server and tool names and the tool input as arguments.
pub(crate) fn mcp(server: &str, tool: &str, arguments: Value) -> McpCall {
    McpCall {
        server: server.to_string(),
        tool: tool.to_string(),
        arguments,
    }
}

/// Splits `mcp__<server>__<tool>` (Claude Code, Codex, Gemini CLI's documented form).
/// With a known server name the split is exact; otherwise the server is everything up to
/// the next `__`.
pub(crate) fn split_double_underscore(
    name: &str,
    server: Option<&str>,
) -> Option<(String, String)> {
    let rest = name.strip_prefix("mcp__")?;
    if let Some(server) = server
        && let Some(tool) = rest.strip_prefix(server).and_then(|r| r.strip_prefix("__"))
    {
        return Some((server.to_string(), tool.to_string()));
    }
    let (server, tool) = rest.split_once("__")?;
    Some((server.to_string(), tool.to_string()))
}

/// A tool's output as text, for guards that scan it.
///
/// Shapes seen from the hosts (measured, shared/hosts/README.md):
/// - a string (Codex Bash, Copilot `textResultForLlm`, Cursor `output`, every Factory
///   droid result): as is;
/// - `{stdout, stderr, …}` (Claude Code Bash): stdout, then stderr on its own line;
/// - `[{type: "text", text}]` or `{content: [...]}` (MCP results in Claude Code and
///   Codex), `[{text}]` (Gemini CLI and Qwen Code MCP `llmContent`): the texts, one per
///   line;
/// - `{file: {content}}` (Claude Code Read), `{content: "…"}` (Claude Code Write),
///   `{llmContent}` (Gemini CLI, Qwen Code): that text;
/// - anything else: its compact JSON, so that nothing the model sees is skipped.
pub(crate) fn output_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .map(output_text)
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => {
            let text_of = |key: &str| map.get(key).and_then(Value::as_str);
            if map.contains_key("stdout") || map.contains_key("stderr") {
                [text_of("stdout"), text_of("stderr")]
                    .into_iter()
                    .flatten()
                    .filter(|text| !text.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else if let Some(text) = text_of("text") {
                text.to_string()
            } else if let Some(inner) = map.get("llmContent") {
                output_text(inner)
            } else if let Some(content) =
                map.get("content").filter(|c| c.is_array() || c.is_string())
            {
                output_text(content)
            } else if let Some(content) = map
                .get("file")
                .and_then(Value::as_object)
                .and_then(|file| file.get("content"))
                .and_then(Value::as_str)
            {
                content.to_string()
            } else {
                value.to_string()
            }
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The working directory and session id most hosts send as `cwd` and `session_id`.
pub(crate) fn common_fields(call: &mut ToolCall, top: &Fields<'_>) {
    call.cwd = top
        .str("cwd")
        .filter(|cwd| !cwd.is_empty())
        .map(PathBuf::from);
    call.session_id = top.string("session_id");
}

/// The event named by `hook_event_name`, mapped by the host's `event_named`, with the
/// payload's top-level object; [`HookError::UnknownEvent`] when it is absent or unknown.
pub(crate) fn named_event<'a>(
    host: Host,
    value: &'a Map<String, Value>,
    event_named: fn(&str) -> Option<Event>,
) -> Result<(Event, &'a str, Fields<'a>), HookError> {
    let name = value.get("hook_event_name").and_then(Value::as_str);
    let Some((event, host_event)) = name.and_then(|n| event_named(n).map(|e| (e, n))) else {
        return Err(HookError::unknown_event(host, name));
    };
    Ok((event, host_event, Fields::top(host, host_event, value)))
}

/// What every payload of the `hook_event_name` + `tool_name` + `tool_input` shape (Claude
/// Code, Codex, Gemini CLI) starts with.
pub(crate) struct Header<'a> {
    pub(crate) event: Event,
    pub(crate) host_event: &'a str,
    pub(crate) top: Fields<'a>,
    pub(crate) tool_name: &'a str,
    pub(crate) input: Fields<'a>,
    /// A call of [`ToolKind::Other`] with `cwd` and `session_id` filled in.
    pub(crate) call: ToolCall,
}

/// Reads the [`Header`] of such a payload: the event (see [`named_event`]), then the
/// required `tool_name` and `tool_input`, and starts the call.
pub(crate) fn header<'a>(
    host: Host,
    value: &'a Map<String, Value>,
    event_named: fn(&str) -> Option<Event>,
) -> Result<Header<'a>, HookError> {
    let (event, host_event, top) = named_event(host, value, event_named)?;
    let tool_name = top.req_str("tool_name")?;
    let input = top.req_obj("tool_input", "tool_input.")?;

    let mut call = call(host, event, host_event, ToolKind::Other, tool_name);
    common_fields(&mut call, &top);
    Ok(Header {
        event,
        host_event,
        top,
        tool_name,
        input,
        call,
    })
}

/// A new call of `kind`.
pub(crate) fn call(
    host: Host,
    event: Event,
    host_event: &str,
    kind: ToolKind,
    tool: &str,
) -> ToolCall {
    ToolCall::new(host, event, host_event, kind, tool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_mcp_names_with_and_without_a_known_server() {
        assert_eq!(
            split_double_underscore("mcp__fake__echo", None),
            Some(("fake".into(), "echo".into()))
        );
        assert_eq!(
            split_double_underscore("mcp__my__srv__do_it", Some("my__srv")),
            Some(("my__srv".into(), "do_it".into()))
        );
        assert_eq!(split_double_underscore("Bash", None), None);
    }

    #[test]
    fn output_text_of_each_measured_shape() {
        assert_eq!(output_text(&json!("a\nb")), "a\nb");
        assert_eq!(
            output_text(&json!({"stdout": "out", "stderr": "err"})),
            "out\nerr"
        );
        assert_eq!(output_text(&json!({"stdout": "out", "stderr": ""})), "out");
        assert_eq!(
            output_text(&json!([{"type": "text", "text": "x"}, {"type": "text", "text": "y"}])),
            "x\ny"
        );
        assert_eq!(
            output_text(&json!({"content": [{"type": "text", "text": "x"}]})),
            "x"
        );
        assert_eq!(
            output_text(&json!({"type": "text", "file": {"content": "c"}})),
            "c"
        );
        assert_eq!(
            output_text(&json!({"llmContent": [{"text": "g"}], "returnDisplay": "d"})),
            "g"
        );
        assert_eq!(output_text(&json!({"numFiles": 1})), r#"{"numFiles":1}"#);
    }
}
