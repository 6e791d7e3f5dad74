//! hookkit's own state for a call in the current directory, loaded the way the guards load
//! it (`ConfigSources::discover`, `Config::load`): the layers and their power, what an
//! untrusted project file tried to loosen, and whether the audit trail is written.

use super::Env;
use super::model::{Check, Finding, Layer, Level, OwnState};
use hookkit_policy::{Config, ConfigSources, Verdict};
use std::path::PathBuf;

/// The state of the configuration the guards would use for a call in `env.cwd`.
pub fn inspect(env: &Env) -> OwnState {
    let sources = ConfigSources::discover(Some(&env.cwd), None);
    let config = match Config::load(&sources) {
        Ok(config) => config,
        Err(e) => {
            return OwnState {
                layers: Vec::new(),
                profile: None,
                audit: false,
                findings: vec![
                    Finding::new(
                        Level::Fail,
                        Check::Config,
                        format!(
                            "hookkit's configuration does not load: {e}; both guards answer \
                             every call with their fail-closed deny until it is fixed"
                        ),
                    )
                    .fix("fix the file and line named above"),
                ],
            };
        }
    };
    let mut findings = Vec::new();
    let layers: Vec<Layer> = config
        .sources
        .iter()
        .map(|file| Layer {
            file: file.clone(),
            power: if config.tighten_only.contains(file) {
                "tighten-only"
            } else {
                "full"
            },
        })
        .collect();
    let chain = std::iter::once("built-in defaults".to_owned())
        .chain(
            layers
                .iter()
                .map(|l| format!("{} ({})", l.file.display(), l.power)),
        )
        .collect::<Vec<_>>()
        .join(" < ");
    match config.active_profile() {
        Ok(_) => findings.push(Finding::new(
            Level::Ok,
            Check::Config,
            format!(
                "loads: {chain}; profile `{}`, on_error `{}`",
                config.profile,
                config.on_error.as_str()
            ),
        )),
        Err(e) => findings.push(
            Finding::new(
                Level::Fail,
                Check::Config,
                format!("{e}; both guards deny every call until it is fixed"),
            )
            .fix("define the profile or choose a built-in one"),
        ),
    }
    if config.on_error == Verdict::Allow {
        findings.push(
            Finding::new(
                Level::Warn,
                Check::Config,
                "`on_error = \"allow\"`: when hookkit itself fails, the call runs unguarded",
            )
            .fix("set `on_error = \"deny\"` (the default) in the file that sets it"),
        );
    }
    let mut loosening: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for i in &config.ignored {
        match loosening.iter_mut().find(|(f, _)| *f == i.file) {
            Some((_, keys)) => keys.push(format!("{}: {}", i.key, i.what)),
            None => loosening.push((i.file.clone(), vec![format!("{}: {}", i.key, i.what)])),
        }
    }
    for (file, keys) in &loosening {
        findings.push(
            Finding::new(
                Level::Warn,
                Check::Config,
                format!(
                    "{} tried to loosen the policy and was ignored (the agent can write it; \
                     nobody trusted it): {}",
                    file.display(),
                    keys.join("; ")
                ),
            )
            .fix(format!(
                "if you, not the agent, wrote it and accept it: read it, then `hookkit trust {}`",
                file.display()
            )),
        );
    }
    for file in &config.tighten_only {
        if !loosening.iter().any(|(f, _)| f == file) {
            findings.push(Finding::new(
                Level::Info,
                Check::Config,
                format!(
                    "{} is not trusted: it may only tighten the policy (`hookkit trust FILE` \
                     gives it full power)",
                    file.display()
                ),
            ));
        }
    }
    if config.audit.enabled {
        let at = config
            .audit
            .path
            .as_ref()
            .or(config.audit.dir.as_ref())
            .map_or_else(
                || "(no state directory)".to_owned(),
                |p| p.display().to_string(),
            );
        findings.push(Finding::new(
            Level::Ok,
            Check::Config,
            format!("audit trail on: {at}"),
        ));
    } else {
        findings.push(
            Finding::new(
                Level::Info,
                Check::Config,
                "audit trail off (`[audit] enabled = false`): decisions are not recorded",
            )
            .fix(format!(
                "to record them, remove `enabled = false` from `[audit]` in {} (the trail is on by default)",
                sources.user.as_ref().map_or_else(
                    || "~/.config/hookkit/config.toml".into(),
                    |p| p.display().to_string()
                )
            )),
        );
    }
    OwnState {
        layers,
        profile: Some(config.profile.clone()),
        audit: config.audit.enabled,
        findings,
    }
}
