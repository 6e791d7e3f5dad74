//! `hookkit doctor`: whether each host would run hookkit's guards, and what would leave a
//! guard off. It reads, never writes: the hosts' registration files, their trust and
//! switch-off settings, the guard binaries (`--version` is the only thing run) and hookkit's
//! own configuration.
//!
//! Per host (`--host`, default all nine): the registrations at user, project, managed and
//! plugin level ([`hooks`]; opencode's and Kilo CLI's is hookkit's plugin file); whether
//! their events and matchers cover the ready-made registration of `hooks/<host>/`
//! ([`expected`]); whether each registered command resolves, is executable and answers
//! ([`binary`]); and the host's gates ([`codex`], [`copilot`], [`gemini`], [`claude`],
//! [`cursor`], [`qwen`], [`opencode`], [`droid`]). Then hookkit's own configuration
//! ([`own`]).
//!
//! Exit codes: 0 when every host with a registration is fully guarded, 1 when something
//! would leave a guard off (each such finding names the fix), 2 on a usage error. A host with
//! nothing registered is "not set up" and fails the run only when named with `--host`.

pub(crate) mod binary;
mod claude;
mod codex;
mod copilot;
mod cursor;
mod droid;
pub(crate) mod expected;
mod gemini;
pub(crate) mod hooks;
mod model;
mod opencode;
mod own;
mod qwen;
mod render;

use binary::WhenMissing;
use clap::{Args, ValueEnum};
use hookkit_policy::{Error, Host};
use hooks::{Hook, Scope, Source, hooks_object, read_json};
use model::{Check, Finding, HostReport, Level, Registration, Report, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The arguments of `hookkit doctor`.
#[derive(Args)]
pub struct DoctorArgs {
    /// Check only this host (repeatable): claude-code, codex, cursor, gemini-cli,
    /// copilot-cli, qwen-code, opencode, kilo, factory-droid. A host named here that has
    /// nothing registered
    /// fails the run.
    #[arg(long = "host", value_name = "HOST")]
    hosts: Vec<Host>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// The report's format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A section per host, one line per finding, fixes indented below.
    Human,
    /// One JSON document (the `Report` shape: hosts, registrations, findings).
    Json,
}

/// Run `hookkit doctor`: the exit code (0 guarded, 1 a guard would be off) and the report.
///
/// # Errors
/// No home directory (`$HOME` unset) or no current directory.
pub fn run(args: &DoctorArgs) -> Result<(u8, String), Error> {
    let env = Env::from_process().map_err(|message| Error::Invalid {
        path: None,
        message,
    })?;
    let hosts: Vec<Host> = if args.hosts.is_empty() {
        Host::ALL.to_vec()
    } else {
        let mut named = Vec::new();
        for h in &args.hosts {
            if !named.contains(h) {
                named.push(*h);
            }
        }
        named
    };
    let reports: Vec<HostReport> = hosts
        .iter()
        .map(|h| inspect(*h, &env, !args.hosts.is_empty()))
        .collect();
    let own = own::inspect(&env);
    let ok = reports
        .iter()
        .flat_map(|r| &r.findings)
        .chain(&own.findings)
        .all(|f| f.level != Level::Fail);
    let report = Report {
        version: env!("CARGO_PKG_VERSION"),
        cwd: env.cwd.clone(),
        ok,
        hosts: reports,
        hookkit: own,
    };
    let text = match args.format {
        Format::Human => render::human(&report),
        Format::Json => render::json(&report),
    };
    Ok((if ok { 0 } else { 1 }, text))
}

/// The process environment doctor reads: where each host keeps its files, `PATH`, the
/// current directory.
pub struct Env {
    /// `$HOME`.
    pub home: PathBuf,
    /// The current directory: the project checked.
    pub cwd: PathBuf,
    /// The directories of `$PATH`, in order.
    pub path: Vec<PathBuf>,
    /// `$CARGO_HOME/bin`, else `~/.cargo/bin`: where `cargo install` puts the guards.
    pub cargo_bin: PathBuf,
    /// `$CODEX_HOME`, else `~/.codex`.
    pub codex_home: PathBuf,
    /// `$CLAUDE_CONFIG_DIR`, else `~/.claude`.
    pub claude_dir: PathBuf,
    /// `$GEMINI_CLI_HOME/.gemini`, else `~/.gemini`.
    pub gemini_dir: PathBuf,
    /// `$COPILOT_HOME`, else `~/.copilot`.
    pub copilot_home: PathBuf,
    /// `$QWEN_HOME` (`~/` expanded), else `~/.qwen`.
    pub qwen_dir: PathBuf,
    /// opencode's user configuration folder: `$XDG_CONFIG_HOME/opencode`, else
    /// `~/.config/opencode` (opencode's `Global.Path.config`, from xdg-basedir).
    pub opencode_dir: PathBuf,
    /// Kilo CLI's: `$XDG_CONFIG_HOME/kilo`, else `~/.config/kilo` (`kilo debug paths`).
    pub kilo_dir: PathBuf,
    /// `$FACTORY_HOME_OVERRIDE/.factory`, else `~/.factory` (Factory droid 0.225.2 puts
    /// its home there, measured).
    pub factory_dir: PathBuf,
    vars: BTreeMap<String, String>,
}

/// Environment variables that change what a host loads or trusts, kept for [`Env::var`].
const HOST_VARS: [&str; 11] = [
    "GEMINI_CLI_TRUST_WORKSPACE",
    "GEMINI_CLI_TRUSTED_FOLDERS_PATH",
    "GEMINI_CLI_SYSTEM_SETTINGS_PATH",
    "COPILOT_ALLOW_ALL",
    "QWEN_CODE_SYSTEM_SETTINGS_PATH",
    "QWEN_CODE_SYSTEM_DEFAULTS_PATH",
    "QWEN_CODE_TRUSTED_FOLDERS_PATH",
    "OPENCODE_PURE",
    "OPENCODE_CONFIG_DIR",
    "KILO_PURE",
    "KILO_CONFIG_DIR",
];

impl Env {
    /// The environment of this process.
    ///
    /// # Errors
    /// A message when `$HOME` is unset or empty, or the current directory is unknown.
    pub(crate) fn from_process() -> Result<Env, String> {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("the current directory cannot be read: {e}"))?;
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .ok_or("no home directory: set $HOME")?;
        let absolute = |var: &str, default: PathBuf| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map_or(default, |v| cwd.join(PathBuf::from(v)))
        };
        let gemini_home = absolute("GEMINI_CLI_HOME", home.clone());
        // Qwen Code expands a leading `~/` of `$QWEN_HOME` (`resolveConfigPathLite`).
        let qwen_dir = match std::env::var("QWEN_HOME") {
            Ok(dir) if dir == "~" => home.clone(),
            Ok(dir) if dir.starts_with("~/") => home.join(&dir[2..]),
            _ => absolute("QWEN_HOME", home.join(".qwen")),
        };
        Ok(Env {
            path: std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect())
                .unwrap_or_default(),
            cargo_bin: absolute("CARGO_HOME", home.join(".cargo")).join("bin"),
            codex_home: absolute("CODEX_HOME", home.join(".codex")),
            claude_dir: absolute("CLAUDE_CONFIG_DIR", home.join(".claude")),
            gemini_dir: gemini_home.join(".gemini"),
            copilot_home: absolute("COPILOT_HOME", home.join(".copilot")),
            qwen_dir,
            opencode_dir: absolute("XDG_CONFIG_HOME", home.join(".config")).join("opencode"),
            kilo_dir: absolute("XDG_CONFIG_HOME", home.join(".config")).join("kilo"),
            factory_dir: absolute("FACTORY_HOME_OVERRIDE", home.clone()).join(".factory"),
            vars: HOST_VARS
                .iter()
                .filter_map(|k| std::env::var(k).ok().map(|v| ((*k).to_owned(), v)))
                .collect(),
            home,
            cwd,
        })
    }

    /// One of [`HOST_VARS`], when set.
    pub fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
}

/// What a host module found: the registration files, findings about them and gates that
/// did not switch anything off, and the gates that did.
#[derive(Default)]
pub struct Found {
    /// Every registration file, hooks switched off where a gate applies.
    pub sources: Vec<Source>,
    /// Files that do not read, and other findings.
    pub findings: Vec<Finding>,
    /// Gates that switch hookkit hooks off.
    pub off_gates: Vec<OffGate>,
}

impl Found {
    /// A gate that switches off the sources `pick` selects (by index and source): when one
    /// of them runs a hookkit guard, their hooks are marked off (`why`) and `gate` is
    /// recorded.
    pub fn gate(&mut self, pick: impl Fn(usize, &Source) -> bool, why: &str, gate: Finding) {
        let hit = self
            .sources
            .iter()
            .enumerate()
            .any(|(i, s)| pick(i, s) && s.has_guard());
        if !hit {
            return;
        }
        for (i, s) in self.sources.iter_mut().enumerate() {
            if pick(i, s) {
                s.switch_off(why);
            }
        }
        self.off_gates.push(OffGate(gate));
    }

    /// The folder is not trusted, so the host skips the project's hooks: `message` says so
    /// and `fix` how to trust it.
    pub fn untrusted_project(&mut self, message: String, fix: String) {
        self.gate(
            |_, s| s.scope == Scope::Project,
            "the folder is not trusted",
            Finding::new(Level::Fail, Check::Gate, message).fix(fix),
        );
    }

    /// `file` does not read (`error`): a failing finding saying what the host then does
    /// (`consequence`), with the fix.
    pub fn unreadable(&mut self, file: &Path, error: &str, consequence: &str) {
        self.findings.push(
            Finding::new(
                Level::Fail,
                Check::Registration,
                format!("{error}; {consequence}"),
            )
            .fix(format!("fix the syntax of {}", file.display())),
        );
    }

    /// `setting` in `file` switches every hook of `host` (a display name) off.
    pub fn all_off(&mut self, file: &Path, setting: &str, host: &str, fix: String) {
        self.gate(
            |_, _| true,
            &format!("{setting} in {}", file.display()),
            Finding::new(
                Level::Fail,
                Check::Gate,
                format!(
                    "{} sets {setting}: {host} runs no hook at all",
                    file.display()
                ),
            )
            .fix(fix),
        );
    }
}

/// A gate that switches hookkit hooks off. It fails the run when what remains leaves a gap;
/// when other registrations still cover everything, it is a warning.
pub struct OffGate(pub Finding);

/// Reads a JSON settings file of `host` (a display name) and records it in `found`: a
/// [`Source`] when it has a `hooks` object, a failing finding when it does not parse.
/// Returns the document when the file exists and parses.
pub fn settings_source(
    file: &Path,
    scope: Scope,
    host: &str,
    found: &mut Found,
) -> Option<serde_json::Value> {
    match read_json(file) {
        Ok(Some(doc)) => {
            if let Some(events) = hooks_object(&doc) {
                found
                    .sources
                    .push(Source::new(file.to_path_buf(), scope, events));
            }
            Some(doc)
        }
        Ok(None) => None,
        Err(e) => {
            found.unreadable(
                file,
                &e,
                &format!("{host} cannot read the hooks it may register"),
            );
            None
        }
    }
}

/// The report for one host; `named`: the host was named with `--host`.
fn inspect(host: Host, env: &Env, named: bool) -> HostReport {
    let found = match host {
        Host::ClaudeCode => claude::discover(env),
        Host::Codex => codex::discover(env),
        Host::Cursor => cursor::discover(env),
        Host::GeminiCli => gemini::discover(env),
        Host::CopilotCli => copilot::discover(env),
        Host::QwenCode => qwen::discover(env),
        Host::Opencode | Host::Kilo => opencode::discover(host, env),
        Host::FactoryDroid => droid::discover(env),
    };
    let mut findings = found.findings;
    let guarded: Vec<(&Source, &Hook)> = found
        .sources
        .iter()
        .flat_map(|s| s.hooks.iter().map(move |h| (s, h)))
        .filter(|(_, h)| !h.calls.is_empty())
        .collect();
    let registrations: Vec<Registration> = guarded
        .iter()
        .flat_map(|(s, h)| {
            h.calls.iter().map(move |c| Registration {
                file: s.file.clone(),
                scope: s.scope.label(),
                event: h.event.clone(),
                matcher: h.matcher.clone(),
                guard: c.guard.name(),
                command: h.command.clone(),
                active: h.off.is_none(),
                state: h.state.clone(),
            })
        })
        .collect();
    if registrations.is_empty() {
        if named {
            findings.push(
                Finding::new(
                    Level::Fail,
                    Check::Registration,
                    format!("no hookkit guard is registered for {}", host.as_str()),
                )
                .fix(register_fix(host, env)),
            );
        }
        return report(host, registrations, findings, true);
    }

    findings.extend(host_flags(host, &guarded));

    let active: Vec<&Hook> = guarded
        .iter()
        .filter(|(_, h)| h.off.is_none())
        .map(|(_, h)| *h)
        .collect();
    let gaps = expected::gaps(host, &active);
    let covered = gaps.is_empty();
    for OffGate(mut gate) in found.off_gates {
        if covered {
            gate.level = Level::Warn;
            gate.message
                .push_str("; the other registrations still cover every event and tool");
        }
        findings.push(gate);
    }
    if active.is_empty() {
        findings.push(Finding::new(
            Level::Fail,
            Check::Coverage,
            format!(
                "{} runs none of the hookkit hooks registered for it (see the gates above)",
                host_name(host)
            ),
        ));
    } else {
        for gap in &gaps {
            findings.push(gap_finding(host, gap, &guarded, env));
        }
        if covered {
            findings.push(Finding::new(
                Level::Ok,
                Check::Coverage,
                format!(
                    "every event and tool of {} reaches its guard",
                    expected::file(host)
                ),
            ));
        }
    }

    findings.extend(binaries(host, &guarded, env));
    report(host, registrations, findings, false)
}

/// A failing finding for each guard run with another host's `--host`, an informational one
/// for each run without `--host`.
fn host_flags(host: Host, guarded: &[(&Source, &Hook)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (s, h) in guarded {
        for c in &h.calls {
            match c.host_flag.as_deref() {
                Some(flag) if flag == host.as_str() => {}
                Some(flag) => findings.push(
                    Finding::new(
                        Level::Fail,
                        Check::Registration,
                        format!(
                            "{}: `{}` passes `--host {flag}` to {}: the guard reads {flag}'s \
                             payloads and answers in its format, which {} does not understand",
                            s.file.display(),
                            h.command,
                            c.guard.name(),
                            host_name(host)
                        ),
                    )
                    .fix(format!(
                        "use `--host {}` in that command in {}",
                        host.as_str(),
                        s.file.display()
                    )),
                ),
                None => findings.push(Finding::new(
                    Level::Info,
                    Check::Registration,
                    format!(
                        "{}: `{}` has no `--host`: the guard detects the host from the payload",
                        s.file.display(),
                        h.command
                    ),
                )),
            }
        }
    }

    findings
}

/// The binary findings of each distinct program the active hooks run (all hooks' when none
/// is active).
fn binaries(host: Host, guarded: &[(&Source, &Hook)], env: &Env) -> Vec<Finding> {
    let mut findings = Vec::new();
    let missing = |h: &Hook| match host {
        // Qwen Code and Factory droid run the call when a hook exits 127 (measured on
        // 0.24.4 and 0.225.2).
        Host::ClaudeCode | Host::Codex | Host::QwenCode | Host::FactoryDroid => WhenMissing::Runs,
        // hookkit's opencode plugin refuses the call when a guard cannot be started
        // (measured, crates/hookkit/tests/e2e_opencode.rs).
        Host::GeminiCli | Host::CopilotCli | Host::Opencode | Host::Kilo => WhenMissing::Blocked,
        Host::Cursor => {
            if h.handler
                .get("failClosed")
                .and_then(serde_json::Value::as_bool)
                == Some(true)
            {
                WhenMissing::Blocked
            } else {
                WhenMissing::Runs
            }
        }
    };
    let mut probed: Vec<&str> = Vec::new();
    let any_active = guarded.iter().any(|(_, h)| h.off.is_none());
    let checked = guarded
        .iter()
        .filter(|(_, h)| !any_active || h.off.is_none());
    for (_, h) in checked {
        for c in &h.calls {
            if probed.contains(&c.program.as_str()) {
                continue;
            }
            probed.push(&c.program);
            findings.extend(binary::check(c, host_name(host), missing(h), env));
        }
    }
    findings
}

fn report(
    host: Host,
    registrations: Vec<Registration>,
    mut findings: Vec<Finding>,
    empty: bool,
) -> HostReport {
    let status = if findings.iter().any(|f| f.level == Level::Fail) {
        Status::Problems
    } else if empty {
        Status::NotSetUp
    } else {
        Status::Guarded
    };
    findings.sort_by_key(|f| std::cmp::Reverse(f.level));
    HostReport {
        host,
        status,
        registrations,
        findings,
    }
}

/// The failing finding for one coverage gap, with the edit that closes it.
fn gap_finding(
    host: Host,
    gap: &expected::Gap,
    guarded: &[(&Source, &Hook)],
    env: &Env,
) -> Finding {
    let want = &gap.want;
    let guard = want.guard.name();
    let reference = expected::file(host);
    let same = guarded
        .iter()
        .find(|(_, h)| {
            h.off.is_none()
                && h.event == want.event
                && h.calls.iter().any(|c| c.guard == want.guard)
        })
        .map(|(s, _)| s.file.clone());
    let any_active = guarded
        .iter()
        .find(|(s, h)| h.off.is_none() && s.scope == Scope::User)
        .or_else(|| guarded.iter().find(|(_, h)| h.off.is_none()))
        .map(|(s, _)| s.file.clone());
    let matcher = want
        .matcher
        .as_deref()
        .map_or_else(String::new, |m| format!(" with the matcher `{m}`"));
    let registered_off = guarded.iter().any(|(_, h)| {
        h.off.is_some() && h.event == want.event && h.calls.iter().any(|c| c.guard == want.guard)
    });
    if gap.missing.is_empty() && registered_off {
        return Finding::new(
            Level::Fail,
            Check::Coverage,
            format!(
                "{guard} is registered on {} but {} does not run it (see the gate above): \
                 those calls run without it",
                want.event,
                host_name(host)
            ),
        );
    }
    if gap.missing.is_empty() {
        let file = any_active.unwrap_or_else(|| user_file(host, env));
        Finding::new(
            Level::Fail,
            Check::Coverage,
            format!(
                "{guard} is not registered on {}: those calls run without it",
                want.event
            ),
        )
        .fix(format!(
            "add to {} a {} entry running `{guard} --host {}`{matcher} (as in {reference})",
            file.display(),
            want.event,
            host.as_str()
        ))
    } else {
        let file = same.or(any_active).unwrap_or_else(|| user_file(host, env));
        Finding::new(
            Level::Fail,
            Check::Coverage,
            format!(
                "{guard} on {} does not match {}: those tools run without it",
                want.event,
                gap.missing.join(", ")
            ),
        )
        .fix(format!(
            "in {}, give the {} entry running {guard} the matcher `{}` (as in {reference})",
            file.display(),
            want.event,
            want.matcher.as_deref().unwrap_or("*")
        ))
    }
}

/// The host's name for people (`Claude Code`).
fn host_name(host: Host) -> &'static str {
    match host {
        Host::ClaudeCode => "Claude Code",
        Host::Codex => "Codex",
        Host::Cursor => "Cursor",
        Host::GeminiCli => "Gemini CLI",
        Host::CopilotCli => "Copilot CLI",
        Host::QwenCode => "Qwen Code",
        Host::Opencode => "opencode",
        Host::Kilo => "Kilo CLI",
        Host::FactoryDroid => "Factory droid",
    }
}

/// The user-level file a host's registration goes to (hooks/README.md's table).
fn user_file(host: Host, env: &Env) -> PathBuf {
    match host {
        Host::ClaudeCode => env.claude_dir.join("settings.json"),
        Host::Codex => env.codex_home.join("hooks.json"),
        Host::Cursor => env.home.join(".cursor").join("hooks.json"),
        Host::GeminiCli => env.gemini_dir.join("settings.json"),
        Host::CopilotCli => env.copilot_home.join("hooks").join("hookkit.json"),
        Host::QwenCode => env.qwen_dir.join("settings.json"),
        Host::Opencode => env
            .opencode_dir
            .join("plugins")
            .join(crate::opencode_plugin::FILE_NAME),
        Host::Kilo => env
            .kilo_dir
            .join("plugins")
            .join(crate::opencode_plugin::FILE_NAME),
        Host::FactoryDroid => crate::install::droid_file(&env.factory_dir),
    }
}

fn register_fix(host: Host, env: &Env) -> String {
    let file = user_file(host, env);
    if host == Host::FactoryDroid {
        return format!(
            "run `hookkit install --host factory-droid`, which merges {} into {} (hooks/README.md)",
            expected::file(host),
            file.display()
        );
    }
    if matches!(host, Host::Opencode | Host::Kilo) {
        return format!(
            "run `hookkit install --host {}`: it writes {} with the guards' absolute paths \
             to {}",
            host.as_str(),
            expected::file(host),
            file.display()
        );
    }
    let verb = match host {
        Host::ClaudeCode | Host::GeminiCli | Host::QwenCode => "merge",
        _ => "copy",
    };
    format!(
        "{verb} {} of a hookkit checkout into {} (hooks/README.md)",
        expected::file(host),
        file.display()
    )
}
