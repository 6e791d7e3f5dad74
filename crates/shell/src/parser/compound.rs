//! Compound commands: `{ …; }`, `( … )`, `(( … ))`, `if`, `while`/`until`, `for`/`select`,
//! `case`, `[[ … ]]` and function definitions (bash(1) "Compound Commands", "Shell Function
//! Definitions").

use super::{Parser, Stop, is_meta};
use crate::syntax::{Item, WordNode};

impl Parser<'_> {
    pub(super) fn group(&mut self, start: usize) -> Vec<Item> {
        self.pos += 1;
        let body = self.list(Stop::Brace);
        self.expect_reserved("}", start);
        vec![Item::Body(body)]
    }

    pub(super) fn subshell(&mut self, start: usize) -> Vec<Item> {
        self.pos += 1;
        let body = self.list(Stop::Paren);
        self.close_paren(start);
        vec![Item::Body(body)]
    }

    pub(super) fn close_paren(&mut self, start: usize) {
        self.linebreak();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else if !self.stopped() {
            self.error(start..self.pos);
        }
    }

    /// `(( … ))`, or a subshell in a subshell when no `))` closes it.
    pub(super) fn arithmetic_command(&mut self, start: usize) -> Vec<Item> {
        if let Some(subs) = self.arithmetic(start + 2, b')') {
            return vec![Item::Words(vec![WordNode {
                span: start..self.pos,
                parts: subs,
            }])];
        }
        self.subshell(start)
    }

    pub(super) fn if_clause(&mut self, start: usize) -> Vec<Item> {
        self.pos += 2;
        let mut items = vec![Item::Body(self.list(Stop::Words(&["then"])))];
        self.expect_reserved("then", start);
        loop {
            items.push(Item::Body(self.list(Stop::Words(&["elif", "else", "fi"]))));
            self.linebreak();
            if self.eat_reserved("elif") {
                items.push(Item::Body(self.list(Stop::Words(&["then"]))));
                self.expect_reserved("then", start);
            } else if self.eat_reserved("else") {
                items.push(Item::Body(self.list(Stop::Words(&["fi"]))));
                self.expect_reserved("fi", start);
                return items;
            } else {
                self.expect_reserved("fi", start);
                return items;
            }
        }
    }

    pub(super) fn loop_clause(&mut self, word: &str, start: usize) -> Vec<Item> {
        self.pos += word.len();
        let condition = self.list(Stop::Words(&["do"]));
        let mut items = vec![Item::Body(condition)];
        items.extend(self.do_group(start));
        items
    }

    /// `do LIST done`, or `{ LIST }` (bash accepts it after `for`).
    pub(super) fn do_group(&mut self, start: usize) -> Vec<Item> {
        self.linebreak();
        if self.reserved() == Some("{") {
            return self.group(start);
        }
        self.expect_reserved("do", start);
        let body = self.list(Stop::Words(&["done"]));
        self.expect_reserved("done", start);
        vec![Item::Body(body)]
    }

    pub(super) fn for_clause(&mut self, word: &str, start: usize) -> Vec<Item> {
        self.pos += word.len();
        self.blanks();
        let mut items = Vec::new();
        if self.at("((") {
            let from = self.pos;
            match self.arithmetic(from + 2, b')') {
                Some(subs) => items.push(Item::Words(vec![WordNode {
                    span: from..self.pos,
                    parts: subs,
                }])),
                None => {
                    self.error(from..self.end);
                    self.pos = self.end;
                    return items;
                }
            }
        } else {
            // The loop variable.
            if self.peek().is_some_and(|c| !is_meta(c)) {
                let _ = self.word();
            }
            self.linebreak();
            if self.eat_reserved("in") {
                let mut words = Vec::new();
                loop {
                    self.blanks();
                    match self.peek() {
                        Some(c) if !is_meta(c) && c != b'#' => words.push(self.word()),
                        _ => break,
                    }
                }
                items.push(Item::Words(words));
            }
        }
        self.blanks();
        if self.peek() == Some(b';') && !self.at(";;") {
            self.pos += 1;
        }
        items.extend(self.do_group(start));
        items
    }

    pub(super) fn case_clause(&mut self, start: usize) -> Vec<Item> {
        self.pos += "case".len();
        self.blanks();
        let mut words = Vec::new();
        if self.peek().is_some_and(|c| !is_meta(c)) {
            words.push(self.word());
        }
        self.linebreak();
        if !self.eat_reserved("in") {
            self.error(start..self.pos);
            return vec![Item::Words(words)];
        }
        let mut items = vec![Item::Words(words)];
        loop {
            self.linebreak();
            if self.stopped() || self.eat_reserved("esac") {
                return items;
            }
            if self.pos >= self.end {
                self.error(start..self.pos);
                return items;
            }
            let item_start = self.pos;
            if self.peek() == Some(b'(') {
                self.pos += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.blanks();
                match self.peek() {
                    Some(b'|') => self.pos += 1,
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(c) if !is_meta(c) => patterns.push(self.word()),
                    _ => {
                        self.error(item_start..self.pos.max(item_start + 1).min(self.end));
                        self.pos = self.pos.max(item_start + 1).min(self.end);
                        break;
                    }
                }
            }
            items.push(Item::Words(patterns));
            items.push(Item::Body(self.list(Stop::Case)));
            for terminator in [";;&", ";;", ";&"] {
                if self.at(terminator) {
                    self.pos += terminator.len();
                    break;
                }
            }
        }
    }

    /// `[[ … ]]`: its operands are words; `<`, `>`, `(`, `)`, `&&`, `||`, `!` are its own
    /// operators, and the right side of `=~` may hold unquoted `(`, `)` and `|`.
    pub(super) fn conditional(&mut self) -> Vec<Item> {
        let start = self.pos;
        self.pos += 2;
        let mut words = Vec::new();
        let mut regex_next = false;
        loop {
            self.linebreak();
            if self.stopped() {
                break;
            }
            if self.bare_word() == Some("]]") {
                self.pos += 2;
                return vec![Item::Words(words)];
            }
            let Some(c) = self.peek() else {
                self.error(start..self.end);
                break;
            };
            if std::mem::take(&mut regex_next) {
                let word = self.regex_word();
                if !word.span.is_empty() {
                    words.push(word);
                    continue;
                }
            }
            if self.at("&&") || self.at("||") {
                self.pos += 2;
            } else if matches!(c, b'<' | b'>') && self.peek_at(1) == Some(b'(') {
                // A process substitution is an operand here too, and runs.
                words.push(self.word());
            } else if matches!(c, b'(' | b')' | b'<' | b'>') {
                self.pos += 1;
            } else if matches!(c, b';' | b'&' | b'|') {
                self.error(self.pos..self.pos + 1);
                self.pos += 1;
            } else {
                let word = self.word();
                regex_next = self.slice(word.span.clone()) == "=~";
                words.push(word);
            }
        }
        vec![Item::Words(words)]
    }

    /// The right side of `=~`: a word in which parentheses and `|` do not end it.
    pub(super) fn regex_word(&mut self) -> WordNode {
        let start = self.pos;
        let mut parts = Vec::new();
        let mut depth = 0usize;
        let mut literal = start;
        while let Some(c) = self.peek() {
            match c {
                b'\'' | b'"' | b'$' | b'`' | b'\\' => {
                    self.flush(&mut parts, literal);
                    self.word_part(&mut parts);
                    literal = self.pos;
                    continue;
                }
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b'|' => {}
                _ if depth == 0 && is_meta(c) => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.flush(&mut parts, literal);
        WordNode {
            span: start..self.pos,
            parts,
        }
    }

    /// `function NAME [()] compound` (also `function NAME () compound`).
    pub(super) fn function(&mut self, start: usize) -> Vec<Item> {
        self.pos += "function".len();
        self.blanks();
        if self.peek().is_some_and(|c| !is_meta(c)) {
            let _ = self.word();
        }
        self.blanks();
        if self.peek() == Some(b'(') {
            self.pos += 1;
            self.blanks();
            if self.peek() == Some(b')') {
                self.pos += 1;
            } else {
                self.error(start..self.pos);
            }
        }
        self.function_body(start)
    }

    /// The body of a function definition: a compound command.
    pub(super) fn function_body(&mut self, start: usize) -> Vec<Item> {
        self.linebreak();
        match self.command() {
            Some(node) => vec![Item::Body(vec![node])],
            None => {
                if !self.stopped() {
                    self.error(start..self.pos);
                }
                Vec::new()
            }
        }
    }
}
