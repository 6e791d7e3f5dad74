//! [`detect`]: which host sent a payload, from its distinctive fields. A fallback for when
//! no `--host` is given; the registrations in `hooks/` always pass `--host`.

use crate::hosts::cursor::is_cursor_event;
use crate::hosts::droid::is_droid;
use crate::hosts::opencode::is_opencode_event;
use hookkit_policy::Host;
use serde_json::{Map, Value};

/// The host that sent `value`, judged by fields only that host sends (measured,
/// shared/hosts/README.md, tests/fixtures/qwen-code/ and tests/fixtures/factory-droid/;
/// Cursor from its documentation),
/// checked in this order:
///
/// | host | recognised by |
/// |---|---|
/// | opencode | `hook_event_name` `tool.execute.before`/`tool.execute.after` (hookkit's plugin; Kilo CLI sends the same, and is told apart only by `--host kilo`) |
/// | Cursor | `conversation_id`, `generation_id` or `cursor_version` |
/// | Codex | `turn_id` and `model` |
/// | Copilot CLI | camelCase `toolName`, `toolArgs` or `sessionId` |
/// | Cursor | one of Cursor's event names (`beforeShellExecution`, `preToolUse`…) |
/// | Gemini CLI | `hook_event_name` `BeforeTool`/`AfterTool` with a string `timestamp` |
/// | Qwen Code | any other event name with a string `timestamp` and `prompt_id`, `permission_mode` or `tool_call_id` |
/// | Copilot CLI | any other event name with a string `timestamp` (its PascalCase, VS Code compatible dialect) |
/// | Factory droid | `hook_event_name` without `tool_use_id` and `prompt_id`, with a `transcript_path` under `.factory/sessions/` or a `permission_mode` `auto-…` |
/// | Claude Code | `hook_event_name` with `prompt_id`, `permission_mode` or `transcript_path`, no `turn_id` and no `timestamp` |
///
/// `None` when nothing matches (or `value` is not an object).
pub fn detect(value: &Value) -> Option<Host> {
    detect_fields(value.as_object()?)
}

/// [`detect`] on a payload's top-level fields.
pub(crate) fn detect_fields(map: &Map<String, Value>) -> Option<Host> {
    let has = |key: &str| map.contains_key(key);
    let event = map.get("hook_event_name").and_then(Value::as_str);
    let string_timestamp = map.get("timestamp").is_some_and(Value::is_string);

    if event.is_some_and(is_opencode_event) {
        return Some(Host::Opencode);
    }
    if has("conversation_id") || has("generation_id") || has("cursor_version") {
        return Some(Host::Cursor);
    }
    if has("turn_id") && has("model") {
        return Some(Host::Codex);
    }
    if has("toolName") || has("toolArgs") || has("sessionId") {
        return Some(Host::CopilotCli);
    }
    if event.is_some_and(is_cursor_event) {
        return Some(Host::Cursor);
    }
    if matches!(event, Some("BeforeTool" | "AfterTool")) && string_timestamp {
        return Some(Host::GeminiCli);
    }
    if event.is_some()
        && string_timestamp
        && !has("turn_id")
        && (has("prompt_id") || has("permission_mode") || has("tool_call_id"))
    {
        return Some(Host::QwenCode);
    }
    if event.is_some() && string_timestamp && !has("turn_id") {
        return Some(Host::CopilotCli);
    }
    if event.is_some() && !has("turn_id") && is_droid(map) {
        return Some(Host::FactoryDroid);
    }
    if event.is_some()
        && !has("turn_id")
        && (has("prompt_id") || has("permission_mode") || has("transcript_path"))
    {
        return Some(Host::ClaudeCode);
    }
    None
}
