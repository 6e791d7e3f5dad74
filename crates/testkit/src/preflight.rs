//! Asking a guard directly, before any host starts: the end-to-end tests check that a
//! guard blocks a dangerous command on its own before they hand that command to a real
//! host, so that a broken guard can never let the host run it.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use serde_json::{Value, json};

use crate::error::{Error, Result};

/// What a guard answered to one hook payload.
#[derive(Debug, Clone)]
pub struct GuardAnswer {
    /// How the guard exited.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

impl GuardAnswer {
    /// The answer on stdout parsed as JSON; `None` when stdout is empty (an allow) or not
    /// JSON.
    pub fn json(&self) -> Option<Value> {
        let text = self.stdout.trim();
        (!text.is_empty())
            .then(|| serde_json::from_str(text).ok())
            .flatten()
    }

    /// The reason, when the answer blocks the call: a JSON deny with a non-empty reason
    /// (Claude Code, Codex and Qwen Code `hookSpecificOutput.permissionDecision`, Copilot CLI
    /// `permissionDecision`, Gemini CLI `decision`), or exit 2 with a message on stderr (shared/hosts/README.md).
    pub fn block_reason(&self) -> Option<String> {
        if let Some(value) = self.json() {
            let specific = &value["hookSpecificOutput"];
            let (decision, reason) = if specific.is_object() {
                (
                    &specific["permissionDecision"],
                    &specific["permissionDecisionReason"],
                )
            } else if value.get("permissionDecision").is_some() {
                (
                    &value["permissionDecision"],
                    &value["permissionDecisionReason"],
                )
            } else {
                (&value["decision"], &value["reason"])
            };
            if decision == "deny" {
                return reason.as_str().filter(|r| !r.is_empty()).map(str::to_owned);
            }
        }
        (self.status.code() == Some(2) && !self.stderr.trim().is_empty())
            .then(|| self.stderr.trim().to_owned())
    }
}

/// A pre-tool payload for a shell call of `command`, shaped as `host` sends it (captured
/// shapes: shared/hosts/): `claude-code` (PreToolUse `Bash`), `codex` (PreToolUse `Bash`)
/// `gemini-cli` (BeforeTool `run_shell_command`), `copilot-cli` (camelCase `preToolUse`
/// `bash`, which carries no event name), `qwen-code` (PreToolUse `run_shell_command`,
/// crates/hooks/tests/fixtures/qwen-code/), `opencode` and `kilo` (`tool.execute.before`
/// of `bash`, as hookkit's plugin sends it: crates/hooks/tests/fixtures/opencode/) or
/// `factory-droid` (PreToolUse `Execute`, crates/hooks/tests/fixtures/factory-droid/).
///
/// # Errors
/// [`Error::Io`] (invalid input) for another host: no captured shape here.
pub fn shell_payload(host: &str, command: &str, cwd: &Path, home: &Path) -> Result<Value> {
    Ok(match host {
        "claude-code" => json!({
            "session_id": "00000000-0000-0000-0000-000000000000",
            "transcript_path": home.join(".claude/projects/e2e/transcript.jsonl"),
            "cwd": cwd,
            "prompt_id": "00000000-0000-0000-0000-000000000001",
            "permission_mode": "default",
            "effort": { "level": "medium" },
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": { "command": command, "description": "preflight" },
            "tool_use_id": "toolu_preflight",
        }),
        "codex" => json!({
            "session_id": "00000000-0000-0000-0000-000000000000",
            "turn_id": "00000000-0000-0000-0000-000000000001",
            "transcript_path": home.join(".codex/sessions/e2e.jsonl"),
            "cwd": cwd,
            "hook_event_name": "PreToolUse",
            "model": "gpt-5.5",
            "permission_mode": "bypassPermissions",
            "tool_name": "Bash",
            "tool_input": { "command": command },
            "tool_use_id": "call_preflight",
        }),
        "gemini-cli" => json!({
            "session_id": "00000000-0000-0000-0000-000000000000",
            "transcript_path": home.join(".gemini/tmp/e2e/chats/session.jsonl"),
            "cwd": cwd,
            "hook_event_name": "BeforeTool",
            "timestamp": "2026-01-01T00:00:00.000Z",
            "tool_name": "run_shell_command",
            "tool_input": { "command": command, "description": "preflight" },
        }),
        "copilot-cli" => json!({
            "sessionId": "00000000-0000-0000-0000-000000000000",
            "timestamp": 1_767_225_600_000_u64,
            "cwd": cwd,
            "toolName": "bash",
            "toolArgs": { "command": command, "description": "preflight" },
        }),
        "qwen-code" => json!({
            "session_id": "00000000-0000-0000-0000-000000000000",
            "transcript_path": home.join(".qwen/projects/e2e/chats/session.jsonl"),
            "cwd": cwd,
            "hook_event_name": "PreToolUse",
            "timestamp": "2026-01-01T00:00:00.000Z",
            "permission_mode": "yolo",
            "prompt_id": "00000000-0000-0000-0000-000000000000########0",
            "tool_name": "run_shell_command",
            "tool_input": { "command": command, "description": "preflight" },
            "tool_use_id": "toolu_preflight",
        }),
        "opencode" | "kilo" => json!({
            "hook_event_name": "tool.execute.before",
            "cwd": cwd,
            "input": { "tool": "bash", "sessionID": "ses_preflight", "callID": "call_preflight" },
            "output": { "args": { "command": command, "description": "preflight" } },
        }),
        "factory-droid" => json!({
            "session_id": "00000000-0000-0000-0000-000000000000",
            "transcript_path": home.join(".factory/sessions/e2e/session.jsonl"),
            "cwd": cwd,
            "permission_mode": "auto-low",
            "hook_event_name": "PreToolUse",
            "tool_name": "Execute",
            "tool_input": {
                "summary": "Run a preflight command",
                "command": command,
                "riskLevelReason": "preflight",
                "riskLevel": "low",
            },
        }),
        other => {
            return Err(Error::io(
                format!("no preflight payload shape for host `{other}`"),
                std::io::ErrorKind::InvalidInput.into(),
            ));
        }
    })
}

/// Runs `guard --host <host>` in `cwd` with only `PATH` and `HOME` (= `home`) set, writes
/// `payload` to its stdin and collects its answer.
///
/// # Errors
/// [`Error::Io`] when the guard cannot be spawned or fed.
pub fn ask_guard(
    guard: &Path,
    host: &str,
    payload: &Value,
    cwd: &Path,
    home: &Path,
) -> Result<GuardAnswer> {
    let spawn = || format!("running {} --host {host}", guard.display());
    let mut child = Command::new(guard)
        .args(["--host", host])
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(spawn(), e))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(payload.to_string().as_bytes())
            .map_err(|e| Error::io(spawn(), e))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| Error::io(spawn(), e))?;
    Ok(GuardAnswer {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// [`ask_guard`] with [`shell_payload`]: `guard`'s answer to `host`'s pre-tool payload for
/// a shell call of `command`.
///
/// # Errors
/// As [`shell_payload`] and [`ask_guard`].
pub fn ask_guard_shell(
    guard: &Path,
    host: &str,
    command: &str,
    cwd: &Path,
    home: &Path,
) -> Result<GuardAnswer> {
    ask_guard(
        guard,
        host,
        &shell_payload(host, command, cwd, home)?,
        cwd,
        home,
    )
}

/// Writes the marker file `keep-me.txt` into `home`, after checking that `home` is a
/// scratch directory (under the system's temporary directory, and not this process's own
/// `HOME`): the precondition of every end-to-end test that hands a host a destructive
/// command. The test then checks the marker survived.
///
/// # Errors
/// [`Error::Io`] when `home` is not a scratch directory or the marker cannot be written.
pub fn plant_marker(home: &Path) -> Result<std::path::PathBuf> {
    let scratch = home.starts_with(std::env::temp_dir())
        && std::env::var_os("HOME").as_deref() != Some(home.as_os_str());
    if !scratch {
        return Err(Error::io(
            format!(
                "{} is not a scratch HOME: not planting the marker",
                home.display()
            ),
            std::io::Error::from(std::io::ErrorKind::InvalidInput),
        ));
    }
    let marker = home.join("keep-me.txt");
    std::fs::write(&marker, "hookkit e2e marker\n")
        .map_err(|e| Error::io(format!("writing {}", marker.display()), e))?;
    Ok(marker)
}

/// `rm -rf ~`, assembled from parts so that it is never a literal a tool could run: the
/// destructive command the end-to-end tests hand the fake model (data, never run outside
/// a host whose `HOME` is a scratch directory).
pub fn destructive_command() -> String {
    ["rm", "-rf", "~"].join(" ")
}

/// `aws secretsmanager get-secret-value --secret-id <secret_id>`, assembled from parts: the
/// secret fetch the end-to-end tests hand the fake model (an `aws` stand-in on the host's
/// `PATH` records whether it ran).
pub fn secret_fetch_command(secret_id: &str) -> String {
    [
        "aws",
        "secretsmanager",
        "get-secret-value",
        "--secret-id",
        secret_id,
    ]
    .join(" ")
}
