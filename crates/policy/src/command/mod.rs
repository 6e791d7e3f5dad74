//! Command rules applied to a shell command line: hookkit-shell finds every simple command
//! the line would run; each gets the environment it touches ([`environment_of`]) and is
//! tried against each rule's [`crate::rules::CommandMatch`] tables. The result is a
//! [`LineTrace`]: per simple command, its environment and the rules that classified it.

pub(crate) mod cwd;
mod environment;
pub(crate) mod glob_text;
pub(crate) mod matcher;
mod paths;
mod pipelines;
pub mod prefilter;
pub(crate) mod swept;
pub(crate) mod verbs;

pub use environment::{EnvContext, environment_of, operand_environment};
pub(crate) use paths::normalize;
pub use paths::{PathContext, home_dir};
pub use swept::not_followed;

use crate::call::ToolCall;
use crate::config::{Config, EnvironmentNames};
use crate::decision::{Decision, Environment, Finding, Span};
use crate::error::Error;
use crate::rules::{ActionTable, RuleSet};
use serde::Serialize;
use std::path::{Path, PathBuf};

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
    /// The exact actions the command calls, from its tool's action table
    /// (`rds:DeleteDBInstance (Write)`: [`crate::aws`]), then why they change nothing
    /// where that is so (`--dry-run`…); empty when no table knows the command.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// Every rule that matched it, one finding per rule.
    pub findings: Vec<Finding>,
    /// True when a rule with full standing classified it: one not from a tighten-only
    /// rule file ([`crate::rules::Rule::tighten_only`]). A command only such rules matched
    /// still gets the profile's `unclassified` verdict.
    #[serde(skip)]
    pub classified: bool,
    /// True when only the generic verb table (`rules/commands/verbs.toml`) classified it:
    /// its class comes from its words, not from knowledge of the tool, so it is never
    /// approved on the person's behalf.
    #[serde(skip)]
    pub generic: bool,
    /// True when a word of it is known only at run time (`$VAR`, `$(…)`): what it does
    /// may differ from what its known words say (`kubectl get $(echo secret) -o yaml`),
    /// so it is never approved on the person's behalf.
    #[serde(skip)]
    pub dynamic: bool,
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
    /// All findings, at most one per rule and environment (its first hit there), in
    /// command order, then the tamper findings. One per rule alone would let a harmless
    /// hit hide a critical one: `kubectl --context dev delete ns a; kubectl --context prod
    /// delete ns b` would be judged as a delete in development only.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out: Vec<Finding> = Vec::new();
        for f in self
            .commands
            .iter()
            .flat_map(|c| &c.findings)
            .chain(&self.tamper)
        {
            if !out
                .iter()
                .any(|o| o.rule_id == f.rule_id && o.environment == f.environment)
            {
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
    trace_analyzed(line, &hookkit_shell::analyze(line), rules, ctx, exists, env)
}

/// [`trace_line`] on the analysis of `line`: the trace, and when the analysis could not
/// follow the whole line ([`not_followed`]), the commands the sweep finds that a rule
/// denying by itself fires on.
///
/// # Errors
/// As [`trace_line`].
pub fn trace_analyzed(
    line: &str,
    analysis: &hookkit_shell::Analysis,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
    env: &EnvContext<'_>,
) -> Result<LineTrace, Error> {
    let mut trace = trace_analysis(line, analysis, rules, ctx, exists, env)?;
    if let Some(from) = not_followed(analysis) {
        let deny = swept::denying(rules);
        let names = swept::Names::of(deny.rules.iter().flat_map(|r| &r.matches));
        let swept = hookkit_shell::Analysis {
            commands: swept::candidates(line, from, &names),
            parse_errors: Vec::new(),
            comments: Vec::new(),
        };
        let found = trace_analysis(line, &swept, &deny, ctx, exists, env)?;
        trace.commands.extend(
            found
                .commands
                .into_iter()
                .filter(|c| !c.findings.is_empty()),
        );
    }
    Ok(trace)
}

/// [`trace_line`] on a line already analyzed, without the sweep.
fn trace_analysis(
    line: &str,
    analysis: &hookkit_shell::Analysis,
    rules: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
    env: &EnvContext<'_>,
) -> Result<LineTrace, Error> {
    let parse_error = !analysis.parse_errors.is_empty();
    let classes = matcher::Classes::new(ctx);
    let moved = cwd::after_cd(analysis, ctx);
    let mut trace = LineTrace {
        commands: Vec::with_capacity(analysis.commands.len()),
        parse_error,
        tamper: Vec::new(),
    };
    for (i, cmd) in analysis.commands.iter().enumerate() {
        let tool = rules.tool(cmd.name());
        let (mut environment, mut environment_name) = environment_of(cmd, tool, env);
        // `--help` makes a command print its usage and exit: classifier rules (no
        // decision of their own) do not apply; rules that ask or deny still do.
        let help = asks_for_help(cmd);
        let resolution = match tool.and_then(|t| t.action_table.map(|table| (t, table))) {
            Some((t, ActionTable::Aws)) if !help => Some(crate::aws::resolve(cmd, t)),
            _ => None,
        };
        let mut findings = Vec::new();
        let mut classified = false;
        // Classified by a rule with full standing other than the generic verb table's.
        let mut known = false;
        // In the call's directory, then in each one an earlier `cd` may have left
        // (`cwd::after_cd`): every rule that fires in any of them counts.
        let elsewhere: Vec<PathContext> = moved
            .get(i)
            .into_iter()
            .flatten()
            .map(|dir| PathContext {
                cwd: dir.clone(),
                ..ctx.clone()
            })
            .collect();
        let elsewhere: Vec<matcher::Classes<'_, '_>> =
            elsewhere.iter().map(matcher::Classes::new).collect();
        for classes in std::iter::once(&classes).chain(&elsewhere) {
            // The tool's own rules first; the generic verb table only where none
            // classified the command.
            for fallback in [false, true] {
                if fallback && classified {
                    break;
                }
                for rule in rules.rules.iter().filter(|r| {
                    r.fallback == fallback && (!help || fallback || r.decision.is_some())
                }) {
                    if findings.iter().any(|f: &Finding| f.rule_id == rule.id) {
                        continue;
                    }
                    for m in &rule.matches {
                        let hit = matcher::evaluate(
                            m,
                            cmd,
                            tool,
                            resolution.as_ref(),
                            classes,
                            exists,
                            parse_error,
                        )
                        .map_err(|message| Error::Invalid {
                            path: rule.source.clone(),
                            message: format!("rule `{}`: {message}", rule.id),
                        })?;
                        if let Some(hit) = hit {
                            classified |= !rule.tighten_only;
                            known |= !rule.tighten_only && !rule.fallback;
                            findings.push(rule.finding(
                                environment,
                                shown(&hit.words),
                                span_of(cmd),
                            ));
                            break;
                        }
                    }
                }
            }
        }
        let generic = classified && !known;
        if generic || tool.is_some_and(|t| t.env_operands) {
            let (named, name) = operand_environment(cmd, env.names);
            if named > environment {
                (environment, environment_name) = (named, name);
                for f in &mut findings {
                    f.environment = named;
                }
            }
        }
        if let Some(flag) = verbs::dry_run(cmd, tool) {
            lower_dry_run(&mut findings, rules, flag, environment);
        }
        let actions = resolution.map_or_else(Vec::new, |r| {
            let mut described = r.described();
            described.extend(r.note.map(str::to_owned));
            described
        });
        trace.commands.push(CommandTrace {
            text: shown(&cmd.argv.iter().map(|w| w.text.clone()).collect::<Vec<_>>()),
            wrappers: cmd.wrappers.clone(),
            environment,
            environment_name,
            actions,
            findings,
            classified,
            generic: generic && !((help || asks_for_version(cmd)) && known_help(cmd, rules)),
            dynamic: cmd.argv.iter().any(|w| w.dynamic && !safe_input(cmd, w)),
        });
    }
    if let Some(rule) = rules.rule(pipelines::RULE) {
        for i in pipelines::truncating_stages(&analysis.commands, line, ctx) {
            let (Some(cmd), Some(traced)) = (analysis.commands.get(i), trace.commands.get_mut(i))
            else {
                continue;
            };
            if !traced.findings.iter().any(|f| f.rule_id == pipelines::RULE) {
                traced.findings.push(rule.finding(
                    traced.environment,
                    shown(&[cmd.name().to_owned(), "| … >".to_owned()]),
                    span_of(cmd),
                ));
            }
        }
    }
    Ok(trace)
}

/// Where `cmd` stands in the line, as a finding's span.
fn span_of(cmd: &hookkit_shell::SimpleCommand) -> Option<Span> {
    Some(Span {
        start: cmd.span.start,
        end: cmd.span.end,
    })
}

/// Readers that no option turns into a write or a command run: what `xargs` or `find
/// -exec` feeds them, even a word starting with `-`, can only change what they read. (Not
/// `sort` (`-o`), `rg` (`--pre CMD`), `file` (`-C` writes), `sed`, `awk`…)
const INPUT_SAFE_READERS: &[&str] = &[
    "cat",
    "head",
    "tail",
    "wc",
    "grep",
    "egrep",
    "fgrep",
    "ls",
    "stat",
    "du",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "basename",
    "dirname",
    "realpath",
    "readlink",
    "diff",
    "cmp",
    "echo",
];

/// True when `word` is an item hookkit-shell made for a target that arrives through input
/// ([`hookkit_shell::Word::from_input`]: `xargs … {}`, `find … -exec … DIR/{}`) and `cmd`
/// is one of [`INPUT_SAFE_READERS`]: the item does not make the command unknown.
fn safe_input(cmd: &hookkit_shell::SimpleCommand, word: &hookkit_shell::Word) -> bool {
    word.from_input() && INPUT_SAFE_READERS.contains(&cmd.name())
}

/// The rule whose read finding replaces, on a command given its tool's dry-run option,
/// every finding that would change something ([`crate::rules::Tool::dry_run`]).
const DRY_RUN_RULE: &str = "verbs.dry-run";

/// Replaces the findings of `findings` that change something (create, modify, delete,
/// irreversible) with one read finding of [`DRY_RUN_RULE`] naming `flag`: the tool only
/// shows what it would do. Opaque and tamper findings stay.
fn lower_dry_run(findings: &mut Vec<Finding>, rules: &RuleSet, flag: &str, env: Environment) {
    use crate::decision::ActionClass;
    let changes = |f: &Finding| {
        matches!(
            f.class,
            ActionClass::Create
                | ActionClass::Modify
                | ActionClass::Delete
                | ActionClass::Irreversible
        )
    };
    if !findings.iter().any(changes) {
        return;
    }
    let span = findings.iter().find_map(|f| f.span);
    findings.retain(|f| !changes(f));
    if let Some(rule) = rules.rule(DRY_RUN_RULE)
        && !findings.iter().any(|f| f.rule_id == DRY_RUN_RULE)
    {
        findings.push(rule.finding(env, flag.to_owned(), span));
    }
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
    check_analyzed(line, &hookkit_shell::analyze(line), rules, ctx, exists)
}

/// [`check_line`] on the analysis of `line`.
///
/// # Errors
/// As [`trace_line`].
pub fn check_analyzed(
    line: &str,
    analysis: &hookkit_shell::Analysis,
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
    Ok(trace_analyzed(line, analysis, rules, ctx, exists, &env)?.findings())
}

/// The built-in command rules that can match commands named `names` (every rule for
/// `None`), plus the configuration's `rule_files`, checked, with every `[rules]` override
/// naming a known rule.
///
/// A rule file in [`Config::tighten_only`] (named only by an untrusted project file, and
/// not trusted itself) adds its rules marked [`crate::rules::Rule::tighten_only`], and
/// its `[[tool]]` tables are left out: they would change how every rule reads a command
/// line (`value_options`, `single_dash_words`) or which environment it names.
///
/// # Errors
/// A user rule file that cannot be read or is invalid, or an unknown rule id.
pub fn rules_for(config: &Config, names: Option<&[&str]>) -> Result<RuleSet, Error> {
    let mut rules = match names {
        Some(names) => RuleSet::builtin_for("commands", names, None)?,
        None => RuleSet::builtin("commands")?,
    };
    let mut user_ids = Vec::new();
    if !config.rule_files.is_empty() {
        let (limited, full): (Vec<PathBuf>, Vec<PathBuf>) = config
            .rule_files
            .iter()
            .cloned()
            .partition(|p| config.tighten_only.contains(p));
        let extra = RuleSet::load_files(&full)?;
        let limited = RuleSet::load_files(&limited)?;
        user_ids = extra
            .rules
            .iter()
            .chain(&limited.rules)
            .map(|r| r.id.clone())
            .collect();
        rules.rules.extend(extra.rules);
        rules.tools.extend(extra.tools);
        rules.rules.extend(limited.rules.into_iter().map(|mut r| {
            r.tighten_only = true;
            r
        }));
        // Each file set was validated as it loaded; across them (and against the
        // built-in rules, loaded without the examples `validate` asks for) only an id
        // defined twice is left to find.
        for (i, id) in user_ids.iter().enumerate() {
            let builtin = RuleSet::builtin_ids("commands").any(|b| b == id);
            if builtin
                || user_ids
                    .get(..i)
                    .is_some_and(|earlier| earlier.contains(id))
            {
                return Err(Error::Invalid {
                    path: rules
                        .rules
                        .iter()
                        .rev()
                        .find(|r| r.id == *id)
                        .and_then(|r| r.source.clone()),
                    message: format!("rule id `{id}` is defined twice"),
                });
            }
        }
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
    let sweep = not_followed(&analysis).is_some();
    let rules = rules_for(config, (!sweep).then_some(names.as_slice()))?;
    // The tamper rules read the same paths: the project root is looked for once.
    let surroundings = crate::tamper::Surroundings::of_process(cwd, config);
    let ctx = &surroundings.paths;
    let env = EnvContext {
        names: &config.environments,
        process_env: &|name| std::env::var(name).ok(),
        read_file: &read_small_file,
        cwd: &ctx.cwd,
    };
    let mut trace = trace_analyzed(line, &analysis, &rules, ctx, &|p: &Path| p.exists(), &env)?;
    trace.tamper = crate::tamper::line_findings(&analysis, line, &surroundings)?;
    Ok(trace)
}

/// command-guard's whole job on one tool call: a shell call's command line is traced
/// ([`trace_in`]), an MCP call as what it stands for ([`trace_mcp`]: an MCP shell tool's
/// command line, an AWS tool's `aws` line…), and
/// [`crate::decide::decide_trace`] turns the trace into the decision under the active
/// profile. Any other tool (a file write, an `apply_patch`) is checked against the tamper
/// rules only ([`crate::tamper::findings`]) and allowed when none fires.
///
/// # Errors
/// As [`trace_in`]: the caller turns it into the `on_error` decision.
pub fn guard_call(call: &ToolCall, config: &Config) -> Result<Decision, Error> {
    if call.kind == crate::ToolKind::Mcp
        && let Some(mcp) = &call.mcp
    {
        let (_, trace) = trace_mcp(call, mcp, config)?;
        return withhold_secret_approval(call, crate::decide::decide_trace(GUARD, &trace, config));
    }
    if let Some(line) = call.shell_line() {
        let trace = trace_in(&line, call.cwd.as_deref(), config)?;
        return withhold_secret_approval(call, crate::decide::decide_trace(GUARD, &trace, config));
    }
    let surroundings = crate::tamper::Surroundings::of_process(call.cwd.as_deref(), config);
    let findings = crate::tamper::findings(call, &surroundings)?;
    Ok(crate::decide::decide(GUARD, findings, config))
}

/// `decision` on `call`, no longer approved ([`Decision::approved`]) when a fetch rule of
/// secret-guard fires on the call ([`crate::fetch::fetch_findings`]): a command that
/// prints a secret (`kubectl get secret -o yaml`, `aws ssm get-parameters
/// --with-decryption`) reads, but is not a read to approve on the person's behalf, with or
/// without secret-guard installed.
///
/// # Errors
/// As [`crate::fetch::fetch_findings`].
fn withhold_secret_approval(call: &ToolCall, mut decision: Decision) -> Result<Decision, Error> {
    if decision.approved {
        let ctx = PathContext::of_process(call.cwd.as_deref());
        let found = crate::fetch::fetch_findings(call, &ctx, &|p: &Path| p.exists())?;
        decision.approved = found.is_empty();
    }
    Ok(decision)
}

/// Trace the MCP call `mcp` (of `call`) as command-guard sees it ([`crate::mcp::meaning`]):
/// an MCP tool that runs a command line (an AWS tool's `aws` line, a shell tool's command) is
/// traced as that line ([`trace_in`]:
/// the same rules, action table and environment detection as in a shell; an AWS line
/// without `--profile` also under each profile the host's configuration gives the server,
/// [`crate::mcp::server_config`]); a read-only
/// AWS tool (documentation, suggestions) is one command classified by `aws.read`; a tool
/// that runs what hookkit does not analyse (`run_script`) one command classified by
/// `shell.opaque`; any other tool is traced as [`crate::mcp::tool_line`], which the verb
/// rules of `rules/commands/mcp.toml` classify by the words of its name. The tamper rules' findings on the call itself
/// ([`crate::tamper::findings`]) are added to [`LineTrace::tamper`] in every case.
///
/// # Errors
/// As [`trace_in`].
pub fn trace_mcp(
    call: &ToolCall,
    mcp: &crate::call::McpCall,
    config: &Config,
) -> Result<(crate::mcp::Meaning, LineTrace), Error> {
    use crate::mcp::Meaning;
    let meaning = crate::mcp::meaning(mcp);
    let mut trace = match &meaning {
        Meaning::Shell(line) => trace_in(line, call.cwd.as_deref(), config)?,
        Meaning::Command(line) => {
            let mut trace = trace_in(line, call.cwd.as_deref(), config)?;
            under_server_profiles(&mut trace, call, mcp, line, config)?;
            trace
        }
        Meaning::Read(tool) => mcp_tool_trace(MCP_READ_RULE, mcp, tool, config)?,
        Meaning::Opaque(tool) => mcp_tool_trace(OPAQUE_RULE, mcp, tool, config)?,
        Meaning::Other => {
            let line = crate::mcp::tool_line(mcp);
            let mut trace = trace_in(&line, call.cwd.as_deref(), config)?;
            configured_class(&mut trace, mcp, &line, config);
            trace
        }
    };
    let surroundings = crate::tamper::Surroundings::of_process(call.cwd.as_deref(), config);
    for f in crate::tamper::findings(call, &surroundings)? {
        if !trace.tamper.iter().any(|t| t.rule_id == f.rule_id) {
            trace.tamper.push(f);
        }
    }
    Ok((meaning, trace))
}

/// Applies what the configuration's `[mcp]` says of the tool of `mcp` (traced as `line`)
/// to `trace` ([`crate::config::mcp`]): a person's class replaces the findings of the
/// tool's name; a tighten-only layer's class is added beside them.
fn configured_class(
    trace: &mut LineTrace,
    mcp: &crate::call::McpCall,
    line: &str,
    config: &Config,
) {
    let configured = config.mcp.of(&mcp.server, &mcp.tool);
    let Some(command) = trace.commands.first_mut() else {
        return;
    };
    let finding = |rule_id: &str, class: crate::decision::ActionClass| Finding {
        rule_id: rule_id.to_owned(),
        class,
        environment: Environment::Unknown,
        severity: crate::decision::Severity::Medium,
        verdict: crate::decision::Verdict::Allow,
        message: format!(
            "The configuration classifies the tool `{}` of the MCP server `{}` as {}.",
            mcp.tool,
            mcp.server,
            class.as_str()
        ),
        instead: "Ask the user before calling it, or use a tool that only reads.".to_owned(),
        matched: line.to_owned(),
        span: None,
    };
    if let Some(class) = configured.exact {
        command.findings = vec![finding("mcp.configured", class)];
        command.classified = true;
    }
    if let Some(class) = configured.at_least {
        command
            .findings
            .push(finding("mcp.configured-minimum", class));
    }
}

/// Adds to `trace` (of the AWS MCP call `mcp`'s `line`) the trace of each line of it that
/// names no `--profile`, run under each AWS profile the host's configuration gives the
/// server ([`crate::mcp::server_config`]): the server runs such a line under its own
/// profile. The configuration is a file the agent may write, so it only adds findings.
///
/// # Errors
/// As [`trace_in`].
fn under_server_profiles(
    trace: &mut LineTrace,
    call: &ToolCall,
    mcp: &crate::call::McpCall,
    line: &str,
    config: &Config,
) -> Result<(), Error> {
    let profiles = crate::mcp::server_config::aws_profiles(
        call.host,
        &mcp.server,
        call.cwd.as_deref(),
        home_dir().as_deref(),
    );
    for profile in profiles {
        let under: Vec<String> = line
            .lines()
            .filter(|l| !l.contains("--profile"))
            .map(|l| format!("AWS_PROFILE={} {l}", crate::fetch::shell_quote(&profile)))
            .collect();
        if under.is_empty() {
            continue;
        }
        let extra = trace_in(&under.join("\n"), call.cwd.as_deref(), config)?;
        trace.commands.extend(extra.commands);
        trace.parse_error |= extra.parse_error;
        for f in extra.tamper {
            if !trace.tamper.iter().any(|t| t.rule_id == f.rule_id) {
                trace.tamper.push(f);
            }
        }
    }
    Ok(())
}

/// The rule that classifies a read-only AWS MCP tool ([`crate::mcp::Meaning::Read`]).
const MCP_READ_RULE: &str = "aws.read";

/// The rule that refuses what hookkit cannot analyse: an opaque line, and what an MCP tool
/// runs unanalysed ([`crate::mcp::Meaning::Opaque`]).
pub(crate) const OPAQUE_RULE: &str = "shell.opaque";

/// The trace of the MCP tool `tool` (of `mcp`) as one command, `mcp SERVER TOOL`,
/// classified by the built-in rule `rule_id`.
///
/// # Errors
/// As [`rules_for`]; the rule missing from the built-in set.
fn mcp_tool_trace(
    rule_id: &str,
    mcp: &crate::call::McpCall,
    tool: &str,
    config: &Config,
) -> Result<LineTrace, Error> {
    let rules = rules_for(config, Some(&["aws"]))?;
    let rule = rules.rule(rule_id).ok_or_else(|| Error::Invalid {
        path: None,
        message: format!("the built-in rule `{rule_id}` is missing"),
    })?;
    let text = format!("mcp {} {tool}", mcp.server);
    Ok(LineTrace {
        commands: vec![CommandTrace {
            text: text.clone(),
            wrappers: Vec::new(),
            environment: Environment::Unknown,
            environment_name: None,
            actions: Vec::new(),
            findings: vec![rule.finding(Environment::Unknown, text, None)],
            classified: true,
            generic: false,
            dynamic: false,
        }],
        ..LineTrace::default()
    })
}

/// Commands whose `--help` may still run project code or a fetched package (a script's
/// own option parser, pytest's conftest plugins, a make or npm script): their help is not
/// a known read. Every `python*` name counts too ([`known_help`]).
const HELP_RUNS_CODE: &[&str] = &[
    "pypy", "pypy3", "node", "nodejs", "deno", "bun", "ruby", "perl", "php", "java", "go",
    "dotnet", "pytest", "tox", "nox", "rake", "rails", "bundle", "npm", "pnpm", "yarn", "npx",
    "make", "just", "task", "gradle", "mvn", "sbt", "cargo",
];

/// True when `cmd`, asking for `--help` (or only for `--version`: [`asks_for_version`]), is
/// a tool hookkit's own rules know by name (a rule
/// with full standing names it, not through a glob) and one whose help runs no project
/// code ([`HELP_RUNS_CODE`]): its usage text is a known read, which `auto_approve` may
/// approve.
fn known_help(cmd: &hookkit_shell::SimpleCommand, rules: &RuleSet) -> bool {
    let name = cmd.name();
    !HELP_RUNS_CODE.contains(&name)
        && !name.starts_with("python")
        && rules.rules.iter().any(|r| {
            !r.fallback
                && !r.tighten_only
                && r.matches
                    .iter()
                    .any(|m| m.command.iter().any(|c| c == name))
        })
}

/// True when the command's only arguments are `--version` (or Go-style `-version`:
/// terraform, packer): `TOOL --version` prints the version and exits. A tool hookkit's
/// rules know by name answers it like `--help` ([`known_help`]).
fn asks_for_version(cmd: &hookkit_shell::SimpleCommand) -> bool {
    let mut args = cmd.args().peekable();
    args.peek().is_some() && args.all(|a| a == "--version" || a == "-version")
}

/// True when `--help` (or Go-style `-help`: terraform, packer) is among the command's
/// options (before any `--`).
fn asks_for_help(cmd: &hookkit_shell::SimpleCommand) -> bool {
    cmd.args()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-help")
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
