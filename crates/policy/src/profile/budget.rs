//! Session budgets, as a profile states them: rate limits for agents, not for people. A
//! profile may cap how many calls of an action class one session may make, overall or per
//! environment, before the decision becomes `exceeded` (deny by default, or ask):
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
//! A profile without `budget` takes the one of the profile it `extends`. This module holds
//! the table and how two budgets compare (for the tighten-only layering of
//! [`crate::config`]); the calls are counted in the audit trail's directory by crate
//! `hookkit-audit-trail` (its `budget` module).

use crate::decision::{ActionClass, Environment, Verdict};
use serde::{Deserialize, Serialize};

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

    /// The caps per class for calls in `env`, if the budget sets any.
    pub fn env_caps(&self, env: Environment) -> Option<&ClassCaps> {
        match env {
            Environment::Production => self.production.as_ref(),
            Environment::Staging => self.staging.as_ref(),
            Environment::Development => self.development.as_ref(),
            Environment::Unknown => self.unknown.as_ref(),
        }
    }
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
