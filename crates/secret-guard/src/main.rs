//! secret-guard: the hook an agent host runs before and after every tool call, so that no
//! secret value reaches the model; and `secret-guard scan`, the same patterns on files at
//! rest (pre-commit, CI).
//!
//! Hook mode (the default) reads the host's payload on stdin and answers in that host's
//! format (see `hookkit_policy::secret_guard` for what is checked). Any failure of
//! hookkit itself becomes the configured `on_error` decision (deny by default), never a
//! crash.

mod scan;

use clap::{Parser, Subcommand};
use hookkit_hooks::{Outcome, RunSettings, Target};
use hookkit_policy::secret_guard::{GUARD, SecretGuard};
use hookkit_policy::{Config, ConfigSources, Decision, Host, ToolCall};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;

/// Keep secret values out of the model's context: refuse commands that fetch secrets and
/// literal credentials in tool inputs, and flag credentials in tool output.
#[derive(Parser)]
#[command(name = "secret-guard", version)]
struct Cli {
    /// The host running this hook (claude-code, codex, cursor, gemini-cli, copilot-cli);
    /// detected from the payload when absent.
    #[arg(long)]
    host: Option<Host>,
    /// A configuration file layered over all others (like $HOOKKIT_CONFIG).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print every built-in rule (fetch and secret patterns) and exit.
    #[arg(long)]
    list_rules: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files and directories (respecting .gitignore) for credentials. Exit 0 clean,
    /// 1 findings, 2 usage or I/O error. Secrets are printed masked, never in full.
    Scan(scan::ScanArgs),
}

fn main() -> ExitCode {
    hookkit_hooks::install_quiet_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match (&cli.command, cli.list_rules) {
        (Some(Command::Scan(args)), _) => scan::run(args),
        (None, true) => list_rules(),
        (None, false) => hook(&cli),
    }
}

fn hook(cli: &Cli) -> ExitCode {
    match catch_unwind(AssertUnwindSafe(|| hook_inner(cli))) {
        Ok(code) => code,
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "hookkit secret-guard failed internally and blocks this call; it is hookkit's own failure"
            );
            ExitCode::from(2)
        }
    }
}

fn hook_inner(cli: &Cli) -> ExitCode {
    let cwd = std::env::current_dir().ok();
    let base = Config::load(&ConfigSources::discover(cwd.as_deref(), cli.config.clone()));
    let settings = match &base {
        Ok(c) => RunSettings {
            on_error: c.on_error,
            max_input_bytes: usize::try_from(c.max_input_bytes).unwrap_or(usize::MAX),
        },
        Err(_) => RunSettings::default(),
    };
    let input = match hookkit_hooks::read_stdin_bounded(settings.max_input_bytes) {
        Ok(input) => input,
        Err(e) => {
            let failed = Outcome {
                target: cli.host.map_or(Target::Unknown, Target::Host),
                call: None,
                decision: Decision::internal_error(
                    settings.on_error,
                    &format!("could not read the hook input: {e}"),
                ),
                error: None,
            };
            return emit(&failed.render());
        }
    };
    let mut used: Option<Config> = None;
    let mut outcome = hookkit_hooks::check(cli.host, &input, &settings, |call| {
        let config = config_for(call, cwd.as_deref(), cli, base)?;
        // Not dropped: the process ends right after, and freeing every rule costs more
        // than a tenth of a hook call.
        let guard = std::mem::ManuallyDrop::new(SecretGuard::builtin()?);
        let decision = guard.decide(call, &config)?;
        used = Some(config);
        Ok(decision)
    });
    if let Some(config) = used.as_ref().filter(|c| c.audit.enabled) {
        record(config, &input, &mut outcome);
    }
    emit(&outcome.render())
}

/// The configuration for the call's own working directory (the process's may differ).
fn config_for(
    call: &ToolCall,
    process_cwd: Option<&std::path::Path>,
    cli: &Cli,
    base: Result<Config, hookkit_policy::Error>,
) -> Result<Config, hookkit_policy::Error> {
    match &call.cwd {
        Some(cwd) if Some(cwd.as_path()) != process_cwd => {
            Config::load(&ConfigSources::discover(Some(cwd), cli.config.clone()))
        }
        _ => base,
    }
}

/// Append the audit record (rule ids and a digest of the input, never the input); when
/// the log cannot be written the decision becomes the `on_error` one.
fn record(config: &Config, input: &[u8], outcome: &mut Outcome) {
    if let Err(e) = hookkit_policy::audit::record(
        GUARD,
        config,
        outcome.call.as_ref(),
        &outcome.decision,
        input,
    ) {
        outcome.decision = Decision::internal_error(
            config.on_error,
            &format!("could not write the audit log: {e}"),
        );
    }
}

fn emit(answer: &hookkit_hooks::Rendered) -> ExitCode {
    let _ = std::io::stdout().write_all(answer.stdout.as_bytes());
    let _ = std::io::stderr().write_all(answer.stderr.as_bytes());
    ExitCode::from(u8::try_from(answer.exit_code).unwrap_or(2))
}

fn list_rules() -> ExitCode {
    match SecretGuard::builtin() {
        Ok(guard) => {
            for r in &guard.fetch.rules {
                println!("{:<48} {}", r.id, r.message);
            }
            for r in guard.scanner.rules() {
                println!("{:<48} {}", r.id, r.message);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
