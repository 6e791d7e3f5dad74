//! [`run`]: one call from stdin bytes to the host's answer, in which every failure
//! becomes the configured `on_error` decision, rendered so that the host acts on it.

use crate::detect::{detect, detect_fields};
use crate::error::{HookError, truncate};
use crate::hosts;
use crate::parse::decode;
use crate::read_most::{ReadBytes, read_most};
use crate::render::{Rendered, Target, render};
use crate::withhold::{withheld, withheld_output};
use hookkit_policy::{Decision, Event, Host, ToolCall, Verdict};
use serde_json::{Map, Value};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The default limit on a hook payload before a tool runs: 4 MiB. A tool call's input that
/// is larger is refused as hookkit's own failure rather than analysed.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The default hard limit on a payload after a tool ran (its output): 64 MiB. Outputs of any
/// size up to it are read whole and scanned; a larger one gets the `on_error` decision,
/// which withholds the output where the host can (see [`crate::withhold`]). Peak memory is
/// about four to five times the payload (the bytes, the parsed output, its redacted copy
/// and the answer); scanning 64 MiB takes seconds, past the guards' own deadline on most
/// machines.
pub const DEFAULT_MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// The error a guard may return. Its text becomes part of the reason (truncated to 200
/// characters), so it must not contain secrets.
pub type GuardError = Box<dyn std::error::Error + Send + Sync>;

/// How [`run`] treats failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    /// The decision that stands in for any internal failure (default
    /// [`Verdict::Deny`]). `Allow` really allows (prints nothing): **dangerous**, since
    /// then any payload hookkit cannot read, and any guard bug, lets the call through.
    pub on_error: Verdict,
    /// The largest payload accepted before a tool runs, in bytes (default
    /// [`DEFAULT_MAX_INPUT_BYTES`]).
    pub max_input_bytes: usize,
    /// The largest post-tool payload (a tool's output) accepted, in bytes (default
    /// [`DEFAULT_MAX_OUTPUT_BYTES`]): a hard memory cap, not a scanning limit.
    pub max_output_bytes: usize,
}

impl RunSettings {
    /// How much of stdin to read: the larger of the two limits.
    pub fn read_limit(&self) -> usize {
        self.max_input_bytes.max(self.max_output_bytes)
    }
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            on_error: Verdict::Deny,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

/// Everything [`check`] learned about one hook call.
#[derive(Debug)]
pub struct Outcome {
    /// Where the answer goes.
    pub target: Target,
    /// The parsed call, when parsing succeeded.
    pub call: Option<ToolCall>,
    /// The decision to render: the guard's, or the `on_error` stand-in.
    pub decision: Decision,
    /// The failure, when the decision is the `on_error` stand-in.
    pub error: Option<HookError>,
}

impl Outcome {
    /// The host's answer for this outcome.
    pub fn render(&self) -> Rendered {
        render(&self.target, &self.decision)
    }

    /// Makes the decision the `on_error` one for `what` went wrong (a failure after the
    /// guard decided, such as an audit log that cannot be written). After a tool ran, the
    /// output is withheld where the host can replace it ([`crate::withhold`]).
    pub fn fail(&mut self, on_error: Verdict, what: &str) {
        let stand_in = self.call.as_ref().and_then(withheld_output);
        self.decision = internal_error(&self.target, on_error, what, stand_in);
    }

    fn failed(target: Target, call: Option<ToolCall>, error: HookError, on_error: Verdict) -> Self {
        let mut outcome = Outcome {
            target,
            call,
            decision: Decision::allow(),
            error: None,
        };
        outcome.fail(on_error, &error.to_string());
        outcome.error = Some(error);
        outcome
    }

    /// [`Outcome::failed`] before a call was parsed: the output's shape comes from the
    /// payload's own fields, as far as they were read.
    fn failed_payload(
        target: Target,
        fields: &Map<String, Value>,
        error: HookError,
        on_error: Verdict,
    ) -> Self {
        let stand_in = stand_in_of(fields);
        Outcome {
            decision: internal_error(&target, on_error, &error.to_string(), stand_in),
            target,
            call: None,
            error: Some(error),
        }
    }
}

/// The stand-in for the output of a payload read only as far as `fields` ([`withheld`]: the
/// shape of its `tool_response` when that was read, else of its tool).
fn stand_in_of(fields: &Map<String, Value>) -> Option<Value> {
    let tool_name = ["tool_name", "toolName"]
        .iter()
        .find_map(|k| fields.get(*k).and_then(Value::as_str));
    withheld(fields.get("tool_response"), None, tool_name)
}

/// How much of a payload [`read_bounded_peeking`] reads before it hands it over: enough
/// for the fields every host sends before the tool's input and output (event and tool name).
pub(crate) const PEEK_BYTES: usize = 64 * 1024;

/// The target and the output's stand-in told by `prefix`, the start of a payload from
/// `host`, when its fields say a tool already ran; `None` otherwise. So that an answer
/// given before the whole payload is read and parsed (the deadline's) withholds the
/// output instead of exiting 2, which Claude Code reads after a tool ran as a message next
/// to the output it still shows (shared/hosts/README.md: it keeps a post-tool output unless
/// replaced). Only with an explicit host: a host detected from a payload's first fields
/// could be the wrong one (Claude Code sends `tool_use_id`, which tells it from Factory
/// droid, after the output).
pub(crate) fn peek_post_tool(host: Host, prefix: &[u8]) -> Option<(Target, Option<Value>)> {
    let fields = crate::peek::head(prefix);
    let target = target_of(Some(host), &fields);
    matches!(
        target,
        Target::Event {
            event: Event::PostTool,
            ..
        }
    )
    .then(|| (target, stand_in_of(&fields)))
}

/// [`Decision::internal_error`]; after a tool ran, with `stand_in` as the replacement of
/// its output, so that the host shows the notice instead of an unchecked output.
fn internal_error(
    target: &Target,
    on_error: Verdict,
    what: &str,
    stand_in: Option<Value>,
) -> Decision {
    let mut decision = Decision::internal_error(on_error, what);
    if matches!(
        target,
        Target::Event {
            event: Event::PostTool,
            ..
        }
    ) && on_error != Verdict::Allow
    {
        decision.replacement_output = stand_in;
    }
    decision
}

/// The target of a payload from its top-level fields alone (see [`crate::peek`]).
fn target_of(host: Option<Host>, fields: &Map<String, Value>) -> Target {
    let Some(host) = host.or_else(|| detect_fields(fields)) else {
        return Target::Unknown;
    };
    match hosts::event_of(host, fields) {
        Some((event, host_event)) => Target::Event {
            host,
            event,
            host_event,
            mcp: false,
        },
        None => Target::Host(host),
    }
}

/// Reads a payload, parses it, runs `guard` on it and renders the host's answer.
///
/// `host` is the `--host` flag; without it the host is [`detect`]ed from the payload.
/// Each failure below becomes `Decision::internal_error(settings.on_error, …)`, whose
/// reason says it is hookkit's own failure, rendered for the host (and the event, when it
/// could be read) so that the host blocks — see the table in [`crate::render`](mod@crate::render):
/// input over `settings.max_input_bytes` (except after a tool ran: a post-tool payload is
/// accepted up to `settings.max_output_bytes`, and over it is refused the same way), invalid UTF-8, malformed JSON, JSON that is not
/// an object, an unrecognised host, an unknown event, a missing required field, an error
/// returned by `guard`, and a panic in `guard` (caught; install
/// [`install_quiet_panic_hook`] so the default hook prints nothing to stderr).
pub fn run<G>(host: Option<Host>, input: &[u8], settings: &RunSettings, guard: G) -> Rendered
where
    G: FnOnce(&ToolCall) -> Result<Decision, GuardError>,
{
    check(host, input, settings, guard).render()
}

/// [`run`] on at most [`RunSettings::read_limit`]` + 1` bytes of stdin (see
/// [`read_stdin_bounded`]); a read error is rendered like any other failure. The one call
/// a hook binary needs.
pub fn run_stdin<G>(host: Option<Host>, settings: &RunSettings, guard: G) -> Rendered
where
    G: FnOnce(&ToolCall) -> Result<Decision, GuardError>,
{
    match read_stdin_bounded(settings.read_limit()) {
        Ok(input) => run(host, &input, settings, guard),
        Err(error) => Outcome::failed(
            host.map_or(Target::Unknown, Target::Host),
            None,
            HookError::Io(error),
            settings.on_error,
        )
        .render(),
    }
}

/// [`run`] without rendering: the target, the call, the decision and the failure, for
/// binaries that also record the outcome (an audit log).
pub fn check<G>(host: Option<Host>, input: &[u8], settings: &RunSettings, guard: G) -> Outcome
where
    G: FnOnce(&ToolCall) -> Result<Decision, GuardError>,
{
    let on_error = settings.on_error;
    let unknown = host.map_or(Target::Unknown, Target::Host);
    // A payload over the input limit, decoded when it parses (a tool's output of any size
    // is decoded anyway, and a second, skipping read of megabytes cost a Claude Code
    // PostToolUse hook on 10 MiB of output 69 M of its 920 M instructions).
    let mut decoded = None;
    if input.len() > settings.max_input_bytes {
        // Only a tool's output may be larger: tell the event from its fields, or from the
        // fields read before the error when it does not parse.
        decoded = decode(input).ok();
        let fields = match decoded.as_ref().and_then(Value::as_object) {
            Some(map) => std::borrow::Cow::Borrowed(map),
            None => std::borrow::Cow::Owned(crate::peek::head(input)),
        };
        let target = target_of(host, &fields);
        let post = matches!(
            target,
            Target::Event {
                event: Event::PostTool,
                ..
            }
        );
        let limit = if post {
            settings.max_output_bytes.max(settings.max_input_bytes)
        } else {
            settings.max_input_bytes
        };
        if input.len() > limit {
            let error = HookError::Oversize {
                size: input.len(),
                limit,
            };
            return Outcome::failed_payload(target, &fields, error, on_error);
        }
    }
    let mut value = match decoded.map_or_else(|| decode(input), Ok) {
        Ok(value) => value,
        Err(error) => return Outcome::failed(unknown, None, error, on_error),
    };
    let Some(host) = host.or_else(|| detect(&value)) else {
        return Outcome::failed(Target::Unknown, None, HookError::UnknownHost, on_error);
    };
    let Some(map) = value.as_object_mut() else {
        return Outcome::failed(Target::Host(host), None, HookError::NotAnObject, on_error);
    };
    let call = match hosts::parse(host, map) {
        Ok(call) => call,
        Err(error) => {
            // Answer in the event's own format when at least the event could be read.
            let target = target_of(Some(host), map);
            return Outcome::failed_payload(target, map, error, on_error);
        }
    };

    let target = Target::of(&call);
    match catch_unwind(AssertUnwindSafe(|| guard(&call))) {
        Ok(Ok(decision)) => Outcome {
            target,
            call: Some(call),
            decision,
            error: None,
        },
        Ok(Err(error)) => {
            let error = HookError::Guard(truncate(&error.to_string(), 200).to_string());
            Outcome::failed(target, Some(call), error, on_error)
        }
        Err(_panic) => Outcome::failed(target, Some(call), HookError::GuardPanicked, on_error),
    }
}

/// Reads stdin up to `limit + 1` bytes, so that an oversize payload is detected (by
/// [`run`]) without holding more than that in memory. The rest of stdin is left unread.
pub fn read_stdin_bounded(limit: usize) -> std::io::Result<ReadBytes> {
    read_bounded(std::io::stdin().lock(), limit)
}

/// Reads `reader` to its end or to `limit + 1` bytes, whichever comes first.
pub fn read_bounded(reader: impl Read, limit: usize) -> std::io::Result<ReadBytes> {
    read_bounded_peeking(reader, limit, |_| {})
}

/// [`read_bounded`], handing the first [`PEEK_BYTES`] read (all of a shorter payload) to
/// `peek` before reading the rest.
pub(crate) fn read_bounded_peeking(
    mut reader: impl Read,
    limit: usize,
    peek: impl FnOnce(&[u8]),
) -> std::io::Result<ReadBytes> {
    let most = limit.saturating_add(1);
    let mut bytes = Vec::new();
    (&mut reader)
        .take(u64::try_from(PEEK_BYTES.min(most)).unwrap_or(u64::MAX))
        .read_to_end(&mut bytes)?;
    peek(&bytes);
    read_most(reader, most, bytes)
}

/// Replaces the process's panic hook with one that prints nothing, so that a panic in a
/// guard (caught by [`run`] and answered as hookkit's own failure) does not also write a
/// message to stderr, which Claude Code would show the model as the hook's feedback.
/// Call it once at the start of a hook binary's `main`.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|_| {}));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_bounded_stops_one_byte_past_the_limit() {
        let data = [b'x'; 100];
        assert_eq!(read_bounded(&data[..], 10).unwrap().len(), 11);
        assert_eq!(read_bounded(&data[..], 100).unwrap().len(), 100);
        assert_eq!(read_bounded(&data[..], 1000).unwrap().len(), 100);
    }

    #[test]
    fn read_bounded_peeking_hands_over_the_start_then_reads_the_rest() {
        let data = vec![b'x'; 3 * PEEK_BYTES];
        let mut seen = 0;
        let read = read_bounded_peeking(&data[..], 2 * PEEK_BYTES, |p| seen = p.len()).unwrap();
        assert_eq!((seen, read.len()), (PEEK_BYTES, 2 * PEEK_BYTES + 1));
        let read = read_bounded_peeking(&data[..10], 2 * PEEK_BYTES, |p| seen = p.len()).unwrap();
        assert_eq!((seen, read.len()), (10, 10));
        let read = read_bounded_peeking(&data[..], 10, |p| seen = p.len()).unwrap();
        assert_eq!((seen, read.len()), (11, 11));
    }

    #[test]
    fn the_start_of_a_post_tool_payload_tells_its_event_and_the_output_s_shape() {
        let payload = br#"{"session_id":"s","transcript_path":"/t.jsonl","cwd":"/w",
            "hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"x"},
            "tool_response":{"stdout":"cut off her"#;
        let (target, stand_in) = peek_post_tool(Host::ClaudeCode, payload).unwrap();
        assert!(matches!(
            target,
            Target::Event {
                host: Host::ClaudeCode,
                event: Event::PostTool,
                ..
            }
        ));
        assert_eq!(
            stand_in.unwrap()["stdout"],
            crate::withhold::NOTICE,
            "the shape of a Bash result"
        );
        let pre =
            br#"{"session_id":"s","cwd":"/w","hook_event_name":"PreToolUse","tool_name":"Bash"#;
        assert!(peek_post_tool(Host::ClaudeCode, pre).is_none());
        assert!(peek_post_tool(Host::ClaudeCode, b"{\"session_id\": \"s").is_none());
    }
}
