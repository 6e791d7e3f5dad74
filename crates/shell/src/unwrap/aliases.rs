//! Aliases defined on the line: a shell alias (`alias ls='rm -rf ~'`) runs its value
//! wherever the name is used next, and a git alias (`git -c alias.x='!rm -rf ~' x`,
//! `git config alias.x '!…'`) runs a shell command (`!…`) or a git command. Where the
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

/// The git aliases `argv` (a `git` command) defines: `-c alias.NAME=VALUE` before the
/// subcommand, and `config [options] alias.NAME VALUE`. `None` when it defines none.
pub(super) fn git_aliases(argv: &[Word]) -> Option<Runs> {
    let mut values = Vec::new();
    let mut words = argv.iter().skip(1).peekable();
    while let Some(w) = words.next() {
        let text = w.text.as_str();
        if text == "-c" {
            if let Some(setting) = words.next()
                && let Some(value) = alias_value(&setting.text, '=')
            {
                values.push((value.to_owned(), setting.dynamic));
            }
        } else if let Some(setting) = text.strip_prefix("-c") {
            if let Some(value) = alias_value(setting, '=') {
                values.push((value.to_owned(), w.dynamic));
            }
        } else if text == "config" {
            let rest: Vec<&Word> = words
                .by_ref()
                .filter(|w| !w.text.starts_with('-'))
                .collect();
            if let [key, value, ..] = rest.as_slice()
                && key.text.to_ascii_lowercase().starts_with("alias.")
            {
                values.push((value.text.clone(), value.dynamic));
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
        .map(|(value, dynamic)| {
            let command = match value.strip_prefix('!') {
                Some(shell) => shell.to_owned(),
                None => format!("git {value}"),
            };
            ("git alias".to_owned(), sh(&command, dynamic))
        })
        .collect();
    Some(Runs::Spawns { children })
}

/// The value of `alias.NAME<sep>VALUE` (any case of `alias`).
fn alias_value(setting: &str, sep: char) -> Option<&str> {
    let (key, value) = setting.split_once(sep)?;
    key.to_ascii_lowercase()
        .starts_with("alias.")
        .then_some(value)
}

fn sh(text: &str, dynamic: bool) -> Vec<Word> {
    vec![
        Word::literal("sh"),
        Word::literal("-c"),
        Word {
            text: text.to_owned(),
            dynamic,
        },
    ]
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
        assert!(git("git -c user.name=x commit").is_none());
        assert!(git("git config user.name x").is_none());
    }
}
