//! The real Factory droid (`droid`, Factory's coding agent CLI) against a scripted model
//! server.
//!
//! droid runs offline with no Factory login against a BYOK model: a `customModels` entry
//! with `provider: "anthropic"` and a `baseUrl` makes it speak the Anthropic Messages API
//! (<https://docs.factory.ai/cli/byok/overview>), so the same
//! [`FakeAnthropic`](crate::FakeAnthropic) that drives Claude Code drives it. The entry is
//! given in a runtime settings file (`droid exec --settings FILE`, "merged for this process
//! only"), with `cloudSessionSync: false`, so that `~/.factory/settings.json` holds only
//! what the test (or `hookkit install`) writes there. Measured on droid 0.225.2: a scripted
//! session takes about 2 seconds; droid's calls to Factory's servers (session sync,
//! telemetry) fail and change nothing.
//!
//! npm: `@factory/cli` 0.225.1 is a launcher whose platform packages of that version are not
//! on the registry; the binary itself is the package `@factory/cli-linux-x64`, installed
//! here at 0.225.2 (x86-64 Linux only).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;

use crate::copilot::scratch_dir;
use crate::error::{Error, Result};
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::server::Turn;
use crate::session::SessionOutput;

/// The npm package of droid's x86-64 Linux binary.
pub const FACTORY_DROID_PACKAGE: &str = "@factory/cli-linux-x64";
/// The droid version the fixtures under `crates/hooks/tests/fixtures/factory-droid` were
/// captured with.
pub const FACTORY_DROID_VERSION: &str = "0.225.2";
/// The model id of the BYOK entry, sent to the fake server as is (`-m custom:<id>`).
pub const FACTORY_DROID_MODEL: &str = "claude-sonnet-4-5";
/// The default limit on one `droid exec`.
pub const FACTORY_DROID_TIMEOUT: Duration = Duration::from_secs(120);

/// Ensures `@factory/cli-linux-x64@0.225.2` is installed under
/// `<target>/e2e-hosts/factory-droid-0.225.2/` and returns its `droid` executable (checked
/// with `droid --version`).
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_factory_droid() -> Result<PathBuf> {
    install(NpmHost {
        package: FACTORY_DROID_PACKAGE,
        version: FACTORY_DROID_VERSION,
        bin: "@factory/cli-linux-x64/bin/droid",
        dir: "factory-droid",
        version_probe_env: Some(&[]),
        cache_env: None,
    })
}

/// A script turn calling droid's shell tool, `Execute`, with `command` (and the summary and
/// risk fields its schema requires; droid 0.225.2 refuses an `Execute` call without
/// `riskLevel` and `riskLevelReason`).
pub fn droid_execute_turn(command: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "Execute".to_owned(),
        input: json!({
            "summary": "Run a scripted command",
            "command": command.into(),
            "riskLevelReason": "Scripted by hookkit-testkit.",
            "riskLevel": "low",
        }),
    }
}

/// One droid environment: scratch `HOME` (droid keeps its state in `<home>/.factory`) and
/// working directory, a cleared environment and a hard timeout.
///
/// The child's environment: `PATH` (the [`path_prepend`](Self::path_prepend) directories,
/// then the caller's), `HOME`, `TMPDIR`, `LANG`, `TERM`.
#[derive(Debug)]
pub struct DroidSession {
    droid: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    timeout: Duration,
}

impl DroidSession {
    /// A session of `droid` against the Anthropic-format server at `base_url`
    /// ([`FakeAnthropic::base_url`](crate::FakeAnthropic::base_url)).
    ///
    /// # Errors
    /// [`Error::Io`] when a directory cannot be created.
    pub fn new(droid: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        Ok(Self {
            droid: droid.into(),
            base_url: base_url.into(),
            home: scratch_dir("home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            timeout: FACTORY_DROID_TIMEOUT,
        })
    }

    /// The scratch `HOME`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The user's settings, where `hookkit install` registers the guards when there is no
    /// `~/.factory/hooks.json`: `<home>/.factory/settings.json`.
    pub fn settings_path(&self) -> PathBuf {
        self.home().join(".factory").join("settings.json")
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

    /// Runs `droid exec --settings <runtime settings> --skip-permissions-unsafe -m
    /// custom:<model> --output-format json <prompt>`, one headless session against the fake
    /// server in the scratch working directory, and waits for it (a non-zero exit is
    /// returned, not an error). `--skip-permissions-unsafe` turns droid's own approval of
    /// risky commands off, so that what refuses a call is a hook; droid still runs its hooks
    /// (measured).
    ///
    /// # Errors
    /// [`Error::Io`] when the runtime settings cannot be written or droid cannot be
    /// spawned; [`Error::Timeout`] past the limit.
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        let settings = self.scratch.path().join("droid-runtime-settings.json");
        let runtime = json!({
            "cloudSessionSync": false,
            "customModels": [{
                "model": FACTORY_DROID_MODEL,
                "displayName": "hookkit fake model",
                "baseUrl": self.base_url,
                "apiKey": crate::FAKE_API_KEY,
                "provider": "anthropic",
                "maxOutputTokens": 4096,
            }],
        });
        std::fs::write(&settings, format!("{runtime:#}\n"))
            .map_err(|e| Error::io(format!("writing {}", settings.display()), e))?;
        let model = format!("custom:{FACTORY_DROID_MODEL}");
        let mut args: Vec<OsString> = vec!["exec".into(), "--settings".into(), settings.into()];
        args.extend(
            [
                "--skip-permissions-unsafe",
                "-m",
                &model,
                "--output-format",
                "json",
                prompt,
            ]
            .into_iter()
            .map(OsString::from),
        );
        run_host(HostRun {
            program: &self.droid,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: Vec::new(),
            extra_env: &[],
            timeout: self.timeout,
        })
    }
}
