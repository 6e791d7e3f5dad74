//! Writing a tool's output without ever panicking: [`print()`] for stdout, [`eprint()`] for
//! stderr, [`write_atomic()`] for a file, used by every hookkit binary instead of `print!`/`println!`/`eprintln!` (which
//! panic, exit 101, when the stream is a pipe whose reader has gone away:
//! `command-guard explain … | head`). The binaries deny `clippy::print_stdout` and
//! `clippy::print_stderr`, so the macros cannot come back.
//!
//! Rust ignores `SIGPIPE`, so a write to a pipe nobody reads fails with
//! [`std::io::ErrorKind::BrokenPipe`] instead of killing the process.

use std::io::Write;
use std::path::Path;

/// Writes `text` to stdout and flushes it.
///
/// A reader that has gone away (a closed pipe) means the rest of the output is not wanted,
/// which is not an error: `Ok(())`, and the tool exits with its own code, as if everything
/// had been read.
///
/// # Errors
/// Any other write error (a full disk, an I/O error), for the tool to turn into its own
/// I/O-error exit code (2 for the validators and scanners).
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to stderr. Errors are ignored: stderr is where a tool reports its errors,
/// so there is nowhere left to report a failure to write there, and panicking would turn
/// the tool's own exit code into 101.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Write `bytes` to `path` through a temporary file in the same directory and a rename,
/// keeping the original's permissions (a new file is 0600 on Unix): a reader never sees
/// half a file, and a failure leaves the old one.
///
/// # Errors
/// The I/O error of creating, writing, syncing or renaming the temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
