//! `auto_approve`: command-guard marks an allow as approved (the host may skip its prompt)
//! only when every command of the call is a known read, and never without the setting.
//!
//! Every command here is data, handed to command-guard as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod support;

use hookkit_policy::{Config, Verdict};

fn decide(line: &str, auto_approve: bool) -> (Verdict, bool) {
    let call = support::bash(line);
    let config = Config {
        auto_approve,
        ..Config::default()
    };
    let d = hookkit_policy::command::guard_call(&call, &config).unwrap();
    (d.verdict, d.approved)
}

#[test]
fn only_calls_of_known_reads_are_approved() {
    for line in [
        "git status",
        "ls -la && git log --oneline -5",
        "aws ec2 describe-instances --profile prod",
    ] {
        assert_eq!(decide(line, true), (Verdict::Allow, true), "{line}");
        assert_eq!(decide(line, false), (Verdict::Allow, false), "{line}");
    }
    for line in [
        // Allowed by the profile, but not reads: the host's own approval stays.
        "mkdir build",
        "git status; touch x",
        "git commit -m wip",
        // Unknown, opaque or unreadable: never approved.
        "frobnicate --all",
        "$CMD status",
        "echo \"unterminated",
        // A read that writes through a redirection.
        "cat notes.txt > copy.txt",
    ] {
        assert!(!decide(line, true).1, "{line}");
    }
    assert_eq!(decide("rm -rf ~", true), (Verdict::Deny, false));
}
