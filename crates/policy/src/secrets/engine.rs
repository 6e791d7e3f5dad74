//! The scanner: a keyword prefilter picks the rules whose keywords occur in the text; only
//! those rules are parsed (built-in rules are embedded one by one as JSON, see build.rs)
//! and their regexes compiled (once per process, on first use) and run; each match is
//! then checked for entropy, placeholders and allowlists, which are compiled only when a
//! match needs them.
//!
//! The prefilter costs nothing to build for a hook's short texts: a bitset of the byte
//! pairs that start a keyword, checked at every position (about ten instructions a byte).
//! Texts longer than [`AUTOMATON_FROM`] are searched with an Aho-Corasick DFA instead,
//! built once; both find the same keywords.

use super::disjoint::Disjoint;
use super::mask::{digest, mask};
use super::model::{Allowlist, Condition, RegexTarget, SecretRule};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, PatternID, Span};
use regex_syntax::hir::Hir;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The secret rules embedded by build.rs one by one (`SECRET_RULES`, `SECRET_ALLOWLISTS`).
mod embedded {
    use crate::blob::{List, Str};
    include!(concat!(env!("OUT_DIR"), "/embedded_secrets.rs"));
}

mod hits;
mod keyword_index;
mod memo;
mod window;
use keyword_index::KeywordIndex;
pub use memo::ScanMemo;
pub use window::WindowedScanner;

/// From this text length in bytes on, keywords are searched with an Aho-Corasick DFA
/// (a few million instructions to build once, then about a byte per instruction) rather
/// than the byte-pair bitset.
pub const AUTOMATON_FROM: usize = 256 * 1024;

/// Spans shorter than this (1 KiB) are searched without a lazy DFA ([`Tuning::Tiny`]). A
/// rule with counted repetitions (gitleaks' generic rule: `[\w.-]{0,50}?`, `{10,150}`)
/// makes its lazy DFA build new states on nearly every byte of a window it has not seen
/// before, and a window around a keyword is some dozens of bytes: there the bounded
/// backtracker, or else the PikeVM, finds the same matches for less. Measured with callgrind
/// on the AWS agent toolkit's skill-lint run, findings identical: 926 M instructions with the
/// lazy DFA everywhere, 876 M under 64 bytes, 853 M under 256, 850 M under 1,024, 851 M
/// under 4,096.
pub(crate) const TINY_BELOW: usize = 1024;

/// The most keyword occurrences kept for one text (about 24 MiB of them, and as much
/// again per rule they enable). Ordinary output holds about one in a hundred bytes; a text
/// with more (a keyword every few bytes over megabytes, as an output made to exhaust the
/// guard's memory would be) is scanned without them: each rule's regex over the whole
/// text ([`Scanner::scan`]), with the same findings, in memory that does not grow with the
/// hits (the deadline answers one too slow).
pub(crate) const MOST_HITS: usize = 1 << 20;

/// The largest compiled program of one rule's regex, in bytes (gitleaks' generic rule
/// needs a few MB with Unicode classes).
const REGEX_SIZE_LIMIT: usize = 32 << 20;

/// One secret found in a text. Holds the secret's location, never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// The rule that found it.
    pub rule_id: String,
    /// Byte range of the secret in the text.
    pub start: usize,
    /// One past the secret's last byte.
    pub end: usize,
    /// Byte range of the whole match (the secret and its context, `token = "…"`).
    pub match_start: usize,
    /// One past the match's last byte.
    pub match_end: usize,
    /// [`mask`] of the secret.
    pub masked: String,
    /// [`digest`] of the secret.
    pub digest: String,
}

impl SecretMatch {
    /// The 1-based line and column (in characters) of the secret in `text`.
    pub fn line_column(&self, text: &str) -> (usize, usize) {
        crate::error::line_column(text, self.start)
    }
}

/// How a regex is compiled. Both find the same matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tuning {
    /// For short texts (a hook's input, an allowlist's target): no literal prefilter and
    /// no one-pass or full DFA, whose construction costs several times the rest (millions of
    /// instructions for gitleaks' generic rule); the lazy DFA does the search.
    Lean,
    /// For the shortest spans (under [`TINY_BELOW`] bytes): as [`Tuning::Lean`], without
    /// the lazy DFA either.
    Tiny,
    /// For long texts (from [`AUTOMATON_FROM`] bytes): everything the regex crate builds,
    /// literal prefilters included, for throughput.
    Full,
}

/// Compile `pattern` over bytes with ASCII classes (`\w`, `\b`, `(?i)` on ASCII only):
/// credentials are ASCII, and Unicode classes in counted repetitions (`[\w-]{50,1000}`)
/// compile to programs hundreds of times larger. A pattern that needs Unicode (`\p{…}`)
/// is compiled with it. Same syntax and match semantics as `regex::bytes::Regex`.
fn build_tuned(pattern: &str, tuning: Tuning) -> Result<Regex, String> {
    build_ascii(&[pattern], tuning)
        .or_else(|_| compile(&[pattern], tuning, true))
        .map_err(|e| format!("regex `{pattern}` does not compile: {e}"))
}

/// `patterns` compiled as one regex over bytes with ASCII classes, as [`build_tuned`]
/// compiles one: a match of any is a match (one pass over a text, not one per pattern).
///
/// # Errors
/// A pattern that does not compile, or needs Unicode.
fn build_ascii(patterns: &[&str], tuning: Tuning) -> Result<Regex, String> {
    compile(patterns, tuning, false)
}

/// `patterns` compiled as one regex over bytes, with Unicode classes or ASCII ones.
fn compile(patterns: &[&str], tuning: Tuning, unicode: bool) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(meta_config(tuning))
        .syntax(syntax::Config::new().unicode(unicode).utf8(false))
        .build_many(patterns)
        .map_err(|e| e.to_string())
}

/// `hir` (a pattern parsed as [`parse_hir`] parses it, or built from one) compiled as
/// [`build_tuned`] compiles the pattern.
///
/// # Errors
/// The regex does not compile (too large).
fn build_hir(hir: &Hir, tuning: Tuning) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(meta_config(tuning))
        .build_from_hir(hir)
        .map_err(|e| e.to_string())
}

/// The regex engine's configuration for `tuning`.
fn meta_config(tuning: Tuning) -> meta::Config {
    let config = meta::Config::new()
        .utf8_empty(false)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT));
    match tuning {
        Tuning::Lean => config.auto_prefilter(false).onepass(false).dfa(false),
        Tuning::Tiny => meta_config(Tuning::Lean).hybrid(false),
        Tuning::Full => config,
    }
}

/// [`build_tuned`] for short texts.
fn build(pattern: &str) -> Result<Regex, String> {
    build_tuned(pattern, Tuning::Lean)
}

/// Regexes asked together whether any matches, compiled on first use: as one regex when
/// they compile as one ([`build_ascii`]: a text read once, and one build's fixed cost
/// rather than one per regex: gitleaks' file-wide allowlist has 13), else one by one.
struct LazySet {
    patterns: Vec<String>,
    compiled: OnceLock<Result<Vec<Regex>, String>>,
}

impl LazySet {
    fn new(patterns: Vec<String>) -> LazySet {
        LazySet {
            patterns,
            compiled: OnceLock::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The compiled regexes: one for all, or one per pattern.
    ///
    /// # Errors
    /// A pattern that does not compile, named.
    fn get(&self) -> Result<&[Regex], String> {
        self.compiled
            .get_or_init(|| {
                let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
                match build_ascii(&patterns, Tuning::Lean) {
                    Ok(all) => Ok(vec![all]),
                    Err(_) => patterns.iter().map(|p| build(p)).collect(),
                }
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// Whether one of the regexes matches `text`.
    fn is_match(&self, text: &str) -> Result<bool, String> {
        Ok(self.get()?.iter().any(|r| r.is_match(text.as_bytes())))
    }
}

/// An allowlist whose regexes are compiled one by one, when a match reaches them.
struct CompiledAllowlist {
    condition: Condition,
    target: RegexTarget,
    regexes: LazySet,
    stopwords: Stopwords,
    paths: LazySet,
}

/// An allowlist's stopwords, lowercase, indexed by their first two bytes: a secret is
/// checked against the few words that start with the two bytes at each of its positions,
/// not against every word (gitleaks' generic rule has some 1,500: one `str::contains` of
/// each took 15.6 M of the 542 M instructions of a 10 MiB tool output's scan).
#[derive(Default)]
struct Stopwords {
    /// The words of two bytes or more, by their first two bytes, sorted.
    by_pair: Vec<([u8; 2], String)>,
    /// The words shorter than that.
    short: Vec<String>,
}

impl Stopwords {
    /// The stopwords `words`, lowercased.
    fn new(words: &[String]) -> Stopwords {
        let mut set = Stopwords::default();
        for word in words.iter().map(|w| w.to_ascii_lowercase()) {
            match word.as_bytes() {
                [a, b, ..] => set.by_pair.push(([*a, *b], word)),
                _ => set.short.push(word),
            }
        }
        set.by_pair.sort_unstable();
        set
    }

    fn is_empty(&self) -> bool {
        self.by_pair.is_empty() && self.short.is_empty()
    }

    /// Whether `lower` (lowercase) holds one of the words: `str::contains` of each.
    fn found_in(&self, lower: &str) -> bool {
        let bytes = lower.as_bytes();
        self.short.iter().any(|w| lower.contains(w.as_str()))
            || bytes.windows(2).enumerate().any(|(i, pair)| {
                let from = self.by_pair.partition_point(|(p, _)| p.as_slice() < pair);
                let rest = bytes.get(i..).unwrap_or_default();
                self.by_pair
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(p, _)| p.as_slice() == pair)
                    .any(|(_, w)| rest.starts_with(w.as_bytes()))
            })
    }
}

impl CompiledAllowlist {
    fn new(a: &Allowlist) -> Result<Self, String> {
        Ok(CompiledAllowlist {
            condition: a.condition,
            target: a.regex_target,
            regexes: LazySet::new(a.regexes.clone()),
            stopwords: Stopwords::new(&a.stopwords),
            paths: LazySet::new(a.paths.clone()),
        })
    }

    /// Compile every regex now (validation).
    fn force(&self) -> Result<(), String> {
        self.regexes.get()?;
        self.paths.get()?;
        Ok(())
    }

    /// Does this allowlist allow a match? `secret`, the whole match, its line, the path.
    /// The cheap checks (stopwords, paths) go first, and evaluation stops as soon as the
    /// answer is known, so most allowlists' regexes are never compiled.
    fn allows(
        &self,
        secret: &str,
        whole: &str,
        line: &str,
        path: Option<&str>,
    ) -> Result<bool, String> {
        let target = match self.target {
            RegexTarget::Secret => secret,
            RegexTarget::Match => whole,
            RegexTarget::Line => line,
        };
        let stop = (!self.stopwords.is_empty()).then(|| {
            let lower = secret.to_ascii_lowercase();
            self.stopwords.found_in(&lower)
        });
        let and = self.condition == Condition::And;
        let mut any_set = false;
        if let Some(hit) = stop {
            any_set = true;
            if hit != and {
                return Ok(hit);
            }
        }
        if !self.paths.is_empty() {
            any_set = true;
            let hit = match path {
                Some(p) => self.paths.is_match(p)?,
                None => false,
            };
            if hit != and {
                return Ok(hit);
            }
        }
        if !self.regexes.is_empty() {
            any_set = true;
            let hit = self.regexes.is_match(target)?;
            if hit != and {
                return Ok(hit);
            }
        }
        // Or: nothing allowed it. And: every check that is set allowed it.
        Ok(and && any_set)
    }
}

/// A rule's regex tuned for long texts, and a finder for the literals every match of it
/// begins with, when there are such literals.
///
/// Why the finder: the regex engine finds where a match ends with a forward search, then
/// where it starts with a reverse search, which for a leftmost-first match must go back as
/// far as an earlier start could be. For gitleaks' private-key rule (`-----BEGIN …
/// [\s\S-]{64,}? …`) that is the start of the text: 13 ms for a key 7.5 MB into a 10 MB
/// output. No match can start before the first occurrence of one of its prefix literals,
/// so the search starts there, with the text before it still visible to look-around: the
/// same matches, found without the long reverse scan.
struct LongRegex {
    regex: Regex,
    prefixes: Option<AhoCorasick>,
}

/// `pattern` parsed as [`build_tuned`] compiles it: over bytes, with ASCII classes unless
/// the pattern needs Unicode.
///
/// # Errors
/// The pattern does not parse either way.
pub(crate) fn parse_hir(pattern: &str) -> Result<Hir, String> {
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(false)
            .build()
            .parse(pattern)
            .map_err(|e| format!("regex `{pattern}` does not parse: {e}"))
    };
    parse(false).or_else(|_| parse(true))
}

/// A finder for the literals every match of `hir` (a pattern parsed as [`build_tuned`]
/// compiles it) begins with (regex-syntax's prefix extraction), or `None` when the prefixes
/// are not a finite set of non-empty literals.
fn prefix_finder(hir: &Hir) -> Option<AhoCorasick> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = prefixes.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .build(literals.iter().map(|l| l.as_bytes()))
        .ok()
}

/// One rule of a [`Scanner`]: parsed already, or (built-in rules) its JSON, parsed on
/// first use.
struct Entry {
    origin: Origin,
    /// What is parsed and compiled of the rule, on first use. Boxed: a hook's scanner holds
    /// an entry per rule and uses a few, and at 1,248 bytes an entry (a lazy DFA inline)
    /// they were about 100 fresh pages to fault in per call.
    built: OnceLock<Box<Built>>,
}

/// Where a rule [`Entry`] comes from: its place in build.rs's table of built-in rules
/// (`embedded::SECRET_RULES`: its id and JSON are read there, not copied into each of a
/// hook's 700-odd entries), or the id of a rule given parsed.
enum Origin {
    Embedded(u32),
    Given(Box<str>),
}

/// The parts of a rule [`Entry`] builds, each on first use.
#[derive(Default)]
struct Built {
    rule: OnceLock<Result<SecretRule, String>>,
    /// The rule's regex parsed ([`parse_hir`]), once for its compiled forms and its
    /// windows' plan ([`window`]): parsing gitleaks' patterns cost about 200 K
    /// instructions each, every time.
    hir: OnceLock<Result<Hir, String>>,
    /// The regex tuned for short texts, compiled on the first short text.
    lean: OnceLock<Result<Regex, String>>,
    /// The regex tuned for the shortest spans, compiled on the first one.
    tiny: OnceLock<Result<Regex, String>>,
    /// The regex of the rule's `path` condition, compiled on first use: apart from the
    /// rule's own, since a long text never needs the short texts' regex.
    path: OnceLock<Result<Option<Regex>, String>>,
    /// The regex tuned for long texts, compiled on the first long text.
    full: OnceLock<Result<LongRegex, String>>,
    allowlists: OnceLock<Result<Vec<CompiledAllowlist>, String>>,
    /// For streamed scans: the regex of the rule's prefix language, and its lazy DFA.
    streaming: OnceLock<Result<Streaming, String>>,
}

/// What a streamed scan needs of a rule beyond its regex ([`super::stream`]).
pub(crate) struct Streaming {
    /// Matches `text[s..p]` (to the end of the haystack) when a match from `s` could
    /// extend past `p` ([`super::prefix`]).
    pub(crate) alive: Regex,
    /// The rule's leftmost-first lazy DFA, for anchored searches; `None` when the pattern
    /// has no such DFA (then no match counts as ended early).
    pub(crate) dfa: Option<regex_automata::hybrid::dfa::DFA>,
}

impl Entry {
    /// The entry for `rule`, given parsed.
    fn parsed(rule: SecretRule) -> Entry {
        let origin = Origin::Given(rule.id.as_str().into());
        let built = Built {
            rule: OnceLock::from(Ok(rule)),
            ..Built::default()
        };
        Entry {
            origin,
            built: OnceLock::from(Box::new(built)),
        }
    }

    /// The built-in rule `i` of `embedded::SECRET_RULES`, parsed on first use.
    fn embedded(i: u32) -> Entry {
        Entry {
            origin: Origin::Embedded(i),
            built: OnceLock::new(),
        }
    }

    /// The rule's id, without parsing it.
    fn id(&self) -> &str {
        match &self.origin {
            Origin::Embedded(i) => embedded::SECRET_RULES
                .get(*i as usize)
                .map_or("", |&(_, id, _)| embedded::BLOB.str(id)),
            Origin::Given(id) => id,
        }
    }

    /// A built-in rule's file (relative to `rules/`) and JSON.
    fn json(&self) -> Option<(&'static str, &'static str)> {
        let Origin::Embedded(i) = self.origin else {
            return None;
        };
        let &(file, _, json) = embedded::SECRET_RULES.get(i as usize)?;
        Some((embedded::BLOB.str(file), embedded::BLOB.str(json)))
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(Box::default)
    }

    fn rule(&self) -> Result<&SecretRule, String> {
        self.built()
            .rule
            .get_or_init(|| {
                let Some((file, json)) = self.json() else {
                    return Err(format!("rule `{}` has no definition", self.id()));
                };
                let mut rule: SecretRule = serde_json::from_str(json)
                    .map_err(|e| format!("rule `{}` in {file}: {e}", self.id()))?;
                rule.source = Some(PathBuf::from("crates/policy/rules").join(file));
                Ok(rule)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn lean(&self) -> Result<&Regex, String> {
        self.tuned(&self.built().lean, Tuning::Lean)
    }

    /// The rule's regex parsed, on first use.
    fn hir(&self) -> Result<&Hir, String> {
        let rule = self.rule()?;
        self.built()
            .hir
            .get_or_init(|| parse_hir(&rule.regex))
            .as_ref()
            .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }

    /// The rule's regex tuned as `tuning` says, compiled into `slot` on first use.
    fn tuned<'a>(
        &self,
        slot: &'a OnceLock<Result<Regex, String>>,
        tuning: Tuning,
    ) -> Result<&'a Regex, String> {
        let rule = self.rule()?;
        slot.get_or_init(|| self.compiled(tuning))
            .as_ref()
            .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }

    /// [`build_tuned`] of the rule's regex, from its parse: the same regex.
    fn compiled(&self, tuning: Tuning) -> Result<Regex, String> {
        let rule = self.rule()?;
        let parsed = self.hir().ok().and_then(|hir| build_hir(hir, tuning).ok());
        // What did not compile from its parse fails (or needs Unicode) as a pattern too.
        parsed.map_or_else(|| build_tuned(&rule.regex, tuning), Ok)
    }

    fn path(&self) -> Result<Option<&Regex>, String> {
        let rule = self.rule()?;
        self.built()
            .path
            .get_or_init(|| rule.path.as_deref().map(build).transpose())
            .as_ref()
            .map(Option::as_ref)
            .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }

    /// The rule's regex for a search of `span` of `text`, and the byte offset (from
    /// `span.start` on) before which no match of it can start (`None`: the regex cannot
    /// match `text[span.start..]` at all). The tuning follows the span, not the text: a
    /// window around a keyword in a long text is searched as a short text is (building
    /// the long texts' regexes for the windows of a 10 MiB log took 3% of its scan).
    fn regex(
        &self,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Result<(&Regex, Option<usize>), String> {
        let from = span.start;
        if span.len() < TINY_BELOW {
            return Ok((self.tuned(&self.built().tiny, Tuning::Tiny)?, Some(from)));
        }
        if span.len() < AUTOMATON_FROM {
            return Ok((self.lean()?, Some(from)));
        }
        let rule = self.rule()?;
        let long = self
            .built()
            .full
            .get_or_init(|| {
                Ok(LongRegex {
                    regex: self.compiled(Tuning::Full)?,
                    prefixes: self.hir().ok().and_then(prefix_finder),
                })
            })
            .as_ref()
            .map_err(|e| format!("rule `{}`: {e}", rule.id))?;
        let start = match &long.prefixes {
            Some(ac) => text
                .as_bytes()
                .get(from..)
                .and_then(|rest| ac.find(rest))
                .map(|m| from + m.start()),
            None => Some(from),
        };
        Ok((&long.regex, start))
    }

    fn allowlists(&self) -> Result<&[CompiledAllowlist], String> {
        let rule = self.rule()?;
        self.built()
            .allowlists
            .get_or_init(|| rule.allowlist.iter().map(CompiledAllowlist::new).collect())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }
}

/// The keywords of a [`Keywords`]: the built-in rules' list where build.rs put it (read in
/// place: a copy of its 1,000-odd strings cost a hook call six fresh heap pages), or a
/// loaded rule set's own.
enum Words {
    Embedded(crate::blob::List),
    Owned(Vec<String>),
}

impl Words {
    fn len(&self) -> usize {
        match self {
            Words::Embedded(list) => list.1 as usize,
            Words::Owned(words) => words.len(),
        }
    }

    /// Keyword `k`.
    fn get(&self, k: usize) -> Option<&str> {
        match self {
            Words::Embedded(list) => embedded::BLOB.item(*list, k),
            Words::Owned(words) => words.get(k).map(String::as_str),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|k| self.get(k))
    }
}

/// The keyword prefilter: which keywords occur in a text (ASCII case-insensitive). The
/// built-in rules' index is embedded by build.rs ([`keyword_index`]); only its automaton
/// is built at run time, and only for a long text.
struct Keywords {
    /// Unique lowercased keywords.
    words: Words,
    /// The rules each keyword enables, one keyword after another: keyword `k`'s are
    /// `rules[ends[k - 1]..ends[k]]`.
    rules: Cow<'static, [u32]>,
    ends: Cow<'static, [u32]>,
    /// (first two bytes, first in the high half; keyword), sorted by the pair.
    by_pair: Cow<'static, [(u16, u32)]>,
    /// One bit per lowercased byte pair (pair `p`: bit `p % 64` of word `p / 64`), set
    /// when some keyword starts with it.
    starts: Cow<'static, [u64]>,
    /// The automaton for long texts, built on first use.
    automaton: OnceLock<Result<DFA, String>>,
}

impl Keywords {
    /// The keywords of the built-in rules, as build.rs indexed them.
    fn builtin() -> Keywords {
        Keywords {
            words: Words::Embedded(embedded::KEYWORDS),
            rules: Cow::Borrowed(embedded::KEYWORD_RULES),
            ends: Cow::Borrowed(embedded::KEYWORD_ENDS),
            by_pair: Cow::Borrowed(embedded::KEYWORD_BY_PAIR),
            starts: Cow::Borrowed(embedded::KEYWORD_STARTS),
            automaton: OnceLock::new(),
        }
    }

    /// The keywords of `index`.
    fn of(index: &KeywordIndex) -> Keywords {
        let (rules, ends) = index.flat_rules();
        Keywords {
            words: Words::Owned(index.words.clone()),
            rules: Cow::Owned(rules),
            ends: Cow::Owned(ends),
            by_pair: Cow::Owned(index.by_pair.clone()),
            starts: Cow::Owned(index.starts()),
            automaton: OnceLock::new(),
        }
    }

    /// The rules keyword `k` enables.
    fn rules_of(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        let start = k.checked_sub(1).and_then(|p| self.ends.get(p)).copied();
        let end = self.ends.get(k).copied().unwrap_or(0);
        self.rules
            .get(start.unwrap_or(0) as usize..end as usize)
            .unwrap_or_default()
            .iter()
            .map(|&i| i as usize)
    }

    /// Every occurrence of every keyword in `text` (ASCII case-insensitive, overlapping
    /// ones included), as (start, end, keyword index), in order of their ends, or `None`
    /// when there are more than `most`: walked with the keywords' Aho-Corasick DFA (see
    /// [`hits`]).
    fn hits(&self, text: &[u8], most: usize) -> Result<Option<hits::Hits>, String> {
        hits::every_hit(self.automaton()?, text, most)
    }

    /// Set `found[k]` for every keyword `k` occurring in `text`, keeping nothing else: one
    /// walk of the automaton, for a text with more hits than [`MOST_HITS`].
    fn flags(&self, text: &[u8], found: &mut [bool]) -> Result<(), String> {
        hits::each_pattern(self.automaton()?, text, found)
    }

    /// The keywords' Aho-Corasick DFA, built on first use.
    fn automaton(&self) -> Result<&DFA, String> {
        self.automaton
            .get_or_init(|| {
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .prefilter(false)
                    .build(self.words.iter().map(|w| w.as_bytes()))
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Set `found[k]` for every keyword `k` occurring in `text`.
    fn search(&self, text: &[u8], found: &mut [bool]) -> Result<(), String> {
        if text.len() >= AUTOMATON_FROM {
            // Four walks at once (about twice as fast), unless the hits are too many to
            // keep: then one walk that keeps nothing.
            let Some(hits) = self.hits(text, MOST_HITS)? else {
                return self.flags(text, found);
            };
            for (_, _, k) in hits.iter() {
                if let Some(f) = found.get_mut(k) {
                    *f = true;
                }
            }
            return Ok(());
        }
        for (i, w) in text.windows(2).enumerate() {
            let pair = usize::from(w[0].to_ascii_lowercase()) << 8
                | usize::from(w[1].to_ascii_lowercase());
            if self
                .starts
                .get(pair / 64)
                .is_none_or(|w| w >> (pair % 64) & 1 == 0)
            {
                continue;
            }
            let from = self
                .by_pair
                .partition_point(|(p, _)| usize::from(*p) < pair);
            let rest = text.get(i..).unwrap_or_default();
            for &(p, k) in self.by_pair.get(from..).unwrap_or_default() {
                if usize::from(p) != pair {
                    break;
                }
                let k = k as usize;
                let (Some(word), Some(f)) = (self.words.get(k), found.get_mut(k)) else {
                    continue;
                };
                if !*f
                    && rest
                        .get(..word.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(word.as_bytes()))
                {
                    *f = true;
                }
            }
        }
        Ok(())
    }
}

/// A part of a scan that looks at a file's path: rule `.0`'s `path` condition (`.1` is
/// `None`), or the `paths` of its allowlist `.1`.
type PathPart = (usize, Option<usize>);

/// A loaded set of secret rules, ready to scan. Cheap to build: nothing is compiled or
/// (for the built-in rules) parsed until a text's keywords call for it.
pub struct Scanner {
    entries: Vec<Entry>,
    /// Every rule parsed, for [`Scanner::rules`].
    all: OnceLock<Vec<SecretRule>>,
    /// The file-wide allowlists as JSON (built-in) and as given.
    global_json: Vec<(&'static str, &'static str)>,
    global_given: Vec<Allowlist>,
    global_compiled: OnceLock<Result<Vec<CompiledAllowlist>, String>>,
    /// The rules with a `path` condition, and each of their allowlists with `paths` (rule
    /// index, allowlist index): all of a scan that looks at a file's path, for
    /// [`Scanner::path_facts`].
    path_parts: OnceLock<Result<Vec<PathPart>, String>>,
    keywords: Keywords,
    /// Rules without keywords (or with a one-byte keyword): always run.
    always: Vec<usize>,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.entries.len())
            .finish()
    }
}

impl Scanner {
    /// A scanner for `rules` with the file-wide allowlists `global`.
    ///
    /// # Errors
    /// None today; kept for rule sets whose index cannot be built.
    pub fn new(rules: Vec<SecretRule>, global: Vec<Allowlist>) -> Result<Scanner, String> {
        let keywords: Vec<Vec<String>> = rules
            .iter()
            .map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()).collect())
            .collect();
        let index = KeywordIndex::new(&keywords);
        let entries = rules.into_iter().map(Entry::parsed).collect();
        let always = index.always.iter().map(|&i| i as usize).collect();
        Ok(Self::assemble(
            entries,
            Keywords::of(&index),
            always,
            Vec::new(),
            global,
        ))
    }

    /// The rules compiled into hookkit (`crates/policy/rules/secrets/`), each parsed only
    /// when a text's keywords call for it: what a hook uses. Their keyword index is
    /// build.rs's.
    pub fn builtin() -> Scanner {
        let blob = &embedded::BLOB;
        // An exact length: the vector is allocated once, not grown.
        let rules = u32::try_from(embedded::SECRET_RULES.len()).unwrap_or(u32::MAX);
        let entries = (0..rules).map(Entry::embedded).collect();
        let global_json = embedded::SECRET_ALLOWLISTS
            .iter()
            .map(|&(file, json)| (blob.str(file), blob.str(json)))
            .collect();
        let always = embedded::ALWAYS.iter().map(|&i| i as usize).collect();
        Self::assemble(
            entries,
            Keywords::builtin(),
            always,
            global_json,
            Vec::new(),
        )
    }

    /// A scanner of `entries` whose keywords are `keywords` (`always`: the rules that run on
    /// every text), with the file-wide allowlists `global_json` (built-in, as JSON) and
    /// `global_given`; nothing compiled yet.
    fn assemble(
        entries: Vec<Entry>,
        keywords: Keywords,
        always: Vec<usize>,
        global_json: Vec<(&'static str, &'static str)>,
        global_given: Vec<Allowlist>,
    ) -> Scanner {
        Scanner {
            entries,
            all: OnceLock::new(),
            global_json,
            global_given,
            global_compiled: OnceLock::new(),
            path_parts: OnceLock::new(),
            keywords,
            always,
        }
    }

    /// The rules, in load order (built-in rules are all parsed on the first call).
    pub fn rules(&self) -> &[SecretRule] {
        self.all.get_or_init(|| {
            self.entries
                .iter()
                .filter_map(|e| e.rule().ok().cloned())
                .collect()
        })
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No rules at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The id of every rule, in load order, without parsing any.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(Entry::id)
    }

    /// The rule `id`, parsed if it was not; `None` when there is no such rule (or its
    /// embedded definition is broken, which the tests rule out).
    pub fn rule(&self, id: &str) -> Option<&SecretRule> {
        self.entries
            .iter()
            .find(|e| e.id() == id)
            .and_then(|e| e.rule().ok())
    }

    fn global_allowlists(&self) -> Result<Vec<Allowlist>, String> {
        let mut out = self.global_given.clone();
        for (file, json) in &self.global_json {
            out.push(serde_json::from_str(json).map_err(|e| format!("allowlist of {file}: {e}"))?);
        }
        Ok(out)
    }

    fn global(&self) -> Result<&[CompiledAllowlist], String> {
        self.global_compiled
            .get_or_init(|| {
                self.global_allowlists()?
                    .iter()
                    .map(CompiledAllowlist::new)
                    .collect()
            })
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// Compile every rule now (the check of the built-in rules).
    ///
    /// # Errors
    /// The first regex that does not compile, with its rule id.
    pub fn compile_all(&self) -> Result<(), String> {
        for a in self.global()? {
            a.force()?;
        }
        for e in &self.entries {
            e.lean()?;
            e.path()?;
            for a in e.allowlists()? {
                a.force()?;
            }
        }
        Ok(())
    }

    /// Which rules the keyword prefilter lets run on `text`, in rule order.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut found = self.no_keywords();
        self.find_keywords(text.as_bytes(), &mut found);
        self.rules_for(&found)
    }

    /// One flag per keyword, none found yet (for [`Scanner::find_keywords`]).
    pub(crate) fn no_keywords(&self) -> Vec<bool> {
        vec![false; self.keywords.words.len()]
    }

    /// The length in bytes of the longest keyword: a text searched in pieces finds every
    /// keyword when consecutive pieces overlap by one byte less.
    pub(crate) fn longest_keyword(&self) -> usize {
        self.keywords
            .words
            .iter()
            .map(|w| w.len())
            .max()
            .unwrap_or(0)
    }

    /// Sets `found[k]` for every keyword `k` occurring in `text`.
    pub(crate) fn find_keywords(&self, text: &[u8], found: &mut [bool]) {
        // The automaton cannot fail to build for keywords the bitset took (a DFA of a
        // few hundred short words); should it, every keyword counts as found.
        if self.keywords.search(text, found).is_err() {
            found.iter_mut().for_each(|f| *f = true);
        }
    }

    /// The rules that run when the keywords flagged in `found` occur, in rule order.
    pub(crate) fn rules_for(&self, found: &[bool]) -> Vec<usize> {
        let mut on = vec![false; self.entries.len()];
        for i in &self.always {
            if let Some(o) = on.get_mut(*i) {
                *o = true;
            }
        }
        for (k, _) in found.iter().enumerate().filter(|(_, f)| **f) {
            for i in self.keywords.rules_of(k) {
                if let Some(o) = on.get_mut(i) {
                    *o = true;
                }
            }
        }
        on.iter()
            .enumerate()
            .filter_map(|(i, on)| on.then_some(i))
            .collect()
    }

    /// Every secret in `text` (from a file at `path`, when known), in text order, at most
    /// one per secret span (overlaps: the shortest whole match wins, then the first rule).
    ///
    /// # Errors
    /// A rule whose regex does not compile (a broken user rule file).
    pub fn scan(&self, text: &str, path: Option<&str>) -> Result<Vec<SecretMatch>, String> {
        if self.path_allowlisted(path)? {
            return Ok(Vec::new());
        }
        self.scan_whole(text, path, self.candidates(text))
    }

    /// [`Scanner::scan`] of a text at a path no file-wide allowlist skips, with the rules
    /// its keywords let run (`rules`, in rule order): each rule's regex over the whole text.
    pub(crate) fn scan_whole(
        &self,
        text: &str,
        path: Option<&str>,
        rules: Vec<usize>,
    ) -> Result<Vec<SecretMatch>, String> {
        let mut out: Vec<SecretMatch> = Vec::new();
        for i in rules {
            if !self.rule_applies(i, path)? {
                continue;
            }
            for (whole, secret) in self.raw_matches(i, text, 0..text.len())? {
                out.extend(self.accept(i, text, whole, secret, path)?);
            }
        }
        Ok(keep_most_specific(out))
    }

    /// Whether a file at `path` is never scanned (a global allowlist's `paths`).
    pub(crate) fn path_allowlisted(&self, path: Option<&str>) -> Result<bool, String> {
        let Some(p) = path else {
            return Ok(false);
        };
        for a in self.global()? {
            if a.paths.is_match(p)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Everything a scan of a file at `path` asks of the path, in a fixed order: whether a
    /// file-wide allowlist skips it, and for each rule whether its `path` condition holds
    /// and whether each of its allowlists' `paths` matches it. Two paths with the same facts
    /// get the same findings for the same text (see [`memo`]). Parses every rule and compiles
    /// every path regex on first use.
    ///
    /// # Errors
    /// A rule or allowlist whose path regex does not compile.
    pub(crate) fn path_facts(&self, path: Option<&str>) -> Result<Vec<bool>, String> {
        let Some(p) = path else {
            return Ok(Vec::new());
        };
        let mut facts = vec![self.path_allowlisted(path)?];
        for (i, allowlist) in self.path_parts()? {
            let Some(k) = allowlist else {
                facts.push(self.rule_applies(*i, path)?);
                continue;
            };
            let entry = self.entries.get(*i).ok_or("no such rule")?;
            facts.push(match entry.allowlists()?.get(*k) {
                Some(a) => a.paths.is_match(p)?,
                None => false,
            });
        }
        Ok(facts)
    }

    /// The rules and allowlists that look at a path (the `path_parts` field), found on
    /// first use (every rule parsed). A rule without a `path` condition applies to every
    /// path, an allowlist without `paths` allows by none: leaving them out changes no
    /// comparison of facts.
    fn path_parts(&self) -> Result<&[PathPart], String> {
        self.path_parts
            .get_or_init(|| {
                let mut parts = Vec::new();
                for (i, entry) in self.entries.iter().enumerate() {
                    if entry.rule()?.path.is_some() {
                        parts.push((i, None));
                    }
                    for (k, a) in entry.allowlists()?.iter().enumerate() {
                        if !a.paths.is_empty() {
                            parts.push((i, Some(k)));
                        }
                    }
                }
                Ok(parts)
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// Whether rule `i` runs on a file at `path` (its own `path` condition).
    pub(crate) fn rule_applies(&self, i: usize, path: Option<&str>) -> Result<bool, String> {
        let Some(entry) = self.entries.get(i) else {
            return Ok(false);
        };
        Ok(match entry.path()? {
            Some(want) => path.is_some_and(|p| want.is_match(p.as_bytes())),
            None => true,
        })
    }

    /// The regex matches of rule `i` that start in `span` of `text` (text outside the span
    /// is seen by look-around only), leftmost-first and non-overlapping as a search from
    /// `span.start` finds them, before any check: (whole match, secret).
    pub(crate) fn raw_matches(
        &self,
        i: usize,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Result<Vec<(Span, Span)>, String> {
        let Some(entry) = self.entries.get(i) else {
            return Ok(Vec::new());
        };
        let rule = entry.rule()?;
        let (regex, Some(start)) = entry.regex(text, span.clone())? else {
            return Ok(Vec::new());
        };
        Ok(matches(
            regex,
            text.as_bytes(),
            start..span.end,
            rule.secret_group,
        ))
    }

    /// The match of rule `i` that starts exactly at `at` in `text`, if there is one: what
    /// [`Scanner::raw_matches`] finds at `at` when no match starts between the search's
    /// start and `at` (the leftmost-first match among those starting there).
    pub(crate) fn raw_match_at(
        &self,
        i: usize,
        text: &str,
        at: usize,
    ) -> Result<Option<(Span, Span)>, String> {
        let Some(entry) = self.entries.get(i) else {
            return Ok(None);
        };
        let rule = entry.rule()?;
        // An anchored search has nothing to skip: the short texts' regex, however long the
        // text (the long texts' prefilter and DFAs would be built for nothing).
        let regex = entry.lean()?;
        let input = Input::new(text.as_bytes())
            .span(at.min(text.len())..text.len())
            .anchored(Anchored::Yes);
        Ok(first(regex, input, rule.secret_group))
    }

    /// The finding for one raw match of rule `i` in `text`, unless a check drops it: a
    /// span that splits a character, an empty secret, too little entropy, a placeholder,
    /// an allowlist (which may look at the match's whole line in `text`).
    pub(crate) fn accept(
        &self,
        i: usize,
        text: &str,
        whole: Span,
        secret: Span,
        path: Option<&str>,
    ) -> Result<Option<SecretMatch>, String> {
        let Some(entry) = self.entries.get(i) else {
            return Ok(None);
        };
        let rule = entry.rule()?;
        // Spans that split a character (ASCII classes next to UTF-8) are skipped:
        // credentials are ASCII.
        let (Some(s), Some(whole_text)) = (
            text.get(secret.start..secret.end),
            text.get(whole.start..whole.end),
        ) else {
            return Ok(None);
        };
        if s.is_empty()
            || rule.entropy.is_some_and(|min| shannon_entropy(s) < min)
            || is_placeholder(s)
        {
            return Ok(None);
        }
        let line = line_of(text, whole.start, whole.end);
        // Allowlists are compiled on the first match that needs them.
        for a in entry.allowlists()?.iter().chain(self.global()?.iter()) {
            if a.allows(s, whole_text, line, path)? {
                return Ok(None);
            }
        }
        Ok(Some(SecretMatch {
            rule_id: rule.id.clone(),
            start: secret.start,
            end: secret.end,
            match_start: whole.start,
            match_end: whole.end,
            masked: mask(s),
            digest: digest(s),
        }))
    }

    /// Whether an allowlist of rule `i` (or a file-wide one) looks at a match's whole
    /// line: then the line must be known before the match is judged.
    pub(crate) fn needs_line(&self, i: usize) -> Result<bool, String> {
        let Some(entry) = self.entries.get(i) else {
            return Ok(false);
        };
        Ok(entry
            .allowlists()?
            .iter()
            .chain(self.global()?.iter())
            .any(|a| a.target == RegexTarget::Line && !a.regexes.is_empty()))
    }

    /// What a streamed scan needs of rule `i`, built on first use.
    pub(crate) fn streaming(&self, i: usize) -> Result<&Streaming, String> {
        let Some(entry) = self.entries.get(i) else {
            return Err(format!("no rule {i}"));
        };
        let rule = entry.rule()?;
        entry
            .built()
            .streaming
            .get_or_init(|| {
                let build = |unicode: bool| {
                    regex_automata::hybrid::dfa::DFA::builder()
                        .syntax(syntax::Config::new().unicode(unicode).utf8(false))
                        .configure(
                            regex_automata::hybrid::dfa::DFA::config().unicode_word_boundary(true),
                        )
                        .build(&rule.regex)
                        .ok()
                };
                Ok(Streaming {
                    alive: super::prefix::alive_regex(&rule.regex, REGEX_SIZE_LIMIT * 2)?,
                    dfa: build(false).or_else(|| build(true)),
                })
            })
            .as_ref()
            .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }
}

/// Where matches overlap, the most specific wins: the shortest whole match (a provider's
/// token shape rather than a generic `key = …` or header rule), then the earlier rule
/// (`out` is in rule order). The kept matches are in text order.
pub(crate) fn keep_most_specific(mut out: Vec<SecretMatch>) -> Vec<SecretMatch> {
    out.sort_by_key(|m| m.match_end - m.match_start);
    let mut taken = Disjoint::default();
    let mut kept: Vec<SecretMatch> = Vec::with_capacity(out.len());
    for m in out {
        if taken.insert(m.start..m.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| (m.start, m.end));
    kept
}

/// Every match of `regex` in `text` that starts in `span` (bytes outside it still seen by
/// look-around) and, within it, the secret: capture group `group`, or
/// else the first non-empty group, or else (no group matched, or the regex has none) the
/// whole match.
///
/// A regex without capture groups is only searched for matches: asking it for captures
/// runs the NFA simulation over each match, which for gitleaks' private-key rule (its
/// `{0,100}` and `{64,}` repetitions make a large NFA) took 13 ms per key on a 10 MB
/// output where finding the key takes 0.5 ms.
fn matches(
    regex: &Regex,
    text: &[u8],
    span: std::ops::Range<usize>,
    group: Option<usize>,
) -> Vec<(Span, Span)> {
    let end = span.end.min(text.len());
    let input = Input::new(text).span(span.start.min(end)..end);
    if regex.group_info().group_len(PatternID::ZERO) <= 1 {
        return regex
            .find_iter(input)
            .map(|m| (m.span(), m.span()))
            .collect();
    }
    regex
        .captures_iter(input)
        .filter_map(|caps| whole_and_secret(&caps, group))
        .collect()
}

/// The first match of `regex` in `input` and its secret, as [`matches`] gives each.
fn first(regex: &Regex, input: Input<'_>, group: Option<usize>) -> Option<(Span, Span)> {
    if regex.group_info().group_len(PatternID::ZERO) <= 1 {
        return regex.find(input).map(|m| (m.span(), m.span()));
    }
    let mut caps = regex.create_captures();
    regex.search_captures(&input, &mut caps);
    whole_and_secret(&caps, group)
}

/// The whole match of `caps` and its secret: group `group`, else the first non-empty
/// group, else the whole match.
fn whole_and_secret(
    caps: &regex_automata::util::captures::Captures,
    group: Option<usize>,
) -> Option<(Span, Span)> {
    let whole = caps.get_match()?.span();
    let secret = match group {
        Some(g) => caps.get_group(g),
        None => (1..caps.group_len())
            .filter_map(|g| caps.get_group(g))
            .find(|m| !m.is_empty()),
    };
    Some((whole, secret.unwrap_or(whole)))
}

/// How far a match's line reaches on either side of it for an allowlist, in bytes.
const LINE_REACH: usize = 16 * 1024;

/// The line(s) holding `start..end` in `text` (an allowlist's `line` target, as gitleaks'
/// `regexTarget = "line"`), cut at [`LINE_REACH`] bytes before `start` and after `end`
/// (at character boundaries). A longer line is minified code, a data blob or a hostile
/// input: without the cut, each match on it ran every line-target allowlist over the whole
/// line (1,679 matches on one 1 MB command line took 6.5 s). An allowlist that sees less of
/// a line can only allow less: nothing found is lost.
fn line_of(text: &str, start: usize, end: usize) -> &str {
    let mut lo = start.saturating_sub(LINE_REACH);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = end.saturating_add(LINE_REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let from = text
        .get(lo..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(lo, |i| lo + i + 1);
    let to = text
        .get(end..hi)
        .and_then(|t| t.find('\n'))
        .map_or(hi, |i| end + i);
    text.get(from..to).unwrap_or_default()
}

/// Shannon entropy of `s`, in bits per character (over its bytes).
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let len = s.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

/// Obvious placeholders, which are not secrets: AWS's documentation keys (`…EXAMPLE`),
/// `your-api-key`, `xxxx…`, `<token>`, `${VAR}`, `$(cmd)`, `{{ secret }}` (and
/// CloudFormation's `{{resolve:secretsmanager:…}}`), `changeme`, `strong-password-here`,
/// `[PASS]`, one repeated character, runs of `*`, and values that begin with `test` and go
/// on with fewer than 16 characters or up to 24 letters (`testing`, `Test@…`,
/// `testGithubToken`, for every rule): issue 14, CredData labels them examples (X) or F
/// throughout (11 label rows hit on its development samples, 1 on the second and 10 on the
/// third, none T). A long random tail is not a placeholder: `test` typed before a real key
/// leaves the key whole in the text.
pub fn is_placeholder(secret: &str) -> bool {
    if secret.ends_with("EXAMPLE") || secret.contains("EXAMPLEKEY") {
        return true;
    }
    let lower = secret.to_ascii_lowercase();
    // What follows `test` is short or a few words (`testing`, `Test@123`,
    // `testGithubToken`): a random tail of 16 or more is a key typed behind the word, whole.
    if let Some(rest) = secret.get(4..).filter(|_| lower.starts_with("test")) {
        let words = rest.len() <= 24
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-');
        if rest.len() < 16 || words {
            return true;
        }
    }
    const WORDS: &[&str] = &[
        "your-",
        "your_",
        "yourapi",
        "yourkey",
        "yoursecret",
        "yourtoken",
        "xxxx",
        "placeholder",
        "changeme",
        "change-me",
        "redacted",
        "example",
        "dummy",
        "sample",
        "*****",
        "${",
        "{{",
        "$(",
        "<",
        "…",
        // `strong-password-here`, `your_key_here`: instructions, not values.
        "-here",
        "_here",
        // CloudFormation dynamic references (`{{resolve:secretsmanager:…}}`,
        // `{{resolve:ssm-secure:…}}`), when a rule's value stops inside the braces.
        "resolve:secretsmanager:",
        "resolve:ssm",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // A bracketed word such as `[PASS]` or `[API_KEY]` is a template slot.
    if let Some(inner) = secret.strip_prefix('[').and_then(|s| s.strip_suffix(']'))
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ')
    {
        return true;
    }
    let mut chars = secret.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAKES: &str = "log line\ntoken: ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v\n\
        {\"url\": \"postgres://app:FAKEpw0000Zq9x@db.internal:5432/app\"}\n\
        -----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE0000pAIBAAKCAQEA7bq98FAKE0000QZxkPDEvLq5TgH0000FAKExyz0123456789abcdefABCDEF\n-----END RSA PRIVATE KEY-----\n";

    #[test]
    fn pair_table_and_automaton_find_the_same_keywords() {
        let scanner = Scanner::builtin();
        let long = format!("{FAKES}{}", "\n".repeat(AUTOMATON_FROM));
        let short = scanner.candidates(FAKES);
        assert!(short.len() > 3, "{short:?}");
        assert_eq!(short, scanner.candidates(&long));
        assert!(scanner.candidates("ls -la").len() < 3);
    }

    #[test]
    fn the_global_paths_compiled_as_one_skip_what_each_skips() {
        let scanner = Scanner::builtin();
        let patterns: Vec<String> = scanner
            .global_allowlists()
            .unwrap()
            .into_iter()
            .flat_map(|g| g.paths)
            .collect();
        assert!(patterns.len() > 10, "{patterns:?}");
        let each: Vec<Regex> = patterns.iter().map(|p| build(p).unwrap()).collect();
        let paths = [
            "node_modules/x/deploy.py",
            "a/node_modules",
            "src/app/.env",
            "web/static/jquery-3.7.1.min.js",
            "docs/logo.PNG",
            "vendor/modules.txt",
            "x/package-lock.json",
            "lib/python3.11/site-packages/y.py",
            "venv/lib/python3.11/z.py",
            "deploy/config.yaml",
            "go.sum",
            "gitleaks.toml",
            "",
        ];
        let mut skipped = 0;
        for path in paths {
            let want = each.iter().any(|r| r.is_match(path.as_bytes()));
            assert_eq!(
                scanner.path_allowlisted(Some(path)).unwrap(),
                want,
                "{path}"
            );
            skipped += usize::from(want);
        }
        // Both answers occur: the comparison can fail.
        assert!((4..paths.len() - 2).contains(&skipped), "{skipped}");
        for a in scanner.global().unwrap() {
            assert!(a.paths.is_empty() || a.paths.get().unwrap().len() == 1);
        }
    }

    #[test]
    fn the_embedded_keyword_index_is_the_index_of_the_builtin_rules() {
        let scanner = Scanner::builtin();
        let keywords: Vec<Vec<String>> = scanner
            .rules()
            .iter()
            .map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()).collect())
            .collect();
        let index = KeywordIndex::new(&keywords);
        let (embedded, built) = (&scanner.keywords, Keywords::of(&index));
        assert!(embedded.words.len() > 300, "{}", embedded.words.len());
        assert!(embedded.words.iter().eq(built.words.iter()));
        assert_eq!(embedded.rules, built.rules);
        assert_eq!(embedded.ends, built.ends);
        assert_eq!(embedded.by_pair, built.by_pair);
        assert_eq!(embedded.starts, built.starts);
        let always: Vec<usize> = index.always.iter().map(|&i| i as usize).collect();
        assert_eq!(scanner.always, always);
        // Each keyword enables the rules that list it, and no other.
        for (k, word) in embedded.words.iter().enumerate() {
            let want: Vec<usize> = (0..keywords.len())
                .filter(|&i| keywords[i].iter().any(|w| w == word))
                .collect();
            let mut got: Vec<usize> = embedded.rules_of(k).collect();
            got.dedup();
            assert_eq!(got, want, "{word}");
        }
    }

    /// The indexed stopwords find what `str::contains` of each word finds: gitleaks'
    /// generic rule's words, on texts of its words' pieces and other bytes.
    #[test]
    fn stopwords_find_what_contains_finds() {
        let scanner = Scanner::builtin();
        let rule = scanner
            .entries
            .iter()
            .find(|e| e.id() == "secrets.generic-api-key")
            .and_then(|e| e.rule().ok())
            .unwrap();
        let mut words: Vec<String> = rule
            .allowlist
            .iter()
            .flat_map(|a| a.stopwords.iter().cloned())
            .collect();
        assert!(words.len() > 1000, "{}", words.len());
        words.extend(["x".to_owned(), "Q".to_owned()]);
        let index = Stopwords::new(&words);
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let mut seed: u64 = 14;
        let (mut found, mut checked) = (0, 0);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..4 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let pick = usize::try_from(seed >> 33).unwrap_or(0);
                let word = lower.get(pick % lower.len()).unwrap();
                // A piece of a word, or a run of other bytes.
                match pick % 3 {
                    0 => text.push_str(word),
                    1 => text.push_str(word.get(1..).unwrap_or_default()),
                    _ => text.push_str("0a9_-"),
                }
            }
            let want = lower.iter().any(|w| text.contains(w.as_str()));
            assert_eq!(index.found_in(&text), want, "{text}");
            found += usize::from(want);
            checked += 1;
        }
        assert!(found > 100 && checked - found > 100, "{found} of {checked}");
    }

    #[test]
    fn tiny_lean_and_full_regexes_find_the_same_secrets() {
        let scanner = Scanner::builtin();
        let spans = |t: &str| -> Vec<(String, usize, usize)> {
            scanner
                .scan(t, None)
                .unwrap()
                .into_iter()
                .map(|m| (m.rule_id, m.start, m.end))
                .collect()
        };
        // Each text takes the regexes of its length: tiny, lean, full.
        assert!(FAKES.len() < TINY_BELOW);
        let short = spans(FAKES);
        assert_eq!(short.len(), 3, "{short:?}");
        let middle = format!("{FAKES}{}", "\n".repeat(TINY_BELOW));
        assert_eq!(short, spans(&middle));
        let long = format!("{FAKES}{}", "\n".repeat(AUTOMATON_FROM));
        assert_eq!(short, spans(&long));
    }

    #[test]
    fn long_texts_find_late_secrets_at_the_same_offsets() {
        let scanner = Scanner::builtin();
        let spans = |t: &str, shift: usize| -> Vec<(String, usize, usize)> {
            scanner
                .scan(t, None)
                .unwrap()
                .into_iter()
                .map(|m| (m.rule_id, m.start - shift, m.end - shift))
                .collect()
        };
        // The secrets come after the filler: the prefix-literal start (private key) and
        // the reverse searches must land on the same spans as in the short text.
        let filler = "2026-11-21 INFO request ok path=/x took=3ms\n".repeat(AUTOMATON_FROM / 40);
        let long = format!("{filler}{FAKES}{filler}");
        assert_eq!(spans(FAKES, 0), spans(&long, filler.len()));
    }

    #[test]
    fn a_text_with_more_keyword_hits_than_are_kept_is_scanned_whole_with_the_same_findings() {
        let windowed = WindowedScanner::shared();
        let scanner = windowed.scanner();
        // `key` holds two keywords (`key`, `ey`): past MOST_HITS in 1.5 MB.
        let dense = "key".repeat(MOST_HITS / 2 + 1);
        let text = format!("{dense}\n{FAKES}{dense}");
        let automaton = &scanner.keywords;
        assert!(
            automaton
                .hits(text.as_bytes(), MOST_HITS)
                .unwrap()
                .is_none()
        );
        assert!(
            automaton
                .hits(FAKES.as_bytes(), MOST_HITS)
                .unwrap()
                .is_some()
        );
        let found = windowed.scan(&text, None).unwrap();
        assert_eq!(found, scanner.scan(&text, None).unwrap());
        let shifted: Vec<(String, usize)> = found
            .iter()
            .map(|m| (m.rule_id.clone(), m.start - dense.len() - 1))
            .collect();
        let alone: Vec<(String, usize)> = scanner
            .scan(FAKES, None)
            .unwrap()
            .into_iter()
            .map(|m| (m.rule_id, m.start))
            .collect();
        assert_eq!(shifted, alone);
    }

    #[test]
    fn prefix_literals_are_found_only_where_every_match_starts_with_one() {
        let private_key = prefix_finder(
            &parse_hir(r"(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY-----[\s\S-]{64,}?KEY-----")
                .unwrap(),
        );
        let finder = private_key.expect("a literal prefix");
        assert_eq!(
            finder
                .find("x -----begin RSA PRIVATE KEY-----")
                .map(|m| m.start()),
            Some(2)
        );
        // A leading class or an optional prefix: no finite set of literals.
        let finder = |pattern: &str| prefix_finder(&parse_hir(pattern).unwrap());
        assert!(finder(r"(?i)[\w.-]{0,50}?(?:key|token)=(\w+)").is_none());
        assert!(finder(r"(?:ghp_)?[0-9a-f]{40}").is_none());
    }

    #[test]
    fn a_line_target_sees_the_whole_line_up_to_its_reach_on_either_side() {
        let text = format!("a\nkey = x{}y\nb", "-".repeat(10));
        let at = text.find('x').unwrap();
        assert_eq!(
            line_of(&text, at, at + 1),
            format!("key = x{}y", "-".repeat(10))
        );
        // The cut before the match falls inside `é`: it moves to the character's end.
        let long = format!(
            "xé{}K{}\nnext",
            "a".repeat(LINE_REACH - 1),
            "b".repeat(LINE_REACH + 7)
        );
        let at = long.find('K').unwrap();
        let line = line_of(&long, at, at + 1);
        assert_eq!(
            line.len(),
            2 * LINE_REACH,
            "cut at the reach, not at the line's ends"
        );
        assert!(line.starts_with('a') && line.ends_with('b'));
    }

    #[test]
    fn entropy_of_uniform_and_repeated_strings() {
        assert!(shannon_entropy("aaaa") < 0.01);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "your-api-key",
            "xxxxxxxxxxxxxxxx",
            "<token>",
            "${GITHUB_TOKEN}",
            "0000000000000000",
            "testing",
            "TestFk0000Qz",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9"));
        // A key typed behind `test` is still the key.
        assert!(!is_placeholder("testFAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7"));
    }
}
