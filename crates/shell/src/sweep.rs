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
    let mut out = Vec::new();
    let mut segment: Vec<Word> = Vec::new();
    let mut word = Word::default();
    let mut chars = line.chars().peekable();
    let flush_word = |word: &mut Word, segment: &mut Vec<Word>| {
        if !word.text.is_empty() {
            segment.push(std::mem::take(word));
        }
    };
    loop {
        let c = chars.next();
        let ends_segment = match c {
            None => true,
            Some('\'' | '"' | '\\') => continue,
            Some('$') if chars.peek() == Some(&'(') => {
                chars.next();
                true
            }
            Some('`' | ';' | '&' | '|' | '(' | ')' | '<' | '>' | '\n' | '{' | '}') => true,
            Some(c) if c.is_whitespace() => {
                flush_word(&mut word, &mut segment);
                false
            }
            Some(c) => {
                word.dynamic |= c == '$';
                word.text.push(c);
                false
            }
        };
        if !ends_segment {
            continue;
        }
        flush_word(&mut word, &mut segment);
        offer(&segment, line.len(), &interesting, &mut out);
        segment.clear();
        if c.is_none() || out.len() >= MAX_CANDIDATES {
            break;
        }
    }
    out.truncate(MAX_CANDIDATES);
    out
}

/// Every run of `segment` that starts with an interesting name.
fn offer(
    segment: &[Word],
    len: usize,
    interesting: &impl Fn(&str) -> bool,
    out: &mut Vec<SimpleCommand>,
) {
    for (i, first) in segment.iter().enumerate() {
        let name = first.text.rsplit('/').next().unwrap_or(&first.text);
        if !interesting(name) {
            continue;
        }
        let end = segment.len().min(i + MAX_WORDS);
        out.push(SimpleCommand {
            argv: segment.get(i..end).unwrap_or_default().to_vec(),
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
