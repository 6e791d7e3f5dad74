//! hookkit's opencode plugin (`hooks/opencode/hookkit.js`) on its own, run by Node.js with
//! stand-in guards (shell scripts) in place of the two it names, the way opencode calls it:
//! `Hookkit({directory})`, then `tool.execute.before(input, {args})` and
//! `tool.execute.after(input, output)` (opencode-ai 1.18.33; the real host with the real
//! guards is `e2e_opencode.rs`).
//!
//! - Every tool of `crates/hooks/tests/host-tools.toml`'s `[opencode]` reaches command-guard
//!   then secret-guard before it runs, and secret-guard after, with the payload of
//!   `crates/hooks/src/hosts/opencode.rs`; an allow changes nothing.
//! - It fails closed: a guard that is missing, exits 1, exits 2 (the reason on stderr),
//!   prints what is not JSON, prints an answer it does not know, or does not answer within
//!   its timeout refuses the call (a thrown error) and withholds an output; a deny stops
//!   at the first guard.
//! - A deny after the tool ran puts the reason in place of the output the model gets
//!   (`output`, and the TUI's `metadata.output`; an MCP result's `content`).
//!
//! Needs `node` on `PATH` (as the end-to-end tests need `npm`); `HOOKKIT_SKIP_E2E=1` skips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_testkit::skip_e2e;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The plugin as the repository has it.
const PLUGIN: &str = include_str!("../../../hooks/opencode/hookkit.js");

/// Calls the plugin's hooks once per case (`{tool, args, output, only_after?}`) as opencode
/// does (a tool whose `tool.execute.before` threw never runs, so no `tool.execute.after`)
/// and prints, per case, the error `tool.execute.before` threw (or null) and the output
/// after `tool.execute.after` (or null).
const DRIVER: &str = r#"
import { Hookkit } from "./hookkit.mjs"
const [directory, cases] = [process.argv[2], JSON.parse(process.argv[3])]
const hooks = await Hookkit({ directory })
const results = []
for (const [i, c] of cases.entries()) {
  const input = { tool: c.tool, sessionID: "ses_test", callID: `call_${i}` }
  let before = null
  try {
    if (!c.only_after) await hooks["tool.execute.before"](input, { args: c.args })
  } catch (error) {
    before = error.message
  }
  let after = null
  if (before === null) {
    after = structuredClone(c.output)
    await hooks["tool.execute.after"]({ ...input, args: c.args }, after)
  }
  results.push({ before, after })
}
console.log(JSON.stringify(results))
"#;

/// A scratch folder with the plugin (its guards and timeout replaced), the driver, and
/// stand-in guards that log what they were sent.
struct Rig {
    dir: tempfile::TempDir,
}

impl Rig {
    /// The plugin with `command` and `secret` as its guards' programs (scripts of this
    /// rig, by name, or any path) and a timeout of `timeout_ms`.
    fn new(command: &str, secret: &str, timeout_ms: u32) -> Rig {
        let rig = Rig {
            dir: tempfile::tempdir().unwrap(),
        };
        for (name, body) in [
            ("allow", "cat >> \"$0.log\"; printf '\\n' >> \"$0.log\""),
            (
                "deny",
                "cat >> \"$0.log\"; printf '\\n' >> \"$0.log\"; echo '{\"decision\":\"deny\",\"reason\":\"stub refused\"}'",
            ),
            ("exit1", "cat > /dev/null; echo boom >&2; exit 1"),
            (
                "exit2",
                "cat > /dev/null; echo 'hookkit: a fault, refused' >&2; exit 2",
            ),
            ("garbage", "cat > /dev/null; echo 'not json'"),
            (
                "unknown",
                "cat > /dev/null; echo '{\"decision\":\"allow\"}'",
            ),
            ("hang", "exec sleep 5"),
        ] {
            let path = rig.path(name);
            std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let program = |p: &str| {
            if p.starts_with('/') {
                p.to_owned()
            } else {
                rig.path(p).display().to_string()
            }
        };
        let plugin = PLUGIN
            .replace(
                "const COMMAND_GUARD = \"command-guard\"\n",
                &format!("const COMMAND_GUARD = {}\n", json!(program(command))),
            )
            .replace(
                "const SECRET_GUARD = \"secret-guard\"\n",
                &format!("const SECRET_GUARD = {}\n", json!(program(secret))),
            )
            .replace(
                "const TIMEOUT_MS = 10000\n",
                &format!("const TIMEOUT_MS = {timeout_ms}\n"),
            );
        assert!(
            plugin.contains(&program(command)) && plugin.contains(&format!("= {timeout_ms}\n")),
            "the plugin's guard or timeout line changed"
        );
        std::fs::write(rig.dir.path().join("hookkit.mjs"), plugin).unwrap();
        std::fs::write(rig.dir.path().join("driver.mjs"), DRIVER).unwrap();
        rig
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The payloads stand-in `name` was sent, in order.
    fn sent_to(&self, name: &str) -> Vec<Value> {
        std::fs::read_to_string(self.dir.path().join(format!("{name}.log")))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Runs the driver on `cases` and returns its results.
    fn run(&self, cases: &Value) -> Vec<Value> {
        let out = Command::new("node")
            .arg(self.dir.path().join("driver.mjs"))
            .arg(self.dir.path())
            .arg(cases.to_string())
            .current_dir(self.dir.path())
            .output()
            .expect("node is not on PATH (needed like npm for the end-to-end tests)");
        assert!(
            out.status.success(),
            "node: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// A bash call whose output is `text`, as opencode passes it to both hooks.
fn bash_case(text: &str) -> Value {
    json!({"tool": "bash", "args": {"command": "echo hi", "description": "d"},
        "output": {"title": "echo hi", "output": text,
            "metadata": {"output": text, "exit": 0, "truncated": false}}})
}

#[test]
fn every_tool_reaches_both_guards_before_and_secret_guard_after() {
    if skip_e2e("every_tool_reaches_both_guards_before_and_secret_guard_after") {
        return;
    }
    let list: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../hooks/tests/host-tools.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let tools: Vec<&str> = ["content", "other"]
        .iter()
        .flat_map(|k| list["opencode"][k].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tools.contains(&"bash") && tools.contains(&"fake_echo"));
    let cases: Vec<Value> = tools
        .iter()
        .map(|tool| {
            let output = if *tool == "fake_echo" {
                json!({"content": [{"type": "text", "text": "echo: hi"},
                    {"type": "image", "data": "AAAA", "mimeType": "image/png"}]})
            } else {
                json!({"title": "t", "output": format!("out of {tool}"), "metadata": {"x": 1},
                    "attachments": [{"type": "file", "url": "data:image/png;base64,AAAA"}]})
            };
            json!({"tool": tool, "args": {"filePath": "/p/a.txt"}, "output": output})
        })
        .collect();
    let rig = Rig::new("allow", "allow2", 5000);
    std::fs::copy(rig.path("allow"), rig.path("allow2")).unwrap();
    let results = rig.run(&Value::from(cases.clone()));

    let to_command = rig.sent_to("allow");
    let to_secret = rig.sent_to("allow2");
    assert_eq!(to_command.len(), tools.len(), "{to_command:?}");
    assert_eq!(to_secret.len(), 2 * tools.len(), "{to_secret:?}");
    for (i, tool) in tools.iter().enumerate() {
        let (result, case) = (&results[i], &cases[i]);
        assert_eq!(result["before"], Value::Null, "{tool}: {result}");
        assert_eq!(
            result["after"], case["output"],
            "{tool}: an allow changes nothing"
        );

        let before = &to_command[i];
        assert_eq!(before["hook_event_name"], "tool.execute.before", "{tool}");
        assert_eq!(before["input"]["tool"], *tool);
        assert_eq!(before["input"]["callID"], format!("call_{i}"));
        assert_eq!(before["output"], json!({"args": {"filePath": "/p/a.txt"}}));
        assert_eq!(before["cwd"], rig.dir.path().display().to_string());
        assert_eq!(
            to_secret[2 * i],
            *before,
            "{tool}: the same payload to both"
        );

        let after = &to_secret[2 * i + 1];
        assert_eq!(after["hook_event_name"], "tool.execute.after", "{tool}");
        assert_eq!(after["input"]["args"], json!({"filePath": "/p/a.txt"}));
        let want = if *tool == "fake_echo" {
            json!({"content": [{"type": "text", "text": "echo: hi"}]})
        } else {
            json!({"title": "t", "output": format!("out of {tool}")})
        };
        assert_eq!(
            after["output"], want,
            "{tool}: no metadata, attachments or images"
        );
    }
}

#[test]
fn every_failure_of_a_guard_refuses_the_call_and_withholds_the_output() {
    if skip_e2e("every_failure_of_a_guard_refuses_the_call_and_withholds_the_output") {
        return;
    }
    for (failing, says) in [
        (
            "/nonexistent/command-guard",
            "could not be started (ENOENT)",
        ),
        ("exit1", "exited with status 1 (boom)"),
        ("exit2", "hookkit: a fault, refused"),
        ("garbage", "printed an answer that is not JSON"),
        (
            "unknown",
            "printed an answer hookkit's plugin does not know",
        ),
        ("hang", "did not answer within 300 ms"),
    ] {
        // Before: command-guard fails; secret-guard is never asked.
        let rig = Rig::new(failing, "allow", 300);
        let result = &rig.run(&json!([bash_case("fine")]))[0];
        let thrown = result["before"].as_str().unwrap_or_else(|| {
            panic!("{failing}: the call was not refused: {result}");
        });
        assert!(thrown.contains(says), "{failing}: {thrown}");
        if failing != "exit2" {
            assert!(
                thrown.contains("hookkit fails closed"),
                "{failing}: {thrown}"
            );
        }
        assert!(
            rig.sent_to("allow").is_empty(),
            "{failing}: secret-guard ran after a refusal"
        );

        // After: secret-guard fails; the output is withheld.
        let rig = Rig::new("allow", failing, 300);
        let mut case = bash_case("the raw output");
        case["only_after"] = json!(true);
        let result = &rig.run(&json!([case]))[0];
        let after = &result["after"];
        assert!(
            after["output"].as_str().unwrap().contains(says),
            "{failing}: {after}"
        );
        assert!(
            !after.to_string().contains("the raw output"),
            "{failing}: the output was not withheld: {after}"
        );
    }
}

#[test]
fn a_deny_after_the_tool_ran_replaces_what_the_model_gets() {
    if skip_e2e("a_deny_after_the_tool_ran_replaces_what_the_model_gets") {
        return;
    }
    let rig = Rig::new("allow", "deny", 5000);
    let mcp = json!({"tool": "fake_echo", "args": {"text": "hi"},
        "output": {"content": [{"type": "text", "text": "secret text"}],
            "structuredContent": {"text": "secret text"}}});
    let results = rig.run(&json!([bash_case("secret text"), mcp]));
    // Before: secret-guard's deny is thrown (opencode hands it to the model as the error).
    for result in &results {
        assert_eq!(result["before"], "stub refused", "{result}");
    }
    let mut cases = [bash_case("secret text"), mcp];
    for case in &mut cases {
        case["only_after"] = json!(true);
    }
    let results = rig.run(&Value::from(cases.to_vec()));
    for result in &results {
        assert!(
            !result["after"].to_string().contains("secret text"),
            "{result}"
        );
    }
    assert_eq!(results[0]["after"]["output"], "stub refused");
    assert_eq!(results[0]["after"]["metadata"]["output"], "stub refused");
    assert_eq!(
        results[1]["after"],
        json!({"content": [{"type": "text", "text": "stub refused"}]})
    );

    // A failed subagent task reaches tool.execute.after with no output (opencode-ai
    // 1.18.33, `SessionPrompt.handleSubtask`): the hook returns without asking a guard.
    let results =
        rig.run(&json!([{"tool": "task", "args": {}, "output": null, "only_after": true}]));
    assert_eq!(results[0]["after"], Value::Null);
    assert_eq!(
        rig.sent_to("deny").len(),
        4,
        "no payload for the empty output"
    );
}
