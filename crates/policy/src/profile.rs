//! Profiles: graduated autonomy. A profile maps each action class × environment to allow,
//! ask or deny, and says what happens to a command no rule classifies.
//!
//! Built-in profiles, from the most to the least restrictive (pick one with
//! `profile = "NAME"`; the default is `reversible`):
//!
//! | profile | read | create / modify | delete | irreversible | opaque | unclassified |
//! |---|---|---|---|---|---|---|
//! | `read-only` (diagnosis) | allow | deny | deny | deny | deny | ask |
//! | `propose-only` | allow | ask | ask | deny | ask | ask |
//! | `reversible` (default) | allow | allow; ask in production | ask; deny in production | deny | ask | allow |
//! | `autonomous` | allow | allow | allow; ask in production | ask; deny in production | ask | allow |
//!
//! A rule may still force a stricter decision (its `decision`), so `rm -rf ~` is denied
//! under every profile. Users define their own in `.hookkit.toml`:
//!
//! ```toml
//! profile = "ops"
//! [profiles.ops]
//! extends = "reversible"
//! delete = { production = "deny", staging = "ask", default = "allow" }
//! ```

use crate::decision::{ActionClass, Environment, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod budget;

use budget::Budget;

/// The default profile's name.
pub const DEFAULT_PROFILE: &str = "reversible";

/// The verdict for one action class: the same everywhere, or per environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ClassVerdict {
    /// One verdict in every environment.
    All(Verdict),
    /// Per environment; an environment left out takes `default`.
    PerEnvironment(PerEnvironment),
}

/// A verdict per environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerEnvironment {
    /// For production.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production: Option<Verdict>,
    /// For staging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staging: Option<Verdict>,
    /// For development.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub development: Option<Verdict>,
    /// When the command names no environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Verdict>,
    /// For every environment not listed.
    pub default: Verdict,
}

impl ClassVerdict {
    /// The verdict in `env`.
    pub fn get(self, env: Environment) -> Verdict {
        match self {
            ClassVerdict::All(v) => v,
            ClassVerdict::PerEnvironment(p) => match env {
                Environment::Production => p.production,
                Environment::Staging => p.staging,
                Environment::Development => p.development,
                Environment::Unknown => p.unknown,
            }
            .unwrap_or(p.default),
        }
    }
}

/// A `[profiles.NAME]` table as written: every class optional, the rest from `extends`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileLayer {
    /// The profile this one starts from (a built-in or one defined earlier); required
    /// unless every class is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Looks without changing anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<ClassVerdict>,
    /// Adds something new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<ClassVerdict>,
    /// Changes something that exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify: Option<ClassVerdict>,
    /// Removes something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<ClassVerdict>,
    /// Cannot be undone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub irreversible: Option<ClassVerdict>,
    /// Cannot be known statically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque: Option<ClassVerdict>,
    /// A command no rule classifies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unclassified: Option<ClassVerdict>,
    /// Per-session caps on calls of a class (see `hookkit_policy::profile::budget`);
    /// without one, the budget of the profile this one extends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
}

/// The budget of profile `name` among the user-defined `profiles`: its own `budget`, else
/// that of the profile it extends, and so on (built-in profiles have none).
pub fn budget_in<'a>(
    name: &str,
    profiles: &'a BTreeMap<String, ProfileLayer>,
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

/// A complete profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// `read`.
    pub read: ClassVerdict,
    /// `create`.
    pub create: ClassVerdict,
    /// `modify`.
    pub modify: ClassVerdict,
    /// `delete`.
    pub delete: ClassVerdict,
    /// `irreversible`.
    pub irreversible: ClassVerdict,
    /// `opaque`.
    pub opaque: ClassVerdict,
    /// A command no rule classifies.
    pub unclassified: ClassVerdict,
}

const fn per(production: Verdict, default: Verdict) -> ClassVerdict {
    ClassVerdict::PerEnvironment(PerEnvironment {
        production: Some(production),
        staging: None,
        development: None,
        unknown: None,
        default,
    })
}

use Verdict::{Allow, Ask, Deny};

/// The built-in profiles, by name (see the module docs for the table).
pub const BUILTIN: [(&str, Profile); 4] = [
    (
        "read-only",
        Profile {
            read: ClassVerdict::All(Allow),
            create: ClassVerdict::All(Deny),
            modify: ClassVerdict::All(Deny),
            delete: ClassVerdict::All(Deny),
            irreversible: ClassVerdict::All(Deny),
            opaque: ClassVerdict::All(Deny),
            unclassified: ClassVerdict::All(Ask),
        },
    ),
    (
        "propose-only",
        Profile {
            read: ClassVerdict::All(Allow),
            create: ClassVerdict::All(Ask),
            modify: ClassVerdict::All(Ask),
            delete: ClassVerdict::All(Ask),
            irreversible: ClassVerdict::All(Deny),
            opaque: ClassVerdict::All(Ask),
            unclassified: ClassVerdict::All(Ask),
        },
    ),
    (
        "reversible",
        Profile {
            read: ClassVerdict::All(Allow),
            create: per(Ask, Allow),
            modify: per(Ask, Allow),
            delete: per(Deny, Ask),
            irreversible: ClassVerdict::All(Deny),
            opaque: ClassVerdict::All(Ask),
            unclassified: ClassVerdict::All(Allow),
        },
    ),
    (
        "autonomous",
        Profile {
            read: ClassVerdict::All(Allow),
            create: ClassVerdict::All(Allow),
            modify: ClassVerdict::All(Allow),
            delete: per(Ask, Allow),
            irreversible: per(Deny, Ask),
            opaque: ClassVerdict::All(Ask),
            unclassified: ClassVerdict::All(Allow),
        },
    ),
];

impl Profile {
    /// The verdict for `class` in `env`.
    pub fn verdict(&self, class: ActionClass, env: Environment) -> Verdict {
        match class {
            ActionClass::Read => self.read,
            ActionClass::Create => self.create,
            ActionClass::Modify => self.modify,
            ActionClass::Delete => self.delete,
            ActionClass::Irreversible => self.irreversible,
            ActionClass::Opaque => self.opaque,
        }
        .get(env)
    }

    /// The verdict for a command no rule classifies, in `env`.
    pub fn unclassified(&self, env: Environment) -> Verdict {
        self.unclassified.get(env)
    }

    /// The verdict of one row of the table (`None`: `unclassified`) in `env`.
    fn cell(&self, class: Option<ActionClass>, env: Environment) -> Verdict {
        match class {
            Some(c) => self.verdict(c, env),
            None => self.unclassified(env),
        }
    }

    /// The rows of the table: each class, then `unclassified` (`None`).
    fn rows() -> impl Iterator<Item = (Option<ActionClass>, &'static str)> {
        ActionClass::ALL
            .iter()
            .map(|c| (Some(*c), c.as_str()))
            .chain([(None, "unclassified")])
    }

    /// The first cell (each class, then `unclassified`, in every environment) where this
    /// profile decides more loosely than `than`, described for people (`` `delete` in
    /// development: allow where it was ask ``); `None` when this profile is at least as
    /// strict as `than` everywhere. The tighten-only layering of [`crate::config`] uses it.
    pub fn first_looser_cell(&self, than: &Profile) -> Option<String> {
        Self::rows().find_map(|(class, name)| {
            Environment::ALL.into_iter().find_map(|env| {
                let (new, old) = (self.cell(class, env), than.cell(class, env));
                (new < old).then(|| {
                    format!(
                        "`{name}` in {}: {} where it was {}",
                        env.as_str(),
                        new.as_str(),
                        old.as_str()
                    )
                })
            })
        })
    }

    /// The first row (each class, then `unclassified`) this profile decides more loosely in
    /// `env` than in `than`, described for people (`` `create`: allow in staging, ask in
    /// production ``); `None` when `env` is at least as strict as `than` in every row.
    pub fn first_looser_environment(&self, env: Environment, than: Environment) -> Option<String> {
        Self::rows().find_map(|(class, name)| {
            let (new, old) = (self.cell(class, env), self.cell(class, than));
            (new < old).then(|| {
                format!(
                    "`{name}`: {} in {}, {} in {}",
                    new.as_str(),
                    env.as_str(),
                    old.as_str(),
                    than.as_str()
                )
            })
        })
    }

    /// The built-in profile called `name`.
    pub fn builtin(name: &str) -> Option<Profile> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// Resolve profile `name` among the user's `defined` layers and the built-ins.
    ///
    /// # Errors
    /// A message naming the profile when it does not exist, extends an unknown profile,
    /// extends itself in a cycle, or leaves a class undefined without `extends`.
    pub fn resolve(
        name: &str,
        defined: &BTreeMap<String, ProfileLayer>,
    ) -> Result<Profile, String> {
        Self::resolve_depth(name, defined, 0)
    }

    fn resolve_depth(
        name: &str,
        defined: &BTreeMap<String, ProfileLayer>,
        depth: usize,
    ) -> Result<Profile, String> {
        if depth > 16 {
            return Err(format!("profile `{name}`: `extends` goes round in a cycle"));
        }
        let Some(layer) = defined.get(name) else {
            return Profile::builtin(name).ok_or_else(|| {
                format!(
                    "no profile named `{name}`: define [profiles.{name}] or use one of {}",
                    BUILTIN.map(|(n, _)| n).join(", ")
                )
            });
        };
        let base = match &layer.extends {
            Some(parent) if parent == name => {
                Profile::builtin(name).ok_or_else(|| format!("profile `{name}` extends itself"))?
            }
            Some(parent) => Self::resolve_depth(parent, defined, depth + 1)?,
            None => {
                let complete = [
                    layer.read,
                    layer.create,
                    layer.modify,
                    layer.delete,
                    layer.irreversible,
                    layer.opaque,
                    layer.unclassified,
                ]
                .iter()
                .all(Option::is_some);
                if !complete {
                    return Err(format!(
                        "profile `{name}` sets only some classes: add `extends = \"{DEFAULT_PROFILE}\"` \
                         (or another profile) or give all of read, create, modify, delete, \
                         irreversible, opaque and unclassified"
                    ));
                }
                Profile::builtin(DEFAULT_PROFILE).unwrap_or(BUILTIN[2].1)
            }
        };
        Ok(Profile {
            read: layer.read.unwrap_or(base.read),
            create: layer.create.unwrap_or(base.create),
            modify: layer.modify.unwrap_or(base.modify),
            delete: layer.delete.unwrap_or(base.delete),
            irreversible: layer.irreversible.unwrap_or(base.irreversible),
            opaque: layer.opaque.unwrap_or(base.opaque),
            unclassified: layer.unclassified.unwrap_or(base.unclassified),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversible_changes_staging_but_asks_before_deleting_and_keeps_out_of_production() {
        let p = Profile::builtin("reversible").unwrap();
        assert_eq!(p.verdict(ActionClass::Read, Environment::Production), Allow);
        assert_eq!(p.verdict(ActionClass::Modify, Environment::Staging), Allow);
        assert_eq!(p.verdict(ActionClass::Modify, Environment::Production), Ask);
        assert_eq!(p.verdict(ActionClass::Delete, Environment::Staging), Ask);
        assert_eq!(
            p.verdict(ActionClass::Delete, Environment::Production),
            Deny
        );
        assert_eq!(
            p.verdict(ActionClass::Irreversible, Environment::Development),
            Deny
        );
    }

    #[test]
    fn autonomous_still_stops_before_irreversible() {
        let p = Profile::builtin("autonomous").unwrap();
        assert_eq!(p.verdict(ActionClass::Delete, Environment::Unknown), Allow);
        assert_eq!(
            p.verdict(ActionClass::Irreversible, Environment::Unknown),
            Ask
        );
        assert_eq!(
            p.verdict(ActionClass::Irreversible, Environment::Production),
            Deny
        );
    }

    #[test]
    fn user_profiles_extend_and_override_per_environment() {
        let layer: ProfileLayer = toml::from_str(
            "extends = \"read-only\"\ndelete = { staging = \"ask\", default = \"deny\" }\n",
        )
        .unwrap();
        let defined = BTreeMap::from([("ops".to_owned(), layer)]);
        let p = Profile::resolve("ops", &defined).unwrap();
        assert_eq!(p.verdict(ActionClass::Delete, Environment::Staging), Ask);
        assert_eq!(
            p.verdict(ActionClass::Delete, Environment::Development),
            Deny
        );
        assert_eq!(
            p.verdict(ActionClass::Create, Environment::Development),
            Deny
        );
    }

    #[test]
    fn bad_profiles_are_explained() {
        let defined = BTreeMap::from([
            (
                "half".to_owned(),
                ProfileLayer {
                    read: Some(ClassVerdict::All(Allow)),
                    ..Default::default()
                },
            ),
            (
                "a".to_owned(),
                ProfileLayer {
                    extends: Some("b".into()),
                    ..Default::default()
                },
            ),
            (
                "b".to_owned(),
                ProfileLayer {
                    extends: Some("a".into()),
                    ..Default::default()
                },
            ),
        ]);
        assert!(
            Profile::resolve("nope", &defined)
                .unwrap_err()
                .contains("no profile named")
        );
        assert!(
            Profile::resolve("half", &defined)
                .unwrap_err()
                .contains("extends")
        );
        assert!(
            Profile::resolve("a", &defined)
                .unwrap_err()
                .contains("cycle")
        );
    }
}
