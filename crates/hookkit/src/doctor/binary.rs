//! Whether a registered guard command would start: the program resolves (a path, or a
//! bare name on `PATH`), is an executable file, and answers `--version` like a hookkit
//! guard of this version. A program inside the current repository is not run (a cloned
//! project could plant one), only reported.
//!
//! Doctor looks the name up on its own `PATH`, the person's terminal. A host started from
//! a desktop launcher gets the session's `PATH` instead, which often lacks `~/.cargo/bin`
//! (issue 16): a guard found only there is reported as a warning with the absolute path to
//! register instead.

use super::Env;
use super::hooks::{GuardCall, repo_root};
use super::model::{Check, Finding, Level};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long `GUARD --version` may take before it counts as hanging.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// What a host does when the hook's program is missing or does not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenMissing {
    /// The tool call runs unguarded (Claude Code, Codex, Qwen Code; Cursor without `failClosed`).
    Runs,
    /// The tool call is blocked (Gemini CLI and Copilot CLI on exit 127, Cursor with
    /// `failClosed`, the plugin bundles' `command -v` check).
    Blocked,
}

impl WhenMissing {
    fn consequence(self, host: &str) -> String {
        match self {
            WhenMissing::Runs => {
                format!("{host} then runs every call this hook matches unguarded")
            }
            WhenMissing::Blocked => {
                format!("{host} then blocks every call this hook matches")
            }
        }
    }
}

/// The findings for one registered program: where it resolves, whether it starts and what
/// it answers. `host` names the host in messages.
pub fn check(call: &GuardCall, host: &str, missing: WhenMissing, env: &Env) -> Vec<Finding> {
    let name = call.guard.name();
    let install = format!(
        "install it: `cargo install --locked --path crates/{name}` from a hookkit checkout"
    );
    let resolved = match resolve(&call.program, env) {
        Ok(r) => r,
        Err(why) => {
            let missing = if call.blocks_when_missing {
                WhenMissing::Blocked
            } else {
                missing
            };
            return vec![
                Finding::new(
                    Level::Fail,
                    Check::Binary,
                    format!("`{}`: {why}; {}", call.program, missing.consequence(host)),
                )
                .fix(install),
            ];
        }
    };
    let mut out = Vec::new();
    if resolved.relative {
        out.push(
            Finding::new(
                Level::Warn,
                Check::Binary,
                format!(
                    "`{}` is a relative path: it resolves against the directory the host \
                     runs the hook in, which changes with the project",
                    call.program
                ),
            )
            .fix(format!(
                "register the absolute path {}",
                resolved.path.display()
            )),
        );
    }
    if resolved.cargo_only {
        out.push(
            Finding::new(
                Level::Warn,
                Check::Binary,
                format!(
                    "`{}` is found only in {}, which a host started from a desktop launcher \
                     (not from a terminal) may not have on its PATH: {}",
                    call.program,
                    env.cargo_bin.display(),
                    missing.consequence(host)
                ),
            )
            .fix(format!(
                "register the absolute path: replace `{}` with `{}` in the hook command",
                call.program,
                resolved.path.display()
            )),
        );
    }
    // A program inside the repository is one the agent can write: doctor does not run
    // what a cloned project could have planted.
    let repo = repo_root(&env.cwd);
    let inside = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if inside(&resolved.path).starts_with(inside(&repo)) {
        out.push(
            Finding::new(
                Level::Warn,
                Check::Binary,
                format!(
                    "`{}` → {} lies inside this repository, which the agent can write: doctor \
                     does not run it",
                    call.program,
                    resolved.path.display()
                ),
            )
            .fix(format!(
                "install {name} outside the project (`cargo install --locked --path \
                 crates/{name}`) and register that"
            )),
        );
        return out;
    }
    match probe(&resolved.path) {
        Ok(answer) => {
            let ours = env!("CARGO_PKG_VERSION");
            match answer.strip_prefix(&format!("{name} ")) {
                Some(version) if version == ours => out.push(Finding::new(
                    Level::Ok,
                    Check::Binary,
                    format!(
                        "`{}` → {} ({answer})",
                        call.program,
                        resolved.path.display()
                    ),
                )),
                Some(version) => out.push(
                    Finding::new(
                        Level::Warn,
                        Check::Binary,
                        format!(
                            "`{}` → {} is {name} {version}, this hookkit is {ours}: rules and \
                             settings may differ from what this doctor knows",
                            call.program,
                            resolved.path.display()
                        ),
                    )
                    .fix(format!(
                        "install both from the same checkout: `cargo install --locked --path \
                         crates/{name}` and `… crates/hookkit`"
                    )),
                ),
                None => out.push(
                    Finding::new(
                        Level::Fail,
                        Check::Binary,
                        format!(
                            "`{}` → {} answers `--version` with {answer:?}, not as {name}: \
                             it is not hookkit's guard",
                            call.program,
                            resolved.path.display()
                        ),
                    )
                    .fix(install),
                ),
            }
        }
        Err(why) => out.push(
            Finding::new(
                Level::Fail,
                Check::Binary,
                format!(
                    "`{}` → {}: {why}; {}",
                    call.program,
                    resolved.path.display(),
                    missing.consequence(host)
                ),
            )
            .fix(install),
        ),
    }
    out
}

/// Where a program resolves.
struct Resolved {
    path: PathBuf,
    /// Found on `PATH` only in the Cargo bin directory.
    cargo_only: bool,
    /// Written as a relative path with a `/`.
    relative: bool,
}

/// Resolves `program` as a shell would: a word with a `/` is a path (`~`, `$HOME` and
/// `${HOME}` at its start expanded), a bare name is looked up on `PATH`.
fn resolve(program: &str, env: &Env) -> Result<Resolved, String> {
    if program.is_empty() {
        return Err("the command names no program".to_owned());
    }
    if program.contains('/') {
        let expanded = ["~/", "$HOME/", "${HOME}/"]
            .iter()
            .find_map(|p| program.strip_prefix(p).map(|rest| env.home.join(rest)))
            .unwrap_or_else(|| PathBuf::from(program));
        if expanded.to_string_lossy().contains('$') {
            return Err(
                "the path depends on a variable the host sets (such as ${CLAUDE_PLUGIN_ROOT}), \
                 which doctor cannot know"
                    .to_owned(),
            );
        }
        let relative = expanded.is_relative();
        let path = if relative {
            env.cwd.join(&expanded)
        } else {
            expanded
        };
        return executable(&path).map(|()| Resolved {
            path,
            cargo_only: false,
            relative,
        });
    }
    let mut first: Option<PathBuf> = None;
    let mut not_executable: Option<PathBuf> = None;
    let mut outside_cargo = false;
    for dir in &env.path {
        let candidate = dir.join(program);
        match executable(&candidate) {
            Ok(()) => {
                if !same_dir(dir, &env.cargo_bin) {
                    outside_cargo = true;
                }
                first.get_or_insert(candidate);
            }
            Err(_) if candidate.is_file() => {
                not_executable.get_or_insert(candidate);
            }
            Err(_) => {}
        }
    }
    match (first, not_executable) {
        (Some(path), _) => Ok(Resolved {
            path,
            cargo_only: !outside_cargo,
            relative: false,
        }),
        (None, Some(file)) => Err(format!("{} is on PATH but not executable", file.display())),
        (None, None) => Err("not found on PATH".to_owned()),
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// `Ok` for an existing file with an execute bit.
pub(crate) fn executable(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{} does not exist", path.display()),
        _ => format!("{} cannot be read: {e}", path.display()),
    })?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o111 == 0 {
            return Err(format!("{} is not executable", path.display()));
        }
    }
    Ok(())
}

/// Runs `path --version` (stdin empty, at most [`PROBE_TIMEOUT`]) and returns the first
/// line it prints.
fn probe(path: &Path) -> Result<String, String> {
    let mut child = Command::new(path)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("does not start: {e}"))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < PROBE_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`--version` did not answer within {} s",
                    PROBE_TIMEOUT.as_secs()
                ));
            }
            Err(e) => return Err(format!("cannot be waited for: {e}")),
        }
    };
    let mut text = String::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read as _;
        let _ = out.by_ref().take(4096).read_to_string(&mut text);
    }
    if !status.success() {
        return Err(format!("`--version` exited with {status}"));
    }
    Ok(text.lines().next().unwrap_or_default().trim().to_owned())
}
