//! [`withheld`]: what stands in for a tool's output that hookkit could not check (its own
//! failure after a tool ran), so that the output is withheld rather than shown unchecked.
//!
//! Codex, Gemini CLI and Copilot CLI replace a post-tool output with the deny's reason
//! anyway. Claude Code keeps the output on `decision: "block"` and replaces it only with
//! `updatedToolOutput`, which must have the shape of its `tool_response` (see
//! [`crate::render`](mod@crate::render)): the stand-in is that response with every non-empty string replaced
//! by [`NOTICE`] (discriminator fields such as `type` kept, each array cut to its first
//! element). Where the response itself could not be read, the shape comes from the tool's
//! name (`Bash`, MCP tools); for any other tool there is no stand-in and the answer stays
//! `decision: "block"` with the reason.

use hookkit_policy::{Event, ToolCall};
use serde_json::{Map, Value, json};

/// The text that stands in for every string of a withheld output.
pub const NOTICE: &str = "[hookkit withheld this output: hookkit could not check it (its own failure, explained in the hook's message), so it is not shown]";

/// Fields whose string values say which shape an object has, kept as they are.
const DISCRIMINATORS: &[&str] = &["type", "mode"];

/// The stand-in for a tool's output (see the module docs): `response` is the host's
/// `tool_response` as far as it was read, `output_field` the field whose text was moved out
/// of it (`stdout` of a Bash result, [`hookkit_policy::ToolCall::output_field`]),
/// `tool_name` the host's tool name. `None` when no shape is known.
pub fn withheld(
    response: Option<&Value>,
    output_field: Option<&str>,
    tool_name: Option<&str>,
) -> Option<Value> {
    let mut stand_in = match (response, tool_name) {
        (Some(response), _) if !response.is_null() => blank(response),
        (_, Some("Bash")) => json!({
            "stdout": NOTICE,
            "stderr": "",
            "interrupted": false,
            "isImage": false,
        }),
        (_, Some(name)) if name.starts_with("mcp__") => json!([{ "type": "text", "text": NOTICE }]),
        _ => return None,
    };
    if let (Some(field), Value::Object(fields)) = (output_field, &mut stand_in) {
        fields.insert(field.to_owned(), Value::String(NOTICE.to_owned()));
    }
    Some(stand_in)
}

/// The stand-in for `call`'s output ([`withheld`] of its response), after a tool ran;
/// `None` before.
pub fn withheld_output(call: &ToolCall) -> Option<Value> {
    if call.event != Event::PostTool {
        return None;
    }
    withheld(
        call.response.as_ref(),
        call.output_field.as_deref(),
        Some(&call.tool_name),
    )
}

/// `value` with every non-empty string replaced by [`NOTICE`] (except discriminators) and
/// every array cut to its first element.
fn blank(value: &Value) -> Value {
    match value {
        Value::String(s) if s.is_empty() => Value::String(String::new()),
        Value::String(_) => Value::String(NOTICE.to_owned()),
        Value::Array(items) => Value::Array(items.first().map(blank).into_iter().collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, v)| {
                    let kept = DISCRIMINATORS.contains(&key.as_str()) && v.is_string();
                    (key.clone(), if kept { v.clone() } else { blank(v) })
                })
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_keeps_its_shape_and_loses_its_text() {
        let read = json!({"type": "text", "file": {"filePath": "/p/.env", "content": "TOKEN=x",
            "numLines": 1, "startLine": 1, "totalLines": 1}});
        let out = withheld(Some(&read), None, Some("Read")).unwrap();
        assert_eq!(out["type"], "text");
        assert_eq!(out["file"]["content"], NOTICE);
        assert_eq!(out["file"]["numLines"], 1);
        assert!(!out.to_string().contains("TOKEN=x"));

        // A Bash result whose stdout was moved out for scanning (null left behind).
        let bash = json!({"stdout": null, "stderr": "", "interrupted": false});
        let out = withheld(Some(&bash), Some("stdout"), Some("Bash")).unwrap();
        assert_eq!(
            out,
            json!({"stdout": NOTICE, "stderr": "", "interrupted": false})
        );

        let mcp = json!([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]);
        let out = withheld(Some(&mcp), None, Some("mcp__s__t")).unwrap();
        assert_eq!(out, json!([{"type": "text", "text": NOTICE}]));
    }

    #[test]
    fn without_a_response_the_shape_comes_from_the_tool() {
        assert_eq!(
            withheld(None, None, Some("Bash")).unwrap()["stdout"],
            NOTICE
        );
        assert_eq!(
            withheld(Some(&Value::Null), None, Some("mcp__s__t")).unwrap()[0]["text"],
            NOTICE
        );
        assert_eq!(withheld(None, None, Some("Glob")), None);
        assert_eq!(withheld(None, None, None), None);
    }
}
