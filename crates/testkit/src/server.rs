//! A scripted model server speaking the Anthropic Messages API.
//!
//! Shapes follow the Messages API streaming reference
//! (<https://docs.anthropic.com/en/api/messages-streaming>): `message_start`,
//! `content_block_start` / `content_block_delta` (`text_delta`, `input_json_delta`) /
//! `content_block_stop`, `message_delta` with the `stop_reason`, `message_stop`.

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Method, Response, Server};

use crate::error::{Error, Result};

/// The most bytes of a request body the server reads; Claude Code's requests are ~50 KB.
pub const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;
/// The most requests the server records; later requests are still answered, not recorded.
pub const MAX_RECORDED_REQUESTS: usize = 1024;
/// How often the serving loop checks whether its [`FakeAnthropic`] was dropped.
const POLL: Duration = Duration::from_millis(50);
/// The text the server answers with once the script is used up, or to side requests.
pub const EXHAUSTED_TEXT: &str = "(fake model: script exhausted)";

/// One scripted model turn: what the model answers to the next main-loop request.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    /// Answer with one `tool_use` block and `stop_reason: "tool_use"`.
    ToolUse {
        /// The tool's name as the host advertises it, e.g. `Bash`.
        name: String,
        /// The tool's input object, streamed as one `input_json_delta`.
        input: Value,
    },
    /// Answer with one text block and `stop_reason: "end_turn"`.
    Text(String),
}

impl Turn {
    /// A Claude Code `Bash` tool call running `command` (`{"command", "description"}`).
    pub fn bash(command: impl Into<String>) -> Self {
        Self::ToolUse {
            name: "Bash".to_owned(),
            input: json!({ "command": command.into(), "description": "scripted by hookkit-testkit" }),
        }
    }

    /// A final text answer.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }
}

/// How the server classified (and answered) one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// A main-loop `POST /v1/messages` (it advertises `tools`) answered with script turn `n`
    /// (0-based).
    Scripted(usize),
    /// A main-loop request that arrived after the script was used up; answered with
    /// [`EXHAUSTED_TEXT`] and `end_turn`, so the host stops.
    Exhausted,
    /// A `POST /v1/messages` without `tools` (title generation, summaries, quota probes):
    /// answered with a short text, without consuming the script.
    Side,
    /// `POST /v1/messages/count_tokens`: answered with `{"input_tokens": 1}`.
    CountTokens,
    /// Anything else (`HEAD /`, other paths): `HEAD` gets 200, the rest 404.
    Other,
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The request target including the query, e.g. `/v1/messages?beta=true`.
    pub url: String,
    /// The headers, except `x-api-key` and `authorization`.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON, or `None` when it was empty or not JSON.
    pub body: Option<Value>,
    /// How it was classified and answered.
    pub kind: RequestKind,
}

impl RecordedRequest {
    /// The `model` field of the body, if any.
    pub fn model(&self) -> Option<&str> {
        self.body.as_ref()?.get("model")?.as_str()
    }

    /// Every `tool_result` block in this request's `messages`, in order.
    pub fn tool_results(&self) -> Vec<ToolResult> {
        let Some(messages) = self
            .body
            .as_ref()
            .and_then(|b| b.get("messages"))
            .and_then(Value::as_array)
        else {
            return Vec::new();
        };
        messages
            .iter()
            .filter_map(|m| m.get("content").and_then(Value::as_array))
            .flatten()
            .filter(|block| block.get("type").and_then(Value::as_str) == Some("tool_result"))
            .map(ToolResult::from_block)
            .collect()
    }
}

/// A `tool_result` content block the host sent back to the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolResult {
    /// The id of the `tool_use` it answers (the server issues `toolu_hookkit_<turn>`).
    pub tool_use_id: String,
    /// The result's text: the string `content`, or its text blocks joined by newlines.
    pub content: String,
    /// The block's `is_error` flag (absent counts as `false`).
    pub is_error: bool,
}

impl ToolResult {
    fn from_block(block: &Value) -> Self {
        let content = crate::scripted::content_text(block.get("content"));
        Self {
            tool_use_id: block
                .get("tool_use_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            content,
            is_error: block
                .get("is_error")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }
}

/// The id the server gives the `tool_use` block of script turn `turn` (0-based).
pub fn tool_use_id(turn: usize) -> String {
    format!("toolu_hookkit_{turn}")
}

#[derive(Debug, Default)]
struct State {
    script: Vec<Turn>,
    next_turn: usize,
    requests: Vec<RecordedRequest>,
}

/// A scripted Anthropic Messages API server on `127.0.0.1:<ephemeral port>`.
///
/// Each main-loop request (a `POST /v1/messages` that advertises `tools`) gets the next
/// [`Turn`] of the script, streamed as SSE when the request asks for `stream: true` and as
/// one JSON message otherwise. Side requests do not consume the script (see
/// [`RequestKind`]). Every request is recorded. The server thread stops when this value
/// is dropped.
#[derive(Debug)]
pub struct FakeAnthropic {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeAnthropic {
    /// Binds `127.0.0.1:0` and starts serving `script` on a background thread.
    ///
    /// # Errors
    /// [`Error::Server`] when the socket cannot be bound; [`Error::Io`] when the thread
    /// cannot be spawned.
    pub fn start(script: Vec<Turn>) -> Result<Self> {
        let server = Server::http("127.0.0.1:0").map_err(|e| Error::Server(e.to_string()))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Server("bound address is not an IP socket".to_owned()))?;
        let state = Arc::new(Mutex::new(State {
            script,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name(format!("fake-anthropic-{}", addr.port()))
            .spawn({
                let state = Arc::clone(&state);
                let stop = Arc::clone(&stop);
                move || serve(&server, &state, &stop)
            })
            .map_err(|e| Error::io("spawning the fake Anthropic server thread", e))?;
        Ok(Self {
            addr,
            state,
            stop,
            thread: Some(thread),
        })
    }

    /// The address it listens on (always `127.0.0.1`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, the value for `ANTHROPIC_BASE_URL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A copy of every request received so far (at most [`MAX_RECORDED_REQUESTS`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The main-loop requests (scripted or after the script ran out), in arrival order.
    pub fn model_requests(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| matches!(r.kind, RequestKind::Scripted(_) | RequestKind::Exhausted))
            .collect()
    }

    /// How many script turns have been served.
    pub fn turns_served(&self) -> usize {
        lock(&self.state).next_turn
    }

    /// The `tool_result` the host sent for the `tool_use` of script turn `turn`, taken
    /// from the first main-loop request that carries it.
    pub fn tool_result_for(&self, turn: usize) -> Option<ToolResult> {
        let id = tool_use_id(turn);
        self.model_requests()
            .iter()
            .flat_map(RecordedRequest::tool_results)
            .find(|r| r.tool_use_id == id)
    }
}

impl Drop for FakeAnthropic {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Locks the state even if a previous holder panicked (the data stays usable).
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn serve(server: &Server, state: &Mutex<State>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(POLL) {
            Ok(Some(request)) => handle(request, state),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

fn handle(mut request: tiny_http::Request, state: &Mutex<State>) {
    let method = request.method().clone();
    let url = request.url().to_owned();
    let headers = request
        .headers()
        .iter()
        .filter(|h| !h.field.equiv("x-api-key") && !h.field.equiv("authorization"))
        .map(|h| (h.field.to_string(), h.value.to_string()))
        .collect();
    let mut raw = Vec::new();
    let _ = request
        .as_reader()
        .take(MAX_BODY_BYTES)
        .read_to_end(&mut raw);
    let body: Option<Value> = serde_json::from_slice(&raw).ok();
    let path = url.split('?').next().unwrap_or_default();

    let mut guard = lock(state);
    let (kind, reply) = if method == Method::Post && path == "/v1/messages" {
        let streaming = body
            .as_ref()
            .and_then(|b| b.get("stream"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let model = body
            .as_ref()
            .and_then(|b| b.get("model"))
            .and_then(Value::as_str)
            .unwrap_or("claude-fake")
            .to_owned();
        let has_tools = body
            .as_ref()
            .and_then(|b| b.get("tools"))
            .and_then(Value::as_array)
            .is_some_and(|t| !t.is_empty());
        let (kind, turn) = if !has_tools {
            (RequestKind::Side, Turn::text("hookkit e2e"))
        } else if let Some(turn) = guard.script.get(guard.next_turn).cloned() {
            let n = guard.next_turn;
            guard.next_turn += 1;
            (RequestKind::Scripted(n), turn)
        } else {
            (RequestKind::Exhausted, Turn::text(EXHAUSTED_TEXT))
        };
        let id = match kind {
            RequestKind::Scripted(n) => tool_use_id(n),
            _ => "toolu_hookkit_side".to_owned(),
        };
        let message_id = format!("msg_hookkit_{}", guard.requests.len());
        let reply = if streaming {
            Reply::Sse(sse_body(&message_id, &model, &turn, &id))
        } else {
            Reply::Json(message_json(&message_id, &model, &turn, &id))
        };
        (kind, reply)
    } else if method == Method::Post && path == "/v1/messages/count_tokens" {
        (
            RequestKind::CountTokens,
            Reply::Json(json!({ "input_tokens": 1 })),
        )
    } else if method == Method::Head {
        (RequestKind::Other, Reply::Empty(200))
    } else {
        (
            RequestKind::Other,
            Reply::Status(
                404,
                json!({ "type": "error", "error": { "type": "not_found_error", "message": format!("hookkit fake server: no route for {method} {path}") } }),
            ),
        )
    };
    if guard.requests.len() < MAX_RECORDED_REQUESTS {
        guard.requests.push(RecordedRequest {
            method: method.to_string(),
            url,
            headers,
            body,
            kind,
        });
    }
    drop(guard);
    let _ = match reply {
        Reply::Sse(text) => {
            request.respond(with_type(Response::from_string(text), "text/event-stream"))
        }
        Reply::Json(value) => request.respond(with_type(
            Response::from_string(value.to_string()),
            "application/json",
        )),
        Reply::Status(code, value) => request.respond(
            with_type(Response::from_string(value.to_string()), "application/json")
                .with_status_code(code),
        ),
        Reply::Empty(code) => request.respond(Response::empty(code)),
    };
}

enum Reply {
    Sse(String),
    Json(Value),
    Status(u16, Value),
    Empty(u16),
}

fn with_type<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    match Header::from_bytes("Content-Type", content_type) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

fn usage(output_tokens: u64) -> Value {
    json!({
        "input_tokens": 10,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": output_tokens,
    })
}

fn stop_reason(turn: &Turn) -> &'static str {
    match turn {
        Turn::ToolUse { .. } => "tool_use",
        Turn::Text(_) => "end_turn",
    }
}

/// The whole message as one JSON body (for `stream: false`).
fn message_json(message_id: &str, model: &str, turn: &Turn, tool_id: &str) -> Value {
    let block = match turn {
        Turn::ToolUse { name, input } => {
            json!({ "type": "tool_use", "id": tool_id, "name": name, "input": input })
        }
        Turn::Text(text) => json!({ "type": "text", "text": text }),
    };
    json!({
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [block],
        "stop_reason": stop_reason(turn),
        "stop_sequence": null,
        "usage": usage(5),
    })
}

/// The message as a Server-Sent Events stream (for `stream: true`).
fn sse_body(message_id: &str, model: &str, turn: &Turn, tool_id: &str) -> String {
    let (start_block, delta) = match turn {
        Turn::ToolUse { name, input } => (
            json!({ "type": "tool_use", "id": tool_id, "name": name, "input": {} }),
            json!({ "type": "input_json_delta", "partial_json": input.to_string() }),
        ),
        Turn::Text(text) => (
            json!({ "type": "text", "text": "" }),
            json!({ "type": "text_delta", "text": text }),
        ),
    };
    let events = [
        (
            "message_start",
            json!({ "type": "message_start", "message": {
                "id": message_id, "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": null, "stop_sequence": null, "usage": usage(1),
            }}),
        ),
        (
            "content_block_start",
            json!({ "type": "content_block_start", "index": 0, "content_block": start_block }),
        ),
        (
            "content_block_delta",
            json!({ "type": "content_block_delta", "index": 0, "delta": delta }),
        ),
        (
            "content_block_stop",
            json!({ "type": "content_block_stop", "index": 0 }),
        ),
        (
            "message_delta",
            json!({ "type": "message_delta",
                "delta": { "stop_reason": stop_reason(turn), "stop_sequence": null },
                "usage": { "output_tokens": 5 } }),
        ),
        ("message_stop", json!({ "type": "message_stop" })),
    ];
    events
        .iter()
        .map(|(name, data)| format!("event: {name}\ndata: {data}\n\n"))
        .collect()
}
