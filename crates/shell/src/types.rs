//! The shapes [`crate::analyze`] returns.

use std::ops::Range;

/// One word of a simple command after quote removal.
///
/// `text` is the word as the shell would see it after quote removal (`'a b'` → `a b`,
/// `$'\n'` → a newline, `\rm` → `rm`), with expansions that cannot be resolved statically
/// left in their source spelling (`$HOME`, `${X}`, `$(cmd)`, `~`). `dynamic` is true when
/// the word contains such an expansion, so its final value is unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal.
    pub text: String,
    /// True when the word contains a parameter expansion, command substitution or
    /// arithmetic whose value is unknown statically. Tilde and globs are not dynamic.
    pub dynamic: bool,
}

impl Word {
    /// A word whose text is known: `Word::literal("rm")` is `rm` with `dynamic == false`.
    pub fn literal(text: impl Into<String>) -> Self {
        Word {
            text: text.into(),
            dynamic: false,
        }
    }

    /// True for a word the analysis made for a target that arrives through input, which
    /// no text on the line spells: dynamic, with no expansion in its text. `{}` is an item
    /// `xargs` or `parallel` reads; `DIR/{}` an entry `find DIR -exec` or `fd -x` finds
    /// below `DIR` (see [`crate::SimpleCommand::wrappers`]).
    pub fn from_input(&self) -> bool {
        self.dynamic && !self.text.contains(['$', '`'])
    }
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
    /// `>&2`, `2>&1`, `<&0`: duplicates a descriptor, touches no file. Also `>&-`/`<&-`,
    /// which close one (target `-`).
    Duplicate,
}

impl RedirectOp {
    /// True when the redirection opens its target for writing (`>`, `>|`, `>>`, `&>`,
    /// `&>>`, `<>`).
    pub fn writes(self) -> bool {
        matches!(
            self,
            RedirectOp::Write
                | RedirectOp::Append
                | RedirectOp::WriteAll
                | RedirectOp::AppendAll
                | RedirectOp::ReadWrite
        )
    }

    /// True when the redirection opens its target for reading (`<`, `<>`).
    pub fn reads(self) -> bool {
        matches!(self, RedirectOp::Read | RedirectOp::ReadWrite)
    }

    /// True when the redirection empties its target before the command starts (`>`, `>|`,
    /// `&>`).
    pub fn truncates(self) -> bool {
        matches!(self, RedirectOp::Write | RedirectOp::WriteAll)
    }
}

/// One redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator.
    pub op: RedirectOp,
    /// The explicit file descriptor, when given (`2>` → 2).
    pub fd: Option<u32>,
    /// The target word: a path, a descriptor number (`2>&1` → `1`) or `-` (close).
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
    /// (`curl … | sh`, `base64 -d | bash`, `bash < f`, `sh -s`, `sudo -s`), or runs a script
    /// file that a redirection earlier in the same line wrote (`echo … > x.sh; bash x.sh`).
    ShellFromStream,
    /// A shell started with no program, no pipe and no redirected input (`bash`,
    /// `sudo -s`, `zsh -l`): it reads commands from the terminal, and what is typed into
    /// it later never passes through a hook.
    InteractiveShell,
    /// Nesting deeper, or input or output larger, than the analyzer follows: more than 8
    /// nested shell strings or spawners, more than 32 wrappers on one command, syntax nested
    /// more than 64 levels deep, more than 20,000 simple commands or 250,000 words in one
    /// source, more re-parsed text or output than budgets linear in the line's length. The
    /// command carrying it has whatever argv was read before the cut (possibly none).
    TooDeep,
    /// Text bash would refuse or read differently from the analyzer (an unclosed quote or
    /// substitution, a stray `)` or `fi`, a heredoc the input ends inside): what the line
    /// runs is unknown. Reported once per source, as a command with no argv spanning the
    /// first such range.
    Unparsed,
    /// The line holds a control character that shells, terminals and people read
    /// differently: a NUL (bash drops it from a script, a C string ends at it; the line is
    /// analysed with NULs removed), another C0 or C1 control but tab and newline, DEL, or a
    /// Unicode bidirectional override (which reorders what a person is shown; CVE-2021-42574).
    /// Reported as a command with no argv spanning the whole line.
    ControlCharacter,
    /// A shell whose language hookkit does not analyse runs a program or reads commands
    /// (`fish -c`, `pwsh -Command`, `csh`, `nu`…).
    ForeignShell,
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
    /// A heredoc gives its body (lines ending in `\n`, leading tabs removed for `<<-`; an
    /// unquoted delimiter leaves `$x`/`$(…)` as written); a here-string gives its word after
    /// quote removal followed by `\n`, as bash feeds it. The last one wins.
    pub stdin_text: Option<String>,
    /// The wrappers that were removed to reach this command, outermost first, each named by
    /// its base name or runner: `sudo`, `doas`, `env`, `command`, `builtin`, `exec`, `nohup`,
    /// `nice`, `time`, `timeout`, `stdbuf`, `ionice`, `chroot`, `setsid`, `unbuffer`,
    /// `busybox`, `watch`, `xargs`, `find -exec` (or `-execdir`, `-ok`, `-okdir`), `eval`,
    /// `su -c`, `bash -c` (whichever shell), `bash <<` (heredoc), `bash <<<` (here-string),
    /// `sudo -s <<`… Example: `["sudo", "bash -c"]`. A command under `xargs` receives more
    /// arguments at run time than `argv` lists.
    pub wrappers: Vec<String>,
    /// Byte range, in the line given to [`crate::analyze`], of the text this command came
    /// from, redirections and heredoc included. For a command found inside a shell string,
    /// heredoc script or `eval` (anything re-parsed), it is the span of the outermost
    /// command of the line that contains it.
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
    /// Every simple command, in source order; commands from substitutions (`$(…)`,
    /// backticks, `<(…)`) come right after the command that contains them, commands from a
    /// shell string or heredoc script come in place of the shell that runs them.
    pub commands: Vec<SimpleCommand>,
    /// Byte ranges of the line that bash would refuse (an unclosed quote or substitution, a
    /// stray closer, a missing `fi`/`done`/`esac`, a heredoc the input ends inside). Errors inside a
    /// re-parsed string are reported as the span of its outermost command. Non-empty means
    /// the line may run commands that are not listed: a guard should not treat it as
    /// plainly safe.
    pub parse_errors: Vec<Range<usize>>,
    /// Byte ranges of the line's comments, each from a `#` that starts a word to the end
    /// of its line (newline excluded), outside re-parsed strings (a comment inside
    /// `bash -c '…'` or a heredoc script lies within its command's span). Bash skips
    /// them; a guard looking for text typed into the line, not run by it, still reads them.
    pub comments: Vec<Range<usize>>,
}
