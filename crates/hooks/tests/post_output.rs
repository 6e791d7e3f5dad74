//! After a tool ran: an output of any size up to `max_output_bytes` reaches the guard whole
//! (the 4 MiB input limit is for tool inputs), a larger one is refused, and every failure of
//! hookkit's own withholds the output where the host can replace it (Claude Code
//! `updatedToolOutput`; Codex, Gemini CLI, Copilot CLI, Qwen Code and hookkit's opencode
//! plugin replace it with the reason; Factory droid stops the run before it reaches the
//! model).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_hooks::withhold::NOTICE;
use hookkit_hooks::{RunSettings, read_bounded, run};
use hookkit_policy::{Decision, Host, ToolCall, Verdict};
use serde_json::{Value, json};
use std::path::Path;

/// A marker that stands for an output's content: it must never be in a withholding answer.
const MARKER: &str = "output-content-marker";

/// Small limits, so that the payloads stay small: 1 KiB before a tool runs, 64 KiB after.
fn settings() -> RunSettings {
    RunSettings {
        max_input_bytes: 1024,
        max_output_bytes: 64 * 1024,
        ..RunSettings::default()
    }
}

fn fixture(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `host`'s post-tool shell payload whose output is `size` bytes of log lines ending in
/// [`MARKER`].
fn post_payload(host: Host, size: usize) -> Vec<u8> {
    let line = "2026-11-21 INFO request ok path=/x took=3ms\n";
    let mut output = line.repeat(size / line.len());
    output.push_str(MARKER);
    let (file, pointer) = match host {
        Host::ClaudeCode => ("claude-code/PostToolUse-Bash.json", "/tool_response/stdout"),
        Host::Codex => ("codex/PostToolUse-Bash.json", "/tool_response"),
        Host::GeminiCli => (
            "gemini-cli/AfterTool-run_shell_command.json",
            "/tool_response/llmContent",
        ),
        Host::CopilotCli => (
            "copilot-cli/postToolUse-bash.json",
            "/toolResult/textResultForLlm",
        ),
        Host::Cursor => ("cursor/afterShellExecution.json", "/output"),
        Host::QwenCode => (
            "qwen-code/PostToolUse-run_shell_command.json",
            "/tool_response/llmContent",
        ),
        Host::Opencode => ("opencode/tool.execute.after-bash.json", "/output/output"),
        Host::Kilo => ("kilo/tool.execute.after-bash.json", "/output/output"),
        Host::FactoryDroid => ("factory-droid/PostToolUse-Execute.json", "/tool_response"),
    };
    let mut value = fixture(file);
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{file} has no {pointer}")) = json!(output);
    serde_json::to_vec(&value).unwrap()
}

/// A guard, as `run` takes it.
type Guard = fn(&ToolCall) -> Result<Decision, hookkit_hooks::GuardError>;

fn stdout_json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[test]
fn an_output_over_the_input_limit_reaches_the_guard_whole() {
    for host in Host::ALL {
        let payload = post_payload(host, 48 * 1024);
        assert!(payload.len() > settings().max_input_bytes);
        let mut seen = None;
        let out = run(Some(host), &payload, &settings(), |call: &ToolCall| {
            seen = call.output.clone();
            Ok(Decision::allow())
        });
        let output = seen.unwrap_or_else(|| panic!("{host}: the guard never ran: {out:?}"));
        assert!(output.len() > 48 * 1000, "{host}: {}", output.len());
        assert!(output.ends_with(MARKER), "{host}");
        assert_eq!(out.exit_code, 0, "{host}: {out:?}");
    }
}

#[test]
fn an_output_over_the_input_limit_reaches_the_guard_with_its_host_detected() {
    // Kilo CLI sends what opencode sends: only `--host kilo` tells it apart.
    for host in Host::ALL.into_iter().filter(|h| *h != Host::Kilo) {
        let payload = post_payload(host, 48 * 1024);
        let mut seen = None;
        let out = run(None, &payload, &settings(), |call: &ToolCall| {
            seen = Some((call.host, call.output.clone()));
            Ok(Decision::allow())
        });
        let (detected, output) =
            seen.unwrap_or_else(|| panic!("{host}: the guard never ran: {out:?}"));
        assert_eq!(detected, host);
        assert!(output.is_some_and(|o| o.ends_with(MARKER)), "{host}");
    }
}

#[test]
fn an_input_over_the_input_limit_is_still_refused_in_its_events_format() {
    let mut value = fixture("claude-code/PreToolUse-Bash.json");
    value["tool_input"]["command"] = json!(format!("echo {}", "a".repeat(4096)));
    let payload = serde_json::to_vec(&value).unwrap();
    let out = run(Some(Host::ClaudeCode), &payload, &settings(), |_| {
        panic!("the guard ran on an oversize input")
    });
    let value = stdout_json(&out.stdout);
    let specific = &value["hookSpecificOutput"];
    assert_eq!(specific["permissionDecision"], "deny", "{value}");
    assert!(
        specific["permissionDecisionReason"]
            .as_str()
            .unwrap()
            .contains("over the 1024-byte limit"),
        "{value}"
    );
}

#[test]
fn an_output_over_the_hard_cap_is_withheld_where_the_host_can() {
    for host in Host::ALL {
        // What a hook reads of it: one byte past the cap.
        let payload = post_payload(host, 256 * 1024);
        let input = read_bounded(&payload[..], settings().read_limit()).unwrap();
        assert_eq!(input.len(), settings().max_output_bytes + 1);
        let out = run(Some(host), &input, &settings(), |_| {
            panic!("the guard ran on an oversize output")
        });
        let at = format!("{host}: {out:?}");
        assert!(
            !out.stdout.contains(MARKER) && !out.stderr.contains(MARKER),
            "{at}"
        );
        let reason = match host {
            Host::ClaudeCode => {
                let value = stdout_json(&out.stdout);
                let specific = &value["hookSpecificOutput"];
                assert_eq!(specific["updatedToolOutput"]["stdout"], NOTICE, "{at}");
                specific["additionalContext"].clone()
            }
            Host::Codex | Host::CopilotCli => {
                let value = stdout_json(&out.stdout);
                assert_eq!(value["decision"], "block", "{at}");
                value["reason"].clone()
            }
            Host::GeminiCli | Host::Opencode | Host::Kilo => {
                let value = stdout_json(&out.stdout);
                assert_eq!(value["decision"], "deny", "{at}");
                value["reason"].clone()
            }
            Host::QwenCode | Host::FactoryDroid => {
                let value = stdout_json(&out.stdout);
                assert_eq!(value["continue"], false, "{at}");
                value["stopReason"].clone()
            }
            // Cursor cannot withhold an output: it is told not to use it.
            Host::Cursor => stdout_json(&out.stdout)["additional_context"].clone(),
        };
        let reason = reason.as_str().unwrap_or_default();
        assert!(reason.contains("over the 65536-byte limit"), "{at}");
        assert!(reason.contains("hookkit's own failure"), "{at}");
    }
}

#[test]
fn a_guard_failure_after_a_tool_ran_withholds_the_output_on_claude_code() {
    let bash = post_payload(Host::ClaudeCode, 2048);
    let mut mcp = fixture("claude-code/PostToolUse-mcp__fake__echo.json");
    mcp["tool_response"] = json!([{ "type": "text", "text": MARKER }]);
    let mcp = serde_json::to_vec(&mcp).unwrap();
    let failing: [Guard; 2] = [
        |_| Err("rules did not load".into()),
        |_| panic!("guard bug"),
    ];
    for guard in failing {
        for (payload, field) in [(&bash, "updatedToolOutput"), (&mcp, "updatedMCPToolOutput")] {
            for on_error in [Verdict::Deny, Verdict::Ask] {
                hookkit_hooks::install_quiet_panic_hook();
                let settings = RunSettings {
                    on_error,
                    ..settings()
                };
                let out = run(Some(Host::ClaudeCode), payload, &settings, guard);
                let value = stdout_json(&out.stdout);
                let specific = &value["hookSpecificOutput"];
                assert!(!out.stdout.contains(MARKER), "{value}");
                assert!(specific[field].to_string().contains(NOTICE), "{value}");
                assert!(
                    specific["additionalContext"]
                        .as_str()
                        .unwrap()
                        .contains("hookkit's own failure"),
                    "{value}"
                );
            }
        }
    }
    // on_error = allow really allows: nothing is replaced.
    let settings = RunSettings {
        on_error: Verdict::Allow,
        ..settings()
    };
    let out = run(Some(Host::ClaudeCode), &bash, &settings, |_| {
        Err("rules did not load".into())
    });
    assert_eq!(out.stdout, "");
}
