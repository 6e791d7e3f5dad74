//! The prefix language of a secret rule's regex: every string that some match of the rule
//! begins with. A text position `s` is "alive" at a later position `p` when `text[s..p]`
//! is in that language: a match starting at `s` might still extend past `p`, so what the
//! regex finds from `s` cannot be known from the text before `p` alone. [`super::stream`]
//! scans a file in windows and uses this to know which matches a window decides exactly.
//!
//! The language is built from the parsed regex (regex-syntax's `Hir`), structurally:
//!
//! | regex | its prefixes |
//! |---|---|
//! | empty, a look-around | the empty string (look-arounds dropped: a larger language) |
//! | a literal `b1…bn` | `(?:b1(?:b2(?:…)?)?)?` |
//! | a class `C` | `C?` |
//! | `X{m,n}` | `X'{0,n-1}` then the prefixes of `X` (`X'`: `X` without look-arounds) |
//! | `X1 X2 … Xn` | the prefixes of `X1`, or `X1'` then the prefixes of `X2 … Xn` |
//! | `X | Y` | the prefixes of `X` or of `Y` |
//!
//! It is a superset of the exact prefix language (look-arounds are dropped, repetition
//! minimums ignored), so it may call a position alive that is not, never the reverse: the
//! only cost of the difference is a larger window.

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_syntax::hir::{Hir, HirKind, Look, Repetition};

/// A regex that matches `text[s..p]` (with `p` the end of the haystack) exactly when `s` is
/// alive at `p` for `pattern` (see the module docs), parsed like the scanner compiles
/// `pattern` (bytes, ASCII classes unless the pattern needs Unicode).
///
/// # Errors
/// The pattern does not parse, or its prefix language does not compile within the size
/// limit.
pub(crate) fn alive_regex(pattern: &str, size_limit: usize) -> Result<Regex, String> {
    let hir = super::engine::parse_hir(pattern)?;
    let alive = Hir::concat(vec![prefixes(&hir), Hir::look(Look::End)]);
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .nfa_size_limit(Some(size_limit)),
        )
        .syntax(syntax::Config::new().utf8(false))
        .build_from_hir(&alive)
        .map_err(|e| format!("the prefixes of `{pattern}` do not compile: {e}"))
}

/// The prefix language of `hir` (see the module docs).
pub(crate) fn prefixes(hir: &Hir) -> Hir {
    let optional = |h: Hir| Hir::alternation(vec![h, Hir::empty()]);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(literal) => {
            let mut acc = Hir::empty();
            for byte in literal.0.iter().rev() {
                acc = optional(Hir::concat(vec![Hir::literal(vec![*byte]), acc]));
            }
            acc
        }
        HirKind::Class(class) => optional(Hir::class(class.clone())),
        HirKind::Repetition(rep) => match rep.max {
            Some(0) => Hir::empty(),
            max => Hir::concat(vec![
                Hir::repetition(Repetition {
                    min: 0,
                    max: max.map(|m| m - 1),
                    greedy: true,
                    sub: Box::new(plain(&rep.sub)),
                }),
                prefixes(&rep.sub),
            ]),
        },
        HirKind::Capture(capture) => prefixes(&capture.sub),
        HirKind::Concat(parts) => {
            let mut rest = parts.iter().rev();
            let Some(last) = rest.next() else {
                return Hir::empty();
            };
            let mut acc = prefixes(last);
            for part in rest {
                acc = Hir::alternation(vec![prefixes(part), Hir::concat(vec![plain(part), acc])]);
            }
            acc
        }
        HirKind::Alternation(alternatives) => {
            Hir::alternation(alternatives.iter().map(prefixes).collect())
        }
    }
}

/// `hir` without look-arounds and capture groups (the language grows, never shrinks).
fn plain(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(capture) => plain(&capture.sub),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(plain(&rep.sub)),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(plain).collect()),
        HirKind::Alternation(alternatives) => {
            Hir::alternation(alternatives.iter().map(plain).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leftmost alive start in `text` for `pattern`.
    fn alive(pattern: &str, text: &str) -> Option<usize> {
        let regex = alive_regex(pattern, 32 << 20).unwrap();
        regex
            .find(text.as_bytes())
            .map(|m| m.start())
            .filter(|s| *s < text.len())
    }

    #[test]
    fn a_position_is_alive_while_a_match_from_it_can_continue() {
        let pat = r"ghp_[0-9a-zA-Z]{36}";
        assert_eq!(alive(pat, "x token=ghp_abc"), Some(8));
        assert_eq!(alive(pat, "x token=gh"), Some(8));
        assert_eq!(alive(pat, "x token=ghp_abc "), None);
        assert_eq!(alive(pat, &format!("ghp_{}", "a".repeat(36))), Some(0));
        assert_eq!(alive(pat, &format!("ghp_{}", "a".repeat(37))), None);
        // Look-arounds are dropped (a superset).
        assert_eq!(alive(r"\bkey=(\w+)\b", "xkey=ab"), Some(1));
    }

    #[test]
    fn an_unbounded_body_keeps_its_start_alive() {
        let key = r"(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----";
        let text = "log\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc";
        assert_eq!(alive(key, text), Some(4));
        assert_eq!(alive(key, "log\n-----BEG"), Some(4));
        assert_eq!(alive(key, "log\nno key here\n"), None);
    }
}
