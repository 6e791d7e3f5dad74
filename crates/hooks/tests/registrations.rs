//! Every registration file under the repository's `hooks/` is valid JSON, runs a guard
//! with the `--host` of its folder, sets a timeout in the host's unit, and sets the
//! host's fail-closed switch where it has one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hookkit_policy::Host;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn hooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../hooks")
}

/// Every hook entry: an object with a `command`, `bash` or `powershell` string.
fn entries(value: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match value {
        Value::Object(map) => {
            if ["command", "bash", "powershell"]
                .iter()
                .any(|k| map.get(*k).is_some_and(Value::is_string))
            {
                out.push(map.clone());
            }
            map.values().for_each(|v| entries(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| entries(v, out)),
        _ => {}
    }
}

#[test]
fn every_registration_runs_a_guard_for_its_own_host() {
    let mut hosts_seen = Vec::new();
    for folder in std::fs::read_dir(hooks_dir()).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().unwrap().to_str().unwrap().to_string();
        let host: Host = serde_json::from_value(Value::String(name.clone()))
            .unwrap_or_else(|_| panic!("hooks/{name}: not a --host value"));
        hosts_seen.push(host);

        let mut files = 0;
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            if file.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            files += 1;
            let at = file.display().to_string();
            let value: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
                .unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(
                value.get("hooks").is_some_and(Value::is_object),
                "{at}: a `hooks` object"
            );

            let mut found = Vec::new();
            entries(&value, &mut found);
            assert!(!found.is_empty(), "{at}: no hook entries");
            for entry in found {
                for key in ["command", "bash", "powershell"] {
                    if let Some(command) = entry.get(key).and_then(Value::as_str) {
                        assert!(
                            command.contains(&format!("--host {name}")),
                            "{at}: `{command}` lacks --host {name}"
                        );
                        assert!(
                            command.contains("-guard"),
                            "{at}: `{command}` runs no hookkit guard"
                        );
                    }
                }
                let (timeout_key, range) = match host {
                    Host::GeminiCli => ("timeout", 1_000..=60_000), // milliseconds
                    Host::CopilotCli => ("timeoutSec", 1..=60),
                    _ => ("timeout", 1..=60), // seconds
                };
                let timeout = entry
                    .get(timeout_key)
                    .and_then(Value::as_u64)
                    .unwrap_or_else(|| panic!("{at}: no `{timeout_key}`"));
                assert!(
                    range.contains(&timeout),
                    "{at}: {timeout_key} {timeout} outside {range:?}"
                );
                if host == Host::Cursor {
                    assert_eq!(
                        entry.get("failClosed"),
                        Some(&Value::Bool(true)),
                        "{at}: failClosed"
                    );
                }
            }
        }
        assert!(files > 0, "hooks/{name}: no registration file");
    }
    hosts_seen.sort_by_key(|h| h.as_str());
    let mut all = Host::ALL.to_vec();
    all.sort_by_key(|h| h.as_str());
    assert_eq!(hosts_seen, all, "one folder per host");
}
