//! The tree walk: statements → simple commands, through lists, pipelines, compound
//! commands, substitutions and the shell programs that wrappers run.
//!
//! Recursion is bounded three ways, so that no input can overflow the stack or take more
//! than time linear in its length: the syntax tree is followed at most [`MAX_DEPTH`]
//! levels deep (counted across re-parsed strings), shell strings and spawners nest at most
//! [`MAX_LEVEL`] deep, and the output is capped by a budget proportional to the input. Each
//! cut is reported as an [`Opacity::TooDeep`] command.

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::{Node, Parser};

use crate::command::{self, Parts, Stdin};
use crate::types::{Analysis, Opacity, Redirect, RedirectOp, SimpleCommand, Word};
use crate::unwrap::{Call, Runs, unwrap};
use crate::words::{ansi_c_closes_early, slice, word};

/// Deepest syntax tree level followed (each `$(` costs about three).
const MAX_DEPTH: usize = 200;
/// Deepest nesting of shell strings (`bash -c` in `bash -c`…) and spawners followed.
const MAX_LEVEL: usize = 8;
/// Output budget: this many units per input byte, plus [`BUDGET_BASE`]. A command costs one
/// unit plus one per word, assignment, redirection and wrapper.
const BUDGET_PER_BYTE: usize = 8;
/// See [`BUDGET_PER_BYTE`].
const BUDGET_BASE: usize = 4096;

/// What commands inherit from the shell string or heredoc script they were found in.
#[derive(Default)]
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
}

impl Ctx {
    /// `range` of the current source, as a span of the original line.
    fn span(&self, range: Range<usize>) -> Range<usize> {
        self.span.clone().unwrap_or(range)
    }

    /// Where a command at `range`, `depth` levels into the tree, is.
    fn at(&self, range: Range<usize>, depth: usize) -> At {
        At {
            span: self.span(range),
            level: self.level,
            depth,
        }
    }
}

/// Where a command is: its span in the original line, how many shell strings and
/// spawners deep, how deep in the syntax tree.
#[derive(Clone)]
struct At {
    span: Range<usize>,
    level: usize,
    depth: usize,
}

/// Redirections and standard input of a command.
#[derive(Clone, Default)]
struct Io<'t> {
    redirects: Vec<Redirect>,
    stdin: Option<Stdin<'t>>,
}

impl Io<'_> {
    fn stdin_text(&self) -> Option<String> {
        self.stdin.as_ref().map(|s| s.text.clone())
    }
}

/// Walks one line and collects its [`Analysis`].
pub(crate) struct Walker<'p> {
    parser: &'p mut Parser,
    analysis: Analysis,
    /// Files written by a redirection so far, to spot `… > x.sh; bash x.sh`.
    written: HashSet<String>,
    /// True while walking a pipeline element after the first: its standard input is the
    /// pipe, not the terminal.
    piped: bool,
    budget: usize,
}

impl<'p> Walker<'p> {
    /// A walker for a line of `len` bytes, with `parser` set to bash.
    pub fn new(parser: &'p mut Parser, len: usize) -> Self {
        Walker {
            parser,
            analysis: Analysis::default(),
            written: HashSet::new(),
            piped: false,
            budget: len
                .saturating_mul(BUDGET_PER_BYTE)
                .saturating_add(BUDGET_BASE),
        }
    }

    /// Analyzes the whole line.
    pub fn line(mut self, line: &str) -> Analysis {
        self.script(line, &Ctx::default(), 0);
        self.analysis
    }

    /// Parses `src` and walks it.
    fn script(&mut self, src: &str, ctx: &Ctx, depth: usize) {
        match self.parser.parse(src, None) {
            Some(tree) => self.walk(tree.root_node(), src, ctx, depth),
            None => self.error(0..src.len(), ctx),
        }
    }

    /// Walks a statement or any node that may contain one.
    fn walk(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) {
        if !self.enter(node, src, ctx, depth) {
            return;
        }
        match node.kind() {
            "command" => self.command(Some(node), None, src, ctx, depth),
            "redirected_statement" => {
                let body = node.child_by_field_name("body");
                self.redirected(node, body, src, ctx, depth);
            }
            "variable_assignment" | "variable_assignments" => {
                self.assignments(node, src, ctx, depth);
            }
            "declaration_command" | "unset_command" => self.declaration(node, src, ctx, depth),
            "comment" => {}
            "pipeline" => {
                // An element after a `|` reads the pipe. (tree-sitter hangs `| sh` of
                // `cat <<EOF | sh` on the heredoc as a pipeline that starts with `|`.)
                let mut after_pipe = false;
                let mut cursor = node.walk();
                for element in node.children(&mut cursor) {
                    if matches!(element.kind(), "|" | "|&") {
                        after_pipe = true;
                    } else if element.is_named() {
                        self.walk_piped(after_pipe, |w| w.walk(element, src, ctx, depth + 1));
                    }
                }
            }
            _ => self.walk_inside(node, src, ctx, depth),
        }
    }

    /// A `redirected_statement`: its redirections belong to the last simple command of
    /// `body`. tree-sitter-bash hangs them on a whole pipeline or list (`a | b > f`,
    /// `a && b > f`) where bash binds them to `b`. A compound command (`{ …; } > f`) or a
    /// bare redirection (`> f`) gets them on a command of its own, after its commands.
    fn redirected(
        &mut self,
        statement: Node<'_>,
        body: Option<Node<'_>>,
        src: &str,
        ctx: &Ctx,
        depth: usize,
    ) {
        let Some(body) = body else {
            self.command(None, Some(statement), src, ctx, depth);
            return;
        };
        if !self.enter(body, src, ctx, depth + 1) {
            return;
        }
        match body.kind() {
            "command" => self.command(Some(body), Some(statement), src, ctx, depth),
            "pipeline" | "list" | "negated_command" => {
                let elements: Vec<Node<'_>> = command::fields(body)
                    .map(|(_, child)| child)
                    .filter(|child| child.is_named() && child.kind() != "comment")
                    .collect();
                let last = elements.last().copied();
                let pipeline = body.kind() == "pipeline";
                for (_, child) in command::fields(body) {
                    if Some(child) != last {
                        let piped = pipeline && elements.first() != Some(&child);
                        self.walk_piped(piped, |w| w.walk(child, src, ctx, depth + 2));
                    }
                }
                let piped = pipeline && elements.len() > 1;
                self.walk_piped(piped, |w| {
                    w.redirected(statement, last, src, ctx, depth + 1)
                });
            }
            _ => {
                self.walk(body, src, ctx, depth + 1);
                self.command(None, Some(statement), src, ctx, depth);
            }
        }
    }

    /// Runs `walk` with [`Walker::piped`] set when `piped` (and as it was otherwise).
    fn walk_piped(&mut self, piped: bool, walk: impl FnOnce(&mut Self)) {
        let before = self.piped;
        self.piped = before || piped;
        walk(self);
        self.piped = before;
    }

    /// Walks the children of `node` (whose own kind has been handled).
    fn walk_inside(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.walk(child, src, ctx, depth + 1);
        }
    }

    /// Walks the parts of a word-like node (an assignment, a declaration) for the
    /// substitutions in them, without taking any part for a statement.
    fn walk_parts(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if self.enter(child, src, ctx, depth + 1) {
                self.walk_inside(child, src, ctx, depth + 1);
            }
        }
    }

    /// Checks depth and records parse errors (including tokens tree-sitter reads differently
    /// from bash); false when `node` must not be followed.
    fn enter(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) -> bool {
        let misread = node.kind() == "ansi_c_string"
            && ansi_c_closes_early(slice(src, node.start_byte(), node.end_byte()));
        if node.is_error() || node.is_missing() || misread {
            self.error(node.byte_range(), ctx);
        }
        if depth <= MAX_DEPTH {
            return true;
        }
        let at = ctx.at(node.byte_range(), depth);
        self.emit(
            Call::default(),
            Io::default(),
            &at,
            Some(Opacity::TooDeep),
            ctx,
        );
        false
    }

    fn error(&mut self, range: Range<usize>, ctx: &Ctx) {
        let range = ctx.span(range);
        let inside_last = self
            .analysis
            .parse_errors
            .last()
            .is_some_and(|last| last.start <= range.start && range.end <= last.end);
        if !inside_last {
            self.analysis.parse_errors.push(range);
        }
    }

    /// A simple command (`command`), with the redirections of the `statement` around it;
    /// or only a statement's redirections.
    fn command(
        &mut self,
        command: Option<Node<'_>>,
        statement: Option<Node<'_>>,
        src: &str,
        ctx: &Ctx,
        depth: usize,
    ) {
        let Some(outer) = statement.or(command) else {
            return;
        };
        let Parts {
            argv,
            assignments,
            redirects,
            stdin,
            malformed,
        } = command::read(command, statement, src);
        for range in malformed {
            self.error(range, ctx);
        }
        let heredoc_body = stdin.as_ref().and_then(|s| s.body);
        let call = Call {
            argv,
            assignments,
            wrappers: Vec::new(),
        };
        // From the command (which may be the last of a pipeline) to the statement's end.
        let start = command.unwrap_or(outer).start_byte();
        let at = ctx.at(start..outer.end_byte(), depth);
        let stdin_ran = self.run(call, Io { redirects, stdin }, &at, ctx);

        // Commands in substitutions, and statements tree-sitter hangs on a heredoc
        // (`cat <<EOF | sh`, `cat <<EOF && rm x`). A heredoc body that ran as a script has
        // been walked already.
        let skip = heredoc_body.filter(|_| stdin_ran).map(|body| body.id());
        for node in [command, statement].into_iter().flatten() {
            for (field, child) in command::fields(node) {
                let is_body = Some(node) == statement && field == Some("body");
                if is_body || !self.enter(child, src, ctx, depth + 1) {
                    continue;
                }
                if child.kind() != "heredoc_redirect" {
                    self.walk_inside(child, src, ctx, depth + 1);
                    continue;
                }
                let mut cursor = child.walk();
                for part in child.children(&mut cursor) {
                    if Some(part.id()) != skip {
                        self.walk(part, src, ctx, depth + 2);
                    }
                }
            }
        }
    }

    /// Runs a command through its wrappers and emits what it runs. Returns true when its
    /// standard input ran as a shell program.
    fn run(&mut self, call: Call, io: Io<'_>, at: &At, ctx: &Ctx) -> bool {
        let (call, runs) = unwrap(call);
        match runs {
            Runs::Command => {
                let opaque = call
                    .argv
                    .first()
                    .is_some_and(|w| w.dynamic)
                    .then_some(Opacity::DynamicCommandName);
                self.emit(call, io, at, opaque, ctx);
            }
            Runs::Opaque(why) => self.emit(call, io, at, Some(why), ctx),
            Runs::ScriptFile { path } => {
                let written = !path.dynamic && self.written.contains(&path.text);
                let opaque = written.then_some(Opacity::ShellFromStream);
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
                    let reads_file = io
                        .redirects
                        .iter()
                        .any(|r| matches!(r.op, RedirectOp::Read | RedirectOp::ReadWrite));
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

    /// A shell program run by `call` (`bash -c`, `eval`, a heredoc fed to a shell…): its
    /// commands come out in place of the runner. The runner is reported itself when the
    /// program is dynamic (then its static spelling is analyzed too, as a best effort) or
    /// runs nothing.
    fn shell_string(
        &mut self,
        call: Call,
        io: Io<'_>,
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
        wrappers.push(label);
        let inner = Ctx {
            level: at.level + 1,
            span: Some(at.span.clone()),
            wrappers,
            assignments: [ctx.assignments.as_slice(), call.assignments.as_slice()].concat(),
            redirects: [ctx.redirects.as_slice(), io.redirects.as_slice()].concat(),
            stdin_text: io.stdin_text().or_else(|| ctx.stdin_text.clone()),
        };
        let before = self.analysis.commands.len();
        self.script(&script.text, &inner, at.depth + 1);
        if self.analysis.commands.len() == before && !script.dynamic {
            self.emit(call, io, at, None, ctx);
        }
    }

    /// `X=1` or `X=1 Y=2` alone: a command with no argv.
    fn assignments(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) {
        let mut nodes = Vec::new();
        if node.kind() == "variable_assignment" {
            nodes.push(node);
        } else {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                if child.kind() == "variable_assignment" {
                    nodes.push(child);
                } else {
                    // Errors between the assignments.
                    self.walk(child, src, ctx, depth + 1);
                }
            }
        }
        let call = Call {
            assignments: nodes.iter().map(|n| command::assignment(*n, src)).collect(),
            ..Call::default()
        };
        let at = ctx.at(node.byte_range(), depth);
        self.emit(call, Io::default(), &at, None, ctx);
        for assignment in nodes {
            self.walk_parts(assignment, src, ctx, depth + 1);
        }
    }

    /// `export A=1 B`, `local x`, `unset y`: argv is the keyword and each word after quote
    /// removal (`A=1`).
    fn declaration(&mut self, node: Node<'_>, src: &str, ctx: &Ctx, depth: usize) {
        let mut argv = Vec::new();
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() == "variable_assignment" {
                let value = child.child_by_field_name("value");
                let head_end = value.map_or(child.end_byte(), |v| v.start_byte());
                let mut item = Word::literal(slice(src, child.start_byte(), head_end));
                if let Some(value) = value.map(|v| word(v, src)) {
                    item.text.push_str(&value.text);
                    item.dynamic = value.dynamic;
                }
                argv.push(item);
            } else if child.kind() != "comment" {
                argv.push(word(child, src));
            }
        }
        let call = Call {
            argv,
            ..Call::default()
        };
        self.run(call, Io::default(), &ctx.at(node.byte_range(), depth), ctx);
        self.walk_parts(node, src, ctx, depth);
    }

    /// Records one command, with what it inherits from `ctx`, within the output budget.
    fn emit(&mut self, call: Call, io: Io<'_>, at: &At, opaque: Option<Opacity>, ctx: &Ctx) {
        let cost = 1
            + call.argv.len()
            + call.assignments.len()
            + io.redirects.len()
            + call.wrappers.len()
            + ctx.assignments.len()
            + ctx.redirects.len()
            + ctx.wrappers.len();
        if cost > self.budget {
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
            let writes = matches!(
                redirect.op,
                RedirectOp::Write
                    | RedirectOp::Append
                    | RedirectOp::WriteAll
                    | RedirectOp::AppendAll
            );
            if writes && !redirect.target.dynamic {
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
