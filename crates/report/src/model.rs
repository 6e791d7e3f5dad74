//! The neutral result model the writers take: what a tool found ([`Diagnostic`]) and the
//! rules it can report ([`RuleDescriptor`]). Field names follow SARIF 2.1.0 (OASIS SARIF
//! Version 2.1.0: §3.27 `result`, §3.30 `region`, §3.33 `logicalLocation`, §3.49
//! `reportingDescriptor`), which is the richer of the two output formats.

use std::collections::BTreeMap;

/// How bad a finding is: SARIF `result.level` (§3.27.10) and the GitHub workflow command
/// that shows it (`error`, `warning`, `notice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A note: SARIF `"note"`, GitHub `::notice`.
    Note,
    /// A warning: SARIF `"warning"`, GitHub `::warning`.
    Warning,
    /// An error: SARIF `"error"`, GitHub `::error`.
    Error,
}

impl Level {
    /// The SARIF `level` value (§3.27.10): `"error"`, `"warning"` or `"note"`.
    pub fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// The GitHub workflow command name: `error`, `warning` or `notice`.
    pub fn github(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        }
    }
}

/// Where in a text file a finding is: 1-based line and column (columns in characters),
/// SARIF `region` (§3.30; `startLine` §3.30.5, `startColumn` §3.30.6, `endColumn` §3.30.8,
/// exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// 1-based line.
    pub start_line: usize,
    /// 1-based column of the first character.
    pub start_column: usize,
    /// 1-based column just past the last character, when the span is known.
    pub end_column: Option<usize>,
}

impl Region {
    /// A region at `line`:`column` (both 1-based) without an end.
    pub fn new(line: usize, column: usize) -> Self {
        Self {
            start_line: line,
            start_column: column,
            end_column: None,
        }
    }

    /// The same region ending before 1-based column `end_column`.
    pub fn until(self, end_column: usize) -> Self {
        Self {
            end_column: Some(end_column),
            ..self
        }
    }
}

/// A place inside a file that is not a line and column, e.g. a JSON pointer: SARIF
/// `logicalLocation` (§3.33) with `fullyQualifiedName` (§3.33.5) and `kind` (§3.33.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLocation {
    /// The name, e.g. `/mcpServers/runner/args` (RFC 6901 JSON pointer).
    pub fully_qualified_name: String,
    /// The SARIF kind, e.g. `member` (§3.33.7 lists the well-known values).
    pub kind: String,
}

/// One finding in one file: SARIF `result` (§3.27) and one GitHub annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id, e.g. `frontmatter.name-format` (SARIF `ruleId`, §3.27.5).
    pub rule_id: String,
    /// Severity.
    pub level: Level,
    /// What is wrong, here.
    pub message: String,
    /// How to fix it; both writers append it as ` (help: …)` to the message.
    pub help: Option<String>,
    /// The file as the tool names it: relative paths stay relative; `\` separators are
    /// written as `/`.
    pub path: String,
    /// Line and column, when the finding has them.
    pub region: Option<Region>,
    /// A logical location inside the file (SARIF only).
    pub logical_location: Option<LogicalLocation>,
    /// SARIF `partialFingerprints` (§3.27.17): name (e.g. `secretDigest/v1`) → value.
    pub partial_fingerprints: BTreeMap<String, String>,
}

impl Diagnostic {
    /// A finding of `rule_id` at `level` in `path`, with no region, help or logical location.
    pub fn new(
        rule_id: impl Into<String>,
        level: Level,
        message: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            rule_id: rule_id.into(),
            level,
            message: message.into(),
            help: None,
            path: path.into(),
            region: None,
            logical_location: None,
            partial_fingerprints: BTreeMap::new(),
        }
    }

    /// The same finding at `region`.
    pub fn at(self, region: Region) -> Self {
        Self {
            region: Some(region),
            ..self
        }
    }

    /// The same finding with help text.
    pub fn with_help(self, help: impl Into<String>) -> Self {
        Self {
            help: Some(help.into()),
            ..self
        }
    }

    /// The same finding at a logical location `name` of SARIF kind `kind`.
    pub fn in_logical(self, name: impl Into<String>, kind: impl Into<String>) -> Self {
        Self {
            logical_location: Some(LogicalLocation {
                fully_qualified_name: name.into(),
                kind: kind.into(),
            }),
            ..self
        }
    }

    /// The same finding with one more partial fingerprint `name` = `value`.
    pub fn with_fingerprint(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.partial_fingerprints.insert(name.into(), value.into());
        self
    }

    /// The text both writers show: the message, then ` (help: HELP)` when there is help.
    pub fn text(&self) -> String {
        match &self.help {
            Some(help) => format!("{} (help: {help})", self.message),
            None => self.message.clone(),
        }
    }

    /// The path with `/` separators.
    pub fn slash_path(&self) -> String {
        self.path.replace('\\', "/")
    }
}

/// One rule a tool can report: SARIF `reportingDescriptor` (§3.49), listed in
/// `tool.driver.rules` (§3.19.23).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDescriptor {
    /// Stable rule id (§3.49.3).
    pub id: String,
    /// One line: what is wrong (`shortDescription`, §3.49.9).
    pub short_description: Option<String>,
    /// The full explanation (`fullDescription`, §3.49.10).
    pub full_description: Option<String>,
    /// What to do about it (`help`, §3.49.13).
    pub help: Option<String>,
    /// A page documenting the rule (`helpUri`, §3.49.12), an absolute URI.
    pub help_uri: Option<String>,
    /// The level of its findings unless configured otherwise
    /// (`defaultConfiguration.level`, §3.49.14, §3.50.3).
    pub default_level: Option<Level>,
    /// Tool-specific properties (`properties`, §3.8), e.g. `{"source": …, "fixable": true}`;
    /// omitted when empty.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl RuleDescriptor {
    /// A rule with only its id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            short_description: None,
            full_description: None,
            help: None,
            help_uri: None,
            default_level: None,
            properties: serde_json::Map::new(),
        }
    }
}
