//! The real Codex CLI (`@openai/codex`) against a scripted OpenAI Responses API server.
//!
//! How Codex was driven offline (custom model provider in `$CODEX_HOME/config.toml`,
//! `wire_api = "responses"`, websockets and retries off, `[features] hooks = true`,
//! `codex exec --dangerously-bypass-hook-trust`) is recorded in
//! `/work/shared/hosts/README.md`, "Driving a host offline". The stream shapes follow the
//! Responses API streaming events (`response.created`, `response.output_item.done` with a
//! `function_call` or `message` item, `response.completed`), as Codex's own test support
//! (`codex-rs/core/tests/common/responses.rs`) emits them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::npm::{NpmHost, install};
use crate::process::{HostRun, run_host};
use crate::scripted::{HttpExchange, Reply, ScriptedServer, script_responder};
use crate::server::Turn;
use crate::session::SessionOutput;

/// The npm package of the Codex CLI.
pub const CODEX_PACKAGE: &str = "@openai/codex";
/// The Codex version the fixtures under `/work/shared/hosts/codex` were captured with.
pub const CODEX_VERSION: &str = "0.169.0";
/// The model name written into `config.toml` (a name Codex knows, so it picks its tools).
pub const CODEX_MODEL: &str = "gpt-5.5";
/// The environment variable holding the fake provider's API key (`env_key`).
pub const CODEX_KEY_ENV: &str = "HOOKKIT_FAKE_OPENAI_KEY";
/// The default limit on one `codex` invocation; a scripted session takes about a second.
pub const CODEX_TIMEOUT: Duration = Duration::from_secs(120);

/// Ensures `@openai/codex@0.169.0` is installed under `<target>/e2e-hosts/codex-0.169.0/`
/// and returns the path of its `codex` executable (see
/// [`install_claude_code`](crate::install_claude_code) for the scheme).
///
/// # Errors
/// As [`install_claude_code`](crate::install_claude_code).
pub fn install_codex() -> Result<PathBuf> {
    install(NpmHost {
        package: CODEX_PACKAGE,
        version: CODEX_VERSION,
        bin: ".bin/codex",
        dir: "codex",
        version_probe_env: None,
        cache_env: None,
    })
}

/// A Codex `exec_command` call running `cmd` in a non-login shell (`login: false`, so a
/// login profile cannot reset `PATH`), as the model would send it.
pub fn codex_exec_turn(cmd: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "exec_command".to_owned(),
        input: json!({ "cmd": cmd.into(), "login": false }),
    }
}

/// A Codex `apply_patch` call with the patch `patch` (`*** Begin Patch` … `*** End Patch`,
/// the grammar Codex 0.169.0 advertises for it). `apply_patch` is a freeform tool
/// (`"type": "custom"` in the request's `tools`), so [`FakeOpenAi`] sends it as a
/// `custom_tool_call` whose `input` is the patch itself.
pub fn codex_patch_turn(patch: impl Into<String>) -> Turn {
    Turn::ToolUse {
        name: "apply_patch".to_owned(),
        input: Value::String(patch.into()),
    }
}

/// The `call_id` the server gives the function call of script turn `turn` (0-based).
pub fn codex_call_id(turn: usize) -> String {
    format!("call_hookkit_{turn}")
}

/// A scripted OpenAI Responses API server on `127.0.0.1:<ephemeral>`.
///
/// Each `POST /v1/responses` that advertises `tools` gets the next [`Turn`] as an SSE
/// stream: a [`Turn::ToolUse`] becomes one `function_call` item (`call_id` from
/// [`codex_call_id`], `arguments` the input as a JSON string), or, when its input is a
/// JSON string, one `custom_tool_call` item with that string as `input` (a freeform tool:
/// [`codex_patch_turn`]); a [`Turn::Text`] one assistant `message`. After the script, and
/// for requests without `tools`, it answers with a message
/// ([`EXHAUSTED_TEXT`](crate::EXHAUSTED_TEXT)). Other routes get 404.
#[derive(Debug)]
pub struct FakeOpenAi {
    server: ScriptedServer,
}

impl FakeOpenAi {
    /// Starts serving `script`.
    ///
    /// # Errors
    /// [`Error::Server`] when the socket cannot be bound; [`Error::Io`] when the thread
    /// cannot be spawned.
    pub fn start(script: Vec<Turn>) -> Result<Self> {
        let responder = script_responder("/v1/responses", script, |index, turn, _| {
            Reply::Sse(responses_sse(index.unwrap_or(usize::MAX), turn))
        });
        let server = ScriptedServer::start("fake-openai", responder)?;
        Ok(Self { server })
    }

    /// `http://127.0.0.1:<port>/v1`, the provider's `base_url`.
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.server.base_url())
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<HttpExchange> {
        self.server.exchanges()
    }

    /// How many script turns have been served.
    pub fn turns_served(&self) -> usize {
        self.server.turns_served()
    }

    /// The `output` of the `function_call_output` (or `custom_tool_call_output`) Codex
    /// sent back for script turn `turn`, from the first request that carries it (string outputs as is, content
    /// arrays joined by newlines).
    pub fn function_output_for(&self, turn: usize) -> Option<String> {
        let id = codex_call_id(turn);
        let pick = |item: &Value| {
            matches!(
                item.get("type").and_then(Value::as_str),
                Some("function_call_output" | "custom_tool_call_output")
            ) && item.get("call_id").and_then(Value::as_str) == Some(id.as_str())
        };
        self.server.sent_back("input", pick, "output")
    }
}

/// One turn as a Responses API SSE stream.
fn responses_sse(turn: usize, script_turn: &Turn) -> String {
    let response_id = format!("resp_hookkit_{turn}");
    let item = match script_turn {
        Turn::ToolUse {
            name,
            input: Value::String(freeform),
        } => json!({
            "type": "custom_tool_call",
            "call_id": codex_call_id(turn),
            "name": name,
            "input": freeform,
        }),
        Turn::ToolUse { name, input } => json!({
            "type": "function_call",
            "call_id": codex_call_id(turn),
            "name": name,
            "arguments": input.to_string(),
        }),
        Turn::Text(text) => json!({
            "type": "message",
            "role": "assistant",
            "id": format!("msg_hookkit_{turn}"),
            "content": [{ "type": "output_text", "text": text }],
        }),
    };
    let events = [
        json!({ "type": "response.created", "response": { "id": response_id } }),
        json!({ "type": "response.output_item.done", "item": item }),
        json!({ "type": "response.completed", "response": { "id": response_id, "usage": {
            "input_tokens": 10, "input_tokens_details": null, "output_tokens": 5,
            "output_tokens_details": null, "total_tokens": 15 } } }),
    ];
    events
        .iter()
        .map(|event| {
            let name = event.get("type").and_then(Value::as_str).unwrap_or("");
            format!("event: {name}\ndata: {event}\n\n")
        })
        .collect()
}

/// One Codex CLI environment: scratch `HOME`, `CODEX_HOME` and working directory, a
/// `config.toml` pointing at a [`FakeOpenAi`], a cleared environment and a hard timeout.
///
/// The child's environment is rebuilt from scratch: `PATH` (the directories given to
/// [`path_prepend`](Self::path_prepend), then the caller's), `HOME`, `CODEX_HOME`,
/// `TMPDIR`, `LANG`, `TERM` and [`CODEX_KEY_ENV`].
#[derive(Debug)]
pub struct CodexSession {
    codex: PathBuf,
    home: TempDir,
    codex_home: TempDir,
    cwd: TempDir,
    scratch: TempDir,
    path_prepend: Vec<PathBuf>,
    timeout: Duration,
    extra_env: Vec<(String, OsString)>,
}

/// A fresh directory under the system's temporary directory, named `hookkit-e2e-<what>-…`.
pub(crate) fn scratch_dir(what: &str) -> Result<TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("hookkit-e2e-{what}-"))
        .tempdir()
        .map_err(|e| Error::io(format!("creating a scratch {what} dir"), e))
}

impl CodexSession {
    /// A session of `codex` against the Responses API at `base_url`
    /// ([`FakeOpenAi::base_url`]); writes `$CODEX_HOME/config.toml`:
    /// `model`, `model_provider = "mock"`, `[model_providers.mock]` (`base_url`,
    /// `wire_api = "responses"`, `env_key`, retries 0, `supports_websockets = false`) and
    /// `[features] hooks = true, enable_request_compression = false`.
    ///
    /// # Errors
    /// [`Error::Io`] when a directory or the config cannot be written.
    pub fn new(codex: impl Into<PathBuf>, base_url: &str) -> Result<Self> {
        let session = Self {
            codex: codex.into(),
            home: scratch_dir("home")?,
            codex_home: scratch_dir("codex-home")?,
            cwd: scratch_dir("cwd")?,
            scratch: scratch_dir("scratch")?,
            path_prepend: Vec::new(),
            timeout: CODEX_TIMEOUT,
            extra_env: Vec::new(),
        };
        session.base_url(base_url)
    }

    /// Points the session at another server: rewrites `$CODEX_HOME/config.toml` (as
    /// [`new`](Self::new) wrote it) with `base_url`. For a script that needs the scratch
    /// directories' paths (known only once the session exists) before the server starts.
    ///
    /// # Errors
    /// [`Error::Io`] when the config cannot be written.
    pub fn base_url(self, base_url: &str) -> Result<Self> {
        let base_url = Value::String(base_url.to_owned()).to_string();
        let config = format!(
            "model = \"{CODEX_MODEL}\"\nmodel_provider = \"mock\"\n\n[model_providers.mock]\nname = \"hookkit fake OpenAI\"\nbase_url = {base_url}\nwire_api = \"responses\"\nenv_key = \"{CODEX_KEY_ENV}\"\nrequest_max_retries = 0\nstream_max_retries = 0\nsupports_websockets = false\n\n[features]\nhooks = true\nenable_request_compression = false\n"
        );
        let path = self.codex_home().join("config.toml");
        std::fs::write(&path, config)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(self)
    }

    /// The scratch `HOME`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The scratch `CODEX_HOME` (config, `hooks.json`, installed plugins).
    pub fn codex_home(&self) -> &Path {
        self.codex_home.path()
    }

    /// The scratch working directory.
    pub fn cwd(&self) -> &Path {
        self.cwd.path()
    }

    /// Puts `dir` before the inherited `PATH` (later calls come after earlier ones).
    #[must_use]
    pub fn path_prepend(mut self, dir: impl Into<PathBuf>) -> Self {
        self.path_prepend.push(dir.into());
        self
    }

    /// Replaces the limit on each invocation (default [`CODEX_TIMEOUT`]).
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

    /// Registers hooks the way a user does without the plugin system: merges the hook
    /// files `files` (Codex `hooks.json` form, `{"hooks": {Event: [groups]}}`, e.g. a
    /// bundle's generated `com.openai.codex/hooks/hooks.json`) into `$CODEX_HOME/hooks.json`.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, parsed or written.
    pub fn install_hooks_json(&self, files: &[&Path]) -> Result<PathBuf> {
        let mut events: Map<String, Value> = Map::new();
        for file in files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
            let value: Value = serde_json::from_str(&text)
                .map_err(|e| Error::io(format!("parsing {}", file.display()), e.into()))?;
            let Some(hooks) = value.get("hooks").and_then(Value::as_object) else {
                return Err(Error::io(
                    format!("{} has no `hooks` object", file.display()),
                    std::io::ErrorKind::InvalidData.into(),
                ));
            };
            for (event, groups) in hooks {
                let slot = events
                    .entry(event.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let (Some(slot), Some(groups)) = (slot.as_array_mut(), groups.as_array()) {
                    slot.extend(groups.iter().cloned());
                }
            }
        }
        let path = self.codex_home().join("hooks.json");
        let text = serde_json::to_string_pretty(&json!({ "hooks": events }))
            .map_err(|e| Error::io("serializing hooks.json", e.into()))?;
        std::fs::write(&path, text + "\n")
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(path)
    }

    /// Runs `codex <args>` in the scratch working directory with the session's
    /// environment and waits for it (a non-zero exit is returned, not an error).
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
            program: &self.codex,
            args: &args,
            cwd: self.cwd(),
            home: self.home(),
            scratch: self.scratch.path(),
            path_prepend: &self.path_prepend,
            host_env: vec![
                ("CODEX_HOME", self.codex_home().into()),
                (CODEX_KEY_ENV, crate::FAKE_API_KEY.into()),
            ],
            extra_env: &self.extra_env,
            timeout: self.timeout,
        })
    }

    /// Runs `codex exec --dangerously-bypass-hook-trust --skip-git-repo-check
    /// --sandbox workspace-write <prompt>`: one headless turn loop against the fake server.
    ///
    /// # Errors
    /// As [`command`](Self::command).
    pub fn run(&self, prompt: &str) -> Result<SessionOutput> {
        self.command([
            "exec",
            "--dangerously-bypass-hook-trust",
            "--skip-git-repo-check",
            "--sandbox",
            "workspace-write",
            prompt,
        ])
    }
}
