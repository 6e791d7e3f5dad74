//! `--fix`: apply the safe mechanical repairs (quote an ambiguous value, remove a BOM,
//! normalize a fence) and write each file atomically (temp file in the same directory, then
//! rename). A rewrite is refused unless the frontmatter's values are unchanged.

use crate::envelope;
use crate::finding::{Edit, Finding};
use crate::yaml;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a file was not rewritten.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The repaired frontmatter would not mean the same as the original.
    #[error("{0}: the repair would change the frontmatter's values; not written")]
    ChangesMeaning(PathBuf),
}

/// Apply `edits` (non-overlapping byte ranges) to `bytes`.
pub fn apply(bytes: &[u8], edits: &[&Edit]) -> Vec<u8> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = bytes.to_vec();
    let mut limit = usize::MAX;
    for e in sorted {
        if e.end > limit || e.end > out.len() || e.start > e.end {
            continue; // overlapping or stale: skip
        }
        out.splice(e.start..e.end, e.replacement.bytes());
        limit = e.start;
    }
    out
}

/// The frontmatter's canonical values, or `None` when the file has no readable frontmatter.
pub fn meaning(bytes: &[u8]) -> Option<String> {
    let mut sink = Vec::new();
    let doc = envelope::check(Path::new("SKILL.md"), bytes, &mut sink)?;
    yaml::canonical(&doc)
}

/// What `--fix` did: every file it rewrote, with the findings it repaired there, and every
/// file it left as it was, with the reason.
#[derive(Debug, Default)]
pub struct FixReport {
    /// Files rewritten, each with the findings whose repair it holds (in file order).
    pub written: Vec<(PathBuf, Vec<Finding>)>,
    /// Files not rewritten, and why.
    pub refused: Vec<FixError>,
}

/// Fix every file with fixable findings. A file whose repair is refused (it would change the
/// frontmatter's values) or cannot be read or written is left as it was and reported; the
/// other files are still fixed.
pub fn fix_all(findings: &[Finding]) -> FixReport {
    let mut by_file: BTreeMap<&Path, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.edit.is_some()) {
        by_file.entry(f.path.as_path()).or_default().push(f);
    }
    let mut report = FixReport::default();
    for (path, fixable) in by_file {
        let edits: Vec<&Edit> = fixable.iter().filter_map(|f| f.edit.as_ref()).collect();
        match fix_file(path, &edits) {
            Ok(true) => report
                .written
                .push((path.to_path_buf(), fixable.into_iter().cloned().collect())),
            Ok(false) => {}
            Err(e) => report.refused.push(e),
        }
    }
    report
}

/// Apply `edits` to the file at `path`; `Ok(false)` when they change nothing.
fn fix_file(path: &Path, edits: &[&Edit]) -> Result<bool, FixError> {
    let io = |source| FixError::Io {
        path: path.to_path_buf(),
        source,
    };
    let before = std::fs::read(path).map_err(io)?;
    let after = apply(&before, edits);
    if after == before {
        return Ok(false);
    }
    let (old, new) = (meaning(&before), meaning(&after));
    if new.is_none() || (old.is_some() && old != new) {
        return Err(FixError::ChangesMeaning(path.to_path_buf()));
    }
    write_atomic(path, &after).map_err(io)?;
    Ok(true)
}

pub use hookkit_report::output::write_atomic;
