//! Findings and their renderings: rustc-like text for people, JSON Lines for machines,
//! SARIF 2.1.0 for code scanning and GitHub Actions workflow commands for annotations (the
//! same four formats as skill-lint).
//!
//! A finding names a stable rule id (`family.kebab-name`, a public contract listed in
//! [`crate::RULES`]), a severity, the file relative to the repository root, a JSON pointer
//! (RFC 6901) into that file when the finding concerns a JSON value, and a message.

use hookkit_report::{Diagnostic, Level, RuleDescriptor};
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
    /// One SARIF 2.1.0 log (OASIS SARIF Version 2.1.0, schema `sarif-schema-2.1.0.json`),
    /// written by `hookkit-report` like skill-lint's: one run, every rule of [`crate::RULES`] in the driver, one
    /// result per finding with the file as `artifactLocation.uri` and the JSON pointer as a
    /// logical location (`fullyQualifiedName`, kind `member`).
    Sarif,
    /// GitHub Actions workflow commands, one per finding:
    /// `::error file=F,title=RULE::message (at POINTER)` ("Workflow commands for GitHub
    /// Actions": data escapes `%`, CR, LF; properties also `:` and `,`).
    Github,
}

/// Renders `findings` (already sorted by the caller) in `format`. Human output ends
/// with a summary line (`2 errors, 1 warning` or `no findings`); JSON Lines and GitHub
/// commands have none (no findings: empty output); SARIF is one log, with an empty
/// `results` array when clean.
pub fn render(findings: &[Finding], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Sarif => out = sarif(findings),
        Format::Github => out = github(findings),
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

fn message_with_pointer(f: &Finding) -> String {
    if f.pointer.is_empty() {
        f.message.clone()
    } else {
        format!("{} (at {})", f.message, f.pointer)
    }
}

/// The findings as `hookkit-report` diagnostics: no region (a finding names a JSON value,
/// not a line), the pointer appended to the message and, for SARIF, a logical location of
/// kind `member`.
fn diagnostics(findings: &[Finding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| {
            let level = match f.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
            };
            let d = Diagnostic::new(f.rule, level, message_with_pointer(f), f.file.as_str());
            if f.pointer.is_empty() {
                d
            } else {
                d.in_logical(f.pointer.as_str(), "member")
            }
        })
        .collect()
}

fn sarif(findings: &[Finding]) -> String {
    let rules: Vec<RuleDescriptor> = crate::RULES
        .iter()
        .map(|id| RuleDescriptor::new(*id))
        .collect();
    let log = hookkit_report::sarif(
        "plugin-manifest",
        env!("CARGO_PKG_VERSION"),
        "https://github.com/hookkit/hookkit",
        &rules,
        &diagnostics(findings),
    );
    // A json! value always serializes; an empty string rather than a panic otherwise.
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn github(findings: &[Finding]) -> String {
    hookkit_report::github(&diagnostics(findings))
}

/// Escapes one JSON pointer token (RFC 6901 §3: `~` → `~0`, `/` → `~1`).
pub fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
