//! Output formats: rustc-style text for people, JSON Lines, SARIF 2.1.0 (OASIS SARIF
//! Version 2.1.0, schema `sarif-schema-2.1.0.json`) and GitHub workflow commands
//! (`::error file=…,line=…,col=…,title=…::message`, GitHub Actions "Workflow commands");
//! the last two are written by `hookkit-report` from this crate's findings and rules.

use crate::finding::Snippet;
use crate::rules::{RULES, Severity};
use crate::{Report, envelope};
use hookkit_report::{Diagnostic, Level, Region, RuleDescriptor};
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

/// The text of each file a finding shows a line of and has not taken it yet
/// ([`Snippet::File`]; a leading BOM dropped, as the checks drop it), and where each of its
/// lines starts (byte offsets).
fn sources(report: &Report) -> HashMap<PathBuf, (String, Vec<usize>)> {
    let mut map = HashMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.snippet == Snippet::File)
    {
        map.entry(f.path.clone()).or_insert_with(|| {
            let text = std::fs::read(&f.path)
                .map(crate::credentials::lossy_text)
                .unwrap_or_default();
            let starts = envelope::lines(&text).map(|(at, _)| at).collect();
            (text, starts)
        });
    }
    map
}

/// Line `n` (1-based) of a file from [`sources`], without its line break.
fn source_line((text, starts): &(String, Vec<usize>), n: usize) -> Option<&str> {
    let start = *starts.get(n.checked_sub(1)?)?;
    envelope::lines(text.get(start..)?).next().map(|(_, l)| l)
}

/// rustc-style text: `error[rule]: message`, ` --> file:line:col`, the line, a caret, the hint.
pub fn human(report: &Report) -> String {
    let sources = sources(report);
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
                .and_then(|source| source_line(source, f.line))
                .map(|line| (line, f.column, f.width)),
            Snippet::Hidden => None,
            Snippet::Line(line) => Some((line.as_str(), f.column, f.width)),
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

fn rule_descriptors() -> Vec<RuleDescriptor> {
    RULES
        .iter()
        .map(|r| {
            let mut d = RuleDescriptor::new(r.id);
            d.short_description = Some(r.summary.into());
            d.full_description = Some(r.doc.into());
            d.help = Some(r.doc.into());
            d.default_level = Some(level(r.severity));
            d.properties.insert("source".into(), r.source.into());
            d.properties.insert("fixable".into(), r.fixable.into());
            d
        })
        .collect()
}

fn diagnostics(report: &Report) -> Vec<Diagnostic> {
    report
        .findings
        .iter()
        .map(|f| {
            Diagnostic::new(
                f.rule,
                level(f.severity),
                f.message.as_str(),
                f.path.to_string_lossy(),
            )
            .at(Region::new(f.line, f.column).until(f.column + f.width))
            .with_help(f.hint.as_str())
        })
        .collect()
}

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    }
}

/// A SARIF 2.1.0 log with one run ([`hookkit_report::sarif()`]); every rule of the catalogue
/// is listed in the driver with its summary, documentation, default level, source and
/// whether it is fixable; each finding's message ends with ` (help: HINT)`.
pub fn sarif(report: &Report) -> String {
    let log = hookkit_report::sarif(
        "skill-lint",
        env!("CARGO_PKG_VERSION"),
        "https://github.com/hookkit/hookkit",
        &rule_descriptors(),
        &diagnostics(report),
    );
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// GitHub Actions annotations, one per finding ([`hookkit_report::github()`]), with line,
/// column and end column.
pub fn github(report: &Report) -> String {
    hookkit_report::github(&diagnostics(report))
}
