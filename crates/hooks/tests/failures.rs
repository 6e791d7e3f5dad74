//! Failure is never silent: for each host, malformed JSON, invalid UTF-8, an unknown
//! event, an oversize payload, a guard error and a guard panic each become the
//! `on_error` decision, rendered in the host's blocking form, with a reason that names
//! hookkit's own failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_hooks::{Rendered, RunSettings, check, install_quiet_panic_hook, run, withhold};
use hookkit_policy::{Decision, Host, ToolCall, Verdict};
use serde_json::{Value, json};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    MalformedJson,
    InvalidUtf8,
    UnknownEvent,
    Oversize,
    GuardError,
    GuardPanic,
}

const FAILURES: [Failure; 6] = [
    Failure::MalformedJson,
    Failure::InvalidUtf8,
    Failure::UnknownEvent,
    Failure::Oversize,
    Failure::GuardError,
    Failure::GuardPanic,
];

/// A captured (or, for Cursor, documented) pre-tool shell payload of `host`.
fn pre_payload(host: Host) -> Vec<u8> {
    let file = match host {
        Host::ClaudeCode | Host::Codex => "PreToolUse-Bash.json",
        Host::QwenCode => "PreToolUse-run_shell_command.json",
        Host::FactoryDroid => "PreToolUse-Execute.json",
        Host::GeminiCli => "BeforeTool-run_shell_command.json",
        Host::CopilotCli => "preToolUse-bash.json",
        Host::Cursor => "beforeShellExecution.json",
        Host::Opencode | Host::Kilo => "tool.execute.before-bash.json",
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(host.as_str())
        .join(file);
    std::fs::read(path).unwrap()
}

/// The pre-tool payload with its event renamed to one hookkit does not handle.
fn unknown_event_payload(host: Host) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(&pre_payload(host)).unwrap();
    // Copilot's camelCase payloads carry no event; an explicit unknown name is the only
    // way to send one.
    value["hook_event_name"] = json!("SessionStart");
    serde_json::to_vec(&value).unwrap()
}

fn guard_ok(_: &ToolCall) -> Result<Decision, hookkit_hooks::GuardError> {
    Ok(Decision::allow())
}

fn answer(host: Host, failure: Failure, settings: &RunSettings) -> Rendered {
    match failure {
        Failure::MalformedJson => run(Some(host), br#"{"hook_event_name": "#, settings, guard_ok),
        Failure::InvalidUtf8 => run(Some(host), b"{\"a\": \"\xff\xfe\"}", settings, guard_ok),
        Failure::UnknownEvent => run(Some(host), &unknown_event_payload(host), settings, guard_ok),
        Failure::Oversize => {
            let small = RunSettings {
                max_input_bytes: 64,
                ..*settings
            };
            run(Some(host), &pre_payload(host), &small, guard_ok)
        }
        Failure::GuardError => run(Some(host), &pre_payload(host), settings, |_| {
            Err("policy file .hookkit.toml:3: unknown key `profil`".into())
        }),
        Failure::GuardPanic => {
            install_quiet_panic_hook();
            run(Some(host), &pre_payload(host), settings, |_| {
                panic!("guard bug")
            })
        }
    }
}

/// True when the failure leaves the event unknown (the answer must block on any event).
/// An oversize payload's event is read from its first fields.
fn event_unknown(failure: Failure) -> bool {
    !matches!(
        failure,
        Failure::GuardError | Failure::GuardPanic | Failure::Oversize
    )
}

fn stdout_json(out: &Rendered) -> Value {
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}", out.stdout))
}

/// Checks that `out` is `host`'s blocking answer and returns its reason.
fn blocking_reason(host: Host, failure: Failure, out: &Rendered) -> String {
    let at = format!("{host} {failure:?}: {out:?}");
    match (host, event_unknown(failure)) {
        (Host::ClaudeCode | Host::Codex, true) => {
            assert_eq!(out.exit_code, 2, "{at}");
            assert_eq!(out.stdout, "", "{at}");
            out.stderr.clone()
        }
        (Host::QwenCode, true) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            assert_eq!(value["continue"], false, "{at}");
            let specific = &value["hookSpecificOutput"];
            assert_eq!(specific["permissionDecision"], "deny", "{at}");
            assert_eq!(
                specific["permissionDecisionReason"], value["stopReason"],
                "{at}"
            );
            assert_eq!(specific["additionalContext"], value["stopReason"], "{at}");
            value["stopReason"].as_str().unwrap().to_string()
        }
        (Host::FactoryDroid, true) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            assert_eq!(value["continue"], false, "{at}");
            value["stopReason"].as_str().unwrap().to_string()
        }
        (Host::FactoryDroid, false) => {
            assert_eq!(out.exit_code, 2, "{at}");
            assert_eq!(out.stdout, "", "{at}");
            out.stderr.clone()
        }
        (Host::ClaudeCode | Host::Codex | Host::QwenCode, false) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            let specific = &value["hookSpecificOutput"];
            assert_eq!(specific["hookEventName"], "PreToolUse", "{at}");
            assert_eq!(specific["permissionDecision"], "deny", "{at}");
            specific["permissionDecisionReason"]
                .as_str()
                .unwrap()
                .to_string()
        }
        (Host::GeminiCli | Host::Opencode | Host::Kilo, _) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            assert_eq!(value["decision"], "deny", "{at}");
            value["reason"].as_str().unwrap().to_string()
        }
        (Host::CopilotCli, unknown) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            assert_eq!(value["permissionDecision"], "deny", "{at}");
            if unknown {
                assert_eq!(value["decision"], "block", "{at}");
                assert_eq!(value["reason"], value["permissionDecisionReason"], "{at}");
            } else {
                assert!(value.get("decision").is_none(), "{at}");
            }
            value["permissionDecisionReason"]
                .as_str()
                .unwrap()
                .to_string()
        }
        (Host::Cursor, unknown) => {
            assert_eq!(out.exit_code, 0, "{at}");
            let value = stdout_json(out);
            assert_eq!(value["permission"], "deny", "{at}");
            assert_eq!(value["user_message"], value["agent_message"], "{at}");
            assert_eq!(value.get("additional_context").is_some(), unknown, "{at}");
            value["agent_message"].as_str().unwrap().to_string()
        }
    }
}

#[test]
fn every_failure_on_every_host_blocks_with_hookkits_own_reason() {
    let settings = RunSettings::default();
    for host in Host::ALL {
        for failure in FAILURES {
            let out = answer(host, failure, &settings);
            let reason = blocking_reason(host, failure, &out);
            let at = format!("{host} {failure:?}: {reason}");
            assert!(
                reason.contains("hookkit could not check this tool call"),
                "{at}"
            );
            assert!(reason.contains("hookkit's own failure"), "{at}");
            let what = match failure {
                Failure::MalformedJson => "not valid JSON",
                Failure::InvalidUtf8 => "not valid UTF-8",
                Failure::UnknownEvent => "\"SessionStart\"",
                Failure::Oversize => "over the 64-byte limit",
                Failure::GuardError => "the guard failed: policy file .hookkit.toml:3",
                Failure::GuardPanic => "the guard panicked",
            };
            assert!(reason.contains(what), "{at}");
            assert!(
                !reason.contains("guard bug"),
                "{at}: the panic message is not repeated"
            );
        }
    }
}

#[test]
fn on_error_allow_really_allows() {
    let settings = RunSettings {
        on_error: Verdict::Allow,
        ..RunSettings::default()
    };
    for host in Host::ALL {
        for failure in FAILURES {
            let out = answer(host, failure, &settings);
            assert_eq!(out.exit_code, 0, "{host} {failure:?}");
            assert_eq!(out.stderr, "", "{host} {failure:?}");
            if host == Host::Cursor {
                assert_eq!(
                    stdout_json(&out),
                    json!({"permission": "allow"}),
                    "{host} {failure:?}"
                );
            } else {
                assert_eq!(out.stdout, "", "{host} {failure:?}");
            }
        }
    }
}

#[test]
fn on_error_ask_still_blocks_where_the_host_cannot_ask() {
    let settings = RunSettings {
        on_error: Verdict::Ask,
        ..RunSettings::default()
    };
    for host in Host::ALL {
        for failure in FAILURES {
            let out = answer(host, failure, &settings);
            if matches!(host, Host::ClaudeCode | Host::QwenCode) && !event_unknown(failure) {
                let value = stdout_json(&out);
                assert_eq!(value["hookSpecificOutput"]["permissionDecision"], "ask");
                continue;
            }
            let reason = blocking_reason(host, failure, &out);
            assert!(
                reason.contains("A person must approve"),
                "{host} {failure:?}: {reason}"
            );
            assert!(
                reason.contains("hookkit's own failure"),
                "{host} {failure:?}: {reason}"
            );
        }
    }
}

#[test]
fn a_missing_field_is_answered_in_the_events_own_format() {
    let settings = RunSettings::default();
    let payload = br#"{"session_id":"s","cwd":"/w","prompt_id":"p","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#;
    let out = run(Some(Host::ClaudeCode), payload, &settings, guard_ok);
    let value = stdout_json(&out);
    // After a tool ran, Claude Code gets a withheld output of the tool's shape.
    let specific = &value["hookSpecificOutput"];
    assert_eq!(specific["hookEventName"], "PostToolUse", "{value}");
    assert_eq!(specific["updatedToolOutput"]["stdout"], withhold::NOTICE);
    assert!(
        specific["additionalContext"]
            .as_str()
            .unwrap()
            .contains("`tool_response`"),
        "{value}"
    );

    let payload = br#"{"sessionId":"s","timestamp":1,"cwd":"/w","toolName":"bash","toolArgs":{}}"#;
    let out = run(Some(Host::CopilotCli), payload, &settings, guard_ok);
    let value = stdout_json(&out);
    assert_eq!(value["permissionDecision"], "deny");
    assert!(
        value["permissionDecisionReason"]
            .as_str()
            .unwrap()
            .contains("toolArgs.command"),
        "{value}"
    );
}

#[test]
fn without_host_the_payload_is_detected_and_otherwise_exit_2() {
    let settings = RunSettings::default();
    let deny = |_: &ToolCall| {
        Ok(Decision {
            verdict: Verdict::Deny,
            reason: "no".into(),
            ..Decision::allow()
        })
    };
    let outcome = check(None, &pre_payload(Host::GeminiCli), &settings, deny);
    assert_eq!(outcome.call.unwrap().host, Host::GeminiCli);

    let out = run(None, br#"{"hello": "world"}"#, &settings, guard_ok);
    assert_eq!(out.exit_code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("could not tell which agent host"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("hookkit's own failure"),
        "{}",
        out.stderr
    );

    let out = run(None, b"not json", &settings, guard_ok);
    assert_eq!(out.exit_code, 2);
    assert!(out.stderr.contains("not valid JSON"), "{}", out.stderr);
}

#[test]
fn a_guard_decision_is_rendered_and_recorded() {
    let settings = RunSettings::default();
    let outcome = check(
        Some(Host::Codex),
        &pre_payload(Host::Codex),
        &settings,
        |call| {
            assert_eq!(
                call.command.as_deref(),
                Some("touch ran-bash; echo hello-from-bash")
            );
            Ok(Decision::allow())
        },
    );
    assert!(outcome.error.is_none());
    assert_eq!(outcome.render().stdout, "");
}

/// Runs this test binary again with only `test` selected and `mode` in the environment;
/// returns the child's stderr.
fn child_stderr(test: &str, mode: &str) -> String {
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("HOOKKIT_PANIC_CHILD", mode)
        .output()
        .unwrap();
    assert!(child.status.success(), "{child:?}");
    String::from_utf8_lossy(&child.stderr).into_owned()
}

#[test]
fn a_guard_panic_prints_nothing_with_the_quiet_hook() {
    match std::env::var("HOOKKIT_PANIC_CHILD").as_deref() {
        Ok(mode) => {
            if mode == "quiet" {
                install_quiet_panic_hook();
            }
            let out = run(
                Some(Host::Codex),
                &pre_payload(Host::Codex),
                &RunSettings::default(),
                |_| panic!("guard bug"),
            );
            assert!(out.stdout.contains("the guard panicked"), "{out:?}");
        }
        Err(_) => {
            let test = "a_guard_panic_prints_nothing_with_the_quiet_hook";
            // Without the quiet hook the default hook prints the panic (so the check below
            // can see one) ...
            assert!(child_stderr(test, "loud").contains("guard bug"));
            // ... and with it, nothing.
            let quiet = child_stderr(test, "quiet");
            assert!(
                !quiet.contains("guard bug") && !quiet.contains("panicked"),
                "{quiet}"
            );
        }
    }
}
