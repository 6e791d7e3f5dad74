//! hookkit's own state files (the trust store, [`crate::trust`]; the audit trail and the
//! session budgets counted beside it, crate `hookkit-audit-trail`): created private
//! (directories mode 0700, files 0600), changed under an exclusive lock, and identified by
//! SHA-256 digests.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::path::Path;

/// `sha256:<64 hex digits>` of `bytes`.
pub fn digest(bytes: &[u8]) -> String {
    // generic-array's `LowerHex`: the 64 digits in one write, not one `fmt` call a byte.
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// Run `f` on `file` while holding an exclusive lock on it.
///
/// # Errors
/// The lock's, `f`'s or the unlock's I/O error.
pub fn with_lock<T>(
    file: &File,
    f: impl FnOnce(&File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    file.lock()?;
    let out = f(file);
    let unlocked = file.unlock();
    let out = out?;
    unlocked?;
    Ok(out)
}

/// Create `dir` and its parents, each new one with mode 0700.
///
/// # Errors
/// The operating system's error.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn digest_is_sha256_in_lower_case_hex() {
        // `printf x | sha256sum`.
        assert_eq!(
            super::digest(b"x"),
            "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        );
        assert_eq!(super::digest(b"").len(), 7 + 64);
    }
}
