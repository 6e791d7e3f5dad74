//! `hookkit-audit verify`: check the trail's hash chain (`hookkit_audit_trail::chain`)
//! and name every record that was edited, removed, reordered or cut short, with its file
//! and line.
//!
//! Each line is read as written, its SHA-256 computed, and its `seq` and `prev` compared
//! with the line before it (across files, in trail order):
//!
//! | what is found | reported as |
//! |---|---|
//! | `seq` one more, `prev` not the digest of the line before | `altered`: the line before (or this one's `prev`) was edited |
//! | `seq` jumps ahead | `removed`: the records between are missing (at a file's first line: the end of the previous file, or whole files) |
//! | `seq` jumps ahead and the next line has the missing `seq` | `reordered`: the two lines were swapped |
//! | `seq` not above the line before | `reordered` |
//! | the file's last line has no newline | `truncated` |
//! | a line that is not a JSON object | `unreadable` |
//! | a record without `seq` after the chain began | `unchained`: inserted, or written without the chain |
//!
//! Records of the older format (no `seq`) before the chain's first record are counted, not
//! checked. A chain whose first record is not `seq` 1 begins after records that are no
//! longer in the trail: retention deletes the oldest files, so this is reported as a note,
//! not a problem. What the chain cannot show (records removed from the end of the newest
//! file, or a whole chain rewritten) is in the module docs of `chain`.

use crate::LoadError;
use hookkit_audit_trail::digest;
use serde::Serialize;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// What is wrong at one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The line was changed after it was written.
    Altered,
    /// Records are missing before the line.
    Removed,
    /// The line is out of order.
    Reordered,
    /// The file's last line is cut short.
    Truncated,
    /// The line is not a JSON object.
    Unreadable,
    /// A record without a place in the chain, after the chain began.
    Unchained,
}

impl Kind {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Altered => "altered",
            Kind::Removed => "removed",
            Kind::Reordered => "reordered",
            Kind::Truncated => "truncated",
            Kind::Unreadable => "unreadable",
            Kind::Unchained => "unchained",
        }
    }
}

/// One problem, at a file and line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The trail file.
    pub file: PathBuf,
    /// The line, counted from 1.
    pub line: u64,
    /// What is wrong.
    pub kind: Kind,
    /// For people: what was found and what it means.
    pub detail: String,
}

/// Where the chain begins when its first record is not `seq` 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Start {
    /// The file of the first chained record.
    pub file: PathBuf,
    /// Its line.
    pub line: u64,
    /// Its `seq`.
    pub seq: u64,
}

/// The result of checking a trail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Files read.
    pub files: usize,
    /// Lines read (records, and lines that are not).
    pub records: u64,
    /// Records of the older format, before the chain began: counted, not checked.
    pub unchained: u64,
    /// The first and last `seq` of the chain, when it has records.
    pub seq: Option<(u64, u64)>,
    /// Set when the chain begins after records no longer in the trail.
    pub begins_after: Option<Start>,
    /// Every problem found, in trail order.
    pub problems: Vec<Problem>,
}

impl Verification {
    /// True when no problem was found.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One line of the trail as the check sees it.
struct Entry {
    file: usize,
    line: u64,
    seq: Option<u64>,
    prev: Option<String>,
    digest: String,
    complete: bool,
    readable: bool,
}

/// The lines of the trail's files, in order.
struct Lines<'a> {
    paths: &'a [PathBuf],
    file: usize,
    reader: Option<std::io::BufReader<std::fs::File>>,
    line: u64,
    buf: Vec<u8>,
}

impl Lines<'_> {
    fn next_entry(&mut self) -> Result<Option<Entry>, LoadError> {
        loop {
            let Some(path) = self.paths.get(self.file) else {
                return Ok(None);
            };
            let io = |source| LoadError::Io {
                path: path.clone(),
                source,
            };
            if self.reader.is_none() {
                self.reader = Some(std::io::BufReader::new(
                    std::fs::File::open(path).map_err(io)?,
                ));
                self.line = 0;
            }
            let reader = self
                .reader
                .as_mut()
                .ok_or_else(|| io(std::io::ErrorKind::Other.into()))?;
            self.buf.clear();
            if reader.read_until(b'\n', &mut self.buf).map_err(io)? == 0 {
                self.reader = None;
                self.file += 1;
                continue;
            }
            self.line += 1;
            let complete = self.buf.last() == Some(&b'\n');
            let bytes = if complete {
                &self.buf[..self.buf.len() - 1]
            } else {
                &self.buf[..]
            };
            #[derive(serde::Deserialize)]
            struct Link {
                seq: Option<u64>,
                prev: Option<String>,
            }
            let link = serde_json::from_slice::<Link>(bytes).ok();
            return Ok(Some(Entry {
                file: self.file,
                line: self.line,
                seq: link.as_ref().and_then(|l| l.seq),
                prev: link.as_ref().and_then(|l| l.prev.clone()),
                digest: digest(bytes),
                complete,
                readable: link.is_some(),
            }));
        }
    }
}

/// The line before, as the check remembers it.
struct Last {
    file: usize,
    line: u64,
    seq: Option<u64>,
    digest: String,
    /// A problem was already reported at this line: a broken link to it is not reported
    /// again.
    reported: bool,
}

/// Check the hash chain of the trail files `paths` (in trail order).
///
/// # Errors
/// [`LoadError::Io`] naming a file that cannot be read.
pub fn verify(paths: &[PathBuf]) -> Result<Verification, LoadError> {
    let mut v = Verification {
        files: paths.len(),
        ..Verification::default()
    };
    let mut lines = Lines {
        paths,
        file: 0,
        reader: None,
        line: 0,
        buf: Vec::with_capacity(4096),
    };
    let problem = |v: &mut Verification, file: usize, line: u64, kind: Kind, detail: String| {
        v.problems.push(Problem {
            file: paths[file].clone(),
            line,
            kind,
            detail,
        });
    };
    let mut last: Option<Last> = None;
    let mut chained = false;
    let mut ahead = lines.next_entry()?;
    while let Some(e) = ahead.take() {
        ahead = lines.next_entry()?;
        v.records += 1;
        let mut reported = false;
        if !e.complete {
            problem(
                &mut v,
                e.file,
                e.line,
                Kind::Truncated,
                "the file's last line has no newline: the record was cut short (the file \
                 was truncated, or a write was interrupted)"
                    .into(),
            );
            reported = true;
        } else if !e.readable {
            problem(
                &mut v,
                e.file,
                e.line,
                Kind::Unreadable,
                "the line is not a JSON record".into(),
            );
            reported = true;
        }
        let Some(seq) = e.seq else {
            if chained && !reported {
                problem(
                    &mut v,
                    e.file,
                    e.line,
                    Kind::Unchained,
                    "a record without `seq` after the chain began: inserted, or written \
                     without the chain"
                        .into(),
                );
                reported = true;
            } else if !chained && e.readable {
                v.unchained += 1;
            }
            last = Some(Last {
                file: e.file,
                line: e.line,
                seq: last.as_ref().and_then(|l| l.seq),
                digest: e.digest,
                reported,
            });
            continue;
        };
        let first = !chained;
        chained = true;
        v.seq = Some(match v.seq {
            None => (seq, seq),
            Some((from, to)) => (from, to.max(seq)),
        });
        // Two records swapped: this one's seq runs ahead of the one expected (at the
        // trail's start, seq 2 first), and the next line holds the one it skipped.
        let skipped = match &last {
            None => (seq == 2).then_some(1),
            Some(l) => l.seq.map(|s| s + 1).filter(|want| seq > *want),
        };
        if let Some(want) = skipped
            && let Some(n) =
                ahead.take_if(|n| n.seq == Some(want) && (last.is_some() || n.prev.is_none()))
        {
            v.records += 1;
            v.seq = v.seq.map(|(from, to)| (from.min(want), to));
            problem(
                &mut v,
                e.file,
                e.line,
                Kind::Reordered,
                format!(
                    "seq {seq} comes before seq {want} ({}:{}): the two records were swapped",
                    name(paths, n.file),
                    n.line
                ),
            );
            ahead = lines.next_entry()?;
            // Go on from the later of the two, as written.
            last = Some(Last {
                file: e.file,
                line: e.line,
                seq: Some(seq),
                digest: e.digest,
                reported: true,
            });
            continue;
        }
        let mut next_last_seq = Some(seq);
        match &last {
            None => {
                if seq != 1 || e.prev.is_some() {
                    v.begins_after = Some(Start {
                        file: paths[e.file].clone(),
                        line: e.line,
                        seq,
                    });
                }
            }
            Some(l) => {
                let expected = l.seq.map(|s| s + 1);
                match expected {
                    // After a record of the older format or an unreadable line: only the
                    // digest can be checked.
                    None => {
                        if first && e.prev.is_none() && seq == 1 {
                            // A chain started fresh after records of the older format.
                        } else if e.prev.as_deref() != Some(l.digest.as_str()) && !l.reported {
                            problem(&mut v, l.file, l.line, Kind::Altered, altered(&e, paths));
                        }
                    }
                    Some(want) if seq == want => {
                        if e.prev.as_deref() != Some(l.digest.as_str()) && !l.reported {
                            problem(&mut v, l.file, l.line, Kind::Altered, altered(&e, paths));
                        }
                    }
                    Some(want) if seq > want => {
                        let missing = seq - want;
                        let where_ = if e.line == 1 && l.file != e.file {
                            format!(
                                "between the end of {} and this file: the last records of \
                                 that file, or whole files, were removed",
                                name(paths, l.file)
                            )
                        } else {
                            "before this line".to_owned()
                        };
                        problem(
                            &mut v,
                            e.file,
                            e.line,
                            Kind::Removed,
                            format!(
                                "{missing} record{} (seq {want}{}) missing {where_}",
                                if missing == 1 { "" } else { "s" },
                                if missing == 1 {
                                    String::new()
                                } else {
                                    format!(" to {}", seq - 1)
                                }
                            ),
                        );
                        reported = true;
                    }
                    Some(want) => {
                        problem(
                            &mut v,
                            e.file,
                            e.line,
                            Kind::Reordered,
                            format!(
                                "seq {seq} after seq {}: the record is out of order",
                                want - 1
                            ),
                        );
                        reported = true;
                        // Keep counting from the highest seq seen.
                        next_last_seq = l.seq;
                    }
                }
            }
        }
        last = Some(Last {
            file: e.file,
            line: e.line,
            seq: next_last_seq,
            digest: e.digest,
            reported,
        });
    }
    Ok(v)
}

/// The detail of an `altered` problem found at the line after `e`'s predecessor.
fn altered(e: &Entry, paths: &[PathBuf]) -> String {
    format!(
        "the line does not hash to the digest the next record ({}:{}) names as its \
         predecessor: this line (or that record's `prev`) was edited",
        name(paths, e.file),
        e.line
    )
}

fn name(paths: &[PathBuf], file: usize) -> String {
    paths
        .get(file)
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// The result for people: one line per problem (`FILE:LINE: kind: detail`), then a summary
/// (`OK: …` or `FAILED: …`).
pub fn render(v: &Verification) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    for p in &v.problems {
        let _ = writeln!(
            o,
            "{}:{}: {}: {}",
            p.file.display(),
            p.line,
            p.kind.as_str(),
            p.detail
        );
    }
    if let Some(s) = &v.begins_after {
        let _ = writeln!(
            o,
            "note: the chain begins at {}:{} with seq {}: the {} earlier record{} are not in \
             the trail (deleted by retention, or removed)",
            s.file.display(),
            s.line,
            s.seq,
            s.seq - 1,
            if s.seq == 2 { "" } else { "s" }
        );
    }
    if v.unchained > 0 {
        let _ = writeln!(
            o,
            "note: {} record{} of the older format (no chain) before the chain began, not checked",
            v.unchained,
            if v.unchained == 1 { "" } else { "s" }
        );
    }
    let files = format!("{} file{}", v.files, if v.files == 1 { "" } else { "s" });
    let seq = v
        .seq
        .map(|(a, b)| format!(", seq {a} to {b}"))
        .unwrap_or_default();
    if v.ok() {
        let _ = writeln!(
            o,
            "OK: {files}, {} records{seq}: the hash chain is unbroken",
            v.records
        );
    } else {
        let _ = writeln!(
            o,
            "FAILED: {} problem{} in {files}, {} records{seq}",
            v.problems.len(),
            if v.problems.len() == 1 { "" } else { "s" },
            v.records
        );
    }
    o
}

/// `path`'s file name, for tests and messages that do not need the directory.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
