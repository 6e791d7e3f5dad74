//! Fail closed after a tool ran, on hostile output: the secret-guard binary answers a real
//! Claude Code `PostToolUse` Bash payload (crates/hooks/tests/fixtures) whose output is one
//! of the hostile texts of `bench/secrets_hostile.json` (a keyword repeated with no newline,
//! which opens a scanner window every few bytes) with a fake GitHub token in its middle,
//! the payload just under the 64 MiB post-tool limit (`max_output_bytes`). Whatever the
//! build's speed, the answer must keep the token from the model: exit 0 with
//! `updatedToolOutput` that is either the redacted output (the token masked) or hookkit's
//! withholding notice, within the 10 s timeout of hookkit's registrations, and the raw
//! token nowhere on stdout or stderr. Claude Code shows a tool's output unless the answer
//! replaces it (shared/hosts/README.md): `decision: "block"` and exit 2 after a tool ran only
//! add a message next to it, so neither counts as closed here.
//!
//! Not a speed test: a debug build reaches the 1 s deadline and withholds, a release build
//! may redact; both pass. The time limit is the host's, not a performance target
//! (bench/worst-case.sh measures times).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The hook timeout of hookkit's registrations (hooks/claude-code/settings.json): past it
/// the host gives up on the hook and shows the output.
const HOST_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest post-tool payload secret-guard reads (`max_output_bytes`' default).
const POST_LIMIT: usize = hookkit_hooks::DEFAULT_MAX_OUTPUT_BYTES;

/// The three hostile texts that keep secret-guard's hook longest, by their names in
/// bench/secrets_hostile.json: `ONLY=post bench/worst-case.sh`, release build, 4 MiB
/// Claude Code payloads: `key` 625 ms, `token-eq` 622 ms, `curl-header` 599 ms, the others
/// 420 ms or less (at 64 MiB all but one end at the 1 s deadline).
const SLOWEST: &[&str] = &["key", "token-eq", "curl-header"];

/// The hostile units, shared with the benches.
const UNITS: &str = include_str!("../../../bench/secrets_hostile.json");

/// The Claude Code PostToolUse payload of a Bash call, as captured from the real CLI.
const FIXTURE: &str = include_str!("../../hooks/tests/fixtures/claude-code/PostToolUse-Bash.json");

/// A fake GitHub token (`ghp_` and 36 letters and digits, the shape `secrets.github-pat`
/// finds), made here from a fixed seed so that no credential is written in this file.
fn fake_token(seed: u64) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = seed;
    let mut token = String::from("ghp_");
    for _ in 0..36 {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        token.push(char::from(ALNUM[(state % ALNUM.len() as u64) as usize]));
    }
    token
}

/// secret-guard's masked form of `token` (first 4 characters and the length).
fn masked(token: &str) -> String {
    format!("{}…({} chars)", &token[..4], token.chars().count())
}

/// The fixture with `output` as Bash's stdout and `cwd` as the call's directory.
fn payload(output: &str, cwd: &Path) -> Vec<u8> {
    let mut p: Value = serde_json::from_str(FIXTURE).unwrap();
    p["tool_response"]["stdout"] = Value::String(output.to_owned());
    p["cwd"] = Value::String(cwd.display().to_string());
    serde_json::to_vec(&p).unwrap()
}

/// `unit`'s text (repeated with no separator) with `token` in its middle, set off by
/// spaces, such that the whole payload is at most `limit` bytes.
fn hostile_payload(unit: &str, token: &str, limit: usize, cwd: &Path) -> Vec<u8> {
    let overhead = payload("", cwd).len() + token.len() + 2;
    // JSON escaping makes a unit longer: size the text by its escaped length.
    let escaped = serde_json::to_string(unit).unwrap().len() - 2;
    let half = unit.repeat((limit - overhead) / 2 / escaped);
    let data = payload(&format!("{half} {token} {half}"), cwd);
    assert!(data.len() <= limit, "{} > {limit}", data.len());
    assert!(
        data.len() > limit - 1024 * 1024,
        "{} bytes only",
        data.len()
    );
    data
}

/// secret-guard `--host claude-code` on `data`, written in `chunks` with `pause` between
/// them (a host that writes slowly), with a scratch home and `config`; the output, and
/// whether it answered within the host's timeout (else it is killed).
fn run(data: Vec<u8>, dir: &Path, config: &Path, chunks: usize, pause: Duration) -> (Output, bool) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secret-guard"));
    hookkit_testkit::scratch_home(&mut command, dir);
    let mut child = command
        .args(["--host", "claude-code", "--config"])
        .arg(config)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let size = data.len().div_ceil(chunks);
        for (i, chunk) in data.chunks(size).enumerate() {
            if i > 0 {
                std::thread::sleep(pause);
            }
            // The hook may answer (at its deadline) and exit before reading everything.
            if stdin.write_all(chunk).is_err() {
                return;
            }
        }
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut bytes).map(|_| bytes)
    });
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut bytes).map(|_| bytes)
    });
    let start = Instant::now();
    let mut in_time = true;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HOST_TIMEOUT {
            // The host would have given up and shown the output: end our own child.
            in_time = false;
            child.kill().unwrap();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().unwrap();
    let output = Output {
        status,
        stdout: stdout.join().unwrap().unwrap(),
        stderr: stderr.join().unwrap().unwrap(),
    };
    (output, in_time)
}

/// What is wrong with an answer that must keep `token` from the model; `None` when it is a
/// redaction or a withholding.
fn problem(output: &Output, in_time: bool, token: &str) -> Option<String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !in_time {
        return Some(format!("no answer within {HOST_TIMEOUT:?}"));
    }
    if stdout.contains(token) || stderr.contains(token) {
        return Some("the raw token is on stdout or stderr".into());
    }
    if output.status.code() != Some(0) {
        return Some(format!(
            "exit {:?} (Claude Code shows the output after a tool ran on any exit but a \
             0 with updatedToolOutput); stderr: {}",
            output.status.code(),
            stderr.chars().take(300).collect::<String>()
        ));
    }
    let answer: Value = match serde_json::from_str(&stdout) {
        Ok(answer) => answer,
        Err(e) => return Some(format!("stdout is not JSON ({e})")),
    };
    let Some(replacement) = answer["hookSpecificOutput"].get("updatedToolOutput") else {
        return Some(format!(
            "no updatedToolOutput, so Claude Code shows the output: {}",
            stdout.chars().take(300).collect::<String>()
        ));
    };
    let shown = replacement.to_string();
    if shown.contains(hookkit_hooks::withhold::NOTICE) || shown.contains(&masked(token)) {
        None
    } else {
        Some(format!(
            "updatedToolOutput is neither redacted nor withheld: {}",
            shown.chars().take(300).collect::<String>()
        ))
    }
}

#[test]
fn hostile_outputs_just_under_the_limit_are_redacted_or_withheld() {
    let units: serde_json::Map<String, Value> = serde_json::from_str(UNITS).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let token = fake_token(14);
    let mut problems = Vec::new();
    for name in SLOWEST {
        let unit = units[*name].as_str().unwrap();
        let data = hostile_payload(unit, &token, POST_LIMIT, dir.path());
        let (output, in_time) = run(data, dir.path(), &config, 1, Duration::ZERO);
        if let Some(p) = problem(&output, in_time, &token) {
            problems.push(format!("{name}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A host that sends a large output slowly: the deadline (300 ms here) passes while the
/// payload is still being read. The answer must still withhold the output, told by the
/// payload's first fields, not exit 2 (which Claude Code reads after a tool ran as a message
/// next to the output it shows). It was exit 2 before the first 64 KiB were peeked.
#[test]
fn an_output_still_being_read_at_the_deadline_is_withheld() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "deadline_ms = 300\n").unwrap();
    let token = fake_token(15);
    let units: serde_json::Map<String, Value> = serde_json::from_str(UNITS).unwrap();
    let unit = units["key"].as_str().unwrap();
    let data = hostile_payload(unit, &token, 2 * 1024 * 1024, dir.path());
    let (output, in_time) = run(data, dir.path(), &config, 4, Duration::from_millis(500));
    assert_eq!(problem(&output, in_time, &token), None);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(hookkit_hooks::withhold::NOTICE),
        "not the deadline's withholding: {stdout}"
    );
}
