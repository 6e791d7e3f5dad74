//! The items that programs feed their commands (`xargs`, `find -exec`, `fd -x`), read as
//! the fetch rules need them: spelled on the line, absent, or unknown.

/// Wrappers that pass their command's standard input through unchanged (and `xargs`
/// itself): a command under only these reads what the line gives `xargs`.
const PLAIN_WRAPPERS: &[&str] = &[
    "sudo", "doas", "env", "command", "builtin", "nohup", "nice", "time", "timeout", "stdbuf",
    "ionice", "setsid", "unbuffer", "xargs",
];

/// `analysis` with the items that programs feed their commands read as the fetch rules
/// need them, or `None` when it has no such command:
///
/// - `find DIR -exec CMD {} +` (and `fd -x`) with no name test gives `CMD DIR/*`, which
///   [`glob_expansions`] would read with bash's `*`; `find` also feeds hidden entries and
///   those below, so that word is an item hookkit cannot see (`{}`).
/// - an `xargs` with nothing to read runs its command with no item: the standard input of
///   a tool call's shell is empty (the hosts give it none), so `xargs cat` alone is `cat`.
///   Only when nothing on the line can feed a standard input: no `|` and no `<` anywhere in
///   it (pipes, redirections, here-strings, heredocs, process substitution, also inside
///   shell strings), no `coproc`, no `xargs` reading items from a file (`-a`,
///   `--arg-file`), and the command under only plain wrappers ([`PLAIN_WRAPPERS`]: nothing
///   re-parsed from an escaped string).
pub(super) fn fed_items(
    line: &str,
    analysis: &hookkit_shell::Analysis,
) -> Option<hookkit_shell::Analysis> {
    let under = |c: &hookkit_shell::SimpleCommand, runner: &str| {
        c.wrappers
            .iter()
            .any(|w| w == runner || w.starts_with(&format!("{runner} ")))
    };
    let finds = |c: &hookkit_shell::SimpleCommand| under(c, "find") || under(c, "fd");
    let unfed = !line.contains(['|', '<'])
        && !line.contains("coproc")
        && !analysis.commands.iter().any(|c| {
            c.name() == "xargs"
                && c.args().any(|a| {
                    a.starts_with("--arg-file")
                        || (a.starts_with('-') && !a.starts_with("--") && a.contains('a'))
                })
        });
    let unfed_xargs = |c: &hookkit_shell::SimpleCommand| {
        unfed
            && under(c, "xargs")
            && c.wrappers
                .iter()
                .all(|w| PLAIN_WRAPPERS.contains(&w.as_str()))
    };
    let spelled: Vec<Option<Vec<String>>> = analysis
        .commands
        .iter()
        .map(|c| {
            (under(c, "xargs")
                && c.wrappers
                    .iter()
                    .all(|w| PLAIN_WRAPPERS.contains(&w.as_str())))
            .then(|| spelled_items(line, analysis, c))
            .flatten()
        })
        .collect();
    if !analysis
        .commands
        .iter()
        .zip(&spelled)
        .any(|(c, s)| finds(c) || unfed_xargs(c) || s.is_some())
    {
        return None;
    }
    let mut patched = analysis.clone();
    for (cmd, spelled) in patched.commands.iter_mut().zip(spelled) {
        if let Some(items) = spelled {
            let mut argv = Vec::with_capacity(cmd.argv.len() + items.len());
            for word in cmd.argv.drain(..) {
                if word.from_input() {
                    argv.extend(items.iter().map(hookkit_shell::Word::literal));
                } else {
                    argv.push(word);
                }
            }
            cmd.argv = argv;
        } else if unfed_xargs(cmd) {
            cmd.argv.retain(|w| !w.from_input());
        } else if finds(cmd) {
            for word in cmd
                .argv
                .iter_mut()
                .skip(1)
                .filter(|w| w.text.ends_with("/*"))
            {
                *word = hookkit_shell::Word {
                    text: "{}".to_owned(),
                    dynamic: true,
                };
            }
        }
    }
    Some(patched)
}

/// The items an `xargs` without options (but `-r`, `-t`) reads when the line spells them:
/// a here-string (`xargs cat <<< .env`), or a pipe from an `echo` of literal words with no
/// option (`echo .env | xargs cat`), split at blanks as xargs splits them. `None` when
/// they are not spelled so plainly (an expansion; a quote or backslash, which xargs
/// interprets; a redirection; another stage), or `cmd` (run by that `xargs`) takes them with `-I`.
fn spelled_items(
    line: &str,
    analysis: &hookkit_shell::Analysis,
    cmd: &hookkit_shell::SimpleCommand,
) -> Option<Vec<String>> {
    let at = analysis
        .commands
        .iter()
        .position(|c| c.name() == "xargs" && c.span == cmd.span)?;
    let xargs = &analysis.commands[at];
    let plain = |a: &str| matches!(a, "-r" | "-t" | "--no-run-if-empty" | "--verbose");
    if !xargs.args().take_while(|a| a.starts_with('-')).all(plain)
        || xargs.redirects.iter().any(|r| r.op.reads())
    {
        return None;
    }
    let text = match &xargs.stdin_text {
        Some(text) => text.clone(),
        None => {
            let echo = analysis.commands[..at].last()?;
            let piped = echo.span.end <= xargs.span.start
                && line
                    .get(echo.span.end..xargs.span.start)
                    .is_some_and(|gap| gap.trim() == "|");
            let first_stage = !line
                .get(..echo.span.start)
                .is_some_and(|before| before.trim_end().ends_with('|'));
            if echo.name() != "echo"
                || !echo.wrappers.is_empty()
                || !piped
                || !first_stage
                || echo
                    .argv
                    .iter()
                    .any(|w| w.dynamic || w.text.starts_with('-'))
                || echo.redirects.iter().any(|r| r.fd.is_none_or(|fd| fd == 1))
            {
                return None;
            }
            echo.args().collect::<Vec<_>>().join(" ")
        }
    };
    // An expansion (`<<< "$(ls -a)"` keeps it as written) is not spelled.
    if text.contains(['\'', '"', '\\', '$', '`']) {
        return None;
    }
    Some(text.split_whitespace().map(str::to_owned).collect())
}
