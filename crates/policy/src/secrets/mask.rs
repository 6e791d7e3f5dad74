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
    // generic-array's `LowerHex`, cut to 16 digits by the precision.
    format!("sha256:{:.16x}", Sha256::digest(secret.as_bytes()))
}

/// What a redacted secret reads as: `[REDACTED RULE MASK]` (rule id, masked form).
pub fn redaction(rule: &str, masked: &str) -> String {
    format!("[REDACTED {rule} {masked}]")
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
        out.push_str(&redaction(rule, masked));
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Replace every occurrence of each secret in `text` by `[REDACTED MASK]` (its masked
/// form): the last line of defence before a message leaves hookkit. Where occurrences
/// overlap, the earliest (then the longest) is masked.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    Scrubber::new(secrets).scrub(text).into_owned()
}

/// The secrets to scrub, each with a SIMD substring finder (`memchr::memmem`): a call has
/// a handful of secrets, and one pass per secret over megabytes of output is faster than
/// one multi-pattern pass whose prefilter stops at common bytes. Built once per set of
/// secrets, for every text that leaves ([`scrub`] builds one for a single text).
pub struct Scrubber {
    /// Every secret, one pattern each (leftmost-longest: where occurrences overlap, the
    /// earliest, then the longest); `None` when there is none, `Some(Err)` when the
    /// automaton could not be built (then nothing is shown: [`Scrubber::scrub`]).
    finder: Option<Result<aho_corasick::AhoCorasick, aho_corasick::BuildError>>,
    /// The replacement (`[REDACTED MASK]`) of each pattern.
    masks: Vec<String>,
}

impl Scrubber {
    /// A scrubber of `secrets` (empty ones ignored), each replaced by `[REDACTED MASK]`.
    pub fn new(secrets: &[String]) -> Scrubber {
        Scrubber::replacing(
            secrets
                .iter()
                .map(|s| (s.clone(), format!("[REDACTED {}]", mask(s))))
                .collect(),
        )
    }

    /// A scrubber of the secrets of `pairs` (empty ones ignored), each replaced by the text
    /// paired with it (the first pair of a secret listed twice wins).
    pub fn replacing(mut pairs: Vec<(String, String)>) -> Scrubber {
        pairs.retain(|(s, _)| !s.is_empty());
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, first| later.0 == first.0);
        let finder = (!pairs.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(pairs.iter().map(|(s, _)| s.as_bytes()))
        });
        Scrubber {
            finder,
            masks: pairs.into_iter().map(|(_, m)| m).collect(),
        }
    }

    /// `text` with every occurrence of a secret replaced by `[REDACTED MASK]` (where
    /// occurrences overlap, the earliest, then the longest); borrowed when it holds none.
    /// Should the automaton of the secrets not build (past its size limits, which a hook's
    /// secrets do not reach), the whole text is withheld.
    pub fn scrub<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let finder = match &self.finder {
            None => return std::borrow::Cow::Borrowed(text),
            Some(Err(e)) => {
                return std::borrow::Cow::Owned(format!(
                    "[REDACTED: hookkit withheld this text ({e})]"
                ));
            }
            Some(Ok(finder)) => finder,
        };
        let mut found = finder.find_iter(text).peekable();
        if found.peek().is_none() {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for m in found {
            out.push_str(text.get(at..m.start()).unwrap_or_default());
            out.push_str(
                self.masks
                    .get(m.pattern().as_usize())
                    .map_or("[REDACTED]", String::as_str),
            );
            at = m.end();
        }
        out.push_str(text.get(at..).unwrap_or_default());
        std::borrow::Cow::Owned(out)
    }

    /// A copy of `value` with [`Scrubber::scrub`] applied to every string in it, object
    /// keys included: a host's JSON tool result, redacted shape for shape.
    pub fn scrub_json(&self, value: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(self.scrub(s).into_owned()),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.scrub_json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.scrub(k).into_owned(), self.scrub_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn floor(s: &str, max: usize) -> &str {
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
        // The first 8 bytes of SHA-256("x") (`printf x | sha256sum`).
        assert_eq!(digest("x"), "sha256:2d711642b726b044");
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
        let out = Scrubber::new(&["FAKE0000SECRET".into()]).scrub_json(&value);
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
    fn scrub_masks_overlapping_secrets_once_the_longest_first() {
        let out = scrub(
            "x FAKE0000SECRETLONGER y FAKE0000SECRET",
            &["FAKE0000SECRET".into(), "FAKE0000SECRETLONGER".into()],
        );
        assert_eq!(
            out,
            "x [REDACTED FAKE…(20 chars)] y [REDACTED FAK…(14 chars)]"
        );
        assert_eq!(
            scrub("nothing here", &["FAKE0000SECRET".into()]),
            "nothing here"
        );
        assert_eq!(scrub("kept", &[]), "kept");
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
