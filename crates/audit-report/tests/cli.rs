//! hookkit-audit on a trail written by the same library calls the guards make
//! (`hookkit_audit_trail::record`), with the times fixed so the output can be
//! snapshotted: report (table and JSON), filters, replay.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_audit_trail::record;
use hookkit_policy::config::AuditConfig;
use hookkit_policy::{
    ActionClass, Config, Decision, Environment, Event, Finding, Host, Severity, ToolCall, ToolKind,
    Verdict,
};
use serde_json::json;
use std::path::Path;
use std::process::Command;

const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

fn config(dir: &Path) -> Config {
    Config {
        audit: AuditConfig {
            enabled: true,
            dir: Some(dir.to_path_buf()),
            path: None,
            max_file_bytes: 0,
            retain_days: 0,
            retain_bytes: 0,
            otlp_endpoint: None,
            otlp_timeout_ms: 100,
        },
        ..Config::default()
    }
}

fn call(
    host: Host,
    session: &str,
    id: Option<&str>,
    event: Event,
    kind: ToolKind,
    tool: &str,
) -> ToolCall {
    let host_event = match (host, event) {
        (Host::CopilotCli, Event::PreTool) => "preToolUse",
        (Host::CopilotCli, _) => "postToolUse",
        (_, Event::PostTool) => "PostToolUse",
        _ => "PreToolUse",
    };
    let mut c = ToolCall::new(host, event, host_event, kind, tool);
    c.session_id = Some(session.into());
    c.call_id = id.map(str::to_owned);
    c.cwd = Some("/home/dev/project".into());
    c
}

fn deny(rule: &str, class: ActionClass, env: Environment, verdict: Verdict) -> Decision {
    Decision {
        verdict,
        reason: format!("{rule}: no"),
        findings: vec![Finding {
            rule_id: rule.into(),
            class,
            environment: env,
            severity: Severity::High,
            verdict,
            message: "m".into(),
            instead: "i".into(),
            matched: "x".into(),
            span: None,
        }],
        additional_context: None,
        replacement_output: None,
        internal_error: false,
        approved: false,
    }
}

fn allow_with(class: ActionClass, env: Environment, rule: &str) -> Decision {
    Decision {
        verdict: Verdict::Allow,
        reason: String::new(),
        ..deny(rule, class, env, Verdict::Allow)
    }
}

/// Writes a trail of two sessions and fixes its times to 10:00:00, 10:00:01…
fn write_trail(dir: &Path) {
    let c = config(dir);
    let cc = |id: &str, event, kind, tool| {
        call(Host::ClaudeCode, "s-claude", Some(id), event, kind, tool)
    };
    let rec = |guard: &str, call: &ToolCall, d: &Decision, input: serde_json::Value| {
        record(guard, &c, Some(call), d, input.to_string().as_bytes()).unwrap();
    };
    // 1. A read, allowed, ran.
    let mut ls = cc("toolu_1", Event::PreTool, ToolKind::Shell, "Bash");
    ls.command = Some("ls".into());
    ls.description = Some("List the project".into());
    rec(
        "command-guard",
        &ls,
        &allow_with(ActionClass::Read, Environment::Unknown, "files.ls"),
        json!({}),
    );
    rec("secret-guard", &ls, &Decision::allow(), json!({}));
    let mut ls_post = ls.clone();
    ls_post.event = Event::PostTool;
    ls_post.output = Some("a\nb\n".into());
    rec(
        "secret-guard",
        &ls_post,
        &Decision::allow(),
        json!({"tool_response": {"stdout": "a\nb", "interrupted": false}}),
    );
    // 2. A delete in production, denied.
    let mut del = cc("toolu_2", Event::PreTool, ToolKind::Shell, "Bash");
    del.command = Some("aws s3 rb s3://orders --profile prod".into());
    del.description = Some(format!("Remove the old bucket with token {KEY}"));
    rec(
        "command-guard",
        &del,
        &deny(
            "aws.delete",
            ActionClass::Delete,
            Environment::Production,
            Verdict::Deny,
        ),
        json!({}),
    );
    // 3. A create in production, allowed, failed.
    let mut create = cc("toolu_3", Event::PreTool, ToolKind::Shell, "Bash");
    create.command = Some("kubectl --context prod create deployment web --image=web:2".into());
    create.description = Some("Deploy web 2".into());
    rec(
        "command-guard",
        &create,
        &allow_with(
            ActionClass::Create,
            Environment::Production,
            "kubectl.create",
        ),
        json!({}),
    );
    let mut create_post = create.clone();
    create_post.event = Event::PostTool;
    create_post.output = Some("Exit code 1\nforbidden".into());
    rec(
        "secret-guard",
        &create_post,
        &Decision::allow(),
        json!({"error": "Exit code 1\nforbidden", "is_interrupt": false}),
    );
    // 4. A secret fetch, denied by secret-guard.
    let mut env = cc("toolu_4", Event::PreTool, ToolKind::FileRead, "Read");
    env.path = Some("/home/dev/project/.env".into());
    rec(
        "secret-guard",
        &env,
        &deny(
            "fetch.dotenv-read",
            ActionClass::Read,
            Environment::Unknown,
            Verdict::Deny,
        ),
        json!({}),
    );
    // 5. A modify, allowed, never reported back.
    let mut sed = cc("toolu_5", Event::PreTool, ToolKind::Shell, "Bash");
    sed.command = Some("sed -i s/a/b/ README.md".into());
    rec(
        "command-guard",
        &sed,
        &allow_with(
            ActionClass::Modify,
            Environment::Unknown,
            "files.sed-in-place",
        ),
        json!({}),
    );
    // 6. A staging delete, asked, no outcome.
    let mut ask = cc("toolu_6", Event::PreTool, ToolKind::Shell, "Bash");
    ask.command = Some("aws s3 rm s3://x --profile staging".into());
    rec(
        "command-guard",
        &ask,
        &deny(
            "aws.delete",
            ActionClass::Delete,
            Environment::Staging,
            Verdict::Ask,
        ),
        json!({}),
    );
    // Copilot CLI: no call ids; the same command twice, joined first in first out.
    for output in ["one\n", "two\n"] {
        let mut pre = call(
            Host::CopilotCli,
            "s-copilot",
            None,
            Event::PreTool,
            ToolKind::Shell,
            "bash",
        );
        pre.command = Some("date".into());
        pre.description = Some("what time is it".into());
        rec(
            "command-guard",
            &pre,
            &allow_with(ActionClass::Read, Environment::Unknown, "core.read"),
            json!({}),
        );
        let mut post = pre.clone();
        post.event = Event::PostTool;
        post.output = Some(output.into());
        rec(
            "secret-guard",
            &post,
            &Decision::allow(),
            json!({"toolResult": {"resultType": "success", "textResultForLlm": "x <shellId: 0 completed with exit code 0>"}}),
        );
    }
    let files = hookkit_audit_trail::store::files_in(dir).unwrap();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let mut fixed = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["time"] = json!(format!("2026-05-01T10:00:{i:02}.5Z"));
        fixed.push_str(&v.to_string());
        fixed.push('\n');
    }
    std::fs::write(&files[0], fixed).unwrap();
}

fn audit(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_hookkit-audit"))
        .args(args)
        .arg("--dir")
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn report_table_json_and_replay() {
    let dir = tempfile::tempdir().unwrap();
    write_trail(dir.path());
    let raw = std::fs::read_to_string(
        hookkit_audit_trail::store::files_in(dir.path())
            .unwrap()
            .remove(0),
    )
    .unwrap();
    assert!(!raw.contains("FAKE0000"), "a secret reached the trail");

    let (table, code) = audit(dir.path(), &["report"]);
    assert_eq!(code, 0, "{table}");
    insta::assert_snapshot!("report_table", table);

    let (json, code) = audit(dir.path(), &["report", "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["calls"], 8);
    assert_eq!(
        v["complete"], 7,
        "the unreported modify; the unanswered ask is complete, shown as asked without an outcome"
    );
    assert_eq!(v["production_changes"].as_array().unwrap().len(), 2);
    assert_eq!(v["unaccounted"].as_array().unwrap().len(), 2);
    insta::assert_json_snapshot!("report_json", v);

    let (replay, code) = audit(dir.path(), &["replay", "s-claude"]);
    assert_eq!(code, 0, "{replay}");
    insta::assert_snapshot!("replay_claude", replay);
    let (replay, _) = audit(dir.path(), &["replay", "s-copilot", "--format", "json"]);
    let steps: serde_json::Value = serde_json::from_str(&replay).unwrap();
    let sizes: Vec<u64> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["output_bytes"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, vec![4, 4]);
    assert!(steps.as_array().unwrap().iter().all(|s| s["fate"] == "ran"));
    // No call id from Copilot CLI: the key hookkit derived, digest and order.
    let keys: Vec<&str> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["call_id"].as_str().unwrap())
        .collect();
    assert!(
        keys[0].starts_with("sha256:") && keys[0].ends_with("#1"),
        "{keys:?}"
    );
    assert_eq!(keys[1], keys[0].replace("#1", "#2"));
    assert!(
        steps
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["derived"] == true)
    );
}

#[test]
fn filters_narrow_the_report() {
    let dir = tempfile::tempdir().unwrap();
    write_trail(dir.path());
    let calls = |args: &[&str]| {
        let mut all = vec!["report", "--format", "json"];
        all.extend_from_slice(args);
        let (json, code) = audit(dir.path(), &all);
        assert_eq!(code, 0, "{json}");
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["calls"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(calls(&["--decision", "deny"]), 2);
    assert_eq!(calls(&["--environment", "production"]), 2);
    assert_eq!(calls(&["--environment", "unknown"]), 5);
    assert_eq!(calls(&["--class", "delete"]), 2);
    assert_eq!(calls(&["--session", "s-copilot"]), 2);
    assert_eq!(calls(&["--host", "claude-code"]), 6);
    assert_eq!(calls(&["--since", "2026-05-01T10:00:05Z"]), 5);
    assert_eq!(
        calls(&["--until", "2026-05-01T10:00:05Z", "--since", "2026-05-01"]),
        3
    );
    assert_eq!(calls(&["--since", "2026-05-02"]), 0);
    let (err, code) = audit(dir.path(), &["report", "--since", "yesterday"]);
    assert_eq!(code, 2, "{err}");
    let (err, code) = audit(dir.path(), &["replay", "nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no calls of session `nope`"), "{err}");
}

/// A chained trail of `n` records in several files (segments of about 3 records), as the
/// guards write it.
fn chained_trail(dir: &Path, n: usize) -> Vec<std::path::PathBuf> {
    let mut c = config(dir);
    c.audit.max_file_bytes = 1200;
    for i in 0..n {
        let mut pre = call(
            Host::ClaudeCode,
            "s-chain",
            Some(&format!("toolu_{i}")),
            Event::PreTool,
            ToolKind::Shell,
            "Bash",
        );
        pre.command = Some(format!("echo {i}"));
        record("command-guard", &c, Some(&pre), &Decision::allow(), b"{}").unwrap();
    }
    hookkit_audit_trail::store::files_in(dir).unwrap()
}

/// `hookkit-audit verify` on `dir`: the exit code and the (file name, line, kind) of each
/// problem.
fn verify(dir: &Path) -> (i32, Vec<(String, u64, String)>, String) {
    let (json, code) = audit(dir, &["verify", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let problems = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let file = Path::new(p["file"].as_str().unwrap());
            (
                file.file_name().unwrap().to_string_lossy().into_owned(),
                p["line"].as_u64().unwrap(),
                p["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (code, problems, json)
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn verify_says_ok_with_the_counts_on_an_intact_chain() {
    let dir = tempfile::tempdir().unwrap();
    let files = chained_trail(dir.path(), 12);
    assert!(files.len() >= 3, "{files:?}");
    let (text, code) = audit(dir.path(), &["verify"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        text,
        format!(
            "OK: {} files, 12 records, seq 1 to 12: the hash chain is unbroken\n",
            files.len()
        )
    );
}

#[test]
fn verify_names_each_tampering_with_its_file_and_line() {
    let fresh = || {
        let dir = tempfile::tempdir().unwrap();
        let files = chained_trail(dir.path(), 12);
        assert!(files.len() >= 4, "{files:?}");
        (dir, files)
    };

    // A field edited: the record's digest no longer matches what the next one names.
    let (dir, files) = fresh();
    let mut lines = lines_of(&files[0]);
    lines[1] = lines[1].replace("\"decision\":\"allow\"", "\"decision\":\"deny\"");
    write_lines(&files[0], &lines);
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1, "{json}");
    assert_eq!(
        problems,
        [(name(&files[0]), 2, "altered".to_owned())],
        "{json}"
    );

    // A line deleted.
    let (dir, files) = fresh();
    let mut lines = lines_of(&files[1]);
    lines.remove(1);
    write_lines(&files[1], &lines);
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        [(name(&files[1]), 2, "removed".to_owned())],
        "{json}"
    );

    // Two lines swapped.
    let (dir, files) = fresh();
    let mut lines = lines_of(&files[1]);
    lines.swap(0, 1);
    write_lines(&files[1], &lines);
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        [(name(&files[1]), 1, "reordered".to_owned())],
        "{json}"
    );

    // The trail's first two records swapped.
    let (dir, files) = fresh();
    let mut lines = lines_of(&files[0]);
    lines.swap(0, 1);
    write_lines(&files[0], &lines);
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        [(name(&files[0]), 1, "reordered".to_owned())],
        "{json}"
    );

    // The last line cut short.
    let (dir, files) = fresh();
    let last = files.last().unwrap();
    let text = std::fs::read_to_string(last).unwrap();
    std::fs::write(last, &text[..text.len() - 20]).unwrap();
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1);
    let n = text.lines().count() as u64;
    assert_eq!(
        problems,
        [(name(last), n, "truncated".to_owned())],
        "{json}"
    );

    // A whole file removed from the middle: the next file's first line says so.
    let (dir, files) = fresh();
    std::fs::remove_file(&files[1]).unwrap();
    let (code, problems, json) = verify(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        [(name(&files[2]), 1, "removed".to_owned())],
        "{json}"
    );
    let (text, _) = audit(dir.path(), &["verify"]);
    assert!(
        text.contains(&format!("{}:1: removed: ", files[2].display())),
        "{text}"
    );
    assert!(text.contains("FAILED: 1 problem in"), "{text}");

    // The oldest file removed (as retention does): a note, not a problem.
    let (dir, files) = fresh();
    std::fs::remove_file(&files[0]).unwrap();
    let (text, code) = audit(dir.path(), &["verify"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("note: the chain begins at"), "{text}");
}
