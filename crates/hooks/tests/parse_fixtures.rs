//! Every fixture under `tests/fixtures/` parses with the right host, event, kind, tool
//! name and command/path/content/output, is recognised by `detect`, and its `ToolCall`
//! matches its snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_hooks::{detect, parse};
use hookkit_policy::{Event, Host, ToolKind};
use std::path::{Path, PathBuf};

/// What one fixture must parse to. `output` is a substring of the parsed output (the
/// snapshots pin the exact text).
struct Expect {
    file: &'static str,
    event: Event,
    kind: ToolKind,
    tool: &'static str,
    command: Option<&'static str>,
    path: Option<&'static str>,
    content: Option<&'static str>,
    output: Option<&'static str>,
    mcp: Option<(&'static str, &'static str)>,
}

const PRE: Event = Event::PreTool;
const POST: Event = Event::PostTool;
const BASH_CMD: &str = "touch ran-bash; echo hello-from-bash";
const FILE: &str = "/home/dev/project/ran-write.txt";
const HELLO: &str = "hello\nworld\n";

#[allow(clippy::too_many_arguments)]
const fn e(
    file: &'static str,
    event: Event,
    kind: ToolKind,
    tool: &'static str,
    command: Option<&'static str>,
    path: Option<&'static str>,
    content: Option<&'static str>,
    output: Option<&'static str>,
) -> Expect {
    Expect {
        file,
        event,
        kind,
        tool,
        command,
        path,
        content,
        output,
        mcp: None,
    }
}

const fn mcp(
    file: &'static str,
    event: Event,
    tool: &'static str,
    server: &'static str,
    name: &'static str,
    output: Option<&'static str>,
) -> Expect {
    Expect {
        file,
        event,
        kind: ToolKind::Mcp,
        tool,
        command: None,
        path: None,
        content: None,
        output,
        mcp: Some((server, name)),
    }
}

fn expectations(host: Host) -> Vec<Expect> {
    use ToolKind::*;
    match host {
        Host::ClaudeCode => vec![
            e(
                "PermissionRequest.jsonl",
                Event::PermissionRequest,
                Shell,
                "Bash",
                Some("touch ran-permreq-allow; echo OUT-permreq-allow"),
                None,
                None,
                None,
            ),
            e(
                "PreToolUse-Bash.json",
                PRE,
                Shell,
                "Bash",
                Some(BASH_CMD),
                None,
                None,
                None,
            ),
            e(
                "PostToolUse-Bash.json",
                POST,
                Shell,
                "Bash",
                Some(BASH_CMD),
                None,
                None,
                Some("hello-from-bash"),
            ),
            e(
                "PostToolUseFailure-Bash.json",
                POST,
                Shell,
                "Bash",
                Some("touch ran-failing; echo failing >&2; exit 3"),
                None,
                None,
                Some("Exit code 3\nfailing"),
            ),
            e(
                "PreToolUse-Read.json",
                PRE,
                FileRead,
                "Read",
                None,
                Some(FILE),
                None,
                None,
            ),
            e(
                "PostToolUse-Read.json",
                POST,
                FileRead,
                "Read",
                None,
                Some(FILE),
                None,
                Some(HELLO),
            ),
            e(
                "PreToolUse-Write.json",
                PRE,
                FileWrite,
                "Write",
                None,
                Some(FILE),
                Some(HELLO),
                None,
            ),
            e(
                "PostToolUse-Write.json",
                POST,
                FileWrite,
                "Write",
                None,
                Some(FILE),
                Some(HELLO),
                Some(HELLO),
            ),
            e(
                "PreToolUse-Edit.json",
                PRE,
                FileWrite,
                "Edit",
                None,
                Some(FILE),
                Some("bye"),
                None,
            ),
            e(
                "PostToolUse-Edit.json",
                POST,
                FileWrite,
                "Edit",
                None,
                Some(FILE),
                Some("bye"),
                Some("\"newString\":\"bye\""),
            ),
            e(
                "PreToolUse-Glob.json",
                PRE,
                Other,
                "Glob",
                None,
                None,
                None,
                None,
            ),
            e(
                "PostToolUse-Glob.json",
                POST,
                Other,
                "Glob",
                None,
                None,
                None,
                Some("ran-write.txt"),
            ),
            e(
                "PreToolUse-Grep.json",
                PRE,
                Other,
                "Grep",
                None,
                Some("/home/dev/project"),
                None,
                None,
            ),
            e(
                "PostToolUse-Grep.json",
                POST,
                Other,
                "Grep",
                None,
                Some("/home/dev/project"),
                None,
                Some("ran-write.txt"),
            ),
            mcp(
                "PreToolUse-mcp__fake__echo.json",
                PRE,
                "mcp__fake__echo",
                "fake",
                "echo",
                None,
            ),
            mcp(
                "PostToolUse-mcp__fake__echo.json",
                POST,
                "mcp__fake__echo",
                "fake",
                "echo",
                Some("echo: hi mcp"),
            ),
        ],
        Host::Codex => {
            let patch =
                "*** Begin Patch\n*** Add File: ran-write.txt\n+hello\n+world\n*** End Patch\n";
            vec![
                e(
                    "PreToolUse-Bash.json",
                    PRE,
                    Shell,
                    "Bash",
                    Some(BASH_CMD),
                    None,
                    None,
                    None,
                ),
                e(
                    "PostToolUse-Bash.json",
                    POST,
                    Shell,
                    "Bash",
                    Some(BASH_CMD),
                    None,
                    None,
                    Some("hello-from-bash\n"),
                ),
                e(
                    "PreToolUse-apply_patch.json",
                    PRE,
                    FileWrite,
                    "apply_patch",
                    None,
                    Some("ran-write.txt"),
                    Some(patch),
                    None,
                ),
                e(
                    "PostToolUse-apply_patch.json",
                    POST,
                    FileWrite,
                    "apply_patch",
                    None,
                    Some("ran-write.txt"),
                    Some(patch),
                    Some("A ran-write.txt"),
                ),
                mcp(
                    "PreToolUse-mcp__fake__echo.json",
                    PRE,
                    "mcp__fake__echo",
                    "fake",
                    "echo",
                    None,
                ),
                mcp(
                    "PostToolUse-mcp__fake__echo.json",
                    POST,
                    "mcp__fake__echo",
                    "fake",
                    "echo",
                    Some("echo: hi mcp"),
                ),
            ]
        }
        Host::GeminiCli => vec![
            e(
                "BeforeTool-run_shell_command.json",
                PRE,
                Shell,
                "run_shell_command",
                Some(BASH_CMD),
                None,
                None,
                None,
            ),
            e(
                "AfterTool-run_shell_command.json",
                POST,
                Shell,
                "run_shell_command",
                Some(BASH_CMD),
                None,
                None,
                Some("Output: hello-from-bash"),
            ),
            e(
                "BeforeTool-read_file.json",
                PRE,
                FileRead,
                "read_file",
                None,
                Some(FILE),
                None,
                None,
            ),
            e(
                "AfterTool-read_file.json",
                POST,
                FileRead,
                "read_file",
                None,
                Some(FILE),
                None,
                Some(HELLO),
            ),
            e(
                "BeforeTool-write_file.json",
                PRE,
                FileWrite,
                "write_file",
                None,
                Some(FILE),
                Some(HELLO),
                None,
            ),
            e(
                "AfterTool-write_file.json",
                POST,
                FileWrite,
                "write_file",
                None,
                Some(FILE),
                Some(HELLO),
                Some("Successfully created"),
            ),
            e(
                "BeforeTool-replace.json",
                PRE,
                FileWrite,
                "replace",
                None,
                Some(FILE),
                Some("bye"),
                None,
            ),
            e(
                "AfterTool-replace.json",
                POST,
                FileWrite,
                "replace",
                None,
                Some(FILE),
                Some("bye"),
                Some("Successfully modified"),
            ),
            e(
                "BeforeTool-glob.json",
                PRE,
                Other,
                "glob",
                None,
                None,
                None,
                None,
            ),
            e(
                "AfterTool-glob.json",
                POST,
                Other,
                "glob",
                None,
                None,
                None,
                Some("ran-write.txt"),
            ),
            mcp(
                "BeforeTool-mcp_fake_echo.json",
                PRE,
                "mcp_fake_echo",
                "fake",
                "echo",
                None,
            ),
            mcp(
                "AfterTool-mcp_fake_echo.json",
                POST,
                "mcp_fake_echo",
                "fake",
                "echo",
                Some("echo: hi mcp"),
            ),
        ],
        Host::CopilotCli => vec![
            e(
                "preToolUse-bash.json",
                PRE,
                Shell,
                "bash",
                Some(BASH_CMD),
                None,
                None,
                None,
            ),
            e(
                "postToolUse-bash.json",
                POST,
                Shell,
                "bash",
                Some(BASH_CMD),
                None,
                None,
                Some("hello-from-bash\n<shellId"),
            ),
            e(
                "preToolUse-view.json",
                PRE,
                FileRead,
                "view",
                None,
                Some(FILE),
                None,
                None,
            ),
            e(
                "postToolUse-view.json",
                POST,
                FileRead,
                "view",
                None,
                Some(FILE),
                None,
                Some(HELLO),
            ),
            e(
                "preToolUse-create.json",
                PRE,
                FileWrite,
                "create",
                None,
                Some(FILE),
                Some(HELLO),
                None,
            ),
            e(
                "postToolUse-create.json",
                POST,
                FileWrite,
                "create",
                None,
                Some(FILE),
                Some(HELLO),
                Some("Created file"),
            ),
            e(
                "preToolUse-edit.json",
                PRE,
                FileWrite,
                "edit",
                None,
                Some(FILE),
                Some("bye"),
                None,
            ),
            e(
                "postToolUse-edit.json",
                POST,
                FileWrite,
                "edit",
                None,
                Some(FILE),
                Some("bye"),
                Some("updated with changes"),
            ),
            e(
                "preToolUse-glob.json",
                PRE,
                Other,
                "glob",
                None,
                None,
                None,
                None,
            ),
            e(
                "postToolUse-glob.json",
                POST,
                Other,
                "glob",
                None,
                None,
                None,
                Some("./ran-write.txt"),
            ),
        ],
        Host::Cursor => vec![
            e(
                "beforeShellExecution.json",
                PRE,
                Shell,
                "Shell",
                Some("npm install express"),
                None,
                None,
                None,
            ),
            e(
                "afterShellExecution.json",
                POST,
                Shell,
                "Shell",
                Some(BASH_CMD),
                None,
                None,
                Some("hello-from-bash\n"),
            ),
            mcp(
                "beforeMCPExecution-url.json",
                PRE,
                "database_query",
                "http://localhost:3000",
                "database_query",
                None,
            ),
            mcp(
                "beforeMCPExecution-command.json",
                PRE,
                "echo",
                "npx mcp-server",
                "echo",
                None,
            ),
            e(
                "beforeReadFile.json",
                PRE,
                FileRead,
                "Read",
                None,
                Some(FILE),
                Some(HELLO),
                None,
            ),
            e(
                "preToolUse-Shell.json",
                PRE,
                Shell,
                "Shell",
                Some(BASH_CMD),
                None,
                None,
                None,
            ),
            e(
                "preToolUse-Read.json",
                PRE,
                FileRead,
                "Read",
                None,
                Some(FILE),
                None,
                None,
            ),
            mcp(
                "preToolUse-MCP.json",
                PRE,
                "MCP:fake:echo",
                "fake",
                "echo",
                None,
            ),
            e(
                "postToolUse-Shell.json",
                POST,
                Shell,
                "Shell",
                Some(BASH_CMD),
                None,
                None,
                Some("hello-from-bash\n"),
            ),
        ],
    }
}

fn fixture_dir(host: Host) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(host.as_str())
}

#[test]
fn every_fixture_parses_as_expected() {
    for host in Host::ALL {
        let dir = fixture_dir(host);
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".json") || name.ends_with(".jsonl"))
            .collect();
        on_disk.sort();
        let mut expected: Vec<String> = expectations(host)
            .iter()
            .map(|x| x.file.to_string())
            .collect();
        expected.sort();
        assert_eq!(
            on_disk, expected,
            "{host}: every fixture has an expectation"
        );

        for x in expectations(host) {
            let bytes = std::fs::read(dir.join(x.file)).unwrap();
            let call = parse(host, &bytes).unwrap_or_else(|err| panic!("{host} {}: {err}", x.file));
            let at = format!("{host} {}", x.file);
            assert_eq!(call.host, host, "{at}");
            assert_eq!(call.event, x.event, "{at}");
            assert_eq!(call.kind, x.kind, "{at}");
            assert_eq!(call.tool_name, x.tool, "{at}");
            assert_eq!(call.command.as_deref(), x.command, "{at}");
            assert_eq!(call.path.as_deref(), x.path, "{at}");
            assert_eq!(call.content.as_deref(), x.content, "{at}");
            match x.output {
                Some(part) => {
                    let output = call
                        .output
                        .as_deref()
                        .unwrap_or_else(|| panic!("{at}: no output"));
                    assert!(output.contains(part), "{at}: {output:?} lacks {part:?}");
                }
                None => assert_eq!(call.output, None, "{at}"),
            }
            match x.mcp {
                Some((server, tool)) => {
                    let mcp = call.mcp.as_ref().unwrap_or_else(|| panic!("{at}: no mcp"));
                    assert_eq!(
                        (mcp.server.as_str(), mcp.tool.as_str()),
                        (server, tool),
                        "{at}"
                    );
                }
                None => assert_eq!(call.mcp, None, "{at}"),
            }
            assert!(call.session_id.is_some(), "{at}: session id");
            assert!(call.cwd.is_some(), "{at}: cwd");

            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(detect(&value), Some(host), "{at}: detect");

            insta::with_settings!({ snapshot_suffix => format!("{}-{}", host.as_str(), x.file) }, {
                insta::assert_json_snapshot!("toolcall", call);
            });
        }
    }
}

#[test]
fn copilot_tool_args_may_be_a_json_string() {
    let payload = br#"{"sessionId":"s","timestamp":1,"cwd":"/w","toolName":"bash","toolArgs":"{\"command\":\"ls -la\",\"description\":\"list\"}"}"#;
    let call = parse(Host::CopilotCli, payload).unwrap();
    assert_eq!(call.event, Event::PreTool);
    assert_eq!(call.host_event, "preToolUse");
    assert_eq!(call.command.as_deref(), Some("ls -la"));
    assert_eq!(call.description.as_deref(), Some("list"));

    let bad =
        br#"{"sessionId":"s","timestamp":1,"cwd":"/w","toolName":"bash","toolArgs":"not json"}"#;
    assert!(parse(Host::CopilotCli, bad).is_err());
}

#[test]
fn copilot_pascal_case_payloads_are_claude_compatible() {
    let payload = br#"{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-11-21T16:16:52.442Z","cwd":"/w","tool_name":"bash","tool_input":{"command":"ls"}}"#;
    let value: serde_json::Value = serde_json::from_slice(payload).unwrap();
    assert_eq!(detect(&value), Some(Host::CopilotCli));
    let call = parse(Host::CopilotCli, payload).unwrap();
    assert_eq!(
        (call.event, call.host_event.as_str()),
        (Event::PreTool, "PreToolUse")
    );
    assert_eq!(call.command.as_deref(), Some("ls"));

    let post = br#"{"hook_event_name":"PostToolUse","session_id":"s","timestamp":"t","cwd":"/w","tool_name":"bash","tool_input":{"command":"ls"},"tool_result":{"result_type":"success","text_result_for_llm":"a b"}}"#;
    assert_eq!(
        parse(Host::CopilotCli, post).unwrap().output.as_deref(),
        Some("a b")
    );
}

#[test]
fn copilot_failure_events_are_inferred_from_error() {
    let payload = br#"{"sessionId":"s","timestamp":1,"cwd":"/w","toolName":"bash","toolArgs":{"command":"false"},"error":"exit 1"}"#;
    let call = parse(Host::CopilotCli, payload).unwrap();
    assert_eq!(
        (call.event, call.host_event.as_str()),
        (Event::PostTool, "postToolUseFailure")
    );
    assert_eq!(call.output.as_deref(), Some("exit 1"));
}

#[test]
fn claude_multi_edit_and_notebook_edit_are_file_writes() {
    let multi = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PreToolUse","tool_name":"MultiEdit","tool_input":{"file_path":"/w/a","edits":[{"old_string":"a","new_string":"b"},{"old_string":"c","new_string":"d"}]}}"#;
    let call = parse(Host::ClaudeCode, multi).unwrap();
    assert_eq!(
        (call.kind, call.content.as_deref()),
        (ToolKind::FileWrite, Some("b\nd"))
    );
    let notebook = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PreToolUse","tool_name":"NotebookEdit","tool_input":{"notebook_path":"/w/n.ipynb","new_source":"x = 1"}}"#;
    let call = parse(Host::ClaudeCode, notebook).unwrap();
    assert_eq!(
        (call.path.as_deref(), call.content.as_deref()),
        (Some("/w/n.ipynb"), Some("x = 1"))
    );
}

#[test]
fn a_shell_call_without_a_command_is_an_error() {
    let payload = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{}}"#;
    let err = parse(Host::ClaudeCode, payload).unwrap_err().to_string();
    assert!(err.contains("tool_input.command"), "{err}");
}
