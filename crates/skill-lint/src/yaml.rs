//! Strict YAML for the frontmatter, with positions in the file.
//!
//! The frontmatter is read twice, both with serde-saphyr: its event parser
//! (`serde_saphyr::granit_parser`) builds a small tree that keeps each node's position and
//! scalar style (so that `no` and `"no"` differ), and its deserializer, with duplicate keys
//! as errors, confirms the result. Scalars are judged against YAML 1.2.2 section 10.3
//! (core schema) and YAML 1.1's type repository (booleans `yes`/`no`/`on`/`off`, sexagesimal and
//! `0`-prefixed octal integers, timestamps), which PyYAML and other 1.1 parsers still use.

use crate::envelope::{Document, lines};
use crate::finding::{Edit, Finding};
use regex::Regex;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError};
use std::path::Path;
use std::sync::LazyLock;

/// A position in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
    /// Byte offset in the file.
    pub byte: usize,
}

/// A YAML node's content.
#[derive(Debug, Clone)]
pub enum Value {
    /// A scalar: its text after escapes and folding, its style, whether it carries a tag.
    Scalar {
        /// The value's text.
        text: String,
        /// How it was written.
        style: ScalarStyle,
        /// An explicit tag (`!!str`) fixes its type.
        tagged: bool,
    },
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// An alias (`*name`) to no anchor seen before it (one that refers to an anchor is
    /// read as the anchored value).
    Alias,
}

/// A YAML node with its span.
#[derive(Debug, Clone)]
pub struct Node {
    /// Content.
    pub value: Value,
    /// Start of the node.
    pub start: Pos,
    /// End of the node (exclusive).
    pub end: Pos,
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
    /// Whether this is a plain, untagged, empty scalar (YAML null).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, style: ScalarStyle::Plain, tagged: false }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    /// A short name of the YAML type, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "null",
            Value::Scalar {
                text,
                style: ScalarStyle::Plain,
                tagged: false,
            } => classify(text).map_or("string", |c| c.kind),
            Value::Scalar { .. } => "string",
            Value::Map(_) => "mapping",
            Value::Seq(_) => "sequence",
            Value::Alias => "alias",
        }
    }
}

/// Fields whose values are not strings in any profile (Claude Code booleans).
const NON_STRING_FIELDS: &[&str] = &[
    "disable-model-invocation",
    "user-invocable",
    "hooks",
    "paths",
];

/// Parse the frontmatter. Returns the root node when it is a mapping without syntax errors.
pub fn parse(path: &Path, doc: &Document, out: &mut Vec<Finding>) -> Option<Node> {
    let yaml = doc.yaml_text();
    let map = PosMap::new(doc);
    let tabs_before = out.len();
    for (start, line) in lines(yaml) {
        let indent: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if let Some(i) = indent.find('\t') {
            let p = map.byte(doc.yaml.start + start + i);
            out.push(Finding::new(
                "yaml.tab",
                path,
                p.line,
                p.col,
                "a tab in the indentation: YAML indents with spaces only",
                "replace the tab with spaces",
            ));
        }
    }
    let had_tabs = out.len() > tabs_before;
    let root = match build(yaml, &map, doc.yaml.start) {
        Ok(root) => root,
        Err(e) => {
            if !had_tabs {
                let m = e.marker();
                let p = map.yaml_line_col(m.line(), m.col());
                let mut f = Finding::new(
                    "yaml.syntax",
                    path,
                    p.line,
                    p.col,
                    format!(
                        "invalid YAML: {}; Codex skips this skill and Claude Code loads it without any field",
                        e.info()
                    ),
                    "fix the YAML at this position (quote values containing `: ` or starting with a special character)",
                );
                if let Some(why) = escaped_block_hint(yaml, m.line()) {
                    f.hint = why;
                }
                out.push(f);
            }
            return None;
        }
    };
    let Value::Map(entries) = &root.value else {
        out.push(Finding::new(
            "frontmatter.not-mapping",
            path,
            root.start.line,
            root.start.col,
            format!(
                "the frontmatter is a {}, not a mapping of fields",
                root.kind()
            ),
            "write the frontmatter as `key: value` lines",
        ));
        return None;
    };
    let before = out.len();
    duplicates(path, &root, out);
    if out.len() == before && !had_tabs {
        let options = serde_saphyr::Options::default();
        if let Err(e) = serde_saphyr::from_str_with_options::<
            std::collections::BTreeMap<String, serde::de::IgnoredAny>,
        >(yaml, options)
        {
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
            let p = map.yaml_line_col(line, col.saturating_sub(1));
            out.push(Finding::new(
                "yaml.syntax",
                path,
                p.line,
                p.col,
                format!("invalid YAML: {}", e.without_snippet()),
                "fix the YAML at this position",
            ));
        }
    }
    let mut prev: Option<&Node> = None;
    for (key, value) in entries {
        let key_text = key.as_str().unwrap_or_default();
        if is_escaped_prose(key_text, prev) {
            out.push(
                Finding::new(
                    "yaml.escaped-prose",
                    path,
                    key.start.line,
                    key.start.col,
                    format!(
                        "`{key_text}` is prose that escaped the block above: YAML ended the previous value at line {} and read this line as a new top-level key, so that text is missing from the value",
                        last_text_line_before(doc, key.start.line)
                    ),
                    "indent every line of the multi-line value by the same amount (blank lines included), or quote the whole value",
                )
                .width(key_text.chars().count()),
            );
        }
        if !NON_STRING_FIELDS.contains(&key_text) {
            scalar_checks(path, doc, key, value, out);
            if key_text == "metadata"
                && let Value::Map(m) = &value.value
            {
                for (k, v) in m {
                    scalar_checks(path, doc, k, v, out);
                }
            }
        }
        prev = Some(value);
    }
    Some(root)
}

/// The file line of the last frontmatter line above file line `line` that holds text: where
/// the value before an escaped line ended (blank lines between them end it).
fn last_text_line_before(doc: &Document, line: usize) -> usize {
    doc.yaml_text()
        .lines()
        .zip(doc.yaml_line..line)
        .filter(|(text, _)| !text.trim().is_empty())
        .map(|(_, n)| n)
        .last()
        .unwrap_or(line)
}

/// Whether `key` is prose that escaped the block scalar (or multi-line plain scalar) `prev`.
pub fn is_escaped_prose(key: &str, prev: Option<&Node>) -> bool {
    let multi_line_prev = prev.is_some_and(|p| {
        matches!(
            &p.value,
            Value::Scalar {
                style: ScalarStyle::Literal | ScalarStyle::Folded,
                ..
            }
        ) || (p.end.line > p.start.line && p.as_str().is_some())
    });
    key.trim().contains(char::is_whitespace)
        || (multi_line_prev && key.starts_with(|c: char| c.is_uppercase()))
}

/// Explain a syntax error on `line` (1-based, in the YAML) that follows a block scalar.
fn escaped_block_hint(yaml: &str, line: usize) -> Option<String> {
    let all: Vec<&str> = lines(yaml).map(|(_, l)| l).collect();
    let here = all.get(line.checked_sub(1)?)?;
    let block_above = all[..line - 1]
        .iter()
        .rev()
        .find(|l| !l.starts_with(' ') && !l.trim().is_empty())?;
    let t = block_above.trim_end();
    let is_block = [">", ">-", ">+", "|", "|-", "|+"]
        .iter()
        .any(|s| t.ends_with(&format!(": {s}")));
    (is_block && !here.starts_with(' ')).then(|| {
        "this line is prose that escaped the block scalar above: it is indented less than the block, so YAML ended the block and tried to read this line as a new key; indent it like the rest of the block".to_string()
    })
}

fn scalar_checks(path: &Path, doc: &Document, key: &Node, value: &Node, out: &mut Vec<Finding>) {
    let Value::Scalar {
        text,
        style,
        tagged,
    } = &value.value
    else {
        return;
    };
    let key_text = key.as_str().unwrap_or_default();
    if *style == ScalarStyle::Plain && !tagged {
        // `key: #comment` or `key: value # comment`.
        let value_line_end = line_end(&doc.text, value.end.byte - doc.base);
        let rest = &doc.text[value.end.byte - doc.base..value_line_end];
        let rest_after_key = if text.is_empty() {
            let key_end = key.end.byte - doc.base;
            let after = &doc.text[key_end..line_end(&doc.text, key_end)];
            after.trim_start().strip_prefix(':').map(str::trim_start)
        } else {
            None
        };
        if let Some(after) = rest_after_key.filter(|a| a.starts_with('#')) {
            out.push(Finding::new(
                "yaml.comment-cut",
                path,
                key.end.line,
                key.end.col + (key_line_tail_offset(&doc.text, key.end.byte - doc.base)),
                format!(
                    "the value of `{key_text}` is empty: `{}` is a comment, not the value",
                    after.chars().take(30).collect::<String>()
                ),
                format!(
                    "quote the value: `{key_text}: \"{}\"`",
                    after.replace('"', "\\\"")
                ),
            ));
        } else if !text.is_empty()
            && rest.starts_with(char::is_whitespace)
            && rest.trim_start().starts_with('#')
        {
            let col = value.end.col + (rest.len() - rest.trim_start().len());
            out.push(Finding::new(
                "yaml.comment-cut",
                path,
                value.end.line,
                col,
                format!("the value of `{key_text}` ends before ` #`: `{}` is a comment and is dropped", rest.trim().chars().take(40).collect::<String>()),
                "if this text belongs to the value, quote the whole value",
            ).width(rest.trim().chars().count()));
        }
        if let Some(c) = classify(text) {
            let severity = if c.core12 {
                crate::rules::Severity::Error
            } else {
                crate::rules::Severity::Warning
            };
            let readers = if c.core12 {
                "YAML 1.2 parsers (Claude Code's `yaml`, serde_yaml in Codex) and YAML 1.1 parsers (PyYAML)"
            } else {
                "YAML 1.1 parsers (PyYAML in quick_validate.py, js-yaml in older tools)"
            };
            let mut f = Finding::new(
                "yaml.ambiguous-scalar",
                path,
                value.start.line,
                value.start.col,
                format!(
                    "`{key_text}: {text}` is read as {} by {readers}, not as the string `{text}`",
                    c.kind_article()
                ),
                format!("quote it: `{key_text}: \"{text}\"`"),
            )
            .severity(severity)
            .width(text.chars().count());
            if value.start.line == value.end.line {
                f = f.with_edit(Edit {
                    start: value.start.byte,
                    end: value.end.byte,
                    replacement: quote(text),
                });
            }
            out.push(f);
        }
    }
    if text.contains("---") {
        out.push(Finding::new(
            "yaml.dashes-in-value",
            path,
            value.start.line,
            value.start.col,
            format!("the value of `{key_text}` contains `---`: skills-ref splits the file there and truncates it"),
            "use `--` or an em dash instead",
        ));
    }
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| from + i)
}

fn key_line_tail_offset(text: &str, key_end: usize) -> usize {
    let end = line_end(text, key_end);
    let tail = &text[key_end..end];
    match tail.find('#') {
        Some(i) => tail[..i].chars().count(),
        None => 0,
    }
}

/// A YAML double-quoted scalar with the same value as `text`.
pub fn quote(text: &str) -> String {
    let mut q = String::with_capacity(text.len() + 2);
    q.push('"');
    for c in text.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// What a plain scalar resolves to, when not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// `boolean`, `integer`, `float`, `date`, `null`.
    pub kind: &'static str,
    /// Whether YAML 1.2's core schema (not only YAML 1.1) reads it so.
    pub core12: bool,
}

impl Resolved {
    fn kind_article(&self) -> String {
        match self.kind {
            "integer" => "an integer".into(),
            k => format!("a {k}"),
        }
    }
}

static CORE_INT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$").ok());
static CORE_FLOAT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$").ok()
});
static Y11_NUM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$").ok()
});
static Y11_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$").ok()
});

fn is(re: &LazyLock<Option<Regex>>, s: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(s))
}

/// How a plain scalar is read by YAML 1.2 core or YAML 1.1 parsers, when not as a string.
/// The empty scalar (null) is not reported here: field checks report it as empty.
pub fn classify(s: &str) -> Option<Resolved> {
    let r = |kind, core12| Some(Resolved { kind, core12 });
    match s {
        "" => None,
        "~" | "null" | "Null" | "NULL" => r("null", true),
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => r("boolean", true),
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON"
        | "off" | "Off" | "OFF" => r("boolean", false),
        _ if is(&CORE_INT, s) => r("integer", true),
        _ if is(&CORE_FLOAT, s) => r("float", true),
        _ if is(&Y11_DATE, s) => r("date", false),
        _ if is(&Y11_NUM, s) => r("number", false),
        _ => None,
    }
}

fn duplicates(path: &Path, node: &Node, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Map(entries) => {
            for (i, (k, _)) in entries.iter().enumerate() {
                let Some(text) = k.as_str() else { continue };
                if let Some((first, _)) =
                    entries[..i].iter().find(|(p, _)| p.as_str() == Some(text))
                {
                    out.push(
                        Finding::new(
                            "yaml.duplicate-key",
                            path,
                            k.start.line,
                            k.start.col,
                            format!("`{text}` is defined twice (first on line {}): Codex rejects the file, lenient parsers keep one of the values", first.start.line),
                            "remove one of the two entries",
                        )
                        .width(text.chars().count()),
                    );
                }
            }
            for (_, v) in entries {
                duplicates(path, v, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|v| duplicates(path, v, out)),
        _ => {}
    }
}

/// Maps YAML positions to file positions.
struct PosMap {
    /// Byte offset (in the file) of each line start of the document text.
    line_starts: Vec<usize>,
    text: String,
    base: usize,
    yaml_line: usize,
    yaml_start: usize,
}

impl PosMap {
    fn new(doc: &Document) -> PosMap {
        let line_starts = lines(&doc.text).map(|(s, _)| s).collect();
        PosMap {
            line_starts,
            text: doc.text.clone(),
            base: doc.base,
            yaml_line: doc.yaml_line,
            yaml_start: doc.yaml.start,
        }
    }

    /// Position of a byte offset in the document text.
    fn byte(&self, b: usize) -> Pos {
        let idx = self
            .line_starts
            .partition_point(|s| *s <= b)
            .saturating_sub(1);
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let col = self.text.get(start..b).map_or(0, |s| s.chars().count());
        Pos {
            line: idx + 1,
            col: col + 1,
            byte: self.base + b,
        }
    }

    /// Position of a 1-based YAML line and 0-based character column.
    fn yaml_line_col(&self, line: usize, col: usize) -> Pos {
        let file_line = self.yaml_line + line.saturating_sub(1);
        let start = self
            .line_starts
            .get(file_line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let rest = &self.text[start..];
        let byte = rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i);
        let _ = self.yaml_start;
        Pos {
            line: file_line,
            col: col + 1,
            byte: self.base + start + byte,
        }
    }
}

fn build(yaml: &str, map: &PosMap, _yaml_start: usize) -> Result<Node, ScanError> {
    let mut events = Parser::new_from_str(yaml).peekable();
    let mut root: Option<Node> = None;
    let mut anchors = Anchors::new();
    while let Some(ev) = events.next() {
        let (event, span) = ev?;
        match event {
            Event::StreamStart
            | Event::DocumentStart(..)
            | Event::DocumentEnd
            | Event::StreamEnd => {}
            other => {
                let node = node(other, span, &mut events, map, &mut anchors)?;
                if root.is_none() {
                    root = Some(node);
                }
            }
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Scalar {
            text: String::new(),
            style: ScalarStyle::Plain,
            tagged: false,
        },
        start: map.yaml_line_col(1, 0),
        end: map.yaml_line_col(1, 0),
    }))
}

type Events<'a> = std::iter::Peekable<Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>>;

/// The values of the anchors (`&name`) seen so far, by the parser's anchor id: an alias
/// (`*name`) is the value it refers to, as every host's YAML parser reads it.
type Anchors = std::collections::HashMap<usize, Value>;

fn node(
    event: Event<'_>,
    span: serde_saphyr::granit_parser::Span,
    events: &mut Events<'_>,
    map: &PosMap,
    anchors: &mut Anchors,
) -> Result<Node, ScanError> {
    let start = map.yaml_line_col(span.start.line(), span.start.col());
    let mut end = map.yaml_line_col(span.end.line(), span.end.col());
    let anchor = match &event {
        Event::Scalar(_, _, id, _)
        | Event::MappingStart(_, id, _)
        | Event::SequenceStart(_, id, _) => *id,
        _ => 0,
    };
    let value = match event {
        // An empty value (`name:`) has no text, whatever the parser names it (`~`).
        Event::Scalar(text, style, _, tag) => Value::Scalar {
            text: if start.byte == end.byte {
                String::new()
            } else {
                text.into_owned()
            },
            style,
            tagged: tag.is_some(),
        },
        Event::Alias(id) => anchors.get(&id).cloned().unwrap_or(Value::Alias),
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            while let Some(next) = events.next() {
                let (ev, sp) = next?;
                if matches!(ev, Event::MappingEnd) {
                    end = map.yaml_line_col(sp.end.line(), sp.end.col());
                    break;
                }
                let k = node(ev, sp, events, map, anchors)?;
                let Some(next) = events.next() else { break };
                let (ev, sp) = next?;
                let v = node(ev, sp, events, map, anchors)?;
                entries.push((k, v));
            }
            Value::Map(entries)
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            while let Some(next) = events.next() {
                let (ev, sp) = next?;
                if matches!(ev, Event::SequenceEnd) {
                    end = map.yaml_line_col(sp.end.line(), sp.end.col());
                    break;
                }
                items.push(node(ev, sp, events, map, anchors)?);
            }
            Value::Seq(items)
        }
        _ => Value::Alias,
    };
    if anchor != 0 {
        anchors.insert(anchor, value.clone());
    }
    Ok(Node { value, start, end })
}

/// The frontmatter's values in a canonical form (scalars by their text, whatever their
/// quoting), for checking that a rewrite keeps the meaning. `None` when it does not parse.
pub fn canonical(doc: &Document) -> Option<String> {
    let map = PosMap::new(doc);
    let root = build(doc.yaml_text(), &map, doc.yaml.start).ok()?;
    let mut out = String::new();
    dump(&root, &mut out);
    Some(out)
}

fn dump(node: &Node, out: &mut String) {
    match &node.value {
        Value::Scalar { text, .. } => {
            out.push_str(&format!("{text:?}"));
        }
        Value::Map(entries) => {
            out.push('{');
            for (k, v) in entries {
                dump(k, out);
                out.push(':');
                dump(v, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Seq(items) => {
            out.push('[');
            for v in items {
                dump(v, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Alias => out.push('*'),
    }
}
