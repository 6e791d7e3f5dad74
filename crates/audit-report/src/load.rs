//! Reading the trail: JSON Lines files (the format of `hookkit_audit_trail::record`),
//! streamed line by line into [`Line`]s that borrow from a reused line buffer, so a trail
//! of any size is read in constant memory. Only the fields the report and the replay read
//! are kept; every other field is skipped without being copied.

use hookkit_audit_trail::Phase;
use hookkit_audit_trail::outcome::Status;
use hookkit_policy::{ActionClass, Environment, Verdict};
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};
use std::borrow::Cow;
use std::marker::PhantomData;
use std::path::PathBuf;

/// An error reading the trail.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A trail file could not be opened or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// A JSON string of a record: borrowed from the line when it holds no escape, else owned
/// (serde's own `Cow<str>` always owns inside an `Option` or a `Vec`; this does not).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(PhantomData))
    }
}

/// An enum that fits a [`Set`]: its values in their `Ord` order.
pub trait Member: Copy + Eq + 'static {
    /// Every value, in `Ord` order (the order a `BTreeSet` iterates in).
    const ALL: &'static [Self];
    /// The position of `self` in [`Member::ALL`] (below 8).
    fn index(self) -> u8;
}

impl Member for ActionClass {
    const ALL: &'static [Self] = &ActionClass::ALL;
    fn index(self) -> u8 {
        match self {
            ActionClass::Read => 0,
            ActionClass::Create => 1,
            ActionClass::Modify => 2,
            ActionClass::Delete => 3,
            ActionClass::Irreversible => 4,
            ActionClass::Opaque => 5,
        }
    }
}

impl Member for Environment {
    const ALL: &'static [Self] = &Environment::ALL;
    fn index(self) -> u8 {
        match self {
            Environment::Unknown => 0,
            Environment::Development => 1,
            Environment::Staging => 2,
            Environment::Production => 3,
        }
    }
}

/// A set of action classes or environments in one byte; iterates in `Ord` order, like the
/// `BTreeSet` it stands for. Deserializes from a JSON array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Set<T>(u8, PhantomData<T>);

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set(0, PhantomData)
    }
}

impl<T: Member> Set<T> {
    /// Add `v`.
    pub fn insert(&mut self, v: T) {
        self.0 |= 1 << v.index();
    }
    /// Add every member of `other`.
    pub fn extend(&mut self, other: Set<T>) {
        self.0 |= other.0;
    }
    /// True when `v` is in the set.
    pub fn contains(&self, v: &T) -> bool {
        self.0 & (1 << v.index()) != 0
    }
    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    /// The members, in `Ord` order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(|v| self.contains(v))
    }
}

impl<T: Member> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = Set::default();
        for v in iter {
            s.insert(v);
        }
        s
    }
}

impl<'de, T: Member + Deserialize<'de>> Deserialize<'de> for Set<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Member + Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Set<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of names")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Set<T>, A::Error> {
                let mut s = Set::default();
                while let Some(v) = seq.next_element::<T>()? {
                    s.insert(v);
                }
                Ok(s)
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// The fields of one trail record the report and the replay read (every other field is
/// skipped, so older and newer records both load). Strings borrow from the line where
/// they hold no JSON escape.
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)] // the fields are those of `hookkit_audit_trail::AuditRecord`
pub struct Line<'a> {
    #[serde(borrow)]
    pub time: Str<'a>,
    #[serde(borrow)]
    pub guard: Str<'a>,
    #[serde(default = "unknown_phase")]
    pub phase: Phase,
    #[serde(borrow)]
    pub host: Str<'a>,
    #[serde(borrow, default)]
    pub session: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub call_id: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub agent_type: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub tool: Str<'a>,
    pub decision: Verdict,
    #[serde(borrow, default)]
    pub rule_ids: Vec<Str<'a>>,
    #[serde(borrow, default)]
    pub profile: Option<Str<'a>>,
    #[serde(default)]
    pub classes: Set<ActionClass>,
    #[serde(default)]
    pub environments: Set<Environment>,
    #[serde(default)]
    pub internal_error: bool,
    #[serde(borrow, default)]
    pub purpose: Str<'a>,
    #[serde(borrow, default)]
    pub purpose_source: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub args: Option<Str<'a>>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub exit_code: Option<i64>,
    #[serde(borrow, default)]
    pub error: Option<Str<'a>>,
    #[serde(default)]
    pub output_bytes: Option<u64>,
    #[serde(borrow, default)]
    pub output_digest: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub args_digest: Option<Str<'a>>,
}

fn unknown_phase() -> Phase {
    Phase::Unknown
}

/// What [`stream`] counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records read.
    pub records: usize,
    /// Lines that are not records (torn, foreign or from an unknown format).
    pub unreadable: usize,
}

/// Read `paths` in order and hand every record to `each`, in trail order, in constant
/// memory. Blank lines are skipped; lines that do not parse are counted, not fatal.
///
/// # Errors
/// [`LoadError::Io`] naming the first file that cannot be opened or read.
///
/// Each file is read in chunks of whole lines ([`CHUNK`] bytes, more for a longer line);
/// with a second core, the back half of each chunk is parsed on a scoped thread while the
/// front half is parsed and handed to `each`, so `each` still sees every record in order.
pub fn stream(paths: &[PathBuf], mut each: impl FnMut(Line<'_>)) -> Result<Counts, LoadError> {
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let mut counts = Counts::default();
    // Zeroed once and reused: bytes [..filled] hold what was read and not yet parsed.
    let mut chunk: Vec<u8> = vec![0; CHUNK];
    for p in paths {
        let io = |source| LoadError::Io {
            path: p.clone(),
            source,
        };
        let mut file = std::fs::File::open(p).map_err(io)?;
        let mut filled = 0;
        loop {
            let (n, eof) =
                fill(&mut file, chunk.get_mut(filled..).unwrap_or_default()).map_err(io)?;
            filled += n;
            let read = chunk.get(..filled).unwrap_or_default();
            let end = if eof {
                filled
            } else {
                match read.iter().rposition(|b| *b == b'\n') {
                    Some(i) => i + 1,
                    // One line longer than the chunk: make room and read on to its end.
                    None => {
                        chunk.resize(chunk.len() * 2, 0);
                        continue;
                    }
                }
            };
            let whole = read.get(..end).unwrap_or_default();
            if parallel {
                parse_halves(whole, &mut counts, &mut each);
            } else {
                parse_lines(whole, &mut counts, &mut each);
            }
            chunk.copy_within(end..filled, 0);
            filled -= end;
            if eof {
                break;
            }
        }
    }
    Ok(counts)
}

/// Bytes read at a time by [`stream`].
pub const CHUNK: usize = 8 << 20;

/// Read from `r` into `buf` until it is full or the input ends: the bytes read, and
/// true at the end.
fn fill(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<(usize, bool)> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => return Ok((n, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((n, false))
}

/// Parse `bytes` (whole lines): the back half on a scoped thread, the front half here.
fn parse_halves(bytes: &[u8], counts: &mut Counts, each: &mut impl FnMut(Line<'_>)) {
    let mid = bytes.len() / 2;
    let cut = bytes
        .get(mid..)
        .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
        .map_or(bytes.len(), |i| mid + i + 1);
    let (front, back) = bytes.split_at(cut);
    std::thread::scope(|s| {
        let worker = s.spawn(|| {
            let mut lines: Vec<Line<'_>> = Vec::new();
            let mut c = Counts::default();
            parse_lines(back, &mut c, &mut |l| lines.push(l));
            (lines, c)
        });
        parse_lines(front, counts, each);
        match worker.join() {
            Ok((lines, c)) => {
                counts.records += c.records;
                counts.unreadable += c.unreadable;
                lines.into_iter().for_each(&mut *each);
            }
            // Unreachable (parsing does not panic); parse here rather than lose lines.
            Err(_) => parse_lines(back, counts, each),
        }
    });
}

/// [`stream`] over bytes already in memory (tests, small inputs).
pub fn stream_bytes(bytes: &[u8], mut each: impl FnMut(Line<'_>)) -> Counts {
    let mut counts = Counts::default();
    parse_lines(bytes, &mut counts, &mut each);
    counts
}

fn parse_lines<'a>(bytes: &'a [u8], counts: &mut Counts, each: &mut impl FnMut(Line<'a>)) {
    for line in bytes.split(|b| *b == b'\n') {
        parse_line(line, counts, each);
    }
}

fn parse_line<'a>(line: &'a [u8], counts: &mut Counts, each: &mut impl FnMut(Line<'a>)) {
    if line.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    match serde_json::from_slice::<Line<'_>>(line) {
        Ok(l) => {
            counts.records += 1;
            each(l);
        }
        Err(_) => counts.unreadable += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torn_lines_are_counted_not_fatal() {
        let mut n = 0;
        let c = stream_bytes(
            b"{\"time\":\"t\",\"guard\":\"g\",\"host\":\"h\",\"decision\":\"allow\"}\n{\"time\":\n\n",
            |_| n += 1,
        );
        assert_eq!((n, c.records, c.unreadable), (1, 1, 1));
    }

    #[test]
    fn strings_borrow_unless_escaped_and_unknown_fields_are_skipped() {
        let line = br#"{"v":2,"time":"t","guard":"g","host":"h","decision":"deny","session":"s\u00e9","call_id":"c","rule_ids":["a.b"],"classes":["delete","read"],"environments":["production"],"extra":{"x":[1,2]},"kind":"some-future-kind"}"#;
        let l: Line<'_> = serde_json::from_slice(line).unwrap();
        assert!(matches!(l.call_id.as_ref().unwrap().0, Cow::Borrowed("c")));
        assert!(matches!(l.rule_ids[0].0, Cow::Borrowed("a.b")));
        assert_eq!(l.session.as_deref(), Some("sé"));
        assert_eq!(
            l.classes.iter().collect::<Vec<_>>(),
            vec![ActionClass::Read, ActionClass::Delete]
        );
        assert!(l.environments.contains(&Environment::Production));
        assert!(!l.environments.contains(&Environment::Staging));
    }

    #[test]
    fn files_are_streamed_in_order_and_a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let rec = |t: &str| {
            format!("{{\"time\":\"{t}\",\"guard\":\"g\",\"host\":\"h\",\"decision\":\"allow\"}}\n")
        };
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        std::fs::write(&a, rec("1") + &rec("2")).unwrap();
        // The last line has no newline: it is still read.
        std::fs::write(&b, rec("3").trim_end()).unwrap();
        let mut times = Vec::new();
        let c = stream(&[a.clone(), b], |l| times.push(l.time.to_string())).unwrap();
        assert_eq!(times, ["1", "2", "3"]);
        assert_eq!(c.records, 3);
        let err = stream(&[a, dir.path().join("nope")], |_| {}).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
