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
use super::disjoint::Disjoint;
use std::collections::HashSet;
use std::ops::Range;

/// Every secret `find` reports in `line` (a shell command line) or in its parts scanned
/// as lines of their own (see the module docs), as ranges of `line`.
///
/// The parts are scanned as one text, one part after another, each ending in a newline:
/// one call of `find` for all of them, however many commands the line holds. A secret
/// found in a part is placed where it is, when the part is spelt as written, and at each
/// other place its text occurs within the part's source range: the command's
/// [`hookkit_shell::SimpleCommand::span`], which for a command inside a shell string is
/// the outermost command holding it (for a secret spanning parts, the range from the
/// first part's start to the last one's end). When it has no place so (quote removal
/// changed it, or the range is longer than [`SEARCH_REACH`] and was not searched), the
/// match covers that whole range (the whole line when the range is not one of `line`: a
/// line holding NUL bytes is analysed without them), so masking it leaves nothing of the
/// secret and no match costs a pass over a long line. A match overlapping one found
/// before is dropped. Sorted by start, then end.
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
    let mut taken = Disjoint::union(found.iter().map(|m| m.start..m.end));
    for m in find(&parts.text)? {
        let Some(secret) = parts.text.get(m.start..m.end).filter(|s| !s.is_empty()) else {
            continue;
        };
        let place = parts.place(m.start..m.end);
        let mut places: Vec<Range<usize>> = place.exact.into_iter().collect();
        if let Some(source) = line
            .get(place.within.clone())
            .filter(|source| source.len() <= SEARCH_REACH)
        {
            let at = place.within.start;
            places.extend(
                source
                    .match_indices(secret)
                    .map(|(i, s)| at + i..at + i + s.len()),
            );
        }
        if places.is_empty() {
            places.push(place.within);
        }
        for place in places {
            if !taken.insert(place.clone()) {
                continue;
            }
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

/// The longest source range searched for a secret found in a part spelt again, in bytes:
/// a command inside a shell string has the span of the whole string's command, and
/// searching that once per match would make a long `bash -c '…'` cost its length times
/// its matches.
pub const SEARCH_REACH: usize = 64 * 1024;

/// The parts of a line scanned as lines of their own, joined.
struct Parts {
    /// Every part, each followed by a newline.
    text: String,
    /// Where each part comes from, in order.
    sources: Vec<Source>,
    /// The line's length, in bytes.
    line_len: usize,
}

/// Where one part of [`Parts::text`] comes from.
struct Source {
    /// Where the part starts in [`Parts::text`].
    at: usize,
    /// The range of the line it comes from.
    range: Range<usize>,
    /// True when the part is that range of the line as written.
    verbatim: bool,
}

/// Where a secret found in [`Parts::text`] is in the line.
struct Place {
    /// Exactly where, when it was found in a part spelt as written.
    exact: Option<Range<usize>>,
    /// The range of the line its part (or parts) come from.
    within: Range<usize>,
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
            line_len: line.len(),
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |range: Range<usize>, part: String, verbatim: bool| {
            if !part.is_empty() && part != whole && !seen.contains(&part) {
                parts.sources.push(Source {
                    at: parts.text.len(),
                    range,
                    verbatim,
                });
                parts.text.push_str(&part);
                parts.text.push('\n');
                seen.insert(part);
            }
        };
        for c in &analysis.commands {
            let source = line.get(c.span.clone());
            if let Some(source) = source {
                add(c.span.clone(), source.to_owned(), true);
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
            let verbatim = source == Some(text.as_str());
            add(c.span.clone(), text, verbatim);
        }
        for range in &analysis.comments {
            if let Some(comment) = line.get(range.clone()) {
                add(range.clone(), comment.to_owned(), true);
            }
        }
        parts
    }

    /// Where `span` (of [`Parts::text`]) is in the line.
    fn place(&self, span: Range<usize>) -> Place {
        let part = |at: usize| self.sources.partition_point(|s| s.at <= at).max(1) - 1;
        let first = part(span.start);
        let last = part(span.end.saturating_sub(1).max(span.start)).max(first);
        let parts = self.sources.get(first..=last).unwrap_or_default();
        let exact = match parts {
            [one] if one.verbatim => {
                let start = one.range.start + (span.start - one.at);
                Some(start..start + span.len())
            }
            _ => None,
        };
        let start = parts.iter().map(|s| s.range.start).min().unwrap_or(0);
        let end = parts
            .iter()
            .map(|s| s.range.end)
            .max()
            .unwrap_or(self.line_len);
        Place {
            exact,
            within: start..end,
        }
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
    fn a_secret_in_a_shell_string_longer_than_the_search_reach_covers_the_string() {
        let padding = "echo padding; ".repeat(SEARCH_REACH / 14 + 1);
        let line = format!("bash -c 'true; export DB_PASSWORD={PASSWORD}; {padding}'");
        let all = found(&line);
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].1, line,
            "not searched for: the whole command is the match"
        );
        let short = format!("bash -c 'true; export DB_PASSWORD={PASSWORD}; echo done'");
        assert_eq!(
            found(&short)[0].1,
            PASSWORD,
            "searched for within the command"
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
