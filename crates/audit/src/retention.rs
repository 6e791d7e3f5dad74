//! Retention: how long the trail directory keeps its files, and the pruning that enforces
//! it.
//!
//! Pruning runs only when a writer starts a new file of the trail directory (the first
//! record of a day, or of a day's next segment), under the trail's lock: at most about once
//! a day, never on the path of an ordinary hook call. It deletes, oldest first, every file
//! whose UTC day (from its name, `audit-YYYY-MM-DD[.N].jsonl`) is more than `retain_days`
//! days before today, then the oldest files while all of them together hold more than
//! `retain_bytes`. The file being written is never deleted. A `path` trail (one file) is
//! never pruned.
//!
//! The session budget files beside the trail (`sessions/*.jsonl`, [`crate::budget`]) are
//! pruned at the same moment by `retain_days` alone: a session's file goes once it was
//! last written (a call counted) more than `retain_days` UTC days before today, so a session
//! idle that long starts its budget afresh, as its records in the trail are gone too.
//!
//! What pruning does to the hash chain ([`crate::chain`]): the first record left in the
//! trail names a predecessor that is no longer there. `hookkit-audit verify` says where the
//! chain begins and that earlier records are absent, which is what retention does and also
//! what an attacker removing the oldest files would do: the two cannot be told apart from
//! the trail alone.

use hookkit_policy::state::with_lock;
use std::path::{Path, PathBuf};

/// How long the trail is kept; 0 in either field means no limit of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days kept, counted in UTC days before today.
    pub days: u64,
    /// The most bytes of all the trail's files together.
    pub bytes: u64,
}

/// The UTC day of a trail file from its name (`audit-2026-05-01.3.jsonl` → 2026-05-01);
/// `None` for any other name.
pub fn day_of(path: &Path) -> Option<jiff::civil::Date> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_prefix("audit-")?.strip_suffix(".jsonl")?;
    let day = stem.split_once('.').map_or(stem, |(d, _)| d);
    day.parse().ok()
}

/// Delete the files of `files` (the trail's files, oldest first, as
/// [`crate::store::files_in`] lists them) that fall outside `retention` on `today`, never
/// `keep` (the file being written). Returns the files deleted. Best effort: a file that
/// cannot be measured or deleted is left in place and skipped.
pub fn prune(
    files: &[PathBuf],
    today: jiff::civil::Date,
    keep: &Path,
    retention: Retention,
) -> Vec<PathBuf> {
    let mut left: Vec<(PathBuf, u64)> = files
        .iter()
        .filter_map(|f| Some((f.clone(), std::fs::metadata(f).ok()?.len())))
        .collect();
    let mut deleted = Vec::new();
    if let Some(oldest_kept) = oldest_kept(today, retention.days) {
        left.retain(|(f, _)| {
            let old = f != keep && day_of(f).is_some_and(|d| d < oldest_kept);
            if old && std::fs::remove_file(f).is_ok() {
                deleted.push(f.clone());
                return false;
            }
            true
        });
    }
    if retention.bytes > 0 {
        let mut total: u64 = left.iter().map(|(_, n)| n).sum();
        for (f, n) in &left {
            if total <= retention.bytes {
                break;
            }
            if f != keep && std::fs::remove_file(f).is_ok() {
                total = total.saturating_sub(*n);
                deleted.push(f.clone());
            }
        }
    }
    deleted
}

/// The oldest UTC day that `days` days of retention keep on `today`; `None` when every day
/// is kept: `days` is 0, or the day falls before the calendar jiff knows (year -9999).
fn oldest_kept(today: jiff::civil::Date, days: u64) -> Option<jiff::civil::Date> {
    let days = i64::try_from(days).ok().filter(|d| *d > 0)?;
    today
        .checked_sub(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// Delete the session budget files (`*.jsonl`) in `sessions` last modified on a UTC day
/// more than `days` days before `today` (0: none). Returns the files deleted, sorted.
/// Each file is deleted under its lock (the one [`crate::budget::apply`] counts under) and
/// only when it is still that old then, so no count is cut in the middle; a call of that
/// long-idle session that opened the file just before it went counts into the deleted
/// file, and the session's next call starts afresh. Best effort: a file that cannot be
/// read, locked or deleted is left in place; a missing `sessions` deletes nothing.
pub fn prune_sessions(sessions: &Path, today: jiff::civil::Date, days: u64) -> Vec<PathBuf> {
    let Some(oldest_kept) = oldest_kept(today, days) else {
        return Vec::new();
    };
    let old = |m: &std::fs::Metadata| {
        m.is_file()
            && m.modified()
                .ok()
                .and_then(|t| jiff::Timestamp::try_from(t).ok())
                .is_some_and(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date() < oldest_kept)
    };
    let Ok(entries) = std::fs::read_dir(sessions) else {
        return Vec::new();
    };
    let mut deleted = Vec::new();
    for path in entries.filter_map(|e| Some(e.ok()?.path())) {
        let named = path.extension().is_some_and(|x| x == "jsonl");
        if !named || !std::fs::symlink_metadata(&path).is_ok_and(|m| old(&m)) {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let gone = with_lock(&file, |f| {
            if old(&f.metadata()?) {
                std::fs::remove_file(&path)?;
                return Ok(true);
            }
            Ok(false)
        });
        if gone.is_ok_and(|g| g) {
            deleted.push(path);
        }
    }
    deleted.sort();
    deleted
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn day(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    /// Write `path` (creating it) and set its modification time `days` days back.
    pub(crate) fn backdate(path: &Path, days: u64) {
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .unwrap();
        let ago = std::time::Duration::from_secs(days * 24 * 60 * 60);
        file.set_modified(std::time::SystemTime::now() - ago)
            .unwrap();
    }

    fn today() -> jiff::civil::Date {
        jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
    }

    #[test]
    fn session_budget_files_go_once_idle_past_the_retained_days() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        assert!(prune_sessions(&sessions, today(), 90).is_empty());
        std::fs::create_dir(&sessions).unwrap();
        let at = |name: &str, days: u64| {
            let p = sessions.join(name);
            backdate(&p, days);
            p
        };
        let idle = at("0123456789abcdef.jsonl", 100);
        let recent = at("fedcba9876543210.jsonl", 80);
        let fresh = at("00000000ffffffff.jsonl", 0);
        let other = at("notes.txt", 100);
        assert!(
            prune_sessions(&sessions, today(), 0).is_empty(),
            "0 keeps all"
        );
        assert!(idle.exists());
        assert_eq!(prune_sessions(&sessions, today(), 90), vec![idle.clone()]);
        assert!(!idle.exists() && recent.exists() && fresh.exists() && other.exists());
        assert_eq!(prune_sessions(&sessions, today(), 30), vec![recent.clone()]);
        assert!(fresh.exists());
    }

    #[test]
    fn a_session_counted_while_pruning_waits_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0123456789abcdef.jsonl");
        backdate(&path, 100);
        let counting = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        let deleted = with_lock(&counting, |mut f| {
            // The pruner finds the file idle, then waits for the lock held here.
            let pruner = std::thread::spawn({
                let dir = dir.path().to_path_buf();
                move || prune_sessions(&dir, today(), 90)
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            std::io::Write::write_all(&mut f, b"{}\n")?;
            Ok(pruner)
        })
        .unwrap()
        .join()
        .unwrap();
        assert!(deleted.is_empty(), "{deleted:?}");
        assert!(path.exists());
    }

    #[test]
    fn the_day_of_a_trail_file_comes_from_its_name() {
        assert_eq!(
            day_of(Path::new("/t/audit-2026-05-01.3.jsonl")),
            Some(day("2026-05-01"))
        );
        assert_eq!(day_of(Path::new("/t/audit.lock")), None);
    }

    #[test]
    fn old_days_then_the_oldest_files_past_the_size_go_never_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, n: usize| {
            let p = dir.path().join(name);
            std::fs::write(&p, "x".repeat(n)).unwrap();
            p
        };
        let files = vec![
            write("audit-2026-01-01.jsonl", 10),
            write("audit-2026-04-01.jsonl", 10),
            write("audit-2026-04-30.jsonl", 10),
            write("audit-2026-04-30.1.jsonl", 10),
            write("audit-2026-05-01.jsonl", 10),
        ];
        let today = day("2026-05-01");
        // 2026-04-01 is 30 days before today: kept with 30 days, deleted with 29.
        let days_only = Retention { days: 30, bytes: 0 };
        assert_eq!(
            prune(&files, today, &files[4], days_only),
            files[..1].to_vec()
        );
        let days_only = Retention { days: 29, bytes: 0 };
        assert_eq!(
            prune(&files[1..], today, &files[4], days_only),
            files[1..2].to_vec()
        );
        let left = &files[2..];
        // 30 bytes left; 15 allowed: the two oldest go, and the current file never.
        let sized = Retention { days: 0, bytes: 15 };
        assert_eq!(prune(left, today, &files[4], sized), left[..2].to_vec());
        let tiny = Retention { days: 0, bytes: 1 };
        assert!(prune(&files[4..], today, &files[4], tiny).is_empty());
        assert!(files[4].exists());
    }
}
