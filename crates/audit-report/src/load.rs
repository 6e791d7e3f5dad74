//! Reading the trail: JSON Lines files (the format of `hookkit_policy::audit::record`)
//! into [`Line`]s that borrow from the file contents. Large files are parsed on every
//! available core.

use hookkit_policy::audit::Phase;
use hookkit_policy::audit::outcome::Status;
use hookkit_policy::{ActionClass, Environment, ToolKind, Verdict};
use serde::Deserialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// An error reading the trail.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A trail file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The fields of one trail record the report reads (unknown fields are skipped, so older
/// and newer records both load). Strings borrow from the file's bytes where they hold no
/// JSON escapes.
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)] // the fields are those of `hookkit_policy::audit::AuditRecord`
pub struct Line<'a> {
    #[serde(borrow)]
    pub time: Cow<'a, str>,
    #[serde(borrow)]
    pub guard: Cow<'a, str>,
    #[serde(default = "unknown_phase")]
    pub phase: Phase,
    #[serde(borrow)]
    pub host: Cow<'a, str>,
    #[serde(borrow, default)]
    pub session: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub call_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub agent_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub cwd: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub tool: Cow<'a, str>,
    #[serde(default)]
    pub kind: Option<ToolKind>,
    pub decision: Verdict,
    #[serde(borrow, default)]
    pub rule_ids: Vec<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub profile: Option<Cow<'a, str>>,
    #[serde(default)]
    pub classes: Vec<ActionClass>,
    #[serde(default)]
    pub environments: Vec<Environment>,
    #[serde(default)]
    pub internal_error: bool,
    #[serde(borrow, default)]
    pub purpose: Cow<'a, str>,
    #[serde(borrow, default)]
    pub purpose_source: Option<Cow<'a, str>>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub exit_code: Option<i64>,
    #[serde(borrow, default)]
    pub error: Option<Cow<'a, str>>,
    #[serde(default)]
    pub output_bytes: Option<u64>,
    #[serde(borrow, default)]
    pub output_digest: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub args_digest: Option<Cow<'a, str>>,
}

fn unknown_phase() -> Phase {
    Phase::Unknown
}

/// The bytes of the trail files, kept alive while [`Line`]s borrow from them.
#[derive(Debug, Default)]
pub struct Trail {
    /// Each file and its contents, in the order given.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// What [`Trail::lines`] found: the records, and how many lines did not parse.
#[derive(Debug, Default)]
pub struct Parsed<'a> {
    /// The records, in file order.
    pub lines: Vec<Line<'a>>,
    /// Lines that are not records (torn, foreign or from an unknown format).
    pub unreadable: usize,
}

impl Trail {
    /// Read `paths` (each whole).
    ///
    /// # Errors
    /// [`LoadError::Io`] naming the first file that cannot be read.
    pub fn read(paths: &[PathBuf]) -> Result<Trail, LoadError> {
        let mut files = Vec::with_capacity(paths.len());
        for p in paths {
            let bytes = std::fs::read(p).map_err(|source| LoadError::Io {
                path: p.clone(),
                source,
            })?;
            files.push((p.clone(), bytes));
        }
        Ok(Trail { files })
    }

    /// Every record of every file, in order, parsed on up to
    /// `std::thread::available_parallelism` threads.
    pub fn lines(&self) -> Parsed<'_> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut chunks: Vec<&[u8]> = Vec::new();
        for (_, bytes) in &self.files {
            chunks.extend(split(bytes, threads));
        }
        let parsed: Vec<Parsed<'_>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|chunk| s.spawn(move || parse_chunk(chunk)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut out = Parsed {
            lines: Vec::with_capacity(parsed.iter().map(|p| p.lines.len()).sum()),
            unreadable: 0,
        };
        for p in parsed {
            out.lines.extend(p.lines);
            out.unreadable += p.unreadable;
        }
        out
    }

    /// The paths read.
    pub fn paths(&self) -> Vec<&Path> {
        self.files.iter().map(|(p, _)| p.as_path()).collect()
    }
}

/// `bytes` cut into about `n` pieces at line ends.
fn split(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    const MIN_CHUNK: usize = 1 << 20;
    let n = n.clamp(1, (bytes.len() / MIN_CHUNK).max(1));
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..n {
        let target = (bytes.len() * i / n).max(start);
        let end = bytes
            .get(target..)
            .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
            .map_or(bytes.len(), |p| target + p + 1);
        out.push(bytes.get(start..end).unwrap_or_default());
        start = end;
    }
    out.push(bytes.get(start..).unwrap_or_default());
    out
}

fn parse_chunk(chunk: &[u8]) -> Parsed<'_> {
    let mut out = Parsed::default();
    for line in chunk.split(|b| *b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Line<'_>>(line) {
            Ok(l) => out.lines.push(l),
            Err(_) => out.unreadable += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_cuts_at_line_ends_and_keeps_every_byte() {
        let text: Vec<u8> = (0..300_000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let parts = split(&text, 4);
        assert!(parts.len() > 1);
        assert_eq!(parts.iter().map(|p| p.len()).sum::<usize>(), text.len());
        for p in &parts {
            assert!(p.is_empty() || p.ends_with(b"\n"));
        }
    }

    #[test]
    fn torn_lines_are_counted_not_fatal() {
        let t = Trail {
            files: vec![(
                PathBuf::from("x"),
                b"{\"time\":\"t\",\"guard\":\"g\",\"host\":\"h\",\"decision\":\"allow\"}\n{\"time\":\n\n".to_vec(),
            )],
        };
        let p = t.lines();
        assert_eq!((p.lines.len(), p.unreadable), (1, 1));
    }
}
