//! MCP tools that run shell commands are no way around the guards (hostile review T1):
//! their command argument is analysed as the shell's by both; what an MCP tool runs that
//! hookkit cannot analyse is asked for by both.
//!
//! Every command here is data, handed to the guards as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod support;

use hookkit_policy::secret_guard::SecretGuard;
use hookkit_policy::{Config, ToolCall, Verdict};
use support::mcp;

fn verdicts(call: &ToolCall) -> (Verdict, Verdict) {
    let config = Config::default();
    let command = hookkit_policy::command::guard_call(call, &config).unwrap();
    let secret = SecretGuard::builtin()
        .unwrap()
        .decide(call, &config)
        .unwrap();
    (command.verdict, secret.verdict)
}

#[test]
fn an_mcp_shell_runs_through_both_guards() {
    let tools = [
        ("x", "execute_command", "command"),
        ("commands", "run_command", "command"),
        ("desktop-commander", "start_process", "command"),
        ("term", "run_shell_command", "command"),
        ("sh", "shell", "cmd"),
    ];
    for (server, tool, argument) in tools {
        for line in ["rm -rf ~", "git push --force origin main"] {
            let call = mcp(server, tool, serde_json::json!({ argument: line }));
            assert_eq!(verdicts(&call).0, Verdict::Deny, "{tool}: {line}");
        }
        let call = mcp(server, tool, serde_json::json!({ argument: "cat .env" }));
        assert_eq!(verdicts(&call).1, Verdict::Deny, "{tool}: cat .env");
        let call = mcp(server, tool, serde_json::json!({ argument: "ls -la" }));
        assert_eq!(
            verdicts(&call),
            (Verdict::Allow, Verdict::Allow),
            "{tool}: ls"
        );
    }
    // A tool that does not run commands keeps its arguments as data.
    let call = mcp(
        "notes",
        "add_note",
        serde_json::json!({"command": "rm -rf ~"}),
    );
    assert_eq!(verdicts(&call).0, Verdict::Allow);
}

#[test]
fn what_an_mcp_tool_runs_unanalysed_is_never_allowed() {
    // The AWS MCP Server's Python runner: boto3 can delete a bucket or print a secret.
    let script = "import boto3\nboto3.client('s3').delete_bucket(Bucket='prod-data')";
    for (server, tool) in [("aws-mcp", "aws___run_script"), ("aws-api", "run_script")] {
        let call = mcp(server, tool, serde_json::json!({ "script": script }));
        assert_eq!(verdicts(&call), (Verdict::Ask, Verdict::Ask), "{tool}");
    }
    // A shell tool whose command is not a string, and a call_aws without a command line.
    let call = mcp(
        "x",
        "execute_command",
        serde_json::json!({"command": ["rm", "-rf", "~"]}),
    );
    assert_eq!(verdicts(&call), (Verdict::Ask, Verdict::Ask));
    let call = mcp(
        "aws-api",
        "call_aws",
        serde_json::json!({"cli": "aws s3 rb s3://x"}),
    );
    assert_eq!(verdicts(&call), (Verdict::Ask, Verdict::Ask));
    // A program whose calls can be seen is judged by them: a secret read is refused by
    // secret-guard, a listing runs.
    let read_secret = "s = await call_boto3(service_name='secretsmanager', operation_name='GetSecretValue', params={'SecretId': 'prod/db'})\nprint(s['SecretString'])";
    let call = mcp(
        "aws-mcp",
        "aws___run_script",
        serde_json::json!({ "code": read_secret }),
    );
    assert_eq!(verdicts(&call).1, Verdict::Deny);
    let list = "print(await call_boto3(service_name='s3', operation_name='ListBuckets'))";
    let call = mcp(
        "aws-mcp",
        "aws___run_script",
        serde_json::json!({ "code": list }),
    );
    assert_eq!(verdicts(&call), (Verdict::Allow, Verdict::Allow));
    // A run_script of a server that is not AWS's is another server's tool.
    let call = mcp(
        "notebook",
        "run_script",
        serde_json::json!({ "script": "x" }),
    );
    assert_eq!(verdicts(&call), (Verdict::Allow, Verdict::Allow));
}

#[test]
fn other_mcp_tools_get_the_class_their_names_say() {
    let verdict = |server: &str, tool: &str, profile: &str| {
        let config = Config {
            profile: profile.to_owned(),
            ..Config::default()
        };
        let call = mcp(server, tool, serde_json::json!({}));
        hookkit_policy::command::guard_call(&call, &config)
            .unwrap()
            .verdict
    };
    for (tool, reversible, read_only) in [
        ("list_issues", Verdict::Allow, Verdict::Allow),
        ("getFileContents", Verdict::Allow, Verdict::Allow),
        ("create_pull_request", Verdict::Allow, Verdict::Deny),
        ("merge_pull_request", Verdict::Allow, Verdict::Deny),
        ("delete_repository", Verdict::Ask, Verdict::Deny),
        ("pod_delete", Verdict::Ask, Verdict::Deny),
        ("truncate_table", Verdict::Deny, Verdict::Deny),
        // No verb hookkit knows: the profile's `unclassified` column.
        ("echo", Verdict::Allow, Verdict::Ask),
    ] {
        assert_eq!(verdict("github", tool, "reversible"), reversible, "{tool}");
        assert_eq!(verdict("github", tool, "read-only"), read_only, "{tool}");
    }
}

#[test]
fn a_person_classifies_a_servers_tools_a_project_file_only_raises() {
    let dir = tempfile::tempdir().unwrap();
    let person = dir.path().join("person.toml");
    std::fs::write(
        &person,
        "[mcp.servers.github.tools]\ndelete_repository = \"irreversible\"\n\"list_*\" = \"read\"\n",
    )
    .unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join(".hookkit.toml"),
        "[mcp.servers.github.tools]\nlist_secrets = \"delete\"\ndelete_file = \"read\"\n\n[mcp.servers.github.annotations.merge_pull_request]\nreadOnlyHint = false\n",
    )
    .unwrap();
    let config = Config::load(&hookkit_policy::ConfigSources {
        user: None,
        project: Some(project.join(".hookkit.toml")),
        explicit: Some(person),
        trust: None,
    })
    .unwrap();
    let verdict = |tool: &str| {
        let mut call = mcp("github", tool, serde_json::json!({}));
        call.cwd = Some(project.clone());
        hookkit_policy::command::guard_call(&call, &config)
            .unwrap()
            .verdict
    };
    // The person's classes replace what the names say.
    assert_eq!(verdict("delete_repository"), Verdict::Deny);
    assert_eq!(verdict("list_issues"), Verdict::Allow);
    // The project file's classes are minimums: list_secrets is raised to a delete; the
    // delete_file it calls a read stays a delete; merge's annotations make it a delete.
    assert_eq!(verdict("list_secrets"), Verdict::Ask);
    assert_eq!(verdict("delete_file"), Verdict::Ask);
    assert_eq!(verdict("merge_pull_request"), Verdict::Ask);
}
