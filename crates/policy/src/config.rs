//! Configuration: TOML, layered. Built-in defaults < the user's
//! `~/.config/hookkit/config.toml` (`$XDG_CONFIG_HOME`) < the project's `.hookkit.toml`,
//! found from the tool call's working directory upward < `$HOOKKIT_CONFIG` (or a guard's
//! `--config FILE`). Unknown keys are errors that name the file, line and column.
//!
//! ```toml
//! on_error = "deny"            # what hookkit's own failure becomes: deny | ask | allow
//! max_input_bytes = 4194304    # larger hook inputs are refused (on_error)
//! deadline_ms = 1000           # a hook call not answered by then gets on_error
//! rule_files = ["hookkit-rules.toml"]   # extra rule files, relative to this file
//!
//! [audit]
//! enabled = true
//! dir = "/var/log/hookkit"    # default: $XDG_STATE_HOME/hookkit/audit (a file per day)
//! max_file_bytes = 67108864    # a day's file continues in audit-DAY.1.jsonl past this
//! otlp_endpoint = "http://127.0.0.1:4318/v1/logs"   # optional OpenTelemetry export
//! otlp_timeout_ms = 100
//!
//! [rules."git.tag-delete"]
//! decision = "ask"             # override the rule's own decision
//! [rules."files.rm-recursive-outside-project"]
//! enabled = false
//! ```
//!
//! The JSON Schema of a layer, generated from [`ConfigLayer`], is checked in at
//! `schemas/hookkit-config.schema.json`.

use crate::decision::{Environment, Verdict};
use crate::error::Error;
use crate::profile::{DEFAULT_PROFILE, Profile, ProfileLayer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name of a project's configuration.
pub const PROJECT_FILE: &str = ".hookkit.toml";

/// The default largest hook input, in bytes (4 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// The default per-call deadline, in milliseconds.
pub const DEFAULT_DEADLINE_MS: u64 = 1000;

/// The largest `deadline_ms` accepted: half the 10 s hook timeout of hookkit's
/// registrations, so that the guard always answers before the host gives up on it (a host
/// runs the call on a timeout).
pub const MAX_DEADLINE_MS: u64 = 5000;

/// One configuration file, as written. Every field is optional: a layer only says what it
/// changes.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "hookkit configuration (.hookkit.toml, ~/.config/hookkit/config.toml)")]
pub struct ConfigLayer {
    /// What hookkit's own failure (bad input, an internal error) becomes. Default `deny`;
    /// `allow` lets every call through when hookkit breaks and is not recommended.
    pub on_error: Option<Verdict>,
    /// Hook inputs larger than this many bytes are refused with the `on_error` decision.
    /// Default 4194304 (4 MiB).
    pub max_input_bytes: Option<u64>,
    /// The time a hook call may take, in milliseconds from the hook's start: past it, the
    /// call gets the `on_error` decision, with a reason saying it was too large or too
    /// complex to analyse. 1 to 5000; default 1000. Keep it under the host's hook timeout
    /// (10 s in hookkit's registrations): a host runs the call when its hook times out.
    pub deadline_ms: Option<u64>,
    /// Extra rule files (same format as hookkit's own), relative to this file.
    #[serde(default)]
    pub rule_files: Vec<PathBuf>,
    /// The audit log.
    pub audit: Option<AuditLayer>,
    /// The active profile: a built-in (`read-only`, `propose-only`, `reversible`,
    /// `autonomous`) or one defined under `[profiles]`. Default `reversible`.
    pub profile: Option<String>,
    /// User-defined profiles (see `hookkit_policy::profile`).
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileLayer>,
    /// Which environment names (a `--profile`, `--context`, namespace, project, workspace
    /// or host name) mean which environment, as globs.
    pub environments: Option<EnvironmentsLayer>,
    /// Per-rule overrides, keyed by rule id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleOverride>")]
    pub rules: BTreeMap<Spanned<String>, RuleOverride>,
    /// Project rules for `skill-lint` (required and forbidden frontmatter fields, a name
    /// pattern, a minimum description length). skill-lint reads and checks this table
    /// itself (see crates/skill-lint); the guards only accept it.
    #[schemars(with = "Option<BTreeMap<String, serde_json::Value>>")]
    pub skill_lint: Option<toml::Table>,
}

/// The `[audit]` table.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditLayer {
    /// Append one JSON line per decision, before and after each tool call. Default false.
    pub enabled: Option<bool>,
    /// The trail directory: one file per UTC day, `audit-YYYY-MM-DD.jsonl`, split at
    /// `max_file_bytes`. Default `$XDG_STATE_HOME/hookkit/audit`
    /// (`~/.local/state/hookkit/audit`). Session budgets are counted under its
    /// `sessions/` directory.
    pub dir: Option<PathBuf>,
    /// One file instead of the daily files of `dir` (never split). Relative to this
    /// configuration file.
    pub path: Option<PathBuf>,
    /// The size at which a day's file is continued in `audit-DAY.1.jsonl`, `.2`…, in
    /// bytes; 0 never splits. Default 67108864 (64 MiB).
    pub max_file_bytes: Option<u64>,
    /// Also export each record as an OpenTelemetry log record, OTLP/HTTP JSON, to this
    /// collector URL (`http://HOST:PORT/v1/logs`; plain HTTP only). Default: no export.
    pub otlp_endpoint: Option<String>,
    /// The most time the export may take, in milliseconds (connect, send, read the
    /// status); on timeout the record is dropped from the export, never from the local
    /// trail. Default 100.
    pub otlp_timeout_ms: Option<u64>,
}

/// The `[environments]` table: globs per environment, matched case-insensitively against
/// the names a command uses. A layer's list replaces the one below it.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentsLayer {
    /// Default `["*prod*", "*prd*", "live", "*-live", "live-*"]`.
    pub production: Option<Vec<String>>,
    /// Default `["*stag*", "*stg*", "*preprod*", "*pre-prod*", "uat", "*-uat", "uat-*"]`;
    /// checked before production, so `preprod` is staging.
    pub staging: Option<Vec<String>>,
    /// Default `["*dev*", "*test*", "local", "localhost", "sandbox*", "*-sbx", "minikube", "kind-*", "docker-desktop"]`.
    pub development: Option<Vec<String>>,
}

/// The effective `[environments]` globs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentNames {
    /// Names that mean production.
    pub production: Vec<String>,
    /// Names that mean staging (checked first).
    pub staging: Vec<String>,
    /// Names that mean development (checked last).
    pub development: Vec<String>,
}

impl Default for EnvironmentNames {
    fn default() -> Self {
        let v = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect();
        EnvironmentNames {
            production: v(&["*prod*", "*prd*", "live", "*-live", "live-*"]),
            staging: v(&[
                "*stag*",
                "*stg*",
                "*preprod*",
                "*pre-prod*",
                "uat",
                "*-uat",
                "uat-*",
            ]),
            development: v(&[
                "*dev*",
                "*test*",
                "local",
                "localhost",
                "sandbox*",
                "*-sbx",
                "minikube",
                "kind-*",
                "docker-desktop",
            ]),
        }
    }
}

impl EnvironmentNames {
    /// The environment `name` means: staging globs first, then production, then
    /// development; case-insensitive. Unknown when none matches.
    pub fn classify(&self, name: &str) -> Environment {
        let name = name.to_ascii_lowercase();
        let any = |globs: &[String]| {
            globs
                .iter()
                .any(|g| glob_match(&g.to_ascii_lowercase(), &name))
        };
        if any(&self.staging) {
            Environment::Staging
        } else if any(&self.production) {
            Environment::Production
        } else if any(&self.development) {
            Environment::Development
        } else {
            Environment::Unknown
        }
    }
}

/// `*` (any run) and `?` (one character) glob match, linear in practice for the short
/// names involved.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// An override of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    /// The decision when the rule fires, instead of the rule's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Verdict>,
    /// `false` turns the rule off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The effective configuration after layering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// What hookkit's own failure becomes.
    pub on_error: Verdict,
    /// The largest hook input accepted, in bytes.
    pub max_input_bytes: u64,
    /// The per-call deadline, in milliseconds.
    pub deadline_ms: u64,
    /// Extra rule files, absolute.
    pub rule_files: Vec<PathBuf>,
    /// The audit log.
    pub audit: AuditConfig,
    /// The active profile's name.
    pub profile: String,
    /// User-defined profiles.
    pub profiles: BTreeMap<String, ProfileLayer>,
    /// Environment names.
    pub environments: EnvironmentNames,
    /// Per-rule overrides.
    pub rules: BTreeMap<String, RuleOverride>,
    /// The files that were read, lowest precedence first.
    #[serde(skip)]
    pub sources: Vec<PathBuf>,
}

/// The effective `[audit]` settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditConfig {
    /// Whether decisions are logged.
    pub enabled: bool,
    /// The trail directory, when known (no state directory can be found without `$HOME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
    /// One file instead of `dir`'s daily files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The size at which a day's file is split, in bytes (0: never).
    pub max_file_bytes: u64,
    /// The OTLP/HTTP logs endpoint, when export is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otlp_endpoint: Option<String>,
    /// The export's time limit, in milliseconds.
    pub otlp_timeout_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            on_error: Verdict::Deny,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            deadline_ms: DEFAULT_DEADLINE_MS,
            rule_files: Vec::new(),
            audit: AuditConfig {
                enabled: false,
                dir: default_audit_dir(),
                path: None,
                max_file_bytes: crate::audit::store::DEFAULT_MAX_FILE_BYTES,
                otlp_endpoint: None,
                otlp_timeout_ms: 100,
            },
            profile: DEFAULT_PROFILE.to_owned(),
            profiles: BTreeMap::new(),
            environments: EnvironmentNames::default(),
            rules: BTreeMap::new(),
            sources: Vec::new(),
        }
    }
}

/// `$XDG_STATE_HOME/hookkit/audit`, or `~/.local/state/hookkit/audit`: the default
/// trail directory.
pub fn default_audit_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(dirs.state_dir()?.join("hookkit").join("audit"))
}

/// Which files make up the configuration, lowest precedence first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigSources {
    /// The user's file (read when it exists).
    pub user: Option<PathBuf>,
    /// The project's `.hookkit.toml` (already found).
    pub project: Option<PathBuf>,
    /// `$HOOKKIT_CONFIG` or `--config`: must exist.
    pub explicit: Option<PathBuf>,
}

impl ConfigSources {
    /// The sources for a tool call in `cwd`: the user's file under `$XDG_CONFIG_HOME`
    /// (else `~/.config`), the nearest `.hookkit.toml` from `cwd` upward, and `explicit`
    /// or else `$HOOKKIT_CONFIG`.
    pub fn discover(cwd: Option<&Path>, explicit: Option<PathBuf>) -> ConfigSources {
        use etcetera::BaseStrategy;
        let user = etcetera::choose_base_strategy()
            .ok()
            .map(|d| d.config_dir().join("hookkit").join("config.toml"));
        let project = cwd.and_then(|cwd| {
            cwd.ancestors()
                .map(|dir| dir.join(PROJECT_FILE))
                .find(|p| p.is_file())
        });
        let explicit = explicit.or_else(|| std::env::var_os("HOOKKIT_CONFIG").map(PathBuf::from));
        ConfigSources {
            user,
            project,
            explicit,
        }
    }
}

impl Config {
    /// Read and layer the files of `sources` over the built-in defaults. The user and
    /// project files are skipped when absent; an explicit file must exist.
    ///
    /// # Errors
    /// [`Error::Io`] for an explicit file that cannot be read; [`Error::Parse`] with
    /// file:line:column for a syntax error, an unknown key or a wrong type.
    pub fn load(sources: &ConfigSources) -> Result<Config, Error> {
        let mut config = Config::default();
        let optional = [&sources.user, &sources.project];
        for path in optional.into_iter().flatten() {
            if path.is_file() {
                config.apply_file(path)?;
            }
        }
        if let Some(path) = &sources.explicit {
            config.apply_file(path)?;
        }
        config.active_profile()?;
        Ok(config)
    }

    /// Layer one file over this configuration.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn apply_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let layer: ConfigLayer =
            toml::from_str(&text).map_err(|e| Error::parse(path, &text, &e))?;
        if let Some(ms) = layer.deadline_ms
            && !(1..=MAX_DEADLINE_MS).contains(&ms)
        {
            return Err(Error::Invalid {
                path: Some(path.to_path_buf()),
                message: format!(
                    "deadline_ms = {ms} is out of range: use 1 to {MAX_DEADLINE_MS} \
                     (milliseconds; hosts run the call when a hook outlives their timeout)"
                ),
            });
        }
        self.apply(layer, path);
        self.sources.push(path.to_path_buf());
        Ok(())
    }

    fn apply(&mut self, layer: ConfigLayer, path: &Path) {
        if let Some(v) = layer.on_error {
            self.on_error = v;
        }
        if let Some(v) = layer.max_input_bytes {
            self.max_input_bytes = v;
        }
        if let Some(v) = layer.deadline_ms {
            self.deadline_ms = v;
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        self.rule_files
            .extend(layer.rule_files.iter().map(|f| dir.join(f)));
        if let Some(audit) = layer.audit {
            if let Some(enabled) = audit.enabled {
                self.audit.enabled = enabled;
            }
            if let Some(p) = audit.dir {
                self.audit.dir = Some(dir.join(p));
                self.audit.path = None;
            }
            if let Some(p) = audit.path {
                self.audit.path = Some(dir.join(p));
            }
            if let Some(v) = audit.max_file_bytes {
                self.audit.max_file_bytes = v;
            }
            if let Some(v) = audit.otlp_endpoint {
                self.audit.otlp_endpoint = Some(v).filter(|e| !e.is_empty());
            }
            if let Some(v) = audit.otlp_timeout_ms {
                self.audit.otlp_timeout_ms = v;
            }
        }
        if let Some(p) = layer.profile {
            self.profile = p;
        }
        self.profiles.extend(layer.profiles);
        if let Some(e) = layer.environments {
            if let Some(v) = e.production {
                self.environments.production = v;
            }
            if let Some(v) = e.staging {
                self.environments.staging = v;
            }
            if let Some(v) = e.development {
                self.environments.development = v;
            }
        }
        for (id, o) in layer.rules {
            let slot = self.rules.entry(id.into_inner()).or_default();
            if o.decision.is_some() {
                slot.decision = o.decision;
            }
            if o.enabled.is_some() {
                slot.enabled = o.enabled;
            }
        }
    }

    /// The active profile, resolved.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the last file read when the profile does not exist or a
    /// user profile is incomplete.
    pub fn active_profile(&self) -> Result<Profile, Error> {
        Profile::resolve(&self.profile, &self.profiles).map_err(|message| Error::Invalid {
            path: self.sources.last().cloned(),
            message,
        })
    }

    /// Check that every rule id in `[rules]` names a known rule.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the first unknown id and the files read.
    pub fn check_rule_ids<'a>(&self, known: impl Fn(&str) -> bool + 'a) -> Result<(), Error> {
        match self.rules.keys().find(|id| !known(id)) {
            None => Ok(()),
            Some(id) => Err(Error::Invalid {
                path: self.sources.last().cloned(),
                message: format!(
                    "[rules.\"{id}\"] names no rule hookkit knows; check the spelling \
                     (`command-guard --list-rules` prints them)"
                ),
            }),
        }
    }

    /// The effective configuration as TOML, with the files it came from as comments
    /// (`--dump-config`).
    pub fn to_toml(&self) -> String {
        let mut out = String::from("# hookkit effective configuration\n");
        out.push_str("# layers: built-in defaults");
        for s in &self.sources {
            out.push_str(&format!(" < {}", s.display()));
        }
        out.push('\n');
        out.push_str(&toml::to_string_pretty(self).unwrap_or_default());
        out
    }
}

/// The JSON Schema of a configuration file, pretty-printed with a trailing newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigLayer);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn layers_apply_in_order_and_merge_rule_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let user = write(
            dir.path(),
            "user.toml",
            "on_error = \"ask\"\n[rules.\"git.reset-hard\"]\ndecision = \"ask\"\n",
        );
        let project = write(
            dir.path(),
            "project.toml",
            "[rules.\"git.reset-hard\"]\nenabled = false\n[audit]\nenabled = true\npath = \"a.jsonl\"\n",
        );
        let explicit = write(dir.path(), "explicit.toml", "on_error = \"deny\"\n");
        let c = Config::load(&ConfigSources {
            user: Some(user),
            project: Some(project),
            explicit: Some(explicit),
        })
        .unwrap();
        assert_eq!(c.on_error, Verdict::Deny);
        assert_eq!(
            c.rules["git.reset-hard"],
            RuleOverride {
                decision: Some(Verdict::Ask),
                enabled: Some(false)
            }
        );
        assert!(c.audit.enabled);
        assert_eq!(c.audit.path, Some(dir.path().join("a.jsonl")));
        assert_eq!(c.sources.len(), 3);
    }

    #[test]
    fn unknown_keys_name_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            ".hookkit.toml",
            "on_error = \"deny\"\n\n[audit]\nenable = true\n",
        );
        let err = Config::load(&ConfigSources {
            project: Some(p.clone()),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.starts_with(&format!("{}:4:1:", p.display())), "{err}");
        assert!(err.contains("enable"), "{err}");
    }

    #[test]
    fn wrong_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "c.toml", "on_error = \"maybe\"\n");
        let err = Config::load(&ConfigSources {
            explicit: Some(p),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains(":1:12:"), "{err}");
    }

    #[test]
    fn a_missing_explicit_file_is_an_error_but_missing_optional_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("absent.toml");
        assert_eq!(
            Config::load(&ConfigSources {
                user: Some(absent.clone()),
                project: Some(absent.clone()),
                explicit: None
            })
            .unwrap()
            .sources,
            Vec::<PathBuf>::new()
        );
        assert!(
            Config::load(&ConfigSources {
                explicit: Some(absent),
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn project_file_is_found_from_the_cwd_upward() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        let p = write(dir.path(), PROJECT_FILE, "");
        let s = ConfigSources::discover(Some(&deep), Some("x.toml".into()));
        assert_eq!(s.project, Some(p));
        assert_eq!(s.explicit, Some(PathBuf::from("x.toml")));
    }

    #[test]
    fn unknown_rule_ids_in_overrides_are_reported() {
        let mut c = Config::default();
        c.rules.insert("git.nope".into(), RuleOverride::default());
        let err = c
            .check_rule_ids(|id| id == "git.reset-hard")
            .unwrap_err()
            .to_string();
        assert!(err.contains("git.nope"), "{err}");
    }

    #[test]
    fn profiles_and_environments_layer() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "c.toml",
            "profile = \"ops\"\n[profiles.ops]\nextends = \"autonomous\"\ndelete = \"deny\"\n\
             [environments]\nproduction = [\"main-*\"]\n",
        );
        let c = Config::load(&ConfigSources {
            explicit: Some(p),
            ..Default::default()
        })
        .unwrap();
        let profile = c.active_profile().unwrap();
        assert_eq!(
            profile.verdict(crate::ActionClass::Delete, Environment::Development),
            Verdict::Deny
        );
        assert_eq!(c.environments.classify("main-eu"), Environment::Production);
        assert_eq!(c.environments.classify("prod"), Environment::Unknown);
        assert_eq!(c.environments.classify("STAGING-2"), Environment::Staging);
    }

    #[test]
    fn default_environment_names() {
        let e = EnvironmentNames::default();
        assert_eq!(e.classify("prod"), Environment::Production);
        assert_eq!(e.classify("my-prod-account"), Environment::Production);
        assert_eq!(e.classify("preprod"), Environment::Staging);
        assert_eq!(e.classify("staging"), Environment::Staging);
        assert_eq!(e.classify("dev"), Environment::Development);
        assert_eq!(e.classify("kind-kind"), Environment::Development);
        assert_eq!(e.classify("default"), Environment::Unknown);
        assert!(glob_match("a*b?", "axxbc"));
        assert!(!glob_match("a*b", "axxbc"));
    }

    #[test]
    fn an_unknown_profile_is_an_error() {
        let c = Config {
            profile: "yolo".into(),
            ..Config::default()
        };
        assert!(c.active_profile().unwrap_err().to_string().contains("yolo"));
    }

    #[test]
    fn deadline_out_of_range_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["0", "5001", "60000"] {
            let p = write(dir.path(), "c.toml", &format!("deadline_ms = {bad}\n"));
            let err = Config::load(&ConfigSources {
                explicit: Some(p.clone()),
                ..Default::default()
            })
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("deadline_ms") && err.contains("c.toml"),
                "{err}"
            );
        }
        let p = write(dir.path(), "c.toml", "deadline_ms = 250\n");
        let c = Config::load(&ConfigSources {
            explicit: Some(p),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.deadline_ms, 250);
        assert_eq!(Config::default().deadline_ms, DEFAULT_DEADLINE_MS);
    }

    #[test]
    fn dump_lists_sources_and_values() {
        let text = Config::default().to_toml();
        assert!(text.contains("on_error = \"deny\""), "{text}");
        assert!(text.contains("max_input_bytes = 4194304"), "{text}");
    }

    #[test]
    fn checked_in_schema_is_current() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/hookkit-config.schema.json");
        let fresh = json_schema();
        if std::env::var_os("HOOKKIT_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == fresh,
            "schemas/hookkit-config.schema.json is out of date: run `HOOKKIT_BLESS=1 cargo test -p hookkit-policy checked_in_schema`"
        );
    }
}
