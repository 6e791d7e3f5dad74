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
    Locator::new(text).at(at)
}

/// The 1-based line and column (in characters) of byte offsets in one text, counted on
/// from the last offset asked for: offsets asked in increasing order cost one pass over
/// the text in all (a scan's findings, in text order), not one each.
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    text: &'a str,
    /// The last offset asked for, and the number of newlines before it.
    at: usize,
    newlines: usize,
}

impl<'a> Locator<'a> {
    /// A locator over `text`, at its start.
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            at: 0,
            newlines: 0,
        }
    }

    /// The line and column of byte offset `at` (clamped to the text's length); an offset
    /// before the last one asked for is counted from the start again.
    pub fn at(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        if at < self.at {
            (self.at, self.newlines) = (0, 0);
        }
        let bytes = self.text.as_bytes();
        self.newlines += bytes
            .get(self.at..at)
            .map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
        self.at = at;
        let before = bytes.get(..at).unwrap_or(bytes);
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..at)
            .map_or(0, |s| s.chars().count())
            + 1;
        (self.newlines + 1, column)
    }
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

    #[test]
    fn a_locator_counts_on_and_starts_over_when_asked_backwards() {
        let text = "a\nbé c\nd\n";
        let mut l = Locator::new(text);
        let asked = [0, 2, 5, 8, 9, 2, 8, 100];
        let got: Vec<_> = asked.iter().map(|at| l.at(*at)).collect();
        let want: Vec<_> = asked.iter().map(|at| line_column(text, *at)).collect();
        assert_eq!(got, want);
        assert_eq!(&got[..5], [(1, 1), (2, 1), (2, 3), (3, 1), (3, 2)]);
    }
}
