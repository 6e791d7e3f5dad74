//! Simple commands: assignments, words and redirections, and `name () compound` function
//! definitions (bash(1) "Simple Commands", "PARAMETERS").

use super::word::is_sub;
use super::{MAX_COMMANDS, Parser, is_meta, is_name_char, is_name_start};
use crate::syntax::{Assignment, Compound, Node, Part, Simple, WordNode};

impl Parser<'_> {
    pub(super) fn simple(&mut self) -> Option<Node> {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            self.cut();
            return None;
        }
        let start = self.pos;
        let mut simple = Simple::default();
        let mut end = start;
        loop {
            self.blanks();
            let Some(c) = self.peek() else { break };
            if self.stopped() {
                break;
            }
            if let Some(fd) = self.redirect_start() {
                if let Some(r) = self.redirect(fd) {
                    simple.redirects.push(r);
                }
                end = self.pos;
                continue;
            }
            match c {
                b'\n' | b';' | b'|' | b'&' | b')' => break,
                b'#' => {
                    self.comment();
                    break;
                }
                b'(' => {
                    if simple.words.len() == 1
                        && simple.assignments.is_empty()
                        && simple.redirects.is_empty()
                        && self.function_parens()
                    {
                        // `name () compound`.
                        let items = self.nested(|p| p.function_body(start));
                        return items.map(|items| {
                            Node::Compound(Compound {
                                items,
                                redirects: Vec::new(),
                                span: start..self.pos,
                            })
                        });
                    }
                    self.error(self.pos..self.pos + 1);
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let assigning = simple.words.is_empty();
            let declaring = simple.words.first().is_some_and(|w| self.is_declaration(w));
            if (assigning || declaring)
                && let Some(name_end) = self.assignment_name()
            {
                if assigning {
                    let assignment = self.assignment(name_end);
                    simple.assignments.push(assignment);
                } else {
                    let from = self.pos;
                    let assignment = self.assignment(name_end);
                    let mut parts = vec![Part::Unquoted(from..assignment.value.span.start)];
                    parts.extend(assignment.value.parts);
                    simple.words.push(WordNode {
                        span: from..self.pos,
                        parts,
                    });
                }
            } else {
                let word = self.word();
                simple.words.push(word);
            }
            end = self.pos;
        }
        simple.span = start..end;
        (end > start).then_some(Node::Simple(simple))
    }

    /// `( )` after a function name (consumed when present).
    pub(super) fn function_parens(&mut self) -> bool {
        let mut i = self.pos + 1;
        while i < self.end && matches!(self.b[i], b' ' | b'\t') {
            i += 1;
        }
        if self.b.get(i) == Some(&b')') && i < self.end {
            self.pos = i + 1;
            true
        } else {
            false
        }
    }

    /// `export`, `declare`, `local`, `readonly`, `typeset`: their `NAME=(…)` arguments are
    /// array assignments.
    pub(super) fn is_declaration(&self, word: &WordNode) -> bool {
        matches!(
            self.slice(word.span.clone()),
            "export" | "declare" | "local" | "readonly" | "typeset"
        )
    }

    /// The end of `NAME=`, `NAME+=` or `NAME[…]=` at the offset, when one starts here.
    pub(super) fn assignment_name(&self) -> Option<usize> {
        let mut i = self.pos;
        if !self.b.get(i).copied().is_some_and(is_name_start) {
            return None;
        }
        while i < self.end && is_name_char(self.b[i]) {
            i += 1;
        }
        if self.b.get(i) == Some(&b'[') {
            let subscript = &self.b[i..self.end];
            let close = subscript
                .iter()
                .take_while(|c| !is_meta(**c))
                .position(|c| *c == b']')?;
            i += close + 1;
        }
        if self.b.get(i) == Some(&b'+') {
            i += 1;
        }
        (i < self.end && self.b[i] == b'=').then_some(i + 1)
    }

    /// `NAME=value` or `NAME=(…)`, from the offset; `value_start` is just past the `=`.
    pub(super) fn assignment(&mut self, value_start: usize) -> Assignment {
        let name_end = if self.b[value_start - 2] == b'+' {
            value_start - 2
        } else {
            value_start - 1
        };
        let name = self.pos..name_end;
        self.pos = value_start;
        self.count_word();
        if self.peek() == Some(b'(') {
            let mut elements = Vec::new();
            self.pos += 1;
            loop {
                self.linebreak();
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(c) if !is_meta(c) => elements.push(self.word()),
                    _ => {
                        self.error(value_start..self.pos);
                        break;
                    }
                }
                if self.stopped() {
                    break;
                }
            }
            let span = value_start..self.pos;
            let subs: Vec<Part> = elements
                .into_iter()
                .flat_map(|w| w.parts)
                .filter(is_sub)
                .collect();
            let part = if subs.is_empty() {
                Part::Verbatim(span.clone())
            } else {
                Part::Expansion {
                    span: span.clone(),
                    subs,
                }
            };
            return Assignment {
                name,
                value: WordNode {
                    span,
                    parts: vec![part],
                },
            };
        }
        let value = match self.peek() {
            Some(c) if !is_meta(c) => self.word(),
            _ => WordNode {
                span: value_start..value_start,
                parts: Vec::new(),
            },
        };
        Assignment { name, value }
    }
}
