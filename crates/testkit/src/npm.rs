//! Installing a pinned host CLI from the npm registry under `<target>/e2e-hosts/`, once.
//!
//! For every pinned host (Claude Code, Codex, Gemini CLI, Copilot CLI, Qwen Code, opencode,
//! Kilo CLI, Factory droid):
//! `npm install --no-audit --no-fund --save-exact --prefix <target>/e2e-hosts/<dir> <package>@<version>`
//! under an exclusive file lock on `<dir>.lock`, reused when the installed `package.json`
//! reports the pinned version.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::install::{NPM_INSTALL_TIMEOUT, find_on_path, hosts_dir};
use crate::process::run_with_timeout;

/// One pinned npm package that provides a host CLI.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NpmHost {
    /// The package name, e.g. `@openai/codex`.
    pub(crate) package: &'static str,
    /// The exact version, e.g. `0.169.0`.
    pub(crate) version: &'static str,
    /// The executable, relative to `node_modules/`: `.bin/codex` for a package's declared
    /// bin, or a file inside a package that declares none
    /// (`@factory/cli-linux-x64/bin/droid`).
    pub(crate) bin: &'static str,
    /// The install directory's name under `<target>/e2e-hosts/` (without the version).
    pub(crate) dir: &'static str,
    /// When set, an install is verified also by running `<bin> --version` (in a scratch
    /// `HOME`, with only `PATH` and these variables set), which must print the version.
    pub(crate) version_probe_env: Option<&'static [(&'static str, &'static str)]>,
    /// `(VARIABLE, folder)`: the probe also sets `VARIABLE` to `<install>/<folder>`, for a
    /// host that unpacks itself on first run into a cache it finds by that variable.
    pub(crate) cache_env: Option<(&'static str, &'static str)>,
}

/// The limit on `<bin> --version`.
const VERSION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Verified installs of this process, by package spec.
static INSTALLED: Mutex<Option<HashMap<String, PathBuf>>> = Mutex::new(None);

/// Ensures `host` is installed and returns the path of its executable.
///
/// # Errors
/// [`Error::NpmMissing`] when `npm` is not on `PATH`; [`Error::CommandFailed`] or
/// [`Error::Timeout`] when `npm install` fails; [`Error::WrongInstall`] when the installed
/// `package.json` or executable is not the pinned one; [`Error::Io`] for filesystem errors.
pub(crate) fn install(host: NpmHost) -> Result<PathBuf> {
    let spec = format!("{}@{}", host.package, host.version);
    let mut installed = INSTALLED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(path) = installed.as_ref().and_then(|m| m.get(&spec)) {
        return Ok(path.clone());
    }
    let hosts = hosts_dir();
    std::fs::create_dir_all(&hosts)
        .map_err(|e| Error::io(format!("creating {}", hosts.display()), e))?;
    let prefix = hosts.join(format!("{}-{}", host.dir, host.version));
    let lock_path = hosts.join(format!("{}-{}.lock", host.dir, host.version));
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
    lock.lock()
        .map_err(|e| Error::io(format!("locking {}", lock_path.display()), e))?;
    let result = install_locked(host, &spec, &prefix);
    let _ = lock.unlock();
    drop(lock);
    let bin = result?;
    installed
        .get_or_insert_with(HashMap::new)
        .insert(spec, bin.clone());
    Ok(bin)
}

fn install_locked(host: NpmHost, spec: &str, prefix: &Path) -> Result<PathBuf> {
    let bin = prefix.join("node_modules").join(host.bin);
    if verify(host, prefix, &bin).is_ok() {
        return Ok(bin);
    }
    let npm = find_on_path("npm").ok_or_else(|| Error::NpmMissing {
        package: spec.to_owned(),
    })?;
    std::fs::create_dir_all(prefix)
        .map_err(|e| Error::io(format!("creating {}", prefix.display()), e))?;
    let mut command = Command::new(&npm);
    command
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            "--prefix",
        ])
        .arg(prefix)
        .arg(spec);
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
    verify(host, prefix, &bin)?;
    Ok(bin)
}

/// Checks the installed `package.json` version and that the executable exists.
fn verify(host: NpmHost, prefix: &Path, bin: &Path) -> Result<()> {
    let manifest = prefix
        .join("node_modules")
        .join(host.package)
        .join("package.json");
    let found = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|v| v.get("version")?.as_str().map(str::to_owned));
    if found.as_deref() != Some(host.version) {
        return Err(Error::WrongInstall {
            path: manifest,
            expected: format!("package version {}", host.version),
            found: found.unwrap_or_else(|| "no readable package.json".to_owned()),
        });
    }
    if !bin.is_file() {
        return Err(Error::WrongInstall {
            path: bin.to_owned(),
            expected: format!("the `{}` executable", host.bin),
            found: "nothing".to_owned(),
        });
    }
    match host.version_probe_env {
        Some(env) => probe_version(host, prefix, bin, env),
        None => Ok(()),
    }
}

/// Checks that `<bin> --version` runs and reports the pinned version.
fn probe_version(host: NpmHost, prefix: &Path, bin: &Path, env: &[(&str, &str)]) -> Result<()> {
    let scratch = tempfile::tempdir()
        .map_err(|e| Error::io(format!("creating a temp dir for {} --version", host.bin), e))?;
    let mut command = Command::new(bin);
    command
        .arg("--version")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch.path())
        .current_dir(scratch.path());
    for (key, value) in env {
        command.env(key, value);
    }
    if let Some((key, folder)) = host.cache_env {
        command.env(key, prefix.join(folder));
    }
    let display = format!("{} --version", bin.display());
    let finished = run_with_timeout(command, &display, scratch.path(), VERSION_TIMEOUT)?;
    if finished.status.success() && finished.stdout.contains(host.version) {
        Ok(())
    } else {
        Err(Error::WrongInstall {
            path: bin.to_owned(),
            expected: format!("`--version` to report {}", host.version),
            found: format!(
                "{}: stdout {:?}, stderr {:?}",
                finished.status,
                finished.stdout.trim(),
                finished.stderr.trim()
            ),
        })
    }
}
