//! plugin-manifest: generate, validate and drift-check agent host plugin manifests.
//! Exit 0 clean, 1 findings (or stale files with `--check`), 2 usage or I/O error. Output
//! goes through `hookkit_report::output`: a closed pipe (`plugin-manifest validate | head`)
//! ends it quietly.

#![warn(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, Subcommand, ValueEnum};
use hookkit_report::output::{eprint, print};
use plugin_manifest::{Format, render_findings};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generate every host's plugin and marketplace manifests from canonical Agent Plugins files.
#[derive(Parser)]
#[command(name = "plugin-manifest", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// rustc-like text and a summary line.
    Human,
    /// JSON Lines, one finding per line.
    Json,
    /// One SARIF 2.1.0 log (code scanning).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Write every generated file that is out of date (atomically).
    Generate {
        /// Write nothing; print a unified diff per stale file and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Repository root (default: the current directory).
        dir: Option<PathBuf>,
    },
    /// Check canonical files against the Agent Plugins schemas and rules, and the Cursor
    /// manifests against Cursor's schemas.
    Validate {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Repository root (default: the current directory).
        dir: Option<PathBuf>,
    },
    /// Report disagreements across hand-written host manifests and marketplaces.
    Drift {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Repository root (default: the current directory).
        dir: Option<PathBuf>,
    },
}

fn format(f: FormatArg) -> Format {
    match f {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let dir = |d: Option<PathBuf>| d.unwrap_or_else(|| PathBuf::from("."));
    let mut stdout = String::new();
    let result = match cli.command {
        Command::Generate { check, dir: d } => {
            plugin_manifest::generate::run(&dir(d), check).map(|report| {
                if !report.findings.is_empty() {
                    stdout.push_str(&render_findings(&report.findings, Format::Human));
                }
                for diff in &report.diffs {
                    stdout.push_str(diff);
                }
                if !check {
                    for path in &report.stale {
                        let _ = writeln!(stdout, "wrote {path}");
                    }
                } else if !report.stale.is_empty() {
                    let _ = writeln!(
                        stdout,
                        "{} generated file(s) out of date: run `plugin-manifest generate`",
                        report.stale.len()
                    );
                }
                report.exit_code(check)
            })
        }
        Command::Validate { format: f, dir: d } => {
            plugin_manifest::validate_dir(&dir(d)).map(|findings| {
                stdout.push_str(&render_findings(&findings, format(f)));
                u8::from(!findings.is_empty())
            })
        }
        Command::Drift { format: f, dir: d } => {
            let findings = plugin_manifest::drift::drift(&dir(d));
            stdout.push_str(&render_findings(&findings, format(f)));
            Ok(u8::from(!findings.is_empty()))
        }
    };
    let failure = match result {
        Ok(code) => match print(&stdout) {
            Ok(()) => return ExitCode::from(code),
            Err(e) => format!("cannot write the output: {e}"),
        },
        Err(e) => e.to_string(),
    };
    eprint(&format!("error: {failure}\n"));
    ExitCode::from(2)
}
