//! The syntax tree [`crate::parse`] builds: just what the analysis needs, with byte ranges
//! into the parsed source instead of copies of its text.
//!
//! Lists (`;`, `&&`, `||`, `&`, newlines) are flattened into a body in source order: what
//! runs does not depend on which of them joins two commands. Pipelines stay grouped, since
//! every element after the first reads the pipe.

use std::ops::Range;

/// A statement, or a part of one.
#[derive(Debug)]
pub(crate) enum Node {
    /// A simple command: assignments, words and redirections.
    Simple(Simple),
    /// `a | b |& c`: two or more elements; those after the first read the pipe.
    Pipeline(Vec<Node>),
    /// A compound command (`{ …; }`, `( … )`, `if`, `while`, `until`, `for`, `select`,
    /// `case`, `(( … ))`, `[[ … ]]`, a function definition).
    Compound(Compound),
}

/// A compound command: what it contains, in source order, and its own redirections.
#[derive(Debug)]
pub(crate) struct Compound {
    /// Statements and words (conditions, bodies, `for … in` words, `case` subjects and
    /// patterns, `[[ … ]]` operands, arithmetic), in source order.
    pub items: Vec<Item>,
    /// Redirections after the closing keyword (`{ …; } > f`, `done < f`).
    pub redirects: Vec<Redir>,
    /// From the first keyword to the end of the last redirection.
    pub span: Range<usize>,
}

/// One part of a [`Compound`].
#[derive(Debug)]
pub(crate) enum Item {
    /// Statements that run.
    Body(Vec<Node>),
    /// Words that are expanded (their substitutions run) but are not commands.
    Words(Vec<WordNode>),
}

/// A simple command as written.
#[derive(Debug, Default)]
pub(crate) struct Simple {
    /// `NAME=value` prefixes.
    pub assignments: Vec<Assignment>,
    /// The command name and arguments.
    pub words: Vec<WordNode>,
    /// Redirections, wherever they stand among the words.
    pub redirects: Vec<Redir>,
    /// From the first token to the end of the last one (heredoc bodies not included; see
    /// [`Heredoc::end`]).
    pub span: Range<usize>,
}

/// `NAME=value`, `NAME+=value`, `a[i]=value` or `NAME=(…)`.
#[derive(Debug)]
pub(crate) struct Assignment {
    /// The name as written, subscript included (`a[i]`).
    pub name: Range<usize>,
    /// The value: one word; for an array, the whole `(…)` as one word whose only part
    /// holds the substitutions of its elements.
    pub value: WordNode,
}

/// One word as written: its parts, which quote removal joins.
#[derive(Debug, Default)]
pub(crate) struct WordNode {
    /// The word's source range.
    pub span: Range<usize>,
    /// Its parts in order.
    pub parts: Vec<Part>,
}

/// A piece of a word.
#[derive(Debug)]
pub(crate) enum Part {
    /// Unquoted text (backslash escapes still in it).
    Unquoted(Range<usize>),
    /// The inside of `'…'`.
    Single(Range<usize>),
    /// The inside of `$'…'`, still encoded.
    AnsiC(Range<usize>),
    /// Literal text inside `"…"` or an unquoted heredoc body (backslash rules of double
    /// quotes).
    DoubleQuoted(Range<usize>),
    /// Text kept verbatim whose value is known (an array literal, an extglob group).
    Verbatim(Range<usize>),
    /// `$x`, `${…}`, `$((…))`, `$[…]`: kept verbatim, value unknown; `subs` are the
    /// substitutions inside it.
    Expansion {
        /// The whole expansion.
        span: Range<usize>,
        /// Command substitutions and expansions nested in it.
        subs: Vec<Part>,
    },
    /// `$(…)`, `<(…)`, `>(…)`: kept verbatim, value unknown; `body` runs.
    Substitution {
        /// The whole substitution.
        span: Range<usize>,
        /// Its statements.
        body: Vec<Node>,
    },
    /// `` `…` ``: kept verbatim, value unknown; `script` (the inside with its backslash
    /// escapes removed) runs.
    Backtick {
        /// The whole substitution.
        span: Range<usize>,
        /// The program, to be parsed on its own.
        script: String,
    },
}

/// One redirection.
#[derive(Debug)]
pub(crate) struct Redir {
    /// The explicit descriptor (`2>` → 2).
    pub fd: Option<u32>,
    /// What it does.
    pub kind: RedirKind,
}

/// The kinds of redirection.
#[derive(Debug)]
pub(crate) enum RedirKind {
    /// To or from a file or descriptor: the operator as written and its target.
    File {
        /// `>`, `>>`, `<`, `<>`, `>|`, `&>`, `&>>`, `>&`, `<&`.
        op: &'static str,
        /// The target word (`-` for `>&-`).
        target: WordNode,
    },
    /// `<<< word`.
    HereString(WordNode),
    /// `<<` or `<<-`: the index of its body in [`Parsed::heredocs`].
    Heredoc(usize),
}

/// A heredoc's body, read after the line that opened it.
#[derive(Debug, Default)]
pub(crate) struct Heredoc {
    /// The body: lines ending in `\n`, leading tabs removed for `<<-`.
    pub text: String,
    /// The substitutions an unquoted body expands (none when the delimiter is quoted).
    pub subs: Vec<Part>,
    /// The offset just past the end line (or the end of the input: a body the input ends
    /// before its delimiter line is also a parse error; bash runs it with a warning).
    pub end: usize,
}

/// The result of parsing one source.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The statements.
    pub body: Vec<Node>,
    /// Heredoc bodies, indexed by [`RedirKind::Heredoc`].
    pub heredocs: Vec<Heredoc>,
    /// Byte ranges that are not valid shell (or not read the way bash reads them).
    pub errors: Vec<Range<usize>>,
    /// Comments: from a `#` that starts a word to the end of its line (newline excluded).
    pub comments: Vec<Range<usize>>,
    /// Set when a limit stopped the parse: the offset from which nothing was read.
    pub cut: Option<usize>,
}

/// Adds `range` to `errors` unless it lies inside the last one recorded (an error inside
/// an error already reported says nothing more).
pub(crate) fn push_error(errors: &mut Vec<Range<usize>>, range: Range<usize>) {
    let inside_last = errors
        .last()
        .is_some_and(|last| last.start <= range.start && range.end <= last.end);
    if !inside_last {
        errors.push(range);
    }
}
