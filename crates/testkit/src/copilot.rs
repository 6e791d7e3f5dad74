//! The real GitHub Copilot CLI (`@github/copilot`) against a scripted model server.
//!
//! Offline driving (`COPILOT_OFFLINE=true`, `COPILOT_AUTO_UPDATE=false`, and the
//! bring-your-own-model provider `COPILOT_PROVIDER_TYPE=anthropic` with
//! `COPILOT_PROVIDER_BASE_URL` pointing at a [`FakeAnthropic`](crate::FakeAnthropic)) is
//! recorded in `/work/shared/hosts/README.md`. Copilot then speaks the Anthropic Messages
//! API, so the same scripted server serves Claude Code and Copilot; its shell tool is
//! `bash` (`{"command", "description"}`).
//!
//! The npm package is a loader and a native binary; on its first run the binary unpacks
//! its JavaScript and native modules (about 235 MB) into `$XDG_CACHE_HOME/copilot/pkg/`.
//! Every session here points `XDG_CACHE_HOME` at `<install>/xdg-cache` (unpacked once, by
//! the `--version` probe of [`install_copilot_cli`], under the install lock) instead of the
//! scratch `HOME`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::install::hosts_dir;
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::server::Turn;
use crate::session::SessionOutput;

/// The npm package of GitHub Copilot CLI.
pub const COPILOT_CLI_PACKAGE: &str = "@github/copilot";
/// The Copilot CLI version the fixtures under `/work/shared/hosts/copilot` were captured with.
pub const COPILOT_CLI_VERSION: &str = "1.0.102";
/// The model named in `COPILOT_MODEL` (Copilot sends it to the fake server as is).
pub const COPILOT_MODEL: &str = "claude-sonnet-4.5";
/// The default limit on one `copilot` invocation; a scripted session takes a few seconds.
pub const COPILOT_TIMEOUT: Duration = Duration::from_secs(180);

/// The install's directory name under `<target>/e2e-hosts/` (without the version).
const DIR: &str = "copilot-cli";
/// The folder under the install that serves as `XDG_CACHE_HOME`.
const CACHE_DIR: &str = "xdg-cache";

/// Ensures `@github/copilot@1.0.102` is installed under
/// `<target>/e2e-hosts/copilot-cli-1.0.102/` (and unpacked into its `xdg-cache/`), and
/// returns its `copilot` executable.
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_copilot_cli() -> Result<PathBuf> {
    install(NpmHost {
        package: COPILOT_CLI_PACKAGE,
        version: COPILOT_CLI_VERSION,
        bin: "copilot",
        dir: DIR,
        version_probe_env: Some(&[
            ("COPILOT_OFFLINE", "true"),
            ("COPILOT_AUTO_UPDATE", "false"),
        ]),
        cache_env: Some(("XDG_CACHE_HOME", CACHE_DIR)),
    })
}

/// The `XDG_CACHE_HOME` Copilot sessions share: `<target>/e2e-hosts/copilot-cli-<v>/xdg-cache`.
fn cache_home() -> PathBuf {
    hosts_dir()
        .join(format!("{DIR}-{COPILOT_CLI_VERSION}"))
        .join(CACHE_DIR)
}

/// A Copilot CLI `bash` tool call running `command`.
pub fn copilot_bash_turn(command: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "bash".to_owned(),
        input: json!({ "command": command.into(), "description": "scripted by hookkit-testkit" }),
    }
}

/// A fresh temporary directory named `hookkit-e2e-<what>-…`.
pub(crate) fn scratch_dir(what: &str) -> Result<TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("hookkit-e2e-{what}-"))
        .tempdir()
        .map_err(|e| Error::io(format!("creating a scratch {what} dir"), e))
}

/// One Copilot CLI environment: scratch `HOME` (Copilot keeps its state in
/// `<home>/.copilot`, `COPILOT_HOME` is set to it) and working directory, a cleared
/// environment and a hard timeout.
///
/// The child's environment: `PATH` (the [`path_prepend`](Self::path_prepend) directories,
/// then the caller's), `HOME`, `TMPDIR`, `LANG`, `TERM`, `XDG_CACHE_HOME` (see the module
/// docs), `COPILOT_HOME`, `COPILOT_OFFLINE=true`, `COPILOT_AUTO_UPDATE=false`,
/// `COPILOT_PROVIDER_TYPE=anthropic`, `COPILOT_PROVIDER_BASE_URL` (the fake server),
/// `COPILOT_PROVIDER_API_KEY` (fake), `COPILOT_MODEL` ([`COPILOT_MODEL`]), then the
/// [`env`](Self::env) variables.
#[derive(Debug)]
pub struct CopilotSession {
    copilot: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    extra_env: Vec<(String, OsString)>,
    timeout: Duration,
}

impl CopilotSession {
    /// A session of `copilot` against the Anthropic-format server at `base_url`
    /// ([`FakeAnthropic::base_url`](crate::FakeAnthropic::base_url)).
    ///
    /// # Errors
    /// [`Error::Io`] when a scratch directory cannot be created.
    pub fn new(copilot: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        Ok(Self {
            copilot: copilot.into(),
            base_url: base_url.into(),
            home: scratch_dir("home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            extra_env: Vec::new(),
            timeout: COPILOT_TIMEOUT,
        })
    }

    /// The scratch `HOME`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// `COPILOT_HOME`: `<home>/.copilot` (Copilot's default, set explicitly).
    pub fn copilot_home(&self) -> PathBuf {
        self.home().join(".copilot")
    }

    /// The scratch working directory.
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

    /// Puts `dir` before the inherited `PATH` (later calls come after earlier ones).
    #[must_use]
    pub fn path_prepend(mut self, dir: impl Into<PathBuf>) -> Self {
        self.path_prepend.push(dir.into());
        self
    }

    /// Adds one environment variable to the child's rebuilt environment (set last).
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<OsString>) -> Self {
        self.extra_env.push((key.into(), value.into()));
        self
    }

    /// Replaces the limit on each invocation (default [`COPILOT_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs `copilot <args>` in the scratch working directory and waits for it (a non-zero
    /// exit is returned, not an error).
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be spawned; [`Error::Timeout`] past the limit.
    pub fn command<I, S>(&self, args: I) -> Result<SessionOutput>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        run_host(HostRun {
            program: &self.copilot,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: vec![
                ("XDG_CACHE_HOME", cache_home().into()),
                ("COPILOT_HOME", self.copilot_home().into()),
                ("COPILOT_OFFLINE", "true".into()),
                ("COPILOT_AUTO_UPDATE", "false".into()),
                ("COPILOT_PROVIDER_TYPE", "anthropic".into()),
                ("COPILOT_PROVIDER_BASE_URL", (&self.base_url).into()),
                ("COPILOT_PROVIDER_API_KEY", crate::FAKE_API_KEY.into()),
                ("COPILOT_MODEL", COPILOT_MODEL.into()),
            ],
            extra_env: &self.extra_env,
            timeout: self.timeout,
        })
    }

    /// `copilot <args>`, `Ok` only when it exits 0.
    ///
    /// # Errors
    /// [`Error::CommandFailed`] for a non-zero exit; as [`command`](Self::command).
    pub fn checked<I, S>(&self, args: I) -> Result<SessionOutput>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.command(&args)?;
        if output.status.success() {
            return Ok(output);
        }
        Err(Error::CommandFailed {
            command: format!(
                "copilot {}",
                args.iter()
                    .map(|a| a.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            status: output.status,
            stdout: output.stdout,
            stderr: output.stderr,
        })
    }

    /// Runs `copilot -p <prompt> --allow-all-tools --no-ask-user --output-format json`:
    /// one headless session against the fake server.
    ///
    /// # Errors
    /// As [`command`](Self::command).
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        self.command([
            "-p",
            prompt,
            "--allow-all-tools",
            "--no-ask-user",
            "--output-format",
            "json",
        ])
    }
}
