//! Errors that stop a command before it can report findings (exit code 2).

use std::path::PathBuf;

/// An I/O or parse failure, carrying the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read, written or listed.
    #[error("{}: {context}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done.
        context: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not JSON, or not the shape its format requires.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The directory is not a repository plugin-manifest can work on.
    #[error("{}: {message}", path.display())]
    Layout {
        /// The directory or file.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, context: &'static str, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            context,
            source,
        }
    }

    /// An [`Error::Parse`] from a serde_json error in `path`.
    pub fn json(path: impl Into<PathBuf>, e: &serde_json::Error) -> Self {
        Self::Parse {
            path: path.into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
