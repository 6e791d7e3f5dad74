//! `secret-guard scan PATH…`: the secret patterns on files at rest, as people run it in
//! pre-commit and CI. Directories are walked with the `ignore` crate (`.gitignore`, also
//! outside a git repository, `.ignore` and git's excludes are respected; hidden files such
//! as `.env` are scanned;
//! `.git/` is not). Binary files (a NUL byte in the first 8 KiB) and files over
//! `--max-file-bytes` are skipped.
//!
//! Output, all with the same rule ids, never the secret itself (only its masked form and
//! digest):
//! - `human`: `error[secrets.github-pat]: GitHub Personal Access Token…` then
//!   `  --> path:line:column` and the masked secret, like rustc;
//! - `jsonl`: one JSON object per finding: `path`, `line`, `column` (1-based, characters),
//!   `rule_id`, `severity`, `message`, `masked`, `digest`;
//! - `sarif`: SARIF 2.1.0 (<https://docs.oasis-open.org/sarif/sarif/v2.1.0/>), written by
//!   `hookkit-report` like skill-lint's: one run, one rule per rule id found,
//!   `partialFingerprints.secretDigest/v1` = the digest;
//! - `github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=RULE::…`),
//!   which the runner shows as annotations on the lines, written by `hookkit-report`.
//!
//! Exit 0 clean, 1 findings, 2 usage or I/O error (findings are still printed).

use hookkit_policy::secrets::{Scanner, SecretRuleSet};
use hookkit_report::output::{eprint, print};
use hookkit_report::{Diagnostic, Level, Region, RuleDescriptor};
use serde_json::{Value, json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-like diagnostics for people.
    Human,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// The arguments of `scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and directories to scan.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Files larger than this many bytes are skipped.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_file_bytes: u64,
}

/// One credential found in a file.
#[derive(Debug, Clone)]
struct FileFinding {
    path: String,
    line: usize,
    column: usize,
    rule_id: String,
    severity: String,
    message: String,
    masked: String,
    digest: String,
}

/// Run `scan`; see the module docs.
pub fn run(args: &ScanArgs) -> ExitCode {
    let scanner = match SecretRuleSet::builtin().and_then(SecretRuleSet::into_scanner) {
        Ok(s) => s,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return ExitCode::from(2);
        }
    };
    let mut findings = Vec::new();
    let mut errors = 0usize;
    let mut walk = ignore::WalkBuilder::new(&args.paths[0]);
    for p in &args.paths[1..] {
        walk.add(p);
    }
    walk.hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp);
    for entry in walk.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprint(&format!("error: {e}\n"));
                errors += 1;
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        match scan_file(&scanner, entry.path(), args.max_file_bytes) {
            Ok(found) => findings.extend(found),
            Err(e) => {
                eprint(&format!("error: {}: {e}\n", entry.path().display()));
                errors += 1;
            }
        }
    }
    let out = render(args.format, &scanner, &findings);
    if let Err(e) = print(&out) {
        eprint(&format!("error: cannot write the output: {e}\n"));
        return ExitCode::from(2);
    }
    match (errors, findings.is_empty()) {
        (0, true) => ExitCode::SUCCESS,
        (0, false) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

fn scan_file(scanner: &Scanner, path: &Path, max: u64) -> Result<Vec<FileFinding>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max
        || bytes.iter().take(8192).any(|b| *b == 0)
    {
        return Ok(Vec::new());
    }
    let text = String::from_utf8_lossy(&bytes);
    let shown = path.display().to_string();
    let found = scanner.scan(&text, Some(&shown))?;
    Ok(found
        .iter()
        .map(|m| {
            let (line, column) = m.line_column(&text);
            let rule = scanner.rules().iter().find(|r| r.id == m.rule_id);
            FileFinding {
                path: shown.clone(),
                line,
                column,
                rule_id: m.rule_id.clone(),
                severity: rule.map_or("high".into(), |r| {
                    format!("{:?}", r.severity).to_lowercase()
                }),
                message: rule.map_or(String::new(), |r| r.message.clone()),
                masked: m.masked.clone(),
                digest: m.digest.clone(),
            }
        })
        .collect())
}

fn render(format: Format, scanner: &Scanner, findings: &[FileFinding]) -> String {
    match format {
        Format::Human => {
            let mut out = String::new();
            for f in findings {
                out.push_str(&format!(
                    "error[{}]: {}\n  --> {}:{}:{}\n   = secret: {} ({})\n\n",
                    f.rule_id, f.message, f.path, f.line, f.column, f.masked, f.digest
                ));
            }
            out.push_str(&match findings.len() {
                0 => "no secrets found\n".to_owned(),
                n => format!("{n} secret(s) found\n"),
            });
            out
        }
        Format::Jsonl => findings
            .iter()
            .map(|f| format!("{}\n", finding_json(f)))
            .collect(),
        Format::Sarif => format!("{:#}\n", sarif(scanner, findings)),
        Format::Github => hookkit_report::github(&diagnostics(findings)),
    }
}

fn finding_json(f: &FileFinding) -> Value {
    json!({
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "rule_id": f.rule_id,
        "severity": f.severity,
        "message": f.message,
        "masked": f.masked,
        "digest": f.digest,
    })
}

/// The SARIF log ([`hookkit_report::sarif()`]): the rules that matched, each with its message
/// as `shortDescription`; every finding at level `error` with its masked form and digest in
/// the message and the digest as `partialFingerprints.secretDigest/v1`.
fn sarif(scanner: &Scanner, findings: &[FileFinding]) -> Value {
    let mut ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let rules: Vec<RuleDescriptor> = ids
        .iter()
        .map(|id| {
            let message = scanner
                .rules()
                .iter()
                .find(|r| r.id == *id)
                .map_or("", |r| r.message.as_str());
            let mut rule = RuleDescriptor::new(*id);
            rule.short_description = Some(message.into());
            rule
        })
        .collect();
    hookkit_report::sarif(
        "secret-guard",
        env!("CARGO_PKG_VERSION"),
        "https://github.com/hookkit/hookkit",
        &rules,
        &diagnostics(findings),
    )
}

/// Each finding as a `hookkit-report` diagnostic: level `error`, its masked form and digest
/// in the message, the digest as the `secretDigest/v1` fingerprint.
fn diagnostics(findings: &[FileFinding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| {
            Diagnostic::new(
                f.rule_id.as_str(),
                Level::Error,
                format!("{} ({}, {})", f.message, f.masked, f.digest),
                f.path.as_str(),
            )
            .at(Region::new(f.line, f.column))
            .with_fingerprint("secretDigest/v1", f.digest.as_str())
        })
        .collect()
}
