//! Qwen Code: where its hooks are registered, and the gates that switch them off.
//!
//! Sources (Qwen Code 0.24.4's bundled `docs/features/hooks.md` and
//! `docs/configuration/settings.md`, and its bundle): the system settings
//! (`/etc/qwen-code/settings.json`, `$QWEN_CODE_SYSTEM_SETTINGS_PATH`) and the system
//! defaults beside them (`system-defaults.json`, `$QWEN_CODE_SYSTEM_DEFAULTS_PATH`), the
//! user's `~/.qwen/settings.json` (`$QWEN_HOME` moves `~/.qwen`), and the current
//! directory's `.qwen/settings.json`.
//!
//! Gates: `"disableAllHooks": true` in any of them switches every hook off. Folder trust
//! is off unless `security.folderTrust.enabled` is `true`; when it is on, a project's hooks
//! load only in a folder `trustedFolders.json` (`$QWEN_CODE_TRUSTED_FOLDERS_PATH`, else in
//! `~/.qwen`) trusts, with Gemini CLI's rules (`TRUST_FOLDER`, `TRUST_PARENT`,
//! `DO_NOT_TRUST`, the longest matching rule wins). User and system hooks load regardless.

use super::gemini::trusted;
use super::hooks::{Scope, read_json};
use super::{Env, Found, settings_source};
use serde_json::Value;
use std::path::PathBuf;

/// Everything Qwen Code would load in the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let system = env.var("QWEN_CODE_SYSTEM_SETTINGS_PATH").map_or_else(
        || PathBuf::from("/etc/qwen-code/settings.json"),
        PathBuf::from,
    );
    let defaults = env.var("QWEN_CODE_SYSTEM_DEFAULTS_PATH").map_or_else(
        || system.with_file_name("system-defaults.json"),
        PathBuf::from,
    );
    let user = env.qwen_dir.join("settings.json");
    let project = env.cwd.join(".qwen").join("settings.json");
    let mut docs = Vec::new();
    for (file, scope) in [
        (system, Scope::Managed),
        (defaults, Scope::Managed),
        (user.clone(), Scope::User),
        (project.clone(), Scope::Project),
    ] {
        if scope == Scope::Project && file == user {
            continue;
        }
        if let Some(doc) = settings_source(&file, scope, "Qwen Code", &mut found) {
            docs.push((file, doc));
        }
    }

    for (file, doc) in &docs {
        if doc.get("disableAllHooks").and_then(Value::as_bool) == Some(true) {
            found.all_off(
                file,
                "`\"disableAllHooks\": true`",
                "Qwen Code",
                format!("remove `disableAllHooks` from {}", file.display()),
            );
        }
    }

    let trust_on = docs.iter().any(|(_, d)| {
        d.pointer("/security/folderTrust/enabled")
            .and_then(Value::as_bool)
            == Some(true)
    });
    let project_guarded = found
        .sources
        .iter()
        .any(|s| s.scope == Scope::Project && s.has_guard());
    if trust_on && project_guarded {
        let rules = env
            .var("QWEN_CODE_TRUSTED_FOLDERS_PATH")
            .map_or_else(|| env.qwen_dir.join("trustedFolders.json"), PathBuf::from);
        let decision = read_json(&rules)
            .ok()
            .flatten()
            .and_then(|r| trusted(&r, &env.cwd));
        if decision != Some(true) {
            let cwd = env.cwd.display();
            found.untrusted_project(
                format!(
                    "Qwen Code's folder trust is on and {} does not trust {cwd}: it ignores {}",
                    rules.display(),
                    project.display()
                ),
                format!(
                    "trust the folder (`/permissions` in `qwen` started in {cwd}), or register \
                     the guards for the user: `hookkit install --host qwen-code`"
                ),
            );
        }
    }
    found
}
