//! Tool calls that would fetch a secret's value into the model's context: the command
//! rules of `crates/policy/rules/fetch/` applied to every kind of tool that can read one.
//!
//! | tool | what is checked |
//! |---|---|
//! | shell, and MCP tools that run shell commands (`execute_command`, `start_process`…) | the command line, as command-guard checks it (hookkit-shell unwraps `sudo`, `env`, `bash -c`, pipelines…); plus every input redirection `CMD < FILE` as `cat FILE` |
//! | file read (`Read`, `read_file`, `view`, Cursor `beforeReadFile`) | the path `P`, as the command `cat 'P'` |
//! | MCP `call_aws`, `use_aws` (the AWS MCP servers) | the `aws …` command line it runs ([`crate::mcp::meaning`]) |
//!
//! So `aws --region x secretsmanager get-secret-value`, a `Read` of `.env` and an MCP
//! `call_aws` of the same command all fire the same rule ids.

use crate::call::{ToolCall, ToolKind};
use crate::command::{PathContext, check_analyzed};
use crate::decision::Finding;
use crate::error::Error;
use crate::rules::RuleSet;
use std::borrow::Cow;
use std::collections::BTreeSet;
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
        ToolKind::Shell => out.extend(call.shell_line().map(Cow::into_owned)),
        ToolKind::FileRead => {
            if let Some(path) = &call.path {
                out.push(format!("cat {}", shell_quote(path)));
            }
        }
        ToolKind::Mcp => {
            if let Some(crate::mcp::Meaning::Command(line) | crate::mcp::Meaning::Shell(line)) =
                call.mcp.as_ref().map(crate::mcp::meaning)
            {
                out.push(line);
            }
        }
        ToolKind::FileWrite | ToolKind::Other => {}
    }
    out
}

/// One `cat 'FILE'…` of every file an analysed shell line reads through `<` (`tr '\0' '\n'
/// < /proc/self/environ`), each once; `None` when it reads none.
fn input_redirects(analysis: &hookkit_shell::Analysis) -> Option<String> {
    let targets: BTreeSet<&str> = analysis
        .commands
        .iter()
        .flat_map(|c| c.redirects.iter())
        .filter(|r| r.op.reads())
        .map(|r| r.target.text.as_str())
        .collect();
    (!targets.is_empty()).then(|| {
        let quoted: Vec<String> = targets.into_iter().map(shell_quote).collect();
        format!("cat {}", quoted.join(" "))
    })
}

/// The most paths one glob word of a shell line expands to before the word counts as
/// unknown: `cat /usr/share/doc/*/*` is read as a computed operand, not as thousands.
const MAX_GLOB_MATCHES: usize = 1024;

/// Does `text` hold a character bash expands as a pattern (`*`, `?`, `[`)?
fn has_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// False when `path`, a match of the glob `pattern` (component for component), has a
/// hidden entry (`.name`) where the pattern's component does not start with a literal `.`:
/// bash's `*`, `?` and `[…]` skip those unless `dotglob` is set.
fn bash_would_match(pattern: &str, path: &str) -> bool {
    pattern
        .split('/')
        .zip(path.split('/'))
        .all(|(p, m)| !has_glob(p) || p.starts_with('.') || !m.starts_with('.'))
}

/// Each command of an analysed shell line that has a glob operand (`cat .e*`, `head
/// */.env?`, `grep X < .e*`), written again with every glob replaced by the paths it
/// matches in the working directory as bash expands it (`*` and `?` skip a leading `.`
/// unless the pattern spells it; `**` is `*`, bash's default without `globstar`). A glob
/// matching more than [`MAX_GLOB_MATCHES`] paths becomes the unknown word `"$GLOB"`, which
/// [`fetch.computed-file`](../../rules/fetch/files.toml) judges. Globs that match nothing
/// stay as written (bash passes them on literally), so no line is made for them.
fn glob_expansions(analysis: &hookkit_shell::Analysis, ctx: &PathContext) -> Vec<String> {
    // glob 0.3's `require_literal_leading_dot` also refuses `.e*` for `.env`, so hidden
    // entries are let through and [`bash_would_match`] drops those bash would not list.
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let expand = |word: &hookkit_shell::Word| -> Option<Vec<String>> {
        let path = ctx.resolve(word)?;
        // bash's `[^…]` is glob's `[!…]`.
        let pattern = path.to_str()?.replace("**", "*").replace("[^", "[!");
        let found: Vec<String> = glob::glob_with(&pattern, options)
            .ok()?
            .filter_map(|p| Some(p.ok()?.to_str()?.to_owned()))
            .filter(|p| bash_would_match(&pattern, p))
            .take(MAX_GLOB_MATCHES + 1)
            .collect();
        match found.len() {
            0 => None,
            n if n > MAX_GLOB_MATCHES => Some(vec!["\"$GLOB\"".to_owned()]),
            _ => Some(found.iter().map(|p| shell_quote(p)).collect()),
        }
    };
    let mut out = Vec::new();
    for cmd in &analysis.commands {
        let reads = cmd
            .redirects
            .iter()
            .filter(|r| r.op.reads())
            .map(|r| &r.target);
        let mut expanded = false;
        let mut words: Vec<String> = vec![shell_quote(cmd.name())];
        for word in cmd.argv.iter().skip(1).chain(reads) {
            match has_glob(&word.text).then(|| expand(word)).flatten() {
                Some(paths) => {
                    expanded = true;
                    words.extend(paths);
                }
                // A computed word stays computed; one the context resolves is its path.
                None if word.dynamic && !word.from_input() => words.push(
                    ctx.resolve(word)
                        .and_then(|p| p.to_str().map(shell_quote))
                        .unwrap_or_else(|| "\"$WORD\"".to_owned()),
                ),
                None => words.push(shell_quote(&word.text)),
            }
        }
        if expanded {
            out.push(words.join(" "));
        }
    }
    out
}

/// Every built-in fetch rule that fires on `call` (see [`command_lines`]; a shell line's
/// glob operands also as the paths they match, [`glob_expansions`]), and the shared
/// opacity rules ([`RuleSet::builtin_opacity`]: what cannot be analysed is never allowed),
/// at most one finding per rule. Per command line, only the fetch rules that can match its
/// commands are parsed ([`RuleSet::builtin_for`]), and of those only the match tables that
/// can fire ([`crate::command::prefilter::relevant`]).
///
/// # Errors
/// [`Error::Invalid`] when an embedded rule does not load or a rule's glob does not compile.
pub fn fetch_findings(
    call: &ToolCall,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    let mut out: Vec<Finding> = Vec::new();
    let opacity = RuleSet::builtin_opacity()?;
    let mut lines = command_lines(call);
    // Only a shell line's redirections are read (an `aws` line's `<` is the CLI's text).
    let mut redirects_read = call.shell_line().is_none();
    while let Some(line) = lines.pop() {
        let analysis = hookkit_shell::analyze(&line);
        if !redirects_read {
            // Every file the line reads through `<`, once, as the operands of one `cat`
            // (one line per redirection made the work grow with their number times the
            // line's length: a redirection on a compound command is each inner command's).
            redirects_read = true;
            lines.extend(input_redirects(&analysis));
            lines.extend(glob_expansions(&analysis, ctx));
        }
        for f in line_findings(&line, &analysis, &opacity, ctx, exists)? {
            if !out.iter().any(|o| o.rule_id == f.rule_id) {
                out.push(f);
            }
        }
    }
    // An MCP tool that runs what hookkit does not analyse (the AWS MCP Server's
    // `run_script`): its secret fetches cannot be seen, so it is opaque.
    if let Some(mcp) = call.mcp.as_ref().filter(|_| call.kind == ToolKind::Mcp)
        && let crate::mcp::Meaning::Opaque(tool) = crate::mcp::meaning(mcp)
        && !out.iter().any(|o| o.rule_id == crate::command::OPAQUE_RULE)
    {
        let rule = opacity
            .rule(crate::command::OPAQUE_RULE)
            .ok_or_else(|| Error::Invalid {
                path: None,
                message: format!(
                    "the built-in rule `{}` is missing",
                    crate::command::OPAQUE_RULE
                ),
            })?;
        let text = format!("mcp {} {tool}", mcp.server);
        out.push(rule.finding(crate::decision::Environment::Unknown, text, None));
    }
    Ok(out)
}

/// The fetch and opacity findings of one analysed line.
fn line_findings(
    line: &str,
    analysis: &hookkit_shell::Analysis,
    opacity: &RuleSet,
    ctx: &PathContext,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Finding>, Error> {
    // A line not followed to the end is swept with every fetch rule.
    let sweep = crate::command::not_followed(analysis).is_some();
    let mut rules = if sweep {
        RuleSet::builtin(FAMILY)?
    } else {
        let names: Vec<&str> = analysis.commands.iter().map(|c| c.name()).collect();
        RuleSet::builtin_for(FAMILY, &names)?
    };
    rules.rules.extend(opacity.rules.iter().cloned());
    let relevant = if sweep {
        rules
    } else {
        let words: Vec<String> = analysis
            .commands
            .iter()
            .flat_map(|c| c.argv.iter().map(|w| w.text.clone()))
            .collect();
        crate::command::prefilter::relevant(&rules, &words)
    };
    check_analyzed(line, analysis, &relevant, ctx, exists)
}

#[cfg(test)]
mod tests {
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
    use crate::command::check_line;
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
        // Several files, and one read by many commands: each is checked, once.
        c.command = Some("{ a; b; c; } < notes.txt; sort < data.csv < .env".into());
        assert_eq!(ids(&c), ["fetch.dotenv-file"]);
    }

    #[test]
    fn glob_operands_are_read_as_the_files_bash_expands_them_to() {
        let dir = tempfile::tempdir().unwrap();
        for f in [".env", ".env.example", "a.txt", "sub/.env", "many/x"] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "A=1\n").unwrap();
        }
        for i in 0..=MAX_GLOB_MATCHES {
            std::fs::write(dir.path().join(format!("many/f{i}")), "").unwrap();
        }
        let ctx = PathContext::discover(dir.path().into(), None, None);
        let fired = |line: &str| {
            let mut c = call(ToolKind::Shell);
            c.command = Some(line.into());
            let ids: Vec<String> = fetch_findings(&c, &ctx, &|p| p.exists())
                .unwrap()
                .into_iter()
                .map(|f| f.rule_id)
                .collect();
            ids
        };
        let dotenv = ["fetch.dotenv-file"];
        for line in [
            "cat .e*",
            "cat .en?",
            "cat .[e]nv",
            "cat .[^x]nv",
            "cat ./.??*",
            "head -n 3 */.e*",
            "grep -h '' < .e?v",
            "sort **/.env",
        ] {
            assert_eq!(fired(line), dotenv, "{line}");
        }
        // bash's `*` skips hidden entries; a template, or no match at all, is not a read of
        // a secret.
        for line in ["cat *", "cat s*/*", "cat nothing*", "ls .e*"] {
            assert!(fired(line).is_empty(), "{line}: {:?}", fired(line));
        }
        // Too many matches to read one by one: the operand counts as unknown.
        assert_eq!(fired("cat many/*"), ["fetch.computed-file"]);
        assert!(fired("cat many/f1*").is_empty());
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
        use serde_json::json;
        let fires = |server: &str, tool: &str, arguments: serde_json::Value| {
            let mut c = call(ToolKind::Mcp);
            c.mcp = Some(McpCall {
                server: server.into(),
                tool: tool.into(),
                arguments,
            });
            ids(&c)
        };
        let secret = ["fetch.aws-secretsmanager-get-secret-value"];
        let get_secret = "aws secretsmanager get-secret-value --secret-id prod/db";
        assert_eq!(
            fires(
                "aws-api",
                "call_aws",
                json!({"cli_command": format!("aws --region us-east-1 {}", &get_secret[4..])})
            ),
            secret
        );
        assert_eq!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "ssm", "operation_name": "get_parameter",
                    "parameters": {"name": "/prod/pw", "with_decryption": true}, "region": "us-east-1"
                })
            ),
            ["fetch.aws-ssm-get-parameter-decrypted"]
        );
        // PascalCase operation and parameter names (the SDKs' spelling), and the AWS MCP
        // Server's `aws___` tools, too.
        assert_eq!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "secretsmanager", "operation_name": "GetSecretValue",
                    "parameters": {"SecretId": "prod/db"}
                })
            ),
            secret
        );
        assert_eq!(
            fires(
                "aws-mcp",
                "aws___call_aws",
                json!({"cli_command": get_secret})
            ),
            secret
        );
        assert!(
            fires(
                "aws",
                "use_aws",
                json!({
                    "service_name": "secretsmanager", "operation_name": "describe-secret",
                    "parameters": {"secret_id": "x"}
                })
            )
            .is_empty()
        );
    }
}
