//! Output formats: rustc-style text for people, JSON Lines, SARIF 2.1.0 (OASIS SARIF
//! Version 2.1.0, schema `sarif-schema-2.1.0.json`) and GitHub workflow commands
//! (`::error file=…,line=…,col=…,title=…::message`, GitHub Actions "Workflow commands").

use crate::finding::{Finding, Snippet};
use crate::rules::{RULES, Severity};
use crate::{Report, envelope};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// rustc-style diagnostics with a caret.
    #[default]
    Human,
    /// One JSON object per finding (JSON Lines).
    Json,
    /// One SARIF 2.1.0 log.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human(report),
        Format::Json => json_lines(report),
        Format::Sarif => sarif(report),
        Format::Github => github(report),
    }
}

fn source_lines(report: &Report) -> HashMap<PathBuf, Vec<String>> {
    let mut map = HashMap::new();
    for f in &report.findings {
        map.entry(f.path.clone()).or_insert_with(|| {
            std::fs::read(&f.path)
                .map(|b| {
                    let t = String::from_utf8_lossy(&b).into_owned();
                    let t = t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t);
                    envelope::lines(&t).map(|(_, l)| l.to_string()).collect()
                })
                .unwrap_or_default()
        });
    }
    map
}

/// rustc-style text: `error[rule]: message`, ` --> file:line:col`, the line, a caret, the hint.
pub fn human(report: &Report) -> String {
    let sources = source_lines(report);
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        let n = f.line.to_string();
        let pad = " ".repeat(n.len());
        let _ = writeln!(out, "{pad}--> {}:{}:{}", f.path.display(), f.line, f.column);
        // A line holding a credential is never shown as it is in the file.
        let shown = match &f.snippet {
            Snippet::File => sources
                .get(&f.path)
                .and_then(|l| l.get(f.line - 1))
                .map(|line| (line.as_str(), f.column, f.width)),
            Snippet::Hidden => None,
            Snippet::Masked {
                text,
                column,
                width,
            } => Some((text.as_str(), *column, *width)),
        };
        if let Some((line, column, width)) = shown {
            let shown: String = line.replace('\t', " ");
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{n} | {shown}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(column.max(1) - 1),
                "^".repeat(width.max(1))
            );
        }
        let _ = writeln!(
            out,
            "{pad} = help: {}{}",
            f.hint,
            if f.fixable {
                " (fixable with --fix)"
            } else {
                ""
            }
        );
        out.push('\n');
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let _ = writeln!(
        out,
        "{} skill file{} checked: {errors} error{}, {warnings} warning{}",
        report.files.len(),
        if report.files.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    out
}

/// One JSON object per line: `{"rule","severity","path","line","column","message","hint","fixable"}`.
pub fn json_lines(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| serde_json::to_string(f).unwrap_or_default() + "\n")
        .collect()
}

fn uri(f: &Finding) -> String {
    f.path.to_string_lossy().replace('\\', "/")
}

/// The path as a URI reference (RFC 3986): `/` separators, every byte outside the unreserved
/// set and `/` percent-encoded; an absolute path becomes a `file://` URI (SARIF 2.1.0
/// section 3.4.3: `artifactLocation.uri` is a URI reference).
fn sarif_uri(f: &Finding) -> String {
    let path = uri(f);
    let drive =
        path.len() >= 3 && path.as_bytes()[0].is_ascii_alphabetic() && path[1..].starts_with(":/");
    let (mut out, rest) = if drive {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else if path.starts_with('/') {
        (String::from("file://"), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A SARIF 2.1.0 log with one run; every rule of the catalogue is listed in the driver.
pub fn sarif(report: &Report) -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.doc },
                "help": { "text": r.doc },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "source": r.source, "fixable": r.fixable },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": format!("{} (help: {})", f.message, f.hint) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": sarif_uri(f) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endColumn": f.column + f.width,
                        }
                    }
                }]
            })
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "skill-lint",
                "informationUri": "https://github.com/hookkit/hookkit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// GitHub Actions annotations, one per finding.
pub fn github(report: &Report) -> String {
    let esc_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "::{} file={},line={},col={},endColumn={},title={}::{}\n",
                level(f.severity),
                esc_prop(&uri(f)),
                f.line,
                f.column,
                f.column + f.width,
                esc_prop(f.rule),
                esc_data(&format!("{} (help: {})", f.message, f.hint))
            )
        })
        .collect()
}
