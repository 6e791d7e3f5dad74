//! The fake Anthropic server on its own, spoken to over raw HTTP/1.1 (no host CLI needed).

// Test code: a panic is how a test (and its helpers outside `#[test]`, which clippy's
// allow-*-in-tests settings do not cover) reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};

use hookkit_testkit::{FakeAnthropic, RequestKind, Turn, tool_use_id};
use serde_json::{Value, json};

/// Sends one request with `Connection: close` and returns (status line, body).
fn request(addr: SocketAddr, method: &str, path: &str, body: &Value) -> (String, String) {
    let body = body.to_string();
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

fn main_loop_body(messages: Value) -> Value {
    json!({ "model": "claude-test", "stream": true, "tools": [{ "name": "Bash" }], "messages": messages })
}

/// The `data:` payloads of an SSE body, in order.
fn sse_events(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

#[test]
fn binds_loopback_on_an_ephemeral_port() {
    let server = FakeAnthropic::start(Vec::new()).unwrap();
    assert!(server.addr().ip().is_loopback());
    assert_ne!(server.addr().port(), 0);
    assert_eq!(
        server.base_url(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
}

#[test]
fn streams_the_script_and_side_requests_do_not_consume_it() {
    let server = FakeAnthropic::start(vec![Turn::bash("echo ok"), Turn::text("all done")]).unwrap();
    let addr = server.addr();

    // A side request (no tools) and a token count do not advance the script.
    let (status, body) = request(
        addr,
        "POST",
        "/v1/messages",
        &json!({ "model": "claude-haiku", "messages": [], "stream": false }),
    );
    assert!(status.contains("200"), "{status}");
    let side: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(side["stop_reason"], "end_turn");
    let (_, body) = request(
        addr,
        "POST",
        "/v1/messages/count_tokens?beta=true",
        &json!({}),
    );
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["input_tokens"],
        1
    );

    // Turn 0: a Bash tool_use, streamed.
    let (status, body) = request(
        addr,
        "POST",
        "/v1/messages?beta=true",
        &main_loop_body(json!([])),
    );
    assert!(status.contains("200"), "{status}");
    let events = sse_events(&body);
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop"
        ]
    );
    assert_eq!(events[1]["content_block"]["type"], "tool_use");
    assert_eq!(events[1]["content_block"]["name"], "Bash");
    assert_eq!(events[1]["content_block"]["id"], tool_use_id(0));
    let input: Value =
        serde_json::from_str(events[2]["delta"]["partial_json"].as_str().unwrap()).unwrap();
    assert_eq!(input["command"], "echo ok");
    assert_eq!(events[4]["delta"]["stop_reason"], "tool_use");

    // Turn 1: the host sends the tool_result; the server answers with the final text.
    let messages = json!([
        { "role": "user", "content": "go" },
        { "role": "assistant", "content": [{ "type": "tool_use", "id": tool_use_id(0), "name": "Bash", "input": {} }] },
        { "role": "user", "content": [{ "type": "tool_result", "tool_use_id": tool_use_id(0), "content": [{ "type": "text", "text": "ok" }], "is_error": false }] },
    ]);
    let (_, body) = request(addr, "POST", "/v1/messages", &main_loop_body(messages));
    let events = sse_events(&body);
    assert_eq!(events[2]["delta"]["text"], "all done");
    assert_eq!(events[4]["delta"]["stop_reason"], "end_turn");

    // Past the end of the script: end_turn, so a host cannot loop.
    let (_, body) = request(addr, "POST", "/v1/messages", &main_loop_body(json!([])));
    assert_eq!(sse_events(&body)[4]["delta"]["stop_reason"], "end_turn");

    // Unknown routes are 404s.
    let (status, _) = request(addr, "GET", "/v1/models", &json!({}));
    assert!(status.contains("404"), "{status}");

    let kinds: Vec<RequestKind> = server.requests().iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RequestKind::Side,
            RequestKind::CountTokens,
            RequestKind::Scripted(0),
            RequestKind::Scripted(1),
            RequestKind::Exhausted,
            RequestKind::Other
        ]
    );
    assert_eq!(server.turns_served(), 2);
    assert_eq!(server.model_requests().len(), 3);
    let result = server.tool_result_for(0).unwrap();
    assert_eq!(result.content, "ok");
    assert!(!result.is_error);
    assert_eq!(server.tool_result_for(1), None);
}
