//! The audit log: one JSON line per decision, appended under an exclusive file lock so
//! that many hook processes can write at once without torn or interleaved lines.
//!
//! A record holds no tool input: only a SHA-256 digest of the raw hook input, so a secret
//! in a command never reaches the log.

use crate::call::ToolCall;
use crate::decision::{ActionClass, Decision, Environment, Verdict};
use crate::error::Error;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    /// When the decision was made, RFC 3339 in UTC.
    pub time: String,
    /// The guard that decided (`command-guard`).
    pub guard: String,
    /// The host (`claude-code`, `codex`…).
    pub host: String,
    /// The host's event name (`PreToolUse`, `beforeShellExecution`…).
    pub event: String,
    /// The host's session id.
    pub session: Option<String>,
    /// The host's id for the call.
    pub call_id: Option<String>,
    /// The working directory.
    pub cwd: Option<String>,
    /// The host's tool name.
    pub tool: String,
    /// allow, ask or deny.
    pub decision: Verdict,
    /// The rules that fired.
    pub rule_ids: Vec<String>,
    /// The action classes of the findings.
    pub classes: Vec<ActionClass>,
    /// The environments the findings touch (without `unknown`).
    pub environments: Vec<Environment>,
    /// True when the decision stands in for hookkit's own failure.
    pub internal_error: bool,
    /// `sha256:<hex>` of the raw hook input.
    pub input_digest: String,
}

impl AuditRecord {
    /// The record of `decision` on `call` (`None` when the input could not be parsed),
    /// made by `guard` from the raw hook `input`.
    pub fn new(guard: &str, call: Option<&ToolCall>, decision: &Decision, input: &[u8]) -> Self {
        let mut classes: Vec<ActionClass> = decision.findings.iter().map(|f| f.class).collect();
        classes.sort();
        classes.dedup();
        let mut environments: Vec<Environment> = decision
            .findings
            .iter()
            .map(|f| f.environment)
            .filter(|e| *e != Environment::Unknown)
            .collect();
        environments.sort();
        environments.dedup();
        AuditRecord {
            time: jiff::Timestamp::now().to_string(),
            guard: guard.to_owned(),
            host: call.map_or_else(|| "unknown".into(), |c| c.host.to_string()),
            event: call.map_or_else(|| "unknown".into(), |c| c.host_event.clone()),
            session: call.and_then(|c| c.session_id.clone()),
            call_id: call.and_then(|c| c.call_id.clone()),
            cwd: call.and_then(|c| c.cwd.as_ref().map(|p| p.display().to_string())),
            tool: call.map_or_else(String::new, |c| c.tool_name.clone()),
            decision: decision.verdict,
            rule_ids: decision
                .findings
                .iter()
                .map(|f| f.rule_id.clone())
                .collect(),
            classes,
            environments,
            internal_error: decision.internal_error,
            input_digest: digest(input),
        }
    }
}

/// `sha256:<64 hex digits>` of `bytes`.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Append `record` as one line to the log at `path`, creating it (and its directory) with
/// permissions only the user can read. The line is written with one `write` under an
/// exclusive lock on the file.
///
/// # Errors
/// [`Error::Io`] naming the log file.
pub fn append(path: &Path, record: &AuditRecord) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut line = serde_json::to_vec(record).map_err(|e| io(std::io::Error::other(e)))?;
    line.push(b'\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(io)?;
    file.lock().map_err(io)?;
    let written = file.write_all(&line).and_then(|()| file.flush());
    let unlocked = file.unlock();
    written.map_err(io)?;
    unlocked.map_err(io)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Event, Host, ToolKind};

    fn record(n: usize) -> AuditRecord {
        let mut call = ToolCall::new(
            Host::ClaudeCode,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.session_id = Some(format!("session-{n}"));
        AuditRecord::new("command-guard", Some(&call), &Decision::allow(), b"{}")
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            digest(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn many_concurrent_writers_leave_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/hookkit/audit.jsonl");
        std::thread::scope(|s| {
            for n in 0..100 {
                let path = &path;
                s.spawn(move || append(path, &record(n)).unwrap());
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sessions: Vec<String> = text
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["session"].as_str().unwrap().to_owned()
            })
            .collect();
        sessions.sort();
        sessions.dedup();
        assert_eq!(sessions.len(), 100);
        assert_eq!(text.lines().count(), 100);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_record_holds_no_tool_input() {
        let mut call = ToolCall::new(
            Host::Codex,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.command = Some("echo fake-secret-value-0000".into());
        let r = AuditRecord::new(
            "command-guard",
            Some(&call),
            &Decision::allow(),
            b"fake-secret-value-0000",
        );
        let line = serde_json::to_string(&r).unwrap();
        assert!(!line.contains("fake-secret-value"), "{line}");
    }
}
