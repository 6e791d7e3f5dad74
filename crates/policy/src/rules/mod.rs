//! Rules as data: the TOML rule files under `crates/policy/rules/`, compiled into the
//! binaries, and the same format for users' own rule files.
//!
//! # Format
//!
//! A rule file is TOML with `[[tool]]` tables (what hookkit must know about a program's
//! command line to find its subcommand) and `[[rule]]` tables:
//!
//! ```toml
//! [[tool]]
//! name = "git"
//! value_options = ["-C", "-c", "--git-dir", "--work-tree"]
//!
//! [[rule]]
//! id = "git.reset-hard"            # family.kebab-name, stable: a public contract
//! class = "irreversible"           # read | create | modify | delete | irreversible | opaque
//! severity = "high"                # low | medium | high | critical
//! decision = "deny"                # ask | deny: the least this rule decides; leave it out
//!                                  # for a classifier rule (the profile decides)
//! message = "…"                    # one sentence for the model: what is wrong
//! why = "…"                        # why it matters (for people: `explain`, docs)
//! instead = "…"                    # the safer way forward
//! examples = ["git reset --hard"]  # each must fire this rule
//! negative_examples = ["git reset --soft HEAD~1"]  # may fire neither this rule nor any rule with a decision
//! [[rule.match]]                   # one or more; the rule fires when any matches
//! command = ["git"]
//! subcommand = ["reset"]
//! flags_all = ["--hard"]
//! ```
//!
//! The fields of a `[[rule.match]]` table are documented on [`CommandMatch`].

pub mod check;
mod model;

pub use check::{ExampleFailure, check_examples};
pub use model::{
    ActionTable, CommandMatch, FlagSpec, OpacityKind, OpaqueMatch, PathClass, RedirectKind,
    RedirectMatch, Rule, RuleFile, Tool, UnknownOperand,
};

use crate::error::{Error, Located};
use std::path::{Path, PathBuf};

/// The rule files embedded by build.rs, shared by the command and secret rule loaders.
pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// Every embedded rule file of `family` (`commands`, `fetch`, `secrets`), parsed as `T` from
/// the copy `pick` chooses (lean or whole), with the path it came from.
///
/// # Errors
/// [`Error::Invalid`] naming the file when its JSON does not fit `T` (a broken build).
pub(crate) fn embedded_files<T: serde::de::DeserializeOwned>(
    family: &str,
    pick: impl Fn(&(&str, &'static str, &'static str)) -> &'static str,
) -> Result<Vec<(PathBuf, T)>, Error> {
    let prefix = format!("{family}/");
    let mut files = Vec::new();
    for entry in embedded::EMBEDDED {
        if entry.0.starts_with(&prefix) {
            let origin = PathBuf::from("crates/policy/rules").join(entry.0);
            let file: T = serde_json::from_str(pick(entry)).map_err(|e| Error::Invalid {
                path: Some(origin.clone()),
                message: e.to_string(),
            })?;
            files.push((origin, file));
        }
    }
    Ok(files)
}

/// The command rules and tools one by one (build.rs `command_index`).
mod command_index {
    use crate::blob::{List, Str};

    /// One built-in command or fetch rule, indexed so that a hook parses only the rules a
    /// line can need; its strings are in [`BLOB`].
    pub(crate) struct Indexed {
        /// The rule file, relative to `rules/`.
        pub path: Str,
        /// The rule id.
        pub id: Str,
        /// Its match tables: (first, count) in [`COMMAND_MATCHES`], each (its command
        /// names or patterns, the literal runs one of which a line's words must hold for
        /// the table to fire; empty when it has no such need).
        pub matches: (u32, u32),
        /// The rule as JSON, without examples.
        pub json: Str,
    }

    impl Indexed {
        /// [`Indexed::path`].
        pub fn path(&self) -> &'static str {
            BLOB.str(self.path)
        }
        /// [`Indexed::id`].
        pub fn id(&self) -> &'static str {
            BLOB.str(self.id)
        }
        /// [`Indexed::json`].
        pub fn json(&self) -> &'static str {
            BLOB.str(self.json)
        }
        /// The rule parsed, its `source` set to its file.
        ///
        /// # Errors
        /// [`crate::Error::Invalid`] when the embedded JSON does not fit the rule model (a
        /// broken build).
        pub fn rule(&self) -> Result<super::Rule, crate::Error> {
            let origin = std::path::PathBuf::from("crates/policy/rules").join(self.path());
            let mut rule: super::Rule =
                serde_json::from_str(self.json()).map_err(|e| crate::Error::Invalid {
                    path: Some(origin.clone()),
                    message: e.to_string(),
                })?;
            rule.source = Some(origin);
            Ok(rule)
        }
        /// Its match tables, from [`COMMAND_MATCHES`]: (command names or patterns, the
        /// literal runs one of which a line's words must hold; empty when none is needed).
        pub fn matches(&self) -> &'static [(List, List)] {
            let (first, count) = (self.matches.0 as usize, self.matches.1 as usize);
            COMMAND_MATCHES
                .get(first..first + count)
                .unwrap_or_default()
        }
    }

    include!(concat!(env!("OUT_DIR"), "/embedded_commands.rs"));

    /// The rules of the files whose path (relative to `rules/`) `file` accepts, in file
    /// order, without looking at the other files' rules.
    pub(crate) fn rules_of_files(
        file: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = &'static Indexed> {
        COMMAND_FILES
            .iter()
            .filter(move |&&(path, _, _)| file(BLOB.str(path)))
            .flat_map(|&(_, first, end)| {
                COMMAND_RULES
                    .get(first as usize..end as usize)
                    .unwrap_or_default()
            })
    }
}

/// The least decision the built-in rule `id` gives on its own, before any `[rules]`
/// override: a command or fetch rule's `decision` (a classifier rule, which leaves the
/// decision to the profile: allow), deny for a secret pattern (`secrets.*`, every one of
/// which denies); `None` for an id that is not built in.
pub(crate) fn builtin_decision(id: &str) -> Option<crate::decision::Verdict> {
    use crate::decision::Verdict;
    if id.starts_with("secrets.") {
        return Some(Verdict::Deny);
    }
    let indexed = command_index::COMMAND_RULES.iter().find(|r| r.id() == id)?;
    Some(indexed.rule().ok()?.decision.unwrap_or(Verdict::Allow))
}

/// True when a rule's command pattern may match one of `names`: `*`, an exact name, a
/// prefix pattern (`mkfs.*`) that one of them starts with, or any other glob (kept, to be
/// decided by the matcher).
fn may_match(pattern: &str, names: &[&str]) -> bool {
    match pattern.strip_suffix('*') {
        _ if pattern == "*" => true,
        Some(prefix) if !crate::command::glob_text::is_glob(prefix) => {
            names.iter().any(|n| n.starts_with(prefix))
        }
        _ if crate::command::glob_text::is_glob(pattern) => true,
        _ => names.contains(&pattern),
    }
}

/// The rule file both guards apply ([`RuleSet::builtin_opacity`]), relative to `rules/`.
pub const OPACITY_FILE: &str = "commands/shell.toml";

/// A set of rules and the tools they describe, loaded from one or more files.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Every rule, in file order.
    pub rules: Vec<Rule>,
    /// Every `[[tool]]` table, in file order.
    pub tools: Vec<Tool>,
}

impl RuleSet {
    /// The rules compiled into hookkit for one family directory (`"commands"` for the
    /// files under `crates/policy/rules/commands/`), without their examples: what a hook
    /// needs. Not [`RuleSet::validate`]d here: the test suite validates the built-in
    /// rules, and a hook should not pay for it per call.
    ///
    /// # Errors
    /// [`Error::Invalid`] when an embedded file does not fit the rule model (a broken
    /// build: the test suite loads every built-in file).
    pub fn builtin(family: &str) -> Result<RuleSet, Error> {
        Self::embedded(family, |(_, lean, _)| lean)
    }

    /// The built-in rules of `family` that can match a command whose base name is one of
    /// `names`, and the tools among `names`: what a hook needs for one command line. Only
    /// those rules are parsed, which keeps a hook call's cost independent of the number of
    /// rules. With `words` (every word of the line's commands, as hookkit-shell gives them),
    /// a match table that needs an operand holding one of some literal runs (`*.pem` needs
    /// `.pem`: build.rs records them) is out when no word holds one, and a rule is parsed
    /// only when one of its tables can match. The result matches exactly as
    /// [`RuleSet::builtin`] does on those commands.
    ///
    /// # Errors
    /// As [`RuleSet::builtin`].
    pub fn builtin_for(
        family: &str,
        names: &[&str],
        words: Option<&[String]>,
    ) -> Result<RuleSet, Error> {
        let prefix = format!("{family}/");
        let mut set = RuleSet::default();
        let blob = &command_index::BLOB;
        let held = |needs: crate::blob::List| {
            needs.1 == 0
                || words.is_none_or(|words| {
                    blob.list(needs)
                        .any(|n| words.iter().any(|w| w.len() >= n.len() && w.contains(n)))
                })
        };
        for indexed in command_index::rules_of_files(|f| f.starts_with(&prefix)) {
            if indexed.matches().iter().any(|&(patterns, needs)| {
                blob.list(patterns).any(|p| may_match(p, names)) && held(needs)
            }) {
                set.rules.push(indexed.rule()?);
            }
        }
        for &(path, name, json) in command_index::COMMAND_TOOLS {
            let path = blob.str(path);
            if path.starts_with(&prefix) && names.contains(&blob.str(name)) {
                let tool: Tool =
                    serde_json::from_str(blob.str(json)).map_err(|e| Error::Invalid {
                        path: Some(PathBuf::from("crates/policy/rules").join(path)),
                        message: e.to_string(),
                    })?;
                set.tools.push(tool);
            }
        }
        Ok(set)
    }

    /// The opacity rules (`rules/commands/shell.toml`: `shell.opaque`, `shell.interactive`),
    /// which both guards apply: what hookkit cannot see through — a computed command, a
    /// shell reading a stream, nesting or size beyond its limits, unparsable text, control
    /// characters — is never allowed, whichever guard is installed.
    ///
    /// # Errors
    /// As [`RuleSet::builtin`].
    pub fn builtin_opacity() -> Result<RuleSet, Error> {
        let mut set = RuleSet::default();
        for indexed in command_index::rules_of_files(|f| f == OPACITY_FILE) {
            set.rules.push(indexed.rule()?);
        }
        Ok(set)
    }

    /// The ids of every built-in rule of `family`, without parsing any rule.
    pub fn builtin_ids(family: &str) -> impl Iterator<Item = &'static str> {
        let prefix = format!("{family}/");
        command_index::rules_of_files(move |f| f.starts_with(&prefix)).map(|r| r.id())
    }

    /// [`RuleSet::builtin`] with every rule's `examples` and `negative_examples`, for
    /// [`check_examples`] and documentation.
    ///
    /// # Errors
    /// As [`RuleSet::builtin`].
    pub fn builtin_with_examples(family: &str) -> Result<RuleSet, Error> {
        Self::embedded(family, |(_, _, full)| full)
    }

    fn embedded(
        family: &str,
        pick: impl Fn(&(&str, &'static str, &'static str)) -> &'static str,
    ) -> Result<RuleSet, Error> {
        let mut set = RuleSet::default();
        for (origin, file) in embedded_files::<RuleFile>(family, pick)? {
            set.add_file(file, &origin);
        }
        Ok(set)
    }

    /// Load rule files from disk (a user's own rules), with the same checks as the
    /// built-in ones.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read; [`Error::Parse`] with file, line and
    /// column when it is not a valid rule file; [`Error::Invalid`] for a broken invariant
    /// (duplicate or malformed id, a glob that does not compile).
    pub fn load_files(paths: &[PathBuf]) -> Result<RuleSet, Error> {
        let mut set = RuleSet::default();
        for path in paths {
            let text = crate::small_file::read_text(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            set.add_source(path, &text)?;
        }
        set.validate()?;
        Ok(set)
    }

    /// Parse one rule file's text and append its rules and tools.
    ///
    /// # Errors
    /// [`Error::Parse`] naming `path`, the line and the column.
    pub fn add_source(&mut self, path: &Path, text: &str) -> Result<(), Error> {
        let file: RuleFile = toml::from_str(text).map_err(|e| Error::parse(path, text, &e))?;
        self.add_file(file, path);
        Ok(())
    }

    fn add_file(&mut self, file: RuleFile, origin: &Path) {
        for mut rule in file.rule {
            rule.source = Some(origin.to_path_buf());
            self.rules.push(rule);
        }
        self.tools.extend(file.tool);
    }

    /// Check invariants that serde cannot: ids unique and of the form
    /// `family.kebab-name`, at least one match per rule, every glob compiles.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the rule and its file.
    pub fn validate(&self) -> Result<(), Error> {
        let mut seen = std::collections::HashSet::new();
        for rule in &self.rules {
            let at = Located::rule(rule);
            if !valid_rule_id(&rule.id) {
                return Err(at.invalid(format!(
                    "rule id `{}` is not of the form `family.kebab-name` (lowercase letters, \
                     digits and single hyphens)",
                    rule.id
                )));
            }
            if !seen.insert(rule.id.as_str()) {
                return Err(at.invalid(format!("rule id `{}` is defined twice", rule.id)));
            }
            if rule.matches.is_empty() {
                return Err(at.invalid(format!(
                    "rule `{}` has no [[rule.match]] table, so it can never fire",
                    rule.id
                )));
            }
            if rule.examples.is_empty() {
                return Err(at.invalid(format!(
                    "rule `{}` has no examples; add at least one command it must fire on",
                    rule.id
                )));
            }
            for m in &rule.matches {
                m.validate()
                    .map_err(|msg| at.invalid(format!("rule `{}`: {msg}", rule.id)))?;
            }
        }
        Ok(())
    }

    /// The `[[tool]]` table for a command's base name, if any.
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.name == name)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// `family.kebab-name`: lowercase ASCII letters and digits in hyphen-separated parts, one
/// dot between the family and the name.
pub fn valid_rule_id(id: &str) -> bool {
    let kebab = |s: &str| {
        !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    match id.split_once('.') {
        Some((family, name)) => kebab(family) && kebab(name),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_must_be_family_dot_kebab() {
        assert!(valid_rule_id("git.reset-hard"));
        assert!(valid_rule_id("files.rm-recursive-home"));
        assert!(!valid_rule_id("git"));
        assert!(!valid_rule_id("git.Reset"));
        assert!(!valid_rule_id("git.reset--hard"));
        assert!(!valid_rule_id("git.reset.hard"));
        assert!(!valid_rule_id(".reset"));
        assert!(!valid_rule_id("git.-reset"));
    }

    #[test]
    fn builtin_command_rules_load() {
        let set = RuleSet::builtin("commands").unwrap();
        assert!(set.rule("git.reset-hard").is_some());
        assert!(set.rules.iter().all(|r| r.examples.is_empty()));
        let full = RuleSet::builtin_with_examples("commands").unwrap();
        assert!(full.rules.iter().all(|r| !r.examples.is_empty()));
        assert!(set.tool("git").is_some());
    }

    #[test]
    fn builtin_for_parses_only_the_rules_a_line_can_need() {
        let all = RuleSet::builtin("commands").unwrap();
        let some = RuleSet::builtin_for("commands", &["git", "mkfs.ext4"], None).unwrap();
        assert!(some.rules.len() < all.rules.len());
        assert!(some.rule("git.reset-hard").is_some());
        assert!(some.rule("files.mkfs").is_some());
        assert!(some.rule("shell.opaque").is_some());
        assert!(some.rule("aws.read").is_none());
        assert!(some.tool("git").is_some() && some.tool("aws").is_none());
        let ids: Vec<&str> = RuleSet::builtin_ids("commands").collect();
        assert_eq!(ids.len(), all.rules.len());
        assert!(may_match("newfs_*", &["newfs_hfs"]) && !may_match("newfs_*", &["ls"]));
    }

    #[test]
    fn builtin_for_parses_a_rule_only_when_one_of_its_match_tables_can_fire() {
        let owned = |ws: &[&str]| ws.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let parsed = |names: &[&str], words: &[&str]| {
            RuleSet::builtin_for("fetch", names, Some(&owned(words)))
                .unwrap()
                .rule("fetch.environment-dump")
                .is_some()
        };
        // `fetch.environment-dump` has a table for any command (`*`) that needs an operand
        // holding `/proc/…/environ`, and tables for `env`, `ps`… that need none.
        assert!(!parsed(
            &["cargo", "tail"],
            &["cargo", "test", "tail", "-20"]
        ));
        assert!(parsed(&["cat"], &["cat", "/proc/1/environ"]));
        assert!(parsed(&["env"], &["env"]));
        assert!(parsed(&["ps"], &["ps", "eww"]));
        // Without words, every table whose command may match counts.
        assert!(
            RuleSet::builtin_for("fetch", &["cargo"], None)
                .unwrap()
                .rule("fetch.environment-dump")
                .is_some()
        );
    }

    #[test]
    fn duplicate_ids_are_rejected_with_the_file() {
        let text = r#"
[[rule]]
id = "x.dup"
class = "delete"
severity = "low"
decision = "ask"
message = "m"
why = "w"
instead = "i"
examples = ["dup"]
[[rule.match]]
command = ["dup"]
"#;
        let mut set = RuleSet::default();
        set.add_source(Path::new("a.toml"), text).unwrap();
        set.add_source(Path::new("b.toml"), text).unwrap();
        let err = set.validate().unwrap_err().to_string();
        assert!(err.contains("defined twice"), "{err}");
        assert!(err.contains("b.toml"), "{err}");
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_column() {
        let text = "[[rule]]\nid = \"x.y\"\nclas = \"delete\"\n";
        let mut set = RuleSet::default();
        let err = set
            .add_source(Path::new("mine.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("mine.toml:3:1:"), "{err}");
        assert!(err.contains("clas"), "{err}");
    }
}
