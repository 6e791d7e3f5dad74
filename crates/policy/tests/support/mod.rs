//! What the policy tests share: host-neutral tool calls as Claude Code sends them.
#![allow(dead_code, reason = "each test file uses part of it")]

use hookkit_policy::{Event, Host, McpCall, ToolCall, ToolKind};

/// `line` as a Claude Code PreToolUse `Bash` call in a scratch project (never created:
/// the commands are data).
pub fn bash(line: &str) -> ToolCall {
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Shell,
        "Bash",
    );
    call.command = Some(line.to_owned());
    call.cwd = Some("/tmp/hookkit-policy-test/project".into());
    call
}

/// A Claude Code PreToolUse call of the MCP tool `server`/`tool` with `arguments`.
pub fn mcp(server: &str, tool: &str, arguments: serde_json::Value) -> ToolCall {
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Mcp,
        format!("mcp__{server}__{tool}"),
    );
    call.mcp = Some(McpCall {
        server: server.to_owned(),
        tool: tool.to_owned(),
        arguments,
    });
    call.cwd = Some("/tmp/hookkit-policy-test/project".into());
    call
}
