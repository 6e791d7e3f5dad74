//! Same-file truncation across a pipeline: `cat .env | grep -v '^#' > .env` empties
//! `.env`, because the shell truncates the `>` target when it starts the last stage, while
//! the first stage is still reading it. A simple command's own operands are checked by the
//! rule itself (`redirect.reads_target`, `rules/commands/files.toml`); this finds the
//! pipelines where one stage truncates what another reads.

use super::paths::PathContext;
use hookkit_shell::{SimpleCommand, Word};
use std::collections::HashMap;
use std::path::PathBuf;

/// The rule whose finding a truncated pipeline input gets.
pub(crate) const RULE: &str = "files.truncate-own-input";

/// The indices (into `commands`) of the commands that truncate, with `>`, a file another
/// stage of the same pipeline reads (as an operand or through `<`). Stages are
/// consecutive commands of `line` with only a `|` or `|&` between their spans.
pub(crate) fn truncating_stages(
    commands: &[SimpleCommand],
    line: &str,
    ctx: &PathContext,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=commands.len() {
        let piped = i < commands.len() && joined_by_pipe(&commands[i - 1], &commands[i], line);
        if !piped {
            if i - start > 1 {
                out.extend(in_pipeline(commands, start..i, ctx));
            }
            start = i;
        }
    }
    out
}

/// True when only a `|` or `|&` (and spaces) lies between `a` and `b` in `line`.
fn joined_by_pipe(a: &SimpleCommand, b: &SimpleCommand, line: &str) -> bool {
    a.span.end <= b.span.start
        && line
            .get(a.span.end..b.span.start)
            .is_some_and(|gap| matches!(gap.trim(), "|" | "|&"))
}

fn in_pipeline(
    commands: &[SimpleCommand],
    stages: std::ops::Range<usize>,
    ctx: &PathContext,
) -> Vec<usize> {
    let resolve = |w: &Word| (!w.dynamic).then(|| ctx.resolve(w)).flatten();
    // Each path read, with up to two of the stages that read it: enough to tell whether
    // a stage other than the truncating one reads it, in one lookup.
    let mut readers: HashMap<PathBuf, (usize, Option<usize>)> = HashMap::new();
    for i in stages.clone() {
        let cmd = &commands[i];
        let operands = cmd.argv.iter().skip(1).filter(|w| !w.text.starts_with('-'));
        for path in super::matcher::read_paths(cmd, operands, ctx) {
            let entry = readers.entry(path).or_insert((i, None));
            if entry.0 != i && entry.1.is_none() {
                entry.1 = Some(i);
            }
        }
    }
    stages
        .filter(|&i| {
            commands[i]
                .redirects
                .iter()
                .filter(|r| r.op.truncates())
                .filter_map(|r| resolve(&r.target))
                .any(|target| {
                    readers
                        .get(&target)
                        .is_some_and(|(first, second)| *first != i || second.is_some())
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages(line: &str) -> Vec<usize> {
        let ctx = crate::rules::check::example_context();
        truncating_stages(&hookkit_shell::analyze(line).commands, line, &ctx)
    }

    #[test]
    fn a_stage_truncating_what_another_reads() {
        assert_eq!(stages("cat .env | grep -v '^#' > .env"), [1]);
        assert_eq!(stages("sort < f | uniq > ./f"), [1]);
        assert_eq!(stages("cat f |& tee x | sort > f"), [2]);
        assert!(stages("cat f; sort g > f").is_empty());
        assert!(stages("cat f | sort >> f").is_empty());
        assert!(stages("cat f | sort > g").is_empty());
        assert!(
            stages("sort f > f").is_empty(),
            "one command: the rule's own check"
        );
    }
}
