//! Command rules applied to a shell command line: hookkit-shell finds every simple command
//! the line would run, and each rule's [`crate::rules::CommandMatch`] tables are tried on
//! each of them.

mod matcher;
mod paths;

pub use paths::PathContext;

use crate::call::{ToolCall, ToolKind};
use crate::config::Config;
use crate::decision::{Decision, Finding, Span};
use crate::error::Error;
use crate::rules::RuleSet;
use std::path::{Path, PathBuf};

/// The name guards report in reasons and audit records.
pub const GUARD: &str = "command-guard";

/// command-guard's whole job on one tool call: for a shell call, the built-in command
/// rules plus the configuration's `rule_files` are checked against the command line in
/// the call's working directory (home from `$HOME`, temp from `$TMPDIR`), and
/// [`crate::decide`] turns the findings into the decision. Other tools are allowed.
///
/// # Errors
/// A user rule file that cannot be read or is invalid, or a `[rules]` override that
/// names no known rule: the caller turns it into the `on_error` decision.
pub fn guard_call(call: &ToolCall, config: &Config) -> Result<Decision, Error> {
    let Some(line) = call
        .command
        .as_deref()
        .filter(|_| call.kind == ToolKind::Shell)
    else {
        return Ok(Decision::allow());
    };
    let mut rules = RuleSet::builtin("commands")?;
    if !config.rule_files.is_empty() {
        let extra = RuleSet::load_files(&config.rule_files)?;
        rules.rules.extend(extra.rules);
        rules.tools.extend(extra.tools);
        rules.validate()?;
    }
    config.check_rule_ids(|id| rules.rule(id).is_some())?;
    let cwd = match &call.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
    };
    let ctx = PathContext::discover(
        cwd,
        std::env::var_os("HOME").map(PathBuf::from),
        std::env::var_os("TMPDIR").map(PathBuf::from),
    );
    let findings = check_line(line, &rules, &ctx, &|p: &Path| p.exists())?;
    Ok(crate::decide(GUARD, findings, config))
}

/// The longest a word is shown in a finding's `matched` text, in characters.
const SHOWN_WORD_CHARS: usize = 80;

/// Every rule of `rules` that fires on the command line `line`, at most one finding per
/// rule (its first hit), in rule order.
///
/// `exists` tells whether a path exists on disk (rules with `redirect.exists`); the hook
/// passes the real file system, the examples check a stand-in.
///
/// # Errors
/// [`Error::Invalid`] when a rule's glob does not compile (a broken user rule file).
pub fn check_line(
    line: &str,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let analysis = hookkit_shell::analyze(line);
    let parse_error = !analysis.parse_errors.is_empty();
    let mut findings: Vec<Finding> = Vec::new();
    for rule in &rules.rules {
        'commands: for cmd in &analysis.commands {
            let tool = rules.tool(cmd.name());
            for m in &rule.matches {
                let hit = matcher::evaluate(m, cmd, tool, ctx, exists, parse_error).map_err(
                    |message| Error::Invalid {
                        path: rule.source.clone(),
                        message: format!("rule `{}`: {message}", rule.id),
                    },
                )?;
                if let Some(hit) = hit {
                    findings.push(Finding {
                        rule_id: rule.id.clone(),
                        class: rule.class,
                        severity: rule.severity,
                        verdict: rule.decision,
                        message: rule.message.clone(),
                        instead: rule.instead.clone(),
                        matched: shown(&hit.words),
                        span: Some(Span {
                            start: cmd.span.start,
                            end: cmd.span.end,
                        }),
                    });
                    break 'commands;
                }
            }
        }
    }
    Ok(findings)
}

/// The words of a hit as one line, each cut to [`SHOWN_WORD_CHARS`].
fn shown(words: &[String]) -> String {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        if w.chars().count() > SHOWN_WORD_CHARS {
            let cut: String = w.chars().take(SHOWN_WORD_CHARS).collect();
            out.push(format!("{cut}…"));
        } else {
            out.push(w.clone());
        }
    }
    out.join(" ")
}
