//! The secret-guard binary: `scan` in its four formats (snapshots), its exit codes,
//! `.gitignore` and `.secret-guard-ignore`; hook mode on a secret fetch through the AWS MCP server's `call_aws`, and
//! on a credential in an MCP tool's output (Claude Code: replaced by a redacted copy).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

/// A small tree: a source file with a token, a dotenv with a database URL, an ignored
/// file with a token, and a clean file.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("src")).unwrap();
    std::fs::write(
        p.join("src/deploy.py"),
        format!("import os\n\nTOKEN = \"{KEY}\"\n"),
    )
    .unwrap();
    std::fs::write(
        p.join(".env"),
        "DEBUG=1\nDATABASE_URL=postgres://app:FAKEpw0000Zq9x@db.internal:5432/app\n",
    )
    .unwrap();
    std::fs::write(p.join(".gitignore"), "build/\n").unwrap();
    std::fs::create_dir(p.join("build")).unwrap();
    std::fs::write(p.join("build/out.txt"), format!("{KEY}\n")).unwrap();
    std::fs::write(p.join("README.md"), "# x\nSet `GITHUB_TOKEN=your-token`.\n").unwrap();
    dir
}

/// `secret-guard scan ARGS` in `dir`.
fn scan_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secret-guard"));
    command.arg("scan").args(args).current_dir(dir);
    command
}

fn scan(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = scan_command(dir, args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn scan_human_reports_path_line_column_masked_and_exits_1() {
    let dir = tree();
    let (out, err, code) = scan(dir.path(), &["."]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains(KEY) && !out.contains("FAKEpw0000Zq9x"));
    assert!(
        !out.contains("build/out.txt"),
        "ignored file scanned:\n{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn scan_jsonl_one_object_per_finding() {
    let dir = tree();
    let (out, _, code) = scan(dir.path(), &["--format", "jsonl", "."]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    insta::assert_json_snapshot!(lines);
}

#[test]
fn scan_github_one_annotation_per_finding_on_its_line() {
    let dir = tree();
    let (out, _, code) = scan(dir.path(), &["--format", "github", "."]);
    assert_eq!(code, 1);
    assert!(
        !out.contains(KEY) && !out.contains("FAKEpw0000Zq9x"),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines.iter().any(|l| l
            .starts_with("::error file=src/deploy.py,line=3,col=10,title=secrets.github-pat::")),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn scan_sarif_is_sarif_2_1_0() {
    let dir = tree();
    let (out, _, code) = scan(dir.path(), &["--format", "sarif", "src"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "secrets.github-pat");
    // Valid against the official SARIF 2.1.0 schema (OASIS errata 01, vendored once in
    // crates/report/schemas/), as skill-lint's and plugin-manifest's logs are.
    assert_eq!(
        hookkit_report::schema::sarif_errors(&v),
        Vec::<String>::new()
    );
    // A clean scan is a valid log too, with no results.
    let (out, _, code) = scan(dir.path(), &["--format", "sarif", "README.md"]);
    assert_eq!(code, 0);
    let clean: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(clean["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        hookkit_report::schema::sarif_errors(&clean),
        Vec::<String>::new()
    );
    insta::assert_json_snapshot!(v);
}

#[test]
fn scan_exit_codes_clean_and_missing() {
    let dir = tree();
    let (out, _, code) = scan(dir.path(), &["README.md"]);
    assert_eq!((code, out.as_str()), (0, "no secrets found\n"));
    let (_, err, code) = scan(dir.path(), &["does-not-exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("does-not-exist"), "{err}");
}

#[test]
fn scan_skips_what_a_secret_guard_ignore_file_names_unless_told_not_to() {
    let dir = tree();
    let p = dir.path();
    std::fs::create_dir(p.join("fixtures")).unwrap();
    std::fs::write(p.join("fixtures/fake.txt"), format!("{KEY}\n")).unwrap();
    std::fs::write(p.join("src/.secret-guard-ignore"), "deploy.py\n").unwrap();
    std::fs::write(p.join(".secret-guard-ignore"), "/fixtures/\n.env\n").unwrap();
    let (out, err, code) = scan(p, &["."]);
    assert_eq!((code, out.as_str()), (0, "no secrets found\n"), "{err}");
    let (out, _, code) = scan(p, &["--no-ignore-file", "--format", "jsonl", "."]);
    assert_eq!(code, 1);
    for path in ["fixtures/fake.txt", "src/deploy.py", ".env"] {
        assert!(out.contains(path), "{path} not scanned:\n{out}");
    }
}

#[test]
fn scan_reports_every_copy_of_a_file_and_none_a_file_wide_allowlist_skips() {
    let dir = tree();
    let p = dir.path();
    let source = std::fs::read(p.join("src/deploy.py")).unwrap();
    // Copies (scanned once, reported at each path), a PHP copy (a path some rules tell
    // apart), and one under `node_modules/`, which gitleaks' file-wide allowlist skips.
    for copy in [
        "a/deploy.py",
        "b/c/deploy.py",
        "d/deploy.php",
        "node_modules/x/deploy.py",
    ] {
        std::fs::create_dir_all(p.join(copy).parent().unwrap()).unwrap();
        std::fs::write(p.join(copy), &source).unwrap();
    }
    let (out, err, code) = scan(p, &["--format", "jsonl", "."]);
    assert_eq!(code, 1, "{err}");
    let paths: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["rule_id"] == "secrets.github-pat")
        .map(|v| v["path"].as_str().unwrap().to_string())
        .collect();
    for want in [
        "a/deploy.py",
        "b/c/deploy.py",
        "d/deploy.php",
        "src/deploy.py",
    ] {
        assert_eq!(
            paths.iter().filter(|p| p.ends_with(want)).count(),
            1,
            "{want}: {paths:?}"
        );
    }
    assert!(!out.contains("node_modules"), "{out}");
}

/// This repository's own fake credentials (rule examples, test corpora, leak tests) are
/// each marked in its `.secret-guard-ignore`: a scan of the repository finds nothing, so a
/// real credential committed anywhere else would stand out.
#[test]
fn this_repository_scans_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (out, err, code) = scan(&root, &["."]);
    assert_eq!(code, 0, "{out}{err}");
}

/// `secret-guard --host claude-code --config /dev/null` with `payload` on stdin.
fn hook(payload: &serde_json::Value) -> std::process::Output {
    hook_with(payload, Path::new("/dev/null"), &[])
}

/// [`hook`] with the configuration file `config` and extra environment variables.
fn hook_with(
    payload: &serde_json::Value,
    config: &Path,
    env: &[(&str, &str)],
) -> std::process::Output {
    // The audit trail is on by default: it goes to a scratch home, never the real one.
    let home = tempfile::tempdir().unwrap();
    hook_in(payload, config, env, home.path())
}

/// [`hook_with`] with `home` as the scratch home (and environment values of any bytes).
fn hook_in<V: AsRef<std::ffi::OsStr>>(
    payload: &serde_json::Value,
    config: &Path,
    env: &[(&str, V)],
    home: &Path,
) -> std::process::Output {
    let mut child =
        hookkit_testkit::scratch_home(&mut Command::new(env!("CARGO_BIN_EXE_secret-guard")), home)
            .args(["--host", "claude-code", "--config"])
            .arg(config)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(payload.to_string().as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A host whose environment holds a value that is not UTF-8 (a secret-named one, even) gets
/// its calls checked: std::env::vars panicked on it, and every call was refused.
#[test]
#[cfg(unix)]
fn a_host_environment_value_that_is_not_utf8_does_not_stop_the_guard() {
    use std::os::unix::ffi::OsStrExt;
    let payload = serde_json::json!({
        "session_id": "s", "transcript_path": "/t", "cwd": "/tmp",
        "hook_event_name": "PreToolUse", "permission_mode": "default",
        "tool_name": "Bash", "tool_input": {"command": "cargo test --workspace"},
        "tool_use_id": "t1"
    });
    let home = tempfile::tempdir().unwrap();
    let value = std::ffi::OsStr::from_bytes(b"FAKE\xff0000value");
    let out = hook_in(
        &payload,
        Path::new("/dev/null"),
        &[("DEPLOY_TOKEN", value)],
        home.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("deny"), "{stdout}");
}

#[test]
fn hook_denies_call_aws_secret_fetch_with_a_global_option() {
    let payload = serde_json::json!({
        "session_id": "s", "transcript_path": "/t", "cwd": "/tmp",
        "hook_event_name": "PreToolUse", "permission_mode": "default",
        "tool_name": "mcp__aws-api__call_aws",
        "tool_input": {"cli_command": "aws --region eu-west-1 \"secretsmanager\" get-secret-value --secret-id prod/db"},
        "tool_use_id": "t1"
    });
    let out = hook(&payload);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    assert!(
        reason.starts_with("fetch.aws-secretsmanager-get-secret-value:"),
        "{reason}"
    );
    assert!(reason.contains("{{resolve:secretsmanager:"), "{reason}");
}

/// secret-guard's answer to the Claude Code PostToolUse fixture `name` whose
/// `tool_response` is set to `response`.
fn claude_post(name: &str, response: serde_json::Value) -> serde_json::Value {
    claude_post_with(name, response, Path::new("/dev/null"))
}

/// [`claude_post`] under the configuration file `config`.
fn claude_post_with(name: &str, response: serde_json::Value, config: &Path) -> serde_json::Value {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hooks/tests/fixtures/claude-code")
        .join(name);
    let mut payload: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    payload["tool_response"] = response;
    let out = hook_with(&payload, config, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stdout.contains(KEY) && !stderr.contains(KEY),
        "{stdout}{stderr}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v.get("decision").is_none(), "{v}");
    let hso = &v["hookSpecificOutput"];
    assert_eq!(hso["hookEventName"], "PostToolUse");
    let context = hso["additionalContext"].as_str().unwrap();
    assert!(context.contains("secrets.github-pat"), "{context}");
    hso.clone()
}

#[test]
fn hook_replaces_claude_code_bash_output_holding_a_token_with_a_redacted_copy() {
    let hso = claude_post(
        "PostToolUse-Bash.json",
        serde_json::json!({"stdout": format!("token={KEY}"), "stderr": "", "interrupted": false, "isImage": false}),
    );
    assert_eq!(
        hso["updatedToolOutput"],
        serde_json::json!({"stdout": "token=[REDACTED ghp_…(40 chars)]", "stderr": "", "interrupted": false, "isImage": false})
    );
    assert!(hso.get("updatedMCPToolOutput").is_none(), "{hso}");
}

#[test]
fn hook_replaces_claude_code_mcp_output_holding_a_token_with_a_redacted_copy() {
    let hso = claude_post(
        "PostToolUse-mcp__fake__echo.json",
        serde_json::json!([{"type": "text", "text": format!("echo: token={KEY} done")}]),
    );
    let redacted = serde_json::json!([{"type": "text", "text": "echo: token=[REDACTED ghp_…(40 chars)] done"}]);
    assert_eq!(hso["updatedToolOutput"], redacted);
    assert_eq!(hso["updatedMCPToolOutput"], redacted);
}

#[test]
fn scan_into_a_closed_pipe_keeps_its_exit_code_and_never_panics() {
    // `secret-guard scan . | head`: the reader went away; the exit code still says
    // "findings" (1), as with the output read, never 101.
    let dir = tree();
    for format in ["human", "jsonl", "sarif", "github"] {
        let mut command = scan_command(dir.path(), &["--format", format, "."]);
        let out = hookkit_testkit::run_with_closed_stdout(&mut command, b"").unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
    let mut list = Command::new(env!("CARGO_BIN_EXE_secret-guard"));
    list.arg("--list-rules");
    let out = hookkit_testkit::run_with_closed_stdout(&mut list, b"").unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn hook_scans_and_redacts_a_claude_code_output_over_the_4_mib_input_limit() {
    // The 4 MiB limit is for tool inputs; an output of any size (up to max_output_bytes,
    // 64 MiB) is scanned, and a token anywhere in it is redacted. (The longest deadline:
    // a debug build scans a few MB a second.)
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "deadline_ms = 5000\n").unwrap();
    let line = "2026-11-21 INFO request ok path=/x took=3ms\n";
    let filler = line.repeat(2100 * 1024 / line.len());
    let stdout = format!("{filler}token={KEY}\n{filler}last={KEY}\n");
    assert!(stdout.len() > 4 * 1024 * 1024);
    let hso = claude_post_with(
        "PostToolUse-Bash.json",
        serde_json::json!({"stdout": stdout, "stderr": "", "interrupted": false, "isImage": false}),
        &config,
    );
    let replaced = hso["updatedToolOutput"]["stdout"].as_str().unwrap();
    assert_eq!(
        replaced.len(),
        stdout.len() - 2 * (KEY.len() - "[REDACTED ghp_…(40 chars)]".len())
    );
    assert_eq!(replaced.matches("=[REDACTED ghp_…(40 chars)]\n").count(), 2);
}

#[test]
fn scan_streams_a_file_over_the_window_and_finds_what_a_whole_scan_finds() {
    // Once skipped silently (over 10 MiB, exit 0); now streamed in 8 MiB windows.
    let dir = tempfile::tempdir().unwrap();
    let line = "2026-11-21 INFO request ok path=/x took=3ms\n";
    let filler = line.repeat(9 * 1024 * 1024 / line.len());
    let big = format!("{filler}token = \"{KEY}\"\n{filler}\nlast: {KEY}\n");
    std::fs::write(dir.path().join("big.log"), &big).unwrap();
    let (out, err, code) = scan(dir.path(), &["--format", "jsonl", "big.log"]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at: Vec<(u64, u64)> = lines
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect();
    let filler_lines = filler.lines().count() as u64;
    assert_eq!(
        at,
        [(filler_lines + 1, 10), (2 * filler_lines + 3, 7)],
        "{out}"
    );
}

#[test]
fn scan_names_every_file_it_does_not_scan_and_exits_3() {
    let dir = tree();
    let (out, err, code) = scan(dir.path(), &["--max-file-bytes", "65", "."]);
    assert_eq!(code, 3, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("skipped: ./.env: ") && err.contains("over --max-file-bytes 65"),
        "{err}"
    );
    // The rest is still scanned and reported.
    assert!(out.contains("secrets.github-pat"), "{out}");
    assert!(out.contains("file(s) not scanned completely"), "{out}");
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "HOOKKIT_TEST_FAULT exists in debug builds only"
)]
fn a_hook_that_cannot_finish_after_a_tool_ran_withholds_the_output_on_claude_code() {
    // Past the deadline, or on a native fault (provoked by the debug-build switch
    // HOOKKIT_TEST_FAULT), Claude Code gets the output replaced by a notice of the same
    // shape: `decision: "block"` would have left it in front of the model.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "deadline_ms = 300\n").unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hooks/tests/fixtures/claude-code/PostToolUse-Bash.json");
    let mut payload: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    payload["tool_response"]["stdout"] = serde_json::json!("unchecked-output-marker");
    for fault in ["hang", "segv", "abort"] {
        let out = hook_with(&payload, &config, &[("HOOKKIT_TEST_FAULT", fault)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains("unchecked-output-marker"),
            "{fault}: {stdout}"
        );
        let v: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{fault}: not JSON ({e}): {stdout}"));
        let hso = &v["hookSpecificOutput"];
        assert_eq!(
            hso["updatedToolOutput"]["stdout"],
            hookkit_hooks::withhold::NOTICE,
            "{fault}: {v}"
        );
        assert!(
            hso["additionalContext"]
                .as_str()
                .unwrap()
                .contains("hookkit's own failure"),
            "{fault}: {v}"
        );
    }
}

#[test]
fn hook_replaces_claude_code_grep_output_holding_a_token_with_a_redacted_copy() {
    // `output_mode: "content"`: the matching lines are `content`.
    let hso = claude_post(
        "PostToolUse-Grep.json",
        serde_json::json!({"mode": "content", "numFiles": 1, "filenames": [], "content": format!("deploy.log:2:token={KEY}"), "numLines": 1}),
    );
    assert_eq!(
        hso["updatedToolOutput"]["content"],
        "deploy.log:2:token=[REDACTED ghp_…(40 chars)]"
    );
    assert_eq!(hso["updatedToolOutput"]["numLines"], 1);
    // `files_with_matches` (the captured shape): a file NAME can be a credential too.
    let hso = claude_post(
        "PostToolUse-Grep.json",
        serde_json::json!({"mode": "files_with_matches", "filenames": [format!("keys/{KEY}.txt")], "numFiles": 1, "totalFiles": 1}),
    );
    assert_eq!(
        hso["updatedToolOutput"]["filenames"],
        serde_json::json!(["keys/[REDACTED ghp_…(40 chars)].txt"])
    );
}

/// Claude Code's `PostToolUseFailure` (captured: tests/fixtures/claude-code/
/// PostToolUseFailure-Bash.json) carries what the failed tool printed in `error`: it is
/// scanned, and the warning goes to `additionalContext`, the only field that event takes.
#[test]
fn hook_flags_a_token_in_a_failed_calls_error() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hooks/tests/fixtures/claude-code/PostToolUseFailure-Bash.json");
    let mut payload: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
    payload["error"] = serde_json::json!(format!("Exit code 1\nbad token {KEY}"));
    let out = hook(&payload);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout.contains(KEY), "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let hso = &v["hookSpecificOutput"];
    assert_eq!(hso["hookEventName"], "PostToolUseFailure", "{v}");
    let context = hso["additionalContext"].as_str().unwrap();
    assert!(context.contains("secrets.github-pat"), "{context}");
    assert!(context.contains("ghp_…(40 chars)"), "{context}");
    // The captured payload as it is (no credential) passes in silence.
    let clean: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
    let out = hook(&clean);
    assert_eq!((out.status.code(), out.stdout.is_empty()), (Some(0), true));
}

/// Regression (hostile review F1, F2): a project `.hookkit.toml` the agent planted (by
/// `tar x`, `git pull`…) naming `/dev/zero` as a rule file, or holding the smallest
/// deadline, must not turn the answer after a tool ran into a bare exit 2, which leaves
/// the output in front of the model on Claude Code: the output is still redacted or
/// withheld.
#[test]
fn a_planted_project_file_cannot_make_the_post_tool_answer_leave_the_output() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../hooks/tests/fixtures/claude-code/PostToolUse-Bash.json");
    for planted in [
        "rule_files = [\"/dev/zero\"]\n",
        "deadline_ms = 100\nrule_files = [\"/dev/zero\"]\n",
    ] {
        let project = tempfile::tempdir().unwrap();
        std::fs::write(project.path().join(".hookkit.toml"), planted).unwrap();
        let mut payload: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
        payload["cwd"] = serde_json::json!(project.path());
        payload["tool_response"]["stdout"] = serde_json::json!(format!("token={KEY}\n"));
        // The host runs the hook in the project, where the planted file is.
        let mut child = Command::new(env!("CARGO_BIN_EXE_secret-guard"))
            .args(["--host", "claude-code"])
            .current_dir(project.path())
            .env("XDG_CONFIG_HOME", project.path().join("no-user-config"))
            .env("XDG_STATE_HOME", project.path().join("state"))
            .env_remove("HOOKKIT_CONFIG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(payload.to_string().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{planted}: {stdout}");
        assert!(!stdout.contains(KEY), "{planted}: {stdout}");
        // Scanned and redacted, or withheld: replaced either way.
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let replaced = v["hookSpecificOutput"]["updatedToolOutput"]["stdout"]
            .as_str()
            .unwrap_or_else(|| panic!("{planted}: not replaced: {v}"));
        assert!(
            replaced.contains("[REDACTED ghp_") || replaced == hookkit_hooks::withhold::NOTICE,
            "{planted}: {v}"
        );
    }
}

/// The routes around a read of a credential file that secret-guard let through at the last
/// stop (a glob, a substitution, a variable, what `xargs` or `find -exec` feeds a printer,
/// a program that is not a known printer, a one-line program, a `cd` first): each is refused
/// or asked about now, and the reads nearby that print no secret are still allowed. The
/// lines are data: judged, never run.
#[test]
fn routes_around_a_credential_read_are_refused_or_asked() {
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("project");
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::write(project.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(project.join(".env"), "A=1\n").unwrap();
    std::fs::write(project.join(".env.example"), "A=\n").unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/credentials"), "[default]\n").unwrap();
    let decide = |line: &str| -> Option<String> {
        let payload = serde_json::json!({
            "session_id": "s", "transcript_path": "/tmp/x", "cwd": project,
            "hook_event_name": "PreToolUse", "tool_name": "Bash",
            "tool_input": {"command": line}
        });
        let out = hook_in::<&str>(&payload, Path::new("/dev/null"), &[], home.path());
        let answer: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        answer["hookSpecificOutput"]["permissionDecision"]
            .as_str()
            .map(str::to_owned)
    };
    for line in [
        "cat .e*",
        "cat .[e]nv",
        "head -c 99 .en?",
        "grep -h '' < .e?v",
        "cat $(printf .en; printf v)",
        "cat \"$F\"",
        "for f in .env; do cat $f; done",
        "echo .env | xargs cat",
        "xargs cat <<< .env",
        "xargs cat <<< \"$(ls -a)\"",
        "ls -a | xargs cat",
        "find . -name '.e*' -exec cat {} +",
        "find . -exec head {} \\;",
        "rev .env",
        "cut -d= -f2 .env",
        "perl -pe1 .env",
        "python3 -c \"print(open('.env').read())\"",
        "cd ~/.aws && cat credentials",
        "git diff --no-index /dev/null .env",
    ] {
        let decision = decide(line);
        assert!(
            matches!(decision.as_deref(), Some("deny" | "ask")),
            "{line}: {decision:?}"
        );
    }
    for line in [
        "cut -d= -f1 .env",
        "cat .env.example",
        "xargs cat",
        "ls *.md",
    ] {
        assert_eq!(decide(line), None, "{line}");
    }
}
