//! A scripted OpenAI Chat Completions API server, for hosts with an OpenAI-compatible
//! provider (opencode's `@ai-sdk/openai-compatible`).
//!
//! Shapes follow the Chat Completions streaming reference
//! (<https://platform.openai.com/docs/api-reference/chat-streaming>): `data:` lines of
//! `chat.completion.chunk` objects, the `delta` carrying either `content` or one
//! `tool_calls` entry (`id`, `type: "function"`, `function {name, arguments}` with the
//! arguments as one JSON string), a chunk with the `finish_reason` (`tool_calls` or
//! `stop`), a usage chunk (`stream_options.include_usage`), then `data: [DONE]`. A request
//! with `"stream": false` gets one `chat.completion` object instead.

use serde_json::{Value, json};

use crate::error::Result;
use crate::scripted::{HttpExchange, Reply, ScriptedServer, script_responder};
use crate::server::Turn;

/// The `id` the server gives the tool call of script turn `turn` (0-based).
pub fn chat_call_id(turn: usize) -> String {
    format!("call_hookkit_{turn}")
}

/// A scripted Chat Completions server on `127.0.0.1:<ephemeral>`.
///
/// Each `POST /v1/chat/completions` that advertises `tools` gets the next [`Turn`]: a
/// [`Turn::ToolUse`] becomes one function call (`id` from [`chat_call_id`]), a
/// [`Turn::Text`] an assistant message. After the script, and for requests without
/// `tools` (opencode's title generation), it answers with a message ([`EXHAUSTED_TEXT`](crate::EXHAUSTED_TEXT)).
/// Other routes get 404.
#[derive(Debug)]
pub struct FakeChat {
    server: ScriptedServer,
}

impl FakeChat {
    /// Starts serving `script`.
    ///
    /// # Errors
    /// [`Error::Server`](crate::Error::Server) when the socket cannot be bound;
    /// [`Error::Io`](crate::Error::Io) when the thread cannot be spawned.
    pub fn start(script: Vec<Turn>) -> Result<Self> {
        let responder = script_responder("/v1/chat/completions", script, |index, turn, body| {
            let id = index.unwrap_or(usize::MAX);
            let stream = body
                .and_then(|b| b.get("stream"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if stream {
                Reply::Sse(chunks(id, turn))
            } else {
                Reply::Json(200, completion(id, turn))
            }
        });
        let server = ScriptedServer::start("fake-chat", responder)?;
        Ok(Self { server })
    }

    /// `http://127.0.0.1:<port>/v1`, the provider's `baseURL`.
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

    /// The `content` of the `tool` message the host sent back for script turn `turn`
    /// (`tool_call_id` [`chat_call_id`]), from the first request that carries it (a string
    /// as is, content parts' texts joined by newlines).
    pub fn tool_result_for(&self, turn: usize) -> Option<String> {
        let id = chat_call_id(turn);
        let pick = |m: &Value| {
            m.get("role").and_then(Value::as_str) == Some("tool")
                && m.get("tool_call_id").and_then(Value::as_str) == Some(id.as_str())
        };
        self.server.sent_back("messages", pick, "content")
    }
}

/// The assistant message of `turn`, and its finish reason.
fn message(turn: usize, script_turn: &Turn) -> (Value, &'static str) {
    match script_turn {
        Turn::ToolUse { name, input } => (
            json!({ "role": "assistant", "content": null, "tool_calls": [{
                "index": 0, "id": chat_call_id(turn), "type": "function",
                "function": { "name": name, "arguments": input.to_string() },
            }] }),
            "tool_calls",
        ),
        Turn::Text(text) => (json!({ "role": "assistant", "content": text }), "stop"),
    }
}

/// One turn as a Chat Completions SSE stream.
fn chunks(turn: usize, script_turn: &Turn) -> String {
    let (delta, finish) = message(turn, script_turn);
    let base = |choices: Value| {
        json!({ "id": format!("chatcmpl-hookkit-{turn}"), "object": "chat.completion.chunk",
            "created": 0, "model": "hookkit-fake", "choices": choices })
    };
    let mut usage = base(json!([]));
    usage["usage"] = json!({ "prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15 });
    let events = [
        base(json!([{ "index": 0, "delta": delta, "finish_reason": null }])),
        base(json!([{ "index": 0, "delta": {}, "finish_reason": finish }])),
        usage,
    ];
    let mut out: String = events
        .iter()
        .map(|event| format!("data: {event}\n\n"))
        .collect();
    out.push_str("data: [DONE]\n\n");
    out
}

/// One turn as a (non-streamed) `chat.completion`.
fn completion(turn: usize, script_turn: &Turn) -> Value {
    let (mut message, finish) = message(turn, script_turn);
    if let Some(calls) = message.get_mut("tool_calls").and_then(Value::as_array_mut) {
        for call in calls {
            if let Some(call) = call.as_object_mut() {
                call.remove("index");
            }
        }
    }
    json!({ "id": format!("chatcmpl-hookkit-{turn}"), "object": "chat.completion", "created": 0,
        "model": "hookkit-fake",
        "choices": [{ "index": 0, "message": message, "finish_reason": finish }],
        "usage": { "prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15 } })
}
