//! Running a child process with a hard deadline.

use std::fs::File;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::session::SessionOutput;
use std::ffi::OsString;
use std::path::PathBuf;

/// What a finished child process left behind.
#[derive(Debug, Clone)]
pub(crate) struct Finished {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) elapsed: Duration,
}

/// How often the deadline loop polls the child.
const POLL: Duration = Duration::from_millis(20);

/// Runs `command` with stdin closed and stdout/stderr captured into files under
/// `capture_dir`, killing its whole process group when `timeout` expires.
///
/// Output goes to files rather than pipes so that a grandchild that keeps a pipe
/// open (a shell the host spawned) cannot make the harness hang after the child exits.
///
/// # Errors
/// [`Error::Io`] when the capture files cannot be created or the child cannot be spawned;
/// [`Error::Timeout`] when the deadline expires (the child and its process group are killed).
pub(crate) fn run_with_timeout(
    mut command: Command,
    display: &str,
    capture_dir: &Path,
    timeout: Duration,
) -> Result<Finished> {
    let out_path = capture_dir.join("stdout.txt");
    let err_path = capture_dir.join("stderr.txt");
    let out = File::create(&out_path)
        .map_err(|e| Error::io(format!("creating {}", out_path.display()), e))?;
    let err = File::create(&err_path)
        .map_err(|e| Error::io(format!("creating {}", err_path.display()), e))?;
    command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| Error::io(format!("spawning `{display}`"), e))?;
    let read = |path: &Path| {
        std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    };
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(Finished {
                    status,
                    stdout: read(&out_path),
                    stderr: read(&err_path),
                    elapsed: start.elapsed(),
                });
            }
            Ok(None) if start.elapsed() < timeout => thread::sleep(POLL),
            Ok(None) => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Timeout {
                    command: display.to_owned(),
                    timeout,
                    stdout: read(&out_path),
                    stderr: read(&err_path),
                });
            }
            Err(e) => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::io(format!("waiting for `{display}`"), e));
            }
        }
    }
}

/// Sends SIGKILL to the process group led by `pid` (which this harness created with
/// `process_group(0)`), so that shells and hooks the host spawned die with it.
/// Best effort: `kill(1)` may be missing, and the group may already be gone.
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// One run of a host CLI in a scratch environment: what [`run_host`] needs.
pub(crate) struct HostRun<'a> {
    /// The CLI executable.
    pub(crate) program: &'a Path,
    /// Its arguments.
    pub(crate) args: &'a [OsString],
    /// The working directory.
    pub(crate) cwd: &'a Path,
    /// `HOME`.
    pub(crate) home: &'a Path,
    /// Where `TMPDIR` (`<scratch>/tmp`) and the captured output go.
    pub(crate) scratch: &'a Path,
    /// Directories put before the inherited `PATH`, in order.
    pub(crate) path_prepend: &'a [PathBuf],
    /// The host's own variables (API key, base URL, offline switches).
    pub(crate) host_env: Vec<(&'a str, OsString)>,
    /// The caller's extra variables, set last.
    pub(crate) extra_env: &'a [(String, OsString)],
    /// The hard limit.
    pub(crate) timeout: Duration,
}

/// Runs a host CLI with a cleared environment: `PATH` (the prepended directories, then the
/// caller's), `HOME`, `TMPDIR`, `LANG=C.UTF-8`, `TERM=dumb`, the host's variables, then the
/// extra ones; stdin closed, output captured, killed at the deadline (see
/// [`run_with_timeout`]). A non-zero exit is returned as output, not as an error.
///
/// # Errors
/// [`Error::Io`] when the scratch directory cannot be made or the CLI spawned;
/// [`Error::Timeout`] past the limit.
pub(crate) fn run_host(run: HostRun<'_>) -> Result<SessionOutput> {
    let tmp = run.scratch.join("tmp");
    std::fs::create_dir_all(&tmp)
        .map_err(|e| Error::io(format!("creating {}", tmp.display()), e))?;
    let mut path: Vec<PathBuf> = run.path_prepend.to_vec();
    if let Some(inherited) = std::env::var_os("PATH") {
        path.extend(std::env::split_paths(&inherited));
    }
    let path = std::env::join_paths(path)
        .map_err(|e| Error::io("joining PATH", std::io::Error::other(e)))?;
    let mut command = Command::new(run.program);
    command
        .args(run.args)
        .current_dir(run.cwd)
        .env_clear()
        .env("PATH", path)
        .env("HOME", run.home)
        .env("TMPDIR", &tmp)
        .env("LANG", "C.UTF-8")
        .env("TERM", "dumb");
    for (key, value) in &run.host_env {
        command.env(key, value);
    }
    for (key, value) in run.extra_env {
        command.env(key, value);
    }
    let display = format!(
        "{} {}",
        run.program.display(),
        run.args
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let finished = run_with_timeout(command, &display, run.scratch, run.timeout)?;
    Ok(SessionOutput {
        status: finished.status,
        stdout: finished.stdout,
        stderr: finished.stderr,
        elapsed: finished.elapsed,
    })
}

/// Runs `command` with its stdout a pipe whose reading end is already closed, as when the
/// reader of `tool | head` has exited before the tool writes: every write to stdout fails
/// with `EPIPE` (Rust ignores `SIGPIPE`). `stdin` is written to the child's stdin (a child
/// that exits without reading it is not an error); stderr is captured. The returned
/// output's `stdout` is always empty.
///
/// # Errors
/// [`Error::Io`] when the pipe cannot be made or the child cannot be spawned or waited for.
pub fn run_with_closed_stdout(command: &mut Command, stdin: &[u8]) -> Result<std::process::Output> {
    use std::io::Write as _;
    let (reader, writer) =
        std::io::pipe().map_err(|e| Error::io("creating a pipe for stdout", e))?;
    drop(reader);
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io("spawning the command", e))?;
    if let Some(mut input) = child.stdin.take() {
        // The child may exit (and close its stdin) before reading everything.
        let _ = input.write_all(stdin);
    }
    child
        .wait_with_output()
        .map_err(|e| Error::io("waiting for the command", e))
}
