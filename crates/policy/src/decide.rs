//! From findings to the decision: configuration overrides per rule, the active profile
//! (action class × environment), the strictest verdict wins, and the reason the model sees
//! names each rule, the class and environment, and the way forward.

use crate::command::LineTrace;
use crate::config::Config;
use crate::decision::{ActionClass, Decision, Finding, Verdict};
use crate::profile::Profile;

/// The rule-id prefix of the tamper rules ([`crate::tamper`]), whose deny says that only a
/// person may make the change.
const TAMPER_PREFIX: &str = "tamper.";

/// The decision for a tool call on which `findings` fired, under `config`.
///
/// Rules turned off in `[rules]` are dropped; a `[rules."id"] decision` replaces the
/// rule's own, and one from a tighten-only layer ([`Config::rules_at_least`]) can only
/// raise it. Each finding's verdict becomes the stricter of the rule's own decision and
/// the active profile's verdict for its class in its environment. The decision is the
/// strictest of them (allow when none is left). The reason has one line per finding that
/// asks or denies, each starting with the rule id, then a line naming `guard`
/// (`command-guard`), so the model knows who refused and what to do instead:
///
/// ```text
/// git.reset-hard: `git reset --hard` throws away uncommitted changes. Matched: `git reset --hard` (irreversible, environment unknown). Instead: run `git stash` first.
/// (hookkit command-guard denied this call by policy (profile `reversible`); only a person can loosen the policy.)
/// ```
pub fn decide(guard: &str, findings: Vec<Finding>, config: &Config) -> Decision {
    decide_with(guard, findings, &[], config)
}

/// [`decide`] for a traced command line: also applies the profile's `unclassified`
/// verdict to every simple command no rule classified (rules from tighten-only rule
/// files do not count: [`crate::command::CommandTrace::classified`]).
///
/// With `auto_approve` on, an allow of a line whose every command is a known read is
/// marked [`Decision::approved`].
pub fn decide_trace(guard: &str, trace: &LineTrace, config: &Config) -> Decision {
    let unclassified: Vec<(String, crate::decision::Environment)> = trace
        .commands
        .iter()
        .filter(|c| !c.classified && !c.text.is_empty())
        .map(|c| (c.text.clone(), c.environment))
        .collect();
    let mut decision = decide_with(guard, trace.findings(), &unclassified, config);
    decision.approved =
        config.auto_approve && decision.verdict == Verdict::Allow && only_reads(trace);
    decision
}

/// True when `trace` is a call hookkit may approve on the person's behalf: at least one
/// command, every command known and classified as a read by every rule that fired on it
/// (the generic verb table's guess from a CLI's words does not count:
/// [`crate::command::CommandTrace::generic`]), none with a word known only at run time
/// ([`crate::command::CommandTrace::dynamic`]), none reached through a wrapper that changes
/// who runs it or feeds a shell its program ([`UNAPPROVED_WRAPPERS`]), nothing the parser
/// could not read, no tamper finding. Commands that run project code (`cargo build`,
/// `npm test`) are not reads, so they keep the host's own approval.
fn only_reads(trace: &LineTrace) -> bool {
    !trace.commands.is_empty()
        && !trace.parse_error
        && trace.tamper.is_empty()
        && trace.commands.iter().all(|c| {
            c.classified
                && !c.generic
                && !c.dynamic
                && !c.findings.is_empty()
                && c.findings.iter().all(|f| f.class == ActionClass::Read)
                && !c.wrappers.iter().any(|w| unapproved_wrapper(w))
        })
}

/// Wrappers under which even a read is left to the person: another user's rights
/// (`sudo`, `doas`, `su -c`, `pkexec`, `run0`, `runuser`), a shell reading its program
/// from a heredoc or standard input (`bash <<`, `sh <<<`, `sudo -s <<`), as Dippy does, and
/// package runners that fetch and run a package from a registry (`npx`, `uvx`, `bunx`,
/// `pipx run`, `npm exec`, `pnpm dlx`, `yarn dlx`, `bun x`, `uv run`/`uv tool run`): what
/// runs is whatever the registry serves under that name.
const UNAPPROVED_WRAPPERS: &[&str] = &[
    "sudo", "doas", "su", "su -c", "pkexec", "run0", "runuser", "npx", "pnpx", "bunx", "uvx",
    "pipx", "npm", "pnpm", "yarn", "bun", "uv",
];

fn unapproved_wrapper(wrapper: &str) -> bool {
    UNAPPROVED_WRAPPERS.contains(&wrapper) || wrapper.contains("<<")
}

/// The profile that applies: the configured one, or (only if it cannot be resolved,
/// which [`Config::load`] already refuses) the strictest built-in, so a broken
/// configuration never loosens the policy.
fn profile(config: &Config) -> (Profile, String) {
    match config.active_profile() {
        Ok(p) => (p, config.profile.clone()),
        Err(_) => (
            Profile::builtin("read-only").unwrap_or(crate::profile::BUILTIN[0].1),
            "read-only".to_owned(),
        ),
    }
}

fn decide_with(
    guard: &str,
    findings: Vec<Finding>,
    unclassified: &[(String, crate::decision::Environment)],
    config: &Config,
) -> Decision {
    let (profile, profile_name) = profile(config);
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| {
            let o = config.rules.get(&f.rule_id);
            if o.and_then(|o| o.enabled) == Some(false) {
                return None;
            }
            if let Some(v) = o.and_then(|o| o.decision) {
                f.verdict = v;
            }
            if let Some(v) = config.rules_at_least.get(&f.rule_id) {
                f.verdict = f.verdict.max(*v);
            }
            f.verdict = f.verdict.max(profile.verdict(f.class, f.environment));
            Some(f)
        })
        .collect();
    let unclassified: Vec<(&str, Verdict)> = unclassified
        .iter()
        .map(|(text, env)| (text.as_str(), profile.unclassified(*env)))
        .filter(|(_, v)| *v > Verdict::Allow)
        .collect();
    let verdict = findings
        .iter()
        .map(|f| f.verdict)
        .chain(unclassified.iter().map(|(_, v)| *v))
        .max()
        .unwrap_or(Verdict::Allow);
    if verdict == Verdict::Allow {
        return Decision {
            findings,
            ..Decision::allow()
        };
    }
    let mut reason = String::new();
    for f in findings.iter().filter(|f| f.verdict > Verdict::Allow) {
        reason.push_str(&format!(
            "{}: {} Matched: `{}` ({}, environment {}). Instead: {}\n",
            f.rule_id,
            f.message,
            f.matched,
            f.class.as_str(),
            f.environment.as_str(),
            f.instead
        ));
    }
    for (text, _) in &unclassified {
        reason.push_str(&format!(
            "policy.unclassified: no rule classifies `{text}`, and profile `{profile_name}` \
             does not run unclassified commands unattended.\n"
        ));
    }
    let tamper = findings
        .iter()
        .any(|f| f.verdict == Verdict::Deny && f.rule_id.starts_with(TAMPER_PREFIX));
    reason.push_str(&match verdict {
        Verdict::Deny if tamper => format!(
            "(hookkit {guard} denied this call: it would change the boundary hookkit keeps around this agent, which only a person may change, outside the agent.)"
        ),
        Verdict::Deny => format!(
            "(hookkit {guard} denied this call by policy (profile `{profile_name}`); only a person can loosen the policy.)"
        ),
        _ => format!(
            "(hookkit {guard} asks a person to approve this call before it runs (profile `{profile_name}`).)"
        ),
    });
    Decision {
        verdict,
        reason,
        findings,
        additional_context: None,
        replacement_output: None,
        internal_error: false,
        approved: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RuleOverride;
    use crate::decision::{ActionClass, Severity};

    fn finding(id: &str, verdict: Verdict) -> Finding {
        Finding {
            rule_id: id.into(),
            class: ActionClass::Delete,
            environment: crate::decision::Environment::Unknown,
            severity: Severity::High,
            verdict,
            message: "It deletes things.".into(),
            instead: "Do not.".into(),
            matched: "rm -r x".into(),
            span: None,
        }
    }

    #[test]
    fn strictest_verdict_wins_and_reason_starts_with_the_rule() {
        let d = decide(
            "command-guard",
            vec![
                finding("a.ask", Verdict::Ask),
                finding("b.deny", Verdict::Deny),
            ],
            &Config::default(),
        );
        assert_eq!(d.verdict, Verdict::Deny);
        assert!(
            d.reason.starts_with("a.ask: It deletes things."),
            "{}",
            d.reason
        );
        assert!(d.reason.contains("\nb.deny: "), "{}", d.reason);
        assert!(
            d.reason.contains("hookkit command-guard denied"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn overrides_change_or_drop_findings() {
        let mut config = Config::default();
        config.rules.insert(
            "b.deny".into(),
            RuleOverride {
                decision: Some(Verdict::Ask),
                enabled: None,
            },
        );
        config.rules.insert(
            "a.ask".into(),
            RuleOverride {
                decision: None,
                enabled: Some(false),
            },
        );
        let d = decide(
            "command-guard",
            vec![
                finding("a.ask", Verdict::Ask),
                finding("b.deny", Verdict::Deny),
            ],
            &config,
        );
        assert_eq!(d.verdict, Verdict::Ask);
        assert_eq!(d.rule_ids(), vec!["b.deny"]);
        assert!(d.reason.contains("asks a person"), "{}", d.reason);
    }

    #[test]
    fn the_profile_decides_classifier_findings_by_class_and_environment() {
        use crate::decision::Environment;
        let mut f = finding("aws.delete", Verdict::Allow);
        f.environment = Environment::Staging;
        let staging = decide("command-guard", vec![f.clone()], &Config::default());
        assert_eq!(staging.verdict, Verdict::Ask);
        f.environment = Environment::Production;
        let prod = decide("command-guard", vec![f.clone()], &Config::default());
        assert_eq!(prod.verdict, Verdict::Deny);
        assert!(
            prod.reason.contains("environment production"),
            "{}",
            prod.reason
        );
        let mut read = f;
        read.class = crate::decision::ActionClass::Read;
        assert_eq!(
            decide("command-guard", vec![read], &Config::default()).verdict,
            Verdict::Allow
        );
    }

    #[test]
    fn no_findings_is_a_silent_allow() {
        let d = decide("command-guard", Vec::new(), &Config::default());
        assert_eq!(d.verdict, Verdict::Allow);
        assert!(d.reason.is_empty());
    }
}
