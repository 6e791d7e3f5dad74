//! [`head`]: the top-level fields of a payload too large to parse whole (or cut off at the
//! read limit), so that an oversize payload can still be told apart by event — a
//! post-tool payload of any size up to `RunSettings::max_output_bytes` is scanned, a
//! pre-tool one over `max_input_bytes` is refused — and refused in its event's own format.
//!
//! Strings of up to [`SMALL`] bytes, numbers, booleans and `null` are kept as they are;
//! longer strings, objects and arrays are skipped without being copied and kept as `null`,
//! so that their keys still count ([`crate::detect`] and Copilot CLI's event tell hosts and
//! events apart by which keys are present). Reading stops at the first error (the end of a
//! truncated payload): the fields before it are returned.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The longest string value kept, in bytes (event names, tool names, ids, paths).
pub const SMALL: usize = 4096;

/// The top-level fields of the JSON object at the start of `input`, as far as they can be
/// read (see the module docs); empty when `input` does not start with an object.
pub fn head(input: &[u8]) -> Map<String, Value> {
    let mut fields = Map::new();
    let mut de = serde_json::Deserializer::from_slice(input);
    // An error ends the reading; what was read before it is the answer.
    let _ = Fields(&mut fields).deserialize(&mut de);
    fields
}

/// Collects the fields of one object into the map it holds.
struct Fields<'a>(&'a mut Map<String, Value>);

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            // The key counts even when its value cannot be read.
            self.0.insert(key.clone(), Value::Null);
            let Small(value) = map.next_value()?;
            self.0.insert(key, value);
        }
        Ok(())
    }
}

/// One value, kept when small and scalar, else `null` (skipped without copying).
struct Small(Value);

impl<'de> serde::Deserialize<'de> for Small {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SmallVisitor)
    }
}

struct SmallVisitor;

impl<'de> Visitor<'de> for SmallVisitor {
    type Value = Small;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Small, E> {
        Ok(Small(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Small, E> {
        Ok(Small(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Small, E> {
        Ok(Small(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Small, E> {
        Ok(Small(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Small, E> {
        Ok(Small(if v.len() <= SMALL {
            Value::String(v.to_owned())
        } else {
            Value::Null
        }))
    }

    fn visit_unit<E>(self) -> Result<Small, E> {
        Ok(Small(Value::Null))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Small, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(Small(Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Small, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(Small(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_fields_are_kept_and_large_ones_count_as_present() {
        let long = "x".repeat(SMALL + 1);
        let payload = format!(
            r#"{{"hook_event_name":"PostToolUse","tool_name":"Bash","n":3,"ok":true,
                "tool_input":{{"command":"ls"}},"tool_response":{{"stdout":"{long}"}},"big":"{long}","after":"yes"}}"#
        );
        let head = head(payload.as_bytes());
        assert_eq!(head["hook_event_name"], "PostToolUse");
        assert_eq!(head["tool_name"], "Bash");
        assert_eq!(head["n"], 3);
        assert_eq!(head["ok"], true);
        assert_eq!(head["tool_input"], Value::Null);
        assert_eq!(head["tool_response"], Value::Null);
        assert_eq!(head["big"], Value::Null);
        assert_eq!(head["after"], "yes");
    }

    #[test]
    fn a_truncated_payload_gives_the_fields_before_the_cut() {
        let payload =
            br#"{"sessionId":"s","toolName":"bash","toolResult":{"textResultForLlm":"aaaa"#;
        let head = head(payload);
        assert_eq!(head["sessionId"], "s");
        assert_eq!(head["toolName"], "bash");
        assert!(head.contains_key("toolResult"), "{head:?}");
        assert!(super::head(b"[1,2]").is_empty());
        assert!(super::head(b"").is_empty());
    }
}
