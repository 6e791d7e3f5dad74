//! The fake OpenAI Responses, Chat Completions and Gemini API servers on their own, spoken
//! to over raw HTTP/1.1 (no host CLI needed), and the stand-in writer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::io::{Read as _, Write as _};
use std::net::TcpStream;

use hookkit_testkit::{
    EXHAUSTED_TEXT, FakeChat, FakeGemini, FakeOpenAi, Turn, chat_call_id, codex_call_id,
    codex_exec_turn, gemini_call_id, gemini_shell_turn, opencode_bash_turn, write_standin,
};
use serde_json::{Value, json};

/// Sends one POST to `base` + `path` with `Connection: close`; returns (status line, body).
fn post(base: &str, path: &str, body: &Value) -> (String, String) {
    let addr = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let body = body.to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

fn sse_data(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d.trim()).unwrap())
        .collect()
}

#[test]
fn openai_streams_function_calls_then_text_and_reads_outputs_back() {
    let server = FakeOpenAi::start(vec![codex_exec_turn("echo ok"), Turn::text("done")]).unwrap();
    assert!(server.base_url().ends_with("/v1"));
    let tools = json!({ "model": "gpt-5.5", "tools": [{ "type": "function", "name": "exec_command" }], "input": [] });

    // A request without tools does not consume the script.
    let (status, body) = post(&server.base_url(), "/v1/responses", &json!({ "input": [] }));
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        sse_data(&body)[1]["item"]["content"][0]["text"],
        EXHAUSTED_TEXT
    );

    let (_, body) = post(&server.base_url(), "/v1/responses", &tools);
    let events = sse_data(&body);
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "response.created",
            "response.output_item.done",
            "response.completed"
        ]
    );
    let item = &events[1]["item"];
    assert_eq!(item["type"], "function_call");
    assert_eq!(item["call_id"], codex_call_id(0));
    assert_eq!(item["name"], "exec_command");
    let args: Value = serde_json::from_str(item["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(args, json!({ "cmd": "echo ok", "login": false }));

    let mut next = tools.clone();
    next["input"] = json!([{ "type": "function_call_output", "call_id": codex_call_id(0), "output": "Output:\nok\n" }]);
    let (_, body) = post(&server.base_url(), "/v1/responses", &next);
    assert_eq!(sse_data(&body)[1]["item"]["content"][0]["text"], "done");
    assert_eq!(server.turns_served(), 2);
    assert_eq!(
        server.function_output_for(0).as_deref(),
        Some("Output:\nok\n")
    );
    assert_eq!(server.function_output_for(1), None);

    let (status, _) = post(&server.base_url(), "/v1/chat/completions", &tools);
    assert!(status.contains("404"), "{status}");
}

#[test]
fn gemini_streams_function_calls_and_answers_side_requests_with_json() {
    let server = FakeGemini::start(vec![gemini_shell_turn("echo ok"), Turn::text("done")]).unwrap();
    let stream_path = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
    let tools = json!({ "contents": [], "tools": [{ "functionDeclarations": [{ "name": "run_shell_command" }] }] });

    // Side requests (no tools) get JSON text and leave the script alone.
    let (_, body) = post(
        &server.base_url(),
        "/v1beta/models/gemini-2.5-flash:generateContent",
        &json!({ "contents": [] }),
    );
    let side: Value = serde_json::from_str(&body).unwrap();
    let text = side["candidates"][0]["content"]["parts"][0]["text"]
        .as_str()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap()["next_speaker"],
        "user"
    );
    let (_, body) = post(
        &server.base_url(),
        "/v1beta/models/m:countTokens",
        &json!({}),
    );
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["totalTokens"],
        1
    );

    let (status, body) = post(&server.base_url(), stream_path, &tools);
    assert!(status.contains("200"), "{status}");
    let call = &sse_data(&body)[0]["candidates"][0]["content"]["parts"][0]["functionCall"];
    assert_eq!(call["id"], gemini_call_id(0));
    assert_eq!(call["name"], "run_shell_command");
    assert_eq!(call["args"]["command"], "echo ok");

    let mut next = tools.clone();
    next["contents"] = json!([{ "role": "user", "parts": [{ "functionResponse": {
        "id": gemini_call_id(0), "name": "run_shell_command", "response": { "output": "ok" } } }] }]);
    let (_, body) = post(&server.base_url(), stream_path, &next);
    assert_eq!(
        sse_data(&body)[0]["candidates"][0]["content"]["parts"][0]["text"],
        "done"
    );
    assert_eq!(server.turns_served(), 2);
    assert_eq!(
        server.function_response_for(0).as_deref(),
        Some(r#"{"output":"ok"}"#)
    );
}

#[test]
fn standin_records_that_it_ran_and_touches_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran.txt");
    let standin = write_standin(dir.path(), "aws", &marker).unwrap();
    assert!(!marker.exists());
    let status = std::process::Command::new(&standin)
        .args(["sts", "get-caller-identity"])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap(),
        "aws sts get-caller-identity\n"
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["aws", "ran.txt"]);
}

#[test]
fn chat_completions_stream_a_tool_call_then_text_and_read_the_tool_message_back() {
    let server = FakeChat::start(vec![opencode_bash_turn("echo ok"), Turn::text("done")]).unwrap();
    assert!(server.base_url().ends_with("/v1"));
    let url = server.base_url();
    let path = "/v1/chat/completions";
    let tools = json!({ "model": "m", "stream": true, "messages": [],
        "tools": [{ "type": "function", "function": { "name": "bash" } }] });

    // A title request (no tools, not streamed) does not consume the script.
    let (status, body) = post(&url, path, &json!({ "model": "m", "messages": [] }));
    assert!(status.contains("200"), "{status}");
    let completion: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        completion["choices"][0]["message"]["content"],
        EXHAUSTED_TEXT
    );

    let (_, body) = post(&url, path, &tools);
    assert!(body.trim_end().ends_with("data: [DONE]"), "{body}");
    let chunks: Vec<Value> = body
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let call = &chunks[0]["choices"][0]["delta"]["tool_calls"][0];
    assert_eq!(call["id"], chat_call_id(0));
    assert_eq!(call["function"]["name"], "bash");
    let args: Value =
        serde_json::from_str(call["function"]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(args["command"], "echo ok");
    assert_eq!(chunks[1]["choices"][0]["finish_reason"], "tool_calls");
    assert_eq!(chunks[2]["usage"]["total_tokens"], 15);

    let mut next = tools.clone();
    next["messages"] = json!([{ "role": "tool", "tool_call_id": chat_call_id(0),
        "content": [{ "type": "text", "text": "ok" }] }]);
    let (_, body) = post(&url, path, &next);
    assert!(body.contains("\"content\":\"done\""), "{body}");
    assert!(body.contains("\"finish_reason\":\"stop\""), "{body}");
    assert_eq!(server.turns_served(), 2);
    assert_eq!(server.tool_result_for(0).as_deref(), Some("ok"));
    assert_eq!(server.tool_result_for(1), None);

    let (status, _) = post(&url, "/v1/responses", &tools);
    assert!(status.contains("404"), "{status}");
}
