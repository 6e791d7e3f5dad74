//! Factory droid: where its hooks are registered, and the settings that switch them off.
//!
//! Sources (docs.factory.ai/reference/hooks-reference, and droid 0.225.2's binary and
//! behaviour, measured; hooks/README.md, "Factory droid"): each `.factory` folder droid
//! loads — the managed `/etc/factory` (macOS `/Library/Application Support/Factory`), the
//! user's `~/.factory` (`$FACTORY_HOME_OVERRIDE/.factory`), and the project's, in every
//! directory from the current one up to the repository root (only the current directory
//! outside a repository) — holds hooks in `hooks.json` (events at the top level; the legacy
//! `hooks/hooks.json` when there is none) and in the `hooks` object of `settings.json`. For
//! an event both files of a folder name, droid runs `hooks.json`'s entries only.
//! `settings.local.json` registers no hook.
//!
//! Gates: `"hooksDisabled": true` in any `hooks.json`, or in the `hooks` of any
//! `settings.json`, the project's included, switches every hook off, the user's too
//! (measured). droid's terminal UI runs no hook in a folder whose trust prompt is still
//! unanswered, and asks at start (its binary); `droid exec` never asks.

use super::hooks::{Scope, Source, dirs_up_to, read_json, repo_root};
use super::{Env, Found, settings_source};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MANAGED: [&str; 2] = ["/etc/factory", "/Library/Application Support/Factory"];

/// Everything droid would load for the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let mut folders: Vec<(PathBuf, Scope)> = MANAGED
        .iter()
        .map(|p| (PathBuf::from(p), Scope::Managed))
        .collect();
    folders.push((env.factory_dir.clone(), Scope::User));
    let root = repo_root(&env.cwd);
    for dir in dirs_up_to(&env.cwd, &root) {
        let dot = dir.join(".factory");
        if dot != env.factory_dir {
            folders.push((dot, Scope::Project));
        }
    }
    let mut off: Vec<PathBuf> = Vec::new();
    for (folder, scope) in folders {
        load_folder(&folder, scope, &mut found, &mut off);
    }
    for file in off {
        found.all_off(
            &file,
            "`\"hooksDisabled\": true`",
            "Factory droid",
            format!("remove `hooksDisabled` from {}", file.display()),
        );
    }
    found
}

/// The `hooks.json` and `settings.json` of one `.factory` folder: their sources, the
/// `settings.json` events `hooks.json` shadows, and (into `off`) the files that set
/// `hooksDisabled`.
fn load_folder(folder: &Path, scope: Scope, found: &mut Found, off: &mut Vec<PathBuf>) {
    let hooks_file = [folder.join("hooks.json"), folder.join("hooks/hooks.json")]
        .into_iter()
        .find(|f| f.is_file());
    let mut shadowing: Vec<String> = Vec::new();
    if let Some(file) = &hooks_file {
        match read_json(file) {
            Ok(Some(doc)) => {
                if let Some(events) = doc.as_object() {
                    shadowing = events
                        .iter()
                        .filter(|(_, v)| v.is_array())
                        .map(|(k, _)| k.clone())
                        .collect();
                    found
                        .sources
                        .push(Source::new(file.clone(), scope.clone(), events));
                }
                if disables(doc.get("hooksDisabled")) {
                    off.push(file.clone());
                }
            }
            Ok(None) => {}
            Err(e) => found.unreadable(
                file,
                &e,
                "Factory droid cannot read the hooks it may register",
            ),
        }
    }
    let settings = folder.join("settings.json");
    let Some(doc) = settings_source(&settings, scope, "Factory droid", found) else {
        return;
    };
    if disables(doc.pointer("/hooks/hooksDisabled")) {
        off.push(settings.clone());
    }
    let (Some(hooks_file), Some(source)) = (
        hooks_file,
        found.sources.iter_mut().find(|s| s.file == settings),
    ) else {
        return;
    };
    for hook in &mut source.hooks {
        if shadowing.contains(&hook.event) {
            hook.off.get_or_insert_with(|| {
                format!(
                    "{} registers {} too, and droid reads that event from it only",
                    hooks_file.display(),
                    hook.event
                )
            });
        }
    }
}

/// Whether a `hooksDisabled` value switches every hook off.
fn disables(value: Option<&Value>) -> bool {
    value.and_then(Value::as_bool) == Some(true)
}
