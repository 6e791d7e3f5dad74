//! Never leak while guarding: every positive secret example (hookkit's own secret rules'
//! examples, fake credentials of common providers, the value of a secret-named environment
//! variable), put into every text a host sends (a shell command, written content, an MCP
//! argument, a tool's output) of every host's captured payloads, is refused or flagged by
//! the secret-guard binary with a `secrets.` rule id, and its raw value appears in none of
//! stdout, stderr or the audit log.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::secrets::SecretRuleSet;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The payloads captured from each host (crates/hooks/tests/fixtures), by host.
const FIXTURES: &[(&str, &[&str])] = &[
    (
        "claude-code",
        &[
            "PreToolUse-Bash.json",
            "PreToolUse-Write.json",
            "PreToolUse-Edit.json",
            "PreToolUse-mcp__fake__echo.json",
            "PostToolUse-Bash.json",
            "PostToolUse-mcp__fake__echo.json",
        ],
    ),
    (
        "codex",
        &[
            "PreToolUse-Bash.json",
            "PreToolUse-apply_patch.json",
            "PreToolUse-mcp__fake__echo.json",
            "PostToolUse-Bash.json",
            "PostToolUse-mcp__fake__echo.json",
        ],
    ),
    (
        "cursor",
        &[
            "beforeShellExecution.json",
            "preToolUse-Shell.json",
            "beforeMCPExecution-url.json",
            "beforeReadFile.json",
            "postToolUse-Shell.json",
        ],
    ),
    (
        "gemini-cli",
        &[
            "BeforeTool-run_shell_command.json",
            "BeforeTool-write_file.json",
            "BeforeTool-mcp_fake_echo.json",
            "AfterTool-run_shell_command.json",
        ],
    ),
    (
        "copilot-cli",
        &[
            "preToolUse-bash.json",
            "preToolUse-create.json",
            "postToolUse-bash.json",
        ],
    ),
];

/// A fake value for a secret-named environment variable of the hook process.
const ENV_SECRET: &str = "FAKE0000envValueQz7Xw";

/// Fake credentials of common providers (each holds FAKE or a 0000 run).
const FAKE_CREDENTIALS: &[&str] = &[
    "aws_access_key_id = AKIAFAKE2345FAKE7QRZ",
    "token: ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v",
    "GITLAB_TOKEN=glpat-FAKE0000xYz12AbC34dE",
    "SLACK=xoxb-0000123456-0000987654321-FAKEaBcDeFgHiJkLmNoPqRsT",
    "stripe_key = sk_live_FAKE0000aBcDeFgHiJkLmNoPqRsTu",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE0000pAIBAAKCAQEA7bq98FAKE0000QZxkPDEvLq5TgH0000FAKExyz0123456789abcdefABCDEF\n-----END RSA PRIVATE KEY-----",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJGQUtFMDAwMCIsIm5hbWUiOiJGYWtlIFVzZXIifQ.FAKE0000sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV",
    "OPENAI_API_KEY=sk-FAKE0000aB3dE5fG7hJ9T3BlbkFJFAKE0000aB3dE5fG7hJ9",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooks/tests/fixtures")
}

/// Every positive example and the raw secret values the scanner finds in it.
fn examples() -> Vec<(String, Vec<String>)> {
    let set = SecretRuleSet::builtin_with_examples().unwrap();
    let scanner = set.scanner().unwrap();
    let mut texts: Vec<String> = set
        .rules
        .iter()
        .flat_map(|r| r.examples.iter().cloned())
        .collect();
    texts.extend(FAKE_CREDENTIALS.iter().map(|s| (*s).to_owned()));
    let mut out: Vec<(String, Vec<String>)> = texts
        .into_iter()
        .map(|t| {
            let secrets = scanner
                .scan(&t, None)
                .unwrap()
                .iter()
                .map(|m| t[m.start..m.end].to_owned())
                .collect::<Vec<_>>();
            assert!(!secrets.is_empty(), "no secret found in an example");
            (t, secrets)
        })
        .collect();
    out.push((
        format!("the value is {ENV_SECRET} here"),
        vec![ENV_SECRET.to_owned()],
    ));
    out
}

/// The text of the parsed call that a guard scans: command, content, first MCP string
/// argument, or output.
fn target_text(host: &str, payload: &[u8]) -> String {
    let call = hookkit_hooks::parse(host.parse().unwrap(), payload).unwrap();
    if call.event == hookkit_policy::Event::PostTool {
        return call.output.unwrap();
    }
    if let Some(c) = call.content.filter(|c| !c.is_empty()) {
        return c;
    }
    if let Some(c) = call.command {
        return c;
    }
    let mcp = call
        .mcp
        .expect("a pre-tool fixture with command, content or MCP");
    first_string(&mcp.arguments).expect("an MCP string argument")
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(first_string),
        Value::Object(o) => o.values().find_map(first_string),
        _ => None,
    }
}

/// Append `extra` to every string of `v` that is, holds or is held by `target`
/// (recursing into strings that are themselves JSON, as Cursor and Copilot send them).
fn inject(v: &mut Value, target: &str, extra: &str) {
    match v {
        Value::String(s) => {
            if let Ok(mut inner @ (Value::Object(_) | Value::Array(_))) =
                serde_json::from_str::<Value>(s)
            {
                inject(&mut inner, target, extra);
                *s = inner.to_string();
            } else if s == target
                || s.contains(target)
                || (s.len() >= 8 && target.contains(s.as_str()))
            {
                s.push('\n');
                s.push_str(extra);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| inject(v, target, extra)),
        Value::Object(o) => o.values_mut().for_each(|v| inject(v, target, extra)),
        _ => {}
    }
}

struct Run {
    stdout: String,
    stderr: String,
    audit: String,
}

fn run(host: &str, payload: &[u8], dir: &Path) -> Run {
    let audit = dir.join("audit.jsonl");
    let config = dir.join("config.toml");
    let _ = std::fs::remove_file(&audit);
    std::fs::write(
        &config,
        format!(
            "[audit]\nenabled = true\npath = {:?}\n",
            audit.display().to_string()
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_secret-guard"))
        .args(["--host", host, "--config"])
        .arg(&config)
        .env("HOOKKIT_TEST_API_TOKEN", ENV_SECRET)
        .env("XDG_CONFIG_HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(payload).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        audit: std::fs::read_to_string(&audit).unwrap_or_default(),
    }
}

#[test]
fn no_positive_example_leaks_through_any_host_format() {
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    let mut cases = 0;
    let mut problems = Vec::new();
    for (host, files) in FIXTURES {
        for file in *files {
            let raw = std::fs::read(fixtures_dir().join(host).join(file)).unwrap();
            let target = target_text(host, &raw);
            for (i, (example, secrets)) in examples.iter().enumerate() {
                let mut value: Value = serde_json::from_slice(&raw).unwrap();
                inject(&mut value, &target, example);
                let payload = value.to_string();
                let injected = target_text(host, payload.as_bytes());
                assert!(
                    injected.contains(example.as_str()),
                    "{host}/{file}: the example did not reach the scanned text"
                );
                let r = run(host, payload.as_bytes(), dir.path());
                cases += 1;
                let answer = format!("{}\n{}", r.stdout, r.stderr);
                if !answer.contains("secrets.") || !r.audit.contains("secrets.") {
                    problems.push(format!(
                        "{host}/{file} example {i}: not flagged: {}",
                        r.stdout
                    ));
                }
                for s in secrets {
                    for (name, text) in [
                        ("stdout", &r.stdout),
                        ("stderr", &r.stderr),
                        ("audit", &r.audit),
                    ] {
                        if text.contains(s.as_str()) {
                            problems.push(format!(
                                "{host}/{file} example {i}: the raw secret appears in {name}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(cases > 300, "{cases} cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
