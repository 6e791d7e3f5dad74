//! Aliases and command settings defined on the line: a shell alias (`alias ls='rm -rf
//! ~'`) runs its value wherever the name is used next; a git alias (`git -c
//! alias.x='!rm -rf ~' x`, `git config alias.x '!…'`) runs a shell command (`!…`) or a git
//! command; a git setting such as `core.pager` or `core.sshCommand` runs its value. Where the
//! alias is used is not followed; its value is analysed as if it ran where it is defined,
//! which over-approximates and never under-approximates.
//!
//! Sources: bash(1) "ALIASES" (an alias defined on a line takes effect on the next one;
//! scripts may enable expansion with `shopt -s expand_aliases`); git-config(1) `alias.*`
//! ("If the alias expansion is prefixed with an exclamation point, it will be treated as a
//! shell command").

use super::Runs;
use crate::types::Word;

/// The values of `alias NAME=VALUE…` as commands.
pub(super) fn shell_alias(argv: &[Word]) -> Runs {
    let children = argv
        .iter()
        .skip(1)
        .filter_map(|w| {
            let (_, value) = w.text.split_once('=')?;
            Some(("alias".to_owned(), sh(value, w.dynamic)))
        })
        .collect();
    Runs::Spawns { children }
}

/// The commands the git settings `argv` (a `git` command) defines run: `-c KEY=VALUE`
/// before the subcommand, and `config [options] KEY VALUE`, for an alias or a command
/// setting ([`setting_command`]). `None` when it defines none.
pub(super) fn git_aliases(argv: &[Word]) -> Option<Runs> {
    let mut values = Vec::new();
    let mut words = argv.iter().skip(1).peekable();
    while let Some(w) = words.next() {
        let text = w.text.as_str();
        if text == "-c" {
            if let Some(setting) = words.next() {
                values.extend(setting_command(&setting.text, setting.dynamic));
            }
        } else if let Some(setting) = text.strip_prefix("-c") {
            values.extend(setting_command(setting, w.dynamic));
        } else if text == "config" {
            let rest: Vec<&Word> = words
                .by_ref()
                .filter(|w| !w.text.starts_with('-'))
                .collect();
            if let [key, value, ..] = rest.as_slice() {
                let setting = format!("{}={}", key.text, value.text);
                values.extend(setting_command(&setting, value.dynamic));
            }
            break;
        } else if !text.starts_with('-') {
            break;
        }
    }
    if values.is_empty() {
        return None;
    }
    let children = values
        .into_iter()
        .map(|(command, dynamic)| ("git -c".to_owned(), sh(&command, dynamic)))
        .collect();
    Some(Runs::Spawns { children })
}

/// Git settings whose value is a shell command git runs (git-config(1)): the pager, the
/// editors, the ssh command, the fsmonitor hook, the askpass program, an external diff, a
/// credential helper starting with `!`, the GPG program, and the tools of difftool,
/// mergetool and filter drivers (`KEY.` entries are prefixes).
const COMMAND_SETTINGS: &[&str] = &[
    "core.pager",
    "core.editor",
    "core.sshcommand",
    "core.fsmonitor",
    "core.askpass",
    "sequence.editor",
    "diff.external",
    "credential.helper",
    "gpg.program",
    "gpg.ssh.program",
    "pager.",
    "difftool.",
    "mergetool.",
    "filter.",
];

/// The shell command a `KEY=VALUE` git setting runs: an alias's value (`!CMD` runs CMD,
/// anything else `git VALUE`), or the value of a command setting ([`COMMAND_SETTINGS`]; a
/// credential helper not starting with `!` names a `git-credential-*` program and is left
/// out).
fn setting_command(setting: &str, dynamic: bool) -> Option<(String, bool)> {
    let (key, value) = setting.split_once('=')?;
    let key = key.to_ascii_lowercase();
    if key.starts_with("alias.") {
        let command = match value.strip_prefix('!') {
            Some(shell) => shell.to_owned(),
            None => format!("git {value}"),
        };
        return Some((command, dynamic));
    }
    let runs = COMMAND_SETTINGS.iter().any(|s| {
        if s.ends_with('.') {
            key.starts_with(s)
        } else {
            key == *s
        }
    });
    if !runs || key == "credential.helper" && !value.starts_with('!') {
        return None;
    }
    Some((value.trim_start_matches('!').to_owned(), dynamic))
}

fn sh(text: &str, dynamic: bool) -> Vec<Word> {
    super::sh_c(Word {
        text: text.to_owned(),
        dynamic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(runs: Option<Runs>) -> Vec<String> {
        match runs {
            Some(Runs::Spawns { children }) => children
                .into_iter()
                .map(|(_, argv)| argv[2].text.clone())
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn alias_values_are_commands() {
        let argv = crate::words::split_fields("alias ls='rm -rf ~' ll='ls -l'");
        assert_eq!(scripts(Some(shell_alias(&argv))), ["rm -rf ~", "ls -l"]);
    }

    #[test]
    fn git_aliases_run_shell_or_git_commands() {
        let git = |line: &str| git_aliases(&crate::words::split_fields(line));
        assert_eq!(scripts(git("git -c alias.x='!rm -rf ~' x")), ["rm -rf ~"]);
        assert_eq!(
            scripts(git("git -c Alias.wipe='reset --hard' wipe")),
            ["git reset --hard"]
        );
        assert_eq!(
            scripts(git("git config --global alias.nuke '!rm -rf .'")),
            ["rm -rf ."]
        );
        assert_eq!(
            scripts(git("git -c core.pager='rm -rf ~' log")),
            ["rm -rf ~"]
        );
        assert_eq!(
            scripts(git("git -c core.sshCommand='sh -c id' fetch")),
            ["sh -c id"]
        );
        assert_eq!(
            scripts(git("git config core.editor 'rm -rf .'")),
            ["rm -rf ."]
        );
        assert!(git("git -c user.name=x commit").is_none());
        assert!(git("git config user.name x").is_none());
        assert!(git("git -c credential.helper=store push").is_none());
    }
}
