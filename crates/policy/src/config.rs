//! Configuration: TOML, layered. Built-in defaults < the user's
//! `~/.config/hookkit/config.toml` (`$XDG_CONFIG_HOME`) < the project's `.hookkit.toml`,
//! found from the tool call's working directory upward < `$HOOKKIT_CONFIG` (or a guard's
//! `--config FILE`). Unknown keys are errors that name the file, line and column.
//!
//! ```toml
//! on_error = "deny"            # what hookkit's own failure becomes: deny | ask | allow
//! max_input_bytes = 4194304    # larger hook inputs are refused (on_error)
//! max_output_bytes = 67108864  # after a tool ran: outputs up to this are scanned whole
//! deadline_ms = 1000           # a hook call not answered by then gets on_error
//! auto_approve = false         # true: Claude Code and Codex run calls of known reads without asking
//! rule_files = ["hookkit-rules.toml"]   # extra rule files, relative to this file
//!
//! [audit]
//! enabled = true               # the default; a person's `false` turns the trail off
//! dir = "/var/log/hookkit"    # default: $XDG_STATE_HOME/hookkit/audit (a file per day)
//! max_file_bytes = 67108864    # a day's file continues in audit-DAY.1.jsonl past this
//! retain_days = 90             # older days' files and idle session budgets are deleted (0: keep all)
//! retain_bytes = 1073741824    # the oldest files go past this total (0: no limit)
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
//!
//! # Who may change what
//!
//! The agent can write files in its working directory; a person writes their own
//! configuration. So the layers differ in power:
//!
//! - **Full power** (loosen or tighten anything): the built-in defaults, the user's
//!   `~/.config/hookkit/config.toml`, the explicit file (`$HOOKKIT_CONFIG` or `--config`,
//!   set by the hook registration), and the rule files these name.
//! - **Tighten-only**: the project's `.hookkit.toml` (found from the call's working
//!   directory upward, so the agent can write it), unless a person trusted that exact file
//!   with `hookkit trust FILE` ([`crate::trust`]: its canonical path and SHA-256 digest,
//!   kept in the user's state directory; any change makes it untrusted again). The rule
//!   files an agent-writable project file names are agent-writable too: each has full
//!   power only when it is trusted itself.
//!
//! A tighten-only layer's loosening is **ignored**, key by key; the rest of the file still
//! applies. What was ignored is kept in [`Config::ignored`] (file, key, what), printed as
//! comments by `command-guard --dump-config`, and named in one line of the reason of every
//! deny or ask a guard gives under this configuration ([`Config::ignored_note`]), with the
//! `hookkit trust FILE` that would accept it. It is never an error.
//!
//! Key by key, what a tighten-only layer may do (the code is in `config/tighten.rs`; it
//! destructures every layer type, so a new key does not compile until it is decided
//! there):
//!
//! | key | tightens: applied | loosens: ignored |
//! |---|---|---|
//! | `on_error` | raise it (allow < ask < deny) | lower it |
//! | `max_input_bytes` | lower it | raise it |
//! | `max_output_bytes` | lower it (larger outputs are withheld) | raise it |
//! | `deadline_ms` | lower it (within 100 to 5000, checked for every layer) | raise it |
//! | `auto_approve` | `false` | `true`: it would approve calls on the person's behalf |
//! | `rule_files` | add files: their rules add findings, and the strictest verdict wins, so no rule can allow what another asks or denies | their `[[tool]]` tables (they change how every rule reads a command line and which environment it names); and a command only their rules classify still gets the profile's `unclassified` verdict |
//! | `audit.enabled` | `true` | `false` when the trail is on (it is by default: only a person's layer turns it off) |
//! | `audit.dir`, `audit.path` | the current value (no change) | any other: it moves the trail and the session budgets counted beside it |
//! | `audit.max_file_bytes` | any value: neutral, it only chooses where a day's records continue | — |
//! | `audit.retain_days`, `audit.retain_bytes` | a longer retention (0, no limit, is the longest) | a shorter one: it would delete records sooner |
//! | `audit.otlp_endpoint`, `audit.otlp_timeout_ms` | the current value | any other: where records are exported, and how long each hook waits for the collector |
//! | `profile` | a profile no wider than the current one in any class × environment cell (`unclassified` included) and whose budget has every cap of the current one, no higher | a wider profile, a bigger or missing budget |
//! | `profiles.NAME` | a new name; an existing or built-in name redefined no wider and with a budget no bigger (`budget` caps lowered or added, `exceeded` raised) | a looser redefinition; one that defines a profile a person's layer names but leaves undefined |
//! | `environments.E` | added globs, when `E` is at least as strict under the active profile and its budget as every environment a name could move from: production (from development and unknown), development (from unknown), staging (from production, development and unknown, since staging globs are tried first) | removed globs; added ones a looser environment would take from a stricter one (with `reversible`, any staging glob) |
//! | `rules.ID.enabled` | `true` | `false` (unless the rule is already off) |
//! | `rules.ID.decision` | at or above the current decision; it acts as a minimum ([`Config::rules_at_least`]) | below the rule's own decision or a person's override |
//! | `mcp.servers.S.tools`, `mcp.servers.S.annotations` | any class: it acts as a minimum, the stricter of it and what the tool's name says | — |
//! | `skill_lint` | anything: the guards do not read it | — |

use crate::decision::{Environment, Verdict};
use crate::error::Error;
use crate::profile::budget::Budget;
use crate::profile::{DEFAULT_PROFILE, Profile, ProfileLayer, budget_in};
use crate::trust::TrustStore;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub mod mcp;
mod tighten;

pub use mcp::{McpClasses, McpLayer};

/// The file name of a project's configuration.
pub const PROJECT_FILE: &str = ".hookkit.toml";

/// The default largest hook input before a tool runs, in bytes (4 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// The default largest hook input after a tool ran (its output), in bytes (64 MiB).
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;
/// The default per-call deadline, in milliseconds.
pub const DEFAULT_DEADLINE_MS: u64 = 1000;

/// The default size at which a day's file of the audit trail is split: 64 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The default number of days the audit trail keeps: 90 (AWS CloudTrail's event history
/// also keeps 90 days).
pub const DEFAULT_RETAIN_DAYS: u64 = 90;

/// The default most bytes the audit trail's files may hold together: 1 GiB.
pub const DEFAULT_RETAIN_BYTES: u64 = 1024 * 1024 * 1024;

/// The smallest `deadline_ms` accepted: below it a file (an agent-planted project file
/// included, since a lower deadline counts as tighter) could make every call end at the
/// deadline before hookkit has even read it.
pub const MIN_DEADLINE_MS: u64 = 100;

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
    /// Hook inputs larger than this many bytes are refused with the `on_error` decision,
    /// except after a tool ran (see `max_output_bytes`). Default 4194304 (4 MiB).
    pub max_input_bytes: Option<u64>,
    /// After a tool ran, hook inputs (the tool's output) up to this many bytes are read
    /// whole and scanned; larger ones get the `on_error` decision, which withholds the
    /// output where the host can. A memory cap: peak memory is about four to five times
    /// this. Default 67108864 (64 MiB).
    pub max_output_bytes: Option<u64>,
    /// The time a hook call may take, in milliseconds from the hook's start: past it, the
    /// call gets the `on_error` decision, with a reason saying it was too large or too
    /// complex to analyse. 100 to 5000; default 1000. Keep it under the host's hook timeout
    /// (10 s in hookkit's registrations): a host runs the call when its hook times out.
    pub deadline_ms: Option<u64>,
    /// When true, command-guard tells a host that can take it (Claude Code) to run a call
    /// whose every command is a known read without asking the person: the same
    /// classification that refuses a delete approves a `git status`. Default false:
    /// every allow defers to the host's own approval.
    pub auto_approve: Option<bool>,
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
    /// How the tools of MCP servers are classified, over what their names say
    /// (`[mcp.servers.NAME.tools]`, `[mcp.servers.NAME.annotations.TOOL]`; see
    /// `hookkit_policy::config::mcp`).
    pub mcp: Option<McpLayer>,
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
    /// Append one JSON line per decision, before and after each tool call. Default true;
    /// `false` in a person's configuration turns the trail off (a project file may not).
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
    /// Days of the trail kept, in UTC days: a day's files are deleted once the day is more
    /// than this many days before today (checked when a new file of the trail directory is
    /// started, so at most about once a day). 0 keeps every day. Default 90. A `path`
    /// trail (one file) is never pruned. The session budget files under `sessions/` go at
    /// the same moment once last written more than this many days ago (the session's budget
    /// then starts afresh).
    pub retain_days: Option<u64>,
    /// The most bytes the trail directory's files may hold together: past it, the oldest
    /// files are deleted (never the one being written), checked when a new file is
    /// started. 0: no limit. Default 1073741824 (1 GiB).
    pub retain_bytes: Option<u64>,
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

/// A loosening a tighten-only layer tried and that was ignored (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// The file that tried it.
    pub file: PathBuf,
    /// The key, as written in TOML (`on_error`, `rules."git.reset-hard".enabled`,
    /// `environments.production`, `[[tool]]`).
    pub key: String,
    /// What was ignored, for people (`` `allow` is looser than `deny` ``).
    pub what: String,
}

/// The effective configuration after layering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// What hookkit's own failure becomes.
    pub on_error: Verdict,
    /// The largest hook input accepted before a tool runs, in bytes.
    pub max_input_bytes: u64,
    /// The largest hook input accepted after a tool ran (its output), in bytes.
    pub max_output_bytes: u64,
    /// The per-call deadline, in milliseconds.
    pub deadline_ms: u64,
    /// Whether a call of known reads is approved on the person's behalf
    /// ([`crate::Decision::approved`]).
    pub auto_approve: bool,
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
    /// The `[mcp]` classifications of MCP servers' tools, every layer's.
    pub mcp: McpClasses,
    /// Per-rule minimum decisions, from `[rules."ID"] decision` in tighten-only layers: a
    /// finding of the rule is at least this strict (a person's later `decision` for the
    /// rule replaces it).
    pub rules_at_least: BTreeMap<String, Verdict>,
    /// The files that were read, lowest precedence first.
    #[serde(skip)]
    pub sources: Vec<PathBuf>,
    /// The files read with tighten-only power: an untrusted project file, and the rule
    /// files it names that are not trusted themselves.
    #[serde(skip)]
    pub tighten_only: Vec<PathBuf>,
    /// What tighten-only layers tried to loosen, ignored, in the order found.
    #[serde(skip)]
    pub ignored: Vec<Ignored>,
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
    /// Days kept (0: every day); see [`AuditLayer::retain_days`].
    pub retain_days: u64,
    /// The most bytes the trail's files may hold together (0: no limit); see
    /// [`AuditLayer::retain_bytes`].
    pub retain_bytes: u64,
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
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
            deadline_ms: DEFAULT_DEADLINE_MS,
            auto_approve: false,
            rule_files: Vec::new(),
            audit: AuditConfig {
                enabled: true,
                dir: default_audit_dir(),
                path: None,
                max_file_bytes: DEFAULT_MAX_FILE_BYTES,
                retain_days: DEFAULT_RETAIN_DAYS,
                retain_bytes: DEFAULT_RETAIN_BYTES,
                otlp_endpoint: None,
                otlp_timeout_ms: 100,
            },
            profile: DEFAULT_PROFILE.to_owned(),
            profiles: BTreeMap::new(),
            environments: EnvironmentNames::default(),
            rules: BTreeMap::new(),
            rules_at_least: BTreeMap::new(),
            mcp: McpClasses::default(),
            sources: Vec::new(),
            tighten_only: Vec::new(),
            ignored: Vec::new(),
        }
    }
}

/// The budget of the active profile of `config`: its own `budget`, else that of the
/// profile it extends, and so on (built-in profiles have none).
pub fn budget_of(config: &Config) -> Option<&Budget> {
    budget_in(&config.profile, &config.profiles)
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
    /// The trust store ([`crate::trust`]) that says whether the project file, and the
    /// rule files it names, have full power; `None`: none has.
    pub trust: Option<PathBuf>,
}

impl ConfigSources {
    /// The sources for a tool call in `cwd`: the user's file under `$XDG_CONFIG_HOME`
    /// (else `~/.config`), the nearest `.hookkit.toml` from `cwd` upward, `explicit` or
    /// else `$HOOKKIT_CONFIG`, and the trust store under `$XDG_STATE_HOME`
    /// ([`crate::trust::default_path`]).
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
            trust: crate::trust::default_path(),
        }
    }
}

impl Config {
    /// Read and layer the files of `sources` over the built-in defaults. The user and
    /// project files are skipped when absent; an explicit file must exist. The project
    /// file is tighten-only unless the trust store of `sources` trusts its content (see
    /// the module docs; an unreadable trust store trusts nothing), or unless it is the
    /// explicit file itself, which is then read once, as the explicit file.
    ///
    /// # Errors
    /// [`Error::Io`] for an explicit file that cannot be read; [`Error::Parse`] with
    /// file:line:column for a syntax error, an unknown key or a wrong type.
    pub fn load(sources: &ConfigSources) -> Result<Config, Error> {
        let mut config = Config::default();
        if let Some(path) = sources.user.as_ref().filter(|p| p.is_file()) {
            config.apply_file(path, None)?;
        }
        // The explicit file may be the project's own (`--config .hookkit.toml`): it is
        // then read once, with the explicit file's full power.
        let explicit = sources
            .explicit
            .as_ref()
            .and_then(|e| e.canonicalize().ok());
        let project = sources
            .project
            .as_ref()
            .filter(|p| p.is_file() && (explicit.is_none() || p.canonicalize().ok() != explicit));
        if let Some(path) = project {
            let store = sources
                .trust
                .as_deref()
                .and_then(|p| TrustStore::open(p).ok())
                .unwrap_or_default();
            config.apply_file(path, Some(&store))?;
        }
        if let Some(path) = &sources.explicit {
            config.apply_file(path, None)?;
        }
        config.active_profile()?;
        Ok(config)
    }

    /// Layer one file over this configuration: with full power for a person's file
    /// (`trust` is `None`); for an agent-writable one, full power only when `trust`
    /// trusts its content, and the rule files it names each judged by their own record.
    ///
    /// # Errors
    /// As [`Config::load`].
    fn apply_file(&mut self, path: &Path, trust: Option<&TrustStore>) -> Result<(), Error> {
        let text = crate::small_file::read_text(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let layer: ConfigLayer =
            toml::from_str(&text).map_err(|e| Error::parse(path, &text, &e))?;
        if let Some(ms) = layer.deadline_ms
            && !(MIN_DEADLINE_MS..=MAX_DEADLINE_MS).contains(&ms)
        {
            return Err(Error::Invalid {
                path: Some(path.to_path_buf()),
                message: format!(
                    "deadline_ms = {ms} is out of range: use {MIN_DEADLINE_MS} to {MAX_DEADLINE_MS} \
                     (milliseconds; hosts run the call when a hook outlives their timeout)"
                ),
            });
        }
        let named_before = self.rule_files.len();
        match trust {
            Some(store) if !store.trusts(path, text.as_bytes()) => {
                self.tighten_only.push(path.to_path_buf());
                tighten::apply(self, layer, path);
            }
            _ => self.apply(layer, path),
        }
        if let Some(store) = trust {
            let named: Vec<PathBuf> = self
                .rule_files
                .get(named_before..)
                .unwrap_or_default()
                .to_vec();
            for file in named {
                self.limit_rule_file(&file, store);
            }
        }
        self.sources.push(path.to_path_buf());
        Ok(())
    }

    /// A rule file an agent-writable layer named: tighten-only unless `store` trusts it;
    /// its `[[tool]]` tables are then ignored (recorded when it parses; one that does not
    /// is reported when the rules load).
    fn limit_rule_file(&mut self, file: &Path, store: &TrustStore) {
        let bytes = crate::small_file::read(file).unwrap_or_default();
        if store.trusts(file, &bytes) {
            return;
        }
        self.tighten_only.push(file.to_path_buf());
        let parsed = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| toml::from_str::<crate::rules::RuleFile>(text).ok());
        if let Some(rules) = parsed.filter(|r| !r.tool.is_empty()) {
            let names: Vec<&str> = rules.tool.iter().map(|t| t.name.as_str()).collect();
            self.ignored.push(Ignored {
                file: file.to_path_buf(),
                key: "[[tool]]".to_owned(),
                what: format!(
                    "tool tables for {} would change how every rule reads those commands",
                    names.join(", ")
                ),
            });
        }
    }

    /// Layer `layer`, read from `path`, with full power.
    fn apply(&mut self, layer: ConfigLayer, path: &Path) {
        if let Some(v) = layer.on_error {
            self.on_error = v;
        }
        if let Some(v) = layer.max_input_bytes {
            self.max_input_bytes = v;
        }
        if let Some(v) = layer.max_output_bytes {
            self.max_output_bytes = v;
        }
        if let Some(v) = layer.deadline_ms {
            self.deadline_ms = v;
        }
        if let Some(v) = layer.auto_approve {
            self.auto_approve = v;
        }
        if let Some(m) = layer.mcp {
            self.mcp.add(m, path, false);
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
            if let Some(v) = audit.retain_days {
                self.audit.retain_days = v;
            }
            if let Some(v) = audit.retain_bytes {
                self.audit.retain_bytes = v;
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
            let id = id.into_inner();
            if o.decision.is_some() {
                self.rules_at_least.remove(&id);
            }
            let slot = self.rules.entry(id).or_default();
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

    /// The effective configuration as TOML, with the files it came from, the files read
    /// tighten-only and what they tried to loosen as comments (`--dump-config`).
    pub fn to_toml(&self) -> String {
        let mut out = String::from("# hookkit effective configuration\n");
        out.push_str("# layers: built-in defaults");
        for s in &self.sources {
            out.push_str(&format!(" < {}", s.display()));
            if self.tighten_only.contains(s) {
                out.push_str(" (tighten-only: not trusted)");
            }
        }
        out.push('\n');
        for f in self
            .tighten_only
            .iter()
            .filter(|f| !self.sources.contains(f))
        {
            out.push_str(&format!(
                "# rule file {} is tighten-only: not trusted\n",
                f.display()
            ));
        }
        if !self.ignored.is_empty() {
            out.push_str(
                "# ignored: a tighten-only file may not loosen the policy; a person accepts \
                 one with `hookkit trust FILE`\n",
            );
            for i in &self.ignored {
                out.push_str(&format!(
                    "#   {}: {}: {}\n",
                    i.file.display(),
                    i.key,
                    i.what
                ));
            }
        }
        out.push_str(&toml::to_string_pretty(self).unwrap_or_default());
        out
    }

    /// One line per file whose loosening was ignored, for the reason of a deny or an ask
    /// (the guards append it): the file, the keys, and the command that accepts it;
    /// `None` when nothing was ignored.
    pub fn ignored_note(&self) -> Option<String> {
        let mut lines = Vec::new();
        let mut files: Vec<&Path> = Vec::new();
        for i in &self.ignored {
            if !files.contains(&i.file.as_path()) {
                files.push(&i.file);
            }
        }
        for file in files {
            let mut keys: Vec<&str> = Vec::new();
            for i in self.ignored.iter().filter(|i| i.file == file) {
                if !keys.contains(&i.key.as_str()) {
                    keys.push(&i.key);
                }
            }
            let more = keys.len().saturating_sub(3);
            keys.truncate(3);
            let mut keys = keys.join(", ");
            if more > 0 {
                keys.push_str(&format!(" and {more} more"));
            }
            lines.push(format!(
                "(hookkit ignored what {} tried to loosen ({keys}): the agent can write that \
                 file, so it may only tighten the policy; a person can accept it with \
                 `hookkit trust {}`.)",
                file.display(),
                file.display()
            ));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
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
        let store = dir.path().join("state/trust.json");
        TrustStore::update(&store, |s| s.trust(&project)).unwrap();
        let c = Config::load(&ConfigSources {
            user: Some(user),
            project: Some(project),
            explicit: Some(explicit),
            trust: Some(store),
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
        assert!(c.tighten_only.is_empty() && c.ignored.is_empty());
    }

    /// A project file that turns a rule off and lowers `on_error`, loaded over a user
    /// file, with the trust store at `store`.
    fn loosening_project(dir: &Path, store: &Path) -> (PathBuf, Result<Config, Error>) {
        let user = write(dir, "user.toml", "on_error = \"ask\"\n");
        let project = dir.join("app").join(PROJECT_FILE);
        std::fs::create_dir_all(project.parent().unwrap()).unwrap();
        std::fs::write(
            &project,
            "on_error = \"allow\"\n[rules.\"git.reset-hard\"]\nenabled = false\n",
        )
        .unwrap();
        let c = Config::load(&ConfigSources {
            user: Some(user),
            project: Some(project.clone()),
            explicit: None,
            trust: Some(store.to_path_buf()),
        });
        (project, c)
    }

    #[test]
    fn an_untrusted_project_file_cannot_loosen_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("state/trust.json");
        let (project, c) = loosening_project(dir.path(), &store);
        let c = c.unwrap();
        assert_eq!(c.on_error, Verdict::Ask);
        assert!(!c.rules.contains_key("git.reset-hard"));
        assert_eq!(c.tighten_only, vec![project.clone()]);
        let keys: Vec<&str> = c.ignored.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["on_error", "rules.\"git.reset-hard\".enabled"]);
        assert!(c.ignored.iter().all(|i| i.file == project));
        let note = c.ignored_note().unwrap();
        assert_eq!(note.lines().count(), 1, "{note}");
        assert!(
            note.contains(&format!("`hookkit trust {}`", project.display())),
            "{note}"
        );
        assert!(
            note.contains("on_error, rules.\"git.reset-hard\".enabled"),
            "{note}"
        );
        let dump = c.to_toml();
        assert!(
            dump.contains(&format!(
                "< {} (tighten-only: not trusted)",
                project.display()
            )),
            "{dump}"
        );
        assert!(
            dump.contains(&format!(
                "#   {}: on_error: `allow` is looser than `ask`",
                project.display()
            )),
            "{dump}"
        );
    }

    #[test]
    fn a_trusted_project_file_has_full_power_until_it_changes_or_is_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("state/trust.json");
        let (project, _) = loosening_project(dir.path(), &store);
        TrustStore::update(&store, |s| s.trust(&project)).unwrap();

        let (_, trusted) = loosening_project(dir.path(), &store);
        let trusted = trusted.unwrap();
        assert_eq!(trusted.on_error, Verdict::Allow);
        assert_eq!(trusted.rules["git.reset-hard"].enabled, Some(false));
        assert!(trusted.ignored.is_empty() && trusted.ignored_note().is_none());
        assert!(trusted.tighten_only.is_empty());

        // One byte more: a different digest, so tighten-only again.
        let mut text = std::fs::read_to_string(&project).unwrap();
        text.push('\n');
        std::fs::write(&project, &text).unwrap();
        let changed = Config::load(&ConfigSources {
            project: Some(project.clone()),
            trust: Some(store.clone()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(changed.on_error, Verdict::Deny);
        assert_eq!(changed.ignored.len(), 2);

        TrustStore::update(&store, |s| s.trust(&project)).unwrap();
        TrustStore::update(&store, |s| Ok(s.revoke(&project))).unwrap();
        let (_, revoked) = loosening_project(dir.path(), &store);
        let revoked = revoked.unwrap();
        assert_eq!(revoked.on_error, Verdict::Ask);
        assert_eq!(revoked.ignored.len(), 2);
    }

    #[test]
    fn a_project_file_named_as_the_explicit_one_is_read_once_with_full_power() {
        let dir = tempfile::tempdir().unwrap();
        let project = write(dir.path(), PROJECT_FILE, "on_error = \"allow\"\n");
        let c = Config::load(&ConfigSources {
            project: Some(project.clone()),
            explicit: Some(dir.path().join(".").join(PROJECT_FILE)),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.on_error, Verdict::Allow);
        assert!(c.ignored.is_empty() && c.tighten_only.is_empty());
        assert_eq!(c.sources.len(), 1);
    }

    #[test]
    fn an_unreadable_trust_store_or_none_trusts_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("trust.json");
        std::fs::write(&store, "not json").unwrap();
        let (_, c) = loosening_project(dir.path(), &store);
        assert_eq!(c.unwrap().on_error, Verdict::Ask);
        let project = dir.path().join("app").join(PROJECT_FILE);
        let c = Config::load(&ConfigSources {
            project: Some(project),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.on_error, Verdict::Deny);
        assert_eq!(c.ignored.len(), 2);
    }

    #[test]
    fn a_person_s_layer_above_the_project_replaces_its_minimum_decision() {
        let dir = tempfile::tempdir().unwrap();
        let project = write(
            dir.path(),
            PROJECT_FILE,
            "[rules.\"git.push-force\"]\ndecision = \"deny\"\n",
        );
        let explicit = write(
            dir.path(),
            "explicit.toml",
            "[rules.\"git.push-force\"]\ndecision = \"ask\"\n",
        );
        let sources = ConfigSources {
            project: Some(project),
            ..Default::default()
        };
        let c = Config::load(&sources).unwrap();
        assert_eq!(c.rules_at_least["git.push-force"], Verdict::Deny);
        let c = Config::load(&ConfigSources {
            explicit: Some(explicit),
            ..sources
        })
        .unwrap();
        assert!(c.rules_at_least.is_empty());
        assert_eq!(c.rules["git.push-force"].decision, Some(Verdict::Ask));
    }

    #[test]
    fn rule_files_an_untrusted_project_names_are_tighten_only_unless_trusted_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("trust.json");
        let project = write(
            dir.path(),
            PROJECT_FILE,
            "rule_files = [\"plain.toml\", \"tools.toml\"]\n",
        );
        write(dir.path(), "plain.toml", "");
        let tools = write(
            dir.path(),
            "tools.toml",
            "[[tool]]\nname = \"rm\"\nvalue_options = [\"-rf\"]\n",
        );
        let sources = ConfigSources {
            project: Some(project.clone()),
            trust: Some(store.clone()),
            ..Default::default()
        };
        let c = Config::load(&sources).unwrap();
        assert_eq!(c.rule_files.len(), 2);
        assert_eq!(c.tighten_only.len(), 3);
        assert_eq!(c.ignored.len(), 1);
        assert_eq!(
            (c.ignored[0].file.as_path(), c.ignored[0].key.as_str()),
            (tools.as_path(), "[[tool]]")
        );
        assert!(
            c.to_toml()
                .contains(&format!("# rule file {} is tighten-only", tools.display()))
        );

        // Trusting the project file does not vouch for the rule files it names.
        TrustStore::update(&store, |s| s.trust(&project)).unwrap();
        let c = Config::load(&sources).unwrap();
        assert_eq!(c.tighten_only.len(), 2);
        assert_eq!(c.ignored.len(), 1);
        TrustStore::update(&store, |s| s.trust(&tools)).unwrap();
        let c = Config::load(&sources).unwrap();
        assert_eq!(c.tighten_only, vec![dir.path().join("plain.toml")]);
        assert!(c.ignored.is_empty());
    }

    #[test]
    fn rule_files_load_beside_the_built_in_rules_but_may_not_redefine_one() {
        let dir = tempfile::tempdir().unwrap();
        let rule = |id: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nclass = \"delete\"\nseverity = \"low\"\ndecision = \"ask\"\n\
                 message = \"m\"\nwhy = \"w\"\ninstead = \"i\"\nexamples = [\"git reset --hard\"]\n\
                 [[rule.match]]\ncommand = [\"git\"]\n"
            )
        };
        let mine = write(dir.path(), "mine.toml", &rule("team.git"));
        let config = write(dir.path(), "c.toml", "rule_files = [\"mine.toml\"]\n");
        let c = Config::load(&ConfigSources {
            explicit: Some(config),
            ..Default::default()
        })
        .unwrap();
        let set = crate::command::rules_for(&c, Some(&["git"])).unwrap();
        assert!(set.rule("team.git").is_some() && set.rule("git.reset-hard").is_some());
        std::fs::write(&mine, rule("git.reset-hard")).unwrap();
        let err = crate::command::rules_for(&c, Some(&["git"]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&mine.display().to_string()), "{err}");
        assert!(err.contains("`git.reset-hard` is defined twice"), "{err}");
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
                explicit: None,
                trust: None,
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
        for bad in ["0", "1", "99", "5001", "60000"] {
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
        assert!(text.contains("max_output_bytes = 67108864"), "{text}");
        // The trail is on by default, kept 90 days and at most 1 GiB.
        assert!(text.contains("[audit]\nenabled = true\n"), "{text}");
        assert!(
            text.contains("retain_days = 90\nretain_bytes = 1073741824\n"),
            "{text}"
        );
    }

    #[test]
    fn checked_in_schema_is_current() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/hookkit-config.schema.json");
        let fresh = json_schema();
        if std::env::var_os("HOOKKIT_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        for key in ["\"retain_days\"", "\"retain_bytes\"", "Default true"] {
            assert!(fresh.contains(key), "the schema lacks {key}");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == fresh,
            "schemas/hookkit-config.schema.json is out of date: run `HOOKKIT_BLESS=1 cargo test -p hookkit-policy checked_in_schema`"
        );
    }
}
