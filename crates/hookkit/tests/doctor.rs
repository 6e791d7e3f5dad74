//! `hookkit doctor` as a person runs it: the real binary in a scratch `HOME` (with
//! `CODEX_HOME`, `COPILOT_HOME`, `CARGO_HOME` and the XDG directories under it) holding
//! fixture host configurations, a scratch project (a `.git` folder marks its root), and a
//! `PATH` of scratch directories plus `/usr/bin:/bin`. The environment is cleared first, so
//! nothing of the real home is read.
//!
//! The guards on `PATH` are stand-ins: shell scripts that answer `--version` the way the
//! real binaries do (`command-guard 0.1.0`), which is all doctor runs. The real binaries and
//! the real Codex CLI are used in `doctor_codex_e2e.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod common;

use common::{Out, Scratch};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(rel),
    )
    .unwrap()
}

impl Scratch {
    /// Run `hookkit doctor ARGS` in the project with `PATH` = `path` + `/usr/bin:/bin`.
    fn run_with(&self, args: &[&str], path: &[PathBuf], extra: &[(&str, &str)]) -> Out {
        let args: Vec<&str> = std::iter::once("doctor")
            .chain(args.iter().copied())
            .collect();
        self.hookkit(&args, path, extra)
    }
    fn run(&self, args: &[&str]) -> Out {
        self.run_with(args, &[self.bin()], &[])
    }

    /// Runs `hookkit doctor --host HOST --format json`, asserts the exit code, and returns
    /// the report.
    #[track_caller]
    fn report(&self, host: &str, code: i32) -> Value {
        let out = self.run(&["--host", host, "--format", "json"]);
        assert_eq!(out.code, code, "{}\n{}", out.stdout, out.stderr);
        out.json()
    }
}

/// The one host report of a `--host X --format json` run.
fn host(report: &Value) -> &Value {
    &report["hosts"][0]
}

/// The findings of `host` at `level` (`ok`, `info`, `warn`, `fail`), as "check: message".
fn findings(host: &Value, level: &str) -> Vec<String> {
    host["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == level)
        .map(|f| {
            format!(
                "{}: {}",
                f["check"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// Asserts that the one host report of `out` has a finding at `level` ("check: message")
/// containing each of `parts`.
#[track_caller]
fn assert_finding(out: &Out, level: &str, parts: &[&str]) {
    let list = findings(host(&out.json()), level);
    assert!(
        list.iter().any(|f| parts.iter().all(|p| f.contains(p))),
        "no {level} finding with {parts:?}: {list:#?}"
    );
}

fn fixes(host: &Value) -> Vec<String> {
    host["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["fix"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn claude_code_with_the_ready_made_registration_is_guarded() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    s.write(
        &s.home().join(".claude/settings.json"),
        &repo_file("hooks/claude-code/settings.json"),
    );
    let out = s.run(&["--host", "claude-code", "--format", "json"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["ok"], true);
    let h = host(&report);
    assert_eq!(h["status"], "guarded");
    let regs = h["registrations"].as_array().unwrap();
    assert_eq!(regs.len(), 4, "{regs:?}");
    assert!(
        regs.iter()
            .all(|r| r["scope"] == "user" && r["active"] == true)
    );
    assert!(
        regs.iter()
            .any(|r| r["event"] == "PostToolUseFailure" && r["guard"] == "secret-guard")
    );
    assert!(findings(h, "fail").is_empty(), "{h:#}");
    assert!(findings(h, "warn").is_empty(), "{h:#}");
    let ok = findings(h, "ok");
    assert!(
        ok.iter().any(|f| f.starts_with("coverage: every event")),
        "{ok:?}"
    );
    for g in ["command-guard", "secret-guard"] {
        assert!(
            ok.iter()
                .any(|f| f.starts_with(&format!("binary: `{g}` → "))
                    && f.ends_with(&format!("({g} {VERSION})"))),
            "{ok:?}"
        );
    }

    // The human report says the same.
    let out = s.run(&["--host", "claude-code"]);
    assert_eq!(out.code, 0);
    out.says("\nclaude-code: guarded\n");
    out.says("no problem found");
}

#[test]
fn a_missing_matcher_or_event_is_named_with_the_fix() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    // The registration as it was before issue 12: no Grep after a call, no PostToolUseFailure.
    let mut settings: Value =
        serde_json::from_str(&repo_file("hooks/claude-code/settings.json")).unwrap();
    let hooks = settings["hooks"].as_object_mut().unwrap();
    hooks.remove("PostToolUseFailure");
    let post = &mut hooks.get_mut("PostToolUse").unwrap()[0]["matcher"];
    let narrowed = post
        .as_str()
        .unwrap()
        .replace("|Grep", "")
        .replace("|WebFetch", "");
    *post = Value::String(narrowed);
    let file = s.project().join(".claude/settings.json");
    s.write(&file, &settings.to_string());

    let report = s.report("claude-code", 1);
    let h = host(&report);
    assert_eq!(h["status"], "problems");
    assert!(
        h["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["scope"] == "project")
    );
    let fails = findings(h, "fail");
    assert!(
        fails.contains(&"coverage: secret-guard on PostToolUse does not match Grep, WebFetch: those tools run without it".to_owned()),
        "{fails:?}"
    );
    assert!(
        fails.contains(&"coverage: secret-guard is not registered on PostToolUseFailure: those calls run without it".to_owned()),
        "{fails:?}"
    );
    let fixes = fixes(h);
    assert!(
        fixes.iter().any(|f| f.starts_with(&format!(
            "in {}, give the PostToolUse entry running secret-guard the matcher `Bash|",
            file.display()
        )) && f.contains("|Grep|")),
        "{fixes:?}"
    );
    assert!(
        fixes.iter().any(|f| f.starts_with(&format!(
            "add to {} a PostToolUseFailure entry running `secret-guard --host claude-code`",
            file.display()
        ))),
        "{fixes:?}"
    );
}

#[test]
fn a_missing_binary_fails_and_a_cargo_only_binary_warns() {
    let s = Scratch::new();
    s.write(
        &s.home().join(".claude/settings.json"),
        &repo_file("hooks/claude-code/settings.json"),
    );
    // Nothing on PATH.
    let report = s.report("claude-code", 1);
    let fails = findings(host(&report), "fail");
    for g in ["command-guard", "secret-guard"] {
        assert!(
            fails.contains(&format!(
                "binary: `{g}`: not found on PATH; Claude Code then runs every call this hook \
                 matches unguarded"
            )),
            "{fails:?}"
        );
    }
    assert!(
        fixes(host(&report))
            .iter()
            .any(|f| f.contains("cargo install --locked --path crates/secret-guard"))
    );

    // A file that is not executable is named as such.
    s.write(&s.bin().join("command-guard"), "#!/bin/sh\n");
    let out = s.run(&["--host", "claude-code", "--format", "json"]);
    assert_finding(
        &out,
        "fail",
        &["command-guard is on PATH but not executable"],
    );

    // Only in ~/.cargo/bin: it runs from a terminal, but a desktop launcher's PATH may
    // lack it.
    std::fs::remove_file(s.bin().join("command-guard")).unwrap();
    s.guards_in(&s.cargo_bin());
    let out = s.run_with(
        &["--host", "claude-code", "--format", "json"],
        &[s.cargo_bin(), s.bin()],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.json();
    let warns = findings(host(&report), "warn");
    assert_eq!(warns.len(), 2, "{warns:?}");
    assert!(warns[0].contains("is found only in"), "{warns:?}");
    assert!(warns[0].contains("desktop launcher"), "{warns:?}");
    let absolute = s.cargo_bin().join("command-guard");
    assert!(
        fixes(host(&report))
            .iter()
            .any(|f| f.contains(&format!("with `{}`", absolute.display()))),
        "{:?}",
        fixes(host(&report))
    );

    // Something else answering under the guard's name is not a guard.
    s.program(&s.bin(), "command-guard", "command-guard-impostor 9");
    let out = s.run_with(
        &["--host", "claude-code", "--format", "json"],
        &[s.bin(), s.cargo_bin()],
        &[],
    );
    assert_eq!(out.code, 1);
    assert_finding(&out, "fail", &["not as command-guard"]);
}

#[test]
fn claude_code_plugins_run_only_when_enabled_and_disable_all_hooks_stops_everything() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let plugin = s
        .home()
        .join(".claude/plugins/cache/hookkit/agent-guardrails/0.1.0");
    s.write(
        &plugin.join("hooks/hooks.json"),
        &repo_file("plugins/agent-guardrails/hooks/hooks.json"),
    );
    let settings = s.home().join(".claude/settings.json");
    let report = s.report("claude-code", 1);
    let fails = findings(host(&report), "fail");
    assert!(
        fails.contains(&"gate: the plugin agent-guardrails@hookkit is installed but no settings file enables it".to_owned()),
        "{fails:?}"
    );

    s.write(
        &settings,
        &json!({"enabledPlugins": {"agent-guardrails@hookkit": true}}).to_string(),
    );
    let report = s.report("claude-code", 0);
    assert!(
        host(&report)["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["scope"] == "plugin agent-guardrails@hookkit" && r["active"] == true)
    );

    s.write(
        &settings,
        &json!({"enabledPlugins": {"agent-guardrails@hookkit": true}, "disableAllHooks": true})
            .to_string(),
    );
    let out = s.run(&["--host", "claude-code", "--format", "json"]);
    assert_eq!(out.code, 1);
    let fails = findings(host(&out.json()), "fail");
    assert!(
        fails.contains(&format!(
            "gate: {} sets `\"disableAllHooks\": true`: Claude Code runs no hook at all",
            settings.display()
        )),
        "{fails:?}"
    );
}

#[test]
fn a_guard_inside_the_project_is_not_run() {
    let s = Scratch::new();
    let planted = s.project().join("tools");
    std::fs::create_dir_all(&planted).unwrap();
    let ran = s.project().join("ran");
    // It would leave a file behind if doctor ran it.
    s.write(
        &planted.join("command-guard"),
        &format!(
            "#!/bin/sh\ntouch {}\necho 'command-guard {VERSION}'\n",
            ran.display()
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            planted.join("command-guard"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    s.write(
        &s.project().join(".cursor/hooks.json"),
        &repo_file("hooks/cursor/hooks.json").replace(
            "\"command-guard --host cursor\"",
            &format!("\"{}/command-guard --host cursor\"", planted.display()),
        ),
    );
    let out = s.run(&["--host", "cursor", "--format", "json"]);
    assert_finding(
        &out,
        "warn",
        &["lies inside this repository", "does not run it"],
    );
    assert!(!ran.exists(), "doctor ran a binary the project planted");
}

/// hooks/codex/hooks.json as it was when Codex 0.169.0's own `hooks/list` reported these
/// `currentHash` values for it (and so for any copy of it).
const CODEX_HOOKS: &str = r#"{
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash|Write|Edit|mcp__.*",
        "hooks": [
          {
            "type": "command",
            "command": "command-guard --host codex",
            "timeout": 10,
            "statusMessage": "hookkit: allow, ask or deny each shell command by policy, and every change to hookkit's or the host's own settings"
          }
        ]
      },
      {
        "matcher": "Bash|Write|Edit|mcp__.*",
        "hooks": [
          {
            "type": "command",
            "command": "secret-guard --host codex",
            "timeout": 10,
            "statusMessage": "hookkit: keep secret values away from the model"
          }
        ]
      }
    ],
    "PostToolUse": [
      {
        "matcher": "Bash|Write|Edit|mcp__.*",
        "hooks": [
          {
            "type": "command",
            "command": "secret-guard --host codex",
            "timeout": 10,
            "statusMessage": "hookkit: keep secret values away from the model"
          }
        ]
      }
    ]
  }
}"#;
const CODEX_HASHES: [(&str, &str); 3] = [
    (
        "pre_tool_use:0:0",
        "sha256:47bcc7c2a07b23729bacebf2f8343875fa562d5b5e167a4aa33f3999a8ac42a0",
    ),
    (
        "pre_tool_use:1:0",
        "sha256:293dff788c17f64f4a1969f68eec49762b3c0b0537b43d8cc6bb9f941cdd8c72",
    ),
    (
        "post_tool_use:0:0",
        "sha256:bf4f96467558daa9f87ee539b1c42f13cbedf17b955d69a52f9a08679e1c0aaf",
    ),
];

/// `[hooks.state]` entries for `file`, as Codex's `/hooks` writes them.
fn codex_state(file: &Path) -> String {
    CODEX_HASHES
        .iter()
        .map(|(suffix, hash)| {
            format!(
                "[hooks.state.\"{}:{suffix}\"]\ntrusted_hash = \"{hash}\"\n\n",
                file.display()
            )
        })
        .collect()
}

#[test]
fn codex_hooks_never_reviewed_trusted_and_changed() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let hooks = s.codex_home().join("hooks.json");
    s.write(&hooks, CODEX_HOOKS);
    let config = s.codex_home().join("config.toml");

    // Never reviewed: Codex skips all three.
    let report = s.report("codex", 1);
    assert_eq!(
        common::states(&report),
        [
            "PostToolUse secret-guard: never reviewed",
            "PreToolUse command-guard: never reviewed",
            "PreToolUse secret-guard: never reviewed"
        ]
    );
    let fails = findings(host(&report), "fail");
    assert!(
        fails.iter().any(|f| f.starts_with(&format!(
            "gate: Codex skips 3 hook(s) of {} until a person reviews them",
            hooks.display()
        ))),
        "{fails:?}"
    );
    assert!(
        fails
            .iter()
            .any(|f| f.starts_with("coverage: Codex runs none")),
        "{fails:?}"
    );
    assert!(
        fixes(host(&report))
            .iter()
            .any(|f| f.contains("type `/hooks`"))
    );

    // Trusted with the hashes Codex itself wrote: nothing is skipped.
    s.write(&config, &codex_state(&hooks));
    let out = s.run(&["--host", "codex", "--format", "json"]);
    let report = out.json();
    assert_eq!(
        common::states(&report),
        [
            "PostToolUse secret-guard: trusted",
            "PreToolUse command-guard: trusted",
            "PreToolUse secret-guard: trusted"
        ]
    );
    assert!(
        findings(host(&report), "fail")
            .iter()
            .all(|f| !f.starts_with("gate:")),
        "{:#}",
        host(&report)
    );
    if CODEX_HOOKS == repo_file("hooks/codex/hooks.json").trim_end() {
        assert_eq!(out.code, 0, "{}", out.stdout);
    }

    // One hook changed after it was trusted (a longer timeout): only that one is skipped.
    s.write(
        &hooks,
        &CODEX_HOOKS.replacen("\"timeout\": 10", "\"timeout\": 30", 1),
    );
    let report = s.report("codex", 1);
    assert_eq!(
        common::states(&report),
        [
            "PostToolUse secret-guard: trusted",
            "PreToolUse command-guard: changed since trusted",
            "PreToolUse secret-guard: trusted"
        ]
    );
    let fails = findings(host(&report), "fail");
    assert!(
        fails
            .iter()
            .any(|f| f.contains("PreToolUse command-guard (changed since trusted)")),
        "{fails:?}"
    );
    assert!(
        fails.contains(&"coverage: command-guard is registered on PreToolUse but Codex does not run it (see the gate above): those calls run without it".to_owned()),
        "{fails:?}"
    );

    // Switched off in /hooks.
    s.write(&hooks, CODEX_HOOKS);
    s.write(
        &config,
        &codex_state(&hooks).replacen("trusted_hash", "enabled = false\ntrusted_hash", 1),
    );
    let out = s.run(&["--host", "codex", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_finding(&out, "fail", &["are switched off in Codex's /hooks"]);
}

#[test]
fn codex_plugin_hooks_are_checked_as_far_as_their_hash_can_be_reproduced() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let id = "agent-guardrails@hookkit";
    let root = s
        .codex_home()
        .join("plugins/cache/hookkit/agent-guardrails/0.1.0");
    s.write(&root.join("hooks/hooks.json"), CODEX_HOOKS);
    s.write(
        &root.join(".codex-plugin/plugin.json"),
        "{\"name\": \"agent-guardrails\"}",
    );
    let config = s.codex_home().join("config.toml");
    let enabled = format!("[plugins.\"{id}\"]\nenabled = true\n\n");
    // Codex 0.169.0 writes a plugin hook's hash as HOOK-HASH/PLUGIN-FILES-HASH.
    let state = |hook_hash: &dyn Fn(&str) -> String| -> String {
        CODEX_HASHES
            .iter()
            .map(|(suffix, hash)| {
                format!(
                    "[hooks.state.\"{id}:hooks/hooks.json:{suffix}\"]\ntrusted_hash = \"{}/sha256:{}\"\n\n",
                    hook_hash(hash),
                    "0".repeat(64)
                )
            })
            .collect()
    };

    s.write(&config, &enabled);
    let report = s.report("codex", 1);
    assert!(
        common::states(&report)
            .iter()
            .all(|r| r.ends_with(": never reviewed"))
    );
    assert!(
        host(&report)["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["scope"] == format!("plugin {id}"))
    );

    // The hook part matches: the plugin-files part cannot be checked, so "unknown", a warning.
    s.write(&config, &format!("{enabled}{}", state(&|h| h.to_owned())));
    let report = s.report("codex", 0);
    assert!(
        common::states(&report)
            .iter()
            .all(|r| r.ends_with(": review state unknown")),
        "{:?}",
        common::states(&report)
    );
    let warns = findings(host(&report), "warn");
    assert!(
        warns
            .iter()
            .any(|w| w.contains("Codex also hashes the plugin's installed files")),
        "{warns:?}"
    );

    // The hook part differs: the hook changed since it was trusted.
    s.write(
        &config,
        &format!("{enabled}{}", state(&|h| h.replace('a', "b"))),
    );
    let out = s.run(&["--host", "codex", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert!(
        common::states(&out.json())
            .iter()
            .all(|r| r.ends_with(": changed since trusted"))
    );

    // A disabled plugin's hooks are not loaded.
    s.write(&config, &format!("[plugins.\"{id}\"]\nenabled = false\n"));
    let out = s.run(&["--host", "codex", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(host(&out.json())["status"], "problems");
    assert!(
        out.stdout
            .contains("no hookkit guard is registered for codex")
    );
}

#[test]
fn codex_feature_switch_project_trust_and_a_broken_hooks_file() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let hooks = s.codex_home().join("hooks.json");
    s.write(&hooks, CODEX_HOOKS);
    let config = s.codex_home().join("config.toml");
    s.write(
        &config,
        &format!("[features]\nhooks = false\n\n{}", codex_state(&hooks)),
    );
    let report = s.report("codex", 1);
    let fails = findings(host(&report), "fail");
    assert!(
        fails.contains(&format!(
            "gate: {} sets `[features] hooks = false`: Codex runs no hook at all",
            config.display()
        )),
        "{fails:?}"
    );

    // Project hooks in an untrusted project: not loaded at all.
    std::fs::remove_file(&hooks).unwrap();
    std::fs::remove_file(&config).unwrap();
    let project_hooks = s.project().join(".codex/hooks.json");
    s.write(&project_hooks, CODEX_HOOKS);
    let report = s.report("codex", 1);
    let fails = findings(host(&report), "fail");
    assert!(
        fails.iter().any(
            |f| f.starts_with("gate: Codex skips the hooks in") && f.contains("is not trusted")
        ),
        "{fails:?}"
    );
    assert!(
        fixes(host(&report))
            .iter()
            .any(|f| f.contains(&format!("`[projects.\"{}\"]`", s.project().display()))),
        "{:?}",
        fixes(host(&report))
    );
    // Trusted project and reviewed hooks: the review keys name the project's file.
    s.write(
        &config,
        &format!(
            "[projects.\"{}\"]\ntrust_level = \"trusted\"\n\n{}",
            s.project().display(),
            codex_state(&project_hooks)
        ),
    );
    let report = s.run(&["--host", "codex", "--format", "json"]).json();
    assert!(
        common::states(&report)
            .iter()
            .all(|r| r.ends_with(": trusted")),
        "{:?}",
        common::states(&report)
    );
    assert!(
        findings(host(&report), "fail")
            .iter()
            .all(|f| !f.starts_with("gate:"))
    );

    // A hooks.json that does not parse: Codex drops all of it.
    s.write(&hooks, "{\"hooks\": {\"PreToolUse\": [}");
    let out = s.run(&["--host", "codex", "--format", "json"]);
    assert_eq!(out.code, 1);
    let fails = findings(host(&out.json()), "fail");
    assert!(
        fails.iter().any(
            |f| f.starts_with(&format!("registration: {}:1:", hooks.display()))
                && f.ends_with("Codex drops every hook of this file with only a warning")
        ),
        "{fails:?}"
    );
}

#[test]
fn copilot_plugins_of_a_local_marketplace_are_read_where_copilot_loads_them() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    // As `copilot plugin marketplace add DIR` and `plugin install` leave it (Copilot CLI
    // 1.0.102): the plugin stays in DIR, named by the marketplace entry's `source`.
    let market = s.home().join("markets/hookkit");
    s.write(
        &market.join("marketplace.json"),
        &json!({"name": "hookkit", "plugins": [
            {"name": "agent-guardrails", "source": "./plugins/agent-guardrails"}
        ]})
        .to_string(),
    );
    s.write(
        &market.join("plugins/agent-guardrails/com.github.copilot/hooks/hooks.json"),
        &repo_file("plugins/agent-guardrails/com.github.copilot/hooks/hooks.json"),
    );
    let settings = |enabled: bool| {
        json!({
            "extraKnownMarketplaces": {"hookkit": {"source": {"source": "directory", "path": market}}},
            "enabledPlugins": {"agent-guardrails@hookkit": enabled}
        })
        .to_string()
    };
    s.write(&s.copilot_home().join("settings.json"), &settings(true));
    let report = s.report("copilot-cli", 0);
    let h = host(&report);
    assert_eq!(h["status"], "guarded", "{h:#}");
    assert!(
        h["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["scope"] == "plugin agent-guardrails@hookkit"),
        "{h:#}"
    );
    // Disabled, it guards nothing.
    s.write(&s.copilot_home().join("settings.json"), &settings(false));
    let out = s.run(&["--host", "copilot-cli", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
}

#[test]
fn copilot_repository_hooks_need_a_trusted_folder() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    s.write(
        &s.project().join(".github/hooks/hookkit.json"),
        &repo_file("hooks/copilot-cli/hooks.json"),
    );
    let report = s.report("copilot-cli", 1);
    let h = host(&report);
    assert!(
        h["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["active"] == false && r["scope"] == "project")
    );
    let fails = findings(h, "fail");
    assert!(
        fails.iter().any(
            |f| f.starts_with("gate: Copilot CLI ignores the repository hooks in")
                && f.contains(&format!(
                    "{} is not in its trusted folders",
                    s.project().display()
                ))
        ),
        "{fails:?}"
    );
    assert!(
        fixes(h)
            .iter()
            .any(|f| f.contains("Yes, and remember this folder")),
        "{:?}",
        fixes(h)
    );

    // Copilot CLI 1.0.102 records the answer like this (comments included).
    let config = s.copilot_home().join("config.json");
    s.write(
        &config,
        &format!(
            "// User settings belong in settings.json.\n// This file is managed automatically.\n{}\n",
            json!({"firstLaunchAt": "2026-01-01T00:00:00.000Z", "trustedFolders": [s.project()]})
        ),
    );
    let out = s.run(&["--host", "copilot-cli", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(host(&out.json())["status"], "guarded");

    // A parent folder trusts the folders below it; another folder does not.
    s.write(&config, &json!({"trustedFolders": [s.home()]}).to_string());
    assert_eq!(s.run(&["--host", "copilot-cli"]).code, 0);
    s.write(&config, &json!({"trustedFolders": [s.bin()]}).to_string());
    assert_eq!(s.run(&["--host", "copilot-cli"]).code, 1);

    // User-level hooks need no folder trust: the repository gate is then only a warning.
    s.write(
        &s.copilot_home().join("hooks/hookkit.json"),
        &repo_file("hooks/copilot-cli/hooks.json"),
    );
    let out = s.run(&["--host", "copilot-cli", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let warns = findings(host(&out.json()), "warn");
    assert!(
        warns
            .iter()
            .any(|w| w.starts_with("gate: Copilot CLI ignores the repository hooks")),
        "{warns:?}"
    );

    // disableAllHooks switches every hook off.
    s.write(
        &s.copilot_home().join("settings.json"),
        "{\"disableAllHooks\": true}",
    );
    let out = s.run(&["--host", "copilot-cli", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_finding(
        &out,
        "fail",
        &["`\"disableAllHooks\": true`: Copilot CLI runs no hook at all"],
    );
}

#[test]
fn gemini_settings_hooks_need_a_trusted_folder_even_at_user_level() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    s.write(
        &s.home().join(".gemini/settings.json"),
        &repo_file("hooks/gemini-cli/settings.json"),
    );
    let rules = s.home().join(".gemini/trustedFolders.json");
    // No decision yet: Gemini asks at start.
    let out = s.run(&["--host", "gemini-cli", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_finding(&out, "warn", &["has no trust decision"]);

    s.write(
        &rules,
        &json!({ s.project().to_str().unwrap(): "DO_NOT_TRUST" }).to_string(),
    );
    let out = s.run(&["--host", "gemini-cli", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_finding(&out, "fail", &["does not trust", "the user's included"]);

    s.write(
        &rules,
        &json!({ s.project().join("x").to_str().unwrap(): "TRUST_PARENT" }).to_string(),
    );
    let out = s.run(&["--host", "gemini-cli", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(findings(host(&out.json()), "warn").is_empty());
}

#[test]
fn qwen_code_project_hooks_need_a_trusted_folder_only_with_folder_trust_on() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    s.write(
        &s.project().join(".qwen/settings.json"),
        &repo_file("hooks/qwen-code/settings.json"),
    );
    // Folder trust is off by default: the project's hooks run.
    let out = s.run(&["--host", "qwen-code", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);

    let user = s.home().join(".qwen/settings.json");
    s.write(
        &user,
        &json!({"security": {"folderTrust": {"enabled": true}}}).to_string(),
    );
    let out = s.run(&["--host", "qwen-code", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(&out, "fail", &["folder trust is on", "does not trust"]);

    s.write(
        &s.home().join(".qwen/trustedFolders.json"),
        &json!({ s.project().to_str().unwrap(): "TRUST_FOLDER" }).to_string(),
    );
    let out = s.run(&["--host", "qwen-code", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);

    s.write(
        &user,
        &json!({"disableAllHooks": true, "security": {"folderTrust": {"enabled": true}}})
            .to_string(),
    );
    let out = s.run(&["--host", "qwen-code", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(
        &out,
        "fail",
        &["disableAllHooks", "Qwen Code runs no hook at all"],
    );
}

#[test]
fn factory_droid_hooks_json_shadows_settings_json_and_hooks_disabled_switches_all_off() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let user = s.home().join(".factory");
    s.write(
        &user.join("settings.json"),
        &repo_file("hooks/factory-droid/settings.json"),
    );
    let out = s.run(&["--host", "factory-droid", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);

    // A hooks.json naming PreToolUse: droid ignores settings.json's PreToolUse entries.
    s.write(
        &user.join("hooks.json"),
        &json!({"PreToolUse": [{"matcher": "Execute", "hooks": [{"type": "command", "command": "my-check"}]}]})
            .to_string(),
    );
    let out = s.run(&["--host", "factory-droid", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(
        &out,
        "fail",
        &[
            "command-guard is registered on PreToolUse",
            "does not run it",
        ],
    );
    let report = out.json();
    let off: Vec<&Value> = host(&report)["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["active"] == false)
        .collect();
    assert_eq!(off.len(), 2, "{report:#}");
    assert!(off.iter().all(|r| r["event"] == "PreToolUse"));
    std::fs::remove_file(user.join("hooks.json")).unwrap();

    // A repository's hooks.json with hooksDisabled switches the user's hooks off too.
    let project = s.project().join(".factory/hooks.json");
    s.write(&project, &json!({"hooksDisabled": true}).to_string());
    let out = s.run(&["--host", "factory-droid", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(
        &out,
        "fail",
        &["hooksDisabled", "Factory droid runs no hook at all"],
    );
}

#[test]
fn hosts_not_set_up_fail_only_when_named() {
    let s = Scratch::new();
    let out = s.run(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.json();
    let hosts = report["hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 9);
    assert!(hosts.iter().all(|h| h["status"] == "not-set-up"));
    let out = s.run(&["--host", "cursor", "--host", "codex"]);
    assert_eq!(out.code, 1);
    out.says("\ncursor: NOT fully guarded\n");
    assert!(
        out.stdout
            .contains("no hookkit guard is registered for codex"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("fix: copy hooks/codex/hooks.json of a hookkit checkout into"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_guard_for_another_host_and_an_open_cursor_entry() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let file = s.project().join(".cursor/hooks.json");
    let text = repo_file("hooks/cursor/hooks.json")
        .replacen(
            "command-guard --host cursor",
            "command-guard --host claude-code",
            1,
        )
        .replacen("\"failClosed\": true", "\"failClosed\": false", 1);
    s.write(&file, &text);
    let report = s.report("cursor", 1);
    let fails = findings(host(&report), "fail");
    assert!(
        fails
            .iter()
            .any(|f| f.contains("passes `--host claude-code` to command-guard")),
        "{fails:?}"
    );
    let warns = findings(host(&report), "warn");
    assert!(
        warns
            .iter()
            .any(|w| w.contains("without `\"failClosed\": true`")),
        "{warns:?}"
    );
}

#[test]
fn hookkit_own_configuration_is_reported() {
    let s = Scratch::new();
    let user = s.home().join(".config/hookkit/config.toml");
    s.write(&user, "[audit]\nenabled = true\n");
    let project = s.project().join(".hookkit.toml");
    s.write(&project, "on_error = \"allow\"\n");
    let report = s.run(&["--format", "json"]).json();
    let own = &report["hookkit"];
    assert_eq!(own["audit"], true);
    assert_eq!(
        own["layers"],
        json!([
            {"file": user, "power": "full"},
            {"file": project, "power": "tighten-only"}
        ])
    );
    let warns: Vec<&str> = own["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "warn")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        warns
            .iter()
            .any(|w| w.contains("tried to loosen the policy and was ignored")
                && w.contains("on_error")),
        "{warns:?}"
    );
    assert!(
        own["findings"]
            .to_string()
            .contains(&format!("hookkit trust {}", project.display()))
    );

    // A configuration that does not load fails the run: the guards deny everything.
    s.write(&user, "on_eror = \"deny\"\n");
    let out = s.run(&[]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    out.says("hookkit's configuration does not load");
    out.says("config.toml:1:1");
}

#[test]
fn doctor_writes_nothing() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    s.write(&s.codex_home().join("hooks.json"), CODEX_HOOKS);
    s.write(
        &s.home().join(".claude/settings.json"),
        &repo_file("hooks/claude-code/settings.json"),
    );
    s.write(
        &s.project().join(".github/hooks/hookkit.json"),
        &repo_file("hooks/copilot-cli/hooks.json"),
    );
    let before = s.tree();
    for format in ["human", "json"] {
        let out = s.run(&["--format", format]);
        assert_eq!(out.code, 1, "{}", out.stdout);
    }
    assert_eq!(s.tree(), before);
}

#[test]
fn usage_errors_exit_2() {
    let s = Scratch::new();
    for args in [
        &["--host", "vscode"][..],
        &["--format", "xml"],
        &["--bogus"],
    ] {
        let out = s.run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.is_empty());
    }
    let out = s.run(&["--help"]);
    assert_eq!(out.code, 0);
    out.says("Reads only; never writes");
}

#[test]
fn opencode_is_guarded_by_hookkits_plugin_and_an_edit_pure_or_later_plugin_is_named() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let out = s.hookkit(&["install", "--host", "opencode"], &[s.bin()], &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let plugin = s.home().join(".config/opencode/plugins/hookkit.js");

    let report = s.report("opencode", 0);
    let h = host(&report);
    assert_eq!(h["status"], "guarded", "{h:#}");
    let regs: Vec<String> = h["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["event"].as_str().unwrap(),
                r["guard"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        regs,
        [
            "tool.execute.after secret-guard",
            "tool.execute.before command-guard",
            "tool.execute.before secret-guard",
        ]
    );
    assert!(findings(h, "fail").is_empty(), "{h:#}");
    let ok = findings(h, "ok");
    assert!(
        ok.iter()
            .any(|f| f.starts_with("coverage: every event")
                && f.contains("hooks/opencode/hookkit.js")),
        "{ok:?}"
    );

    // A plugin that runs after hookkit's could change a call's arguments.
    s.write(
        &s.project().join(".opencode/plugins/later.js"),
        "export const Later = async () => ({})\n",
    );
    let out = s.run(&["--host", "opencode", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_finding(&out, "warn", &["later.js", "after the guards judged them"]);

    // OPENCODE_PURE (`opencode --pure`) loads no plugin.
    let out = s.run_with(
        &["--host", "opencode", "--format", "json"],
        &[s.bin()],
        &[("OPENCODE_PURE", "1")],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(
        &out,
        "fail",
        &["OPENCODE_PURE", "opencode runs no hook at all"],
    );

    // An edited plugin is not hookkit's any more; a missing guard blocks every call.
    let text = std::fs::read_to_string(&plugin).unwrap();
    std::fs::write(
        &plugin,
        text.replace("if (reason !== null) throw", "if (false) throw"),
    )
    .unwrap();
    std::fs::remove_file(s.bin().join("secret-guard")).unwrap();
    let report = s.report("opencode", 1);
    let fails = findings(host(&report), "fail");
    assert!(
        fails
            .iter()
            .any(|f| f.contains("is not hookkit's plugin as this hookkit ships it")),
        "{fails:?}"
    );
    assert!(
        fails
            .iter()
            .any(|f| f.contains("secret-guard does not exist; opencode then blocks every call")),
        "{fails:?}"
    );
    assert!(
        fixes(host(&report))
            .iter()
            .any(|f| f.contains("hookkit install --host opencode")),
        "{:?}",
        fixes(host(&report))
    );

    // Not set up: the fix is hookkit install.
    std::fs::remove_file(&plugin).unwrap();
    let out = s.run(&["--host", "opencode"]);
    assert_eq!(out.code, 1);
    out.says("no hookkit guard is registered for opencode");
    out.says("fix: run `hookkit install --host opencode`");
}

#[test]
fn kilo_cli_is_guarded_by_the_same_plugin_with_its_own_host() {
    let s = Scratch::new();
    s.guards_in(&s.bin());
    let out = s.hookkit(&["install", "--host", "kilo"], &[s.bin()], &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = s.report("kilo", 0);
    let h = host(&report);
    assert_eq!(h["status"], "guarded", "{h:#}");
    assert_eq!(h["registrations"].as_array().unwrap().len(), 3, "{h:#}");
    assert!(
        h["registrations"][0]["command"]
            .as_str()
            .unwrap()
            .ends_with("--host kilo"),
        "{h:#}"
    );
    // opencode's plugin folder is not Kilo's.
    let out = s.run(&["--host", "opencode"]);
    assert_eq!(out.code, 1);
    out.says("no hookkit guard is registered for opencode");

    // The opencode plugin copied into Kilo's folder runs the guards as opencode's.
    let kilo = s.home().join(".config/kilo/plugins/hookkit.js");
    let text = std::fs::read_to_string(&kilo).unwrap();
    std::fs::write(
        &kilo,
        text.replace("const HOST = \"kilo\"", "const HOST = \"opencode\""),
    )
    .unwrap();
    let out = s.run(&["--host", "kilo", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_finding(
        &out,
        "fail",
        &["--host opencode", "Kilo CLI does not understand"],
    );

    let out = s.run_with(
        &["--host", "kilo", "--format", "json"],
        &[s.bin()],
        &[("KILO_PURE", "1")],
    );
    assert_finding(&out, "fail", &["KILO_PURE", "Kilo CLI runs no hook at all"]);
}
