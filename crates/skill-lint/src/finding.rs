//! A finding: one rule violation at one place in one file, plus the mechanical edit that
//! repairs it when there is a safe one.

use crate::rules::{self, Severity};
use serde::Serialize;
use std::path::PathBuf;

/// One replacement of a byte range of the file (offsets into the file's bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// One rule violation.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule id (see [`crate::rules::RULES`]).
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// The file, as given or found (relative paths stay relative).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Width of the marked span in characters (at least 1).
    #[serde(skip)]
    pub width: usize,
    /// What is wrong, here.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The safe mechanical repair, when there is one (`--fix` applies it).
    #[serde(skip)]
    pub edit: Option<Edit>,
    /// Whether `--fix` can repair this finding.
    pub fixable: bool,
    /// What the human format shows of the source line.
    #[serde(skip)]
    pub snippet: Snippet,
}

/// The source line the human format shows under a finding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Snippet {
    /// The file's own line `line` (read when rendering).
    #[default]
    File,
    /// No line: it holds a credential (see [`crate::credentials`]).
    Hidden,
    /// The file's line `line`, taken while linting from the text the checks read (the same
    /// text the human format would read again).
    Line(String),
    /// This text instead of the file's line (the line with its credentials masked), the
    /// caret at 1-based `column` over `width` characters of it.
    Masked {
        /// The line, credentials replaced by their masked form.
        text: String,
        /// 1-based column of the caret, in characters of `text`.
        column: usize,
        /// Caret width in characters.
        width: usize,
    },
}

impl Finding {
    /// A finding of `rule` at `line`:`column` (1-based) with its rule's default severity.
    pub fn new(
        rule: &'static str,
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        let severity = rules::rule(rule).map_or(Severity::Error, |r| r.severity);
        Finding {
            rule,
            severity,
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            width: 1,
            message: message.into(),
            hint: hint.into(),
            edit: None,
            fixable: false,
            snippet: Snippet::File,
        }
    }

    /// The same finding with another severity.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// The same finding marking `width` characters.
    pub fn width(mut self, width: usize) -> Finding {
        self.width = width.max(1);
        self
    }

    /// The same finding with a repair.
    pub fn with_edit(mut self, edit: Edit) -> Finding {
        self.edit = Some(edit);
        self.fixable = true;
        self
    }
}
