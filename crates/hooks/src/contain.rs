//! [`Containment`]: a hook call answers within its own deadline, and with a block on a
//! native fault, whatever the guard is doing.
//!
//! Hosts run the tool call when a hook times out or dies of a signal
//! (shared/hosts/README.md). So from the start of [`crate::run_guard`], the failsafe
//! (`hookkit-failsafe`) holds two answers, rendered before the analysis starts and again
//! whenever more of the call is known (the target once the payload is parsed, the
//! `on_error` decision and the deadline once the configuration is read):
//!
//! - at the **deadline** (`deadline_ms`, default 1000 ms from the start of the hook), a
//!   timer signal prints the `on_error` answer for the call, saying it was too large or
//!   too complex to analyse in time, and ends the process;
//! - on a **native fault** (segmentation fault, stack overflow, abort), the same `on_error`
//!   answer, saying hookkit crashed, ends the process with a blocking exit code.
//!
//! Exactly one answer is printed: [`Containment::finish`] stops the timer before the
//! guard prints its own. Before the payload is read, both answers are exit 2 with a reason
//! on stderr, which blocks on every host before a tool runs. After a tool ran, exit 2 does
//! not withhold the output on Claude Code (it adds a message next to the output it shows),
//! so with `--host` the answers are the event's own, withholding the output, as soon as the
//! payload's first 64 KiB tell that a tool ran (`run::peek_post_tool`), while the rest is
//! still being read and parsed.

use crate::render::{Rendered, Target, render};
use hookkit_policy::config::DEFAULT_DEADLINE_MS;
use hookkit_policy::{Decision, Event, Verdict};
use serde_json::Value;
use std::cell::RefCell;
use std::time::{Duration, Instant};

/// What the answers are rendered from.
struct State {
    guard: String,
    target: Target,
    /// After a tool ran, what stands in for its output ([`crate::withhold`]).
    stand_in: Option<Value>,
    on_error: Verdict,
    deadline_ms: u64,
    /// True when stdout is /dev/null (or was closed): no host reads an answer there.
    stdout_discards: bool,
}

/// The deadline and fault answers of one hook call.
pub struct Containment {
    state: RefCell<State>,
    start: Instant,
}

impl Containment {
    /// Starts containment for `guard`'s call, which started at `start`: the default
    /// deadline is armed, and a fault or the deadline answer with exit 2 and a reason until
    /// [`Containment::update`] says more.
    pub fn start(guard: &str, start: Instant) -> Containment {
        let fallback = |what: &str| hookkit_failsafe::Answer {
            stdout: Vec::new(),
            stderr: format!(
                "hookkit {guard} {what} before it could read the call, and blocks it; it is \
                 hookkit's own failure\n"
            )
            .into_bytes(),
            exit_code: 2,
            exit_code_unwritten: 2,
        };
        hookkit_failsafe::install(
            fallback("crashed"),
            fallback("ran out of time"),
            remaining(start, DEFAULT_DEADLINE_MS),
        );
        Containment {
            state: RefCell::new(State {
                guard: guard.to_owned(),
                target: Target::Unknown,
                stand_in: None,
                on_error: Verdict::Deny,
                deadline_ms: DEFAULT_DEADLINE_MS,
                stdout_discards: crate::render::stdout_discards(),
            }),
            start,
        }
    }

    /// Updates what is known: the target once the payload is parsed, the `on_error`
    /// decision and `deadline_ms` once the configuration is read. Renders the answers again
    /// when the target or `on_error` changed, and moves the deadline when it changed.
    pub fn update(&self, target: Option<Target>, config: Option<(Verdict, u64)>) {
        let mut state = self.state.borrow_mut();
        let mut changed = false;
        if let Some(target) = target.filter(|t| *t != state.target) {
            state.target = target;
            changed = true;
        }
        if let Some((on_error, deadline_ms)) = config {
            if on_error != state.on_error {
                state.on_error = on_error;
                changed = true;
            }
            if deadline_ms != state.deadline_ms {
                state.deadline_ms = deadline_ms;
                changed = true;
                hookkit_failsafe::arm(remaining(self.start, deadline_ms));
            }
        }
        if changed && state.target != Target::Unknown {
            publish(&state);
        }
    }

    /// After a tool ran: the answers withhold the output by putting `stand_in` in its place
    /// where the host can replace it (Claude Code), as every other failure of hookkit's
    /// own does.
    pub fn withhold(&self, stand_in: Option<Value>) {
        let mut state = self.state.borrow_mut();
        if stand_in.is_some() {
            state.stand_in = stand_in;
            publish(&state);
        }
    }

    /// Stops the deadline: the guard prints its own answer now.
    pub fn finish(&self) {
        hookkit_failsafe::disarm();
    }
}

/// The time left until `deadline_ms` after `start`.
fn remaining(start: Instant, deadline_ms: u64) -> Duration {
    (start + Duration::from_millis(deadline_ms)).saturating_duration_since(Instant::now())
}

/// Renders both answers for `state` and hands them to the failsafe.
fn publish(state: &State) {
    let deadline = format!(
        "{} did not finish within its {} ms deadline: the call is too large or too complex \
         to analyse; split it into smaller, plainer calls",
        state.guard, state.deadline_ms
    );
    let crashed = format!("{} crashed while analysing it", state.guard);
    hookkit_failsafe::set_deadline(answer(state, &deadline, false));
    hookkit_failsafe::set_fault(answer(state, &crashed, true));
}

/// The `on_error` answer saying `what`, with the stand-in for the output after a tool ran.
/// A fault answer (`fault`) also puts the reason on stderr and, before a tool runs (or when
/// the event is unknown), exits 2, which every host reads as a block even without the
/// JSON; after a tool ran it keeps the answer's own exit code, since its JSON is what
/// withholds the output (Copilot CLI ignores exit 2 there).
fn answer(state: &State, what: &str, fault: bool) -> hookkit_failsafe::Answer {
    let mut decision = Decision::internal_error(state.on_error, what);
    if decision.verdict != Verdict::Allow {
        decision.replacement_output = state.stand_in.clone();
    }
    let rendered: Rendered = render(&state.target, &decision);
    let post = matches!(
        state.target,
        Target::Event {
            event: Event::PostTool,
            ..
        }
    );
    let blocks = state.on_error != Verdict::Allow;
    let mut stderr = rendered.stderr.into_bytes();
    if stderr.is_empty() && blocks {
        stderr = format!("{}\n", decision.reason).into_bytes();
    }
    let exit_code = if fault && blocks && !post {
        2
    } else {
        rendered.exit_code
    };
    let exit_code_unwritten = if rendered.fallback_reason.is_some() {
        2
    } else {
        exit_code
    };
    hookkit_failsafe::Answer {
        stdout: rendered.stdout.into_bytes(),
        stderr,
        // An answer written to /dev/null is as lost as one that could not be written.
        exit_code: if state.stdout_discards {
            exit_code_unwritten
        } else {
            exit_code
        },
        exit_code_unwritten,
    }
}
