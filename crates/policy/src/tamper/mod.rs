//! Guard the guard: no tool call may write, move, delete, link, truncate or re-permission
//! hookkit's configuration, binaries or state, or the agent host's hook and permission
//! settings and installed plugins. Reads stay allowed.
//!
//! The paths and the ways of changing them are data (`crates/policy/rules/tamper/`,
//! format in [`model`]): `protected.toml` lists the protected path sets, one rule each
//! (`tamper.hookkit-config`, `tamper.host-settings`…); `writers.toml` says which words of
//! which commands, and which arguments of which MCP tools, are the paths they change.
//! Both guards call [`findings`] before a tool runs, so a user who installed only one of
//! them is protected.
//!
//! | tool | its targets |
//! |---|---|
//! | shell | every write redirection (`>`, `>>`, `&>`, `<>`), and the target words of each command a `[[writer]]` matches (`rm`, `mv`, `cp`/`install`/`rsync` destinations, `ln`, `tee`, `sed -i`, `truncate`, `dd of=`, `chmod`, inline code's string literals…), after hookkit-shell unwrapped `sudo`, `bash -c`, `xargs`, `find -exec`… |
//! | `Write`, `Edit`, `MultiEdit`, `NotebookEdit`, `write_file`, `replace`, `create`, `edit`, Cursor's file tools | the file path |
//! | Codex `apply_patch` | every file the patch names (`*** Add File:`, `*** Update File:`, `*** Delete File:`, `*** Move to:`) |
//! | MCP | the path arguments of tools a `[[mcp]]` table names (`write_file` `path`, `move_file` `source`/`destination`…), and the command lines of shell-running tools |
//!
//! A target is resolved like every path hookkit checks ([`PathContext`]: `~`, `$HOME`,
//! relative to the call's working directory, `..`), following the line's own `cd DIR`
//! and `NAME=value`, spelling out `{a,b}`, and also through the symlinks on disk (the
//! target's real path, and the protected paths' real paths). A target whose value cannot
//! be known (`$(…)`, `xargs` input, `find -exec`'s `{}`, `tar -x`, a relative path after
//! `cd "$X"`) on a line that names part of the boundary (a rule's `names`) is
//! `tamper.unresolved-target` (ask).

mod check;
pub mod model;
mod protect;
mod targets;

pub use check::{check_examples, example_surroundings};
pub use model::TamperFile;

use crate::call::ToolCall;
use crate::command::PathContext;
use crate::config::Config;
use crate::decision::{Environment, Finding};
use crate::error::Error;
use model::{Scope, TamperRule};
use protect::Protected;
use std::path::{Path, PathBuf};
use targets::Target;

/// The rule family directory of the tamper rules (`crates/policy/rules/tamper/`).
pub const FAMILY: &str = "tamper";

/// What the protected paths depend on besides the data: the call's paths, the
/// environment, the running guard, the configuration in effect, and the file system.
pub struct Surroundings<'a> {
    /// The call's working directory, home and project.
    pub paths: PathContext,
    /// The environment (the agent's: `PATH`, `XDG_CONFIG_HOME`, `HOOKKIT_CONFIG`,
    /// `CODEX_HOME`…).
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The running guard's own executable.
    pub exe: Option<PathBuf>,
    /// The configuration files in effect and the rule files they name.
    pub config_files: Vec<PathBuf>,
    /// The configured audit trail directories.
    pub audit_dirs: Vec<PathBuf>,
    /// The configured single-file audit trails.
    pub audit_files: Vec<PathBuf>,
    /// Whether a path is a directory on disk (`cp X DIR` copies into it).
    pub is_dir: &'a dyn Fn(&Path) -> bool,
    /// Whether a path exists on disk (what a glob such as `rm -rf .*` expands to).
    pub exists: &'a dyn Fn(&Path) -> bool,
    /// An existing path with its symlinks resolved; `None` when it does not exist.
    pub realpath: &'a dyn Fn(&Path) -> Option<PathBuf>,
}

impl Surroundings<'static> {
    /// The surroundings of a call this process checks: working directory `cwd` (see
    /// [`PathContext::of_process`]), the process's environment and executable, `config`'s
    /// files and audit trail, the real file system.
    pub fn of_process(cwd: Option<&Path>, config: &Config) -> Self {
        let mut config_files = config.sources.clone();
        config_files.extend(config.rule_files.iter().cloned());
        Surroundings {
            paths: PathContext::of_process(cwd),
            env: &process_env,
            exe: std::env::current_exe().ok(),
            config_files,
            audit_dirs: config.audit.dir.iter().cloned().collect(),
            audit_files: config.audit.path.iter().cloned().collect(),
            is_dir: &is_dir,
            exists: &exists,
            realpath: &real_path,
        }
    }
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// `path` with its symlinks resolved, when it exists.
fn real_path(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The built-in tamper rule files, parsed and merged.
///
/// # Errors
/// [`Error::Invalid`] naming the file when an embedded file does not fit the model (a
/// broken build: the test suite loads every built-in file).
pub fn builtin() -> Result<TamperFile, Error> {
    load(|(_, lean, _)| lean)
}

/// [`builtin`] with every rule's examples, for [`check_examples`] and documentation.
///
/// # Errors
/// As [`builtin`].
pub fn builtin_with_examples() -> Result<TamperFile, Error> {
    load(|(_, _, full)| full)
}

fn load(
    pick: impl Fn(&(&str, &'static str, &'static str)) -> &'static str,
) -> Result<TamperFile, Error> {
    let mut out = TamperFile::default();
    for (origin, file) in crate::rules::embedded_files::<TamperFile>(FAMILY, pick)? {
        out.writer.extend(file.writer);
        out.mcp.extend(file.mcp);
        out.rule.extend(file.rule.into_iter().map(|mut r| {
            r.source = Some(origin.clone());
            r
        }));
    }
    Ok(out)
}

/// The ids of every built-in tamper rule.
///
/// # Errors
/// As [`builtin`].
pub fn rule_ids() -> Result<Vec<String>, Error> {
    Ok(builtin()?.rule.into_iter().map(|r| r.id).collect())
}

/// Every tamper rule that fires on `call` in `s` (at most one finding per rule, its first
/// hit), with the built-in rules. See the module docs.
///
/// # Errors
/// [`Error::Invalid`] when the built-in rules do not load or a pattern does not compile.
pub fn findings(call: &ToolCall, s: &Surroundings<'_>) -> Result<Vec<Finding>, Error> {
    if call.kind == crate::call::ToolKind::Shell {
        // A line that writes nothing is ruled out before the rules are parsed.
        let line = call.command.as_deref().unwrap_or_default();
        return line_findings(&hookkit_shell::analyze(line), line, s);
    }
    let file = builtin()?;
    let targets = targets::of_call(call, &file, s);
    let evidence = evidence_text(call);
    findings_for(&targets, &evidence, &file, s)
}

/// [`findings`] for a shell line already analyzed (command-guard analyzes it once for its
/// own rules and these).
///
/// # Errors
/// As [`findings`].
pub fn line_findings(
    analysis: &hookkit_shell::Analysis,
    line: &str,
    s: &Surroundings<'_>,
) -> Result<Vec<Finding>, Error> {
    if !may_write(analysis) {
        // No target at all: nothing to parse the rules for.
        return Ok(Vec::new());
    }
    let file = builtin()?;
    let targets = targets::of_line(analysis, line, &file, s);
    findings_for(&targets, line, &file, s)
}

/// The writers of the built-in rules by name (build.rs `tamper_index`).
mod index {
    include!(concat!(env!("OUT_DIR"), "/embedded_tamper.rs"));
}

/// When the MCP tool `tool` runs shell commands (`execute_command`, `start_process`,
/// `run_shell_command`…, rules/tamper/writers.toml `[[mcp]]` with `commands`): the names of
/// its arguments that are command lines.
pub fn mcp_shell_arguments(tool: &str) -> Option<&'static [&'static str]> {
    let tool = tool.to_ascii_lowercase();
    index::MCP_SHELLS
        .iter()
        .find(|(tools, _)| {
            tools
                .iter()
                .any(|g| crate::config::glob_match(&g.to_ascii_lowercase(), &tool))
        })
        .map(|(_, arguments)| *arguments)
}

/// True when a line may have a write target: a redirection that writes, a command a
/// writer names (`rm`; `git` with one of its subcommand words, such as `rm`, among its
/// arguments), or a part the analysis could not follow (which the targets sweep). It
/// over-approximates: a line it rules out has no target.
fn may_write(analysis: &hookkit_shell::Analysis) -> bool {
    use crate::command::glob_text::is_glob;
    let names = |pattern: &str, name: &str| match pattern.strip_suffix('*') {
        Some(prefix) if !is_glob(prefix) => name.starts_with(prefix),
        // Another glob: assume it may match.
        _ if is_glob(pattern) => true,
        _ => pattern == name,
    };
    crate::command::not_followed(analysis).is_some()
        || !analysis.parse_errors.is_empty()
        || analysis.commands.iter().any(|c| {
            let name = c.name();
            c.redirects.iter().any(|r| r.op.writes())
                || index::WRITERS.iter().any(|(commands, subcommands)| {
                    commands.iter().any(|p| names(p, name))
                        && (subcommands.is_empty()
                            || c.args().any(|a| subcommands.iter().any(|s| names(s, a))))
                })
        })
}

/// The text searched for a rule's `names` when a target is unresolved: the command line,
/// or the MCP arguments.
fn evidence_text(call: &ToolCall) -> String {
    let mut text = call.command.clone().unwrap_or_default();
    if let Some(mcp) = &call.mcp {
        text.push('\n');
        text.push_str(&mcp.arguments.to_string());
    }
    text
}

/// The findings for `targets` under the rules of `file`.
pub(crate) fn findings_for(
    targets: &[Target],
    evidence: &str,
    file: &TamperFile,
    s: &Surroundings<'_>,
) -> Result<Vec<Finding>, Error> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let protected = Protected::compile(&file.rule, s);
    let mut out: Vec<Finding> = Vec::new();
    let mut push = |rule: &TamperRule, target: &Target, shown_path: Option<&Path>| {
        if out.iter().any(|f| f.rule_id == rule.id) {
            return;
        }
        let shown = crate::command::shown(std::slice::from_ref(&target.shown));
        let matched = match shown_path {
            Some(p) => format!("{shown}: {} {}", target.what, p.display()),
            None => format!("{shown}: {} a path hookkit cannot know", target.what),
        };
        out.push(Finding {
            rule_id: rule.id.clone(),
            class: target.class,
            environment: Environment::Unknown,
            severity: rule.severity,
            verdict: rule.decision,
            message: rule.message.clone(),
            instead: rule.instead.clone(),
            matched,
            span: None,
        });
    };
    for target in targets {
        let tree = target.scope == Scope::Tree;
        // A copy, move, link or re-permission of a folder above a protected one reaches
        // it (`mv ~ /tmp/x` takes `~/.claude` along); a plain delete of such a folder
        // (`rm -rf ~`, the writers that say `deletes`) is the command rules' to refuse
        // (files.rm-recursive-home…), with one message rather than one per rule.
        let above = tree
            && !(target.class == crate::decision::ActionClass::Delete && target.what == "deletes");
        for path in &target.paths {
            for candidate in candidates(path, &protected, s) {
                for compiled in &protected.rules {
                    if compiled.hits(&candidate, tree, above)
                        && let Some(rule) = file.rule.get(compiled.index)
                    {
                        push(rule, target, Some(path));
                    }
                }
            }
        }
    }
    let lower = evidence.to_lowercase();
    let named = file
        .rule
        .iter()
        .flat_map(|r| &r.names)
        .any(|n| lower.contains(&n.to_lowercase()));
    if named && let Some(unresolved) = file.rule.iter().find(|r| r.unresolved) {
        for target in targets.iter().filter(|t| t.unresolved) {
            push(unresolved, target, None);
        }
    }
    Ok(out)
}

/// The paths to try for one target path: itself, its real path (or, for a file not yet
/// there, its directory's real path and its name), and, when its last component is a glob
/// (`rm -rf .*`), every protected name that glob matches in its directory and that exists
/// there, as the shell would expand it (a leading `.` only matched explicitly).
fn candidates(path: &Path, protected: &Protected, s: &Surroundings<'_>) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    let real = (s.realpath)(path).or_else(|| {
        let (dir, name) = (path.parent()?, path.file_name()?);
        Some((s.realpath)(dir)?.join(name))
    });
    if let Some(real) = real.filter(|r| r != path) {
        out.push(real);
    }
    let glob = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .filter(|n| n.contains(['*', '?']));
    if let (Some(glob), Some(dir)) = (glob, path.parent()) {
        out.extend(
            protected
                .names
                .iter()
                .filter(|n| glob.starts_with('.') || !n.starts_with('.'))
                .filter(|n| crate::config::glob_match(&glob, n))
                .map(|n| dir.join(n))
                .filter(|p| (s.exists)(p)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Event, Host, ToolKind};

    /// Surroundings on the real file system, working in `project` with home `home`.
    fn on_disk(home: &Path, project: &Path) -> Surroundings<'static> {
        Surroundings {
            paths: PathContext {
                cwd: project.to_path_buf(),
                home: Some(home.to_path_buf()),
                project_root: project.to_path_buf(),
                tmpdir: None,
            },
            env: &|_| None,
            exe: None,
            config_files: Vec::new(),
            audit_dirs: Vec::new(),
            audit_files: Vec::new(),
            is_dir: &is_dir,
            exists: &exists,
            realpath: &real_path,
        }
    }

    fn ids(line: &str, s: &Surroundings<'_>) -> Vec<String> {
        let mut call = ToolCall::new(
            Host::ClaudeCode,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.command = Some(line.to_owned());
        findings(&call, s)
            .unwrap()
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    #[test]
    fn writes_through_symlinks_on_either_side_are_seen() {
        let root = tempfile::tempdir().unwrap();
        let (home, project) = (root.path().join("home"), root.path().join("home/project"));
        std::fs::create_dir_all(project.join(".claude")).unwrap();
        std::fs::create_dir_all(home.join("dotfiles/claude")).unwrap();
        // An innocent-looking name for the project's hook settings folder…
        std::os::unix::fs::symlink(project.join(".claude"), project.join("cfg")).unwrap();
        // …and the user's ~/.claude kept in a dotfiles repository.
        std::os::unix::fs::symlink(home.join("dotfiles/claude"), home.join(".claude")).unwrap();
        let s = on_disk(&home, &project);
        assert_eq!(
            ids("echo '{}' > cfg/settings.json", &s),
            ["tamper.host-settings"]
        );
        assert_eq!(
            ids("cp /tmp/x ../dotfiles/claude/settings.json", &s),
            ["tamper.host-settings"]
        );
        assert!(ids("echo x > cfg/notes.md", &s).is_empty());
        assert!(ids("cat cfg/settings.json > /tmp/copy.json", &s).is_empty());
    }

    #[test]
    fn a_configuration_read_from_dev_null_protects_no_device() {
        let root = tempfile::tempdir().unwrap();
        let (home, project) = (root.path().join("home"), root.path().join("home/project"));
        std::fs::create_dir_all(&project).unwrap();
        let config = project.join("team.toml");
        std::fs::write(&config, "").unwrap();
        let mut s = on_disk(&home, &project);
        s.config_files = vec![PathBuf::from("/dev/null"), config];
        assert!(ids("echo test > /dev/null 2>&1", &s).is_empty());
        assert!(ids("ls &>>/dev/null", &s).is_empty());
        assert_eq!(ids("echo x > team.toml", &s), ["tamper.hookkit-config"]);
    }

    #[test]
    fn a_write_over_a_folder_that_holds_the_boundary_is_tamper() {
        let root = tempfile::tempdir().unwrap();
        let (home, project) = (root.path().join("home"), root.path().join("home/project"));
        std::fs::create_dir_all(project.join("src")).unwrap();
        std::fs::create_dir_all(home.join("work")).unwrap();
        let s = on_disk(&home, &project);
        // Above `~/.claude`'s anchor: moving or copying into all of home.
        for line in [
            "cp -r /tmp/evil/. ~",
            "cp -rT /tmp/evil ~",
            "rsync -a /tmp/evil/ ~/",
            "chmod -R 777 ~",
            "mv ~ /tmp/trash",
            "tar -C ~ -xf /tmp/evil.tar",
            "tar -xzf /tmp/evil.tgz --directory ~",
            "unzip -o /tmp/evil.zip -d ~",
        ] {
            let ids = ids(line, &s);
            assert!(
                ids.contains(&"tamper.host-settings".to_owned()),
                "{line}: {ids:?}"
            );
        }
        // A delete of all of home is the command rules' to refuse.
        for line in [
            "cp -r /tmp/evil ~/",
            "cp -r /tmp/evil/. ~/work",
            "cp -r src/. build",
            "tar -C build -xf /tmp/x.tar",
            "unzip -d ~/downloads/x /tmp/x.zip",
            "rm -rf ~",
            "mv ~/downloads/x ~/",
            "mv /tmp/x ~/work",
        ] {
            assert!(ids(line, &s).is_empty(), "{line}");
        }
        // A folder's contents copied over the project: what is there already is reached.
        assert!(ids("cp -r /tmp/evil/. .", &s).is_empty());
        std::fs::create_dir_all(project.join(".claude")).unwrap();
        assert_eq!(ids("cp -r /tmp/evil/. .", &s), ["tamper.host-settings"]);
        assert_eq!(ids("rsync -a /tmp/evil/ ./", &s), ["tamper.host-settings"]);
    }

    #[test]
    fn a_glob_target_is_the_protected_names_it_would_expand_to() {
        let root = tempfile::tempdir().unwrap();
        let (home, project) = (root.path().join("home"), root.path().join("home/project"));
        std::fs::create_dir_all(&project).unwrap();
        let s = on_disk(&home, &project);
        assert!(ids("rm -rf .*", &s).is_empty(), "nothing there to delete");
        std::fs::write(project.join(".hookkit.toml"), "").unwrap();
        assert_eq!(ids("rm -rf .*", &s), ["tamper.hookkit-config"]);
        assert!(
            ids("rm -rf *", &s).is_empty(),
            "`*` does not match dot files"
        );
    }
}
