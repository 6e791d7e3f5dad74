//! `hookkit install` and `hookkit uninstall`: both guards' registrations written into (or
//! taken out of) each host's settings, from the registrations in `hooks/` (compiled in,
//! the files `hookkit doctor` checks against), with the absolute paths of the installed
//! guards.
//!
//! Per host: the registration file ([`place::file`]) is read (a missing one is `{}`),
//! changed ([`merge`]), and, when it changed, written atomically after a copy of the old
//! one is kept beside it as `FILE.hookkit-backup`. opencode and Kilo CLI have no
//! registration file but a plugin folder: their file is hookkit's own plugin
//! ([`crate::opencode_plugin`]), written whole (and removed by uninstall) the same way. A second run changes nothing. The
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
use crate::opencode_plugin;
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
    /// qwen-code, opencode, kilo, factory-droid. Without one: every host whose folder exists
    /// (`~/.claude`, `~/.codex`, `~/.cursor`, `~/.gemini`, `~/.copilot`, `~/.qwen`,
    /// `~/.config/opencode`, `~/.config/kilo`, `~/.factory`).
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
                    ~/.copilot, ~/.qwen, ~/.config/opencode, ~/.config/kilo or ~/.factory): \
                    name one with --host"
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
        let change = if matches!(host, Host::Opencode | Host::Kilo) {
            plugin_change(host, &file, guards.as_deref())?
        } else {
            registration_change(host, &file, owned, guards.as_deref())?
        };
        let changed = change.changed();
        let verb = match (changed, mode, args.dry_run) {
            (false, _, _) => "unchanged",
            (true, Mode::Install, false) => "registered both guards in",
            (true, Mode::Install, true) => "would register both guards in",
            (true, Mode::Uninstall, false) => "took hookkit's hooks out of",
            (true, Mode::Uninstall, true) => "would take hookkit's hooks out of",
        };
        let _ = writeln!(out, "{}: {verb} {}", host.as_str(), file.display());
        for note in &change.notes {
            let _ = writeln!(out, "  {note}");
        }
        if changed && !args.dry_run {
            write(&file, &change)?;
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

/// What install or uninstall does to one file: its text before (`None`: no file) and
/// after (`None`: remove it), and what else the person should know of it.
struct Change {
    before: Option<String>,
    after: Option<String>,
    notes: Vec<String>,
}

impl Change {
    fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// The change to a JSON registration file: `host`'s registration merged in (`guards`
/// given) or hookkit's hooks taken out; a file hookkit `owned` is removed once no hook is
/// left in it. Factory droid's `hooks.json` holds its events at the top level
/// ([`droid::wrap`]), and an event added there takes the person's entries of it in
/// `settings.json` along ([`droid::seed`]).
fn registration_change(
    host: Host,
    file: &Path,
    owned: bool,
    guards: Option<&[(Guard, PathBuf)]>,
) -> Result<Change, String> {
    let before = read_json(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let not_read = |e: String| {
        format!(
            "{}: {e}; fix the file by hand (it is not what {} reads), then run this again",
            file.display(),
            host.as_str()
        )
    };
    let bare = host == Host::FactoryDroid && droid::bare(file);
    let mut current = before
        .clone()
        .unwrap_or_else(|| Value::Object(Default::default()));
    if bare {
        current = droid::wrap(&current).map_err(not_read)?;
    }
    let mut notes = Vec::new();
    let after = match guards {
        Some(guards) => {
            let ours = ours(host, guards)?;
            if bare {
                let events: Vec<&str> = ours
                    .get("hooks")
                    .and_then(Value::as_object)
                    .map(|h| h.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for event in droid::seed(file, &mut current, &events)? {
                    notes.push(format!(
                        "with your own {event} hooks of {}, which {} ignores once {} names \
                         {event}",
                        file.with_file_name("settings.json").display(),
                        host.as_str(),
                        file.display()
                    ));
                }
            }
            merge::install(&current, &ours)
        }
        None => merge::uninstall(&current),
    }
    .map_err(not_read)?;
    let after = if bare { droid::unwrap(after) } else { after };
    let remove = guards.is_none() && owned && !merge::has_hooks(&after);
    let after = if remove {
        None
    } else if before.as_ref() == Some(&after) {
        before.as_ref().map(pretty)
    } else {
        Some(pretty(&after))
    };
    let before = before.as_ref().map(pretty);
    Ok(Change {
        before,
        after,
        notes,
    })
}

/// The change to opencode's (or Kilo CLI's) plugin file: hookkit's plugin with the guards'
/// absolute paths and `--host <host>` (`guards` given), or no file. A file that is not
/// hookkit's plugin is left alone.
fn plugin_change(
    host: Host,
    file: &Path,
    guards: Option<&[(Guard, PathBuf)]>,
) -> Result<Change, String> {
    let before = match std::fs::read_to_string(file) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{}: {e}", file.display())),
    };
    if let Some(text) = &before
        && !opencode_plugin::is_hookkits(text)
    {
        return Err(format!(
            "{} is not hookkit's plugin: move it away (opencode loads every file of that \
             folder), then run this again",
            file.display()
        ));
    }
    let after = match guards {
        Some(guards) => {
            let programs: Vec<(Guard, String)> = guards
                .iter()
                .map(|(g, p)| (*g, p.to_string_lossy().into_owned()))
                .collect();
            Some(opencode_plugin::with_guards(&programs, host)?)
        }
        None => None,
    };
    Ok(Change {
        before,
        after,
        notes: Vec::new(),
    })
}

/// The text of a JSON registration file as install writes it.
fn pretty(doc: &Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| doc.to_string());
    text.push('\n');
    text
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
    let mut text = registration(host).into_owned();
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
pub(crate) fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Makes `change` on `file` (writes the new text, or removes the file), keeping the old
/// file as `FILE.hookkit-backup` when there was one.
fn write(file: &Path, change: &Change) -> Result<(), String> {
    let failed = |what: &str, e: std::io::Error| format!("{}: {what}: {e}", file.display());
    if change.before.is_some() {
        let mut backup = file.as_os_str().to_owned();
        backup.push(".hookkit-backup");
        std::fs::copy(file, PathBuf::from(backup)).map_err(|e| failed("keeping a backup", e))?;
    }
    let Some(text) = &change.after else {
        return std::fs::remove_file(file).map_err(|e| failed("removing it", e));
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed("creating its folder", e))?;
    }
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
