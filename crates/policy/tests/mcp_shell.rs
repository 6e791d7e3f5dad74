//! MCP tools that run shell commands are no way around the guards (hostile review T1):
//! their command argument is analysed as the shell's by both.
//!
//! Every command here is data, handed to the guards as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

use hookkit_policy::secret_guard::SecretGuard;
use hookkit_policy::{Config, Event, Host, McpCall, ToolCall, ToolKind, Verdict};

/// A Claude Code PreToolUse call of the MCP tool `server`/`tool` with `arguments`.
fn mcp(server: &str, tool: &str, arguments: serde_json::Value) -> ToolCall {
    let name = format!("mcp__{server}__{tool}");
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Mcp,
        name,
    );
    call.mcp = Some(McpCall {
        server: server.to_owned(),
        tool: tool.to_owned(),
        arguments,
    });
    call.cwd = Some("/tmp/hookkit-mcp-shell-test/project".into());
    call
}

fn verdicts(call: &ToolCall) -> (Verdict, Verdict) {
    let config = Config::default();
    let command = hookkit_policy::command::guard_call(call, &config).unwrap();
    let secret = SecretGuard::builtin()
        .unwrap()
        .decide(call, &config)
        .unwrap();
    (command.verdict, secret.verdict)
}

#[test]
fn an_mcp_shell_runs_through_both_guards() {
    let tools = [
        ("x", "execute_command", "command"),
        ("commands", "run_command", "command"),
        ("desktop-commander", "start_process", "command"),
        ("term", "run_shell_command", "command"),
        ("sh", "shell", "cmd"),
    ];
    for (server, tool, argument) in tools {
        for line in ["rm -rf ~", "git push --force origin main"] {
            let call = mcp(server, tool, serde_json::json!({ argument: line }));
            assert_eq!(verdicts(&call).0, Verdict::Deny, "{tool}: {line}");
        }
        let call = mcp(server, tool, serde_json::json!({ argument: "cat .env" }));
        assert_eq!(verdicts(&call).1, Verdict::Deny, "{tool}: cat .env");
        let call = mcp(server, tool, serde_json::json!({ argument: "ls -la" }));
        assert_eq!(
            verdicts(&call),
            (Verdict::Allow, Verdict::Allow),
            "{tool}: ls"
        );
    }
    // A tool that does not run commands keeps its arguments as data.
    let call = mcp(
        "notes",
        "add_note",
        serde_json::json!({"command": "rm -rf ~"}),
    );
    assert_eq!(verdicts(&call).0, Verdict::Allow);
}
