//! Words: unquoted text, quotes, expansions and substitutions (bash(1) "QUOTING",
//! "EXPANSION"), with the arithmetic bash reads by trying.

use super::{Dialect, MAX_RESCANS, MAX_WORDS, Parser, Stop, is_meta, is_name_char, is_name_start};
use std::ops::Range;

use crate::syntax::{Part, WordNode};

impl Parser<'_> {
    /// One word from the offset (which must not be a metacharacter, except `<(`/`>(`).
    pub(super) fn word(&mut self) -> WordNode {
        self.count_word();
        let start = self.pos;
        let mut parts = Vec::new();
        let mut literal = start;
        while let Some(c) = self.peek() {
            match c {
                b'<' | b'>' if self.peek_at(1) == Some(b'(') => {
                    self.flush(&mut parts, literal);
                    self.substitution(&mut parts, 2);
                    literal = self.pos;
                }
                b'(' if self.pos > start
                    && matches!(self.b[self.pos - 1], b'@' | b'!' | b'?' | b'*' | b'+') =>
                {
                    // An extglob group: `!(x|y)`.
                    self.flush(&mut parts, literal);
                    let from = self.pos;
                    let subs = self.balanced_group();
                    parts.push(if subs.is_empty() {
                        Part::Verbatim(from..self.pos)
                    } else {
                        Part::Expansion {
                            span: from..self.pos,
                            subs,
                        }
                    });
                    literal = self.pos;
                }
                _ if is_meta(c) => break,
                b'\\' => {
                    if self.pos + 1 >= self.end {
                        // A backslash at the very end escapes nothing.
                        self.error(self.pos..self.end);
                    }
                    self.pos = self.next_char(self.pos + 1);
                }
                b'\'' | b'"' | b'$' | b'`' => {
                    self.flush(&mut parts, literal);
                    self.word_part(&mut parts);
                    literal = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        self.flush(&mut parts, literal);
        WordNode {
            span: start..self.pos,
            parts,
        }
    }

    /// Counts a word (or a part of one) and cuts the parse past [`MAX_WORDS`].
    pub(super) fn count_word(&mut self) {
        self.words += 1;
        if self.words > MAX_WORDS {
            self.cut();
        }
    }

    /// The offset after the character that starts at `at` (or `at` itself at the end).
    pub(super) fn next_char(&self, at: usize) -> usize {
        if at >= self.end {
            return self.end;
        }
        let len = self
            .src
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        (at + len).min(self.end)
    }

    /// Pushes the unquoted text from `literal` to the offset.
    pub(super) fn flush(&self, parts: &mut Vec<Part>, literal: usize) {
        if self.pos > literal {
            parts.push(Part::Unquoted(literal..self.pos));
        }
    }

    /// A quoted part or expansion at the offset (`'`, `"`, `$`, `` ` ``, `\`). Each part
    /// counts as a word towards [`MAX_WORDS`].
    pub(super) fn word_part(&mut self, parts: &mut Vec<Part>) {
        self.count_word();
        let start = self.pos;
        match self.peek() {
            Some(b'\'') => {
                let inner = start + 1;
                match self.b[inner..self.end].iter().position(|c| *c == b'\'') {
                    Some(len) => {
                        parts.push(Part::Single(inner..inner + len));
                        self.pos = inner + len + 1;
                    }
                    None => {
                        self.error(start..self.end);
                        parts.push(Part::Single(inner..self.end));
                        self.pos = self.end;
                    }
                }
            }
            Some(b'"') => self.double_quoted(parts),
            Some(b'$') if self.peek_at(1) == Some(b'\'') && self.dialect == Dialect::Bash => {
                let inner = start + 2;
                let mut i = inner;
                while i < self.end && self.b[i] != b'\'' {
                    i += if self.b[i] == b'\\' { 2 } else { 1 };
                }
                if i >= self.end {
                    self.error(start..self.end);
                    parts.push(Part::AnsiC(inner..self.end));
                    self.pos = self.end;
                } else {
                    parts.push(Part::AnsiC(inner..i));
                    self.pos = i + 1;
                }
            }
            Some(b'$') if self.peek_at(1) == Some(b'"') && self.dialect == Dialect::Bash => {
                self.pos += 1;
                self.double_quoted(parts);
            }
            Some(b'$' | b'`') => {
                if !self.expansion(parts, false) {
                    // A lone `$`.
                    self.pos += 1;
                    parts.push(Part::Unquoted(start..self.pos));
                }
            }
            Some(b'\\') => {
                self.pos = self.next_char(start + 1);
                parts.push(Part::Unquoted(start..self.pos));
            }
            _ => self.pos = self.next_char(start),
        }
    }

    /// `"…"` from the offset: literal runs and the expansions in it.
    pub(super) fn double_quoted(&mut self, parts: &mut Vec<Part>) {
        let start = self.pos;
        if !self.descend() {
            return;
        }
        self.pos += 1;
        let mut literal = self.pos;
        loop {
            let Some(c) = self.peek() else {
                if !self.stopped() {
                    self.error(start..self.end);
                }
                push_double(parts, literal..self.pos);
                break;
            };
            match c {
                b'"' => {
                    push_double(parts, literal..self.pos);
                    self.pos += 1;
                    break;
                }
                b'\\' => self.pos = self.next_char(self.pos + 1),
                b'$' | b'`' => {
                    let at = self.pos;
                    let mut found = Vec::new();
                    if self.expansion(&mut found, true) {
                        push_double(parts, literal..at);
                        parts.extend(found);
                        literal = self.pos;
                    } else {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.ascend();
    }

    /// An expansion or substitution at the offset (`$…` or `` `…` ``), pushed to `parts`.
    /// False when the `$` starts none (it is then a literal `$`, not consumed).
    /// `quoted`: inside double quotes, where `$'` and `$"` are not special.
    pub(super) fn expansion(&mut self, parts: &mut Vec<Part>, quoted: bool) -> bool {
        self.count_word();
        let start = self.pos;
        if self.peek() == Some(b'`') {
            parts.push(self.backtick(quoted));
            return true;
        }
        // `$\<newline>(` is `$(`: bash removes line continuations before it reads a word.
        let after = self.after_continuations(start + 1);
        let byte = |at: usize| (at < self.end).then(|| self.b[at]);
        match byte(after) {
            Some(b'(') => {
                let second = self.after_continuations(after + 1);
                let arithmetic = if byte(second) == Some(b'(') {
                    self.arithmetic(second + 1, b')')
                } else {
                    None
                };
                match arithmetic {
                    Some(subs) => parts.push(Part::Expansion {
                        span: start..self.pos,
                        subs,
                    }),
                    // `$( (…) …)`: a command substitution holding a subshell.
                    None => self.substitution(parts, after + 1 - start),
                }
                true
            }
            Some(b'[') => {
                let subs = self.arithmetic(after + 1, b']').unwrap_or_else(|| {
                    self.error(start..self.end);
                    self.pos = self.end;
                    Vec::new()
                });
                parts.push(Part::Expansion {
                    span: start..self.pos,
                    subs,
                });
                true
            }
            Some(b'{') => {
                let subs = self.parameter(start, after + 1);
                parts.push(Part::Expansion {
                    span: start..self.pos,
                    subs,
                });
                true
            }
            Some(c) if is_name_start(c) => {
                self.pos = after + 1;
                while self.peek().is_some_and(is_name_char) {
                    self.pos += 1;
                }
                parts.push(Part::Expansion {
                    span: start..self.pos,
                    subs: Vec::new(),
                });
                true
            }
            Some(c) if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
                self.pos = after + 1;
                parts.push(Part::Expansion {
                    span: start..self.pos,
                    subs: Vec::new(),
                });
                true
            }
            Some(b'\'' | b'"')
                if !quoted && after == start + 1 && self.dialect == Dialect::Bash =>
            {
                self.word_part(parts);
                true
            }
            _ => false,
        }
    }

    /// The offset of the first byte from `at` on that is not part of a line continuation
    /// (`\` and a newline), which bash removes before reading a word.
    pub(super) fn after_continuations(&self, mut at: usize) -> usize {
        while at + 1 < self.end && self.b[at] == b'\\' && self.b[at + 1] == b'\n' {
            at += 2;
        }
        at
    }

    /// `$(…)`, `<(…)` or `>(…)` from the offset; `open` is the length of the opener.
    pub(super) fn substitution(&mut self, parts: &mut Vec<Part>, open: usize) {
        let start = self.pos;
        if !self.descend() {
            return;
        }
        self.pos += open;
        let body = self.list(Stop::Paren);
        self.close_paren(start);
        self.ascend();
        parts.push(Part::Substitution {
            span: start..self.pos,
            body,
        });
    }

    /// `` `…` `` from the offset: the program is the inside with `\$`, `` \` `` and `\\`
    /// unescaped (bash(1) "Command Substitution"), and `\"` too inside double quotes
    /// (`quoted`; bash's subst.c reads the string after double-quote removal).
    pub(super) fn backtick(&mut self, quoted: bool) -> Part {
        let start = self.pos;
        self.pos += 1;
        let mut script = String::new();
        let mut run = self.pos;
        loop {
            let Some(c) = self.peek() else {
                self.error(start..self.end);
                script.push_str(self.slice(run..self.end));
                break;
            };
            match c {
                b'`' => {
                    script.push_str(self.slice(run..self.pos));
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    let escaped = |c: u8| matches!(c, b'$' | b'`' | b'\\') || quoted && c == b'"';
                    if let Some(next) = self.peek_at(1).filter(|c| escaped(*c)) {
                        script.push_str(self.slice(run..self.pos));
                        script.push(char::from(next));
                        self.pos += 2;
                        run = self.pos;
                    } else {
                        self.pos = self.next_char(self.pos + 1);
                    }
                }
                _ => self.pos += 1,
            }
        }
        Part::Backtick {
            span: start..self.pos,
            script,
        }
    }

    /// `${…}` from `start` (the `$`), whose inside begins at `inner`: its nested expansions
    /// and substitutions.
    pub(super) fn parameter(&mut self, start: usize, inner: usize) -> Vec<Part> {
        let mut subs = Vec::new();
        if !self.descend() {
            return subs;
        }
        self.pos = inner;
        loop {
            let Some(c) = self.peek() else {
                if !self.stopped() {
                    self.error(start..self.end);
                }
                break;
            };
            match c {
                b'}' => {
                    self.pos += 1;
                    break;
                }
                _ => self.inner_part(&mut subs),
            }
        }
        self.ascend();
        subs
    }

    /// One step inside `${…}` or arithmetic, past what closes them: a backslash escape, a
    /// quoted string (whose substitutions go to `subs`), an expansion, or one byte.
    fn inner_part(&mut self, subs: &mut Vec<Part>) {
        match self.peek() {
            Some(b'\\') => self.pos = self.next_char(self.pos + 1),
            Some(b'\'' | b'"') => {
                let mut quoted = Vec::new();
                self.word_part(&mut quoted);
                subs.extend(quoted.into_iter().filter(is_sub));
            }
            Some(b'$' | b'`') => {
                if !self.expansion(subs, true) {
                    self.pos += 1;
                }
            }
            _ => self.pos += 1,
        }
    }

    /// Arithmetic from `from` up to the `close` that balances it (`))` for `$((`/`((`,
    /// `]` for `$[`): its substitutions, with the offset after the closer. `None` (offset
    /// unchanged) when none closes it, or when a `)` closes it that is not followed by
    /// another: bash then reads `$((`/`((` as nested parentheses.
    pub(super) fn arithmetic(&mut self, from: usize, close: u8) -> Option<Vec<Part>> {
        if self.rescans >= MAX_RESCANS {
            // Too many readings already: the rest is not analysed.
            self.error(self.pos..self.end);
            self.pos = self.end;
            return Some(Vec::new());
        }
        let mark = self.mark();
        if !self.descend() {
            return Some(Vec::new());
        }
        self.pos = from;
        let mut subs = Vec::new();
        let mut depth = 0usize;
        let closed = loop {
            let Some(c) = self.peek() else { break false };
            match c {
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' if depth > 0 => {
                    depth -= 1;
                    self.pos += 1;
                }
                b')' if close == b')' => {
                    let double = self.peek_at(1) == Some(b')');
                    if double {
                        self.pos += 2;
                    }
                    break double;
                }
                b']' if close == b']' && depth == 0 => {
                    self.pos += 1;
                    break true;
                }
                _ => self.inner_part(&mut subs),
            }
            if self.stopped() {
                break true;
            }
        };
        self.ascend();
        if closed {
            return Some(subs);
        }
        self.reset(&mark);
        self.rescans += 1;
        None
    }

    /// A `( … )` group inside a word (extglob), quotes respected: the substitutions in it
    /// (bash expands them in the pattern); the offset ends after the closing parenthesis.
    pub(super) fn balanced_group(&mut self) -> Vec<Part> {
        let mut subs = Vec::new();
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.pos += 1;
                        return subs;
                    }
                }
                b'\\' => {
                    self.pos = self.next_char(self.pos + 1);
                    continue;
                }
                b'\'' | b'"' | b'$' | b'`' => {
                    let mut found = Vec::new();
                    self.word_part(&mut found);
                    subs.extend(found.into_iter().filter(is_sub));
                    continue;
                }
                b'\n' => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.error(start..self.pos);
        subs
    }
}

/// Whether a part holds something that runs or expands (kept from quoted text nested in
/// an expansion).
pub(super) fn is_sub(part: &Part) -> bool {
    matches!(
        part,
        Part::Expansion { .. } | Part::Substitution { .. } | Part::Backtick { .. }
    )
}

fn push_double(parts: &mut Vec<Part>, range: Range<usize>) {
    if !range.is_empty() {
        parts.push(Part::DoubleQuoted(range));
    }
}
