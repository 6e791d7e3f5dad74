//! A shell line's glob operands as the files bash would expand them to, for the fetch
//! rules: `cat .e*` in a directory holding `.env` is `cat .env`.

use super::shell_quote;
use crate::command::PathContext;
use crate::command::glob_text::is_glob;

/// The most paths one glob word of a shell line expands to before the word counts as
/// unknown: `cat /usr/share/doc/*/*` is read as a computed operand, not as thousands.
pub(super) const MAX_GLOB_MATCHES: usize = 1024;

/// The most path components with a wildcard a glob expanded on disk may have: each is a
/// directory level listed, and `/*/*/*/*/x` would list much of the file system.
const MAX_GLOB_LEVELS: usize = 2;

/// The most glob words of one line expanded on disk; past them a glob is unknown.
const MAX_GLOB_WORDS: usize = 64;

/// False when `path`, a match of the glob `pattern` (component for component), has a
/// hidden entry (`.name`) where the pattern's component does not start with a literal `.`:
/// bash's `*`, `?` and `[…]` skip those unless `dotglob` is set.
fn bash_would_match(pattern: &str, path: &str) -> bool {
    pattern
        .split('/')
        .zip(path.split('/'))
        .all(|(p, m)| !is_glob(p) || p.starts_with('.') || !m.starts_with('.'))
}

/// The bash pattern `pattern` in the glob crate's syntax: `[^…]` is `[!…]`, and a run of
/// `*` is one `*` (bash without `globstar`), never the glob crate's recursive `**`
/// (`///***/.env` walked the whole file system: found by fuzzing).
fn as_glob_crate_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.replace("[^", "[!").chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

/// Each command of an analysed shell line that has a glob operand (`cat .e*`, `head
/// */.env?`, `grep X < .e*`), written again with every glob replaced by the paths it
/// matches in the working directory as bash expands it (`*` and `?` skip a leading `.`
/// unless the pattern spells it; `**` is `*`, bash's default without `globstar`). A glob
/// matching more than [`MAX_GLOB_MATCHES`] paths, with wildcards in more than
/// [`MAX_GLOB_LEVELS`] components, or past the line's first [`MAX_GLOB_WORDS`] globs,
/// becomes the unknown word `"$GLOB"`, which
/// `fetch.computed-file` (`rules/fetch/files.toml`) judges. Globs that match nothing
/// stay as written (bash passes them on literally), so no line is made for them.
pub(super) fn glob_expansions(
    analysis: &hookkit_shell::Analysis,
    ctx: &PathContext,
) -> Vec<String> {
    // glob 0.3's `require_literal_leading_dot` also refuses `.e*` for `.env`, so hidden
    // entries are let through and [`bash_would_match`] drops those bash would not list.
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let unknown = || Some(vec!["\"$GLOB\"".to_owned()]);
    let mut budget = MAX_GLOB_WORDS;
    let mut expand = |word: &hookkit_shell::Word| -> Option<Vec<String>> {
        let path = ctx.resolve(word)?;
        let pattern = as_glob_crate_pattern(path.to_str()?);
        if budget == 0 || pattern.split('/').filter(|c| is_glob(c)).count() > MAX_GLOB_LEVELS {
            return unknown();
        }
        budget -= 1;
        let found: Vec<String> = glob::glob_with(&pattern, options)
            .ok()?
            .filter_map(|p| Some(p.ok()?.to_str()?.to_owned()))
            .filter(|p| bash_would_match(&pattern, p))
            .take(MAX_GLOB_MATCHES + 1)
            .collect();
        match found.len() {
            0 => None,
            n if n > MAX_GLOB_MATCHES => unknown(),
            _ => Some(found.iter().map(|p| shell_quote(p)).collect()),
        }
    };
    let mut out = Vec::new();
    for cmd in &analysis.commands {
        let mut expanded = false;
        let mut words: Vec<String> = vec![shell_quote(cmd.name())];
        for word in super::read_words(cmd) {
            match is_glob(&word.text).then(|| expand(word)).flatten() {
                Some(paths) => {
                    expanded = true;
                    words.extend(paths);
                }
                // A computed word stays computed; one the context resolves is its path.
                None if word.dynamic && !word.from_input() => words.push(
                    ctx.resolve(word)
                        .and_then(|p| p.to_str().map(shell_quote))
                        .unwrap_or_else(|| "\"$WORD\"".to_owned()),
                ),
                None => words.push(shell_quote(&word.text)),
            }
        }
        if expanded {
            out.push(words.join(" "));
        }
    }
    out
}

/// Each command of an analysed shell line that runs after a `cd` (`cd ~/.aws && cat
/// credentials`), written again once per directory the `cd`s may have left it in
/// ([`crate::command::cwd::after_cd`]), with its relative operands made absolute there: the
/// fetch rules name files by path (`*/.aws/credentials`).
pub(super) fn after_cd(analysis: &hookkit_shell::Analysis, ctx: &PathContext) -> Vec<String> {
    let moved = crate::command::cwd::after_cd(analysis, ctx);
    let mut out = Vec::new();
    for (cmd, dirs) in analysis.commands.iter().zip(&moved) {
        for dir in dirs {
            let mut words = vec![shell_quote(cmd.name())];
            for word in cmd.argv.iter().skip(1) {
                let relative = !word.dynamic
                    && !word.text.starts_with(['-', '/', '~'])
                    && !word.text.is_empty();
                words.push(match relative {
                    true => shell_quote(
                        &crate::command::normalize(&dir.join(&word.text)).to_string_lossy(),
                    ),
                    false => shell_quote(&word.text),
                });
            }
            out.push(words.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_pattern_reaches_the_glob_crate_as_a_recursive_walk() {
        assert_eq!(super::as_glob_crate_pattern("/a/***/.env"), "/a/*/.env");
        assert_eq!(super::as_glob_crate_pattern("/**/x**y"), "/*/x*y");
        assert_eq!(super::as_glob_crate_pattern("/p/.[^x]nv"), "/p/.[!x]nv");
    }
}
