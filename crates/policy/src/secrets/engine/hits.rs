//! Every keyword occurrence in a long text, found with the keyword automaton (an
//! Aho-Corasick DFA) run over four parts of the text at once.
//!
//! One walk through a DFA is a chain of dependent loads: each byte's transition waits for
//! the one before it, so the walk runs at the memory's latency (about 2 ns a byte for the
//! built-in keywords, whatever the automaton's configuration). Four independent walks,
//! interleaved byte by byte, keep four loads in flight. Over the 10 MiB of tool output
//! `bench/secrets.sh` scans, the built-in keywords took 21 ms as one walk and 11 ms as four
//! (two walks: 15 ms; six and eight: 16 and 17 ms, as registers run out).
//!
//! Each walk reports the occurrences that end in its part, and starts the automaton
//! [`DFA::max_pattern_len`] bytes before its part: an Aho-Corasick state is the longest
//! suffix of the text read so far that begins some keyword, never longer than the longest
//! keyword, so the walk is in the very state a walk from the text's start would be in by
//! the time it reaches its part. The parts' occurrences, in part order, are what
//! [`aho_corasick::AhoCorasick::find_overlapping_iter`] yields, in its order.

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::dfa::DFA;

/// How many walks run at once.
const WALKS: usize = 4;

/// One keyword occurrence: its byte range in the text and the keyword's pattern index.
pub(super) type Hit = (usize, usize, usize);

/// A [`Hit`] as kept, in 8 bytes rather than 24: where it ends, the keyword's length and
/// its index (10 MiB of tool output holds 98,000 hits: 2.4 MB of memory faulted in for
/// them as `Hit`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    end: u32,
    len: u16,
    keyword: u16,
}

/// Every keyword occurrence in a text, in order of their ends: the occurrences each walk
/// found, in the order of the walks' parts (kept apart: joined, 10 MiB of tool output's
/// 98,000 hits were copied once more, into memory faulted in for them).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Hits([Vec<Kept>; WALKS]);

impl Hits {
    /// The occurrences, in order of their ends.
    pub(super) fn iter(&self) -> impl Iterator<Item = Hit> {
        self.0.iter().flatten().map(|h| {
            let end = h.end as usize;
            (end - usize::from(h.len), end, usize::from(h.keyword))
        })
    }
}

/// Every occurrence in `text` of `dfa`'s patterns (overlapping ones included: `dfa` is
/// built with [`aho_corasick::MatchKind::Standard`]), in order of their ends; `None` as
/// soon as there are more than `most` (the walk stops there: the list's memory is bounded),
/// and for what a [`Kept`] cannot hold: a text of 4 GiB or more, more than 65,536
/// keywords or one longer than 65,535 bytes.
///
/// # Errors
/// `dfa` has no unanchored start state (it was built for anchored searches only).
pub(super) fn every_hit(dfa: &DFA, text: &[u8], most: usize) -> Result<Option<Hits>, String> {
    let start = dfa.start_state(Anchored::No).map_err(|e| e.to_string())?;
    if u32::try_from(text.len()).is_err()
        || dfa.patterns_len() > 1 << 16
        || u16::try_from(dfa.max_pattern_len()).is_err()
    {
        return Ok(None);
    }
    let warm = dfa.max_pattern_len();
    let part = text.len() / WALKS;
    if part <= warm {
        let mut hits = Hits::default();
        let [first, ..] = &mut hits.0;
        let whole = walk(dfa, text, start, 0..text.len(), first, most);
        return Ok(whole.then_some(hits));
    }
    // Walk `k` reports the occurrences that end in parts[k], having read the `warm` bytes
    // before it first.
    let mut state = [start; WALKS];
    for (k, s) in state.iter_mut().enumerate().skip(1) {
        let at = k * part;
        *s = text
            .get(at - warm..at)
            .unwrap_or_default()
            .iter()
            .fold(start, |s, &b| dfa.next_state(Anchored::No, s, b));
    }
    let parts: [&[u8]; WALKS] =
        std::array::from_fn(|k| text.get(k * part..(k + 1) * part).unwrap_or_default());
    let mut hits: [Vec<Kept>; WALKS] = Default::default();
    let [p0, p1, p2, p3] = parts;
    let [mut s0, mut s1, mut s2, mut s3] = state;
    let bytes = p0.iter().zip(p1).zip(p2).zip(p3);
    let mut count = 0;
    for (i, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        // Four independent steps, kept in registers; a state worth a look is rare (about
        // one byte in a hundred of tool output), so it is looked at apart.
        s0 = dfa.next_state(Anchored::No, s0, b0);
        s1 = dfa.next_state(Anchored::No, s1, b1);
        s2 = dfa.next_state(Anchored::No, s2, b2);
        s3 = dfa.next_state(Anchored::No, s3, b3);
        if dfa.is_special(s0) | dfa.is_special(s1) | dfa.is_special(s2) | dfa.is_special(s3) {
            for (k, (s, found)) in [s0, s1, s2, s3].into_iter().zip(&mut hits).enumerate() {
                if dfa.is_special(s) && dfa.is_match(s) {
                    count += report(dfa, s, k * part + i + 1, found);
                }
            }
            if count > most {
                return Ok(None);
            }
        }
    }
    // The last part also holds the remainder of the division.
    let [.., last] = &mut hits;
    if !walk(
        dfa,
        text,
        s3,
        WALKS * part..text.len(),
        last,
        most.saturating_sub(count),
    ) {
        return Ok(None);
    }
    Ok(Some(Hits(hits)))
}

/// Sets `found[k]` for every pattern `k` of `dfa` occurring in `text`: one walk, nothing
/// kept but the flags.
///
/// # Errors
/// As [`every_hit`].
pub(super) fn each_pattern(dfa: &DFA, text: &[u8], found: &mut [bool]) -> Result<(), String> {
    let mut s = dfa.start_state(Anchored::No).map_err(|e| e.to_string())?;
    for &byte in text {
        s = dfa.next_state(Anchored::No, s, byte);
        if dfa.is_special(s) && dfa.is_match(s) {
            for m in 0..dfa.match_len(s) {
                if let Some(f) = found.get_mut(dfa.match_pattern(s, m).as_usize()) {
                    *f = true;
                }
            }
        }
    }
    Ok(())
}

/// One walk from state `s` over `text[range]`, pushing each occurrence onto `hits`; false
/// (and the walk stopped) once it pushed more than `most`.
fn walk(
    dfa: &DFA,
    text: &[u8],
    mut s: StateID,
    range: std::ops::Range<usize>,
    hits: &mut Vec<Kept>,
    most: usize,
) -> bool {
    let from = range.start;
    let mut count = 0;
    for (i, &byte) in text.get(range).unwrap_or_default().iter().enumerate() {
        s = dfa.next_state(Anchored::No, s, byte);
        if dfa.is_special(s) && dfa.is_match(s) {
            count += report(dfa, s, from + i + 1, hits);
            if count > most {
                return false;
            }
        }
    }
    true
}

/// Pushes the occurrences match state `s` stands for, each ending at `end`; returns how
/// many. (`every_hit` checked that the text's offsets and the keywords fit a [`Kept`].)
fn report(dfa: &DFA, s: StateID, end: usize, hits: &mut Vec<Kept>) -> usize {
    let n = dfa.match_len(s);
    let end = u32::try_from(end).unwrap_or(u32::MAX);
    for m in 0..n {
        let pattern = dfa.match_pattern(s, m);
        hits.push(Kept {
            end,
            len: u16::try_from(dfa.pattern_len(pattern)).unwrap_or(u16::MAX),
            keyword: u16::try_from(pattern.as_usize()).unwrap_or(u16::MAX),
        });
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

    const WORDS: [&str; 7] = ["key", "token", "s.", "api_key", "password", "ey", "akia"];

    /// Texts of keyword pieces and filler, from a fixed linear congruential sequence, at
    /// every length from empty to past four walks of the longest keyword.
    fn texts() -> impl Iterator<Item = Vec<u8>> {
        let pieces: [&[u8]; 10] = [
            b"KEY", b"tok", b"en", b"s.", b"api_", b"Pass", b"word", b"ey", b"x", b"\n",
        ];
        let mut seed: u64 = 14;
        (0..400).map(move |n| {
            let mut t = Vec::new();
            while t.len() < n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let piece = pieces[usize::try_from(seed >> 60).unwrap_or(0) % pieces.len()];
                t.extend_from_slice(piece);
            }
            t
        })
    }

    #[test]
    fn four_walks_find_what_one_overlapping_search_finds_in_its_order() {
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(WORDS)
            .unwrap();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(WORDS)
            .unwrap();
        let mut compared = 0;
        for text in texts() {
            let want: Vec<Hit> = ac
                .find_overlapping_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let got = every_hit(&dfa, &text, usize::MAX).unwrap().unwrap();
            let got: Vec<Hit> = got.iter().collect();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(&text));
            // Past `most` hits, none: wherever the walk that crosses it is.
            if let Some(most) = want.len().checked_sub(1) {
                assert_eq!(every_hit(&dfa, &text, most).unwrap(), None);
            }
            let all = every_hit(&dfa, &text, want.len()).unwrap();
            assert_eq!(all.map(|h| h.iter().collect()), Some(want.clone()));
            let mut found = [false; WORDS.len()];
            each_pattern(&dfa, &text, &mut found).unwrap();
            for (k, f) in found.iter().enumerate() {
                assert_eq!(*f, want.iter().any(|h| h.2 == k), "{k}");
            }
            compared += usize::from(!want.is_empty());
        }
        assert!(compared > 300, "only {compared} texts held a keyword");
    }
}
