//! How a Codex call ended, from the session's transcript.
//!
//! Codex 0.169.0's `PostToolUse` gives a shell call's (and an `apply_patch`'s) output as a
//! bare string, with no exit status: `ls missing-folder`, which exits 2, arrives as
//! `"tool_response": "ls: cannot access 'missing-folder': …\n"` (measured). By the time the
//! hook runs, Codex has already appended the call's `item_completed` event to the
//! session's transcript, the JSON Lines file the payload names in `transcript_path`
//! (measured, `crates/audit-report/tests/e2e_codex.rs`):
//!
//! ```json
//! {"type":"event_msg","payload":{"type":"item_completed","item":{"type":"CommandExecution",
//!  "id":"call_…","status":"failed","exit_code":2,…}}}
//! ```
//!
//! The item's `id` is the hook's `tool_use_id`. Only the last [`TAIL_BYTES`] of the file
//! are read: a call whose event is not among them (an output of more than that) keeps no
//! status from here.

use hookkit_policy::call::ToolCall;
use serde_json::Value;
use std::io::{Read, Seek, SeekFrom};

/// How much of the transcript's end is read, in bytes.
pub const TAIL_BYTES: u64 = 256 * 1024;

/// What the transcript says of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completed {
    /// The item's `status` was `failed`.
    pub failed: bool,
    /// The item's `exit_code`, when it has one (a command).
    pub exit_code: Option<i64>,
}

/// The `item_completed` event of `call` (by its `tool_use_id`) in the transcript that the
/// post-tool payload `v` names, searched from the end of the file; `None` when there is no
/// call id, no transcript, or no such event in its last [`TAIL_BYTES`].
pub fn completed_item(v: &Value, call: &ToolCall) -> Option<Completed> {
    let id = call.call_id.as_deref()?;
    let path = v.get("transcript_path")?.as_str()?;
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)))
        .ok()?;
    let mut tail = Vec::new();
    file.take(TAIL_BYTES).read_to_end(&mut tail).ok()?;
    // Codex writes compact JSON: the item's id appears as `"id":"<id>"`. Lines are taken
    // from the end (the call's event is usually the last), and only those holding it are
    // parsed.
    let needle = format!("\"id\":{}", Value::String(id.to_owned()));
    tail.split(|b| *b == b'\n').rev().find_map(|line| {
        let text = std::str::from_utf8(line).ok()?;
        text.contains(&needle)
            .then(|| completed(text, id))
            .flatten()
    })
}

/// The [`Completed`] of `line` when it is the `item_completed` event of the item `id`.
fn completed(line: &str, id: &str) -> Option<Completed> {
    let event: Value = serde_json::from_str(line).ok()?;
    let payload = event.get("payload")?;
    let item = payload.get("item")?;
    (payload.get("type")?.as_str()? == "item_completed" && item.get("id")?.as_str()? == id).then(
        || Completed {
            failed: item.get("status").and_then(Value::as_str) == Some("failed"),
            exit_code: item.get("exit_code").and_then(Value::as_i64),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Event, Host, ToolKind};

    #[test]
    fn the_last_completed_event_of_the_call_gives_its_status() {
        let dir = tempfile::tempdir().unwrap();
        let transcript = dir.path().join("rollout.jsonl");
        let event = |id: &str, status: &str, code: i64| {
            format!(
                r#"{{"type":"event_msg","payload":{{"type":"item_completed","item":{{"type":"CommandExecution","id":"{id}","status":"{status}","exit_code":{code}}}}}}}"#
            )
        };
        let lines = [
            event("call_1", "completed", 0),
            r#"{"type":"response_item","payload":{"type":"function_call","call_id":"call_2"}}"#
                .to_owned(),
            event("call_2", "failed", 2),
        ];
        std::fs::write(&transcript, lines.join("\n") + "\n").unwrap();
        let v = serde_json::json!({ "transcript_path": transcript });
        let mut call = ToolCall::new(
            Host::Codex,
            Event::PostTool,
            "PostToolUse",
            ToolKind::Shell,
            "Bash",
        );
        let mut of = |id: &str| {
            call.call_id = Some(id.to_owned());
            completed_item(&v, &call)
        };
        assert_eq!(
            of("call_2"),
            Some(Completed {
                failed: true,
                exit_code: Some(2)
            })
        );
        assert_eq!(
            of("call_1"),
            Some(Completed {
                failed: false,
                exit_code: Some(0)
            })
        );
        assert_eq!(of("call_3"), None);
        let gone = serde_json::json!({ "transcript_path": dir.path().join("gone.jsonl") });
        assert_eq!(completed_item(&gone, &call), None);
    }
}
