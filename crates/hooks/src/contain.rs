//! [`Containment`]: a hook call answers within its own deadline, and with a block on a
//! native fault, whatever the guard is doing.
//!
//! Hosts run the tool call when a hook times out or dies of a signal
//! (shared/hosts/README.md). So from the start of [`crate::run_guard`]:
//!
//! - a **watchdog** thread waits for the deadline (`deadline_ms`, default 1000 ms,
//!   measured from the start of the hook); if the call is not answered
//!   by then, it prints the `on_error` answer for what is known of the call, saying the call
//!   was too large or too complex to analyse in time, and ends the process;
//! - the **failsafe** (`hookkit-failsafe`) holds the answer a native fault gives: the same
//!   `on_error` answer, rendered before the analysis starts and again whenever the target
//!   becomes known.
//!
//! Exactly one answer is printed: the guard's claims the output with [`Containment::finish`]
//! before printing it, and once the watchdog has claimed it, `finish` never returns.

use crate::render::{Rendered, Target, render};
use hookkit_policy::config::DEFAULT_DEADLINE_MS;
use hookkit_policy::{Decision, Event, Verdict};
use serde_json::Value;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What the watchdog and the failsafe know of the call.
struct State {
    guard: String,
    target: Target,
    /// After a tool ran, what stands in for its output ([`crate::withhold`]).
    stand_in: Option<Value>,
    on_error: Verdict,
    deadline: Instant,
    deadline_ms: u64,
    /// The guard's answer claimed the output.
    finished: bool,
    /// The watchdog claimed the output.
    fired: bool,
}

/// The deadline watchdog and fault answer of one hook call.
pub struct Containment {
    shared: Arc<(Mutex<State>, Condvar)>,
}

impl Containment {
    /// Starts containment for `guard`'s call: the failsafe answers a fault, and a watchdog
    /// answers at `start` + the default deadline, both for `target` with a deny until
    /// [`Containment::update`] says more.
    pub fn start(guard: &str, target: Target, start: Instant) -> Containment {
        let state = State {
            guard: guard.to_owned(),
            target,
            stand_in: None,
            on_error: Verdict::Deny,
            deadline: start + Duration::from_millis(DEFAULT_DEADLINE_MS),
            deadline_ms: DEFAULT_DEADLINE_MS,
            finished: false,
            fired: false,
        };
        hookkit_failsafe::install(fault_answer(&state));
        let shared = Arc::new((Mutex::new(state), Condvar::new()));
        let watched = Arc::clone(&shared);
        // Without a thread there is no deadline of hookkit's own; the analysis is still
        // linear and capped.
        let _ = std::thread::Builder::new()
            .name("hookkit-deadline".into())
            .spawn(move || watch(&watched));
        Containment { shared }
    }

    /// Updates what is known: the target once the payload is parsed, the `on_error`
    /// decision and the deadline (`deadline_ms` after `start`) once the configuration is
    /// read.
    pub fn update(&self, target: Option<Target>, config: Option<(Verdict, u64)>, start: Instant) {
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(target) = target {
            state.target = target;
        }
        if let Some((on_error, deadline_ms)) = config {
            state.on_error = on_error;
            state.deadline_ms = deadline_ms;
            state.deadline = start + Duration::from_millis(deadline_ms);
        }
        hookkit_failsafe::set(fault_answer(&state));
        wake.notify_all();
    }

    /// After a tool ran: the answers withhold the output by putting `stand_in` in its place
    /// where the host can replace it (Claude Code), as every other failure of hookkit's
    /// own does.
    pub fn withhold(&self, stand_in: Option<Value>) {
        let (lock, _) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        state.stand_in = stand_in;
        hookkit_failsafe::set(fault_answer(&state));
    }

    /// Claims the output for the guard's own answer. If the watchdog has already answered,
    /// this never returns: the process is ending.
    pub fn finish(&self) {
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if state.fired {
            drop(state);
            loop {
                std::thread::park();
            }
        }
        state.finished = true;
        wake.notify_all();
    }
}

/// The watchdog: sleeps until the deadline (which may move), then answers unless the
/// guard has.
fn watch(shared: &(Mutex<State>, Condvar)) {
    let (lock, wake) = shared;
    let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if state.finished {
            return;
        }
        let now = Instant::now();
        if now >= state.deadline {
            break;
        }
        let wait = state.deadline - now;
        state = wake
            .wait_timeout(state, wait)
            .map_or_else(|e| e.into_inner().0, |(s, _)| s);
    }
    state.fired = true;
    let answer = render(&state.target, &deadline_decision(&state));
    drop(state);
    std::process::exit(answer.write());
}

/// The `on_error` decision of a call that outlived its deadline.
fn deadline_decision(state: &State) -> Decision {
    withholding(
        state,
        Decision::internal_error(
            state.on_error,
            &format!(
                "{} did not finish within its {} ms deadline: the call is too large or too \
                 complex to analyse; split it into smaller, plainer calls",
                state.guard, state.deadline_ms
            ),
        ),
    )
}

/// `decision` with the stand-in for the output, after a tool ran, unless it allows.
fn withholding(state: &State, mut decision: Decision) -> Decision {
    if decision.verdict != Verdict::Allow {
        decision.replacement_output = state.stand_in.clone();
    }
    decision
}

/// The answer a native fault gives: the `on_error` answer for the target, with the reason
/// on stderr too; before a tool runs (or when the event is unknown) with exit 2, which
/// every host reads as a block even without the JSON. After a tool ran, the answer's own
/// exit code: its JSON is what withholds the output (Copilot CLI ignores exit 2 there).
fn fault_answer(state: &State) -> hookkit_failsafe::Answer {
    let decision = withholding(
        state,
        Decision::internal_error(
            state.on_error,
            &format!("{} crashed while analysing it", state.guard),
        ),
    );
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
    hookkit_failsafe::Answer {
        stdout: rendered.stdout.into_bytes(),
        stderr,
        exit_code: if post || !blocks {
            rendered.exit_code
        } else {
            2
        },
    }
}
