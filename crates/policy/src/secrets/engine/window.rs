//! [`WindowedScanner`]: what [`Scanner::scan`] finds, with each rule's regex run only on the
//! parts of the text where one of its matches could be, for callers that scan many files
//! (skill-lint: every file of every skill).
//!
//! [`Scanner::scan`] runs each rule whose keyword occurs anywhere in a text over the whole
//! text: for the generic rules (`key`, `token`, `pass`…) that is every file of a repository
//! of prose. Here the keywords' positions are found once, with the Aho-Corasick automaton,
//! and a rule's regex runs only on windows around them, where the regex proves it:
//!
//! - every match of the regex (or of each of its top-level alternatives) holds one of the
//!   rule's keywords (ASCII case-insensitive): the regex, lowercased, is a concatenation one
//!   of whose parts (the *anchor*) starts, at each of its matches, with one of a finite set
//!   of literals that each hold a keyword (regex-syntax's prefix extraction); so every
//!   match has a keyword hit inside its anchor;
//! - from that hit, each part of the regex before and after it reaches a bounded number of
//!   bytes (regex-syntax's maximum length) or of newlines (counted in its literals and
//!   classes), and a part made of some bytes only (`[ \t]*`, a value of `[\w.=-]`) stays
//!   within the run of them in the text: walking the parts outward from the hit bounds where
//!   a match can start and end.
//!
//! Every match then lies inside the window of one of its keyword hits, so inside one merged
//! window, and a leftmost-first search of each merged window (the text outside it still
//! visible to look-around) finds the matches a search of the whole text finds there, in
//! the same order. A rule the regex does not bound this way runs on the whole text, as in
//! [`Scanner::scan`].
//!
//! Before a window (or the whole text) is searched, a *gate* looks for the first place
//! anything there could match: the rule's regex with every repetition's upper bound dropped
//! (`{0,50}` is `*`, `{10,150}` is `{10,}`). Its language holds the regex's, so a window the
//! gate finds nothing in has no match, and no match starts before the gate's first one; and
//! its automaton has no counters, so it is several times cheaper to run than the regex
//! itself (gitleaks' generic rule, whose counters make the lazy DFA build states on every
//! line of prose, most of all).
//!
//! `crates/policy/tests/secret_windows.rs` compares both scanners on every rule's
//! examples, the gitleaks and Nosey Parker examples, and the skill corpora.

use super::{Scanner, SecretMatch, Tuning, build_hir, keep_most_specific};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};
use std::ops::Range;
use std::sync::OnceLock;

mod lead;
use lead::Lead;

/// A [`Scanner`] for many texts: the same findings as [`Scanner::scan`], each rule's regex
/// run on windows around its keywords (see the module documentation). Building it costs
/// nothing; the first scan builds the keyword automaton (about a millisecond), and each
/// rule's plan is worked out from its regex the first time its keywords occur.
pub struct WindowedScanner {
    scanner: Scanner,
    /// Per rule, its plan once worked out. Boxed: a hook's scanner holds a slot per rule
    /// and works out a few, and at 72 bytes a plan inline the slots were 12 fresh heap
    /// pages to fault in per call, 3 boxed.
    plans: Vec<OnceLock<Box<Plan>>>,
}

/// How a rule runs: where, and behind which gate.
struct Plan {
    /// Its windows' reach (`None`: the whole text).
    reach: Option<Reach>,
    /// The regex with no repetition bounded above (`None`: it did not compile, no gate),
    /// built on the first window: most rules' hits open none (they fail their tails).
    gate: OnceLock<Option<Regex>>,
    /// The same language tuned for long spans ([`Tuning::Full`]: literal prefilters and a
    /// full DFA, which a gate without counters is small enough for), built on the first
    /// span of [`super::AUTOMATON_FROM`] bytes or more: a rule that runs on the whole
    /// text (its keyword need not be in its match: gitleaks' `facebook` for a bare token)
    /// read 11 MB of skills in 20 ms through the lazy DFA, 7 ms through this one.
    long_gate: OnceLock<Option<Regex>>,
    /// The gate's regex, for `long_gate`.
    gate_hir: Hir,
    /// Per walk of `reach`, its [`Walk::tail`] compiled (`None`: no tail, or it did not
    /// compile).
    tails: Vec<Option<Tail>>,
}

/// A [`Walk::tail`] compiled for [`Reach::admits`].
struct Tail {
    /// The tail matching either case, with no repetition bounded above.
    regex: Regex,
    /// How far the tail reaches: at most this many bytes and newlines.
    most: Part,
    /// The bytes a match of the tail starts with, when it cannot be empty: a hit not
    /// followed by one of them is no match's keyword, told without a search (`passed` for
    /// `pass`, whose tail in `(?:password|pass)\b[ \t]*=` starts with `w`, a space, a tab
    /// or `=`).
    first: Option<Starts>,
}

impl Tail {
    /// Whether the byte at `at` in `text` may start a match of the tail (`false` for the
    /// text's end when a match is never empty).
    fn may_start(&self, text: &[u8], at: usize) -> bool {
        self.first
            .as_ref()
            .is_none_or(|first| text.get(at).is_some_and(|&b| first.holds(b)))
    }

    /// Where a match of the tail from `at` ends at the latest, when its bytes or its
    /// newlines are bounded.
    fn reach(&self, lines: &mut Lines<'_>, at: usize) -> Option<usize> {
        let bytes = self.most.bytes.map(|n| at.saturating_add(n));
        let line = self.most.lines.map(|n| lines.forward(at, n));
        bytes
            .into_iter()
            .chain(line)
            .min()
            .map(|to| to.min(lines.text.len()).max(at))
    }
}

impl Plan {
    /// The gate for a search of `span`: tuned for its length, as the rule's own regex is
    /// ([`super::Entry::regex`]).
    fn gate_for(&self, span: &Range<usize>) -> Option<&Regex> {
        let lean = || built(&self.gate, &self.gate_hir, Tuning::Lean);
        if span.len() < super::AUTOMATON_FROM {
            return lean();
        }
        built(&self.long_gate, &self.gate_hir, Tuning::Full).or_else(lean)
    }
}

/// The regex in `slot`, compiled from `hir` with `tuning` on first use (`None`: it does not
/// compile).
fn built<'a>(slot: &'a OnceLock<Option<Regex>>, hir: &Hir, tuning: Tuning) -> Option<&'a Regex> {
    slot.get_or_init(|| build_hir(hir, tuning).ok()).as_ref()
}

impl std::fmt::Debug for WindowedScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WindowedScanner")
            .field("rules", &self.scanner.len())
            .finish()
    }
}

/// How far a rule's match reaches from the keyword hit inside its anchor: per top-level
/// alternative of the regex, its parts walked outward from the hit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reach(Vec<Walk>);

impl Reach {
    /// Whether some match may reach any distance past its keyword (`X{40,}`, `[\s\S]*?`):
    /// then a window would run to the text's end, and the rule is searched at each place
    /// a match may start instead ([`start_range`]).
    fn open_end(&self) -> bool {
        self.0.iter().any(|w| w.after.iter().any(|p| !p.bounded()))
    }

    /// Whether a match may hold its anchor's keyword at the hit from `start` to `end` in
    /// `text`: for some alternative, its [`Next`] byte is there (or it has none), and its
    /// tail (`tails`, one per walk) matches from `end` on (or it has none).
    fn admits(
        &self,
        lines: &mut Lines<'_>,
        (start, end): (usize, usize),
        tails: &[Option<Tail>],
    ) -> bool {
        let text = lines.text;
        self.0.iter().enumerate().any(|(k, w)| {
            let tail = tails.get(k).and_then(Option::as_ref);
            // The cheapest check first: one byte.
            tail.is_none_or(|tail| tail.may_start(text, end))
                && w.lead
                    .as_ref()
                    .is_none_or(|lead| lead.found(text, (start, end)))
                && w.next.as_ref().is_none_or(|next| next.found(text, start))
                && tail.is_none_or(|tail| {
                    // What a match holds after its hit is a match of the tail: it ends
                    // within the tail's reach, or else by the end of the window (whose walk
                    // costs more than most searches that fail).
                    let near = tail.reach(lines, end);
                    let to = match near.filter(|to| to - end <= TAIL_MOST) {
                        Some(to) => to,
                        None => forward(lines, start, &w.after),
                    };
                    // A window longer than this is left to the gate: a search from every
                    // hit over it would read it again from each.
                    if to.saturating_sub(end) > TAIL_MOST {
                        return true;
                    }
                    let input = Input::new(text)
                        .span(end.min(to)..to)
                        .anchored(Anchored::Yes)
                        .earliest(true);
                    tail.regex.search_half(&input).is_some()
                })
        })
    }
}

/// The parts of one alternative, walked outward from the keyword hit inside its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Walk {
    /// Back to the match's start: the anchor (measured from the hit's end), then the parts
    /// before it, nearest first.
    before: Vec<Part>,
    /// On to the match's end: the anchor (measured from the hit's start), then the parts
    /// after it.
    after: Vec<Part>,
    /// The literals the anchor begins with and the looks before it, when they tell a hit
    /// that is no match's keyword ([`Lead`]).
    lead: Option<Lead>,
    /// A byte every match must hold soon after the keyword hit, when a part after the
    /// anchor tells one.
    next: Option<Next>,
    /// When every match of the anchor begins with one of a finite set of literals, each
    /// holding a keyword ([`keyword_tail`]): what a match holds from the end of a keyword
    /// hit in that literal on (`(?:create|alter)` for the keywords `create` and `alter`:
    /// the parts after it; `(?:password|pwd)` for `pass` and `pwd`: `word` or nothing, then
    /// the parts after it). A hit it does not follow (`create table`, for SQL's `create
    /// user … password`; `passed`, for `password =`) is no match's keyword and opens no
    /// window: one anchored search from the hit's end, that stops at the first byte no
    /// match can go on with, rather than a search of the window (the search looks no
    /// further than the window).
    tail: Option<Hir>,
}

/// A byte every match of an alternative holds close after its keyword hit: the first byte
/// of a part after the anchor that cannot match empty and that starts at most `within`
/// bytes after the hit's start (the anchor starts at or before the hit, and it and every
/// part up to this one are bounded). gitleaks' generic rule needs an `=`, `:`, `>`, `|`,
/// `?` or `,` within 29 bytes of `key`: a hit in prose without one is no match's keyword,
/// and opens no window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Next {
    /// The part's possible first bytes.
    first: Starts,
    /// How far after the hit's start the part starts, at most.
    within: usize,
}

impl Next {
    /// The part after the anchor (`after[0]`) with the fewest first bytes, or `None`.
    fn of(after: &[Hir]) -> Option<Next> {
        let mut within = 0usize;
        let mut best: Option<(usize, Next)> = None;
        for (k, part) in after.iter().enumerate() {
            if k > 0
                && let Some(first) = Starts::of(part)
            {
                let count = first.0.iter().filter(|b| **b).count();
                if best.as_ref().is_none_or(|(c, _)| count < *c) {
                    best = Some((count, Next { first, within }));
                }
            }
            match part.properties().maximum_len() {
                Some(n) => within = within.checked_add(n)?,
                None => break,
            }
        }
        best.map(|(_, next)| next)
    }

    /// Whether one of the bytes of `text` from `start` to `start + within` is a first byte.
    fn found(&self, text: &[u8], start: usize) -> bool {
        let end = start.saturating_add(self.within).saturating_add(1);
        let bytes = text.get(start..end.min(text.len())).unwrap_or_default();
        bytes.iter().any(|&b| self.first.holds(b))
    }
}

/// The bytes a non-empty match of a part starts with ([`first_bytes`]; of the lowercased
/// regex, so a text's byte is compared lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Starts([bool; 256]);

impl Starts {
    /// Those of `hir`, or `None` when a match of it may be empty (what follows it may then
    /// start the match).
    fn of(hir: &Hir) -> Option<Starts> {
        let mut set = [false; 256];
        (!first_bytes(hir, &mut set)).then_some(Starts(set))
    }

    /// Whether `b`, in either case, is one of them.
    fn holds(&self, b: u8) -> bool {
        self.0.get(usize::from(b.to_ascii_lowercase())) == Some(&true)
    }
}

/// Marks in `set` the bytes from `lo` to `hi`.
fn mark(set: &mut [bool; 256], lo: u8, hi: u8) {
    for b in lo..=hi {
        if let Some(slot) = set.get_mut(usize::from(b)) {
            *slot = true;
        }
    }
}

/// Marks in `set` the bytes a character of `class` can start with (over-approximated for
/// non-ASCII characters: every UTF-8 leading byte) or, with `inner`, hold (every byte from
/// 0x80 up).
fn mark_class(class: &Class, set: &mut [bool; 256], inner: bool) {
    match class {
        Class::Bytes(c) => {
            for r in c.iter() {
                mark(set, r.start(), r.end());
            }
        }
        Class::Unicode(c) => {
            for r in c.iter() {
                if let Ok(lo) = u8::try_from(r.start())
                    && lo < 0x80
                {
                    mark(
                        set,
                        lo,
                        u8::try_from(r.end()).map_or(0x7f, |hi| hi.min(0x7f)),
                    );
                }
                if !r.end().is_ascii() {
                    mark(set, if inner { 0x80 } else { 0xc2 }, 0xf4);
                }
            }
        }
    }
}

/// Marks in `set` the bytes a match of `hir` can start with (over-approximated for
/// non-ASCII characters: every UTF-8 leading byte); whether it can match empty (then what
/// follows it may start the match too, and is not marked).
fn first_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(l) => match l.0.first() {
            Some(&b) => {
                mark(set, b, b);
                false
            }
            None => true,
        },
        HirKind::Class(c) => {
            mark_class(c, set, false);
            false
        }
        HirKind::Repetition(r) => first_bytes(&r.sub, set) || r.min == 0,
        HirKind::Capture(c) => first_bytes(&c.sub, set),
        HirKind::Concat(parts) => parts.iter().all(|p| first_bytes(p, set)),
        HirKind::Alternation(alts) => {
            // Every alternative marks its bytes (no short cut).
            let mut empty = false;
            for a in alts {
                empty |= first_bytes(a, set);
            }
            empty
        }
    }
}

/// How far the match of one part of a regex reaches (`None`: no bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    /// At most this many bytes.
    bytes: Option<usize>,
    /// At most this many newlines.
    lines: Option<usize>,
    /// The bytes its matches are made of (of the lowercased regex, so both cases of a
    /// letter), when that leaves out a space or a letter: a match lies in one run of them,
    /// so a part that starts by some offset ends by the end of the run there (`[ \t]*` by
    /// the next byte that is neither, a value of `[\w.=-]` by the end of the word).
    alphabet: Option<Alphabet>,
}

/// A set of bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Alphabet([bool; 256]);

impl std::fmt::Debug for Alphabet {
    /// The bytes, escaped: `Alphabet(b"\t ")`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes: Vec<u8> = (0..=255u8).filter(|b| self.has(*b)).collect();
        write!(f, "Alphabet(b\"{}\")", bytes.escape_ascii())
    }
}

impl Alphabet {
    /// The bytes matches of `hir` are made of, or `None` when they may hold any byte.
    fn of(hir: &Hir) -> Option<Alphabet> {
        fn add(hir: &Hir, set: &mut [bool; 256]) {
            match hir.kind() {
                HirKind::Empty | HirKind::Look(_) => {}
                HirKind::Literal(l) => l.0.iter().for_each(|&b| mark(set, b, b)),
                HirKind::Class(c) => mark_class(c, set, true),
                HirKind::Repetition(r) => add(&r.sub, set),
                HirKind::Capture(c) => add(&c.sub, set),
                HirKind::Concat(parts) | HirKind::Alternation(parts) => {
                    parts.iter().for_each(|p| add(p, set));
                }
            }
        }
        let mut set = [false; 256];
        add(hir, &mut set);
        // The text is compared as it is: a lowercase letter stands for both cases.
        for b in b'a'..=b'z' {
            if set.get(usize::from(b)) == Some(&true) {
                mark(&mut set, b.to_ascii_uppercase(), b.to_ascii_uppercase());
            }
        }
        // A run of bytes that holds spaces and letters both is most often prose running to
        // the bounds: looking for its end costs more than it saves (`[^;\r\n]{0,100}`).
        let has = |b: u8| set.get(usize::from(b)) == Some(&true);
        let cuts = !has(b' ') || !(b'a'..=b'z').all(has);
        cuts.then_some(Alphabet(set))
    }

    fn has(&self, b: u8) -> bool {
        self.0.get(usize::from(b)) == Some(&true)
    }

    /// The end of the run of its bytes in `text` from `at`, looked for up to `limit` and
    /// [`RUN_MOST`] bytes on: `limit` when not found.
    fn run_end(&self, text: &[u8], at: usize, limit: usize) -> usize {
        let bytes = text
            .get(at..limit.min(at.saturating_add(RUN_MOST)))
            .unwrap_or_default();
        bytes
            .iter()
            .position(|&b| !self.has(b))
            .map_or(limit.max(at), |n| at + n)
    }

    /// The start of the run of its bytes in `text` that ends at `at`, looked for back to
    /// `limit` and [`RUN_MOST`] bytes back: `limit` when not found.
    fn run_start(&self, text: &[u8], at: usize, limit: usize) -> usize {
        let from = limit.max(at.saturating_sub(RUN_MOST));
        let bytes = text.get(from..at).unwrap_or_default();
        bytes
            .iter()
            .rposition(|&b| !self.has(b))
            .map_or(limit.min(at), |n| from + n + 1)
    }
}

impl Part {
    fn of(hir: &Hir) -> Part {
        Part {
            bytes: hir.properties().maximum_len(),
            lines: newlines(hir),
            alphabet: Alphabet::of(hir),
        }
    }

    fn bounded(self) -> bool {
        self.bytes.is_some() || self.lines.is_some()
    }
}

impl WindowedScanner {
    /// A windowed scanner over `scanner`'s rules.
    pub fn new(scanner: Scanner) -> WindowedScanner {
        let plans = (0..scanner.len()).map(|_| OnceLock::new()).collect();
        WindowedScanner { scanner, plans }
    }

    /// The rules compiled into hookkit ([`Scanner::builtin`]).
    pub fn builtin() -> WindowedScanner {
        Self::new(Scanner::builtin())
    }

    /// [`WindowedScanner::builtin`], one per process: every part of a process that looks for
    /// secrets (secret-guard's decision, the audit trail's masking, skill-lint) shares the
    /// rules it has compiled, rather than compiling each again (a refused call compiled them
    /// twice).
    pub fn shared() -> &'static WindowedScanner {
        static SHARED: OnceLock<WindowedScanner> = OnceLock::new();
        SHARED.get_or_init(WindowedScanner::builtin)
    }

    /// The scanner whose rules this one runs.
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// Every secret in `text` (from a file at `path`, when known): exactly what
    /// [`Scanner::scan`] returns, in the same order.
    ///
    /// # Errors
    /// A rule whose regex does not compile (a broken user rule file), or a keyword set the
    /// automaton cannot be built for.
    pub fn scan(&self, text: &str, path: Option<&str>) -> Result<Vec<SecretMatch>, String> {
        let s = &self.scanner;
        if s.path_allowlisted(path)? {
            return Ok(Vec::new());
        }
        // (start, end, keyword) of every keyword occurrence.
        let Some(hits) = s.keywords.hits(text.as_bytes(), super::MOST_HITS)? else {
            // Too many hits to keep: the whole-text scan, its rules told by one more walk
            // that keeps only which keywords occur (not the capped walk again).
            let mut found = s.no_keywords();
            s.keywords.flags(text.as_bytes(), &mut found)?;
            return s.scan_whole(text, path, s.rules_for(&found));
        };
        let mut found = s.no_keywords();
        for (_, _, k) in hits.iter() {
            if let Some(f) = found.get_mut(k) {
                *f = true;
            }
        }
        let rules = s.rules_for(&found);
        // The plan of each rule that runs on this path, and whether its reach is open-ended.
        let mut plans: Vec<Option<(&Plan, bool)>> = vec![None; s.len()];
        for &i in &rules {
            if s.rule_applies(i, path)?
                && let Some(slot) = plans.get_mut(i)
            {
                let plan = self.plan(i)?;
                *slot = Some((plan, plan.reach.as_ref().is_some_and(Reach::open_end)));
            }
        }
        // One pass over the hits, in text order, for every rule at once: the text around a
        // hit is read while it is in the cache (rule after rule, each over all its hits,
        // read a 10 MiB text from memory again for each). Per rule, the window of each hit
        // it admits, or for an open-ended rule the places a match may start ([`start_range`]).
        let mut spans_of: Vec<Vec<Range<usize>>> = vec![Vec::new(); s.len()];
        let mut lines = Lines::new(text.as_bytes());
        for (start, end, k) in hits.iter() {
            for i in s.keywords.rules_of(k) {
                let Some(Some((plan, open))) = plans.get(i) else {
                    continue;
                };
                let (Some(reach), Some(spans)) = (&plan.reach, spans_of.get_mut(i)) else {
                    continue;
                };
                if reach.admits(&mut lines, (start, end), &plan.tails) {
                    spans.push(match open {
                        true => start_range(&mut lines, (start, end), reach),
                        false => window(&mut lines, (start, end), reach),
                    });
                }
            }
        }
        let mut out = Vec::new();
        for i in rules {
            let Some(Some((plan, open))) = plans.get(i) else {
                continue;
            };
            let mut spans = spans_of.get_mut(i).map(std::mem::take).unwrap_or_default();
            match plan.reach {
                Some(_) => merge(&mut spans),
                None => spans.push(0..text.len()),
            }
            if *open {
                self.search_starts(i, text, path, &mut spans, &mut out)?;
                continue;
            }
            for mut span in spans {
                // No match starts before the gate's first match (its language holds the
                // regex's): the regex searches from there, or not at all.
                if let Some(gate) = plan.gate_for(&span) {
                    match gate.find(Input::new(text.as_bytes()).span(span.clone())) {
                        Some(m) => span.start = m.start(),
                        None => continue,
                    }
                }
                for (whole, secret) in s.raw_matches(i, text, span)? {
                    out.extend(s.accept(i, text, whole, secret, path)?);
                }
            }
        }
        Ok(keep_most_specific(out))
    }

    /// The matches of open-ended rule `i` (see [`Reach::open_end`]), given the ranges
    /// `starts` (in text order, disjoint; inclusive of their ends) where its matches can
    /// start: an anchored search at each place, from the end of the last match on, finds
    /// the leftmost-first matches a search of the whole text finds, since none starts
    /// elsewhere. After [`MAX_ANCHORED`] places, one search runs from the next place on.
    fn search_starts(
        &self,
        i: usize,
        text: &str,
        path: Option<&str>,
        starts: &mut Vec<Range<usize>>,
        out: &mut Vec<SecretMatch>,
    ) -> Result<(), String> {
        let s = &self.scanner;
        let mut from = 0;
        let mut tried = 0;
        for range in starts.drain(..) {
            let mut at = range.start.max(from);
            while at <= range.end {
                if tried == MAX_ANCHORED {
                    for (whole, secret) in s.raw_matches(i, text, at..text.len())? {
                        out.extend(s.accept(i, text, whole, secret, path)?);
                    }
                    return Ok(());
                }
                tried += 1;
                match s.raw_match_at(i, text, at)? {
                    Some((whole, secret)) => {
                        out.extend(s.accept(i, text, whole, secret, path)?);
                        from = whole.end;
                        at = from;
                    }
                    None => at += 1,
                }
            }
        }
        Ok(())
    }

    /// Rule `i`'s plan, worked out on first use.
    fn plan(&self, i: usize) -> Result<&Plan, String> {
        let slot = self.plans.get(i).ok_or("no such rule")?;
        if let Some(plan) = slot.get() {
            return Ok(plan);
        }
        let s = &self.scanner;
        let entry = s.entries.get(i).ok_or("no such rule")?;
        let (rule, hir) = (entry.rule()?, entry.hir()?);
        let words: Vec<String> = rule
            .keywords
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let reach = if s.always.contains(&i) {
            None
        } else {
            // An empty match would make a search from a match's end differ from one at
            // each start: open ends are only taken for regexes that cannot.
            reach_of(hir, &words)
                .filter(|r| !r.open_end() || hir.properties().minimum_len().is_some_and(|n| n > 0))
        };
        let plan = Plan {
            tails: reach.as_ref().map(tails_of).unwrap_or_default(),
            reach,
            gate: OnceLock::new(),
            long_gate: OnceLock::new(),
            gate_hir: unbounded(hir),
        };
        Ok(slot.get_or_init(|| Box::new(plan)))
    }
}

/// The reach of a regex (parsed as compiled) whose rule has the keywords `words`
/// (lowercase), or `None` when its matches are not proven to hold a keyword within a
/// bounded reach.
fn reach_of(hir: &Hir, words: &[String]) -> Option<Reach> {
    let lower = lowercase(hir);
    let top = ungrouped(&lower);
    // Each alternative's own walk is tighter than the whole regex taken as one anchor.
    if let HirKind::Alternation(alts) = top.kind()
        && let Some(walks) = alts.iter().map(|a| walk_of(a, words)).collect()
    {
        return Some(Reach(walks));
    }
    // So is each alternative of an anchor that is not a keyword itself (`\b(?:identified
    // by …|(?:create|alter) …)`, the common `\b` factored out of two alternatives): the
    // regex taken apart into one concatenation per alternative.
    if let HirKind::Concat(parts) = top.kind()
        && let Some(j) = parts.iter().position(|p| holds(p, words))
        && let Some(anchor) = parts.get(j).map(ungrouped)
        && let HirKind::Alternation(alts) = anchor.kind()
        && !is_keyword(anchor, words)
    {
        let (before, after) = (parts.get(..j)?, parts.get(j + 1..)?);
        let split = alts.iter().map(|alt| {
            let whole = before.iter().chain([alt]).chain(after).cloned().collect();
            walk_of(&Hir::concat(whole), words)
        });
        if let Some(walks) = split.collect() {
            return Some(Reach(walks));
        }
    }
    walk_of(top, words).map(|w| Reach(vec![w]))
}

/// `hir` without the capture groups around it.
fn ungrouped(mut hir: &Hir) -> &Hir {
    while let HirKind::Capture(c) = hir.kind() {
        hir = &c.sub;
    }
    hir
}

/// The walk of a regex (lowercased), when it has an anchor and every part before the
/// keyword is bounded (the parts after it may not be: an open end).
fn walk_of(hir: &Hir, words: &[String]) -> Option<Walk> {
    let parts: &[Hir] = match hir.kind() {
        HirKind::Concat(parts) => parts,
        _ => std::slice::from_ref(hir),
    };
    let walk = |lead: Part, before: &[Hir], after: &[Hir], tail: Option<Hir>| {
        let literals = Lead::of(before, after, words);
        let before: Vec<Part> = std::iter::once(lead)
            .chain(before.iter().rev().map(Part::of))
            .collect();
        let next = Next::of(after);
        let after: Vec<Part> = after.iter().map(Part::of).collect();
        // A tail that may run on for any length would be searched to the text's end from
        // every hit: only tails within a window are taken.
        let tail = tail.filter(|_| after.iter().all(|p| p.bounded()));
        before.iter().all(|p| p.bounded()).then_some(Walk {
            before,
            after,
            lead: literals,
            next,
            tail,
        })
    };
    // An anchor part: every match of it holds a keyword.
    if let Some(j) = (0..parts.len()).find(|j| parts.get(*j).is_some_and(|p| holds(p, words))) {
        let anchor = parts.get(j)?;
        let rest = parts.get(j..)?;
        return walk(
            Part::of(anchor),
            parts.get(..j)?,
            rest,
            keyword_tail(rest, words),
        );
    }
    // A keyword across parts: every match of `parts[i..]` starts with one of a finite set
    // of literals, each holding a keyword, so a hit ends within the lead they give.
    (0..parts.len()).find_map(|i| {
        let rest = parts.get(i..)?;
        let lead = keyword_prefixes(&Hir::concat(rest.to_vec()), words)?;
        walk(lead, parts.get(..i)?, rest, keyword_tail(rest, words))
    })
}

/// What a match of `parts` (concatenated, lowercased) holds from the end of a keyword hit
/// on, when its first parts match one of a finite set of literals (exactly: regex-syntax's
/// prefix extraction), each holding one of `words`: per occurrence of a keyword in such a
/// literal, the rest of the literal, then the parts after them. `None` when no first
/// parts are such literals, or there is nothing after the keywords to check.
///
/// Sound for [`Reach::admits`]: in a match, each keyword occurrence inside its literal is a
/// hit the automaton reports, and the text after that hit reads one of the rests, then a
/// match of the parts after: the tail matches there. Some such hit lies in the anchor,
/// and opens the window the match needs.
fn keyword_tail(parts: &[Hir], words: &[String]) -> Option<Hir> {
    // Groups opened up: the literals may end inside one (`(live|test)_` of `((live|test)_
    // [a-f0-9]{35})`, for the keywords `live_` and `test_`).
    let parts = opened(parts);
    for k in 1..=parts.len() {
        let head = Hir::concat(parts.get(..k)?.to_vec());
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&head);
        let literals = seq.literals()?;
        if literals.is_empty() || !literals.iter().all(|l| l.is_exact()) {
            return None;
        }
        let mut rests: Vec<&[u8]> = Vec::new();
        let every = literals.iter().all(|literal| {
            let bytes = literal.as_bytes();
            let before = rests.len();
            for word in words {
                for at in memchr::memmem::find_iter(bytes, word.as_bytes()) {
                    rests.extend(bytes.get(at + word.len()..));
                }
            }
            rests.len() > before
        });
        if !every {
            continue;
        }
        let after = parts.get(k..)?;
        rests.sort_unstable();
        rests.dedup();
        if after.is_empty() && rests.iter().all(|r| r.is_empty()) {
            return None;
        }
        let rest = Hir::alternation(rests.into_iter().map(Hir::literal).collect());
        return Some(Hir::concat(
            std::iter::once(rest).chain(after.iter().cloned()).collect(),
        ));
    }
    None
}

/// `parts`, each capture group and concatenation among them replaced by its parts: the
/// same concatenation.
fn opened(parts: &[Hir]) -> Vec<Hir> {
    fn open(hir: &Hir, out: &mut Vec<Hir>) {
        match hir.kind() {
            HirKind::Capture(c) => open(&c.sub, out),
            HirKind::Concat(parts) => parts.iter().for_each(|p| open(p, out)),
            _ => out.push(hir.clone()),
        }
    }
    let mut out = Vec::with_capacity(parts.len());
    parts.iter().for_each(|p| open(p, &mut out));
    out
}

/// Per walk of `reach`, its tail compiled for [`Reach::admits`]: matching either case, with
/// no repetition bounded above (`None`: no tail, or it did not compile).
fn tails_of(reach: &Reach) -> Vec<Option<Tail>> {
    let tail = |w: &Walk| {
        let hir = w.tail.as_ref()?;
        let regex = build_hir(&unbounded(&caseless(hir)), Tuning::Lean).ok()?;
        Some(Tail {
            regex,
            most: Part::of(hir),
            first: Starts::of(hir),
        })
    };
    reach.0.iter().map(tail).collect()
}

/// Whether every match of `hir` (lowercased) is one of `words`.
fn is_keyword(hir: &Hir, words: &[String]) -> bool {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    seq.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals
                .iter()
                .all(|l| l.is_exact() && words.iter().any(|w| w.as_bytes() == l.as_bytes()))
    })
}

/// `hir` (lowercased) matching either case of each ASCII letter: it matches every match
/// of the regex it was lowercased from.
fn caseless(hir: &Hir) -> Hir {
    // regex-syntax's ASCII case folding of a byte class: each letter in both cases.
    let folded = |mut class: ClassBytes| {
        class.case_fold_simple();
        Hir::class(Class::Bytes(class))
    };
    match hir.kind() {
        HirKind::Literal(l) => Hir::concat(
            l.0.iter()
                .map(|&b| folded(ClassBytes::new([ClassBytesRange::new(b, b)])))
                .collect(),
        ),
        HirKind::Class(Class::Bytes(c)) => folded(c.clone()),
        HirKind::Class(Class::Unicode(c)) => {
            let lower = ClassUnicode::new([ClassUnicodeRange::new('a', 'z')]);
            let mut shifted = c.clone();
            shifted.intersect(&lower);
            let mut class = c.clone();
            class.union(&ClassUnicode::new(shifted.iter().map(|r| {
                ClassUnicodeRange::new(r.start().to_ascii_uppercase(), r.end().to_ascii_uppercase())
            })));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(caseless(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(caseless(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(caseless).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(caseless).collect()),
    }
}

/// Whether every match of `hir` (lowercased) holds one of `words`.
fn holds(hir: &Hir, words: &[String]) -> bool {
    match hir.kind() {
        HirKind::Capture(c) => holds(&c.sub, words),
        HirKind::Alternation(alts) => alts.iter().all(|a| holds(a, words)),
        HirKind::Repetition(r) if r.min > 0 && holds(&r.sub, words) => true,
        HirKind::Concat(parts) => {
            parts.iter().any(|p| holds(p, words))
                || (0..parts.len()).any(|i| {
                    parts.get(i..).is_some_and(|rest| {
                        keyword_prefixes(&Hir::concat(rest.to_vec()), words).is_some()
                    })
                })
        }
        _ => keyword_prefixes(hir, words).is_some(),
    }
}

/// When every match of `hir` starts with one of a finite, non-empty set of literals that
/// each hold one of `words`: how far into a match a keyword has ended, at the most (the end
/// of the first keyword in each literal), and whether that lead is on one line.
fn keyword_prefixes(hir: &Hir, words: &[String]) -> Option<Part> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = seq.literals().filter(|l| !l.is_empty())?;
    let mut lead = Part {
        bytes: Some(0),
        lines: Some(0),
        alphabet: None,
    };
    for literal in literals {
        let bytes = literal.as_bytes();
        let end = words
            .iter()
            .filter_map(|w| Some(memchr::memmem::find(bytes, w.as_bytes())? + w.len()))
            .min()?;
        let lines = bytes
            .get(..end)
            .map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
        lead.bytes = lead.bytes.max(Some(end));
        lead.lines = lead.lines.max(Some(lines));
    }
    Some(lead)
}

/// The most newlines a match of `hir` can hold (`None`: no bound), counted in its literals
/// and classes.
fn newlines(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(memchr::memchr_iter(b'\n', &l.0).count()),
        HirKind::Class(Class::Bytes(c)) => Some(usize::from(
            c.iter().any(|r| (r.start()..=r.end()).contains(&b'\n')),
        )),
        HirKind::Class(Class::Unicode(c)) => Some(usize::from(
            c.iter().any(|r| (r.start()..=r.end()).contains(&'\n')),
        )),
        HirKind::Repetition(r) => match newlines(&r.sub)? {
            0 => Some(0),
            n => n.checked_mul(usize::try_from(r.max?).ok()?),
        },
        HirKind::Capture(c) => newlines(&c.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .try_fold(0usize, |n, p| n.checked_add(newlines(p)?)),
        HirKind::Alternation(alts) => alts
            .iter()
            .try_fold(0usize, |n, a| Some(n.max(newlines(a)?))),
    }
}

/// `hir` with no repetition bounded above (`X{m,n}` is `X{m,}`): a larger language, whose
/// automaton has no counters.
fn unbounded(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            max: None,
            sub: Box::new(unbounded(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(unbounded(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(unbounded).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(unbounded).collect()),
        _ => hir.clone(),
    }
}

/// `hir` matching the ASCII-lowercased forms of its matches: a match of `hir` holds a
/// keyword, ASCII case-insensitively, when the lowercased match holds it.
fn lowercase(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0.to_ascii_lowercase()),
        HirKind::Class(Class::Bytes(c)) => {
            // Each range as it is, less its upper-case letters, plus them shifted down.
            let upper = ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]);
            let mut shifted = c.clone();
            shifted.intersect(&upper);
            let shifted = ClassBytes::new(shifted.iter().map(|r| {
                ClassBytesRange::new(r.start().to_ascii_lowercase(), r.end().to_ascii_lowercase())
            }));
            let mut lower = c.clone();
            lower.difference(&upper);
            lower.union(&shifted);
            Hir::class(Class::Bytes(lower))
        }
        HirKind::Class(Class::Unicode(c)) => {
            let upper = ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]);
            let mut shifted = c.clone();
            shifted.intersect(&upper);
            let shifted = ClassUnicode::new(shifted.iter().map(|r| {
                ClassUnicodeRange::new(r.start().to_ascii_lowercase(), r.end().to_ascii_lowercase())
            }));
            let mut lower = c.clone();
            lower.difference(&upper);
            lower.union(&shifted);
            Hir::class(Class::Unicode(lower))
        }
        HirKind::Look(l) => Hir::look(*l),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(lowercase(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(lowercase(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(lowercase).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(lowercase).collect()),
    }
}

/// How many places an open-ended rule is searched at, one by one, in one text: a search
/// that finds no match may run to the text's end, so past this many, one search from the
/// next place on (as [`Scanner::scan`] does from the start) keeps the work linear.
const MAX_ANCHORED: usize = 64;

/// The places where a match of a rule with `reach` whose keyword hit is (start, end) may
/// start, inclusive of the range's end: from as far back as the parts before the keyword
/// reach, to the hit's start.
fn start_range(lines: &mut Lines<'_>, (start, end): (usize, usize), reach: &Reach) -> Range<usize> {
    let from = reach
        .0
        .iter()
        .map(|walk| back(lines, end, &walk.before))
        .min()
        .unwrap_or(start);
    from.min(start)..start
}

/// How far a run of an alphabet is looked for, in bytes: past it, a part's other bounds
/// stand. Every hit looks for its runs, and text made to hold one long run and a hit every
/// few bytes (`keykeykey…`) would otherwise be read again from each.
const RUN_MOST: usize = 256;

/// The longest window a tail is looked for in, from its hit's end, in bytes.
const TAIL_MOST: usize = 1024;

/// A part's newlines bound its reach only when its bytes allow more than this many: looking
/// for the lines costs more than the few bytes it may save.
const LINE_FROM: usize = 128;

/// How far back the parts `before` (nearest first) reach from `end`: a part that ends at or
/// after `lo` starts at or after `lo - bytes`, at most `lines` newlines before `lo`, and
/// within the run of its alphabet that reaches `lo`.
fn back(lines: &mut Lines<'_>, end: usize, before: &[Part]) -> usize {
    let mut lo = end;
    for part in before {
        // At the text's start no part reaches further; looking up its line would evict
        // the hit's line from `lines` (see [`forward`]).
        if lo == 0 {
            break;
        }
        let mut x = part.bytes.map_or(0, |b| lo.saturating_sub(b));
        if let Some(n) = part
            .lines
            .filter(|_| part.bytes.is_none_or(|b| b > LINE_FROM))
        {
            x = x.max(lines.back(lo, n));
        }
        if let Some(a) = &part.alphabet {
            x = a.run_start(lines.text, lo, x);
        }
        lo = x;
    }
    lo
}

/// How far forward the parts `after` (the anchor first) reach from a hit starting at
/// `start`: a part that starts at or before `hi` ends by `hi + bytes`, at most `lines`
/// newlines after `hi`, and within the run of its alphabet from `hi`.
fn forward(lines: &mut Lines<'_>, start: usize, after: &[Part]) -> usize {
    let text = lines.text;
    let mut hi = start;
    for part in after {
        // At the text's end no part reaches further. Looking up the (empty) line after a
        // final newline would evict the hit's line from `lines`: a rule reaching past its
        // hit's line (secrets.jwk-private-key) then read a one-line text again from each
        // hit (2.2 s for a 2.5 MB one-line JWK set with 20,000 `kty`, 27 ms without).
        if hi >= text.len() {
            break;
        }
        let mut x = part.bytes.map_or(text.len(), |b| hi.saturating_add(b));
        if let Some(n) = part
            .lines
            .filter(|_| part.bytes.is_none_or(|b| b > LINE_FROM))
        {
            x = x.min(lines.forward(hi, n));
        }
        x = x.min(text.len());
        if let Some(a) = &part.alphabet {
            x = a.run_end(text, hi, x);
        }
        hi = x;
    }
    hi
}

/// Sorts `out` and merges its overlapping (or, inclusive ends, touching) ranges.
fn merge(out: &mut Vec<Range<usize>>) {
    out.sort_unstable_by_key(|w| (w.start, w.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for w in out.drain(..) {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    *out = merged;
}

/// The window that holds every match of a rule with `reach` whose keyword hit inside its
/// anchor is (start, end).
fn window(lines: &mut Lines<'_>, (start, end): (usize, usize), reach: &Reach) -> Range<usize> {
    let (mut from, mut to) = (usize::MAX, 0);
    for walk in &reach.0 {
        from = from.min(back(lines, end, &walk.before));
        to = to.max(forward(lines, start, &walk.after));
    }
    from..to.max(from)
}

/// The lines of a text, remembering the last one found: hits come in text order, so a long
/// line is searched once, not once per hit.
struct Lines<'a> {
    text: &'a [u8],
    /// The last line found: from just after a newline (or the text's start) to the next
    /// newline (or the text's end); `None` before the first.
    line: Option<Range<usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Lines { text, line: None }
    }

    /// The first offset `s <= at` with at most `n` newlines in `text[s..at]`.
    fn back(&mut self, at: usize, n: usize) -> usize {
        // The first newline back is the one before the (remembered) line: a text without
        // one is not read again from every hit.
        let start = self.find(at).start;
        let (Some(more), Some(newline)) = (n.checked_sub(1), start.checked_sub(1)) else {
            return start;
        };
        let before = self.text.get(..newline).unwrap_or_default();
        memchr::memrchr_iter(b'\n', before)
            .nth(more)
            .map_or(0, |i| i + 1)
    }

    /// The last offset `e >= at` with at most `n` newlines in `text[at..e]`.
    fn forward(&mut self, at: usize, n: usize) -> usize {
        let end = self.find(at).end;
        let Some(more) = n.checked_sub(1).filter(|_| end < self.text.len()) else {
            return end;
        };
        let after = self.text.get(end + 1..).unwrap_or_default();
        memchr::memchr_iter(b'\n', after)
            .nth(more)
            .map_or(self.text.len(), |i| end + 1 + i)
    }

    /// The line holding offset `at` (`at` may be its end: the newline's offset).
    fn find(&mut self, at: usize) -> Range<usize> {
        if let Some(line) = &self.line
            && line.start <= at
            && at <= line.end
        {
            return line.clone();
        }
        let before = self.text.get(..at).unwrap_or(self.text);
        let after = self.text.get(at..).unwrap_or_default();
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', after).map_or(self.text.len(), |i| at + i);
        self.line = Some(start..end);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::engine::parse_hir;

    fn reach(pattern: &str, words: &[&str]) -> Option<Reach> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        reach_of(&parse_hir(pattern).unwrap(), &words)
    }

    fn walk(pattern: &str, words: &[&str]) -> Walk {
        let mut r = reach(pattern, words).unwrap();
        assert_eq!(r.0.len(), 1, "{r:?}");
        r.0.pop().unwrap()
    }

    /// The ranges `one` (a hit's [`window`], or its [`start_range`]) gives for each of
    /// `hits` in `text`, merged, as a scan searches them.
    fn spans(
        text: &[u8],
        hits: impl Iterator<Item = (usize, usize)>,
        reach: &Reach,
        one: fn(&mut Lines<'_>, (usize, usize), &Reach) -> Range<usize>,
        out: &mut Vec<Range<usize>>,
    ) {
        let mut lines = Lines::new(text);
        out.extend(hits.map(|hit| one(&mut lines, hit, reach)));
        merge(out);
    }

    fn part(bytes: Option<usize>, lines: usize) -> Part {
        Part {
            bytes,
            lines: Some(lines),
            alphabet: None,
        }
    }

    /// `parts` without their alphabets.
    fn bounds(parts: &[Part]) -> Vec<Part> {
        parts
            .iter()
            .map(|p| Part {
                alphabet: None,
                ..*p
            })
            .collect()
    }

    /// Every built-in rule runs in windows around its keywords: a rule whose regex has no
    /// keyword anchor, or an unbounded part before it, would run over every whole text
    /// its keyword occurs in (slow on large outputs).
    #[test]
    fn every_builtin_rule_runs_in_windows() {
        let set = crate::secrets::SecretRuleSet::builtin().unwrap();
        let whole: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| {
                let words: Vec<String> =
                    r.keywords.iter().map(|w| w.to_ascii_lowercase()).collect();
                reach_of(&parse_hir(&r.regex).unwrap(), &words).is_none()
            })
            .map(|r| r.id.as_str())
            .collect();
        // Imported from gitleaks or written before windows existed; none newer may join.
        assert_eq!(
            whole,
            [
                "secrets.airtable-personnal-access-token",
                "secrets.facebook-access-token",
                "secrets.kubernetes-secret-yaml",
                "secrets.sidekiq-sensitive-url",
                "secrets.slack-config-access-token",
                "secrets.slack-webhook-url",
                "secrets.sourcegraph-access-token",
                "secrets.password-in-prose",
            ]
        );
    }

    #[test]
    fn a_rule_run_on_a_whole_long_text_is_gated_by_its_long_gate_with_the_same_findings() {
        let w = WindowedScanner::builtin();
        let s = w.scanner();
        let i = s
            .ids()
            .position(|id| id == "secrets.facebook-access-token")
            .unwrap();
        // gitleaks' keyword (`facebook`) is anywhere in the text, the token far after it.
        let token = format!("{}|{}", "739201845562013", "FAKE0000qZ7xW2vR9tK4mN8pL3sJ6h");
        let filler = "the app posts to the page feed; 2024-05-01 12:00:01 ok\n";
        let text = format!(
            "facebook app\n{}app_token = {token}\n",
            filler.repeat(super::super::AUTOMATON_FROM / filler.len() + 1)
        );
        let found = w.scan(&text, None).unwrap();
        assert!(
            found.iter().any(|m| m.rule_id == s.entries[i].id()),
            "{found:?}"
        );
        assert_eq!(found, s.scan(&text, None).unwrap());
        let plan = w.plan(i).unwrap();
        assert!(plan.reach.is_none());
        assert!(plan.long_gate.get().is_some_and(Option::is_some));
        // A short text is gated by the lean gate alone.
        let short = format!("facebook app\napp_token = {token}\n");
        let other = WindowedScanner::builtin();
        assert_eq!(other.scan(&short, None).unwrap().len(), 1);
        assert!(other.plan(i).unwrap().long_gate.get().is_none());
    }

    /// Time of each built-in rule alone over the file `$HOOKKIT_RULE_TIMES`, slowest first.
    #[test]
    #[ignore = "a measurement: HOOKKIT_RULE_TIMES=FILE cargo test --release -- --ignored"]
    fn rule_times() {
        let Ok(path) = std::env::var("HOOKKIT_RULE_TIMES") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let set = crate::secrets::SecretRuleSet::builtin().unwrap();
        let mut times = Vec::new();
        for rule in &set.rules {
            let one = Scanner::new(vec![rule.clone()], set.allowlists.clone()).unwrap();
            let w = WindowedScanner::new(one);
            let t = std::time::Instant::now();
            let n = w.scan(&text, None).unwrap().len();
            times.push((t.elapsed(), rule.id.clone(), n));
        }
        times.sort();
        for (t, id, n) in times.iter().rev().take(25) {
            println!("{:>8.1} ms {id} ({n})", t.as_secs_f64() * 1e3);
        }
    }

    #[test]
    fn a_keyword_part_anchors_the_walk() {
        // gitleaks' generic rule: newlines only in bounded parts; the value is unbounded
        // but on one line.
        let w = walk(
            r#"(?i)[\w.-]{0,50}?(?:access|key|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|$)"#,
            &["access", "key", "token"],
        );
        assert_eq!(bounds(&w.before), vec![part(Some(6), 0), part(Some(50), 0)]);
        assert_eq!(
            bounds(&w.after),
            vec![
                part(Some(6), 0),
                part(Some(20), 0),
                part(Some(3), 3),
                part(Some(1), 0),
                part(Some(5), 5),
                part(None, 0),
                part(Some(1), 1),
            ]
        );
    }

    #[test]
    fn a_hit_without_the_byte_a_match_needs_after_it_opens_no_window() {
        // gitleaks' generic rule: after the keyword, at most 20 + 3 bytes, then an operator.
        let r = reach(
            r#"(?i)[\w.-]{0,50}?(?:access|key|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,1000})"#,
            &["access", "key", "token"],
        )
        .unwrap();
        let next = r.0.first().and_then(|w| w.next.clone()).unwrap();
        assert_eq!(
            next.within,
            6 + 20 + 3,
            "the anchor, then the two optional parts"
        );
        let marked: Vec<u8> = (0..=255u8)
            .filter(|b| next.first.0[usize::from(*b)])
            .collect();
        assert_eq!(marked, b",:=>?|");
        let prose = b"the token is refreshed every hour by the client library";
        assert!(!r.admits(&mut Lines::new(prose), (4, 7), &[]));
        let set = b"the TOKEN  :  abcdefghijkl";
        assert!(r.admits(&mut Lines::new(set), (4, 7), &[]));
        // The operator 29 bytes after the hit's start is still in reach; 30 is not.
        let far = |gap: usize| format!("token{}=x", " ".repeat(gap)).into_bytes();
        assert!(r.admits(&mut Lines::new(&far(24)), (0, 3), &[]));
        assert!(!r.admits(&mut Lines::new(&far(25)), (0, 3), &[]));
        // At the text's end no byte follows: no match.
        assert!(!r.admits(&mut Lines::new(b"token"), (0, 3), &[]));
    }

    #[test]
    fn first_bytes_of_parts() {
        let first = |pattern: &str| {
            let mut set = [false; 256];
            let empty = first_bytes(&parse_hir(pattern).unwrap(), &mut set);
            let bytes: Vec<u8> = (0..=255u8).filter(|b| set[usize::from(*b)]).collect();
            (bytes, empty)
        };
        assert_eq!(first(r"(?:ab|c)d"), (b"ac".to_vec(), false));
        assert_eq!(first(r"a?b"), (b"ab".to_vec(), false));
        assert_eq!(first(r"\bx*"), (b"x".to_vec(), true));
        let (bytes, empty) = first(r"(?u:é)");
        assert!(!empty && bytes.contains(&0xc3), "{bytes:?}");
    }

    #[test]
    fn each_alternative_gets_its_walk() {
        let r = reach(
            r"--password=(\S{4,80})|(?m:^)\w{0,9}pwd[ \t]*:[ \t]*(\S+)",
            &["pass", "pwd"],
        )
        .unwrap();
        assert_eq!(r.0.len(), 2, "{r:?}");
    }

    #[test]
    fn unbounded_before_the_keyword_or_keywordless_regexes_run_on_the_whole_text() {
        assert_eq!(
            reach(r"\s*token=\w+", &["token"]),
            None,
            "`\\s*` before the keyword crosses any number of lines"
        );
        assert_eq!(
            reach(r"[a-z]+=\d{4}", &["key"]),
            None,
            "no keyword in the regex"
        );
        assert_eq!(
            reach(r"(?:key|val)=\d{4}", &["key"]),
            None,
            "an alternative without one"
        );
        assert_eq!(
            reach(r"(?:key)?=\d{4}", &["key"]),
            None,
            "an optional keyword"
        );
    }

    #[test]
    fn an_unbounded_part_after_the_keyword_is_an_open_end() {
        let r = reach(r"token\s*=\s*\S+", &["token"]).unwrap();
        assert!(r.open_end(), "{r:?}");
        let r = reach(
            r"(?i)-----BEGIN[ A-Z]{0,20}KEY-----[\s\S]{8,}?-----END",
            &["-----begin"],
        );
        assert!(r.is_some_and(|r| r.open_end()));
        assert!(!reach(r"token=\w{1,9}", &["token"]).unwrap().open_end());
    }

    #[test]
    fn an_open_end_starts_where_the_parts_before_the_keyword_reach() {
        // Up to 3 bytes before the anchor `key=` (one literal), on its line.
        let r = reach(r"[a-z]{0,3}key=\w+", &["key"]).unwrap();
        let text = b"ab\nxkey=1 zzzzzkey=2";
        let mut out = Vec::new();
        spans(
            text,
            [(4, 7), (16, 19)].into_iter(),
            &r,
            start_range,
            &mut out,
        );
        assert_eq!(out, vec![3..4, 12..16]);
        // Overlapping ranges merge.
        out.clear();
        spans(
            text,
            [(15, 18), (16, 19)].into_iter(),
            &r,
            start_range,
            &mut out,
        );
        assert_eq!(out, vec![12..16]);
    }

    #[test]
    fn a_part_ends_with_the_run_of_the_bytes_it_is_made_of() {
        // `[ \t]*` may run to the line's end by its bounds: here it stops at the `=`, and
        // the value 8 bytes on; before the keyword, the word reaches back to the space.
        let r = reach(r"(?i)[a-z_]{0,20}token[ \t]*=[ \t]*\w{4,8}", &["token"]).unwrap();
        let text = b"log: my_Token   =  abcdefghij; and then a long line of prose";
        let mut out = Vec::new();
        spans(text, [(8, 13)].into_iter(), &r, window, &mut out);
        assert_eq!(out, vec![5..27]);
        assert_eq!(&text[5..27], b"my_Token   =  abcdefgh");
        // The same walk with no alphabets reaches the line's end.
        let loose = Reach(
            r.0.iter()
                .map(|w| Walk {
                    before: bounds(&w.before),
                    after: bounds(&w.after),
                    lead: None,
                    next: w.next.clone(),
                    tail: w.tail.clone(),
                })
                .collect(),
        );
        out.clear();
        spans(text, [(8, 13)].into_iter(), &loose, window, &mut out);
        assert_eq!(out, vec![0..text.len()]);
    }

    #[test]
    fn case_and_classes_are_compared_lowercased() {
        assert!(reach(r"(?-i:[Aa]pi|API)_\w{0,9}", &["api"]).is_some());
        assert!(reach(r"[Gg][Hh][Pp]_[A-Za-z0-9]{36}", &["ghp_"]).is_some());
        assert_eq!(reach(r"GHP_[A-Z]{36}", &["ghx_"]), None);
    }

    #[test]
    fn a_keyword_across_parts_gives_the_lead() {
        let words = ["pass", "pall", "pbss", "pbll"];
        let w = walk(r"(?:pa|pb)(?:ss|ll)=\d{1,3}", &words);
        assert_eq!(bounds(&w.before), vec![part(Some(4), 0)]);
    }

    #[test]
    fn windows_walk_the_parts_out_from_each_hit_and_merge() {
        let text = b"one\nxx key = abcdef\nthree key\nfour";
        let line = part(None, 0);
        // Up to a line's worth of word before the keyword, then the rest of its line.
        let r = Reach(vec![Walk {
            before: vec![part(Some(3), 0), line],
            after: vec![part(Some(3), 0), line],
            lead: None,
            next: None,
            tail: None,
        }]);
        let mut out = Vec::new();
        spans(text, [(7, 10)].into_iter(), &r, window, &mut out);
        assert_eq!(out, vec![4..19]);
        // Two bytes back; up to one newline forward, then the rest of that line.
        let r = Reach(vec![Walk {
            before: vec![part(Some(3), 0), part(Some(2), 0)],
            after: vec![part(Some(3), 0), part(Some(1), 1), line],
            lead: None,
            next: None,
            tail: None,
        }]);
        out.clear();
        spans(text, [(7, 10), (26, 29)].into_iter(), &r, window, &mut out);
        assert_eq!(out, vec![5..19, 24..34]);
        // A line and a half of newlines back: the line before.
        let r = Reach(vec![Walk {
            before: vec![part(Some(3), 0), part(None, 1)],
            after: vec![part(Some(3), 0)],
            lead: None,
            next: None,
            tail: None,
        }]);
        out.clear();
        spans(text, [(26, 29)].into_iter(), &r, window, &mut out);
        assert_eq!(out, vec![4..29]);
    }

    #[test]
    fn a_hit_its_keywords_tail_does_not_follow_opens_no_window() {
        // The common `\b` factored out, each alternative is a walk of its own, and its
        // anchor is a keyword: what follows it must follow the hit.
        let r = reach(
            r"(?i)\bidentified[ \t]+by[ \t]+'(\w{4,})'|\b(?:create|alter)[ \t]+user\b[^;\r\n]{0,100}?\bpassword[ \t]+'(\w{4,9})'",
            &["identified", "create", "alter"],
        )
        .unwrap();
        assert_eq!(r.0.len(), 2, "{r:?}");
        assert!(r.0.iter().all(|w| w.tail.is_some()), "{r:?}");
        let tails = tails_of(&r);
        let admits =
            |text: &[u8], hit: (usize, usize)| r.admits(&mut Lines::new(text), hit, &tails);
        assert!(!admits(b"CREATE TABLE users (password text);", (0, 6)));
        assert!(admits(b"CREATE USER bob WITH PASSWORD 'aaaaaaaa';", (0, 6)));
        assert!(admits(b"alter user bob password 'aaaaaaaa'", (0, 5)));
        assert!(admits(b"x IDENTIFIED BY 'aaaaaaaa'", (2, 12)));
        assert!(!admits(b"x identified with plugin", (2, 12)));
        // The tail looks no further than the window: the line's end, here.
        assert!(!admits(b"create user bob\npassword 'aaaaaaaa'", (0, 6)));
    }

    /// Whether `r` admits the hit of `word` at its first place in `text`.
    fn admits_at(r: &Reach, text: &str, word: &str) -> bool {
        let start = text.to_ascii_lowercase().find(word).unwrap();
        let tails = tails_of(r);
        r.admits(
            &mut Lines::new(text.as_bytes()),
            (start, start + word.len()),
            &tails,
        )
    }

    #[test]
    fn a_tail_that_cannot_be_empty_is_told_by_the_byte_after_the_hit() {
        let r = reach(
            r#"(?i)\b(?:password|pass)\b[ \t]*=[ \t]*"(\w{3,40})""#,
            &["pass"],
        )
        .unwrap();
        let tails = tails_of(&r);
        let [Some(tail)] = tails.as_slice() else {
            panic!("one walk with a tail: {r:?}");
        };
        let first: Vec<u8> = (0..=255u8)
            .filter(|b| tail.first.as_ref().is_some_and(|f| f.0[usize::from(*b)]))
            .collect();
        // `word`, or nothing and then `[ \t]*=` (the `\b` takes no byte).
        assert_eq!(first, b"\t =w");
        let after = |text: &str| tail.may_start(text.as_bytes(), "pass".len());
        assert!(after("passWORD"));
        assert!(after("pass\t="));
        assert!(!after("passed"));
        assert!(!after("pass"), "the text's end");
        // A tail that may be empty tells nothing from one byte.
        let r = reach(r"(?i)\b(?:token|tok)\b([0-9a-f]{8})?", &["tok"]).unwrap();
        let tails = tails_of(&r);
        assert_eq!(tails.iter().flatten().count(), 1, "{r:?}");
        assert!(tails.iter().flatten().all(|t| t.first.is_none()), "{r:?}");
        assert!(tails.iter().flatten().all(|t| t.may_start(b"tok", 3)));
    }

    #[test]
    fn a_keyword_inside_a_longer_literal_is_followed_by_the_rest_of_it() {
        let r = reach(
            r#"(?i)\b(?:password|passwd|pass|pwd)\b[ \t]*=[ \t]*"(\w{3,40})""#,
            &["pass", "pwd"],
        )
        .unwrap();
        assert!(r.0.iter().all(|w| w.tail.is_some()), "{r:?}");
        // Put together here: this file is scanned for secrets too.
        let assigned = |name: &str| format!("{name} = \"{}\"", "ab".repeat(2));
        assert!(admits_at(&r, &assigned("PASSWORD"), "pass"));
        assert!(admits_at(&r, &assigned("x passwd"), "pass"));
        assert!(admits_at(&r, &assigned("pwd"), "pwd"));
        assert!(!admits_at(&r, "the tests passed", "pass"));
        assert!(!admits_at(&r, "password: abcd", "pass"));
        assert!(!admits_at(&r, &assigned("passport"), "pass"));
    }

    #[test]
    fn a_keyword_that_ends_inside_a_group_is_followed_by_the_rest_of_the_group() {
        // `(live|test)_` holds the keywords `live_` and `test_`; the hex follows them.
        let r = reach(
            r"(?i)lob[ \t]*=[ \t]*((live|test)_[a-f0-9]{35})\b",
            &["live_", "test_"],
        )
        .unwrap();
        assert!(r.0.iter().all(|w| w.tail.is_some()), "{r:?}");
        let key = format!("lob = test_{}", "0a".repeat(17) + "f");
        assert!(admits_at(&r, &key, "test_"));
        assert!(!admits_at(&r, "lob = test_helper_0a0a", "test_"));
        // The rest of the group must be there in full.
        assert!(!admits_at(&r, "lob = live_0a0a0a", "live_"));
    }

    #[test]
    fn each_alternative_of_a_group_is_a_walk_with_its_own_tail() {
        let r = reach(
            r"\b((?:hvs\.[\w-]{90,120}|s\.(?i:[a-z0-9]{24})))(?:['\s;]|$)",
            &["hvs.", "s."],
        )
        .unwrap();
        assert_eq!(r.0.len(), 2, "{r:?}");
        assert!(r.0.iter().all(|w| w.tail.is_some()), "{r:?}");
        let token = format!("VAULT_TOKEN=s.{}", "aB3".repeat(8));
        assert!(admits_at(&r, &token, "s."));
        assert!(!admits_at(&r, "see s.th else", "s."));
        assert!(!admits_at(&r, &format!("{token}-x"), "s."));
    }

    #[test]
    fn the_gate_drops_upper_bounds_only() {
        let hir = parse_hir(r"a{0,50}?(b{2,9}|c)d{3}").unwrap();
        assert_eq!(
            unbounded(&hir).to_string(),
            parse_hir(r"a*?(b{2,}|c)d{3,}").unwrap().to_string()
        );
    }
}
