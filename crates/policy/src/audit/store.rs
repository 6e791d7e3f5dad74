//! Where the trail lives and how hook processes append to it.
//!
//! By default the trail is a directory, `$XDG_STATE_HOME/hookkit/audit/`
//! (`~/.local/state/hookkit/audit/`), with one file per UTC day,
//! `audit-YYYY-MM-DD.jsonl`; when a day's file reaches `max_file_bytes` the next records go
//! to `audit-YYYY-MM-DD.1.jsonl`, `.2.jsonl`… (no file is ever renamed, so a reader or a
//! writer never loses track of one). `[audit] path = "FILE"` instead names one file that
//! is never split.
//!
//! Appending: the file is opened with `O_APPEND` (created with mode 0600, its directory
//! 0700), an exclusive lock (`flock`) is taken, the whole line is written with one
//! `write_all`, and the lock is released. Concurrent hook processes therefore never
//! interleave or tear lines.

use super::record::AuditRecord;
use crate::config::AuditConfig;
use crate::error::Error;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default size at which a day's file is split: 64 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most segments of one day (a bound on the search for the current one).
const MAX_SEGMENTS: u32 = 10_000;

/// The location of a trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trail {
    /// A directory of daily files, split at `max_file_bytes` (0: never).
    Dir {
        /// The directory.
        dir: PathBuf,
        /// The size at which a day's file is split, in bytes.
        max_file_bytes: u64,
    },
    /// One file.
    File(PathBuf),
}

impl Trail {
    /// The trail `config` names: `path` when set, else `dir`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when neither is known (no `$HOME` to find the state directory).
    pub fn from_config(config: &AuditConfig) -> Result<Trail, Error> {
        match (&config.path, &config.dir) {
            (Some(p), _) => Ok(Trail::File(p.clone())),
            (None, Some(d)) => Ok(Trail::Dir {
                dir: d.clone(),
                max_file_bytes: config.max_file_bytes,
            }),
            (None, None) => Err(Error::Invalid {
                path: None,
                message: "no audit trail location: set [audit] dir (no state directory \
                          could be found without $HOME)"
                    .into(),
            }),
        }
    }

    /// The directory the trail lives in (for a file trail, the file's directory).
    pub fn dir(&self) -> PathBuf {
        match self {
            Trail::Dir { dir, .. } => dir.clone(),
            Trail::File(f) => f
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        }
    }

    /// Append `record` as one line (see the module docs).
    ///
    /// # Errors
    /// [`Error::Io`] naming the file.
    pub fn append(&self, record: &AuditRecord) -> Result<PathBuf, Error> {
        self.append_line(&record.to_line())
    }

    /// Append one `line` (ending in `\n`) under the lock; returns the file written.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file.
    pub fn append_line(&self, line: &[u8]) -> Result<PathBuf, Error> {
        match self {
            Trail::File(path) => {
                append_locked(path, line, None)?;
                Ok(path.clone())
            }
            Trail::Dir {
                dir,
                max_file_bytes,
            } => {
                let day = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
                let limit = (*max_file_bytes > 0).then_some(*max_file_bytes);
                for segment in 0..MAX_SEGMENTS {
                    let path = dir.join(segment_name(&day, segment));
                    // The last segment takes everything rather than fail.
                    let limit = limit.filter(|_| segment + 1 < MAX_SEGMENTS);
                    if append_locked(&path, line, limit)? {
                        return Ok(path);
                    }
                }
                Err(Error::Invalid {
                    path: Some(dir.clone()),
                    message: "no audit segment left for today".into(),
                })
            }
        }
    }

    /// Every file of the trail, in order (by day, then segment); absent files are
    /// skipped. A `File` trail is itself.
    ///
    /// # Errors
    /// [`Error::Io`] when the directory exists but cannot be read.
    pub fn files(&self) -> Result<Vec<PathBuf>, Error> {
        match self {
            Trail::File(p) => Ok(if p.exists() {
                vec![p.clone()]
            } else {
                Vec::new()
            }),
            Trail::Dir { dir, .. } => files_in(dir),
        }
    }
}

/// The trail files in `dir` (`audit-*.jsonl`), sorted by day then segment.
///
/// # Errors
/// [`Error::Io`] when `dir` exists but cannot be read.
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut found: Vec<(String, u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_prefix("audit-")?.strip_suffix(".jsonl")?;
            let (day, segment) = match stem.split_once('.') {
                Some((d, s)) => (d.to_owned(), s.parse().ok()?),
                None => (stem.to_owned(), 0),
            };
            Some((day, segment, e.path()))
        })
        .collect();
    found.sort();
    Ok(found.into_iter().map(|(_, _, p)| p).collect())
}

/// `audit-DAY.jsonl` for segment 0, `audit-DAY.N.jsonl` after.
fn segment_name(day: &str, segment: u32) -> String {
    if segment == 0 {
        format!("audit-{day}.jsonl")
    } else {
        format!("audit-{day}.{segment}.jsonl")
    }
}

/// Append the `record` to the single file `path` (the format of
/// [`Trail::File`]).
///
/// # Errors
/// [`Error::Io`] naming the file.
pub fn append(path: &Path, record: &AuditRecord) -> Result<(), Error> {
    append_locked(path, &record.to_line(), None).map(|_| ())
}

/// Open `path` for appending (0600, its directory 0700), lock it, and write `line` unless
/// the file already holds `limit` bytes or more. True when written.
fn append_locked(path: &Path, line: &[u8], limit: Option<u64>) -> Result<bool, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = match open_append(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir(dir).map_err(io)?;
            }
            open_append(path).map_err(io)?
        }
        Err(e) => return Err(io(e)),
    };
    with_lock(&file, |mut f| {
        if let Some(limit) = limit
            && f.metadata()?.len() >= limit
        {
            return Ok(false);
        }
        f.write_all(line)?;
        Ok(true)
    })
    .map_err(io)
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

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
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
    use super::*;
    use crate::call::{Event, Host, ToolCall, ToolKind};
    use crate::decision::Decision;

    fn record(n: usize) -> AuditRecord {
        let mut call = ToolCall::new(
            Host::ClaudeCode,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.session_id = Some(format!("session-{n}"));
        AuditRecord::new("command-guard", Some(&call), &Decision::allow(), b"{}")
    }

    #[test]
    fn many_concurrent_writers_leave_whole_lines_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let trail = Trail::Dir {
            dir: dir.path().join("state/hookkit/audit"),
            max_file_bytes: 0,
        };
        std::thread::scope(|s| {
            for n in 0..100 {
                let trail = &trail;
                s.spawn(move || trail.append(&record(n)).unwrap());
            }
        });
        let files = trail.files().unwrap();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(&files[0]).unwrap();
        let mut sessions: Vec<String> = text
            .lines()
            .map(|l| {
                let r: AuditRecord = serde_json::from_str(l).unwrap();
                r.session.unwrap()
            })
            .collect();
        sessions.sort();
        sessions.dedup();
        assert_eq!(sessions.len(), 100);
        assert_eq!(text.lines().count(), 100);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let mode = std::fs::metadata(files[0].parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_full_day_file_spills_into_numbered_segments_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 1,
        };
        for n in 0..3 {
            trail.append(&record(n)).unwrap();
        }
        let files = trail.files().unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(
            names[1].ends_with(".1.jsonl") && names[2].ends_with(".2.jsonl"),
            "{names:?}"
        );
        let third = std::fs::read_to_string(&files[2]).unwrap();
        assert!(third.contains("session-2"), "{third}");
    }

    #[test]
    fn a_file_trail_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/audit.jsonl");
        let trail = Trail::File(path.clone());
        assert!(trail.files().unwrap().is_empty());
        append(&path, &record(1)).unwrap();
        trail.append(&record(2)).unwrap();
        assert_eq!(trail.files().unwrap(), vec![path.clone()]);
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }
}
