//! Redirections, here-strings and heredocs (bash(1) "REDIRECTION", "Here Documents").

use std::ops::Range;

use super::{Parser, Pending, is_meta, is_name_char};
use crate::syntax::{Heredoc, Part, Redir, RedirKind};

impl Parser<'_> {
    /// When a redirection starts at the offset: `Some(fd)` (`fd` when digits or `{name}`
    /// stand right before the operator).
    pub(super) fn redirect_start(&self) -> Option<Option<u32>> {
        let rest = self.b.get(self.pos..self.end)?;
        let operator = |at: usize| match rest.get(at..) {
            Some([b'<' | b'>', b'(', ..]) => false,
            Some([b'<' | b'>', ..]) => true,
            Some([b'&', b'>', ..]) => at == 0,
            _ => false,
        };
        if operator(0) {
            return Some(None);
        }
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && operator(digits) && rest.get(digits) != Some(&b'&') {
            let fd = self.slice(self.pos..self.pos + digits).parse().ok();
            return Some(fd);
        }
        if rest.first() == Some(&b'{') {
            let name_len = rest[1..].iter().take_while(|c| is_name_char(**c)).count();
            let close = name_len + 1;
            if name_len > 0
                && rest.get(close) == Some(&b'}')
                && operator(close + 1)
                && rest.get(close + 1) != Some(&b'&')
            {
                return Some(None);
            }
        }
        None
    }

    /// A redirection from its descriptor (if any) to the end of its target.
    pub(super) fn redirect(&mut self, fd: Option<u32>) -> Option<Redir> {
        let start = self.pos;
        // Skip the descriptor or `{name}`.
        while let Some(c) = self.peek() {
            if matches!(c, b'<' | b'>' | b'&') {
                break;
            }
            self.pos += 1;
        }
        const OPERATORS: [&str; 12] = [
            "<<<", "<<-", "&>>", "<<", "<>", "<&", ">>", ">|", ">&", "&>", "<", ">",
        ];
        let op = OPERATORS.iter().find(|op| self.at(op)).copied()?;
        self.pos += op.len();
        if op == "<<" || op == "<<-" {
            return Some(self.heredoc(fd, op == "<<-", start));
        }
        self.blanks();
        let target = match self.peek() {
            Some(c)
                if !is_meta(c) || (matches!(c, b'<' | b'>') && self.peek_at(1) == Some(b'(')) =>
            {
                self.word()
            }
            _ => {
                if !self.stopped() {
                    self.error(start..self.pos);
                }
                return None;
            }
        };
        let kind = if op == "<<<" {
            RedirKind::HereString(target)
        } else {
            RedirKind::File { op, target }
        };
        Some(Redir { fd, kind })
    }

    /// `<<DELIM` / `<<-DELIM`: the body is read after the next newline.
    pub(super) fn heredoc(&mut self, fd: Option<u32>, strip_tabs: bool, start: usize) -> Redir {
        self.blanks();
        let index = self.out.heredocs.len();
        self.out.heredocs.push(Heredoc::default());
        match self.peek() {
            Some(c) if !is_meta(c) => {
                // The delimiter is the word after quote removal, without expansion (bash
                // reads `<<$X` as `$X`, `<<$'EOF'` as `EOF`); it is quoted when any of it
                // is (line continuations do not count: they are gone before the word forms).
                let word = self.word();
                let written = self.slice(word.span.clone()).replace("\\\n", "");
                let quoted = written.contains(['\'', '"', '\\']);
                let delimiter = crate::walk::word_of(&word, self.src).text;
                self.pending.push(Pending {
                    index,
                    delimiter,
                    strip_tabs,
                    quoted,
                });
            }
            _ => {
                if !self.stopped() {
                    self.error(start..self.pos);
                }
            }
        }
        Redir {
            fd,
            kind: RedirKind::Heredoc(index),
        }
    }

    /// Reads the bodies of the pending heredocs, in order, from the offset (just after a
    /// newline). Like bash, a body ends at the first line that is exactly the delimiter
    /// (after leading tabs, for `<<-`).
    pub(super) fn read_heredocs(&mut self) {
        for pending in std::mem::take(&mut self.pending) {
            let body_start = self.pos;
            let mut well_formed = false;
            let mut body_end = self.end;
            let mut line_start = self.pos;
            // With an unquoted delimiter, bash joins a line that ends in an unescaped
            // backslash to the next before comparing (`EO\` then `F` ends the body).
            let mut logical = String::new();
            let mut logical_start = line_start;
            while line_start < self.end {
                let rest = &self.b[line_start..self.end];
                let line_len = rest.iter().position(|c| *c == b'\n').unwrap_or(rest.len());
                let line = self.slice(line_start..line_start + line_len);
                let line = if pending.strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                let trailing = line.len() - line.trim_end_matches('\\').len();
                if !pending.quoted && trailing % 2 == 1 && line_start + line_len < self.end {
                    logical.push_str(line.get(..line.len() - 1).unwrap_or_default());
                    line_start += line_len + 1;
                    continue;
                }
                logical.push_str(line);
                if logical == pending.delimiter {
                    body_end = logical_start;
                    well_formed = true;
                    self.pos = (line_start + line_len + 1).min(self.end);
                    break;
                }
                logical.clear();
                line_start += line_len + 1;
                logical_start = line_start;
            }
            if !well_formed {
                self.pos = self.end;
                body_end = self.end;
            }
            let raw = self.slice(body_start..body_end);
            let text = if pending.strip_tabs {
                raw.split_inclusive('\n')
                    .map(|line| line.trim_start_matches('\t'))
                    .collect()
            } else {
                raw.to_owned()
            };
            let subs = if pending.quoted {
                Vec::new()
            } else {
                self.heredoc_subs(body_start..body_end)
            };
            if !well_formed {
                self.error(body_start.saturating_sub(1)..self.end);
            }
            if let Some(slot) = self.out.heredocs.get_mut(pending.index) {
                *slot = Heredoc {
                    text,
                    subs,
                    end: self.pos,
                };
            }
        }
    }

    /// The substitutions in an unquoted heredoc body (double-quote rules, no closing quote).
    pub(super) fn heredoc_subs(&mut self, body: Range<usize>) -> Vec<Part> {
        let (pos, end) = (self.pos, self.end);
        self.pos = body.start;
        self.end = body.end;
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'$' | b'`' => {
                    if !self.expansion(&mut parts, true) {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.pos = pos;
        self.end = end;
        parts
    }

    /// Heredocs still waiting for a body at the end of the input: malformed.
    pub(super) fn finish_pending(&mut self) {
        for pending in std::mem::take(&mut self.pending) {
            if let Some(slot) = self.out.heredocs.get_mut(pending.index) {
                slot.end = self.end;
            }
            if self.out.cut.is_none() {
                self.error(self.end.saturating_sub(1)..self.end);
            }
        }
    }
}
