//! Writing throwaway Claude Code plugins that register a `PreToolUse` hook.
//!
//! Layout (Claude Code plugins reference, <https://docs.claude.com/en/docs/claude-code/plugins-reference>):
//! `.claude-plugin/plugin.json` with `name`, `version`, `description`, and
//! `hooks/hooks.json` in the settings hooks format
//! (`{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": …, "timeout": s}]}]}}`,
//! <https://docs.claude.com/en/docs/claude-code/hooks>).

use std::path::Path;

use serde_json::json;
use tempfile::TempDir;

use crate::error::{Error, Result};

/// The plugin name used for the `command-guard` end-to-end tests.
pub const COMMAND_GUARD_PLUGIN_NAME: &str = "hookkit-command-guard-e2e";

/// The hook timeout written into `hooks.json`, in seconds (Claude Code's unit).
pub const HOOK_TIMEOUT_SECS: u64 = 30;

/// A plugin directory on disk, deleted when dropped.
#[derive(Debug)]
pub struct Plugin {
    dir: TempDir,
}

impl Plugin {
    /// The plugin's root, the value for `--plugin-dir`.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Writes a plugin named `name` whose only hook is a `PreToolUse` hook with `matcher`
/// (e.g. `Bash`) running the shell command line `command`.
///
/// `command` is run by Claude Code through a shell, so quote paths in it (see
/// [`shell_quote`]).
///
/// # Errors
/// [`Error::Io`] when the directory or a file cannot be written.
pub fn pretooluse_plugin(name: &str, matcher: &str, command: &str) -> Result<Plugin> {
    let dir = tempfile::Builder::new()
        .prefix("hookkit-e2e-plugin-")
        .tempdir()
        .map_err(|e| Error::io("creating a plugin dir", e))?;
    let manifest = json!({
        "name": name,
        "version": env!("CARGO_PKG_VERSION"),
        "description": "hookkit end-to-end test plugin: registers a PreToolUse hook",
    });
    let hooks = json!({
        "description": "hookkit end-to-end test hook",
        "hooks": {
            "PreToolUse": [{
                "matcher": matcher,
                "hooks": [{ "type": "command", "command": command, "timeout": HOOK_TIMEOUT_SECS }],
            }],
        },
    });
    write_json(
        &dir.path().join(".claude-plugin").join("plugin.json"),
        &manifest,
    )?;
    write_json(&dir.path().join("hooks").join("hooks.json"), &hooks)?;
    Ok(Plugin { dir })
}

/// Writes the [`COMMAND_GUARD_PLUGIN_NAME`] plugin: a `Bash` `PreToolUse` hook running
/// `<command_guard> --host claude-code` (an absolute path, shell-quoted).
///
/// # Errors
/// [`Error::Io`] when the directory or a file cannot be written.
pub fn command_guard_plugin(command_guard: &Path) -> Result<Plugin> {
    let command = format!(
        "{} --host claude-code",
        shell_quote(&command_guard.to_string_lossy())
    );
    pretooluse_plugin(COMMAND_GUARD_PLUGIN_NAME, "Bash", &command)
}

/// `s` as one POSIX shell word: single-quoted, with each `'` written as `'\''`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    }
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::io(format!("serializing {}", path.display()), e.into()))?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}
