//! Shell scripts a shell line runs from files, read for the fetch rules: an agent that
//! cannot `cat ~/.aws/credentials` could write that line into `run.sh` and run `bash run.sh`.
//!
//! A command that runs a shell script file (`bash x.sh`, `sh -e x.sh`, `source x.sh`, `.
//! x.sh`, or `./x.sh` with a shell's `#!` line or none, which bash runs as a shell script),
//! when the file is on disk (the call has not run yet, so it is what will run, written by
//! an earlier call or not): its text is judged as a line of its own, as the command line is
//! (and a script it runs in turn, up to [`MAX_SCRIPTS`] files a call).
//!
//! Programs for other interpreters (`python3 x.py`) are not read: a whole program that
//! names a credential file most often uses it (the AWS SDK, a Docker client) rather than
//! prints it, and `fetch.secret-file-in-program` asked about 21 of 600 real Python files.
//! A script larger than [`MAX_SCRIPT_BYTES`] cannot be read in the hook's time: it is
//! opaque ([`Scripts::too_large`]), and asked about. A binary file, one that is not there,
//! or one past the call's [`MAX_SCRIPTS`] is not read: what it prints is left to the
//! PostToolUse output scan.

use crate::command::PathContext;
use crate::small_file;
use hookkit_shell::{SimpleCommand, Word};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest script file read (128 KiB): 0.28 s of analysis for 128 KiB of real scripts
/// run one after another, 0.70 s for 256 KiB, past the hook's deadline for 512 KiB (the
/// fetch rules' analysis grows faster than the text). Of 332 real shell scripts (the AWS
/// agent toolkit's, CredData's samples, this machine's), the largest is 143 KB and the next
/// 44 KB.
pub(super) const MAX_SCRIPT_BYTES: u64 = 128 << 10;

/// The most script files read for one call.
pub(super) const MAX_SCRIPTS: usize = 16;

/// Shells whose scripts are bash's language (bash runs a file without a `#!` line as one).
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "ksh", "zsh"];

/// The script files of one call read so far.
#[derive(Default)]
pub(super) struct Scripts {
    read: BTreeSet<PathBuf>,
    /// The first script file too large to read ([`MAX_SCRIPT_BYTES`]), as written.
    pub(super) too_large: Option<String>,
}

impl Scripts {
    /// The lines that stand for the script files `commands` run (see the module
    /// documentation), each file once per call.
    pub(super) fn lines(&mut self, commands: &[SimpleCommand], ctx: &PathContext) -> Vec<String> {
        let mut out = Vec::new();
        for cmd in commands {
            let Some((runner, file)) = script_of(cmd) else {
                continue;
            };
            if self.read.len() >= MAX_SCRIPTS {
                break;
            }
            let Some(path) = ctx.resolve(file) else {
                continue;
            };
            if self.read.contains(&path) {
                continue;
            }
            let text = match read_script(&path) {
                Script::Text(text) => text,
                Script::TooLarge => {
                    self.too_large.get_or_insert_with(|| file.text.clone());
                    continue;
                }
                Script::None => continue,
            };
            self.read.insert(path);
            let shell = match runner {
                Runner::Shell => true,
                Runner::ItsOwnLine => interpreter_of(&text).is_none_or(|i| SHELLS.contains(&i)),
            };
            if shell {
                out.push(text);
            }
        }
        out
    }
}

/// What runs a script: a shell, or the file's own `#!` line.
enum Runner {
    Shell,
    ItsOwnLine,
}

/// The script file `cmd` runs, and what runs it; `None` when it runs none.
fn script_of(cmd: &SimpleCommand) -> Option<(Runner, &Word)> {
    let first = cmd.argv.first()?;
    let name = cmd.name();
    if name == "source" || name == "." {
        return Some((Runner::Shell, cmd.argv.get(1)?));
    }
    if SHELLS.contains(&name) {
        return Some((Runner::Shell, file_operand(cmd.argv.get(1..)?)?));
    }
    (first.text.contains('/') && !first.dynamic).then_some((Runner::ItsOwnLine, first))
}

/// The script file among a shell's arguments `args`: the first word after the options,
/// unless an option gives the program itself (`-c`, `-s`) or it is `-` (standard input).
fn file_operand(args: &[Word]) -> Option<&Word> {
    let mut words = args.iter();
    while let Some(w) = words.next() {
        let t = w.text.as_str();
        match t {
            "--" => return words.next(),
            "-" => return None,
            // Options that take the next word as their value.
            "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" => {
                words.next();
            }
            _ if t.starts_with("--") => {}
            _ if t.starts_with('-') || t.starts_with('+') => {
                if t.starts_with('-') && t.contains(['c', 's']) {
                    return None;
                }
            }
            _ => return Some(w),
        }
    }
    None
}

/// The interpreter a script's `#!` line names (`#!/usr/bin/env bash`: `bash`), or `None`
/// without one.
fn interpreter_of(text: &str) -> Option<&str> {
    let line = text.strip_prefix("#!")?.lines().next()?;
    let mut words = line.split_whitespace();
    let program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        return words.find(|w| !w.starts_with('-'));
    }
    Some(program)
}

/// What is on disk at a script's path.
enum Script {
    /// Its text (invalid UTF-8 read lossily).
    Text(String),
    /// A file larger than [`MAX_SCRIPT_BYTES`].
    TooLarge,
    /// Nothing to read: no regular file there, or a binary one
    /// ([`crate::small_file::looks_binary`]: `/usr/bin/ls` is a program, not a script).
    None,
}

/// The script file at `path`: its first [`small_file::BINARY_PROBE`] bytes tell a binary
/// file (read first, so that a program, `/usr/bin/git`, costs no more), then its size
/// whether it is read.
fn read_script(path: &Path) -> Script {
    // Looked at before it is opened: opening a named pipe would wait for a writer.
    let Ok(meta) = std::fs::metadata(path) else {
        return Script::None;
    };
    if !meta.is_file() {
        return Script::None;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return Script::None;
    };
    let mut file = file.take(MAX_SCRIPT_BYTES);
    let mut bytes = Vec::new();
    let probed = (&mut file)
        .take(small_file::BINARY_PROBE as u64)
        .read_to_end(&mut bytes);
    if probed.is_err() || small_file::looks_binary(&bytes) {
        return Script::None;
    }
    if meta.len() > MAX_SCRIPT_BYTES {
        return Script::TooLarge;
    }
    if file.read_to_end(&mut bytes).is_err() {
        return Script::None;
    }
    Script::Text(small_file::lossy(bytes).0)
}
