//! Where the trail lives and how hook processes append to it.
//!
//! By default the trail is a directory, `$XDG_STATE_HOME/hookkit/audit/`
//! (`~/.local/state/hookkit/audit/`), with one file per UTC day,
//! `audit-YYYY-MM-DD.jsonl`; when a day's file reaches `max_file_bytes` the next records go
//! to `audit-YYYY-MM-DD.1.jsonl`, `.2.jsonl`… (no file is ever renamed, so a reader or a
//! writer never loses track of one). `[audit] path = "FILE"` instead names one file that
//! is never split.
//!
//! Appending: an exclusive lock (`flock`) is taken on the trail (for a directory, on its
//! `audit.lock` file; for a `path` trail, on the file itself), the file is opened with
//! `O_APPEND` (created with mode 0600, its directory 0700), the last line is read to extend
//! the hash chain ([`crate::chain`]), the whole line is written with one `write_all`, and
//! the lock is released. Concurrent hook processes therefore never interleave or tear
//! lines, and extend one chain. The first record of a new file of a directory trail reads
//! the last line of the previous file instead, and prunes the files past the retention
//! and the session budget files idle past it ([`crate::retention`]). A clock set back
//! never reopens an older day's file (whose new records would fork the chain): records go
//! on into the newest day's file, which the lock file names (`YYYY-MM-DD`).

use crate::chain::{self, Tail};
use crate::record::AuditRecord;
use crate::retention::{self, Retention};
use hookkit_policy::Error;
use hookkit_policy::config::AuditConfig;
use hookkit_policy::state::{create_private_dir, with_lock};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The lock file of a trail directory: every writer holds it while it appends.
pub const LOCK_FILE: &str = "audit.lock";

/// The directory, inside the trail's directory, of the session budget files
/// ([`crate::budget`]).
pub const SESSIONS_DIR: &str = "sessions";

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
        /// What is kept when a new file starts.
        retention: Retention,
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
                retention: Retention {
                    days: config.retain_days,
                    bytes: config.retain_bytes,
                },
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

    /// Append `record` as one line (see the module docs), after setting its place in the
    /// hash chain (`seq`, `prev`); returns the file written.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file (or the lock file) that could not be written.
    pub fn append(&self, record: &mut AuditRecord) -> Result<PathBuf, Error> {
        match self {
            Trail::File(path) => {
                append(path, record)?;
                Ok(path.clone())
            }
            Trail::Dir {
                dir,
                max_file_bytes,
                retention,
            } => {
                let lock_path = dir.join(LOCK_FILE);
                let io = |path: &Path| {
                    let path = path.to_path_buf();
                    move |source| Error::Io { path, source }
                };
                let lock = match open_private(&lock_path, true) {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        create_private_dir(dir).map_err(io(dir))?;
                        open_private(&lock_path, true).map_err(io(&lock_path))?
                    }
                    Err(e) => return Err(io(&lock_path)(e)),
                };
                let mut written = lock_path.clone();
                with_lock(&lock, |lock| {
                    let now = jiff::Timestamp::now()
                        .to_zoned(jiff::tz::TimeZone::UTC)
                        .date();
                    // A clock set back (across midnight, or by days) never reopens an
                    // older day's file: its records would fork the chain there.
                    let today = newest_day(lock, dir)?.map_or(now, |newest| newest.max(now));
                    let day = today.strftime("%Y-%m-%d").to_string();
                    let (path, segment) = current_segment(dir, &day, *max_file_bytes);
                    written = path.clone();
                    let file = open_private(&path, true)?;
                    let len = file.metadata()?.len();
                    let tail = if len > 0 {
                        chain::last_line(&file, len)?
                    } else {
                        // A new file: the chain goes on from the previous file's last
                        // record, and the files past the retention go.
                        let before = previous_file(dir, today, segment);
                        let tail = match &before {
                            Some(p) => File::open(p).and_then(|f| {
                                let len = f.metadata()?.len();
                                chain::last_line(&f, len)
                            })?,
                            None => None,
                        };
                        if let Ok(files) = files_in(dir) {
                            retention::prune(&files, today, &path, *retention);
                        }
                        retention::prune_sessions(&dir.join(SESSIONS_DIR), today, retention.days);
                        mark_newest_day(lock, today)?;
                        tail
                    };
                    write_linked(&file, record, tail.as_ref())
                })
                .map_err(|source| Error::Io {
                    path: written.clone(),
                    source,
                })?;
                Ok(written)
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

/// The newest day a file of the trail in `dir` was started for: as the lock file `lock`
/// records it (`YYYY-MM-DD`, written by [`mark_newest_day`]), else (a trail from before the
/// mark, or a mark that does not parse) the day of the newest file, which is then marked,
/// so that the directory is listed once, not on every append.
///
/// # Errors
/// The lock file cannot be read or written.
fn newest_day(mut lock: &File, dir: &Path) -> std::io::Result<Option<jiff::civil::Date>> {
    let mut mark = String::new();
    (&mut lock).take(32).read_to_string(&mut mark)?;
    if let Ok(day) = mark.trim().parse() {
        return Ok(Some(day));
    }
    let newest = files_in(dir)
        .ok()
        .and_then(|files| files.last().and_then(|p| retention::day_of(p)));
    if let Some(day) = newest {
        mark_newest_day(lock, day)?;
    }
    Ok(newest)
}

/// Record in the lock file `lock` that a file for `day` was started.
///
/// # Errors
/// The lock file cannot be written.
fn mark_newest_day(mut lock: &File, day: jiff::civil::Date) -> std::io::Result<()> {
    lock.set_len(0)?;
    lock.write_all(day.to_string().as_bytes())
}

/// `audit-DAY.jsonl` for segment 0, `audit-DAY.N.jsonl` after.
fn segment_name(day: &str, segment: u32) -> String {
    if segment == 0 {
        format!("audit-{day}.jsonl")
    } else {
        format!("audit-{day}.{segment}.jsonl")
    }
}

/// Append `record` to the single file `path` (the format of [`Trail::File`]), under a
/// lock on that file, after setting its place in the file's hash chain.
///
/// # Errors
/// [`Error::Io`] naming the file.
pub fn append(path: &Path, record: &mut AuditRecord) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = match open_private(path, true) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir(dir).map_err(io)?;
            }
            open_private(path, true).map_err(io)?
        }
        Err(e) => return Err(io(e)),
    };
    with_lock(&file, |f| {
        let tail = chain::last_line(f, f.metadata()?.len())?;
        write_linked(f, record, tail.as_ref())
    })
    .map_err(io)
}

/// Set `record`'s link after `tail` and write it to `file` as one line (starting a new
/// line first when the tail was cut short).
fn write_linked(
    mut file: &File,
    record: &mut AuditRecord,
    tail: Option<&Tail>,
) -> std::io::Result<()> {
    let link = chain::next(tail);
    record.seq = Some(link.seq);
    record.prev = link.prev;
    let mut line = Vec::with_capacity(1024);
    if tail.is_some_and(|t| !t.complete) {
        line.push(b'\n');
    }
    line.extend_from_slice(&record.to_line());
    file.write_all(&line)
}

/// The file of `day` that takes the next record: the first segment under
/// `max_file_bytes` (0: segment 0 always), and its number. The last possible segment
/// takes everything rather than fail.
fn current_segment(dir: &Path, day: &str, max_file_bytes: u64) -> (PathBuf, u32) {
    let mut segment = 0;
    loop {
        let path = dir.join(segment_name(day, segment));
        let full = max_file_bytes > 0
            && segment + 1 < MAX_SEGMENTS
            && std::fs::metadata(&path).is_ok_and(|m| m.len() >= max_file_bytes);
        if !full {
            return (path, segment);
        }
        segment += 1;
    }
}

/// The file before segment `segment` of the day `today`: the segment before it, or for
/// segment 0 the newest file of an earlier day.
fn previous_file(dir: &Path, today: jiff::civil::Date, segment: u32) -> Option<PathBuf> {
    if segment > 0 {
        let day = today.strftime("%Y-%m-%d").to_string();
        return Some(dir.join(segment_name(&day, segment - 1)));
    }
    files_in(dir)
        .ok()?
        .into_iter()
        .rfind(|p| retention::day_of(p).is_some_and(|d| d < today))
}

/// Open (create) `path` with mode 0600 for appending, and for reading when `read`.
fn open_private(path: &Path, read: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true).read(read);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Event, Host, ToolCall, ToolKind};
    use hookkit_policy::decision::Decision;

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
            retention: Retention { days: 0, bytes: 0 },
        };
        std::thread::scope(|s| {
            for n in 0..100 {
                let trail = &trail;
                s.spawn(move || trail.append(&mut record(n)).unwrap());
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

    /// Every line of `files` in order, with its `seq` and `prev`.
    fn links(files: &[PathBuf]) -> Vec<(String, Option<u64>, Option<String>)> {
        files
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .map(|l| {
                let r: AuditRecord = serde_json::from_str(&l).unwrap();
                (l, r.seq, r.prev)
            })
            .collect()
    }

    /// True when `lines` are one unbroken chain from seq 1.
    fn one_chain(lines: &[(String, Option<u64>, Option<String>)]) -> bool {
        lines.iter().enumerate().all(|(n, (_, seq, prev))| {
            *seq == Some(n as u64 + 1)
                && *prev
                    == n.checked_sub(1)
                        .map(|b| crate::digest(lines[b].0.as_bytes()))
        })
    }

    #[test]
    fn concurrent_writers_extend_one_chain_across_segments() {
        let dir = tempfile::tempdir().unwrap();
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 2000,
            retention: Retention { days: 0, bytes: 0 },
        };
        std::thread::scope(|s| {
            for n in 0..60 {
                let trail = &trail;
                s.spawn(move || trail.append(&mut record(n)).unwrap());
            }
        });
        let files = trail.files().unwrap();
        assert!(files.len() > 2, "{files:?}");
        let lines = links(&files);
        assert_eq!(lines.len(), 60);
        assert!(one_chain(&lines), "{lines:#?}");
        let file = dir.path().join("one.jsonl");
        for n in 0..3 {
            append(&file, &mut record(n)).unwrap();
        }
        assert!(one_chain(&links(&[file])));
    }

    #[test]
    fn a_new_days_file_names_the_last_record_before_it_and_prunes_old_days() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("audit-2000-01-01.jsonl");
        let older = dir.path().join("audit-1999-12-31.jsonl");
        std::fs::write(&older, "{\"v\":3,\"seq\":1}\n").unwrap();
        std::fs::write(&old, "{\"v\":3,\"seq\":1}\n{\"v\":3,\"seq\":2}\n").unwrap();
        let keep_all = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 0,
            retention: Retention { days: 0, bytes: 0 },
        };
        let mut r = record(1);
        let today = keep_all.append(&mut r).unwrap();
        assert_eq!(
            (r.seq, r.prev.clone()),
            (Some(3), Some(crate::digest(b"{\"v\":3,\"seq\":2}")))
        );
        assert!(old.exists() && older.exists());
        // With 90 days kept, the next new file prunes both old days (never today's).
        std::fs::remove_file(&today).unwrap();
        let pruning = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 0,
            retention: Retention { days: 90, bytes: 0 },
        };
        let mut r = record(2);
        assert_eq!(pruning.append(&mut r).unwrap(), today);
        assert_eq!(r.seq, Some(3));
        assert!(!old.exists() && !older.exists() && today.exists());
        assert_eq!(pruning.files().unwrap(), vec![today]);
    }

    #[test]
    fn a_clock_set_back_keeps_writing_the_newest_days_file() {
        let dir = tempfile::tempdir().unwrap();
        // Written while the clock was ahead; it is now behind that day.
        let ahead = dir.path().join("audit-2999-01-01.jsonl");
        append(&ahead, &mut record(1)).unwrap();
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 0,
            retention: Retention { days: 90, bytes: 0 },
        };
        for n in 2..4 {
            let mut r = record(n);
            assert_eq!(trail.append(&mut r).unwrap(), ahead);
            assert_eq!(r.seq, Some(u64::try_from(n).unwrap()));
        }
        assert_eq!(trail.files().unwrap(), vec![ahead.clone()]);
        assert!(one_chain(&links(&[ahead])));
    }

    #[test]
    fn a_new_days_file_marks_its_day_in_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 0,
            retention: Retention { days: 0, bytes: 0 },
        };
        let written = trail.append(&mut record(1)).unwrap();
        let mark = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(
            retention::day_of(&written).map(|d| d.to_string()),
            Some(mark)
        );
        // A later day's file found without a mark (an older trail) counts as well, and is
        // marked.
        std::fs::write(dir.path().join(LOCK_FILE), "").unwrap();
        let ahead = dir.path().join("audit-2999-01-01.1.jsonl");
        std::fs::write(&ahead, "").unwrap();
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        assert_eq!(
            newest_day(&lock, dir.path())
                .unwrap()
                .map(|d| d.to_string()),
            Some("2999-01-01".to_owned())
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap(),
            "2999-01-01"
        );
        assert_eq!(
            trail.append(&mut record(2)).unwrap(),
            dir.path().join("audit-2999-01-01.jsonl")
        );
    }

    #[test]
    fn only_a_new_file_prunes_the_session_budgets_idle_past_the_retention() {
        use crate::retention::tests::backdate;
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join(SESSIONS_DIR);
        std::fs::create_dir(&sessions).unwrap();
        let (idle, live) = (sessions.join("a.jsonl"), sessions.join("b.jsonl"));
        backdate(&idle, 91);
        backdate(&live, 1);
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 0,
            retention: Retention { days: 90, bytes: 0 },
        };
        trail.append(&mut record(1)).unwrap();
        assert!(!idle.exists() && live.exists());
        // Today's file is there now: an ordinary append prunes nothing.
        backdate(&idle, 91);
        trail.append(&mut record(2)).unwrap();
        assert!(idle.exists());
        // A file trail is never pruned, and neither are the budgets beside it.
        let file = Trail::File(dir.path().join("one.jsonl"));
        file.append(&mut record(3)).unwrap();
        assert!(idle.exists());
    }

    #[test]
    fn a_cut_short_last_line_is_left_on_its_own_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.jsonl");
        std::fs::write(&file, "{\"v\":3,\"seq\":1}\n{\"v\":3,\"se").unwrap();
        let mut r = record(1);
        append(&file, &mut r).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], "{\"v\":3,\"se");
        assert_eq!(r.prev, Some(crate::digest(b"{\"v\":3,\"se")));
    }

    #[test]
    fn a_full_day_file_spills_into_numbered_segments_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let trail = Trail::Dir {
            dir: dir.path().to_path_buf(),
            max_file_bytes: 1,
            retention: Retention { days: 0, bytes: 0 },
        };
        for n in 0..3 {
            trail.append(&mut record(n)).unwrap();
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
        append(&path, &mut record(1)).unwrap();
        trail.append(&mut record(2)).unwrap();
        assert_eq!(trail.files().unwrap(), vec![path.clone()]);
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }
}
