//! The audit trail and session budgets as hosts exercise them: many command-guard
//! PROCESSES at once, each appending to the same day's trail file or counting against the
//! same session's budget.
//!
//! The commands below are data: they are piped to command-guard as JSON and never run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Write the user's configuration (a person's file: unlike a project's, it may move the
/// trail and choose a wider profile): `top` keys, the trail on in `project/trail`, then
/// `tables`.
fn user_config(project: &Path, top: &str, tables: &str) {
    let dir = project.join("home/.config/hookkit");
    std::fs::create_dir_all(&dir).unwrap();
    let trail = project.join("trail");
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "{top}[audit]\nenabled = true\ndir = {:?}\n{tables}",
            trail.to_str().unwrap()
        ),
    )
    .unwrap();
}

fn spawn(project: &Path, payload: &Value) -> Child {
    let home = project.join("home");
    let mut command = Command::new(env!("CARGO_BIN_EXE_command-guard"));
    let mut child = hookkit_testkit::scratch_home(&mut command, &home)
        .args(["--host", "claude-code"])
        .current_dir(project)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(payload.to_string().as_bytes()).unwrap();
    drop(stdin);
    child
}

fn payload(project: &Path, session: &str, call: &str, command: &str) -> Value {
    json!({
        "session_id": session,
        "cwd": project,
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": command, "description": format!("step {call}")},
        "tool_use_id": call,
    })
}

fn trail_lines(dir: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.ends_with('\n'), "{} ends mid-line", path.display());
            for line in text.lines() {
                out.push(
                    serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("torn line {line:?}: {e}")),
                );
            }
        }
    }
    out
}

#[test]
fn the_trail_is_on_by_default_private_chained_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    // No configuration at all: the trail goes to $XDG_STATE_HOME/hookkit/audit.
    // A fake random-looking token no secret rule matches, joined at run time.
    let token = ["Zx8kQ2vN", "7pL4wR9t", "Y3mB6cF1", "hJ5dS0gA"].concat();
    for (n, command) in ["git status".to_owned(), format!("deploy --auth {token}")]
        .iter()
        .enumerate()
    {
        let out = spawn(
            project,
            &payload(project, "s-default", &format!("toolu_{n}"), command),
        )
        .wait_with_output()
        .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let trail = project.join("home/.local/state/hookkit/audit");
    let lines = trail_lines(&trail);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let text = lines.iter().map(Value::to_string).collect::<String>();
    assert!(!text.contains(&token), "{text}");
    let second = lines.iter().find(|l| l["seq"] == 2).unwrap();
    assert!(
        second["args"]
            .as_str()
            .unwrap()
            .starts_with("Bash: deploy --auth [REDACTED entropy sha256:"),
        "{second}"
    );
    assert_eq!(second["purpose"], "step toolu_1");
    #[cfg(unix)]
    for entry in std::fs::read_dir(&trail).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let mode = entry.unwrap().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
    }
}

#[test]
fn a_hundred_concurrent_guard_processes_leave_a_hundred_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    user_config(project, "", "");
    // A long purpose makes each line large enough that an unlocked, split write would show.
    let long = "x".repeat(200);
    let children: Vec<Child> = (0..100)
        .map(|n| {
            spawn(
                project,
                &payload(
                    project,
                    &format!("session-{n}"),
                    &format!("toolu_{n}"),
                    &format!("ls {long}"),
                ),
            )
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lines = trail_lines(&project.join("trail"));
    assert_eq!(lines.len(), 100);
    let mut ids: Vec<&str> = lines
        .iter()
        .map(|l| l["call_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100);
    // One hash chain: every seq from 1 to 100 once, computed under the trail's lock.
    let mut seqs: Vec<u64> = lines.iter().map(|l| l["seq"].as_u64().unwrap()).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=100).collect::<Vec<u64>>());
    for l in &lines {
        assert_eq!(l["phase"], "pre");
        assert_eq!(l["profile"], "reversible");
        assert!(
            l["purpose"].as_str().unwrap().starts_with("step toolu_"),
            "{l}"
        );
    }
    #[cfg(unix)]
    for entry in std::fs::read_dir(project.join("trail")).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let mode = entry.unwrap().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
    }
}

#[test]
fn concurrent_guard_processes_of_one_session_keep_to_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    user_config(
        project,
        "profile = \"ops\"\n",
        "[profiles.ops]\nextends = \"autonomous\"\n[profiles.ops.budget]\ndelete = 5\n",
    );
    let children: Vec<Child> = (0..20)
        .map(|n| {
            spawn(
                project,
                &payload(
                    project,
                    "one-session",
                    &format!("toolu_{n}"),
                    "docker rm web",
                ),
            )
        })
        .collect();
    let mut denied = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        if stdout.contains("\"deny\"") {
            assert!(stdout.contains("budget.delete"), "{stdout}");
            denied += 1;
        } else {
            assert!(stdout.is_empty(), "{stdout}");
        }
    }
    assert_eq!(denied, 15, "exactly 5 of 20 deletes fit the budget");
    let lines = trail_lines(&project.join("trail"));
    let budget_denials = lines
        .iter()
        .filter(|l| {
            l["rule_ids"]
                .as_array()
                .is_some_and(|r| r.iter().any(|id| id == "budget.delete"))
        })
        .count();
    assert_eq!(budget_denials, 15);
    // Another session has its own budget.
    let out = spawn(
        project,
        &payload(project, "other-session", "toolu_x", "docker rm web"),
    )
    .wait_with_output()
    .unwrap();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
