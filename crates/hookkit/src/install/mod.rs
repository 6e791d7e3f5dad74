//! `hookkit install` and `hookkit uninstall`: both guards' registrations written into (or
//! taken out of) each host's settings, from the registrations in `hooks/` (compiled in,
//! the files `hookkit doctor` checks against), with the absolute paths of the installed
//! guards.
//!
//! Per host: the registration file ([`place::file`]) is read (a missing one is `{}`),
//! changed ([`merge`]), and, when it changed, written atomically after a copy of the old
//! one is kept beside it as `FILE.hookkit-backup`. A second run changes nothing. The
//! guards must be installed first: a registration whose binary is missing lets every call
//! run on Claude Code and Codex, so install refuses to write one.

mod droid;
mod merge;
mod place;

pub use droid::file as droid_file;

use crate::doctor::Env;
use crate::doctor::binary::executable;
use crate::doctor::expected::registration;
use crate::doctor::hooks::{Guard, read_json};
use clap::Args;
use hookkit_policy::Host;
use hookkit_report::output::write_atomic;
use place::Scope;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The arguments of `hookkit install` and `hookkit uninstall`.
#[derive(Args)]
pub struct InstallArgs {
    /// The host (repeatable): claude-code, codex, cursor, gemini-cli, copilot-cli,
    /// qwen-code, factory-droid. Without one: every host whose folder exists (`~/.claude`,
    /// `~/.codex`, `~/.cursor`, `~/.gemini`, `~/.copilot`, `~/.qwen`, `~/.factory`).
    #[arg(long = "host", value_name = "HOST")]
    hosts: Vec<Host>,
    /// Whose settings: the person's own (every project) or the current repository's.
    #[arg(long, value_enum, default_value_t = Scope::User)]
    scope: Scope,
    /// Print what would change, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Installing, or taking out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `hookkit install`.
    Install,
    /// `hookkit uninstall`.
    Uninstall,
}

/// Run `hookkit install` or `hookkit uninstall`: exit 0 and what changed, per host.
///
/// # Errors
/// No home directory; no host named or found; a guard not installed (install only); a
/// registration file that is not what the host reads, or cannot be read or written (named
/// with what to do).
pub fn run(args: &InstallArgs, mode: Mode) -> Result<(u8, String), String> {
    let env = Env::from_process()?;
    let hosts: Vec<Host> = if args.hosts.is_empty() {
        Host::ALL
            .into_iter()
            .filter(|h| place::detected(*h, &env))
            .collect()
    } else {
        args.hosts.clone()
    };
    if hosts.is_empty() {
        return Err(
            "no agent host found (no ~/.claude, ~/.codex, ~/.cursor, ~/.gemini, \
                    ~/.copilot, ~/.qwen or ~/.factory): name one with --host"
                .to_owned(),
        );
    }
    let guards = match mode {
        Mode::Install => Some(installed_guards(&env)?),
        Mode::Uninstall => None,
    };
    let mut out = String::new();
    for host in hosts {
        let (file, owned) = place::file(host, args.scope, &env);
        let before = read_json(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let not_read = |e: String| {
            format!(
                "{}: {e}; fix the file by hand (it is not what {} reads), then run this again",
                file.display(),
                host.as_str()
            )
        };
        let bare = host == Host::FactoryDroid && droid::bare(&file);
        let mut current = before
            .clone()
            .unwrap_or_else(|| Value::Object(Default::default()));
        if bare {
            current = droid::wrap(&current).map_err(not_read)?;
        }
        let mut copied = Vec::new();
        let after = match &guards {
            Some(guards) => {
                let ours = ours(host, guards)?;
                if bare {
                    let events: Vec<&str> = ours
                        .get("hooks")
                        .and_then(Value::as_object)
                        .map(|h| h.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    copied = droid::seed(&file, &mut current, &events)?;
                }
                merge::install(&current, &ours)
            }
            None => merge::uninstall(&current),
        }
        .map_err(not_read)?;
        let after = if bare { droid::unwrap(after) } else { after };
        let remove = mode == Mode::Uninstall && owned && !merge::has_hooks(&after);
        let changed = if remove {
            before.is_some()
        } else {
            before.as_ref() != Some(&after)
        };
        let verb = match (changed, mode, args.dry_run) {
            (false, _, _) => "unchanged",
            (true, Mode::Install, false) => "registered both guards in",
            (true, Mode::Install, true) => "would register both guards in",
            (true, Mode::Uninstall, false) => "took hookkit's hooks out of",
            (true, Mode::Uninstall, true) => "would take hookkit's hooks out of",
        };
        let _ = writeln!(out, "{}: {verb} {}", host.as_str(), file.display());
        for event in &copied {
            let _ = writeln!(
                out,
                "  with your own {event} hooks of {}, which {} ignores once {} names {event}",
                file.with_file_name("settings.json").display(),
                host.as_str(),
                file.display()
            );
        }
        if changed && !args.dry_run {
            write(&file, before.is_some(), remove, &after)?;
        }
        if mode == Mode::Install {
            for step in place::remaining_steps(host, args.scope) {
                let _ = writeln!(out, "  then: {step}");
            }
        }
    }
    if mode == Mode::Install {
        out.push_str("Check with `hookkit doctor`.\n");
    }
    Ok((0, out))
}

/// The absolute path of each guard: on `PATH`, else in Cargo's bin directory.
fn installed_guards(env: &Env) -> Result<Vec<(Guard, PathBuf)>, String> {
    Guard::ALL
        .into_iter()
        .map(|guard| {
            env.path
                .iter()
                .chain([&env.cargo_bin])
                .map(|dir| dir.join(guard.name()))
                .find(|p| p.is_absolute() && executable(p).is_ok())
                .map(|p| (guard, p))
                .ok_or_else(|| {
                    format!(
                        "{} is not installed (not on PATH or in {}): install it first with \
                         `cargo install --locked --path crates/{}`",
                        guard.name(),
                        env.cargo_bin.display(),
                        guard.name()
                    )
                })
        })
        .collect()
}

/// `host`'s registration from `hooks/`, each guard's name replaced by its absolute path.
fn ours(host: Host, guards: &[(Guard, PathBuf)]) -> Result<Value, String> {
    let mut text = registration(host).to_owned();
    for (guard, path) in guards {
        let quoted = Value::String(shell_word(&path.to_string_lossy())).to_string();
        let bare = format!("\"{} --host", guard.name());
        let absolute = format!("{} --host", quoted.trim_end_matches('"'));
        text = text.replace(&bare, &absolute);
    }
    serde_json::from_str(&text).map_err(|e| format!("hooks/ for {}: {e}", host.as_str()))
}

/// `word` as one shell word: as is when it holds only characters the shell takes
/// literally, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Writes `doc` to `file` (or removes `file`), keeping the old one as
/// `FILE.hookkit-backup` when there was one.
fn write(file: &Path, existed: bool, remove: bool, doc: &Value) -> Result<(), String> {
    let failed = |what: &str, e: std::io::Error| format!("{}: {what}: {e}", file.display());
    if existed {
        let mut backup = file.as_os_str().to_owned();
        backup.push(".hookkit-backup");
        std::fs::copy(file, PathBuf::from(backup)).map_err(|e| failed("keeping a backup", e))?;
    }
    if remove {
        return std::fs::remove_file(file).map_err(|e| failed("removing it", e));
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed("creating its folder", e))?;
    }
    let mut text = serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?;
    text.push('\n');
    write_atomic(file, text.as_bytes()).map_err(|e| failed("writing it", e))
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn paths_become_one_shell_word() {
        assert_eq!(
            shell_word("/usr/bin/command-guard"),
            "/usr/bin/command-guard"
        );
        assert_eq!(shell_word("/home/a b/x"), "'/home/a b/x'");
        assert_eq!(shell_word("/o'k"), r"'/o'\''k'");
    }
}
