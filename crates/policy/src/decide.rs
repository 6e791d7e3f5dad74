//! From findings to the decision: configuration overrides per rule, the strictest verdict
//! wins, and the reason the model sees names each rule and the way forward.

use crate::config::Config;
use crate::decision::{Decision, Finding, Verdict};

/// The decision for a tool call on which `findings` fired, under `config`.
///
/// Rules turned off in `[rules]` are dropped; a `[rules."id"] decision` replaces the
/// rule's own. The verdict is the strictest of the findings (allow when none is left).
/// The reason has one line per finding that asks or denies, each starting with the rule
/// id, then a line naming `guard` (`command-guard`), so the model knows who refused and
/// what to do instead:
///
/// ```text
/// git.reset-hard: `git reset --hard` throws away uncommitted changes. Matched: `git reset --hard`. Instead: run `git stash` first.
/// (hookkit command-guard denied this call by policy; the user can change the policy in .hookkit.toml.)
/// ```
pub fn decide(guard: &str, findings: Vec<Finding>, config: &Config) -> Decision {
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
            Some(f)
        })
        .collect();
    let verdict = findings
        .iter()
        .map(|f| f.verdict)
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
            "{}: {} Matched: `{}`. Instead: {}\n",
            f.rule_id, f.message, f.matched, f.instead
        ));
    }
    reason.push_str(&match verdict {
        Verdict::Deny => format!(
            "(hookkit {guard} denied this call by policy; the user can change the policy in .hookkit.toml.)"
        ),
        _ => format!(
            "(hookkit {guard} asks a person to approve this call before it runs.)"
        ),
    });
    Decision {
        verdict,
        reason,
        findings,
        additional_context: None,
        internal_error: false,
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
    fn no_findings_is_a_silent_allow() {
        let d = decide("command-guard", Vec::new(), &Config::default());
        assert_eq!(d.verdict, Verdict::Allow);
        assert!(d.reason.is_empty());
    }
}
