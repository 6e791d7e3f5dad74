//! Installing the real host CLIs from the npm registry into the workspace's target dir.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::process::run_with_timeout;

/// The npm package of Claude Code.
pub const CLAUDE_CODE_PACKAGE: &str = "@anthropic-ai/claude-code";
/// The Claude Code version the fixtures under `/work/shared/hosts/claude` were captured with.
pub const CLAUDE_CODE_VERSION: &str = "2.1.328";
/// The limit on one `npm install` (the package pulls a ~370 MB native binary).
pub const NPM_INSTALL_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// The limit on `claude --version`.
const VERSION_TIMEOUT: Duration = Duration::from_secs(60);

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

/// Serializes installs between threads of one test binary (the file lock below does it
/// between processes) and remembers a verified install.
static INSTALLED: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Ensures Claude Code [`CLAUDE_CODE_VERSION`] is installed under
/// `<target>/e2e-hosts/claude-code-<version>/` and returns the path of its `claude`
/// executable.
///
/// Idempotent: an install whose `package.json` has the right version and whose
/// `claude --version` reports it is reused. Otherwise runs
/// `npm install --no-audit --no-fund --save-exact --prefix <dir> @anthropic-ai/claude-code@<version>`
/// while holding an exclusive lock on `<dir>.lock`, so concurrent test binaries install once.
///
/// # Errors
/// [`Error::NpmMissing`] when `npm` is not on `PATH`; [`Error::CommandFailed`] or
/// [`Error::Timeout`] when `npm install` fails; [`Error::WrongInstall`] when the result
/// does not report the expected version; [`Error::Io`] for filesystem errors.
pub fn install_claude_code() -> Result<PathBuf> {
    let mut installed = INSTALLED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(path) = installed.as_ref() {
        return Ok(path.clone());
    }
    let hosts = hosts_dir();
    std::fs::create_dir_all(&hosts)
        .map_err(|e| Error::io(format!("creating {}", hosts.display()), e))?;
    let prefix = hosts.join(format!("claude-code-{CLAUDE_CODE_VERSION}"));
    let lock_path = hosts.join(format!("claude-code-{CLAUDE_CODE_VERSION}.lock"));
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
    lock.lock()
        .map_err(|e| Error::io(format!("locking {}", lock_path.display()), e))?;
    let result = install_locked(&prefix);
    // Closing the file releases the lock, even when unlock fails.
    let _ = lock.unlock();
    drop(lock);
    let claude = result?;
    *installed = Some(claude.clone());
    Ok(claude)
}

fn install_locked(prefix: &Path) -> Result<PathBuf> {
    let claude = prefix.join("node_modules").join(".bin").join("claude");
    if manifest_version(prefix).as_deref() == Some(CLAUDE_CODE_VERSION)
        && verify(&claude, prefix).is_ok()
    {
        return Ok(claude);
    }
    let spec = format!("{CLAUDE_CODE_PACKAGE}@{CLAUDE_CODE_VERSION}");
    let npm = find_on_path("npm").ok_or_else(|| Error::NpmMissing {
        package: spec.clone(),
    })?;
    std::fs::create_dir_all(prefix)
        .map_err(|e| Error::io(format!("creating {}", prefix.display()), e))?;
    let mut command = Command::new(&npm);
    command.args([
        "install",
        "--no-audit",
        "--no-fund",
        "--save-exact",
        "--prefix",
    ]);
    command.arg(prefix).arg(&spec);
    let display = format!(
        "{} install --no-audit --no-fund --save-exact --prefix {} {spec}",
        npm.display(),
        prefix.display()
    );
    let logs = tempfile::tempdir().map_err(|e| Error::io("creating a temp dir for npm logs", e))?;
    let finished = run_with_timeout(command, &display, logs.path(), NPM_INSTALL_TIMEOUT)?;
    if !finished.status.success() {
        return Err(Error::CommandFailed {
            command: display,
            status: finished.status,
            stdout: finished.stdout,
            stderr: finished.stderr,
        });
    }
    verify(&claude, prefix)?;
    Ok(claude)
}

/// The `version` of the installed `@anthropic-ai/claude-code/package.json`, if readable.
fn manifest_version(prefix: &Path) -> Option<String> {
    let manifest = prefix
        .join("node_modules")
        .join(CLAUDE_CODE_PACKAGE)
        .join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    Some(value.get("version")?.as_str()?.to_owned())
}

/// Checks that `claude --version` runs and reports [`CLAUDE_CODE_VERSION`].
fn verify(claude: &Path, prefix: &Path) -> Result<()> {
    let found = manifest_version(prefix);
    if found.as_deref() != Some(CLAUDE_CODE_VERSION) {
        return Err(Error::WrongInstall {
            path: prefix.join("node_modules").join(CLAUDE_CODE_PACKAGE),
            expected: format!("package version {CLAUDE_CODE_VERSION}"),
            found: found.unwrap_or_else(|| "no readable package.json".to_owned()),
        });
    }
    let scratch = tempfile::tempdir()
        .map_err(|e| Error::io("creating a temp dir for claude --version", e))?;
    let mut command = Command::new(claude);
    command
        .arg("--version")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch.path())
        .env("DISABLE_AUTOUPDATER", "1")
        .env("DISABLE_TELEMETRY", "1")
        .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
        .current_dir(scratch.path());
    let display = format!("{} --version", claude.display());
    let finished = run_with_timeout(command, &display, scratch.path(), VERSION_TIMEOUT)?;
    if finished.status.success() && finished.stdout.contains(CLAUDE_CODE_VERSION) {
        Ok(())
    } else {
        Err(Error::WrongInstall {
            path: claude.to_owned(),
            expected: format!("`--version` to report {CLAUDE_CODE_VERSION}"),
            found: format!(
                "{}: stdout {:?}, stderr {:?}",
                finished.status,
                finished.stdout.trim(),
                finished.stderr.trim()
            ),
        })
    }
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
