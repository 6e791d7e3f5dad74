//! Brace expansion (bash(1), "Brace Expansion"), the first expansion bash performs on a
//! command's words: `{rm,-rf,~}` is the three words `rm -rf ~`, `a{b,c}d` is `abd acd`,
//! `{1..3}` is `1 2 3`, `x{a,{b,c}}` nests. Only braces and commas written unquoted and
//! unescaped count; `{}`, `{x}` and anything inside quotes, `${…}` or `$(…)` stay as they
//! are. Assignments are not expanded, as in bash.
//!
//! A word too long, with too many groups, or expanding to too many words or bytes, and
//! every word once the analysis's expansion budget (characters handled, proportional to
//! the input) is spent, is not expanded but reported as one dynamic word (its value
//! unknown): no input makes the expansion exponential or quadratic, and a command name
//! hookkit cannot know is opaque.

use crate::syntax::{Part, WordNode};
use crate::types::Word;
use crate::walk::push_verbatim;
use crate::words::{push_ansi_c, push_double_quoted, slice};

/// The longest word expanded, in characters.
const MAX_CHARS: usize = 4096;
/// The most brace groups one word may hold.
const MAX_GROUPS: usize = 32;
/// The most words one word may expand to.
const MAX_WORDS: usize = 256;
/// The most bytes the words of one expansion may hold.
const MAX_BYTES: usize = 64 * 1024;

/// One character of a word and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ch {
    c: char,
    /// Written unquoted and unescaped: a brace or comma that counts.
    active: bool,
    /// From an expansion or substitution, whose value is unknown.
    dynamic: bool,
}

/// The work an analysis may spend on brace expansions, per byte of input and in all: each
/// character handled costs 1, each word produced [`WORD_COST`] more (every word produced
/// is then classified like a written one).
pub(crate) const WORK_PER_BYTE: usize = 4;
/// See [`WORK_PER_BYTE`].
const WORD_COST: usize = 64;
/// See [`WORK_PER_BYTE`].
pub(crate) const WORK_BASE: usize = 1 << 20;

/// A brace group: the index of its `{`, of its `}`, and its alternatives (unexpanded).
type Group = (usize, usize, Vec<Vec<Ch>>);

/// What one expansion may still produce.
struct Budget {
    words: usize,
    bytes: usize,
    /// Work still allowed (the analysis's budget, see [`WORK_PER_BYTE`]).
    work: usize,
}

impl Budget {
    /// Spends `cost` of the work allowed; false when less is left.
    fn charge(&mut self, cost: usize) -> bool {
        let Some(left) = self.work.checked_sub(cost) else {
            return false;
        };
        self.work = left;
        true
    }
}

/// The words `node` brace-expands to; `None` when it has no brace expansion (the word is
/// itself). Empty results are dropped, as bash drops unquoted empty words.
pub(crate) fn expand(node: &WordNode, src: &str, work: &mut usize) -> Option<Vec<Word>> {
    let unquoted_brace = node
        .parts
        .iter()
        .any(|p| matches!(p, Part::Unquoted(r) if slice(src, r.start, r.end).contains('{')));
    if !unquoted_brace {
        return None;
    }
    let unknown = || {
        let mut word = crate::walk::word_of(node, src);
        word.dynamic = true;
        Some(vec![word])
    };
    let bytes = node.span.end.saturating_sub(node.span.start);
    if bytes > 4 * MAX_CHARS || bytes > *work {
        return unknown();
    }
    let chars = marked(node, src);
    *work = work.saturating_sub(chars.len());
    if chars.len() > MAX_CHARS {
        return unknown();
    }
    let group = find_group(&chars)?;
    let groups = chars.iter().filter(|c| c.active && c.c == '{').count();
    let mut out = Vec::new();
    let mut budget = Budget {
        words: MAX_WORDS,
        bytes: MAX_BYTES,
        work: *work,
    };
    let expanded = groups <= MAX_GROUPS
        && budget.charge(chars.len())
        && expand_group(&chars, group, &mut out, &mut budget);
    *work = budget.work;
    if !expanded {
        return unknown();
    }
    Some(
        out.into_iter()
            .filter(|w| !w.is_empty())
            .map(|w| Word {
                text: w.iter().map(|c| c.c).collect(),
                dynamic: w.iter().any(|c| c.dynamic),
            })
            .collect(),
    )
}

/// The characters of `node` after quote removal, marked.
fn marked(node: &WordNode, src: &str) -> Vec<Ch> {
    let mut out = Vec::new();
    let mut push = |text: &str, active: bool, dynamic: bool| {
        out.extend(text.chars().map(|c| Ch { c, active, dynamic }));
    };
    for part in &node.parts {
        let mut text = String::new();
        match part {
            Part::Unquoted(r) => {
                let mut chars = slice(src, r.start, r.end).chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('\n') => {}
                            Some(next) => push(next.encode_utf8(&mut [0; 4]), false, false),
                            None => push("\\", false, false),
                        },
                        c => push(c.encode_utf8(&mut [0; 4]), true, false),
                    }
                }
                continue;
            }
            Part::Single(r) | Part::Verbatim(r) => text.push_str(slice(src, r.start, r.end)),
            Part::AnsiC(r) => push_ansi_c(&mut text, slice(src, r.start, r.end)),
            Part::DoubleQuoted(r) => push_double_quoted(&mut text, slice(src, r.start, r.end)),
            Part::Expansion { span, .. }
            | Part::Substitution { span, .. }
            | Part::Backtick { span, .. } => {
                push_verbatim(&mut text, slice(src, span.start, span.end));
                push(&text, false, true);
                continue;
            }
        }
        push(&text, false, false);
    }
    out
}

/// The first brace group of `chars`: the index of its `{`, of its `}`, and its
/// alternatives (each unexpanded). One pass: every active `{` is matched to its `}` with a
/// stack, and each active `,` belongs to the innermost open brace.
fn find_group(chars: &[Ch]) -> Option<Group> {
    // For each `{` (by position): its `}` and its top-level commas.
    let mut close: Vec<Option<usize>> = vec![None; chars.len()];
    let mut commas: Vec<Vec<usize>> = vec![Vec::new(); chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, ch) in chars.iter().enumerate() {
        if !ch.active {
            continue;
        }
        match ch.c {
            '{' => open.push(i),
            '}' => {
                if let Some(o) = open.pop() {
                    close[o] = Some(i);
                }
            }
            ',' => {
                if let Some(&o) = open.last() {
                    commas[o].push(i);
                }
            }
            _ => {}
        }
    }
    for (o, c) in close.iter().enumerate() {
        let Some(c) = *c else {
            continue;
        };
        let inner = chars.get(o + 1..c).unwrap_or_default();
        if !commas[o].is_empty() {
            let mut alternatives = Vec::new();
            let mut from = o + 1;
            for &comma in commas[o].iter().chain([&c]) {
                alternatives.push(chars.get(from..comma).unwrap_or_default().to_vec());
                from = comma + 1;
            }
            return Some((o, c, alternatives));
        }
        if let Some(items) = sequence(inner) {
            return Some((o, c, items));
        }
    }
    None
}

/// The items of a sequence expression `{X..Y[..INCR]}` (integers, or single letters),
/// at most [`MAX_WORDS`] + 1 of them; `None` when `inner` is not one.
fn sequence(inner: &[Ch]) -> Option<Vec<Vec<Ch>>> {
    if inner.iter().any(|c| !c.active) {
        return None;
    }
    let text: String = inner.iter().map(|c| c.c).collect();
    let parts: Vec<&str> = text.split("..").collect();
    let (start, end, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(*s)),
        _ => return None,
    };
    let step = match step {
        Some(s) => s.parse::<i64>().ok()?.checked_abs()?.max(1),
        None => 1,
    };
    let literal = |s: String| -> Vec<Ch> {
        s.chars()
            .map(|c| Ch {
                c,
                active: false,
                dynamic: false,
            })
            .collect()
    };
    let mut items = Vec::new();
    if let (Ok(a), Ok(b)) = (start.parse::<i64>(), end.parse::<i64>()) {
        let padded = |s: &str| {
            s.trim_start_matches('-').len() > 1 && s.trim_start_matches('-').starts_with('0')
        };
        let width = if padded(start) || padded(end) {
            start.len().max(end.len())
        } else {
            0
        };
        let mut n = a;
        loop {
            items.push(literal(format!("{n:0width$}")));
            if items.len() > MAX_WORDS {
                break;
            }
            let next = if a <= b {
                n.checked_add(step)?
            } else {
                n.checked_sub(step)?
            };
            if (a <= b && next > b) || (a > b && next < b) {
                break;
            }
            n = next;
        }
        return Some(items);
    }
    let (mut a, mut b) = (start.chars(), end.chars());
    let (Some(a), None, Some(b), None) = (a.next(), a.next(), b.next(), b.next()) else {
        return None;
    };
    if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
        return None;
    }
    let (lo, hi) = (a.min(b) as u8, a.max(b) as u8);
    let mut letters: Vec<u8> = (lo..=hi).step_by(usize::try_from(step).ok()?).collect();
    if a > b {
        letters.reverse();
    }
    Some(
        letters
            .into_iter()
            .map(|l| literal(char::from(l).to_string()))
            .collect(),
    )
}

/// Expands `chars` into `out`, group by group; false when the budget runs out.
fn expand_into(chars: Vec<Ch>, out: &mut Vec<Vec<Ch>>, budget: &mut Budget) -> bool {
    if !budget.charge(chars.len()) {
        return false;
    }
    let Some(group) = find_group(&chars) else {
        if !budget.charge(WORD_COST) {
            return false;
        }
        budget.words = budget.words.saturating_sub(1);
        budget.bytes = budget.bytes.saturating_sub(chars.len());
        if budget.words == 0 || budget.bytes == 0 {
            return false;
        }
        out.push(chars);
        return true;
    };
    expand_group(&chars, group, out, budget)
}

/// Expands each alternative of `group` (found by [`find_group`] in `chars`) in place of
/// the group, into `out`; false when the budget runs out.
fn expand_group(
    chars: &[Ch],
    (open, close, alternatives): Group,
    out: &mut Vec<Vec<Ch>>,
    budget: &mut Budget,
) -> bool {
    if alternatives.len() > MAX_WORDS {
        return false;
    }
    let (prefix, suffix) = (&chars[..open], &chars[close + 1..]);
    for alternative in alternatives {
        let mut next = Vec::with_capacity(prefix.len() + alternative.len() + suffix.len());
        next.extend_from_slice(prefix);
        next.extend(alternative);
        next.extend_from_slice(suffix);
        if !expand_into(next, out, budget) {
            return false;
        }
    }
    true
}
