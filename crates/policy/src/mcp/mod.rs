//! What an MCP tool call stands for, for both guards: the AWS MCP servers' tools that run
//! AWS operations become the `aws …` command line they run, so that secret-guard's fetch
//! rules and command-guard's rules, action table and environment detection see them as
//! they see the same line in a shell.
//!
//! | tool | stands for |
//! |---|---|
//! | a tool that runs shell commands (`execute_command`, `start_process`, `run_shell_command`…: [`crate::tamper::mcp_shell_arguments`]) | its command argument, as a shell line; opaque when it has none that is a string |
//! | `call_aws` (AWS API MCP Server, AWS MCP Server `aws___call_aws`; also `aws_cli`, `run_aws_cli`) | its `cli_command` (or `command`) argument, as a command line |
//! | `use_aws` (Amazon Q Developer / Kiro CLI, strands) | `aws [--region R] [--profile P] SERVICE OPERATION --PARAM VALUE…` from `service_name`, `operation_name`, `parameters`, `region`, `profile_name` (or `profile`) |
//! | `run_script` of an AWS server (the AWS MCP Server's sandboxed Python) | its `call_boto3` calls ([`run_script`]), one `aws` line each as for `use_aws`, a line per call; a program without any only reads; opaque when a call cannot be seen |
//! | a `call_aws` without a command line | opaque, never allowed |
//! | `suggest_aws_commands`, `search_documentation`, `read_documentation`, `recommend`, `list_regions`, `get_regional_availability`, `retrieve_skill`, `retrieve_agent_sop`, `get_execution_plan`, of an AWS server | reads only: AWS documentation, regions, suggestions; nothing runs |
//!
//! A tool is of an AWS server when its name has the AWS MCP Server's `aws___` prefix
//! (`mcp__aws-mcp__aws___call_aws` in Claude Code) or its server's name contains `aws`;
//! `call_aws` and `use_aws` are recognised on any server. Sources: the AWS API MCP Server's
//! tool definitions (awslabs/mcp `src/aws-api-mcp-server`), the AWS MCP Server's tool list
//! (Agent Toolkit for AWS user guide, "Understanding the MCP Server tools"), Amazon Q
//! Developer CLI's `use_aws` tool schema.
//!
//! `use_aws` names: `service_name` may be the SDK's (`s3`, `config`) or the CLI's
//! (`s3api`, `configservice`); `operation_name` may be kebab (`describe-instances`),
//! snake (`describe_instances`) or PascalCase (`DescribeInstances`): the AWS tables
//! ([`crate::aws`]) give the CLI's spelling, so no acronym is guessed. A parameter key is
//! written as a CLI option (`DryRun`, `dry_run`, `dry-run` → `--dry-run`); a `true` or
//! `""` value is a bare flag, `false` leaves it out, a string is its value and any other
//! JSON value its JSON text.

mod python;
pub mod run_script;
pub mod server_config;

use crate::McpCall;
use crate::fetch::shell_quote;
use serde_json::Value;

/// What an MCP tool call stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// It runs this AWS CLI command line (one per line for a script's calls).
    Command(String),
    /// It is a shell tool, and runs this shell command line.
    Shell(String),
    /// It only reads (documentation, regions, suggested commands): the tool's plain name.
    Read(String),
    /// It runs something hookkit does not analyse (a Python script with boto3): the
    /// tool's plain name.
    Opaque(String),
    /// Nothing hookkit knows.
    Other,
}

/// The tools of AWS servers that only read (space-separated).
const READ_TOOLS: &str = "suggest_aws_commands search_documentation read_documentation recommend \
    list_regions get_regional_availability retrieve_skill retrieve_agent_sop get_execution_plan";

/// The command line of an MCP tool that runs shell commands ([`crate::tamper::mcp_shell_arguments`]:
/// `execute_command`, `start_process`, `run_shell_command`…): its first argument of those
/// names that is a string. `None` for another tool, or when no such argument is a string.
pub fn shell_command(mcp: &McpCall) -> Option<&str> {
    first_string(mcp, crate::tamper::mcp_shell_arguments(&mcp.tool)?)
}

/// The first of the arguments `names` of `mcp` that is a string.
fn first_string<'m>(mcp: &'m McpCall, names: &[&str]) -> Option<&'m str> {
    names
        .iter()
        .find_map(|name| mcp.arguments.get(*name)?.as_str())
}

/// What `mcp` stands for (see the module table).
pub fn meaning(mcp: &McpCall) -> Meaning {
    if let Some(names) = crate::tamper::mcp_shell_arguments(&mcp.tool) {
        return first_string(mcp, names).map_or_else(
            || Meaning::Opaque(mcp.tool.clone()),
            |line| Meaning::Shell(line.to_owned()),
        );
    }
    let (tool, aws_server) = match mcp.tool.strip_prefix("aws___") {
        Some(tool) => (tool, true),
        None => (
            mcp.tool.as_str(),
            mcp.server.to_ascii_lowercase().contains("aws"),
        ),
    };
    let args = &mcp.arguments;
    let line = match tool {
        "call_aws" | "aws_cli" | "run_aws_cli" => args
            .get("cli_command")
            .or_else(|| args.get("command"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        "use_aws" => use_aws(args),
        "run_script" if aws_server => return script(tool, args),
        _ if aws_server && crate::aws::listed(READ_TOOLS, tool) => {
            return Meaning::Read(tool.to_owned());
        }
        _ => return Meaning::Other,
    };
    // A call that runs an AWS operation but gave no line hookkit can read.
    line.map_or_else(|| Meaning::Opaque(tool.to_owned()), Meaning::Command)
}

/// What the `run_script` program in `args` (`code`, or `script`) stands for: its
/// `call_boto3` calls as `aws` lines, one per line; [`Meaning::Read`] without any;
/// [`Meaning::Opaque`] when it cannot be analysed.
fn script(tool: &str, args: &Value) -> Meaning {
    let code = args
        .get("code")
        .or_else(|| args.get("script"))
        .and_then(Value::as_str);
    let Some(Ok(calls)) = code.map(run_script::boto3_calls) else {
        return Meaning::Opaque(tool.to_owned());
    };
    if calls.is_empty() {
        return Meaning::Read(tool.to_owned());
    }
    let lines: Option<Vec<String>> = calls
        .into_iter()
        .map(|c| {
            let mut args = serde_json::json!({
                "service_name": c.service,
                "operation_name": c.operation,
            });
            if let Some(region) = c.region {
                args["region"] = Value::String(region);
            }
            if let Some(params) = c.params {
                args["parameters"] = Value::Object(params);
            }
            use_aws(&args)
        })
        .collect();
    lines.map_or_else(
        || Meaning::Opaque(tool.to_owned()),
        |lines| Meaning::Command(lines.join("\n")),
    )
}

/// The command name of [`tool_line`]; the rules of `rules/commands/mcp.toml` match it.
pub const TOOL_COMMAND: &str = "mcp-tool";

/// The line command-guard judges an MCP tool it knows nothing else about by:
/// `mcp-tool 'SERVER' 'WORD'…`, the tool's name split into lower-case words at `_`, `-`,
/// `.`, spaces and camelCase boundaries (`createPullRequest` → `create pull request`).
/// Every word is quoted, so the line runs nothing and expands nothing.
pub fn tool_line(mcp: &McpCall) -> String {
    let mut line = format!("{TOOL_COMMAND} {}", shell_quote(&mcp.server));
    for word in name_words(&mcp.tool) {
        line.push(' ');
        line.push_str(&shell_quote(&word));
    }
    line
}

/// The lower-case words of a tool name.
fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.' | ' ' | '/' | ':') {
            words.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.extend((!current.is_empty()).then_some(current));
    words
}

/// The command line of a `use_aws` call.
fn use_aws(args: &Value) -> Option<String> {
    let sdk_service = args.get("service_name")?.as_str()?;
    let operation = args.get("operation_name")?.as_str()?;
    let kebab = |s: &str| s.replace('_', "-").to_ascii_lowercase();
    // The CLI's name for the service and the operation: as given when the CLI has it,
    // else through the SDK's service name (`s3` → `s3api`) and the API name.
    let mut service = sdk_service.to_owned();
    let mut op = kebab(operation);
    if crate::aws::operation(&service, &op).is_none() {
        let cli_service = crate::aws::cli_service_of(sdk_service).unwrap_or(sdk_service);
        let api = operation.replace(['_', '-'], "");
        if let Some(cli_op) = crate::aws::operation(cli_service, &op)
            .map(|o| o.cli_name)
            .or_else(|| crate::aws::cli_name_of(cli_service, &api))
        {
            service = cli_service.to_owned();
            op = cli_op.to_owned();
        }
    }
    let mut line = String::from("aws");
    for (option, key) in [
        ("--region", "region"),
        ("--profile", "profile_name"),
        ("--profile", "profile"),
    ] {
        if let Some(value) = args.get(key).and_then(Value::as_str) {
            line.push_str(&format!(" {option} {}", shell_quote(value)));
        }
    }
    line.push_str(&format!(" {} {}", shell_quote(&service), shell_quote(&op)));
    if let Some(Value::Object(params)) = args.get("parameters") {
        for (key, value) in params {
            let flag = shell_quote(&format!("--{}", option_name(key)));
            match value {
                Value::Bool(true) => line.push_str(&format!(" {flag}")),
                Value::String(s) if s.is_empty() => line.push_str(&format!(" {flag}")),
                Value::Bool(false) => {}
                Value::String(s) => line.push_str(&format!(" {flag} {}", shell_quote(s))),
                other => line.push_str(&format!(" {flag} {}", shell_quote(&other.to_string()))),
            }
        }
    }
    Some(line)
}

/// A parameter key as the CLI option it stands for, without the dashes: `DryRun`,
/// `dry_run`, `dry-run`, `--dry-run` → `dry-run`; `DBInstanceIdentifier` →
/// `db-instance-identifier` (a hyphen before an upper-case letter that follows a
/// lower-case letter or digit, or that ends a run of capitals before a lower-case
/// letter). Keys that botocore spells otherwise (`ARNs`) may come out differently; no rule
/// keys on those.
fn option_name(key: &str) -> String {
    let chars: Vec<char> = key.trim_start_matches('-').chars().collect();
    let mut out = String::with_capacity(chars.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if *c == '_' {
            out.push('-');
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        let next = chars.get(i + 1);
        let starts_word = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(server: &str, tool: &str, arguments: Value) -> McpCall {
        McpCall {
            server: server.into(),
            tool: tool.into(),
            arguments,
        }
    }

    fn line(server: &str, tool: &str, arguments: Value) -> String {
        match meaning(&call(server, tool, arguments)) {
            Meaning::Command(line) => line,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn call_aws_is_its_command_line() {
        let cmd = "aws s3 rb s3://prod-data --force --profile prod";
        assert_eq!(
            line("aws-api", "call_aws", json!({"cli_command": cmd})),
            cmd
        );
        assert_eq!(
            line("aws-mcp", "aws___call_aws", json!({"cli_command": cmd})),
            cmd
        );
        assert_eq!(line("x", "aws_cli", json!({"command": cmd})), cmd);
        assert_eq!(
            line("aws-api", "call_aws", json!({})),
            "Opaque(\"call_aws\")"
        );
    }

    #[test]
    fn use_aws_names_are_the_clis() {
        let args = |service: &str, op: &str| json!({"service_name": service, "operation_name": op, "parameters": {}, "region": "us-east-1"});
        for (service, op, want) in [
            (
                "rds",
                "delete-db-instance",
                "aws --region 'us-east-1' 'rds' 'delete-db-instance'",
            ),
            (
                "rds",
                "delete_db_instance",
                "aws --region 'us-east-1' 'rds' 'delete-db-instance'",
            ),
            (
                "rds",
                "DeleteDBInstance",
                "aws --region 'us-east-1' 'rds' 'delete-db-instance'",
            ),
            (
                "s3",
                "list_objects_v2",
                "aws --region 'us-east-1' 's3api' 'list-objects-v2'",
            ),
            (
                "s3",
                "DeleteBucket",
                "aws --region 'us-east-1' 's3api' 'delete-bucket'",
            ),
            ("s3", "ls", "aws --region 'us-east-1' 's3' 'ls'"),
            (
                "config",
                "DescribeConfigRules",
                "aws --region 'us-east-1' 'configservice' 'describe-config-rules'",
            ),
            (
                "nosuch",
                "DoThing",
                "aws --region 'us-east-1' 'nosuch' 'dothing'",
            ),
        ] {
            assert_eq!(
                line("aws", "use_aws", args(service, op)),
                want,
                "{service} {op}"
            );
        }
    }

    #[test]
    fn use_aws_parameters_and_profile() {
        let got = line(
            "aws",
            "use_aws",
            json!({
                "service_name": "ec2", "operation_name": "terminate_instances",
                "parameters": {"InstanceIds": ["i-1"], "DryRun": true, "force": false, "no-reboot": ""},
                "region": "eu-west-1", "profile_name": "prod", "label": "Terminate"
            }),
        );
        assert_eq!(
            got,
            "aws --region 'eu-west-1' --profile 'prod' 'ec2' 'terminate-instances' '--dry-run' '--instance-ids' '[\"i-1\"]' '--no-reboot'"
        );
        assert_eq!(option_name("--dry-run"), "dry-run");
        assert_eq!(option_name("dry_run"), "dry-run");
        assert_eq!(
            option_name("DBInstanceIdentifier"),
            "db-instance-identifier"
        );
        assert_eq!(option_name("InstanceIds"), "instance-ids");
    }

    #[test]
    fn aws_read_tools_only_on_aws_servers() {
        let read = |server: &str, tool: &str| meaning(&call(server, tool, json!({"query": "x"})));
        assert_eq!(
            read("aws-api", "suggest_aws_commands"),
            Meaning::Read("suggest_aws_commands".into())
        );
        assert_eq!(
            read("anything", "aws___search_documentation"),
            Meaning::Read("search_documentation".into())
        );
        assert_eq!(
            read("awslabs.aws-documentation-mcp-server", "read_documentation"),
            Meaning::Read("read_documentation".into())
        );
        assert_eq!(read("github", "search_documentation"), Meaning::Other);
        assert_eq!(
            read("aws-mcp", "aws___run_script"),
            Meaning::Opaque("run_script".into())
        );
        let script = |code: &str| {
            meaning(&call(
                "aws-mcp",
                "aws___run_script",
                json!({ "code": code }),
            ))
        };
        assert_eq!(script("print(1)"), Meaning::Read("run_script".into()));
        assert_eq!(
            script("call_boto3(service_name='s3', operation_name='DeleteBucket', params={'Bucket': 'prod-data'})\ncall_boto3(service_name='ec2', operation_name='DescribeInstances', region_name='us-east-1')"),
            Meaning::Command("aws 's3api' 'delete-bucket' '--bucket' 'prod-data'\naws --region 'us-east-1' 'ec2' 'describe-instances'".into())
        );
        assert_eq!(script("exec(x)"), Meaning::Opaque("run_script".into()));
        assert_eq!(read("github", "run_script"), Meaning::Other);
        assert_eq!(
            read("aws-api", "call_aws"),
            Meaning::Opaque("call_aws".into())
        );
        assert_eq!(read("github", "delete_repository"), Meaning::Other);
    }

    #[test]
    fn other_tools_are_read_by_the_words_of_their_names() {
        let line = |server: &str, tool: &str| tool_line(&call(server, tool, json!({})));
        assert_eq!(
            line("github", "create_pull_request"),
            "mcp-tool 'github' 'create' 'pull' 'request'"
        );
        assert_eq!(
            line("my server", "deleteRepository"),
            "mcp-tool 'my server' 'delete' 'repository'"
        );
        assert_eq!(
            line("x", "browser_take-Screenshot.v2"),
            "mcp-tool 'x' 'browser' 'take' 'screenshot' 'v2'"
        );
        assert_eq!(line("x", "$(rm -rf ~)"), "mcp-tool 'x' '$(rm' 'rf' '~)'");
    }
}
