//! [`run_guard`]: the whole life of one hook process for a guard binary, so that every
//! guard reads its input, layers its configuration, records its audit trail and fails
//! closed the same way.

use crate::render::{Rendered, Target};
use crate::run::{GuardError, Outcome, RunSettings, check, read_stdin_bounded};
use hookkit_policy::{Config, ConfigSources, Decision, Host, ToolCall};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Run one hook call for the guard called `guard` (`command-guard`, `secret-guard`):
///
/// 1. load the configuration for the process's working directory (for `on_error` and the
///    input limit), with `explicit` (`--config`) or `$HOOKKIT_CONFIG` on top;
/// 2. read stdin up to the limit and parse it for `host` (detected when `None`);
/// 3. reload the configuration for the call's own working directory when it differs, and
///    ask `decide` for the decision;
/// 4. when `[audit] enabled`, append the audit record; if that fails, the decision becomes
///    the `on_error` one (the user asked for every decision to be recorded);
/// 5. render the host's answer.
///
/// Every failure, a panic included, becomes the `on_error` decision (deny by default)
/// rendered for the host; a panic outside the guard's own call is answered with exit 2 and
/// a reason on stderr, which every host treats as blocking (shared/hosts/README.md).
pub fn run_guard<D>(
    guard: &str,
    host: Option<Host>,
    explicit: Option<PathBuf>,
    decide: D,
) -> Rendered
where
    D: FnOnce(&ToolCall, &Config) -> Result<Decision, GuardError>,
{
    match catch_unwind(AssertUnwindSafe(|| serve(guard, host, explicit, decide))) {
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

fn serve<D>(guard: &str, host: Option<Host>, explicit: Option<PathBuf>, decide: D) -> Rendered
where
    D: FnOnce(&ToolCall, &Config) -> Result<Decision, GuardError>,
{
    let cwd = std::env::current_dir().ok();
    let base = Config::load(&ConfigSources::discover(cwd.as_deref(), explicit.clone()));
    let settings = match &base {
        Ok(c) => RunSettings {
            on_error: c.on_error,
            max_input_bytes: usize::try_from(c.max_input_bytes).unwrap_or(usize::MAX),
            max_output_bytes: usize::try_from(c.max_output_bytes).unwrap_or(usize::MAX),
        },
        Err(_) => RunSettings::default(),
    };
    let input = match read_stdin_bounded(settings.read_limit()) {
        Ok(input) => input,
        Err(e) => {
            let failed = Outcome {
                target: host.map_or(Target::Unknown, Target::Host),
                call: None,
                decision: Decision::internal_error(
                    settings.on_error,
                    &format!("could not read the hook input: {e}"),
                ),
                error: None,
            };
            return failed.render();
        }
    };
    let mut used: Option<Config> = None;
    let mut outcome = check(host, &input, &settings, |call| {
        let config = config_for(call, cwd.as_deref(), explicit, base)?;
        let decision = decide(call, &config)?;
        used = Some(config);
        Ok(decision)
    });
    let config = used.as_ref().filter(|c| c.audit.enabled);
    let recorded = config.map(|c| {
        hookkit_policy::audit::record(guard, c, outcome.call.as_ref(), &outcome.decision, &input)
    });
    if let (Some(config), Some(Err(e))) = (config, recorded) {
        outcome.fail(
            config.on_error,
            &format!("could not write the audit log: {e}"),
        );
    }
    outcome.render()
}

/// The configuration for the call's own working directory (the process's may differ).
fn config_for(
    call: &ToolCall,
    process_cwd: Option<&Path>,
    explicit: Option<PathBuf>,
    base: Result<Config, hookkit_policy::Error>,
) -> Result<Config, hookkit_policy::Error> {
    match &call.cwd {
        Some(cwd) if Some(cwd.as_path()) != process_cwd => {
            Config::load(&ConfigSources::discover(Some(cwd), explicit))
        }
        _ => base,
    }
}
