//! The fields of a hook payload an [`AuditRecord`](crate::AuditRecord) reads, decoded
//! without the rest: a tool's output of megabytes (Claude Code's `tool_response.stdout`, a
//! `Read` result's file) is skipped, not copied. Decoding the whole payload a second time,
//! after the hook had decoded it once, took 8% of a Claude Code PostToolUse hook on 10 MiB
//! of output (`perf`, `bench/secrets.sh`'s payload).
//!
//! What is kept:
//! - at the top level, [`TOP`]: the identifiers of the turn and agent, and what
//!   [`Outcome::from_payload`](crate::outcome::Outcome::from_payload) and
//!   [`completed_item`](crate::codex_transcript::completed_item) read;
//! - of a tool's result ([`RESULTS`]), when it is an object, the fields in [`RESULT`];
//!   any other result (a string: Codex, Factory droid; Cursor's JSON in a string) whole.
//!
//! Like [`serde_json::Value`], a key given twice keeps its last value, and input that is not
//! JSON is an error.

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The top-level fields kept, tools' results aside.
pub const TOP: [&str; 7] = [
    "turn_id",
    "generation_id",
    "agent_id",
    "agent_type",
    "error",
    "is_interrupt",
    "transcript_path",
];

/// The top-level fields that hold a tool's result: Claude Code's and the hosts that share
/// its format, Copilot CLI's camelCase hooks, Cursor's.
pub const RESULTS: [&str; 3] = ["tool_response", "toolResult", "tool_output"];

/// The fields kept of a tool's result that is an object.
pub const RESULT: [&str; 8] = [
    "error",
    "interrupted",
    "exit_code",
    "exitCode",
    "returnCode",
    "resultType",
    "textResultForLlm",
    "llmContent",
];

/// The payload `input` as a JSON object of the fields kept (see the module docs).
///
/// # Errors
/// `input` is not a JSON object.
pub fn decode(input: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(input);
    let fields = (&mut de).deserialize_map(Fields { keep: Keep::Top })?;
    de.end()?;
    Ok(Value::Object(fields))
}

/// Which fields of an object are kept.
#[derive(Clone, Copy)]
enum Keep {
    Top,
    Result,
}

/// An object, with the fields [`Keep`] names.
struct Fields {
    keep: Keep,
}

impl<'de> Visitor<'de> for Fields {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = match self.keep {
                Keep::Top if RESULTS.contains(&key.as_str()) => map.next_value_seed(ToolResult)?,
                Keep::Top if TOP.contains(&key.as_str()) => map.next_value()?,
                Keep::Result if RESULT.contains(&key.as_str()) => map.next_value()?,
                Keep::Top | Keep::Result => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// A tool's result: an object with the fields in [`RESULT`], anything else whole.
struct ToolResult;

impl<'de> DeserializeSeed<'de> for ToolResult {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ToolResult {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        Fields { keep: Keep::Result }
            .visit_map(map)
            .map(Value::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept fields of `v` (a whole payload), as [`decode`] should give them.
    fn kept(v: &Value) -> Value {
        let mut out = Map::new();
        for (k, x) in v.as_object().unwrap() {
            if TOP.contains(&k.as_str()) {
                out.insert(k.clone(), x.clone());
            } else if RESULTS.contains(&k.as_str()) {
                let x = match x {
                    Value::Object(fields) => Value::Object(
                        fields
                            .iter()
                            .filter(|(f, _)| RESULT.contains(&f.as_str()))
                            .map(|(f, y)| (f.clone(), y.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                out.insert(k.clone(), x);
            }
        }
        Value::Object(out)
    }

    /// Every payload captured from the real hosts (`crates/hooks/tests/fixtures`) keeps
    /// what a whole decoding would give of the kept fields.
    #[test]
    fn the_hosts_payloads_keep_what_a_whole_decoding_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooks/tests/fixtures");
        let mut checked = 0;
        let mut results = 0;
        for host in std::fs::read_dir(&root).unwrap() {
            let host = host.unwrap().path();
            if !host.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(host).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let Ok(whole) = serde_json::from_slice::<Value>(&bytes) else {
                    assert!(decode(&bytes).is_err(), "{}", path.display());
                    continue;
                };
                if !whole.is_object() {
                    continue;
                }
                let thin = decode(&bytes).unwrap();
                assert_eq!(thin, kept(&whole), "{}", path.display());
                checked += 1;
                results += usize::from(RESULTS.iter().any(|k| whole.get(*k).is_some()));
            }
        }
        assert!(
            checked > 40 && results > 10,
            "{checked} payloads, {results} results"
        );
    }

    #[test]
    fn a_big_output_is_skipped_and_a_repeated_key_keeps_its_last_value() {
        let input = br#"{"turn_id":"a","turn_id":"b","tool_response":{"stdout":"x\ny","exit_code":3,"error":null},"tool_input":{"command":"ls"}}"#;
        let thin = decode(input).unwrap();
        assert_eq!(
            thin,
            serde_json::json!({"turn_id": "b", "tool_response": {"exit_code": 3, "error": null}})
        );
        // Results that are strings or arrays are kept whole.
        let thin = decode(br#"{"tool_output":"{\"a\":1}","toolResult":[1,{"b":2}]}"#).unwrap();
        assert_eq!(
            thin,
            serde_json::json!({"tool_output": "{\"a\":1}", "toolResult": [1, {"b": 2}]})
        );
        assert!(decode(b"[1]").is_err());
        assert!(decode(br#"{"turn_id":"a"} x"#).is_err());
    }
}
