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
/// half a file, and a failure leaves the old one. A `path` that exists and is not a regular
/// file (`/dev/null`, `/dev/stdout`, a FIFO) is written in place: a rename would replace
/// the device itself (as root, `/dev/null` would become a plain file).
///
/// # Errors
/// The I/O error of creating, writing, syncing or renaming the temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::write_atomic;
    use std::io::Read as _;

    #[test]
    fn a_regular_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.sarif");
        std::fs::write(&path, "old and longer").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    /// A FIFO stands in for `/dev/null`: it must still be a FIFO afterwards, and the bytes
    /// must have gone through it.
    #[cfg(unix)]
    #[test]
    fn a_special_file_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Held open for reading and writing (which does not block on Linux), so that the
        // reader's open returns and its read ends once this and the writer close, even if
        // the FIFO were replaced and never written.
        let keep = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        let (opened, is_open) = std::sync::mpsc::channel();
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut file = std::fs::File::open(fifo).unwrap();
                opened.send(()).unwrap();
                let mut got = String::new();
                file.read_to_string(&mut got).unwrap();
                got
            })
        };
        is_open.recv().unwrap();
        write_atomic(&fifo, b"through").unwrap();
        drop(keep);
        assert_eq!(reader.join().unwrap(), "through");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
}
