//! `content.credential`: credentials pasted into a skill (SKILL.md, its scripts, references,
//! any text file in its folder), found with hookkit-policy's secret rules
//! ([`hookkit_policy::secrets::WindowedScanner::shared`], `crates/policy/rules/secrets/*.toml`:
//! what a whole-text scan finds, each regex run only around its keywords).
//!
//! A found secret leaves this module only in its masked form
//! ([`hookkit_policy::secrets::mask::mask`], `ghp_…(40 chars)`): the finding's message holds
//! the mask, its snippet is the line with every credential masked, and every other finding
//! of the skill is scrubbed (its message and hint) and loses its snippet where its line
//! holds a credential.
//!
//! Not every match is a credential: references, placeholders and variable names are left out
//! ([`crate::not_credentials`]).
//!
//! The files' texts ([`Texts`]) are read once per skill and also serve the checks of its
//! Markdown links and the lines the human format shows.
//!
//! Which files: those [`crate::tree`] lists for the skill (every file under its directory,
//! hidden ones included, but `.git`, what `.gitignore` excludes and nested skills), but
//! binary files (a NUL byte in the first [`BINARY_PROBE`] bytes, git's test:
//! [`hookkit_policy::small_file::looks_binary`]) and files over [`MAX_FILE_BYTES`].

use crate::finding::{Finding, Snippet};
use hookkit_policy::secrets::{ScanMemo, SecretMatch, WindowedScanner, mask};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The scans of this process: a file copied into several skills is scanned once.
static MEMO: LazyLock<ScanMemo> = LazyLock::new(ScanMemo::new);

/// The rule id.
pub const RULE: &str = "content.credential";

/// Files larger than this (1 MiB) are not scanned: skill files are prose and short scripts;
/// anything larger is data or a bundled binary.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// How many leading bytes are looked at for a NUL byte (binary file), as git does.
pub use hookkit_policy::small_file::BINARY_PROBE;

/// The text of each file of one skill that the credential scan reads (see the module
/// documentation for which): its SKILL.md first, then its other files in the order
/// [`crate::tree`] lists them. Read once for every check of the skill that reads those files. A file is looked
/// up by its path as spelled (the walk and the checks build it the same way): comparing
/// paths component by component cost 14 M of the toolkit run's 850 M instructions.
pub struct Texts(Vec<Text>);

/// One file's text.
struct Text {
    path: PathBuf,
    text: String,
    /// The text is the file's bytes as they are (valid UTF-8, no BOM dropped).
    exact: bool,
}

impl Texts {
    /// The texts of the skill whose SKILL.md is `path` (with contents `bytes`) and of its
    /// other files `skill_files` ([`crate::tree::skills`], [`crate::tree::skill_files`]).
    pub fn read(path: &Path, skill_files: &[PathBuf], bytes: &[u8]) -> Texts {
        let mut texts = Vec::with_capacity(skill_files.len() + 1);
        let files = std::iter::once((path.to_path_buf(), Some(bytes.to_vec())))
            .chain(skill_files.iter().map(|f| (f.clone(), read_most(f))));
        for (path, bytes) in files {
            if let Some((text, exact)) = bytes.and_then(text_of) {
                texts.push(Text { path, text, exact });
            }
        }
        Texts(texts)
    }

    /// The text of `file`, when it was read and is the file's bytes as they are: what
    /// [`std::fs::read_to_string`] would give.
    pub fn exact(&self, file: &Path) -> Option<&str> {
        self.0
            .iter()
            .find(|t| t.exact && t.path.as_os_str() == file.as_os_str())
            .map(|t| t.text.as_str())
    }

    /// Give each finding of `out` that shows its file's line ([`Snippet::File`]) that line
    /// from the file's text here, when the file was read: the human format need not read
    /// the file again.
    pub fn take_lines(&self, out: &mut [Finding]) {
        for f in out.iter_mut().filter(|f| f.snippet == Snippet::File) {
            let line = self
                .0
                .iter()
                .find(|t| t.path.as_os_str() == f.path.as_os_str())
                .zip(f.line.checked_sub(1))
                .and_then(|(t, k)| crate::envelope::lines(&t.text).nth(k));
            if let Some((_, line)) = line {
                f.snippet = Snippet::Line(line.to_owned());
            }
        }
    }
}

/// Scan `texts` (one skill's files); push a `content.credential` finding per secret, then
/// mask what `out` (every finding of this skill) would otherwise show of them.
pub fn check(texts: &Texts, out: &mut Vec<Finding>) {
    for Text { path, text, .. } in &texts.0 {
        let shown = path.to_string_lossy();
        // The built-in rules are checked to compile by hookkit-policy's tests; a failure here
        // would be a broken build, and is treated as nothing found.
        let Ok(mut found) = WindowedScanner::shared().scan_memo(&MEMO, text, Some(&shown)) else {
            continue;
        };
        found.retain(|m| !crate::not_credentials::not_a_credential(text, m));
        if found.is_empty() {
            continue;
        }
        report(path, text, &found, out);
    }
}

/// The bytes of `file`, or `None` when it cannot be read or is larger than
/// [`MAX_FILE_BYTES`] (its size taken from the open file: one path lookup, not two).
///
/// The walk lists regular files only, and a regular file's size is what it holds: reading
/// up to that size, and no further, skips the last read that would return nothing (one
/// system call in five of the AWS agent toolkit's 1,690 file reads). A file that grows
/// meanwhile is read as it was when opened.
fn read_most(file: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(file).ok()?;
    let len = f.metadata().ok()?.len();
    if len > MAX_FILE_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    f.take(len).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The text of a file and whether it is the file's bytes as they are (see [`decoded`]), or
/// `None` when it is binary or too large.
fn text_of(bytes: Vec<u8>) -> Option<(String, bool)> {
    if bytes.len() as u64 > MAX_FILE_BYTES || hookkit_policy::small_file::looks_binary(&bytes) {
        return None;
    }
    Some(decoded(bytes))
}

/// `bytes` as text: invalid UTF-8 read lossily (a Latin-1 script still has ASCII keys), a
/// leading BOM dropped, as the checks drop it, so that columns agree. Valid UTF-8, nearly
/// every file, is taken as it is, without a copy.
pub(crate) fn lossy_text(bytes: Vec<u8>) -> String {
    decoded(bytes).0
}

/// [`lossy_text`], and whether the text is `bytes` as they are (valid UTF-8, no BOM).
fn decoded(bytes: Vec<u8>) -> (String, bool) {
    let (mut text, valid) = hookkit_policy::small_file::lossy(bytes);
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
        return (text, false);
    }
    (text, valid)
}

/// Push one finding per match of `found` in `file`, and mask the other findings of `file`.
fn report(file: &Path, text: &str, found: &[SecretMatch], out: &mut Vec<Finding>) {
    // Lines (1-based) that hold part of a secret, and the raw secrets (scrubbed below).
    let mut touched = std::collections::BTreeSet::new();
    let mut raw: Vec<String> = Vec::new();
    for m in found {
        let (first, _) = m.line_column(text);
        let last = first
            + text
                .get(m.start..m.end)
                .map_or(0, |s| s.matches('\n').count());
        touched.extend(first..=last);
        raw.push(text.get(m.start..m.end).unwrap_or_default().to_owned());
    }
    for f in out.iter_mut() {
        f.message = mask::scrub(&f.message, &raw);
        f.hint = mask::scrub(&f.hint, &raw);
        if f.path == file && touched.contains(&f.line) {
            f.snippet = Snippet::Hidden;
        }
    }
    for m in found {
        let (line, column) = m.line_column(text);
        let (masked_line, masked_column) = masked_line(text, m, found);
        let width = m.masked.chars().count();
        let length = text.get(m.start..m.end).map_or(0, |s| s.chars().count());
        let mut finding = Finding::new(
            RULE,
            file,
            line,
            column,
            format!(
                "a credential is written here ({}, rule `{}`): anyone who gets the skill gets it",
                m.masked, m.rule_id
            ),
            "move it to an environment variable or a secret manager and read it at run time; rotate it, it is exposed",
        )
        .width(length);
        finding.snippet = Snippet::Masked {
            text: masked_line,
            column: masked_column,
            width,
        };
        out.push(finding);
    }
}

/// The line where `m` starts, with every secret of `found` on it masked, and the 1-based
/// column (in characters) of `m`'s mask in it.
fn masked_line(text: &str, m: &SecretMatch, found: &[SecretMatch]) -> (String, usize) {
    let start = text
        .get(..m.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(m.start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| m.start + i);
    let mut shown = String::new();
    let mut column = 1;
    let mut at = start;
    for s in found.iter().filter(|s| s.start < end && s.end > start) {
        let from = s.start.max(at);
        shown.push_str(text.get(at..from).unwrap_or_default());
        if s == m {
            column = shown.chars().count() + 1;
        }
        shown.push_str(&s.masked);
        at = s.end.clamp(at, end);
    }
    shown.push_str(text.get(at..end).unwrap_or_default());
    let shown = shown
        .strip_suffix('\r')
        .map(str::to_string)
        .unwrap_or(shown);
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file is read whole up to its size, on either side of the 32-byte probe `read_to_end`
    /// makes into a full buffer, and not at all past [`MAX_FILE_BYTES`].
    #[test]
    fn a_file_is_read_whole_up_to_its_size_and_not_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 31, 32, 33, 4103, 1 << 20] {
            let path = dir.path().join(format!("f{len}"));
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_most(&path), Some(bytes), "{len}");
        }
        let over = dir.path().join("over");
        std::fs::write(&over, vec![b'a'; (1 << 20) + 1]).unwrap();
        assert_eq!(read_most(&over), None);
        assert_eq!(read_most(&dir.path().join("missing")), None);
    }

    /// A file's text is exact only when it is the file's bytes as they are: a BOM dropped or
    /// invalid UTF-8 replaced makes it not what `read_to_string` gives; a binary file is
    /// not read at all.
    #[test]
    fn a_text_is_exact_only_when_it_is_the_file_s_bytes_and_gives_findings_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let skill = write("SKILL.md", b"---\nname: x\n---\n");
        let plain = write("plain.md", b"[a](b.md)\n");
        let bom = write("bom.md", "\u{feff}[a](b.md)\n".as_bytes());
        let latin = write("latin.md", b"caf\xe9 [a](b.md)\n");
        let binary = write("binary.md", b"a\0b");
        let files = [plain.clone(), bom.clone(), latin.clone(), binary.clone()];
        let texts = Texts::read(&skill, &files, b"---\nname: x\n---\n");
        assert_eq!(texts.exact(&skill), Some("---\nname: x\n---\n"));
        assert_eq!(texts.exact(&plain), Some("[a](b.md)\n"));
        for not_exact in [&bom, &latin, &binary] {
            assert_eq!(texts.exact(not_exact), None, "{}", not_exact.display());
        }
        // The scan still reads the BOM and Latin-1 files (their text decoded), not the binary.
        let read: Vec<&Path> = texts.0.iter().map(|t| t.path.as_path()).collect();
        assert_eq!(read, [skill.as_path(), &plain, &bom, &latin]);

        // A finding takes its line from a file read here, as the human format would show it
        // (the BOM dropped); a line past the end, or a file not read, is left to the format.
        let finding = |path: &Path, line| Finding::new(RULE, path, line, 1, "m", "h");
        let mut out = vec![
            finding(&bom, 1),
            finding(&skill, 2),
            finding(&skill, 9),
            finding(&binary, 1),
        ];
        out.get_mut(1).unwrap().snippet = Snippet::Hidden;
        texts.take_lines(&mut out);
        let snippets: Vec<&Snippet> = out.iter().map(|f| &f.snippet).collect();
        assert_eq!(
            snippets,
            [
                &Snippet::Line("[a](b.md)".to_owned()),
                &Snippet::Hidden,
                &Snippet::File,
                &Snippet::File
            ]
        );
    }
}
