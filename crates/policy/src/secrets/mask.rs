//! Showing a secret without revealing it: a masked form, a digest, and a redacted copy of
//! a text.

use sha2::{Digest, Sha256};

/// The masked form of a secret: its first characters, an ellipsis and its length in
/// characters, `ghp_…(40 chars)`. At most 4 characters are shown, and never more than a
/// quarter of the secret (a 6-character password shows 1).
pub fn mask(secret: &str) -> String {
    let len = secret.chars().count();
    let shown = (len / 4).min(4);
    let head: String = secret.chars().take(shown).collect();
    format!("{head}…({len} chars)")
}

/// `sha256:` and the first 16 hex digits of the SHA-256 of the secret: enough to tell two
/// findings apart or to find the same secret elsewhere, not enough to recover it.
pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    let mut out = String::from("sha256:");
    for b in hash.iter().take(8) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `text` with every byte range of `spans` (sorted or not, possibly overlapping) replaced
/// by `[REDACTED RULE MASK]`, where `spans` holds `(start, end, rule id, masked form)`.
/// Ranges that do not fall on character boundaries are widened to them.
pub fn redact(text: &str, spans: &[(usize, usize, &str, &str)]) -> String {
    let mut spans: Vec<&(usize, usize, &str, &str)> = spans.iter().collect();
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, rule, masked) in spans {
        let start = floor_boundary(text, *start).max(at);
        let end = ceil_boundary(text, *end);
        if end <= start {
            continue;
        }
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(&format!("[REDACTED {rule} {masked}]"));
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Replace every occurrence of each secret in `text` by its masked form: the last line of
/// defence before a message leaves hookkit.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &format!("[REDACTED {}]", mask(s)));
        }
    }
    out
}

/// `value` with [`scrub`] applied to every string in it, object keys included: a host's
/// JSON tool result, redacted shape for shape.
pub fn scrub_json(value: serde_json::Value, secrets: &[String]) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(scrub(&s, secrets)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| scrub_json(v, secrets)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (scrub(&k, secrets), scrub_json(v, secrets)))
                .collect(),
        ),
        other => other,
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn floor(s: &str, max: usize) -> &str {
    s.get(..floor_boundary(s, max)).unwrap_or_default()
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_shows_at_most_four_characters_and_a_quarter() {
        assert_eq!(
            mask("ghp_FAKE000000000000000000000000000000FAKE"),
            "ghp_…(42 chars)"
        );
        assert_eq!(mask("hunter2x"), "hu…(8 chars)");
        assert_eq!(mask("abc"), "…(3 chars)");
    }

    #[test]
    fn digest_is_stable_and_short() {
        assert_eq!(digest("x"), digest("x"));
        assert_ne!(digest("x"), digest("y"));
        assert_eq!(digest("x").len(), 7 + 16);
    }

    #[test]
    fn redact_replaces_overlapping_spans_once() {
        let text = "key=FAKESECRET0000 and more";
        let out = redact(text, &[(4, 18, "r.a", "FAKE…"), (8, 12, "r.b", "SECR…")]);
        assert_eq!(out, "key=[REDACTED r.a FAKE…] and more");
    }

    #[test]
    fn scrub_json_keeps_the_shape_and_removes_every_occurrence() {
        let value = serde_json::json!({
            "stdout": "a FAKE0000SECRET b",
            "stderr": "",
            "interrupted": false,
            "nested": [{"FAKE0000SECRET": "x FAKE0000SECRET"}, 3],
        });
        let out = scrub_json(value, &["FAKE0000SECRET".into()]);
        assert_eq!(
            out,
            serde_json::json!({
                "stdout": "a [REDACTED FAK…(14 chars)] b",
                "stderr": "",
                "interrupted": false,
                "nested": [{"[REDACTED FAK…(14 chars)]": "x [REDACTED FAK…(14 chars)]"}, 3],
            })
        );
    }

    #[test]
    fn scrub_removes_every_occurrence() {
        let out = scrub(
            "a FAKE0000SECRET b FAKE0000SECRET",
            &["FAKE0000SECRET".into()],
        );
        assert!(!out.contains("FAKE0000SECRET"), "{out}");
    }
}
