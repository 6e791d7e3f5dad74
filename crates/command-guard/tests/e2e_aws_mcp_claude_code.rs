//! End to end, graduated autonomy through the AWS MCP Server: the real Claude Code CLI
//! (`@anthropic-ai/claude-code` from the npm registry, `hookkit_testkit::install_claude_code`)
//! with the GENERATED `plugins/agent-guardrails` bundle (both guards, registered for
//! `mcp__.*`), a stand-in for the AWS MCP Server loaded with `--mcp-config`
//! ([`FakeAwsMcp`]: the AWS MCP Server's tool names; it runs nothing and logs every call
//! that reaches it), and a scripted model on 127.0.0.1 that calls, in one session:
//!
//! 0. `aws___call_aws` `aws s3 rb s3://prod-data --force --profile prod` → denied; it
//!    never reaches the server;
//! 1. `aws___call_aws` `aws ec2 describe-instances --profile prod` → runs;
//! 2. `aws___run_script` deleting a bucket through `call_boto3` → asked for, which `-p`
//!    mode blocks (no one to ask); it never reaches the server;
//! 3. `aws___run_script` deleting a database without a final snapshot → denied;
//! 4. `aws___run_script` hiding its operation in a variable → opaque, blocked;
//! 5. `aws___search_documentation` → runs.
//!
//! The AWS calls are data: the stand-in server runs nothing, and the host's `HOME` and
//! working directory are fresh temporary directories. `HOOKKIT_SKIP_E2E=1` skips this
//! test with a notice (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::PathBuf;

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, FakeAwsMcp, Guardrails, Turn, install_claude_code, skip_e2e,
};
use serde_json::json;

fn call(tool: &str, input: serde_json::Value) -> Turn {
    Turn::ToolUse {
        name: FakeAwsMcp::tool(tool),
        input,
    }
}

#[test]
fn the_aws_mcp_server_gets_the_same_graduated_autonomy_as_the_shell() {
    if skip_e2e("the_aws_mcp_server_gets_the_same_graduated_autonomy_as_the_shell") {
        return;
    }
    let guarded = Guardrails::new().unwrap();
    let claude: PathBuf = install_claude_code().unwrap();
    let aws = FakeAwsMcp::new().unwrap();
    let tools = [
        "aws___call_aws",
        "aws___run_script",
        "aws___search_documentation",
    ]
    .map(FakeAwsMcp::tool)
    .join(",");
    let server = FakeAnthropic::start(vec![
        call(
            "aws___call_aws",
            json!({"cli_command": "aws s3 rb s3://prod-data --force --profile prod"}),
        ),
        call(
            "aws___call_aws",
            json!({"cli_command": "aws ec2 describe-instances --profile prod"}),
        ),
        call(
            "aws___run_script",
            json!({"code": "await call_boto3(service_name='s3', operation_name='DeleteBucket', params={'Bucket': 'prod-data'})"}),
        ),
        call(
            "aws___run_script",
            json!({"code": "await call_boto3(service_name='rds', operation_name='DeleteDBInstance', params={'DBInstanceIdentifier': 'orders', 'SkipFinalSnapshot': True})"}),
        ),
        call(
            "aws___run_script",
            json!({"code": "op = 'Delete' + 'Bucket'\nawait call_boto3(service_name='s3', operation_name=op, params={'Bucket': 'logs'})"}),
        ),
        call(
            "aws___search_documentation",
            json!({"search_phrase": "S3 bucket versioning"}),
        ),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = ClaudeSession::new(&claude, server.base_url())
        .unwrap()
        .plugin_dir(guarded.bundle())
        .mcp_config(aws.config())
        .allowed_tools(tools)
        .env("PATH", guarded.path())
        .env("AWS_PROFILE", "")
        .env("AWS_DEFAULT_PROFILE", "");
    assert!(session.home().starts_with(std::env::temp_dir()));

    let output = session.run("Run the scripted steps.").unwrap();
    output.success().unwrap();
    assert_eq!(server.turns_served(), 7, "stdout: {}", output.stdout);

    let result = |turn: usize| {
        server
            .tool_result_for(turn)
            .unwrap_or_else(|| panic!("no tool_result for call {turn}: {}", output.stdout))
    };
    // 0. A forced bucket removal in production: denied by rule, never sent.
    let rb = result(0);
    assert!(rb.is_error, "{rb:?}");
    assert!(rb.content.contains("hookkit"), "{rb:?}");
    // 1. A read in production runs, and its answer comes from the server.
    let describe = result(1);
    assert!(!describe.is_error, "{describe:?}");
    assert!(
        describe.content.contains("fake-aws-mcp ran aws___call_aws"),
        "{describe:?}"
    );
    // 2–4. The scripts: a delete asked for, an irreversible delete denied, an opaque
    // program refused; none is sent.
    for turn in 2..=4 {
        let script = result(turn);
        assert!(script.is_error, "call {turn}: {script:?}");
    }
    assert!(result(3).content.contains("snapshot"), "{:?}", result(3));
    // 5. Documentation runs.
    let docs = result(5);
    assert!(!docs.is_error, "{docs:?}");

    let reached: Vec<String> = aws
        .calls()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        reached,
        ["aws___call_aws", "aws___search_documentation"],
        "calls that reached the server"
    );
    assert_eq!(
        aws.calls().unwrap()[0]["arguments"]["cli_command"],
        "aws ec2 describe-instances --profile prod"
    );
}
