//! Heredocs: the text a `<<`/`<<-` redirection feeds, and a check that tree-sitter-bash
//! ended it where bash would.
//!
//! tree-sitter-bash's scanner ends a heredoc at the first line that *starts* with its
//! delimiter after any blanks, and takes the delimiter as written (`E"O"F` stays
//! `E"O"F`). Bash ends it only at a line that is exactly the delimiter after quote removal
//! (leading tabs allowed with `<<-`). When the two disagree, lines that bash runs could be
//! hidden inside a heredoc body, so the heredoc is reported as a parse error.

use tree_sitter::Node;

use crate::words::{slice, split_fields};

/// A heredoc's body and how it was read.
pub(crate) struct Heredoc<'t> {
    /// The body: lines ending in `\n`, leading tabs removed for `<<-`.
    pub text: String,
    /// The body node, whose substitutions the outer shell expands (unquoted delimiter).
    pub body: Option<Node<'t>>,
    /// False when bash could end this heredoc elsewhere than tree-sitter did.
    pub well_formed: bool,
}

/// Reads a `heredoc_redirect` node.
pub(crate) fn read<'t>(redirect: Node<'t>, src: &str) -> Heredoc<'t> {
    let mut strip_tabs = false;
    let mut start = None;
    let mut body = None;
    let mut end = None;
    let mut cursor = redirect.walk();
    for child in redirect.children(&mut cursor) {
        match child.kind() {
            "<<-" => strip_tabs = true,
            "heredoc_start" => start = Some(child),
            "heredoc_body" => body = Some(child),
            "heredoc_end" => end = Some(child),
            _ => {}
        }
    }
    let delimiter = start
        .map(|node| slice(src, node.start_byte(), node.end_byte()))
        .and_then(|text| split_fields(text).into_iter().next())
        .map(|word| word.text)
        .unwrap_or_default();
    let end = end.filter(|node| !node.is_missing());
    let well_formed = end.is_some_and(|node| {
        let line_start = slice(src, 0, node.start_byte())
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent = slice(src, line_start, node.start_byte());
        let rest = slice(src, node.end_byte(), src.len());
        slice(src, node.start_byte(), node.end_byte()) == delimiter
            && (indent.is_empty() || strip_tabs && indent.bytes().all(|b| b == b'\t'))
            && (rest.is_empty() || rest.starts_with('\n'))
    });
    let text = body.map_or_else(String::new, |node| {
        let from = line_start_before(src, node.start_byte());
        let raw = match end {
            // The body node may end with the end line's indentation: cut after the last
            // newline.
            Some(end) => {
                let raw = slice(src, from, end.start_byte());
                raw.rfind('\n').map_or("", |i| slice(raw, 0, i + 1))
            }
            None => slice(src, from, node.end_byte()),
        };
        if strip_tabs {
            raw.split_inclusive('\n')
                .map(|line| line.trim_start_matches('\t'))
                .collect()
        } else {
            raw.to_owned()
        }
    });
    Heredoc {
        text,
        body,
        well_formed,
    }
}

/// tree-sitter starts a body node after the first line's leading blanks: step back over
/// them to the start of the line.
fn line_start_before(src: &str, pos: usize) -> usize {
    let before = slice(src, 0, pos);
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.ends_with('\n') {
        trimmed.len()
    } else {
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heredoc(src: &str) -> (String, bool) {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("bash grammar loads");
        let tree = parser.parse(src, None).expect("parses");
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind() == "heredoc_redirect" {
                let doc = read(node, src);
                return (doc.text, doc.well_formed);
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        panic!("no heredoc in {src:?}");
    }

    #[test]
    fn body_keeps_indentation_and_newlines() {
        assert_eq!(
            heredoc("cat <<EOF\n  a\n b\nEOF\n"),
            ("  a\n b\n".to_owned(), true)
        );
        assert_eq!(heredoc("cat <<'EOF'\nEOF"), (String::new(), true));
    }

    #[test]
    fn dash_form_strips_leading_tabs() {
        assert_eq!(
            heredoc("cat <<-EOF\n\ta\n\t\tb\n\tEOF\n"),
            ("a\nb\n".to_owned(), true)
        );
    }

    #[test]
    fn quoted_delimiters_are_compared_after_quote_removal() {
        assert!(heredoc("cat <<'EOF'\nx\nEOF\n").1);
        assert!(heredoc("cat <<\\EOF\nx\nEOF\n").1);
        // tree-sitter looks for the literal `E"O"F` line; bash ends at `EOF`.
        assert!(!heredoc("cat <<E\"O\"F\nx\nEOF\nrm -rf /\nE\"O\"F\n").1);
        assert!(!heredoc("cat <<E\"O\"F\nx\nEOF\nrm -rf /\n").1);
    }

    #[test]
    fn end_line_must_be_exactly_the_delimiter() {
        // bash does not end `<<` at an indented delimiter, nor at `EOFX`.
        assert!(!heredoc("cat <<EOF\n\tEOF\nrm x\nEOF\n").1);
        assert!(!heredoc("cat <<EOF\nEOFX\nEOF\n").1);
        assert!(heredoc("cat <<-EOF\n\tEOF\n").1);
    }
}
