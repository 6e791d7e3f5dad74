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

/// Fix every file with fixable findings; returns the files rewritten.
pub fn fix_all(findings: &[Finding]) -> Result<Vec<PathBuf>, FixError> {
    let mut by_file: BTreeMap<&Path, Vec<&Edit>> = BTreeMap::new();
    for f in findings {
        if let Some(e) = &f.edit {
            by_file.entry(f.path.as_path()).or_default().push(e);
        }
    }
    let mut written = Vec::new();
    for (path, edits) in by_file {
        let io = |source| FixError::Io {
            path: path.to_path_buf(),
            source,
        };
        let before = std::fs::read(path).map_err(io)?;
        let after = apply(&before, &edits);
        if after == before {
            continue;
        }
        let (old, new) = (meaning(&before), meaning(&after));
        if new.is_none() || (old.is_some() && old != new) {
            return Err(FixError::ChangesMeaning(path.to_path_buf()));
        }
        write_atomic(path, &after).map_err(io)?;
        written.push(path.to_path_buf());
    }
    Ok(written)
}

pub use hookkit_report::output::write_atomic;
