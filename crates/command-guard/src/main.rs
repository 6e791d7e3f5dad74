//! command-guard: the hook an agent host runs before every shell call.
//!
//! Hook mode (the default) reads the host's PreToolUse payload on stdin and answers in
//! that host's format: silence and exit 0 to allow; a deny (or ask, where the host has
//! one) naming the rule and the safer way forward. Any failure of hookkit itself becomes
//! the configured `on_error` decision (deny by default), never a crash.
//!
//! Everything else it prints goes through `hookkit_report::output`, so that a closed pipe
//! (`command-guard explain … | head`) ends the output quietly instead of panicking.

#![warn(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, Subcommand};
use hookkit_policy::command::{GUARD, LineTrace, guard_call, trace_in, trace_mcp};
use hookkit_policy::mcp::Meaning;
use hookkit_policy::rules::{RuleSet, check_examples};
use hookkit_policy::{Config, ConfigSources, Decision, Event, Host, McpCall, ToolCall, ToolKind};
use hookkit_report::output::{eprint, print};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Classify every shell command an agent runs and allow, ask or deny it by policy.
#[derive(Parser)]
#[command(name = "command-guard", version)]
struct Cli {
    /// The host running this hook (claude-code, codex, cursor, gemini-cli, copilot-cli,
    /// qwen-code); detected from the payload when absent.
    #[arg(long)]
    host: Option<Host>,
    /// A configuration file layered over all others (like $HOOKKIT_CONFIG).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the effective configuration for the current directory and exit.
    #[arg(long)]
    dump_config: bool,
    /// Print every built-in command rule and exit.
    #[arg(long)]
    list_rules: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the whole trace for a command line, as command-guard sees it in the current
    /// directory: every simple command, its environment, the rules and classes, and the
    /// decision under the active profile.
    Explain {
        /// The command line, quoted as one argument; with `--mcp`, the MCP tool's name as
        /// a host sends it (`mcp__aws-api__call_aws`, `mcp__aws-mcp__aws___call_aws`) or
        /// as its server names it (`call_aws`).
        line: String,
        /// With `--mcp`: the tool's arguments, as a JSON object
        /// (`'{"cli_command": "aws s3 ls"}'`; `{}` when left out).
        arguments: Option<String>,
        /// Explain an MCP tool call instead of a command line: what it stands for (an AWS
        /// MCP Server's `call_aws` is its `aws` command line), then the trace.
        #[arg(long)]
        mcp: bool,
        /// Print the trace as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check rule files: every example fires its rule, no negative example fires any
    /// (built-in rules included). Exit 0 clean, 1 failures, 2 unreadable or invalid files.
    CheckRules {
        /// Rule files in hookkit's format.
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    hookkit_hooks::install_quiet_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Exit 2 with a message on stderr: every host blocks the tool call on it.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match (&cli.command, cli.dump_config, cli.list_rules) {
        (Some(Command::CheckRules { files }), _, _) => check_rules(files),
        (
            Some(Command::Explain {
                line,
                arguments,
                mcp,
                json,
            }),
            _,
            _,
        ) => {
            if *mcp {
                explain_mcp(&cli, line, arguments.as_deref(), *json)
            } else if arguments.is_some() {
                error(
                    &"explain takes one command line (quote it as one argument), or --mcp TOOL ARGUMENTS",
                )
            } else {
                explain(&cli, line, *json)
            }
        }
        (None, true, _) => dump_config(&cli),
        (None, false, true) => list_rules(),
        (None, false, false) => hook(&cli),
    }
}

fn hook(cli: &Cli) -> ExitCode {
    hookkit_hooks::run_guard(GUARD, cli.host, cli.config.clone(), |call, config| {
        let decision = guard_call(call, config)?;
        // The profile's session budget, counted in the audit trail's sessions/ directory.
        Ok(hookkit_audit_trail::budget::apply(
            GUARD, config, call, decision,
        )?)
    })
    .emit()
}

fn dump_config(cli: &Cli) -> ExitCode {
    let cwd = std::env::current_dir().ok();
    match Config::load(&ConfigSources::discover(cwd.as_deref(), cli.config.clone())) {
        Ok(config) => out(&config.to_toml(), ExitCode::SUCCESS),
        Err(e) => error(&e),
    }
}

fn list_rules() -> ExitCode {
    match RuleSet::builtin("commands").and_then(|set| Ok((set, hookkit_policy::tamper::builtin()?)))
    {
        Ok((set, tamper)) => {
            let mut text = String::new();
            for r in &set.rules {
                let _ = writeln!(
                    text,
                    "{:<36} {:<6} {:<13} {}",
                    r.id,
                    r.decision.map_or("profile", |d| d.as_str()),
                    format!("{:?}", r.class).to_lowercase(),
                    r.message
                );
            }
            for r in &tamper.rule {
                let _ = writeln!(
                    text,
                    "{:<36} {:<6} {:<13} {}",
                    r.id,
                    r.decision.as_str(),
                    "tamper",
                    r.message
                );
            }
            out(&text, ExitCode::SUCCESS)
        }
        Err(e) => error(&e),
    }
}

/// Prints `text` and exits with `code`; 2 when stdout cannot be written (a closed pipe is
/// not an error: see `hookkit_report::output::print`).
fn out(text: &str, code: ExitCode) -> ExitCode {
    match print(text) {
        Ok(()) => code,
        Err(e) => error(&format!("cannot write the output: {e}")),
    }
}

/// `error: …` on stderr, exit 2.
fn error(e: &dyn std::fmt::Display) -> ExitCode {
    eprint(&format!("error: {e}\n"));
    ExitCode::from(2)
}

fn check_rules(files: &[PathBuf]) -> ExitCode {
    let mut set = match RuleSet::builtin_with_examples("commands") {
        Ok(set) => set,
        Err(e) => return error(&e),
    };
    let extra = match RuleSet::load_files(files) {
        Ok(extra) => extra,
        Err(e) => return error(&e),
    };
    let count = extra.rules.len();
    set.rules.extend(extra.rules);
    set.tools.extend(extra.tools);
    if let Err(e) = set.validate() {
        return error(&e);
    }
    let failures = check_examples(&set);
    let mut text = String::new();
    for f in &failures {
        let _ = writeln!(text, "error[rules.example]: {f}");
    }
    if failures.is_empty() {
        let _ = writeln!(
            text,
            "ok: {count} rules in {} files, every example behaves",
            files.len()
        );
        out(&text, ExitCode::SUCCESS)
    } else {
        let _ = writeln!(text, "{} example failures", failures.len());
        out(&text, ExitCode::from(1))
    }
}

fn explain(cli: &Cli, line: &str, json: bool) -> ExitCode {
    let cwd = std::env::current_dir().ok();
    let result = Config::load(&ConfigSources::discover(cwd.as_deref(), cli.config.clone()))
        .and_then(|config| {
            let trace = trace_in(line, cwd.as_deref(), &config)?;
            let decision = hookkit_policy::decide_trace(GUARD, &trace, &config);
            Ok((config, trace, decision))
        });
    match result {
        Ok((config, trace, decision)) => {
            print_trace(&config, &trace, &decision, json, String::new(), None)
        }
        Err(e) => error(&e),
    }
}

/// `explain --mcp TOOL [ARGUMENTS]`: the MCP call as command-guard's hook sees it
/// ([`hookkit_policy::command::trace_mcp`]), in the current directory.
fn explain_mcp(cli: &Cli, tool: &str, arguments: Option<&str>, json: bool) -> ExitCode {
    let arguments: serde_json::Value = match serde_json::from_str(arguments.unwrap_or("{}")) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(_) => return error(&"the MCP arguments must be a JSON object"),
        Err(e) => return error(&format!("the MCP arguments are not JSON: {e}")),
    };
    // `mcp__SERVER__TOOL` as Claude Code, Codex and Gemini CLI name it, or a bare name.
    let (server, tool) = tool
        .strip_prefix("mcp__")
        .and_then(|rest| rest.split_once("__"))
        .unwrap_or(("", tool));
    let cwd = std::env::current_dir().ok();
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Mcp,
        format!("mcp__{server}__{tool}"),
    );
    call.cwd = cwd.clone();
    let mcp = McpCall {
        server: server.to_owned(),
        tool: tool.to_owned(),
        arguments,
    };
    let result = Config::load(&ConfigSources::discover(cwd.as_deref(), cli.config.clone()))
        .and_then(|config| {
            let (meaning, trace) = trace_mcp(&call, &mcp, &config)?;
            let decision = hookkit_policy::decide_trace(GUARD, &trace, &config);
            Ok((config, meaning, trace, decision))
        });
    let (config, meaning, trace, decision) = match result {
        Ok(parts) => parts,
        Err(e) => return error(&e),
    };
    let (stands_for, header) = match &meaning {
        Meaning::Command(line) | Meaning::Shell(line) => (
            serde_json::json!({"command": line}),
            format!("mcp: server `{server}`, tool `{tool}`: runs `{line}`\n"),
        ),
        Meaning::Read(name) => (
            serde_json::json!({"reads_only": name}),
            format!("mcp: server `{server}`, tool `{tool}`: an AWS tool that only reads\n"),
        ),
        Meaning::Opaque(name) => (
            serde_json::json!({"opaque": name}),
            format!("mcp: server `{server}`, tool `{tool}`: runs what hookkit does not analyse\n"),
        ),
        Meaning::Other => (
            serde_json::Value::Null,
            format!(
                "mcp: server `{server}`, tool `{tool}`: not an AWS tool hookkit reads; only the tamper rules apply\n"
            ),
        ),
    };
    let mcp_json = serde_json::json!({"server": server, "tool": tool, "stands_for": stands_for});
    print_trace(&config, &trace, &decision, json, header, Some(mcp_json))
}

/// Prints a trace and its decision, as text (after `header`) or as JSON (with `mcp`, what
/// an MCP call stands for).
fn print_trace(
    config: &Config,
    trace: &LineTrace,
    decision: &Decision,
    json: bool,
    header: String,
    mcp: Option<serde_json::Value>,
) -> ExitCode {
    if json {
        let mut json = serde_json::json!({
            "profile": config.profile,
            "trace": trace,
            "decision": decision.verdict,
            "reason": decision.reason,
            "ignored": config.ignored,
        });
        if let (Some(mcp), Some(object)) = (mcp, json.as_object_mut()) {
            object.insert("mcp".into(), mcp);
        }
        return out(&format!("{json:#}\n"), ExitCode::SUCCESS);
    }
    // What each rule became under the configuration ("off" when turned off).
    let final_verdict = |id: &str| {
        decision
            .findings
            .iter()
            .find(|d| d.rule_id == id)
            .map_or("off", |d| d.verdict.as_str())
    };
    let mut text = header;
    let _ = writeln!(text, "profile: {}", config.profile);
    if trace.parse_error {
        let _ = writeln!(
            text,
            "parse: part of the line could not be read by the shell parser"
        );
    }
    for (i, cmd) in trace.commands.iter().enumerate() {
        let via = if cmd.wrappers.is_empty() {
            String::new()
        } else {
            format!("  (via {})", cmd.wrappers.join(" > "))
        };
        let _ = writeln!(text, "command {}: {}{via}", i + 1, cmd.text);
        let env = match &cmd.environment_name {
            Some(name) => format!("{} (from `{name}`)", cmd.environment.as_str()),
            None => cmd.environment.as_str().to_owned(),
        };
        let _ = writeln!(text, "  environment: {env}");
        if !cmd.actions.is_empty() {
            let _ = writeln!(text, "  actions: {}", cmd.actions.join("; "));
        }
        if cmd.findings.is_empty() {
            let _ = writeln!(text, "  rules: none (unclassified)");
        }
        for f in &cmd.findings {
            let _ = writeln!(
                text,
                "  rule {}: {:?} -> {}  matched `{}`",
                f.rule_id,
                f.class,
                final_verdict(&f.rule_id),
                f.matched
            );
        }
    }
    for f in &trace.tamper {
        let _ = writeln!(
            text,
            "tamper {}: -> {}  matched `{}`",
            f.rule_id,
            final_verdict(&f.rule_id),
            f.matched
        );
    }
    let _ = writeln!(text, "decision: {}", decision.verdict.as_str());
    if !decision.reason.is_empty() {
        let _ = writeln!(text, "reason:\n{}", decision.reason);
    }
    if let Some(note) = config.ignored_note() {
        let _ = writeln!(text, "{note}");
    }
    out(&text, ExitCode::SUCCESS)
}
