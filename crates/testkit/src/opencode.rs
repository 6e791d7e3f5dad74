//! The real opencode (`opencode-ai`), and its fork Kilo CLI (`@kilocode/cli`), against a
//! scripted Chat Completions server.
//!
//! How opencode 1.18.33 is driven offline (measured while writing this module):
//! - the model is a custom provider in the user's `~/.config/opencode/opencode.json`,
//!   `npm: "@ai-sdk/openai-compatible"` (bundled in the binary, nothing is downloaded) with
//!   `options.baseURL` pointing at a [`FakeChat`](crate::FakeChat); `opencode run --model
//!   hookkit-fake/fake-model PROMPT` streams Chat Completions from it (the title request too,
//!   without tools);
//! - `OPENCODE_DISABLE_AUTOUPDATE=1` and `OPENCODE_DISABLE_MODELS_FETCH=1` keep it from
//!   calling opencode.ai and models.dev;
//! - at start-up opencode installs its plugin library (`@opencode-ai/plugin`) into every
//!   configuration folder it reads (`~/.config/opencode`, a project's `.opencode`) with npm's
//!   Arborist, and waits for that before loading any plugin. `npm_config_offline=true` makes
//!   the install fail at once (a warning in the log, "background dependency install
//!   failed") and opencode goes on; without it, offline, the retries cost about 70 s.
//!   hookkit's plugin imports nothing from that library.
//!
//! The configuration also allows `bash`, `edit` and `external_directory` without asking, so
//! that in a test only hookkit can refuse a call.
//!
//! Kilo CLI 7.7.7 is driven the same way (measured): its configuration is
//! `~/.config/kilo/kilo.json`, its switches are named `KILO_…` (`KILO_DISABLE_AUTOUPDATE`,
//! `KILO_DISABLE_MODELS_FETCH`, `KILO_DISABLE_LSP_DOWNLOAD`), it installs `@kilocode/plugin`
//! at start, and the models of its own gateway fail to load offline, which it logs and
//! passes over. A scripted session takes about 16 s, most of it Kilo's own start-up (about
//! 5 s before its first model request, whatever `KILO_DISABLE_CODEBASE_INDEXING` or
//! `indexing.enabled` say, and 2 s to shut down). `@kilocode/cli` 7.8.1, the newest, does
//! not install on Linux x64: its platform packages (`@kilocode/cli-linux-x64` and the
//! others) were never published at 7.8.1 (the newest is 7.7.9; `npm view
//! @kilocode/cli-linux-x64 versions`), so 7.7.7 is pinned, the newest whose binary exists.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;

use crate::codex::scratch_dir;
use crate::error::{Error, Result};
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::server::Turn;
use crate::session::SessionOutput;

/// The npm package of opencode.
pub const OPENCODE_PACKAGE: &str = "opencode-ai";
/// The opencode version hookkit's plugin and fixtures were measured with.
pub const OPENCODE_VERSION: &str = "1.18.33";
/// The provider and model the session's configuration defines (`provider/model`).
pub const OPENCODE_MODEL: &str = concat!("hookkit-fake", "/", "fake-model");
/// The provider of [`OPENCODE_MODEL`].
const PROVIDER: &str = "hookkit-fake";
/// The model of [`OPENCODE_MODEL`].
const MODEL: &str = "fake-model";
/// The default limit on one `opencode` invocation; a scripted session takes a few seconds.
pub const OPENCODE_TIMEOUT: Duration = Duration::from_secs(120);
/// The npm package of Kilo CLI.
pub const KILO_PACKAGE: &str = "@kilocode/cli";
/// The Kilo CLI version measured (see the module documentation for why not 7.8.1).
pub const KILO_VERSION: &str = "7.7.7";

/// The environment every opencode session and the install's `--version` probe run with.
const OFFLINE_ENV: [(&str, &str); 4] = [
    ("OPENCODE_DISABLE_AUTOUPDATE", "1"),
    ("OPENCODE_DISABLE_MODELS_FETCH", "1"),
    ("OPENCODE_DISABLE_LSP_DOWNLOAD", "1"),
    ("npm_config_offline", "true"),
];
/// The same for Kilo CLI.
const KILO_OFFLINE_ENV: [(&str, &str); 4] = [
    ("KILO_DISABLE_AUTOUPDATE", "1"),
    ("KILO_DISABLE_MODELS_FETCH", "1"),
    ("KILO_DISABLE_LSP_DOWNLOAD", "1"),
    ("npm_config_offline", "true"),
];

/// Which of the two CLIs a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fork {
    Opencode,
    Kilo,
}

impl Fork {
    /// The user configuration folder's name under `~/.config`, and its file.
    fn config(self) -> (&'static str, &'static str) {
        match self {
            Fork::Opencode => ("opencode", "opencode.json"),
            Fork::Kilo => ("kilo", "kilo.json"),
        }
    }

    fn env(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Fork::Opencode => &OFFLINE_ENV,
            Fork::Kilo => &KILO_OFFLINE_ENV,
        }
    }
}

/// Ensures `opencode-ai@1.18.33` is installed under `<target>/e2e-hosts/opencode-1.18.33/`
/// and returns its `opencode` executable (see
/// [`install_claude_code`](crate::install_claude_code) for the scheme).
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_opencode() -> Result<PathBuf> {
    install(NpmHost {
        package: OPENCODE_PACKAGE,
        version: OPENCODE_VERSION,
        bin: ".bin/opencode",
        dir: "opencode",
        version_probe_env: Some(&OFFLINE_ENV),
        cache_env: None,
    })
}

/// Ensures `@kilocode/cli@7.7.7` is installed under `<target>/e2e-hosts/kilo-7.7.7/` and
/// returns its `kilo` executable (see [`install_claude_code`](crate::install_claude_code)).
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_kilo() -> Result<PathBuf> {
    install(NpmHost {
        package: KILO_PACKAGE,
        version: KILO_VERSION,
        bin: ".bin/kilo",
        dir: "kilo",
        version_probe_env: Some(&KILO_OFFLINE_ENV),
        cache_env: None,
    })
}

/// An opencode (or Kilo CLI) `bash` tool call running `command` (`{"command", "description"}`).
pub fn opencode_bash_turn(command: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "bash".to_owned(),
        input: json!({ "command": command.into(), "description": "scripted by hookkit-testkit" }),
    }
}

/// One opencode (or Kilo CLI) environment: scratch `HOME` (its configuration, data, state
/// and cache folders are under it) and working directory, a cleared environment and a hard
/// timeout.
///
/// The child's environment: `PATH` (the [`path_prepend`](Self::path_prepend) directories,
/// then the caller's), `HOME`, `TMPDIR`, `LANG`, `TERM`, the offline switches of the module
/// documentation, then the [`env`](Self::env) variables.
#[derive(Debug)]
pub struct OpencodeSession {
    fork: Fork,
    opencode: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    extra_env: Vec<(String, OsString)>,
    timeout: Duration,
}

impl OpencodeSession {
    /// A session of `opencode` against the Chat Completions server at `base_url`
    /// ([`FakeChat::base_url`](crate::FakeChat::base_url)).
    ///
    /// # Errors
    /// [`Error::Io`] when a scratch directory cannot be created.
    pub fn new(opencode: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        Self::of(Fork::Opencode, opencode.into(), base_url.into())
    }

    /// A session of Kilo CLI's `kilo` ([`install_kilo`]) against the server at `base_url`.
    ///
    /// # Errors
    /// [`Error::Io`] when a scratch directory cannot be created.
    pub fn kilo(kilo: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        Self::of(Fork::Kilo, kilo.into(), base_url.into())
    }

    fn of(fork: Fork, opencode: PathBuf, base_url: String) -> Result<Self> {
        Ok(Self {
            fork,
            opencode,
            base_url,
            home: scratch_dir("home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            extra_env: Vec::new(),
            timeout: OPENCODE_TIMEOUT,
        })
    }

    /// The scratch `HOME`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The user configuration folder: `<home>/.config/opencode` (Kilo CLI:
    /// `<home>/.config/kilo`).
    pub fn config_dir(&self) -> PathBuf {
        self.home().join(".config").join(self.fork.config().0)
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

    /// Replaces the limit on each invocation (default [`OPENCODE_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Writes `<config_dir>/opencode.json` (Kilo CLI: `kilo.json`): the fake provider at the
    /// session's server,
    /// [`OPENCODE_MODEL`], `bash`, `edit` and `external_directory` allowed, no autoupdate,
    /// no sharing.
    fn write_config(&self) -> Result<()> {
        let config = json!({
            "$schema": "https://opencode.ai/config.json",
            "provider": { PROVIDER: {
                "npm": "@ai-sdk/openai-compatible",
                "name": "hookkit fake model",
                "options": { "baseURL": self.base_url, "apiKey": crate::FAKE_API_KEY },
                "models": { MODEL: { "name": MODEL, "tool_call": true } },
            } },
            "model": OPENCODE_MODEL,
            "permission": { "bash": "allow", "edit": "allow", "external_directory": "allow" },
            "autoupdate": false,
            "share": "disabled",
        });
        let dir = self.config_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let path = dir.join(self.fork.config().1);
        std::fs::write(&path, format!("{config:#}\n"))
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Runs `opencode <args>` in the scratch working directory (after writing the
    /// configuration) and waits for it (a non-zero exit is returned, not an error).
    ///
    /// # Errors
    /// [`Error::Io`] when the configuration cannot be written or opencode spawned;
    /// [`Error::Timeout`] past the limit.
    pub fn command<I, S>(&self, args: I) -> Result<SessionOutput>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.write_config()?;
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        run_host(HostRun {
            program: &self.opencode,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: self
                .fork
                .env()
                .iter()
                .map(|(k, v)| (*k, (*v).into()))
                .collect(),
            extra_env: &self.extra_env,
            timeout: self.timeout,
        })
    }

    /// Runs `opencode run --print-logs --model hookkit-fake/fake-model <prompt>` (or `kilo
    /// run …`): one headless session against the fake server (its log goes to stderr).
    ///
    /// # Errors
    /// As [`command`](Self::command).
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        self.command(["run", "--print-logs", "--model", OPENCODE_MODEL, prompt])
    }
}
