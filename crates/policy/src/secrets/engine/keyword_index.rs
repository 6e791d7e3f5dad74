//! The keyword index of a secret rule set: which keywords there are, which rules each one
//! enables, and which byte pairs start a keyword. build.rs works it out for the built-in
//! rules and embeds it (`KEYWORD_*` in `OUT_DIR/embedded_secrets.rs`), so that a hook pays
//! nothing for it; the scanner works it out at run time only for rules given as values
//! ([`super::Scanner::new`]). Shared by both through `#[path]`, so both index alike.

/// The keyword index of a rule set (see the module documentation).
pub(crate) struct KeywordIndex {
    /// The distinct keywords (lowercased, two bytes or more), in order of first use.
    pub(crate) words: Vec<String>,
    /// For each keyword of `words`, the indices of the rules it enables, in rule order.
    pub(crate) rules: Vec<Vec<u32>>,
    /// (the keyword's first two bytes, first in the high half; its index in `words`),
    /// sorted.
    pub(crate) by_pair: Vec<(u16, u32)>,
    /// The rules that run on every text: no keyword, or one of a single byte.
    pub(crate) always: Vec<u32>,
}

/// The number of 64-bit words of [`KeywordIndex::starts`]: one bit per byte pair.
pub(crate) const STARTS_WORDS: usize = (1 << 16) / 64;

impl KeywordIndex {
    /// The index of rules whose keywords (each lowercased already) are `keywords`, one
    /// list per rule, in rule order.
    pub(crate) fn new(keywords: &[Vec<String>]) -> KeywordIndex {
        let mut index = KeywordIndex {
            words: Vec::new(),
            rules: Vec::new(),
            by_pair: Vec::new(),
            always: Vec::new(),
        };
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (rule, words) in (0u32..).zip(keywords) {
            let mut indexed = !words.is_empty();
            for word in words {
                let b = word.as_bytes();
                let (Some(&first), Some(&second)) = (b.first(), b.get(1)) else {
                    indexed = false;
                    continue;
                };
                if let Some(&at) = seen.get(word.as_str()) {
                    if let Some(r) = index.rules.get_mut(at) {
                        r.push(rule);
                    }
                    continue;
                }
                let at = index.words.len();
                let pair = u16::from(first) << 8 | u16::from(second);
                index
                    .by_pair
                    .push((pair, u32::try_from(at).unwrap_or(u32::MAX)));
                seen.insert(word, at);
                index.words.push(word.clone());
                index.rules.push(vec![rule]);
            }
            if !indexed {
                index.always.push(rule);
            }
        }
        index.by_pair.sort_unstable();
        index
    }

    /// The rules of every keyword, one keyword after another, and where each keyword's
    /// end: keyword `k`'s are `rules[ends[k - 1]..ends[k]]` (from 0 for the first).
    pub(crate) fn flat_rules(&self) -> (Vec<u32>, Vec<u32>) {
        let mut end = 0u32;
        let ends = self
            .rules
            .iter()
            .map(|r| {
                end = end.saturating_add(u32::try_from(r.len()).unwrap_or(u32::MAX));
                end
            })
            .collect();
        (self.rules.iter().flatten().copied().collect(), ends)
    }

    /// One bit per byte pair (pair `p` is bit `p % 64` of word `p / 64`), set for the
    /// pairs some keyword starts with: [`STARTS_WORDS`] words.
    pub(crate) fn starts(&self) -> Vec<u64> {
        let mut bits = vec![0u64; STARTS_WORDS];
        for &(pair, _) in &self.by_pair {
            if let Some(w) = bits.get_mut(usize::from(pair) / 64) {
                *w |= 1 << (pair % 64);
            }
        }
        bits
    }
}
