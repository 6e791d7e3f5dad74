//! [`run_guard`]: the whole life of one hook process for a guard binary, so that every
//! guard reads its input, layers its configuration, records its audit trail and fails
//! closed the same way.

use crate::contain::Containment;
use crate::render::{Rendered, Target};
use crate::run::{GuardError, Outcome, RunSettings, check, peek_post_tool, read_bounded_peeking};
use hookkit_policy::{Config, ConfigSources, Decision, Host, ToolCall, Verdict};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Run one hook call for the guard called `guard` (`command-guard`, `secret-guard`):
///
/// 1. load the configuration for the process's working directory (for `on_error` and the
///    input limit), with `explicit` (`--config`) or `$HOOKKIT_CONFIG` on top;
/// 2. read stdin up to the limit and parse it for `host` (detected when `None`);
/// 3. reload the configuration for the call's own working directory when it differs, and
///    ask `decide` for the decision;
/// 4. when `[audit] enabled`, append the audit record; if that fails, the decision becomes
///    the `on_error` one (the user asked for every decision to be recorded);
/// 5. when the decision denies or asks and a tighten-only project file tried to loosen
///    the configuration, add a line naming it to the reason ([`Config::ignored_note`]);
/// 6. render the host's answer.
///
/// Every failure, a panic included, becomes the `on_error` decision (deny by default)
/// rendered for the host; a panic outside the guard's own call is answered with exit 2 and
/// a reason on stderr, which every host treats as blocking (shared/hosts/README.md).
///
/// Failures a panic handler cannot see are contained too ([`Containment`]): past the
/// deadline (`deadline_ms`, default 1000 ms from the start of this call) the `on_error`
/// answer is printed and the process ends; a native fault (segmentation fault, stack
/// overflow, abort) prints the same answer, rendered before the analysis starts, and ends
/// the process with a blocking exit code. Neither is recorded in the audit trail.
pub fn run_guard<D>(
    guard: &str,
    host: Option<Host>,
    explicit: Option<PathBuf>,
    decide: D,
) -> Rendered
where
    D: FnOnce(&ToolCall, &Config) -> Result<Decision, GuardError>,
{
    let start = Instant::now();
    let contain = Containment::start(guard, start);
    let served = catch_unwind(AssertUnwindSafe(|| {
        serve(guard, host, explicit, decide, &contain)
    }));
    contain.finish();
    match served {
        Ok(rendered) => rendered,
        Err(_) => Rendered {
            stdout: String::new(),
            stderr: format!(
                "hookkit {guard} failed internally and blocks this call; it is hookkit's own failure\n"
            ),
            exit_code: 2,
            fallback_reason: None,
        },
    }
}

fn serve<D>(
    guard: &str,
    host: Option<Host>,
    explicit: Option<PathBuf>,
    decide: D,
    contain: &Containment,
) -> Rendered
where
    D: FnOnce(&ToolCall, &Config) -> Result<Decision, GuardError>,
{
    let cwd = std::env::current_dir().ok();
    // Before the call is read, only the files a person writes (the user's and the
    // explicit one): a project file the agent may have planted is read once the call,
    // and so the answer that withholds its output, is known (a huge or slow project
    // file then meets that answer at the deadline, not a bare exit 2).
    let base = Config::load(&ConfigSources::discover(None, explicit.clone()));
    // What an untrusted project file tried to loosen, for the reason of a deny or ask.
    let base_note = base.as_ref().ok().and_then(Config::ignored_note);
    let settings = match &base {
        Ok(c) => {
            contain.update(None, Some((c.on_error, c.deadline_ms)));
            RunSettings {
                on_error: c.on_error,
                max_input_bytes: usize::try_from(c.max_input_bytes).unwrap_or(usize::MAX),
                max_output_bytes: usize::try_from(c.max_output_bytes).unwrap_or(usize::MAX),
            }
        }
        Err(_) => RunSettings::default(),
    };
    // After a tool ran, the answers withhold the output from the payload's first fields
    // on, not only once the whole payload is read and parsed (which can outlast the
    // deadline for a large output).
    let peek = |prefix: &[u8]| {
        if let Some((target, stand_in)) = host.and_then(|h| peek_post_tool(h, prefix)) {
            contain.update(Some(target), None);
            contain.withhold(stand_in);
        }
    };
    let input = match read_bounded_peeking(std::io::stdin().lock(), settings.read_limit(), peek) {
        Ok(input) => input,
        Err(e) => {
            let mut failed = Outcome {
                target: host.map_or(Target::Unknown, Target::Host),
                call: None,
                decision: Decision::internal_error(
                    settings.on_error,
                    &format!("could not read the hook input: {e}"),
                ),
                error: None,
            };
            add_note(&mut failed.decision, base_note);
            return failed.render();
        }
    };
    let mut used: Option<Config> = None;
    let mut outcome = check(host, &input, &settings, |call| {
        contain.update(Some(Target::of(call)), None);
        contain.withhold(crate::withhold::withheld_output(call));
        let config = config_for(call, cwd.as_deref(), explicit.clone())?;
        contain.update(None, Some((config.on_error, config.deadline_ms)));
        #[cfg(debug_assertions)]
        test_fault();
        let decision = decide(call, &config)?;
        used = Some(config);
        Ok(decision)
    });
    if outcome.call.is_none() {
        // Input that could not be read as a call: the whole configuration, the project
        // file included, now decides (its on_error, the note on ignored loosening).
        let whole = Config::load(&ConfigSources::discover(cwd.as_deref(), explicit));
        if let (Ok(whole), Some(error)) = (whole, &outcome.error) {
            if whole.on_error != settings.on_error {
                let what = error.to_string();
                outcome.fail(whole.on_error, &what);
            }
            used = Some(whole);
        }
    }
    let config = used.as_ref().filter(|c| c.audit.enabled);
    // The trail records what the host was told: an ask it cannot express is a deny.
    let recorded = config.map(|c| {
        let enforced = crate::render::enforced(&outcome.target, outcome.decision.verdict);
        let answered;
        let decision = if enforced == outcome.decision.verdict {
            &outcome.decision
        } else {
            answered = Decision {
                verdict: enforced,
                ..outcome.decision.clone()
            };
            &answered
        };
        hookkit_audit_trail::record(guard, c, outcome.call.as_ref(), decision, &input)
    });
    if let (Some(config), Some(Err(e))) = (config, recorded) {
        outcome.fail(
            config.on_error,
            &format!("could not write the audit log: {e}"),
        );
    }
    add_note(
        &mut outcome.decision,
        used.as_ref().map_or(base_note, Config::ignored_note),
    );
    outcome.render()
}

/// Add `note` (what a tighten-only file tried to loosen) as a last line of the reason of
/// a deny or an ask.
fn add_note(decision: &mut Decision, note: Option<String>) {
    if let Some(note) = note.filter(|_| decision.verdict > Verdict::Allow) {
        if !decision.reason.is_empty() {
            decision.reason.push('\n');
        }
        decision.reason.push_str(&note);
    }
}

/// Debug builds only: the fault `HOOKKIT_TEST_FAULT` names (`segv`, `bus`, `ill`, `fpe`,
/// `abort`, `stack`, or `hang` to outlive the deadline), provoked where the analysis runs,
/// for the tests that prove a hook binary contains it. Release builds have no such switch.
#[cfg(debug_assertions)]
fn test_fault() {
    let Some(name) = std::env::var_os("HOOKKIT_TEST_FAULT") else {
        return;
    };
    let name = name.to_string_lossy();
    if name == "hang" {
        std::thread::sleep(std::time::Duration::from_secs(60));
    } else if let Some(fault) = hookkit_failsafe::Fault::named(&name) {
        hookkit_failsafe::provoke(fault);
    }
}

/// The whole configuration for the call: the person's files and the project file found
/// from the call's own working directory (else the process's).
fn config_for(
    call: &ToolCall,
    process_cwd: Option<&Path>,
    explicit: Option<PathBuf>,
) -> Result<Config, hookkit_policy::Error> {
    let cwd = call.cwd.as_deref().or(process_cwd);
    Config::load(&ConfigSources::discover(cwd, explicit))
}
