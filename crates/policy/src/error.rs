//! The library's error type. Every error names the file (and line, column or rule id)
//! it is about and says what to do.

use std::path::{Path, PathBuf};

/// An error loading rules or configuration, or writing the audit log.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A TOML file does not parse or has a key or value hookkit does not know.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong and, where known, what to write instead.
        message: String,
    },
    /// A rule or setting parses but breaks an invariant.
    #[error("{}: {message}", path.as_deref().map_or_else(|| "<built-in>".into(), |p| p.display().to_string()))]
    Invalid {
        /// The file, when known.
        path: Option<PathBuf>,
        /// What is wrong and what to do.
        message: String,
    },
}

impl Error {
    /// A [`Error::Parse`] from a `toml` error, with the line and column of its span in
    /// `text`.
    pub(crate) fn parse(path: &Path, text: &str, err: &toml::de::Error) -> Error {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        Error::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: err.message().trim().to_owned(),
        }
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Where a rule-level problem is, for [`Error::Invalid`].
pub(crate) struct Located {
    path: Option<PathBuf>,
}

impl Located {
    pub(crate) fn rule(rule: &crate::rules::Rule) -> Located {
        Located {
            path: rule.source.clone(),
        }
    }

    pub(crate) fn invalid(&self, message: String) -> Error {
        Error::Invalid {
            path: self.path.clone(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let text = "a\nbé c\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        assert_eq!(line_column(text, 5), (2, 3));
    }
}
