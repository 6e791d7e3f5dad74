//! `hookkit install` and `hookkit uninstall` as a person runs them: the real binary in a
//! scratch `HOME` (tests/common), with stand-in guards on `PATH` (install only checks that
//! they exist and are executable).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use common::{Out, Scratch};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every command line of the registration file at `path`.
fn commands(path: &Path) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("command" | "bash", Value::String(c)) => out.push(c.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&read(path), &mut out);
    out
}

fn run(s: &Scratch, args: &[&str]) -> Out {
    s.hookkit(args, &[s.bin()], &[])
}

#[test]
fn install_registers_both_guards_by_absolute_path_keeps_the_persons_settings_and_is_idempotent() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let claude = s.home().join(".claude/settings.json");
    let mine = json!({"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify"}]}]}});
    s.write(&claude, &mine.to_string());
    std::fs::create_dir_all(s.codex_home()).unwrap();

    let out = run(&s, &["install"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out.says("claude-code: registered both guards in");
    out.says("codex: registered both guards in");
    out.says("type `/hooks`");
    assert!(
        !out.stdout.contains("cursor"),
        "a host not set up: {}",
        out.stdout
    );

    let settings = read(&claude);
    assert_eq!(settings["model"], "opus");
    assert_eq!(settings["hooks"]["Stop"], mine["hooks"]["Stop"]);
    let bin = s.bin();
    for file in [claude.clone(), s.codex_home().join("hooks.json")] {
        let lines = commands(&file);
        for guard in ["command-guard", "secret-guard"] {
            let want = format!("{} --host", bin.join(guard).display());
            assert!(
                lines.iter().any(|c| c.starts_with(&want)),
                "{file:?}: {lines:?}"
            );
        }
    }
    assert_eq!(
        read(&PathBuf::from(format!(
            "{}.hookkit-backup",
            claude.display()
        ))),
        mine
    );

    let again = run(&s, &["install"]);
    assert_eq!(again.code, 0);
    again.says("claude-code: unchanged");
    again.says("codex: unchanged");

    // doctor agrees: every event and tool of hooks/ reaches its guard.
    let doctor = s.hookkit(&["doctor", "--host", "claude-code"], &[s.bin()], &[]);
    assert!(
        doctor
            .stdout
            .contains("every event and tool of hooks/claude-code/settings.json reaches its guard"),
        "{}",
        doctor.stdout
    );

    let out = run(&s, &["uninstall"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&claude), mine);
    assert!(commands(&s.codex_home().join("hooks.json")).is_empty());
}

#[test]
fn copilot_and_cursor_flat_files_and_the_project_scope() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let both = |verb: &str| {
        run(
            &s,
            &[
                verb,
                "--host",
                "copilot-cli",
                "--host",
                "cursor",
                "--scope",
                "project",
            ],
        )
    };
    let out = both("install");
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.says("then: Copilot CLI ignores a repository's hooks in a folder it does not trust");
    let copilot = s.project().join(".github/hooks/hookkit.json");
    let cursor = s.project().join(".cursor/hooks.json");
    assert_eq!(read(&copilot)["version"], 1);
    assert_eq!(read(&cursor)["hooks"]["preToolUse"][0]["failClosed"], true);
    assert_eq!(commands(&copilot).len(), 4, "{:?}", commands(&copilot));
    let out = both("uninstall");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!copilot.exists(), "hookkit's own Copilot file stays");
    assert!(commands(&cursor).is_empty());
}

#[test]
fn qwen_code_settings_under_qwen_home() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    // Qwen Code expands a leading `~/` of $QWEN_HOME itself.
    let env = [("QWEN_HOME", "~/qwen-home")];
    let settings = s.home().join("qwen-home/settings.json");
    let mine = json!({"model": {"name": "qwen3-coder-plus"}});
    s.write(&settings, &mine.to_string());
    let out = s.hookkit(&["install", "--host", "qwen-code"], &[s.bin()], &env);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.says(&format!(
        "qwen-code: registered both guards in {}\n",
        settings.display()
    ));
    assert!(
        !out.stdout.contains("then:"),
        "no step remains: {}",
        out.stdout
    );
    assert_eq!(read(&settings)["model"], mine["model"]);
    assert_eq!(commands(&settings).len(), 4, "{:?}", commands(&settings));
    let doctor = s.hookkit(&["doctor", "--host", "qwen-code"], &[s.bin()], &env);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    doctor.says("every event and tool of hooks/qwen-code/settings.json reaches its guard");
    let out = s.hookkit(&["uninstall", "--host", "qwen-code"], &[s.bin()], &env);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&settings),
        json!({"model": mine["model"], "hooks": {}})
    );
}

#[test]
fn factory_droid_settings_json_or_the_hooks_json_droid_reads_instead() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let install = |verb: &str| s.hookkit(&[verb, "--host", "factory-droid"], &[s.bin()], &[]);
    let dir = s.home().join(".factory");
    let settings = dir.join("settings.json");
    let mine = json!({"model": "custom:mine", "hooks": {"PreToolUse": [
        {"matcher": "Execute", "hooks": [{"type": "command", "command": "my-check"}]}
    ]}});
    s.write(&settings, &mine.to_string());

    // No hooks.json: the guards go into settings.json, beside the person's hook.
    let out = install("install");
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.says(&format!(
        "factory-droid: registered both guards in {}\n",
        settings.display()
    ));
    assert!(!out.stdout.contains("then:"), "{}", out.stdout);
    assert_eq!(read(&settings)["model"], "custom:mine");
    assert_eq!(commands(&settings).len(), 4, "{:?}", commands(&settings));
    let doctor = s.hookkit(&["doctor", "--host", "factory-droid"], &[s.bin()], &[]);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    doctor.says("every event and tool of hooks/factory-droid/settings.json reaches its guard");
    let out = install("uninstall");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&settings), mine);

    // A hooks.json (events at its top level): droid reads an event it names from it only,
    // so the guards go there, with the person's PreToolUse hook of settings.json copied
    // along.
    let hooks = dir.join("hooks.json");
    let theirs = json!({"showHookOutput": true, "Stop": [{"hooks": [{"type": "command", "command": "notify"}]}]});
    s.write(&hooks, &theirs.to_string());
    let out = install("install");
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.says(&format!(
        "factory-droid: registered both guards in {}\n",
        hooks.display()
    ));
    out.says("with your own PreToolUse hooks of");
    let written = read(&hooks);
    assert_eq!(written["showHookOutput"], true);
    assert_eq!(written["Stop"], theirs["Stop"]);
    assert!(
        written.get("hooks").is_none(),
        "events at the top level: {written}"
    );
    let lines = commands(&hooks);
    assert!(lines.contains(&"my-check".to_owned()), "{lines:?}");
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(read(&settings), mine, "settings.json is left alone");
    let doctor = s.hookkit(&["doctor", "--host", "factory-droid"], &[s.bin()], &[]);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    let again = install("install");
    again.says("factory-droid: unchanged");
    let out = install("uninstall");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let left = read(&hooks);
    assert_eq!(commands(&hooks), ["my-check", "notify"], "{left}");
}

#[test]
fn nothing_is_written_without_the_guards_on_a_dry_run_or_into_a_file_the_host_cannot_read() {
    let s = Scratch::new();
    let claude = s.home().join(".claude/settings.json");
    s.write(&claude, "{}\n");
    let out = run(&s, &["install", "--host", "claude-code"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("command-guard is not installed")
            && out
                .stderr
                .contains("cargo install --locked --path crates/command-guard"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&claude).unwrap(), "{}\n");

    s.guards_in(&s.bin());
    let out = run(&s, &["install", "--host", "claude-code", "--dry-run"]);
    assert_eq!(out.code, 0);
    out.says("claude-code: would register both guards in");
    assert_eq!(std::fs::read_to_string(&claude).unwrap(), "{}\n");

    s.write(&claude, "{\"hooks\": []}\n");
    let out = run(&s, &["install", "--host", "claude-code"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("settings.json") && out.stderr.contains("`hooks` is not an object"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&claude).unwrap(),
        "{\"hooks\": []}\n"
    );

    let empty = Scratch::new();
    empty.guards_in(&empty.bin());
    let out = run(&empty, &["install"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("name one with --host"),
        "{}",
        out.stderr
    );
}

#[test]
fn opencode_gets_hookkits_plugin_by_absolute_path_and_uninstall_removes_only_it() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let config = s.home().join(".config/opencode");
    std::fs::create_dir_all(&config).unwrap();
    let other = config.join("plugins/mine.js");
    s.write(&other, "export const Mine = async () => ({})\n");

    // Found without --host: its configuration folder exists.
    let out = run(&s, &["install"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let plugin = config.join("plugins/hookkit.js");
    out.says(&format!(
        "opencode: registered both guards in {}",
        plugin.display()
    ));
    out.says("restart any opencode already running");
    let text = std::fs::read_to_string(&plugin).unwrap();
    for (line, guard) in [
        ("COMMAND_GUARD", "command-guard"),
        ("SECRET_GUARD", "secret-guard"),
    ] {
        let want = format!("const {line} = {}\n", json!(s.bin().join(guard)));
        assert!(text.contains(&want), "{want} in:\n{text}");
    }
    assert!(text.contains("\"tool.execute.before\""));

    let out = run(&s, &["install", "--host", "opencode"]);
    out.says("opencode: unchanged");

    // Someone else's file under hookkit's name is left alone.
    std::fs::write(&plugin, "export const NotHookkit = 1\n").unwrap();
    let out = run(&s, &["install", "--host", "opencode"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("is not hookkit's plugin"),
        "{}",
        out.stderr
    );
    std::fs::remove_file(&plugin).unwrap();

    let out = run(&s, &["install", "--host", "opencode", "--scope", "project"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let project = s.project().join(".opencode/plugins/hookkit.js");
    assert!(project.is_file());
    let out = run(
        &s,
        &["uninstall", "--host", "opencode", "--scope", "project"],
    );
    out.says("opencode: took hookkit's hooks out of");
    assert!(!project.exists());
    assert!(other.is_file(), "the person's own plugin stays");
}
