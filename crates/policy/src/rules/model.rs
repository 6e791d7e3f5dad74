//! The serde model of a command rule file (see the module docs of [`crate::rules`]).

use crate::aws::ActionKind;
use crate::command::glob_text::is_glob;
use crate::decision::{ActionClass, Severity, Verdict};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One rule file: `[[tool]]` and `[[rule]]` tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// What hookkit must know about programs' command lines.
    #[serde(default)]
    pub tool: Vec<Tool>,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<Rule>,
}

/// What the matcher must know about one program to find its subcommand.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// The program's base name (`git`).
    pub name: String,
    /// Options placed before the subcommand that take the next word as their value
    /// (`git -C DIR …`, `git -c KEY=VALUE …`); `--opt=value` needs no entry.
    #[serde(default)]
    pub value_options: Vec<String>,
    /// True for programs whose options are words after a single dash (`find -delete`,
    /// `dd`): a word such as `-delete` is then one option, not a cluster of letters.
    #[serde(default)]
    pub single_dash_words: bool,
    /// Options whose value names an environment (`--profile`, `--context`, `-n`,
    /// `--namespace`, `--project`); `--opt=value` is understood too.
    #[serde(default)]
    pub env_options: Vec<String>,
    /// Environment variables whose value names an environment (`AWS_PROFILE`,
    /// `KUBECONFIG`: for a path, its file name), from the command's own assignments or
    /// else the agent's environment.
    #[serde(default)]
    pub env_vars: Vec<String>,
    /// A file, relative to the working directory, holding the tool's current environment
    /// name (terraform's `.terraform/environment`).
    #[serde(default)]
    pub env_file: Option<String>,
    /// The exact action table the tool's commands are looked up in, for the `action`
    /// condition of a [`CommandMatch`]: `aws` (the AWS Service Authorization Reference,
    /// [`crate::aws`]). Without one, every command of the tool is of kind `unknown`.
    #[serde(default)]
    pub action_table: Option<ActionTable>,
    /// Option words, each exact, that make the tool only show what it would do
    /// (`--dryrun` of `aws s3`, `--dry-run=server` of kubectl): a command given one, before
    /// any `--`, changes nothing, so every finding on it that would change something is
    /// replaced by the read finding of `verbs.dry-run` (`crate::command`). Listed per tool,
    /// from its documentation, because `-n` or even `--dry-run` mean something else
    /// elsewhere (`git commit -n` skips hooks; `--dry-run=none` of kubectl runs for real).
    #[serde(default)]
    pub dry_run: Vec<String>,
    /// Set for a program whose first operand is the program it runs or the pattern it
    /// looks for, not a file (`grep PATTERN FILE…`, `jq FILTER FILE…`, `awk PROGRAM
    /// FILE…`, `sed SCRIPT FILE…`): the options that give that program instead (`-e`,
    /// `-f`, from each program's manual page), with which every operand is a file. Without
    /// one of them, the first operand is not an operand to any rule (a filter `.key` is not
    /// a key file). An option's value the rules do not know to skip (`jq --arg NAME VALUE`)
    /// counts as an operand, so with such options a file operand is still seen, and at
    /// worst the program too.
    #[serde(default)]
    pub program_first: Option<Vec<FlagSpec>>,
    /// True for a tool whose operands name the resources it acts on (`kubectl delete
    /// namespace payments-prod`, `gcloud projects delete acme-prod-1`): their names count
    /// toward the environment, as for a CLI only the generic verb table classifies
    /// ([`crate::command::operand_environment`]).
    #[serde(default)]
    pub env_operands: bool,
}

/// An exact action table a `[[tool]]` can name (`action_table = "aws"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionTable {
    /// [`crate::aws`]: `aws` command lines → IAM actions → access levels.
    Aws,
}

/// One rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, `family.kebab-name`.
    pub id: String,
    /// The action class of what the rule matches.
    pub class: ActionClass,
    /// How bad it is.
    pub severity: Severity,
    /// The least this rule decides, whatever the profile: `ask` or `deny`. Absent: the
    /// active profile decides from the class and the environment (a classifier rule).
    /// Configuration may override it per rule.
    #[serde(default)]
    pub decision: Option<Verdict>,
    /// One sentence for the model: what is wrong.
    pub message: String,
    /// Why it matters, for people (`explain`, docs).
    pub why: String,
    /// The safer way forward, for the model.
    pub instead: String,
    /// The rule fires when any of these matches one simple command.
    #[serde(rename = "match", default)]
    pub matches: Vec<CommandMatch>,
    /// Command lines this rule must fire on.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Command lines no rule may fire on.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The file the rule came from (set by the loader).
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// True when the rule comes from a rule file that only a tighten-only configuration
    /// layer named and no person trusted (set by [`crate::command::rules_for`]): its
    /// findings add to the decision, but it does not take a command out of the profile's
    /// `unclassified` row (see `hookkit_policy::config`).
    #[serde(skip)]
    pub tighten_only: bool,
    /// True for a rule of the generic verb table (`rules/commands/verbs.toml`): it is
    /// tried only on a simple command that no other rule with full standing classified, so
    /// a tool's own rules always win over what its words suggest.
    #[serde(default)]
    pub fallback: bool,
}

impl Rule {
    /// This rule's finding on `matched` (the words shown to the agent) at `span` of the line
    /// (`None`: not in a line), in `environment`.
    pub fn finding(
        &self,
        environment: crate::decision::Environment,
        matched: String,
        span: Option<crate::decision::Span>,
    ) -> crate::decision::Finding {
        crate::decision::Finding {
            rule_id: self.id.clone(),
            class: self.class,
            environment,
            severity: self.severity,
            verdict: self.decision.unwrap_or(Verdict::Allow),
            message: self.message.clone(),
            instead: self.instead.clone(),
            matched,
            span,
        }
    }
}

/// A condition on one simple command (after hookkit-shell removed wrappers and quotes).
/// Every field that is set must hold.
///
/// The words after the command name split into *flags* (words starting with `-`, before a
/// `--`) and *positionals*. The first positionals must be the `subcommand` words; the rest
/// are the *operands*.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandMatch {
    /// Base names of the command (`rm`, `/bin/rm` and `\rm` all have base name `rm`);
    /// entries with `*`, `?` or `[` are globs (`mkfs.*`); `"*"` alone is any command.
    pub command: Vec<String>,
    /// Base names the command must not have, compared as written (`command = ["*"]` with
    /// `command_none = ["ls", "stat"]`: any command but those).
    #[serde(default)]
    pub command_none: Vec<String>,
    /// Subcommand words, in order; each entry lists alternatives separated by `|`
    /// (`["stash", "clear|drop"]`); an alternative may end in `*` to match a prefix
    /// (`describe-*`), and `*` alone matches any word.
    #[serde(default)]
    pub subcommand: Vec<String>,
    /// Options after the subcommand that take the next word as their value (so it is not
    /// an operand), e.g. `["-m", "--message"]`.
    #[serde(default)]
    pub value_options: Vec<String>,
    /// Every one of these flags must be present.
    #[serde(default)]
    pub flags_all: Vec<FlagSpec>,
    /// At least one of these flags must be present (when the list is not empty).
    #[serde(default)]
    pub flags_any: Vec<FlagSpec>,
    /// None of these flags may be present.
    #[serde(default)]
    pub flags_none: Vec<FlagSpec>,
    /// When not empty, every flag of the command must be one of these (an allowlist, for
    /// a read form that any other option could turn into a write): a flag `--name` (or a
    /// single-dash word `-name`) also as `--name=…` (`-name=…`); a cluster of one-letter
    /// flags (`-lx`) when each of its letters is listed (`-l`, `-x`), unless the tool has
    /// `single_dash_words`; any other flag word only as written. A value that follows a
    /// flag is an operand unless `value_options` names the flag.
    #[serde(default)]
    pub flags_only: Vec<FlagSpec>,
    /// At least one operand must match one of these globs (when not empty).
    #[serde(default)]
    pub args_any: Vec<String>,
    /// No operand may match any of these globs.
    #[serde(default)]
    pub args_none: Vec<String>,
    /// At least one operand, read as a path, must fall in one of these classes.
    #[serde(default)]
    pub operands_in: Vec<PathClass>,
    /// At least one operand must be known only at run time, in one of these ways
    /// (`computed`: a substitution or a variable the path context cannot resolve, `cat
    /// "$F"`, `cat $(…)`; `input`: an item `xargs`, `parallel` or `find -exec` feeds,
    /// [`hookkit_shell::Word::from_input`]).
    #[serde(default)]
    pub operands_unknown: Vec<UnknownOperand>,
    /// At most this many operands (`0` for "no operands at all").
    #[serde(default)]
    pub max_operands: Option<usize>,
    /// At least this many operands (`git push REMOTE BRANCH`: 2).
    #[serde(default)]
    pub min_operands: Option<usize>,
    /// The last operand (the destination of `mv`, `cp`), read as a path, must fall in one
    /// of these classes.
    #[serde(default)]
    pub target_in: Vec<PathClass>,
    /// When set, the last operand must (true) or must not (false) exist on disk.
    #[serde(default)]
    pub target_exists: Option<bool>,
    /// The last operand must not match any of these globs (`aws s3 cp s3://b/k DEST`
    /// writes a local file only when DEST is not `s3://…`).
    #[serde(default)]
    pub target_none: Vec<String>,
    /// At least one of the command's subcommand words (`crate::command::verbs::subcommand_words`: the leading
    /// identifier-like positionals), or
    /// a part of one split at `-`, `_`, `:` and `.` (`delete-bucket`, `apps:destroy`),
    /// must be one of these verbs, each entry listing alternatives separated by `|`, as
    /// in `subcommand`. The generic verb table classifies a CLI nobody wrote rules for
    /// with it.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// When set, the words must (true) or must not (false) include a `--` that ends the
    /// options and is followed by at least one operand (`git checkout -- FILE`).
    #[serde(default)]
    pub double_dash: Option<bool>,
    /// A redirection of the command must match this.
    #[serde(default)]
    pub redirect: Option<RedirectMatch>,
    /// When set: `true` or `false`, the command must or must not be opaque to static
    /// analysis; a list of kinds (`dynamic-command-name`, `dynamic-shell-string`,
    /// `shell-from-stream`, `interactive-shell`, `too-deep`), it must be opaque for one of
    /// those reasons.
    #[serde(default)]
    pub opaque: Option<OpaqueMatch>,
    /// When set, the command must (true) or must not (false) get text on standard input
    /// from a heredoc or here-string.
    #[serde(default)]
    pub stdin: Option<bool>,
    /// A regular expression (Rust `regex` syntax: linear time) that must match the
    /// command's arguments joined by spaces, or the text the command gets on standard input
    /// from a heredoc or here-string: SQL in `psql -c`, code in `python -c` or
    /// `python <<EOF`, the remote command of `ssh host …`.
    #[serde(default)]
    pub text_regex: Option<String>,
    /// When set, the command line must (true) or must not (false) hold syntax the shell
    /// parser could not read.
    #[serde(default)]
    pub parse_error: Option<bool>,
    /// At least one action the command calls, from its tool's action table
    /// ([`Tool::action_table`]), must be of one of these kinds (`list`, `read`,
    /// `no-change`, `create`, `modify`, `delete`, `tagging`, `permissions`: see
    /// [`ActionKind`]); `unknown` matches a command no action table knows, so that verb
    /// rules apply only where the table is silent.
    #[serde(default)]
    pub action: Vec<ActionKind>,
    #[serde(skip)]
    compiled: OnceLock<Result<Compiled, String>>,
}

impl Clone for CommandMatch {
    fn clone(&self) -> Self {
        CommandMatch {
            command: self.command.clone(),
            command_none: self.command_none.clone(),
            subcommand: self.subcommand.clone(),
            value_options: self.value_options.clone(),
            flags_all: self.flags_all.clone(),
            flags_any: self.flags_any.clone(),
            flags_none: self.flags_none.clone(),
            flags_only: self.flags_only.clone(),
            args_any: self.args_any.clone(),
            args_none: self.args_none.clone(),
            operands_in: self.operands_in.clone(),
            operands_unknown: self.operands_unknown.clone(),
            max_operands: self.max_operands,
            min_operands: self.min_operands,
            target_in: self.target_in.clone(),
            target_exists: self.target_exists,
            target_none: self.target_none.clone(),
            verbs: self.verbs.clone(),
            double_dash: self.double_dash,
            redirect: self.redirect.clone(),
            opaque: self.opaque.clone(),
            stdin: self.stdin,
            parse_error: self.parse_error,
            text_regex: self.text_regex.clone(),
            action: self.action.clone(),
            compiled: OnceLock::new(),
        }
    }
}

/// The globs of a [`CommandMatch`], compiled on first use.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// Command name globs (exact names are compared as strings).
    pub command_globs: GlobSet,
    /// `args_any`.
    pub args_any: GlobSet,
    /// `args_none`.
    pub args_none: GlobSet,
    /// `target_none`.
    pub target_none: GlobSet,
    /// `text_regex`.
    pub text_regex: Option<regex::Regex>,
}

fn glob(pattern: &str) -> Result<Glob, String> {
    GlobBuilder::new(pattern)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("glob `{pattern}` does not compile: {e}"))
}

fn glob_set<'a>(patterns: impl IntoIterator<Item = &'a String>) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(glob(p)?);
    }
    builder.build().map_err(|e| e.to_string())
}

impl CommandMatch {
    /// The compiled globs, built once per process on first use.
    pub(crate) fn compiled(&self) -> Result<&Compiled, String> {
        self.compiled
            .get_or_init(|| {
                Ok(Compiled {
                    command_globs: glob_set(self.command.iter().filter(|c| is_glob(c)))?,
                    args_any: glob_set(&self.args_any)?,
                    args_none: glob_set(&self.args_none)?,
                    target_none: glob_set(&self.target_none)?,
                    text_regex: self
                        .text_regex
                        .as_deref()
                        .map(|r| {
                            regex::RegexBuilder::new(r)
                                .size_limit(1 << 20)
                                .build()
                                .map_err(|e| format!("text_regex `{r}` does not compile: {e}"))
                        })
                        .transpose()?,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// True when `name` (a base name) is one of [`CommandMatch::command`]; exact names
    /// are checked without compiling any glob.
    pub(crate) fn names(&self, name: &str) -> Result<bool, String> {
        let mut other_globs = false;
        for c in &self.command {
            if c == "*" || c == name {
                return Ok(true);
            }
            match c.strip_suffix('*') {
                // `mkfs.*`: a prefix, checked without compiling a glob.
                Some(prefix) if !is_glob(prefix) => {
                    if name.starts_with(prefix) {
                        return Ok(true);
                    }
                }
                _ => other_globs |= is_glob(c),
            }
        }
        if !other_globs {
            return Ok(false);
        }
        Ok(self.compiled()?.command_globs.is_match(name))
    }

    /// True when the subcommand pattern `want` matches `word`: one of its alternatives
    /// (separated by `|`) is `word` itself, `*`, or a prefix ending in `*` that `word`
    /// starts with (see [`CommandMatch::subcommand`]).
    pub(crate) fn subcommand_word(want: &str, word: &str) -> bool {
        want.split('|').any(|alt| match alt.strip_suffix('*') {
            Some(prefix) => word.starts_with(prefix),
            None => alt == word,
        })
    }

    /// True when this match sets no condition beyond the command name, the subcommand
    /// words and the action kinds: it fires on every call of those words whose action is
    /// of those kinds, whatever the call's flags, operands, redirections or input.
    pub(crate) fn words_and_action_only(&self) -> bool {
        self.value_options.is_empty()
            && self.flags_all.is_empty()
            && self.flags_any.is_empty()
            && self.flags_none.is_empty()
            && self.flags_only.is_empty()
            && self.args_any.is_empty()
            && self.args_none.is_empty()
            && self.operands_in.is_empty()
            && self.max_operands.is_none()
            && self.min_operands.is_none()
            && self.target_in.is_empty()
            && self.target_exists.is_none()
            && self.target_none.is_empty()
            && self.verbs.is_empty()
            && self.double_dash.is_none()
            && self.redirect.is_none()
            && self.opaque.is_none()
            && self.stdin.is_none()
            && self.text_regex.is_none()
            && self.parse_error.is_none()
    }

    /// Check what serde cannot: a command is named and every glob compiles.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.command.is_empty() {
            return Err("a [[rule.match]] needs at least one `command`".into());
        }
        self.compiled().map(|_| ())
    }
}

/// A flag, with its alternative spellings separated by `|`: `--force` (also matches
/// `--force=…`), `-f` (one letter: also found inside clusters such as `-rf`), or a
/// single-dash word such as `-delete` (matched as a whole word).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct FlagSpec {
    /// The alternatives as written.
    pub alternatives: Vec<String>,
}

impl TryFrom<String> for FlagSpec {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let alternatives: Vec<String> = s.split('|').map(str::to_owned).collect();
        for a in &alternatives {
            if !a.starts_with('-') || a.len() < 2 {
                return Err(format!(
                    "flag `{a}` in `{s}` must start with `-` and name an option"
                ));
            }
        }
        Ok(FlagSpec { alternatives })
    }
}

/// Where a path points, relative to the project and the machine. The classifier is
/// lexical: it resolves `~`, `$HOME`, `$PWD`, `.` and `..` but follows no symlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PathClass {
    /// `/` itself or everything in it (`/*`).
    Root,
    /// The home directory itself or everything in it (`~`, `~/*`, `$HOME`, `/home/NAME`,
    /// `/root`, `/Users/NAME`).
    Home,
    /// A system directory or anything under it (`/etc`, `/usr`, `/bin`, `/boot`, `/var`,
    /// `/proc`, `/sys`, …; `/tmp` and `/dev` are classified apart).
    System,
    /// A disk or partition device (`/dev/sda`, `/dev/nvme0n1`, `/dev/disk2`, …).
    BlockDevice,
    /// A harmless device (`/dev/null`, `/dev/stdout`, `/dev/tty`, `/dev/fd/N`…).
    SpecialDevice,
    /// The project itself: the working directory, the repository root, or one of their
    /// ancestors (`.`, `*`, `..`, the repository's own path).
    Project,
    /// Strictly inside the project (`target`, `node_modules`, `./build`).
    InsideProject,
    /// Outside the project and not one of the classes above (`~/other`, `/opt/x` is
    /// System, `/srv/data`…).
    OutsideProject,
    /// A temporary directory (`/tmp/…`, `/var/tmp/…`, `$TMPDIR/…`).
    Temp,
    /// Contains a variable or substitution that cannot be resolved (`$DIR/`): it may be
    /// anything, including `/`.
    Unresolved,
}

/// How an operand of a [`CommandMatch::operands_unknown`] condition is known only at run
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownOperand {
    /// A command substitution, or a variable other than those a path context resolves
    /// (`$HOME`, `$PWD`, `$TMPDIR`): `cat "$F"`, `cat $(printf .en; printf v)`.
    Computed,
    /// An item another program feeds at run time: `xargs cat` (`{}`), `find . -exec cat
    /// {} +` (`./{}`), `parallel cat ::: …` past what the line spells.
    Input,
}

/// The `opaque` condition of a [`CommandMatch`].
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OpaqueMatch {
    /// Opaque for any reason (`true`) or not opaque (`false`).
    Any(bool),
    /// Opaque for one of these reasons.
    Kinds(Vec<OpacityKind>),
}

/// Why hookkit-shell could not resolve a command (mirrors [`hookkit_shell::Opacity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpacityKind {
    /// The command name is a variable or substitution.
    DynamicCommandName,
    /// `eval`/`bash -c` of a string that is not a literal.
    DynamicShellString,
    /// A shell reads its program from a pipe or a file.
    ShellFromStream,
    /// A shell reads its commands from the terminal.
    InteractiveShell,
    /// Nesting deeper, or input larger, than the analyzer follows.
    TooDeep,
    /// Text bash would refuse or read differently (an unclosed quote, a stray `fi`).
    Unparsed,
    /// A NUL, another control character, or a bidirectional override in the line.
    ControlCharacter,
    /// Another language's shell (fish, csh, PowerShell, nushell…) runs a program hookkit
    /// does not parse.
    ForeignShell,
}

impl OpaqueMatch {
    /// Does the command's opacity satisfy this condition?
    pub fn holds(&self, opacity: Option<&hookkit_shell::Opacity>) -> bool {
        use hookkit_shell::Opacity as O;
        match (self, opacity) {
            (OpaqueMatch::Any(want), o) => *want == o.is_some(),
            (OpaqueMatch::Kinds(_), None) => false,
            (OpaqueMatch::Kinds(kinds), Some(o)) => kinds.iter().any(|k| {
                matches!(
                    (k, o),
                    (OpacityKind::DynamicCommandName, O::DynamicCommandName)
                        | (OpacityKind::DynamicShellString, O::DynamicShellString)
                        | (OpacityKind::ShellFromStream, O::ShellFromStream)
                        | (OpacityKind::InteractiveShell, O::InteractiveShell)
                        | (OpacityKind::TooDeep, O::TooDeep)
                        | (OpacityKind::Unparsed, O::Unparsed)
                        | (OpacityKind::ControlCharacter, O::ControlCharacter)
                        | (OpacityKind::ForeignShell, O::ForeignShell)
                )
            }),
        }
    }
}

/// A condition on a command's redirections: at least one must match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedirectMatch {
    /// Which operators: `truncate` (`>`, `>|`, `&>`), `append` (`>>`, `&>>`), `write` (both).
    pub ops: Vec<RedirectKind>,
    /// The target must fall in one of these path classes.
    pub classes: Vec<PathClass>,
    /// When set, the target must (true) or must not (false) exist on disk.
    #[serde(default)]
    pub exists: Option<bool>,
    /// When true, the target must also be a file the command reads: one of its operands,
    /// or the target of one of its input redirections (`<`), compared as resolved paths.
    /// The shell truncates the file before the command starts, so `sort -u f > f` leaves
    /// `f` empty.
    #[serde(default)]
    pub reads_target: bool,
}

/// A family of redirection operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectKind {
    /// `>`, `>|`, `&>`: the target is truncated.
    Truncate,
    /// `>>`, `&>>`.
    Append,
    /// Any of the above.
    Write,
}
