//! [`AuditRecord`]: one JSON line of the trail.
//!
//! ```json
//! {"v":3,"seq":42,"prev":"sha256:…","time":"2026-05-01T10:00:00.123Z",
//!  "guard":"command-guard","phase":"pre","host":"claude-code","event":"PreToolUse",
//!  "session":"9119…","call_id":"toolu_01","cwd":"/home/dev/project","tool":"Bash",
//!  "kind":"shell","decision":"deny","rule_ids":["aws.delete"],"profile":"reversible",
//!  "classes":["delete"],"environments":["production"],"purpose":"Delete the old bucket",
//!  "purpose_source":"host","args":"Bash: aws s3 rb s3://old-bucket",
//!  "args_digest":"sha256:…","input_digest":"sha256:…"}
//! ```
//!
//! Fields a host does not send are left out. After the tool ran (`"phase":"post"`) the
//! record also has `status` (`ok`, `error`, `interrupted`), `exit_code`, `error` (masked,
//! at most 200 characters), `output_bytes` and `output_digest`.

use crate::outcome::Outcome;
use crate::purpose;
use hookkit_policy::call::{Event, ToolCall, ToolKind};
use hookkit_policy::decision::{ActionClass, Decision, Environment, Verdict};
use serde::{Deserialize, Serialize};

/// When the hook ran relative to the tool call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before the tool ran: the permission decision.
    Pre,
    /// Claude Code's `PermissionRequest`: the host is about to ask the user.
    Permission,
    /// After the tool ran: the outcome.
    Post,
    /// The input could not be read: the event is not known.
    Unknown,
}

/// One line of the audit trail (see the module docs for an example).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// The format version ([`crate::FORMAT_VERSION`]).
    pub v: u32,
    /// The record's place in the trail's hash chain ([`crate::chain`]): 1 for the first
    /// record, then one more than the record before it, across files. Set when the record
    /// is appended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// `sha256:<hex>` of the line of the record before it in the trail (its bytes without
    /// the newline); absent for the first record. Set when the record is appended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// When the decision was made, RFC 3339 in UTC.
    pub time: String,
    /// The guard that decided (`command-guard`, `secret-guard`).
    pub guard: String,
    /// Before or after the tool ran.
    pub phase: Phase,
    /// The host (`claude-code`, `codex`…, `unknown` when the input could not be read).
    pub host: String,
    /// The host's event name (`PreToolUse`, `beforeShellExecution`…).
    pub event: String,
    /// The host's session id (Cursor: `conversation_id`; Copilot CLI: `sessionId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The host's id for the call (`tool_use_id`; Cursor `tool_use_id` or `generation_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// Codex's `turn_id`: the model turn the call belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_id: Option<String>,
    /// Cursor's `generation_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_id: Option<String>,
    /// The agent or subagent that made the call (Claude Code `agent_id`), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// The agent's type (Claude Code `agent_type`, e.g. a subagent's name), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_type: Option<String>,
    /// The working directory the host reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    /// The host's tool name.
    pub tool: String,
    /// The kind of tool (`shell`, `file-read`, `file-write`, `mcp`, `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ToolKind>,
    /// allow, ask or deny, as the host was told: an ask the host cannot express (every
    /// host but Claude Code and Qwen Code before a tool runs) is recorded as the deny it
    /// was answered with (`hookkit_hooks::render::enforced`); `rule_ids` still name the
    /// rules that asked.
    pub decision: Verdict,
    /// The rules that fired.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_ids: Vec<String>,
    /// The active profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The action classes of the findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<ActionClass>,
    /// The environments the findings touch (without `unknown`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<Environment>,
    /// True when the decision stands in for hookkit's own failure.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal_error: bool,
    /// The host's own statement of intent (Claude Code's Bash `description`), else the
    /// tool and its main argument; secrets masked, at most 240 characters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// `host` when `purpose` is the host's statement of intent, `tool` when it is the tool
    /// and its argument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_source: Option<String>,
    /// The tool and its argument (`Bash: git status`), masked like `purpose`, when
    /// `purpose` is the host's statement (otherwise `purpose` is this already).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// The outcome, after the tool ran.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// `sha256:<hex>` of the tool's arguments (command, path and content, or MCP
    /// arguments): joins a post record to its pre record when the host sends no call id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args_digest: Option<String>,
    /// `sha256:<hex>` of the raw hook input.
    pub input_digest: String,
}

/// The class a file tool's call has, before it runs, when no rule classified it: a read
/// reads; a write creates a file that is not there yet and modifies one that is (from the
/// path as the host sent it, relative to the call's `cwd`). Other tools, and records made
/// after the tool ran, keep what the guards' rules said.
fn tool_class(call: &ToolCall) -> Option<ActionClass> {
    if call.event != Event::PreTool {
        return None;
    }
    match call.kind {
        ToolKind::FileRead => Some(ActionClass::Read),
        ToolKind::FileWrite => {
            let path = std::path::Path::new(call.path.as_deref()?);
            let path = match &call.cwd {
                Some(cwd) if path.is_relative() => cwd.join(path),
                _ => path.to_path_buf(),
            };
            Some(if path.exists() {
                ActionClass::Modify
            } else {
                ActionClass::Create
            })
        }
        _ => None,
    }
}

impl AuditRecord {
    /// The record of `decision` on `call` (`None` when the input could not be parsed),
    /// made by `guard` from the raw hook `input`. The raw input is read again (as JSON)
    /// only for what [`ToolCall`] does not carry: Codex `turn_id`, Cursor `generation_id`,
    /// the agent, and the post-tool outcome.
    pub fn new(guard: &str, call: Option<&ToolCall>, decision: &Decision, input: &[u8]) -> Self {
        let mut classes: Vec<ActionClass> = decision.findings.iter().map(|f| f.class).collect();
        if classes.is_empty()
            && let Some(class) = call.and_then(tool_class)
        {
            classes.push(class);
        }
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
        let mut rule_ids: Vec<String> = Vec::new();
        for f in &decision.findings {
            if !rule_ids.contains(&f.rule_id) {
                rule_ids.push(f.rule_id.clone());
            }
        }
        let raw = call.and_then(|_| crate::payload::decode(input).ok());
        let top = |key: &str| {
            raw.as_ref()
                .and_then(|v| v.get(key))
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let phase = match call.map(|c| c.event) {
            Some(Event::PreTool) => Phase::Pre,
            Some(Event::PermissionRequest) => Phase::Permission,
            Some(Event::PostTool) => Phase::Post,
            None => Phase::Unknown,
        };
        let (purpose, purpose_source, args) = match call {
            Some(c) => {
                let p = purpose::purpose(c);
                (p.text, Some(p.source.to_owned()), p.args)
            }
            None => (String::new(), None, None),
        };
        let outcome = match (call, &raw) {
            (Some(c), Some(v)) if phase == Phase::Post => Outcome::from_payload(v, c),
            _ => Outcome::default(),
        };
        AuditRecord {
            v: crate::FORMAT_VERSION,
            seq: None,
            prev: None,
            time: jiff::Timestamp::now().to_string(),
            guard: guard.to_owned(),
            phase,
            host: call.map_or_else(|| "unknown".into(), |c| c.host.to_string()),
            event: call.map_or_else(|| "unknown".into(), |c| c.host_event.clone()),
            session: call.and_then(|c| c.session_id.clone()),
            call_id: call.and_then(|c| c.call_id.clone()),
            turn_id: top("turn_id"),
            generation_id: top("generation_id"),
            agent_id: top("agent_id"),
            agent_type: top("agent_type"),
            cwd: call.and_then(|c| c.cwd.as_ref().map(|p| p.display().to_string())),
            tool: call.map_or_else(String::new, |c| c.tool_name.clone()),
            kind: call.map(|c| c.kind),
            decision: decision.verdict,
            rule_ids,
            profile: None,
            classes,
            environments,
            internal_error: decision.internal_error,
            purpose,
            purpose_source,
            args,
            outcome,
            args_digest: call.map(args_digest),
            input_digest: crate::digest(input),
        }
    }

    /// This record with the active profile's name.
    pub fn with_profile(mut self, profile: &str) -> Self {
        self.profile = Some(profile.to_owned());
        self
    }

    /// The record as one JSON line, newline included.
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// `sha256:<hex>` of what identifies a call's arguments across its pre and post events:
/// the tool name, command, path, content and MCP arguments, each followed by a NUL.
pub fn args_digest(call: &ToolCall) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    let mut push = |s: &str| {
        bytes.extend_from_slice(s.as_bytes());
        bytes.push(0);
    };
    push(&call.tool_name);
    push(call.command.as_deref().unwrap_or_default());
    push(call.path.as_deref().unwrap_or_default());
    push(call.content.as_deref().unwrap_or_default());
    if let Some(m) = &call.mcp {
        push(&m.server);
        push(&m.tool);
        push(&m.arguments.to_string());
    }
    crate::digest(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::Host;

    #[test]
    fn file_tools_get_a_class_before_they_run() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.txt"), "x").unwrap();
        let class = |kind: ToolKind, event: Event, path: &str| {
            let mut call = ToolCall::new(Host::ClaudeCode, event, "PreToolUse", kind, "T");
            call.cwd = Some(dir.path().to_path_buf());
            call.path = Some(path.to_owned());
            AuditRecord::new("secret-guard", Some(&call), &Decision::allow(), b"{}").classes
        };
        assert_eq!(
            class(ToolKind::FileRead, Event::PreTool, "old.txt"),
            [ActionClass::Read]
        );
        assert_eq!(
            class(ToolKind::FileWrite, Event::PreTool, "old.txt"),
            [ActionClass::Modify]
        );
        assert_eq!(
            class(ToolKind::FileWrite, Event::PreTool, "new.txt"),
            [ActionClass::Create]
        );
        assert!(class(ToolKind::FileWrite, Event::PostTool, "new.txt").is_empty());
        assert!(class(ToolKind::Shell, Event::PreTool, "x").is_empty());
    }

    #[test]
    fn a_record_holds_no_secret_of_the_tool_input() {
        const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";
        let mut call = ToolCall::new(
            Host::Codex,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.command = Some(format!("gh auth login --with-token {KEY}"));
        let input = format!(r#"{{"tool_input":{{"command":"{KEY}"}}}}"#);
        let r = AuditRecord::new(
            "command-guard",
            Some(&call),
            &Decision::allow(),
            input.as_bytes(),
        );
        let line = String::from_utf8(r.to_line()).unwrap();
        assert!(!line.contains("FAKE0000"), "{line}");
        assert!(
            line.contains("gh auth login --with-token [REDACTED secrets.github-pat"),
            "{line}"
        );
        assert!(line.ends_with('\n'));
    }

    #[test]
    fn identity_comes_from_the_call_and_the_raw_payload() {
        let input = br#"{"session_id":"s1","turn_id":"turn-7","agent_id":"a-1","agent_type":"reviewer","tool_use_id":"call_1"}"#;
        let mut call = ToolCall::new(
            Host::Codex,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.session_id = Some("s1".into());
        call.call_id = Some("call_1".into());
        call.command = Some("ls".into());
        let r = AuditRecord::new("command-guard", Some(&call), &Decision::allow(), input)
            .with_profile("reversible");
        assert_eq!(r.turn_id.as_deref(), Some("turn-7"));
        assert_eq!(r.agent_id.as_deref(), Some("a-1"));
        assert_eq!(r.agent_type.as_deref(), Some("reviewer"));
        assert_eq!(r.call_id.as_deref(), Some("call_1"));
        assert_eq!(r.phase, Phase::Pre);
        assert_eq!(r.purpose, "Bash: ls");
        assert_eq!(r.profile.as_deref(), Some("reversible"));
        let back: AuditRecord = serde_json::from_slice(&r.to_line()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn pre_and_post_of_one_call_share_the_args_digest() {
        let mut pre = ToolCall::new(
            Host::CopilotCli,
            Event::PreTool,
            "preToolUse",
            ToolKind::Shell,
            "bash",
        );
        pre.command = Some("ls".into());
        let mut post = pre.clone();
        post.event = Event::PostTool;
        post.output = Some("a\nb\n".into());
        assert_eq!(args_digest(&pre), args_digest(&post));
        pre.command = Some("ls -l".into());
        assert_ne!(args_digest(&pre), args_digest(&post));
    }
}
