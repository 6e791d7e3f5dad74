//! plugin-manifest: generate, validate and drift-check agent host plugin manifests.
//! Exit 0 clean, 1 findings (or stale files with `--check`), 2 usage or I/O error.

use clap::{Parser, Subcommand, ValueEnum};
use plugin_manifest::{Format, render_findings};
use std::io::Write as _;
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
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Command::Generate { check, dir: d } => {
            plugin_manifest::generate::run(&dir(d), check).map(|report| {
                if !report.findings.is_empty() {
                    let _ = stdout
                        .write_all(render_findings(&report.findings, Format::Human).as_bytes());
                }
                for diff in &report.diffs {
                    let _ = stdout.write_all(diff.as_bytes());
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
                let _ = stdout.write_all(render_findings(&findings, format(f)).as_bytes());
                u8::from(!findings.is_empty())
            })
        }
        Command::Drift { format: f, dir: d } => {
            let findings = plugin_manifest::drift::drift(&dir(d));
            let _ = stdout.write_all(render_findings(&findings, format(f)).as_bytes());
            Ok(u8::from(!findings.is_empty()))
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}
