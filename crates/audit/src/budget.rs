//! Session budgets: rate limits for agents, not for people. A profile may cap how many
//! calls of an action class one session may make, overall or per environment, before the
//! decision becomes `exceeded` (deny by default, or ask):
//!
//! ```toml
//! [profiles.ops]
//! extends = "autonomous"
//! [profiles.ops.budget]
//! delete = 3              # at most 3 deleting calls per session, in any environment
//! irreversible = 0        # none at all
//! production.create = 20  # at most 20 creating calls in production
//! exceeded = "ask"        # what an over-budget call becomes (default "deny")
//! ```
//!
//! A profile without `budget` takes the one of the profile it `extends`.
//!
//! Counting: every call that a guard lets through (allow or ask) before the tool runs
//! appends one line per (class, environment) it touches to the session's own trail,
//! `<audit dir>/sessions/<sha256 of the session id, 16 hex>.jsonl`; the check and the
//! append happen under one exclusive lock on that file, so concurrent hooks of one session
//! count every call exactly once. A call id already counted (the same call checked again)
//! is not counted twice. Denied calls do not count.

use super::store::{Trail, create_private_dir, with_lock};
use crate::call::{Event, ToolCall};
use crate::config::Config;
use crate::decision::{ActionClass, Decision, Environment, Finding, Severity, Verdict};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};

/// The rule-id prefix of a budget finding (`budget.delete`, `budget.production.create`).
pub const RULE_PREFIX: &str = "budget.";

/// Caps per action class: how many calls of each class a session may make.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct ClassCaps {
    /// Reading calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<u32>,
    /// Creating calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<u32>,
    /// Modifying calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify: Option<u32>,
    /// Deleting calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<u32>,
    /// Irreversible calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub irreversible: Option<u32>,
    /// Opaque calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque: Option<u32>,
}

impl ClassCaps {
    /// The cap on `class`, if any.
    pub fn get(&self, class: ActionClass) -> Option<u32> {
        match class {
            ActionClass::Read => self.read,
            ActionClass::Create => self.create,
            ActionClass::Modify => self.modify,
            ActionClass::Delete => self.delete,
            ActionClass::Irreversible => self.irreversible,
            ActionClass::Opaque => self.opaque,
        }
    }
}

/// A `[profiles.NAME.budget]` table (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Reading calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<u32>,
    /// Creating calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<u32>,
    /// Modifying calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify: Option<u32>,
    /// Deleting calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<u32>,
    /// Irreversible calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub irreversible: Option<u32>,
    /// Opaque calls, in any environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque: Option<u32>,
    /// Caps per class for calls in production.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<ClassCaps>,
    /// Caps per class for calls in staging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staging: Option<ClassCaps>,
    /// Caps per class for calls in development.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub development: Option<ClassCaps>,
    /// Caps per class for calls that name no environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<ClassCaps>,
    /// What a call over budget becomes: `ask` or `deny` (default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceeded: Option<Verdict>,
}

impl Budget {
    /// The caps counted over every environment.
    pub fn all(&self) -> ClassCaps {
        ClassCaps {
            read: self.read,
            create: self.create,
            modify: self.modify,
            delete: self.delete,
            irreversible: self.irreversible,
            opaque: self.opaque,
        }
    }

    fn env_caps(&self, env: Environment) -> Option<&ClassCaps> {
        match env {
            Environment::Production => self.production.as_ref(),
            Environment::Staging => self.staging.as_ref(),
            Environment::Development => self.development.as_ref(),
            Environment::Unknown => self.unknown.as_ref(),
        }
    }
}

/// The budget of the active profile: its own `budget`, else that of the profile it
/// extends, and so on (built-in profiles have none).
pub fn budget_of(config: &Config) -> Option<&Budget> {
    budget_in(&config.profile, &config.profiles)
}

/// The budget of profile `name` among the user-defined `profiles`: its own `budget`, else
/// that of the profile it extends, and so on (built-in profiles have none).
pub fn budget_in<'a>(
    name: &str,
    profiles: &'a BTreeMap<String, crate::profile::ProfileLayer>,
) -> Option<&'a Budget> {
    let mut name = name;
    for _ in 0..16 {
        let layer = profiles.get(name)?;
        if let Some(b) = &layer.budget {
            return Some(b);
        }
        name = layer.extends.as_deref().filter(|p| *p != name)?;
    }
    None
}

/// The first cap `new` sets more loosely than `old` (`None`: no budget, no cap at all),
/// described for people (`` `production.create`: 50 where it was 20 ``); `None` when
/// every cap of `old` is kept at or below its value and what an over-budget call becomes
/// is at least as strict. The tighten-only layering of [`crate::config`] uses it.
pub fn first_looser_budget(new: Option<&Budget>, old: Option<&Budget>) -> Option<String> {
    let old = old?;
    let none = Budget::default();
    let new = new.unwrap_or(&none);
    let mut caps = vec![(String::new(), new.all(), old.all())];
    for env in Environment::ALL {
        let pick = |b: &Budget| b.env_caps(env).copied().unwrap_or_default();
        caps.push((format!("{}.", env.as_str()), pick(new), pick(old)));
    }
    for (prefix, new_caps, old_caps) in &caps {
        for class in ActionClass::ALL {
            let key = format!("{prefix}{}", class.as_str());
            match (new_caps.get(class), old_caps.get(class)) {
                (None, Some(o)) => return Some(format!("no `{key}` cap where it was {o}")),
                (Some(n), Some(o)) if n > o => {
                    return Some(format!("`{key}`: {n} where it was {o}"));
                }
                _ => {}
            }
        }
    }
    let any_cap = caps.iter().any(|(_, _, o)| *o != ClassCaps::default());
    let exceeded = |b: &Budget| b.exceeded.unwrap_or(Verdict::Deny).max(Verdict::Ask);
    (any_cap && exceeded(new) < exceeded(old)).then(|| {
        format!(
            "`exceeded`: {} where it was {}",
            exceeded(new).as_str(),
            exceeded(old).as_str()
        )
    })
}

/// The first class whose cap in `env` is looser than (or missing where there is) its cap
/// in `than`, described for people; `None` when a call moved from `than` to `env` can
/// only meet the same or a smaller per-environment cap.
pub fn first_looser_environment(
    budget: Option<&Budget>,
    env: Environment,
    than: Environment,
) -> Option<String> {
    let budget = budget?;
    let (new, old) = (
        budget.env_caps(env).copied().unwrap_or_default(),
        budget.env_caps(than).copied().unwrap_or_default(),
    );
    ActionClass::ALL.into_iter().find_map(|class| {
        let (n, o) = (new.get(class), old.get(class)?);
        n.is_none_or(|n| n > o).then(|| {
            format!(
                "the {} cap on `{}` is {o}, the {} cap {}",
                than.as_str(),
                class.as_str(),
                env.as_str(),
                n.map_or_else(|| "none".to_owned(), |n| n.to_string())
            )
        })
    })
}

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
    let dir = Trail::from_config(&config.audit)?.dir().join("sessions");
    let session = call.session_id.as_deref().unwrap_or("no-session");
    let path = dir.join(format!(
        "{}.jsonl",
        super::digest(session.as_bytes())
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
    use crate::call::{Host, ToolKind};

    fn config(dir: &std::path::Path, budget: &str) -> Config {
        let path = dir.join("c.toml");
        std::fs::write(
            &path,
            format!(
                "profile = \"ops\"\n[audit]\ndir = \"trail\"\n[profiles.ops]\nextends = \"autonomous\"\n[profiles.ops.budget]\n{budget}\n"
            ),
        )
        .unwrap();
        Config::load(&crate::ConfigSources {
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
            crate::profile::ProfileLayer {
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
