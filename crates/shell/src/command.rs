//! One simple command's parts read from its tree-sitter nodes: words, assignments,
//! redirections and standard input.

use std::ops::Range;

use tree_sitter::Node;

use crate::heredoc;
use crate::types::{Redirect, RedirectOp, Word};
use crate::words::{slice, word};

/// What a here-document or here-string feeds on standard input.
#[derive(Clone)]
pub(crate) struct Stdin<'t> {
    /// The text, as [`crate::SimpleCommand::stdin_text`] documents it.
    pub text: String,
    /// True for a here-string whose word is dynamic.
    pub dynamic: bool,
    /// The heredoc body node, for a heredoc.
    pub body: Option<Node<'t>>,
}

impl Stdin<'_> {
    /// How a shell reading this as its program is labelled (`bash <<`, `bash <<<`).
    pub fn label(&self, shell: &str) -> String {
        if self.body.is_some() {
            format!("{shell} <<")
        } else {
            format!("{shell} <<<")
        }
    }
}

/// A simple command's parts, before unwrapping.
#[derive(Default)]
pub(crate) struct Parts<'t> {
    /// Name and arguments, including words tree-sitter attached to a redirection
    /// (`echo > f x` runs `echo x`).
    pub argv: Vec<Word>,
    /// `NAME=value` prefixes.
    pub assignments: Vec<(String, Word)>,
    /// File redirections, in source order.
    pub redirects: Vec<Redirect>,
    /// The last heredoc or here-string.
    pub stdin: Option<Stdin<'t>>,
    /// Heredocs that bash could end elsewhere than tree-sitter did.
    pub malformed: Vec<Range<usize>>,
}

/// Reads a `command` node and/or the redirections of the `redirected_statement` around it.
/// With only a statement, reads the redirections of a compound command or of a bare
/// redirection (`> f`).
pub(crate) fn read<'t>(
    command: Option<Node<'t>>,
    statement: Option<Node<'t>>,
    src: &str,
) -> Parts<'t> {
    let mut parts = Parts::default();
    if let Some(command) = command {
        parts.read_command(command, src);
    }
    if let Some(statement) = statement {
        let mut cursor = statement.walk();
        for child in statement.children(&mut cursor) {
            parts.read_redirect(child, src);
        }
    }
    parts
}

impl<'t> Parts<'t> {
    fn read_command(&mut self, command: Node<'t>, src: &str) {
        // `$"…"` as an argument comes as a bare `$` followed by a string.
        let mut dollar_end: Option<usize> = None;
        for (field, child) in fields(command) {
            if let Some(end) = dollar_end.take()
                && !(field == Some("argument")
                    && child.kind() == "string"
                    && child.start_byte() == end)
            {
                self.argv.push(Word::literal("$"));
            }
            match (field, child.kind()) {
                (_, "variable_assignment") => self.assignments.push(assignment(child, src)),
                (Some("argument"), "$") => dollar_end = Some(child.end_byte()),
                (Some("name" | "argument"), _) => self.argv.push(word(child, src)),
                _ => self.read_redirect(child, src),
            }
        }
        if dollar_end.is_some() {
            self.argv.push(Word::literal("$"));
        }
    }

    /// Reads a redirection node; ignores anything else.
    fn read_redirect(&mut self, node: Node<'t>, src: &str) {
        match node.kind() {
            "file_redirect" => self.file_redirect(node, src),
            "herestring_redirect" => self.here_string(node, src),
            "heredoc_redirect" => self.heredoc(node, src),
            _ => {}
        }
    }

    fn file_redirect(&mut self, node: Node<'t>, src: &str) {
        let mut fd = None;
        let mut operator = "";
        let mut targets = Vec::new();
        for (field, child) in fields(node) {
            match field {
                Some("descriptor") => {
                    fd = slice(src, child.start_byte(), child.end_byte())
                        .parse()
                        .ok();
                }
                Some("destination") => targets.push(word(child, src)),
                _ if !child.is_named() => operator = child.kind(),
                _ => {}
            }
        }
        let mut targets = targets.into_iter();
        let target = match operator {
            "<&-" | ">&-" => Word::literal("-"),
            _ => targets.next().unwrap_or_default(),
        };
        // Words after the target are arguments of the command (`echo > f x`).
        self.argv.extend(targets);
        let op = redirect_op(operator, &target);
        self.redirects.push(Redirect { op, fd, target });
    }

    fn here_string(&mut self, node: Node<'t>, src: &str) {
        let mut words = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() != "file_descriptor" {
                words.push(word(child, src));
            }
        }
        let mut words = words.into_iter();
        if let Some(fed) = words.next() {
            self.stdin = Some(Stdin {
                text: format!("{}\n", fed.text),
                dynamic: fed.dynamic,
                body: None,
            });
        }
        self.argv.extend(words);
    }

    fn heredoc(&mut self, node: Node<'t>, src: &str) {
        for (field, child) in fields(node) {
            match field {
                Some("argument") => self.argv.push(word(child, src)),
                Some("redirect") => self.read_redirect(child, src),
                _ => {}
            }
        }
        let doc = heredoc::read(node, src);
        if !doc.well_formed {
            self.malformed.push(node.byte_range());
        }
        self.stdin = Some(Stdin {
            text: doc.text,
            dynamic: false,
            body: doc.body,
        });
    }
}

/// The children of `node` with their field names, in order.
pub(crate) fn fields<'t>(node: Node<'t>) -> impl Iterator<Item = (Option<&'static str>, Node<'t>)> {
    let mut cursor = node.walk();
    let mut started = false;
    std::iter::from_fn(move || {
        let moved = if started {
            cursor.goto_next_sibling()
        } else {
            started = true;
            cursor.goto_first_child()
        };
        moved.then(|| (cursor.field_name(), cursor.node()))
    })
}

/// `NAME=value` (or `NAME+=value`, `a[i]=value`): the name as written and the value.
pub(crate) fn assignment(node: Node<'_>, src: &str) -> (String, Word) {
    let name = node
        .child_by_field_name("name")
        .map(|n| slice(src, n.start_byte(), n.end_byte()).to_owned())
        .unwrap_or_default();
    let value = node
        .child_by_field_name("value")
        .map(|v| word(v, src))
        .unwrap_or_default();
    (name, value)
}

/// The kind of a redirection from its operator token and target.
fn redirect_op(operator: &str, target: &Word) -> RedirectOp {
    let descriptor = target.text == "-"
        || !target.text.is_empty() && target.text.bytes().all(|b| b.is_ascii_digit());
    match operator {
        ">>" => RedirectOp::Append,
        "<" => RedirectOp::Read,
        "&>" => RedirectOp::WriteAll,
        "&>>" => RedirectOp::AppendAll,
        "<&" | "<&-" | ">&-" => RedirectOp::Duplicate,
        ">&" if descriptor => RedirectOp::Duplicate,
        ">&" => RedirectOp::WriteAll,
        // `>`, `>|` and anything unexpected: assume the target is written.
        _ => RedirectOp::Write,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(src: &str, check: impl FnOnce(Parts<'_>)) {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("bash grammar loads");
        let tree = parser.parse(src, None).expect("parses");
        let statement = tree.root_node().named_child(0).expect("a statement");
        let parts = if statement.kind() == "command" {
            read(Some(statement), None, src)
        } else {
            read(statement.child_by_field_name("body"), Some(statement), src)
        };
        check(parts);
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn redirections_are_classified() {
        parts(
            "cmd > /etc/passwd 2>&1 &> log >> f < in >&- 2>/dev/null >& out",
            |p| {
                let got: Vec<(RedirectOp, Option<u32>, &str)> = p
                    .redirects
                    .iter()
                    .map(|r| (r.op, r.fd, r.target.text.as_str()))
                    .collect();
                assert_eq!(
                    got,
                    [
                        (RedirectOp::Write, None, "/etc/passwd"),
                        (RedirectOp::Duplicate, Some(2), "1"),
                        (RedirectOp::WriteAll, None, "log"),
                        (RedirectOp::Append, None, "f"),
                        (RedirectOp::Read, None, "in"),
                        (RedirectOp::Duplicate, None, "-"),
                        (RedirectOp::Write, Some(2), "/dev/null"),
                        (RedirectOp::WriteAll, None, "out"),
                    ]
                );
            },
        );
    }

    #[test]
    fn words_after_a_redirect_target_are_arguments() {
        parts("echo > f x y", |p| {
            assert_eq!(texts(&p.argv), ["echo", "x", "y"]);
            assert_eq!(p.redirects[0].target.text, "f");
        });
    }

    #[test]
    fn assignments_and_translated_strings() {
        parts(r#"FOO=1 BAR="x y" E= cmd $"a b" $"#, |p| {
            let got: Vec<(&str, &str)> = p
                .assignments
                .iter()
                .map(|(n, v)| (n.as_str(), v.text.as_str()))
                .collect();
            assert_eq!(got, [("FOO", "1"), ("BAR", "x y"), ("E", "")]);
            assert_eq!(texts(&p.argv), ["cmd", "a b", "$"]);
        });
    }

    #[test]
    fn here_string_and_heredoc_feed_stdin() {
        parts("cat <<< 'a b'", |p| {
            let stdin = p.stdin.expect("stdin");
            assert_eq!(stdin.text, "a b\n");
            assert_eq!(stdin.label("bash"), "bash <<<");
        });
        parts("cat <<EOF > out x\nbody $(id)\nEOF\n", |p| {
            assert_eq!(texts(&p.argv), ["cat", "x"]);
            assert_eq!(p.redirects[0].target.text, "out");
            let stdin = p.stdin.expect("stdin");
            assert_eq!(stdin.text, "body $(id)\n");
            assert!(stdin.body.is_some());
            assert!(p.malformed.is_empty());
        });
    }
}
