//! The serde model of the tamper rule files (`crates/policy/rules/tamper/*.toml`).
//!
//! # Format
//!
//! A tamper file holds three kinds of tables, each optional:
//!
//! ```toml
//! [[writer]]                       # a command that writes, moves, deletes, links…
//! what = "deletes"                 # a verb for the reason ("… deletes `X`")
//! class = "delete"                 # the action class of the finding
//! targets = "operands"             # which words are targets (see `Targets`)
//! scope = "tree"                   # tree: a directory holding a protected path counts too
//! target_directory_options = ["-t"]  # `cp -t DIR SRC…`: DIR is the destination
//! output_options = ["-o"]          # `curl -o FILE`: FILE is a target
//! prefixes = ["of="]               # `dd of=FILE`: FILE is a target
//! [writer.match]                   # which commands: a command-rule match table
//! command = ["rm", "unlink"]       # (crate::rules::CommandMatch)
//!
//! [[mcp]]                          # MCP tools that write, or run a shell command
//! what = "writes"
//! class = "modify"
//! scope = "tree"
//! tools = ["write*", "move*"]      # tool-name globs, matched without regard to case
//! arguments = ["path", "source"]   # string (or string array) arguments that are targets
//! commands = ["command"]           # string arguments that are shell command lines
//!
//! [[rule]]                         # a set of protected paths
//! id = "tamper.host-settings"      # family.kebab-name, stable: a public contract
//! severity = "critical"
//! decision = "deny"                # ask | deny
//! message = "…"                    # for the model: what is wrong
//! why = "…"                        # for people
//! instead = "…"                    # the way forward (a person makes the change)
//! paths = ["**/.claude/settings.json", "~/.codex/hooks.json", "$CODEX_HOME/hooks.json"]
//! binaries = ["command-guard"]     # names, in every PATH directory and the guard's own
//! config_files = true              # the configuration files in effect and their rule files
//! audit_trail = true               # the configured audit trail (dir or file)
//! unresolved = true                # the rule for targets hookkit cannot resolve
//! names = [".claude"]              # words that mark a line with an unresolved target
//! examples = ["rm .claude/settings.json"]          # command lines that must fire it
//! negative_examples = ["cat .claude/settings.json"] # lines no tamper rule may fire on
//! ```
//!
//! Path patterns: `~/…` (the home directory), `$NAME/…` or `$NAME` (an environment
//! variable: the pattern is dropped when it is unset or empty), `/…` (absolute), `**/…`
//! (at any depth: a project's own files). In a component, `*` is any run of characters and
//! `?` any one; `**` is any number of components; `{a,b}` spells out alternatives. Matched
//! without regard to case (hosts run on case-insensitive file systems too). A pattern ending
//! in `/**` protects the directory itself too.

use crate::decision::{ActionClass, Severity, Verdict};
use crate::rules::CommandMatch;
use serde::Deserialize;
use std::path::PathBuf;

/// One tamper rule file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TamperFile {
    /// Commands that write to, move, delete, link or re-permission paths.
    #[serde(default)]
    pub writer: Vec<Writer>,
    /// MCP tools that do.
    #[serde(default)]
    pub mcp: Vec<McpWriter>,
    /// Protected path sets.
    #[serde(default)]
    pub rule: Vec<TamperRule>,
}

/// Which words of a matching command are the paths it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Targets {
    /// Every operand (`rm A B`, `tee A B`, `chmod MODE A`).
    Operands,
    /// Every operand; the last one is a destination (`mv A B DEST`, `ln -s A DEST`).
    SourcesAndDestination,
    /// Only the destination, the last operand (`cp A B DEST`); the sources are read.
    Destination,
    /// The quoted strings of inline code (`python3 -c "open('X','w')"`).
    Code,
    /// Paths the command does not name (`tar -x`, `patch`, `cargo install`): unknown.
    Unknown,
    /// None besides the option values and prefixed words the writer names.
    None,
}

/// Whether a directory that holds a protected path counts as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Only the path itself (a write, a truncation, a `touch`).
    File,
    /// The path or any directory on the way to a protected path (`rm -rf .claude`,
    /// `mv ~/.codex x`, `chmod 000 .claude`).
    Tree,
}

/// A command that changes the paths among its words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Writer {
    /// A verb for the reason (`deletes`, `moves`, `edits in place`).
    pub what: String,
    /// The action class of a finding.
    pub class: ActionClass,
    /// Which words are targets.
    pub targets: Targets,
    /// File or tree.
    pub scope: Scope,
    /// Options whose value is the destination directory (`-t`, `--target-directory`).
    #[serde(default)]
    pub target_directory_options: Vec<String>,
    /// Options whose value is a target (`-o FILE`, `--output=FILE`, `-oFILE`).
    #[serde(default)]
    pub output_options: Vec<String>,
    /// Operand prefixes whose rest is a target (`of=`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Which commands (the command-rule match format).
    #[serde(rename = "match")]
    pub matches: CommandMatch,
}

/// An MCP tool that changes paths, or runs a shell command.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McpWriter {
    /// A verb for the reason.
    pub what: String,
    /// The action class of a finding.
    pub class: ActionClass,
    /// File or tree.
    pub scope: Scope,
    /// Tool-name globs (`write*`), matched without regard to case.
    pub tools: Vec<String>,
    /// Arguments whose string value, or array of strings, are targets.
    #[serde(default)]
    pub arguments: Vec<String>,
    /// Arguments whose string value is a shell command line, checked as a shell call's.
    #[serde(default)]
    pub commands: Vec<String>,
}

/// A set of protected paths.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TamperRule {
    /// Stable id, `tamper.kebab-name`.
    pub id: String,
    /// How bad it is.
    pub severity: Severity,
    /// `deny` (or `ask`), whatever the profile.
    pub decision: Verdict,
    /// One sentence for the model: what is wrong.
    pub message: String,
    /// Why it matters, for people.
    pub why: String,
    /// The way forward: a person makes the change.
    pub instead: String,
    /// Path patterns (see the module docs).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Executable names, protected in every `PATH` directory and beside the running guard.
    #[serde(default)]
    pub binaries: Vec<String>,
    /// The configuration files in effect and the rule files they name.
    #[serde(default)]
    pub config_files: bool,
    /// The configured audit trail (its directory or file).
    #[serde(default)]
    pub audit_trail: bool,
    /// The rule for write targets hookkit cannot resolve on a line that mentions one of
    /// the other rules' `names`.
    #[serde(default)]
    pub unresolved: bool,
    /// Words (matched without regard to case) whose appearance on a line with an
    /// unresolved write target makes it [`TamperRule::unresolved`]'s finding.
    #[serde(default)]
    pub names: Vec<String>,
    /// Command lines this rule must fire on.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Command lines no tamper rule may fire on.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The file the rule came from (set by the loader).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}
