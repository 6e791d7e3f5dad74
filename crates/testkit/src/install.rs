//! Installing the real host CLIs from the npm registry into the workspace's target dir.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Result;

/// The npm package of Claude Code.
pub const CLAUDE_CODE_PACKAGE: &str = "@anthropic-ai/claude-code";
/// The Claude Code version the fixtures under `/work/shared/hosts/claude` were captured with.
pub const CLAUDE_CODE_VERSION: &str = "2.1.328";
/// The limit on one `npm install` (the package pulls a ~370 MB native binary).
pub const NPM_INSTALL_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// The environment variable that skips the end-to-end tests (for developers without npm).
pub const SKIP_ENV: &str = "HOOKKIT_SKIP_E2E";

/// Whether the end-to-end tests are to be skipped (`HOOKKIT_SKIP_E2E=1`); prints a notice
/// naming `test` to stderr when they are (written to the process's stderr directly, so
/// the test harness's output capture does not hide it).
///
/// CI must not set the variable: without it, a missing `npm` is an error, never a pass.
pub fn skip_e2e(test: &str) -> bool {
    let skip = std::env::var_os(SKIP_ENV).is_some_and(|v| v == "1");
    if skip {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "note: {test}: skipped because {SKIP_ENV}=1 (this end-to-end test did NOT run)"
        );
    }
    skip
}

/// `<target>/e2e-hosts`: `$CARGO_TARGET_DIR` when set, else the workspace's `target/`.
pub fn hosts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("..")
                .join("target")
        });
    target.join("e2e-hosts")
}

/// Ensures Claude Code [`CLAUDE_CODE_VERSION`] is installed under
/// `<target>/e2e-hosts/claude-code-<version>/` and returns the path of its `claude`
/// executable.
///
/// Idempotent: an install whose `package.json` has the right version and whose
/// `claude --version` reports it is reused. Otherwise runs
/// `npm install --no-audit --no-fund --save-exact --prefix <dir> @anthropic-ai/claude-code@<version>`
/// while holding an exclusive lock on `<dir>.lock`, so concurrent test binaries install once
/// (see the `npm` module).
///
/// # Errors
/// [`Error::NpmMissing`](crate::Error::NpmMissing) when `npm` is not on `PATH`; [`Error::CommandFailed`](crate::Error::CommandFailed) or
/// [`Error::Timeout`](crate::Error::Timeout) when `npm install` fails; [`Error::WrongInstall`](crate::Error::WrongInstall) when the result
/// does not report the expected version; [`Error::Io`](crate::Error::Io) for filesystem errors.
pub fn install_claude_code() -> Result<PathBuf> {
    crate::npm::install(crate::npm::NpmHost {
        package: CLAUDE_CODE_PACKAGE,
        version: CLAUDE_CODE_VERSION,
        bin: ".bin/claude",
        dir: "claude-code",
        version_probe_env: Some(&[
            ("DISABLE_AUTOUPDATER", "1"),
            ("DISABLE_TELEMETRY", "1"),
            ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
        ]),
        cache_env: None,
    })
}

/// The first executable file named `name` in `$PATH`.
pub(crate) fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}
