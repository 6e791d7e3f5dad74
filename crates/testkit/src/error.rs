//! The one error type of the harness.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::Duration;

/// Everything that can go wrong while setting up or driving an end-to-end session.
///
/// Every variant carries enough context (a path, a command line, captured output) for
/// a failing test to say what happened without rerunning it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A filesystem or process operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What the harness was doing, with the path involved.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The fake model server could not start or answer.
    #[error("fake Anthropic server: {0}")]
    Server(String),
    /// `npm` is not on `PATH`, so the host CLI cannot be installed.
    #[error(
        "`npm` was not found on PATH; the end-to-end tests install {package} from the npm \
         registry with it. Install Node.js and npm, or set HOOKKIT_SKIP_E2E=1 to skip these tests \
         on a developer machine (CI must not)"
    )]
    NpmMissing {
        /// The package spec that was to be installed, e.g. `@anthropic-ai/claude-code@2.1.328`.
        package: String,
    },
    /// A command the harness ran exited unsuccessfully.
    #[error("`{command}` failed ({status})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}")]
    CommandFailed {
        /// The command line, for humans.
        command: String,
        /// How it exited.
        status: ExitStatus,
        /// Its standard output (lossy UTF-8).
        stdout: String,
        /// Its standard error (lossy UTF-8).
        stderr: String,
    },
    /// A command the harness ran did not finish in time and was killed.
    #[error(
        "`{command}` did not finish within {timeout:?} and was killed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    )]
    Timeout {
        /// The command line, for humans.
        command: String,
        /// The limit that expired.
        timeout: Duration,
        /// What it had written to standard output (lossy UTF-8).
        stdout: String,
        /// What it had written to standard error (lossy UTF-8).
        stderr: String,
    },
    /// The installed host CLI is missing or reports a different version than expected.
    #[error("{path}: expected {expected}, found {found}")]
    WrongInstall {
        /// The executable or manifest that was checked.
        path: PathBuf,
        /// What the harness expected, e.g. `Claude Code 2.1.328`.
        expected: String,
        /// What it found instead.
        found: String,
    },
}

impl Error {
    /// An [`Error::Io`] with `context` describing the operation and path.
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

/// `Result` with the harness's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
