//! What the command-guard tests share: a scratch HOME and project, the real binary run
//! in them, the hosts' captured payloads (crates/hooks/tests/fixtures), and how each host
//! reads an answer.
#![allow(dead_code, reason = "each test file uses part of it")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use hookkit_testkit::{build_workspace_bins, scratch_home};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("home/project/.git")).unwrap();
        std::fs::write(
            dir.path().join("home/project/.git/HEAD"),
            "ref: refs/heads/main\n",
        )
        .unwrap();
        Scratch { dir }
    }
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    pub fn project(&self) -> PathBuf {
        self.dir.path().join("home/project")
    }

    /// command-guard with `args`, in the project, with a scratch HOME.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_command-guard"));
        scratch_home(&mut command, &self.home())
            .args(args)
            .current_dir(self.project());
        command
    }

    /// Run command-guard with `args` and `stdin`, in the project, with a scratch HOME.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> (String, String, i32) {
        self.run_with(args, stdin, &[])
    }

    /// [`Scratch::run`] with extra environment variables.
    pub fn run_with(
        &self,
        args: &[&str],
        stdin: &[u8],
        env: &[(&str, &str)],
    ) -> (String, String, i32) {
        run(self.command(args).envs(env.iter().copied()), stdin)
    }

    /// Run the real `hookkit` (built for the test) with `args` as a person would, with
    /// the same scratch HOME and state directory; it must succeed.
    pub fn hookkit(&self, args: &[&str]) -> String {
        let bins = build_workspace_bins(&["hookkit"]).unwrap();
        let out = scratch_home(&mut Command::new(&bins[0]), &self.home())
            .args(args)
            .current_dir(self.project())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "hookkit {args:?}: {stdout} {stderr}");
        stdout
    }

    /// A captured PreToolUse shell payload of `host` with its command replaced.
    pub fn payload(&self, host: &str, command: &str) -> Vec<u8> {
        let (file, pointer) = match host {
            "claude-code" => ("claude-code/PreToolUse-Bash.json", "/tool_input/command"),
            "codex" => ("codex/PreToolUse-Bash.json", "/tool_input/command"),
            "cursor" => ("cursor/beforeShellExecution.json", "/command"),
            "gemini-cli" => (
                "gemini-cli/BeforeTool-run_shell_command.json",
                "/tool_input/command",
            ),
            "copilot-cli" => ("copilot-cli/preToolUse-bash.json", "/toolArgs/command"),
            other => panic!("no fixture for {other}"),
        };
        let mut v = fixture(file);
        *v.pointer_mut(pointer).unwrap() = json!(command);
        v["cwd"] = json!(self.project());
        serde_json::to_vec(&v).unwrap()
    }
}

/// Run `command` with `stdin`: (stdout, stderr, exit code).
pub fn run(command: &mut Command, stdin: &[u8]) -> (String, String, i32) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

pub fn fixture(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hooks/tests/fixtures")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub const HOSTS: [&str; 5] = [
    "claude-code",
    "codex",
    "cursor",
    "gemini-cli",
    "copilot-cli",
];

/// True when the answer blocks the call on `host` (shared/hosts/README.md and the
/// decision table in crates/hooks).
pub fn blocks(host: &str, stdout: &str, stderr: &str, code: i32) -> bool {
    if code == 2 {
        return !stderr.trim().is_empty();
    }
    if code != 0 || stdout.trim().is_empty() {
        return false;
    }
    let v: Value = serde_json::from_str(stdout).unwrap();
    match host {
        "claude-code" | "codex" => v["hookSpecificOutput"]["permissionDecision"] == "deny",
        "cursor" => v["permission"] == "deny",
        "gemini-cli" => v["decision"] == "deny",
        "copilot-cli" => v["permissionDecision"] == "deny",
        _ => false,
    }
}

impl Scratch {
    /// A captured Claude Code PreToolUse payload for the MCP tool `tool`
    /// (`mcp__SERVER__TOOL`) with `arguments` as its input.
    pub fn mcp_payload(&self, tool: &str, arguments: &Value) -> Vec<u8> {
        let mut v = fixture("claude-code/PreToolUse-Bash.json");
        v["tool_name"] = json!(tool);
        v["tool_input"] = arguments.clone();
        v["cwd"] = json!(self.project());
        serde_json::to_vec(&v).unwrap()
    }
}
