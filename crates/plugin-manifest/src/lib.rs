//! plugin-manifest: one canonical Agent Plugins 1.0.0 `plugin.json` (+ `mcp.json`) per
//! plugin and one canonical `marketplace.json` per repository; every host's plugin,
//! MCP, hook and marketplace files generated from them, validated, and checked for drift.
//!
//! - [`model`]: the canonical files (what a person edits).
//! - [`emit`] and [`hooks`]: the host files (Claude Code, Codex, Cursor, Gemini CLI, GitHub
//!   Copilot CLI).
//! - [`generate`]: write them atomically, or `--check` them with unified diffs.
//! - [`validate`] and [`supply_chain`]: schema and semantic rules, findings by rule id.
//! - [`drift`]: disagreements across hand-written manifests.
//! - [`report`]: findings and their human, JSON Lines, SARIF 2.1.0 and GitHub renderings.

pub mod drift;
pub mod emit;
pub mod error;
pub mod generate;
pub mod hooks;
pub mod model;
pub mod output;
pub mod report;
pub mod supply_chain;
pub mod validate;

pub use error::{Error, Result};
pub use report::{Finding, Format, Severity, render as render_findings};

/// Every rule id plugin-manifest reports: a public contract (snapshotted in tests).
pub const RULES: &[&str] = &[
    "claude.hooks-default-declared",
    "codex.default-prompt",
    "cursor.schema",
    "drift.author",
    "drift.description",
    "drift.homepage",
    "drift.keywords",
    "drift.license",
    "drift.marketplace-entry",
    "drift.marketplace-plugins",
    "drift.marketplace-source",
    "drift.mcp-missing",
    "drift.name",
    "drift.repository",
    "drift.version",
    "ext.invalid",
    "ext.namespace-not-reverse-domain",
    "hooks.invalid",
    "marketplace.plugin-missing",
    "marketplace.schema",
    "marketplace.source",
    "mcp.command-form",
    "mcp.header-credential",
    "mcp.header-expansion",
    "mcp.insecure-url",
    "mcp.path-escapes-root",
    "mcp.placeholder-position",
    "mcp.schema",
    "mcp.unpinned-package",
    "mcp.url-form",
    "path.escapes-root",
    "plugin.name-mismatch",
    "plugin.schema",
];

/// Validates the repository at `root` (canonical files and the Cursor manifests generation
/// would write), or, when `root` has no `marketplace.json` but a `plugin.json`, that one plugin
/// alone. Findings are sorted.
///
/// # Errors
/// [`Error`] when a canonical file is missing, unreadable or not JSON.
pub fn validate_dir(root: &std::path::Path) -> Result<Vec<Finding>> {
    if !root.join(model::MARKETPLACE_FILE).is_file() && root.join("plugin.json").is_file() {
        return validate_lone_plugin(root);
    }
    let repo = model::load(root)?;
    let files = generate::outputs(&repo)?;
    Ok(validate::validate_repo(&repo, &files))
}

/// A plugin folder checked on its own (its canonical `plugin.json` and `mcp.json`, no
/// marketplace above it): findings name its files as `<folder>/plugin.json`.
fn validate_lone_plugin(dir: &std::path::Path) -> Result<Vec<Finding>> {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let plugin = model::load_plugin(dir, &name)?;
    let mut findings = validate::validate_plugin(&plugin);
    findings.sort();
    findings.dedup();
    Ok(findings)
}
