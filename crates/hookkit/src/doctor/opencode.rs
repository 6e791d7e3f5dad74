//! opencode and Kilo CLI: where hookkit's plugin is installed, and what keeps it from
//! guarding.
//!
//! opencode (opencode-ai 1.18.33) loads every `*.js` and `*.ts` file directly in the
//! `plugin/` or `plugins/` folder of each configuration folder: the user's
//! ([`Env::opencode_dir`]), `$OPENCODE_CONFIG_DIR`, and the project's `.opencode/` folders
//! from the current directory up to the repository root (<https://opencode.ai/docs/plugins/>;
//! the glob `{plugin,plugins}/*.{ts,js}` in the installed binary). Kilo CLI (`@kilocode/cli`
//! 7.7.7, a fork) does the same from [`Env::kilo_dir`], `$KILO_CONFIG_DIR` and the project's
//! `.kilo/` and `.kilocode/` folders (its `KILO_DIR_SUFFIXES`; measured). A file holding
//! hookkit's plugin ([`opencode_plugin`]) is read as the registration it amounts to
//! (command-guard and secret-guard on `tool.execute.before`, secret-guard on
//! `tool.execute.after`, with the programs its guard lines name and the `--host` its host
//! line names); its other lines must be hookkit's own, unchanged.
//!
//! Gates and risks:
//! - `OPENCODE_PURE` (Kilo: `KILO_PURE`) set, which `--pure` sets, loads no plugin at all
//!   (measured on opencode 1.18.33: the plugin's guards were never run); the flag itself,
//!   given per run, cannot be seen from here.
//! - Any other plugin file: opencode runs the plugins' hooks one after the other, user
//!   folder before project folder, so a plugin loaded after hookkit's can change a call's
//!   arguments after the guards judged them.

use super::hooks::{Scope, Source, entries, repo_root};
use super::model::{Check, Finding, Level};
use super::{Env, Found};
use crate::opencode_plugin;
use hookkit_policy::Host;
use std::path::{Path, PathBuf};

/// Where one of the two hosts keeps its configuration, and the variables it reads.
struct Flavor {
    /// opencode or Kilo CLI.
    host: Host,
    /// The host's name for people.
    name: &'static str,
    /// The user's configuration folder.
    user_dir: PathBuf,
    /// The variable naming one more configuration folder.
    config_dir_var: &'static str,
    /// The variable that loads no plugin (`--pure`).
    pure_var: &'static str,
    /// The project's configuration folders, in each directory.
    project_dirs: &'static [&'static str],
}

fn flavor(host: Host, env: &Env) -> Flavor {
    if host == Host::Kilo {
        Flavor {
            host,
            name: "Kilo CLI",
            user_dir: env.kilo_dir.clone(),
            config_dir_var: "KILO_CONFIG_DIR",
            pure_var: "KILO_PURE",
            project_dirs: &[".kilo", ".kilocode"],
        }
    } else {
        Flavor {
            host: Host::Opencode,
            name: "opencode",
            user_dir: env.opencode_dir.clone(),
            config_dir_var: "OPENCODE_CONFIG_DIR",
            pure_var: "OPENCODE_PURE",
            project_dirs: &[".opencode"],
        }
    }
}

/// The plugin folders the host reads in the current directory, with their scope: the
/// user's, the extra configuration folder's, then each project folder from the repository
/// root down to the current directory.
fn plugin_dirs(flavor: &Flavor, env: &Env) -> Vec<(PathBuf, Scope)> {
    let mut configs = vec![(flavor.user_dir.clone(), Scope::User)];
    if let Some(dir) = env.var(flavor.config_dir_var) {
        configs.push((env.cwd.join(dir), Scope::User));
    }
    let root = repo_root(&env.cwd);
    let mut projects: Vec<PathBuf> = env
        .cwd
        .ancestors()
        .take_while(|d| d.starts_with(&root))
        .flat_map(|d| flavor.project_dirs.iter().rev().map(move |p| d.join(p)))
        .collect();
    projects.reverse();
    configs.extend(projects.into_iter().map(|d| (d, Scope::Project)));
    let mut out = Vec::new();
    for (config, scope) in configs {
        for name in ["plugin", "plugins"] {
            let dir = config.join(name);
            if !out.iter().any(|(d, _)| *d == dir) {
                out.push((dir, scope.clone()));
            }
        }
    }
    out
}

/// Whether opencode loads `path` as a plugin: a file ending in `.js` or `.ts`.
fn is_plugin(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == "js" || e == "ts")
}

/// Everything `host` (opencode or Kilo CLI) would load in the current directory.
pub fn discover(host: Host, env: &Env) -> Found {
    let flavor = flavor(host, env);
    let mut found = Found::default();
    let mut others = Vec::new();
    for (dir, scope) in plugin_dirs(&flavor, env) {
        for file in entries(&dir, is_plugin) {
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    found.findings.push(Finding::new(
                        Level::Warn,
                        Check::Registration,
                        format!("{}: cannot be read: {e}", file.display()),
                    ));
                    continue;
                }
            };
            if opencode_plugin::is_hookkits(&text) {
                hookkit_plugin(&flavor, &file, &text, scope.clone(), &mut found);
            } else {
                others.push(file);
            }
        }
    }
    if found.sources.iter().any(Source::has_guard) {
        for file in others {
            found.findings.push(
                Finding::new(
                    Level::Warn,
                    Check::Registration,
                    format!(
                        "{} also loads the plugin {}: a plugin whose \
                         `tool.execute.before` runs after hookkit's can change a call's \
                         arguments after the guards judged them",
                        flavor.name,
                        file.display()
                    ),
                )
                .fix(format!(
                    "read {} and keep it only if you trust it as much as the agent's boundary",
                    file.display()
                )),
            );
        }
        if env.var(flavor.pure_var).is_some() {
            found.all_off(
                Path::new("the environment"),
                flavor.pure_var,
                flavor.name,
                format!(
                    "unset {} (and never start {} with `--pure`, which sets it)",
                    flavor.pure_var, flavor.name
                ),
            );
        }
    }
    found
}

/// Records hookkit's plugin in `file`: a source for the guards its lines name, or a
/// failing finding when they cannot be read; a failing finding too when the rest of the
/// file is not hookkit's plugin as this hookkit ships it.
fn hookkit_plugin(flavor: &Flavor, file: &Path, text: &str, scope: Scope, found: &mut Found) {
    let reinstall = format!(
        "run `hookkit install --host {}{}` (it writes the plugin anew; the old file is \
         kept as {}.hookkit-backup)",
        flavor.host.as_str(),
        if scope == Scope::Project {
            " --scope project"
        } else {
            ""
        },
        file.display()
    );
    let Some(programs) = opencode_plugin::guards_of(text) else {
        found.findings.push(
            Finding::new(
                Level::Fail,
                Check::Registration,
                format!(
                    "{}: hookkit's plugin, but its guard lines cannot be read: {} may run \
                     no guard",
                    file.display(),
                    flavor.name
                ),
            )
            .fix(reinstall),
        );
        return;
    };
    if !opencode_plugin::is_current(text) {
        found.findings.push(
            Finding::new(
                Level::Fail,
                Check::Registration,
                format!(
                    "{} is not hookkit's plugin as this hookkit ships it ({}): edited, or \
                     from another version, it may not run the guards as they expect",
                    file.display(),
                    opencode_plugin::FILE
                ),
            )
            .fix(reinstall),
        );
    }
    let host = opencode_plugin::host_of(text).unwrap_or(flavor.host);
    let doc = opencode_plugin::registration(&programs, host);
    if let Some(events) = doc.as_object() {
        found
            .sources
            .push(Source::new(file.to_path_buf(), scope, events));
    }
}
