//! Findings and their two renderings: rustc-like text for people, JSON Lines for machines.
//!
//! A finding names a stable rule id (`family.kebab-name`, a public contract listed in
//! [`crate::RULES`]), a severity, the file relative to the repository root, a JSON pointer
//! (RFC 6901) into that file when the finding concerns a JSON value, and a message.

use serde::Serialize;

/// How bad a finding is. Errors make `validate` and `drift` exit 1; warnings do too
/// (a repository either is clean or is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; the hosts still load the plugin.
    Warning,
    /// A host rejects or misreads the file, or the specification forbids it.
    Error,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Repository-relative path with `/` separators.
    pub file: String,
    /// JSON pointer into `file` (`""` is the whole document).
    pub pointer: String,
    /// The stable rule id, e.g. `mcp.unpinned-package`.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong and what to do instead.
    pub message: String,
}

impl Finding {
    /// An error-severity finding.
    pub fn error(
        rule: &'static str,
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            rule,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning-severity finding.
    pub fn warning(
        rule: &'static str,
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(rule, file, pointer, message)
        }
    }
}

/// Output format of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `error[rule]: message` then `  --> file#pointer`, and a summary line.
    #[default]
    Human,
    /// One JSON object per line: `{"file","pointer","rule","severity","message"}`.
    Json,
}

/// Renders `findings` (already sorted by the caller) in `format`. Human output ends
/// with a summary line (`2 errors, 1 warning` or `no findings`); JSON Lines has none.
pub fn render(findings: &[Finding], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            for f in findings {
                // A Finding always serializes; fall back to an empty object rather than panic.
                out.push_str(&serde_json::to_string(f).unwrap_or_else(|_| "{}".into()));
                out.push('\n');
            }
        }
        Format::Human => {
            for f in findings {
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                out.push_str(&format!("{level}[{}]: {}\n", f.rule, f.message));
                if f.pointer.is_empty() {
                    out.push_str(&format!("  --> {}\n", f.file));
                } else {
                    out.push_str(&format!("  --> {}#{}\n", f.file, f.pointer));
                }
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let warnings = findings.len() - errors;
            if findings.is_empty() {
                out.push_str("no findings\n");
            } else {
                out.push_str(&format!(
                    "{errors} error{}, {warnings} warning{}\n",
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                ));
            }
        }
    }
    out
}

/// Escapes one JSON pointer token (RFC 6901 §3: `~` → `~0`, `/` → `~1`).
pub fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
