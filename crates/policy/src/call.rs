//! The host-neutral description of one tool call, as every hookkit guard sees it.
//!
//! The host wire formats (Claude Code, Codex, Cursor, Gemini CLI, Copilot CLI, Qwen Code,
//! opencode, Kilo CLI, Factory droid) are parsed into a [`ToolCall`] by `hookkit-hooks`;
//! guards never look at host JSON themselves.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::PathBuf;

/// The agent host that ran the hook.
///
/// The serialized names (`claude-code`, `codex`, …) are the values of the hook binaries'
/// `--host` flag and of the `host` field of audit records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// Anthropic's Claude Code (`@anthropic-ai/claude-code`).
    ClaudeCode,
    /// OpenAI's Codex CLI (`@openai/codex`).
    Codex,
    /// The Cursor editor's agent hooks.
    Cursor,
    /// Google's Gemini CLI (`@google/gemini-cli`).
    GeminiCli,
    /// GitHub Copilot CLI.
    CopilotCli,
    /// Alibaba's Qwen Code (`@qwen-code/qwen-code`), a fork of Gemini CLI whose hooks take
    /// Claude Code's event names and answers.
    QwenCode,
    /// opencode (`opencode-ai`), through hookkit's plugin (`hooks/opencode/hookkit.js`),
    /// which runs the guards from its `tool.execute.before` and `tool.execute.after` hooks.
    Opencode,
    /// Kilo CLI (`@kilocode/cli`), a fork of opencode that loads the same plugin.
    Kilo,
    /// Factory's droid CLI (`@factory/cli`), whose hooks take Claude Code's `PreToolUse` and
    /// `PostToolUse` events and answers with its own tool names.
    FactoryDroid,
}

impl Host {
    /// Every host, in a stable order.
    pub const ALL: [Host; 9] = [
        Host::ClaudeCode,
        Host::Codex,
        Host::Cursor,
        Host::GeminiCli,
        Host::CopilotCli,
        Host::QwenCode,
        Host::Opencode,
        Host::Kilo,
        Host::FactoryDroid,
    ];

    /// The `--host` spelling of this host (`claude-code`, `codex`, `cursor`, `gemini-cli`,
    /// `copilot-cli`, `qwen-code`, `opencode`, `kilo`, `factory-droid`).
    pub fn as_str(self) -> &'static str {
        match self {
            Host::ClaudeCode => "claude-code",
            Host::Codex => "codex",
            Host::Cursor => "cursor",
            Host::GeminiCli => "gemini-cli",
            Host::CopilotCli => "copilot-cli",
            Host::QwenCode => "qwen-code",
            Host::Opencode => "opencode",
            Host::Kilo => "kilo",
            Host::FactoryDroid => "factory-droid",
        }
    }
}

impl std::str::FromStr for Host {
    type Err = String;
    /// Parse a `--host` value: `claude-code`, `codex`, `cursor`, `gemini-cli`,
    /// `copilot-cli`, `qwen-code`, `opencode`, `kilo`, `factory-droid` (also `claude`,
    /// `gemini`, `copilot`, `qwen`, `kilocode`, `droid`).
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "claude-code" | "claude" => Ok(Host::ClaudeCode),
            "codex" => Ok(Host::Codex),
            "cursor" => Ok(Host::Cursor),
            "gemini-cli" | "gemini" => Ok(Host::GeminiCli),
            "copilot-cli" | "copilot" => Ok(Host::CopilotCli),
            "qwen-code" | "qwen" => Ok(Host::QwenCode),
            "opencode" => Ok(Host::Opencode),
            "kilo" | "kilocode" => Ok(Host::Kilo),
            "factory-droid" | "droid" => Ok(Host::FactoryDroid),
            other => Err(format!(
                "unknown host `{other}`: expected one of claude-code, codex, cursor, gemini-cli, copilot-cli, qwen-code, opencode, kilo, factory-droid"
            )),
        }
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When the hook runs relative to the tool call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// Before the tool runs; the hook may allow, ask or deny (Claude Code and Codex
    /// `PreToolUse`, Gemini CLI `BeforeTool`, Copilot CLI `preToolUse`, Cursor
    /// `beforeShellExecution`/`beforeMCPExecution`/`beforeReadFile`/`preToolUse`, opencode
    /// and Kilo CLI `tool.execute.before`).
    PreTool,
    /// Claude Code's `PermissionRequest`: the host is about to ask the user; the hook may
    /// answer for them.
    PermissionRequest,
    /// After the tool ran; the hook sees its output and may flag or replace it (Claude Code
    /// and Codex `PostToolUse`, Gemini CLI `AfterTool`, Copilot CLI and Cursor
    /// `postToolUse`, opencode and Kilo CLI `tool.execute.after`).
    PostTool,
}

/// What kind of tool is being called, independent of each host's tool names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolKind {
    /// A shell command line (`Bash`, `run_shell_command`, `bash`, Cursor shell execution).
    Shell,
    /// Reading a file (`Read`, `read_file`, `view`, Cursor `beforeReadFile`).
    FileRead,
    /// Writing, editing or patching a file (`Write`, `Edit`, `apply_patch`, `write_file`,
    /// `replace`, `create`, `edit`).
    FileWrite,
    /// A tool of an MCP server.
    Mcp,
    /// Anything else (`Glob`, `Grep`, web tools…).
    Other,
}

/// A call to a tool of an MCP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McpCall {
    /// The server's name as the host knows it (`fake` in `mcp__fake__echo`).
    pub server: String,
    /// The tool's name on that server (`echo` in `mcp__fake__echo`).
    pub tool: String,
    /// The tool's arguments, as the host sent them.
    pub arguments: serde_json::Value,
}

/// One tool call, host-neutral.
///
/// Fields that a host does not send are `None`. Text fields hold exactly what the host
/// sent: they may contain secrets and must never be written to a log or a message as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The host that ran the hook.
    pub host: Host,
    /// Before or after the tool ran.
    pub event: Event,
    /// The host's own name for the event (`PreToolUse`, `beforeShellExecution`,
    /// `BeforeTool`…), which the answer must echo where the host asks for it.
    pub host_event: String,
    /// What kind of tool this is.
    pub kind: ToolKind,
    /// The host's own name for the tool (`Bash`, `apply_patch`, `mcp__fake__echo`…).
    pub tool_name: String,
    /// The shell command line, for [`ToolKind::Shell`].
    pub command: Option<String>,
    /// The file path, for file tools; the directory, for content-search tools.
    pub path: Option<String>,
    /// A content-search tool's file filter: the glob of Claude Code's `Grep` (ripgrep's
    /// `--glob`; code.claude.com/docs/en/tools-reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_glob: Option<String>,
    /// Content being written: a Write's content, an Edit's new string, a Codex
    /// `apply_patch` body.
    pub content: Option<String>,
    /// The MCP server, tool and arguments, for [`ToolKind::Mcp`].
    pub mcp: Option<McpCall>,
    /// The tool's output as text, for [`Event::PostTool`].
    pub output: Option<String>,
    /// The tool's result exactly as the host sent it (JSON), for [`Event::PostTool`] where
    /// the host sends one as `tool_response` (Claude Code: `{stdout, stderr, …}` for
    /// `Bash`, `{type, file: {content, …}}` for `Read`, `[{type, text}]` for MCP tools):
    /// Claude Code accepts a replacement of the same shape. `None` when the result is a
    /// plain string (Codex `Bash`): that string is [`ToolCall::output`].
    /// [`ToolCall::output`] is its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<serde_json::Value>,
    /// When set, the field of [`ToolCall::response`] (an object) whose string IS
    /// [`ToolCall::output`]: it was moved there rather than copied (a Claude Code `Bash`
    /// output of megabytes is `stdout`), and the field is left `null` in `response`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_field: Option<String>,
    /// The working directory the host reports.
    pub cwd: Option<PathBuf>,
    /// The host's session id.
    pub session_id: Option<String>,
    /// The host's id for this call (`tool_use_id`, Cursor `generation_id`…).
    pub call_id: Option<String>,
    /// The host's own statement of intent, where it sends one (Claude Code's Bash
    /// `description`).
    pub description: Option<String>,
}

impl ToolCall {
    /// The shell command line this call runs: a shell tool's command, or the command
    /// argument of an MCP tool that runs shell commands ([`crate::mcp::shell_command`]:
    /// `execute_command`, `start_process`, `run_shell_command`…). Both guards analyse it as the shell's, so that an MCP shell is
    /// no way around them. A PowerShell tool's command (Claude Code `PowerShell`, Copilot
    /// CLI `powershell`) is PowerShell, not bash: it is given as `pwsh -Command '…'`, which
    /// the analysis reports as a foreign shell, so it is never read as a bash line.
    pub fn shell_line(&self) -> Option<Cow<'_, str>> {
        match self.kind {
            ToolKind::Shell => {
                let command = self.command.as_deref()?;
                if self.tool_name.eq_ignore_ascii_case("powershell") {
                    let quoted = crate::fetch::shell_quote(command);
                    Some(Cow::Owned(format!("pwsh -Command {quoted}")))
                } else {
                    Some(Cow::Borrowed(command))
                }
            }
            ToolKind::Mcp => crate::mcp::shell_command(self.mcp.as_ref()?).map(Cow::Borrowed),
            _ => None,
        }
    }

    /// A call with only the identifying fields set; the rest is `None`.
    pub fn new(
        host: Host,
        event: Event,
        host_event: impl Into<String>,
        kind: ToolKind,
        tool_name: impl Into<String>,
    ) -> Self {
        ToolCall {
            host,
            event,
            host_event: host_event.into(),
            kind,
            tool_name: tool_name.into(),
            command: None,
            path: None,
            search_glob: None,
            content: None,
            mcp: None,
            output: None,
            response: None,
            output_field: None,
            cwd: None,
            session_id: None,
            call_id: None,
            description: None,
        }
    }
}
