//! hookkit-audit: the report and the per-session replay of hookkit's audit trail.
//!
//! Exit 0 with the report, 2 on a usage error or a trail that cannot be read; `verify`
//! exits 1 when it finds a problem in the hash chain. Output goes
//! through `hookkit_report::output`: a closed pipe (`hookkit-audit report | head`) ends it
//! quietly.

#![warn(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, Subcommand, ValueEnum};
use hookkit_audit::{Filter, Options, replay, report, verify};
use hookkit_audit_trail::store::{self, Trail as TrailLocation};
use hookkit_policy::{ActionClass, Config, ConfigSources, Environment, Verdict};
use hookkit_report::output::{eprint, print};
use std::path::PathBuf;
use std::process::ExitCode;

/// Read hookkit's audit trail: what each agent tool call asked, what hookkit decided, what
/// ran.
#[derive(Parser)]
#[command(name = "hookkit-audit", version)]
struct Cli {
    /// The trail directory (default: `[audit] dir` of the configuration, else
    /// `$XDG_STATE_HOME/hookkit/audit`).
    #[arg(long, value_name = "DIR", global = true)]
    dir: Option<PathBuf>,
    /// Trail files to read instead of a directory (repeatable).
    #[arg(long = "file", value_name = "FILE", global = true)]
    files: Vec<PathBuf>,
    /// A configuration file layered over all others (like $HOOKKIT_CONFIG).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// `table` for people, `json` for machines.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    format: Format,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Calls per session, host, class and environment; every denial and ask with its rule;
    /// every change attempted in production and whether it ran; the share of calls with
    /// complete records.
    Report(FilterArgs),
    /// The ordered narrative of one session: intent, decision, outcome.
    Replay {
        /// The session id.
        session: String,
    },
    /// Check the hash chain: name every record edited, removed, reordered or cut short,
    /// with its file and line (exit 1), or say OK with the counts (exit 0).
    Verify,
}

#[derive(clap::Args)]
struct FilterArgs {
    /// Calls at or after this time (RFC 3339, or YYYY-MM-DD in UTC).
    #[arg(long)]
    since: Option<String>,
    /// Calls before this time (RFC 3339, or YYYY-MM-DD in UTC).
    #[arg(long)]
    until: Option<String>,
    /// Calls of this session.
    #[arg(long)]
    session: Option<String>,
    /// Calls of this host (claude-code, codex, cursor, gemini-cli, copilot-cli,
    /// qwen-code).
    #[arg(long)]
    host: Option<String>,
    /// Calls with this decision (allow, ask, deny).
    #[arg(long, value_parser = parse_verdict)]
    decision: Option<Verdict>,
    /// Calls with this action class (read, create, modify, delete, irreversible, opaque).
    #[arg(long, value_parser = parse_class)]
    class: Option<ActionClass>,
    /// Calls touching this environment (production, staging, development, unknown).
    #[arg(long, value_parser = parse_environment)]
    environment: Option<Environment>,
}

fn parse_kebab<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| e.to_string())
}

fn parse_verdict(s: &str) -> Result<Verdict, String> {
    parse_kebab(s)
}

fn parse_class(s: &str) -> Result<ActionClass, String> {
    parse_kebab(s)
}

fn parse_environment(s: &str) -> Result<Environment, String> {
    parse_kebab(s)
}

/// An RFC 3339 time (any offset) or a date, as UTC `YYYY-MM-DDTHH:MM:SS`.
fn parse_time(s: &str) -> Result<String, String> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.strftime("%Y-%m-%dT%H:%M:%S").to_string());
    }
    match s.parse::<jiff::civil::Date>() {
        Ok(d) => Ok(format!("{d}T00:00:00")),
        Err(_) => Err(format!(
            "`{s}` is not an RFC 3339 time (2026-05-01T10:00:00Z) or a date (2026-05-01)"
        )),
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
    match run(&cli).and_then(|(out, code)| {
        print(&out)
            .map(|()| code)
            .map_err(|e| format!("cannot write the output: {e}"))
    }) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            ExitCode::from(2)
        }
    }
}

/// The output and the exit code.
fn run(cli: &Cli) -> Result<(String, u8), String> {
    let paths = trail_files(cli)?;
    let json = cli.format == Format::Json;
    if let Command::Verify = cli.command {
        let v = verify::verify(&paths).map_err(|e| e.to_string())?;
        let out = if json {
            format!(
                "{}\n",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            )
        } else {
            verify::render(&v)
        };
        return Ok((out, if v.ok() { 0 } else { 1 }));
    }
    run_read(cli, &paths).map(|out| (out, 0))
}

/// `report` and `replay`.
fn run_read(cli: &Cli, paths: &[PathBuf]) -> Result<String, String> {
    let options = match &cli.command {
        Command::Report(_) | Command::Verify => Options::default(),
        Command::Replay { session } => Options {
            session: Some(session.clone()),
            detail: true,
        },
    };
    let calls = hookkit_audit::read(paths, options).map_err(|e| e.to_string())?;
    let json = cli.format == Format::Json;
    match &cli.command {
        Command::Verify => Ok(String::new()),
        Command::Report(args) => {
            let filter = Filter {
                since: args.since.as_deref().map(parse_time).transpose()?,
                until: args.until.as_deref().map(parse_time).transpose()?,
                session: args.session.clone(),
                host: args.host.clone(),
                decision: args.decision,
                class: args.class,
                environment: args.environment,
            };
            let r = report::report(&calls, &filter);
            Ok(if json {
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?
                )
            } else {
                report::render_table(&r)
            })
        }
        Command::Replay { session } => {
            let steps = replay::replay(&calls, session);
            if steps.is_empty() {
                return Err(format!("no calls of session `{session}` in the trail"));
            }
            Ok(if json {
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&steps).map_err(|e| e.to_string())?
                )
            } else {
                replay::render(session, &steps)
            })
        }
    }
}

/// `--file`s, else the files of `--dir`, else of the configured trail.
fn trail_files(cli: &Cli) -> Result<Vec<PathBuf>, String> {
    if !cli.files.is_empty() {
        return Ok(cli.files.clone());
    }
    if let Some(dir) = &cli.dir {
        return store::files_in(dir).map_err(|e| e.to_string());
    }
    let cwd = std::env::current_dir().ok();
    let config = Config::load(&ConfigSources::discover(cwd.as_deref(), cli.config.clone()))
        .map_err(|e| e.to_string())?;
    TrailLocation::from_config(&config.audit)
        .and_then(|t| t.files())
        .map_err(|e| e.to_string())
}
