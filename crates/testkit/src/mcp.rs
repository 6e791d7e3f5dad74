//! A stand-in for the AWS MCP Server in end-to-end tests: `fake/aws_mcp_server.py`, a
//! stdio MCP server offering the AWS MCP Server's tool names (`aws___call_aws`,
//! `aws___run_script`, `aws___search_documentation`) that runs nothing and logs every
//! `tools/call` it receives, so that a test can prove a refused call never reached it.
//! Claude Code loads it with `--mcp-config` ([`crate::ClaudeSession::mcp_config`]); it
//! needs `python3` on the host's `PATH`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::error::{Error, Result};

/// The server's source.
const SERVER: &str = include_str!("../fake/aws_mcp_server.py");

/// One fake AWS MCP server: its script, its `--mcp-config` file and its call log, in a
/// scratch directory that lives as long as this value.
#[derive(Debug)]
pub struct FakeAwsMcp {
    dir: TempDir,
}

impl FakeAwsMcp {
    /// The server's name in the MCP configuration: Claude Code names its tools
    /// `mcp__aws-mcp__aws___call_aws`…
    pub const NAME: &'static str = "aws-mcp";

    /// Writes the server and its configuration to a scratch directory.
    ///
    /// # Errors
    /// [`Error::Io`] when the directory or a file cannot be written.
    pub fn new() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("hookkit-e2e-mcp-")
            .tempdir()
            .map_err(|e| Error::io("creating the fake MCP server's dir", e))?;
        let script = dir.path().join("aws_mcp_server.py");
        std::fs::write(&script, SERVER).map_err(|e| Error::io("writing the fake MCP server", e))?;
        let log = dir.path().join("calls.jsonl");
        let config = json!({
            "mcpServers": {
                Self::NAME: { "command": "python3", "args": [script, log] }
            }
        });
        std::fs::write(dir.path().join("mcp.json"), config.to_string())
            .map_err(|e| Error::io("writing the MCP configuration", e))?;
        Ok(Self { dir })
    }

    /// The file to pass to `--mcp-config`.
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("mcp.json")
    }

    /// The host's name for the server's tool `tool`: `mcp__aws-mcp__<tool>`.
    pub fn tool(tool: &str) -> String {
        format!("mcp__{}__{tool}", Self::NAME)
    }

    /// Every `tools/call` that reached the server, in order: `{"name", "arguments"}`.
    ///
    /// # Errors
    /// [`Error::Io`] when the log exists but cannot be read; a line that is not JSON is
    /// returned as a string.
    pub fn calls(&self) -> Result<Vec<Value>> {
        let log: &Path = &self.dir.path().join("calls.jsonl");
        let text = match std::fs::read_to_string(log) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io("reading the fake MCP server's log", e)),
        };
        Ok(text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|_| Value::String(l.to_owned())))
            .collect())
    }
}
