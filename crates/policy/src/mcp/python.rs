//! The tokens of a Python program, as far as finding the AWS calls of a `run_script`
//! program needs them (Python Language Reference, §2 "Lexical analysis"): names, string
//! literals with their value when it is plain, numbers and operators. Indentation,
//! comments and line joining carry nothing here and are dropped.
//!
//! What the tokenizer cannot read the same way Python does is refused, never guessed: a
//! character outside ASCII in the code (Python reads identifiers in their NFKC form, so
//! `ｃall_boto3` is `call_boto3`), or a string left open.

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A name or keyword (ASCII).
    Name(&'a str),
    /// A string literal: its value when it is a plain (or raw) `str` literal without
    /// escapes; `None` for a bytes literal, or one with escapes left undecoded.
    Str(Option<&'a str>),
    /// A formatted string literal (`f"…"`, `t"…"`): its text between the quotes, whose
    /// replacement fields are code.
    Formatted(&'a str),
    /// A number literal, as written.
    Number(&'a str),
    /// An operator or delimiter: `(`, `**`, `==`, `:=`, `.`…
    Op(&'a str),
}

/// Why a program's tokens cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unreadable(pub &'static str);

/// Two-character operators (§2.5 "Operators", §2.6 "Delimiters"); three-character ones
/// (`**=`, `//=`, `>>=`, `<<=`, `...`) come out as a two-character one and a third.
const PAIRS: [&str; 20] = [
    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", ":=", "->", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=", "~=",
];

/// The string prefixes (§2.4.1, and PEP 750's template strings), lower-cased.
const PREFIXES: [&str; 12] = [
    "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt", "ur",
];

/// The tokens of `src`.
///
/// # Errors
/// [`Unreadable`] for a character outside ASCII outside strings and comments, or a string
/// literal that does not end.
pub(crate) fn tokens(src: &str) -> Result<Vec<Tok<'_>>, Unreadable> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\\' => i += 1,
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'\'' | b'"' => {
                let (tok, end) = string(src, i, "")?;
                out.push(tok);
                i = end;
            }
            b'0'..=b'9' => {
                let start = i;
                while let Some(&c) = bytes.get(i) {
                    let exponent_sign = matches!(c, b'+' | b'-')
                        && matches!(bytes.get(i - 1), Some(b'e' | b'E'))
                        && !src.get(start..i).is_some_and(|n| n.starts_with("0x"));
                    if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push(Tok::Number(&src[start..i]));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    i += 1;
                }
                let name = &src[start..i];
                let lower = name.to_ascii_lowercase();
                if matches!(bytes.get(i), Some(b'\'' | b'"')) && PREFIXES.contains(&lower.as_str())
                {
                    let (tok, end) = string(src, i, &lower)?;
                    out.push(tok);
                    i = end;
                } else {
                    out.push(Tok::Name(name));
                }
            }
            c if c.is_ascii() => {
                let len = if src.get(i..i + 2).is_some_and(|p| PAIRS.contains(&p)) {
                    2
                } else {
                    1
                };
                out.push(Tok::Op(&src[i..i + len]));
                i += len;
            }
            _ => {
                return Err(Unreadable(
                    "a character outside ASCII in the code (Python reads names in their NFKC form)",
                ));
            }
        }
    }
    Ok(out)
}

/// The string literal whose opening quote is at `start`, with the lower-cased `prefix`
/// before it: the token and the index after its closing quote.
fn string<'a>(src: &'a str, start: usize, prefix: &str) -> Result<(Tok<'a>, usize), Unreadable> {
    let bytes = src.as_bytes();
    let quote = bytes.get(start).copied().unwrap_or(b'"');
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let open = if triple { 3 } else { 1 };
    let body_start = start + open;
    let mut i = body_start;
    let mut escaped = false;
    loop {
        let Some(&c) = bytes.get(i) else {
            return Err(Unreadable("a string literal that does not end"));
        };
        match c {
            b'\\' => {
                escaped = true;
                i += 2;
                continue;
            }
            b'\n' if !triple => return Err(Unreadable("a string literal that does not end")),
            c if c == quote
                && (!triple
                    || (bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote))) =>
            {
                break;
            }
            _ => i += 1,
        }
    }
    let body = src.get(body_start..i).unwrap_or_default();
    let end = i + open;
    let tok = if prefix.contains(['f', 't']) {
        Tok::Formatted(body)
    } else if prefix.contains('b') || (escaped && !prefix.contains('r')) {
        Tok::Str(None)
    } else {
        Tok::Str(Some(body))
    };
    Ok((tok, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_strings_numbers_and_operators() {
        let got = tokens("x = call_boto3(service_name='s3', n=1e-3) # c\n**kw").unwrap();
        assert_eq!(
            got,
            [
                Tok::Name("x"),
                Tok::Op("="),
                Tok::Name("call_boto3"),
                Tok::Op("("),
                Tok::Name("service_name"),
                Tok::Op("="),
                Tok::Str(Some("s3")),
                Tok::Op(","),
                Tok::Name("n"),
                Tok::Op("="),
                Tok::Number("1e-3"),
                Tok::Op(")"),
                Tok::Op("**"),
                Tok::Name("kw"),
            ]
        );
    }

    #[test]
    fn string_forms() {
        fn one(src: &str) -> Tok<'_> {
            tokens(src).unwrap().remove(0)
        }
        assert_eq!(one("'''a'b\n'''"), Tok::Str(Some("a'b\n")));
        assert_eq!(one(r#"r"a\"b""#), Tok::Str(Some(r#"a\"b"#)));
        assert_eq!(one(r"'s\x33'"), Tok::Str(None));
        assert_eq!(one("b'x'"), Tok::Str(None));
        assert_eq!(one("F'{x}'"), Tok::Formatted("{x}"));
        assert_eq!(one("rb\"x\""), Tok::Str(None));
        assert_eq!(
            tokens("'open").unwrap_err().0,
            "a string literal that does not end"
        );
        assert!(tokens("'a\nb'").is_err());
    }

    #[test]
    fn code_outside_ascii_is_refused_but_strings_and_comments_may_hold_it() {
        assert!(tokens("\u{ff43}all_boto3()").is_err());
        assert_eq!(tokens("'é' # ü").unwrap(), [Tok::Str(Some("é"))]);
    }
}
