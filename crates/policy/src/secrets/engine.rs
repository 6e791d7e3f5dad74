//! The scanner: an Aho-Corasick keyword prefilter picks the rules whose keywords occur in
//! the text; only those rules' regexes are compiled (once per process, on first use) and
//! run; each match is then checked for entropy, placeholders and allowlists.

use super::mask::{digest, mask};
use super::model::{Allowlist, Condition, RegexTarget, SecretRule};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

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

struct CompiledRule {
    regex: Regex,
    path: Option<Regex>,
    allowlists: Vec<CompiledAllowlist>,
}

struct CompiledAllowlist {
    condition: Condition,
    target: RegexTarget,
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    paths: Vec<Regex>,
}

/// Compile `pattern` over bytes with ASCII classes (`\w`, `\b`, `(?i)` on ASCII only):
/// credentials are ASCII, and Unicode classes in counted repetitions (`[\w-]{50,1000}`)
/// compile to programs hundreds of times larger. A pattern that needs Unicode (`\p{…}`)
/// is compiled with it.
fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .or_else(|_| {
            RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
        })
        .map_err(|e| format!("regex `{pattern}` does not compile: {e}"))
}

impl CompiledAllowlist {
    fn new(a: &Allowlist) -> Result<Self, String> {
        Ok(CompiledAllowlist {
            condition: a.condition,
            target: a.regex_target,
            regexes: a
                .regexes
                .iter()
                .map(|r| build(r))
                .collect::<Result<_, _>>()?,
            stopwords: a.stopwords.iter().map(|s| s.to_ascii_lowercase()).collect(),
            paths: a.paths.iter().map(|r| build(r)).collect::<Result<_, _>>()?,
        })
    }

    /// Does this allowlist allow a match? `secret`, the whole match, its line, the path.
    fn allows(&self, secret: &str, whole: &str, line: &str, path: Option<&str>) -> bool {
        let target = match self.target {
            RegexTarget::Secret => secret,
            RegexTarget::Match => whole,
            RegexTarget::Line => line,
        };
        let mut checks = Vec::with_capacity(3);
        if !self.regexes.is_empty() {
            checks.push(self.regexes.iter().any(|r| r.is_match(target.as_bytes())));
        }
        if !self.stopwords.is_empty() {
            let lower = secret.to_ascii_lowercase();
            checks.push(self.stopwords.iter().any(|w| lower.contains(w.as_str())));
        }
        if !self.paths.is_empty() {
            checks.push(path.is_some_and(|p| self.paths.iter().any(|r| r.is_match(p.as_bytes()))));
        }
        match self.condition {
            Condition::Or => checks.iter().any(|c| *c),
            Condition::And => !checks.is_empty() && checks.iter().all(|c| *c),
        }
    }
}

/// A loaded set of secret rules, ready to scan. Cheap to build: the keyword automaton is
/// built here, every regex on first use.
pub struct Scanner {
    rules: Vec<SecretRule>,
    compiled: Vec<OnceLock<Result<CompiledRule, String>>>,
    global: Vec<Allowlist>,
    global_compiled: OnceLock<Result<Vec<CompiledAllowlist>, String>>,
    /// The `paths` of the global allowlists alone: a file scan checks them first, a hook
    /// never compiles them.
    global_paths: OnceLock<Result<Vec<Regex>, String>>,
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords: always run.
    always: Vec<usize>,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl Scanner {
    /// A scanner for `rules` with the file-wide allowlists `global`.
    ///
    /// # Errors
    /// A message when the keyword automaton cannot be built (too many keywords).
    pub fn new(rules: Vec<SecretRule>, global: Vec<Allowlist>) -> Result<Scanner, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for (i, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(i);
            }
            for k in &rule.keywords {
                let k = k.to_ascii_lowercase();
                match seen.get(&k) {
                    Some(at) => keyword_rules[*at].push(i),
                    None => {
                        seen.insert(k.clone(), patterns.len());
                        patterns.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        // Case-sensitive over lowercase keywords: the text is lowercased before the search,
        // which is cheaper than a case-insensitive automaton to build.
        let keywords = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            // A noncontiguous NFA builds in a fraction of a DFA's time; a hook builds it
            // once per process and scans a few KB with it.
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        let compiled = rules.iter().map(|_| OnceLock::new()).collect();
        Ok(Scanner {
            rules,
            compiled,
            global,
            global_compiled: OnceLock::new(),
            global_paths: OnceLock::new(),
            keywords,
            keyword_rules,
            always,
        })
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[SecretRule] {
        &self.rules
    }

    fn compiled(&self, i: usize) -> Result<&CompiledRule, String> {
        let (Some(rule), Some(slot)) = (self.rules.get(i), self.compiled.get(i)) else {
            return Err(format!("no rule {i}"));
        };
        slot.get_or_init(|| {
            Ok(CompiledRule {
                regex: build(&rule.regex)?,
                path: rule.path.as_deref().map(build).transpose()?,
                allowlists: rule
                    .allowlist
                    .iter()
                    .map(CompiledAllowlist::new)
                    .collect::<Result<_, _>>()?,
            })
        })
        .as_ref()
        .map_err(|e| format!("rule `{}`: {e}", rule.id))
    }

    fn global(&self) -> Result<&[CompiledAllowlist], String> {
        self.global_compiled
            .get_or_init(|| self.global.iter().map(CompiledAllowlist::new).collect())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// Compile every rule now (the check of the built-in rules).
    ///
    /// # Errors
    /// The first regex that does not compile, with its rule id.
    pub fn compile_all(&self) -> Result<(), String> {
        self.global()?;
        for i in 0..self.rules.len() {
            self.compiled(i)?;
        }
        Ok(())
    }

    /// Which rules the keyword prefilter lets run on `text`, in rule order.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut on = vec![false; self.rules.len()];
        for i in &self.always {
            on[*i] = true;
        }
        let lower = text.to_ascii_lowercase();
        for m in self.keywords.find_overlapping_iter(&lower) {
            if let Some(rules) = self.keyword_rules.get(m.pattern().as_usize()) {
                for i in rules {
                    on[*i] = true;
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
        if let Some(p) = path {
            let paths = self
                .global_paths
                .get_or_init(|| {
                    self.global
                        .iter()
                        .flat_map(|g| g.paths.iter())
                        .map(|r| build(r))
                        .collect()
                })
                .as_ref()
                .map_err(Clone::clone)?;
            if paths.iter().any(|r| r.is_match(p.as_bytes())) {
                return Ok(Vec::new());
            }
        }
        let mut out: Vec<SecretMatch> = Vec::new();
        for i in self.candidates(text) {
            let Some(rule) = self.rules.get(i) else {
                continue;
            };
            let c = self.compiled(i)?;
            if let Some(want) = &c.path
                && !path.is_some_and(|p| want.is_match(p.as_bytes()))
            {
                continue;
            }
            for caps in c.regex.captures_iter(text.as_bytes()) {
                let Some(whole) = caps.get(0) else { continue };
                let secret = match rule.secret_group {
                    Some(g) => caps.get(g),
                    None => caps.iter().skip(1).flatten().find(|m| !m.is_empty()),
                }
                .unwrap_or(whole);
                // Spans that split a character (ASCII classes next to UTF-8) are skipped:
                // credentials are ASCII.
                let (Some(s), Some(whole_text)) = (
                    text.get(secret.start()..secret.end()),
                    text.get(whole.start()..whole.end()),
                ) else {
                    continue;
                };
                if s.is_empty() {
                    continue;
                }
                if rule.entropy.is_some_and(|min| shannon_entropy(s) < min) {
                    continue;
                }
                if is_placeholder(s) {
                    continue;
                }
                let line = line_of(text, whole.start(), whole.end());
                // The global allowlists are compiled on the first match that needs them.
                let allowed = c
                    .allowlists
                    .iter()
                    .chain(self.global()?.iter())
                    .any(|a| a.allows(s, whole_text, line, path));
                if allowed {
                    continue;
                }
                out.push(SecretMatch {
                    rule_id: rule.id.clone(),
                    start: secret.start(),
                    end: secret.end(),
                    match_start: whole.start(),
                    match_end: whole.end(),
                    masked: mask(s),
                    digest: digest(s),
                });
            }
        }
        // Where matches overlap, the most specific wins: the shortest whole match (a
        // provider's token shape rather than a generic `key = …` or header rule), then
        // the earlier rule.
        out.sort_by_key(|m| m.match_end - m.match_start);
        let mut kept: Vec<SecretMatch> = Vec::with_capacity(out.len());
        for m in out {
            if !kept.iter().any(|k| k.start < m.end && m.start < k.end) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| (m.start, m.end));
        Ok(kept)
    }
}

/// The line(s) holding `start..end` in `text`.
fn line_of(text: &str, start: usize, end: usize) -> &str {
    let from = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let to = text
        .get(end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| end + i);
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
/// `your-api-key`, `xxxx…`, `<token>`, `${VAR}`, `{{ secret }}`, `changeme`, one
/// repeated character, and runs of `*`.
pub fn is_placeholder(secret: &str) -> bool {
    if secret.ends_with("EXAMPLE") || secret.contains("EXAMPLEKEY") {
        return true;
    }
    let lower = secret.to_ascii_lowercase();
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
        "<",
        "…",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
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
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9"));
    }
}
