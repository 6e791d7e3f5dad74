//! Body checks: length (Agent Skills specification, "Progressive disclosure": under 500 lines,
//! under about 5000 tokens), relative links ("File references"), backslash paths and unclosed
//! fences (CommonMark 0.31 section 4.5).

use crate::envelope::{Document, lines};
use crate::finding::Finding;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// Lines above which SKILL.md is too long.
pub const MAX_LINES: usize = 500;
/// Estimated tokens (characters / 4) above which SKILL.md is too long.
pub const MAX_TOKENS: usize = 5000;

static LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[^)]*)?\)").ok());
static CODE_PATH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"`((?:scripts|references|assets)[/\\][^`\s]+)`").ok());

/// The destination of one [`LINK`] match (`[text](<dest> "title")`): its byte offset in the
/// match and the text, as the regex's group 1 would capture it.
fn link_target(m: &str) -> Option<(usize, &str)> {
    let open = m.find("](")? + 2;
    let rest = m.get(open..)?;
    let skip = rest.len() - rest.trim_start().len();
    let mut at = open + skip;
    if m.get(at..)?.starts_with('<') {
        at += 1;
    }
    let tail = m.get(at..)?;
    let len = tail
        .find(|c: char| c == ')' || c == '>' || c.is_whitespace())
        .unwrap_or(tail.len());
    (len > 0).then(|| (at, &tail[..len]))
}

/// Check the body of `doc` (the SKILL.md at `path` in `skill_root`).
pub fn check(path: &Path, skill_root: &Path, doc: &Document, out: &mut Vec<Finding>) {
    let total_lines = lines(&doc.text).count();
    let tokens = doc.text.chars().count() / 4;
    if total_lines > MAX_LINES || tokens > MAX_TOKENS {
        out.push(Finding::new(
            "body.too-long",
            path,
            (MAX_LINES + 1).min(total_lines),
            1,
            format!("SKILL.md is {total_lines} lines and about {tokens} tokens; keep it under {MAX_LINES} lines and {MAX_TOKENS} tokens"),
            "move detailed material into references/ files and link them",
        ));
    }
    check_markdown(path, skill_root, doc.body_text(), doc.body_line, out);
}

/// Check links, paths and fences of a Markdown text whose first line is `first_line` in `path`.
pub fn check_markdown(
    path: &Path,
    skill_root: &Path,
    text: &str,
    first_line: usize,
    out: &mut Vec<Finding>,
) {
    let file_dir = path.parent().unwrap_or(Path::new("."));
    // Where each target resolves (from this file's folder, from the skill root): a skill
    // names the same few files many times, and each lookup is a `stat`.
    let mut resolved: HashMap<String, (bool, bool)> = HashMap::new();
    let mut fence: Option<(usize, String)> = None;
    for (i, (_, line)) in lines(text).enumerate() {
        let n = first_line + i;
        let t = line.trim_start();
        let marker = &t[..t.len() - t.trim_start_matches(['`', '~']).len()];
        // A fence may be indented by at most three columns (CommonMark 0.31 section 4.5);
        // deeper, the line is content (of a fence or an indented code block).
        if marker.len() >= 3
            && indent_columns(line) <= 3
            && (marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~'))
        {
            match &fence {
                Some((_, open)) if marker.starts_with(open.as_str()) && t.trim() == marker => {
                    fence = None
                }
                Some(_) => {}
                None => fence = Some((n, marker.to_string())),
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let mut targets: Vec<(usize, &str, bool)> = Vec::new();
        // Cheap prefilters (most lines hold neither a link nor a code span), then `find_iter`
        // (a DFA, no capture slots) and the target cut out of the match by hand.
        if line.contains("](")
            && let Some(re) = LINK.as_ref()
        {
            for m in re.find_iter(line) {
                if let Some((at, target)) = link_target(m.as_str()) {
                    targets.push((m.start() + at, target, true));
                }
            }
        }
        if line.contains('`')
            && let Some(re) = CODE_PATH.as_ref()
        {
            for m in re.find_iter(line) {
                let quoted = m.as_str();
                if let Some(target) = quoted.get(1..quoted.len() - 1) {
                    targets.push((m.start() + 1, target, false));
                }
            }
        }
        for (start, target, is_link) in targets {
            let col = line[..start].chars().count() + 1;
            if target.contains("://")
                || target.starts_with('#')
                || target.starts_with("mailto:")
                || target.starts_with('/')
            {
                continue;
            }
            if target.contains('\\') {
                out.push(
                    Finding::new(
                        "body.backslash-path",
                        path,
                        n,
                        col,
                        format!("`{target}` uses backslashes"),
                        format!("write `{}`", target.replace('\\', "/")),
                    )
                    .width(target.chars().count()),
                );
                continue;
            }
            let clean = target
                .split(['#', '?'])
                .next()
                .unwrap_or_default()
                .replace("%20", " ");
            if clean.is_empty() {
                continue;
            }
            let (from_file, from_root) = *resolved.entry(clean).or_insert_with_key(|clean| {
                let from_file = file_dir.join(clean).exists();
                (from_file, from_file || skill_root.join(clean).exists())
            });
            let kind = if is_link { "link" } else { "file reference" };
            if !from_file && from_root {
                out.push(Finding::new(
                    "body.broken-link",
                    path,
                    n,
                    col,
                    format!("{kind} `{target}` resolves from the skill root only, not from this file's folder: agents find it, Markdown viewers do not"),
                    "write the path relative to this file, or keep referenced files one level deep from SKILL.md",
                ).width(target.chars().count()));
            } else if !from_file {
                out.push(
                    Finding::new(
                        "body.broken-link",
                        path,
                        n,
                        col,
                        format!("{kind} `{target}` does not resolve: no such file in the skill"),
                        "fix the path (relative to the skill root) or add the file",
                    )
                    .width(target.chars().count()),
                );
            }
        }
    }
    if let Some((line, marker)) = fence {
        out.push(Finding::new(
            "body.unclosed-fence",
            path,
            line,
            1,
            format!("the code fence opened here ({marker}) is never closed: the rest of the file is code"),
            format!("close it with a {marker} line"),
        ).width(marker.len()));
    }
}

/// The indentation of `line` in columns: a space is one, a tab moves to the next multiple
/// of four (CommonMark 0.31 section 2.2).
fn indent_columns(line: &str) -> usize {
    let mut cols = 0;
    for c in line.chars() {
        match c {
            ' ' => cols += 1,
            '\t' => cols += 4 - cols % 4,
            _ => break,
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_indented_four_columns_or_more_are_content() {
        let text = "```\nint x;\n    ```\nstill code\n```\nprose\n";
        let mut out = Vec::new();
        check_markdown(Path::new("s/SKILL.md"), Path::new("s"), text, 1, &mut out);
        assert!(
            out.iter().all(|f| f.rule != "body.unclosed-fence"),
            "{out:?}"
        );
        let text = "```\nint x;\n\t```\n";
        let mut out = Vec::new();
        check_markdown(Path::new("s/SKILL.md"), Path::new("s"), text, 1, &mut out);
        assert!(
            out.iter().any(|f| f.rule == "body.unclosed-fence"),
            "{out:?}"
        );
        assert_eq!(indent_columns("  \tx"), 4);
        assert_eq!(indent_columns("   ```"), 3);
    }

    #[test]
    fn link_target_cuts_what_the_capture_group_would() {
        let re = LINK.as_ref().unwrap();
        for line in [
            "see [the guide](references/guide.md) and [x]( <a b.md> \"t\") ![img](<assets/p.png>)",
            "[a](b) [](c#frag) [t](  d.md  'title') [e](f.md)trailing [unclosed](g",
            "nested [a [b](c.md) and ](d) [é](ü/ß.md)",
        ] {
            let want: Vec<(usize, &str)> = re
                .captures_iter(line)
                .filter_map(|c| c.get(1).map(|m| (m.start(), m.as_str())))
                .collect();
            let have: Vec<(usize, &str)> = re
                .find_iter(line)
                .filter_map(|m| link_target(m.as_str()).map(|(at, t)| (m.start() + at, t)))
                .collect();
            assert_eq!(have, want, "{line}");
            assert!(!want.is_empty());
        }
    }
}
