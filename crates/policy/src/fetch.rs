//! Tool calls that would fetch a secret's value into the model's context: the command
//! rules of `crates/policy/rules/fetch/` applied to every kind of tool that can read one.
//!
//! | tool | what is checked |
//! |---|---|
//! | shell | the command line, as command-guard checks it (hookkit-shell unwraps `sudo`, `env`, `bash -c`, pipelines…); plus every input redirection `CMD < FILE` as `cat FILE` |
//! | file read (`Read`, `read_file`, `view`, Cursor `beforeReadFile`) | the path `P`, as the command `cat 'P'` |
//! | MCP `call_aws` (AWS API MCP server) | its `cli_command` argument, as a command line |
//! | MCP `use_aws` (Amazon Q / AWS MCP) | `aws SERVICE OPERATION --PARAM VALUE…` built from `service_name`, `operation_name` (snake or kebab case) and `parameters` |
//!
//! So `aws --region x secretsmanager get-secret-value`, a `Read` of `.env` and an MCP
//! `call_aws` of the same command all fire the same rule ids.

use crate::call::{ToolCall, ToolKind};
use crate::command::{PathContext, check_line};
use crate::decision::Finding;
use crate::error::Error;
use crate::rules::RuleSet;
use serde_json::Value;
use std::path::Path;

/// The rule family directory of the fetch rules (`crates/policy/rules/fetch/`).
pub const FAMILY: &str = "fetch";

/// `s` as one single-quoted shell word.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The command lines that stand for what `call` would do, for the fetch rules: see the
/// module table. Empty for tools that cannot fetch a secret.
pub fn command_lines(call: &ToolCall) -> Vec<String> {
    let mut out = Vec::new();
    match call.kind {
        ToolKind::Shell => {
            if let Some(line) = &call.command {
                out.push(line.clone());
                out.extend(input_redirects(line));
            }
        }
        ToolKind::FileRead => {
            if let Some(path) = &call.path {
                out.push(format!("cat {}", shell_quote(path)));
            }
        }
        ToolKind::Mcp => {
            if let Some(mcp) = &call.mcp {
                out.extend(mcp_command(&mcp.tool, &mcp.arguments));
            }
        }
        ToolKind::FileWrite | ToolKind::Other => {}
    }
    out
}

/// `cat 'FILE'` for every `< FILE` of the line (`tr '\0' '\n' < /proc/self/environ`).
fn input_redirects(line: &str) -> Vec<String> {
    hookkit_shell::analyze(line)
        .commands
        .iter()
        .flat_map(|c| c.redirects.iter())
        .filter(|r| {
            matches!(
                r.op,
                hookkit_shell::RedirectOp::Read | hookkit_shell::RedirectOp::ReadWrite
            )
        })
        .map(|r| format!("cat {}", shell_quote(&r.target.text)))
        .collect()
}

/// The AWS CLI command an AWS MCP tool call stands for.
fn mcp_command(tool: &str, args: &Value) -> Option<String> {
    match tool {
        "call_aws" | "aws_cli" | "run_aws_cli" => args
            .get("cli_command")
            .or_else(|| args.get("command"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        "use_aws" => {
            let service = args.get("service_name")?.as_str()?;
            let operation = args.get("operation_name")?.as_str()?;
            let mut line = format!(
                "aws {} {}",
                shell_quote(service),
                shell_quote(&operation.replace('_', "-").to_ascii_lowercase())
            );
            if let Some(Value::Object(params)) = args.get("parameters") {
                for (k, v) in params {
                    let flag = format!("--{}", k.replace('_', "-").to_ascii_lowercase());
                    match v {
                        Value::Bool(true) => line.push_str(&format!(" {}", shell_quote(&flag))),
                        Value::Bool(false) => {}
                        Value::String(s) => {
                            line.push_str(&format!(" {} {}", shell_quote(&flag), shell_quote(s)))
                        }
                        other => line.push_str(&format!(
                            " {} {}",
                            shell_quote(&flag),
                            shell_quote(&other.to_string())
                        )),
                    }
                }
            }
            Some(line)
        }
        _ => None,
    }
}

/// Every built-in fetch rule that fires on `call` (see [`command_lines`]), at most one
/// finding per rule. Per command line, only the rules that can match its commands are
/// parsed ([`RuleSet::builtin_for`]), and of those only the match tables that can fire
/// (`prefilter`).
///
/// # Errors
/// [`Error::Invalid`] when an embedded rule does not load or a rule's glob does not compile.
pub fn fetch_findings(
    call: &ToolCall,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let mut out: Vec<Finding> = Vec::new();
    for line in command_lines(call) {
        let analysis = hookkit_shell::analyze(&line);
        let names: Vec<&str> = analysis.commands.iter().map(|c| c.name()).collect();
        let rules = RuleSet::builtin_for(FAMILY, &names)?;
        let words: Vec<String> = analysis
            .commands
            .iter()
            .flat_map(|c| c.argv.iter().map(|w| w.text.clone()))
            .collect();
        let relevant = prefilter(&rules, &words);
        for f in check_line(&line, &relevant, ctx, exists)? {
            if !out.iter().any(|o| o.rule_id == f.rule_id) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

/// `rules` without the match tables that cannot fire on a line whose words (after
/// hookkit-shell's unwrapping and quote removal) are `words`: a table whose command names
/// are all literal and none is a word's base name, or whose `args_any` globs each need a
/// literal run of characters that no word holds. Sound (a word an operand glob matches
/// holds that glob's literal run), and it saves compiling the globs of tables that cannot
/// match: most of a hook call's time otherwise.
fn prefilter(rules: &RuleSet, words: &[String]) -> RuleSet {
    let names: Vec<&str> = words
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .collect();
    let may_fire = |m: &crate::rules::CommandMatch| {
        let literal_names = m.command.iter().all(|c| !c.contains(['*', '?', '[']));
        if literal_names && !m.command.iter().any(|c| names.contains(&c.as_str())) {
            return false;
        }
        m.args_any.is_empty()
            || m.args_any.iter().any(|g| {
                expand_braces(g).iter().any(|alt| match literal_run(alt) {
                    Some(run) => words.iter().any(|w| w.contains(run.as_str())),
                    None => true,
                })
            })
    };
    let mut out = RuleSet {
        rules: Vec::new(),
        tools: rules.tools.clone(),
    };
    for rule in &rules.rules {
        if rule.matches.iter().any(may_fire) {
            let mut r = rule.clone();
            r.matches.retain(may_fire);
            out.rules.push(r);
        }
    }
    out
}

/// The most alternatives [`expand_braces`] spells out; past it the glob is kept whole (and
/// so never filtered out).
const MAX_BRACE_EXPANSION: usize = 256;

/// The globs `glob` stands for once its `{a,b}` alternates (nested too) are spelled out:
/// `{.env,*/.env}.x` → `.env.x`, `*/.env.x`. A glob without alternates, with an unclosed
/// `{`, or with more than [`MAX_BRACE_EXPANSION`] alternatives comes back as it is.
fn expand_braces(glob: &str) -> Vec<String> {
    let mut out = Vec::new();
    if expand_into(glob, &mut out) {
        out
    } else {
        vec![glob.to_owned()]
    }
}

/// Appends the expansions of `glob` to `out`; false when there are too many or a `{` is
/// unclosed.
fn expand_into(glob: &str, out: &mut Vec<String>) -> bool {
    let Some((open, close, parts)) = first_alternates(glob) else {
        out.push(glob.to_owned());
        return true;
    };
    let (head, tail) = (&glob[..open], &glob[close + 1..]);
    for part in parts {
        if out.len() > MAX_BRACE_EXPANSION || !expand_into(&format!("{head}{part}{tail}"), out) {
            return false;
        }
    }
    true
}

/// The byte offsets of the first top-level `{` outside a class and of its matching `}`,
/// and the comma-separated alternatives between them; `None` when there is none.
fn first_alternates(glob: &str) -> Option<(usize, usize, Vec<&str>)> {
    let mut in_class = false;
    let mut open = None;
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in glob.char_indices() {
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '{' => {
                if depth == 0 {
                    open = Some(i);
                    start = i + 1;
                }
                depth += 1;
            }
            ',' if depth == 1 => {
                parts.push(glob.get(start..i)?);
                start = i + 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parts.push(glob.get(start..i)?);
                    return Some((open?, i, parts));
                }
            }
            _ => {}
        }
    }
    None
}

/// The longest run of literal characters of a glob (`*/.aws/credentials` →
/// `/.aws/credentials`), or `None` when the glob has alternates or escapes (`{a,b}`, `\*`).
fn literal_run(glob: &str) -> Option<String> {
    let mut best = String::new();
    let mut current = String::new();
    let mut in_class = false;
    for c in glob.chars() {
        match c {
            '{' | '\\' if !in_class => return None,
            '[' => {
                in_class = true;
                current.clear();
            }
            ']' if in_class => in_class = false,
            '*' | '?' => current.clear(),
            _ if in_class => {}
            _ => {
                current.push(c);
                if current.len() > best.len() {
                    best = current.clone();
                }
            }
        }
    }
    (!best.is_empty()).then_some(best)
}

#[cfg(test)]
mod tests {
    #[test]
    fn braces_expand_to_every_alternative() {
        assert_eq!(expand_braces("{.env,*/.env}.x"), [".env.x", "*/.env.x"]);
        assert_eq!(expand_braces("a{b,c{d,e}}f"), ["abf", "acdf", "acef"]);
        assert_eq!(expand_braces("[{]x"), ["[{]x"]);
        assert_eq!(expand_braces("open{a,b"), ["open{a,b"]);
        let many = "{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}";
        assert_eq!(expand_braces(many), [many]);
    }

    #[test]
    fn literal_runs_of_globs() {
        assert_eq!(
            literal_run("*/.aws/credentials").as_deref(),
            Some("/.aws/credentials")
        );
        assert_eq!(literal_run("*$*_KEY[}]*").as_deref(), Some("_KEY"));
        assert_eq!(literal_run("[{][{]json .[}][}]").as_deref(), Some("json ."));
        assert_eq!(literal_run("*"), None);
        assert_eq!(literal_run("{a,b}"), None);
    }

    #[test]
    fn the_prefilter_never_changes_what_fires() {
        let rules = RuleSet::builtin_with_examples(FAMILY).unwrap();
        for rule in &rules.rules {
            for ex in rule.examples.iter().chain(&rule.negative_examples) {
                let full: Vec<String> = check_line(ex, &rules, &example_context(), &|_| true)
                    .unwrap()
                    .into_iter()
                    .map(|f| f.rule_id)
                    .collect();
                let mut c = call(ToolKind::Shell);
                c.command = Some(ex.clone());
                let filtered = ids(&c);
                assert!(
                    full.iter().all(|id| filtered.contains(id)),
                    "{ex}: {full:?} vs {filtered:?}"
                );
            }
        }
    }

    use super::*;
    use crate::call::{Event, Host, McpCall};
    use crate::rules::check::example_context;

    fn ids(call: &ToolCall) -> Vec<String> {
        fetch_findings(call, &example_context(), &|_| true)
            .unwrap()
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    fn call(kind: ToolKind) -> ToolCall {
        ToolCall::new(Host::ClaudeCode, Event::PreTool, "PreToolUse", kind, "T")
    }

    #[test]
    fn input_redirect_of_a_credential_file_is_a_read() {
        let mut c = call(ToolKind::Shell);
        c.command = Some("tr '\\0' '\\n' < /proc/self/environ".into());
        assert_eq!(ids(&c), ["fetch.environment-dump"]);
        c.command = Some("grep -c x < .env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
    }

    #[test]
    fn read_tool_paths_use_the_same_rules() {
        let mut c = call(ToolKind::FileRead);
        c.path = Some("/home/user/project/.env.production".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
        c.path = Some("/home/user/.ssh/id_ed25519".into());
        assert_eq!(ids(&c), ["fetch.credential-file"]);
        c.path = Some("/home/user/project/.env.example".into());
        assert!(ids(&c).is_empty());
        c.path = Some("/home/user/it's here/.env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
    }

    #[test]
    fn aws_mcp_tools_are_commands() {
        let mut c = call(ToolKind::Mcp);
        c.mcp = Some(McpCall {
            server: "aws-api".into(),
            tool: "call_aws".into(),
            arguments: serde_json::json!({
                "cli_command": "aws --region us-east-1 secretsmanager get-secret-value --secret-id prod/db"
            }),
        });
        assert_eq!(ids(&c), ["fetch.aws-secretsmanager-get-secret-value"]);
        c.mcp = Some(McpCall {
            server: "aws".into(),
            tool: "use_aws".into(),
            arguments: serde_json::json!({
                "service_name": "ssm", "operation_name": "get_parameter",
                "parameters": {"name": "/prod/pw", "with_decryption": true}, "region": "us-east-1"
            }),
        });
        assert_eq!(ids(&c), ["fetch.aws-ssm-get-parameter-decrypted"]);
        c.mcp = Some(McpCall {
            server: "aws".into(),
            tool: "use_aws".into(),
            arguments: serde_json::json!({
                "service_name": "secretsmanager", "operation_name": "describe-secret",
                "parameters": {"secret_id": "x"}
            }),
        });
        assert!(ids(&c).is_empty());
    }
}
