//! What the text of a glob says before it is compiled: its `{a,b}` alternates spelled out,
//! and the literal run every match holds. Pure string functions, shared by the
//! prefilter ([`super::prefilter`]) and by `build.rs`, which records for each built-in rule
//! the literal runs a line must hold for it to fire (`#[path]`-included there).

/// Does `text` hold a glob character (`*`, `?`, `[`), as bash and the rule globs read them?
pub(crate) fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The most alternatives [`expand_braces`] spells out; past it the glob is kept whole (and
/// so never filtered out).
const MAX_BRACE_EXPANSION: usize = 256;

/// The most `{` a glob [`expand_braces`] spells out may hold.
const MAX_BRACES: usize = 32;

/// The globs `glob` stands for once its `{a,b}` alternates (nested too) are spelled out:
/// `{.env,*/.env}.x` → `.env.x`, `*/.env.x`. A glob without alternates, with an unclosed
/// `{`, with more than [`MAX_BRACES`] `{` or more than [`MAX_BRACE_EXPANSION`]
/// alternatives comes back as it is.
pub(crate) fn expand_braces(glob: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Each `{` is one level of recursion and one pass over the text: past a few, the
    // glob is kept whole (a word of 20,000 `{` would otherwise take time quadratic in it).
    if glob.bytes().filter(|b| *b == b'{').count() <= MAX_BRACES && expand_into(glob, &mut out) {
        out
    } else {
        vec![glob.to_owned()]
    }
}

/// Appends the expansions of `glob` to `out`; false when there are too many or a `{` is
/// unclosed.
fn expand_into(glob: &str, out: &mut Vec<String>) -> bool {
    let Some((open, close, parts)) = first_alternates(glob) else {
        out.push(glob.to_owned());
        return true;
    };
    let (head, tail) = (&glob[..open], &glob[close + 1..]);
    for part in parts {
        if out.len() > MAX_BRACE_EXPANSION || !expand_into(&format!("{head}{part}{tail}"), out) {
            return false;
        }
    }
    true
}

/// The byte offsets of the first top-level `{` outside a class and of its matching `}`,
/// and the comma-separated alternatives between them; `None` when there is none.
fn first_alternates(glob: &str) -> Option<(usize, usize, Vec<&str>)> {
    let mut in_class = false;
    let mut open = None;
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in glob.char_indices() {
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '{' => {
                if depth == 0 {
                    open = Some(i);
                    start = i + 1;
                }
                depth += 1;
            }
            ',' if depth == 1 => {
                parts.push(glob.get(start..i)?);
                start = i + 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parts.push(glob.get(start..i)?);
                    return Some((open?, i, parts));
                }
            }
            _ => {}
        }
    }
    None
}

/// `glob` with each top-level `{a,b}` group (outside a class) written as `*`: every
/// alternative of `glob` is matched by it, so a literal run of it is in each match. An
/// unclosed `{` is kept (and so [`literal_run`] gives `None`).
pub(crate) fn alternates_as_stars(glob: &str) -> String {
    let mut out = String::with_capacity(glob.len());
    let mut depth = 0usize;
    let mut in_class = false;
    let mut group = 0;
    for c in glob.chars() {
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '{' => {
                if depth == 0 {
                    group = out.len();
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.truncate(group);
                    out.push('*');
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The longest run of literal characters of a glob (`*/.aws/credentials` →
/// `/.aws/credentials`), or `None` when the glob has alternates or escapes (`{a,b}`, `\\*`).
pub(crate) fn literal_run(glob: &str) -> Option<&str> {
    let mut best = 0..0;
    let mut start = 0;
    let mut in_class = false;
    for (i, c) in glob.char_indices() {
        let next = i + c.len_utf8();
        match c {
            '{' | '\\' if !in_class => return None,
            '[' => in_class = true,
            ']' if in_class => {
                in_class = false;
                start = next;
            }
            '*' | '?' if !in_class => start = next,
            _ if in_class => {}
            _ => {
                if next - start > best.len() {
                    best = start..next;
                }
            }
        }
    }
    glob.get(best).filter(|run| !run.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_expand_to_every_alternative() {
        assert_eq!(expand_braces("{.env,*/.env}.x"), [".env.x", "*/.env.x"]);
        assert_eq!(expand_braces("a{b,c{d,e}}f"), ["abf", "acdf", "acef"]);
        assert_eq!(expand_braces("[{]x"), ["[{]x"]);
        assert_eq!(expand_braces("open{a,b"), ["open{a,b"]);
        let many = "{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}";
        assert_eq!(expand_braces(many), [many]);
    }

    #[test]
    fn alternates_become_stars() {
        assert_eq!(alternates_as_stars("{.env,*/.env}.{a,b{c,d}}x"), "*.*x");
        assert_eq!(alternates_as_stars("[{]x{a,b}"), "[{]x*");
        assert_eq!(alternates_as_stars("open{a,b"), "open{a,b");
        assert_eq!(
            literal_run(&alternates_as_stars("*/.ssh/id_{*[!b],pub}")),
            Some("/.ssh/id_")
        );
    }

    #[test]
    fn literal_runs_of_globs() {
        assert_eq!(literal_run("*/.aws/credentials"), Some("/.aws/credentials"));
        assert_eq!(literal_run("*$*_KEY[}]*"), Some("_KEY"));
        assert_eq!(literal_run("[{][{]json .[}][}]"), Some("json ."));
        assert_eq!(literal_run("*"), None);
        assert_eq!(literal_run("{a,b}"), None);
    }
}
