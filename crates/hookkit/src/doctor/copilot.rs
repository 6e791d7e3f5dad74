//! Copilot CLI: where its hooks are registered, and the gates that switch them off.
//!
//! Sources (docs.github.com/en/copilot/reference/hooks-reference): `~/.copilot/hooks/*.json`
//! and the `hooks` of `~/.copilot/settings.json` (user; `$COPILOT_HOME` moves `~/.copilot`),
//! `.github/hooks/*.json` and the `hooks` of `.github/copilot/settings.json` and
//! `settings.local.json` at the repository root (repository); and the plugins
//! `enabledPlugins` names in `~/.copilot/settings.json`, whose marketplace
//! (`extraKnownMarketplaces`) is a local folder (`"source": "directory"`): Copilot CLI
//! 1.0.102 loads such a plugin live from the folder the marketplace's entry names
//! (`source`) and its hooks from `com.github.copilot/hooks/hooks.json` there (measured,
//! crates/plugin-manifest/tests/e2e_copilot.rs). Plugins of other marketplaces are not
//! read.
//!
//! Gates: `"disableAllHooks": true` in `~/.copilot/settings.json` or the repository's
//! `.github/copilot/settings.json` / `settings.local.json` switches every hook off (`copilot
//! help config`; `copilot config disableAllHooks true` writes `settings.json`). Repository
//! hooks load only in a trusted folder: Copilot CLI 1.0.102 records "remember this folder"
//! as `"trustedFolders": [PATH…]` in `~/.copilot/config.json` (measured; a JSON file that
//! starts with `//` comments; older versions and docs say `trusted_folders`), a folder
//! trusting the folders below it; `COPILOT_ALLOW_ALL=true` trusts every folder.

use super::hooks::{Scope, Source, entries, hooks_object, read_json, repo_root};
use super::model::{Check, Finding, Level};
use super::{Env, Found, settings_source};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Everything Copilot CLI would load in the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let root = repo_root(&env.cwd);
    let user_dir = env.copilot_home.join("hooks");
    let repo_dir = root.join(".github").join("hooks");
    for (dir, scope) in [(&user_dir, Scope::User), (&repo_dir, Scope::Project)] {
        for file in entries(dir, |p| {
            p.is_file() && p.extension().is_some_and(|e| e == "json")
        }) {
            match read_json(&file) {
                Ok(Some(doc)) => {
                    if let Some(events) = hooks_object(&doc) {
                        found.sources.push(Source::new(file, scope.clone(), events));
                    }
                }
                Ok(None) => {}
                Err(e) => found.findings.push(
                    Finding::new(
                        Level::Fail,
                        Check::Registration,
                        format!("{e}; Copilot CLI loads no hook from it"),
                    )
                    .fix(format!("fix the syntax of {}", file.display())),
                ),
            }
        }
    }

    let mut settings = Vec::new();
    let copilot_settings = root.join(".github").join("copilot");
    for (file, scope) in [
        (env.copilot_home.join("settings.json"), Scope::User),
        (copilot_settings.join("settings.json"), Scope::Project),
        (copilot_settings.join("settings.local.json"), Scope::Project),
    ] {
        if let Some(doc) = settings_source(&file, scope, "Copilot CLI", &mut found) {
            settings.push((file, doc));
        }
    }
    let user_settings = env.copilot_home.join("settings.json");
    if let Some((_, user)) = settings.iter().find(|(file, _)| *file == user_settings) {
        found.sources.extend(directory_plugins(user));
    }
    for (file, doc) in &settings {
        if doc.get("disableAllHooks").and_then(Value::as_bool) == Some(true) {
            found.all_off(
                file,
                "`\"disableAllHooks\": true`",
                "Copilot CLI",
                format!(
                    "remove `disableAllHooks` from {} (`copilot config disableAllHooks false`)",
                    file.display()
                ),
            );
        }
    }

    let repo_hooks = found
        .sources
        .iter()
        .any(|s| s.scope == Scope::Project && s.has_guard());
    if repo_hooks {
        folder_trust(env, &root, &mut found);
    }
    found
}

/// The hook files of the enabled plugins of local-folder marketplaces in the user's
/// `settings.json` (`doc`), each as a [`Scope::Plugin`] source.
fn directory_plugins(doc: &Value) -> Vec<Source> {
    let mut out = Vec::new();
    let enabled = doc.get("enabledPlugins").and_then(Value::as_object);
    for (id, on) in enabled.into_iter().flatten() {
        let (Some((name, market)), Some(true)) = (id.rsplit_once('@'), on.as_bool()) else {
            continue;
        };
        let source = &doc["extraKnownMarketplaces"][market]["source"];
        let (Some("directory"), Some(folder)) = (
            source.get("source").and_then(Value::as_str),
            source.get("path").and_then(Value::as_str),
        ) else {
            continue;
        };
        let folder = Path::new(folder);
        // Copilot reads the root marketplace.json first (measured).
        let Some(plugin) = [
            folder.join("marketplace.json"),
            folder.join(".claude-plugin/marketplace.json"),
        ]
        .iter()
        .find_map(|f| read_json(f).ok().flatten())
        .and_then(|m| {
            m.get("plugins")?
                .as_array()?
                .iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
                .get("source")?
                .as_str()
                .map(|s| folder.join(s.trim_start_matches("./")))
        }) else {
            continue;
        };
        let file = plugin.join("com.github.copilot/hooks/hooks.json");
        if let Ok(Some(hooks)) = read_json(&file)
            && let Some(events) = hooks_object(&hooks)
        {
            out.push(Source::new(file, Scope::Plugin(id.clone()), events));
        }
    }
    out
}

/// The folder-trust gate on repository hooks.
fn folder_trust(env: &Env, root: &Path, found: &mut Found) {
    if env.var("COPILOT_ALLOW_ALL").as_deref() == Some("true") {
        found.findings.push(Finding::new(
            Level::Info,
            Check::Gate,
            "COPILOT_ALLOW_ALL=true in this environment trusts every folder; a Copilot CLI \
             started without it still needs the folder trusted",
        ));
    }
    let config = env.copilot_home.join("config.json");
    let folders = match read_json(&config) {
        Ok(doc) => doc
            .map(|d| {
                ["trustedFolders", "trusted_folders"]
                    .iter()
                    .filter_map(|k| d.get(*k).and_then(Value::as_array))
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(PathBuf::from)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
        Err(e) => {
            found
                .findings
                .push(Finding::new(Level::Warn, Check::Gate, e));
            Vec::new()
        }
    };
    let cwd = env.cwd.canonicalize().unwrap_or_else(|_| env.cwd.clone());
    let trusted = folders.iter().any(|f| {
        let f = f.canonicalize().unwrap_or_else(|_| f.clone());
        cwd.starts_with(&f)
    });
    if trusted {
        return;
    }
    found.untrusted_project(
        format!(
            "Copilot CLI ignores the repository hooks in {}: {} is not in its trusted \
             folders ({})",
            root.join(".github/hooks").display(),
            env.cwd.display(),
            config.display()
        ),
        format!(
            "trust it, as its owner: start `copilot` in {} and choose \"Yes, and remember \
             this folder for future sessions\"; or register the hooks for the user in {}",
            root.display(),
            env.copilot_home
                .join("hooks")
                .join("hookkit.json")
                .display()
        ),
    );
}
