//! hookkit: the front door a person runs to set hookkit up. Never the agent: a verb
//! here changes what the agent may do.
//!
//! Verbs (`hookkit VERB --help` for each):
//! - `trust FILE`, `trust --list`, `trust --revoke FILE`: let an agent-writable
//!   configuration file (a project's `.hookkit.toml`, a rule file it names) loosen the
//!   policy, list those records, withdraw one ([`trust`]; the model is described in
//!   `hookkit_policy::config`).
//! - `doctor [--host HOST…] [--format human|json]`: whether each agent host would run the
//!   guards, and the exact fix for whatever would leave one off ([`doctor`]). Reads only.
//! - `install [--host HOST…] [--scope user|project] [--dry-run]`, `uninstall …`: both
//!   guards' registrations written into each host's settings, by absolute path, or taken
//!   out ([`install`]).
//! - `iam-policy --profile NAME [--scp] [--environment ENV] [--ask-as deny|allow]
//!   [--split-dir DIR]`: the profile as IAM policies (or service control policies) that
//!   deny, for requests made through AWS-managed MCP servers, the AWS actions it denies
//!   in production ([`iam_policy`]). Reads only, unless `--split-dir`.
//!
//! Exit codes: 0 done (`doctor`: every host with a registration is guarded), 1 nothing to
//! do (`--revoke` of a file with no record) or, for `doctor`, something would leave a guard
//! off, 2 a usage, configuration or I/O error (on stderr). Output goes through `hookkit_report::output`: a
//! closed pipe (`hookkit trust --list | head`) ends it quietly.

#![warn(clippy::print_stdout, clippy::print_stderr)]

mod doctor;
mod iam_policy;
mod install;
mod opencode_plugin;
mod trust;

use clap::{Parser, Subcommand};
use hookkit_report::output::{eprint, print};
use std::process::ExitCode;

/// hookkit's front door. Run it yourself, in your own terminal: never let an agent run
/// it, and never approve an agent's call to it. Each verb changes what the agent may do.
#[derive(Parser)]
#[command(name = "hookkit", version)]
struct Cli {
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// Let a configuration file the agent can write loosen the policy, as it is now.
    ///
    /// A project's .hookkit.toml (and any rule file it names) can only tighten hookkit's
    /// policy: the agent can write it. `hookkit trust FILE` records the file's path and
    /// SHA-256 digest in $XDG_STATE_HOME/hookkit/trust.json (~/.local/state/hookkit), so
    /// the guards give it full power, until its content changes. Read the file before you
    /// trust it; for a .hookkit.toml, this prints what it loosens. Run by a person, never
    /// by the agent.
    Trust(trust::TrustArgs),
    /// Check that each agent host would run hookkit's guards, and say what would not.
    ///
    /// For each host (Claude Code, Codex, Cursor, Gemini CLI, Copilot CLI, Qwen Code,
    /// opencode, Kilo CLI, Factory droid): where the guards are registered (user, project,
    /// managed, plugins), whether the events and matchers cover what hooks/ registers,
    /// whether each command resolves on PATH, is executable and answers --version, and the
    /// host's gates that switch hooks off (Codex hook review and project trust, Copilot CLI,
    /// Gemini CLI and Qwen Code folder trust, disableAllHooks, OPENCODE_PURE, KILO_PURE,
    /// droid's hooksDisabled). Then hookkit's own configuration. Reads only; never writes.
    /// Exit 0: every host with a registration is guarded; 1: something would leave a guard
    /// off (each is named with its fix); 2: a usage error.
    Doctor(doctor::DoctorArgs),
    /// Register both guards with each agent host, by the absolute paths of the installed
    /// binaries.
    ///
    /// Writes the registrations of hooks/ (the same hooks, events and matchers that doctor
    /// checks) into each host's settings: ~/.claude/settings.json, ~/.codex/hooks.json,
    /// ~/.cursor/hooks.json, ~/.gemini/settings.json, ~/.copilot/hooks/hookkit.json,
    /// ~/.qwen/settings.json, hookkit's opencode plugin
    /// ~/.config/opencode/plugins/hookkit.js (Kilo CLI: ~/.config/kilo/plugins/),
    /// ~/.factory/hooks.json if it exists, else ~/.factory/settings.json (with --scope
    /// project: the repository's .claude/, .codex/, .cursor/, .gemini/, .github/hooks/,
    /// .qwen/, .opencode/plugins/, .kilo/plugins/, .factory/). The person's own settings
    /// and hooks stay; an older hookkit
    /// registration is replaced; the old file is kept as FILE.hookkit-backup; a second
    /// run changes nothing. Then prints what the host still asks of a person (Codex hook
    /// review, folder trust). Without --host: every host whose folder exists. The guards
    /// must be installed first (on PATH or in ~/.cargo/bin). Run by a person, never by the
    /// agent.
    Install(install::InstallArgs),
    /// Take hookkit's hooks out of each host's settings, leaving the person's own.
    ///
    /// Every hook whose command runs command-guard or secret-guard goes, whatever path
    /// it names; the old file is kept as FILE.hookkit-backup. Run by a person, never by
    /// the agent: the agent would be switching its own guard off.
    Uninstall(install::InstallArgs),
    /// Print IAM policies that deny, through AWS-managed MCP servers, what a profile denies.
    ///
    /// For each AWS action of the Service Authorization Reference, the verdict the
    /// profile gives it in production (command-guard's rules and your configuration), and
    /// a JSON array of policy documents, each one Deny statement under the condition
    /// aws:ViaAWSMCPService = true, that deny exactly the actions the profile denies (and,
    /// with --ask-as deny, the default, those it asks for). Wildcards are used only where
    /// they match denied actions alone. Each document fits the quota: 6,144 characters
    /// for an IAM managed policy, 5,120 for a service control policy (--scp). Requests
    /// made with the CLI or a local MCP server carry no such key: only the hooks see those.
    IamPolicy(iam_policy::IamPolicyArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result: Result<(u8, String), Box<dyn std::error::Error>> = match &cli.verb {
        Verb::Trust(args) => trust::run(args).map_err(Into::into),
        Verb::Doctor(args) => doctor::run(args).map_err(Into::into),
        Verb::Install(args) => install::run(args, install::Mode::Install).map_err(Into::into),
        Verb::Uninstall(args) => install::run(args, install::Mode::Uninstall).map_err(Into::into),
        Verb::IamPolicy(args) => iam_policy::run(args).map_err(Into::into),
    };
    let failure = match result {
        Ok((code, text)) => match print(&text) {
            Ok(()) => return ExitCode::from(code),
            Err(e) => format!("cannot write the output: {e}"),
        },
        Err(e) => e.to_string(),
    };
    eprint(&format!("error: {failure}\n"));
    ExitCode::from(2)
}
