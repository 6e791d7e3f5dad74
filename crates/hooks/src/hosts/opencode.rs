//! opencode payloads, as hookkit's plugin sends them (`hooks/opencode/hookkit.js`; measured
//! on opencode-ai 1.18.33, captures in `tests/fixtures/opencode/`), and Kilo CLI's, the same
//! plugin in opencode's fork (`@kilocode/cli` 7.7.7, captures in `tests/fixtures/kilo/`:
//! the same shapes; `title` of a `bash` result is its description).
//!
//! opencode runs no hook command of its own: its plugins are JavaScript modules whose
//! `tool.execute.before` and `tool.execute.after` functions it calls around every tool call
//! (<https://opencode.ai/docs/plugins/>; the call sites are in the installed binary's
//! `SessionTools.resolve`, `SessionPrompt.handleSubtask` and `CodeMode.invokeChildTool`).
//! hookkit's plugin runs each guard with one JSON object on stdin made of the hook's own
//! arguments:
//!
//! ```json
//! {"hook_event_name": "tool.execute.before", "cwd": "/home/dev/project",
//!  "input": {"tool": "bash", "sessionID": "ses_…", "callID": "call_…"},
//!  "output": {"args": {"command": "…", "description": "…"}}}
//! ```
//!
//! `cwd` is the plugin context's `directory` (the session's project folder). After the tool
//! ran, `input` carries the `args` too and `output` is `{title, output}`: the hook's output
//! without its `metadata` (the TUI's copy, diffs) and `attachments` (images, PDFs), which the
//! model does not read as text. `output.output` is exactly the text the model gets as the
//! tool's result. An MCP tool's hook output is instead the MCP result itself, whose
//! `content` parts opencode turns into the model's text after the hook (measured): the
//! plugin sends `{content}` with its text parts (`{type: "text", text}`, and resources
//! with a `text`). A tool that fails (throws) reaches no `tool.execute.after`: its error
//! message goes to the model unscanned.
//!
//! Tools of opencode 1.18.33 (their argument names from the tool schemas it sends the
//! model): `bash` (`command`, `timeout`, `workdir`: the call's directory, relative to `cwd`)
//! is [`ToolKind::Shell`]; `read` (`filePath`) [`ToolKind::FileRead`]; `write` (`filePath`,
//! `content`), `edit` (`filePath`, `oldString`, `newString`) and `apply_patch`
//! (`patchText`, Codex's patch format, sent instead of `edit` and `write` to GPT models)
//! [`ToolKind::FileWrite`]; Kilo CLI's `notebook_read` and `notebook_edit` (`path`,
//! `source`) are a read and a write. MCP tools are named `<server>_<tool>`, each part with every
//! character but ASCII letters, digits, `_` and `-` replaced by `_` (opencode's
//! `MCP.toolName`): a name with a `_` that is not one of opencode's own is read as an MCP
//! tool whose server ends at the first `_` (wrong for a server whose name has a `_`; a
//! custom tool named so is judged as an MCP tool, by the words of its name). Everything
//! else (`glob`, `grep`, `list`, `webfetch`, `task`, `todowrite`, `skill`…) is
//! [`ToolKind::Other`], with its `path` where it has one.
//!
//! The `bash` tool runs the user's `$SHELL` when that is bash, zsh, sh, dash or ksh, and
//! bash for fish or nu (opencode's `Shell.acceptable`); its command is read as bash.

use super::codex::first_patch_path;
use super::{Fields, call, file_fields, mcp, output_text, shell_fields};
use crate::error::HookError;
use hookkit_policy::{Event, Host, ToolCall, ToolKind};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The event before a tool runs.
pub(crate) const BEFORE: &str = "tool.execute.before";
/// The event after a tool ran.
pub(crate) const AFTER: &str = "tool.execute.after";

/// The hosts' own tools whose names hold a `_`, never MCP tools: opencode-ai 1.18.33's,
/// then the ones `@kilocode/cli` 7.7.7 adds (their `Tool.define` names in the binaries).
const OWN_TOOLS_WITH_UNDERSCORE: [&str; 26] = [
    "apply_patch",
    "plan_enter",
    "plan_exit",
    "list_mcp_resources",
    "list_mcp_resource_templates",
    "read_mcp_resource",
    "agent_manager",
    "agent_manager_models",
    "background_process",
    "board_post",
    "board_read",
    "browser_open",
    "cancel_wakeup",
    "generate_image",
    "kilo_local_recall",
    "kilo_memory_recall",
    "kilo_memory_save",
    "notebook_edit",
    "notebook_execute",
    "notebook_read",
    "notify_user",
    "open_plan",
    "repo_clone",
    "repo_overview",
    "schedule_wakeup",
    "send_file",
];

/// The event named by `hook_event_name`.
pub(crate) fn event(value: &Map<String, Value>) -> Option<(Event, String)> {
    let name = value.get("hook_event_name")?.as_str()?;
    event_named(name).map(|event| (event, name.to_string()))
}

fn event_named(name: &str) -> Option<Event> {
    match name {
        BEFORE => Some(Event::PreTool),
        AFTER => Some(Event::PostTool),
        _ => None,
    }
}

/// True for the event names hookkit's opencode plugin sends (used by [`crate::detect`]).
pub(crate) fn is_opencode_event(name: &str) -> bool {
    event_named(name).is_some()
}

/// Parses a payload of hookkit's plugin in `host` (opencode or Kilo CLI).
pub(crate) fn parse(host: Host, value: &Map<String, Value>) -> Result<ToolCall, HookError> {
    let (event, host_event, top) = super::named_event(host, value, event_named)?;
    let input = top.req_obj("input", "input.")?;
    let output = top.req_obj("output", "output.")?;
    let tool = input.req_str("tool")?;
    let args = match event {
        Event::PostTool => input.req_obj("args", "input.args.")?,
        _ => output.req_obj("args", "output.args.")?,
    };

    let mut call = call(host, event, host_event, ToolKind::Other, tool);
    let cwd = top
        .str("cwd")
        .filter(|cwd| !cwd.is_empty())
        .map(PathBuf::from);
    call.session_id = input.string("sessionID");
    call.call_id = input.string("callID");
    call.cwd = cwd.clone();
    classify(&mut call, &args, cwd.as_deref())?;

    if event == Event::PostTool {
        let text = output
            .get("output")
            .or_else(|| output.get("content"))
            .ok_or_else(|| output.missing("output", "expected the tool's output or content"))?;
        call.output = Some(output_text(text));
    }
    Ok(call)
}

/// The kind and fields of a call of opencode's tool `call.tool_name` (see the module
/// documentation).
fn classify(call: &mut ToolCall, args: &Fields<'_>, cwd: Option<&Path>) -> Result<(), HookError> {
    match call.tool_name.as_str() {
        "bash" => {
            call.kind = ToolKind::Shell;
            shell_fields(call, args)?;
            if let Some(workdir) = args.str("workdir").filter(|w| !w.is_empty()) {
                call.cwd = Some(match cwd {
                    Some(cwd) => cwd.join(workdir),
                    None => PathBuf::from(workdir),
                });
            }
        }
        "read" => {
            call.kind = ToolKind::FileRead;
            file_fields(call, args, &["filePath"], &[]);
        }
        "write" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, args, &["filePath"], &["content"]);
        }
        "edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, args, &["filePath"], &["newString"]);
        }
        "apply_patch" => {
            call.kind = ToolKind::FileWrite;
            let patch = args.req_str("patchText")?;
            call.path = first_patch_path(patch).map(str::to_string);
            call.content = Some(patch.to_string());
        }
        "notebook_read" => {
            call.kind = ToolKind::FileRead;
            file_fields(call, args, &["path"], &[]);
        }
        "notebook_edit" => {
            call.kind = ToolKind::FileWrite;
            file_fields(call, args, &["path"], &["source"]);
        }
        name => match mcp_name(name) {
            Some((server, tool)) => {
                call.kind = ToolKind::Mcp;
                call.mcp = Some(mcp(server, tool, args.to_value()));
            }
            None => call.path = args.str_any(&["filePath", "path"]).map(str::to_string),
        },
    }
    Ok(())
}

/// `<server>_<tool>` of an MCP tool: a name with a `_` that is not one of opencode's own,
/// split at the first `_`.
fn mcp_name(name: &str) -> Option<(&str, &str)> {
    if OWN_TOOLS_WITH_UNDERSCORE.contains(&name) {
        return None;
    }
    name.split_once('_')
        .filter(|(server, tool)| !server.is_empty() && !tool.is_empty())
}

#[cfg(test)]
mod tests {
    use super::mcp_name;

    #[test]
    fn mcp_tools_are_split_at_the_first_underscore() {
        assert_eq!(mcp_name("aws-api_call_aws"), Some(("aws-api", "call_aws")));
        assert_eq!(mcp_name("apply_patch"), None);
        assert_eq!(mcp_name("read_mcp_resource"), None);
        assert_eq!(mcp_name("background_process"), None);
        assert_eq!(mcp_name("bash"), None);
        assert_eq!(mcp_name("_x"), None);
    }
}
