//! End to end: `hookkit doctor` and the real Codex CLI (`@openai/codex@0.169.0`, installed
//! from the npm registry by `hookkit_testkit::install_codex`) agree on Codex's hook review.
//!
//! hooks/codex/hooks.json is registered as `$CODEX_HOME/hooks.json` in a scratch `HOME` and
//! `CODEX_HOME`, with the real guards (built by `hookkit_testkit::build_workspace_bins`) on
//! `PATH`. Then:
//! 1. doctor says each hook was never reviewed and exits 1, and `codex exec` (without
//!    `--dangerously-bypass-hook-trust`) indeed skips them: a secret fetch reaches the `aws`
//!    stand-in.
//! 2. The hooks are trusted the way Codex's own `/hooks` trusts them, without a terminal:
//!    the TUI asks its app server for `hooks/list` and writes each hook's `currentHash`
//!    with `config/batchWrite` (`hooks.state`, upsert; openai/codex
//!    `codex-rs/tui/src/hooks_rpc.rs`, `write_hook_trusts`). This test speaks the same
//!    JSON-RPC to `codex app-server` over stdio.
//! 3. doctor says trusted and exits 0, and `codex exec` now runs the guards: the secret
//!    fetch is refused with hookkit's reason and the stand-in does not run.
//! 4. One hook changed after review: doctor says "changed since trusted" for exactly the
//!    hook that Codex's `hooks/list` reports as `modified`.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (never in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use hookkit_testkit::{
    CodexSession, FakeOpenAi, Turn, bin_dir, build_workspace_bins, codex_exec_turn, install_codex,
    scratch_home, secret_fetch_command, skip_e2e, write_standin,
};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const PROMPT: &str = "Run the scripted commands.";

/// `codex app-server` on stdio: newline-delimited JSON-RPC.
struct AppServer {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl AppServer {
    fn start(codex: &Path, session: &CodexSession, path: &str) -> AppServer {
        let mut child = Command::new(codex)
            .arg("app-server")
            .env_clear()
            .env("HOME", session.home())
            .env("CODEX_HOME", session.codex_home())
            .env("PATH", path)
            .env("LANG", "C.UTF-8")
            .current_dir(session.cwd())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = AppServer {
            child,
            stdin,
            lines,
        };
        server.request(
            1,
            "initialize",
            json!({"clientInfo": {"name": "hookkit-doctor-e2e", "version": "1"}}),
        );
        server.send(&json!({"method": "initialized"}));
        server
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends request `id` and returns its `result`, skipping notifications.
    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(&json!({"method": method, "id": id, "params": params}));
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("no answer to {method}: {e}"));
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if message.get("id") == Some(&json!(id)) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    /// The hooks Codex lists for `cwd`.
    fn hooks(&mut self, id: u64, cwd: &Path) -> Vec<Value> {
        let result = self.request(id, "hooks/list", json!({"cwds": [cwd]}));
        result["data"][0]["hooks"].as_array().unwrap().clone()
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `hookkit doctor --host codex --format json` as the session's user, in its project.
fn doctor(session: &CodexSession, path: &str) -> (i32, Value) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookkit"));
    command.env_clear();
    scratch_home(&mut command, session.home())
        .env("CODEX_HOME", session.codex_home())
        .env("PATH", path)
        .args(["doctor", "--host", "codex", "--format", "json"])
        .current_dir(session.cwd());
    let out = command.output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

#[test]
fn doctor_agrees_with_codex_on_hook_review() {
    if skip_e2e("doctor_agrees_with_codex_on_hook_review") {
        return;
    }
    let codex = install_codex().unwrap_or_else(|e| panic!("installing Codex: {e}"));
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let bins = bin_dir(&guards).unwrap();
    let standins = tempfile::tempdir().unwrap();
    let server = FakeOpenAi::start(vec![
        codex_exec_turn(secret_fetch_command("before-review")),
        Turn::text("Done."),
        codex_exec_turn(secret_fetch_command("after-review")),
        Turn::text("Done."),
    ])
    .unwrap();
    let session = CodexSession::new(&codex, &server.base_url())
        .unwrap()
        .path_prepend(bins.path())
        .path_prepend(standins.path());
    let aws_ran = session.cwd().join("aws-ran.txt");
    write_standin(standins.path(), "aws", &aws_ran).unwrap();
    let hooks = session
        .install_hooks_json(&[
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../hooks/codex/hooks.json")
        ])
        .unwrap();
    // doctor's PATH: the guards, then the caller's (node, for the `codex` launcher).
    let mut dirs: Vec<PathBuf> = vec![bins.path().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).unwrap().into_string().unwrap();
    let exec = |session: &CodexSession| {
        session
            .command([
                "exec",
                "--skip-git-repo-check",
                "--sandbox",
                "workspace-write",
                PROMPT,
            ])
            .unwrap()
    };

    // 1. Never reviewed: doctor says so, and Codex skips the hooks.
    let (code, report) = doctor(&session, &path);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        common::states(&report),
        [
            "PermissionRequest command-guard: never reviewed",
            "PostToolUse secret-guard: never reviewed",
            "PreToolUse command-guard: never reviewed",
            "PreToolUse secret-guard: never reviewed"
        ]
    );
    let out = exec(&session);
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    assert!(
        aws_ran.exists(),
        "Codex ran an unreviewed hook: the secret fetch was refused"
    );
    std::fs::remove_file(&aws_ran).unwrap();

    // 2. Trust them as Codex's /hooks does.
    let mut app = AppServer::start(&codex, &session, &path);
    let listed = app.hooks(2, session.cwd());
    let review: serde_json::Map<String, Value> = listed
        .iter()
        .filter(|h| matches!(h["trustStatus"].as_str(), Some("untrusted" | "modified")))
        .map(|h| {
            (
                h["key"].as_str().unwrap().to_owned(),
                json!({"trusted_hash": h["currentHash"]}),
            )
        })
        .collect();
    assert_eq!(review.len(), 4, "{listed:#?}");
    assert!(
        review
            .keys()
            .all(|k| k.starts_with(&format!("{}:", hooks.display()))),
        "{review:?}"
    );
    app.request(
        3,
        "config/batchWrite",
        json!({
            "edits": [{"keyPath": "hooks.state", "value": review, "mergeStrategy": "upsert"}],
            "reloadUserConfig": true
        }),
    );
    drop(app);

    // 3. Trusted: doctor agrees, and Codex now runs the guards.
    let (code, report) = doctor(&session, &path);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        common::states(&report),
        [
            "PermissionRequest command-guard: trusted",
            "PostToolUse secret-guard: trusted",
            "PreToolUse command-guard: trusted",
            "PreToolUse secret-guard: trusted"
        ]
    );
    let out = exec(&session);
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    assert!(
        !aws_ran.exists(),
        "the reviewed hooks did not run: the stand-in `aws` ran"
    );
    let refused = server
        .function_output_for(2)
        .expect("no output for the second secret fetch");
    assert!(refused.contains("hookkit"), "{refused}");

    // 4. Change one hook: doctor and Codex name the same one.
    let text = std::fs::read_to_string(&hooks).unwrap();
    // The first hook after `"PostToolUse"`: secret-guard's (a hook that guards; a changed
    // `PermissionRequest` hook only stops approvals, which doctor shows without failing).
    let at = text.find("\"PostToolUse\"").unwrap();
    let changed = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("\"timeout\": 10", "\"timeout\": 11", 1)
    );
    assert_ne!(text, changed);
    std::fs::write(&hooks, changed).unwrap();
    let mut app = AppServer::start(&codex, &session, &path);
    let listed = app.hooks(2, session.cwd());
    drop(app);
    let modified: Vec<String> = listed
        .iter()
        .filter(|h| h["trustStatus"] == "modified")
        .map(|h| {
            let event = match h["eventName"].as_str().unwrap() {
                "preToolUse" => "PreToolUse",
                "postToolUse" => "PostToolUse",
                "permissionRequest" => "PermissionRequest",
                other => panic!("{other}"),
            };
            let guard = if h["command"].as_str().unwrap().contains("command-guard") {
                "command-guard"
            } else {
                "secret-guard"
            };
            format!("{event} {guard}: changed since trusted")
        })
        .collect();
    assert_eq!(modified.len(), 1, "{listed:#?}");
    let (code, report) = doctor(&session, &path);
    assert_eq!(code, 1);
    let changed: Vec<String> = common::states(&report)
        .into_iter()
        .filter(|s| s.ends_with("changed since trusted"))
        .collect();
    assert_eq!(changed, modified);
}
