//! Wrappers: commands that run another command (`sudo`, `env`, `nohup`, `xargs`, `find
//! -exec`…; package, job and container runners in [`runners`]) or a shell program
//! (`bash -c`, `eval`, `watch`, `su -c`), removed so that the real command is what comes
//! out.
//!
//! Wrappers are recognised by base name (`/usr/bin/sudo` is `sudo`) after quote removal
//! (`\sudo` is `sudo`). Their options are skipped, including the ones that take a value
//! (`sudo -u USER`, `timeout -s SIG 5`, `xargs -I {}`), joined (`-uroot`) or long
//! (`--user=root`, `--user root`). A wrapper with nothing left to run (`sudo -l`, `env`,
//! `command -v rm`) is reported as a command itself.

use crate::types::{Opacity, Word};
use crate::words::split_fields;

mod aliases;
mod input;
mod interpreters;
mod runners;

/// At most this many wrappers are removed from one command; more is [`Opacity::TooDeep`].
const MAX_WRAPPERS: usize = 32;

/// Shells whose `-c STRING`, heredoc or here-string program is analyzed.
const SHELLS: [&str; 12] = [
    "bash",
    "sh",
    "zsh",
    "dash",
    "ksh",
    "mksh",
    "ash",
    "rbash",
    "bash-static",
    "yash",
    "posh",
    "pdksh",
];

/// Shells (and shell-like runners) whose language hookkit does not analyse: a program they
/// run is [`Opacity::ForeignShell`].
const FOREIGN_SHELLS: [&str; 14] = [
    "fish",
    "csh",
    "tcsh",
    "pwsh",
    "powershell",
    "pwsh-preview",
    "nu",
    "elvish",
    "xonsh",
    "rc",
    "es",
    "ion",
    "oil",
    "osh",
];

/// A command on its way through the wrappers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Call {
    /// The words left to run.
    pub argv: Vec<Word>,
    /// Assignments given before the command or to `env`/`sudo`.
    pub assignments: Vec<(String, Word)>,
    /// Wrappers removed so far, outermost first.
    pub wrappers: Vec<String>,
}

/// What a command runs once its wrappers are removed.
#[derive(Debug, PartialEq)]
pub(crate) enum Runs {
    /// Itself: report `Call::argv` as it is.
    Command,
    /// Nothing that can be known statically.
    Opaque(Opacity),
    /// The shell program `script`, run by a runner named `label` (`bash -c`, `eval`).
    Script { label: String, script: Word },
    /// A shell reading its program from standard input (`bash`, `sh -s`, `sudo -s`); `label`
    /// names it.
    ShellStdin { label: String },
    /// A shell script file (`bash x.sh`, `source x.sh`, `. x.sh`).
    ScriptFile { path: Word },
    /// Itself, and commands it starts with more arguments (`xargs`, `find -exec`): each
    /// with the label of the wrapper to record.
    Spawns { children: Vec<(String, Vec<Word>)> },
}

/// Removes wrappers from `call` until the real command is reached.
pub(crate) fn unwrap(mut call: Call) -> (Call, Runs) {
    // `env -S` splices count like wrappers: `env -S '-S -S …'` re-splices once per word.
    let mut spliced = 0;
    loop {
        let Some(first) = call.argv.first() else {
            return (call, Runs::Command);
        };
        if first.dynamic {
            return (call, Runs::Command);
        }
        if call.wrappers.len() + spliced >= MAX_WRAPPERS {
            return (call, Runs::Opaque(Opacity::TooDeep));
        }
        let name = base_name(&first.text).to_owned();
        match step(&name, &call.argv) {
            Step::Strip { skip, assignments } if skip < call.argv.len() => {
                call.argv.drain(..skip);
                call.assignments.extend(assignments);
                call.wrappers.push(name);
            }
            Step::Strip { .. } => return (call, Runs::Command),
            Step::Replace(argv) => {
                call.argv = argv;
                spliced += 1;
            }
            Step::Done(runs) => return (call, runs),
        }
    }
}

/// What `argv` (an interpreter with no program on the line: `python3`, `node -`) runs
/// when `program` comes on its standard input, from a heredoc or here-string.
pub(crate) fn stdin_program(argv: &[Word], program: &str) -> Option<Runs> {
    let name = base_name(&argv.first()?.text);
    interpreters::runs_stdin(name, argv, program)
}

/// `sh -c SCRIPT`: how a command found in another language (an alias's value, a git
/// setting, an interpreter's `system("…")`) is handed back to the walk, which reads it as
/// a shell program.
fn sh_c(script: Word) -> Vec<Word> {
    vec![Word::literal("sh"), Word::literal("-c"), script]
}

/// `/usr/bin/sudo` → `sudo`.
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// One step of [`unwrap`].
enum Step {
    /// Drop the first `skip` words (the wrapper and its options), keep `assignments`.
    Strip {
        skip: usize,
        assignments: Vec<(String, Word)>,
    },
    /// Replace argv (`env -S STRING` splices its split string in).
    Replace(Vec<Word>),
    /// The end of unwrapping.
    Done(Runs),
}

impl Step {
    fn strip(skip: usize) -> Step {
        Step::Strip {
            skip,
            assignments: Vec::new(),
        }
    }
}

fn step(name: &str, argv: &[Word]) -> Step {
    match name {
        "sudo" => sudo(argv),
        "doas" => {
            let opts = options(argv, 1, &Spec::new("uC"));
            if opts.next >= argv.len() && opts.has('s') {
                return Step::Done(Runs::ShellStdin {
                    label: "doas -s".to_owned(),
                });
            }
            Step::strip(opts.next)
        }
        "env" => env(argv),
        "command" => {
            let opts = options(argv, 1, &Spec::new(""));
            if opts.has('v') || opts.has('V') {
                return Step::Done(Runs::Command);
            }
            Step::strip(opts.next)
        }
        "caffeinate" => Step::strip(options(argv, 1, &Spec::new("tw")).next),
        "arch" => arch(argv),
        "builtin" | "nohup" | "setsid" | "unbuffer" | "busybox" => {
            Step::strip(options(argv, 1, &Spec::new("")).next)
        }
        "exec" => Step::strip(options(argv, 1, &Spec::new("a")).next),
        "nice" => {
            let spec = Spec {
                numeric: true,
                ..Spec::new("n").long(&[("adjustment", 'n')])
            };
            Step::strip(options(argv, 1, &spec).next)
        }
        "time" => {
            let spec = Spec::new("fo").long(&[("format", 'f'), ("output", 'o')]);
            Step::strip(options(argv, 1, &spec).next)
        }
        "timeout" => {
            let spec = Spec::new("ks").long(&[("kill-after", 'k'), ("signal", 's')]);
            // Then the duration.
            Step::strip(options(argv, 1, &spec).next + 1)
        }
        "stdbuf" => {
            let spec = Spec::new("ioe").long(&[("input", 'i'), ("output", 'o'), ("error", 'e')]);
            Step::strip(options(argv, 1, &spec).next)
        }
        "ionice" => {
            let spec = Spec::new("cnpPu").long(&[
                ("class", 'c'),
                ("classdata", 'n'),
                ("pid", 'p'),
                ("pgid", 'P'),
                ("uid", 'u'),
            ]);
            let opts = options(argv, 1, &spec);
            if opts.has_value('p') || opts.has_value('P') || opts.has_value('u') {
                // Changes running processes; runs nothing.
                return Step::Done(Runs::Command);
            }
            Step::strip(opts.next)
        }
        "chroot" => {
            // chroot has no short options; the letters stand for the long ones.
            let spec = Spec::new("ug").long(&[("userspec", 'u'), ("groups", 'g')]);
            // Then the new root.
            Step::strip(options(argv, 1, &spec).next + 1)
        }
        "watch" => {
            let spec = Spec::new("n").long(&[("interval", 'n'), ("exec", 'x')]);
            let opts = options(argv, 1, &spec);
            if opts.has('x') {
                return Step::strip(opts.next);
            }
            joined_script("watch", argv.get(opts.next..))
        }
        "eval" => {
            let start = if argv.get(1).is_some_and(|w| w.text == "--") {
                2
            } else {
                1
            };
            let words = argv.get(start..).unwrap_or_default();
            if !words.is_empty() && words.iter().all(is_plain) {
                // Re-parsing plain words gives the same words: `eval` is a wrapper then.
                return Step::strip(start);
            }
            joined_script("eval", argv.get(start..))
        }
        "su" => su(argv),
        "source" | "." => match argv.get(1) {
            Some(path) => Step::Done(Runs::ScriptFile { path: path.clone() }),
            None => Step::Done(Runs::Command),
        },
        "xargs" => {
            // -J, -R and -S are BSD xargs' (replstr, replacements, replsize); GNU xargs
            // refuses them.
            let spec = Spec::new("adEIJLnPRSs").long(&[
                ("arg-file", 'a'),
                ("delimiter", 'd'),
                ("max-args", 'n'),
                ("max-procs", 'P'),
                ("max-chars", 's'),
                ("replace", 'i'),
            ]);
            let opts = options(argv, 1, &spec);
            let replace = match opts.value('I').or_else(|| opts.value('J')) {
                Some(r) => Some(r.text.as_str()),
                None => opts.has('i').then_some(input::ITEM),
            };
            let children = match argv.get(opts.next..) {
                Some(rest) if !rest.is_empty() => {
                    vec![("xargs".to_owned(), input::xargs(rest, replace))]
                }
                // xargs alone runs `echo`.
                _ => Vec::new(),
            };
            Step::Done(Runs::Spawns { children })
        }
        "find" => Step::Done(Runs::Spawns {
            children: find_exec(argv),
        }),
        "alias" => Step::Done(aliases::shell_alias(argv)),
        "git" => Step::Done(aliases::git_aliases(argv).unwrap_or(Runs::Command)),
        "fd" | "fdfind" => Step::Done(Runs::Spawns {
            children: fd_exec(argv),
        }),
        _ if SHELLS.contains(&name) => Step::Done(shell(name, argv)),
        _ if FOREIGN_SHELLS.contains(&name) => Step::Done(Runs::Opaque(Opacity::ForeignShell)),
        _ => runners::step(name, argv)
            .or_else(|| interpreters::runs(name, argv).map(Step::Done))
            .unwrap_or(Step::Done(Runs::Command)),
    }
}

/// macOS `arch [-32] [-64] [-ARCH | -arch ARCH]… [-c] [-d NAME]… [-e NAME=VALUE]… PROG
/// [ARGS…]` (arch(1)): runs PROG under an architecture, with `-e` setting its environment
/// (kept as assignments, like `env`'s); `-h` prints the usage. Alone (or on Linux, where it
/// takes no operand) it prints the machine's architecture.
fn arch(argv: &[Word]) -> Step {
    let mut at = 1;
    let mut assignments = Vec::new();
    while let Some(word) = argv.get(at) {
        let text = word.text.as_str();
        if word.dynamic || !text.starts_with('-') {
            break;
        }
        at += 1;
        match text {
            "--" => break,
            "-h" => return Step::Done(Runs::Command),
            "-arch" | "--arch" | "-d" => at += 1,
            "-e" => {
                if let Some(word) = argv.get(at) {
                    assignments.extend(self::assignments(std::slice::from_ref(word), 0).1);
                }
                at += 1;
            }
            _ => {}
        }
    }
    Step::Strip {
        skip: at,
        assignments,
    }
}

fn sudo(argv: &[Word]) -> Step {
    let spec = Spec::new("CDghpRrTtUu").long(&[
        ("close-from", 'C'),
        ("chdir", 'D'),
        ("group", 'g'),
        ("host", 'h'),
        ("prompt", 'p'),
        ("chroot", 'R'),
        ("role", 'r'),
        ("command-timeout", 'T'),
        ("type", 't'),
        ("other-user", 'U'),
        ("user", 'u'),
        ("edit", 'e'),
        ("login", 'i'),
        ("shell", 's'),
    ]);
    let opts = options(argv, 1, &spec);
    if opts.has('e') {
        // sudoedit: the arguments are files to edit.
        return Step::Done(Runs::Command);
    }
    let (skip, assignments) = assignments(argv, opts.next);
    if opts.has('s') || opts.has('i') {
        let flag = if opts.has('s') { "-s" } else { "-i" };
        if skip >= argv.len() {
            return Step::Done(Runs::ShellStdin {
                label: format!("sudo {flag}"),
            });
        }
        // `sudo -s CMD ARGS`: sudo hands the words to the shell's `-c`, joined.
        return joined_script(&format!("sudo {flag}"), argv.get(skip..));
    }
    Step::Strip { skip, assignments }
}

fn env(argv: &[Word]) -> Step {
    let spec = Spec::new("uCS").long(&[
        ("unset", 'u'),
        ("chdir", 'C'),
        ("split-string", 'S'),
        ("ignore-environment", 'i'),
    ]);
    let mut opts = options(argv, 1, &spec);
    // `env -` is `env -i`; options may follow it.
    while argv
        .get(opts.next)
        .is_some_and(|w| w.text == "-" && !w.dynamic)
    {
        let more = options(argv, opts.next + 1, &spec);
        opts.next = more.next;
        opts.values.extend(more.values);
    }
    if let Some(string) = opts.value('S') {
        // `env -S 'a b' c` runs `env a b c`: split the string in and read again.
        let mut spliced = vec![Word::literal("env")];
        spliced.extend(split_fields(&string.text).into_iter().map(|mut w| {
            w.dynamic |= string.dynamic;
            w
        }));
        spliced.extend(argv.iter().skip(opts.next).cloned());
        return Step::Replace(spliced);
    }
    let (skip, assignments) = assignments(argv, opts.next);
    Step::Strip { skip, assignments }
}

fn su(argv: &[Word]) -> Step {
    // su permutes its options: `-c CMD` may come before or after the user.
    let mut words = argv.iter().skip(1);
    while let Some(word) = words.next() {
        let script = match word.text.as_str() {
            "-c" | "--command" => words.next().cloned(),
            text => text.strip_prefix("--command=").map(|s| Word {
                text: s.to_owned(),
                dynamic: word.dynamic,
            }),
        };
        if let Some(script) = script {
            return Step::Done(Runs::Script {
                label: "su -c".to_owned(),
                script,
            });
        }
    }
    Step::Done(Runs::ShellStdin {
        label: "su".to_owned(),
    })
}

/// True when bash reads `word`, written unquoted, as exactly itself: letters, digits and
/// `-_./,:+%@=^` only (no quoting, expansion, glob, operator, comment or tilde).
fn is_plain(word: &Word) -> bool {
    !word.dynamic
        && !word.text.is_empty()
        && word
            .text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./,:+%@=^".contains(&b))
}

/// `eval a b`, `watch a b`: the words joined by spaces are a shell program.
fn joined_script(label: &str, words: Option<&[Word]>) -> Step {
    let words = words.unwrap_or_default();
    if words.is_empty() {
        return Step::Done(Runs::Command);
    }
    let script = Word {
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        dynamic: words.iter().any(|w| w.dynamic),
    };
    Step::Done(Runs::Script {
        label: label.to_owned(),
        script,
    })
}

/// `bash [options] [-c STRING | FILE | -s] …`.
fn shell(name: &str, argv: &[Word]) -> Runs {
    let mut command = false;
    let mut stdin = false;
    let mut i = 1;
    while let Some(word) = argv.get(i) {
        let text = word.text.as_str();
        if word.dynamic {
            if command {
                break;
            }
            // `bash $ARGS`: the options or the program are unknown.
            return Runs::Opaque(Opacity::DynamicShellString);
        }
        if text == "--" || text == "-" {
            i += 1;
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            match long {
                "version" | "help" => return Runs::Command,
                "rcfile" | "init-file" => i += 2,
                _ => i += 1,
            }
            continue;
        }
        let Some(flags) = text.strip_prefix('-').or_else(|| text.strip_prefix('+')) else {
            break;
        };
        if flags.is_empty() {
            break;
        }
        i += 1;
        for flag in flags.chars() {
            match flag {
                'c' => command = true,
                's' => stdin = true,
                // `-o OPTION`, `-O SHOPT` take the next word.
                'o' | 'O' => i += 1,
                _ => {}
            }
        }
    }
    match argv.get(i) {
        Some(script) if command => Runs::Script {
            label: format!("{name} -c"),
            script: script.clone(),
        },
        // `bash -c` without a string is an error: report it as written.
        None if command => Runs::Command,
        Some(path) if !stdin => Runs::ScriptFile { path: path.clone() },
        _ => Runs::ShellStdin {
            label: name.to_owned(),
        },
    }
}

/// The commands of `find … -exec CMD … ;` (also `+`, `-execdir`, `-ok`, `-okdir`), each
/// once per start directory with `{}` an entry below it ([`input::below`]).
fn find_exec(argv: &[Word]) -> Vec<(String, Vec<Word>)> {
    // Start points follow the options -H, -L, -P, -D LIST, -OLEVEL and end at the
    // expression (a word starting with `-`, `(`, `!` or `,`).
    let mut i = 1;
    while let Some(w) = argv.get(i) {
        match w.text.as_str() {
            "-H" | "-L" | "-P" => i += 1,
            "-D" => i += 2,
            t if t.starts_with("-O") => i += 1,
            _ => break,
        }
    }
    let roots: Vec<Word> = argv
        .iter()
        .skip(i)
        .take_while(|w| !w.text.starts_with(['-', '(', '!', ',']))
        .cloned()
        .collect();
    let everything = input::selects_everything(argv.get(i + roots.len()..).unwrap_or_default());
    let mut children = Vec::new();
    while let Some(word) = argv.get(i) {
        i += 1;
        let action = word.text.as_str();
        if !matches!(action, "-exec" | "-execdir" | "-ok" | "-okdir") {
            continue;
        }
        let start = i;
        while let Some(arg) = argv.get(i) {
            // `+` ends the command only right after `{}`.
            let after_braces = i > start && argv.get(i - 1).is_some_and(|w| w.text == "{}");
            if arg.text == ";" || (arg.text == "+" && after_braces) {
                break;
            }
            i += 1;
        }
        let command = argv.get(start..i).unwrap_or_default();
        if !command.is_empty() {
            for child in input::below(command, &roots, everything) {
                children.push((format!("find {action}"), child));
            }
        }
        i += 1;
    }
    children
}

/// The command of `fd [OPTIONS] [PATTERN] [PATH…] -x|-X|--exec|--exec-batch CMD…`
/// (ended by `;`), once per search path (fd's positionals after the pattern, and
/// `--search-path`; the working directory without one) with `{}` (or, without one, the
/// appended entry) below it.
fn fd_exec(argv: &[Word]) -> Vec<(String, Vec<Word>)> {
    const VALUED: &[&str] = &[
        "-e",
        "--extension",
        "-t",
        "--type",
        "-d",
        "--max-depth",
        "--min-depth",
        "--exact-depth",
        "-E",
        "--exclude",
        "-S",
        "--size",
        "-c",
        "--color",
        "-j",
        "--threads",
        "-o",
        "--owner",
        "--changed-within",
        "--changed-before",
        "--max-results",
        "--base-directory",
        "--path-separator",
        "--ignore-file",
        "--batch-size",
        "--format",
    ];
    // Options that select some entries by name, size or time.
    const TESTS: &[&str] = &[
        "-e",
        "--extension",
        "-S",
        "--size",
        "--changed-within",
        "--changed-before",
        "-o",
        "--owner",
    ];
    let mut tested = false;
    let mut positionals: Vec<Word> = Vec::new();
    let mut roots = Vec::new();
    let mut i = 1;
    while let Some(w) = argv.get(i) {
        i += 1;
        let text = w.text.as_str();
        if matches!(text, "-x" | "--exec" | "-X" | "--exec-batch") {
            let end = argv
                .get(i..)
                .and_then(|rest| rest.iter().position(|a| a.text == ";"))
                .map_or(argv.len(), |p| i + p);
            let mut command = argv.get(i..end).unwrap_or_default().to_vec();
            if command.is_empty() {
                return Vec::new();
            }
            if !command.iter().skip(1).any(|a| a.text.contains(input::ITEM)) {
                command.push(Word::literal(input::ITEM));
            }
            roots.extend(positionals.iter().skip(1).cloned());
            // No pattern (or `.`, `^`, `''`) matches every entry.
            let everything = !tested
                && positionals
                    .first()
                    .is_none_or(|p| matches!(p.text.as_str(), "." | "^" | "" | ".*"));
            return input::below(&command, &roots, everything)
                .into_iter()
                .map(|child| (format!("fd {text}"), child))
                .collect();
        }
        if text == "--search-path" {
            roots.extend(argv.get(i).cloned());
            i += 1;
        } else if VALUED.contains(&text) {
            tested |= TESTS.contains(&text);
            i += 1;
        } else if !text.starts_with('-') {
            positionals.push(w.clone());
        }
    }
    Vec::new()
}

/// `NAME=value` words from `start` on: where they end and what they set.
fn assignments(argv: &[Word], start: usize) -> (usize, Vec<(String, Word)>) {
    let mut found = Vec::new();
    let mut i = start;
    while let Some(word) = argv.get(i) {
        let Some((name, value)) = word.text.split_once('=') else {
            break;
        };
        let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_name {
            break;
        }
        found.push((
            name.to_owned(),
            Word {
                text: value.to_owned(),
                dynamic: word.dynamic,
            },
        ));
        i += 1;
    }
    (i, found)
}

/// How a wrapper's options are read.
struct Spec {
    /// Short options that take a value (`-u USER` or `-uUSER`).
    valued: &'static str,
    /// Long options with the short letter they stand for (`--user` is `-u`): they take a
    /// value when that letter does (`--user root`, `--user=root`).
    long: &'static [(&'static str, char)],
    /// `-5` is an option (`nice -5`).
    numeric: bool,
}

impl Spec {
    fn new(valued: &'static str) -> Spec {
        Spec {
            valued,
            long: &[],
            numeric: false,
        }
    }

    fn long(self, long: &'static [(&'static str, char)]) -> Spec {
        Spec { long, ..self }
    }
}

/// Options read from argv.
struct Options {
    /// Index of the first word after the options.
    next: usize,
    /// Short flags seen (long ones as their letter).
    flags: Vec<char>,
    /// Values of the valued options seen.
    values: Vec<(char, Word)>,
}

impl Options {
    fn has(&self, flag: char) -> bool {
        self.flags.contains(&flag)
    }

    fn has_value(&self, option: char) -> bool {
        self.value(option).is_some()
    }

    fn value(&self, option: char) -> Option<&Word> {
        self.values
            .iter()
            .find(|(c, _)| *c == option)
            .map(|(_, w)| w)
    }
}

/// Reads options from `argv[start..]` until the first operand or `--`.
fn options(argv: &[Word], start: usize, spec: &Spec) -> Options {
    let mut opts = Options {
        next: start,
        flags: Vec::new(),
        values: Vec::new(),
    };
    while let Some(word) = argv.get(opts.next) {
        let text = word.text.as_str();
        if word.dynamic || !text.starts_with('-') || text == "-" {
            break;
        }
        opts.next += 1;
        if text == "--" {
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            let Some(&(_, letter)) = spec.long.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            if !spec.valued.contains(letter) {
                opts.flags.push(letter);
                continue;
            }
            let value = match inline {
                Some(value) => Some(Word::literal(value)),
                None => take(argv, &mut opts.next),
            };
            opts.values.extend(value.map(|v| (letter, v)));
            continue;
        }
        let cluster = text.get(1..).unwrap_or_default();
        if spec.numeric && cluster.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for (at, letter) in cluster.char_indices() {
            if !spec.valued.contains(letter) {
                opts.flags.push(letter);
                continue;
            }
            let attached = cluster.get(at + letter.len_utf8()..).unwrap_or_default();
            let value = if attached.is_empty() {
                take(argv, &mut opts.next)
            } else {
                Some(Word::literal(attached))
            };
            opts.values.extend(value.map(|v| (letter, v)));
            break;
        }
    }
    opts
}

/// The word at `*next`, moving past it.
fn take(argv: &[Word], next: &mut usize) -> Option<Word> {
    let word = argv.get(*next).cloned();
    if word.is_some() {
        *next += 1;
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(line: &str) -> Call {
        Call {
            argv: split_fields(line),
            ..Call::default()
        }
    }

    /// Unwraps `line` (split like a shell would) to (argv, wrappers, runs).
    fn run(line: &str) -> (Vec<String>, Vec<String>, Runs) {
        let (call, runs) = unwrap(call(line));
        let argv = call.argv.into_iter().map(|w| w.text).collect();
        (argv, call.wrappers, runs)
    }

    fn argv_of(line: &str) -> Vec<String> {
        run(line).0
    }

    #[test]
    fn plain_commands_are_left_alone() {
        let (argv, wrappers, runs) = run("rm -rf /");
        assert_eq!(argv, ["rm", "-rf", "/"]);
        assert!(wrappers.is_empty());
        assert_eq!(runs, Runs::Command);
    }

    #[test]
    fn sudo_options_with_values_are_skipped() {
        assert_eq!(argv_of("sudo -u root rm x"), ["rm", "x"]);
        assert_eq!(argv_of("sudo -uroot -g wheel -E rm x"), ["rm", "x"]);
        assert_eq!(
            argv_of("sudo --user=root --chdir /tmp -- rm x"),
            ["rm", "x"]
        );
        assert_eq!(
            argv_of("sudo -C 3 -D / -h h -p pw -r r -t t -U u -n rm x"),
            ["rm", "x"]
        );
        // `sudo -i CMD` runs CMD through the login shell's `-c`.
        assert_eq!(
            run("/usr/bin/sudo -i rm 'x y'").2,
            Runs::Script {
                label: "sudo -i".into(),
                script: Word::literal("rm x y")
            }
        );
        let (call, _) = unwrap(call("sudo FOO=1 rm x"));
        assert_eq!(call.assignments[0].0, "FOO");
        assert_eq!(call.wrappers, ["sudo"]);
    }

    #[test]
    fn sudo_without_a_command_is_itself_or_a_shell() {
        assert_eq!(run("sudo -l").2, Runs::Command);
        assert_eq!(argv_of("sudo -e /etc/hosts"), ["sudo", "-e", "/etc/hosts"]);
        assert_eq!(
            run("sudo -s").2,
            Runs::ShellStdin {
                label: "sudo -s".into()
            }
        );
        assert_eq!(
            run("doas -s").2,
            Runs::ShellStdin {
                label: "doas -s".into()
            }
        );
        assert_eq!(argv_of("doas -u root rm x"), ["rm", "x"]);
    }

    #[test]
    fn env_takes_assignments_and_split_strings() {
        let (call, runs) = unwrap(call("env -i -u HOME -C /tmp PATH=/bin X=1 rm x"));
        assert_eq!(runs, Runs::Command);
        assert_eq!(call.argv[0].text, "rm");
        assert_eq!(call.wrappers, ["env"]);
        let names: Vec<&str> = call.assignments.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["PATH", "X"]);
        assert_eq!(argv_of("env -S 'rm -rf' /"), ["rm", "-rf", "/"]);
        assert_eq!(argv_of("env --split-string='-i A=1 rm' x"), ["rm", "x"]);
        assert_eq!(argv_of("env - rm x"), ["rm", "x"]);
        assert_eq!(argv_of("env"), ["env"]);
    }

    #[test]
    fn simple_wrappers_nest() {
        let (argv, wrappers, _) = run(
            "nohup nice -n 5 timeout -s KILL 5s stdbuf -oL ionice -c2 -n 7 chroot /mnt setsid -f \
             unbuffer exec -a x builtin command time -p busybox rm x",
        );
        assert_eq!(argv, ["rm", "x"]);
        assert_eq!(
            wrappers,
            [
                "nohup", "nice", "timeout", "stdbuf", "ionice", "chroot", "setsid", "unbuffer",
                "exec", "builtin", "command", "time", "busybox"
            ]
        );
        assert_eq!(argv_of("nice -10 rm x"), ["rm", "x"]);
        assert_eq!(
            argv_of("timeout --signal=KILL --preserve-status 5 rm x"),
            ["rm", "x"]
        );
    }

    #[test]
    fn lookups_are_not_unwrapped() {
        assert_eq!(argv_of("command -v rm"), ["command", "-v", "rm"]);
        assert_eq!(argv_of("ionice -p 42"), ["ionice", "-p", "42"]);
    }

    #[test]
    fn shells() {
        for line in [
            "bash -c 'rm x'",
            "bash -lc 'rm x'",
            "sh -e -c 'rm x'",
            "sh -xc 'rm x'",
            "bash -o pipefail -c 'rm x'",
            "bash -c -- 'rm x'",
            "zsh -c 'rm x'",
            "dash -c 'rm x'",
            "ksh -c 'rm x'",
        ] {
            let (_, _, runs) = run(line);
            let Runs::Script { script, .. } = runs else {
                panic!("{line}: {runs:?}");
            };
            assert_eq!(script.text, "rm x", "{line}");
        }
        assert_eq!(
            run("bash").2,
            Runs::ShellStdin {
                label: "bash".into()
            }
        );
        assert_eq!(run("sh -s -- a").2, Runs::ShellStdin { label: "sh".into() });
        assert_eq!(
            run("bash -x script.sh").2,
            Runs::ScriptFile {
                path: Word::literal("script.sh")
            }
        );
        assert_eq!(run("bash --version").2, Runs::Command);
        assert_eq!(
            run("bash $ARGS").2,
            Runs::Opaque(Opacity::DynamicShellString)
        );
        let (_, _, runs) = run("bash -c $X");
        assert!(matches!(runs, Runs::Script { script, .. } if script.dynamic));
    }

    #[test]
    fn eval_watch_and_su_run_strings() {
        let script = |line: &str| match run(line).2 {
            Runs::Script { label, script } => (label, script.text),
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            script("eval rm '-rf /'"),
            ("eval".into(), "rm -rf /".into())
        );
        assert_eq!(script("watch -n 5 'rm x'"), ("watch".into(), "rm x".into()));
        assert_eq!(
            script("su - root -c 'rm x'"),
            ("su -c".into(), "rm x".into())
        );
        assert_eq!(argv_of("watch -x rm x"), ["rm", "x"]);
    }

    #[test]
    fn xargs_and_find_spawn_commands() {
        let spawned = |line: &str| match run(line).2 {
            Runs::Spawns { children } => children
                .into_iter()
                .map(|(label, argv)| {
                    let argv: Vec<String> = argv.into_iter().map(|w| w.text).collect();
                    (label, argv.join(" "))
                })
                .collect::<Vec<_>>(),
            other => panic!("{line}: {other:?}"),
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        assert_eq!(
            spawned("xargs -0 -I X -n 1 -P4 -L 2 -d x -E e -s 9 -a f mv X X.bak"),
            pairs(&[("xargs", "mv {} {}.bak")])
        );
        // BSD xargs: -J puts the items where its replstr stands; -R and -S take a value.
        assert_eq!(
            spawned("xargs -J % -R 5 -S 255 cp % dest"),
            pairs(&[("xargs", "cp {} dest")])
        );
        // Without -I, xargs appends what it reads.
        assert_eq!(spawned("xargs rm -rf"), pairs(&[("xargs", "rm -rf {}")]));
        assert!(spawned("xargs -0").is_empty());
        assert_eq!(
            spawned("find . ~ -name x -exec rm -f {} + -execdir sh -c 'rm $1' _ {} ';' -ok mv a b"),
            pairs(&[
                ("find -exec", "rm -f ./{}"),
                ("find -exec", "rm -f ~/{}"),
                ("find -execdir", "sh -c rm $1 _ ./{}"),
                ("find -execdir", "sh -c rm $1 _ ~/{}"),
                ("find -ok", "mv a b"),
                ("find -ok", "mv a b"),
            ])
        );
        assert_eq!(
            spawned("find -L -name x -exec rm {} ;"),
            pairs(&[("find -exec", "rm ./{}")])
        );
        assert_eq!(
            spawned("fd -e py . ~ /srv -x rm"),
            pairs(&[("fd -x", "rm ~/{}"), ("fd -x", "rm /srv/{}")])
        );
        assert_eq!(
            spawned("fd pattern --exec-batch vim {} ;"),
            pairs(&[("fd --exec-batch", "vim ./{}")])
        );
        assert!(spawned("fd pattern").is_empty());
        // No pattern and no test: every entry.
        assert_eq!(
            spawned("fd . ~ -x rm -rf"),
            pairs(&[("fd -x", "rm -rf ~/*")])
        );
    }

    #[test]
    fn too_many_wrappers_is_too_deep() {
        let line = "nohup ".repeat(40) + "rm x";
        assert_eq!(run(&line).2, Runs::Opaque(Opacity::TooDeep));
    }

    #[test]
    fn source_runs_a_file() {
        assert_eq!(
            run(". ./x.sh").2,
            Runs::ScriptFile {
                path: Word::literal("./x.sh")
            }
        );
    }
}
