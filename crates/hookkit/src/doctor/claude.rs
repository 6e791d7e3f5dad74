//! Claude Code: where its hooks are registered, and the settings that switch them off.
//!
//! Sources (code.claude.com/docs/en/settings, /hooks, /plugins-reference):
//! `~/.claude/settings.json` (`$CLAUDE_CONFIG_DIR` moves `~/.claude`), the project's
//! `.claude/settings.json` and `.claude/settings.local.json` (each directory from the current
//! one up to the repository root), managed settings (`/etc/claude-code/managed-settings.json`;
//! macOS `/Library/Application Support/ClaudeCode/`), and installed plugins
//! (`~/.claude/plugins/cache/MARKETPLACE/PLUGIN/VERSION/hooks/hooks.json`), which run only
//! when a settings file has `"enabledPlugins": {"PLUGIN@MARKETPLACE": true}`.
//!
//! Gates: `"disableAllHooks": true` in any settings file switches every hook off;
//! `"allowManagedHooksOnly": true` in managed settings leaves only managed hooks.

use super::hooks::{Scope, dirs_up_to, entries, newest_dir, repo_root};
use super::model::{Check, Finding, Level};
use super::{Env, Found, OffGate, settings_source};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MANAGED: [&str; 2] = [
    "/etc/claude-code/managed-settings.json",
    "/Library/Application Support/ClaudeCode/managed-settings.json",
];

/// Everything Claude Code would load for the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let mut docs: Vec<(PathBuf, Scope, Value)> = Vec::new();
    let mut files: Vec<(PathBuf, Scope)> = MANAGED
        .iter()
        .map(|p| (PathBuf::from(p), Scope::Managed))
        .collect();
    files.push((env.claude_dir.join("settings.json"), Scope::User));
    let root = repo_root(&env.cwd);
    for dir in dirs_up_to(&env.cwd, &root) {
        let dot = dir.join(".claude");
        if dot == env.claude_dir {
            continue;
        }
        for name in ["settings.json", "settings.local.json"] {
            files.push((dot.join(name), Scope::Project));
        }
    }
    for (file, scope) in files {
        if let Some(doc) = settings_source(&file, scope.clone(), "Claude Code", &mut found) {
            docs.push((file, scope, doc));
        }
    }

    plugins(env, &docs, &mut found);

    for (file, _, doc) in &docs {
        if doc.get("disableAllHooks").and_then(Value::as_bool) == Some(true) {
            found.all_off(
                file,
                "`\"disableAllHooks\": true`",
                "Claude Code",
                format!("remove `disableAllHooks` from {}", file.display()),
            );
        }
    }
    for (file, scope, doc) in &docs {
        if *scope == Scope::Managed
            && doc.get("allowManagedHooksOnly").and_then(Value::as_bool) == Some(true)
        {
            found.gate(
                |_, s| s.scope != Scope::Managed,
                "managed settings allow managed hooks only",
                Finding::new(
                    Level::Fail,
                    Check::Gate,
                    format!(
                        "{} sets `\"allowManagedHooksOnly\": true`: Claude Code ignores every \
                         hook that is not in managed settings",
                        file.display()
                    ),
                )
                .fix(format!(
                    "register hookkit's guards in {} itself (an administrator's change)",
                    file.display()
                )),
            );
        }
    }
    found
}

/// Installed plugins with hooks, switched off unless some settings file enables them.
fn plugins(env: &Env, docs: &[(PathBuf, Scope, Value)], found: &mut Found) {
    let cache = env.claude_dir.join("plugins").join("cache");
    for (market, plugin, root) in installed(&cache) {
        let id = format!("{plugin}@{market}");
        let file = root.join("hooks").join("hooks.json");
        let Some(_) = settings_source(&file, Scope::Plugin(id.clone()), "Claude Code", found)
        else {
            continue;
        };
        let enabled = docs.iter().any(|(_, _, d)| {
            d.get("enabledPlugins")
                .and_then(|e| e.get(&id))
                .and_then(Value::as_bool)
                == Some(true)
        });
        if enabled {
            continue;
        }
        if let Some(source) = found.sources.last_mut().filter(|s| s.file == file)
            && source.has_guard()
        {
            source.switch_off("the plugin is installed but not enabled");
            found.off_gates.push(OffGate(
                Finding::new(
                    Level::Fail,
                    Check::Gate,
                    format!("the plugin {id} is installed but no settings file enables it"),
                )
                .fix(format!(
                    "enable it in Claude Code (`/plugin`), or add `\"enabledPlugins\": \
                     {{\"{id}\": true}}` to {}",
                    env.claude_dir.join("settings.json").display()
                )),
            ));
        }
    }
}

/// `(marketplace, plugin, newest version folder)` of each plugin under `cache`.
fn installed(cache: &Path) -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for market in entries(cache, Path::is_dir) {
        for plugin in entries(&market, Path::is_dir) {
            if let (Some(m), Some(p), Some(v)) = (
                market.file_name().and_then(|n| n.to_str()),
                plugin.file_name().and_then(|n| n.to_str()),
                newest_dir(&plugin),
            ) {
                out.push((m.to_owned(), p.to_owned(), v));
            }
        }
    }
    out
}
