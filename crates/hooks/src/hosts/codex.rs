//! Codex payloads (measured on Codex 0.169.0, shared/hosts/README.md; input schema:
//! openai/codex `codex-rs/hooks/src/schema.rs`, `PreToolUseCommandInput`).
//!
//! ```json
//! {"session_id": "…", "turn_id": "…", "transcript_path": "…", "cwd": "/home/dev/project",
//!  "hook_event_name": "PreToolUse", "model": "gpt-5.5", "permission_mode": "…",
//!  "tool_name": "Bash", "tool_input": {"command": "…"}, "tool_use_id": "call_…"}
//! ```
//!
//! Same events as Claude Code. Shell calls are `Bash`; file edits are `apply_patch` with
//! the raw patch in `tool_input.command`; MCP tools are `mcp__<server>__<tool>`.
//! `PostToolUse` adds `tool_response`: a string for `Bash` and `apply_patch`, an object
//! `{content: [...]}` for MCP tools.

use super::claude::{self, parse_as};
use super::{Fields, mcp, split_double_underscore};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};

/// The event named by `hook_event_name` (Codex uses Claude Code's names).
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    claude::event(value)
}

/// Parses a Codex payload.
pub(crate) fn parse(value: &mut Map<String, Value>) -> Result<ToolCall, HookError> {
    parse_as(Host::Codex, value, claude::event_named, classify)
}

/// Codex's tools: `Bash`, `apply_patch` (a [`ToolKind::FileWrite`] whose content is the
/// whole patch and whose path is the first file the patch names), MCP tools; anything
/// else is [`ToolKind::Other`].
fn classify(call: &mut ToolCall, _top: &Fields<'_>, input: &Fields<'_>) -> Result<(), HookError> {
    match call.tool_name.as_str() {
        "Bash" => {
            call.kind = ToolKind::Shell;
            super::shell_fields(call, input)?;
        }
        "apply_patch" => {
            call.kind = ToolKind::FileWrite;
            let patch = input.req_str("command")?;
            call.path = first_patch_path(patch).map(str::to_string);
            call.content = Some(patch.to_string());
        }
        name if name.starts_with("mcp__") => {
            if let Some((server, tool)) = split_double_underscore(name, None) {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(&server, &tool, input.to_value()));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The first file an `apply_patch` body names (`*** Add File: `, `*** Update File: `,
/// `*** Delete File: `), as written in the patch (usually relative to `cwd`).
pub(crate) fn first_patch_path(patch: &str) -> Option<&str> {
    patch.lines().find_map(|line| {
        ["*** Add File: ", "*** Update File: ", "*** Delete File: "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker))
            .map(str::trim)
            .filter(|path| !path.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::first_patch_path;

    #[test]
    fn finds_the_first_patched_file() {
        let patch = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-x\n+y\n*** Add File: b.rs\n+z\n*** End Patch\n";
        assert_eq!(first_patch_path(patch), Some("src/a.rs"));
        assert_eq!(first_patch_path("*** Begin Patch\n*** End Patch\n"), None);
    }
}
