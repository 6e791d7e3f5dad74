//! Command rules applied to a shell command line: hookkit-shell finds every simple command
//! the line would run; each gets the environment it touches ([`environment_of`]) and is
//! tried against each rule's [`crate::rules::CommandMatch`] tables. The result is a
//! [`LineTrace`]: per simple command, its environment and the rules that classified it.

mod environment;
pub(crate) mod matcher;
mod paths;
pub mod prefilter;

pub use environment::{EnvContext, environment_of};
pub use paths::PathContext;
pub(crate) use paths::normalize;

use crate::call::{ToolCall, ToolKind};
use crate::config::{Config, EnvironmentNames};
use crate::decision::{Decision, Environment, Finding, Span, Verdict};
use crate::error::Error;
use crate::rules::RuleSet;
use serde::Serialize;
use std::path::Path;

/// The name guards report in reasons and audit records.
pub const GUARD: &str = "command-guard";

/// The longest a word is shown in a finding's `matched` text, in characters.
const SHOWN_WORD_CHARS: usize = 80;

/// One simple command of a line, as the policy saw it.
#[derive(Debug, Clone, Serialize)]
pub struct CommandTrace {
    /// The command's words, each cut to 80 characters (for people; may hold secrets, so
    /// never logged).
    pub text: String,
    /// The wrappers removed to reach it (`sudo`, `bash -c`…).
    pub wrappers: Vec<String>,
    /// The environment it touches.
    pub environment: Environment,
    /// The name that decided the environment (`prod` from `--profile prod`).
    pub environment_name: Option<String>,
    /// Every rule that matched it, one finding per rule.
    pub findings: Vec<Finding>,
}

/// Every simple command of a line and what the rules made of it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LineTrace {
    /// In source order.
    pub commands: Vec<CommandTrace>,
    /// True when the shell parser could not read part of the line.
    pub parse_error: bool,
    /// The tamper rules that fired on the line as a whole ([`crate::tamper`]): it would
    /// change hookkit's or the host's own settings. Filled by [`trace_in`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tamper: Vec<Finding>,
}

impl LineTrace {
    /// All findings, at most one per rule (its first hit), in command order, then the
    /// tamper findings.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out: Vec<Finding> = Vec::new();
        for f in self
            .commands
            .iter()
            .flat_map(|c| &c.findings)
            .chain(&self.tamper)
        {
            if !out.iter().any(|o| o.rule_id == f.rule_id) {
                out.push(f.clone());
            }
        }
        out
    }
}

/// Trace `line`: analyze it, find each simple command's environment, and try every rule
/// of `rules` on it.
///
/// `exists` tells whether a path exists on disk (rules with `redirect.exists`).
///
/// # Errors
/// [`Error::Invalid`] when a rule's glob or regex does not compile (a broken user rule
/// file).
pub fn trace_line(
    line: &str,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
    env: &EnvContext<'_>,
) -> Result<LineTrace, Error> {
    let analysis = hookkit_shell::analyze(line);
    let mut trace = trace_analysis(&analysis, rules, ctx, exists, env)?;
    if not_followed(&analysis) {
        add_swept(&mut trace, line, rules, ctx, exists, env)?;
    }
    Ok(trace)
}

/// True when the analysis could not follow the whole line: a command cut as too deep,
/// text bash would refuse, or a control character. The line is then opaque, and
/// the trace is swept for what must be denied however it is hidden.
pub fn not_followed(analysis: &hookkit_shell::Analysis) -> bool {
    use hookkit_shell::Opacity as O;
    analysis.commands.iter().any(|c| {
        matches!(
            c.opaque,
            Some(O::TooDeep | O::Unparsed | O::ControlCharacter)
        )
    })
}

/// Adds to `trace` the commands [`hookkit_shell::sweep`] finds in `line` that a rule of
/// `rules` with a `deny` decision of its own fires on (`rm -rf ~`, `git push --force` to
/// `main`…), each with only those findings: such a command stays denied however deep in
/// `eval`s, shell strings or substitutions the line hides it. Only ever adds denials.
///
/// # Errors
/// As [`trace_line`].
fn add_swept(
    trace: &mut LineTrace,
    line: &str,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
    env: &EnvContext<'_>,
) -> Result<(), Error> {
    let deny = RuleSet {
        rules: rules
            .rules
            .iter()
            .filter(|r| r.decision == Some(Verdict::Deny))
            .cloned()
            .collect(),
        tools: rules.tools.clone(),
    };
    let commands = hookkit_shell::sweep(line, |name| {
        deny.rules
            .iter()
            .flat_map(|r| &r.matches)
            .any(|m| m.names(name).unwrap_or(true))
    });
    let swept = hookkit_shell::Analysis {
        commands,
        parse_errors: Vec::new(),
    };
    let found = trace_analysis(&swept, &deny, ctx, exists, env)?;
    trace.commands.extend(
        found
            .commands
            .into_iter()
            .filter(|c| !c.findings.is_empty()),
    );
    Ok(())
}

/// [`trace_line`] on a line already analyzed, without the sweep.
fn trace_analysis(
    analysis: &hookkit_shell::Analysis,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
    env: &EnvContext<'_>,
) -> Result<LineTrace, Error> {
    let parse_error = !analysis.parse_errors.is_empty();
    let mut trace = LineTrace {
        commands: Vec::with_capacity(analysis.commands.len()),
        parse_error,
        tamper: Vec::new(),
    };
    for cmd in &analysis.commands {
        let tool = rules.tool(cmd.name());
        let (environment, environment_name) = environment_of(cmd, tool, env);
        // `--help` makes a command print its usage and exit: classifier rules (no
        // decision of their own) do not apply; rules that ask or deny still do.
        let help = asks_for_help(cmd);
        let mut findings = Vec::new();
        for rule in rules.rules.iter().filter(|r| !help || r.decision.is_some()) {
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
                        environment,
                        severity: rule.severity,
                        verdict: rule.decision.unwrap_or(Verdict::Allow),
                        message: rule.message.clone(),
                        instead: rule.instead.clone(),
                        matched: shown(&hit.words),
                        span: Some(Span {
                            start: cmd.span.start,
                            end: cmd.span.end,
                        }),
                    });
                    break;
                }
            }
        }
        trace.commands.push(CommandTrace {
            text: shown(&cmd.argv.iter().map(|w| w.text.clone()).collect::<Vec<_>>()),
            wrappers: cmd.wrappers.clone(),
            environment,
            environment_name,
            findings,
        });
    }
    Ok(trace)
}

/// Every rule of `rules` that fires on `line`, at most one finding per rule (its first
/// hit), with the default `[environments]` names and no agent environment: the check
/// rule examples run in. See [`trace_line`].
///
/// # Errors
/// As [`trace_line`].
pub fn check_line(
    line: &str,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let names = EnvironmentNames::default();
    let env = EnvContext {
        names: &names,
        process_env: &|_| None,
        read_file: &|_| None,
        cwd: &ctx.cwd,
    };
    Ok(trace_line(line, rules, ctx, exists, &env)?.findings())
}

/// The built-in command rules that can match commands named `names` (every rule for
/// `None`), plus the configuration's `rule_files`, checked, with every `[rules]` override
/// naming a known rule.
///
/// # Errors
/// A user rule file that cannot be read or is invalid, or an unknown rule id.
pub fn rules_for(config: &Config, names: Option<&[&str]>) -> Result<RuleSet, Error> {
    let mut rules = match names {
        Some(names) => RuleSet::builtin_for("commands", names)?,
        None => RuleSet::builtin("commands")?,
    };
    let mut user_ids = Vec::new();
    if !config.rule_files.is_empty() {
        let extra = RuleSet::load_files(&config.rule_files)?;
        user_ids = extra.rules.iter().map(|r| r.id.clone()).collect();
        rules.rules.extend(extra.rules);
        rules.tools.extend(extra.tools);
        rules.validate()?;
    }
    config.check_rule_ids(|id| {
        RuleSet::builtin_ids("commands").any(|b| b == id)
            || user_ids.iter().any(|u| u == id)
            || crate::tamper::rule_ids().is_ok_and(|ids| ids.iter().any(|t| t == id))
    })?;
    Ok(rules)
}

/// Trace `line` as command-guard does for a call in `cwd`: home from `$HOME`, temp from
/// `$TMPDIR`, the agent's environment variables, the real file system; with the tamper
/// rules ([`crate::tamper`]) in [`LineTrace::tamper`].
///
/// # Errors
/// As [`rules_for`] and [`trace_line`]; the tamper rules' errors.
pub fn trace_in(line: &str, cwd: Option<&Path>, config: &Config) -> Result<LineTrace, Error> {
    let analysis = hookkit_shell::analyze(line);
    let names: Vec<&str> = analysis.commands.iter().map(|c| c.name()).collect();
    // A line not followed to the end is swept with every rule that denies by itself.
    let sweep = not_followed(&analysis);
    let rules = rules_for(config, (!sweep).then_some(names.as_slice()))?;
    let ctx = PathContext::of_process(cwd);
    let env = EnvContext {
        names: &config.environments,
        process_env: &|name| std::env::var(name).ok(),
        read_file: &read_small_file,
        cwd: &ctx.cwd,
    };
    let exists = |p: &Path| p.exists();
    let mut trace = trace_analysis(&analysis, &rules, &ctx, &exists, &env)?;
    if sweep {
        add_swept(&mut trace, line, &rules, &ctx, &exists, &env)?;
    }
    let surroundings = crate::tamper::Surroundings::of_process(cwd, config);
    trace.tamper = crate::tamper::line_findings(&analysis, line, &surroundings)?;
    Ok(trace)
}

/// command-guard's whole job on one tool call: a shell call's command line is traced
/// ([`trace_in`]) and [`crate::decide::decide_trace`] turns the trace into the decision
/// under the active profile. Any other tool (a file write, an `apply_patch`, an MCP
/// call) is checked against the tamper rules only ([`crate::tamper::findings`]) and
/// allowed when none fires.
///
/// # Errors
/// As [`trace_in`]: the caller turns it into the `on_error` decision.
pub fn guard_call(call: &ToolCall, config: &Config) -> Result<Decision, Error> {
    let Some(line) = call
        .command
        .as_deref()
        .filter(|_| call.kind == ToolKind::Shell)
    else {
        let surroundings = crate::tamper::Surroundings::of_process(call.cwd.as_deref(), config);
        let findings = crate::tamper::findings(call, &surroundings)?;
        return Ok(crate::decide::decide(GUARD, findings, config));
    };
    let trace = trace_in(line, call.cwd.as_deref(), config)?;
    Ok(crate::decide::decide_trace(GUARD, &trace, config))
}

/// True when `--help` is among the command's options (before any `--`).
fn asks_for_help(cmd: &hookkit_shell::SimpleCommand) -> bool {
    cmd.args().take_while(|a| *a != "--").any(|a| a == "--help")
}

/// The first line of a small file (at most 256 bytes read), for `env_file`.
fn read_small_file(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut buf = [0u8; 256];
    let n = std::fs::File::open(path).ok()?.read(&mut buf).ok()?;
    let text = std::str::from_utf8(buf.get(..n)?).ok()?;
    Some(text.lines().next()?.to_owned())
}

/// The words of a hit as one line, each cut to [`SHOWN_WORD_CHARS`].
pub(crate) fn shown(words: &[String]) -> String {
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
