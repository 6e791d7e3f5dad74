//! Texts scanned before: a tree that holds copies of the same file (a skill published both
//! in `skills/` and in a plugin's folder: 437 of the AWS agent toolkit's 1,690 files) has
//! each copy scanned once.
//!
//! A scan's findings depend on the text and on what the rules ask of its path (file-wide
//! path allowlists, a rule's `path` condition, an allowlist's `paths`:
//! [`Scanner::path_facts`]). A text scanned before, under a path with the same answers, gets
//! the findings of that scan, which are byte offsets into the text: the same for the copy.

use super::{Scanner, SecretMatch, WindowedScanner};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Texts longer than this (1 MiB) are scanned without the memo: keeping a copy of each
/// costs a copy of every large file, which is seldom copied around (a 10 MiB log scanned
/// 9% slower, in page faults).
const MEMO_MOST: usize = 1 << 20;

/// The findings of texts scanned so far, shared by the threads of one run. Texts are
/// looked up by length first, then compared byte by byte: nothing is hashed.
#[derive(Default)]
pub struct ScanMemo {
    by_len: Mutex<HashMap<usize, Vec<Arc<Scanned>>>>,
}

/// One text scanned, the path it was scanned under and what was found.
struct Scanned {
    text: Box<str>,
    path: Option<String>,
    facts: OnceLock<Result<Vec<bool>, String>>,
    found: Vec<SecretMatch>,
}

impl Scanned {
    fn facts(&self, s: &Scanner) -> Result<&[bool], String> {
        self.facts
            .get_or_init(|| s.path_facts(self.path.as_deref()))
            .as_deref()
            .map_err(Clone::clone)
    }
}

impl ScanMemo {
    /// An empty memo.
    pub fn new() -> ScanMemo {
        ScanMemo::default()
    }

    /// The scans of texts `len` bytes long (a poisoned lock, left by a thread that
    /// panicked, is read as it is: entries are only ever added whole).
    fn of_len(&self, len: usize) -> Vec<Arc<Scanned>> {
        let map = self.by_len.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&len).cloned().unwrap_or_default()
    }

    fn add(&self, scanned: Scanned) {
        let mut map = self.by_len.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(scanned.text.len())
            .or_default()
            .push(Arc::new(scanned));
    }
}

impl WindowedScanner {
    /// [`WindowedScanner::scan`] of `text` at `path`, or the findings of an earlier scan
    /// recorded in `memo` of the same text under a path the rules cannot tell from `path`;
    /// a new scan is recorded. Texts over 1 MiB are only scanned (none is kept).
    ///
    /// # Errors
    /// As [`WindowedScanner::scan`], and a path regex that does not compile.
    pub fn scan_memo(
        &self,
        memo: &ScanMemo,
        text: &str,
        path: Option<&str>,
    ) -> Result<Vec<SecretMatch>, String> {
        if text.len() > MEMO_MOST {
            return self.scan(text, path);
        }
        let s = self.scanner();
        let mut facts: Option<Vec<bool>> = None;
        for seen in memo.of_len(text.len()) {
            if *seen.text != *text {
                continue;
            }
            let mine = match &facts {
                Some(f) => f,
                None => facts.insert(s.path_facts(path)?),
            };
            if seen.facts(s)? == mine.as_slice() {
                return Ok(seen.found.clone());
            }
        }
        let found = self.scan(text, path)?;
        memo.add(Scanned {
            text: text.into(),
            path: path.map(str::to_owned),
            facts: facts.map(Ok).map(OnceLock::from).unwrap_or_default(),
            found: found.clone(),
        });
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake GitHub token (the generic-looking value is built, never written whole).
    fn text() -> String {
        format!(
            "export GITHUB_TOKEN=ghp_{}\n",
            "FAKE0aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x"
        )
    }

    #[test]
    fn a_copy_gets_the_findings_of_the_first_scan_and_a_path_the_rules_treat_apart_does_not() {
        let w = WindowedScanner::shared();
        let memo = ScanMemo::new();
        let t = text();
        let first = w
            .scan_memo(&memo, &t, Some("a/skill/scripts/run.sh"))
            .unwrap();
        assert_eq!(first.len(), 1, "{first:?}");
        let copy = w
            .scan_memo(&memo, &t, Some("b/skill/scripts/run.sh"))
            .unwrap();
        assert_eq!(copy, first);
        // A path under a file-wide allowlist (gitleaks: `node_modules/`) finds nothing,
        // though the same text was found at another path.
        let skipped = w.scan_memo(&memo, &t, Some("c/node_modules/x.sh")).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(w.scan(&t, Some("c/node_modules/x.sh")).unwrap(), skipped);
        // And the other way round: a copy under the allowlisted path is found elsewhere.
        let again = w.scan_memo(&memo, &t, Some("d/run.sh")).unwrap();
        assert_eq!(again, first);
        // Same length, other text: scanned on its own.
        let other = t.replace("ghp_", "xyz_");
        assert_eq!(
            w.scan_memo(&memo, &other, Some("a/x.sh")).unwrap(),
            w.scan(&other, Some("a/x.sh")).unwrap()
        );
    }

    #[test]
    fn a_text_over_the_memo_s_size_is_scanned_and_not_kept() {
        let w = WindowedScanner::shared();
        let memo = ScanMemo::new();
        let long = format!("{}{}", "log line\n".repeat(MEMO_MOST / 9 + 1), text());
        assert!(long.len() > MEMO_MOST);
        let found = w.scan_memo(&memo, &long, Some("a/out.log")).unwrap();
        assert_eq!(found, w.scan(&long, Some("a/out.log")).unwrap());
        assert_eq!(found.len(), 1);
        assert!(memo.of_len(long.len()).is_empty());
    }

    #[test]
    fn path_facts_tell_apart_what_a_rule_path_condition_tells_apart() {
        let s = WindowedScanner::shared().scanner();
        let facts = |p: &str| s.path_facts(Some(p)).unwrap();
        // gitleaks' rules with a `path` condition: `.php`, `.tf`/`.hcl`, `.yaml`.
        assert_eq!(facts("a/x.md"), facts("b/y.md"));
        assert_ne!(facts("a/x.md"), facts("a/x.php"));
        assert_ne!(facts("a/x.md"), facts("a/main.tf"));
        assert_ne!(s.path_facts(None).unwrap(), facts("a/x.md"));
    }
}
