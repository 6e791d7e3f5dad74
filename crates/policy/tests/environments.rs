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

use hookkit_policy::{Config, Event, Host, ToolCall, ToolKind, Verdict};

fn verdict(line: &str, profile: &str) -> Verdict {
    let mut call = ToolCall::new(
        Host::ClaudeCode,
        Event::PreTool,
        "PreToolUse",
        ToolKind::Shell,
        "Bash",
    );
    call.command = Some(line.to_owned());
    call.cwd = Some("/tmp/hookkit-environments-test/project".into());
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
        assert!(verdict(dev, "autonomous") < verdict(prod, "autonomous"), "{dev}");
        for profile in ["reversible", "autonomous"] {
            let want = verdict(prod, profile);
            for line in [format!("{dev}; {prod}"), format!("{prod}; {dev}")] {
                assert_eq!(verdict(&line, profile), want, "{profile}: {line}");
            }
        }
    }
}
