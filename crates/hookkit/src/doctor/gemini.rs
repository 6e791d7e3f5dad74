//! Gemini CLI: where its hooks are registered, and the gates that switch them off.
//!
//! Sources (geminicli.com/docs/hooks, /get-started/configuration, /extensions; Gemini CLI
//! 0.61.0's bundle): `~/.gemini/settings.json` (`$GEMINI_CLI_HOME` replaces `~`), the
//! current directory's `.gemini/settings.json`, the system settings
//! (`/etc/gemini-cli/settings.json`, `$GEMINI_CLI_SYSTEM_SETTINGS_PATH`), and installed
//! extensions (`~/.gemini/extensions/NAME/hooks/hooks.json`).
//!
//! Gates: `"hooksConfig": {"enabled": false}` switches every hook off, and
//! `hooksConfig.disabled` lists hooks switched off by name or command. Folder trust: Gemini
//! CLI 0.61.0 runs the hooks of settings files, the user's included, only in a trusted
//! folder (measured: a user-level hook did not run in a folder marked `DO_NOT_TRUST`; the
//! bundle's `processHooksFromConfig`), extensions' hooks regardless. Trust is on unless
//! `security.folderTrust.enabled` is `false`; `GEMINI_CLI_TRUST_WORKSPACE=true|false`
//! overrides it; otherwise the longest rule of `~/.gemini/trustedFolders.json`
//! (`$GEMINI_CLI_TRUSTED_FOLDERS_PATH`) that contains the folder decides (`TRUST_FOLDER`,
//! `TRUST_PARENT` for the rule's parent, `DO_NOT_TRUST`). With no rule, interactive Gemini
//! asks at start and headless Gemini refuses to start.

use super::hooks::{Scope, Source, entries, hooks_object, read_json};
use super::model::{Check, Finding, Level};
use super::{Env, Found, OffGate, settings_source};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Everything Gemini CLI would load in the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let system = env.var("GEMINI_CLI_SYSTEM_SETTINGS_PATH").map_or_else(
        || PathBuf::from("/etc/gemini-cli/settings.json"),
        PathBuf::from,
    );
    let mut docs = Vec::new();
    for (file, scope) in [
        (system, Scope::Managed),
        (env.gemini_dir.join("settings.json"), Scope::User),
        (
            env.cwd.join(".gemini").join("settings.json"),
            Scope::Project,
        ),
    ] {
        if file.parent() == Some(env.gemini_dir.as_path()) && scope == Scope::Project {
            continue;
        }
        if let Some(doc) = settings_source(&file, scope, "Gemini CLI", &mut found) {
            docs.push((file, doc));
        }
    }
    let settings_count = found.sources.len();
    for ext in entries(&env.gemini_dir.join("extensions"), Path::is_dir) {
        let file = ext.join("hooks").join("hooks.json");
        let id = ext
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match read_json(&file) {
            Ok(Some(doc)) => {
                if let Some(events) = hooks_object(&doc) {
                    found
                        .sources
                        .push(Source::new(file, Scope::Plugin(id), events));
                }
            }
            Ok(None) => {}
            Err(e) => found
                .findings
                .push(Finding::new(Level::Fail, Check::Registration, e)),
        }
    }

    for (file, doc) in &docs {
        let config = doc.get("hooksConfig");
        if config
            .and_then(|c| c.get("enabled"))
            .and_then(Value::as_bool)
            == Some(false)
        {
            found.all_off(
                file,
                "`\"hooksConfig\": {\"enabled\": false}`",
                "Gemini CLI",
                format!("remove `hooksConfig.enabled` from {}", file.display()),
            );
        }
        let disabled: Vec<&str> = config
            .and_then(|c| c.get("disabled"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for s in &mut found.sources {
            for hook in s.hooks.iter_mut().filter(|h| !h.calls.is_empty()) {
                let name = hook.handler.get("name").and_then(Value::as_str);
                if disabled
                    .iter()
                    .any(|d| Some(*d) == name || *d == hook.command)
                {
                    hook.off = Some("listed in `hooksConfig.disabled`".to_owned());
                    found.off_gates.push(OffGate(
                        Finding::new(
                            Level::Fail,
                            Check::Gate,
                            format!(
                                "{} switches off `{}` (`hooksConfig.disabled`)",
                                file.display(),
                                name.unwrap_or(&hook.command)
                            ),
                        )
                        .fix(format!(
                            "remove it from `hooksConfig.disabled` in {}",
                            file.display()
                        )),
                    ));
                }
            }
        }
    }

    let settings_hooks = found
        .sources
        .iter()
        .take(settings_count)
        .any(Source::has_guard);
    if settings_hooks {
        folder_trust(env, &docs, settings_count, &mut found);
    }
    found
}

/// The folder-trust gate on the hooks of settings files (the first `count` sources).
fn folder_trust(env: &Env, docs: &[(PathBuf, Value)], count: usize, found: &mut Found) {
    let trust_off = docs.iter().any(|(_, d)| {
        d.get("security")
            .and_then(|s| s.get("folderTrust"))
            .and_then(|f| f.get("enabled"))
            .and_then(Value::as_bool)
            == Some(false)
    });
    if trust_off {
        return;
    }
    let rules_path = env
        .var("GEMINI_CLI_TRUSTED_FOLDERS_PATH")
        .map_or_else(|| env.gemini_dir.join("trustedFolders.json"), PathBuf::from);
    let decision = match env.var("GEMINI_CLI_TRUST_WORKSPACE").as_deref() {
        Some("true") => return,
        Some("false") => Some(false),
        _ => match read_json(&rules_path) {
            Ok(rules) => rules.and_then(|r| trusted(&r, &env.cwd)),
            Err(e) => {
                found.findings.push(
                    Finding::new(
                        Level::Fail,
                        Check::Gate,
                        format!("{e}; Gemini CLI refuses to start until it is fixed"),
                    )
                    .fix(format!("fix the syntax of {}", rules_path.display())),
                );
                return;
            }
        },
    };
    let cwd = env.cwd.display();
    match decision {
        Some(true) => {}
        Some(false) => {
            found.gate(
                |i, _| i < count,
                "the folder is not trusted",
                Finding::new(
                    Level::Fail,
                    Check::Gate,
                    format!(
                        "Gemini CLI does not trust {cwd} ({}): it runs none of the hooks of \
                         its settings files here, the user's included",
                        rules_path.display()
                    ),
                )
                .fix(format!(
                    "trust the folder: start `gemini` in {cwd} and choose `/permissions` → \
                     trust, or set `\"{cwd}\": \"TRUST_FOLDER\"` in {}",
                    rules_path.display()
                )),
            );
        }
        None => found.findings.push(
            Finding::new(
                Level::Warn,
                Check::Gate,
                format!(
                    "Gemini CLI has no trust decision for {cwd}: interactive Gemini asks at \
                     start, and answering \"Don't trust\" leaves the hooks of every settings \
                     file off (headless Gemini refuses to start)"
                ),
            )
            .fix(format!(
                "trust the folder: start `gemini` in {cwd} and choose to trust it, or add \
                 `\"{cwd}\": \"TRUST_FOLDER\"` to {}",
                rules_path.display()
            )),
        ),
    }
}

/// The decision of the trusted-folders rules `rules` for `dir`: the longest rule path whose
/// folder (its parent for `TRUST_PARENT`) contains `dir`. Qwen Code reads its
/// `trustedFolders.json` the same way.
pub(super) fn trusted(rules: &Value, dir: &Path) -> Option<bool> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut best: Option<(usize, bool)> = None;
    for (rule, level) in rules.as_object()? {
        let level = level.as_str()?;
        let path = Path::new(rule);
        let folder = if level == "TRUST_PARENT" {
            path.parent().unwrap_or(path)
        } else {
            path
        };
        let folder = folder
            .canonicalize()
            .unwrap_or_else(|_| folder.to_path_buf());
        if dir.starts_with(&folder) && best.is_none_or(|(len, _)| rule.len() > len) {
            let trusted = match level {
                "TRUST_FOLDER" | "TRUST_PARENT" => true,
                "DO_NOT_TRUST" => false,
                _ => continue,
            };
            best = Some((rule.len(), trusted));
        }
    }
    best.map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

    use super::*;
    use serde_json::json;

    #[test]
    fn the_longest_rule_decides() {
        let rules = json!({
            "/work": "TRUST_FOLDER",
            "/work/vendor": "DO_NOT_TRUST",
            "/home/dev/repo/sub": "TRUST_PARENT"
        });
        assert_eq!(trusted(&rules, Path::new("/work/app")), Some(true));
        assert_eq!(trusted(&rules, Path::new("/work/vendor/x")), Some(false));
        assert_eq!(trusted(&rules, Path::new("/home/dev/repo")), Some(true));
        assert_eq!(trusted(&rules, Path::new("/elsewhere")), None);
    }
}
