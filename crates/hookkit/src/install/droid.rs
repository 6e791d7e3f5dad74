//! Factory droid's two registration files per `.factory` folder, and how `hookkit install`
//! writes into the one droid reads.
//!
//! droid 0.225.2 reads a folder's hooks from `hooks.json` (events at the document's top
//! level, beside `hooksDisabled` and `showHookOutput`) and from the `hooks` object of
//! `settings.json`, and for an event both name it takes `hooks.json`'s entries only
//! (measured: a `PreToolUse` hook in `settings.json` did not run once `hooks.json` had a
//! `PreToolUse` entry; docs.factory.ai/reference/hooks-reference says `settings.json` is
//! read when `hooks.json` is absent). So hookkit writes `hooks.json` when the folder has
//! one, else `settings.json`; and when it adds an event to `hooks.json` that only
//! `settings.json` had, it copies the person's entries of that event along, so that their
//! hooks keep running.

use crate::doctor::hooks::read_json;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The file hookkit registers in, in the `.factory` folder `dir`: `hooks.json` when it
/// exists, else `settings.json`.
pub fn file(dir: &Path) -> PathBuf {
    let hooks = dir.join("hooks.json");
    if hooks.is_file() {
        hooks
    } else {
        dir.join("settings.json")
    }
}

/// Whether `file` holds its events at the top level (droid's `hooks.json`), rather than
/// under a `hooks` key.
pub fn bare(file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == "hooks.json")
}

/// A `hooks.json` document in the layout of a settings file: its arrays (the events) under
/// `hooks`, its other keys (`hooksDisabled`, `showHookOutput`) as they were.
///
/// # Errors
/// A message when `doc` is not a JSON object.
pub fn wrap(doc: &Value) -> Result<Value, String> {
    let map = doc
        .as_object()
        .ok_or_else(|| "the file is not a JSON object".to_owned())?;
    let (events, rest): (Map<String, Value>, Map<String, Value>) =
        map.clone().into_iter().partition(|(_, v)| v.is_array());
    let mut out = rest;
    out.insert("hooks".into(), Value::Object(events));
    Ok(Value::Object(out))
}

/// The reverse of [`wrap`]: the events of `hooks` back at the top level.
pub fn unwrap(doc: Value) -> Value {
    let Value::Object(mut map) = doc else {
        return doc;
    };
    if let Some(Value::Object(events)) = map.remove("hooks") {
        map.extend(events);
    }
    Value::Object(map)
}

/// Copies into `wrapped` (a [`wrap`]ped `hooks.json`) the entries of each of `events` that
/// it lacks and the `settings.json` beside `hooks_json` registers; returns those events.
///
/// # Errors
/// A message naming `settings.json` when it cannot be read or parsed.
pub fn seed(
    hooks_json: &Path,
    wrapped: &mut Value,
    events: &[&str],
) -> Result<Vec<String>, String> {
    let settings = hooks_json.with_file_name("settings.json");
    let doc = read_json(&settings)?;
    let theirs = doc
        .as_ref()
        .and_then(|d| d.get("hooks"))
        .and_then(Value::as_object);
    let Some(mine) = wrapped.get_mut("hooks").and_then(Value::as_object_mut) else {
        return Ok(Vec::new());
    };
    let mut copied = Vec::new();
    for event in events {
        if mine.contains_key(*event) {
            continue;
        }
        if let Some(entries) = theirs.and_then(|t| t.get(*event)).filter(|e| e.is_array()) {
            mine.insert((*event).to_owned(), entries.clone());
            copied.push((*event).to_owned());
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn wrap_and_unwrap_keep_the_switches_beside_the_events() {
        let doc = json!({"hooksDisabled": false, "Stop": [{"hooks": [{"command": "notify"}]}]});
        let wrapped = wrap(&doc).unwrap();
        assert_eq!(
            wrapped,
            json!({"hooksDisabled": false, "hooks": {"Stop": [{"hooks": [{"command": "notify"}]}]}})
        );
        assert_eq!(unwrap(wrapped), doc);
        assert!(wrap(&json!([])).is_err());
    }

    #[test]
    fn seeding_copies_only_what_hooks_json_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks.json");
        std::fs::write(
            dir.path().join("settings.json"),
            json!({"hooks": {
                "PreToolUse": [{"matcher": "Execute", "hooks": [{"command": "my-check"}]}],
                "PostToolUse": [{"hooks": [{"command": "my-log"}]}]
            }})
            .to_string(),
        )
        .unwrap();
        let mut wrapped =
            wrap(&json!({"PostToolUse": [{"hooks": [{"command": "mine-already"}]}]})).unwrap();
        let copied = seed(&hooks, &mut wrapped, &["PreToolUse", "PostToolUse"]).unwrap();
        assert_eq!(copied, ["PreToolUse"]);
        assert_eq!(
            wrapped["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
            "my-check"
        );
        assert_eq!(
            wrapped["hooks"]["PostToolUse"][0]["hooks"][0]["command"],
            "mine-already"
        );
    }
}
