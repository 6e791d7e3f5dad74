//! Session budgets: the calls of each session counted against the active profile's
//! budget (the `[profiles.NAME.budget]` table, [`hookkit_policy::profile::budget`]), and
//! the decision of a call over it.
//!
//! Counting: every call that a guard lets through (allow or ask) before the tool runs
//! appends one line per (class, environment) it touches to the session's own trail,
//! `<audit dir>/sessions/<sha256 of the session id, 16 hex>.jsonl`; the check and the
//! append happen under one exclusive lock on that file, so concurrent hooks of one session
//! count every call exactly once. A call id already counted (the same call checked again)
//! is not counted twice. Denied calls do not count. A session's file is deleted once it was
//! last written more than `retain_days` days ago, when a new file of the trail starts
//! ([`crate::retention::prune_sessions`]).

use crate::store::{SESSIONS_DIR, Trail};
use hookkit_policy::Error;
use hookkit_policy::call::{Event, ToolCall};
use hookkit_policy::config::{Config, budget_of};
use hookkit_policy::decision::{ActionClass, Decision, Environment, Finding, Severity, Verdict};
use hookkit_policy::profile::budget::Budget;
use hookkit_policy::state::{create_private_dir, with_lock};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};

/// The rule-id prefix of a budget finding (`budget.delete`, `budget.production.create`).
pub const RULE_PREFIX: &str = "budget.";

/// One counted (call, class, environment): a line of a session's budget file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    call: String,
    class: ActionClass,
    env: Environment,
}

/// Apply the active profile's session budget to `decision` on `call`, made by `guard`.
///
/// Only calls before the tool runs are counted and capped; a denied call passes unchanged
/// and is not counted. Over budget, the verdict becomes at least the budget's `exceeded`,
/// a `budget.CLASS` or `budget.ENV.CLASS` finding is added and the reason names the cap.
///
/// # Errors
/// [`Error::Io`] when the session's budget file cannot be read or written, and
/// [`Error::Invalid`] when no trail directory is known: the caller turns either into the
/// `on_error` decision.
pub fn apply(
    guard: &str,
    config: &Config,
    call: &ToolCall,
    decision: Decision,
) -> Result<Decision, Error> {
    let Some(budget) = budget_of(config) else {
        return Ok(decision);
    };
    if call.event != Event::PreTool || decision.verdict == Verdict::Deny {
        return Ok(decision);
    }
    let touched: BTreeSet<(ActionClass, Environment)> = decision
        .findings
        .iter()
        .filter(|f| !f.rule_id.starts_with(RULE_PREFIX))
        .map(|f| (f.class, f.environment))
        .collect();
    let capped = touched.iter().any(|(c, e)| {
        budget.all().get(*c).is_some() || budget.env_caps(*e).and_then(|k| k.get(*c)).is_some()
    });
    if !capped {
        return Ok(decision);
    }
    let dir = Trail::from_config(&config.audit)?.dir().join(SESSIONS_DIR);
    let session = call.session_id.as_deref().unwrap_or("no-session");
    let path = dir.join(format!(
        "{}.jsonl",
        crate::digest(session.as_bytes())
            .trim_start_matches("sha256:")
            .get(..16)
            .unwrap_or("0")
    ));
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    create_private_dir(&dir).map_err(io)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).map_err(io)?;
    let call_key = call.call_id.clone().unwrap_or_else(|| {
        format!(
            "anonymous-{}-{}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond()
        )
    });
    let over = with_lock(&file, |mut f| {
        let mut text = String::new();
        f.rewind()?;
        f.read_to_string(&mut text)?;
        let entries: Vec<Entry> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        if entries.iter().any(|e| e.call == call_key) {
            return Ok(Vec::new());
        }
        let over = spent(budget, &entries, &touched);
        if over.is_empty() {
            let mut lines = Vec::new();
            for (class, env) in &touched {
                let e = Entry {
                    call: call_key.clone(),
                    class: *class,
                    env: *env,
                };
                lines.extend(serde_json::to_vec(&e).map_err(std::io::Error::other)?);
                lines.push(b'\n');
            }
            f.write_all(&lines)?;
        }
        Ok(over)
    })
    .map_err(io)?;
    Ok(if over.is_empty() {
        decision
    } else {
        exceed(guard, &config.profile, budget, decision, &over)
    })
}

/// A cap the call would break: its rule id, class, environment, the cap and the count.
struct Spent {
    rule_id: String,
    class: ActionClass,
    env: Environment,
    cap: u32,
    made: usize,
}

/// The caps that `touched` would break, given the session's counted `entries`.
fn spent(
    budget: &Budget,
    entries: &[Entry],
    touched: &BTreeSet<(ActionClass, Environment)>,
) -> Vec<Spent> {
    let mut per_class: BTreeMap<ActionClass, BTreeSet<&str>> = BTreeMap::new();
    let mut per_env: BTreeMap<(Environment, ActionClass), BTreeSet<&str>> = BTreeMap::new();
    for e in entries {
        per_class.entry(e.class).or_default().insert(&e.call);
        per_env.entry((e.env, e.class)).or_default().insert(&e.call);
    }
    let mut out = Vec::new();
    for (class, env) in touched {
        if let Some(cap) = budget.all().get(*class) {
            let made = per_class.get(class).map_or(0, BTreeSet::len);
            if made >= cap as usize && !out.iter().any(|s: &Spent| s.rule_id == rule(None, *class))
            {
                out.push(Spent {
                    rule_id: rule(None, *class),
                    class: *class,
                    env: *env,
                    cap,
                    made,
                });
            }
        }
        if let Some(cap) = budget.env_caps(*env).and_then(|k| k.get(*class)) {
            let made = per_env.get(&(*env, *class)).map_or(0, BTreeSet::len);
            if made >= cap as usize {
                out.push(Spent {
                    rule_id: rule(Some(*env), *class),
                    class: *class,
                    env: *env,
                    cap,
                    made,
                });
            }
        }
    }
    out
}

fn rule(env: Option<Environment>, class: ActionClass) -> String {
    let class = class.as_str();
    match env {
        Some(e) => format!("{RULE_PREFIX}{}.{class}", e.as_str()),
        None => format!("{RULE_PREFIX}{class}"),
    }
}

fn exceed(
    guard: &str,
    profile: &str,
    budget: &Budget,
    mut decision: Decision,
    over: &[Spent],
) -> Decision {
    let verdict = decision
        .verdict
        .max(budget.exceeded.unwrap_or(Verdict::Deny).max(Verdict::Ask));
    let mut reason = String::new();
    for s in over {
        let key = s.rule_id.trim_start_matches(RULE_PREFIX);
        let message = format!(
            "This session has already made {} such calls; the budget of profile `{profile}` is {} (`[profiles.{profile}.budget] {key} = {}`).",
            s.made, s.cap, s.cap
        );
        let instead = "Ask the user to approve, raise the budget, or start a new session.";
        reason.push_str(&format!("{}: {message} Instead: {instead}\n", s.rule_id));
        decision.findings.push(Finding {
            rule_id: s.rule_id.clone(),
            class: s.class,
            environment: s.env,
            severity: Severity::High,
            verdict,
            message,
            instead: instead.to_owned(),
            matched: key.to_owned(),
            span: None,
        });
    }
    if decision.reason.is_empty() {
        reason.push_str(&match verdict {
            Verdict::Deny => format!(
                "(hookkit {guard} denied this call: the session budget of profile `{profile}` is spent.)"
            ),
            _ => format!(
                "(hookkit {guard} asks a person to approve this call: the session budget of profile `{profile}` is spent.)"
            ),
        });
    } else {
        reason.push_str(&decision.reason);
    }
    decision.reason = reason;
    decision.verdict = verdict;
    decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Host, ToolKind};

    fn config(dir: &std::path::Path, budget: &str) -> Config {
        let path = dir.join("c.toml");
        std::fs::write(
            &path,
            format!(
                "profile = \"ops\"\n[audit]\ndir = \"trail\"\n[profiles.ops]\nextends = \"autonomous\"\n[profiles.ops.budget]\n{budget}\n"
            ),
        )
        .unwrap();
        Config::load(&hookkit_policy::ConfigSources {
            explicit: Some(path),
            ..Default::default()
        })
        .unwrap()
    }

    fn call(session: &str, id: &str) -> ToolCall {
        let mut c = ToolCall::new(
            Host::ClaudeCode,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        c.session_id = Some(session.into());
        c.call_id = Some(id.into());
        c
    }

    fn finding(class: ActionClass, env: Environment) -> Decision {
        Decision {
            findings: vec![Finding {
                rule_id: "x.y".into(),
                class,
                environment: env,
                severity: Severity::Low,
                verdict: Verdict::Allow,
                message: String::new(),
                instead: String::new(),
                matched: String::new(),
                span: None,
            }],
            ..Decision::allow()
        }
    }

    #[test]
    fn the_cap_holds_per_session_and_a_recheck_is_not_counted_twice() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(
            dir.path(),
            "delete = 2\nproduction.create = 1\nexceeded = \"ask\"",
        );
        let del = || finding(ActionClass::Delete, Environment::Unknown);
        let v =
            |s: &str, id: &str, d: Decision| apply("command-guard", &c, &call(s, id), d).unwrap();
        assert_eq!(v("s1", "a", del()).verdict, Verdict::Allow);
        assert_eq!(
            v("s1", "a", del()).verdict,
            Verdict::Allow,
            "same call again"
        );
        assert_eq!(v("s1", "b", del()).verdict, Verdict::Allow);
        let third = v("s1", "c", del());
        assert_eq!(third.verdict, Verdict::Ask);
        assert!(
            third
                .reason
                .starts_with("budget.delete: This session has already made 2"),
            "{}",
            third.reason
        );
        assert_eq!(third.findings.last().unwrap().rule_id, "budget.delete");
        assert_eq!(
            v("s2", "a", del()).verdict,
            Verdict::Allow,
            "another session"
        );
        let prod = || finding(ActionClass::Create, Environment::Production);
        assert_eq!(v("s1", "p1", prod()).verdict, Verdict::Allow);
        assert_eq!(
            v("s1", "p2", prod()).rule_ids(),
            vec!["x.y", "budget.production.create"]
        );
        assert_eq!(
            v(
                "s1",
                "d1",
                finding(ActionClass::Create, Environment::Development)
            )
            .verdict,
            Verdict::Allow
        );
    }

    #[test]
    fn zero_means_none_and_the_default_is_deny_and_budgets_inherit() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = config(dir.path(), "irreversible = 0");
        c.profiles.insert(
            "child".into(),
            hookkit_policy::profile::ProfileLayer {
                extends: Some("ops".into()),
                ..Default::default()
            },
        );
        c.profile = "child".into();
        let d = apply(
            "command-guard",
            &c,
            &call("s", "a"),
            finding(ActionClass::Irreversible, Environment::Unknown),
        )
        .unwrap();
        assert_eq!(d.verdict, Verdict::Deny);
        assert!(
            d.reason
                .ends_with("the session budget of profile `child` is spent.)"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn a_session_idle_past_the_retention_starts_its_budget_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "delete = 1");
        let del = || finding(ActionClass::Delete, Environment::Unknown);
        let v = |id: &str| apply("command-guard", &c, &call("s1", id), del()).unwrap();
        assert_eq!(v("a").verdict, Verdict::Allow);
        assert_eq!(v("b").verdict, Verdict::Deny);
        let trail = Trail::from_config(&c.audit).unwrap();
        let sessions: Vec<_> = std::fs::read_dir(trail.dir().join(SESSIONS_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(sessions.len(), 1);
        crate::retention::tests::backdate(&sessions[0], 91);
        // The day's first record prunes what is idle past `retain_days` (90 by default).
        let pre = call("s2", "x");
        let mut rec = crate::AuditRecord::new("command-guard", Some(&pre), &del(), b"{}");
        trail.append(&mut rec).unwrap();
        assert!(!sessions[0].exists());
        assert_eq!(v("c").verdict, Verdict::Allow);
    }

    #[test]
    fn concurrent_hooks_of_one_session_count_every_call_once() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "delete = 10");
        let allowed = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for n in 0..40 {
                let (c, allowed) = (&c, &allowed);
                s.spawn(move || {
                    let d = apply(
                        "command-guard",
                        c,
                        &call("s", &format!("call-{n}")),
                        finding(ActionClass::Delete, Environment::Unknown),
                    )
                    .unwrap();
                    if d.verdict == Verdict::Allow {
                        allowed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(allowed.into_inner(), 10);
    }
}
