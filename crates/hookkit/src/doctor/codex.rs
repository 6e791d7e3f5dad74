//! Codex: where its hooks are registered, and the gates that skip them.
//!
//! Sources (developers.openai.com/codex/hooks; openai/codex
//! `codex-rs/hooks/src/engine/discovery.rs`): `$CODEX_HOME/hooks.json` and the `[hooks]` of
//! `$CODEX_HOME/config.toml` (user; `$CODEX_HOME` defaults to `~/.codex`),
//! `/etc/codex/config.toml` and `/etc/codex/hooks.json` (system: managed, trusted by
//! policy), `.codex/hooks.json` and `.codex/config.toml` in each directory from the
//! project root (the nearest `.git`) down to the current directory (project: loaded only
//! when `[projects."ROOT"] trust_level = "trusted"`), and enabled plugins
//! (`[plugins."NAME@MARKETPLACE"]`, files under `$CODEX_HOME/plugins/cache/MARKETPLACE/NAME/
//! VERSION/`, hooks in `hooks/hooks.json` unless the manifest names another file).
//!
//! Gates: `[features] hooks = false` switches every hook off (on by default in Codex
//! 0.169.0, measured); each hook that is not managed runs only once a person trusted it
//! (`/hooks`), which Codex records in `$CODEX_HOME/config.toml` as
//! `[hooks.state."SOURCE:EVENT:GROUP:INDEX"] trusted_hash = "sha256:…"` (or `enabled =
//! false` for one switched off); SOURCE is the registering file's absolute path, or
//! `NAME@MARKETPLACE:RELATIVE-PATH` for a plugin ([`trust_hash`] computes the hash).

use super::Env;
use super::hooks::{Hook, Scope, Source, dirs_up_to, newest_dir, read_json, read_toml, repo_root};
use super::model::{Check, Finding, Level};
use super::{Found, OffGate};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

/// The system configuration folder (the managed layer that needs no review).
const SYSTEM_DIR: &str = "/etc/codex";

const REVIEW_FIX: &str = "review them in Codex, as the person who owns this machine: start \
     `codex` in a terminal, type `/hooks`, open each hookkit hook (command-guard, \
     secret-guard), check its command and trust it (hooks/README.md, \"Codex: hook review\"); \
     or register them inline in /etc/codex/config.toml, which needs no review";

/// Everything Codex would load for the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let home = env.codex_home.clone();
    let config_path = home.join("config.toml");
    let config = match read_toml(&config_path) {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            found.findings.push(
                Finding::new(
                    Level::Fail,
                    Check::Registration,
                    format!("{e}; Codex refuses to start with it"),
                )
                .fix(format!("fix the syntax of {}", config_path.display())),
            );
            toml::Table::new()
        }
    };
    let system_path = Path::new(SYSTEM_DIR).join("config.toml");
    let system = read_toml(&system_path).ok().flatten().unwrap_or_default();

    for (dir, scope, layer, layer_path) in [
        (Path::new(SYSTEM_DIR), Scope::Managed, &system, &system_path),
        (home.as_path(), Scope::User, &config, &config_path),
    ] {
        load_layer(dir, scope, layer, layer_path, &mut found);
    }

    // Project layers, from the root down to the current directory.
    let root = repo_root(&env.cwd);
    let first_project = found.sources.len();
    let mut dirs = dirs_up_to(&env.cwd, &root);
    dirs.reverse();
    for dir in dirs {
        let dot = dir.join(".codex");
        if !dot.is_dir() || same_path(&dot, &home) {
            continue;
        }
        let layer_path = dot.join("config.toml");
        let layer = match read_toml(&layer_path) {
            Ok(layer) => layer.unwrap_or_default(),
            Err(e) => {
                found.findings.push(
                    Finding::new(Level::Fail, Check::Registration, e)
                        .fix(format!("fix the syntax of {}", layer_path.display())),
                );
                toml::Table::new()
            }
        };
        load_layer(&dot, Scope::Project, &layer, &layer_path, &mut found);
    }
    if !project_trusted(&config, &root, &env.cwd) {
        found.gate(
            |i, _| i >= first_project,
            "Codex loads no project hook: the project is not trusted",
            Finding::new(
                Level::Fail,
                Check::Gate,
                format!(
                    "Codex skips the hooks in {}/.codex: the project {} is not trusted",
                    root.display(),
                    root.display()
                ),
            )
            .fix(format!(
                "trust the project: start `codex` in {} and accept its trust prompt, or add \
                 `[projects.\"{}\"]` with `trust_level = \"trusted\"` to {}",
                root.display(),
                root.display(),
                config_path.display()
            )),
        );
    }

    plugins(&home, &config, &mut found);

    let state = config
        .get("hooks")
        .and_then(|h| h.get("state"))
        .and_then(toml::Value::as_table);
    for source in &mut found.sources {
        review(
            source,
            state,
            &config_path,
            &mut found.off_gates,
            &mut found.findings,
        );
    }

    for (layer, path) in [(&system, &system_path), (&config, &config_path)] {
        let off = layer
            .get("features")
            .and_then(|f| f.get("hooks"))
            .and_then(toml::Value::as_bool)
            == Some(false);
        if off {
            found.all_off(
                path,
                "`[features] hooks = false`",
                "Codex",
                format!(
                    "remove `hooks = false` from [features] in {} (hooks are on by default \
                     in Codex 0.169.0)",
                    path.display()
                ),
            );
        }
    }
    found
}

/// The hooks of one configuration layer: `DIR/hooks.json` and the `[hooks]` of its
/// `config.toml` (`layer`, read from `layer_path`).
fn load_layer(dir: &Path, scope: Scope, layer: &toml::Table, layer_path: &Path, found: &mut Found) {
    let json_path = dir.join("hooks.json");
    match read_json(&json_path) {
        Ok(Some(doc)) => match doc.get("hooks").and_then(Value::as_object) {
            Some(events) => found
                .sources
                .push(Source::new(json_path, scope.clone(), events)),
            None => found.findings.push(Finding::new(
                Level::Warn,
                Check::Registration,
                format!("{} has no `hooks` object", json_path.display()),
            )),
        },
        Ok(None) => {}
        Err(e) => found.unreadable(
            &json_path,
            &e,
            "Codex drops every hook of this file with only a warning",
        ),
    }
    if let Some(hooks) = layer.get("hooks").and_then(toml::Value::as_table)
        && let Ok(Value::Object(events)) = serde_json::to_value(hooks)
    {
        let source = Source::new(layer_path.to_path_buf(), scope, &events);
        if !source.hooks.is_empty() {
            found.sources.push(source);
        }
    }
}

/// Whether `[projects."ROOT"]` (or the current directory's entry) has
/// `trust_level = "trusted"`.
fn project_trusted(config: &toml::Table, root: &Path, cwd: &Path) -> bool {
    let Some(projects) = config.get("projects").and_then(toml::Value::as_table) else {
        return false;
    };
    [root, cwd].iter().any(|dir| {
        projects
            .iter()
            .filter(|(k, _)| same_path(Path::new(k), dir))
            .any(|(_, v)| v.get("trust_level").and_then(toml::Value::as_str) == Some("trusted"))
    })
}

/// The enabled plugins' hook files.
fn plugins(home: &Path, config: &toml::Table, found: &mut Found) {
    let Some(plugins) = config.get("plugins").and_then(toml::Value::as_table) else {
        return;
    };
    for (id, settings) in plugins {
        if settings.get("enabled").and_then(toml::Value::as_bool) == Some(false) {
            continue;
        }
        let Some((name, market)) = id.split_once('@') else {
            continue;
        };
        let Some(root) = newest_dir(&home.join("plugins/cache").join(market).join(name)) else {
            continue;
        };
        let relative = read_json(&root.join(".codex-plugin/plugin.json"))
            .ok()
            .flatten()
            .and_then(|m| m.get("hooks").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| "hooks/hooks.json".to_owned());
        let relative = relative.trim_start_matches("./").to_owned();
        let file = root.join(&relative);
        match read_json(&file) {
            Ok(Some(doc)) => {
                if let Some(events) = doc.get("hooks").and_then(Value::as_object) {
                    let mut source = Source::new(file, Scope::Plugin(id.clone()), events);
                    source.key = Some(format!("{id}:{relative}"));
                    found.sources.push(source);
                }
            }
            Ok(None) => {}
            Err(e) => found
                .findings
                .push(Finding::new(Level::Fail, Check::Registration, e)),
        }
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Records each hookkit hook's review state (`hook.state`) and switches off those Codex
/// would skip, with one finding per file.
fn review(
    source: &mut Source,
    state: Option<&toml::Table>,
    config_path: &Path,
    off_gates: &mut Vec<OffGate>,
    findings: &mut Vec<Finding>,
) {
    if source.scope == Scope::Managed {
        for hook in &mut source.hooks {
            hook.state = Some("managed".to_owned());
        }
        return;
    }
    let plugin_source = matches!(source.scope, Scope::Plugin(_));
    let mut skipped: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut disabled: Vec<String> = Vec::new();
    let file_key = source.file.display().to_string();
    for hook in &mut source.hooks {
        // Hooks without a guard are not hookkit's; hooks a gate already switched off (an
        // untrusted project) are not even listed by Codex.
        if hook.calls.is_empty() || hook.off.is_some() {
            continue;
        }
        let entry = match &source.key {
            Some(key) => lookup(state, key, None, hook),
            None => lookup(state, &file_key, Some(&source.file), hook),
        };
        let label = match entry {
            Some(e) if e.get("enabled").and_then(toml::Value::as_bool) == Some(false) => {
                disabled.push(describe(hook));
                hook.off = Some("switched off in Codex's /hooks".to_owned());
                "switched off in /hooks"
            }
            Some(e) => {
                let trusted = e.get("trusted_hash").and_then(toml::Value::as_str);
                let current = trust_hash(&hook.event, hook.matcher.as_deref(), &hook.handler);
                match (trusted, current) {
                    (None, _) => {
                        skipped.push(format!("{} (never reviewed)", describe(hook)));
                        hook.off = Some("never reviewed in Codex".to_owned());
                        "never reviewed"
                    }
                    (Some(t), Some(c)) if plugin_source => {
                        if t.split('/').next() == Some(c.as_str()) {
                            unknown.push(describe(hook));
                            "review state unknown"
                        } else {
                            skipped.push(format!("{} (changed since trusted)", describe(hook)));
                            hook.off = Some("changed since it was trusted in Codex".to_owned());
                            "changed since trusted"
                        }
                    }
                    (Some(t), Some(c)) if t == c => "trusted",
                    (Some(_), Some(_)) => {
                        skipped.push(format!("{} (changed since trusted)", describe(hook)));
                        hook.off = Some("changed since it was trusted in Codex".to_owned());
                        "changed since trusted"
                    }
                    (Some(_), None) => {
                        unknown.push(describe(hook));
                        "review state unknown"
                    }
                }
            }
            None => {
                skipped.push(format!("{} (never reviewed)", describe(hook)));
                hook.off = Some("never reviewed in Codex".to_owned());
                "never reviewed"
            }
        };
        hook.state = Some(label.to_owned());
    }
    let file = source.file.display();
    if !skipped.is_empty() {
        off_gates.push(OffGate(
            Finding::new(
                Level::Fail,
                Check::Gate,
                format!(
                    "Codex skips {} hook(s) of {file} until a person reviews them (silently \
                     under `codex exec`): {}",
                    skipped.len(),
                    skipped.join(", ")
                ),
            )
            .fix(REVIEW_FIX),
        ));
    }
    if !disabled.is_empty() {
        off_gates.push(OffGate(
            Finding::new(
                Level::Fail,
                Check::Gate,
                format!(
                    "hooks of {file} are switched off in Codex's /hooks: {}",
                    disabled.join(", ")
                ),
            )
            .fix(format!(
                "turn them back on in Codex's `/hooks`, or remove `enabled = false` from \
                 their [hooks.state] entries in {}",
                config_path.display()
            )),
        ));
    }
    if !unknown.is_empty() {
        let why = if plugin_source {
            "Codex also hashes the plugin's installed files, which doctor does not \
             reproduce; the hook definitions match what was trusted"
        } else {
            "the hook sets fields doctor does not know how Codex hashes"
        };
        findings.push(
            Finding::new(
                Level::Warn,
                Check::Gate,
                format!(
                    "review state unknown for {} in {file}: {why}",
                    unknown.join(", ")
                ),
            )
            .fix("check in Codex: `/hooks` lists any hook that needs review"),
        );
    }
}

/// The `[hooks.state]` entry of a hook: the key with the source as written, else, for a
/// file (`file`: `None` for a plugin), with its canonical path (Codex keys by its own
/// absolute path).
fn lookup<'a>(
    state: Option<&'a toml::Table>,
    key_source: &str,
    file: Option<&Path>,
    hook: &Hook,
) -> Option<&'a toml::Table> {
    let state = state?;
    let label = event_label(&hook.event)?;
    let mut sources = vec![key_source.to_owned()];
    if let Some(real) = file.and_then(|f| f.canonicalize().ok()) {
        sources.push(real.display().to_string());
    }
    sources.into_iter().find_map(|s| {
        let key = format!("{s}:{label}:{}:{}", hook.group, hook.index);
        state.get(&key).and_then(toml::Value::as_table)
    })
}

fn describe(hook: &Hook) -> String {
    let guard = hook.calls.first().map_or("?", |c| c.guard.name());
    format!("{} {guard}", hook.event)
}

/// Codex's label of an event in hook state keys and hashes (`PreToolUse` →
/// `pre_tool_use`); `None` for an event Codex does not have.
pub fn event_label(event: &str) -> Option<&'static str> {
    Some(match event {
        "PreToolUse" => "pre_tool_use",
        "PermissionRequest" => "permission_request",
        "PostToolUse" => "post_tool_use",
        "PreCompact" => "pre_compact",
        "PostCompact" => "post_compact",
        "SessionStart" => "session_start",
        "UserPromptSubmit" => "user_prompt_submit",
        "SubagentStart" => "subagent_start",
        "SubagentStop" => "subagent_stop",
        "Stop" => "stop",
        _ => return None,
    })
}

/// The handler fields whose part in the hash is known: `type`, `command`, `timeout`,
/// `async`, `statusMessage`, and `commandWindows` (left out of the hash on Unix).
const HASHED_FIELDS: [&str; 6] = [
    "type",
    "command",
    "timeout",
    "async",
    "statusMessage",
    "commandWindows",
];

/// The trust hash Codex computes for a command hook (`codex-rs/hooks/src/engine/
/// discovery.rs`, `command_hook_hash`, and `codex-rs/config/src/fingerprint.rs`,
/// `version_for_toml`): SHA-256 of the compact JSON, keys sorted at every level, of
/// `{"event_name": LABEL, "matcher": M, "hooks": [{"type": "command", "command": C,
/// "timeout": T, "async": A, "statusMessage": S}]}`, where `timeout` defaults to 600 and is
/// at least 1, `async` defaults to false, `matcher` and `statusMessage` are left out when
/// absent, and `matcher` is left out for `UserPromptSubmit` and `Stop`. Written
/// `sha256:` and 64 lowercase hex digits.
///
/// Checked against Codex 0.169.0's own `hooks/list` (`currentHash`) for hookkit's
/// registrations. `None` when the hash cannot be reproduced with confidence: an event
/// Codex does not have, a handler that is not a command or sets a field outside
/// [`HASHED_FIELDS`], or a matcher of `*` or empty (which Codex may normalize).
pub fn trust_hash(
    event: &str,
    matcher: Option<&str>,
    handler: &Map<String, Value>,
) -> Option<String> {
    let label = event_label(event)?;
    if handler.keys().any(|k| !HASHED_FIELDS.contains(&k.as_str()))
        || handler.get("type").and_then(Value::as_str) != Some("command")
    {
        return None;
    }
    let command = handler.get("command")?.as_str()?;
    let timeout = match handler.get("timeout") {
        None | Some(Value::Null) => 600,
        Some(t) => t.as_u64()?.max(1),
    };
    let r#async = match handler.get("async") {
        None | Some(Value::Null) => false,
        Some(a) => a.as_bool()?,
    };
    let mut normalized = Map::new();
    normalized.insert("type".into(), "command".into());
    normalized.insert("command".into(), command.into());
    normalized.insert("timeout".into(), timeout.into());
    normalized.insert("async".into(), r#async.into());
    match handler.get("statusMessage") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            normalized.insert("statusMessage".into(), s.as_str().into());
        }
        Some(_) => return None,
    }
    let mut identity = Map::new();
    identity.insert("event_name".into(), label.into());
    if !matches!(label, "user_prompt_submit" | "stop") {
        match matcher {
            None => {}
            Some("" | "*") => return None,
            Some(m) => {
                identity.insert("matcher".into(), m.into());
            }
        }
    }
    identity.insert(
        "hooks".into(),
        Value::Array(vec![Value::Object(normalized)]),
    );
    let mut canonical = String::new();
    write_canonical(&Value::Object(identity), &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    let mut out = String::from("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    Some(out)
}

/// Compact JSON with every object's keys in sorted order (serde_json's escaping).
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

    use super::*;
    use serde_json::json;

    fn handler(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    /// The `currentHash` Codex 0.169.0's `hooks/list` reported for hooks/codex/hooks.json
    /// (and for an inline `config.toml` hook without a status message).
    #[test]
    fn reproduces_codex_0_169_hashes() {
        let pre = handler(json!({
            "type": "command",
            "command": "command-guard --host codex",
            "timeout": 10,
            "statusMessage": "hookkit: allow, ask or deny each shell command by policy, and every change to hookkit's or the host's own settings"
        }));
        assert_eq!(
            trust_hash("PreToolUse", Some("Bash|Write|Edit|mcp__.*"), &pre).unwrap(),
            "sha256:47bcc7c2a07b23729bacebf2f8343875fa562d5b5e167a4aa33f3999a8ac42a0"
        );
        let post = handler(json!({
            "type": "command",
            "command": "secret-guard --host codex",
            "timeout": 10,
            "statusMessage": "hookkit: keep secret values away from the model"
        }));
        assert_eq!(
            trust_hash("PostToolUse", Some("Bash|Write|Edit|mcp__.*"), &post).unwrap(),
            "sha256:bf4f96467558daa9f87ee539b1c42f13cbedf17b955d69a52f9a08679e1c0aaf"
        );
        let inline = handler(
            json!({"type": "command", "command": "command-guard --host codex", "timeout": 10}),
        );
        assert_eq!(
            trust_hash("PreToolUse", Some("Bash|Write|Edit|mcp__.*"), &inline).unwrap(),
            "sha256:d52c376f9d4afb1a794ba0b7c95c4abf98be2dc89be20b73fbc563b4e0bb6fb9"
        );
    }

    #[test]
    fn what_cannot_be_reproduced_is_none() {
        let h = handler(json!({"type": "command", "command": "x", "additionalContextLimit": 10}));
        assert_eq!(trust_hash("PreToolUse", None, &h), None);
        let h = handler(json!({"type": "prompt"}));
        assert_eq!(trust_hash("PreToolUse", None, &h), None);
        let h = handler(json!({"type": "command", "command": "x"}));
        assert_eq!(trust_hash("Notification", None, &h), None);
        assert_eq!(trust_hash("PreToolUse", Some("*"), &h), None);
        // Defaults: a missing timeout is 600, a zero timeout 1; Stop drops its matcher.
        let explicit =
            handler(json!({"type": "command", "command": "x", "timeout": 600, "async": false}));
        assert_eq!(
            trust_hash("PreToolUse", None, &h),
            trust_hash("PreToolUse", None, &explicit)
        );
        assert_eq!(
            trust_hash("Stop", Some("a"), &h),
            trust_hash("Stop", None, &h)
        );
        let zero = handler(json!({"type": "command", "command": "x", "timeout": 0}));
        let one = handler(json!({"type": "command", "command": "x", "timeout": 1}));
        assert_eq!(
            trust_hash("PreToolUse", None, &zero),
            trust_hash("PreToolUse", None, &one)
        );
    }
}
