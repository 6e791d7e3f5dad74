//! The working directories a line's commands may run in. A `cd DIR` (or `pushd DIR`) earlier
//! on the line moves the ones after it, unless it ran in a subshell or a branch that was not
//! taken: `(cd /tmp); rm -rf .` removes the call's own directory. So each command is judged
//! in the call's directory and in every directory a `cd` before it may have left, and the
//! strictest judgement counts.

use super::paths::PathContext;
use hookkit_shell::{Analysis, Word};
use std::path::PathBuf;

/// The most working directories one command is judged in; a line moving through more is
/// judged in the first of them.
const MAX_DIRS: usize = 8;

/// For each command of `analysis`, the working directories besides `ctx.cwd` it may run in:
/// those a resolvable `cd`/`pushd` before it leads to (a bare `cd` leads home), from each
/// directory the line may be in then. Empty for every command of a line without `cd`. A
/// target hookkit cannot resolve (`cd "$X"`, `cd -`) adds nothing: what follows it is
/// judged where it could be known.
pub(crate) fn after_cd(analysis: &Analysis, ctx: &PathContext) -> Vec<Vec<PathBuf>> {
    let mut out = Vec::with_capacity(analysis.commands.len());
    let mut dirs: Vec<PathBuf> = Vec::new();
    for cmd in &analysis.commands {
        out.push(dirs.clone());
        if !matches!(cmd.name(), "cd" | "pushd") || !cmd.wrappers.is_empty() {
            continue;
        }
        // The first operand; `-L`, `-P`, `-e`, `-@` are options, a lone `-` is `$OLDPWD`.
        let target = cmd
            .argv
            .iter()
            .skip(1)
            .find(|w| !w.text.starts_with('-') || w.text == "-");
        let from: Vec<PathBuf> = std::iter::once(ctx.cwd.clone())
            .chain(dirs.clone())
            .collect();
        for base in from {
            let moved = match target {
                None => ctx.home.clone(),
                Some(word) => {
                    let here = PathContext {
                        cwd: base,
                        ..ctx.clone()
                    };
                    here.resolve(word).filter(|_| !is_unknown(word))
                }
            };
            if let Some(dir) = moved
                && dir != ctx.cwd
                && !dirs.contains(&dir)
                && dirs.len() < MAX_DIRS
            {
                dirs.push(dir);
            }
        }
    }
    out
}

/// `cd -` goes back to `$OLDPWD`, which the line may not show.
fn is_unknown(word: &Word) -> bool {
    word.text == "-"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check::example_context;

    fn dirs(line: &str) -> Vec<Vec<String>> {
        after_cd(&hookkit_shell::analyze(line), &example_context())
            .into_iter()
            .map(|d| d.iter().map(|p| p.display().to_string()).collect())
            .collect()
    }

    #[test]
    fn each_command_may_run_where_any_earlier_cd_leads() {
        assert_eq!(dirs("ls; pwd"), [Vec::<String>::new(), vec![]]);
        assert_eq!(
            dirs("cd ..; cd lib; ls"),
            [
                vec![],
                vec!["/home/user".to_owned()],
                vec![
                    "/home/user".to_owned(),
                    "/home/user/project/lib".to_owned(),
                    "/home/user/lib".to_owned()
                ]
            ]
        );
        // Home for a bare `cd`; nothing for a target the line does not show.
        assert_eq!(dirs("cd; ls")[1], ["/home/user"]);
        assert!(dirs("cd \"$X\"; cd -; ls")[2].is_empty());
        // A wrapped `cd` (`sudo cd`, `bash -c 'cd x'`) moves no later command.
        assert!(dirs("bash -c 'cd /'; ls")[1].is_empty());
        let many: String = (0..20).map(|i| format!("cd d{i}; ")).collect();
        assert_eq!(dirs(&format!("{many}ls"))[20].len(), MAX_DIRS);
    }
}
