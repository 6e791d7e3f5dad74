//! The real Qwen Code (`@qwen-code/qwen-code`) against a scripted model server.
//!
//! Qwen Code's own model API is OpenAI-compatible, but it also speaks the Anthropic
//! Messages API (`--auth-type anthropic`, with `ANTHROPIC_BASE_URL`, `ANTHROPIC_API_KEY`
//! and `ANTHROPIC_MODEL`; Qwen Code 0.24.4's `qwen --help` and its bundled
//! `docs/configuration/auth.md`), so the same [`FakeAnthropic`](crate::FakeAnthropic) that
//! drives Claude Code and Copilot CLI drives it; the hooks run in its tool scheduler
//! whatever the model API. Its shell tool is Gemini CLI's `run_shell_command`
//! (`{"command", "description"}`: [`gemini_shell_turn`](crate::gemini_shell_turn)). A
//! scripted session takes 3 to 7 seconds (measured).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;

use crate::copilot::scratch_dir;
use crate::error::{Error, Result};
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::session::SessionOutput;

/// The npm package of Qwen Code.
pub const QWEN_CODE_PACKAGE: &str = "@qwen-code/qwen-code";
/// The Qwen Code version the fixtures under `crates/hooks/tests/fixtures/qwen-code` were
/// captured with.
pub const QWEN_CODE_VERSION: &str = "0.24.4";
/// The model named in `ANTHROPIC_MODEL` (Qwen Code sends it to the fake server as is).
pub const QWEN_MODEL: &str = "claude-sonnet-4-5";
/// The default limit on one `qwen` invocation.
pub const QWEN_TIMEOUT: Duration = Duration::from_secs(180);

/// Ensures `@qwen-code/qwen-code@0.24.4` is installed under
/// `<target>/e2e-hosts/qwen-code-0.24.4/` and returns its `qwen` executable (checked with
/// `qwen --version`).
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_qwen_code() -> Result<PathBuf> {
    install(NpmHost {
        package: QWEN_CODE_PACKAGE,
        version: QWEN_CODE_VERSION,
        bin: "qwen",
        dir: "qwen-code",
        version_probe_env: Some(&[]),
        cache_env: None,
    })
}

/// One Qwen Code environment: scratch `HOME` (Qwen Code keeps its state in
/// `<home>/.qwen`; `~/.qwen/settings.json` turns auto-update, usage statistics and
/// telemetry off) and working directory, a cleared environment and a hard timeout.
///
/// The child's environment: `PATH` (the [`path_prepend`](Self::path_prepend) directories,
/// then the caller's), `HOME`, `TMPDIR`, `LANG`, `TERM`, `ANTHROPIC_BASE_URL` (the fake
/// server), `ANTHROPIC_API_KEY` (fake), `ANTHROPIC_MODEL` ([`QWEN_MODEL`]).
#[derive(Debug)]
pub struct QwenSession {
    qwen: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    timeout: Duration,
}

impl QwenSession {
    /// A session of `qwen` against the Anthropic-format server at `base_url`
    /// ([`FakeAnthropic::base_url`](crate::FakeAnthropic::base_url)).
    ///
    /// # Errors
    /// [`Error::Io`] when a directory or the settings cannot be written.
    pub fn new(qwen: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        let session = Self {
            qwen: qwen.into(),
            base_url: base_url.into(),
            home: scratch_dir("home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            timeout: QWEN_TIMEOUT,
        };
        let settings = json!({
            "general": { "enableAutoUpdate": false },
            "privacy": { "usageStatisticsEnabled": false },
            "telemetry": { "enabled": false },
        });
        let path = session.settings_path();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&path, format!("{settings:#}\n"))
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(session)
    }

    /// The scratch `HOME`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The user's settings, where user-level hooks are registered:
    /// `<home>/.qwen/settings.json`.
    pub fn settings_path(&self) -> PathBuf {
        self.home().join(".qwen").join("settings.json")
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

    /// Runs `qwen --auth-type anthropic --approval-mode yolo --output-format json
    /// <prompt>`, one headless session against the fake server, in the scratch working
    /// directory, and waits for it (a non-zero exit is returned, not an error).
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be spawned; [`Error::Timeout`] past the limit.
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        let args: Vec<OsString> = [
            "--auth-type",
            "anthropic",
            "--approval-mode",
            "yolo",
            "--output-format",
            "json",
            prompt,
        ]
        .into_iter()
        .map(OsString::from)
        .collect();
        run_host(HostRun {
            program: &self.qwen,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: vec![
                ("ANTHROPIC_BASE_URL", (&self.base_url).into()),
                ("ANTHROPIC_API_KEY", crate::FAKE_API_KEY.into()),
                ("ANTHROPIC_MODEL", QWEN_MODEL.into()),
            ],
            extra_env: &[],
            timeout: self.timeout,
        })
    }
}
