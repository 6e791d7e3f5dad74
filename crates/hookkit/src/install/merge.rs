//! Adding hookkit's hooks to a host's registration file, and taking them out, leaving
//! everything else in it as it was (the values; the keys come out in sorted order).
//!
//! Both layouts of [`crate::doctor::hooks`] are handled: grouped (`{"Event": [{"matcher",
//! "hooks": [handler…]}]}`: Claude Code, Codex, Gemini CLI) and flat (`{"event":
//! [handler…]}`: Cursor, Copilot CLI), under the document's `hooks` key. A hook is
//! hookkit's when its command line runs a guard ([`guard_calls`]).

use crate::doctor::hooks::{Guard, guard_calls};
use serde_json::{Map, Value};

/// The command fields of a handler: `command`, or Copilot CLI's `bash` and `powershell`.
const COMMAND_KEYS: [&str; 3] = ["command", "bash", "powershell"];

/// The guard a handler (one hook object) runs, if it runs one.
fn guard_of(handler: &Value) -> Option<Guard> {
    COMMAND_KEYS
        .iter()
        .filter_map(|k| handler.get(*k).and_then(Value::as_str))
        .find_map(|c| guard_calls(c).first().map(|g| g.guard))
}

/// Whether an entry (a group or a flat handler) runs `guard`.
fn runs(entry: &Value, guard: Guard) -> bool {
    match entry.get("hooks").and_then(Value::as_array) {
        Some(hooks) => hooks.iter().any(|h| guard_of(h) == Some(guard)),
        None => guard_of(entry) == Some(guard),
    }
}

/// `entries` with every hook running one of `guards` taken out (a group left without
/// hooks goes too), and the index where the first one was.
fn without(entries: &[Value], guards: &[Guard]) -> (Vec<Value>, Option<usize>) {
    let mut kept = Vec::with_capacity(entries.len());
    let mut first = None;
    for entry in entries {
        let ours = |h: &Value| guard_of(h).is_some_and(|g| guards.contains(&g));
        match entry.get("hooks").and_then(Value::as_array) {
            Some(hooks) if hooks.iter().any(ours) => {
                first.get_or_insert(kept.len());
                let rest: Vec<Value> = hooks.iter().filter(|h| !ours(h)).cloned().collect();
                if !rest.is_empty() {
                    let mut group = entry.clone();
                    group["hooks"] = Value::Array(rest);
                    kept.push(group);
                }
            }
            None if ours(entry) => {
                first.get_or_insert(kept.len());
            }
            _ => kept.push(entry.clone()),
        }
    }
    (kept, first)
}

/// `doc` (a host's registration file, `{}` when there was none) with hookkit's `ours`
/// (the same layout, every command already pointing at the installed binaries) in it: for
/// each event and guard of `ours`, the hooks running that guard are replaced by ours, in
/// place of the first of them, or added at the end. Top-level keys of `ours` that `doc`
/// lacks (Cursor's and Copilot CLI's `version`) are added. Running it again changes
/// nothing.
///
/// # Errors
/// A message when `doc` is not an object, or its `hooks` (or an event under it) is not
/// what the host reads (an object of arrays).
pub fn install(doc: &Value, ours: &Value) -> Result<Value, String> {
    let mut out = object(doc)?.clone();
    for (key, value) in object(ours)? {
        if key != "hooks" && !out.contains_key(key) {
            out.insert(key.clone(), value.clone());
        }
    }
    let mut hooks = hooks_of(&out)?;
    let our_events = ours.get("hooks").and_then(Value::as_object);
    for (event, entries) in our_events.into_iter().flatten() {
        let mut list = event_list(&hooks, event)?;
        for entry in entries.as_array().into_iter().flatten() {
            let guards: Vec<Guard> = Guard::ALL.into_iter().filter(|g| runs(entry, *g)).collect();
            let (mut kept, first) = without(&list, &guards);
            kept.insert(first.unwrap_or(kept.len()), entry.clone());
            list = kept;
        }
        hooks.insert(event.clone(), Value::Array(list));
    }
    out.insert("hooks".into(), Value::Object(hooks));
    Ok(Value::Object(out))
}

/// `doc` with every hook that runs a guard taken out; an event left empty goes too.
///
/// # Errors
/// As [`install`].
pub fn uninstall(doc: &Value) -> Result<Value, String> {
    let mut out = object(doc)?.clone();
    if !out.contains_key("hooks") {
        return Ok(Value::Object(out));
    }
    let mut hooks = hooks_of(&out)?;
    let events: Vec<String> = hooks.keys().cloned().collect();
    for event in events {
        let (kept, _) = without(&event_list(&hooks, &event)?, &Guard::ALL);
        if kept.is_empty() {
            hooks.remove(&event);
        } else {
            hooks.insert(event, Value::Array(kept));
        }
    }
    out.insert("hooks".into(), Value::Object(hooks));
    Ok(Value::Object(out))
}

/// Whether `doc` registers any hook at all (after [`uninstall`]: whether anything of the
/// person's own is left).
pub fn has_hooks(doc: &Value) -> bool {
    doc.get("hooks")
        .and_then(Value::as_object)
        .is_some_and(|h| !h.is_empty())
}

fn object(doc: &Value) -> Result<&Map<String, Value>, String> {
    doc.as_object()
        .ok_or_else(|| "the file is not a JSON object".to_owned())
}

fn hooks_of(doc: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    match doc.get("hooks") {
        None => Ok(Map::new()),
        Some(Value::Object(h)) => Ok(h.clone()),
        Some(_) => Err("its `hooks` is not an object".to_owned()),
    }
}

fn event_list(hooks: &Map<String, Value>, event: &str) -> Result<Vec<Value>, String> {
    match hooks.get(event) {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => Ok(list.clone()),
        Some(_) => Err(format!("its `hooks.{event}` is not an array")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn ours() -> Value {
        json!({"hooks": {"PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "/b/command-guard --host claude-code", "timeout": 10}]},
            {"matcher": "Bash|Read", "hooks": [{"type": "command", "command": "/b/secret-guard --host claude-code", "timeout": 10}]}
        ]}})
    }

    #[test]
    fn adds_to_a_file_keeping_the_persons_settings_and_hooks() {
        let mine = json!({"model": "x", "hooks": {"PreToolUse": [
            {"matcher": "Write", "hooks": [{"type": "command", "command": "my-linter"}]}
        ], "Stop": [{"hooks": [{"type": "command", "command": "notify"}]}]}});
        let out = install(&mine, &ours()).unwrap();
        assert_eq!(out["model"], "x");
        assert_eq!(out["hooks"]["Stop"], mine["hooks"]["Stop"]);
        let pre = out["hooks"]["PreToolUse"].as_array().unwrap();
        assert_eq!(pre.len(), 3);
        assert_eq!(pre[0]["hooks"][0]["command"], "my-linter");
        // Again: nothing changes.
        assert_eq!(install(&out, &ours()).unwrap(), out);
    }

    #[test]
    fn replaces_an_older_registration_in_place() {
        let old = json!({"hooks": {"PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "command-guard --host claude-code", "timeout": 5}]},
            {"matcher": "Write", "hooks": [{"type": "command", "command": "my-linter"}]}
        ]}});
        let out = install(&old, &ours()).unwrap();
        let pre = out["hooks"]["PreToolUse"].as_array().unwrap();
        assert_eq!(pre.len(), 3);
        assert_eq!(
            pre[0]["hooks"][0]["command"],
            "/b/command-guard --host claude-code"
        );
        assert_eq!(pre[1]["hooks"][0]["command"], "my-linter");
    }

    #[test]
    fn a_group_shared_with_the_persons_hook_keeps_theirs() {
        let shared = json!({"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [
            {"type": "command", "command": "my-linter"},
            {"type": "command", "command": "command-guard --host claude-code"}
        ]}]}});
        let out = install(&shared, &ours()).unwrap();
        let pre = out["hooks"]["PreToolUse"].as_array().unwrap();
        let theirs =
            json!({"matcher": "Bash", "hooks": [{"type": "command", "command": "my-linter"}]});
        assert_eq!(pre.len(), 3);
        assert!(pre.contains(&theirs), "{pre:?}");
        let back = uninstall(&out).unwrap();
        assert_eq!(back["hooks"]["PreToolUse"], json!([theirs]));
    }

    #[test]
    fn flat_layout_and_top_level_keys() {
        let ours = json!({"version": 1, "hooks": {"preToolUse": [
            {"command": "/b/command-guard --host cursor", "timeout": 10, "failClosed": true}
        ]}});
        let out = install(&json!({}), &ours).unwrap();
        assert_eq!(out, ours);
        assert_eq!(uninstall(&out).unwrap(), json!({"version": 1, "hooks": {}}));
        assert!(!has_hooks(&uninstall(&out).unwrap()));
    }

    #[test]
    fn uninstall_takes_out_only_the_guards() {
        let out = install(
            &json!({"hooks": {"Stop": [{"hooks": [{"command": "notify"}]}]}}),
            &ours(),
        )
        .unwrap();
        let back = uninstall(&out).unwrap();
        assert_eq!(
            back,
            json!({"hooks": {"Stop": [{"hooks": [{"command": "notify"}]}]}})
        );
    }

    #[test]
    fn what_a_host_cannot_read_is_refused() {
        assert!(install(&json!([]), &ours()).is_err());
        assert!(install(&json!({"hooks": []}), &ours()).is_err());
        assert!(install(&json!({"hooks": {"PreToolUse": {}}}), &ours()).is_err());
    }
}
