//! hookkit-shell: a shell command line becomes the list of simple commands it would run.
//!
//! [`analyze`] parses a command line with hookkit's own bash parser (no C, no unsafe code,
//! linear time, bounded memory; see `parser`) and walks it through `;`, `&&`,
//! `||`, `&`, pipes, `!`, subshells, groups, `if`/`while`/`until`/`for`/`case` and function
//! bodies, `$(…)`, backticks, process substitution, heredocs fed to shells, `bash -c`/`sh
//! -c`/`eval`/`su -c`/`watch` strings and wrappers (`sudo`, `env`, `xargs`, `find -exec`…).
//! Every simple command comes out with its argv after quote removal. What cannot be
//! resolved statically is reported as opaque, never guessed.
//!
//! # What comes out
//!
//! - Pure wrappers (`sudo`, `doas`, `env`, `command`, `builtin`, `exec`, `nohup`, `nice`,
//!   `time`, `timeout`, `stdbuf`, `ionice`, `chroot`, `setsid`, `unbuffer`, `busybox`,
//!   `watch -x`) are not reported: the command they run is, with the wrapper named in
//!   [`SimpleCommand::wrappers`] and the wrapper's assignments, redirections and stdin.
//!   A wrapper with nothing to run (`sudo -l`, `env`, `command -v rm`, `sudo -e f`) is
//!   reported as itself.
//! - Runners of shell programs (`bash -c S`, `eval S`, `su -c S`, `watch S`, a shell fed a
//!   heredoc or here-string) are not reported: the commands of their program are, with the
//!   runner in `wrappers` (`bash -c`, `eval`, `bash <<`…) and the runner's assignments and
//!   redirections inherited. A runner is reported itself when its program is dynamic
//!   ([`Opacity::DynamicShellString`]; the commands its static spelling shows follow it as
//!   a best effort, so a `$(…)` in it may be listed twice) or empty (`bash -c ''`).
//! - Spawners (`xargs`, `find -exec/-execdir/-ok/-okdir`) are real commands that also
//!   read: the spawner is reported, then each command it starts (`find . -exec rm {} +`
//!   gives `find …` then `rm {}`, wrappers `["find -exec"]`). A command under `xargs` gets
//!   more arguments at run time than its argv lists.
//! - A shell with no program (`curl … | sh`, `bash < f`, `sh -s`, `sudo -s`, a bare `bash`)
//!   is reported with [`Opacity::ShellFromStream`]. A shell or `source`/`.` running a
//!   script file is a plain command (`bash x.sh`: name `bash`, arg `x.sh`), unless a
//!   redirection earlier in the line wrote that file: then it is `ShellFromStream` too.
//! - A command whose name is dynamic (`$CMD x`, `$(which rm) -rf /`) is reported with its
//!   argv and [`Opacity::DynamicCommandName`].
//! - Redirections of a compound command (`{ …; } > f`, `while …; done < f`) and bare
//!   redirections (`> f`) come out as a command with an empty argv after the compound's
//!   commands; so do bare assignments (`X=$(…)`). `export`/`local`/`declare`/`readonly`/
//!   `typeset`/`unset` are commands (argv `["export", "A=1"]`). Test commands (`[[ … ]]`,
//!   `[ … ]`) and arithmetic (`(( … ))`) are not reported; substitutions inside are.
//! - Function bodies are reported where they are defined, whether or not they are called.

mod braces;
mod parser;
mod sweep;
mod syntax;
mod types;
mod unwrap;
mod walk;
mod words;

pub use sweep::{MAX_CANDIDATES, sweep};
pub use types::{Analysis, Opacity, Redirect, RedirectOp, SimpleCommand, Word};

/// Analyze one command line: every simple command it would run, in source order, and the
/// byte ranges the parser could not read.
///
/// Never fails and never panics: syntax bash would refuse is reported in
/// [`Analysis::parse_errors`] (and as an [`Opacity::Unparsed`] command), and whatever
/// could be read is still returned. Time and memory are linear in `line.len()` (bytes);
/// nesting deeper, or more commands or words, than the analyzer follows is cut and
/// reported as [`Opacity::TooDeep`]. A line holding control characters also gets an
/// [`Opacity::ControlCharacter`] command, and is analysed with its NUL bytes removed (spans
/// are then offsets into that text).
pub fn analyze(line: &str) -> Analysis {
    let hidden = line.chars().any(is_hidden_control);
    let stripped;
    let line = if line.contains('\0') {
        stripped = line.replace('\0', "");
        stripped.as_str()
    } else {
        line
    };
    let mut analysis = walk::Walker::new(line.len()).line(line);
    if hidden {
        analysis.commands.push(SimpleCommand {
            argv: Vec::new(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            stdin_text: None,
            wrappers: Vec::new(),
            span: 0..line.len(),
            opaque: Some(Opacity::ControlCharacter),
        });
    }
    analysis
}

/// A character [`Opacity::ControlCharacter`] is about: C0 controls but tab and newline,
/// DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069).
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}
