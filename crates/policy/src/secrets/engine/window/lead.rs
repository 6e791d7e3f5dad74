//! [`Lead`]: what a match's anchor begins with, checked at a keyword hit before any window
//! is opened for it.
//!
//! When every match of a walk's anchor (and the parts after it) begins with one of a finite
//! set of literals (regex-syntax's prefix extraction, of the lowercased regex), each holding
//! a keyword, a match's keyword hit inside its anchor sits at a known offset in one of them:
//! a hit of `ey` is a JSON Web Token's only if the text around it reads `ey`, a hit of `s.`
//! a Vault token's only if it reads `s.` or `hvs.`. And when only look-arounds come before
//! the anchor (`\b`, `^`), they hold where that literal starts: gitleaks' `\bey…` needs no
//! word byte before the `e`, which a hit inside a run of base64 has. A hit that fits no
//! literal, or where a look fails, is no match's keyword; in base64, minified code and
//! prose most hits of short provider keywords (`ey`, `s.`, `sk`) are such.
//!
//! Sound for [`super::window`]: a match of the walk's alternative begins its anchor with
//! some literal `L`; every keyword occurrence inside `L` is a hit the automaton reports, the
//! text there reads `L`, the looks before held for the match, so each such hit is kept; and
//! one of them lies inside the anchor (`L` is a prefix of the anchor's match, or holds all of
//! it), which is all a window needs.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};

/// The most (literal, offset) places a hit is compared with: past them, the check costs
/// more than the windows it saves, and every hit is kept.
const MOST_PLACES: usize = 16;

/// The literals a walk's anchor begins with (lowercased) and the keyword offsets in each,
/// and the look-arounds that hold at the anchor's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lead {
    /// (literal up to a keyword's end, the keyword's offset in it), every occurrence of
    /// every keyword.
    places: Vec<(Vec<u8>, usize)>,
    /// The looks of the parts before the anchor, when they are all looks (zero width): they
    /// hold at the literal's start.
    looks: Vec<Look>,
}

impl Lead {
    /// The lead of an alternative whose parts are `before` the anchor and `rest` from the
    /// anchor on (lowercased, as walked), for the keywords `words` (lowercase); `None` when
    /// the literals are not finite, one holds no keyword, or the check would keep every hit
    /// anyway (each literal is a keyword and nothing is looked at before it).
    pub(super) fn of(before: &[Hir], rest: &[Hir], words: &[String]) -> Option<Lead> {
        let seq = Extractor::new()
            .kind(ExtractKind::Prefix)
            .extract(&Hir::concat(rest.to_vec()));
        let literals = seq.literals()?;
        let mut places: Vec<(Vec<u8>, usize)> = Vec::new();
        for literal in literals {
            let bytes = literal.as_bytes();
            let mut any = false;
            for word in words {
                for at in memchr::memmem::find_iter(bytes, word.as_bytes()) {
                    any = true;
                    // Up to the keyword's end: what follows it is [`super::Next`]'s and the
                    // tail's to check, and cut there many literals are one.
                    let place = (bytes.get(..at + word.len())?.to_vec(), at);
                    if !places.contains(&place) {
                        places.push(place);
                    }
                }
            }
            if !any || places.len() > MOST_PLACES {
                return None;
            }
        }
        let looks: Vec<Look> = before
            .iter()
            .map(|p| match p.kind() {
                HirKind::Look(look) => Some(*look),
                _ => None,
            })
            .collect::<Option<_>>()
            .unwrap_or_default();
        // A keyword that is a literal of its own, nothing looked at before it: each of its
        // hits fits.
        let trivial = looks.is_empty()
            && words.iter().all(|w| {
                places
                    .iter()
                    .any(|(l, at)| *at == 0 && w.as_bytes() == l.as_slice())
            });
        (!places.is_empty() && !trivial).then_some(Lead { places, looks })
    }

    /// Whether the hit from `start` to `end` in `text` may be a match's keyword: the text
    /// reads one of the literals around it (either case), the hit ending where the
    /// literal does, and the looks hold where it starts.
    pub(super) fn found(&self, text: &[u8], (start, end): (usize, usize)) -> bool {
        self.places.iter().any(|(literal, offset)| {
            start.checked_sub(*offset).is_some_and(|at| {
                at.checked_add(literal.len()) == Some(end)
                    && self.looks.iter().all(|look| holds(*look, text, at))
                    && text
                        .get(at..end)
                        .is_some_and(|t| t.eq_ignore_ascii_case(literal))
            })
        })
    }
}

/// Whether `look` may hold at `at` in `text` (`false` only when it surely does not: a look
/// not told apart here, or a Unicode word boundary next to a non-ASCII byte, holds).
fn holds(look: Look, text: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| text.get(i)).copied();
    let here = text.get(at).copied();
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    let ascii = |b: Option<u8>| b.is_none_or(|b| b.is_ascii());
    match look {
        Look::Start => at == 0,
        Look::StartLF => before.is_none_or(|b| b == b'\n'),
        Look::WordAscii => word(before) != word(here),
        Look::WordAsciiNegate => word(before) == word(here),
        Look::WordStartAscii => !word(before) && word(here),
        Look::WordEndAscii => word(before) && !word(here),
        Look::WordUnicode => !(ascii(before) && ascii(here)) || word(before) != word(here),
        Look::WordUnicodeNegate => !(ascii(before) && ascii(here)) || word(before) == word(here),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::engine::parse_hir;

    /// The lead of `pattern`'s top-level concatenation, its anchor at part `j`.
    fn lead(pattern: &str, j: usize, words: &[&str]) -> Option<Lead> {
        let hir = super::super::lowercase(&parse_hir(pattern).unwrap());
        let parts = match hir.kind() {
            HirKind::Concat(parts) => parts.clone(),
            _ => vec![hir],
        };
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        Lead::of(&parts[..j], &parts[j..], &words)
    }

    #[test]
    fn a_word_boundary_before_the_literal_must_hold() {
        // gitleaks' jwt rule.
        let l = lead(r"\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9_-]{17,})", 1, &["ey"]).unwrap();
        assert_eq!(l.looks, vec![Look::WordAscii]);
        let text = b"x eyJhbGciOiJIUzI1NiJ9 qrs3eyJzdWIi";
        assert!(l.found(text, (2, 4)), "after a space");
        assert!(!l.found(text, (27, 29)), "inside a run of base64");
        assert!(l.found(b"eyJ", (0, 2)), "at the text's start");
    }

    #[test]
    fn a_keyword_inside_a_longer_literal_needs_the_literal_around_it() {
        // gitleaks' vault-service-token: `s.` on its own, or inside `hvs.`.
        let l = lead(
            r"\b((?:hvs\.[\w-]{90,120}|s\.(?i:[a-z0-9]{24})))",
            1,
            &["hvs.", "s."],
        )
        .unwrap();
        assert!(
            l.found(b" HVS.abc", (3, 5)),
            "the `s.` of `hvs.`, either case"
        );
        assert!(l.found(b" hvs.abc", (1, 5)), "`hvs.` itself");
        assert!(l.found(b" s.abc", (1, 3)));
        assert!(
            !l.found(b"files.abc", (4, 6)),
            "`s.` inside a word, not `hvs.`"
        );
        assert!(!l.found(b"xhvs.abc", (3, 5)), "`hvs.` inside a word");
    }

    #[test]
    fn no_lead_when_it_would_keep_every_hit_or_cannot_be_told() {
        // The anchor is the keyword alternation, a word after it, bytes before it: every
        // hit fits.
        assert_eq!(
            lead(r"[\w.-]{0,50}?(?:key|token)\w+", 1, &["key", "token"]),
            None
        );
        // What follows the keyword is left to the other checks.
        assert_eq!(
            lead(r"[\w.-]{0,50}?(?:key|token)=", 1, &["key", "token"]),
            None
        );
        // A literal without a keyword (`x` before an unbounded class): no finite lead.
        assert_eq!(lead(r"(?:key|x[a-z]*token)", 0, &["key", "token"]), None);
        // Literals holding a keyword, with bytes before the anchor: no looks, literals kept.
        let l = lead(r"[{,][ \t]*(?:db_password|pwd)[:=]", 2, &["pass", "pwd"]).unwrap();
        assert!(l.looks.is_empty());
        assert!(l.found(b"{ DB_PASSWORD: x", (5, 9)));
        assert!(!l.found(b"{ password: x", (2, 6)), "no `db_` before");
        assert!(
            l.found(b"{ pwdx", (2, 5)),
            "what follows the keyword is not looked at"
        );
    }

    #[test]
    fn looks_hold_as_the_regex_engine_says() {
        let text = b"ab_c d\nef";
        for (i, look) in [
            Look::Start,
            Look::StartLF,
            Look::WordAscii,
            Look::WordAsciiNegate,
            Look::WordStartAscii,
            Look::WordEndAscii,
        ]
        .into_iter()
        .enumerate()
        {
            let pattern = [r"\A", r"(?m:^)", r"\b", r"\B", r"\b{start}", r"\b{end}"][i];
            let re = regex::bytes::Regex::new(&format!("(?-u){pattern}")).unwrap();
            for at in 0..=text.len() {
                let engine = re.find_at(text, at).is_some_and(|m| m.start() == at);
                assert_eq!(holds(look, text, at), engine, "{pattern} at {at}");
            }
        }
    }
}
