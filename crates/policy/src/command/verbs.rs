//! Verb semantics for any CLI: the words of a command that name what it does
//! (`gsutil rm`, `heroku apps:destroy`, `az storage blob delete-batch`), for the generic
//! verb table (`rules/commands/verbs.toml`, rules with `fallback = true` and a `verbs`
//! condition), and the dry-run options that make a tool change nothing (`[[tool]]
//! dry_run`).

use crate::rules::Tool;
use hookkit_shell::{SimpleCommand, Word};

/// At most this many subcommand words are read (`doctl compute droplet delete` is the
/// deepest common shape: `compute`, `droplet`, `delete`, counting a leading option value).
const MAX_SUBCOMMAND_WORDS: usize = 4;

/// The command's subcommand words: the positionals after its name that look like
/// identifiers (ASCII letters and digits in parts joined by `-`, `_`, `:` or `.`,
/// starting with a letter), up to the first positional that does not (a path, a URL, a
/// number, a quoted sentence) or a `--`. Options are skipped wherever they are, and so is
/// what may be their value: which options take one is not known for a CLI without rules
/// (`mysqladmin -u root -p drop db` reads `root`, `drop`, `db`), so a word after an option
/// may be read as a verb, which errs toward the stricter class. At most
/// [`MAX_SUBCOMMAND_WORDS`].
pub(crate) fn subcommand_words(cmd: &SimpleCommand) -> Vec<&Word> {
    let mut out = Vec::new();
    for word in cmd.argv.iter().skip(1) {
        let text = word.text.as_str();
        if text == "--" || out.len() == MAX_SUBCOMMAND_WORDS {
            break;
        }
        if text.starts_with('-') {
            continue;
        }
        if word.dynamic || !is_identifier(text) {
            break;
        }
        out.push(word);
    }
    out
}

/// `delete`, `delete-bucket`, `apps:destroy`, `db.drop`, `v2`: ASCII letters and digits
/// in parts joined by single `-`, `_`, `:` or `.`, starting with a letter.
fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .split(['-', '_', ':', '.'])
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The first subcommand word of `cmd` that is, or has a part that is, one of the verbs of
/// `verbs` (each entry alternatives separated by `|`, as a `subcommand` entry), compared
/// without case.
///
/// A command name made of several parts (`trash-empty`, `update-alternatives`) is read as
/// a subcommand word too.
pub(crate) fn verb_hit<'a>(verbs: &[String], cmd: &'a SimpleCommand) -> Option<&'a Word> {
    let name = cmd
        .argv
        .first()
        .filter(|w| !w.dynamic && cmd.name().contains(['-', '_']) && is_identifier(cmd.name()));
    name.into_iter().chain(subcommand_words(cmd)).find(|word| {
        let text = word.text.rsplit('/').next().unwrap_or(&word.text);
        let lower = text.to_ascii_lowercase();
        std::iter::once(lower.as_str())
            .chain(lower.split(['-', '_', ':', '.']))
            .any(|part| {
                verbs
                    .iter()
                    .any(|v| crate::rules::CommandMatch::subcommand_word(v, part))
            })
    })
}

/// The dry-run option of `tool` that `cmd` is given before any `--`, if it is still in
/// force at the end: a later spelling of the same option with another value
/// (`--dry-run=server --dry-run=none`: kubectl takes the last) or its negation
/// (`--dry-run --no-dry-run`) cancels it.
pub(crate) fn dry_run<'a>(cmd: &'a SimpleCommand, tool: Option<&Tool>) -> Option<&'a str> {
    let tool = tool?;
    let name = |option: &str| option.split('=').next().unwrap_or(option).to_owned();
    let names: Vec<String> = tool.dry_run.iter().map(|d| name(d)).collect();
    let mut found = None;
    for arg in cmd.args().take_while(|a| *a != "--") {
        if tool.dry_run.iter().any(|d| d == arg) {
            found = Some(arg);
        } else if arg.starts_with('-') {
            let n = name(arg);
            let negated = n
                .strip_prefix("--no-")
                .is_some_and(|rest| names.iter().any(|m| m.trim_start_matches('-') == rest));
            if negated || names.contains(&n) {
                found = None;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        let a = hookkit_shell::analyze(line);
        subcommand_words(&a.commands[0])
            .into_iter()
            .map(|w| w.text.clone())
            .collect()
    }

    #[test]
    fn subcommand_words_skip_options_and_stop_at_operands() {
        assert_eq!(words("gsutil -m rm -r gs://b/x"), ["rm"]);
        assert_eq!(words("heroku apps:destroy --app x"), ["apps:destroy", "x"]);
        assert_eq!(
            words("doctl compute droplet delete web-1 --force"),
            ["compute", "droplet", "delete", "web-1"]
        );
        assert_eq!(words("gh pr list --search x"), ["pr", "list", "x"]);
        assert_eq!(
            words("mysqladmin -u root -p drop shop"),
            ["root", "drop", "shop"]
        );
        assert_eq!(words("mytool --ctx prod delete ./x"), ["prod", "delete"]);
        assert_eq!(words("tool 'drop everything' delete"), Vec::<String>::new());
        assert_eq!(words("tool $VERB x"), Vec::<String>::new());
        assert_eq!(words("tool -- delete"), Vec::<String>::new());
        assert_eq!(words("tool a b c d e"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_later_value_or_negation_cancels_a_dry_run() {
        let tool = Tool {
            name: "kubectl".into(),
            value_options: Vec::new(),
            single_dash_words: false,
            env_options: Vec::new(),
            env_vars: Vec::new(),
            env_file: None,
            action_table: None,
            dry_run: vec!["--dry-run".into(), "--dry-run=server".into()],
            env_operands: false,
            program_first: None,
        };
        let dry = |line: &str| {
            let a = hookkit_shell::analyze(line);
            dry_run(&a.commands[0], Some(&tool)).map(str::to_owned)
        };
        assert_eq!(
            dry("k delete ns x --dry-run=server").as_deref(),
            Some("--dry-run=server")
        );
        assert_eq!(dry("k delete ns x --dry-run=server --dry-run=none"), None);
        assert_eq!(dry("k delete ns x --dry-run --no-dry-run"), None);
        assert_eq!(
            dry("k delete ns x --dry-run=none --dry-run"),
            Some("--dry-run".into())
        );
        assert_eq!(dry("k delete -- x --dry-run"), None);
    }

    #[test]
    fn verbs_match_whole_words_and_their_parts_without_case() {
        let verbs = vec!["delete|destroy|rm".to_owned()];
        let hit = |line: &str| {
            let a = hookkit_shell::analyze(line);
            verb_hit(&verbs, &a.commands[0]).map(|w| w.text.clone())
        };
        assert_eq!(
            hit("az storage blob delete-batch -s x").as_deref(),
            Some("delete-batch")
        );
        assert_eq!(hit("heroku apps:destroy").as_deref(), Some("apps:destroy"));
        assert_eq!(hit("tool DELETE x").as_deref(), Some("DELETE"));
        assert_eq!(hit("tool get-deleted-items"), None);
        assert_eq!(hit("tool list ./delete"), None);
        assert_eq!(hit("trash-delete x").as_deref(), Some("trash-delete"));
    }
}
