//! A small HTTP server on `127.0.0.1:<ephemeral>` that answers each request with a
//! function of the request and records every exchange; the host-specific fake model
//! servers ([`FakeOpenAi`](crate::FakeOpenAi), [`FakeGemini`](crate::FakeGemini)) are
//! built on it.

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;
use tiny_http::{Header, Response, Server};

use crate::error::{Error, Result};
use crate::server::{EXHAUSTED_TEXT, MAX_BODY_BYTES, MAX_RECORDED_REQUESTS, Turn};

/// How often the serving loop checks whether it was dropped.
const POLL: Duration = Duration::from_millis(50);

/// One request a scripted server received, and which script turn (if any) answered it.
#[derive(Debug, Clone)]
pub struct HttpExchange {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The request target including the query, e.g. `/v1/responses`.
    pub url: String,
    /// The body parsed as JSON, or `None` when it was empty or not JSON.
    pub body: Option<Value>,
    /// The 0-based script turn that answered it; `None` for side requests and for
    /// main-loop requests after the script ran out.
    pub turn: Option<usize>,
}

/// What the server sends back.
pub(crate) enum Reply {
    /// `200` with `Content-Type: text/event-stream`.
    Sse(String),
    /// The status with a JSON body.
    Json(u16, Value),
}

/// Decides the answer to one request: `(method, path without query, body)` to the
/// script turn it consumed (if any) and the reply.
pub(crate) type Responder =
    Box<dyn FnMut(&str, &str, Option<&Value>) -> (Option<usize>, Reply) + Send>;

/// A [`Responder`] for a model API whose main-loop requests are `POST <route>` with a
/// non-empty `tools` array: each gets the next turn of `script`; a request without tools
/// (a title or summary request) and every request after the script get a message
/// ([`EXHAUSTED_TEXT`]) without using up the script; other routes get 404. `render` turns
/// (the script turn's index, `None` for those messages; the turn; the request body) into
/// the reply.
pub(crate) fn script_responder(
    route: &'static str,
    script: Vec<Turn>,
    render: impl Fn(Option<usize>, &Turn, Option<&Value>) -> Reply + Send + 'static,
) -> Responder {
    let mut next = 0_usize;
    Box::new(move |method, path, body| {
        if method != "POST" || path != route {
            let message = format!("hookkit fake server: no route for {method} {path}");
            return (
                None,
                Reply::Json(404, serde_json::json!({ "error": { "message": message } })),
            );
        }
        let has_tools = body
            .and_then(|b| b.get("tools"))
            .and_then(Value::as_array)
            .is_some_and(|t| !t.is_empty());
        let (index, turn) = match script.get(next) {
            Some(turn) if has_tools => {
                next += 1;
                (Some(next - 1), turn.clone())
            }
            _ => (None, Turn::text(EXHAUSTED_TEXT)),
        };
        let reply = render(index, &turn, body);
        (index, reply)
    })
}

/// The text of a tool result's `content` as the OpenAI APIs send it: a string as is, the
/// `text` of each part of an array joined by newlines, anything else as JSON.
pub(crate) fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The running server; stops when dropped.
pub(crate) struct ScriptedServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<HttpExchange>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for ScriptedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptedServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl ScriptedServer {
    /// Binds `127.0.0.1:0` and serves with `responder` on a thread named `name-<port>`.
    pub(crate) fn start(name: &str, mut responder: Responder) -> Result<Self> {
        let server = Server::http("127.0.0.1:0").map_err(|e| Error::Server(e.to_string()))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Server("bound address is not an IP socket".to_owned()))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name(format!("{name}-{}", addr.port()))
            .spawn({
                let log = Arc::clone(&log);
                let stop = Arc::clone(&stop);
                move || {
                    while !stop.load(Ordering::SeqCst) {
                        match server.recv_timeout(POLL) {
                            Ok(Some(request)) => handle(request, &log, &mut responder),
                            Ok(None) => {}
                            Err(_) => break,
                        }
                    }
                }
            })
            .map_err(|e| Error::io(format!("spawning the {name} server thread"), e))?;
        Ok(Self {
            addr,
            log,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A copy of the recorded exchanges.
    pub(crate) fn exchanges(&self) -> Vec<HttpExchange> {
        lock(&self.log).clone()
    }

    /// How many script turns have been served (exchanges answered from the script).
    pub(crate) fn turns_served(&self) -> usize {
        lock(&self.log).iter().filter(|e| e.turn.is_some()).count()
    }

    /// What the host sent back as a tool's result: the text ([`content_text`]) of `field`
    /// of the first item of a request body's `list` array that `pick` selects, in the first
    /// request that has one.
    pub(crate) fn sent_back(
        &self,
        list: &str,
        pick: impl Fn(&Value) -> bool,
        field: &str,
    ) -> Option<String> {
        lock(&self.log).iter().find_map(|exchange| {
            exchange
                .body
                .as_ref()?
                .get(list)?
                .as_array()?
                .iter()
                .find(|item| pick(item))
                .map(|item| content_text(item.get(field)))
        })
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn handle(
    mut request: tiny_http::Request,
    log: &Mutex<Vec<HttpExchange>>,
    responder: &mut Responder,
) {
    let method = request.method().to_string();
    let url = request.url().to_owned();
    let mut raw = Vec::new();
    let _ = request
        .as_reader()
        .take(MAX_BODY_BYTES)
        .read_to_end(&mut raw);
    let body: Option<Value> = serde_json::from_slice(&raw).ok();
    let path = url.split('?').next().unwrap_or_default().to_owned();
    let (turn, reply) = responder(&method, &path, body.as_ref());
    {
        let mut log = lock(log);
        if log.len() < MAX_RECORDED_REQUESTS {
            log.push(HttpExchange {
                method,
                url,
                body,
                turn,
            });
        }
    }
    let (code, content_type, text) = match reply {
        Reply::Sse(text) => (200, "text/event-stream", text),
        Reply::Json(code, value) => (code, "application/json", value.to_string()),
    };
    let mut response = Response::from_string(text).with_status_code(code);
    if let Ok(header) = Header::from_bytes("Content-Type", content_type) {
        response = response.with_header(header);
    }
    let _ = request.respond(response);
}
