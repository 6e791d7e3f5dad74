//! The answer for every host × event × verdict, snapshotted per host, plus the rules
//! from the measured table checked directly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_hooks::{Rendered, Target, render};
use hookkit_policy::{Decision, Event, Host, Verdict};
use serde_json::{Value, json};

const REASON: &str = "`rm -rf /` deletes everything; delete the one directory you mean instead.";
const CONTEXT: &str = "The output was checked by hookkit.";

fn decision(verdict: Verdict, context: bool) -> Decision {
    Decision {
        verdict,
        reason: if verdict == Verdict::Allow {
            String::new()
        } else {
            REASON.to_string()
        },
        additional_context: context.then(|| CONTEXT.to_string()),
        ..Decision::allow()
    }
}

fn event(host: Host, event: Event, host_event: &str) -> Target {
    Target::Event {
        host,
        event,
        host_event: host_event.to_string(),
        mcp: false,
    }
}

/// The events to render for one host (or Copilot's PascalCase dialect).
fn targets(host: Host, pascal: bool) -> Vec<Target> {
    match (host, pascal) {
        (Host::ClaudeCode, _) => vec![
            event(host, Event::PreTool, "PreToolUse"),
            event(host, Event::PermissionRequest, "PermissionRequest"),
            event(host, Event::PostTool, "PostToolUse"),
            event(host, Event::PostTool, "PostToolUseFailure"),
            Target::Host(host),
        ],
        (Host::Codex, _) => vec![
            event(host, Event::PreTool, "PreToolUse"),
            event(host, Event::PermissionRequest, "PermissionRequest"),
            event(host, Event::PostTool, "PostToolUse"),
            Target::Host(host),
        ],
        (Host::GeminiCli, _) => vec![
            event(host, Event::PreTool, "BeforeTool"),
            event(host, Event::PostTool, "AfterTool"),
            Target::Host(host),
        ],
        (Host::CopilotCli, false) => vec![
            event(host, Event::PreTool, "preToolUse"),
            event(host, Event::PostTool, "postToolUse"),
            event(host, Event::PostTool, "postToolUseFailure"),
            Target::Host(host),
        ],
        (Host::CopilotCli, true) => vec![
            event(host, Event::PreTool, "PreToolUse"),
            event(host, Event::PostTool, "PostToolUse"),
        ],
        (Host::Cursor, _) => vec![
            event(host, Event::PreTool, "beforeShellExecution"),
            event(host, Event::PreTool, "preToolUse"),
            event(host, Event::PostTool, "postToolUse"),
            Target::Host(host),
        ],
        (Host::QwenCode, _) => vec![
            event(host, Event::PreTool, "PreToolUse"),
            event(host, Event::PermissionRequest, "PermissionRequest"),
            event(host, Event::PostTool, "PostToolUse"),
            event(host, Event::PostTool, "PostToolUseFailure"),
            Target::Host(host),
        ],
        (Host::Opencode | Host::Kilo, _) => vec![
            event(host, Event::PreTool, "tool.execute.before"),
            event(host, Event::PostTool, "tool.execute.after"),
            Target::Host(host),
        ],
        (Host::FactoryDroid, _) => vec![
            event(host, Event::PreTool, "PreToolUse"),
            event(host, Event::PostTool, "PostToolUse"),
            Target::Host(host),
        ],
    }
}

fn describe(target: &Target) -> String {
    match target {
        Target::Event { host_event, .. } => host_event.clone(),
        Target::Host(_) => "unknown event".into(),
        Target::Unknown => "unknown host".into(),
    }
}

fn cell(out: &Rendered) -> Value {
    json!({
        "exit_code": out.exit_code,
        "stdout": if out.stdout.is_empty() { Value::Null } else { serde_json::from_str::<Value>(&out.stdout).unwrap() },
        "stderr": out.stderr,
    })
}

fn table(host: Host, pascal: bool) -> Value {
    let mut rows = serde_json::Map::new();
    for target in targets(host, pascal) {
        let post = matches!(
            target,
            Target::Event {
                event: Event::PostTool,
                ..
            }
        );
        let mut verdicts = serde_json::Map::new();
        for verdict in [Verdict::Allow, Verdict::Ask, Verdict::Deny] {
            verdicts.insert(
                verdict.as_str().into(),
                cell(&render(&target, &decision(verdict, false))),
            );
            if post {
                let with = render(&target, &decision(verdict, true));
                verdicts.insert(format!("{} with context", verdict.as_str()), cell(&with));
            }
        }
        if !post {
            verdicts.insert("allow approved".into(), cell(&render(&target, &approved())));
        }
        rows.insert(describe(&target), Value::Object(verdicts));
    }
    Value::Object(rows)
}

/// An allow `auto_approve` approved ([`Decision::approved`]).
fn approved() -> Decision {
    Decision {
        approved: true,
        ..decision(Verdict::Allow, false)
    }
}

#[test]
fn an_approval_is_explicit_only_where_the_host_keeps_the_persons_own_rules() {
    let mut explicit = Vec::new();
    let copilot_pascal = (Host::CopilotCli, true);
    for (host, pascal) in Host::ALL
        .map(|h| (h, false))
        .into_iter()
        .chain([copilot_pascal])
    {
        for target in targets(host, pascal) {
            let plain = render(&target, &decision(Verdict::Allow, false));
            if render(&target, &approved()) != plain {
                explicit.push(format!("{} {}", host.as_str(), describe(&target)));
            }
        }
    }
    assert_eq!(
        explicit,
        [
            "claude-code PreToolUse",
            "claude-code PermissionRequest",
            "codex PermissionRequest"
        ]
    );
}

#[test]
fn rendered_answers_per_host() {
    for host in Host::ALL {
        insta::assert_json_snapshot!(format!("render-{}", host.as_str()), table(host, false));
    }
    insta::assert_json_snapshot!(
        "render-copilot-cli-pascal-case",
        table(Host::CopilotCli, true)
    );
    let unknown: Value = [Verdict::Allow, Verdict::Ask, Verdict::Deny]
        .iter()
        .map(|v| {
            (
                v.as_str().to_string(),
                cell(&render(&Target::Unknown, &decision(*v, false))),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    insta::assert_json_snapshot!("render-unknown-host", unknown);
}

/// Where the reason of a rendered answer is, if anywhere.
fn reason_of(out: &Rendered) -> String {
    if out.exit_code == 2 {
        return out.stderr.clone();
    }
    out.stdout.clone()
}

#[test]
fn allow_is_silence_except_on_cursor() {
    for host in Host::ALL {
        for target in targets(host, false).into_iter().chain(targets(host, true)) {
            let out = render(&target, &decision(Verdict::Allow, false));
            assert_eq!(out.exit_code, 0, "{host} {target:?}");
            assert!(out.stderr.is_empty());
            if host == Host::Cursor {
                let value: Value = serde_json::from_str(&out.stdout).unwrap();
                assert!(
                    value == json!({"permission": "allow"}) || value == json!({}),
                    "{out:?}"
                );
            } else {
                assert_eq!(
                    out.stdout, "",
                    "{host} {target:?}: allow must print nothing"
                );
            }
        }
    }
}

#[test]
fn deny_always_carries_the_reason() {
    for host in Host::ALL {
        for target in targets(host, false).into_iter().chain(targets(host, true)) {
            let out = render(&target, &decision(Verdict::Deny, false));
            let reason = reason_of(&out);
            assert!(
                reason.contains("deletes everything"),
                "{host} {target:?}: {out:?}"
            );
        }
    }
}

#[test]
fn ask_is_a_real_ask_only_on_claude_code_and_qwen_code_before_the_tool() {
    for host in Host::ALL {
        for target in targets(host, false).into_iter().chain(targets(host, true)) {
            let out = render(&target, &decision(Verdict::Ask, false));
            let claude_pre = matches!(host, Host::ClaudeCode | Host::QwenCode)
                && matches!(
                    &target,
                    Target::Event {
                        event: Event::PreTool,
                        ..
                    }
                );
            let permission = matches!(
                &target,
                Target::Event {
                    event: Event::PermissionRequest,
                    ..
                }
            );
            if claude_pre {
                assert!(
                    out.stdout.contains(r#""permissionDecision":"ask""#),
                    "{out:?}"
                );
            } else if permission {
                assert_eq!(out.stdout, "", "{host}: the host asks the person anyway");
            } else {
                assert!(
                    !out.stdout.contains(r#""ask""#),
                    "{host} {target:?}: {out:?}"
                );
                assert!(
                    reason_of(&out).contains("A person must"),
                    "{host} {target:?}: {out:?}"
                );
            }
        }
    }
}

/// hookkit's opencode plugin (`hooks/opencode/hookkit.js`) goes on only on an empty answer
/// with exit 0, and reads nothing but `{"decision": "deny", "reason": R}` (R not empty)
/// otherwise: every answer to it is one of the two, the context inside R.
#[test]
fn opencode_gets_nothing_or_the_one_deny_its_plugin_reads() {
    for target in targets(Host::Opencode, false) {
        for verdict in [Verdict::Allow, Verdict::Ask, Verdict::Deny] {
            let out = render(&target, &decision(verdict, true));
            assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""), "{target:?}");
            if verdict == Verdict::Allow {
                assert_eq!(out.stdout, "", "{target:?}");
                continue;
            }
            let answer: Value = serde_json::from_str(&out.stdout).unwrap();
            let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["decision", "reason"], "{answer}");
            assert_eq!(answer["decision"], "deny");
            let reason = answer["reason"].as_str().unwrap();
            assert!(reason.contains("deletes everything"), "{reason}");
            assert!(reason.contains(CONTEXT), "{reason}");
        }
    }
}

/// A redacted copy of a Claude Code Bash `tool_response`.
fn redacted_response() -> Value {
    json!({"stdout": "token=[REDACTED ghp_…(40 chars)]", "stderr": "", "interrupted": false})
}

/// A post-tool decision with a redacted copy of the tool's output.
fn with_replacement(verdict: Verdict) -> Decision {
    Decision {
        replacement_output: Some(redacted_response()),
        ..decision(verdict, true)
    }
}

#[test]
fn a_replacement_output_replaces_claude_code_output_and_changes_nothing_elsewhere() {
    let mut rows = serde_json::Map::new();
    for host in Host::ALL {
        for target in targets(host, false).into_iter().chain(targets(host, true)) {
            let Target::Event {
                event: Event::PostTool,
                host_event,
                ..
            } = &target
            else {
                continue;
            };
            let mut verdicts = serde_json::Map::new();
            for verdict in [Verdict::Allow, Verdict::Ask, Verdict::Deny] {
                let out = render(&target, &with_replacement(verdict));
                let plain = render(&target, &decision(verdict, true));
                let replaces = host == Host::ClaudeCode
                    && host_event == "PostToolUse"
                    && verdict != Verdict::Allow;
                if replaces {
                    let v: Value = serde_json::from_str(&out.stdout).unwrap();
                    let hso = &v["hookSpecificOutput"];
                    assert_eq!(hso["hookEventName"], "PostToolUse");
                    assert_eq!(hso["updatedToolOutput"], redacted_response());
                    assert!(hso.get("updatedMCPToolOutput").is_none(), "not MCP: {hso}");
                    let context = hso["additionalContext"].as_str().unwrap();
                    assert!(context.contains("deletes everything"), "{context}");
                    assert!(context.contains(CONTEXT), "{context}");
                    assert!(v.get("decision").is_none(), "{v}");
                    assert_eq!(out.exit_code, 0);
                } else {
                    assert_eq!(out, plain, "{host} {host_event} {verdict:?}");
                }
                verdicts.insert(verdict.as_str().into(), cell(&out));
            }
            rows.insert(format!("{host} {host_event}"), Value::Object(verdicts));
        }
    }
    insta::assert_json_snapshot!("render-post-tool-replacement", Value::Object(rows));
}

#[test]
fn an_mcp_tool_gets_its_replacement_in_both_claude_code_fields() {
    let target = Target::Event {
        host: Host::ClaudeCode,
        event: Event::PostTool,
        host_event: "PostToolUse".into(),
        mcp: true,
    };
    let out = render(&target, &with_replacement(Verdict::Deny));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let hso = &v["hookSpecificOutput"];
    assert_eq!(hso["updatedToolOutput"], redacted_response(), "{v}");
    assert_eq!(hso["updatedMCPToolOutput"], redacted_response(), "{v}");
}
