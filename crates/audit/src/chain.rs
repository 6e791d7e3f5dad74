//! The trail's hash chain: tamper evidence for records after they were written.
//!
//! Every record carries `seq`, its place in the trail (1 for the first record, then one
//! more than the record before it, across files), and `prev`, `sha256:<hex>` of the line
//! of the record before it (its bytes as stored, without the newline). The first record of
//! a new file names the last record of the previous file, so the chain runs across the
//! daily files and their segments. The writer computes both under the trail's lock, from
//! the last line of the file it appends to ([`last_line`]), so concurrent hook processes
//! extend one chain.
//!
//! The model is AWS CloudTrail's log file integrity validation
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html>),
//! where each hourly digest file holds the SHA-256 of the log files and of the previous
//! digest file; hookkit chains record by record instead, in the records themselves, and
//! signs nothing. What it proves, and what it does not:
//!
//! - A record edited, removed, reordered or cut short inside the trail, or a whole file
//!   removed from its middle, breaks the chain where it happened; `hookkit-audit verify`
//!   names the file and the line.
//! - Records removed from the end of the newest file, or the oldest files removed, leave a
//!   shorter but consistent chain (retention removes the oldest files too).
//! - Anyone who can write the trail (the user's account, hence the agent that runs as the
//!   user) can rewrite the whole chain from the first altered record on, consistently:
//!   without a key or a copy elsewhere, that goes undetected. The OTLP export
//!   ([`crate::otlp`]) sends every record, `seq` and `prev` included, off the machine as it
//!   is written; comparing that copy with the local trail detects such a rewrite.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// A record's place in the chain: the `seq` and `prev` fields of
/// [`crate::AuditRecord`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// 1 for the first record of a trail, then one more than the record before.
    pub seq: u64,
    /// `sha256:<hex>` of the line before, without its newline; `None` for the first record.
    pub prev: Option<String>,
}

/// The last line of the trail as the writer finds it under the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    /// The line's bytes, without the newline.
    pub line: Vec<u8>,
    /// False when the file does not end with a newline: a write was cut short, or the file
    /// was truncated. The next record then starts on a new line.
    pub complete: bool,
}

/// The link of the record that follows `tail` (`None`: the trail is empty): `seq` one more
/// than the tail's (1 when the tail has none: a record of an older format, or a line that
/// is not a record), `prev` the digest of the tail's line.
pub fn next(tail: Option<&Tail>) -> Link {
    match tail {
        None => Link { seq: 1, prev: None },
        Some(t) => Link {
            seq: seq_of(&t.line).map_or(1, |s| s.saturating_add(1)),
            prev: Some(crate::digest(&t.line)),
        },
    }
}

/// The `seq` of a record line, when it is a JSON object with a numeric `seq`.
pub fn seq_of(line: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Seq {
        seq: Option<u64>,
    }
    serde_json::from_slice::<Seq>(line).ok()?.seq
}

/// The first bytes read from the end of a file to find its last line; doubled until a
/// newline is found (a record is well under this).
const TAIL_CHUNK: u64 = 4096;

/// The last line of `file` (whose length is `len`), without its newline; `None` when the
/// file is empty. Reads from the end, 4096 bytes first, doubled until a newline is found.
///
/// # Errors
/// The operating system's error reading the file.
pub fn last_line(mut file: &File, len: u64) -> std::io::Result<Option<Tail>> {
    if len == 0 {
        return Ok(None);
    }
    let mut chunk = TAIL_CHUNK;
    loop {
        let start = len.saturating_sub(chunk);
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::with_capacity(usize::try_from(len - start).unwrap_or(0));
        file.by_ref().take(len - start).read_to_end(&mut buf)?;
        let complete = buf.last() == Some(&b'\n');
        let body = if complete {
            &buf[..buf.len() - 1]
        } else {
            &buf[..]
        };
        match body.iter().rposition(|b| *b == b'\n') {
            Some(at) => {
                return Ok(Some(Tail {
                    line: body[at + 1..].to_vec(),
                    complete,
                }));
            }
            None if start == 0 => {
                return Ok(Some(Tail {
                    line: body.to_vec(),
                    complete,
                }));
            }
            None => chunk = chunk.saturating_mul(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tail_of(bytes: &[u8]) -> Option<Tail> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        last_line(&f, bytes.len() as u64).unwrap()
    }

    #[test]
    fn the_last_line_is_found_from_the_end_however_long() {
        assert_eq!(tail_of(b""), None);
        let t = tail_of(b"{\"seq\":1}\n{\"seq\":2}\n").unwrap();
        assert_eq!((t.line.as_slice(), t.complete), (&b"{\"seq\":2}"[..], true));
        let t = tail_of(b"{\"seq\":1}\n{\"se").unwrap();
        assert_eq!((t.line.as_slice(), t.complete), (&b"{\"se"[..], false));
        let long = format!("a\n{}\n", "x".repeat(10_000));
        assert_eq!(tail_of(long.as_bytes()).unwrap().line.len(), 10_000);
        assert_eq!(tail_of(b"only").unwrap().line, b"only");
    }

    #[test]
    fn the_next_link_counts_on_and_names_the_line_before() {
        assert_eq!(next(None), Link { seq: 1, prev: None });
        let t = Tail {
            line: b"{\"v\":3,\"seq\":41}".to_vec(),
            complete: true,
        };
        let l = next(Some(&t));
        assert_eq!(l.seq, 42);
        assert_eq!(l.prev, Some(crate::digest(b"{\"v\":3,\"seq\":41}")));
        let legacy = Tail {
            line: b"{\"v\":2}".to_vec(),
            complete: true,
        };
        assert_eq!(next(Some(&legacy)).seq, 1);
    }
}
