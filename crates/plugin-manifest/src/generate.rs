//! `generate [--check]`: compute every host file, then write the changed ones atomically
//! or, with `--check`, report each stale file as a unified diff.

use crate::emit::{self, Output};
use crate::error::{Error, Result};
use crate::model::{self, Repo};
use crate::output::{unified_diff, write_atomic};
use crate::report::{Finding, Severity};

/// What a generation run found or did.
#[derive(Debug, Default)]
pub struct GenerateReport {
    /// Validation findings; when any is an error nothing is written.
    pub findings: Vec<Finding>,
    /// Repository-relative paths whose content differed from the generated one (written,
    /// unless checking).
    pub stale: Vec<String>,
    /// One unified diff per stale file (`--check` only), in path order.
    pub diffs: Vec<String>,
}

impl GenerateReport {
    /// Exit code: 1 on an error finding or (with `--check`) a stale file, else 0.
    pub fn exit_code(&self, check: bool) -> u8 {
        let errors = self.findings.iter().any(|f| f.severity == Severity::Error);
        u8::from(errors || (check && !self.stale.is_empty()))
    }
}

/// Every file generation owns for `repo`, in path order.
pub fn outputs(repo: &Repo) -> Result<Vec<Output>> {
    let mut files = Vec::new();
    for plugin in &repo.plugins {
        let readme_path = plugin.dir.join("README.md");
        let readme = if readme_path.is_file() {
            Some(
                std::fs::read_to_string(&readme_path)
                    .map_err(|e| Error::io(&readme_path, "reading the file", e))?,
            )
        } else {
            None
        };
        files.extend(emit::plugin_outputs(plugin, readme.as_deref()));
    }
    if let Some(mp) = &repo.marketplace {
        files.extend(emit::marketplace_outputs(repo, mp));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Loads the repository at `root`, validates it, and (when no error finding) writes each
/// generated file whose bytes differ, or with `check` only collects their diffs.
///
/// # Errors
/// [`Error`] when a canonical file is unreadable or not JSON, or a write fails.
pub fn run(root: &std::path::Path, check: bool) -> Result<GenerateReport> {
    let repo = model::load(root)?;
    let files = outputs(&repo)?;
    let mut report = GenerateReport {
        findings: crate::validate::validate_repo(&repo, &files),
        ..GenerateReport::default()
    };
    if report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        return Ok(report);
    }
    for file in &files {
        let path = root.join(&file.path);
        let current = match std::fs::read_to_string(&path) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, "reading the file", e)),
        };
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        report.stale.push(file.path.clone());
        if check {
            report.diffs.push(unified_diff(
                &file.path,
                current.as_deref().unwrap_or(""),
                &file.contents,
            ));
        } else {
            write_atomic(&path, &file.contents)?;
        }
    }
    Ok(report)
}
