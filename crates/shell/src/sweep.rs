//! [`sweep`]: the commands a line may run, read without its syntax, for the lines the
//! analysis could not follow to the end.
//!
//! When a line nests deeper than the analyzer follows, or is not valid shell, what it runs
//! is unknown, and a guard asks a person. But some commands must be refused however they
//! are wrapped (`rm -rf ~` inside nine `eval`s or seventy `$(`). The sweep finds them: it
//! deletes every quote and backslash, cuts the text at every operator, substitution and
//! grouping character, and offers each run of words that starts with a name the caller
//! cares about as a command. It over-approximates on purpose (`echo rm -rf ~` offers
//! `rm -rf ~`), so a guard uses it only to refuse, never to allow.

use crate::types::{SimpleCommand, Word};

/// Most candidate commands a sweep offers.
pub const MAX_CANDIDATES: usize = 2000;
/// Most words in one candidate.
const MAX_WORDS: usize = 64;

/// The runs of words in `line` that start with a word whose base name satisfies
/// `interesting`, each as a [`SimpleCommand`] (wrappers `["sweep"]`, span the whole line),
/// at most [`MAX_CANDIDATES`]. Linear in `line.len()`.
pub fn sweep(line: &str, interesting: impl Fn(&str) -> bool) -> Vec<SimpleCommand> {
    // The line without quotes and backslashes: each word is a range of it.
    let mut clean = String::with_capacity(line.len());
    let mut segment: Vec<(usize, usize)> = Vec::new();
    let mut word_start = 0;
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let c = chars.next();
        let (ends_word, ends_segment) = match c {
            None => (true, true),
            Some('\'' | '"' | '\\') => continue,
            Some('$') if chars.peek() == Some(&'(') => {
                chars.next();
                (true, true)
            }
            Some('`' | ';' | '&' | '|' | '(' | ')' | '<' | '>' | '\n' | '{' | '}') => (true, true),
            Some(c) if c.is_whitespace() => (true, false),
            Some(c) => {
                clean.push(c);
                (false, false)
            }
        };
        if ends_word {
            if clean.len() > word_start {
                segment.push((word_start, clean.len()));
            }
            word_start = clean.len();
        }
        if ends_segment {
            offer(&clean, &segment, line.len(), &interesting, &mut out);
            segment.clear();
            if c.is_none() || out.len() >= MAX_CANDIDATES {
                break;
            }
        }
    }
    out
}

/// Every run of `segment` (word ranges of `clean`) that starts with an interesting name.
fn offer(
    clean: &str,
    segment: &[(usize, usize)],
    len: usize,
    interesting: &impl Fn(&str) -> bool,
    out: &mut Vec<SimpleCommand>,
) {
    let text = |(start, end): (usize, usize)| clean.get(start..end).unwrap_or_default();
    for (i, first) in segment.iter().enumerate() {
        let word = text(*first);
        if !interesting(word.rsplit('/').next().unwrap_or(word)) {
            continue;
        }
        let end = segment.len().min(i + MAX_WORDS);
        let argv = segment
            .get(i..end)
            .unwrap_or_default()
            .iter()
            .map(|range| {
                let text = text(*range);
                Word {
                    text: text.to_owned(),
                    dynamic: text.contains('$'),
                }
            })
            .collect();
        out.push(SimpleCommand {
            argv,
            assignments: Vec::new(),
            redirects: Vec::new(),
            stdin_text: None,
            wrappers: vec!["sweep".to_owned()],
            span: 0..len,
            opaque: None,
        });
        if out.len() >= MAX_CANDIDATES {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(line: &str) -> Vec<String> {
        sweep(line, |name| name == "rm")
            .iter()
            .map(|c| {
                c.argv
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn quoting_and_nesting_are_read_through() {
        assert_eq!(runs(&("eval ".repeat(20) + "rm -rf ~")), ["rm -rf ~"]);
        let mut nested = "rm -rf ~".to_owned();
        for _ in 0..12 {
            nested = format!(
                "bash -c \"{}\"",
                nested.replace('\\', "\\\\").replace('"', "\\\"")
            );
        }
        assert_eq!(runs(&nested), ["rm -rf ~"]);
        let subs = format!("echo {}rm -rf ~{}", "$(".repeat(100), ")".repeat(100));
        assert_eq!(runs(&subs), ["rm -rf ~"]);
        assert_eq!(
            runs("a; /bin/rm -f x | rm y && `rm z`"),
            ["/bin/rm -f x", "rm y", "rm z"]
        );
    }

    #[test]
    fn candidates_are_capped() {
        let line = "rm x;".repeat(10 * MAX_CANDIDATES);
        assert_eq!(sweep(&line, |n| n == "rm").len(), MAX_CANDIDATES);
        assert!(sweep("ls -la", |n| n == "rm").is_empty());
    }
}
