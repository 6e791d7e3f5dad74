//! [`read`]: how hookkit reads its configuration, rule and trust files — at most
//! [`MAX_BYTES`], so that a file an agent planted (`rule_files = ["/dev/zero"]`, a sparse
//! file of gigabytes) cannot hold a hook past its deadline or exhaust its memory.
//! (`/dev/null`, an empty configuration, reads as empty.)

use std::io::Read;
use std::path::Path;

/// The largest configuration, rule or trust file read, in bytes (1 MiB).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The bytes of `path`.
///
/// # Errors
/// The open or read error (a directory fails to read); `FileTooLarge` when it holds more
/// than [`MAX_BYTES`] (`/dev/zero` included).
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    read_at_most(path, MAX_BYTES)
}

/// The bytes of `path`, at most `max` of them.
///
/// # Errors
/// The open or read error; `FileTooLarge` when it holds more than `max` bytes.
pub fn read_at_most(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {max} bytes, the most hookkit reads of such a file"),
        ));
    }
    Ok(bytes)
}

/// `bytes` as text, invalid UTF-8 replaced by U+FFFD, and whether they were valid UTF-8 (then
/// taken as they are, without a copy: nearly every file).
pub fn lossy(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    }
}

/// How many leading bytes of a file tell whether it is binary ([`looks_binary`]).
pub const BINARY_PROBE: usize = 8000;

/// Whether `bytes`, a file's first bytes or all of them, are binary: a NUL byte in the
/// first [`BINARY_PROBE`] of them (git's test, `buffer_is_binary`).
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes.get(..BINARY_PROBE).unwrap_or(bytes)).is_some()
}

/// [`read`] as UTF-8 text.
///
/// # Errors
/// As [`read`]; `InvalidData` when the bytes are not UTF-8.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_and_large_files_are_refused() {
        assert_eq!(
            read(Path::new("/dev/zero")).unwrap_err().kind(),
            std::io::ErrorKind::FileTooLarge
        );
        assert!(read(Path::new("/dev/null")).unwrap().is_empty());
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(3 * 1024 * 1024 * 1024).unwrap();
        assert_eq!(
            read(&big).unwrap_err().kind(),
            std::io::ErrorKind::FileTooLarge
        );
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "a = 1\n").unwrap();
        assert_eq!(read_text(&small).unwrap(), "a = 1\n");
    }
}
