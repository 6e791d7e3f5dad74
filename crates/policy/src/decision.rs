//! What a guard concludes: findings, and the decision they add up to.

use serde::{Deserialize, Serialize};

/// The answer a hook gives the host.
///
/// Ordered by strictness: `Allow < Ask < Deny`, so the decision for several findings is
/// the maximum of theirs.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Let the call run (the hook prints nothing).
    Allow,
    /// Ask a person first; hosts without an "ask" get their closest equivalent (see the
    /// mapping table in `hookkit-hooks`).
    Ask,
    /// Refuse the call, or after it ran, withhold its output from the model.
    Deny,
}

impl Verdict {
    /// The lowercase name (`allow`, `ask`, `deny`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Ask => "ask",
            Verdict::Deny => "deny",
        }
    }
}

/// The kind of action a command takes, from harmless to unrecoverable.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionClass {
    /// Looks without changing anything.
    Read,
    /// Adds something new.
    Create,
    /// Changes something that exists, recoverably.
    Modify,
    /// Removes something; recoverable only from a backup or history.
    Delete,
    /// Cannot be undone at all (history rewritten, a device overwritten, data dropped).
    Irreversible,
    /// Cannot be known statically (a variable as the command name, `eval` of a computed
    /// string, base64 into a shell).
    Opaque,
}

impl ActionClass {
    /// Every class, from harmless to unrecoverable, then `opaque`.
    pub const ALL: [ActionClass; 6] = [
        ActionClass::Read,
        ActionClass::Create,
        ActionClass::Modify,
        ActionClass::Delete,
        ActionClass::Irreversible,
        ActionClass::Opaque,
    ];

    /// The kebab-case name (`read`, `create`, … `opaque`), as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionClass::Read => "read",
            ActionClass::Create => "create",
            ActionClass::Modify => "modify",
            ActionClass::Delete => "delete",
            ActionClass::Irreversible => "irreversible",
            ActionClass::Opaque => "opaque",
        }
    }
}

/// The environment a command touches, from what the command line says (`--profile prod`,
/// `AWS_PROFILE=`, `--context`, `-n production`, a terraform workspace, a hostname), with
/// names mapped to environments by the `[environments]` globs of the configuration.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    /// Nothing on the command line names an environment.
    #[default]
    Unknown,
    /// A development or test environment.
    Development,
    /// A staging or pre-production environment.
    Staging,
    /// Production.
    Production,
}

impl Environment {
    /// Every environment, in their order (`unknown` < `development` < `staging` <
    /// `production`).
    pub const ALL: [Environment; 4] = [
        Environment::Unknown,
        Environment::Development,
        Environment::Staging,
        Environment::Production,
    ];

    /// The lowercase name (`production`, `staging`, `development`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Unknown => "unknown",
            Environment::Development => "development",
            Environment::Staging => "staging",
            Environment::Production => "production",
        }
    }
}

/// How bad it is if the rule's concern is real.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing.
    Low,
    /// Likely to cost work.
    Medium,
    /// Loses work or data.
    High,
    /// Loses a machine, a repository or shared history.
    Critical,
}

/// A byte range in the text a rule looked at (`start..end`, UTF-8 byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One rule that fired on a tool call.
///
/// A finding never holds a secret: `matched` is the part of a command the rule keyed on
/// (a program and its verb), and secret guards store a masked form there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id (`family.kebab-name`).
    pub rule_id: String,
    /// The action class of what was matched.
    pub class: ActionClass,
    /// The environment the matched command touches.
    #[serde(default)]
    pub environment: Environment,
    /// How bad it is.
    pub severity: Severity,
    /// What this rule decides on its own (before configuration overrides).
    pub verdict: Verdict,
    /// One sentence for the model: what is wrong.
    pub message: String,
    /// What to do instead.
    pub instead: String,
    /// The text the rule matched, safe to show (for commands: the simple command).
    pub matched: String,
    /// Where in the input it matched, when known.
    pub span: Option<Span>,
}

/// The decision for one tool call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Allow, ask or deny.
    pub verdict: Verdict,
    /// The reason shown to the model (and to the person, where the host shows it); empty
    /// for a plain allow.
    pub reason: String,
    /// The findings behind the verdict.
    pub findings: Vec<Finding>,
    /// Extra context for the model where the host supports it (Claude Code
    /// `additionalContext`), for example after a tool's output was flagged.
    pub additional_context: Option<String>,
    /// A redacted copy of the tool's output, for hosts that can replace a tool's output
    /// with it (Claude Code `hookSpecificOutput.updatedToolOutput`; see the table in
    /// `hookkit-hooks`). Set only after a tool ran (post-tool events), by a guard that
    /// withholds part of the output (secret-guard: every credential replaced by
    /// `[REDACTED MASK]`); `None` otherwise. Its shape is the host's own tool result
    /// ([`ToolCall::response`](crate::ToolCall::response)): Claude Code reads it as the
    /// tool's output (`{stdout, stderr, …}` for `Bash`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement_output: Option<serde_json::Value>,
    /// True when this decision stands in for hookkit's own failure (the `on_error`
    /// decision), so renderers and the audit log can say so.
    pub internal_error: bool,
    /// True for an allow the host may grant without asking the person (`auto_approve` in
    /// the configuration, and every command of the call a known read; see
    /// [`crate::decide::decide_trace`]). Hosts that take an explicit allow get one; the
    /// others keep their own approval.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approved: bool,
}

impl Decision {
    /// A plain allow: no findings, nothing to say.
    pub fn allow() -> Self {
        Decision {
            verdict: Verdict::Allow,
            reason: String::new(),
            findings: Vec::new(),
            additional_context: None,
            replacement_output: None,
            internal_error: false,
            approved: false,
        }
    }

    /// The decision that stands in for an internal failure: `verdict` is the configured
    /// `on_error` decision and the reason says that it is hookkit's own failure.
    pub fn internal_error(verdict: Verdict, what: &str) -> Self {
        Decision {
            verdict,
            reason: format!(
                "hookkit could not check this tool call ({what}); it is hookkit's own failure, \
                 not a problem with the call. The configured on_error decision is `{}`. \
                 Tell the user so they can look at the hook.",
                verdict.as_str()
            ),
            findings: Vec::new(),
            additional_context: None,
            replacement_output: None,
            internal_error: true,
            approved: false,
        }
    }

    /// The rule ids of the findings, in order.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.rule_id.as_str()).collect()
    }
}
