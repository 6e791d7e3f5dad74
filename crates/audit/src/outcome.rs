//! What happened when the tool ran, read from each host's post-tool payload.
//!
//! | host | status and exit code from |
//! |---|---|
//! | Claude Code | `PostToolUse` `tool_response.interrupted`; `PostToolUseFailure` `error` (`Exit code N…`) and `is_interrupt` |
//! | Codex | `PostToolUse` `tool_response.exit_code` when an object; a string `tool_response` (`Bash`, `apply_patch`) carries no status, which the call's `item_completed` event in the session's transcript (`transcript_path`) holds: [`codex_transcript`] |
//! | Cursor | `postToolUse` `tool_output` (a JSON string with `exitCode`); `postToolUseFailure` `error` |
//! | Gemini CLI | `AfterTool` `tool_response.error`; a shell call's `Exit Code: N` line in `tool_response.llmContent` (present when not 0) |
//! | Copilot CLI | `toolResult.resultType` (`success` or not), `…exit code N>` in `textResultForLlm`; `postToolUseFailure` `error` |
//! | Qwen Code | `PostToolUse` (ok); `PostToolUseFailure` `error` (`Exit Code: N` in a shell's) and `is_interrupt` |
//!
//! Sources: the fixtures under `crates/hooks/tests/fixtures/` and the audit trail's
//! end-to-end tests (`crates/audit-report/tests/e2e_*.rs`, a command that exits 2 on each
//! host: Codex 0.169.0, Gemini CLI 0.61.0, Copilot CLI 1.0.102), and
//! `crates/hooks/README.md`. The output's size and digest are of the text hookkit-hooks
//! extracted as the tool's output ([`ToolCall::output`]).

use crate::codex_transcript;
use crate::purpose::mask;
use hookkit_policy::call::{Host, ToolCall};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The longest error message kept, in characters (masked first).
pub const MAX_ERROR_CHARS: usize = 200;

/// How the tool call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The tool ran and succeeded (exit status 0 where one is known).
    Ok,
    /// The tool ran and failed (a non-zero exit status, or the host reported an error).
    Error,
    /// The user or the host interrupted it.
    Interrupted,
}

/// The outcome fields of a post-tool record (all absent before the tool ran).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// How the call ended (absent after the tool ran when the host did not say: a Codex
    /// call whose transcript has no event for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The exit status, where the host reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// The host's error message, secrets masked, at most [`MAX_ERROR_CHARS`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The size of the tool's output, in bytes of UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_bytes: Option<u64>,
    /// `sha256:<hex>` of the tool's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_digest: Option<String>,
}

impl Outcome {
    /// The outcome in the post-tool payload `v`, parsed by hookkit-hooks into `call`.
    pub fn from_payload(v: &Value, call: &ToolCall) -> Outcome {
        let str_at = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let response = v
            .get("tool_response")
            .or_else(|| v.get("toolResult"))
            .or_else(|| v.get("tool_output"));
        // Cursor sends its output as a JSON string.
        let parsed_string: Option<Value> = response
            .and_then(Value::as_str)
            .filter(|s| s.starts_with('{'))
            .and_then(|s| serde_json::from_str(s).ok());
        let response = parsed_string.as_ref().or(response);
        let mut error = str_at(v, "error").or_else(|| {
            response.and_then(|r| r.get("error")).and_then(|e| match e {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| Some(e.to_string())),
                other => Some(other.to_string()),
            })
        });
        let interrupted = v.get("is_interrupt").and_then(Value::as_bool) == Some(true)
            || response
                .and_then(|r| r.get("interrupted"))
                .and_then(Value::as_bool)
                == Some(true);
        let mut exit_code = response.and_then(|r| {
            ["exit_code", "exitCode", "returnCode"]
                .iter()
                .find_map(|k| r.get(*k).and_then(Value::as_i64))
        });
        let result_type = response.and_then(|r| str_at(r, "resultType"));
        // Claude Code's error starts with its `Exit code N`; Copilot CLI, Gemini CLI and
        // Qwen Code write theirs after the command's own output, which may say "exit code"
        // too.
        let text_at = |k: &str| response.and_then(|r| r.get(k)).and_then(Value::as_str);
        if exit_code.is_none() {
            exit_code = error
                .as_deref()
                .and_then(|e| exit_code_in(e, call.host == Host::QwenCode))
                .or_else(|| {
                    [text_at("textResultForLlm"), text_at("llmContent")]
                        .into_iter()
                        .flatten()
                        .find_map(|t| exit_code_in(t, true))
                });
        }
        // A Codex string response says nothing of how the call ended: the transcript does,
        // else the status stays unknown.
        let mut failed = false;
        let mut known = true;
        if call.host == Host::Codex && exit_code.is_none() && response.is_some_and(Value::is_string)
        {
            match codex_transcript::completed_item(v, call) {
                Some(item) => (exit_code, failed) = (item.exit_code, item.failed),
                None => known = false,
            }
        }
        if error.is_none()
            && let Some(t) = result_type.as_deref().filter(|t| *t != "success")
        {
            error = Some(format!("resultType {t}"));
        }
        let status = if interrupted {
            Status::Interrupted
        } else if failed || error.is_some() || exit_code.is_some_and(|c| c != 0) {
            Status::Error
        } else {
            Status::Ok
        };
        Outcome {
            status: known.then_some(status),
            exit_code,
            error: error.map(|e| {
                let masked = mask(&e);
                let mut cut: String = masked.chars().take(MAX_ERROR_CHARS).collect();
                if masked.chars().count() > MAX_ERROR_CHARS {
                    cut.push('…');
                }
                cut
            }),
            output_bytes: call.output.as_ref().map(|o| o.len() as u64),
            output_digest: call.output.as_ref().map(|o| crate::digest(o.as_bytes())),
        }
    }
}

/// The number after the first (`last`: the last) `exit code` in `text` (any case, an
/// optional `:`), as Claude Code (`Exit code 3`), Copilot CLI (`completed with exit code
/// 0>`), Gemini CLI and Qwen Code (`Exit Code: 2`) write it.
fn exit_code_in(text: &str, last: bool) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let found = if last {
        lower.rfind("exit code")
    } else {
        lower.find("exit code")
    };
    let at = found? + "exit code".len();
    let rest = lower.get(at..)?.trim_start_matches([':', ' ']);
    let end = rest
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..end)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Event, Host, ToolKind};

    fn call(output: Option<&str>) -> ToolCall {
        let mut c = ToolCall::new(
            Host::ClaudeCode,
            Event::PostTool,
            "PostToolUse",
            ToolKind::Shell,
            "Bash",
        );
        c.output = output.map(str::to_owned);
        c
    }

    fn outcome(json: &str, output: Option<&str>) -> Outcome {
        Outcome::from_payload(&serde_json::from_str(json).unwrap(), &call(output))
    }

    #[test]
    fn claude_code_success_failure_and_interrupt() {
        let ok = outcome(
            r#"{"tool_response":{"stdout":"hi","stderr":"","interrupted":false}}"#,
            Some("hi"),
        );
        assert_eq!(ok.status, Some(Status::Ok));
        assert_eq!(ok.output_bytes, Some(2));
        assert_eq!(ok.output_digest.as_deref(), Some(&*crate::digest(b"hi")));
        let failed = outcome(
            r#"{"error":"Exit code 3\nfailing","is_interrupt":false}"#,
            Some("Exit code 3\nfailing"),
        );
        assert_eq!(failed.status, Some(Status::Error));
        assert_eq!(failed.exit_code, Some(3));
        assert_eq!(failed.error.as_deref(), Some("Exit code 3\nfailing"));
        let interrupted = outcome(r#"{"tool_response":{"interrupted":true}}"#, None);
        assert_eq!(interrupted.status, Some(Status::Interrupted));
    }

    #[test]
    fn cursor_copilot_and_gemini() {
        let cursor = outcome(
            r#"{"tool_output":"{\"output\":\"x\",\"exitCode\":2}"}"#,
            Some("x"),
        );
        assert_eq!(cursor.exit_code, Some(2));
        assert_eq!(cursor.status, Some(Status::Error));
        let copilot = outcome(
            r#"{"toolResult":{"resultType":"success","textResultForLlm":"hi\n<shellId: 0 completed with exit code 0>"}}"#,
            None,
        );
        assert_eq!(
            (copilot.status, copilot.exit_code),
            (Some(Status::Ok), Some(0))
        );
        let rejected = outcome(r#"{"toolResult":{"resultType":"rejected"}}"#, None);
        assert_eq!(rejected.status, Some(Status::Error));
        let gemini = outcome(r#"{"tool_response":{"error":{"message":"boom"}}}"#, None);
        assert_eq!(gemini.error.as_deref(), Some("boom"));
        let qwen = outcome(
            r#"{"error":"Command: false\nOutput: (empty)\nExit Code: 3\nSignal: (none)","is_interrupt":false}"#,
            None,
        );
        assert_eq!(
            (qwen.status, qwen.exit_code),
            (Some(Status::Error), Some(3))
        );
        // The host's own line comes after the output, which may name an exit code too.
        let gemini = outcome(
            r#"{"tool_response":{"llmContent":"Output: exit code 0 expected\nExit Code: 2\nProcess Group PGID: 1"}}"#,
            None,
        );
        assert_eq!(
            (gemini.status, gemini.exit_code),
            (Some(Status::Error), Some(2))
        );
        let gemini = outcome(
            r#"{"tool_response":{"llmContent":"Output: hi\nProcess Group PGID: 1"}}"#,
            None,
        );
        assert_eq!((gemini.status, gemini.exit_code), (Some(Status::Ok), None));
    }

    #[test]
    fn a_codex_string_response_takes_its_status_from_the_transcript() {
        let dir = tempfile::tempdir().unwrap();
        let transcript = dir.path().join("rollout.jsonl");
        std::fs::write(
            &transcript,
            r#"{"type":"event_msg","payload":{"type":"item_completed","item":{"id":"call_9","status":"failed","exit_code":2}}}"#,
        )
        .unwrap();
        let mut c = call(Some("ls: cannot access"));
        c.host = Host::Codex;
        c.call_id = Some("call_9".into());
        let v = serde_json::json!({"transcript_path": transcript, "tool_response": "ls: cannot access"});
        let o = Outcome::from_payload(&v, &c);
        assert_eq!((o.status, o.exit_code), (Some(Status::Error), Some(2)));
        c.call_id = Some("call_8".into());
        let o = Outcome::from_payload(&v, &c);
        assert_eq!(
            (o.status, o.exit_code),
            (None, None),
            "not in the transcript: unknown"
        );
    }

    #[test]
    fn a_secret_in_an_error_is_masked() {
        let key = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";
        let o = outcome(
            &format!(r#"{{"error":"Exit code 1: bad key {key}"}}"#),
            None,
        );
        let e = o.error.unwrap();
        assert!(!e.contains(key), "{e}");
        assert!(e.contains("REDACTED"), "{e}");
    }
}
