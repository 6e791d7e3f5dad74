//! skill-lint: validate Agent Skills SKILL.md files. Exit 0 clean, 1 findings (errors, or
//! warnings under `--strict`, or a file `--fix` refused to rewrite), 2 usage or I/O error. Output goes through
//! `hookkit_report::output`: a closed pipe (`skill-lint . | head`) ends it quietly.

#![warn(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, Subcommand};
use hookkit_report::output::{eprint, print};
use skill_lint::render::{Format, render};
use skill_lint::{Options, Profile, ProjectRules, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

/// Validate SKILL.md files against the Agent Skills spec and what each host accepts.
#[derive(Parser)]
#[command(name = "skill-lint", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Skill directories, SKILL.md files, plugin directories, a repository, or any files
    /// inside skills (as pre-commit passes them).
    paths: Vec<PathBuf>,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The host whose rules apply.
    #[arg(long, value_enum, default_value_t = Profile::Portable)]
    profile: Profile,
    /// Project rules file (default: `.hookkit.toml` from the current directory upward).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Apply the safe repairs (quote ambiguous values, remove a BOM, normalize fences).
    #[arg(long)]
    fix: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as `yaml.ambiguous-scalar`.
        rule: String,
    },
}

/// mimalloc (v2) rather than the system allocator: linting a repository reads, copies
/// (the scan memo) and frees megabytes of text on two threads. On the AWS agent toolkit
/// (hyperfine, same run, medians of 40): 118.2 -> 102.6 ms. secret-guard, whose typical
/// call is too short to pay for mimalloc's first huge page, takes it for large blocks only
/// (`hookkit_alloc::Split`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Some(Command::Explain { rule }) = &cli.command {
        return match skill_lint::rules::rule(rule) {
            Some(r) => write_out(&skill_lint::rules::explain(r), 0),
            None => fail(&format!(
                "no rule `{rule}`; the rules are in docs/skill-lint/rules.md"
            )),
        };
    }
    if cli.paths.is_empty() {
        return fail("give at least one path (a skill directory, SKILL.md, plugin or repository)");
    }
    let project = match &cli.config {
        Some(file) => ProjectRules::load(file),
        None => {
            ProjectRules::discover(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
        }
    };
    let project = match project {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    let options = Options {
        profile: cli.profile,
        project,
    };
    let mut report = match skill_lint::lint(&cli.paths, &options) {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    let mut refused = 0;
    let mut io_failed = false;
    if cli.fix {
        let fixed = skill_lint::fix::fix_all(&report.findings);
        for (file, findings) in &fixed.written {
            for f in findings {
                eprint(&format!(
                    "fixed {}:{}:{}: {}\n",
                    file.display(),
                    f.line,
                    f.column,
                    f.rule
                ));
            }
        }
        for e in &fixed.refused {
            eprint(&format!("not fixed: {e}\n"));
        }
        refused = fixed.refused.len();
        io_failed = fixed
            .refused
            .iter()
            .any(|e| matches!(e, skill_lint::fix::FixError::Io { .. }));
        if !fixed.written.is_empty() {
            report = match skill_lint::lint(&cli.paths, &options) {
                Ok(r) => r,
                Err(e) => return fail(&e.to_string()),
            };
        }
    }
    let failing = refused
        + report.count(Severity::Error)
        + if cli.strict {
            report.count(Severity::Warning)
        } else {
            0
        };
    let code = if io_failed { 2 } else { u8::from(failing > 0) };
    write_out(&render(&report, cli.format), code)
}

/// Prints `text` and exits with `code`; 2 when stdout cannot be written (a closed pipe is
/// not an error: see `hookkit_report::output::print`).
fn write_out(text: &str, code: u8) -> ExitCode {
    match print(text) {
        Ok(()) => ExitCode::from(code),
        Err(e) => fail(&format!("cannot write the output: {e}")),
    }
}

/// `error: …` on stderr, exit 2.
fn fail(message: &str) -> ExitCode {
    eprint(&format!("error: {message}\n"));
    ExitCode::from(2)
}
