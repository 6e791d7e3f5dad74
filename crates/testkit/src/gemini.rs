//! The real Gemini CLI (`@google/gemini-cli`) against a scripted Gemini API server.
//!
//! Offline driving (`GOOGLE_GEMINI_BASE_URL` to the fake server, `--skip-trust`,
//! `GEMINI_CLI_TRUST_WORKSPACE=true`, hook timeouts in milliseconds) is recorded in
//! `/work/shared/hosts/README.md`. The wire shapes follow the Gemini API
//! (`POST /v1beta/models/<model>:streamGenerateContent?alt=sse`, each SSE `data:` a
//! `GenerateContentResponse` with `candidates[].content.parts[]` holding `text` or
//! `functionCall {id, name, args}`; the host answers with `functionResponse {id, name,
//! response}` parts).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::scripted::{HttpExchange, Reply, ScriptedServer};
use crate::server::{EXHAUSTED_TEXT, Turn};
use crate::session::SessionOutput;

/// The npm package of Gemini CLI.
pub const GEMINI_CLI_PACKAGE: &str = "@google/gemini-cli";
/// The Gemini CLI version the fixtures under `/work/shared/hosts/gemini` were captured with.
pub const GEMINI_CLI_VERSION: &str = "0.61.0";
/// The model passed with `-m` (a fixed model, so no routing request is made).
pub const GEMINI_MODEL: &str = "gemini-2.5-flash";
/// The default limit on one `gemini` invocation; a scripted session takes a few seconds.
pub const GEMINI_TIMEOUT: Duration = Duration::from_secs(120);

/// Ensures `@google/gemini-cli@0.61.0` is installed under
/// `<target>/e2e-hosts/gemini-cli-0.61.0/` and returns its `gemini` executable.
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_gemini_cli() -> Result<PathBuf> {
    install(NpmHost {
        package: GEMINI_CLI_PACKAGE,
        version: GEMINI_CLI_VERSION,
        bin: "gemini",
        dir: "gemini-cli",
        version_probe_env: None,
        cache_env: None,
    })
}

/// A Gemini CLI `run_shell_command` call running `command`.
pub fn gemini_shell_turn(command: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "run_shell_command".to_owned(),
        input: json!({ "command": command.into(), "description": "scripted by hookkit-testkit" }),
    }
}

/// The `functionCall.id` the server gives script turn `turn` (0-based).
pub fn gemini_call_id(turn: usize) -> String {
    format!("call_hookkit_{turn}")
}

/// The text answered to requests without `tools` (Gemini CLI's JSON side requests:
/// next-speaker checks and model routing), valid for both schemas.
const SIDE_TEXT: &str =
    r#"{"reasoning":"hookkit fake model","next_speaker":"user","model_choice":"flash"}"#;

/// A scripted Gemini API server on `127.0.0.1:<ephemeral>`.
///
/// `:streamGenerateContent` (SSE) and `:generateContent` (JSON) requests that advertise
/// `tools` get the next [`Turn`]: a [`Turn::ToolUse`] becomes one `functionCall` part
/// (`id` from [`gemini_call_id`]), a [`Turn::Text`] one text part, `finishReason: STOP`.
/// Requests without `tools` get a JSON text (`SIDE_TEXT`) without consuming the script;
/// after the script, [`EXHAUSTED_TEXT`]. `:countTokens` gets `{"totalTokens": 1}`.
#[derive(Debug)]
pub struct FakeGemini {
    server: ScriptedServer,
}

impl FakeGemini {
    /// Starts serving `script`.
    ///
    /// # Errors
    /// [`Error::Server`] when the socket cannot be bound; [`Error::Io`] when the thread
    /// cannot be spawned.
    pub fn start(script: Vec<Turn>) -> Result<Self> {
        let mut next = 0_usize;
        let server = ScriptedServer::start(
            "fake-gemini",
            Box::new(move |method, path, body| {
                if method == "POST" && path.ends_with(":countTokens") {
                    return (None, Reply::Json(200, json!({ "totalTokens": 1 })));
                }
                let streaming = path.ends_with(":streamGenerateContent");
                if method != "POST" || !(streaming || path.ends_with(":generateContent")) {
                    return (
                        None,
                        Reply::Json(
                            404,
                            json!({ "error": { "code": 404, "message": format!("hookkit fake server: no route for {method} {path}") } }),
                        ),
                    );
                }
                let has_tools = body
                    .and_then(|b| b.get("tools"))
                    .and_then(Value::as_array)
                    .is_some_and(|t| !t.is_empty());
                let (turn_index, turn) = if !has_tools {
                    (None, Turn::text(SIDE_TEXT))
                } else if let Some(turn) = script.get(next) {
                    next += 1;
                    (Some(next - 1), turn.clone())
                } else {
                    (None, Turn::text(EXHAUSTED_TEXT))
                };
                let part = match &turn {
                    Turn::ToolUse { name, input } => json!({ "functionCall": {
                        "id": gemini_call_id(turn_index.unwrap_or(usize::MAX)),
                        "name": name,
                        "args": input,
                    }}),
                    Turn::Text(text) => json!({ "text": text }),
                };
                let response = json!({
                    "candidates": [{
                        "content": { "role": "model", "parts": [part] },
                        "finishReason": "STOP",
                        "index": 0,
                    }],
                    "usageMetadata": { "promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15 },
                    "modelVersion": GEMINI_MODEL,
                });
                let reply = if streaming {
                    Reply::Sse(format!("data: {response}\r\n\r\n"))
                } else {
                    Reply::Json(200, response)
                };
                (turn_index, reply)
            }),
        )?;
        Ok(Self { server })
    }

    /// `http://127.0.0.1:<port>`, the value for `GOOGLE_GEMINI_BASE_URL`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<HttpExchange> {
        self.server.exchanges()
    }

    /// How many script turns have been served.
    pub fn turns_served(&self) -> usize {
        self.server.turns_served()
    }

    /// The `functionResponse.response` object Gemini CLI sent back for script turn
    /// `turn`, as JSON text, from the first request that carries it.
    pub fn function_response_for(&self, turn: usize) -> Option<String> {
        let id = gemini_call_id(turn);
        self.requests().iter().find_map(|exchange| {
            exchange
                .body
                .as_ref()?
                .get("contents")?
                .as_array()?
                .iter()
                .filter_map(|c| c.get("parts").and_then(Value::as_array))
                .flatten()
                .filter_map(|p| p.get("functionResponse"))
                .find(|r| r.get("id").and_then(Value::as_str) == Some(id.as_str()))
                .map(|r| {
                    r.get("response")
                        .cloned()
                        .unwrap_or(Value::Null)
                        .to_string()
                })
        })
    }
}

/// One Gemini CLI environment: scratch `HOME` (with `~/.gemini/settings.json`: API-key
/// auth, usage statistics, telemetry and auto-update off) and working directory, a
/// cleared environment and a hard timeout.
///
/// The child's environment: `PATH` (the [`path_prepend`](Self::path_prepend) directories,
/// then the caller's), `HOME`, `TMPDIR`, `LANG`, `TERM`, `GEMINI_API_KEY` (fake),
/// `GOOGLE_GEMINI_BASE_URL` and `GEMINI_CLI_TRUST_WORKSPACE=true` (without it,
/// `extensions install` asks on stdin whether to trust the folder), then the
/// [`env`](Self::env) variables.
#[derive(Debug)]
pub struct GeminiSession {
    gemini: PathBuf,
    base_url: String,
    home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    extra_env: Vec<(String, OsString)>,
    timeout: Duration,
}

fn scratch_dir(what: &str) -> Result<TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("hookkit-e2e-{what}-"))
        .tempdir()
        .map_err(|e| Error::io(format!("creating a scratch {what} dir"), e))
}

impl GeminiSession {
    /// A session of `gemini` against the server at `base_url` ([`FakeGemini::base_url`]).
    ///
    /// # Errors
    /// [`Error::Io`] when a directory or the settings cannot be written.
    pub fn new(gemini: impl Into<PathBuf>, base_url: impl Into<String>) -> Result<Self> {
        let session = Self {
            gemini: gemini.into(),
            base_url: base_url.into(),
            home: scratch_dir("home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            extra_env: Vec::new(),
            timeout: GEMINI_TIMEOUT,
        };
        let settings = json!({
            "security": { "auth": { "selectedType": "gemini-api-key" } },
            "privacy": { "usageStatisticsEnabled": false },
            "telemetry": { "enabled": false },
            "general": { "disableAutoUpdate": true, "disableUpdateNag": true },
        });
        let dir = session.home().join(".gemini");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let path = dir.join("settings.json");
        std::fs::write(&path, format!("{settings:#}\n"))
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(session)
    }

    /// The scratch `HOME` (Gemini CLI keeps its state in `<home>/.gemini`).
    pub fn home(&self) -> &Path {
        self.home.path()
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

    /// Replaces the limit on each invocation (default [`GEMINI_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs `gemini <args>` in the scratch working directory and waits for it (a non-zero
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
            program: &self.gemini,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: vec![
                ("GEMINI_API_KEY", crate::FAKE_API_KEY.into()),
                ("GOOGLE_GEMINI_BASE_URL", (&self.base_url).into()),
                ("GEMINI_CLI_TRUST_WORKSPACE", "true".into()),
            ],
            extra_env: &self.extra_env,
            timeout: self.timeout,
        })
    }

    /// `gemini extensions install <dir> --consent`; `Ok` only when it exits 0.
    ///
    /// # Errors
    /// [`Error::CommandFailed`] for a non-zero exit; as [`command`](Self::command).
    pub fn install_extension(&self, dir: &Path) -> Result<SessionOutput> {
        let mut args: Vec<OsString> = vec!["extensions".into(), "install".into()];
        args.push(dir.into());
        args.push("--consent".into());
        let output = self.command(&args)?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(Error::CommandFailed {
                command: format!("gemini extensions install {} --consent", dir.display()),
                status: output.status,
                stdout: output.stdout,
                stderr: output.stderr,
            })
        }
    }

    /// Runs `gemini -p <prompt> -m <GEMINI_MODEL> --skip-trust --approval-mode yolo
    /// --output-format json`: one headless session against the fake server.
    ///
    /// # Errors
    /// As [`command`](Self::command).
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        self.command([
            "-p",
            prompt,
            "-m",
            GEMINI_MODEL,
            "--skip-trust",
            "--approval-mode",
            "yolo",
            "--output-format",
            "json",
        ])
    }
}
