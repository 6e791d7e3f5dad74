//! [`render`]: a [`Decision`] as the host's answer (stdout, stderr, exit code), from ONE
//! table, [`row`].
//!
//! # The table
//!
//! Ground truth is the measured behaviour of the real hosts (shared/hosts/README.md);
//! formats are confirmed from each host's source or documentation (cited per answer on
//! [`Answer`]). Every answer that is not silence exits 0 with one JSON object on stdout,
//! except the "exit 2" cells, which print nothing on stdout and the reason on stderr.
//! "reason" is the decision's reason (a default is put in when a guard denies without
//! one: an empty reason does not block on Codex, measured); "needs a person" is the
//! reason rewritten to say that a person must approve the call, for hosts that cannot ask.
//!
//! | host (dialect) | event | allow | ask | deny |
//! |---|---|---|---|---|
//! | Claude Code | `PreToolUse` | silence | `hookSpecificOutput.permissionDecision: "ask"` + reason | `hookSpecificOutput.permissionDecision: "deny"` + reason |
//! | Claude Code | `PermissionRequest` | silence (the prompt is shown) | silence (the prompt is shown) | `hookSpecificOutput.decision {behavior: "deny", message}` |
//! | Claude Code | `PostToolUse`, `PostToolUseFailure` | silence, or `hookSpecificOutput.additionalContext` | `decision: "block"` + needs a person | `decision: "block"` + reason (+ `additionalContext`) |
//! | Claude Code | `PostToolUse` with a replacement output | silence, or `hookSpecificOutput.additionalContext` | `hookSpecificOutput.updatedToolOutput` + `additionalContext`: needs a person | `hookSpecificOutput.updatedToolOutput` (the redacted copy, replaces the output; also as `updatedMCPToolOutput` for an MCP tool) + `additionalContext`: reason |
//! | Claude Code | unknown / unparseable | silence | exit 2 + needs a person | exit 2 + reason |
//! | Codex | `PreToolUse` | silence | `permissionDecision: "deny"` + needs a person | `permissionDecision: "deny"` + reason |
//! | Codex | `PermissionRequest` | silence (normal approval) | silence (normal approval) | `hookSpecificOutput.decision {behavior: "deny", message}` |
//! | Codex | `PostToolUse` | silence, or `additionalContext` | `decision: "block"` + needs a person | `decision: "block"` + reason (replaces the output) |
//! | Codex | unknown / unparseable | silence | exit 2 + needs a person | exit 2 + reason |
//! | Gemini CLI | `BeforeTool` | silence | `decision: "deny"` + needs a person | `decision: "deny"` + reason |
//! | Gemini CLI | `AfterTool` | silence, or `additionalContext` | `decision: "deny"` + needs a person | `decision: "deny"` + reason (replaces the output) |
//! | Gemini CLI | unknown / unparseable | silence | `decision: "deny"` + needs a person | `decision: "deny"` + reason |
//! | Copilot CLI | `preToolUse` | silence | `permissionDecision: "deny"` + needs a person | `permissionDecision: "deny"` + reason |
//! | Copilot CLI | `postToolUse` | silence | `decision: "block"` + needs a person | `decision: "block"` + reason (replaces the output) |
//! | Copilot CLI | `PreToolUse` (PascalCase) | silence | `hookSpecificOutput.permissionDecision: "deny"` + needs a person | `hookSpecificOutput.permissionDecision: "deny"` + reason |
//! | Copilot CLI | `PostToolUse` (PascalCase) | silence | `decision: "block"` + needs a person | `decision: "block"` + reason |
//! | Copilot CLI | unknown / unparseable | silence | both deny forms + needs a person | `{permissionDecision: "deny", permissionDecisionReason, decision: "block", reason}` |
//! | Cursor | `beforeShellExecution`, `beforeMCPExecution`, `beforeReadFile`, `preToolUse` | `{"permission": "allow"}` | `permission: "deny"` + needs a person | `permission: "deny"`, `user_message`, `agent_message` |
//! | Cursor | `postToolUse`, `after…` | `{}`, or `additional_context` | `additional_context`: needs a person | `additional_context`: reason (Cursor cannot withhold output) |
//! | Cursor | unknown / unparseable | `{"permission": "allow"}` | deny form + needs a person | `{permission: "deny", user_message, agent_message, additional_context}` |
//! | Qwen Code | `PreToolUse` | silence | `hookSpecificOutput.permissionDecision: "ask"` + reason | `hookSpecificOutput.permissionDecision: "deny"` + reason |
//! | Qwen Code | `PermissionRequest` | silence | silence | `hookSpecificOutput.decision {behavior: "deny", message}` |
//! | Qwen Code | `PostToolUse` | silence, or `additionalContext` | `continue: false` + needs a person | `{continue: false, stopReason}`: reason (replaces the output) |
//! | Qwen Code | `PostToolUseFailure` | silence, or `additionalContext` | `additionalContext`: needs a person | `additionalContext`: reason (Qwen Code cannot withhold a failure's output) |
//! | Qwen Code | unknown / unparseable | silence | the any-event form + needs a person | `{continue: false, stopReason, hookSpecificOutput: {permissionDecision: "deny", permissionDecisionReason, additionalContext}}` |
//! | opencode (hookkit's plugin) | `tool.execute.before` | silence | `decision: "deny"` + needs a person | `decision: "deny"` + reason: the plugin throws it, the model gets it as the tool's error |
//! | opencode | `tool.execute.after` | silence | `decision: "deny"` + needs a person | `decision: "deny"` + reason: the plugin puts it in place of the output |
//! | opencode | unknown / unparseable | silence | `decision: "deny"` + needs a person | `decision: "deny"` + reason |
//! | Factory droid | `PreToolUse` | silence | exit 2 + needs a person | exit 2 + reason |
//! | Factory droid | `PostToolUse` | silence, or `additionalContext` | `{continue: false, stopReason}` + needs a person | `{continue: false, stopReason}`: reason (the run stops; the output never reaches the model) |
//! | Factory droid | unknown / unparseable | silence | `{continue: false, stopReason}` + needs a person | `{continue: false, stopReason}` (the run stops, before or after the tool) |
//! | unknown host | — | silence | exit 2 + needs a person | exit 2 + reason |
//!
//! Why:
//! - **Allow is silence.** Claude Code's JSON allow skips its permission prompt, Codex
//!   counts JSON allow as a hook failure, Copilot's JSON allow overrides `--deny-tool`
//!   (measured). A `PermissionRequest` is answered only when denying: allowing would
//!   approve on the person's behalf. The exception is Cursor: with `failClosed: true`
//!   (set by hookkit's registration) an empty answer counts as a failure and blocks every
//!   call, so Cursor gets an explicit `{"permission": "allow"}`; Cursor does not let a
//!   hook's allow bypass its own approval (observed by Cursor integrators; not measured
//!   here).
//! - **Approved allow** ([`Decision::approved`], `auto_approve = true` and a call of known
//!   reads; [`approval`]): Claude Code's `PreToolUse` gets `permissionDecision: "allow"`
//!   and Claude Code's and Codex's `PermissionRequest` get `decision: {behavior:
//!   "allow"}`, so the host does not prompt; measured in
//!   `crates/command-guard/tests/e2e_auto_approve_claude_code.rs` and
//!   `e2e_auto_approve_codex.rs`, where the person's own rules (Claude Code
//!   `permissions.deny`, a Codex `forbidden` rule) and another hook's deny still win.
//!   Every other cell answers it as a plain allow: Gemini CLI ignores a hook's allow,
//!   Copilot CLI's allow would override the person's `--deny-tool`, and Cursor gets its
//!   allow for every allowed call anyway.
//! - **Ask.** Only Claude Code and Qwen Code ask before a tool call (Qwen Code in its
//!   terminal UI; headless, `-p`, it refuses the call with the reason: measured on Qwen
//!   Code 0.24.4, as on Claude Code). Codex runs the tool on a JSON ask,
//!   Gemini CLI ends the session silently, Copilot processes only deny, Factory droid
//!   0.225.2 logs an ask and goes on as if the hook had not answered (all measured),
//!   and Cursor ignores ask on `preToolUse` (documented) — so ask becomes a deny whose
//!   reason says a person must approve. After a tool ran there is nobody to ask: ask
//!   becomes the post-tool deny.
//! - **Post-tool deny** means "withhold this output": Codex, Gemini CLI and Copilot CLI
//!   replace the output with the reason, and so does Qwen Code on `continue: false` (its
//!   `decision: "block"`, exit 2 and `updatedToolOutput` after a tool leave the output as
//!   it was, measured on 0.24.4; after a failed tool only `additionalContext` is read, so
//!   a failure's output is flagged, not withheld); Claude Code keeps it and adds the reason, unless
//!   the guard gives a redacted copy, which replaces the output (`updatedToolOutput`,
//!   measured on Claude Code 2.1.328 for `Bash`; `updatedMCPToolOutput` as well for MCP
//!   tools, the only field older versions read); Cursor can only add context. Factory
//!   droid 0.225.2 reads neither `decision: "block"` nor `updatedToolOutput` after a tool,
//!   and exit 2 and `additionalContext` only add a message after the output (measured):
//!   the one answer that keeps an output from the model is `continue: false`, which ends
//!   the run before the output is sent, showing `stopReason` to the person.
//! - **Unknown or unparseable input.** The answer must block whatever the event was.
//!   Claude Code and Codex: exit 2 with the reason on stderr blocks every tool event on
//!   both (measured for pre-tool; documented for the others), while their JSON answers
//!   are per event (`hookEventName`). Gemini CLI's `decision: "deny"` is the same for
//!   `BeforeTool` and `AfterTool`. Copilot ignores exit 2 after a tool ran (measured), so
//!   it gets both its pre-tool and post-tool deny fields in one object. Cursor shows a
//!   JSON body printed with exit 2 as raw text, so it gets its JSON deny with exit 0.
//!   Qwen Code ignores exit 2 after a tool ran (measured), so it gets one object whose
//!   `permissionDecision` blocks before a tool, whose `continue: false` withholds after
//!   one, and whose `additionalContext` flags a failure's output (measured on 0.24.4).
//!   Factory droid only adds exit 2's stderr as a message after a tool ran (measured), so
//!   it gets `continue: false`, which ends the run before or after the tool.
//!   With no host at all, exit 2 with the reason on stderr blocks before a tool on Claude
//!   Code, Codex, Gemini CLI, Copilot CLI, Qwen Code, Factory droid and in hookkit's
//!   opencode plugin (opencode, Kilo CLI: it blocks on any exit but 0 and takes stderr as
//!   the reason), and on Cursor too, without the reason.
//! - **Factory droid before a tool: exit 2, not the JSON deny.** droid 0.225.2 runs a
//!   tool's hooks in parallel and takes the `permissionDecision` of the first hook in
//!   load order that gives one, the project's hooks before the user's: another hook's
//!   `"allow"` ahead of hookkit's JSON `"deny"` runs the tool (measured: a project hook
//!   answering allow let a call the user's hook denied run). It checks exit 2 after that,
//!   whatever the others answered, and gives the model the stderr as the tool's error
//!   (`Error: R`; measured, with an allow ahead of it too).
//! - **opencode** has no hook protocol of its own: the answers are what hookkit's plugin
//!   (`hooks/opencode/hookkit.js`) reads. It throws the reason of a deny before a tool
//!   runs (opencode 1.18.33 then sends the model the error's message as the tool's result,
//!   measured) and puts it in place of the output after a tool ran (the hook's `output` is
//!   the object opencode returns to the model, measured); it has one text channel, so the
//!   decision's context is joined to the reason. Ask becomes a deny that says a person must
//!   approve: a plugin hook cannot ask. The same `{"decision": "deny"}` answers every event,
//!   and the plugin blocks on anything it cannot read as an allow (exit other than 0,
//!   output other than nothing or a deny, no answer within its timeout).

use hookkit_policy::{Decision, Event, Host, ToolCall, ToolKind, Verdict};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Where an answer goes: the host and, as far as known, the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A known event of a known host (from a parsed [`ToolCall`], or from a payload whose
    /// event could be read although the rest could not).
    Event {
        /// The host.
        host: Host,
        /// The event.
        event: Event,
        /// The host's own event name, echoed where the answer names it
        /// (`hookSpecificOutput.hookEventName`) and used to tell Copilot CLI's dialects
        /// apart.
        host_event: String,
        /// Whether the tool is an MCP server's tool ([`ToolKind::Mcp`]): Claude Code takes
        /// a replacement of such a tool's output in `updatedMCPToolOutput` too.
        mcp: bool,
    },
    /// A known host, but the event is unknown or the input could not be read.
    Host(Host),
    /// Neither host nor event is known.
    Unknown,
}

impl Target {
    /// The target of a parsed call.
    pub fn of(call: &ToolCall) -> Self {
        Target::Event {
            host: call.host,
            event: call.event,
            host_event: call.host_event.clone(),
            mcp: call.kind == ToolKind::Mcp,
        }
    }

    /// The host, if known.
    pub fn host(&self) -> Option<Host> {
        match self {
            Target::Event { host, .. } | Target::Host(host) => Some(*host),
            Target::Unknown => None,
        }
    }
}

impl From<&ToolCall> for Target {
    fn from(call: &ToolCall) -> Self {
        Target::of(call)
    }
}

/// What a hook prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// Everything to write to stdout (one JSON object, or empty).
    pub stdout: String,
    /// Everything to write to stderr (the reason, for exit 2 answers, or empty).
    pub stderr: String,
    /// The process exit code: 0, or 2 for the exit-2 answers.
    pub exit_code: i32,
    /// The reason of the answer that stands in when `stdout` cannot be written
    /// ([`Rendered::emit`]): exit 2 with this reason on stderr, which every host blocks on
    /// before a tool runs (shared/hosts/README.md). Set by [`render`] for every answer to a
    /// deny or an ask that prints something; `None` for allow and for silence.
    pub fallback_reason: Option<String>,
}

impl Rendered {
    /// Writes the answer to this process's stdout and stderr and returns its exit code, for
    /// a hook binary's `main` (an exit code that does not fit a byte becomes 2, a block).
    pub fn emit(&self) -> std::process::ExitCode {
        std::process::ExitCode::from(u8::try_from(self.write()).unwrap_or(2))
    }

    /// Writes the answer to this process's stdout and stderr and returns its exit code.
    ///
    /// A failed write to stdout (closed, a broken pipe, an I/O error) never turns a block
    /// into a pass: when the answer has a [`Rendered::fallback_reason`], the process
    /// writes that reason to stderr and the exit code is 2 instead. An allow stays 0.
    pub fn write(&self) -> i32 {
        use std::io::Write;
        // Through a duplicate of fd 1, not `std::io::stdout()`, whose writes to a closed fd
        // 1 (EBADF) report success. A process started with fd 1 closed has /dev/null there
        // (the Rust runtime opens it): an answer written to /dev/null is lost as surely,
        // so it counts as unwritten too; otherwise a JSON deny would be an exit 0 that
        // no host reads, a pass (hostile review F4).
        let written = stdout_file().and_then(|mut stdout| {
            if discards(&stdout) && !self.stdout.is_empty() {
                return Err(std::io::Error::other("stdout is /dev/null"));
            }
            stdout
                .write_all(self.stdout.as_bytes())
                .and_then(|()| stdout.flush())
        });
        let (stderr, code) = match (written, &self.fallback_reason) {
            (Err(_), Some(reason)) => (format!("{}\n", reason.trim_end()), 2),
            _ => (self.stderr.clone(), self.exit_code),
        };
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(stderr.as_bytes()).and_then(|()| err.flush());
        code
    }
}

/// True when this process's stdout is the null device (or closed: the Rust runtime puts
/// /dev/null there), so that an answer written to it reaches no host.
pub(crate) fn stdout_discards() -> bool {
    stdout_file().map_or(true, |stdout| discards(&stdout))
}

/// A duplicate of fd 1, whose write errors are reported (EBADF included).
fn stdout_file() -> std::io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
}

/// True when `file` is the null device, which discards what is written to it.
fn discards(file: &std::fs::File) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(meta) = file.metadata() else {
        return false;
    };
    meta.file_type().is_char_device()
        && std::fs::metadata("/dev/null").is_ok_and(|null| null.rdev() == meta.rdev())
}

/// A column group of the table: a host, or Copilot CLI's Claude-compatible dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Claude Code.
    ClaudeCode,
    /// Codex.
    Codex,
    /// Cursor.
    Cursor,
    /// Gemini CLI.
    GeminiCli,
    /// Copilot CLI registered with camelCase events (`preToolUse`).
    CopilotCli,
    /// Copilot CLI registered with PascalCase events (`PreToolUse`): Claude Code's
    /// answers (measured, shared/hosts/README.md).
    CopilotClaudeCompatible,
    /// Qwen Code: Claude Code's answers before a tool; after one, its own.
    QwenCode,
    /// opencode and its fork Kilo CLI, through hookkit's plugin.
    Opencode,
    /// Factory droid: Claude Code's deny before a tool; after one, a stop of the run.
    FactoryDroid,
    /// No host known.
    UnknownHost,
}

/// The event class as far as the answer is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Before the tool runs.
    PreTool,
    /// Claude Code's and Codex's `PermissionRequest`.
    PermissionRequest,
    /// After the tool ran.
    PostTool,
    /// Unknown event or unreadable input: the answer must block on every event.
    Unknown,
}

/// The shape of one answer. Each is exit 0 with the JSON shown on stdout, unless noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Exit 0, nothing on stdout.
    Silence,
    /// Exit 2, nothing on stdout, the reason on stderr (Claude Code: <https://code.claude.com/docs/en/hooks>
    /// "exit code 2"; Codex: openai/codex `codex-rs/hooks/src/events/pre_tool_use.rs`,
    /// `Some(2)` with a non-empty stderr blocks; measured; Factory droid 0.225.2: its hook
    /// runner denies on any hook's exit 2 with the stderr as the reason, measured).
    Exit2,
    /// `{"hookSpecificOutput": {"hookEventName": E, "permissionDecision": "ask"|"deny",
    /// "permissionDecisionReason": R}}` (Claude Code docs, "PreToolUse decision control";
    /// Codex `output_parser.rs` `parse_pre_tool_use`, which rejects `ask` and `allow`
    /// without `updatedInput`).
    PermissionDecision(PermissionWord),
    /// `{"hookSpecificOutput": {"hookEventName": "PermissionRequest", "decision":
    /// {"behavior": "deny", "message": R}}}` (Claude Code docs, "PermissionRequest
    /// decision control"; Codex `schema/generated/permission-request.command.output.schema.json`).
    PermissionRequestDeny,
    /// `{"hookSpecificOutput": {"hookEventName": "PermissionRequest", "decision":
    /// {"behavior": "allow"}}}`: only for an approved allow ([`Decision::approved`]) on
    /// Claude Code's and Codex's `PermissionRequest`, which the host sends instead of
    /// showing its approval prompt (Claude Code docs, "PermissionRequest decision control";
    /// Codex `codex-rs/hooks/src/events/permission_request.rs`: "any deny wins, otherwise
    /// the last allow wins"; measured on Codex in
    /// `crates/command-guard/tests/e2e_auto_approve_codex.rs`).
    PermissionRequestAllow,
    /// `{"decision": "block", "reason": R}`, plus `hookSpecificOutput {hookEventName,
    /// additionalContext}` for Claude Code and Codex when there is context (Claude Code
    /// docs, "PostToolUse decision control"; Codex `output_parser.rs`
    /// `parse_post_tool_use`; Copilot measured: replaces the output).
    ///
    /// Except on Claude Code's `PostToolUse` when the decision has a
    /// [`Decision::replacement_output`]: `{"hookSpecificOutput": {"hookEventName":
    /// "PostToolUse", "updatedToolOutput": V, "additionalContext": R (+ "\n\n" +
    /// context)}}`, plus `"updatedMCPToolOutput": V` when [`Target::Event`] is an MCP
    /// tool, which puts V in place of the tool's output. Claude Code 2.1.328's hook output
    /// schema: `updatedToolOutput` "Replaces the tool output before it is sent to the
    /// model", and `updatedMCPToolOutput` "Replaces the output for MCP tools only. Prefer
    /// updatedToolOutput, which works for all tools"; when both are given it reads
    /// `updatedToolOutput`, and versions without it read `updatedMCPToolOutput` (Claude
    /// Code docs, <https://code.claude.com/docs/en/hooks>, "PostToolUse decision
    /// control"). V must have the shape of the host's `tool_response`
    /// ([`ToolCall::response`]); the real Claude Code replaces a `Bash` output with it
    /// (crates/secret-guard/tests/e2e_claude_code.rs).
    DecisionBlock,
    /// Silence, or `{"hookSpecificOutput": {"hookEventName": E, "additionalContext": C}}`
    /// when the decision has additional context (Claude Code, Codex, Gemini CLI).
    ContextOnly,
    /// `{"decision": "deny", "reason": R}` (+ `hookSpecificOutput.additionalContext`)
    /// (<https://geminicli.com/docs/hooks/reference>, "BeforeTool"/"AfterTool").
    GeminiDeny,
    /// `{"permissionDecision": "deny", "permissionDecisionReason": R}`
    /// (<https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference>,
    /// "preToolUse decision control"; measured).
    CopilotDeny,
    /// [`Answer::CopilotDeny`] and [`Answer::DecisionBlock`]'s fields in one object, for
    /// an unknown event.
    CopilotAnyEvent,
    /// `{"permission": "allow"}` (<https://cursor.com/docs/agent/hooks>).
    CursorAllow,
    /// `{"permission": "deny", "user_message": R, "agent_message": R}` (Cursor docs; the
    /// reason goes in both because observed Cursor builds deliver `user_message` to the
    /// model although the documentation says `agent_message`).
    CursorDeny,
    /// `{}`, or `{"additional_context": C}` with the reason and/or context (Cursor docs,
    /// `postToolUse` output).
    CursorContext,
    /// [`Answer::CursorDeny`] plus `additional_context`, for an unknown event.
    CursorAnyEvent,
    /// Qwen Code after a tool ran: `{"continue": false, "stopReason": R}` after
    /// `PostToolUse`, which puts R in place of the tool's output (`firePostToolUseHook`
    /// reads only `continue: false`, as `shouldStopExecution`, and the scheduler then sends
    /// `stopReason` to the model as the tool's error; measured on Qwen Code 0.24.4: the
    /// session goes on); `{"hookSpecificOutput": {"hookEventName": "PostToolUseFailure",
    /// "additionalContext": R}}` after `PostToolUseFailure`, whose hook output is read for
    /// `additionalContext` only (appended to the failure's text, measured). R is the
    /// reason, and the decision's context after a blank line.
    QwenWithhold,
    /// `{"continue": false, "stopReason": R, "hookSpecificOutput": {"permissionDecision":
    /// "deny", "permissionDecisionReason": R, "additionalContext": R}}` for Qwen Code's
    /// unknown event: refused before a tool, withheld after one, flagged after a failure
    /// (measured on Qwen Code 0.24.4).
    QwenAnyEvent,
    /// `{"decision": "deny", "reason": R}`, the context joined to R: what hookkit's opencode
    /// plugin (`hooks/opencode/hookkit.js`) throws before a tool runs and puts in place of
    /// the output after.
    OpencodeDeny,
    /// `{"continue": false, "stopReason": R}` for Factory droid, R the reason and the
    /// decision's context after a blank line: droid 0.225.2 checks `continue: false` first
    /// on both tool events and ends the run (`HookStopError`), before the tool runs or before
    /// its output is sent to the model, and shows `stopReason` to the person only
    /// ("Execution stopped by hook" in its terminal UI; `droid exec` exits 0 with an empty
    /// result). Measured: the tool did not run, resp. the model received no further
    /// request.
    StopRun,
}

/// The decision word of [`Answer::PermissionDecision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermissionWord {
    /// `"allow"`: only for an approved allow ([`Decision::approved`]) on Claude Code, whose
    /// allow skips its permission prompt (code.claude.com/docs/en/hooks, "PreToolUse
    /// decision control").
    Allow,
    /// `"ask"`: only Claude Code.
    Ask,
    /// `"deny"`.
    Deny,
}

/// Which reason an answer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// None (silence, allow).
    None,
    /// The decision's reason (or a default when it is empty).
    Given,
    /// The decision's reason, rewritten to say that a person must approve (an ask the
    /// host cannot express).
    NeedsPerson,
}

/// One cell of the table: the answer and its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Row {
    /// The answer's shape.
    pub answer: Answer,
    /// The reason it carries.
    pub reason: Reason,
}

const fn cell(answer: Answer, reason: Reason) -> Row {
    Row { answer, reason }
}

/// THE table: the answer for a verdict on one host and event class. See the module
/// documentation for the same table in prose and its sources.
pub const fn row(dialect: Dialect, slot: Slot, verdict: Verdict) -> Row {
    use Answer as A;
    use Dialect as D;
    use Reason as R;
    use Slot as S;
    use Verdict as V;
    match (dialect, slot, verdict) {
        // Allow: silence, except Cursor (failClosed treats an empty answer as a failure)
        // and post-tool context where the host takes it.
        (D::Cursor, S::PostTool, V::Allow) => cell(A::CursorContext, R::None),
        (D::Cursor, _, V::Allow) => cell(A::CursorAllow, R::None),
        (
            D::ClaudeCode | D::Codex | D::GeminiCli | D::QwenCode | D::FactoryDroid,
            S::PostTool,
            V::Allow,
        ) => cell(A::ContextOnly, R::None),
        (_, _, V::Allow) => cell(A::Silence, R::None),

        // No host known.
        (D::UnknownHost, _, V::Ask) => cell(A::Exit2, R::NeedsPerson),
        (D::UnknownHost, _, V::Deny) => cell(A::Exit2, R::Given),

        // Unknown event: an answer that blocks whatever the event was.
        (D::ClaudeCode | D::Codex, S::Unknown, V::Ask) => cell(A::Exit2, R::NeedsPerson),
        (D::ClaudeCode | D::Codex, S::Unknown, V::Deny) => cell(A::Exit2, R::Given),
        (D::GeminiCli, S::Unknown, V::Ask) => cell(A::GeminiDeny, R::NeedsPerson),
        (D::GeminiCli, S::Unknown, V::Deny) => cell(A::GeminiDeny, R::Given),
        (D::CopilotCli | D::CopilotClaudeCompatible, S::Unknown, V::Ask) => {
            cell(A::CopilotAnyEvent, R::NeedsPerson)
        }
        (D::CopilotCli | D::CopilotClaudeCompatible, S::Unknown, V::Deny) => {
            cell(A::CopilotAnyEvent, R::Given)
        }
        (D::Cursor, S::Unknown, V::Ask) => cell(A::CursorAnyEvent, R::NeedsPerson),
        (D::Cursor, S::Unknown, V::Deny) => cell(A::CursorAnyEvent, R::Given),
        (D::QwenCode, S::Unknown, V::Ask) => cell(A::QwenAnyEvent, R::NeedsPerson),
        (D::QwenCode, S::Unknown, V::Deny) => cell(A::QwenAnyEvent, R::Given),
        (D::FactoryDroid, S::Unknown | S::PostTool, V::Ask) => cell(A::StopRun, R::NeedsPerson),
        (D::FactoryDroid, S::Unknown | S::PostTool, V::Deny) => cell(A::StopRun, R::Given),

        // opencode: one answer for every event, which hookkit's plugin acts on per event.
        (D::Opencode, _, V::Ask) => cell(A::OpencodeDeny, R::NeedsPerson),
        (D::Opencode, _, V::Deny) => cell(A::OpencodeDeny, R::Given),

        // Before the tool runs.
        (D::ClaudeCode | D::QwenCode, S::PreTool, V::Ask) => {
            cell(A::PermissionDecision(PermissionWord::Ask), R::Given)
        }
        (
            D::ClaudeCode | D::Codex | D::CopilotClaudeCompatible | D::QwenCode,
            S::PreTool,
            V::Deny,
        ) => cell(A::PermissionDecision(PermissionWord::Deny), R::Given),
        (D::Codex | D::CopilotClaudeCompatible, S::PreTool, V::Ask) => {
            cell(A::PermissionDecision(PermissionWord::Deny), R::NeedsPerson)
        }
        // droid has no `PermissionRequest` event: a payload naming one gets the pre-tool
        // answer.
        (D::FactoryDroid, S::PreTool | S::PermissionRequest, V::Ask) => {
            cell(A::Exit2, R::NeedsPerson)
        }
        (D::FactoryDroid, S::PreTool | S::PermissionRequest, V::Deny) => cell(A::Exit2, R::Given),
        (D::GeminiCli, S::PreTool | S::PermissionRequest, V::Ask) => {
            cell(A::GeminiDeny, R::NeedsPerson)
        }
        (D::GeminiCli, S::PreTool | S::PermissionRequest, V::Deny) => cell(A::GeminiDeny, R::Given),
        (D::CopilotCli, S::PreTool | S::PermissionRequest, V::Ask) => {
            cell(A::CopilotDeny, R::NeedsPerson)
        }
        (D::CopilotCli, S::PreTool | S::PermissionRequest, V::Deny) => {
            cell(A::CopilotDeny, R::Given)
        }
        (D::Cursor, S::PreTool | S::PermissionRequest, V::Ask) => {
            cell(A::CursorDeny, R::NeedsPerson)
        }
        (D::Cursor, S::PreTool | S::PermissionRequest, V::Deny) => cell(A::CursorDeny, R::Given),

        // The host is about to ask a person: ask is what happens anyway; only deny answers.
        (D::ClaudeCode | D::Codex | D::QwenCode, S::PermissionRequest, V::Ask) => {
            cell(A::Silence, R::None)
        }
        (D::ClaudeCode | D::Codex | D::QwenCode, S::PermissionRequest, V::Deny) => {
            cell(A::PermissionRequestDeny, R::Given)
        }
        (D::CopilotClaudeCompatible, S::PermissionRequest, V::Ask) => {
            cell(A::PermissionDecision(PermissionWord::Deny), R::NeedsPerson)
        }
        (D::CopilotClaudeCompatible, S::PermissionRequest, V::Deny) => {
            cell(A::PermissionDecision(PermissionWord::Deny), R::Given)
        }

        // After the tool ran: withhold the output (where the host can).
        (
            D::ClaudeCode | D::Codex | D::CopilotCli | D::CopilotClaudeCompatible,
            S::PostTool,
            V::Ask,
        ) => cell(A::DecisionBlock, R::NeedsPerson),
        (
            D::ClaudeCode | D::Codex | D::CopilotCli | D::CopilotClaudeCompatible,
            S::PostTool,
            V::Deny,
        ) => cell(A::DecisionBlock, R::Given),
        (D::GeminiCli, S::PostTool, V::Ask) => cell(A::GeminiDeny, R::NeedsPerson),
        (D::GeminiCli, S::PostTool, V::Deny) => cell(A::GeminiDeny, R::Given),
        (D::Cursor, S::PostTool, V::Ask) => cell(A::CursorContext, R::NeedsPerson),
        (D::Cursor, S::PostTool, V::Deny) => cell(A::CursorContext, R::Given),
        (D::QwenCode, S::PostTool, V::Ask) => cell(A::QwenWithhold, R::NeedsPerson),
        (D::QwenCode, S::PostTool, V::Deny) => cell(A::QwenWithhold, R::Given),
    }
}

/// The verdict the host of `target` enforces when hookkit decides `verdict`: an ask the
/// host cannot express is answered with a refusal saying that a person must approve
/// ([`Reason::NeedsPerson`] in [`row`]: every host but Claude Code and Qwen Code before a
/// tool runs), so the call does not run; any other verdict is itself. The audit trail
/// records this verdict, so a call refused for want of a person is not taken for one
/// still waiting.
pub fn enforced(target: &Target, verdict: Verdict) -> Verdict {
    let (dialect, slot) = locate(target);
    if verdict == Verdict::Ask && row(dialect, slot, verdict).reason == Reason::NeedsPerson {
        Verdict::Deny
    } else {
        verdict
    }
}

/// The dialect and event class of a target.
pub fn locate(target: &Target) -> (Dialect, Slot) {
    match target {
        Target::Unknown => (Dialect::UnknownHost, Slot::Unknown),
        Target::Host(host) => (dialect(*host, None), Slot::Unknown),
        Target::Event {
            host,
            event,
            host_event,
            ..
        } => {
            let slot = match event {
                Event::PreTool => Slot::PreTool,
                Event::PermissionRequest => Slot::PermissionRequest,
                Event::PostTool => Slot::PostTool,
            };
            (dialect(*host, Some(host_event)), slot)
        }
    }
}

fn dialect(host: Host, host_event: Option<&str>) -> Dialect {
    match host {
        Host::ClaudeCode => Dialect::ClaudeCode,
        Host::Codex => Dialect::Codex,
        Host::Cursor => Dialect::Cursor,
        Host::GeminiCli => Dialect::GeminiCli,
        Host::CopilotCli => match host_event {
            Some(name) if crate::hosts::copilot::is_claude_compatible(name) => {
                Dialect::CopilotClaudeCompatible
            }
            _ => Dialect::CopilotCli,
        },
        Host::QwenCode => Dialect::QwenCode,
        Host::Opencode | Host::Kilo => Dialect::Opencode,
        Host::FactoryDroid => Dialect::FactoryDroid,
    }
}

/// A host's name for people.
fn host_name(host: Option<Host>) -> &'static str {
    match host {
        Some(Host::ClaudeCode) => "Claude Code",
        Some(Host::Codex) => "Codex",
        Some(Host::Cursor) => "Cursor",
        Some(Host::GeminiCli) => "Gemini CLI",
        Some(Host::CopilotCli) => "Copilot CLI",
        Some(Host::QwenCode) => "Qwen Code",
        Some(Host::Opencode) => "opencode",
        Some(Host::Kilo) => "Kilo CLI",
        Some(Host::FactoryDroid) => "Factory droid",
        None => "this agent host",
    }
}

/// The text of `reason` for `decision` on `target`.
fn reason_text(reason: Reason, target: &Target, slot: Slot, decision: &Decision) -> String {
    let given = decision.reason.trim();
    let given = if given.is_empty() {
        "hookkit refused this tool call; the guard gave no reason."
    } else {
        given
    };
    match reason {
        Reason::None => String::new(),
        Reason::Given => given.to_string(),
        Reason::NeedsPerson if slot == Slot::PostTool => format!(
            "A person must review the output of this tool call before it is used, and {} cannot \
             ask for that from a hook, so hookkit withheld or flagged it. {given}",
            host_name(target.host())
        ),
        Reason::NeedsPerson => format!(
            "A person must approve this tool call, and {} cannot ask for approval from a hook \
             here, so hookkit refused it. Ask the user to approve it or to run it themselves. \
             {given}",
            host_name(target.host())
        ),
    }
}

/// Claude Code's answer that replaces a tool's output ([`Answer::DecisionBlock`] with a
/// replacement): serialized from borrowed fields, because the replacement may be a copy of
/// megabytes of output, which `json!` would copy again value by value.
fn replaced_output(event: &str, replacement: &Value, mcp: bool, context: String) -> Rendered {
    #[derive(Serialize)]
    struct Answer<'a> {
        #[serde(rename = "hookSpecificOutput")]
        hook_specific: Fields<'a>,
    }
    #[derive(Serialize)]
    struct Fields<'a> {
        #[serde(rename = "hookEventName")]
        event: &'a str,
        #[serde(rename = "additionalContext")]
        context: String,
        #[serde(rename = "updatedToolOutput")]
        output: &'a Value,
        #[serde(
            rename = "updatedMCPToolOutput",
            skip_serializing_if = "Option::is_none"
        )]
        mcp_output: Option<&'a Value>,
    }
    let answer = Answer {
        hook_specific: Fields {
            event,
            context,
            output: replacement,
            mcp_output: mcp.then_some(replacement),
        },
    };
    // Sized for the whole answer up front: grown by doubling from nothing, the buffer for
    // 10 MiB of output was copied into fresh memory at each step (about 32 MiB written).
    let room = text_bytes(replacement).saturating_mul(if mcp { 2 } else { 1 });
    let mut buffer = Vec::with_capacity(room.saturating_add(room / 8).saturating_add(1024));
    let written = serde_json::to_writer(&mut buffer, &answer)
        .map_err(|e| e.to_string())
        .and_then(|()| String::from_utf8(buffer).map_err(|e| e.to_string()));
    match written {
        Ok(stdout) => Rendered {
            stdout,
            stderr: String::new(),
            exit_code: 0,
            fallback_reason: None,
        },
        // Not reachable for JSON values (serde_json writes UTF-8); should it happen, the
        // model is told not to use the output.
        Err(error) => Rendered {
            stdout: String::new(),
            stderr: format!(
                "hookkit could not write its answer ({error}): do not use this tool's output"
            ),
            exit_code: 2,
            fallback_reason: None,
        },
    }
}

/// The bytes of `value`'s strings and keys, a lower bound of its JSON rendering's length
/// (quotes, escapes and punctuation aside).
fn text_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(text_bytes).sum(),
        Value::Object(fields) => fields.iter().map(|(k, v)| k.len() + text_bytes(v)).sum(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

/// An answer of nothing on stdout: exit `exit_code` with `stderr`.
fn bare(stderr: String, exit_code: i32) -> Rendered {
    Rendered {
        stdout: String::new(),
        stderr,
        exit_code,
        fallback_reason: None,
    }
}

/// `decision` as `target`'s host expects it, per [`row`], with the exit-2 stand-in for a
/// stdout that cannot be written ([`Rendered::fallback_reason`]).
pub fn render(target: &Target, decision: &Decision) -> Rendered {
    let (dialect, slot) = locate(target);
    if decision.approved
        && decision.verdict == Verdict::Allow
        && let Some(answer) = approval(dialect, slot)
    {
        return shape(target, dialect, answer, APPROVED, decision);
    }
    let Row { answer, reason } = row(dialect, slot, decision.verdict);
    let reason = reason_text(reason, target, slot, decision);
    let mut out = shape(target, dialect, answer, &reason, decision);
    if decision.verdict != Verdict::Allow && !out.stdout.is_empty() {
        out.fallback_reason = Some(reason);
    }
    out
}

/// The explicit allow that spares the person a prompt, for an approved allow
/// ([`Decision::approved`]), where the host has one that does not override the person's
/// own deny rules: Claude Code's `PreToolUse` allow and Claude Code's and Codex's
/// `PermissionRequest` allow. `None` elsewhere, where the approved allow is answered as a
/// plain allow:
/// - Gemini CLI 0.61.0 reads only `ask`, `deny` and `block` from a `BeforeTool` answer
///   (`_processToolCall` in its scheduler: its own policy decides whether to confirm);
///   an allow changes nothing.
/// - Copilot CLI's JSON allow overrides the person's `--deny-tool` (measured,
///   shared/hosts/README.md), so it is never sent.
/// - Cursor: the allow it always gets is [`Answer::CursorAllow`] (see the module
///   documentation).
/// - Qwen Code's `PreToolUse` allow runs the tool without its approval prompt (its
///   hooks documentation); whether it also overrides the person's own deny rules was not
///   measured, so it is never sent.
pub fn approval(dialect: Dialect, slot: Slot) -> Option<Answer> {
    match (dialect, slot) {
        (Dialect::ClaudeCode, Slot::PreTool) => {
            Some(Answer::PermissionDecision(PermissionWord::Allow))
        }
        (Dialect::ClaudeCode | Dialect::Codex, Slot::PermissionRequest) => {
            Some(Answer::PermissionRequestAllow)
        }
        _ => None,
    }
}

/// The reason of an approved allow ([`Decision::approved`]).
const APPROVED: &str = "hookkit approved this call: every command in it only reads (auto_approve).";

/// The answer of shape `answer` carrying `reason` (and the decision's context and
/// replacement output).
fn shape(
    target: &Target,
    dialect: Dialect,
    answer: Answer,
    reason: &str,
    decision: &Decision,
) -> Rendered {
    let (event_name, mcp) = match target {
        Target::Event {
            host_event, mcp, ..
        } => (host_event.as_str(), *mcp),
        _ => ("", false),
    };
    let context = decision
        .additional_context
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());

    let json = |value: Value| Rendered {
        // `to_string` writes into a byte buffer; `Display` (the fallback, never taken for
        // a `Value`, whose keys are strings) goes through `fmt::Write`, several times
        // slower on a tool output of megabytes.
        stdout: serde_json::to_string(&value).unwrap_or_else(|_| value.to_string()),
        stderr: String::new(),
        exit_code: 0,
        fallback_reason: None,
    };
    let hook_specific = |fields: Value| {
        let mut output = Map::new();
        output.insert(
            "hookEventName".into(),
            Value::String(event_name.to_string()),
        );
        if let Value::Object(fields) = fields {
            output.extend(fields);
        }
        Value::Object(output)
    };
    // Reason and context joined, for hosts with one text channel.
    let reason_and_context = || match (reason.is_empty(), context) {
        (true, None) => None,
        (true, Some(c)) => Some(c.to_string()),
        (false, None) => Some(reason.to_string()),
        (false, Some(c)) => Some(format!("{reason}\n\n{c}")),
    };

    match answer {
        Answer::Silence => bare(String::new(), 0),
        Answer::Exit2 => bare(reason.to_string(), 2),
        Answer::PermissionDecision(word) => json(json!({
            "hookSpecificOutput": hook_specific(json!({
                "permissionDecision": match word {
                    PermissionWord::Allow => "allow",
                    PermissionWord::Ask => "ask",
                    PermissionWord::Deny => "deny",
                },
                "permissionDecisionReason": reason,
            })),
        })),
        Answer::PermissionRequestAllow => json(json!({
            "hookSpecificOutput": {
                "hookEventName": "PermissionRequest",
                "decision": { "behavior": "allow" },
            },
        })),
        Answer::PermissionRequestDeny => json(json!({
            "hookSpecificOutput": {
                "hookEventName": "PermissionRequest",
                "decision": { "behavior": "deny", "message": reason },
            },
        })),
        Answer::DecisionBlock => {
            // Claude Code replaces a tool's output with `updatedToolOutput` (and, before
            // that field existed, an MCP tool's with `updatedMCPToolOutput`): the redacted
            // copy goes in place of the output, the reason as context.
            if dialect == Dialect::ClaudeCode
                && event_name == "PostToolUse"
                && let Some(replacement) = &decision.replacement_output
            {
                return replaced_output(
                    event_name,
                    replacement,
                    mcp,
                    reason_and_context().unwrap_or_default(),
                );
            }
            let mut out = json!({ "decision": "block", "reason": reason });
            let with_context = matches!(dialect, Dialect::ClaudeCode | Dialect::Codex);
            // Claude Code's PostToolUseFailure takes only additionalContext: the reason
            // goes there too.
            let context = if event_name == "PostToolUseFailure" {
                reason_and_context()
            } else {
                context.map(str::to_string)
            };
            if with_context && let (Some(context), Value::Object(map)) = (context, &mut out) {
                map.insert(
                    "hookSpecificOutput".into(),
                    hook_specific(json!({ "additionalContext": context })),
                );
            }
            // Copilot CLI reads only `additionalContext` from a `postToolUseFailure` hook
            // (the Copilot SDK's `PostToolUseFailureHookOutput`; not measured with a
            // command hook): the reason goes there too.
            if dialect == Dialect::CopilotCli
                && event_name == "postToolUseFailure"
                && let (Some(text), Value::Object(map)) = (reason_and_context(), &mut out)
            {
                map.insert("additionalContext".into(), Value::String(text));
            }
            json(out)
        }
        Answer::ContextOnly => match context {
            Some(context) => json(json!({
                "hookSpecificOutput": hook_specific(json!({ "additionalContext": context })),
            })),
            None => bare(String::new(), 0),
        },
        Answer::GeminiDeny => {
            let mut out = json!({ "decision": "deny", "reason": reason });
            if let (Some(context), Value::Object(map)) = (context, &mut out) {
                map.insert(
                    "hookSpecificOutput".into(),
                    hook_specific(json!({ "additionalContext": context })),
                );
            }
            json(out)
        }
        Answer::CopilotDeny => json(json!({
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
        })),
        Answer::CopilotAnyEvent => json(json!({
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
            "decision": "block",
            "reason": reason,
        })),
        Answer::CursorAllow => json(json!({ "permission": "allow" })),
        Answer::CursorDeny => json(json!({
            "permission": "deny",
            "user_message": reason,
            "agent_message": reason,
        })),
        Answer::CursorContext => json(match reason_and_context() {
            Some(text) => json!({ "additional_context": text }),
            None => json!({}),
        }),
        Answer::CursorAnyEvent => json(json!({
            "permission": "deny",
            "user_message": reason,
            "agent_message": reason,
            "additional_context": reason,
        })),
        Answer::QwenWithhold => {
            let text = reason_and_context().unwrap_or_default();
            if event_name == "PostToolUseFailure" {
                json(json!({
                    "hookSpecificOutput": hook_specific(json!({ "additionalContext": text })),
                }))
            } else {
                json(json!({ "continue": false, "stopReason": text }))
            }
        }
        Answer::StopRun => json(json!({
            "continue": false,
            "stopReason": reason_and_context().unwrap_or_default(),
        })),
        Answer::QwenAnyEvent => json(json!({
            "continue": false,
            "stopReason": reason,
            "hookSpecificOutput": {
                "permissionDecision": "deny",
                "permissionDecisionReason": reason,
                "additionalContext": reason,
            },
        })),
        Answer::OpencodeDeny => json(json!({
            "decision": "deny",
            "reason": reason_and_context().unwrap_or_else(|| reason.to_string()),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIALECTS: [Dialect; 10] = [
        Dialect::ClaudeCode,
        Dialect::Codex,
        Dialect::Cursor,
        Dialect::GeminiCli,
        Dialect::CopilotCli,
        Dialect::CopilotClaudeCompatible,
        Dialect::QwenCode,
        Dialect::Opencode,
        Dialect::FactoryDroid,
        Dialect::UnknownHost,
    ];
    const SLOTS: [Slot; 4] = [
        Slot::PreTool,
        Slot::PermissionRequest,
        Slot::PostTool,
        Slot::Unknown,
    ];

    #[test]
    fn a_replaced_output_is_written_whole_past_its_size_hint() {
        // Quotes, newlines and control characters: the JSON is longer than the text the
        // buffer is sized from, which grows for the rest.
        let stdout = "line \"quoted\"\n\t\u{1}".repeat(5000);
        let replacement = serde_json::json!({"stdout": stdout, "stderr": "", "n": [1, true, null]});
        assert_eq!(
            text_bytes(&replacement),
            "stdout".len() + stdout.len() + "stderr".len() + 1
        );
        for mcp in [false, true] {
            let rendered = replaced_output("PostToolUse", &replacement, mcp, "why".into());
            assert_eq!(rendered.exit_code, 0, "{}", rendered.stderr);
            assert!(rendered.stdout.len() > text_bytes(&replacement));
            let answer: Value = serde_json::from_str(&rendered.stdout).unwrap();
            let fields = &answer["hookSpecificOutput"];
            assert_eq!(fields["updatedToolOutput"], replacement);
            assert_eq!(fields["additionalContext"], "why");
            assert_eq!(fields.get("updatedMCPToolOutput").is_some(), mcp);
            if mcp {
                assert_eq!(fields["updatedMCPToolOutput"], replacement);
            }
        }
    }

    #[test]
    fn allow_never_carries_a_reason_and_deny_always_does() {
        for dialect in DIALECTS {
            for slot in SLOTS {
                assert_eq!(row(dialect, slot, Verdict::Allow).reason, Reason::None);
                let deny = row(dialect, slot, Verdict::Deny);
                assert_eq!(deny.reason, Reason::Given, "{dialect:?} {slot:?}");
                assert_ne!(deny.answer, Answer::Silence, "{dialect:?} {slot:?}");
            }
        }
    }

    #[test]
    fn only_claude_code_and_qwen_code_ask_before_a_tool_runs() {
        for dialect in DIALECTS {
            let ask = row(dialect, Slot::PreTool, Verdict::Ask);
            if matches!(dialect, Dialect::ClaudeCode | Dialect::QwenCode) {
                assert_eq!(ask.answer, Answer::PermissionDecision(PermissionWord::Ask));
            } else {
                assert_eq!(ask.reason, Reason::NeedsPerson, "{dialect:?}");
            }
        }
    }

    #[test]
    fn an_ask_the_host_cannot_express_is_enforced_as_a_deny() {
        let target = |host, event, host_event: &str| Target::Event {
            host,
            event,
            host_event: host_event.to_owned(),
            mcp: false,
        };
        for host in [Host::ClaudeCode, Host::QwenCode] {
            let asks = target(host, Event::PreTool, "PreToolUse");
            assert_eq!(enforced(&asks, Verdict::Ask), Verdict::Ask, "{host}");
        }
        let prompt = target(Host::Codex, Event::PermissionRequest, "PermissionRequest");
        assert_eq!(
            enforced(&prompt, Verdict::Ask),
            Verdict::Ask,
            "the host's prompt"
        );
        for (host, name) in [
            (Host::Codex, "PreToolUse"),
            (Host::GeminiCli, "BeforeTool"),
            (Host::CopilotCli, "preToolUse"),
            (Host::Cursor, "preToolUse"),
            (Host::FactoryDroid, "PreToolUse"),
        ] {
            let pre = target(host, Event::PreTool, name);
            assert_eq!(enforced(&pre, Verdict::Ask), Verdict::Deny, "{host}");
            assert_eq!(enforced(&pre, Verdict::Allow), Verdict::Allow, "{host}");
        }
        assert_eq!(enforced(&Target::Unknown, Verdict::Ask), Verdict::Deny);
    }

    #[test]
    fn json_allow_is_never_printed_except_to_cursor() {
        for dialect in DIALECTS {
            for slot in SLOTS {
                let allow = row(dialect, slot, Verdict::Allow).answer;
                if dialect == Dialect::Cursor {
                    assert!(matches!(allow, Answer::CursorAllow | Answer::CursorContext));
                } else {
                    assert!(
                        matches!(allow, Answer::Silence | Answer::ContextOnly),
                        "{dialect:?} {slot:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_answer_that_blocks_has_an_exit_2_stand_in_and_no_allow_has_one() {
        let mut targets = vec![Target::Unknown];
        for host in Host::ALL {
            targets.push(Target::Host(host));
            for (event, name) in [
                (Event::PreTool, "PreToolUse"),
                (Event::PreTool, "preToolUse"),
                (Event::PermissionRequest, "PermissionRequest"),
                (Event::PostTool, "PostToolUse"),
                (Event::PostTool, "postToolUse"),
            ] {
                targets.push(Target::Event {
                    host,
                    event,
                    host_event: name.into(),
                    mcp: false,
                });
            }
        }
        for target in &targets {
            for verdict in [Verdict::Allow, Verdict::Ask, Verdict::Deny] {
                let decision = Decision {
                    verdict,
                    reason: "rule.x: refused".into(),
                    additional_context: Some("context".into()),
                    ..Decision::allow()
                };
                let out = render(target, &decision);
                let fallback = out.fallback_reason.as_deref();
                if verdict == Verdict::Allow || out.stdout.is_empty() {
                    assert_eq!(fallback, None, "{target:?} {verdict:?}");
                } else {
                    assert!(
                        fallback.is_some_and(|r| r.contains("rule.x: refused")),
                        "{target:?} {verdict:?}: {fallback:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_deny_reason_is_replaced() {
        let decision = Decision {
            verdict: Verdict::Deny,
            reason: "  ".into(),
            ..Decision::allow()
        };
        let out = render(
            &Target::Event {
                host: Host::Codex,
                event: Event::PreTool,
                host_event: "PreToolUse".into(),
                mcp: false,
            },
            &decision,
        );
        assert!(
            out.stdout.contains("the guard gave no reason"),
            "{}",
            out.stdout
        );
    }
}
