//! Secrets in a shell command line, found as the shell reads it.
//!
//! A rule written for configuration files anchors on a line's start or end (`env-password`:
//! `^DB_PASSWORD=value$`), and a rule reads the text as written. In a command line the
//! same assignment can sit behind another command (`true; export DB_PASSWORD=…`, `(…)`,
//! `if …; then …; fi`), inside a shell string (`bash -c '…'`), be split by quotes the
//! shell removes (`DB_PASSWORD=hun''ter`), or sit in a comment after a command. So
//! [`command_line_matches`] scans the line as written, then each simple command
//! hookkit-shell finds in it, as written and spelt again after quote removal, and each
//! comment, each as a line of its own.

use super::SecretMatch;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// Every secret `find` reports in `line` (a shell command line) or in its parts scanned
/// as lines of their own (see the module docs), as ranges of `line`.
///
/// The parts are scanned as one text, one part after another, each ending in a newline:
/// one call of `find` for all of them, however many commands the line holds. A secret
/// found there is placed at each place its text occurs within its part's source range
/// (for a command, its [`hookkit_shell::SimpleCommand::span`], which for a command inside
/// a shell string is the outermost command holding it; a secret spanning parts, within
/// the range from the first part's start to the last one's end). When quote removal
/// changed it so that it occurs nowhere verbatim, the match covers that whole range (the
/// whole line when the range is not one of `line`: a line holding NUL bytes is analysed
/// without them), so masking it leaves nothing of the secret. A match overlapping one
/// found before is dropped. Sorted by start, then end.
///
/// # Errors
/// The first error of `find`.
pub fn command_line_matches<E>(
    line: &str,
    mut find: impl FnMut(&str) -> Result<Vec<SecretMatch>, E>,
) -> Result<Vec<SecretMatch>, E> {
    let mut found = find(line)?;
    let parts = Parts::of(line);
    if parts.sources.is_empty() {
        return Ok(found);
    }
    let mut taken = Taken::of(&found);
    for m in find(&parts.text)? {
        let Some(secret) = parts.text.get(m.start..m.end).filter(|s| !s.is_empty()) else {
            continue;
        };
        let range = parts.source(m.start..m.end);
        let (base, source) = match line.get(range.clone()) {
            Some(source) => (range.start, source),
            None => (0, line),
        };
        let mut places: Vec<Range<usize>> = source
            .match_indices(secret)
            .map(|(i, s)| base + i..base + i + s.len())
            .collect();
        if places.is_empty() {
            places.push(base..base + source.len());
        }
        for place in places {
            if taken.overlaps(&place) {
                continue;
            }
            taken.insert(place.clone());
            found.push(SecretMatch {
                start: place.start,
                end: place.end,
                match_start: place.start,
                match_end: place.end,
                ..m.clone()
            });
        }
    }
    found.sort_by_key(|m| (m.start, m.end));
    Ok(found)
}

/// The parts of a line scanned as lines of their own, joined.
struct Parts {
    /// Every part, each followed by a newline.
    text: String,
    /// For each part in order: where it starts in `text`, and the range of the line it
    /// comes from.
    sources: Vec<(usize, Range<usize>)>,
}

impl Parts {
    /// The parts of `line`: each simple command as written (its source span) and spelt
    /// again (its assignments as `NAME=value`, then its words after quote removal, trimmed
    /// of Unicode white space, which bash does not split at: `\u{a0}export X=…` is one
    /// word to it; separated by single spaces), and each comment (`cmd # DB_PASSWORD=…` is
    /// typed into the line, though not run). A part that equals the whole line trimmed of
    /// spaces, tabs and newlines, or one listed already, is left out: a scan saw it.
    fn of(line: &str) -> Parts {
        let analysis = hookkit_shell::analyze(line);
        let whole = line.trim_matches([' ', '\t', '\n']);
        let mut parts = Parts {
            text: String::new(),
            sources: Vec::new(),
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |range: Range<usize>, part: String| {
            if !part.is_empty() && part != whole && seen.insert(part.clone()) {
                parts.sources.push((parts.text.len(), range));
                parts.text.push_str(&part);
                parts.text.push('\n');
            }
        };
        for c in &analysis.commands {
            if let Some(source) = line.get(c.span.clone()) {
                add(c.span.clone(), source.to_owned());
            }
            let mut text = String::new();
            for (name, value) in &c.assignments {
                push_word(&mut text, name);
                text.push('=');
                text.push_str(&value.text);
            }
            for w in &c.argv {
                push_word(&mut text, w.text.trim());
            }
            add(c.span.clone(), text);
        }
        for range in &analysis.comments {
            if let Some(comment) = line.get(range.clone()) {
                add(range.clone(), comment.to_owned());
            }
        }
        parts
    }

    /// The range of the line the parts holding `span` (of [`Parts::text`]) come from.
    fn source(&self, span: Range<usize>) -> Range<usize> {
        let part = |at: usize| {
            self.sources
                .partition_point(|(start, _)| *start <= at)
                .max(1)
                - 1
        };
        let first = part(span.start);
        let last = part(span.end.saturating_sub(1).max(span.start));
        let ranges = self.sources[first..=last.max(first)].iter().map(|(_, r)| r);
        let start = ranges.clone().map(|r| r.start).min().unwrap_or(0);
        let end = ranges.map(|r| r.end).max().unwrap_or(0);
        start..end
    }
}

/// The ranges of a line taken by matches, as disjoint ranges (start to end).
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    /// The union of the secret ranges of `found`.
    fn of(found: &[SecretMatch]) -> Taken {
        let mut taken = Taken(BTreeMap::new());
        let mut ranges: Vec<Range<usize>> = found.iter().map(|m| m.start..m.end).collect();
        ranges.sort_by_key(|r| r.start);
        let mut current: Option<Range<usize>> = None;
        for r in ranges {
            current = match current {
                Some(c) if r.start < c.end => Some(c.start..c.end.max(r.end)),
                Some(c) => {
                    taken.0.insert(c.start, c.end);
                    Some(r)
                }
                None => Some(r),
            };
        }
        if let Some(c) = current {
            taken.0.insert(c.start, c.end);
        }
        taken
    }

    /// True when `r` shares a byte with a taken range.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        self.0
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start)
    }

    /// Takes `r`, which overlaps no taken range.
    fn insert(&mut self, r: Range<usize>) {
        self.0.insert(r.start, r.end);
    }
}

/// Appends `word` to `text`, after a space unless `text` is empty.
fn push_word(text: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::WindowedScanner;

    const PASSWORD: &str = "hunterxyzq";
    const DJANGO_KEY: &str = "FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vWxYz";

    fn found(line: &str) -> Vec<(String, String)> {
        let scanner = WindowedScanner::shared().scanner();
        command_line_matches(line, |t| scanner.scan(t, None))
            .unwrap()
            .into_iter()
            .map(|m| (m.rule_id, line[m.start..m.end].to_owned()))
            .collect()
    }

    #[test]
    fn an_assignment_behind_another_command_or_in_a_shell_string_is_found() {
        for line in [
            format!("true; export DB_PASSWORD={PASSWORD}"),
            format!("true && export DB_PASSWORD={PASSWORD}"),
            format!("(export DB_PASSWORD={PASSWORD}; make)"),
            format!("if true; then DB_PASSWORD={PASSWORD}; fi"),
            format!("bash -c 'export DB_PASSWORD={PASSWORD}'"),
            format!("\u{a0}export DB_PASSWORD={PASSWORD}"),
            format!("make; # DB_PASSWORD={PASSWORD}"),
            format!("true; export DJANGO_SECRET_KEY='{DJANGO_KEY}'"),
            format!("cd /srv && sudo -E env DB_PASSWORD={PASSWORD} ./migrate"),
        ] {
            let all = found(&line);
            assert!(
                all.iter().any(|(_, s)| s == PASSWORD || s == DJANGO_KEY),
                "{line:?} gave {all:?}"
            );
        }
    }

    #[test]
    fn a_secret_split_by_quotes_is_covered_by_its_command_span() {
        let line = format!("cd /srv; export DB_PASSWORD=hun''{}", &PASSWORD[3..]);
        let all = found(&line);
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(
            all[0].1,
            format!("export DB_PASSWORD=hun''{}", &PASSWORD[3..])
        );
    }

    #[test]
    fn every_place_of_a_secret_in_its_command_is_reported_once() {
        let line = format!("true; DB_PASSWORD={PASSWORD} run --tag {PASSWORD}");
        let places: Vec<String> = found(&line).into_iter().map(|(_, s)| s).collect();
        assert_eq!(places, vec![PASSWORD.to_owned(), PASSWORD.to_owned()]);
    }

    #[test]
    fn a_line_that_is_one_plain_command_is_scanned_once() {
        assert!(
            Parts::of(&format!("  export DB_PASSWORD={PASSWORD}\n"))
                .sources
                .is_empty()
        );
        assert!(found("true; export DB_PASSWORD=$DB_PASSWORD; make").is_empty());
        assert!(found("ls -la && git status").is_empty());
    }
}
