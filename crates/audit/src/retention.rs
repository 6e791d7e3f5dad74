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
//! What pruning does to the hash chain ([`crate::chain`]): the first record left in the
//! trail names a predecessor that is no longer there. `hookkit-audit verify` says where the
//! chain begins and that earlier records are absent, which is what retention does and also
//! what an attacker removing the oldest files would do: the two cannot be told apart from
//! the trail alone.

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
    if retention.days > 0 {
        let oldest_kept = i64::try_from(retention.days)
            .ok()
            .and_then(|d| today.checked_sub(jiff::Span::new().try_days(d).ok()?).ok());
        if let Some(oldest_kept) = oldest_kept {
            left.retain(|(f, _)| {
                let old = f != keep && day_of(f).is_some_and(|d| d < oldest_kept);
                if old && std::fs::remove_file(f).is_ok() {
                    deleted.push(f.clone());
                    return false;
                }
                true
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
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
