//! command-guard as a host runs it: the real binary, payloads captured from the real hosts
//! (crates/hooks/tests/fixtures), a scratch HOME and working directory.
//!
//! The destructive commands below are data: they are piped to command-guard as JSON and
//! never run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::{HOSTS, Scratch, blocks, fixture, run};

#[test]
fn quick_start_payload_is_denied_with_the_rule_and_the_way_forward() {
    let s = Scratch::new();
    let input = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/claude-code-PreToolUse-rm-rf-home.json"),
    )
    .unwrap();
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &input);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let out = &v["hookSpecificOutput"];
    assert_eq!(out["hookEventName"], "PreToolUse");
    assert_eq!(out["permissionDecision"], "deny");
    let reason = out["permissionDecisionReason"].as_str().unwrap();
    assert!(reason.starts_with("files.rm-recursive-home: "), "{reason}");
    assert!(reason.contains("Instead:"), "{reason}");
    assert!(reason.contains("hookkit command-guard"), "{reason}");
    insta::assert_snapshot!(reason);
}

#[test]
fn harmless_commands_print_nothing_and_exit_0_on_every_host() {
    let s = Scratch::new();
    for host in HOSTS {
        for cmd in [
            "cargo test --workspace",
            "touch ran-bash; echo hello-from-bash",
            "rm -rf target node_modules",
            "git push --force-with-lease origin feature",
        ] {
            let (stdout, stderr, code) = s.run(&["--host", host], &s.payload(host, cmd));
            // Cursor with failClosed treats an empty answer as a failure: it gets an
            // explicit allow (crates/hooks/README.md); every other host gets silence.
            let allow = if host == "cursor" {
                "{\"permission\":\"allow\"}"
            } else {
                ""
            };
            assert_eq!((stdout.trim(), code), (allow, 0), "{host} {cmd}: {stderr}");
        }
    }
}

#[test]
fn destructive_commands_are_blocked_on_every_host() {
    let s = Scratch::new();
    for host in HOSTS {
        for cmd in [
            "rm -rf ~",
            "sudo rm -rf --no-preserve-root /",
            "git reset --hard HEAD~3",
            "bash -c 'git push --force origin main'",
            "git push origin +main",
            "git clean -fdx",
            "git checkout -- .",
            "dd if=/dev/zero of=/dev/sda bs=1M",
            "mkfs.ext4 /dev/sdb1",
        ] {
            let (stdout, stderr, code) = s.run(&["--host", host], &s.payload(host, cmd));
            assert!(
                blocks(host, &stdout, &stderr, code),
                "{host} did not block {cmd:?}: {code} {stdout} {stderr}"
            );
        }
    }
}

#[test]
fn the_host_is_detected_from_the_payload_without_the_flag() {
    let s = Scratch::new();
    for host in [
        "claude-code",
        "codex",
        "gemini-cli",
        "copilot-cli",
        "cursor",
    ] {
        let (stdout, stderr, code) = s.run(&[], &s.payload(host, "git reset --hard"));
        assert!(
            blocks(host, &stdout, &stderr, code),
            "{host}: {code} {stdout} {stderr}"
        );
    }
}

#[test]
fn broken_input_is_hookkits_own_failure_and_blocks() {
    let s = Scratch::new();
    for host in HOSTS {
        for input in [&b"{not json"[..], b"", b"\xff\xfe", b"[1,2]"] {
            let (stdout, stderr, code) = s.run(&["--host", host], input);
            assert!(
                blocks(host, &stdout, &stderr, code),
                "{host} {input:?}: {code} {stdout} {stderr}"
            );
            assert!(
                format!("{stdout}{stderr}").contains("hookkit's own failure"),
                "{host}: {stdout} {stderr}"
            );
        }
    }
}

/// The reason a Claude Code deny gives, from command-guard's answer.
fn claude_reason(stdout: &str) -> String {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn an_untrusted_project_config_cannot_loosen_until_a_person_trusts_it() {
    let s = Scratch::new();
    let cfg = s.project().join(".hookkit.toml");
    // What a prompt-injected agent writes (issue 12).
    std::fs::write(
        &cfg,
        "on_error = \"allow\"\n[rules.\"git.reset-hard\"]\nenabled = false\n",
    )
    .unwrap();
    let reset = s.payload("claude-code", "git reset --hard");
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &reset);
    assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");
    let reason = claude_reason(&stdout);
    assert!(reason.starts_with("git.reset-hard: "), "{reason}");
    let note = reason.lines().last().unwrap();
    assert!(note.contains(&cfg.display().to_string()), "{reason}");
    assert!(
        note.contains("on_error, rules.\"git.reset-hard\".enabled"),
        "{reason}"
    );
    assert!(
        note.contains(&format!("`hookkit trust {}`", cfg.display())),
        "{reason}"
    );
    for host in HOSTS {
        let (stdout, stderr, code) = s.run(&["--host", host], b"{not json");
        assert!(
            blocks(host, &stdout, &stderr, code),
            "{host}: malformed input got through: {code} {stdout} {stderr}"
        );
        assert!(
            format!("{stdout}{stderr}").contains("hookkit trust"),
            "{host}: {stdout} {stderr}"
        );
    }
    let (dump, _, code) = s.run(&["--dump-config"], b"");
    assert_eq!(code, 0);
    assert!(dump.contains("on_error = \"deny\""), "{dump}");
    assert!(dump.contains("(tighten-only: not trusted)"), "{dump}");
    assert!(
        dump.contains(&format!(
            "#   {}: on_error: `allow` is looser than `deny`",
            cfg.display()
        )),
        "{dump}"
    );

    // A person trusts the file with the real `hookkit trust`, in the scratch state dir.
    s.hookkit(&["trust", cfg.to_str().unwrap()]);
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &reset);
    assert_eq!((stdout.as_str(), code), ("", 0), "{stderr}");
    for host in ["claude-code", "codex", "gemini-cli", "copilot-cli"] {
        let (stdout, stderr, code) = s.run(&["--host", host], b"{not json");
        assert_eq!(
            (stdout.trim(), code),
            ("", 0),
            "{host}: on_error = allow applies once trusted: {stderr}"
        );
    }

    // Any change (here one byte) makes the file tighten-only again.
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push('\n');
    std::fs::write(&cfg, text).unwrap();
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &reset);
    assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");

    // And a revoked one too.
    s.hookkit(&["trust", cfg.to_str().unwrap()]);
    let (stdout, _, _) = s.run(&["--host", "claude-code"], &reset);
    assert_eq!(stdout, "");
    s.hookkit(&["trust", "--revoke", cfg.to_str().unwrap()]);
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &reset);
    assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");
}

#[test]
fn a_project_config_may_tighten_and_a_broken_one_blocks() {
    let s = Scratch::new();
    let cfg = s.project().join(".hookkit.toml");
    std::fs::write(&cfg, "profile = \"read-only\"\n").unwrap();
    let (stdout, stderr, code) = s.run(
        &["--host", "claude-code"],
        &s.payload("claude-code", "touch notes.md"),
    );
    assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");
    assert!(
        !claude_reason(&stdout).contains("hookkit trust"),
        "{stdout}"
    );

    std::fs::write(
        &cfg,
        "[rules.\"git.reset-hard\"]\nenabled = false\ncolour = 1\n",
    )
    .unwrap();
    let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &s.payload("claude-code", "ls"));
    assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");
    assert!(stdout.contains(".hookkit.toml:3:1"), "{stdout}");
}

#[test]
fn the_audit_log_records_decisions_without_the_command() {
    let s = Scratch::new();
    let log = s.dir.path().join("audit/log.jsonl");
    // The trail's place is the user's to choose: a project file may not move it.
    std::fs::create_dir_all(s.home().join(".config/hookkit")).unwrap();
    std::fs::write(
        s.home().join(".config/hookkit/config.toml"),
        format!(
            "[audit]\nenabled = true\npath = {:?}\n",
            log.to_str().unwrap()
        ),
    )
    .unwrap();
    s.run(
        &["--host", "codex"],
        &s.payload(
            "codex",
            "git reset --hard # ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v",
        ),
    );
    s.run(&["--host", "codex"], &s.payload("codex", "ls"));
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("FAKE0000aB3dE5"), "{text}");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["decision"], "deny");
    let ids = lines[0]["rule_ids"].as_array().unwrap();
    assert!(ids.contains(&json!("git.reset-hard")), "{ids:?}");
    assert!(
        lines[0]["classes"]
            .as_array()
            .unwrap()
            .contains(&json!("irreversible"))
    );
    assert_eq!(lines[0]["host"], "codex");
    assert_eq!(lines[1]["decision"], "allow");
    assert!(
        lines[1]["input_digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
}

#[test]
fn dump_config_shows_layers() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.home().join(".config/hookkit")).unwrap();
    std::fs::write(
        s.home().join(".config/hookkit/config.toml"),
        "on_error = \"allow\"\n",
    )
    .unwrap();
    std::fs::write(s.project().join(".hookkit.toml"), "on_error = \"ask\"\n").unwrap();
    let (stdout, _, code) = s.run(&["--dump-config"], b"");
    assert_eq!(code, 0);
    assert!(stdout.contains("on_error = \"ask\""), "{stdout}");
    assert!(stdout.contains("config.toml < "), "{stdout}");
    assert!(
        stdout.contains(".hookkit.toml (tighten-only: not trusted)"),
        "{stdout}"
    );
    assert!(!stdout.contains("# ignored"), "{stdout}");
}

#[test]
fn check_rules_reports_examples_that_do_not_fire() {
    let s = Scratch::new();
    let good = s.dir.path().join("good.toml");
    std::fs::write(
        &good,
        r#"
[[rule]]
id = "team.no-terraform-destroy"
class = "irreversible"
severity = "critical"
decision = "deny"
message = "terraform destroy deletes the stack."
why = "It cannot be undone."
instead = "Run terraform plan -destroy and show it to the user."
examples = ["terraform destroy", "terraform destroy -auto-approve"]
negative_examples = ["terraform plan"]
[[rule.match]]
command = ["terraform"]
subcommand = ["destroy"]
"#,
    )
    .unwrap();
    let (stdout, _, code) = s.run(&["check-rules", good.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stdout}");

    let bad = s.dir.path().join("bad.toml");
    let text = std::fs::read_to_string(&good).unwrap().replace(
        "negative_examples = [\"terraform plan\"]",
        "negative_examples = [\"terraform destroy -target=x\"]",
    );
    std::fs::write(&bad, text).unwrap();
    let (stdout, _, code) = s.run(&["check-rules", bad.to_str().unwrap()], b"");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("team.no-terraform-destroy"), "{stdout}");

    let broken = s.dir.path().join("broken.toml");
    std::fs::write(&broken, "[[rule]]\nid = \"x.y\"\nseverity = \"huge\"\n").unwrap();
    let (_, stderr, code) = s.run(&["check-rules", broken.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.toml:3:"), "{stderr}");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_with_the_tools_own_exit_code() {
    // `command-guard explain … | head` once panicked with exit 101 (println! to a closed
    // pipe).
    let s = Scratch::new();
    for args in [
        &["explain", "rm -rf ~"][..],
        &["explain", "--json", "git push --force origin main"],
        &["--list-rules"],
        &["--dump-config"],
    ] {
        let out = hookkit_testkit::run_with_closed_stdout(&mut s.command(args), b"").unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_deny_that_cannot_be_written_to_stdout_still_blocks_with_exit_2() {
    // A deny written to a closed stdout once exited 0, which every host reads as "run it".
    let s = Scratch::new();
    for host in HOSTS {
        let payload = s.payload(host, "rm -rf ~");
        let mut command = s.command(&["--host", host]);
        let out = hookkit_testkit::run_with_closed_stdout(&mut command, &payload).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{host}: {stderr}");
        assert!(
            stderr.contains("files.rm-recursive-home"),
            "{host}: {stderr}"
        );
    }
    // An allow stays an allow.
    let payload = s.payload("claude-code", "ls -la");
    let mut command = s.command(&["--host", "claude-code"]);
    let out = hookkit_testkit::run_with_closed_stdout(&mut command, &payload).unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_deny_to_a_discarded_stdout_still_blocks_with_exit_2() {
    // A hook started with fd 1 closed has /dev/null there (the Rust runtime opens it), and
    // a write there succeeds: the JSON deny once went nowhere with exit 0 (review F4).
    let s = Scratch::new();
    let run_discarded = |line: &str, fault: Option<&str>| {
        let mut command = s.command(&["--host", "claude-code"]);
        if let Some(fault) = fault {
            command.env("HOOKKIT_TEST_FAULT", fault);
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut stdin, &s.payload("claude-code", line)).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    for fault in [None, Some("hang"), Some("segv")] {
        let out = run_discarded("rm -rf ~", fault);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{fault:?}: {stderr}");
        assert!(stderr.contains("hookkit"), "{fault:?}: {stderr}");
    }
    assert_eq!(run_discarded("ls -la", None).status.code(), Some(0));
}

#[test]
fn home_stays_a_home_when_home_is_unset_root_or_under_tmp() {
    // HOME unset or `/` (the passwd entry stands in), or under /tmp (containers, CI): `~`
    // and `$HOME` still name the home, and paths in it are not temp paths.
    let s = Scratch::new();
    let decision = |home: Option<&str>, line: &str| {
        let mut command = s.command(&["--host", "claude-code"]);
        match home {
            Some(home) => command.env("HOME", home),
            None => command.env_remove("HOME"),
        };
        let (stdout, stderr, code) = run(&mut command, &s.payload("claude-code", line));
        assert_eq!(code, 0, "{stderr}");
        match stdout.trim() {
            "" => "allow".to_owned(),
            out => serde_json::from_str::<Value>(out).unwrap()["hookSpecificOutput"]
                ["permissionDecision"]
                .as_str()
                .unwrap()
                .to_owned(),
        }
    };
    let normal = s.home();
    let normal = normal.to_str().unwrap();
    for home in [None, Some("/"), Some("/tmp/x"), Some("/tmp"), Some(normal)] {
        for line in ["rm -rf ~", "rm -rf $HOME", "rm -rf \"$HOME\"", "rm -rf ~/"] {
            assert_eq!(decision(home, line), "deny", "HOME={home:?}: {line}");
        }
        // Inside the home: what it is in an ordinary home (ask under the default
        // profile), never the allow of a temp path.
        for line in ["rm -rf ~/.ssh", "rm -rf $HOME/.aws"] {
            assert_eq!(
                decision(home, line),
                decision(Some(normal), line),
                "HOME={home:?}: {line}"
            );
            assert_ne!(decision(home, line), "allow", "HOME={home:?}: {line}");
        }
    }
}

/// A native fault in the middle of the analysis (provoked by the debug-build switch
/// `HOOKKIT_TEST_FAULT`) ends in a blocking answer on every host: exit 2, the reason on
/// stderr, and the host's own deny on stdout.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "HOOKKIT_TEST_FAULT exists in debug builds only"
)]
fn a_native_fault_in_the_analysis_still_blocks_on_every_host() {
    let s = Scratch::new();
    for host in HOSTS {
        for fault in ["segv", "stack", "abort", "bus", "ill", "fpe"] {
            let (stdout, stderr, code) = s.run_with(
                &["--host", host],
                &s.payload(host, "git status"),
                &[("HOOKKIT_TEST_FAULT", fault)],
            );
            assert_eq!(code, 2, "{host} {fault}: {stdout} {stderr}");
            assert!(stderr.contains("crashed"), "{host} {fault}: {stderr}");
            assert!(blocks(host, &stdout, &stderr, code), "{host} {fault}");
            if host != "codex" {
                // Codex has no deny answer of its own for the unknown-event case; every
                // other host gets its JSON deny too, in case it reads stdout on exit 2.
                assert!(stdout.contains("deny"), "{host} {fault}: {stdout}");
            }
        }
    }
}

/// Past `deadline_ms` the host gets the on_error answer, saying the call was too large or
/// too complex to analyse, long before its own 10 s timeout.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "HOOKKIT_TEST_FAULT exists in debug builds only"
)]
fn past_the_deadline_every_host_gets_the_on_error_answer() {
    let s = Scratch::new();
    let config = s.home().join(".config/hookkit");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "deadline_ms = 300\n").unwrap();
    for host in HOSTS {
        let started = std::time::Instant::now();
        let (stdout, stderr, code) = s.run_with(
            &["--host", host],
            &s.payload(host, "git status"),
            &[("HOOKKIT_TEST_FAULT", "hang")],
        );
        let took = started.elapsed();
        assert!(
            blocks(host, &stdout, &stderr, code),
            "{host}: {stdout} {stderr}"
        );
        assert!(
            stdout.contains("300 ms deadline") && stdout.contains("too large or too complex"),
            "{host}: {stdout}"
        );
        assert!(took < std::time::Duration::from_secs(5), "{host}: {took:?}");
    }
}

/// command-guard registered for file-write and MCP tools too (hooks/): an ordinary write
/// or MCP call is allowed in silence, one that would change hookkit's own configuration or
/// the host's hook settings is denied with the tamper rule and a person as the way forward.
#[test]
fn file_and_mcp_tools_are_allowed_unless_they_tamper() {
    let s = Scratch::new();
    let project = s.project();
    let claude_write = |path: &Path| {
        let mut v = fixture("claude-code/PreToolUse-Write.json");
        v["cwd"] = json!(project);
        v["tool_input"]["file_path"] = json!(path);
        serde_json::to_vec(&v).unwrap()
    };
    let mcp = |tool: &str, args: Value| {
        let mut v = fixture("claude-code/PreToolUse-mcp__fake__echo.json");
        v["cwd"] = json!(project);
        v["tool_name"] = json!(format!("mcp__filesystem__{tool}"));
        v["mcp_server"] = json!({"name": "filesystem"});
        v["tool_input"] = args;
        serde_json::to_vec(&v).unwrap()
    };
    for input in [
        claude_write(&project.join("src/main.rs")),
        mcp("write_file", json!({"path": "notes.md", "content": "x"})),
        mcp("read_text_file", json!({"path": ".claude/settings.json"})),
    ] {
        let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &input);
        assert_eq!((stdout.as_str(), code), ("", 0), "{stderr}");
    }
    for (input, rule) in [
        (
            claude_write(&project.join(".hookkit.toml")),
            "tamper.hookkit-config",
        ),
        (
            mcp(
                "move_file",
                json!({"source": "/tmp/x", "destination": ".claude/settings.json"}),
            ),
            "tamper.host-settings",
        ),
    ] {
        let (stdout, stderr, code) = s.run(&["--host", "claude-code"], &input);
        assert!(blocks("claude-code", &stdout, &stderr, code), "{stdout}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
            .as_str()
            .unwrap();
        assert!(reason.starts_with(&format!("{rule}: ")), "{reason}");
        assert!(
            reason.contains("A person must make this change"),
            "{reason}"
        );
        assert!(reason.contains("only a person may change"), "{reason}");
    }
}

/// The routes around the boundary that command-guard let through at the last stop: a
/// delete of the project from its parent after a `cd`, the home moved away, a folder's
/// contents copied or an archive extracted over the home (reaching `~/.claude/settings.json`), a write to what
/// Claude Code runs before every shell command, and a program put on `PATH` under a name
/// hookkit judges. Each is refused or asked about now; ordinary copies and extractions are
/// not. The lines are data: judged, never run.
#[test]
fn routes_around_the_boundary_are_refused_or_asked() {
    let s = Scratch::new();
    let bin = s.home().join(".local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(s.project().join("src")).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let decide = |line: &str| -> String {
        let (stdout, stderr, code) = s.run_with(
            &["--host", "claude-code"],
            &s.payload("claude-code", line),
            &[("PATH", &path)],
        );
        assert_eq!(code, 0, "{line}: {stderr}");
        serde_json::from_str::<Value>(&stdout).map_or_else(
            |_| String::new(),
            |v| {
                v["hookSpecificOutput"]["permissionDecision"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            },
        )
    };
    for (line, decision) in [
        ("cd ..; rm -rf project", "deny"),
        ("cd .. && rm -r project", "deny"),
        ("cp -r /tmp/evil/. ~", "deny"),
        ("cp -rT /tmp/evil ~", "deny"),
        ("rsync -a /tmp/evil/ ~/", "deny"),
        ("tar -C ~ -xf /tmp/evil.tar", "deny"),
        ("unzip -o /tmp/evil.zip -d ~", "deny"),
        ("mv ~ /tmp/trash", "deny"),
        (
            "echo 'ls() { rm -rf ~; }' >> ~/.claude/shell-snapshots/snapshot-bash-1.sh",
            "deny",
        ),
        ("cp /tmp/evil ~/.local/bin/git", "ask"),
        ("ln -sf /tmp/evil ~/.local/bin/ls", "ask"),
    ] {
        assert_eq!(decide(line), decision, "{line}");
    }
    for line in [
        "cd src && rm -rf build",
        "cp -r src/. build",
        "tar -C build -xf /tmp/x.tar",
        "cp -r /tmp/evil ~/",
    ] {
        assert_eq!(decide(line), "", "{line}");
    }
}
