//! [`Scanner::scan_stream`]: a file of any size scanned in windows, with the findings of a
//! whole-buffer [`Scanner::scan`] of its text, in bounded memory.
//!
//! Everything [`Scanner::scan`] decides from the whole text is decided the same way:
//!
//! - **Text.** The bytes are decoded as `String::from_utf8_lossy` decodes the whole file
//!   (an incomplete UTF-8 sequence at the end of a read waits for the next read).
//! - **Keywords.** A rule runs when one of its keywords occurs anywhere in the text: a first
//!   pass collects the keywords of every window, consecutive windows overlapping by one
//!   byte less than the longest keyword, then the rules run in a second pass.
//! - **Matches.** Each rule's leftmost-first, non-overlapping matches are found window by
//!   window, and a window commits only what its text decides exactly. With `p` the
//!   window's horizon (a few bytes before its end, for look-around), a position `s` is
//!   *alive* when a match from `s` could still extend past `p` ([`super::prefix`]). The
//!   window commits its matches up to the first position that is alive and not inside a
//!   match, or that starts a match whose search from `s` has not ended before `p` (its
//!   leftmost-first DFA has not died; a lazy `[\s\S]{64,}?KEY-----` ends at the first
//!   `KEY-----`); the next window resumes there. A position before it that is not alive
//!   is decided by the text before `p`, so the committed matches, and the gaps between
//!   them, are those of the whole-buffer search.
//! - **Checks.** Entropy, placeholders and allowlists look at the secret and the match;
//!   an allowlist on the match's line needs the whole line, so a match whose line does not
//!   lie within the window waits for a window that holds it.
//! - **Overlaps** between rules are resolved once, on all matches, as [`Scanner::scan`]
//!   does.
//!
//! A window grows when nothing in it can be decided (a line, or a match in progress,
//! longer than the window), up to [`StreamLimits::max_window_bytes`]. Past that the window
//! is taken as it is and the result says so ([`StreamedScan::incomplete`]): the one case in
//! which the findings may differ from a whole-buffer scan.

use super::SecretMatch;
use super::engine::{Scanner, Streaming, keep_most_specific};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Anchored, Input, Span};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};

/// Bytes kept before a window's start and held back before its horizon, for look-around
/// (`\b`, `^`, `$` look at most one character, four bytes, on either side).
const CONTEXT: usize = 8;

/// How many matches whose start stays alive (a lazy match's start, such as a private
/// key's) one window checks before it commits up to the last of them.
const ALIVE_MATCHES: usize = 32;

/// The sizes of a streamed scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    /// How much text is read per window, in bytes (default 8 MiB).
    pub chunk_bytes: usize,
    /// The most text one window may hold when it must grow, in bytes (default 64 MiB); with
    /// the rules' state it bounds the scan's memory.
    pub max_window_bytes: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            chunk_bytes: 8 << 20,
            max_window_bytes: 64 << 20,
        }
    }
}

/// One secret found by a streamed scan, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedMatch {
    /// The match; its offsets are byte offsets in the decoded text of the whole stream.
    pub secret: SecretMatch,
    /// 1-based line of the secret's first byte.
    pub line: usize,
    /// 1-based column of the secret's first character.
    pub column: usize,
}

/// What a streamed scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamedScan {
    /// Every secret, in text order, as [`Scanner::scan`] would report them.
    pub findings: Vec<LocatedMatch>,
    /// Why the findings may differ from a whole-buffer scan, when they may (a match or a
    /// line longer than [`StreamLimits::max_window_bytes`]).
    pub incomplete: Option<String>,
}

impl Scanner {
    /// Every secret in the text of `reader` (a file at `path`, when known), decoded as
    /// `String::from_utf8_lossy` decodes it, in windows of [`StreamLimits`] (see the module
    /// docs): the findings of [`Scanner::scan`] on the whole text, with line and column,
    /// in memory bounded by `limits.max_window_bytes` (plus the findings). `reader` is read
    /// twice: once for the keywords, once for the matches.
    ///
    /// # Errors
    /// A read or seek error, or a rule whose regex does not compile.
    pub fn scan_stream<R: Read + Seek>(
        &self,
        mut reader: R,
        path: Option<&str>,
        limits: &StreamLimits,
    ) -> Result<StreamedScan, String> {
        if self.path_allowlisted(path)? {
            return Ok(StreamedScan::default());
        }
        let chunk = limits.chunk_bytes.max(64);
        let max_window = limits.max_window_bytes.max(chunk);

        // Pass 1: the keywords of the whole text.
        let mut found = self.no_keywords();
        let overlap = self.longest_keyword().saturating_sub(1);
        let mut decoder = Decoder::default();
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let (text, eof) = decoder.next(&mut reader, chunk)?;
            tail.extend_from_slice(text.as_bytes());
            self.find_keywords(&tail, &mut found);
            let keep = tail.len().saturating_sub(overlap);
            tail.drain(..keep);
            if eof {
                break;
            }
        }
        let mut rules = Vec::new();
        for i in self.rules_for(&found) {
            if self.rule_applies(i, path)? {
                rules.push(RuleStream::new(self, i)?);
            }
        }

        // Pass 2: the matches, window by window.
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|e| format!("cannot read the file again: {e}"))?;
        let mut decoder = Decoder::default();
        let mut window = Window::default();
        let mut eof = false;
        let mut want = chunk;
        let mut incomplete = None;
        while !rules.iter().all(|r| r.done) {
            while !eof && window.text.len() < want {
                let (text, end) = decoder.next(&mut reader, chunk)?;
                window.text.push_str(&text);
                eof = end;
            }
            let mut stuck = false;
            for rule in rules.iter_mut().filter(|r| !r.done) {
                let forced = window.text.len() >= max_window;
                match rule.step(self, &window, eof, forced, path)? {
                    Step::Advanced => {}
                    Step::Stuck => stuck = true,
                    Step::Forced => {
                        incomplete.get_or_insert_with(|| {
                            format!(
                                "a match or a line is longer than {max_window} bytes, the most \
                                 one window holds; findings near it may differ from a \
                                 whole-file scan"
                            )
                        });
                    }
                }
            }
            // Keep what some rule still needs: from its resume point (and its line's start,
            // when an allowlist reads lines) on.
            let keep_from = rules
                .iter()
                .filter(|r| !r.done)
                .map(|r| r.keep_from(&window, max_window))
                .min()
                .unwrap_or(window.end());
            window.advance_to(keep_from);
            want = if stuck {
                window.text.len() + chunk
            } else {
                chunk
            };
        }

        let mut all = Vec::new();
        let mut located = HashMap::new();
        for rule in rules {
            for (m, line, column) in rule.found {
                located.insert(m.start, (line, column));
                all.push(m);
            }
        }
        let findings = keep_most_specific(all)
            .into_iter()
            .map(|m| {
                let (line, column) = located.get(&m.start).copied().unwrap_or((0, 0));
                LocatedMatch {
                    secret: m,
                    line,
                    column,
                }
            })
            .collect();
        Ok(StreamedScan {
            findings,
            incomplete,
        })
    }
}

/// Decodes a byte stream as `String::from_utf8_lossy` decodes all of it at once.
#[derive(Default)]
struct Decoder {
    /// The start of a UTF-8 sequence cut off by the end of the last read.
    carry: Vec<u8>,
    buf: Vec<u8>,
}

impl Decoder {
    /// The text of the next read of up to `size` bytes, and whether the stream ended.
    fn next(&mut self, reader: &mut impl Read, size: usize) -> Result<(String, bool), String> {
        self.buf.clear();
        self.buf.append(&mut self.carry);
        let before = self.buf.len();
        (&mut *reader)
            .take(u64::try_from(size).unwrap_or(u64::MAX))
            .read_to_end(&mut self.buf)
            .map_err(|e| format!("cannot read: {e}"))?;
        let eof = self.buf.len() - before < size;
        let mut text = String::with_capacity(self.buf.len());
        let mut chunks = self.buf.utf8_chunks().peekable();
        while let Some(piece) = chunks.next() {
            text.push_str(piece.valid());
            let invalid = piece.invalid();
            if invalid.is_empty() {
                continue;
            }
            let cut_off = chunks.peek().is_none()
                && std::str::from_utf8(invalid).is_err_and(|e| e.error_len().is_none());
            if cut_off && !eof {
                self.carry = invalid.to_vec();
            } else {
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
        Ok((text, eof))
    }
}

/// The text held in memory: `text` starts at byte `base` of the whole decoded text.
#[derive(Default)]
struct Window {
    text: String,
    base: usize,
    /// The 1-based line of `base`, and the characters between that line's start and `base`.
    line: usize,
    column: usize,
}

impl Window {
    fn end(&self) -> usize {
        self.base + self.text.len()
    }

    /// Drops the text before absolute offset `to` (moved back to a character boundary).
    fn advance_to(&mut self, to: usize) {
        let mut cut = to.saturating_sub(self.base).min(self.text.len());
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        let dropped = &self.text[..cut];
        let newlines = memchr::memchr_iter(b'\n', dropped.as_bytes()).count();
        if self.line == 0 {
            self.line = 1;
        }
        self.line += newlines;
        self.column = match dropped.rfind('\n') {
            Some(at) => dropped[at + 1..].chars().count(),
            None => self.column + dropped.chars().count(),
        };
        self.text.drain(..cut);
        self.base += cut;
    }
}

/// Walks a window forward, turning byte offsets into lines and columns.
struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl<'a> Lines<'a> {
    fn new(window: &'a Window) -> Self {
        Lines {
            text: &window.text,
            at: 0,
            line: window.line.max(1),
            column: window.column,
        }
    }

    /// (line, column), 1-based, of offset `to` (not before the last one asked).
    fn of(&mut self, to: usize) -> (usize, usize) {
        let piece = self.text.get(self.at..to).unwrap_or_default();
        match piece.rfind('\n') {
            Some(at) => {
                self.line += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
                self.column = piece[at + 1..].chars().count();
            }
            None => self.column += piece.chars().count(),
        }
        self.at = to.max(self.at);
        (self.line, self.column + 1)
    }
}

/// What one window did for one rule.
enum Step {
    /// The rule's resume point moved on (or the stream ended).
    Advanced,
    /// Nothing could be decided: the window must grow.
    Stuck,
    /// The window could not decide everything and may not grow: taken as it is.
    Forced,
}

/// One rule's progress through the stream.
struct RuleStream<'a> {
    rule: usize,
    /// Absolute offset where the rule's next search starts.
    resume: usize,
    streaming: &'a Streaming,
    cache: Option<Cache>,
    needs_line: bool,
    /// Accepted matches (absolute offsets) with line and column.
    found: Vec<(SecretMatch, usize, usize)>,
    done: bool,
}

impl<'a> RuleStream<'a> {
    fn new(scanner: &'a Scanner, rule: usize) -> Result<Self, String> {
        let streaming = scanner.streaming(rule)?;
        Ok(RuleStream {
            rule,
            resume: 0,
            cache: streaming.dfa.as_ref().map(DFA::create_cache),
            streaming,
            needs_line: scanner.needs_line(rule)?,
            found: Vec::new(),
            done: false,
        })
    }

    /// The absolute offset from which this rule needs the text kept: a little before its
    /// resume point, and the start of that line when an allowlist reads lines (unless the
    /// line is longer than half a window, or began before the window).
    fn keep_from(&self, window: &Window, max_window: usize) -> usize {
        let from = self.resume.saturating_sub(CONTEXT).max(window.base);
        if !self.needs_line {
            return from;
        }
        let rel = (from - window.base).min(window.text.len());
        let line_start = match memchr::memrchr(b'\n', &window.text.as_bytes()[..rel]) {
            Some(at) => window.base + at + 1,
            // The window starts a line.
            None if window.column == 0 => window.base,
            None => return from,
        };
        if from - line_start <= max_window / 2 {
            line_start
        } else {
            from
        }
    }

    /// Searches the window from the resume point and commits what the window decides.
    fn step(
        &mut self,
        scanner: &Scanner,
        window: &Window,
        eof: bool,
        forced: bool,
        path: Option<&str>,
    ) -> Result<Step, String> {
        let text = window.text.as_str();
        let lo = self.resume - window.base;
        let horizon = if eof {
            text.len()
        } else {
            floor_boundary(text, text.len().saturating_sub(CONTEXT))
        };
        if horizon <= lo && !eof {
            return Ok(Step::Stuck);
        }
        let raw = scanner.raw_matches(self.rule, text, lo..horizon)?;
        let (mut resume, mut commit) = if eof {
            (horizon, raw.len())
        } else {
            self.decided(text, lo, horizon, &raw)
        };
        let mut lost_line = false;
        if self.needs_line {
            // An allowlist on the line needs the whole line in the window.
            for (k, (whole, _)) in raw.iter().enumerate().take(commit) {
                let starts_inside = window.column == 0
                    || memchr::memrchr(b'\n', &text.as_bytes()[..whole.start]).is_some();
                let ends_inside =
                    eof || memchr::memchr(b'\n', &text.as_bytes()[whole.end..]).is_some();
                lost_line |= !starts_inside;
                if !ends_inside {
                    (resume, commit) = (whole.start, k);
                    break;
                }
            }
        }
        let step = if resume > lo || eof {
            Step::Advanced
        } else if !forced {
            return Ok(Step::Stuck);
        } else {
            // Taken as it is: everything the window found, up to its horizon.
            (resume, commit) = (horizon, raw.len());
            Step::Forced
        };
        self.accept(scanner, window, &raw[..commit], path)?;
        self.resume = window.base + resume;
        self.done = eof;
        Ok(if lost_line { Step::Forced } else { step })
    }

    /// The window's resume point (relative) and how many of `raw` it commits: everything
    /// before the first position that is alive at `horizon` outside a match, or that starts
    /// a match not yet ended at `horizon` (see the module docs).
    fn decided(
        &mut self,
        text: &str,
        lo: usize,
        horizon: usize,
        raw: &[(Span, Span)],
    ) -> (usize, usize) {
        let hay = &text.as_bytes()[..horizon];
        let mut from = lo;
        let mut next = 0;
        let mut checked = 0;
        while from < horizon {
            let alive = self
                .streaming
                .alive
                .search(&Input::new(hay).span(from..horizon))
                .map(|m| m.start())
                .filter(|s| *s < horizon);
            let Some(s) = alive else {
                break;
            };
            while raw.get(next).is_some_and(|(w, _)| w.end <= s) {
                next += 1;
            }
            match raw.get(next) {
                // Inside a match: no search starts there.
                Some((w, _)) if w.start < s => from = w.end,
                Some((w, _)) if w.start == s && self.ended(text, s, horizon) => {
                    checked += 1;
                    if checked >= ALIVE_MATCHES {
                        return (w.end, next + 1);
                    }
                    from = w.end.max(s + 1);
                }
                _ => return (s.max(lo), next),
            }
        }
        (horizon, raw.len())
    }

    /// Whether the rule's anchored leftmost-first search from `start` has ended (its DFA
    /// died) before `horizon`: then the match found there is the whole text's.
    fn ended(&mut self, text: &str, start: usize, horizon: usize) -> bool {
        let (Some(dfa), Some(cache)) = (self.streaming.dfa.as_ref(), self.cache.as_mut()) else {
            return false;
        };
        let hay = text.as_bytes();
        let input = Input::new(hay).span(start..horizon).anchored(Anchored::Yes);
        let Ok(mut state) = dfa.start_state_forward(cache, &input) else {
            return false;
        };
        for byte in &hay[start..horizon] {
            match dfa.next_state(cache, state, *byte) {
                Ok(next) if next.is_dead() => return true,
                Ok(next) if next.is_quit() => return false,
                Ok(next) => state = next,
                Err(_) => return false,
            }
        }
        false
    }

    /// Runs the checks on `raw` and keeps the findings, with absolute offsets.
    fn accept(
        &mut self,
        scanner: &Scanner,
        window: &Window,
        raw: &[(Span, Span)],
        path: Option<&str>,
    ) -> Result<(), String> {
        let mut lines = Lines::new(window);
        for (whole, secret) in raw {
            let Some(mut m) = scanner.accept(self.rule, &window.text, *whole, *secret, path)?
            else {
                continue;
            };
            let (line, column) = lines.of(m.start);
            for offset in [
                &mut m.start,
                &mut m.end,
                &mut m.match_start,
                &mut m.match_end,
            ] {
                *offset += window.base;
            }
            self.found.push((m, line, column));
        }
        Ok(())
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
