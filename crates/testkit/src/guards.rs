//! Building hookkit's own hook binaries for tests in other packages.
//!
//! `CARGO_BIN_EXE_<name>` exists only for binaries of the package under test, and
//! `cargo test -p plugin-manifest` does not build other packages' binaries, so a test that
//! needs `command-guard` or `secret-guard` builds them itself: it runs
//! `$CARGO build --manifest-path <workspace>/Cargo.toml -p <pkg>...` (the `cargo` that runs
//! the test, so the same toolchain, profile `dev`, and the same `CARGO_TARGET_DIR` since
//! the environment is inherited). Cargo releases its build lock before it runs tests, so
//! this nested build waits only for other, unrelated builds. A no-op build takes well
//! under a second.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::process::run_with_timeout;

/// The limit on the nested `cargo build` (a cold build of both guards on 2 cores).
pub const GUARD_BUILD_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// The workspace root (two levels above this crate).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// Builds the binaries of `packages` (each package's binary has the package's name, as
/// `command-guard` and `secret-guard` do) and returns their absolute paths, in order.
///
/// # Errors
/// [`Error::CommandFailed`] or [`Error::Timeout`] when `cargo build` fails;
/// [`Error::WrongInstall`] when a binary is missing afterwards; [`Error::Io`] otherwise.
pub fn build_workspace_bins(packages: &[&str]) -> Result<Vec<PathBuf>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = workspace_root().join("Cargo.toml");
    let mut command = Command::new(&cargo);
    command.arg("build").arg("--manifest-path").arg(&manifest);
    for package in packages {
        command.args(["-p", package]);
    }
    command.arg("--message-format=short");
    let display = format!(
        "{} build --manifest-path {} -p {}",
        cargo.to_string_lossy(),
        manifest.display(),
        packages.join(" -p ")
    );
    let logs =
        tempfile::tempdir().map_err(|e| Error::io("creating a temp dir for cargo logs", e))?;
    let finished = run_with_timeout(command, &display, logs.path(), GUARD_BUILD_TIMEOUT)?;
    if !finished.status.success() {
        return Err(Error::CommandFailed {
            command: display,
            status: finished.status,
            stdout: finished.stdout,
            stderr: finished.stderr,
        });
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let debug = std::path::absolute(target.join("debug"))
        .map_err(|e| Error::io("resolving the target dir", e))?;
    packages
        .iter()
        .map(|package| {
            let bin = debug.join(package);
            if bin.is_file() {
                Ok(bin)
            } else {
                Err(Error::WrongInstall {
                    path: bin,
                    expected: format!("the `{package}` binary after `{display}`"),
                    found: "nothing".to_owned(),
                })
            }
        })
        .collect()
}

/// `command` with a scratch `home`: `HOME` and the XDG configuration and state directories
/// under it (`.config`, `.local/state`), and no `$HOOKKIT_CONFIG`, so that a hookkit binary
/// reads and writes only there (the user's configuration, the audit trail, trust records)
/// and never the real home.
pub fn scratch_home<'a>(command: &'a mut Command, home: &Path) -> &'a mut Command {
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env_remove("HOOKKIT_CONFIG")
}

/// A fresh directory holding a symlink to each of `bins` under its file name, to put
/// first on a host's `PATH` so that the generated hook commands (`command -v
/// command-guard`) find exactly these binaries and nothing else from `target/debug`.
///
/// # Errors
/// [`Error::Io`] when the directory or a link cannot be created.
pub fn bin_dir(bins: &[PathBuf]) -> Result<TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("hookkit-e2e-bin-")
        .tempdir()
        .map_err(|e| Error::io("creating a bin dir", e))?;
    for bin in bins {
        let name = bin.file_name().ok_or_else(|| {
            Error::io(
                format!("{} has no file name", bin.display()),
                std::io::ErrorKind::InvalidInput.into(),
            )
        })?;
        let link = dir.path().join(name);
        std::os::unix::fs::symlink(bin, &link)
            .map_err(|e| Error::io(format!("linking {}", link.display()), e))?;
    }
    Ok(dir)
}

/// Both guards built and first on a `PATH`, and a scratch copy of the GENERATED
/// `plugins/agent-guardrails` bundle (both guards' registrations): a host run with
/// [`Guardrails::bundle`] as its plugin and [`Guardrails::path`] as its `PATH` is guarded
/// as a user's would be. The scratch directories live as long as this value.
#[derive(Debug)]
pub struct Guardrails {
    /// The `command-guard` and `secret-guard` binaries, in that order.
    pub guards: Vec<PathBuf>,
    bins: TempDir,
    bundle: TempDir,
}

impl Guardrails {
    /// Builds the guards ([`build_workspace_bins`]) and copies the bundle.
    ///
    /// # Errors
    /// As [`build_workspace_bins`], [`bin_dir`] and [`crate::copy_tree`].
    pub fn new() -> Result<Self> {
        let guards = build_workspace_bins(&["command-guard", "secret-guard"])?;
        let bins = bin_dir(&guards)?;
        let bundle = tempfile::Builder::new()
            .prefix("hookkit-e2e-bundle-")
            .tempdir()
            .map_err(|e| Error::io("creating a bundle dir", e))?;
        crate::copy_tree(
            &workspace_root().join("plugins/agent-guardrails"),
            bundle.path(),
        )?;
        Ok(Self {
            guards,
            bins,
            bundle,
        })
    }

    /// The copy of the bundle, for `--plugin-dir`.
    pub fn bundle(&self) -> &Path {
        self.bundle.path()
    }

    /// This process's `PATH` with the guards' directory first.
    pub fn path(&self) -> std::ffi::OsString {
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        std::env::join_paths(
            std::iter::once(self.bins.path().to_path_buf())
                .chain(std::env::split_paths(&inherited)),
        )
        .unwrap_or(inherited)
    }
}
