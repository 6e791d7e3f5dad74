//! A bash parser of hookkit's own: recursive descent over bytes, following bash's grammar
//! and lexical rules (bash(1) "SHELL GRAMMAR", "QUOTING", "EXPANSION", "REDIRECTION"; the
//! POSIX Shell Command Language, section 2.10).
//!
//! It replaces tree-sitter-bash, whose external scanner read out of bounds on some code
//! points (tree-sitter/tree-sitter-bash#337) and whose error recovery took time quadratic
//! in a long pipeline. Here:
//!
//! - **No unsafe code and no C**: any input is just bytes.
//! - **Linear time.** Every step consumes input or ends a loop; the one ambiguity bash
//!   resolves by trying (`$((`/`((` as arithmetic or as nested subshells) rescans at most
//!   [`MAX_RESCANS`] times per source, after which the rest counts as a parse error.
//! - **Bounded memory and stack.** Nesting deeper than [`MAX_NESTING`] (compound commands,
//!   substitutions, quotes inside expansions), more than [`MAX_COMMANDS`] simple commands
//!   or more than [`MAX_WORDS`] words stop the parse: [`Parsed::cut`] says where, and the
//!   analysis reports the rest as too deep to follow.
//!
//! Where bash would refuse the line (an unclosed quote, a stray `)`, a missing `fi`), the
//! range goes to [`Parsed::errors`] and parsing carries on, so that what can be read is
//! still analysed.

use std::ops::Range;

use crate::syntax::{Compound, Item, Node, Parsed};

mod compound;
mod redirect;
mod simple;
mod word;

/// Deepest nesting followed: compound commands, substitutions, and expansions inside
/// expansions, counted together.
pub(crate) const MAX_NESTING: usize = 64;
/// Most simple commands read from one source.
pub(crate) const MAX_COMMANDS: usize = 10_000;
/// Most words read from one source (arguments, assignments, redirection targets).
pub(crate) const MAX_WORDS: usize = 100_000;
/// Most times one source is rescanned after a failed arithmetic reading.
pub(crate) const MAX_RESCANS: usize = 16;

/// Reserved words that end a list in some construct, and may not start a command.
const CLOSERS: [&str; 8] = ["then", "elif", "else", "fi", "do", "done", "esac", "}"];

/// The shell language a source is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// bash (also zsh, ksh for what the analysis needs).
    Bash,
    /// The POSIX shell language of dash, ash and posh, where `$'…'` and `$"…"` are not
    /// quotes: `$` is literal and the quote that follows opens an ordinary string.
    Posix,
}

/// Parses one source in `dialect`, following nesting at most `max_nesting` levels deep
/// (at most [`MAX_NESTING`]; less for a string re-parsed inside another).
pub(crate) fn parse(src: &str, max_nesting: usize, dialect: Dialect) -> Parsed {
    let mut p = Parser {
        dialect,
        src,
        b: src.as_bytes(),
        pos: 0,
        end: src.len(),
        nesting: 0,
        max_nesting: max_nesting.min(MAX_NESTING),
        commands: 0,
        words: 0,
        rescans: 0,
        pending: Vec::new(),
        out: Parsed::default(),
    };
    let body = p.list(Stop::Top);
    p.finish_pending();
    p.out.body = body;
    p.out
}

/// What ends a list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The end of the source.
    Top,
    /// `)` (subshell, `$(…)`, `<(…)`).
    Paren,
    /// `}`.
    Brace,
    /// One of these reserved words.
    Words(&'static [&'static str]),
    /// `;;`, `;&`, `;;&` or `esac` (a `case` item's body).
    Case,
}

/// A heredoc whose body starts after the next newline.
struct Pending {
    index: usize,
    delimiter: String,
    strip_tabs: bool,
    quoted: bool,
}

/// State saved before a speculative reading, restored when it fails.
struct Mark {
    pos: usize,
    errors: usize,
    comments: usize,
    pending: usize,
    commands: usize,
    words: usize,
}

struct Parser<'s> {
    dialect: Dialect,
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    /// The parse stops here (the end of a heredoc body while reading its substitutions).
    end: usize,
    nesting: usize,
    max_nesting: usize,
    commands: usize,
    words: usize,
    rescans: usize,
    pending: Vec<Pending>,
    out: Parsed,
}

/// Bytes that end an unquoted word.
fn is_meta(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

// Low-level reading, and lists of statements.
impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.b[self.pos])
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        let at = self.pos + offset;
        (at < self.end).then(|| self.b[at])
    }

    fn at(&self, text: &str) -> bool {
        self.b
            .get(self.pos..self.end)
            .is_some_and(|rest| rest.starts_with(text.as_bytes()))
    }

    fn slice(&self, range: Range<usize>) -> &str {
        self.src.get(range).unwrap_or("")
    }

    fn stopped(&self) -> bool {
        self.out.cut.is_some()
    }

    fn error(&mut self, range: Range<usize>) {
        crate::syntax::push_error(&mut self.out.errors, range);
    }

    /// Stops the parse at the current offset (a limit was reached).
    fn cut(&mut self) {
        if self.out.cut.is_none() {
            self.out.cut = Some(self.pos);
        }
        self.pos = self.end;
    }

    /// Enters one level of nesting; false (and the parse is cut) past [`MAX_NESTING`].
    fn descend(&mut self) -> bool {
        if self.nesting >= self.max_nesting {
            self.cut();
            return false;
        }
        self.nesting += 1;
        true
    }

    fn ascend(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            errors: self.out.errors.len(),
            comments: self.out.comments.len(),
            pending: self.pending.len(),
            commands: self.commands,
            words: self.words,
        }
    }

    /// Back to `mark`. Heredocs made since stay in [`Parsed::heredocs`], unreferenced: an
    /// index is never given twice, so a heredoc's substitutions can only refer to heredocs
    /// made after it, and the tree has no cycle.
    fn reset(&mut self, mark: &Mark) {
        self.pos = mark.pos;
        self.out.errors.truncate(mark.errors);
        self.out.comments.truncate(mark.comments);
        self.pending.truncate(mark.pending);
        self.commands = mark.commands;
        self.words = mark.words;
    }

    /// Skips blanks and line continuations; with `newlines`, also comments and newlines
    /// (reading any pending heredoc bodies after each newline).
    fn skip(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' => self.pos += 1,
                b'\\' if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                b'#' if newlines => self.comment(),
                b'\n' if newlines => self.newline(),
                _ => break,
            }
        }
    }

    fn blanks(&mut self) {
        self.skip(false);
    }

    fn linebreak(&mut self) {
        self.skip(true);
    }

    /// Skips a comment up to (not including) its newline, and records it.
    fn comment(&mut self) {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b'\n' {
                break;
            }
            self.pos += 1;
        }
        self.out.comments.push(start..self.pos);
    }

    /// Consumes a newline and reads the heredoc bodies it starts.
    fn newline(&mut self) {
        self.pos += 1;
        if !self.pending.is_empty() {
            self.read_heredocs();
        }
    }

    /// The unquoted literal word at the current offset, when it is followed by a blank, a
    /// metacharacter or the end (the only way a reserved word can stand).
    fn bare_word(&self) -> Option<&str> {
        let start = self.pos;
        let mut i = start;
        while i < self.end {
            let c = self.b[i];
            if is_meta(c) {
                break;
            }
            if matches!(c, b'\'' | b'"' | b'\\' | b'$' | b'`') {
                return None;
            }
            i += 1;
        }
        (i > start).then(|| self.slice(start..i))
    }

    /// The reserved word (or `{`, `}`, `!`, `[[`) at the current offset, in command
    /// position.
    fn reserved(&self) -> Option<&'static str> {
        const RESERVED: [&str; 20] = [
            "if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until",
            "for", "select", "function", "coproc", "time", "{", "}", "!", "[[",
        ];
        let word = self.bare_word()?;
        RESERVED.iter().find(|r| **r == word).copied()
    }

    fn eat_reserved(&mut self, word: &str) -> bool {
        if self.reserved() == Some(word) || (word == "in" && self.bare_word() == Some("in")) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Expects the reserved word `word` (after blanks and newlines); records an error when
    /// it is missing.
    fn expect_reserved(&mut self, word: &str, from: usize) {
        self.linebreak();
        if !self.eat_reserved(word) && !self.stopped() {
            self.error(from..self.pos);
        }
    }

    /// Statements up to what `stop` names (not consumed) or the end.
    fn list(&mut self, stop: Stop) -> Vec<Node> {
        let mut out = Vec::new();
        loop {
            self.linebreak();
            if self.stopped() || self.pos >= self.end || self.at_stop(stop) {
                break;
            }
            let start = self.pos;
            self.and_or(&mut out);
            self.blanks();
            match self.peek() {
                Some(b';') if !self.at(";;") && !self.at(";&") => self.pos += 1,
                Some(b'&') if !self.at("&&") && !self.at("&>") => self.pos += 1,
                _ => {}
            }
            if self.pos == start {
                self.unexpected();
            }
        }
        out
    }

    /// Whether the token at the offset ends a list of kind `stop`.
    fn at_stop(&self, stop: Stop) -> bool {
        match stop {
            Stop::Top => false,
            Stop::Paren => self.peek() == Some(b')'),
            Stop::Brace => self.reserved() == Some("}"),
            Stop::Words(words) => self.bare_word().is_some_and(|w| words.contains(&w)),
            Stop::Case => self.at(";;") || self.at(";&") || self.bare_word() == Some("esac"),
        }
    }

    /// A token that cannot start a statement here: recorded and skipped.
    fn unexpected(&mut self) {
        let start = self.pos;
        let len = match self.bare_word() {
            Some(word) if CLOSERS.contains(&word) || word == "in" => word.len(),
            _ if self.at(";;&") => 3,
            _ if self.at(";;") || self.at(";&") || self.at("&&") || self.at("||") => 2,
            _ => self.src[start..].chars().next().map_or(1, char::len_utf8),
        };
        self.pos = (start + len).min(self.end);
        self.error(start..self.pos);
    }

    /// `pipeline ((&& | ||) pipeline)*`: the statements go to `out` in order.
    fn and_or(&mut self, out: &mut Vec<Node>) {
        let Some(first) = self.pipeline() else { return };
        out.push(first);
        loop {
            self.blanks();
            if !(self.at("&&") || self.at("||")) {
                return;
            }
            let operator = self.pos;
            self.pos += 2;
            self.linebreak();
            match self.pipeline() {
                Some(node) => out.push(node),
                None => {
                    if !self.stopped() {
                        self.error(operator..operator + 2);
                    }
                    return;
                }
            }
        }
    }

    /// `command ((| | |&) command)*`.
    fn pipeline(&mut self) -> Option<Node> {
        let mut elements = vec![self.command()?];
        loop {
            self.blanks();
            if self.at("||") {
                break;
            }
            if self.at("|&") {
                self.pos += 2;
            } else if self.peek() == Some(b'|') {
                self.pos += 1;
            } else {
                break;
            }
            self.linebreak();
            match self.command() {
                Some(node) => elements.push(node),
                None => {
                    if !self.stopped() {
                        self.error(self.pos.saturating_sub(1)..self.pos);
                    }
                    break;
                }
            }
        }
        if elements.len() == 1 {
            elements.pop()
        } else {
            Some(Node::Pipeline(elements))
        }
    }

    /// `time` is bash's keyword when what follows is a compound command or `!`; otherwise
    /// it is left as a command word, which the wrapper rules read (`time -p rm x`).
    fn time_is_keyword(&self) -> bool {
        let mut i = self.pos + 4;
        loop {
            while i < self.end && matches!(self.b[i], b' ' | b'\t') {
                i += 1;
            }
            let rest = self.b.get(i..self.end).unwrap_or_default();
            if rest.starts_with(b"-p ") || rest.starts_with(b"-- ") {
                i += 3;
                continue;
            }
            let word_end = rest.iter().position(|c| is_meta(*c)).unwrap_or(rest.len());
            let word = rest.get(..word_end).unwrap_or_default();
            return rest.first() == Some(&b'(')
                || matches!(
                    word,
                    b"{" | b"!"
                        | b"[["
                        | b"if"
                        | b"while"
                        | b"until"
                        | b"for"
                        | b"select"
                        | b"case"
                        | b"function"
                );
        }
    }

    /// One command: compound, function definition or simple. `None` when nothing starts a
    /// command here (a closer, an operator, the end).
    fn command(&mut self) -> Option<Node> {
        // `!`, the keyword `time [-p]` and `coproc [NAME]` before a command change its
        // status, not what runs.
        loop {
            self.blanks();
            match self.reserved() {
                Some("!") => self.pos += 1,
                Some("coproc") => {
                    self.pos += "coproc".len();
                    self.blanks();
                    // `coproc NAME compound`: the name is not a command.
                    if let Some(name) = self.bare_word()
                        && self.reserved().is_none()
                    {
                        let after = self.pos + name.len();
                        let rest = self.b.get(after..self.end).unwrap_or_default();
                        let next = rest.iter().position(|c| !matches!(c, b' ' | b'\t'));
                        let next = next.and_then(|i| rest.get(i..)).unwrap_or_default();
                        if next.starts_with(b"{") || next.starts_with(b"(") {
                            self.pos = after;
                        }
                    }
                }
                Some("time") if self.time_is_keyword() => {
                    self.pos += 4;
                    self.blanks();
                    while self.at("-p ") || self.at("-- ") {
                        self.pos += 2;
                        self.blanks();
                    }
                }
                _ => break,
            }
        }
        if self.stopped() || self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let compound = match self.reserved() {
            Some(word) if CLOSERS.contains(&word) => return None,
            Some("{") => self.nested(|p| p.group(start)),
            Some("[[") => self.nested(|p| p.conditional()),
            Some("if") => self.nested(|p| p.if_clause(start)),
            Some(word @ ("while" | "until")) => self.nested(|p| p.loop_clause(word, start)),
            Some(word @ ("for" | "select")) => self.nested(|p| p.for_clause(word, start)),
            Some("case") => self.nested(|p| p.case_clause(start)),
            Some("function") => self.nested(|p| p.function(start)),
            _ if self.peek() == Some(b'(') => {
                if self.at("((") {
                    self.nested(|p| p.arithmetic_command(start))
                } else {
                    self.nested(|p| p.subshell(start))
                }
            }
            _ => None,
        };
        match compound {
            Some(items) => Some(Node::Compound(self.finish_compound(items, start))),
            None if self.stopped() => None,
            None => self.simple(),
        }
    }

    /// Runs `parse` one nesting level deeper; `None` with the parse cut past the limit.
    fn nested(&mut self, parse: impl FnOnce(&mut Self) -> Vec<Item>) -> Option<Vec<Item>> {
        if !self.descend() {
            return None;
        }
        let items = parse(self);
        self.ascend();
        Some(items)
    }

    /// A compound's trailing redirections; words after them are an error.
    fn finish_compound(&mut self, items: Vec<Item>, start: usize) -> Compound {
        let mut redirects = Vec::new();
        let mut end = self.pos;
        loop {
            self.blanks();
            if self.stopped() {
                break;
            }
            match self.redirect_start() {
                Some(fd) => {
                    if let Some(r) = self.redirect(fd) {
                        redirects.push(r);
                    }
                    end = self.pos;
                }
                None => break,
            }
        }
        if let Some(c) = self.peek()
            && !is_meta(c)
            && c != b'#'
        {
            // `{ a; } b`: bash refuses it.
            let from = self.pos;
            let _ = self.word();
            self.error(from..self.pos);
        }
        Compound {
            items,
            redirects,
            span: start..end,
        }
    }
}
