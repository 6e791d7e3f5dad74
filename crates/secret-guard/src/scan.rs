//! `secret-guard scan PATH…`: the secret patterns on files at rest, as people run it in
//! pre-commit and CI. Directories are walked with the `ignore` crate (`.gitignore`, also
//! outside a git repository, `.ignore` and git's excludes are respected; hidden files such
//! as `.env` are scanned;
//! `.git/` is not). Binary files (a NUL byte in the first 8 KiB) are not scanned. Paths a
//! [`IGNORE_FILE`] (gitignore syntax, in any scanned folder) names are not scanned either,
//! unless `--no-ignore-file`: a repository marks its test corpora and fake fixtures on
//! purpose (as `.gitleaksignore` does for gitleaks), in a file its review sees.
//!
//! Files of any size are scanned: up to [`StreamLimits::max_window_bytes`] (64 MiB) whole,
//! each rule run only around its keywords ([`WindowedScanner`], the findings of
//! [`Scanner::scan`]), larger ones streamed in windows with the same findings as a
//! whole-file scan ([`Scanner::scan_stream`]); either way in memory bounded by about that
//! size. A file is never skipped silently: one that cannot be read, one over
//! `--max-file-bytes` (no limit by default), and one holding a match or a line longer than
//! a window (whose findings near it may differ) are each named on stderr
//! (`skipped: PATH: why`, `incomplete: PATH: why`), and the exit code is 3.
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
//! Exit 0 clean (every file scanned), 1 findings (every file scanned), 2 usage error (a
//! path that does not exist, rules that do not load, output that cannot be written), 3 some
//! file was skipped or not completely scanned (findings in the rest are still printed).

use hookkit_hooks::{MAPPED_FROM, read_most};
use hookkit_policy::secrets::{
    ScanMemo, Scanner, SecretMatch, SecretRuleSet, StreamLimits, WindowedScanner,
};
use hookkit_report::output::{eprint, print};
use hookkit_report::{Diagnostic, Level, Region, RuleDescriptor};
use serde_json::{Value, json};
use std::io::Seek;
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
    /// Files larger than this many bytes are not scanned: each is named on stderr and the
    /// exit code is 3. Default: no limit (large files are streamed).
    #[arg(long, value_name = "BYTES")]
    max_file_bytes: Option<u64>,
    /// Scan the paths a `.secret-guard-ignore` file names too.
    #[arg(long)]
    no_ignore_file: bool,
}

/// The name of the file (gitignore syntax) whose patterns `scan` skips: test corpora and
/// fake fixtures a repository keeps on purpose.
pub const IGNORE_FILE: &str = ".secret-guard-ignore";

/// Why a file was not (completely) scanned.
enum Unscanned {
    /// Not scanned at all.
    Skipped(String),
    /// Scanned, but its findings may differ from a whole-file scan.
    Incomplete(String),
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
    // Not dropped: the process ends right after, and freeing every rule's regexes, plans
    // and caches took 2-3% of a 10 MiB scan.
    let scanner = match SecretRuleSet::builtin().and_then(SecretRuleSet::into_scanner) {
        Ok(s) => std::mem::ManuallyDrop::new(WindowedScanner::new(s)),
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return ExitCode::from(2);
        }
    };
    // A path that does not exist is a usage error, not a file that could not be read.
    let missing: Vec<&PathBuf> = args.paths.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for p in missing {
            eprint(&format!(
                "error: {}: no such file or directory\n",
                p.display()
            ));
        }
        return ExitCode::from(2);
    }
    let mut findings = Vec::new();
    let mut unscanned = 0usize;
    // A file copied into several folders is scanned once.
    let memo = ScanMemo::new();
    let mut walk = ignore::WalkBuilder::new(&args.paths[0]);
    for p in &args.paths[1..] {
        walk.add(p);
    }
    if !args.no_ignore_file {
        walk.add_custom_ignore_filename(IGNORE_FILE);
    }
    walk.hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp);
    for entry in walk.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprint(&format!("skipped: {e}\n"));
                unscanned += 1;
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let (found, problem) = scan_file(&scanner, &memo, entry.path(), args.max_file_bytes);
        findings.extend(found);
        let shown = entry.path().display();
        match problem {
            None => {}
            Some(Unscanned::Skipped(why)) => {
                eprint(&format!("skipped: {shown}: {why}\n"));
                unscanned += 1;
            }
            Some(Unscanned::Incomplete(why)) => {
                eprint(&format!("incomplete: {shown}: {why}\n"));
                unscanned += 1;
            }
        }
    }
    let mut out = render(args.format, scanner.scanner(), &findings);
    if args.format == Format::Human && unscanned > 0 {
        out.push_str(&format!(
            "{unscanned} file(s) not scanned completely (named on stderr)\n"
        ));
    }
    if let Err(e) = print(&out) {
        eprint(&format!("error: cannot write the output: {e}\n"));
        return ExitCode::from(2);
    }
    match (unscanned, findings.is_empty()) {
        (0, true) => ExitCode::SUCCESS,
        (0, false) => ExitCode::from(1),
        _ => ExitCode::from(3),
    }
}

/// The findings in one file, and why it was not (completely) scanned, if it was not.
fn scan_file(
    scanner: &WindowedScanner,
    memo: &ScanMemo,
    path: &Path,
    max: Option<u64>,
) -> (Vec<FileFinding>, Option<Unscanned>) {
    match read_and_scan(scanner, memo, path, max) {
        Ok((found, incomplete)) => (found, incomplete.map(Unscanned::Incomplete)),
        Err(why) => (Vec::new(), Some(Unscanned::Skipped(why))),
    }
}

/// Scans the file at `path`: whole when it fits one window, else streamed. Binary files
/// give nothing. The error says why the file could not be scanned.
fn read_and_scan(
    scanner: &WindowedScanner,
    memo: &ScanMemo,
    path: &Path,
    max: Option<u64>,
) -> Result<(Vec<FileFinding>, Option<String>), String> {
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    if let Some(max) = max.filter(|max| size > *max) {
        return Err(format!("{size} bytes, over --max-file-bytes {max}"));
    }
    let limits = StreamLimits::default();
    // Sized once (grown by doubling, a 10 MiB file was copied and faulted in again and
    // again: 9% of its scan); a large file in huge pages.
    let most = limits.max_window_bytes.saturating_add(1);
    let hint = usize::try_from(size).unwrap_or(most).min(MAPPED_FROM) + 1;
    let bytes = read_most(&mut file, most, Vec::with_capacity(hint)).map_err(|e| e.to_string())?;
    if memchr::memchr(0, bytes.get(..8192).unwrap_or(&bytes)).is_some() {
        return Ok((Vec::new(), None));
    }
    let shown = path.display().to_string();
    if bytes.len() <= limits.max_window_bytes {
        // What `String::from_utf8_lossy` gives, with the validator's fast path for the
        // common case of valid UTF-8 (its chunked decoding took 8% of a scan).
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&bytes),
        };
        let found = scanner.scan_memo(memo, &text, Some(&shown))?;
        let mut locator = hookkit_policy::Locator::new(&text);
        let located = found.into_iter().map(|m| {
            let (line, column) = locator.at(m.start);
            (m, line, column)
        });
        return Ok((file_findings(scanner.scanner(), &shown, located), None));
    }
    drop(bytes);
    file.rewind().map_err(|e| e.to_string())?;
    let scanner = scanner.scanner();
    let streamed = scanner.scan_stream(std::io::BufReader::new(file), Some(&shown), &limits)?;
    let located = streamed
        .findings
        .into_iter()
        .map(|f| (f.secret, f.line, f.column));
    Ok((file_findings(scanner, &shown, located), streamed.incomplete))
}

/// Findings (with line and column) as reported for the file shown as `shown`.
fn file_findings(
    scanner: &Scanner,
    shown: &str,
    found: impl Iterator<Item = (SecretMatch, usize, usize)>,
) -> Vec<FileFinding> {
    found
        .map(|(m, line, column)| {
            let rule = scanner.rules().iter().find(|r| r.id == m.rule_id);
            FileFinding {
                path: shown.to_owned(),
                line,
                column,
                rule_id: m.rule_id,
                severity: rule.map_or("high".into(), |r| {
                    format!("{:?}", r.severity).to_lowercase()
                }),
                message: rule.map_or(String::new(), |r| r.message.clone()),
                masked: m.masked,
                digest: m.digest,
            }
        })
        .collect()
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
