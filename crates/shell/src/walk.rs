//! The walk: a syntax tree → simple commands, through pipelines, compound commands,
//! substitutions and the shell programs that wrappers run.
//!
//! Work is bounded, so that no input can overflow the stack or take more than time linear
//! in its length: nesting is followed at most [`MAX_NESTING`] levels deep (counted across
//! re-parsed strings), shell strings and spawners nest at most [`MAX_LEVEL`] deep, at most
//! [`MAX_REPARSES`] strings are re-parsed and their text is charged to a budget of
//! [`REPARSE_PER_BYTE`] bytes per input byte (plus [`REPARSE_BASE`]), at most
//! [`MAX_EMITTED`] commands come out, and the output is capped by a budget proportional to
//! the input. Each cut is reported as an [`Opacity::TooDeep`] command. The text of an
//! expansion or substitution is kept verbatim up to [`MAX_VERBATIM`] bytes (its value is
//! unknown anyway), so nested substitutions cannot multiply the input.

use std::collections::HashSet;
use std::ops::Range;

use crate::parser::{Dialect, MAX_NESTING, parse};
use crate::syntax::{Compound, Heredoc, Item, Node, Part, Redir, RedirKind, Simple, WordNode};
use crate::types::{Analysis, Opacity, Redirect, RedirectOp, SimpleCommand, Word};
use crate::unwrap::{Call, Runs, unwrap};
use crate::words::{push_ansi_c, push_double_quoted, push_unquoted, slice};

/// Deepest nesting of shell strings (`bash -c` in `bash -c`…) and spawners followed.
const MAX_LEVEL: usize = 8;
/// Output budget: this many units per input byte, plus [`BUDGET_BASE`]. A command costs one
/// unit plus one per word, assignment, redirection and wrapper.
const BUDGET_PER_BYTE: usize = 8;
/// See [`BUDGET_PER_BYTE`].
const BUDGET_BASE: usize = 4096;
/// Re-parse budget: shell strings, `eval` programs, heredoc scripts and backticks may parse
/// this many bytes per input byte in all, plus [`REPARSE_BASE`].
const REPARSE_PER_BYTE: usize = 2;
/// See [`REPARSE_PER_BYTE`].
const REPARSE_BASE: usize = 64 * 1024;
/// Most strings re-parsed for one line.
const MAX_REPARSES: usize = 2_000;
/// Most commands reported for one line, re-parsed strings included.
const MAX_EMITTED: usize = 10_000;
/// The longest verbatim text kept for one expansion or substitution, in bytes; longer ones
/// are cut (at a character boundary) and end with `…`.
pub(crate) const MAX_VERBATIM: usize = 4096;

/// What commands inherit from the shell string or heredoc script they were found in.
struct Ctx {
    /// How many shell strings deep this is (0: the line itself).
    level: usize,
    /// The span of the outermost command of the line, once inside a re-parsed string.
    span: Option<Range<usize>>,
    /// Wrappers of the enclosing runners, outermost first, ending with the runner.
    wrappers: Vec<String>,
    /// Assignments given to the enclosing shells.
    assignments: Vec<(String, Word)>,
    /// Redirections of the enclosing shells (`bash -c '…' > f`).
    redirects: Vec<Redirect>,
    /// Standard input of the enclosing shell (`bash -c cat <<< x`).
    stdin_text: Option<String>,
    /// The language of the enclosing shell (bash unless a POSIX shell runs the program).
    dialect: Dialect,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            level: 0,
            span: None,
            wrappers: Vec::new(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            stdin_text: None,
            dialect: Dialect::Bash,
        }
    }
}

impl Ctx {
    /// `range` of the current source, as a span of the original line.
    fn span(&self, range: Range<usize>) -> Range<usize> {
        self.span.clone().unwrap_or(range)
    }

    /// Where a command at `range`, `depth` levels deep, is.
    fn at(&self, range: Range<usize>, depth: usize) -> At {
        At {
            span: self.span(range),
            level: self.level,
            depth,
        }
    }
}

/// Where a command is: its span in the original line, how many shell strings and
/// spawners deep, how deep its syntax is nested (across re-parsed strings).
#[derive(Clone)]
struct At {
    span: Range<usize>,
    level: usize,
    depth: usize,
}

/// The source being walked: its text and its heredoc bodies.
#[derive(Clone, Copy)]
struct Src<'s> {
    text: &'s str,
    heredocs: &'s [Heredoc],
}

/// What a here-document or here-string feeds on standard input.
#[derive(Clone)]
struct Stdin {
    /// The text, as [`SimpleCommand::stdin_text`] documents it.
    text: String,
    /// True for a here-string whose word is dynamic.
    dynamic: bool,
    /// True for a heredoc (false: a here-string).
    heredoc: bool,
}

impl Stdin {
    /// How a shell reading this as its program is labelled (`bash <<`, `bash <<<`).
    fn label(&self, shell: &str) -> String {
        if self.heredoc {
            format!("{shell} <<")
        } else {
            format!("{shell} <<<")
        }
    }
}

/// Redirections and standard input of a command.
#[derive(Clone, Default)]
struct Io {
    redirects: Vec<Redirect>,
    stdin: Option<Stdin>,
}

impl Io {
    fn stdin_text(&self) -> Option<String> {
        self.stdin.as_ref().map(|s| s.text.clone())
    }
}

/// Walks one line and collects its [`Analysis`].
pub(crate) struct Walker {
    analysis: Analysis,
    /// Files written by a redirection so far, to spot `… > x.sh; bash x.sh`.
    written: HashSet<String>,
    /// True while walking a pipeline element after the first: its standard input is the
    /// pipe, not the terminal.
    piped: bool,
    budget: usize,
    reparse: usize,
    reparses: usize,
    /// Characters brace expansion may still handle ([`crate::braces`]).
    brace_work: usize,
}

impl Walker {
    /// A walker for a line of `len` bytes.
    pub fn new(len: usize) -> Self {
        Walker {
            analysis: Analysis::default(),
            written: HashSet::new(),
            piped: false,
            budget: len
                .saturating_mul(BUDGET_PER_BYTE)
                .saturating_add(BUDGET_BASE),
            reparse: len
                .saturating_mul(REPARSE_PER_BYTE)
                .saturating_add(REPARSE_BASE),
            reparses: 0,
            brace_work: len
                .saturating_mul(crate::braces::WORK_PER_BYTE)
                .saturating_add(crate::braces::WORK_BASE),
        }
    }

    /// Analyzes the whole line.
    pub fn line(mut self, line: &str) -> Analysis {
        self.script(line, &Ctx::default(), 0);
        self.analysis
    }

    /// Parses `src` (`depth` levels into the line) and walks it.
    fn script(&mut self, src: &str, ctx: &Ctx, depth: usize) {
        let parsed = parse(src, MAX_NESTING.saturating_sub(depth), ctx.dialect);
        for range in &parsed.errors {
            self.error(range.clone(), ctx);
        }
        if ctx.span.is_none() {
            self.analysis
                .comments
                .extend(parsed.comments.iter().cloned());
        }
        let s = Src {
            text: src,
            heredocs: &parsed.heredocs,
        };
        self.body(&parsed.body, s, ctx, depth);
        if let Some(cut) = parsed.cut {
            self.too_deep(&ctx.at(cut..src.len(), depth), ctx);
        } else if let Some(first) = parsed.errors.first() {
            let at = ctx.at(first.clone(), depth);
            self.emit(
                Call::default(),
                Io::default(),
                &at,
                Some(Opacity::Unparsed),
                ctx,
            );
        }
    }

    /// Re-parses `src` when the budget allows, else reports it too deep.
    fn reparse(&mut self, src: &str, ctx: &Ctx, at: &At) {
        if src.len() > self.reparse || self.reparses >= MAX_REPARSES {
            self.reparse = 0;
            self.too_deep(at, ctx);
            return;
        }
        self.reparse -= src.len();
        self.reparses += 1;
        self.script(src, ctx, at.depth + 1);
    }

    fn body(&mut self, nodes: &[Node], s: Src<'_>, ctx: &Ctx, depth: usize) {
        for node in nodes {
            self.node(node, s, ctx, depth);
        }
    }

    fn node(&mut self, node: &Node, s: Src<'_>, ctx: &Ctx, depth: usize) {
        // The parser caps nesting; this bounds the walk even if a tree came out deeper
        // (a pipeline, a compound and a substitution each add a level).
        if depth > 4 * MAX_NESTING {
            let span = match node {
                Node::Simple(simple) => simple.span.clone(),
                Node::Compound(compound) => compound.span.clone(),
                Node::Pipeline(_) => 0..s.text.len(),
            };
            self.too_deep(&ctx.at(span, depth), ctx);
            return;
        }
        match node {
            Node::Simple(simple) => self.simple(simple, s, ctx, depth),
            Node::Pipeline(elements) => {
                for (i, element) in elements.iter().enumerate() {
                    self.walk_piped(i > 0, |w| w.node(element, s, ctx, depth + 1));
                }
            }
            Node::Compound(compound) => self.compound(compound, s, ctx, depth + 1),
        }
    }

    /// A compound command's statements and words, then its redirections on a command of
    /// their own.
    fn compound(&mut self, compound: &Compound, s: Src<'_>, ctx: &Ctx, depth: usize) {
        for item in &compound.items {
            match item {
                Item::Body(body) => self.body(body, s, ctx, depth),
                Item::Words(words) => {
                    for word in words {
                        self.substitutions(&word.parts, s, ctx, depth);
                    }
                }
            }
        }
        if compound.redirects.is_empty() {
            return;
        }
        let (io, heredoc_end) = io_of(&compound.redirects, s);
        let end = compound.span.end.max(heredoc_end);
        let at = ctx.at(compound.span.start..end, depth);
        self.emit(Call::default(), io, &at, None, ctx);
        self.redirect_substitutions(&compound.redirects, true, false, s, ctx, depth);
    }

    /// Runs `walk` with [`Walker::piped`] set when `piped` (and as it was otherwise).
    fn walk_piped(&mut self, piped: bool, walk: impl FnOnce(&mut Self)) {
        let before = self.piped;
        self.piped = before || piped;
        walk(self);
        self.piped = before;
    }

    fn error(&mut self, range: Range<usize>, ctx: &Ctx) {
        crate::syntax::push_error(&mut self.analysis.parse_errors, ctx.span(range));
    }

    /// A simple command, then the commands of its substitutions in source order.
    fn simple(&mut self, simple: &Simple, s: Src<'_>, ctx: &Ctx, depth: usize) {
        // Brace expansion comes first: `{rm,-rf,~}` runs `rm -rf ~`.
        let mut argv = Vec::with_capacity(simple.words.len());
        for w in &simple.words {
            match crate::braces::expand(w, s.text, &mut self.brace_work) {
                Some(words) => argv.extend(words),
                None => argv.push(word_of(w, s.text)),
            }
        }
        let assignments = simple
            .assignments
            .iter()
            .map(|a| {
                (
                    slice(s.text, a.name.start, a.name.end).to_owned(),
                    word_of(&a.value, s.text),
                )
            })
            .collect();
        let (io, heredoc_end) = io_of(&simple.redirects, s);
        let call = Call {
            argv,
            assignments,
            wrappers: Vec::new(),
        };
        let end = simple.span.end.max(heredoc_end);
        let at = ctx.at(simple.span.start..end, depth);
        let stdin_ran = self.run(call, io, &at, ctx);

        let mut words: Vec<&WordNode> = simple.assignments.iter().map(|a| &a.value).collect();
        words.extend(&simple.words);
        words.extend(simple.redirects.iter().filter_map(|r| match &r.kind {
            RedirKind::File { target, .. } | RedirKind::HereString(target) => Some(target),
            RedirKind::Heredoc(_) => None,
        }));
        words.sort_by_key(|w| w.span.start);
        for word in words {
            self.substitutions(&word.parts, s, ctx, depth);
        }
        self.redirect_substitutions(&simple.redirects, false, stdin_ran, s, ctx, depth);
    }

    /// The substitutions of heredoc bodies, except the last standard input's when it ran
    /// as a script (`stdin_ran`: its commands have been walked already); with `targets`,
    /// also those of the redirection targets.
    fn redirect_substitutions(
        &mut self,
        redirects: &[Redir],
        targets: bool,
        stdin_ran: bool,
        s: Src<'_>,
        ctx: &Ctx,
        depth: usize,
    ) {
        let last_stdin = redirects
            .iter()
            .rposition(|r| matches!(r.kind, RedirKind::Heredoc(_) | RedirKind::HereString(_)));
        for (i, redirect) in redirects.iter().enumerate() {
            match &redirect.kind {
                RedirKind::Heredoc(index) => {
                    if stdin_ran && Some(i) == last_stdin {
                        continue;
                    }
                    if let Some(heredoc) = s.heredocs.get(*index) {
                        self.substitutions(&heredoc.subs, s, ctx, depth);
                    }
                }
                RedirKind::File { target, .. } | RedirKind::HereString(target) if targets => {
                    self.substitutions(&target.parts, s, ctx, depth);
                }
                _ => {}
            }
        }
    }

    /// Walks the commands of the substitutions among `parts`.
    fn substitutions(&mut self, parts: &[Part], s: Src<'_>, ctx: &Ctx, depth: usize) {
        for part in parts {
            match part {
                Part::Expansion { subs, .. } => self.substitutions(subs, s, ctx, depth + 1),
                Part::Substitution { body, .. } => self.body(body, s, ctx, depth + 1),
                Part::Backtick { span, script } => {
                    let inner = Ctx {
                        span: Some(ctx.span(span.clone())),
                        ..ctx.inherit()
                    };
                    let at = ctx.at(span.clone(), depth);
                    self.reparse(script, &inner, &at);
                }
                _ => {}
            }
        }
    }

    /// Runs a command through its wrappers and emits what it runs. Returns true when its
    /// standard input ran as a shell program.
    fn run(&mut self, call: Call, io: Io, at: &At, ctx: &Ctx) -> bool {
        let (call, mut runs) = unwrap(call);
        // `python3 <<EOF … EOF`: an interpreter's program on standard input.
        if runs == Runs::Command
            && let Some(program) = io.stdin.as_ref().filter(|s| !s.dynamic)
            && let Some(spawns) = crate::unwrap::stdin_program(&call.argv, &program.text)
        {
            runs = spawns;
        }
        // `BASH_ENV=/dev/stdin bash -c …`: the shell first runs a script from a stream.
        let startup = matches!(
            runs,
            Runs::Script { .. } | Runs::ShellStdin { .. } | Runs::ScriptFile { .. }
        ) && call
            .assignments
            .iter()
            .any(|(name, value)| matches!(name.as_str(), "BASH_ENV" | "ENV") && is_stream(value));
        if startup {
            let why = Some(Opacity::ShellFromStream);
            self.emit(call.clone(), io.clone(), at, why, ctx);
        }
        match runs {
            Runs::Command => {
                // A name with glob characters is matched against the file system
                // (`/bin/r[m]` runs `/bin/rm`): which program runs is not known.
                let opaque = call
                    .argv
                    .first()
                    .is_some_and(|w| w.dynamic || is_glob(&w.text))
                    .then_some(Opacity::DynamicCommandName);
                self.emit(call, io, at, opaque, ctx);
            }
            Runs::Opaque(why) => self.emit(call, io, at, Some(why), ctx),
            Runs::ScriptFile { path } => {
                let opaque = self
                    .unseen_script(&path)
                    .then_some(Opacity::ShellFromStream);
                self.emit(call, io, at, opaque, ctx);
            }
            Runs::Script { label, script } => self.shell_string(call, io, label, script, at, ctx),
            Runs::ShellStdin { label } => {
                let Io { redirects, stdin } = io;
                let io = Io {
                    redirects,
                    stdin: None,
                };
                let Some(stdin) = stdin else {
                    let reads_file = io.redirects.iter().any(|r| r.op.reads());
                    let why = if self.piped || reads_file {
                        Opacity::ShellFromStream
                    } else {
                        Opacity::InteractiveShell
                    };
                    self.emit(call, io, at, Some(why), ctx);
                    return false;
                };
                let label = stdin.label(&label);
                let script = Word {
                    text: stdin.text,
                    dynamic: stdin.dynamic,
                };
                self.shell_string(call, io, label, script, at, ctx);
                return true;
            }
            Runs::Spawns { children } => {
                let wrappers = call.wrappers.clone();
                self.emit(call, io, at, None, ctx);
                for (label, argv) in children {
                    let mut wrappers = wrappers.clone();
                    wrappers.push(label);
                    let child = Call {
                        argv,
                        assignments: Vec::new(),
                        wrappers,
                    };
                    if at.level >= MAX_LEVEL {
                        self.emit(child, Io::default(), at, Some(Opacity::TooDeep), ctx);
                    } else {
                        let at = At {
                            level: at.level + 1,
                            ..at.clone()
                        };
                        self.run(child, Io::default(), &at, ctx);
                    }
                }
            }
        }
        false
    }

    /// True when the script file a shell or `source` runs cannot be seen: written earlier on
    /// the line, or a stream ([`is_stream`]).
    fn unseen_script(&self, path: &Word) -> bool {
        is_stream(path) || !path.dynamic && self.written.contains(&path.text)
    }

    /// A shell program run by `call` (`bash -c`, `eval`, a heredoc fed to a shell…): its
    /// commands come out in place of the runner. The runner is reported itself when the
    /// program is dynamic (then its static spelling is analyzed too, as a best effort) or
    /// runs nothing.
    fn shell_string(
        &mut self,
        call: Call,
        io: Io,
        label: String,
        script: Word,
        at: &At,
        ctx: &Ctx,
    ) {
        if at.level >= MAX_LEVEL {
            self.emit(call, io, at, Some(Opacity::TooDeep), ctx);
            return;
        }
        if script.dynamic {
            let opaque = Some(Opacity::DynamicShellString);
            self.emit(call.clone(), io.clone(), at, opaque, ctx);
        }
        let mut wrappers = ctx.wrappers.clone();
        wrappers.extend(call.wrappers.iter().cloned());
        let dialects = dialects(&label, &script.text, ctx.dialect);
        wrappers.push(label);
        let mut inner = Ctx {
            level: at.level + 1,
            span: Some(at.span.clone()),
            wrappers,
            assignments: [ctx.assignments.as_slice(), call.assignments.as_slice()].concat(),
            redirects: [ctx.redirects.as_slice(), io.redirects.as_slice()].concat(),
            stdin_text: io.stdin_text().or_else(|| ctx.stdin_text.clone()),
            dialect: ctx.dialect,
        };
        let before = self.analysis.commands.len();
        for dialect in dialects {
            inner.dialect = dialect;
            self.reparse(&script.text, &inner, at);
        }
        if self.analysis.commands.len() == before && !script.dynamic {
            self.emit(call, io, at, None, ctx);
        }
    }

    /// Reports that what is at `at` was not followed.
    fn too_deep(&mut self, at: &At, ctx: &Ctx) {
        self.emit(
            Call::default(),
            Io::default(),
            at,
            Some(Opacity::TooDeep),
            ctx,
        );
    }

    /// Records one command, with what it inherits from `ctx`, within the output budget.
    fn emit(&mut self, call: Call, io: Io, at: &At, opaque: Option<Opacity>, ctx: &Ctx) {
        let cost = 1
            + call.argv.len()
            + call.assignments.len()
            + io.redirects.len()
            + call.wrappers.len()
            + ctx.assignments.len()
            + ctx.redirects.len()
            + ctx.wrappers.len();
        if cost > self.budget || self.analysis.commands.len() >= MAX_EMITTED {
            if self.budget > 0 {
                self.budget = 0;
                self.analysis.commands.push(SimpleCommand {
                    argv: Vec::new(),
                    assignments: Vec::new(),
                    redirects: Vec::new(),
                    stdin_text: None,
                    wrappers: Vec::new(),
                    span: at.span.clone(),
                    opaque: Some(Opacity::TooDeep),
                });
            }
            return;
        }
        self.budget -= cost;
        for redirect in &io.redirects {
            if redirect.op.writes() && !redirect.target.dynamic {
                self.written.insert(redirect.target.text.clone());
            }
        }
        let stdin_text = io.stdin_text().or_else(|| ctx.stdin_text.clone());
        self.analysis.commands.push(SimpleCommand {
            argv: call.argv,
            assignments: [ctx.assignments.clone(), call.assignments].concat(),
            redirects: [ctx.redirects.clone(), io.redirects].concat(),
            stdin_text,
            wrappers: [ctx.wrappers.clone(), call.wrappers].concat(),
            span: at.span.clone(),
            opaque,
        });
    }
}

impl Ctx {
    /// A context for a program re-parsed in place (backticks): same level, wrappers,
    /// assignments, redirections, standard input and language.
    fn inherit(&self) -> Ctx {
        Ctx {
            level: self.level,
            span: self.span.clone(),
            wrappers: self.wrappers.clone(),
            assignments: self.assignments.clone(),
            redirects: self.redirects.clone(),
            stdin_text: self.stdin_text.clone(),
            dialect: self.dialect,
        }
    }
}

/// The languages a program run by `label` (`dash -c`, `sh <<`, `eval`…) is read in: POSIX
/// for dash, ash and posh; for `sh`, which is bash on some systems and dash on others
/// (Debian), both when the program holds `$'` or `$"`, which the two read differently;
/// otherwise the enclosing one (`inherited`).
fn dialects(label: &str, script: &str, inherited: Dialect) -> Vec<Dialect> {
    let shell = label.split(' ').next().unwrap_or(label);
    let posix_quotes = script.contains("$'") || script.contains("$\"");
    match shell {
        "dash" | "ash" | "posh" => vec![Dialect::Posix],
        "sh" if posix_quotes => vec![Dialect::Bash, Dialect::Posix],
        "bash" | "zsh" | "ksh" | "mksh" | "rbash" | "bash-static" | "yash" | "pdksh" => {
            vec![Dialect::Bash]
        }
        _ => vec![inherited],
    }
}

/// True when `path` names a stream, whose content comes from the same line or from nowhere
/// visible: `/dev/stdin`, `/dev/fd/N`, `/proc/…/fd/N`, or a process substitution.
fn is_stream(path: &Word) -> bool {
    let text = path.text.as_str();
    text == "/dev/stdin"
        || text.starts_with("/dev/fd/")
        || (text.starts_with("/proc/") && text.contains("/fd/"))
        || (path.dynamic && (text.starts_with("<(") || text.starts_with(">(")))
}

/// The redirections and standard input of `redirects`, and the end of the last heredoc
/// body among them (0 when none).
fn io_of(redirects: &[Redir], s: Src<'_>) -> (Io, usize) {
    let mut io = Io::default();
    let mut end = 0;
    for redirect in redirects {
        match &redirect.kind {
            RedirKind::File { op, target } => {
                let target = word_of(target, s.text);
                io.redirects.push(Redirect {
                    op: redirect_op(op, &target),
                    fd: redirect.fd,
                    target,
                });
            }
            RedirKind::HereString(word) => {
                let word = word_of(word, s.text);
                io.stdin = Some(Stdin {
                    text: format!("{}\n", word.text),
                    dynamic: word.dynamic,
                    heredoc: false,
                });
            }
            RedirKind::Heredoc(index) => {
                let Some(heredoc) = s.heredocs.get(*index) else {
                    continue;
                };
                end = end.max(heredoc.end);
                io.stdin = Some(Stdin {
                    text: heredoc.text.clone(),
                    dynamic: false,
                    heredoc: true,
                });
            }
        }
    }
    (io, end)
}

/// The word a [`WordNode`] of `src` stands for, after quote removal.
pub(crate) fn word_of(node: &WordNode, src: &str) -> Word {
    let mut out = Word::default();
    for part in &node.parts {
        match part {
            Part::Unquoted(r) => push_unquoted(&mut out.text, slice(src, r.start, r.end)),
            Part::Single(r) | Part::Verbatim(r) => out.text.push_str(slice(src, r.start, r.end)),
            Part::AnsiC(r) => push_ansi_c(&mut out.text, slice(src, r.start, r.end)),
            Part::DoubleQuoted(r) => push_double_quoted(&mut out.text, slice(src, r.start, r.end)),
            Part::Expansion { span, .. }
            | Part::Substitution { span, .. }
            | Part::Backtick { span, .. } => {
                push_verbatim(&mut out.text, slice(src, span.start, span.end));
                out.dynamic = true;
            }
        }
    }
    out
}

/// `text`, an expansion or substitution kept verbatim, at most [`MAX_VERBATIM`] bytes of
/// it (then `…`).
pub(crate) fn push_verbatim(out: &mut String, text: &str) {
    match text.get(..MAX_VERBATIM) {
        Some(cut) if text.len() > MAX_VERBATIM => {
            out.push_str(cut);
            out.push('…');
        }
        _ if text.len() > MAX_VERBATIM => {
            let mut end = MAX_VERBATIM;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(slice(text, 0, end));
            out.push('…');
        }
        _ => out.push_str(text),
    }
}

/// The kind of a redirection from its operator and target.
fn redirect_op(operator: &str, target: &Word) -> RedirectOp {
    let descriptor = target.text == "-"
        || !target.text.is_empty() && target.text.bytes().all(|b| b.is_ascii_digit());
    match operator {
        ">>" => RedirectOp::Append,
        "<" => RedirectOp::Read,
        "<>" => RedirectOp::ReadWrite,
        "&>" => RedirectOp::WriteAll,
        "&>>" => RedirectOp::AppendAll,
        "<&" => RedirectOp::Duplicate,
        ">&" if descriptor => RedirectOp::Duplicate,
        ">&" => RedirectOp::WriteAll,
        // `>`, `>|`.
        _ => RedirectOp::Write,
    }
}

/// True when `name` holds a glob the shell expands: `*`, `?`, or a `[` closed later by
/// `]` (`[` and `[[` alone are the test commands).
fn is_glob(name: &str) -> bool {
    name.contains(['*', '?'])
        || name
            .find('[')
            .is_some_and(|i| name.get(i + 1..).is_some_and(|r| r.contains(']')))
}
