//! Hook registrations as the hosts write them, read into one shape: the files
//! ([`Source`]), the hooks in them ([`Hook`]) and the hookkit guards each hook runs
//! ([`GuardCall`]).
//!
//! Two layouts exist (hooks/README.md and each host's hook documentation):
//! - grouped (Claude Code, Codex, Gemini CLI): `{"EventName": [{"matcher": "…", "hooks":
//!   [{"type": "command", "command": "…"}]}]}`;
//! - flat (Cursor, Copilot CLI): `{"eventName": [{"command": "…"}]}`, Copilot's command in
//!   `bash` (and `powershell`), an optional `matcher` on the entry itself.
//!
//! An entry with a `hooks` array is read as a group, any other as a hook, whatever the host.

use hookkit_shell::analyze;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The two guards a registration can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guard {
    /// `command-guard`.
    Command,
    /// `secret-guard`.
    Secret,
}

impl Guard {
    /// Both guards.
    pub const ALL: [Guard; 2] = [Guard::Command, Guard::Secret];

    /// The binary's name.
    pub fn name(self) -> &'static str {
        match self {
            Guard::Command => "command-guard",
            Guard::Secret => "secret-guard",
        }
    }

    fn from_name(name: &str) -> Option<Guard> {
        Guard::ALL.into_iter().find(|g| g.name() == name)
    }
}

/// One run of a guard inside a hook's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardCall {
    /// Which guard.
    pub guard: Guard,
    /// The program as written: a bare name (`command-guard`), or a path.
    pub program: String,
    /// The value of `--host` (`--host X` or `--host=X`), when given.
    pub host_flag: Option<String>,
    /// The command line checks for the binary first and exits 2 without it (the plugin
    /// bundles' `if command -v command-guard …; else …; exit 2; fi`): a missing binary
    /// blocks every call instead of letting it run.
    pub blocks_when_missing: bool,
}

/// The guards a hook's command line runs, found with hookkit's own shell analyzer (so
/// wrappers such as `exec`, `env X=1` or `if command -v …; then …; fi` are seen through).
pub fn guard_calls(command: &str) -> Vec<GuardCall> {
    let analysis = analyze(command);
    let mut calls = Vec::new();
    for c in &analysis.commands {
        let Some(guard) = Guard::from_name(c.name()) else {
            continue;
        };
        let args: Vec<&str> = c.args().collect();
        let host_flag = args.iter().enumerate().find_map(|(i, a)| {
            if *a == "--host" {
                args.get(i + 1).map(|h| (*h).to_owned())
            } else {
                a.strip_prefix("--host=").map(str::to_owned)
            }
        });
        let checked = analysis.commands.iter().any(|o| {
            o.name() == "command" && o.args().any(|a| a == guard.name())
                || o.name() == "which" && o.args().any(|a| a == guard.name())
        });
        let exits_2 = analysis
            .commands
            .iter()
            .any(|o| o.name() == "exit" && o.args().next() == Some("2"));
        calls.push(GuardCall {
            guard,
            program: c.argv.first().map(|w| w.text.clone()).unwrap_or_default(),
            host_flag,
            blocks_when_missing: checked && exits_2,
        });
    }
    calls
}

/// Where a registration file sits, which decides who may change it and which gates apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The user's own settings (`~/.claude/settings.json`, `$CODEX_HOME/hooks.json`…).
    User,
    /// A project's settings under the current directory or its repository.
    Project,
    /// A system or managed layer (`/etc/codex/config.toml`, Claude Code managed settings).
    Managed,
    /// An installed plugin or extension, by its id (`agent-guardrails@hookkit`).
    Plugin(String),
}

impl Scope {
    /// `user`, `project`, `managed` or `plugin ID`.
    pub fn label(&self) -> String {
        match self {
            Scope::User => "user".to_owned(),
            Scope::Project => "project".to_owned(),
            Scope::Managed => "managed".to_owned(),
            Scope::Plugin(id) => format!("plugin {id}"),
        }
    }
}

/// One hook as registered.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    /// The event name as written.
    pub event: String,
    /// The group's (or, flat layout, the entry's) matcher.
    pub matcher: Option<String>,
    /// The index of the group under its event (flat layout: of the entry).
    pub group: usize,
    /// The index of the hook in its group (flat layout: 0).
    pub index: usize,
    /// The hook's own object (`type`, `command`, `timeout`…).
    pub handler: Map<String, Value>,
    /// The command line (`command`, else Copilot's `bash`).
    pub command: String,
    /// The hookkit guards it runs; empty for anyone else's hook.
    pub calls: Vec<GuardCall>,
    /// Why the host would not run it, when a gate switches it off.
    pub off: Option<String>,
    /// The host's own state of the hook, where it keeps one (Codex review state).
    pub state: Option<String>,
}

/// One registration file and its hooks.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file.
    pub file: PathBuf,
    /// Where it sits.
    pub scope: Scope,
    /// Its hooks, in file order.
    pub hooks: Vec<Hook>,
    /// The name the host keys this file's hooks by when it is not the file's path (Codex
    /// plugins: `NAME@MARKETPLACE:hooks/hooks.json`).
    pub key: Option<String>,
}

impl Source {
    /// A source whose hooks are those of `events`, an object of event name to entries.
    pub fn new(file: PathBuf, scope: Scope, events: &Map<String, Value>) -> Source {
        Source {
            file,
            scope,
            hooks: hooks_in(events),
            key: None,
        }
    }

    /// Whether any of its hooks runs a hookkit guard.
    pub fn has_guard(&self) -> bool {
        self.hooks.iter().any(|h| !h.calls.is_empty())
    }

    /// Marks every hook as switched off, for `why`, unless one is already.
    pub fn switch_off(&mut self, why: &str) {
        for hook in &mut self.hooks {
            hook.off.get_or_insert_with(|| why.to_owned());
        }
    }
}

/// Every hook of `events` (event name → array of groups or hooks), in file order.
/// Values that are not arrays (Codex's `[hooks.state]` table next to the events) are
/// skipped.
pub fn hooks_in(events: &Map<String, Value>) -> Vec<Hook> {
    let mut out = Vec::new();
    for (event, entries) in events {
        let Some(entries) = entries.as_array() else {
            continue;
        };
        for (group, entry) in entries.iter().enumerate() {
            let Some(entry) = entry.as_object() else {
                continue;
            };
            match entry.get("hooks").and_then(Value::as_array) {
                Some(handlers) => {
                    let matcher = entry.get("matcher").and_then(Value::as_str);
                    for (index, handler) in handlers.iter().enumerate() {
                        if let Some(handler) = handler.as_object() {
                            out.push(hook(event, matcher, group, index, handler));
                        }
                    }
                }
                None => {
                    let matcher = entry.get("matcher").and_then(Value::as_str);
                    out.push(hook(event, matcher, group, 0, entry));
                }
            }
        }
    }
    out
}

fn hook(
    event: &str,
    matcher: Option<&str>,
    group: usize,
    index: usize,
    handler: &Map<String, Value>,
) -> Hook {
    let command = ["command", "bash"]
        .iter()
        .find_map(|k| handler.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned();
    Hook {
        event: event.to_owned(),
        matcher: matcher.map(str::to_owned),
        group,
        index,
        handler: handler.clone(),
        calls: guard_calls(&command),
        command,
        off: None,
        state: None,
    }
}

/// A JSON file a host reads, which may hold `//` and `/* */` comments (Copilot CLI's
/// `config.json` starts with two comment lines; Gemini CLI reads its files through
/// strip-json-comments): `Ok(None)` when it does not exist, `Err` with a message naming
/// the line and column when it cannot be read or parsed.
pub fn read_json(path: &Path) -> Result<Option<Value>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: cannot be read: {e}", path.display())),
    };
    serde_json::from_str(&strip_comments(&text))
        .map(Some)
        .map_err(|e| {
            format!(
                "{}:{}:{}: not valid JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })
}

/// `text` with its `//` and `/* */` comments outside strings replaced by spaces (line
/// breaks kept), so that parse errors keep their line and column.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                out.push(' ');
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    out.push(' ');
                    chars.next();
                }
            }
            ('/', Some('*')) => {
                out.push(' ');
                let mut last = ' ';
                for n in chars.by_ref() {
                    out.push(if n == '\n' { '\n' } else { ' ' });
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A TOML file: `Ok(None)` when it does not exist, `Err` naming the line and column when it
/// cannot be read or parsed.
pub fn read_toml(path: &Path) -> Result<Option<toml::Table>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: cannot be read: {e}", path.display())),
    };
    text.parse::<toml::Table>().map(Some).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let before = text.get(..at).unwrap_or(&text);
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!(
            "{}:{line}:{column}: not valid TOML: {}",
            path.display(),
            e.message().trim()
        )
    })
}

/// The hooks object (`hooks`) of a settings document, when it has one.
pub fn hooks_object(doc: &Value) -> Option<&Map<String, Value>> {
    doc.get("hooks").and_then(Value::as_object)
}

/// The entries of `dir` that `keep` accepts, sorted; none when it cannot be read.
pub fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| keep(p))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The most recently modified subdirectory of `dir`: a plugin's installed version, when
/// the host keeps one folder per version.
pub fn newest_dir(dir: &Path) -> Option<PathBuf> {
    entries(dir, Path::is_dir)
        .into_iter()
        .max_by_key(|d| d.metadata().and_then(|m| m.modified()).ok())
}

/// The repository root of `cwd`: the nearest directory, from `cwd` up, holding `.git`
/// (a directory, or a file in a worktree); `cwd` itself outside a repository.
pub fn repo_root(cwd: &Path) -> PathBuf {
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(cwd)
        .to_path_buf()
}

/// The directories from `cwd` up to and including `root` (`cwd` first); just `cwd` when
/// `root` is not one of its ancestors.
pub fn dirs_up_to<'a>(cwd: &'a Path, root: &'a Path) -> Vec<&'a Path> {
    let mut dirs = Vec::new();
    for d in cwd.ancestors() {
        dirs.push(d);
        if d == root {
            return dirs;
        }
    }
    vec![cwd]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

    use super::*;
    use serde_json::json;

    #[test]
    fn guard_calls_see_through_wrappers_and_paths() {
        let plain = guard_calls("command-guard --host claude-code");
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].guard, Guard::Command);
        assert_eq!(plain[0].program, "command-guard");
        assert_eq!(plain[0].host_flag.as_deref(), Some("claude-code"));
        assert!(!plain[0].blocks_when_missing);

        let bundle = guard_calls(
            "if command -v secret-guard >/dev/null 2>&1; then exec secret-guard --host codex; \
             else echo 'hookkit: secret-guard is not installed' >&2; exit 2; fi",
        );
        assert_eq!(bundle.len(), 1);
        assert_eq!(bundle[0].guard, Guard::Secret);
        assert_eq!(bundle[0].host_flag.as_deref(), Some("codex"));
        assert!(bundle[0].blocks_when_missing);

        let path = guard_calls("HOOKKIT_CONFIG=/x.toml /opt/bin/command-guard --host=cursor");
        assert_eq!(path[0].program, "/opt/bin/command-guard");
        assert_eq!(path[0].host_flag.as_deref(), Some("cursor"));

        assert!(guard_calls("my-linter --fix").is_empty());
        assert!(guard_calls("echo command-guard").is_empty());
    }

    #[test]
    fn both_layouts_are_read() {
        let grouped = json!({
            "PreToolUse": [{"matcher": "Bash", "hooks": [
                {"type": "command", "command": "command-guard --host claude-code"},
                {"type": "command", "command": "other"}]}],
            "state": {"k": {"trusted_hash": "x"}}
        });
        let hooks = hooks_in(grouped.as_object().unwrap());
        assert_eq!(hooks.len(), 2);
        assert_eq!(hooks[1].index, 1);
        assert_eq!(hooks[0].matcher.as_deref(), Some("Bash"));
        assert!(hooks[1].calls.is_empty());

        let flat = json!({"preToolUse": [
            {"type": "command", "bash": "secret-guard --host copilot-cli", "timeoutSec": 10},
            {"command": "command-guard --host copilot-cli", "matcher": "bash"}]});
        let hooks = hooks_in(flat.as_object().unwrap());
        assert_eq!(hooks[0].command, "secret-guard --host copilot-cli");
        assert_eq!((hooks[1].group, hooks[1].index), (1, 0));
        assert_eq!(hooks[1].matcher.as_deref(), Some("bash"));
    }

    #[test]
    fn comments_are_stripped_outside_strings_only() {
        let text = "// managed\n{\n  \"a\": \"x // y\", /* b */ \"c\": [1] // z\n}\n";
        let v: Value = serde_json::from_str(&strip_comments(text)).unwrap();
        assert_eq!(v, json!({"a": "x // y", "c": [1]}));
        let bad = strip_comments("// c\n{\"a\": }");
        let e = serde_json::from_str::<Value>(&bad).unwrap_err();
        assert_eq!(e.line(), 2, "line numbers survive");
    }
}
