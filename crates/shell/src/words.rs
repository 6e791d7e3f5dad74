//! Quote removal on text: the pieces of a word as the parser delimits them become the text
//! the command receives (joined by `walk::word_of`).
//!
//! Handles single quotes, double quotes with their backslash rules, `$'…'` ANSI-C quoting,
//! `$"…"` and backslash escapes in unquoted text. Parameter expansions, command
//! substitutions, arithmetic and process substitutions are kept in their source spelling
//! and make the word dynamic; tilde, globs and brace expansion are kept as written and do
//! not.

use crate::types::Word;

/// The text of `src` between two byte offsets, or `""` if they are not a valid range.
pub(crate) fn slice(src: &str, start: usize, end: usize) -> &str {
    src.get(start..end).unwrap_or("")
}

/// Unquoted text: `\x` → `x`, backslash-newline → nothing.
pub(crate) fn push_unquoted(out: &mut String, text: &str) {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {}
            Some(next) => out.push(next),
            None => out.push('\\'),
        }
    }
}

/// Text inside double quotes: a backslash escapes only `$`, `` ` ``, `"`, `\` and newline.
pub(crate) fn push_double_quoted(out: &mut String, text: &str) {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {}
            Some(next @ ('$' | '`' | '"' | '\\')) => out.push(next),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
}

/// The body of `$'…'` decoded as bash does: `\n`, `\t`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`,
/// octal `\nnn`, `\cX`… A NUL ends the string, as in bash. Bytes that do not form UTF-8
/// become U+FFFD.
pub(crate) fn push_ansi_c(out: &mut String, body: &str) {
    let mut bytes: Vec<u8> = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            push_char(&mut bytes, c);
            continue;
        }
        let Some(escape) = chars.next() else {
            bytes.push(b'\\');
            break;
        };
        let byte = match escape {
            'a' => 0x07,
            'b' => 0x08,
            'e' | 'E' => 0x1b,
            'f' => 0x0c,
            'n' => b'\n',
            'r' => b'\r',
            't' => b'\t',
            'v' => 0x0b,
            '\\' | '\'' | '"' | '?' => escape as u8,
            '0'..='7' => {
                let value = digits(escape.to_digit(8), &mut chars, 8, 2);
                (value & 0xff) as u8
            }
            'x' | 'u' | 'U' => {
                let max = match escape {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                if chars.peek().is_none_or(|c| !c.is_ascii_hexdigit()) {
                    bytes.push(b'\\');
                    push_char(&mut bytes, escape);
                    continue;
                }
                let value = digits(None, &mut chars, 16, max);
                if escape == 'x' {
                    (value & 0xff) as u8
                } else {
                    push_char(&mut bytes, char::from_u32(value).unwrap_or('\u{fffd}'));
                    continue;
                }
            }
            'c' => match chars.next() {
                Some(control) => (control as u32 & 0x1f) as u8,
                None => {
                    bytes.extend_from_slice(b"\\c");
                    break;
                }
            },
            other => {
                bytes.push(b'\\');
                push_char(&mut bytes, other);
                continue;
            }
        };
        if byte == 0 {
            break;
        }
        bytes.push(byte);
    }
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// Reads up to `max` more digits of `radix` after an optional first one.
fn digits(
    first: Option<u32>,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    radix: u32,
    max: usize,
) -> u32 {
    let mut value = first.unwrap_or(0);
    for _ in 0..max {
        match chars.peek().and_then(|c| c.to_digit(radix)) {
            Some(digit) => {
                value = value.saturating_mul(radix).saturating_add(digit);
                chars.next();
            }
            None => break,
        }
    }
    value
}

fn push_char(bytes: &mut Vec<u8>, c: char) {
    let mut buffer = [0; 4];
    bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
}

/// Splits text into words the way a shell would without running anything: blanks
/// separate, `'…'` is literal, `"…"` follows the double-quote backslash rules, an unquoted
/// backslash escapes the next character. A word holding `$` or `` ` `` is dynamic. Used for
/// `env -S STRING` and heredoc delimiters.
pub(crate) fn split_fields(text: &str) -> Vec<Word> {
    let mut fields = Vec::new();
    let mut current: Option<Word> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            fields.extend(current.take());
            continue;
        }
        let field = current.get_or_insert_with(Word::default);
        match c {
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    field.text.push(c);
                }
            }
            '"' => loop {
                match chars.next() {
                    None | Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some('\n') => {}
                        Some(next @ ('$' | '`' | '"' | '\\')) => field.text.push(next),
                        Some(next) => {
                            field.text.push('\\');
                            field.text.push(next);
                        }
                        None => field.text.push('\\'),
                    },
                    Some(other) => {
                        field.dynamic |= other == '$' || other == '`';
                        field.text.push(other);
                    }
                }
            },
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(next) => field.text.push(next),
                None => field.text.push('\\'),
            },
            other => {
                field.dynamic |= other == '$' || other == '`';
                field.text.push(other);
            }
        }
    }
    fields.extend(current);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the first simple command in `line`.
    fn argv(line: &str) -> Vec<Word> {
        let parsed = crate::parser::parse(
            line,
            crate::parser::MAX_NESTING,
            crate::parser::Dialect::Bash,
        );
        let mut nodes: Vec<&crate::syntax::Node> = parsed.body.iter().collect();
        while let Some(node) = nodes.pop() {
            match node {
                crate::syntax::Node::Simple(simple) => {
                    return simple
                        .words
                        .iter()
                        .map(|w| crate::walk::word_of(w, line))
                        .collect();
                }
                crate::syntax::Node::Pipeline(elements) => nodes.extend(elements.iter().rev()),
                crate::syntax::Node::Compound(_) => {}
            }
        }
        Vec::new()
    }

    fn texts(line: &str) -> Vec<String> {
        argv(line).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn quotes_are_removed_and_concatenated() {
        assert_eq!(texts(r#"r""m 'r'm r\m "r"m"#), ["rm", "rm", "rm", "rm"]);
        assert_eq!(
            texts(r#"echo 'a b' "c d" e\ f"#),
            ["echo", "a b", "c d", "e f"]
        );
    }

    #[test]
    fn double_quote_backslash_rules() {
        assert_eq!(
            texts(r#"echo "a\$b \"q\" \\ \n""#),
            ["echo", r#"a$b "q" \ \n"#]
        );
        let words = argv(r#"echo "\$(rm x)""#);
        assert_eq!(words[1].text, "$(rm x)");
        assert!(!words[1].dynamic, "an escaped $ is literal");
    }

    #[test]
    fn ansi_c_quoting_is_decoded() {
        assert_eq!(texts(r"$'\x72m'"), ["rm"]);
        assert_eq!(
            texts(r"echo $'a\nb\tc' $'\u00e9\101' $'it\'s' $'\e'"),
            ["echo", "a\nb\tc", "éA", "it's", "\u{1b}"]
        );
        assert_eq!(
            texts(r"echo $'ab\0cd'x"),
            ["echo", "abx"],
            "NUL ends the string"
        );
        assert_eq!(texts(r"echo $'\cA\q'"), ["echo", "\u{1}\\q"]);
    }

    #[test]
    fn translated_string_is_a_double_quoted_string() {
        assert_eq!(texts(r#"$"rm" x"#), ["rm", "x"]);
    }

    #[test]
    fn expansions_stay_as_written_and_are_dynamic() {
        let words = argv(r#"echo $HOME "${X}/y" $(id) `id` $((1+2)) ~/x *.rs {a,b}"#);
        let dynamic: Vec<(&str, bool)> =
            words.iter().map(|w| (w.text.as_str(), w.dynamic)).collect();
        assert_eq!(
            dynamic,
            [
                ("echo", false),
                ("$HOME", true),
                ("${X}/y", true),
                ("$(id)", true),
                ("`id`", true),
                ("$((1+2))", true),
                ("~/x", false),
                ("*.rs", false),
                ("{a,b}", false),
            ]
        );
    }

    #[test]
    fn split_fields_follows_shell_quoting() {
        let fields = split_fields(r#"rm  -rf 'a b' "c\"d" e\ f $X"#);
        let texts: Vec<&str> = fields.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["rm", "-rf", "a b", "c\"d", "e f", "$X"]);
        assert!(fields[5].dynamic);
        assert!(!fields[0].dynamic);
        assert!(split_fields("  ").is_empty());
        assert_eq!(split_fields("'EOF'")[0].text, "EOF");
        assert_eq!(split_fields(r#"E"O"F"#)[0].text, "EOF");
    }
}
