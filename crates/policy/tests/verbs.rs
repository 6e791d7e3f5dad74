//! The generic verb table (`rules/commands/verbs.toml`) and dry runs: a CLI no rule knows
//! is classified from its subcommand words, so a delete in production is refused in any
//! CLI; a tool's own dry-run option lowers what it would change to a read.
//!
//! Every command here is data, handed to command-guard as a string and never run.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod support;

use hookkit_policy::{Config, Verdict};

fn decide(line: &str) -> (Verdict, Vec<String>) {
    let d = hookkit_policy::command::guard_call(&support::bash(line), &Config::default()).unwrap();
    (
        d.verdict,
        d.rule_ids().into_iter().map(str::to_owned).collect(),
    )
}

#[test]
fn a_cli_without_rules_is_classified_by_its_verbs() {
    // Deletes: asked for; in production (a bucket, an app named so), refused.
    for line in [
        "heroku apps:destroy --app acme-api --confirm acme-api",
        "doctl compute droplet delete web-1 --force",
        "rclone delete remote:bucket/logs",
        "dropuser acme",
    ] {
        assert_eq!(decide(line).0, Verdict::Ask, "{line}");
    }
    for line in [
        "gsutil -m rm -r gs://acme-prod-data/logs",
        "azcopy remove https://acmeprod.blob.core.windows.net/c --recursive",
    ] {
        assert_eq!(decide(line).0, Verdict::Deny, "{line}");
    }
    // Irreversible verbs are refused everywhere under the default profile.
    assert_eq!(decide("rclone purge remote:backups").0, Verdict::Deny);
    // Reads, creates and commands without a verb run.
    for line in [
        "gh pr list --search delete",
        "fly deploy",
        "vendorctl --help",
        "vendorctl delete --help",
        "vendorctl acme",
    ] {
        assert_eq!(decide(line).0, Verdict::Allow, "{line}");
    }
}

#[test]
fn a_tools_own_rules_win_over_its_words() {
    for line in [
        "git stash list",
        "kubectl --context prod delete ns api",
        "aws configure list",
    ] {
        let (_, ids) = decide(line);
        assert!(!ids.is_empty(), "{line}");
        assert!(
            ids.iter().all(|i| !i.starts_with("verbs.")),
            "{line}: {ids:?}"
        );
    }
}

#[test]
fn a_tools_dry_run_option_lowers_a_change_to_a_read() {
    for line in [
        "kubectl --context prod delete ns api --dry-run=server",
        "helm --kube-context prod uninstall api --dry-run",
        "git clean -fdx --dry-run",
        "aws --profile prod rds delete-db-instance --db-instance-identifier db --dry-run",
    ] {
        assert_eq!(decide(line).0, Verdict::Allow, "{line}");
    }
    // `--dry-run=none` runs for real; an option after `--` is an operand; a CLI nobody
    // knows may ignore the option, so its verb still decides.
    assert_eq!(
        decide("kubectl --context prod delete ns api --dry-run=none").0,
        Verdict::Deny
    );
    assert_eq!(
        decide("gsutil rm -r gs://acme-prod-data --dry-run").0,
        Verdict::Deny
    );
}
