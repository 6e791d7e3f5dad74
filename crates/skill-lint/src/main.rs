//! skill-lint: validate Agent Skills SKILL.md files. Exit 0 clean, 1 findings (errors, or
//! warnings under `--strict`), 2 usage or I/O error.

use clap::{Parser, Subcommand};
use skill_lint::render::{Format, render};
use skill_lint::{Options, Profile, ProjectRules, Severity};
use std::io::Write;
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
            Some(r) => {
                print!("{}", skill_lint::rules::explain(r));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no rule `{rule}`; the rules are in docs/skill-lint/rules.md");
                ExitCode::from(2)
            }
        };
    }
    if cli.paths.is_empty() {
        eprintln!(
            "error: give at least one path (a skill directory, SKILL.md, plugin or repository)"
        );
        return ExitCode::from(2);
    }
    let project = match &cli.config {
        Some(file) => ProjectRules::load(file),
        None => {
            ProjectRules::discover(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
        }
    };
    let project = match project {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        profile: cli.profile,
        project,
    };
    let mut report = match skill_lint::lint(&cli.paths, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if cli.fix {
        match skill_lint::fix::fix_all(&report.findings) {
            Ok(written) => {
                for w in &written {
                    eprintln!("fixed {}", w.display());
                }
                if !written.is_empty() {
                    report = match skill_lint::lint(&cli.paths, &options) {
                        Ok(r) => r,
                        Err(e) => {
                            eprintln!("error: {e}");
                            return ExitCode::from(2);
                        }
                    };
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let _ = std::io::stdout().write_all(render(&report, cli.format).as_bytes());
    let failing = report.count(Severity::Error)
        + if cli.strict {
            report.count(Severity::Warning)
        } else {
            0
        };
    ExitCode::from(if failing > 0 { 1 } else { 0 })
}
