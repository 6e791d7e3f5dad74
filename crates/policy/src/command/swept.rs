//! What a line hides where the analysis could not follow it: the runs of words
//! [`hookkit_shell::sweep`] finds, offered to the rules that deny by themselves, so that
//! `rm -rf ~` or a secret fetch stays denied however deep in `eval`s, shell strings or
//! substitutions it sits. The sweep over-approximates, so it only ever adds denials.

use crate::decision::Verdict;
use crate::rules::{CommandMatch, RuleSet};
use hookkit_shell::{Analysis, Opacity, SimpleCommand};
use std::collections::HashSet;

/// Where the analysis stopped following the line: the start of the first command that is
/// cut as too deep, unparsed text, a control character in the line, or a foreign shell. `None` when it
/// followed the whole line. The line is opaque then, and the rest of it is swept.
pub fn not_followed(analysis: &Analysis) -> Option<usize> {
    analysis
        .commands
        .iter()
        .filter(|c| {
            matches!(
                c.opaque,
                Some(
                    Opacity::TooDeep
                        | Opacity::Unparsed
                        | Opacity::ControlCharacter
                        | Opacity::ForeignShell
                )
            )
        })
        .map(|c| c.span.start)
        .min()
}

/// The rules of `rules` that deny by themselves, with the tools they describe.
pub(super) fn denying(rules: &RuleSet) -> RuleSet {
    RuleSet {
        rules: rules
            .rules
            .iter()
            .filter(|r| r.decision == Some(Verdict::Deny))
            .cloned()
            .collect(),
        tools: rules.tools.clone(),
    }
}

/// The runs of words of `line` from byte `from` on (at the nearest character boundary
/// before it) that start with a command in `names`.
pub(crate) fn candidates(line: &str, from: usize, names: &Names<'_>) -> Vec<SimpleCommand> {
    let mut start = from.min(line.len());
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    hookkit_shell::sweep(line.get(start..).unwrap_or(line), |name| names.any(name))
}

/// The command names a set of matches cares about: exact names in a set, `prefix*`
/// patterns, and the few other globs tried match by match. Matches for any command (`*`:
/// opacity, redirections) are left out: they cannot fire on a run of words.
pub(crate) struct Names<'r> {
    exact: HashSet<&'r str, foldhash::fast::RandomState>,
    prefixes: Vec<&'r str>,
    globbed: Vec<&'r CommandMatch>,
}

impl<'r> Names<'r> {
    /// The names of `matches`.
    pub(crate) fn of(matches: impl IntoIterator<Item = &'r CommandMatch>) -> Self {
        let mut names = Names {
            exact: HashSet::default(),
            prefixes: Vec::new(),
            globbed: Vec::new(),
        };
        use super::glob_text::is_glob;
        for m in matches {
            if m.command.iter().any(|c| c == "*") {
                continue;
            }
            for c in &m.command {
                match c.strip_suffix('*') {
                    Some(prefix) if !is_glob(prefix) => names.prefixes.push(prefix),
                    _ if is_glob(c) => names.globbed.push(m),
                    _ => {
                        names.exact.insert(c);
                    }
                }
            }
        }
        names
    }

    /// True when some match names `name` (a base name).
    pub(crate) fn any(&self, name: &str) -> bool {
        self.exact.contains(name)
            || self.prefixes.iter().any(|p| name.starts_with(p))
            || self.globbed.iter().any(|m| m.names(name).unwrap_or(true))
    }
}
