//! End to end (issue 7, "Measured"): the real Claude Code CLI (installed from the npm
//! registry by `hookkit_testkit::install_claude_code`) runs against a scripted model server
//! on 127.0.0.1 with both guards registered in one plugin for `PreToolUse` and
//! `PostToolUse` on Bash, Read and Write, and with `[audit] enabled` writing the trail to a
//! scratch directory (configuration passed by `$HOOKKIT_CONFIG`). One session, six calls:
//!
//! 1. a read (`ls`) and 2. a read of a file (`cat`): allowed, ran;
//! 3. a `printf` whose arguments and description carry an obviously fake GitHub token:
//!    denied by secret-guard (a literal credential in a command); the token must reach no
//!    trail file, and the purpose is recorded masked;
//! 4. a file write (`printf … > written.txt`): allowed, ran, the file exists;
//! 5. `rm -rf ~` (built from parts): denied by command-guard; a marker in the scratch
//!    `HOME` survives;
//! 6. `aws secretsmanager get-secret-value --secret-id x`: denied by secret-guard; a
//!    stand-in `aws` first on `PATH` leaves a marker if it ever runs.
//!
//! Then `hookkit-audit report --format json` on the trail: every call has a complete record
//! (identity, permission, purpose, outcome), the three denied calls are told apart from the
//! three that ran, and the token appears in no trail file.
//!
//! SAFETY: the destructive commands are data. They are built here, handed only to the fake
//! model server, and reach only the host inside this test, whose `HOME` and working
//! directory are fresh temporary directories. Before the session, each guard must deny its
//! command on its own (fed a PreToolUse payload on stdin, no shell involved); otherwise the
//! test fails without starting the host.
//!
//! `HOOKKIT_SKIP_E2E=1` skips this test with a notice (for machines without npm; never in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::path::{Path, PathBuf};
use std::process::Command;

use hookkit_testkit::{
    ClaudeSession, FakeAnthropic, Turn, ask_guard_shell, build_workspace_bins, destructive_command,
    install_claude_code, secret_fetch_command, shell_quote, skip_e2e, write_standin,
};
use serde_json::{Value, json};

const AUDIT: &str = env!("CARGO_BIN_EXE_hookkit-audit");

/// An obviously fake GitHub token (shape of `secrets.github-pat`), held in two halves so
/// that no single literal in this file is the token.
const TOKEN_HEAD: &str = "ghp_FAKE0000";
const TOKEN_TAIL: &str = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

/// A Claude Code Bash call with the model's own statement of intent.
fn bash(command: &str, description: &str) -> Turn {
    Turn::ToolUse {
        name: "Bash".to_owned(),
        input: json!({ "command": command, "description": description }),
    }
}

/// A plugin registering both guards for PreToolUse and PostToolUse on Bash, Read and
/// Write (layout: Claude Code plugins reference; see hookkit_testkit::pretooluse_plugin).
fn plugin(guards: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("hookkit-e2e-audit-")
        .tempdir()
        .unwrap();
    let hooks: Vec<Value> = guards
        .iter()
        .map(|g| {
            let command = format!("{} --host claude-code", shell_quote(&g.to_string_lossy()));
            json!({ "type": "command", "command": command, "timeout": 30 })
        })
        .collect();
    let entry = json!([{ "matcher": "Bash|Read|Write", "hooks": hooks }]);
    let manifest = json!({
        "name": "hookkit-audit-e2e",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "hookkit end-to-end test plugin: both guards before and after tools, audited",
    });
    let hooks = json!({ "hooks": { "PreToolUse": entry, "PostToolUse": entry } });
    for (path, value) in [
        (".claude-plugin/plugin.json", manifest),
        ("hooks/hooks.json", hooks),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{value:#}\n")).unwrap();
    }
    dir
}

/// `guard --host claude-code`'s parsed answer to a Bash PreToolUse payload for `command`
/// (`None` when silent, i.e. allow). No configuration: nothing is audited.
fn verdict(guard: &Path, command: &str, home: &Path) -> Option<Value> {
    let answer = ask_guard_shell(guard, "claude-code", command, home, home).unwrap();
    assert!(
        answer.status.success(),
        "{} exited {answer:?}",
        guard.display()
    );
    assert!(
        answer.stdout.trim().is_empty() || answer.json().is_some(),
        "{} printed something that is not JSON: {answer:?}",
        guard.display()
    );
    answer.json()
}

fn denies(guard: &Path, command: &str, home: &Path) -> bool {
    verdict(guard, command, home)
        .is_some_and(|v| v["hookSpecificOutput"]["permissionDecision"] == "deny")
}

#[test]
fn every_call_of_a_real_session_has_a_complete_record_and_no_secret() {
    if skip_e2e("every_call_of_a_real_session_has_a_complete_record_and_no_secret") {
        return;
    }
    let guards = build_workspace_bins(&["command-guard", "secret-guard"])
        .unwrap_or_else(|e| panic!("building the guards: {e}"));
    let (command_guard, secret_guard) = (&guards[0], &guards[1]);
    let token = format!("{TOKEN_HEAD}{TOKEN_TAIL}");
    let printer = format!("printf '%s\\n' done {token} >/dev/null");
    let claude = install_claude_code().unwrap_or_else(|e| panic!("installing Claude Code: {e}"));

    let scratch = tempfile::tempdir().unwrap();
    let trail = scratch.path().join("trail");
    let config = scratch.path().join("hookkit.toml");
    std::fs::write(
        &config,
        format!(
            "[audit]\nenabled = true\ndir = {:?}\n",
            trail.display().to_string()
        ),
    )
    .unwrap();
    let standins = scratch.path().join("bin");
    std::fs::create_dir_all(&standins).unwrap();
    let path = format!(
        "{}:{}",
        standins.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let plugin = plugin(&guards);
    let script = vec![
        bash("ls", "List the project files"),
        bash("cat notes.txt", "Read the notes"),
        bash(
            &printer,
            &format!("Check the token {token} without printing it"),
        ),
        bash(
            "printf 'written by the model\\n' > written.txt",
            "Write a file",
        ),
        bash(&destructive_command(), "Clean up the home directory"),
        bash(&secret_fetch_command("x"), "Fetch the database password"),
        Turn::text("Done."),
    ];
    let server = FakeAnthropic::start(script).unwrap();
    let session = ClaudeSession::new(&claude, server.base_url())
        .unwrap()
        .plugin_dir(plugin.path())
        .env("PATH", path)
        .env("HOOKKIT_CONFIG", &config);
    let home = session.home();
    let files = session.cwd();
    std::fs::write(files.join("notes.txt"), "hookkit e2e notes\n").unwrap();
    let keep = home.join("keep-me.txt");
    std::fs::write(&keep, "hookkit e2e marker\n").unwrap();
    let aws_ran = home.join("aws-ran.txt");
    write_standin(&standins, "aws", &aws_ran).unwrap();

    // Safety preconditions: a fresh scratch HOME, and each guard denies its command on its
    // own before any host is given it.
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    assert!(
        denies(command_guard, &destructive_command(), home),
        "preflight: command-guard allowed the destructive command; not starting the host"
    );
    assert!(
        denies(secret_guard, &secret_fetch_command("x"), home),
        "preflight: secret-guard allowed the secret fetch; not starting the host"
    );
    assert!(!trail.exists(), "the preflight must not be audited");

    let output = session.run("Run the scripted steps.").unwrap();
    output.success().unwrap();
    assert_eq!(server.turns_served(), 7, "stdout: {}", output.stdout);

    // What ran and what did not.
    assert!(
        keep.exists(),
        "the destructive command ran: {} is gone",
        keep.display()
    );
    assert!(!aws_ran.exists(), "the stand-in aws ran");
    assert_eq!(
        std::fs::read_to_string(files.join("written.txt")).unwrap(),
        "written by the model\n"
    );
    for turn in [2, 4, 5] {
        let r = server.tool_result_for(turn).unwrap();
        assert!(r.is_error, "turn {turn}: {r:?}");
    }

    // No secret anywhere in the trail.
    let trail_files = hookkit_audit_trail::store::files_in(&trail).unwrap();
    assert!(
        !trail_files.is_empty(),
        "no trail written in {}",
        trail.display()
    );
    let mut records = 0;
    for f in &trail_files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.contains(TOKEN_TAIL),
            "the token reached {}",
            f.display()
        );
        assert!(!text.contains(&token), "the token reached {}", f.display());
        records += text.lines().count();
    }

    // The report: every call complete, denied and allowed told apart.
    let out = Command::new(AUDIT)
        .args(["report", "--format", "json", "--dir"])
        .arg(&trail)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains(TOKEN_TAIL), "the token reached the report");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["records"], records, "{report:#}");
    assert_eq!(report["unreadable_lines"], 0, "{report:#}");
    assert_eq!(report["calls"], 6, "one call per tool use: {report:#}");
    assert_eq!(report["complete"], 6, "{report:#}");
    assert_eq!(report["complete_share"], 1.0, "{report:#}");
    assert_eq!(
        report["by_decision"],
        json!({ "allow": 3, "deny": 3 }),
        "{report:#}"
    );
    assert_eq!(
        report["sessions"].as_object().unwrap().len(),
        1,
        "{report:#}"
    );
    assert_eq!(report["unaccounted"], json!([]), "{report:#}");

    let denied = report["denied_and_asked"].as_array().unwrap();
    assert_eq!(denied.len(), 3, "{report:#}");
    for d in denied {
        assert_eq!(d["decision"], "deny", "{d:#}");
        assert_eq!(d["fate"], "blocked", "{d:#}");
        assert_eq!(d["tool"], "Bash", "{d:#}");
        assert!(!d["rule_ids"].as_array().unwrap().is_empty(), "{d:#}");
        assert!(
            d["call_id"].as_str().unwrap().starts_with("toolu_"),
            "{d:#}"
        );
    }
    let purposes: Vec<&str> = denied
        .iter()
        .map(|d| d["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(
        purposes,
        [
            "Check the token [REDACTED secrets.github-pat ghp_…(40 chars)] without printing it",
            "Clean up the home directory",
            "Fetch the database password",
        ],
        "{report:#}"
    );

    assert!(
        denied[0]["rule_ids"]
            .as_array()
            .unwrap()
            .contains(&json!("secrets.github-pat")),
        "{report:#}"
    );

    // The three allowed calls ran, with an outcome each (replay shows them one by one).
    let session_id = report["sessions"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let out = Command::new(AUDIT)
        .args(["replay", &session_id, "--format", "json", "--dir"])
        .arg(&trail)
        .output()
        .unwrap();
    assert!(out.status.success());
    let steps: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(steps.iter().all(|s| s["tool"] == "Bash"));
    let fates: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s["purpose"].as_str().unwrap(), s["fate"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fates,
        [
            ("List the project files", "ran"),
            ("Read the notes", "ran"),
            (purposes[0], "blocked"),
            ("Write a file", "ran"),
            ("Clean up the home directory", "blocked"),
            ("Fetch the database password", "blocked"),
        ]
    );
    assert!(
        steps[2]["purpose"].as_str().unwrap().contains("[REDACTED"),
        "the token's purpose is masked: {:#}",
        steps[2]
    );
    assert!(
        steps
            .iter()
            .all(|s| s["guards"].as_array().unwrap().len() == 2)
    );
}
