//! A shell line's operands as the paths they lead to, for the fetch rules, whose globs read
//! an operand as written: through symbolic links (`cat notes` where `notes` is a link to
//! `.env` prints `.env`, and `cat conf/credentials` where `conf` is a link to `~/.aws`
//! prints `~/.aws/credentials`), and spelt tidily (`cat ~/.aws//credentials`, `grep -r x
//! ~/.aws/./` read `~/.aws/credentials` and `~/.aws`).

use super::shell_quote;
use crate::command::PathContext;
use std::path::Path;

/// The most operands of one line looked up on disk; past them an operand is unknown (a
/// command of thousands of words would otherwise cost a path lookup each).
pub(super) const MAX_LINK_LOOKUPS: usize = 1024;

/// Each command of an analysed shell line with an operand (an argument, or a file read
/// through `<`) whose path on disk goes through a symbolic link, the file itself or a
/// directory on its way, or whose spelling is not its path's tidy one ([`untidy`]:
/// `a//b`, `a/./b`, `a/../b`, a trailing `/`), written again with that operand as the path
/// it leads to: its canonical path ([`std::fs::canonicalize`]) when it exists, else its
/// absolute, lexically normalized path. Any other operand stays as written; past the
/// line's first [`MAX_LINK_LOOKUPS`] operands each becomes the unknown word `"$LINK"`,
/// which `fetch.computed-file` (`rules/fetch/files.toml`) judges.
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
            let resolved = ctx.resolve(word);
            let tidy = resolved
                .as_ref()
                .filter(|_| untidy(&word.text))
                .map(|p| p.to_string_lossy().into_owned());
            match resolved.and_then(|p| target(&p)).or(tidy) {
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

/// Whether `text`, a path, is spelt otherwise than its tidy form: an empty or `.` component
/// inside it or at its end (`a//b`, `a/./b`, `a/.`), a `..` component after its start, or
/// a trailing `/` (`~/.aws/`). A leading `./` or `../` is tidy enough: the rules' globs
/// take any prefix.
fn untidy(text: &str) -> bool {
    let inner = text.trim_start_matches("./").trim_start_matches("../");
    inner.contains("//")
        || inner.contains("/./")
        || inner.contains("/../")
        || inner.ends_with("/.")
        || inner.ends_with("/..")
        || (inner.len() > 1 && inner.ends_with('/'))
}
