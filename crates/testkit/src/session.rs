//! Running one headless Claude Code session against a [`FakeAnthropic`](crate::FakeAnthropic).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::process::{HostRun, run_host};

/// The default limit on one session; a session normally takes one to three seconds.
pub const DEFAULT_SESSION_TIMEOUT: Duration = Duration::from_secs(120);

/// The fake API key the host is given; the fake server ignores it.
pub const FAKE_API_KEY: &str = "test-key-not-real";

/// One headless `claude -p` run with a scratch `HOME` and a scratch working directory.
///
/// The child's environment is cleared and rebuilt from scratch, so nothing in the
/// caller's environment can point the host at a real account: `PATH` (inherited),
/// `HOME`, `TMPDIR`, `LANG`, `TERM`, `ANTHROPIC_BASE_URL` (the fake server),
/// `ANTHROPIC_API_KEY` ([`FAKE_API_KEY`]), and the switches that keep Claude Code off the
/// network (`CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC`, `DISABLE_TELEMETRY`,
/// `DISABLE_AUTOUPDATER`, `DISABLE_ERROR_REPORTING`, all `1`). Source for those switches:
/// `/work/shared/hosts/README.md`, "Driving a host offline".
///
/// The scratch directories live as long as this value, so a test can inspect them after
/// [`run`](Self::run).
#[derive(Debug)]
pub struct ClaudeSession {
    claude: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    plugin_dirs: Vec<PathBuf>,
    mcp_config: Option<PathBuf>,
    allowed_tools: String,
    timeout: Duration,
    extra_env: Vec<(String, OsString)>,
}

/// What a finished session left behind.
#[derive(Debug, Clone)]
pub struct SessionOutput {
    /// How `claude` exited.
    pub status: ExitStatus,
    /// Its standard output: with `--output-format json`, one JSON result object.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl SessionOutput {
    /// The stdout parsed as the `--output-format json` result object, if it parses.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(self.stdout.trim()).ok()
    }

    /// The result object's `result` field (the model's final text), if any.
    pub fn result_text(&self) -> Option<String> {
        Some(self.json()?.get("result")?.as_str()?.to_owned())
    }

    /// `Ok` when `claude` exited successfully, else [`Error::CommandFailed`] with its
    /// output, so a test's `unwrap` shows what went wrong.
    ///
    /// # Errors
    /// [`Error::CommandFailed`] for a non-zero exit.
    pub fn success(&self) -> Result<&Self> {
        if self.status.success() {
            return Ok(self);
        }
        Err(Error::CommandFailed {
            command: "claude -p".into(),
            status: self.status,
            stdout: self.stdout.clone(),
            stderr: self.stderr.clone(),
        })
    }
}

impl ClaudeSession {
    /// A session of the `claude` executable at `claude` against the server at `base_url`
    /// (e.g. [`FakeAnthropic::base_url`](crate::FakeAnthropic::base_url)), with fresh
    /// scratch `HOME` and working directories, `--allowedTools Bash` and
    /// [`DEFAULT_SESSION_TIMEOUT`].
    ///
    /// # Errors
    /// [`Error::Io`] when a temporary directory cannot be created.
    pub fn new(claude: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        let dir = |what: &str| {
            tempfile::Builder::new()
                .prefix(&format!("hookkit-e2e-{what}-"))
                .tempdir()
                .map_err(|e| Error::io(format!("creating a scratch {what} dir"), e))
        };
        Ok(Self {
            claude: claude.into(),
            base_url: base_url.into(),
            home: dir("home")?,
            cwd: dir("cwd")?,
            scratch: dir("scratch")?,
            plugin_dirs: Vec::new(),
            mcp_config: None,
            allowed_tools: "Bash".to_owned(),
            timeout: DEFAULT_SESSION_TIMEOUT,
            extra_env: Vec::new(),
        })
    }

    /// The scratch `HOME` (Claude Code keeps its state in `<home>/.claude`).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The scratch working directory the host starts in.
    pub fn cwd(&self) -> &Path {
        self.cwd.path()
    }

    /// Points the session at another server: for a script that needs the scratch
    /// directories' paths (known only once the session exists) before the server starts.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Loads the plugin at `dir` with `--plugin-dir` (may be called more than once).
    #[must_use]
    pub fn plugin_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.plugin_dirs.push(dir.into());
        self
    }

    /// Loads the MCP servers of the configuration file `file` and no others
    /// (`--mcp-config FILE --strict-mcp-config`).
    #[must_use]
    pub fn mcp_config(mut self, file: impl Into<PathBuf>) -> Self {
        self.mcp_config = Some(file.into());
        self
    }

    /// Replaces the `--allowedTools` value (default `Bash`).
    #[must_use]
    pub fn allowed_tools(mut self, tools: impl Into<String>) -> Self {
        self.allowed_tools = tools.into();
        self
    }

    /// Replaces the hard limit on the run (default [`DEFAULT_SESSION_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Adds one environment variable to the child's rebuilt environment.
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<OsString>) -> Self {
        self.extra_env.push((key.into(), value.into()));
        self
    }

    /// Runs `claude -p <prompt> --allowedTools <tools> --output-format json
    /// [--plugin-dir <dir>]... [--mcp-config <file> --strict-mcp-config]` in the scratch working directory, stdin closed, and waits
    /// for it. A non-zero exit is returned as output, not as an error, so that tests can
    /// assert on it.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be spawned; [`Error::Timeout`] when it runs past the
    /// limit (it and every process it started in its process group are killed).
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        let mut args: Vec<OsString> = vec![
            "-p".into(),
            prompt.into(),
            "--allowedTools".into(),
            (&self.allowed_tools).into(),
            "--output-format".into(),
            "json".into(),
        ];
        for dir in &self.plugin_dirs {
            args.push("--plugin-dir".into());
            args.push(dir.into());
        }
        if let Some(file) = &self.mcp_config {
            args.push("--mcp-config".into());
            args.push(file.into());
            args.push("--strict-mcp-config".into());
        }
        let one = || OsString::from("1");
        run_host(HostRun {
            program: &self.claude,
            args: &args,
            cwd: self.cwd.path(),
            home: self.home.path(),
            scratch: self.scratch.path(),
            path_prepend: &[],
            host_env: vec![
                ("ANTHROPIC_BASE_URL", (&self.base_url).into()),
                ("ANTHROPIC_API_KEY", FAKE_API_KEY.into()),
                ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", one()),
                ("DISABLE_TELEMETRY", one()),
                ("DISABLE_AUTOUPDATER", one()),
                ("DISABLE_ERROR_REPORTING", one()),
            ],
            extra_env: &self.extra_env,
            timeout: self.timeout,
        })
    }
}
