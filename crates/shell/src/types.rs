//! The shapes [`crate::analyze`] returns.

use std::ops::Range;

/// One word of a simple command after quote removal.
///
/// `text` is the word as the shell would see it after quote removal (`'a b'` → `a b`,
/// `$'\n'` → a newline, `\rm` → `rm`), with expansions that cannot be resolved statically
/// left in their source spelling (`$HOME`, `${X}`, `$(cmd)`, `~`). `dynamic` is true when
/// the word contains such an expansion, so its final value is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal.
    pub text: String,
    /// True when the word contains a parameter expansion, command substitution or
    /// arithmetic whose value is unknown statically. Tilde and globs are not dynamic.
    pub dynamic: bool,
}

/// The kind of a redirection operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOp {
    /// `>` and `>|`: truncates or creates the target.
    Write,
    /// `>>`: appends.
    Append,
    /// `<`.
    Read,
    /// `<>`.
    ReadWrite,
    /// `&>` and `>&` to a file: truncates, both streams.
    WriteAll,
    /// `&>>`.
    AppendAll,
    /// `>&2`, `2>&1`, `<&0`: duplicates a descriptor, touches no file.
    Duplicate,
}

/// One redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator.
    pub op: RedirectOp,
    /// The explicit file descriptor, when given (`2>` → 2).
    pub fd: Option<u32>,
    /// The target word.
    pub target: Word,
}

/// Why a command cannot be known statically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opacity {
    /// The command name is a variable, a substitution or otherwise dynamic (`$CMD x`).
    DynamicCommandName,
    /// `eval`, `bash -c`, `source` and the like of a string that is not a literal.
    DynamicShellString,
    /// A shell reads its program from a pipe or a file we cannot see
    /// (`curl … | sh`, `base64 -d | bash`, `bash script.sh` written in the same line).
    ShellFromStream,
    /// Nesting deeper than the analyzer follows.
    TooDeep,
}

/// One simple command that the line would run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The command's words, wrappers removed (`sudo -u x rm -rf /` → `rm -rf /`); the first
    /// is the command name as written (`/bin/rm` stays `/bin/rm`; use
    /// [`SimpleCommand::name`] for the base name).
    pub argv: Vec<Word>,
    /// Variable assignments before the command and those given to `env` (`FOO=bar cmd`).
    pub assignments: Vec<(String, Word)>,
    /// Redirections of this command.
    pub redirects: Vec<Redirect>,
    /// The text fed on standard input by a heredoc or here-string, when there is one.
    pub stdin_text: Option<String>,
    /// The wrappers that were removed to reach this command, outermost first
    /// (`["sudo", "bash -c"]`).
    pub wrappers: Vec<String>,
    /// Byte range, in the line given to [`crate::analyze`], of the text this command came
    /// from (for a command inside a `bash -c` string: the whole outer command).
    pub span: Range<usize>,
    /// Set when the command cannot be known statically.
    pub opaque: Option<Opacity>,
}

impl SimpleCommand {
    /// The base name of the command (`/usr/bin/rm` → `rm`), or `""` for a command with
    /// no words (a bare assignment or redirection).
    pub fn name(&self) -> &str {
        self.argv
            .first()
            .map(|w| w.text.rsplit('/').next().unwrap_or(&w.text))
            .unwrap_or("")
    }

    /// The arguments after the command name, as text.
    pub fn args(&self) -> impl Iterator<Item = &str> {
        self.argv.iter().skip(1).map(|w| w.text.as_str())
    }
}

/// Everything a command line would run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Every simple command, in source order; nested ones (from `$(…)`, `bash -c`…)
    /// come right after the command that contains them.
    pub commands: Vec<SimpleCommand>,
    /// Byte ranges the parser could not read. Non-empty means the line may run commands
    /// that are not listed: a guard should not treat it as plainly safe.
    pub parse_errors: Vec<Range<usize>>,
}
