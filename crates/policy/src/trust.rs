//! Trust records: the agent-writable configuration files a person accepted with
//! `hookkit trust FILE`, so that they may loosen the policy (see "Who may change what" in
//! [`crate::config`]).
//!
//! The store is one JSON document, by default `$XDG_STATE_HOME/hookkit/trust.json`
//! (`~/.local/state/hookkit/trust.json`; [`default_path`]), mode 0600 in a 0700
//! directory, written atomically (a temporary file in the same directory, then a rename)
//! under an exclusive lock on `trust.lock` beside it:
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [
//!     { "path": "/home/me/src/app/.hookkit.toml",
//!       "digest": "sha256:5f0c…",
//!       "trusted_at": "2026-11-02T09:14:03.512Z" }
//!   ]
//! }
//! ```
//!
//! A record matches a file when the file's canonical path (symbolic links resolved) is
//! `path` and the SHA-256 of its bytes is `digest`: any change to the file makes it
//! untrusted again, until a person trusts the new content. Configuration loading takes the
//! store's path from [`crate::ConfigSources::trust`], so tests point it at a temporary
//! directory (or set `XDG_STATE_HOME` for a child process) and never touch the real home.

use crate::error::Error;
use crate::state::{create_private_dir, digest, with_lock};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The version of the store's format, its `version` field.
pub const FORMAT_VERSION: u32 = 1;

/// One trusted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustRecord {
    /// The file's canonical path.
    pub path: PathBuf,
    /// `sha256:<64 hex digits>` of the file's bytes when it was trusted.
    pub digest: String,
    /// When, as an RFC 3339 UTC timestamp.
    pub trusted_at: String,
}

/// How a trusted file stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Its bytes still have the recorded digest: it is trusted.
    Matches,
    /// It changed since: it is untrusted until trusted again.
    Changed,
    /// It cannot be read (deleted or moved).
    Missing,
}

impl FileState {
    /// `matches`, `changed` or `missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileState::Matches => "matches",
            FileState::Changed => "changed",
            FileState::Missing => "missing",
        }
    }
}

/// The store's document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    version: u32,
    files: Vec<TrustRecord>,
}

/// The trust records of one store file.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    path: PathBuf,
    records: Vec<TrustRecord>,
}

/// `$XDG_STATE_HOME/hookkit/trust.json`, or `~/.local/state/hookkit/trust.json`: where
/// the guards and `hookkit trust` keep the records. `None` without a home directory.
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(dirs.state_dir()?.join("hookkit").join("trust.json"))
}

impl TrustStore {
    /// The records in `path`; none when the file does not exist.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read; [`Error::Invalid`] naming it when it is not a
    /// trust store of this version.
    pub fn open(path: &Path) -> Result<TrustStore, Error> {
        let text = match crate::small_file::read_text(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(TrustStore {
                    path: path.to_path_buf(),
                    records: Vec::new(),
                });
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let invalid = |message: String| Error::Invalid {
            path: Some(path.to_path_buf()),
            message,
        };
        let doc: Document = serde_json::from_str(&text).map_err(|e| {
            invalid(format!(
                "not a hookkit trust store ({e}); repair it, or delete it and trust the files again"
            ))
        })?;
        if doc.version != FORMAT_VERSION {
            return Err(invalid(format!(
                "trust store version {} is not {FORMAT_VERSION}; use the hookkit that wrote it",
                doc.version
            )));
        }
        Ok(TrustStore {
            path: path.to_path_buf(),
            records: doc.files,
        })
    }

    /// Open the store at `path` under its lock, let `change` edit it, and save it:
    /// concurrent `hookkit trust` runs each see the other's records.
    ///
    /// # Errors
    /// As [`TrustStore::open`] and [`TrustStore::save`], [`Error::Io`] when the lock
    /// cannot be taken, and whatever `change` returns.
    pub fn update<T>(
        path: &Path,
        change: impl FnOnce(&mut TrustStore) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let dir = parent(path);
        let lock_path = dir.join("trust.lock");
        let io = |source| Error::Io {
            path: lock_path.clone(),
            source,
        };
        create_private_dir(dir).map_err(io)?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let lock = options.open(&lock_path).map_err(io)?;
        with_lock(&lock, |_| {
            Ok(TrustStore::open(path).and_then(|mut store| {
                let out = change(&mut store)?;
                store.save()?;
                Ok(out)
            }))
        })
        .map_err(io)?
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every record, in the order they were made.
    pub fn records(&self) -> &[TrustRecord] {
        &self.records
    }

    /// True when `file`, whose bytes are `content`, is trusted: a record has its canonical
    /// path and the digest of `content`.
    pub fn trusts(&self, file: &Path, content: &[u8]) -> bool {
        if self.records.is_empty() {
            return false;
        }
        let Ok(canonical) = file.canonicalize() else {
            return false;
        };
        let digest = digest(content);
        self.records
            .iter()
            .any(|r| r.path == canonical && r.digest == digest)
    }

    /// How the file of `record` stands now.
    pub fn state(record: &TrustRecord) -> FileState {
        match crate::small_file::read(&record.path) {
            Ok(bytes) if digest(&bytes) == record.digest => FileState::Matches,
            Ok(_) => FileState::Changed,
            Err(_) => FileState::Missing,
        }
    }

    /// Trust `file` as it is now: record its canonical path and digest (replacing an
    /// earlier record of the same path). Not saved until [`TrustStore::save`].
    ///
    /// # Errors
    /// [`Error::Io`] naming `file` when it cannot be resolved or read.
    pub fn trust(&mut self, file: &Path) -> Result<TrustRecord, Error> {
        let io = |source| Error::Io {
            path: file.to_path_buf(),
            source,
        };
        let canonical = file.canonicalize().map_err(io)?;
        let bytes = crate::small_file::read(&canonical).map_err(io)?;
        let record = TrustRecord {
            path: canonical,
            digest: digest(&bytes),
            trusted_at: jiff::Timestamp::now().to_string(),
        };
        self.records.retain(|r| r.path != record.path);
        self.records.push(record.clone());
        Ok(record)
    }

    /// Remove the record of `file` (its canonical path, or the path as given, made
    /// absolute, when the file no longer exists). Returns the removed record, if any. Not
    /// saved until [`TrustStore::save`].
    pub fn revoke(&mut self, file: &Path) -> Option<TrustRecord> {
        let key = file
            .canonicalize()
            .or_else(|_| std::path::absolute(file))
            .unwrap_or_else(|_| file.to_path_buf());
        let at = self.records.iter().position(|r| r.path == key)?;
        Some(self.records.remove(at))
    }

    /// Write the records to the store's file: a temporary file (mode 0600) in the same
    /// directory (created mode 0700), flushed, then renamed over the store.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file that could not be written.
    pub fn save(&self) -> Result<(), Error> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let dir = parent(&self.path);
        create_private_dir(dir).map_err(io(dir))?;
        let doc = Document {
            version: FORMAT_VERSION,
            files: self.records.clone(),
        };
        let mut text = serde_json::to_string_pretty(&doc).map_err(|e| Error::Invalid {
            path: Some(self.path.clone()),
            message: e.to_string(),
        })?;
        text.push('\n');
        let name = self
            .path
            .file_name()
            .map_or_else(|| "trust.json".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&tmp).and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        });
        let renamed = written.and_then(|()| std::fs::rename(&tmp, &self.path));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        renamed.map_err(io(&self.path))
    }
}

/// The directory of `path` (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_file_matches_until_it_changes_and_a_revoked_one_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store_path = dir.path().join("state/hookkit/trust.json");
        let file = dir.path().join(".hookkit.toml");
        std::fs::write(&file, "on_error = \"allow\"\n").unwrap();

        let record = TrustStore::update(&store_path, |s| s.trust(&file)).unwrap();
        assert_eq!(record.path, file.canonicalize().unwrap());
        assert!(record.digest.starts_with("sha256:"));
        let store = TrustStore::open(&store_path).unwrap();
        assert!(store.trusts(&file, b"on_error = \"allow\"\n"));
        assert!(!store.trusts(&file, b"on_error = \"allow\" \n"));
        assert_eq!(TrustStore::state(&store.records()[0]), FileState::Matches);

        std::fs::write(&file, "on_error = \"ask\"\n").unwrap();
        assert_eq!(TrustStore::state(&store.records()[0]), FileState::Changed);
        std::fs::remove_file(&file).unwrap();
        assert_eq!(TrustStore::state(&store.records()[0]), FileState::Missing);

        let removed = TrustStore::update(&store_path, |s| Ok(s.revoke(&file))).unwrap();
        assert_eq!(removed, Some(record));
        assert!(TrustStore::open(&store_path).unwrap().records().is_empty());
    }

    #[test]
    fn trusting_again_replaces_the_record_and_the_store_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store_path = dir.path().join("trust.json");
        let file = dir.path().join("rules.toml");
        std::fs::write(&file, "a").unwrap();
        TrustStore::update(&store_path, |s| s.trust(&file)).unwrap();
        std::fs::write(&file, "b").unwrap();
        TrustStore::update(&store_path, |s| s.trust(&file)).unwrap();
        let store = TrustStore::open(&store_path).unwrap();
        assert_eq!(store.records().len(), 1);
        assert!(store.trusts(&file, b"b") && !store.trusts(&file, b"a"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&store_path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_broken_store_is_an_error_naming_it_and_a_missing_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trust.json");
        assert!(TrustStore::open(&path).unwrap().records().is_empty());
        std::fs::write(&path, "{\"version\": 1, \"files\": [").unwrap();
        let err = TrustStore::open(&path).unwrap_err().to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("not a hookkit trust store"), "{err}");
        std::fs::write(&path, "{\"version\": 9, \"files\": []}").unwrap();
        let err = TrustStore::open(&path).unwrap_err().to_string();
        assert!(err.contains("version 9"), "{err}");
        let file = dir.path().join("x.toml");
        std::fs::write(&file, "").unwrap();
        assert!(TrustStore::update(&path, |s| s.trust(&file)).is_err());
    }
}
