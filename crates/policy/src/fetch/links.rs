//! A shell line's operands through symbolic links, for the fetch rules: `cat notes` where
//! `notes` is a link to `.env` prints `.env`, and `cat conf/credentials` where `conf` is a
//! link to `~/.aws` prints `~/.aws/credentials`.

use super::shell_quote;
use crate::command::PathContext;
use std::path::Path;

/// The most operands of one line looked up on disk; past them an operand is unknown (a
/// command of thousands of words would otherwise cost a path lookup each).
pub(super) const MAX_LINK_LOOKUPS: usize = 1024;

/// Each command of an analysed shell line with an operand (an argument, or a file read
/// through `<`) whose path on disk goes through a symbolic link, the file itself or a
/// directory on its way, written again with that operand as the path it leads to
/// ([`std::fs::canonicalize`]). An operand that does not exist, is computed, or does not
/// go through a link stays as written; past the line's first [`MAX_LINK_LOOKUPS`]
/// operands each becomes the unknown word `"$LINK"`, which `fetch.computed-file`
/// (`rules/fetch/files.toml`) judges.
pub(super) fn through_links(analysis: &hookkit_shell::Analysis, ctx: &PathContext) -> Vec<String> {
    let mut budget = MAX_LINK_LOOKUPS;
    let mut out = Vec::new();
    for cmd in &analysis.commands {
        let mut linked = false;
        let mut words: Vec<String> = vec![shell_quote(cmd.name())];
        for word in super::read_words(cmd) {
            if word.text.starts_with('-') || word.text.is_empty() {
                words.push(shell_quote(&word.text));
                continue;
            }
            if budget == 0 {
                linked = true;
                words.push("\"$LINK\"".to_owned());
                continue;
            }
            budget -= 1;
            match ctx.resolve(word).and_then(|p| target(&p)) {
                Some(to) => {
                    linked = true;
                    words.push(shell_quote(&to));
                }
                None => words.push(shell_quote(&word.text)),
            }
        }
        if linked {
            out.push(words.join(" "));
        }
    }
    out
}

/// Where `path` (absolute, lexically normalized) leads when it goes through a symbolic
/// link: its canonical path, when that differs from it; `None` when it does not exist.
fn target(path: &Path) -> Option<String> {
    let canonical = std::fs::canonicalize(path).ok()?;
    (canonical != path).then(|| canonical.to_string_lossy().into_owned())
}
