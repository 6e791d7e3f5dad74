//! hookkit's opencode plugin, `hooks/opencode/hookkit.js` (compiled in): the text
//! `hookkit install --host opencode` (or `--host kilo`) writes with the guards' absolute
//! paths, and an installed copy read back for `hookkit doctor`.
//!
//! opencode runs no hook command: it loads every `*.js` and `*.ts` file directly in the
//! `plugins/` (or `plugin/`) folder of each configuration folder it reads, the user's
//! (`$XDG_CONFIG_HOME/opencode`, else `~/.config/opencode`) and each project's
//! (`.opencode/`), and calls their `tool.execute.before` and `tool.execute.after` functions
//! around every tool call (<https://opencode.ai/docs/plugins/>; the glob
//! `{plugin,plugins}/*.{ts,js}` in opencode-ai 1.18.33). Kilo CLI, a fork, does the same
//! from `~/.config/kilo`, `.kilo/` and `.kilocode/` (`@kilocode/cli` 7.7.7, measured). The
//! plugin names each guard in one line, `const COMMAND_GUARD = "command-guard"` and `const
//! SECRET_GUARD = "secret-guard"`, and the `--host` it passes them in `const HOST =
//! "opencode"`, each a JavaScript string literal written as JSON; everything else in it is
//! the same in every installed copy.

use crate::doctor::hooks::Guard;
use crate::install::shell_word;
use hookkit_policy::Host;
use serde_json::{Value, json};

/// The plugin's path in the repository.
pub const FILE: &str = "hooks/opencode/hookkit.js";

/// The plugin as the repository has it, each guard named by its bare name.
pub const SOURCE: &str = include_str!("../../../hooks/opencode/hookkit.js");

/// The file name `hookkit install` gives the plugin in a `plugins/` folder.
pub const FILE_NAME: &str = "hookkit.js";

/// The constant that names each guard's program.
fn constant(guard: Guard) -> &'static str {
    match guard {
        Guard::Command => "COMMAND_GUARD",
        Guard::Secret => "SECRET_GUARD",
    }
}

/// The start of the line that names `guard`'s program: `const COMMAND_GUARD = `.
fn prefix(guard: Guard) -> String {
    format!("const {} = ", constant(guard))
}

/// The start of the line that names the `--host` the guards are run with.
const HOST_PREFIX: &str = "const HOST = ";

/// [`SOURCE`] with each guard's program set to `programs` (absolute paths), by guard, and
/// the guards run with `--host <host>` (`opencode` or `kilo`).
///
/// # Errors
/// When a guard's line or the host line is not in [`SOURCE`] exactly once (a broken build).
pub fn with_guards(programs: &[(Guard, String)], host: Host) -> Result<String, String> {
    let mut text = SOURCE.to_owned();
    let lines = programs
        .iter()
        .map(|(guard, program)| (prefix(*guard), guard.name(), program.as_str()))
        .chain([(HOST_PREFIX.to_owned(), "opencode", host.as_str())]);
    for (prefix, bare, value) in lines {
        let line = format!("{prefix}\"{bare}\"\n");
        if text.matches(&line).count() != 1 {
            return Err(format!(
                "{FILE}: the line `{}` is not there exactly once",
                line.trim_end()
            ));
        }
        let replacement = format!("{prefix}{}\n", Value::String(value.to_owned()));
        text = text.replace(&line, &replacement);
    }
    Ok(text)
}

/// The host an installed plugin passes its guards (`opencode` or `kilo`); `None` when its
/// line is missing, repeated or names no such host.
pub fn host_of(text: &str) -> Option<Host> {
    let mut lines = text.lines().filter_map(|l| l.strip_prefix(HOST_PREFIX));
    let literal = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let name: String = serde_json::from_str(literal.trim()).ok()?;
    name.parse()
        .ok()
        .filter(|h| matches!(h, Host::Opencode | Host::Kilo))
}

/// The program each guard's line names in `text` (an installed plugin), in [`Guard::ALL`]
/// order; `None` when a line is missing, repeated or not a plain string.
pub fn guards_of(text: &str) -> Option<Vec<(Guard, String)>> {
    Guard::ALL
        .into_iter()
        .map(|guard| {
            let prefix = prefix(guard);
            let mut lines = text.lines().filter_map(|l| l.strip_prefix(&prefix));
            let literal = lines.next()?;
            if lines.next().is_some() {
                return None;
            }
            let program: String = serde_json::from_str(literal.trim()).ok()?;
            Some((guard, program))
        })
        .collect()
}

/// Whether `text` holds hookkit's plugin at all (one of its guard lines), whatever its
/// version or edits.
pub fn is_hookkits(text: &str) -> bool {
    Guard::ALL
        .into_iter()
        .any(|guard| text.lines().any(|l| l.starts_with(&prefix(guard))))
}

/// Whether `text` is [`SOURCE`] apart from the guards' programs and the host: no line
/// edited, added or removed (an older hookkit's plugin, or one someone changed, is not).
pub fn is_current(text: &str) -> bool {
    guards_of(text)
        .zip(host_of(text))
        .and_then(|(programs, host)| with_guards(&programs, host).ok())
        .is_some_and(|expected| expected == text)
}

/// The hooks the plugin runs, as a registration object in the flat layout doctor reads
/// (`{"tool.execute.before": [{"type": "command", "command": "PROGRAM --host HOST"}…],
/// "tool.execute.after": […]}`): command-guard then secret-guard before a tool runs,
/// secret-guard after.
pub fn registration(programs: &[(Guard, String)], host: Host) -> Value {
    let command = |guard: Guard| {
        let program = programs
            .iter()
            .find(|(g, _)| *g == guard)
            .map_or(guard.name(), |(_, p)| p.as_str());
        let line = format!("{} --host {}", shell_word(program), host.as_str());
        json!({ "type": "command", "command": line })
    };
    json!({
        "tool.execute.before": [command(Guard::Command), command(Guard::Secret)],
        "tool.execute.after": [command(Guard::Secret)],
    })
}

/// Each guard by its bare name, as [`SOURCE`] has it.
pub fn bare_names() -> Vec<(Guard, String)> {
    Guard::ALL
        .into_iter()
        .map(|g| (g, g.name().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_source_names_both_guards_by_their_bare_names() {
        assert_eq!(guards_of(SOURCE), Some(bare_names()));
        assert_eq!(host_of(SOURCE), Some(Host::Opencode));
        assert!(is_current(SOURCE));
        assert_eq!(with_guards(&bare_names(), Host::Opencode).unwrap(), SOURCE);
    }

    #[test]
    fn an_installed_copy_reads_back_and_an_edit_shows() {
        let programs = vec![
            (Guard::Command, "/opt/hook kit/command-guard".to_owned()),
            (Guard::Secret, "/opt/hook\"kit/secret-guard".to_owned()),
        ];
        let text = with_guards(&programs, Host::Kilo).unwrap();
        assert_eq!(guards_of(&text), Some(programs.clone()));
        assert_eq!(host_of(&text), Some(Host::Kilo));
        assert!(is_current(&text));
        assert!(is_hookkits(&text));
        let edited = text.replace("if (reason !== null) throw", "if (false) throw");
        assert_ne!(edited, text);
        assert!(!is_current(&edited));
        assert!(is_hookkits(&edited));
        assert!(!is_hookkits("export const Other = async () => ({})\n"));
        let doc = registration(&programs, Host::Kilo);
        assert_eq!(
            doc["tool.execute.before"][0]["command"],
            "'/opt/hook kit/command-guard' --host kilo"
        );
        assert_eq!(doc["tool.execute.after"].as_array().unwrap().len(), 1);
    }
}
