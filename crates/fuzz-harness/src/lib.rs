//! hookkit-fuzz-harness: the properties the fuzz targets in `fuzz/` check, as plain
//! functions, so that the kept corpus (`fuzz/corpus/<target>/`) is replayed by
//! `cargo test` on every build, not only under a fuzzer.
//!
//! Each function takes arbitrary bytes and panics when a property fails; a fuzzer reports
//! the panic (or a crash, or an input that outlives its time limit) as a finding.
//!
//! | target | input | properties |
//! |---|---|---|
//! | [`shell`] | a command line (bytes, read as UTF-8 with replacement) | `analyze` and `sweep` return, within [`DEADLINE`]; output bounded by the input |
//! | [`hook`] | a selector byte, then a command, output, file text or MCP argument (an AWS `run_script` program, a `call_aws` line) placed in a payload captured from the host it selects; or, with the selector's high bit, a raw payload | both guards answer with exit 0 or 2 within [`DEADLINE`]; an exit 0 answer is empty or one JSON object; a deny or ask blocks |
//! | [`frontmatter`] | a `SKILL.md` file | `skill-lint` returns findings, within [`DEADLINE`] |

#![allow(
    clippy::panic,
    reason = "a failed property panics: that is how a fuzzer and the corpus test see it"
)]

use hookkit_hooks::{Rendered, RunSettings, run};
use hookkit_policy::secret_guard::SecretGuard;
use hookkit_policy::{Config, Host};
use serde_json::Value;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The time one input may take, whatever its size: the guards' own default deadline
/// (`deadline_ms`).
pub const DEADLINE: Duration = Duration::from_millis(hookkit_policy::config::DEFAULT_DEADLINE_MS);

/// A property check: panics when `data` breaks it.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name (the directory of their corpus under `fuzz/corpus/`).
pub const TARGETS: [(&str, Check); 3] = [
    ("shell", shell),
    ("hook", hook),
    ("frontmatter", frontmatter),
];

/// Before the first input, under a fuzzer: an alternate stack for the fuzzer's crash
/// handler, which then owns every segmentation fault, stack overflows included
/// ([`hookkit_failsafe::prepare_for_fuzzer`]), so that it saves the input that caused it.
pub fn prepare() {
    hookkit_failsafe::prepare_for_fuzzer(1 << 20);
}

/// `analyze` and `sweep` on `data` as a command line.
///
/// # Panics
/// When the analysis takes longer than [`DEADLINE`] or reports more commands than its
/// output budget allows.
pub fn shell(data: &[u8]) {
    let line = String::from_utf8_lossy(data);
    let started = Instant::now();
    let analysis = hookkit_shell::analyze(&line);
    let swept = hookkit_shell::sweep(&line, |name| name == "rm" || name == "git");
    let took = started.elapsed();
    assert!(took < DEADLINE, "analysis took {took:?}");
    let units: usize = analysis
        .commands
        .iter()
        .map(|c| 1 + c.argv.len() + c.assignments.len() + c.redirects.len() + c.wrappers.len())
        .sum();
    assert!(units <= 8 * line.len() + 4096 + 64, "{units} output units");
    assert!(swept.len() <= hookkit_shell::MAX_CANDIDATES);
}

/// The payload templates: (host, file under crates/hooks/tests/fixtures, JSON pointer of
/// the text the fuzzer supplies).
const TEMPLATES: [(Host, &str, &str); 22] = [
    (
        Host::ClaudeCode,
        include_str!("../../hooks/tests/fixtures/claude-code/PreToolUse-Bash.json"),
        "/tool_input/command",
    ),
    (
        Host::ClaudeCode,
        include_str!("../../hooks/tests/fixtures/claude-code/PostToolUse-Bash.json"),
        "/tool_response/stdout",
    ),
    (
        Host::ClaudeCode,
        include_str!("../../hooks/tests/fixtures/claude-code/PreToolUse-Write.json"),
        "/tool_input/content",
    ),
    (
        Host::ClaudeCode,
        include_str!("../../hooks/tests/fixtures/claude-code/PreToolUse-mcp__fake__echo.json"),
        "/tool_input/text",
    ),
    (
        Host::Codex,
        include_str!("../../hooks/tests/fixtures/codex/PreToolUse-Bash.json"),
        "/tool_input/command",
    ),
    (
        Host::Codex,
        include_str!("../../hooks/tests/fixtures/codex/PostToolUse-Bash.json"),
        "/tool_response",
    ),
    (
        Host::Codex,
        include_str!("../../hooks/tests/fixtures/codex/PreToolUse-apply_patch.json"),
        "/tool_input/command",
    ),
    (
        Host::GeminiCli,
        include_str!("../../hooks/tests/fixtures/gemini-cli/BeforeTool-run_shell_command.json"),
        "/tool_input/command",
    ),
    (
        Host::GeminiCli,
        include_str!("../../hooks/tests/fixtures/gemini-cli/AfterTool-run_shell_command.json"),
        "/tool_response/llmContent",
    ),
    (
        Host::GeminiCli,
        include_str!("../../hooks/tests/fixtures/gemini-cli/BeforeTool-write_file.json"),
        "/tool_input/content",
    ),
    (
        Host::CopilotCli,
        include_str!("../../hooks/tests/fixtures/copilot-cli/preToolUse-bash.json"),
        "/toolArgs/command",
    ),
    (
        Host::CopilotCli,
        include_str!("../../hooks/tests/fixtures/copilot-cli/postToolUse-bash.json"),
        "/toolResult/textResultForLlm",
    ),
    (
        Host::CopilotCli,
        include_str!("../../hooks/tests/fixtures/copilot-cli/preToolUse-create.json"),
        "/toolArgs/file_text",
    ),
    (
        Host::Cursor,
        include_str!("../../hooks/tests/fixtures/cursor/beforeShellExecution.json"),
        "/command",
    ),
    (
        Host::Cursor,
        include_str!("../../hooks/tests/fixtures/cursor/postToolUse-Shell.json"),
        "/tool_output",
    ),
    (
        Host::QwenCode,
        include_str!("../../hooks/tests/fixtures/qwen-code/PreToolUse-run_shell_command.json"),
        "/tool_input/command",
    ),
    (
        Host::QwenCode,
        include_str!("../../hooks/tests/fixtures/qwen-code/PostToolUse-run_shell_command.json"),
        "/tool_response/llmContent",
    ),
    (
        Host::Opencode,
        include_str!("../../hooks/tests/fixtures/opencode/tool.execute.before-bash.json"),
        "/output/args/command",
    ),
    (
        Host::Opencode,
        include_str!("../../hooks/tests/fixtures/opencode/tool.execute.after-bash.json"),
        "/output/output",
    ),
    (
        Host::FactoryDroid,
        include_str!("../../hooks/tests/fixtures/factory-droid/PreToolUse-Execute.json"),
        "/tool_input/command",
    ),
    (
        Host::FactoryDroid,
        include_str!("../../hooks/tests/fixtures/factory-droid/PostToolUse-Execute.json"),
        "/tool_response",
    ),
    (
        Host::FactoryDroid,
        include_str!("../../hooks/tests/fixtures/factory-droid/PreToolUse-ApplyPatch.json"),
        "/tool_input/input",
    ),
];

/// MCP tools whose arguments the guards analyse, each placed in Claude Code's MCP template
/// (`TEMPLATES[3]`): (tool name, the argument the fuzzer supplies). Selected after the
/// templates.
const MCP_TOOLS: [(&str, &str); 2] = [
    ("mcp__aws-mcp__aws___run_script", "code"),
    ("mcp__aws-api__call_aws", "cli_command"),
];

/// The payload the selector byte `selector` (high bit clear) and the text `rest` make.
fn templated(selector: u8, rest: &[u8]) -> (Host, Vec<u8>) {
    let text = Value::String(String::from_utf8_lossy(rest).into_owned());
    let index = usize::from(selector) % (TEMPLATES.len() + MCP_TOOLS.len());
    let (host, template, pointer, tool) = match TEMPLATES.get(index) {
        Some(&(host, template, pointer)) => (host, template, pointer.to_owned(), None),
        None => {
            let (tool, argument) = MCP_TOOLS[index - TEMPLATES.len()];
            let (host, template, _) = TEMPLATES[3];
            (
                host,
                template,
                format!("/tool_input/{argument}"),
                Some(tool),
            )
        }
    };
    let mut payload: Value = match serde_json::from_str(template) {
        Ok(v) => v,
        Err(e) => panic!("fixture does not parse: {e}"),
    };
    if let Some(tool) = tool {
        payload["tool_name"] = Value::String(tool.to_owned());
        payload["tool_input"] = Value::Object(serde_json::Map::new());
    }
    if let Some(slot) = payload.pointer_mut(&pointer) {
        *slot = text;
    } else if let Some(Value::Object(input)) = payload.get_mut("tool_input")
        && let Some(key) = pointer.strip_prefix("/tool_input/")
    {
        input.insert(key.to_owned(), text);
    }
    (host, payload.to_string().into_bytes())
}

/// Both guards on a hook payload built from `data` (see the module table).
///
/// # Panics
/// When a guard answers with an exit code other than 0 or 2, an exit-0 answer that is
/// neither empty nor one JSON object, a blocking decision that would not block, or takes
/// longer than [`DEADLINE`].
pub fn hook(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (host, input) = if selector & 0x80 != 0 {
        let host = TEMPLATES[usize::from(selector) % TEMPLATES.len()].0;
        (Some(host).filter(|_| selector & 0x40 == 0), rest.to_vec())
    } else {
        let (host, payload) = templated(selector, rest);
        (Some(host), payload)
    };
    let config = Config::default();
    let started = Instant::now();
    let command = run(host, &input, &RunSettings::default(), |call| {
        Ok(hookkit_policy::command::guard_call(call, &config)?)
    });
    let secret = run(host, &input, &RunSettings::default(), |call| {
        Ok(secret_guard().decide(call, &config)?)
    });
    let took = started.elapsed();
    assert!(took < DEADLINE, "the guards took {took:?}");
    for answer in [&command, &secret] {
        check_answer(answer);
    }
}

/// The secret guard, built once per process (its rules take a while to compile).
fn secret_guard() -> &'static SecretGuard {
    static GUARD: OnceLock<SecretGuard> = OnceLock::new();
    GUARD.get_or_init(|| match SecretGuard::builtin() {
        Ok(guard) => guard,
        Err(e) => panic!("built-in secret rules do not load: {e}"),
    })
}

/// An answer a host acts on as intended: exit 0 or 2; exit 0 with empty stdout or one JSON
/// object, which, when it denies, asks or blocks, gives a reason; exit 2 with a reason on
/// stderr.
fn check_answer(answer: &Rendered) {
    match answer.exit_code {
        0 if answer.stdout.trim().is_empty() => {}
        0 => {
            let parsed: Value = match serde_json::from_str::<Value>(&answer.stdout) {
                Ok(v) if v.is_object() => v,
                _ => panic!(
                    "exit 0 with stdout that is not one JSON object: {:.200}",
                    answer.stdout
                ),
            };
            let text = answer.stdout.as_str();
            let blocks = ["\"deny\"", "\"block\"", "\"ask\""]
                .iter()
                .any(|w| text.contains(w));
            assert!(
                !blocks || has_reason(&parsed),
                "a blocking answer without a reason: {text:.200}"
            );
        }
        2 => assert!(!answer.stderr.trim().is_empty(), "exit 2 without a reason"),
        other => panic!("exit {other}: the host would run the call"),
    }
}

/// True when some field named like a reason or message holds text.
fn has_reason(v: &Value) -> bool {
    match v {
        Value::Object(map) => map.iter().any(|(k, v)| {
            let k = k.to_ascii_lowercase();
            (k.contains("reason") || k.contains("message"))
                && v.as_str().is_some_and(|s| !s.trim().is_empty())
                || has_reason(v)
        }),
        _ => false,
    }
}

/// `skill-lint` on `data` as a `SKILL.md` file.
///
/// # Panics
/// When linting takes longer than [`DEADLINE`].
pub fn frontmatter(data: &[u8]) {
    let started = Instant::now();
    let _ = skill_lint::lint_file(
        std::path::Path::new("fuzz-skill/SKILL.md"),
        data,
        &skill_lint::Options::default(),
    );
    let took = started.elapsed();
    assert!(took < DEADLINE, "skill-lint took {took:?}");
}
