//! [`parse`]: hook stdin bytes into a [`ToolCall`].

use crate::error::HookError;
use crate::hosts;
use hookkit_policy::{Host, ToolCall};
use serde_json::Value;

/// Parses one hook payload of `host` (stdin bytes, UTF-8 JSON) into a [`ToolCall`].
///
/// Per host, the events and tools understood are documented on the host modules and in
/// the crate README: Claude Code `PreToolUse`/`PermissionRequest`/`PostToolUse`/
/// `PostToolUseFailure`; Codex the same with `apply_patch`; Cursor
/// `beforeShellExecution`/`beforeMCPExecution`/`beforeReadFile`/`preToolUse`/
/// `postToolUse` (and `postToolUseFailure`, `afterShellExecution`,
/// `afterMCPExecution`); Gemini CLI `BeforeTool`/`AfterTool`; Copilot CLI
/// `preToolUse`/`postToolUse` (camelCase, event inferred) and its PascalCase dialect;
/// Qwen Code Claude Code's four events, with its own tool names; opencode and Kilo CLI
/// `tool.execute.before`/`tool.execute.after` (hookkit's plugin); Factory droid
/// `PreToolUse`/`PostToolUse`, with its own tool names.
///
/// Errors: [`HookError::InvalidUtf8`], [`HookError::MalformedJson`],
/// [`HookError::NotAnObject`], [`HookError::UnknownEvent`], [`HookError::MissingField`]
/// (for example a shell call without a command). No size limit is applied here; see
/// [`crate::run`].
pub fn parse(host: Host, input: &[u8]) -> Result<ToolCall, HookError> {
    let mut value = decode(input)?;
    let map = value.as_object_mut().ok_or(HookError::NotAnObject)?;
    hosts::parse(host, map)
}

/// Parses an already decoded payload (see [`parse`]); the call's
/// [`ToolCall::response`](hookkit_policy::ToolCall::response) is a copy of the payload's.
pub fn parse_value(host: Host, value: &Value) -> Result<ToolCall, HookError> {
    let mut map = value.as_object().ok_or(HookError::NotAnObject)?.clone();
    hosts::parse(host, &mut map)
}

/// Decodes stdin bytes into a JSON object: UTF-8 first, then JSON.
///
/// Errors: [`HookError::InvalidUtf8`], [`HookError::MalformedJson`],
/// [`HookError::NotAnObject`].
pub fn decode(input: &[u8]) -> Result<Value, HookError> {
    let text = std::str::from_utf8(input).map_err(|error| HookError::InvalidUtf8 {
        offset: error.valid_up_to(),
    })?;
    let value: Value = serde_json::from_str(text).map_err(HookError::MalformedJson)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(HookError::NotAnObject)
    }
}
