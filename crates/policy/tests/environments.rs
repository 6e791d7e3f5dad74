//! A line is judged by its most critical command: a hit of a rule in a harmless
//! environment never hides a hit of the same rule in production (before, the first hit of
//! each rule stood for all of them, so a dev delete put first turned a production delete
//! from deny into ask).
//!
//! Every command here is data, handed to command-guard as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod support;

use hookkit_policy::{Config, Verdict};

fn verdict(line: &str, profile: &str) -> Verdict {
    let call = support::bash(line);
    let config = Config {
        profile: profile.to_owned(),
        ..Config::default()
    };
    hookkit_policy::command::guard_call(&call, &config)
        .unwrap()
        .verdict
}

#[test]
fn a_harmless_hit_never_hides_a_production_one() {
    for (dev, prod) in [
        (
            "aws s3 rb s3://scratch --profile dev",
            "aws s3 rb s3://orders --profile prod",
        ),
        (
            "kubectl --context dev delete namespace a",
            "kubectl --context prod delete namespace b",
        ),
    ] {
        assert_eq!(verdict(prod, "reversible"), Verdict::Deny, "{prod}");
        assert!(
            verdict(dev, "autonomous") < verdict(prod, "autonomous"),
            "{dev}"
        );
        for profile in ["reversible", "autonomous"] {
            let want = verdict(prod, profile);
            for line in [format!("{dev}; {prod}"), format!("{prod}; {dev}")] {
                assert_eq!(verdict(&line, profile), want, "{profile}: {line}");
            }
        }
    }
}

#[test]
fn an_aws_mcp_server_runs_a_call_without_profile_under_its_own() {
    let project = tempfile::tempdir().unwrap();
    let call_aws = |line: &str| {
        let mut call = support::mcp(
            "aws-api",
            "call_aws",
            serde_json::json!({ "cli_command": line }),
        );
        call.cwd = Some(project.path().to_path_buf());
        hookkit_policy::command::guard_call(&call, &Config::default())
            .unwrap()
            .verdict
    };
    let delete = "aws s3 rb s3://orders";
    assert_eq!(call_aws(delete), Verdict::Ask);
    // The project's .mcp.json starts the server with a production profile.
    std::fs::write(
        project.path().join(".mcp.json"),
        r#"{"mcpServers": {"aws-api": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server"], "env": {"AWS_API_MCP_PROFILE_NAME": "prod"}}}}"#,
    )
    .unwrap();
    assert_eq!(call_aws(delete), Verdict::Deny);
    // A profile named in the call is the one it runs under; a read stays a read.
    assert_eq!(
        call_aws("aws s3 rb s3://orders --profile dev"),
        Verdict::Ask
    );
    assert_eq!(call_aws("aws s3 ls"), Verdict::Allow);
    // What the file says never loosens: a development profile leaves a production call
    // denied.
    std::fs::write(
        project.path().join(".mcp.json"),
        r#"{"mcpServers": {"aws-api": {"env": {"AWS_PROFILE": "dev"}}}}"#,
    )
    .unwrap();
    assert_eq!(
        call_aws("aws s3 rb s3://orders --profile prod"),
        Verdict::Deny
    );
}
