//! `generate [--check]`: compute every host file, then write the changed ones atomically
//! or, with `--check`, report each stale file as a unified diff. Files left inside a
//! generated skill folder that generation no longer writes are stale too (see [`orphans`]).

use crate::emit::{self, Output};
use crate::error::{Error, Result};
use crate::model::{self, HookkitExt, NS_GEMINI, NS_HOOKKIT, Repo, SKILLS_DIR};
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
    for orphan in orphans(&repo, &files)? {
        let path = root.join(&orphan);
        report.stale.push(orphan.clone());
        if check {
            let current =
                std::fs::read(&path).map_err(|e| Error::io(&path, "reading the file", e))?;
            report.diffs.push(unified_diff(
                &orphan,
                &String::from_utf8_lossy(&current),
                "",
            ));
        } else {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, "removing the file", e))?;
        }
    }
    Ok(report)
}

/// Files inside a generated skill folder (`skills/<declared>/` of a plugin and of its
/// Codex and Gemini CLI roots) that generation no longer writes: left over after a file was
/// removed from the repository's `skills/`. `--check` reports each as stale (a diff to
/// nothing); `generate` deletes it. Repository-relative, sorted.
///
/// # Errors
/// [`Error::Io`] when a generated skill folder cannot be listed.
pub fn orphans(repo: &Repo, files: &[Output]) -> Result<Vec<String>> {
    let owned: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    for plugin in &repo.plugins {
        let Ok(ext) = plugin.ext::<HookkitExt>(NS_HOOKKIT) else {
            continue;
        };
        let p = &plugin.rel;
        for skill in &ext.skills {
            for host_root in [p.clone(), emit::codex_root(p), format!("{p}/{NS_GEMINI}")] {
                let rel = format!("{host_root}/{SKILLS_DIR}/{}", skill.name());
                let dir = repo.root.join(&rel);
                if dir.is_dir() {
                    list_files(&dir, &rel, &mut found)?;
                }
            }
        }
    }
    found.retain(|f| !owned.contains(f.as_str()));
    found.sort();
    found.dedup();
    Ok(found)
}

fn list_files(dir: &std::path::Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing the folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "listing the folder", e))?;
        let rel = format!("{rel}/{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            list_files(&entry.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}
