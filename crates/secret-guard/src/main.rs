//! secret-guard: the hook an agent host runs before and after every tool call, so that no
//! secret value reaches the model; and `secret-guard scan`, the same patterns on files at
//! rest (pre-commit, CI).
//!
//! Hook mode (the default) reads the host's payload on stdin and answers in that host's
//! format (see `hookkit_policy::secret_guard` for what is checked). Any failure of
//! hookkit itself becomes the configured `on_error` decision (deny by default), never a
//! crash. Everything else it prints goes through `hookkit_report::output`, so that a
//! closed pipe (`secret-guard scan . | head`) ends the output quietly instead of panicking.

#![warn(clippy::print_stdout, clippy::print_stderr)]

mod scan;

use clap::{Parser, Subcommand};
use hookkit_policy::secret_guard::{GUARD, SecretGuard};
use hookkit_policy::{Host, RuleSet};
use hookkit_report::output::{eprint, print};
use std::path::PathBuf;
use std::process::ExitCode;

/// Keep secret values out of the model's context: refuse commands that fetch secrets and
/// literal credentials in tool inputs, and flag credentials in tool output.
#[derive(Parser)]
#[command(name = "secret-guard", version)]
struct Cli {
    /// The host running this hook (claude-code, codex, cursor, gemini-cli, copilot-cli,
    /// qwen-code, factory-droid); detected from the payload when absent.
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
    /// Scan files and directories (respecting .gitignore) for credentials; files of any
    /// size (large ones streamed, with the findings of a whole-file scan). Exit 0 clean,
    /// 1 findings, 2 usage error, 3 some file was skipped or not completely scanned (each
    /// named on stderr; findings in the rest are still printed). Secrets are printed
    /// masked, never in full.
    Scan(scan::ScanArgs),
}

/// The system allocator for a typical call's small blocks, mimalloc for a large output's
/// buffers (see `hookkit_alloc`).
#[global_allocator]
static GLOBAL: hookkit_alloc::Split = hookkit_alloc::Split;

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
    hookkit_hooks::run_guard(GUARD, cli.host, cli.config.clone(), |call, config| {
        // Not dropped: the process ends right after, and freeing every rule costs more
        // than a tenth of a hook call.
        let guard = std::mem::ManuallyDrop::new(SecretGuard::builtin()?);
        Ok(guard.decide(call, config)?)
    })
    .emit()
}

fn list_rules() -> ExitCode {
    let loaded = RuleSet::builtin(hookkit_policy::fetch::FAMILY)
        .and_then(|fetch| Ok((fetch, SecretGuard::builtin()?)));
    let (fetch, guard) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    let rules = fetch.rules.iter().map(|r| (&r.id, &r.message));
    for (id, message) in rules.chain(
        guard
            .scanner
            .scanner()
            .rules()
            .iter()
            .map(|r| (&r.id, &r.message)),
    ) {
        text.push_str(&format!("{id:<48} {message}\n"));
    }
    match print(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint(&format!("error: cannot write the output: {e}\n"));
            ExitCode::from(2)
        }
    }
}
