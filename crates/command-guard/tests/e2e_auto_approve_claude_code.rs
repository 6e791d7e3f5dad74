//! End to end, auto-approval: the real Claude Code CLI (`@anthropic-ai/claude-code` from the
//! npm registry) with the GENERATED `plugins/agent-guardrails` bundle (both guards), a
//! stand-in AWS MCP server ([`FakeAwsMcp`], which runs nothing and logs what reaches it),
//! `auto_approve = true` in the configuration `$HOOKKIT_CONFIG` names, and NO tool in
//! `--allowedTools`: in `-p` mode a call the person has not allowed is refused, unless a
//! hook approves it. The scripted model calls, in one session:
//!
//! 0. `aws___call_aws` `aws ec2 describe-instances --profile prod` (a read) → approved,
//!    it runs;
//! 1. `aws___call_aws` `aws ec2 create-tags …` (allowed by the profile, but not a read) →
//!    not approved: Claude Code's own permission refuses it;
//! 2. `Bash` `ls`, which the person's `permissions.deny` names (`Bash(ls:*)`) → still
//!    refused: a hook's allow does not override the person's deny rules;
//! 3. `Bash` `cat notes.txt` → approved, it runs;
//! 4. `Bash` `cat .env` → command-guard approves a read, secret-guard denies the secret
//!    fetch: the deny wins and the fake secret never reaches the model.
//!
//! A second session without `auto_approve` shows the read was run by the approval: the
//! same `describe-instances` is refused.
//!
//! Everything runs with a scratch `HOME` and working directory; the AWS calls are data
//! for a server that runs nothing. `HOOKKIT_SKIP_E2E=1` skips this test (never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::PathBuf;

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, FakeAwsMcp, Guardrails, Turn, install_claude_code, skip_e2e,
};
use serde_json::json;

/// The fake secret's two halves: `.env` joins them; no source line holds the value.
const SECRET_HEAD: &str = "ghp_FAKE1111";
const SECRET_TAIL: &str = "cD4eF6gH8jK0mN2pQ4rS6tU8vW0x";

struct Setup {
    claude: PathBuf,
    guarded: Guardrails,
    aws: FakeAwsMcp,
}

fn setup() -> Setup {
    Setup {
        claude: install_claude_code().unwrap(),
        guarded: Guardrails::new().unwrap(),
        aws: FakeAwsMcp::new().unwrap(),
    }
}

/// A session whose hooks read `config` (written into its scratch home), allowing no tool
/// itself.
fn new_session(setup: &Setup, base_url: &str, config: &str) -> ClaudeSession {
    let session = ClaudeSession::new(&setup.claude, base_url)
        .unwrap()
        .plugin_dir(setup.guarded.bundle())
        .mcp_config(setup.aws.config())
        .allowed_tools("NotebookRead")
        .env("PATH", setup.guarded.path())
        .env("AWS_PROFILE", "")
        .env("AWS_DEFAULT_PROFILE", "");
    let file = session.home().join("hookkit.toml");
    std::fs::write(&file, config).unwrap();
    session.env("HOOKKIT_CONFIG", file)
}

fn aws(tool: &str, input: serde_json::Value) -> Turn {
    Turn::ToolUse {
        name: FakeAwsMcp::tool(tool),
        input,
    }
}

const DESCRIBE: &str = "aws ec2 describe-instances --profile prod";

#[test]
fn auto_approve_runs_reads_without_a_prompt_and_never_overrides_a_deny() {
    if skip_e2e("auto_approve_runs_reads_without_a_prompt_and_never_overrides_a_deny") {
        return;
    }
    let setup = setup();
    let secret = format!("{SECRET_HEAD}{SECRET_TAIL}");
    let server = FakeAnthropic::start(vec![
        aws("aws___call_aws", json!({ "cli_command": DESCRIBE })),
        aws(
            "aws___call_aws",
            json!({"cli_command": "aws ec2 create-tags --resources i-0abc --tags Key=team,Value=a"}),
        ),
        Turn::bash("ls"),
        Turn::bash("cat notes.txt"),
        Turn::bash("cat .env"),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = new_session(&setup, &server.base_url(), "auto_approve = true\n");
    let cwd = session.cwd().to_path_buf();
    std::fs::write(cwd.join(".env"), format!("GITHUB_TOKEN={secret}\n")).unwrap();
    std::fs::write(cwd.join("notes.txt"), "hello\n").unwrap();
    std::fs::create_dir_all(cwd.join(".claude")).unwrap();
    std::fs::write(
        cwd.join(".claude/settings.json"),
        json!({"permissions": {"deny": ["Bash(ls:*)"]}}).to_string(),
    )
    .unwrap();

    let output = session.run("Run the scripted steps.").unwrap();
    output.success().unwrap();
    assert_eq!(server.turns_served(), 6, "stdout: {}", output.stdout);
    let result = |turn: usize| {
        server
            .tool_result_for(turn)
            .unwrap_or_else(|| panic!("no tool_result for call {turn}: {}", output.stdout))
    };

    let describe = result(0);
    assert!(!describe.is_error, "{describe:?}");
    assert!(
        describe.content.contains("fake-aws-mcp ran"),
        "{describe:?}"
    );
    let tags = result(1);
    assert!(tags.is_error, "a write was approved: {tags:?}");
    let ls = result(2);
    assert!(ls.is_error, "the person's deny rule was overridden: {ls:?}");
    assert!(!ls.content.contains("notes.txt"), "{ls:?}");
    let cat = result(3);
    assert!(!cat.is_error, "{cat:?}");
    assert!(cat.content.contains("hello"), "{cat:?}");
    let env = result(4);
    assert!(env.is_error, "{env:?}");
    assert!(env.content.contains("fetch.dotenv-file"), "{env:?}");
    let reached: Vec<String> = setup
        .aws
        .calls()
        .unwrap()
        .iter()
        .map(|c| {
            c["arguments"]["cli_command"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(reached, [DESCRIBE], "calls that reached the server");
    for request in server.model_requests() {
        let body = request.body.map(|b| b.to_string()).unwrap_or_default();
        assert!(!body.contains(&secret), "the fake secret reached the model");
    }

    // Without auto_approve, the same read waits for a person, which -p mode refuses.
    let server = FakeAnthropic::start(vec![
        aws("aws___call_aws", json!({ "cli_command": DESCRIBE })),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = new_session(&setup, &server.base_url(), "auto_approve = false\n");
    let output = session.run("Run the scripted steps.").unwrap();
    output.success().unwrap();
    let describe = server.tool_result_for(0).expect("no tool_result");
    assert!(describe.is_error, "{describe:?}");
    assert_eq!(setup.aws.calls().unwrap().len(), 1);
}
