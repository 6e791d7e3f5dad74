//! Field checks: keys, types, `name`, `description`, `compatibility`, `metadata`,
//! `allowed-tools` (Agent Skills specification, "Frontmatter"), host limits per profile and
//! project rules.

use crate::finding::Finding;
use crate::profile::{Profile, ProjectRules};
use crate::yaml::{self, Node, Value};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Claude Code's skill-listing budget for description + when_to_use, in characters.
pub const CLAUDE_CODE_LISTING: usize = 1536;

/// The fields a check needs from the frontmatter.
pub struct Context<'a> {
    /// The SKILL.md.
    pub path: &'a Path,
    /// The skill directory's name.
    pub dir_name: Option<&'a str>,
    /// The profile.
    pub profile: Profile,
    /// Project rules.
    pub project: &'a ProjectRules,
}

/// Check the fields of a parsed frontmatter mapping; returns the skill's name when it is a
/// string.
pub fn check(cx: &Context<'_>, root: &Node, out: &mut Vec<Finding>) -> Option<String> {
    let Value::Map(entries) = &root.value else {
        return None;
    };
    let path = cx.path;
    let get = |k: &str| entries.iter().find(|(key, _)| key.as_str() == Some(k));
    let mut prev: Option<&Node> = None;
    for (key, value) in entries {
        let k = key.as_str().unwrap_or_default();
        let escaped = yaml::is_escaped_prose(k, prev);
        prev = Some(value);
        if let Some(pattern) = cx.project.forbids(k) {
            out.push(
                Finding::new(
                    "project.forbidden-field",
                    path,
                    key.start.line,
                    key.start.col,
                    format!("`{k}` is forbidden by the project (`{pattern}` in .hookkit.toml)"),
                    "remove the field",
                )
                .width(k.chars().count()),
            );
        } else if !escaped && !cx.profile.allows(k) {
            out.push(
                Finding::new(
                    "field.unknown",
                    path,
                    key.start.line,
                    key.start.col,
                    format!("`{k}` is not a field of the {} profile: skills-ref rejects it, Codex and Claude Code ignore it", cx.profile.as_str()),
                    if crate::profile::CLAUDE_CODE_KEYS.contains(&k) {
                        "this is a Claude Code field: use `--profile claude-code` if the skill targets Claude Code only".to_string()
                    } else {
                        "move it under `metadata:`, or remove it".to_string()
                    },
                )
                .width(k.chars().count()),
            );
        }
    }
    for req in &cx.project.required_fields {
        if get(req).is_none() {
            out.push(Finding::new(
                "project.required-field",
                path,
                root.start.line,
                1,
                format!("the project requires `{req}` (.hookkit.toml)"),
                format!("add `{req}:` to the frontmatter"),
            ));
        }
    }
    for key in ["license", "compatibility", "when_to_use"] {
        if let Some((k, v)) = get(key) {
            string_field(path, k, v, out);
        }
    }
    let name = match get("name") {
        None => {
            out.push(Finding::new(
                "name.missing",
                path,
                root.start.line,
                1,
                "`name` is missing: the spec and the Claude API require it (Claude Code and Codex fall back to the directory name)",
                format!("add `name: {}`", cx.dir_name.unwrap_or("my-skill")),
            ));
            None
        }
        Some((k, v)) if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) => {
            out.push(Finding::new(
                "name.missing",
                path,
                k.start.line,
                k.start.col,
                "`name` is empty: the spec and the Claude API require it (Claude Code and Codex fall back to the directory name)",
                format!("write `name: {}`", cx.dir_name.unwrap_or("my-skill")),
            ).width(k.as_str().map_or(4, |t| t.chars().count())));
            None
        }
        Some((k, v)) => string_field(path, k, v, out).map(|n| {
            check_name(cx, v, n, out);
            n.to_string()
        }),
    };
    let mut description_len = 0;
    match get("description") {
        None => out.push(Finding::new(
            "description.missing",
            path,
            root.start.line,
            1,
            "`description` is missing: Codex skips the skill, and no host can tell when to use it",
            "add `description:` saying what the skill does and when to use it",
        )),
        Some((k, v)) => {
            if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
                out.push(Finding::new(
                    "description.empty",
                    path,
                    k.start.line,
                    k.start.col,
                    "`description` is empty",
                    "say what the skill does and when to use it",
                ));
            } else if let Some(d) = string_field(path, k, v, out) {
                description_len = d.chars().count();
                check_description(cx, v, d, out);
            }
        }
    }
    if cx.profile.claude_code()
        && let Some((_, w)) = get("when_to_use")
    {
        let total = description_len + w.as_str().map_or(0, |s| s.chars().count());
        if total > CLAUDE_CODE_LISTING {
            out.push(Finding::new(
                    "description.listing-too-long",
                    path,
                    w.start.line,
                    w.start.col,
                    format!("description + when_to_use are {total} characters; Claude Code's listing keeps {CLAUDE_CODE_LISTING}"),
                    "shorten the description or when_to_use",
                ));
        }
    }
    if let Some((k, v)) = get("compatibility")
        && let Some(c) = v.as_str()
    {
        let n = c.chars().count();
        if !(1..=500).contains(&n) {
            out.push(Finding::new(
                "compatibility.length",
                path,
                k.start.line,
                k.start.col,
                format!("`compatibility` is {n} characters; the spec allows 1-500"),
                if n == 0 {
                    "remove the empty field"
                } else {
                    "shorten it to 500 characters"
                },
            ));
        }
    }
    if let Some((k, v)) = get("metadata") {
        match &v.value {
            Value::Map(m) => {
                for (mk, mv) in m {
                    let bad = match (&mk.value, &mv.value) {
                        (Value::Scalar { .. }, Value::Scalar { .. }) => {
                            // Plain scalars that are not strings are reported as ambiguous scalars.
                            None
                        }
                        (_, Value::Map(_) | Value::Seq(_) | Value::Alias) => Some(mv),
                        _ => Some(mk),
                    };
                    if let Some(b) = bad {
                        out.push(Finding::new(
                            "metadata.not-string-map",
                            path,
                            b.start.line,
                            b.start.col,
                            format!(
                                "`metadata.{}` is a {}; metadata maps strings to strings",
                                mk.as_str().unwrap_or("?"),
                                b.kind()
                            ),
                            "use a string value (quote it, or flatten nested data into one string)",
                        ));
                    }
                }
            }
            _ if v.is_null() => {}
            _ => out.push(Finding::new(
                "metadata.not-string-map",
                path,
                k.start.line,
                k.start.col,
                format!("`metadata` is a {}, not a mapping", v.kind()),
                "write metadata as `key: \"value\"` lines indented under `metadata:`",
            )),
        }
    }
    if let Some((k, v)) = get("allowed-tools")
        && !matches!(v.value, Value::Scalar { .. })
    {
        out.push(Finding::new(
                "allowed-tools.not-string",
                path,
                k.start.line,
                k.start.col,
                format!("`allowed-tools` is a {}; the spec defines one space-separated string (Claude Code also reads a list, other hosts do not)", v.kind()),
                "write `allowed-tools: Read Grep Bash(git:*)`",
            ));
    }
    name
}

/// The field's string value; reports `field.type` for mappings and sequences. Plain scalars that
/// resolve to other types are reported by `yaml.ambiguous-scalar` and returned as their text.
fn string_field<'n>(
    path: &Path,
    key: &Node,
    v: &'n Node,
    out: &mut Vec<Finding>,
) -> Option<&'n str> {
    match &v.value {
        Value::Scalar { text, .. } => Some(text),
        _ => {
            let k = key.as_str().unwrap_or_default();
            out.push(Finding::new(
                "field.type",
                path,
                v.start.line,
                v.start.col,
                format!("`{k}` is a {}, it must be a string", v.kind()),
                format!("write `{k}` as a single string"),
            ));
            None
        }
    }
}

fn check_name(cx: &Context<'_>, v: &Node, name: &str, out: &mut Vec<Finding>) {
    let path = cx.path;
    let at = |rule, msg: String, hint: &str| {
        Finding::new(rule, path, v.start.line, v.start.col, msg, hint).width(name.chars().count())
    };
    let nfkc: String = name.nfkc().collect();
    if nfkc != name {
        out.push(at(
            "name.not-nfkc",
            format!("`{name}` becomes `{nfkc}` under NFKC normalization"),
            "write the name in plain ASCII",
        ));
    }
    let len = nfkc.chars().count();
    if len > 64 {
        out.push(at(
            "name.too-long",
            format!("`name` is {len} characters after NFKC; the limit is 64"),
            "shorten the name",
        ));
    }
    let charset_ok = !nfkc.is_empty()
        && nfkc
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let hyphens_ok = !nfkc.starts_with('-') && !nfkc.ends_with('-') && !nfkc.contains("--");
    if !charset_ok || !hyphens_ok {
        let why = if nfkc.is_empty() {
            "is empty".to_string()
        } else if !charset_ok {
            "may only contain `a-z`, `0-9` and `-`".to_string()
        } else {
            "must not start or end with `-` or contain `--`".to_string()
        };
        let suggestion = kebab(&nfkc);
        out.push(at(
            "name.not-kebab",
            format!("`name` {why}"),
            &format!("use `{suggestion}`"),
        ));
    }
    if let Some(dir) = cx.dir_name
        && dir != name
        && dir != nfkc
    {
        out.push(at(
            "name.directory-mismatch",
            format!("`name` is `{name}` but the directory is `{dir}`"),
            "rename the directory or change the name so they match",
        ));
    }
    if cx.profile.claude_api() {
        for word in ["anthropic", "claude"] {
            if nfkc.to_lowercase().contains(word) {
                out.push(at(
                    "name.reserved-word",
                    format!(
                        "`name` contains the reserved word `{word}`: the Claude API refuses it"
                    ),
                    "choose a name without it",
                ));
            }
        }
        if name.contains('<') && name.contains('>') {
            out.push(at(
                "name.xml",
                "`name` contains an XML tag: the Claude API refuses it".into(),
                "remove the tag",
            ));
        }
    }
    if let Some(re) = &cx.project.name_pattern
        && !re.is_match(name)
    {
        out.push(at(
            "project.name-pattern",
            format!(
                "`{name}` does not match the project's pattern `{}`",
                re.as_str()
            ),
            "rename the skill to match .hookkit.toml's name_pattern",
        ));
    }
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn check_description(cx: &Context<'_>, v: &Node, d: &str, out: &mut Vec<Finding>) {
    let path = cx.path;
    let chars = d.chars().count();
    let utf16 = d.encode_utf16().count();
    if chars > 1024 {
        out.push(Finding::new(
            "description.too-long",
            path,
            v.start.line,
            v.start.col,
            format!(
                "`description` is {chars} characters; the limit is 1024 (Codex skips the skill)"
            ),
            "shorten it; move detail into the body",
        ));
    } else if utf16 > 1024 {
        out.push(Finding::new(
            "description.utf16-length",
            path,
            v.start.line,
            v.start.col,
            format!("`description` is {chars} characters but {utf16} UTF-16 units: JavaScript hosts count it over 1024"),
            "shorten it or replace characters outside the BMP (emoji)",
        ));
    }
    if cx.profile.claude_api() && d.contains(['<', '>']) {
        out.push(Finding::new(
            "description.angle-brackets",
            path,
            v.start.line,
            v.start.col,
            "`description` contains `<` or `>`: the Claude API refuses XML tags in descriptions",
            "write the text without angle brackets",
        ));
    }
    if let Some(min) = cx.project.min_description_length
        && chars < min
    {
        out.push(Finding::new(
            "project.description-too-short",
            path,
            v.start.line,
            v.start.col,
            format!("`description` is {chars} characters; the project requires at least {min}"),
            "say what the skill does and when to use it",
        ));
    }
}
