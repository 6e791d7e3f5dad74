//! The tighten-only merge of one configuration layer: what an agent-writable file that no
//! person trusted may change, key by key (the table is in the module docs of
//! [`crate::config`]). Every layer type is destructured in full, so a key added to
//! [`ConfigLayer`], [`AuditLayer`], [`EnvironmentsLayer`] or [`RuleOverride`] does not
//! compile until it is decided here.

use super::{
    AuditLayer, Config, ConfigLayer, EnvironmentNames, EnvironmentsLayer, Ignored, RuleOverride,
};
use crate::decision::{Environment, Verdict};
use crate::profile::budget::{first_looser_budget, first_looser_environment};
use crate::profile::{BUILTIN, Profile, ProfileLayer, budget_in};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layer `layer`, read from `file`, over `config`, keeping only what tightens; everything
/// else is recorded in [`Config::ignored`].
pub(super) fn apply(config: &mut Config, layer: ConfigLayer, file: &Path) {
    let ConfigLayer {
        on_error,
        max_input_bytes,
        max_output_bytes,
        deadline_ms,
        auto_approve,
        rule_files,
        audit,
        profile,
        profiles,
        environments,
        rules,
        mcp,
        // Read by skill-lint only; the guards never look at it: neutral.
        skill_lint: _,
    } = layer;
    let mut t = Tighten { config, file };
    if let Some(v) = on_error {
        t.on_error(v);
    }
    if let Some(v) = max_input_bytes {
        let current = &mut t.config.max_input_bytes;
        if let Some(why) = lower_only(current, v, "would accept larger inputs") {
            t.ignore("max_input_bytes", why);
        }
    }
    if let Some(v) = max_output_bytes {
        let current = &mut t.config.max_output_bytes;
        if let Some(why) = lower_only(
            current,
            v,
            "would show larger outputs instead of withholding them",
        ) {
            t.ignore("max_output_bytes", why);
        }
    }
    if let Some(v) = deadline_ms {
        let current = &mut t.config.deadline_ms;
        if let Some(why) = lower_only(current, v, "would let a hook call run longer") {
            t.ignore("deadline_ms", why);
        }
    }
    match auto_approve {
        Some(false) => t.config.auto_approve = false,
        Some(true) if !t.config.auto_approve => {
            t.ignore("auto_approve", "would approve calls on the person's behalf");
        }
        _ => {}
    }
    // Rule files add rules; their trust and `[[tool]]` tables are judged in
    // `Config::limit_rule_file`.
    let dir = t.dir();
    t.config
        .rule_files
        .extend(rule_files.iter().map(|f| dir.join(f)));
    if let Some(a) = audit {
        t.audit(a);
    }
    for (name, def) in profiles {
        t.profile_definition(name, def);
    }
    if let Some(name) = profile {
        t.active_profile(name);
    }
    if let Some(e) = environments {
        t.environments(e);
    }
    for (id, o) in rules {
        t.rule(id.into_inner(), o);
    }
    // A class from here is a minimum: it can only make a tool's judgement stricter.
    if let Some(m) = mcp {
        t.config.mcp.add(m, file, true);
    }
}

/// One tighten-only layer being applied.
struct Tighten<'a> {
    config: &'a mut Config,
    file: &'a Path,
}

impl Tighten<'_> {
    /// The directory relative paths of the layer are resolved from.
    fn dir(&self) -> PathBuf {
        self.file.parent().unwrap_or(Path::new(".")).to_path_buf()
    }

    fn ignore(&mut self, key: impl Into<String>, what: impl Into<String>) {
        self.config.ignored.push(Ignored {
            file: self.file.to_path_buf(),
            key: key.into(),
            what: what.into(),
        });
    }

    fn on_error(&mut self, v: Verdict) {
        let current = self.config.on_error;
        if v >= current {
            self.config.on_error = v;
        } else {
            self.ignore(
                "on_error",
                format!("`{}` is looser than `{}`", v.as_str(), current.as_str()),
            );
        }
    }

    fn audit(&mut self, layer: AuditLayer) {
        let AuditLayer {
            enabled,
            dir,
            path,
            max_file_bytes,
            retain_days,
            retain_bytes,
            otlp_endpoint,
            otlp_timeout_ms,
        } = layer;
        let base = self.dir();
        match enabled {
            Some(true) => self.config.audit.enabled = true,
            Some(false) if self.config.audit.enabled => {
                self.ignore("audit.enabled", "`false` would stop the audit trail");
            }
            _ => {}
        }
        let current = &self.config.audit;
        if let Some(d) = dir.map(|d| base.join(d))
            && (current.path.is_some() || current.dir.as_ref() != Some(&d))
        {
            self.ignore(
                "audit.dir",
                format!(
                    "`{}` would move the trail and the session budgets counted beside it",
                    d.display()
                ),
            );
        }
        let current = &self.config.audit;
        if let Some(p) = path.map(|p| base.join(p))
            && current.path.as_ref() != Some(&p)
        {
            self.ignore(
                "audit.path",
                format!("`{}` would move the trail", p.display()),
            );
        }
        if let Some(v) = max_file_bytes {
            // Neutral: it only chooses the file a day's records continue in.
            self.config.audit.max_file_bytes = v;
        }
        // A longer retention keeps more; a shorter one would delete records sooner.
        let retention = [
            (
                "audit.retain_days",
                retain_days,
                &mut self.config.audit.retain_days,
            ),
            (
                "audit.retain_bytes",
                retain_bytes,
                &mut self.config.audit.retain_bytes,
            ),
        ];
        let mut shorter = Vec::new();
        for (key, v, current) in retention {
            let Some(v) = v else { continue };
            if keeps_at_least(v, *current) {
                *current = v;
            } else {
                shorter.push((
                    key,
                    format!("{v} would delete records sooner than {current}"),
                ));
            }
        }
        for (key, why) in shorter {
            self.ignore(key, why);
        }
        if let Some(e) = otlp_endpoint {
            let e = Some(e).filter(|e| !e.is_empty());
            if e != self.config.audit.otlp_endpoint {
                self.ignore(
                    "audit.otlp_endpoint",
                    "it would change where audit records are exported",
                );
            }
        }
        if let Some(v) = otlp_timeout_ms
            && v != self.config.audit.otlp_timeout_ms
        {
            self.ignore(
                "audit.otlp_timeout_ms",
                "shorter drops records from the export, longer holds every hook call",
            );
        }
    }

    /// `[profiles.NAME]`: applied when no profile that resolved before resolves to
    /// anything looser (or with a bigger budget) afterwards, and no profile that did not
    /// resolve starts to.
    fn profile_definition(&mut self, name: String, def: ProfileLayer) {
        let before = &self.config.profiles;
        let mut after = before.clone();
        after.insert(name.clone(), def);
        match first_loosened(before, &after, &self.config.profile) {
            None => self.config.profiles = after,
            Some(why) => self.ignore(format!("profiles.{name}"), why),
        }
    }

    /// `profile = NAME`: applied when NAME is no looser than the active profile. A name
    /// that does not resolve is applied, so that loading fails closed naming it.
    fn active_profile(&mut self, name: String) {
        let profiles = &self.config.profiles;
        let current = &self.config.profile;
        if name == *current {
            return;
        }
        let Ok(new) = Profile::resolve(&name, profiles) else {
            self.config.profile = name;
            return;
        };
        let why = match Profile::resolve(current, profiles) {
            Err(_) => Some(format!(
                "it would replace the profile `{current}` a person chose, which is not defined"
            )),
            Ok(old) => new
                .first_looser_cell(&old)
                .or_else(|| {
                    first_looser_budget(budget_in(&name, profiles), budget_in(current, profiles))
                        .map(|b| format!("budget {b}"))
                })
                .map(|cell| format!("`{name}` is looser than `{current}`: {cell}")),
        };
        match why {
            None => self.config.profile = name,
            Some(why) => self.ignore("profile", why),
        }
    }

    /// `[environments]`: each list adds its new globs when that tightens (see the module
    /// docs of `config`); removing a glob is ignored.
    fn environments(&mut self, layer: EnvironmentsLayer) {
        let EnvironmentsLayer {
            production,
            staging,
            development,
        } = layer;
        use Environment::{Development, Production, Staging, Unknown};
        /// The effective list of one environment.
        type Globs = fn(&mut EnvironmentNames) -> &mut Vec<String>;
        /// An environment, the layer's list, the environments a name its new globs match
        /// could come from (staging globs are tried first, development ones last), and
        /// the effective list.
        type List = (
            Environment,
            Option<Vec<String>>,
            &'static [Environment],
            Globs,
        );
        let lists: [List; 3] = [
            (Staging, staging, &[Production, Development, Unknown], |e| {
                &mut e.staging
            }),
            (Production, production, &[Development, Unknown], |e| {
                &mut e.production
            }),
            (Development, development, &[Unknown], |e| &mut e.development),
        ];
        for (env, list, from, globs) in lists {
            let Some(list) = list else { continue };
            let key = format!("environments.{}", env.as_str());
            let current = globs(&mut self.config.environments).clone();
            let has = |globs: &[String], g: &str| globs.iter().any(|c| c.eq_ignore_ascii_case(g));
            let removed: Vec<&String> = current.iter().filter(|g| !has(&list, g)).collect();
            if !removed.is_empty() {
                self.ignore(
                    key.clone(),
                    format!(
                        "removing {} would take names out of {}",
                        quoted(&removed),
                        env.as_str()
                    ),
                );
            }
            let added: Vec<String> = list.into_iter().filter(|g| !has(&current, g)).collect();
            if added.is_empty() {
                continue;
            }
            match self.looser_move(env, from) {
                None => globs(&mut self.config.environments).extend(added),
                Some(why) => {
                    let added: Vec<&String> = added.iter().collect();
                    self.ignore(
                        key,
                        format!(
                            "adding {} could move names into a looser environment: {why}",
                            quoted(&added)
                        ),
                    );
                }
            }
        }
    }

    /// Why moving a name from any of `from` into `env` would loosen the active profile
    /// (or its budget); `None` when it cannot.
    fn looser_move(&self, env: Environment, from: &[Environment]) -> Option<String> {
        let (name, profiles) = (&self.config.profile, &self.config.profiles);
        let Ok(profile) = Profile::resolve(name, profiles) else {
            return Some(format!("the profile `{name}` is not defined"));
        };
        let budget = budget_in(name, profiles);
        from.iter().find_map(|than| {
            profile
                .first_looser_environment(env, *than)
                .or_else(|| first_looser_environment(budget, env, *than))
                .map(|why| format!("profile `{name}`: {why}"))
        })
    }

    /// `[rules."ID"]`: `enabled = true` applies; `enabled = false` is ignored unless the
    /// rule is already off; `decision` becomes a minimum when it is at or above the
    /// current decision (a person's override, else the built-in rule's own).
    fn rule(&mut self, id: String, layer: RuleOverride) {
        let RuleOverride { decision, enabled } = layer;
        let key = |k: &str| format!("rules.\"{id}\".{k}");
        let current = self.config.rules.get(&id).cloned().unwrap_or_default();
        match enabled {
            Some(true) => self.config.rules.entry(id.clone()).or_default().enabled = Some(true),
            Some(false) if current.enabled != Some(false) => {
                self.ignore(key("enabled"), "`false` would turn the rule off");
            }
            _ => {}
        }
        let Some(v) = decision else { return };
        let own = current
            .decision
            .or_else(|| crate::rules::builtin_decision(&id));
        match own {
            Some(own) if v < own => self.ignore(
                key("decision"),
                format!("`{}` would lower the rule's `{}`", v.as_str(), own.as_str()),
            ),
            _ => {
                let slot = self.config.rules_at_least.entry(id).or_insert(v);
                *slot = (*slot).max(v);
            }
        }
    }
}

/// Set `current` to `v` when that lowers it (or keeps it); otherwise leave it and say why
/// not (`{v} {what} than {current}`).
fn lower_only(current: &mut u64, v: u64, what: &str) -> Option<String> {
    if v <= *current {
        *current = v;
        None
    } else {
        Some(format!("{v} {what} than {current}"))
    }
}

/// True when the retention limit `v` keeps at least as much as `current` (0 is no limit,
/// the most): what a tighten-only configuration layer may set.
fn keeps_at_least(v: u64, current: u64) -> bool {
    v == 0 || (current != 0 && v >= current)
}

/// Why `after` loosens a profile compared with `before` (every built-in name, every name
/// defined before, and the active one); `None` when it does not.
fn first_loosened(
    before: &BTreeMap<String, ProfileLayer>,
    after: &BTreeMap<String, ProfileLayer>,
    active: &str,
) -> Option<String> {
    let mut names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    names.extend(before.keys().map(String::as_str));
    names.push(active);
    names.into_iter().find_map(|name| {
        match (Profile::resolve(name, before), Profile::resolve(name, after)) {
            (Err(_), Err(_)) => None,
            (Err(_), Ok(_)) => Some(format!(
                "it would define the profile `{name}`, which a person's layer names but leaves undefined"
            )),
            (Ok(_), Err(e)) => Some(format!("it would break the profile `{name}`: {e}")),
            (Ok(old), Ok(new)) => new
                .first_looser_cell(&old)
                .or_else(|| {
                    first_looser_budget(budget_in(name, after), budget_in(name, before))
                        .map(|b| format!("budget {b}"))
                })
                .map(|why| format!("the profile `{name}` would be looser: {why}")),
        }
    })
}

/// `` `a`, `b` `` for a list of globs.
fn quoted(globs: &[&String]) -> String {
    globs
        .iter()
        .map(|g| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::keeps_at_least;
    use crate::config::{Config, ConfigSources, PROJECT_FILE};
    use crate::decision::{ActionClass, Environment, Verdict};
    use crate::trust::TrustStore;

    /// `user` as a person's layer, then `project` as an untrusted project file.
    fn layered(user: &str, project: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let (u, p) = (dir.path().join("user.toml"), dir.path().join(PROJECT_FILE));
        std::fs::write(&u, user).unwrap();
        std::fs::write(&p, project).unwrap();
        Config::load(&ConfigSources {
            user: Some(u),
            project: Some(p),
            explicit: None,
            trust: None,
        })
        .unwrap()
    }

    fn ignored(c: &Config) -> Vec<&str> {
        c.ignored.iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn on_error_may_only_rise() {
        let c = layered("on_error = \"ask\"", "on_error = \"deny\"");
        assert_eq!((c.on_error, ignored(&c)), (Verdict::Deny, vec![]));
        let c = layered("on_error = \"ask\"", "on_error = \"allow\"");
        assert_eq!((c.on_error, ignored(&c)), (Verdict::Ask, vec!["on_error"]));
        let c = layered("", "on_error = \"ask\"");
        assert_eq!((c.on_error, ignored(&c)), (Verdict::Deny, vec!["on_error"]));
    }

    #[test]
    fn max_input_bytes_may_only_fall() {
        let c = layered("max_input_bytes = 1000", "max_input_bytes = 500");
        assert_eq!((c.max_input_bytes, ignored(&c)), (500, vec![]));
        let c = layered("max_input_bytes = 1000", "max_input_bytes = 2000");
        assert_eq!(
            (c.max_input_bytes, ignored(&c)),
            (1000, vec!["max_input_bytes"])
        );
    }

    #[test]
    fn max_output_bytes_may_only_fall() {
        let c = layered("", "max_output_bytes = 1000");
        assert_eq!((c.max_output_bytes, ignored(&c)), (1000, vec![]));
        let c = layered("max_output_bytes = 1000", "max_output_bytes = 2000");
        assert_eq!(
            (c.max_output_bytes, ignored(&c)),
            (1000, vec!["max_output_bytes"])
        );
    }

    #[test]
    fn auto_approve_may_be_turned_off_but_not_on() {
        let c = layered("", "auto_approve = true");
        assert_eq!((c.auto_approve, ignored(&c)), (false, vec!["auto_approve"]));
        let c = layered("auto_approve = true", "auto_approve = false");
        assert_eq!((c.auto_approve, ignored(&c)), (false, Vec::<&str>::new()));
        let c = layered("auto_approve = true", "auto_approve = true");
        assert_eq!((c.auto_approve, ignored(&c)), (true, Vec::<&str>::new()));
    }

    #[test]
    fn deadline_ms_may_only_fall() {
        let c = layered("deadline_ms = 2000", "deadline_ms = 500");
        assert_eq!((c.deadline_ms, ignored(&c)), (500, vec![]));
        let c = layered("deadline_ms = 2000", "deadline_ms = 5000");
        assert_eq!((c.deadline_ms, ignored(&c)), (2000, vec!["deadline_ms"]));
        let c = layered("", "deadline_ms = 1001");
        assert_eq!(c.deadline_ms, crate::config::DEFAULT_DEADLINE_MS);
        assert_eq!(ignored(&c), ["deadline_ms"]);
    }

    #[test]
    fn audit_may_be_turned_on_but_not_off_moved_or_exported_elsewhere() {
        let c = layered("", "[audit]\nenabled = true\nmax_file_bytes = 10\n");
        assert!(c.audit.enabled && ignored(&c).is_empty());
        assert_eq!(c.audit.max_file_bytes, 10);
        let c = layered("[audit]\nenabled = true\n", "[audit]\nenabled = false\n");
        assert!(c.audit.enabled);
        assert_eq!(ignored(&c), ["audit.enabled"]);
        let c = layered("[audit]\nenabled = false\n", "[audit]\nenabled = false\n");
        assert!(!c.audit.enabled && ignored(&c).is_empty());
        // On by default: a project file cannot turn it off, a person's file can.
        let c = layered("", "[audit]\nenabled = false\n");
        assert!(c.audit.enabled);
        assert_eq!(ignored(&c), ["audit.enabled"]);
        assert!(!layered("[audit]\nenabled = false\n", "").audit.enabled);

        // Retention may grow (0 is unlimited), not shrink.
        let c = layered("", "[audit]\nretain_days = 365\nretain_bytes = 0\n");
        assert!(ignored(&c).is_empty(), "{:?}", c.ignored);
        assert_eq!((c.audit.retain_days, c.audit.retain_bytes), (365, 0));
        let c = layered(
            "[audit]\nretain_days = 0\n",
            "[audit]\nretain_days = 1\nretain_bytes = 10\n",
        );
        assert_eq!(ignored(&c), ["audit.retain_days", "audit.retain_bytes"]);
        assert_eq!(
            (c.audit.retain_days, c.audit.retain_bytes),
            (0, 1024 * 1024 * 1024)
        );

        let user = "[audit]\ndir = \"trail\"\notlp_endpoint = \"http://127.0.0.1:4318/v1/logs\"\n\
                    otlp_timeout_ms = 100\nmax_file_bytes = 100\n";
        let same = layered(user, user);
        assert!(ignored(&same).is_empty(), "{:?}", same.ignored);
        let moved = layered(
            user,
            "[audit]\ndir = \"elsewhere\"\npath = \"a.jsonl\"\notlp_endpoint = \"\"\n\
             otlp_timeout_ms = 5\nmax_file_bytes = 1\n",
        );
        assert_eq!(
            ignored(&moved),
            [
                "audit.dir",
                "audit.path",
                "audit.otlp_endpoint",
                "audit.otlp_timeout_ms"
            ]
        );
        assert!(
            moved
                .audit
                .dir
                .as_ref()
                .is_some_and(|d| d.ends_with("trail"))
        );
        assert_eq!(moved.audit.path, None);
        assert_eq!(moved.audit.otlp_endpoint, same.audit.otlp_endpoint);
        assert_eq!(moved.audit.otlp_timeout_ms, 100);
        assert_eq!(moved.audit.max_file_bytes, 1);
        let longer = layered(user, "[audit]\notlp_timeout_ms = 60000\n");
        assert_eq!(ignored(&longer), ["audit.otlp_timeout_ms"]);
        let added = layered(
            "",
            "[audit]\notlp_endpoint = \"http://evil.invalid/v1/logs\"\n",
        );
        assert_eq!(added.audit.otlp_endpoint, None);
        assert_eq!(ignored(&added), ["audit.otlp_endpoint"]);
    }

    #[test]
    fn longer_or_unlimited_retention_keeps_at_least_as_much() {
        assert!(keeps_at_least(0, 90) && keeps_at_least(0, 0) && keeps_at_least(120, 90));
        assert!(!keeps_at_least(30, 90) && !keeps_at_least(30, 0));
    }

    #[test]
    fn the_active_profile_may_only_narrow() {
        let c = layered("", "profile = \"read-only\"");
        assert_eq!((c.profile.as_str(), ignored(&c)), ("read-only", vec![]));
        let c = layered("", "profile = \"autonomous\"");
        assert_eq!(
            (c.profile.as_str(), ignored(&c)),
            ("reversible", vec!["profile"])
        );
        let what = &c.ignored[0].what;
        assert!(
            what.contains("`create` in production: allow where it was ask"),
            "{what}"
        );
        let c = layered("profile = \"propose-only\"", "profile = \"reversible\"");
        assert_eq!(c.profile, "propose-only");
        assert_eq!(ignored(&c), ["profile"]);
        // A new profile the project defines may be chosen when it is narrower.
        let c = layered(
            "",
            "profile = \"careful\"\n[profiles.careful]\nextends = \"reversible\"\ndelete = \"deny\"\n",
        );
        assert_eq!((c.profile.as_str(), ignored(&c)), ("careful", vec![]));
        // An unknown name is not ignored: loading fails closed on it.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(PROJECT_FILE);
        std::fs::write(&p, "profile = \"nope\"").unwrap();
        let err = Config::load(&ConfigSources {
            project: Some(p),
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn the_active_profile_may_not_drop_or_raise_the_budget() {
        let user = "profile = \"ops\"\n[profiles.ops]\nextends = \"reversible\"\n\
                    [profiles.ops.budget]\ndelete = 3\n";
        let none = layered(user, "profile = \"reversible\"");
        assert_eq!(
            (none.profile.as_str(), ignored(&none)),
            ("ops", vec!["profile"])
        );
        assert!(
            none.ignored[0]
                .what
                .contains("no `delete` cap where it was 3")
        );
        let lower = layered(
            user,
            "profile = \"lean\"\n[profiles.lean]\nextends = \"reversible\"\n\
             [profiles.lean.budget]\ndelete = 2\nproduction.create = 1\n",
        );
        assert_eq!((lower.profile.as_str(), ignored(&lower)), ("lean", vec![]));
    }

    #[test]
    fn profiles_may_be_added_or_narrowed_but_not_widened() {
        let c = layered(
            "",
            "[profiles.reversible]\nextends = \"reversible\"\ndelete = \"deny\"\n",
        );
        let p = c.active_profile().unwrap();
        assert_eq!(
            p.verdict(ActionClass::Delete, Environment::Unknown),
            Verdict::Deny
        );
        assert!(ignored(&c).is_empty());

        let c = layered("", "[profiles.reversible]\nextends = \"autonomous\"\n");
        assert_eq!(ignored(&c), ["profiles.reversible"]);
        let p = c.active_profile().unwrap();
        assert_eq!(
            p.verdict(ActionClass::Delete, Environment::Unknown),
            Verdict::Ask
        );

        let user = "[profiles.ops]\nextends = \"autonomous\"\nirreversible = \"deny\"\n";
        let c = layered(user, "[profiles.ops]\nextends = \"autonomous\"\n");
        assert_eq!(ignored(&c), ["profiles.ops"]);
        let c = layered(user, "[profiles.ops]\nextends = \"read-only\"\n");
        assert!(ignored(&c).is_empty());
        assert_eq!(c.profiles["ops"].extends.as_deref(), Some("read-only"));

        // Any new name may be defined, however loose: only choosing it is checked.
        let c = layered(
            "",
            "[profiles.yolo]\nextends = \"autonomous\"\nirreversible = \"allow\"\n",
        );
        assert!(c.profiles.contains_key("yolo") && ignored(&c).is_empty());
        assert_eq!(c.profile, "reversible");

        // A person's layer names `team` but leaves it undefined: the project may not
        // supply it.
        let dir = tempfile::tempdir().unwrap();
        let (u, p) = (dir.path().join("u.toml"), dir.path().join(PROJECT_FILE));
        std::fs::write(&u, "profile = \"team\"").unwrap();
        std::fs::write(&p, "[profiles.team]\nextends = \"autonomous\"\n").unwrap();
        let sources = ConfigSources {
            user: Some(u),
            project: Some(p),
            ..Default::default()
        };
        assert!(Config::load(&sources).is_err());
    }

    #[test]
    fn budgets_may_be_lowered_or_added_but_not_raised_removed_or_softened() {
        let user = "profile = \"ops\"\n[profiles.ops]\nextends = \"reversible\"\n\
                    [profiles.ops.budget]\ndelete = 3\nproduction.create = 5\n";
        let redefine = |budget: &str| {
            layered(
                user,
                &format!(
                    "[profiles.ops]\nextends = \"reversible\"\n[profiles.ops.budget]\n{budget}\n"
                ),
            )
        };
        for tighter in [
            "delete = 2\nproduction.create = 5",
            "delete = 3\nproduction.create = 1\nirreversible = 0",
            "delete = 3\nproduction.create = 5\nexceeded = \"deny\"",
        ] {
            let c = redefine(tighter);
            assert!(ignored(&c).is_empty(), "{tighter}: {:?}", c.ignored);
        }
        for looser in [
            "delete = 4\nproduction.create = 5",
            "delete = 3",
            "production.create = 5",
            "delete = 3\nproduction.create = 6",
            "delete = 3\nproduction.create = 5\nexceeded = \"ask\"",
        ] {
            let c = redefine(looser);
            assert_eq!(ignored(&c), ["profiles.ops"], "{looser}");
            assert_eq!(crate::config::budget_of(&c).and_then(|b| b.delete), Some(3));
        }
        let added = layered(
            "",
            "[profiles.reversible]\nextends = \"reversible\"\n[profiles.reversible.budget]\ndelete = 1\n",
        );
        assert!(ignored(&added).is_empty());
        assert_eq!(
            crate::config::budget_of(&added).and_then(|b| b.delete),
            Some(1)
        );
    }

    #[test]
    fn environment_globs_may_be_added_where_that_tightens_but_not_removed() {
        let c = layered(
            "",
            "[environments]\nproduction = [\"*prod*\", \"*prd*\", \"live\", \"*-live\", \"live-*\", \"main-*\"]\n",
        );
        assert!(ignored(&c).is_empty());
        assert_eq!(c.environments.classify("main-eu"), Environment::Production);

        let c = layered("", "[environments]\nproduction = [\"main-*\"]\n");
        assert_eq!(ignored(&c), ["environments.production"]);
        assert!(c.ignored[0].what.contains("`*prod*`"));
        assert_eq!(c.environments.classify("prod"), Environment::Production);
        assert_eq!(c.environments.classify("main-eu"), Environment::Production);

        // Development is tried last, and `reversible` treats it like unknown.
        let c = layered(
            "",
            "[environments]\ndevelopment = [\"*dev*\", \"*test*\", \"local\", \"localhost\", \"sandbox*\", \"*-sbx\", \"minikube\", \"kind-*\", \"docker-desktop\", \"scratch\"]\n",
        );
        assert!(ignored(&c).is_empty(), "{:?}", c.ignored);
        assert_eq!(c.environments.classify("scratch"), Environment::Development);

        // Staging globs are tried first: `*` would take every production name.
        let staging = "[environments]\nstaging = [\"*stag*\", \"*stg*\", \"*preprod*\", \"*pre-prod*\", \"uat\", \"*-uat\", \"uat-*\", \"*\"]\n";
        let c = layered("", staging);
        assert_eq!(ignored(&c), ["environments.staging"]);
        assert!(
            c.ignored[0].what.contains("profile `reversible`"),
            "{}",
            c.ignored[0].what
        );
        assert_eq!(c.environments.classify("prod"), Environment::Production);
        // Under read-only every environment decides alike, so it cannot loosen.
        let c = layered("profile = \"read-only\"", staging);
        assert!(ignored(&c).is_empty());
        assert_eq!(c.environments.classify("prod"), Environment::Staging);

        // A budget capped in unknown but not in development: moving names there loosens.
        let capped = "profile = \"ops\"\n[profiles.ops]\nextends = \"reversible\"\n\
                      [profiles.ops.budget]\nunknown.create = 5\n";
        let c = layered(
            capped,
            "[environments]\ndevelopment = [\"*dev*\", \"acme\"]\n",
        );
        assert_eq!(
            ignored(&c),
            ["environments.development", "environments.development"]
        );
        assert!(
            c.ignored[1]
                .what
                .contains("the unknown cap on `create` is 5"),
            "{}",
            c.ignored[1].what
        );
        assert_eq!(c.environments.classify("acme"), Environment::Unknown);
    }

    #[test]
    fn rules_may_be_turned_on_or_raised_but_not_off_or_lowered() {
        let c = layered("", "[rules.\"git.reset-hard\"]\nenabled = false\n");
        assert_eq!(ignored(&c), ["rules.\"git.reset-hard\".enabled"]);
        assert!(!c.rules.contains_key("git.reset-hard"));
        let off = "[rules.\"git.reset-hard\"]\nenabled = false\n";
        let c = layered(off, "[rules.\"git.reset-hard\"]\nenabled = true\n");
        assert_eq!(c.rules["git.reset-hard"].enabled, Some(true));
        let c = layered(off, off);
        assert!(ignored(&c).is_empty());
        assert_eq!(c.rules["git.reset-hard"].enabled, Some(false));

        // git.reset-hard denies on its own: ask would lower it.
        let c = layered("", "[rules.\"git.reset-hard\"]\ndecision = \"ask\"\n");
        assert_eq!(ignored(&c), ["rules.\"git.reset-hard\".decision"]);
        assert!(c.rules_at_least.is_empty());
        let c = layered("", "[rules.\"secrets.github-pat\"]\ndecision = \"allow\"\n");
        assert_eq!(ignored(&c), ["rules.\"secrets.github-pat\".decision"]);
        // A person's override is the current decision.
        let c = layered(
            "[rules.\"git.reset-hard\"]\ndecision = \"ask\"\n",
            "[rules.\"git.reset-hard\"]\ndecision = \"deny\"\n",
        );
        assert!(ignored(&c).is_empty());
        assert_eq!(c.rules_at_least["git.reset-hard"], Verdict::Deny);
        let c = layered(
            "[rules.\"git.push-force\"]\ndecision = \"deny\"\n",
            "[rules.\"git.push-force\"]\ndecision = \"ask\"\n",
        );
        assert_eq!(ignored(&c), ["rules.\"git.push-force\".decision"]);
        // A classifier rule (the profile decides) may get a minimum.
        let c = layered("", "[rules.\"aws.delete\"]\ndecision = \"ask\"\n");
        assert!(ignored(&c).is_empty(), "{:?}", c.ignored);
        assert_eq!(c.rules_at_least["aws.delete"], Verdict::Ask);
    }

    #[test]
    fn skill_lint_settings_are_neutral() {
        let c = layered("", "[skill_lint]\nmin_description_length = 40\n");
        assert!(ignored(&c).is_empty());
        let values = |c: &Config| {
            let dump = c.to_toml();
            dump.lines()
                .filter(|l| !l.starts_with('#'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&c), values(&layered("", "")));
    }

    #[test]
    fn rules_from_an_untrusted_rule_file_add_findings_but_never_loosen() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("user.toml");
        std::fs::write(&user, "profile = \"read-only\"").unwrap();
        let project = dir.path().join(PROJECT_FILE);
        std::fs::write(&project, "rule_files = [\"team.toml\"]\n").unwrap();
        let rule = |id: &str, command: &str, extra: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nclass = \"read\"\nseverity = \"low\"\nmessage = \"m\"\n\
                 why = \"w\"\ninstead = \"i\"\nexamples = [\"{command}\"]\n\
                 [[rule.match]]\ncommand = [\"{command}\"]\n{extra}"
            )
        };
        let team = dir.path().join("team.toml");
        std::fs::write(
            &team,
            format!(
                "[[tool]]\nname = \"rm\"\nvalue_options = [\"-rf\"]\n\n{}\n{}",
                rule("team.deploy-read", "deploy", ""),
                rule("team.reset-read", "git", "subcommand = [\"reset\"]\n"),
            ),
        )
        .unwrap();
        let store = dir.path().join("trust.json");
        let sources = ConfigSources {
            user: Some(user),
            project: Some(project),
            explicit: None,
            trust: Some(store.clone()),
        };
        let decide = |config: &Config, line: &str| {
            let trace = crate::command::trace_in(line, Some(dir.path()), config).unwrap();
            crate::decide_trace("command-guard", &trace, config).verdict
        };
        let untrusted = Config::load(&sources).unwrap();
        let rules = crate::command::rules_for(&untrusted, Some(&["deploy", "rm"])).unwrap();
        assert!(
            rules
                .rule("team.deploy-read")
                .is_some_and(|r| r.tighten_only)
        );
        assert!(rules.tool("rm").is_none());
        // `read-only` asks before commands no rule classifies; a project's rule calling
        // `deploy` a read does not make it run unattended, nor `git reset --hard` allowed.
        assert_eq!(decide(&untrusted, "deploy acme"), Verdict::Ask);
        assert_eq!(decide(&untrusted, "git reset --hard"), Verdict::Deny);

        TrustStore::update(&store, |s| s.trust(&team)).unwrap();
        let trusted = Config::load(&sources).unwrap();
        let rules = crate::command::rules_for(&trusted, Some(&["deploy", "rm"])).unwrap();
        assert!(
            rules
                .rule("team.deploy-read")
                .is_some_and(|r| !r.tighten_only)
        );
        assert!(rules.tool("rm").is_some_and(|t| t.value_options == ["-rf"]));
        assert_eq!(decide(&trusted, "deploy acme"), Verdict::Allow);
        assert_eq!(decide(&trusted, "git reset --hard"), Verdict::Deny);
    }
}
