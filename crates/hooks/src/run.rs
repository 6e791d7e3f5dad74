//! [`run`]: one call from stdin bytes to the host's answer, in which every failure
//! becomes the configured `on_error` decision, rendered so that the host acts on it.

use crate::detect::detect;
use crate::error::{HookError, truncate};
use crate::hosts;
use crate::parse::decode;
use crate::render::{Rendered, Target, render};
use hookkit_policy::{Decision, Host, ToolCall, Verdict};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The default limit on a hook payload: 4 MiB. Payloads are a tool call's input (or, after
/// it ran, its output); anything larger is refused as hookkit's own failure rather than
/// read into memory.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

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
    /// The largest payload accepted, in bytes (default [`DEFAULT_MAX_INPUT_BYTES`]).
    pub max_input_bytes: usize,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            on_error: Verdict::Deny,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
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

    fn failed(target: Target, call: Option<ToolCall>, error: HookError, on_error: Verdict) -> Self {
        Outcome {
            target,
            call,
            decision: Decision::internal_error(on_error, &error.to_string()),
            error: Some(error),
        }
    }
}

/// Reads a payload, parses it, runs `guard` on it and renders the host's answer.
///
/// `host` is the `--host` flag; without it the host is [`detect`]ed from the payload.
/// Each failure below becomes `Decision::internal_error(settings.on_error, …)`, whose
/// reason says it is hookkit's own failure, rendered for the host (and the event, when it
/// could be read) so that the host blocks — see the table in [`crate::render`](mod@crate::render):
/// input over `settings.max_input_bytes`, invalid UTF-8, malformed JSON, JSON that is not
/// an object, an unrecognised host, an unknown event, a missing required field, an error
/// returned by `guard`, and a panic in `guard` (caught; install
/// [`install_quiet_panic_hook`] so the default hook prints nothing to stderr).
pub fn run<G>(host: Option<Host>, input: &[u8], settings: &RunSettings, guard: G) -> Rendered
where
    G: FnOnce(&ToolCall) -> Result<Decision, GuardError>,
{
    check(host, input, settings, guard).render()
}

/// [`run`] on at most `settings.max_input_bytes + 1` bytes of stdin (see
/// [`read_stdin_bounded`]); a read error is rendered like any other failure. The one call
/// a hook binary needs.
pub fn run_stdin<G>(host: Option<Host>, settings: &RunSettings, guard: G) -> Rendered
where
    G: FnOnce(&ToolCall) -> Result<Decision, GuardError>,
{
    match read_stdin_bounded(settings.max_input_bytes) {
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
    if input.len() > settings.max_input_bytes {
        let error = HookError::Oversize {
            size: input.len(),
            limit: settings.max_input_bytes,
        };
        return Outcome::failed(unknown, None, error, on_error);
    }
    let mut value = match decode(input) {
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
            let target = match hosts::event_of(host, map) {
                Some((event, host_event)) => Target::Event {
                    host,
                    event,
                    host_event,
                    mcp: false,
                },
                None => Target::Host(host),
            };
            return Outcome::failed(target, None, error, on_error);
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
pub fn read_stdin_bounded(limit: usize) -> std::io::Result<Vec<u8>> {
    read_bounded(std::io::stdin().lock(), limit)
}

/// Reads `reader` to its end or to `limit + 1` bytes, whichever comes first.
pub fn read_bounded(reader: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
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
}
