//! The envelope of a SKILL.md: encoding, BOM, the `---` fences around the frontmatter.
//! Source: Agent Skills specification "SKILL.md format"; Codex's `extract_frontmatter`
//! (openai/codex codex-rs/core-skills/src/loader.rs), which ends the block at the first line
//! whose trimmed text is `---`.

use crate::finding::{Edit, Finding};
use std::path::Path;

/// A SKILL.md split into frontmatter and body. Offsets are byte offsets into the file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's text without the BOM.
    pub text: String,
    /// Byte offset of `text` in the file (3 when a BOM precedes it).
    pub base: usize,
    /// Byte range of the frontmatter YAML inside `text`.
    pub yaml: std::ops::Range<usize>,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset of the body inside `text` (after the closing fence line).
    pub body_start: usize,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

impl Document {
    /// The frontmatter text.
    pub fn yaml_text(&self) -> &str {
        &self.text[self.yaml.clone()]
    }
    /// The body text.
    pub fn body_text(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Lines of `text` with their byte offsets: (start, content without line break).
/// Split as `str::split_inclusive('\n')` splits, with `memchr` finding the line breaks (a
/// 1 MB reference file has some 20,000 lines).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = breaks.next().map_or(text.len(), |n| n + 1);
        let raw = text.get(start..end).unwrap_or_default();
        let at = std::mem::replace(&mut start, end);
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        Some((at, content))
    })
}

/// Check the envelope; returns the document when the frontmatter could be located.
pub fn check(path: &Path, bytes: &[u8], out: &mut Vec<Finding>) -> Option<Document> {
    if path.file_name().is_some_and(|n| n != "SKILL.md") {
        out.push(Finding::new(
            "file.name",
            path,
            1,
            1,
            format!(
                "the file is named `{}`, hosts only load `SKILL.md`",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
            "rename the file to `SKILL.md`",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            out.push(Finding::new(
                "file.not-utf8",
                path,
                line,
                col,
                format!(
                    "invalid UTF-8 at byte {}: Codex cannot read the file and skips the skill",
                    e.valid_up_to()
                ),
                "re-save the file as UTF-8",
            ));
            return None;
        }
    };
    let (text, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            out.push(
                Finding::new(
                    "file.bom",
                    path,
                    1,
                    1,
                    "the file starts with a byte order mark: Codex sees no `---` on line 1 and skips the skill",
                    "remove the BOM",
                )
                .with_edit(Edit { start: 0, end: 3, replacement: String::new() }),
            );
            (rest, 3)
        }
        None => (text, 0),
    };
    if text.trim().is_empty() {
        out.push(Finding::new(
            "file.empty",
            path,
            1,
            1,
            "the file is empty",
            "add frontmatter with `name` and `description`",
        ));
        return None;
    }
    let all: Vec<(usize, &str)> = lines(text).collect();
    let (_, first) = all[0];
    if first.trim_end() != "---" {
        out.push(
            Finding::new(
                "frontmatter.missing",
                path,
                1,
                1,
                "line 1 is not `---`, so no host finds the frontmatter",
                "start the file with a `---` line, the YAML fields, and a closing `---` line",
            )
            .width(first.chars().count()),
        );
        return None;
    }
    if first != "---" {
        out.push(fence_ws(path, 1, first, base));
    }
    let mut close: Option<usize> = None;
    let mut indented: Option<usize> = None;
    for (i, (start, line)) in all.iter().enumerate().skip(1) {
        if line.trim() != "---" {
            continue;
        }
        if line.starts_with("---") {
            if *line != "---" {
                out.push(fence_ws(path, i + 1, line, base + start));
            }
            close = Some(i);
            break;
        }
        let col = line.len() - line.trim_start().len();
        if indented.is_none() {
            indented = Some(i);
        }
        out.push(Finding::new(
            "frontmatter.indented-fence",
            path,
            i + 1,
            col + 1,
            "an indented `---` inside the frontmatter: Codex ends the frontmatter here, YAML parsers (Claude Code) read on",
            "remove this line, or put the closing `---` at column 0 here",
        ).width(3));
    }
    let Some(close) = close else {
        let mut f = Finding::new(
            "frontmatter.unclosed",
            path,
            1,
            1,
            "the frontmatter has no closing `---` at column 0",
            "end the frontmatter with a line that is exactly `---`",
        )
        .width(3);
        if let Some(i) = indented {
            let (start, line) = all[i];
            f.message
                .push_str(&format!("; the `---` on line {} is indented", i + 1));
            f = f.with_edit(Edit {
                start: base + start,
                end: base + start + line.len(),
                replacement: "---".into(),
            });
            // The indented-fence finding on that line is the same problem, reported once.
            out.retain(|o| !(o.rule == "frontmatter.indented-fence" && o.line == i + 1));
        }
        out.push(f);
        return None;
    };
    let yaml_start = all[1].0;
    let yaml_end = all[close].0;
    let body_start = all.get(close + 1).map_or(text.len(), |(s, _)| *s);
    let doc = Document {
        text: text.to_string(),
        base,
        yaml: yaml_start..yaml_end,
        yaml_line: 2,
        body_start,
        body_line: close + 2,
    };
    let yaml = doc.yaml_text();
    let only_comments = lines(yaml).all(|(_, l)| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    });
    if only_comments {
        out.push(
            Finding::new(
                "frontmatter.empty",
                path,
                1,
                1,
                "the frontmatter is empty",
                "add `name` and `description` between the fences",
            )
            .width(3),
        );
        return None;
    }
    Some(doc)
}

fn fence_ws(path: &Path, line: usize, text: &str, start: usize) -> Finding {
    Finding::new(
        "frontmatter.fence-whitespace",
        path,
        line,
        4,
        "the `---` fence has trailing whitespace",
        "make the line exactly `---`",
    )
    .width(text.chars().count().saturating_sub(3))
    .with_edit(Edit {
        start,
        end: start + text.len(),
        replacement: "---".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn lines_split_as_split_inclusive_does_with_offsets_and_no_line_breaks() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\r",
            "x\r\n\r\ny",
            "é\nü\n",
        ] {
            let mut offset = 0;
            let want: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|raw| {
                    let at = offset;
                    offset += raw.len();
                    let line = raw.strip_suffix('\n').unwrap_or(raw);
                    (at, line.strip_suffix('\r').unwrap_or(line))
                })
                .collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }
}
