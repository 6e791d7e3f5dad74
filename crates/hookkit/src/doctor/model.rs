//! What `hookkit doctor` reports: one [`HostReport`] per host and the state of hookkit
//! itself ([`OwnState`]), each a list of [`Finding`]s. Serialized as is by `--format json`.

use hookkit_policy::Host;
use serde::Serialize;
use std::path::PathBuf;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Checked and as it should be.
    Ok,
    /// Worth knowing; changes nothing about whether the guards run.
    Info,
    /// The guards may not run in some situations (a desktop launcher's `PATH`, a trust
    /// prompt answered no), or doctor cannot tell.
    Warn,
    /// A guard would be off (or every call blocked): the run exits 1.
    Fail,
}

impl Level {
    /// The word the human report prints (`ok`, `info`, `warn`, `FAIL`).
    pub fn label(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Fail => "FAIL",
        }
    }
}

/// Which part of the set-up a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Where the guards are registered, and whether the files read.
    Registration,
    /// Whether the registered events and matchers cover what `hooks/` registers.
    Coverage,
    /// Whether each registered command resolves, is executable and answers `--version`.
    Binary,
    /// A host setting that switches hooks off: Codex hook review and project trust,
    /// folder trust (Copilot CLI, Gemini CLI, Qwen Code), `disableAllHooks` and the like.
    Gate,
    /// hookkit's own configuration, trust records and audit trail.
    Config,
}

/// One observation, with the exact step that fixes it when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub level: Level,
    /// What it is about.
    pub check: Check,
    /// What was found, for people.
    pub message: String,
    /// The step that fixes it, when it needs fixing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Finding {
    /// A finding without a fix.
    pub fn new(level: Level, check: Check, message: impl Into<String>) -> Finding {
        Finding {
            level,
            check,
            message: message.into(),
            fix: None,
        }
    }

    /// The same finding with `fix`.
    pub fn fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }
}

/// One hookkit guard the host would run (or skip), as registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    /// The file that registers it.
    pub file: PathBuf,
    /// `user`, `project`, `managed` or `plugin NAME`.
    pub scope: String,
    /// The host's event name, as written (`PreToolUse`, `preToolUse`, `BeforeTool`).
    pub event: String,
    /// The matcher, where the host has one and the entry sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matcher: Option<String>,
    /// `command-guard` or `secret-guard`.
    pub guard: &'static str,
    /// The command line as registered.
    pub command: String,
    /// Whether the host runs it (`false`: a gate switches it off; see the findings).
    pub active: bool,
    /// The host's own state of this hook, where it keeps one (Codex: `trusted`,
    /// `never reviewed`, `changed since trusted`, `review state unknown`, `managed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// Whether a host runs hookkit's guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Registered, and nothing found that would leave a guard off.
    Guarded,
    /// Registered, and something would leave a guard off: see the `fail` findings.
    Problems,
    /// No hookkit guard is registered for this host.
    NotSetUp,
}

impl Status {
    /// The words the human report prints.
    pub fn label(self) -> &'static str {
        match self {
            Status::Guarded => "guarded",
            Status::Problems => "NOT fully guarded",
            Status::NotSetUp => "not set up",
        }
    }
}

/// Everything doctor found for one host.
#[derive(Debug, Clone, Serialize)]
pub struct HostReport {
    /// The host.
    pub host: Host,
    /// The verdict.
    pub status: Status,
    /// Every hookkit guard registration found.
    pub registrations: Vec<Registration>,
    /// What was checked, worst first within each check.
    pub findings: Vec<Finding>,
}

/// One configuration file hookkit reads, in layer order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layer {
    /// The file.
    pub file: PathBuf,
    /// `full` or `tighten-only` (a project file nobody trusted).
    pub power: &'static str,
}

/// hookkit's own state, as the guards would load it for a call in the current directory.
#[derive(Debug, Clone, Serialize)]
pub struct OwnState {
    /// The layers read over the built-in defaults, lowest precedence first.
    pub layers: Vec<Layer>,
    /// The active profile (`None` when the configuration does not load).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Whether the audit trail is written.
    pub audit: bool,
    /// What was checked.
    pub findings: Vec<Finding>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// hookkit's version.
    pub version: &'static str,
    /// The directory checked as the project (the current directory).
    pub cwd: PathBuf,
    /// `true` when the run exits 0.
    pub ok: bool,
    /// One entry per host checked.
    pub hosts: Vec<HostReport>,
    /// hookkit's own configuration.
    pub hookkit: OwnState,
}
