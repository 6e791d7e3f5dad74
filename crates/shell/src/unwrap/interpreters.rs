//! Programs given inline to an interpreter (`python -c`, `node -e`, `perl -e`, `ruby -e`,
//! `php -r`, an awk program): the shell commands they start and the files they delete are
//! what comes out, as commands, so that the same rules judge them:
//!
//! - a call that runs a shell command (`os.system("…")`, `subprocess.run("…")`,
//!   `execSync("…")`, awk `system("…")` and `print | "…"`, perl and ruby backticks) whose
//!   argument is a string literal is `sh -c LITERAL`; a list of literals
//!   (`subprocess.run(["rm", "-rf", "/"])`) is that command; any other argument is a shell
//!   string hookkit cannot know (opaque);
//! - a call that deletes (`shutil.rmtree('/home/u')`, `fs.rmSync('/', …)`,
//!   `FileUtils.rm_rf`, perl `rmtree`, `unlink`) with a literal path is `rm -rf PATH` (or
//!   `rm PATH`), so its target is classified like a shell delete's.
//!
//! Sources: Python `os.system`, `os.popen`, `subprocess`, `shutil.rmtree`, `os.remove`,
//! `pathlib.Path.unlink`; Node.js `child_process`, `fs.rm`/`rmSync`/`rmdir`/`unlink`;
//! Ruby `Kernel#system`, backticks, `FileUtils`; Perl `system`, `qx`, `File::Path`,
//! `unlink`; PHP `shell_exec`, `passthru`, `unlink`; the gawk manual ("Redirecting Output of
//! print and printf", "Built-in Functions for Input/Output"); their `-c`/`-e`/`-r` options.

use super::Runs;
use crate::types::Word;

/// The most commands taken from one program; the rest is not read.
const MAX_FOUND: usize = 32;

/// The most call sites, pipes and backtick pairs looked at in one program, and the longest
/// string literal read (bytes): the work stays linear in the program's length.
const MAX_SITES: usize = 256;
const MAX_LITERAL: usize = 4096;

/// Calls that run their argument as a shell command (the name after the last `.`).
const SHELL_CALLS: &[&str] = &[
    "system",
    "popen",
    "getoutput",
    "getstatusoutput",
    "check_output",
    "check_call",
    "call",
    "run",
    "Popen",
    "exec",
    "execSync",
    "spawnSync",
    "shell_exec",
    "passthru",
    "proc_open",
];

/// Calls that delete their first argument, and the shell command that does the same.
const DELETE_CALLS: &[(&str, &[&str])] = &[
    ("rmtree", &["rm", "-rf"]),
    ("remove_tree", &["rm", "-rf"]),
    ("rm_rf", &["rm", "-rf"]),
    ("rm_r", &["rm", "-rf"]),
    ("remove_dir", &["rm", "-rf"]),
    ("remove_entry", &["rm", "-rf"]),
    ("rmSync", &["rm", "-rf"]),
    ("rmdirSync", &["rm", "-rf"]),
    ("rimraf", &["rm", "-rf"]),
    ("removedirs", &["rmdir"]),
    ("rmdir", &["rm", "-rf"]),
    ("rm", &["rm", "-rf"]),
    ("rm_f", &["rm"]),
    ("remove", &["rm"]),
    ("unlink", &["rm"]),
    ("unlinkSync", &["rm"]),
];

/// The language of an interpreter, by base name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Python,
    Node,
    Perl,
    Ruby,
    Php,
    Awk,
}

fn lang(name: &str) -> Option<Lang> {
    Some(match name {
        "python" | "python2" | "python3" | "pypy" | "pypy3" => Lang::Python,
        _ if name.starts_with("python3.") => Lang::Python,
        "node" | "nodejs" | "bun" | "deno" => Lang::Node,
        "perl" => Lang::Perl,
        "ruby" => Lang::Ruby,
        "php" => Lang::Php,
        "awk" | "gawk" | "mawk" | "nawk" => Lang::Awk,
        _ => return None,
    })
}

/// What the interpreter `name` runs, when its program is given on the line: itself, and
/// the commands its program starts or deletes with ([`Runs::Spawns`]). `None` for another
/// command, or one whose program is a file.
pub(super) fn runs(name: &str, argv: &[Word]) -> Option<Runs> {
    let lang = lang(name)?;
    let programs = programs(lang, argv);
    if programs.is_empty() {
        return None;
    }
    Some(spawns(name, lang, programs.iter().map(|p| p.text.as_str())))
}

/// The interpreter `name` (of `lang`) and the commands `programs` start or delete with,
/// at most [`MAX_FOUND`].
fn spawns<'a>(name: &str, lang: Lang, programs: impl IntoIterator<Item = &'a str>) -> Runs {
    let label = format!("{name} program");
    let children = programs
        .into_iter()
        .flat_map(|program| found(lang, program))
        .take(MAX_FOUND)
        .map(|child| (label.clone(), child))
        .collect();
    Runs::Spawns { children }
}

/// What the interpreter `name` runs when its program comes on standard input
/// (`python3 <<EOF … EOF`, `node - <<<'…'`): as [`runs`], from `program`. `None` for
/// another command, awk (whose program is never read from standard input), or one given
/// its program on the line or as a file.
pub(super) fn runs_stdin(name: &str, argv: &[Word], program: &str) -> Option<Runs> {
    let lang = lang(name).filter(|l| *l != Lang::Awk)?;
    let reads_stdin = programs(lang, argv).is_empty()
        && argv
            .iter()
            .skip(1)
            .all(|w| w.text.starts_with('-') && w.text != "--" || w.text == "-");
    if !reads_stdin {
        return None;
    }
    Some(spawns(name, lang, [program]))
}

/// The program texts given on the line: `-c` (Python), `-e`/`--eval`/`-p`/`--print`
/// (Node.js, Bun, Deno's `eval`), `-e`/`-E` in a cluster (`-ne`, Perl, Ruby), `-r` (PHP),
/// awk's first operand or `--source`/`-e` (gawk).
fn programs(lang: Lang, argv: &[Word]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 1;
    let value = |i: usize| argv.get(i).cloned();
    while let Some(word) = argv.get(i) {
        let t = word.text.as_str();
        i += 1;
        match lang {
            Lang::Python if t == "-c" => {
                out.extend(value(i));
                break;
            }
            Lang::Node if matches!(t, "-e" | "--eval" | "-p" | "--print" | "eval") => {
                out.extend(value(i));
                i += 1;
            }
            Lang::Perl | Lang::Ruby
                if t.starts_with('-')
                    && !t.starts_with("--")
                    && (t.ends_with('e') || t.ends_with('E')) =>
            {
                out.extend(value(i));
                i += 1;
            }
            Lang::Php if t == "-r" => {
                out.extend(value(i));
                i += 1;
            }
            Lang::Awk => match t {
                "-f" | "--file" => return Vec::new(),
                "-e" | "--source" => {
                    out.extend(value(i));
                    i += 1;
                }
                "-F" | "-v" | "--assign" | "--field-separator" => i += 1,
                "--" => {
                    if out.is_empty() {
                        out.extend(value(i));
                    }
                    break;
                }
                _ if t.starts_with('-') => {}
                _ => {
                    if out.is_empty() {
                        out.push(word.clone());
                    }
                    break;
                }
            },
            _ => {}
        }
    }
    out
}

/// The commands found in `program`.
fn found(lang: Lang, program: &str) -> Vec<Vec<Word>> {
    let mut out = Vec::new();
    let calls = program
        .match_indices('(')
        .filter(|(at, _)| !ident_before(program, *at).is_empty())
        .take(MAX_SITES);
    for (at, _) in calls {
        let name = ident_before(program, at);
        let call = name.rsplit('.').next().unwrap_or(name);
        let args = program.get(at + 1..).unwrap_or_default();
        if SHELL_CALLS.contains(&call) {
            out.extend(shell_call(args));
        } else if let Some((_, rm)) = DELETE_CALLS.iter().find(|(c, _)| *c == call) {
            match literal(args) {
                Some((path, true)) => out.push(rm_command(rm, Word::literal(path))),
                Some((path, false)) => out.push(rm_command(rm, dynamic(path))),
                None => {}
            }
        } else if call == "Path" {
            // pathlib: Path('/x').unlink() / .rmdir()
            if let Some((path, true)) = literal(args) {
                let rest = args
                    .get(args.find(')').unwrap_or(args.len())..)
                    .unwrap_or("");
                if rest.starts_with(").unlink(") || rest.starts_with(").rmdir(") {
                    out.push(rm_command(&["rm", "-rf"], Word::literal(path)));
                }
            }
        }
    }
    if matches!(lang, Lang::Perl | Lang::Ruby) {
        // Perl and Ruby call without parentheses: `system "rm -rf ~"`, `exec 'cmd'`.
        for call in ["system", "exec"] {
            for (at, _) in program.match_indices(call).take(MAX_SITES) {
                let before = program.get(..at).and_then(|h| h.chars().next_back());
                let after = program.get(at + call.len()..).unwrap_or_default();
                let bare = before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
                    && after.starts_with([' ', '\t']);
                if bare && let Some((cmd, complete)) = literal(after) {
                    out.push(sh(&cmd, complete));
                }
            }
        }
    }
    match lang {
        Lang::Awk => {
            // print | "cmd", printf … | "cmd", "cmd" | getline
            for (at, _) in program.match_indices('|').take(MAX_SITES) {
                let after = program.get(at + 1..).unwrap_or_default();
                if let Some((cmd, complete)) = literal(after) {
                    out.push(sh(&cmd, complete));
                } else if let Some(before) = literal_before(program, at) {
                    out.push(sh(&before, true));
                }
            }
        }
        Lang::Perl | Lang::Ruby | Lang::Php => {
            let mut quoted = program.split('`').take(2 * MAX_SITES);
            quoted.next();
            while let (Some(cmd), Some(_)) = (quoted.next(), quoted.next()) {
                out.push(sh(cmd, !cmd.contains(['$', '#', '@'])));
            }
            if program.split('`').count().is_multiple_of(2)
                && let Some(last) = program.rsplit('`').next()
            {
                // An odd backtick: the rest is a command hookkit cannot read.
                out.push(sh(last, false));
            }
        }
        Lang::Python | Lang::Node => {}
    }
    out
}

/// The arguments of a shell-running call: a string literal, a list of literals, or
/// something else (a shell string hookkit cannot know).
fn shell_call(args: &str) -> Option<Vec<Word>> {
    let args = args.trim_start();
    if let Some(list) = args.strip_prefix('[') {
        let mut words = Vec::new();
        let mut rest = list;
        loop {
            let (text, complete) = literal(rest)?;
            words.push(if complete {
                Word::literal(text)
            } else {
                dynamic(text)
            });
            let after = skip_literal(rest.trim_start())?.trim_start();
            match after.strip_prefix(',') {
                Some(more) if !more.trim_start().starts_with(']') => rest = more,
                _ => break,
            }
        }
        return (!words.is_empty()).then_some(words);
    }
    match literal(args) {
        Some((text, complete)) => Some(sh(&text, complete)),
        None if args.starts_with(')') => None,
        None => Some(sh(args.split(')').next().unwrap_or_default(), false)),
    }
}

/// `sh -c TEXT`; when the text is not all known, the shell string is dynamic.
fn sh(text: &str, complete: bool) -> Vec<Word> {
    super::sh_c(Word {
        text: text.to_owned(),
        dynamic: !complete,
    })
}

fn dynamic(text: impl Into<String>) -> Word {
    Word {
        text: text.into(),
        dynamic: true,
    }
}

fn rm_command(rm: &[&str], target: Word) -> Vec<Word> {
    let mut argv: Vec<Word> = rm.iter().map(|w| Word::literal(*w)).collect();
    argv.push(target);
    argv
}

/// The identifier (letters, digits, `_`, `.`, `$`) ending right before byte `at`.
fn ident_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or_default();
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
        .last()
        .map_or(at, |(i, _)| i);
    head.get(start..).unwrap_or_default()
}

/// The string literal `text` starts with (after spaces; Python's `r`/`f`/`b` prefixes and
/// JavaScript template literals included): its content with escapes resolved, and whether
/// it is the whole argument (followed by `)`, `,`, `]`, `;`, `}`, a newline or nothing,
/// and free of interpolation).
fn literal(text: &str) -> Option<(String, bool)> {
    let text = text.trim_start();
    let (prefix, rest) = match text.chars().next()? {
        'r' | 'f' | 'b' | 'u' | 'R' | 'F' | 'B' | 'U' => (text.get(..1)?, text.get(1..)?),
        _ => ("", text),
    };
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let mut out = String::new();
    let mut chars = rest.get(1..)?.char_indices();
    let mut end = None;
    while let Some((i, c)) = chars.next() {
        if i > MAX_LITERAL {
            return None;
        }
        if c == '\\' {
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
        } else if c == quote {
            end = Some(i + 2);
            break;
        } else {
            out.push(c);
        }
    }
    let after = rest.get(end?..)?.trim_start();
    let interpolated =
        prefix.eq_ignore_ascii_case("f") && out.contains('{') || quote == '`' && out.contains("${");
    let complete =
        !interpolated && (after.is_empty() || after.starts_with([')', ',', ']', ';', '}', '\n']));
    Some((out, complete))
}

/// `text` after the string literal it starts with.
fn skip_literal(text: &str) -> Option<&str> {
    let quote = text
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1).take(MAX_LITERAL) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return text.get(i + 1..);
        }
    }
    None
}

/// The string literal that ends right before byte `at` (spaces allowed between):
/// `"date" | getline`.
fn literal_before(text: &str, at: usize) -> Option<String> {
    let head = text.get(..at)?.trim_end();
    let inner = head.strip_suffix('"')?;
    let window = inner.len().saturating_sub(MAX_LITERAL);
    let start = window + inner.get(window..)?.rfind('"')?;
    let after = text.get(at + 1..)?.trim_start();
    after
        .starts_with("getline")
        .then(|| inner.get(start + 1..).unwrap_or_default().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn children(line: &str) -> Vec<String> {
        let argv = crate::words::split_fields(line);
        let name = argv[0].text.clone();
        match runs(&name, &argv) {
            Some(Runs::Spawns { children }) => children
                .into_iter()
                .map(|(_, argv)| {
                    argv.iter()
                        .map(|w| {
                            if w.dynamic {
                                format!("{}*", w.text)
                            } else {
                                w.text.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn shell_calls_become_shell_commands() {
        assert_eq!(
            children(r#"python3 -c 'import os; os.system("rm -rf ~")'"#),
            ["sh -c rm -rf ~"]
        );
        assert_eq!(
            children(r#"python -c 'import subprocess; subprocess.run(["rm", "-rf", "/"])'"#),
            ["rm -rf /"]
        );
        assert_eq!(
            children(r#"node -e 'require("child_process").execSync(`rm -rf ${d}`)'"#),
            ["sh -c rm -rf ${d}*"]
        );
        assert_eq!(
            children(r#"awk 'BEGIN {system("rm -rf /")}'"#),
            ["sh -c rm -rf /"]
        );
        assert_eq!(
            children(r#"awk '{system("echo " $1)}' f"#),
            ["sh -c echo *"]
        );
        assert_eq!(
            children(r#"awk '{print | "sort"; "date" | getline d}'"#),
            ["sh -c sort", "sh -c date"]
        );
        assert_eq!(children("perl -ne 'print `ls`' f"), ["sh -c ls"]);
        assert_eq!(children(r#"ruby -e 'system("make")'"#), ["sh -c make"]);
        assert_eq!(
            children(r#"perl -e 'system "rm -rf ~"'"#),
            ["sh -c rm -rf ~"]
        );
        assert_eq!(
            children(r#"python3 -c "__import__('os').system('rm -rf ~')""#),
            ["sh -c rm -rf ~"]
        );
        // Adjacent literals are one string in Python: not all known.
        assert_eq!(
            children(r#"python3 -c 'os.system("r" "m -rf ~")'"#),
            ["sh -c r*"]
        );
        assert_eq!(children("python3 -c 'print(1)'"), Vec::<String>::new());
    }

    #[test]
    fn deletes_become_rm_of_their_target() {
        assert_eq!(
            children(r#"python3 -c "import shutil; shutil.rmtree('/home/user')""#),
            ["rm -rf /home/user"]
        );
        assert_eq!(
            children(r#"node -e "require('fs').rmSync('/', {recursive: true})""#),
            ["rm -rf /"]
        );
        assert_eq!(
            children(r#"python -c "from pathlib import Path; Path('.env').unlink()""#),
            ["rm -rf .env"]
        );
        assert_eq!(
            children(r#"ruby -e 'FileUtils.rm_rf(ENV["HOME"])'"#),
            Vec::<String>::new()
        );
        assert_eq!(
            children(r#"python -c 'os.remove(p)'"#),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_program_on_standard_input_is_read() {
        let argv = crate::words::split_fields("python3 -");
        match runs_stdin("python3", &argv, "import os\nos.remove('/etc/passwd')\n") {
            Some(Runs::Spawns { children }) => {
                assert_eq!(children.len(), 1);
                assert_eq!(
                    children[0].1.last().map(|w| w.text.as_str()),
                    Some("/etc/passwd")
                );
            }
            other => panic!("{other:?}"),
        }
        let script = crate::words::split_fields("python3 tool.py");
        assert!(runs_stdin("python3", &script, "os.remove('/x')").is_none());
    }

    #[test]
    fn program_files_are_not_read() {
        let argv = crate::words::split_fields("awk -f prog.awk data");
        assert!(runs("awk", &argv).is_none());
        let argv = crate::words::split_fields("python3 script.py");
        assert!(runs("python3", &argv).is_none());
    }
}
