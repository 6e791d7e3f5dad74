//! Cursor: `~/.cursor/hooks.json` (user) and `.cursor/hooks.json` in each directory from the
//! current one up to the repository root (project) (cursor.com/docs/agent/hooks). Cursor has
//! no gate that switches hooks off, but it runs a failing hook's call unless the hook sets
//! `"failClosed": true` (hooks/README.md, "Fail-closed").

use super::hooks::{Scope, dirs_up_to, repo_root};
use super::model::{Check, Finding, Level};
use super::{Env, Found, settings_source};
use serde_json::Value;

/// Everything Cursor would load for the current directory.
pub fn discover(env: &Env) -> Found {
    let mut found = Found::default();
    let user = env.home.join(".cursor").join("hooks.json");
    settings_source(&user, Scope::User, "Cursor", &mut found);
    let root = repo_root(&env.cwd);
    for dir in dirs_up_to(&env.cwd, &root) {
        let file = dir.join(".cursor").join("hooks.json");
        if file != user {
            settings_source(&file, Scope::Project, "Cursor", &mut found);
        }
    }
    for source in &found.sources {
        let open: Vec<String> = source
            .hooks
            .iter()
            .filter(|h| !h.calls.is_empty())
            .filter(|h| h.handler.get("failClosed").and_then(Value::as_bool) != Some(true))
            .map(|h| {
                format!(
                    "{} {}",
                    h.event,
                    h.calls.first().map_or("?", |c| c.guard.name())
                )
            })
            .collect();
        if !open.is_empty() {
            found.findings.push(
                Finding::new(
                    Level::Warn,
                    Check::Registration,
                    format!(
                        "{}: {} without `\"failClosed\": true`: a crash, a timeout or a missing \
                         binary lets the call run",
                        source.file.display(),
                        open.join(", ")
                    ),
                )
                .fix(format!(
                    "add `\"failClosed\": true` to each hookkit entry in {}",
                    source.file.display()
                )),
            );
        }
    }
    found
}
