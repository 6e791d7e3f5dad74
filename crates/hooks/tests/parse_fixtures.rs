//! Every fixture under `tests/fixtures/` parses with the right host, event, kind, tool
//! name and command/path/content/output, is recognised by `detect`, and its `ToolCall`
//! matches its snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_hooks::{detect, parse};
use hookkit_policy::{Event, Host, ToolKind};
use std::path::{Path, PathBuf};

/// What a tool's calls must carry whatever their event: shared by the pre and post
/// fixtures of one tool.
#[derive(Clone, Copy)]
struct Call {
    kind: ToolKind,
    tool: &'static str,
    command: Option<&'static str>,
    path: Option<&'static str>,
    content: Option<&'static str>,
    mcp: Option<(&'static str, &'static str)>,
}

/// What one fixture must parse to. `output` is a substring of the parsed output (the
/// snapshots pin the exact text).
struct Expect {
    file: &'static str,
    event: Event,
    call: Call,
    output: Option<&'static str>,
}

const PRE: Event = Event::PreTool;
const POST: Event = Event::PostTool;
const BASH_CMD: &str = "touch ran-bash; echo hello-from-bash";
const FILE: &str = "/home/dev/project/ran-write.txt";
const HELLO: &str = "hello\nworld\n";

/// A call of `tool`, of `kind`, with nothing else set.
fn tool(kind: ToolKind, tool: &'static str) -> Call {
    Call {
        kind,
        tool,
        command: None,
        path: None,
        content: None,
        mcp: None,
    }
}

/// An MCP call of `tool`, naming `name` on `server`.
fn mcp(tool: &'static str, server: &'static str, name: &'static str) -> Call {
    Call {
        mcp: Some((server, name)),
        ..self::tool(ToolKind::Mcp, tool)
    }
}

impl Call {
    fn command(self, command: &'static str) -> Self {
        Call {
            command: Some(command),
            ..self
        }
    }

    fn path(self, path: &'static str) -> Self {
        Call {
            path: Some(path),
            ..self
        }
    }

    fn content(self, content: &'static str) -> Self {
        Call {
            content: Some(content),
            ..self
        }
    }

    /// This call as `file` of `event`, with `output`.
    fn at(self, file: &'static str, event: Event, output: Option<&'static str>) -> Expect {
        Expect {
            file,
            event,
            call: self,
            output,
        }
    }

    /// This call as a pre-tool `file` (no output).
    fn pre(self, file: &'static str) -> Expect {
        self.at(file, PRE, None)
    }

    /// This call as a post-tool `file` whose output contains `output`.
    fn post(self, file: &'static str, output: &'static str) -> Expect {
        self.at(file, POST, Some(output))
    }
}

fn expectations(host: Host) -> Vec<Expect> {
    use ToolKind::*;
    match host {
        Host::ClaudeCode => {
            let permreq = "touch ran-permreq-allow; echo OUT-permreq-allow";
            let failing = "touch ran-failing; echo failing >&2; exit 3";
            let bash = tool(Shell, "Bash").command(BASH_CMD);
            let read = tool(FileRead, "Read").path(FILE);
            let write = tool(FileWrite, "Write").path(FILE).content(HELLO);
            let edit = tool(FileWrite, "Edit").path(FILE).content("bye");
            let glob = tool(Other, "Glob");
            let grep = tool(Other, "Grep").path("/home/dev/project");
            let echo = mcp("mcp__fake__echo", "fake", "echo");
            vec![
                tool(Shell, "Bash").command(permreq).at(
                    "PermissionRequest.jsonl",
                    Event::PermissionRequest,
                    None,
                ),
                bash.pre("PreToolUse-Bash.json"),
                bash.post("PostToolUse-Bash.json", "hello-from-bash"),
                tool(Shell, "Bash")
                    .command(failing)
                    .post("PostToolUseFailure-Bash.json", "Exit code 3\nfailing"),
                read.pre("PreToolUse-Read.json"),
                read.post("PostToolUse-Read.json", HELLO),
                write.pre("PreToolUse-Write.json"),
                write.post("PostToolUse-Write.json", HELLO),
                edit.pre("PreToolUse-Edit.json"),
                edit.post("PostToolUse-Edit.json", "\"newString\":\"bye\""),
                glob.pre("PreToolUse-Glob.json"),
                glob.post("PostToolUse-Glob.json", "ran-write.txt"),
                grep.pre("PreToolUse-Grep.json"),
                grep.post("PostToolUse-Grep.json", "ran-write.txt"),
                echo.pre("PreToolUse-mcp__fake__echo.json"),
                echo.post("PostToolUse-mcp__fake__echo.json", "echo: hi mcp"),
            ]
        }
        Host::Codex => {
            let patch =
                "*** Begin Patch\n*** Add File: ran-write.txt\n+hello\n+world\n*** End Patch\n";
            let bash = tool(Shell, "Bash").command(BASH_CMD);
            let apply_patch = tool(FileWrite, "apply_patch")
                .path("ran-write.txt")
                .content(patch);
            let echo = mcp("mcp__fake__echo", "fake", "echo");
            vec![
                bash.pre("PreToolUse-Bash.json"),
                bash.post("PostToolUse-Bash.json", "hello-from-bash\n"),
                apply_patch.pre("PreToolUse-apply_patch.json"),
                apply_patch.post("PostToolUse-apply_patch.json", "A ran-write.txt"),
                echo.pre("PreToolUse-mcp__fake__echo.json"),
                echo.post("PostToolUse-mcp__fake__echo.json", "echo: hi mcp"),
            ]
        }
        Host::GeminiCli => {
            let shell = tool(Shell, "run_shell_command").command(BASH_CMD);
            let read = tool(FileRead, "read_file").path(FILE);
            let write = tool(FileWrite, "write_file").path(FILE).content(HELLO);
            let replace = tool(FileWrite, "replace").path(FILE).content("bye");
            let glob = tool(Other, "glob");
            let echo = mcp("mcp_fake_echo", "fake", "echo");
            vec![
                shell.pre("BeforeTool-run_shell_command.json"),
                shell.post(
                    "AfterTool-run_shell_command.json",
                    "Output: hello-from-bash",
                ),
                read.pre("BeforeTool-read_file.json"),
                read.post("AfterTool-read_file.json", HELLO),
                write.pre("BeforeTool-write_file.json"),
                write.post("AfterTool-write_file.json", "Successfully created"),
                replace.pre("BeforeTool-replace.json"),
                replace.post("AfterTool-replace.json", "Successfully modified"),
                glob.pre("BeforeTool-glob.json"),
                glob.post("AfterTool-glob.json", "ran-write.txt"),
                echo.pre("BeforeTool-mcp_fake_echo.json"),
                echo.post("AfterTool-mcp_fake_echo.json", "echo: hi mcp"),
            ]
        }
        Host::CopilotCli => {
            let bash = tool(Shell, "bash").command(BASH_CMD);
            let view = tool(FileRead, "view").path(FILE);
            let create = tool(FileWrite, "create").path(FILE).content(HELLO);
            let edit = tool(FileWrite, "edit").path(FILE).content("bye");
            let glob = tool(Other, "glob");
            vec![
                bash.pre("preToolUse-bash.json"),
                bash.post("postToolUse-bash.json", "hello-from-bash\n<shellId"),
                view.pre("preToolUse-view.json"),
                view.post("postToolUse-view.json", HELLO),
                create.pre("preToolUse-create.json"),
                create.post("postToolUse-create.json", "Created file"),
                edit.pre("preToolUse-edit.json"),
                edit.post("postToolUse-edit.json", "updated with changes"),
                glob.pre("preToolUse-glob.json"),
                glob.post("postToolUse-glob.json", "./ran-write.txt"),
            ]
        }
        Host::Cursor => {
            let shell = tool(Shell, "Shell").command(BASH_CMD);
            vec![
                tool(Shell, "Shell")
                    .command("npm install express")
                    .pre("beforeShellExecution.json"),
                shell.post("afterShellExecution.json", "hello-from-bash\n"),
                mcp("database_query", "http://localhost:3000", "database_query")
                    .pre("beforeMCPExecution-url.json"),
                mcp("echo", "npx mcp-server", "echo").pre("beforeMCPExecution-command.json"),
                tool(FileRead, "Read")
                    .path(FILE)
                    .content(HELLO)
                    .pre("beforeReadFile.json"),
                shell.pre("preToolUse-Shell.json"),
                tool(FileRead, "Read")
                    .path(FILE)
                    .pre("preToolUse-Read.json"),
                mcp("MCP:fake:echo", "fake", "echo").pre("preToolUse-MCP.json"),
                shell.post("postToolUse-Shell.json", "hello-from-bash\n"),
            ]
        }
        Host::QwenCode => {
            let notes = "/home/dev/project/notes.txt";
            let new = "/home/dev/project/new.txt";
            let shell = tool(Shell, "run_shell_command").command("echo hello-qwen");
            let failing = "echo printed-before-failing; exit 3";
            let monitor = tool(Shell, "monitor").command("echo via-monitor");
            let read = tool(FileRead, "read_file").path(notes);
            let write = tool(FileWrite, "write_file")
                .path(new)
                .content("new content\n");
            let edit = tool(FileWrite, "edit").path(new).content("edited content");
            let echo = mcp("mcp__fake__echo", "fake", "echo");
            vec![
                shell.pre("PreToolUse-run_shell_command.json"),
                shell.post(
                    "PostToolUse-run_shell_command.json",
                    "Output: hello-qwen\nError: (none)\nExit Code: 0",
                ),
                tool(Shell, "run_shell_command").command(failing).post(
                    "PostToolUseFailure-run_shell_command.json",
                    "Output: printed-before-failing\nError: (none)\nExit Code: 3",
                ),
                monitor.pre("PreToolUse-monitor.json"),
                monitor.post("PostToolUse-monitor.json", "Monitor started."),
                read.pre("PreToolUse-read_file.json"),
                read.post("PostToolUse-read_file.json", "hello file\n"),
                write.pre("PreToolUse-write_file.json"),
                write.post("PostToolUse-write_file.json", "Successfully created"),
                edit.pre("PreToolUse-edit.json"),
                edit.post("PostToolUse-edit.json", "has been updated"),
                tool(Other, "glob").pre("PreToolUse-glob.json"),
                tool(Other, "glob").post("PostToolUse-glob.json", "/home/dev/project/new.txt"),
                tool(Other, "grep_search").pre("PreToolUse-grep_search.json"),
                tool(Other, "grep_search").post("PostToolUse-grep_search.json", "L1: hello file"),
                echo.pre("PreToolUse-mcp__fake__echo.json"),
                echo.post("PostToolUse-mcp__fake__echo.json", "echo: hi mcp"),
            ]
        }
        Host::FactoryDroid => {
            let shell = tool(Shell, "Execute").command(BASH_CMD);
            let read = tool(FileRead, "Read").path(FILE);
            let create = tool(FileWrite, "Create").path(FILE).content(HELLO);
            let edit = tool(FileWrite, "Edit").path(FILE).content("droid");
            let patch = tool(FileWrite, "ApplyPatch").path("ran-patch.txt").content(
                "*** Begin Patch\n*** Add File: ran-patch.txt\n+hello\n+patch\n*** End Patch\n",
            );
            let ls = tool(Other, "LS").path("/home/dev/project");
            let grep = tool(Other, "Grep").path("/home/dev/project");
            let echo = mcp("fake___echo", "fake", "echo");
            vec![
                shell.pre("PreToolUse-Execute.json"),
                shell.post(
                    "PostToolUse-Execute.json",
                    "hello-from-bash\n\n\n[Process exited with code 0]",
                ),
                read.pre("PreToolUse-Read.json"),
                read.post("PostToolUse-Read.json", HELLO),
                create.pre("PreToolUse-Create.json"),
                create.post("PostToolUse-Create.json", r#"{"success":true"#),
                edit.pre("PreToolUse-Edit.json"),
                edit.post("PostToolUse-Edit.json", r#""content":"droid""#),
                patch.pre("PreToolUse-ApplyPatch.json"),
                patch.post("PostToolUse-ApplyPatch.json", r#""content":"hello\npatch""#),
                ls.pre("PreToolUse-LS.json"),
                ls.post("PostToolUse-LS.json", "ran-write.txt"),
                grep.pre("PreToolUse-Grep.json"),
                grep.post("PostToolUse-Grep.json", "./ran-write.txt"),
                tool(Other, "Glob").pre("PreToolUse-Glob.json"),
                tool(Other, "Glob").post("PostToolUse-Glob.json", "./ran-write.txt"),
                echo.pre("PreToolUse-fake___echo.json"),
                echo.post("PostToolUse-fake___echo.json", "echo: hi mcp"),
            ]
        }
        Host::Opencode => {
            let patch =
                "*** Begin Patch\n*** Add File: ran-write.txt\n+hello\n+world\n*** End Patch\n";
            let apply_patch = tool(FileWrite, "apply_patch")
                .path("ran-write.txt")
                .content(patch);
            let echo = mcp("fake_echo", "fake", "echo");
            let mut all = opencode_file_and_shell_tools();
            all.extend([
                apply_patch.pre("tool.execute.before-apply_patch.json"),
                apply_patch.post(
                    "tool.execute.after-apply_patch.json",
                    "A home/dev/project/ran-write.txt",
                ),
                tool(Other, "glob").pre("tool.execute.before-glob.json"),
                echo.pre("tool.execute.before-fake_echo.json"),
                echo.post("tool.execute.after-fake_echo.json", "echo: hi mcp"),
            ]);
            all
        }
        Host::Kilo => opencode_file_and_shell_tools(),
    }
}

/// The `bash`, `read`, `write` and `edit` captures of hookkit's plugin, the same in opencode
/// and Kilo CLI.
fn opencode_file_and_shell_tools() -> Vec<Expect> {
    use ToolKind::*;
    let bash = tool(Shell, "bash").command(BASH_CMD);
    let read = tool(FileRead, "read").path(FILE);
    let write = tool(FileWrite, "write").path(FILE).content(HELLO);
    let edit = tool(FileWrite, "edit").path(FILE).content("bye");
    vec![
        bash.pre("tool.execute.before-bash.json"),
        bash.post("tool.execute.after-bash.json", "hello-from-bash\n"),
        read.pre("tool.execute.before-read.json"),
        read.post("tool.execute.after-read.json", "1: hello\n2: world"),
        write.pre("tool.execute.before-write.json"),
        write.post("tool.execute.after-write.json", "Wrote file successfully."),
        edit.pre("tool.execute.before-edit.json"),
        edit.post("tool.execute.after-edit.json", "Edit applied successfully."),
    ]
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
            assert_eq!(call.kind, x.call.kind, "{at}");
            assert_eq!(call.tool_name, x.call.tool, "{at}");
            assert_eq!(call.command.as_deref(), x.call.command, "{at}");
            assert_eq!(call.path.as_deref(), x.call.path, "{at}");
            assert_eq!(call.content.as_deref(), x.call.content, "{at}");
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
            match x.call.mcp {
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
            // Kilo CLI runs opencode's plugin: only `--host kilo` tells its payloads apart.
            let detected = if host == Host::Kilo {
                Host::Opencode
            } else {
                host
            };
            assert_eq!(detect(&value), Some(detected), "{at}: detect");

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
fn opencode_bash_runs_in_its_workdir_and_the_call_id_is_kept() {
    let payload = br#"{"hook_event_name":"tool.execute.before","cwd":"/w","input":{"tool":"bash","sessionID":"ses_1","callID":"call_1"},"output":{"args":{"command":"ls","workdir":"sub"}}}"#;
    let call = parse(Host::Opencode, payload).unwrap();
    assert_eq!(call.cwd.as_deref(), Some(Path::new("/w/sub")));
    assert_eq!(call.call_id.as_deref(), Some("call_1"));
    let absolute = br#"{"hook_event_name":"tool.execute.before","cwd":"/w","input":{"tool":"bash","sessionID":"ses_1","callID":"call_1"},"output":{"args":{"command":"ls","workdir":"/elsewhere"}}}"#;
    assert_eq!(
        parse(Host::Opencode, absolute).unwrap().cwd.as_deref(),
        Some(Path::new("/elsewhere"))
    );
    // After the tool ran the arguments are in `input`; a missing output is an error.
    let post = br#"{"hook_event_name":"tool.execute.after","cwd":"/w","input":{"tool":"bash","sessionID":"s","callID":"c","args":{"command":"ls"}},"output":{"title":"ls"}}"#;
    let err = parse(Host::Opencode, post).unwrap_err().to_string();
    assert!(err.contains("output.output"), "{err}");
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

#[test]
fn claude_grep_carries_its_file_filter() {
    let grep = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PreToolUse","tool_name":"Grep","tool_input":{"pattern":"KEY","path":"/w","glob":".env*"}}"#;
    let call = parse(Host::ClaudeCode, grep).unwrap();
    assert_eq!(
        (call.kind, call.path.as_deref(), call.search_glob.as_deref()),
        (ToolKind::Other, Some("/w"), Some(".env*"))
    );
    // Only `Grep`'s: `Glob`'s pattern lists names, it reads no file.
    let glob = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PreToolUse","tool_name":"Glob","tool_input":{"pattern":".env*","glob":".env*"}}"#;
    assert_eq!(parse(Host::ClaudeCode, glob).unwrap().search_glob, None);
}
