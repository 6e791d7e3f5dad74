//! skill-lint: validate Agent Skills `SKILL.md` files against the spec
//! (`shared/specs/agent-skills-specification.mdx`) and what each host actually accepts.
//!
//! [`lint`] takes paths (skill directories, SKILL.md files, plugin directories, a repository,
//! or the file names pre-commit passes), finds the skills they mean, and returns every
//! [`Finding`], each with a stable rule id from [`rules::RULES`], a severity, the file, line
//! and column, and a fix hint. [`render`] turns findings into human, JSON Lines, SARIF 2.1.0
//! or GitHub annotation text; [`fix`] applies the safe repairs.

mod ancestors;
pub mod body;
pub mod credentials;
pub mod envelope;
pub mod fields;
pub mod finding;
pub mod fix;
pub mod not_credentials;
pub mod profile;
pub mod render;
pub mod rules;
pub mod tree;
pub mod yaml;

pub use finding::{Edit, Finding, Snippet};
pub use profile::{Profile, ProjectRules};
pub use rules::Severity;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// An error that stops linting (exit 2): a path that does not exist, an unreadable file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given on the command line does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `.hookkit.toml` is invalid.
    #[error(transparent)]
    Config(#[from] profile::ConfigError),
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The host profile.
    pub profile: Profile,
    /// Project rules (`.hookkit.toml` `[skill_lint]`).
    pub project: ProjectRules,
}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, sorted by file, line and column.
    pub findings: Vec<Finding>,
    /// The SKILL.md files checked.
    pub files: Vec<PathBuf>,
}

impl Report {
    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The SKILL.md files `paths` designate, once each, in a stable order.
///
/// A directory is walked (honouring `.gitignore`, skipping hidden entries) for files named
/// `SKILL.md` in any letter case; a file named `SKILL.md` (any case) is itself; any other file
/// stands for the skill it belongs to (the nearest ancestor holding a `SKILL.md`), or nothing.
/// See [`tree::skills`], which also lists each skill's files.
///
/// # Errors
/// [`Error::Missing`] for a path that does not exist.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    tree::skills(paths).map(|(skills, _)| skills)
}

/// Lint the skills `paths` designate.
pub fn lint(paths: &[PathBuf], options: &Options) -> Result<Report, Error> {
    let (files, scanned) = tree::skills(paths)?;
    let mut findings = Vec::new();
    // Skills clash only within one namespace (see [`namespace`]): keyed by it, then the name.
    // (namespace, name) -> where each skill declares it: (file, line, column).
    type Places = Vec<(PathBuf, usize, usize)>;
    let mut names: BTreeMap<(Option<PathBuf>, String), Places> = BTreeMap::new();
    let mut namespaces: BTreeMap<PathBuf, Option<PathBuf>> = BTreeMap::new();
    for (file, linted) in files.iter().zip(lint_files(&files, &scanned, options)) {
        let (mut fs, name) = linted?;
        if let Some((name, line, col)) = name {
            // Skills of one folder share a namespace: look it up once per folder.
            let folder = file
                .parent()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let scope = namespaces
                .entry(folder)
                .or_insert_with(|| namespace(file))
                .clone();
            names
                .entry((scope, name))
                .or_default()
                .push((file.clone(), line, col));
        }
        findings.append(&mut fs);
    }
    let outside = sibling_names(&files);
    for ((scope, name), places) in &names {
        let others: Vec<&PathBuf> = outside
            .iter()
            .filter(|(n, p)| n == name && namespace(p) == *scope)
            .map(|(_, p)| p)
            .collect();
        // Within the run, the first skill keeps its name; a skill outside the run that
        // holds it too (a sibling folder pre-commit did not pass) makes every one a finding.
        let skip = usize::from(others.is_empty());
        for (file, line, col) in places.iter().skip(skip) {
            let other = others.first().map_or_else(
                || places[0].0.display().to_string(),
                |p| display_path(p).display().to_string(),
            );
            findings.push(Finding::new(
                "folder.duplicate-name",
                file,
                *line,
                *col,
                format!("another skill is also named `{name}` ({other}): hosts register one and shadow the other"),
                "give each skill a unique name",
            ));
        }
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    Ok(Report { findings, files })
}

/// [`lint_file`] of each of `files` (read from disk; `scanned[i]`: the other files of
/// `files[i]`'s skill, from [`tree::skills`]), in order. The files are shared out among as
/// many threads as the machine runs at once: each skill is linted on its own.
fn lint_files(
    files: &[PathBuf],
    scanned: &[Vec<PathBuf>],
    options: &Options,
) -> Vec<Result<Linted, Error>> {
    let one = |i: usize, file: &PathBuf| {
        let bytes = std::fs::read(file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let others = scanned.get(i).map(Vec::as_slice).unwrap_or_default();
        Ok(lint_skill(file, &bytes, options, others))
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len());
    if threads <= 1 {
        return files.iter().enumerate().map(|(i, f)| one(i, f)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<Linted, Error>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(i) else {
                            return mine;
                        };
                        mine.push((i, one(i, file)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, linted)| linted).collect()
}

/// What [`lint_file`] returns: the findings, and the skill's name with its line and column
/// when the name is a string.
pub type Linted = (Vec<Finding>, Option<(String, usize, usize)>);

/// The manifests that make a directory the root of a plugin (or extension) whose skills a host
/// installs together and names `<plugin>:<skill>`: Agent Plugins 1.0.0 section 5.1 (root
/// `plugin.json`), Claude Code (`.claude-plugin/plugin.json`), Codex (`.codex-plugin/plugin.json`,
/// see `qualified_name`), Cursor (`.cursor-plugin/plugin.json`) and Gemini CLI extensions
/// (`gemini-extension.json`).
pub const PLUGIN_MANIFESTS: [&str; 5] = [
    "plugin.json",
    ".claude-plugin/plugin.json",
    ".codex-plugin/plugin.json",
    ".cursor-plugin/plugin.json",
    "gemini-extension.json",
];

/// The namespace in which the skill `file` (`.../<skill>/SKILL.md`) must have a unique name:
/// the nearest ancestor of its skill directory that is a plugin root (holds one of
/// [`PLUGIN_MANIFESTS`]: hosts qualify a plugin's skills as `<plugin>:<skill>`, so two plugins,
/// or a plugin and a plain skills folder, may ship the same skill name), else the git repository
/// it lives in (nearest ancestor holding `.git`), else `None` (every skill of the run outside a
/// plugin and a repository shares one namespace). Absolute, canonical paths; a path that cannot
/// be canonicalized has the namespace `None`.
pub fn namespace(file: &Path) -> Option<PathBuf> {
    let skill_root = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let abs = ancestors::canonical(skill_root)?;
    abs.ancestors()
        .skip(1)
        .find(|dir| ancestors::is_namespace_root(dir))
        .map(Path::to_path_buf)
}

/// The names of the skills a host loads alongside `files` but the run did not include: for
/// each skill directory `D/x/` of the run, every `D/*/SKILL.md` (exact name, .gitignore not
/// consulted: Claude Code loads `.claude/skills/<name>/SKILL.md` and a plugin's
/// `skills/<name>/SKILL.md` side by side, ignored or not). Returns `(name, file)` pairs;
/// files that cannot be read or have no string `name` are left out (linting them is another
/// run's job).
fn sibling_names(files: &[PathBuf]) -> Vec<(String, PathBuf)> {
    // Absolute spellings (the working directory asked once, as `std::path::absolute` would
    // ask it for each path); the canonical forms are computed only when a sibling is not in
    // the run under the same spelling.
    let cwd = std::env::current_dir().ok();
    let in_run: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| match f.is_absolute() {
            true => Some(f.clone()),
            false => cwd.as_ref().map(|d| d.join(f)),
        })
        .collect();
    let scopes: BTreeSet<PathBuf> = in_run
        .iter()
        .filter_map(|f| f.parent()?.parent().map(Path::to_path_buf))
        .collect();
    let mut canonical_run: Option<BTreeSet<PathBuf>> = None;
    let mut out = Vec::new();
    for scope in scopes {
        let Ok(entries) = std::fs::read_dir(&scope) else {
            continue;
        };
        let mut candidates: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path().join("SKILL.md"))
            .filter(|p| !in_run.contains(p) && p.is_file())
            .collect();
        candidates.sort();
        for file in candidates {
            let canonical = canonical_run.get_or_insert_with(|| {
                files
                    .iter()
                    .filter_map(|f| ancestors::canonical(f))
                    .collect()
            });
            if ancestors::canonical(&file).is_some_and(|c| canonical.contains(&c)) {
                continue;
            }
            if let Some(name) = std::fs::read(&file)
                .ok()
                .and_then(|bytes| declared_name(&file, &bytes))
            {
                out.push((name, file));
            }
        }
    }
    out
}

/// The `name` a SKILL.md declares, when its frontmatter parses and `name` is a string.
fn declared_name(path: &Path, bytes: &[u8]) -> Option<String> {
    let mut scratch = Vec::new();
    let doc = envelope::check(path, bytes, &mut scratch)?;
    let root = yaml::parse(path, &doc, &mut scratch)?;
    let yaml::Value::Map(entries) = &root.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("name"))
        .and_then(|(_, v)| v.as_str().map(str::to_string))
}

/// `path` relative to the current directory when it lies under it.
fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Lint one SKILL.md given its bytes. Returns the findings and the skill's name with its
/// position, when the name is a string.
pub fn lint_file(path: &Path, bytes: &[u8], options: &Options) -> Linted {
    let scanned = tree::skill_files(&[path.to_path_buf()]);
    let others = scanned.first().map(Vec::as_slice).unwrap_or_default();
    lint_skill(path, bytes, options, others)
}

/// The folder of the skill whose SKILL.md is `path` (`.` for a bare `SKILL.md`).
pub(crate) fn skill_root(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// [`lint_file`] with the skill's other files (for the credential check) already listed.
fn lint_skill(path: &Path, bytes: &[u8], options: &Options, skill_files: &[PathBuf]) -> Linted {
    let mut out = Vec::new();
    let skill_root = skill_root(path);
    // The directory's own name as given; only `.`/`..` endings need the file system.
    let dir_name = match skill_root.components().next_back() {
        Some(std::path::Component::Normal(n)) => Some(n.to_string_lossy().into_owned()),
        _ => ancestors::canonical(&skill_root)
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
    };
    let Some(doc) = envelope::check(path, bytes, &mut out) else {
        return (out, None);
    };
    let mut named = None;
    if let Some(root) = yaml::parse(path, &doc, &mut out) {
        let cx = fields::Context {
            path,
            dir_name: dir_name.as_deref(),
            profile: options.profile,
            project: &options.project,
        };
        if let Some(name) = fields::check(&cx, &root, &mut out)
            && let yaml::Value::Map(entries) = &root.value
            && let Some((_, v)) = entries.iter().find(|(k, _)| k.as_str() == Some("name"))
        {
            named = Some((name.clone(), v.start.line, v.start.col));
            if options.profile.codex() {
                qualified_name(path, &skill_root, &name, v, &mut out);
            }
        }
    }
    body::check(path, &skill_root, &doc, &mut out);
    let texts = credentials::Texts::read(path, skill_files, bytes);
    folder(path, &skill_root, options, &texts, &mut out);
    // Last: it masks what the findings above would show of a credential.
    credentials::check(&texts, &mut out);
    texts.take_lines(&mut out);
    (out, named)
}

/// Codex's `<plugin>:<skill>` limit: openai/codex codex-rs/core-skills/src/loader.rs
/// (`namespaced_skill_name`, then `validate_len(&name, MAX_NAME_LEN = 64)`); the plugin is
/// the nearest ancestor with `.codex-plugin/plugin.json` (or `.claude-plugin/plugin.json`),
/// named by its manifest's `name` or else its directory.
fn qualified_name(
    path: &Path,
    skill_root: &Path,
    name: &str,
    v: &yaml::Node,
    out: &mut Vec<Finding>,
) {
    let Some(abs) = ancestors::canonical(skill_root) else {
        return;
    };
    let Some((dir, text)) = abs
        .ancestors()
        .skip(1)
        .find_map(|dir| Some((dir, ancestors::codex_manifest(dir)?)))
    else {
        return;
    };
    let declared = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|j| j.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .filter(|n| !n.trim().is_empty());
    let plugin = declared.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let q = format!("{plugin}:{name}");
    let n = q.chars().count();
    if n > 64 {
        out.push(
            Finding::new(
                "name.qualified-too-long",
                path,
                v.start.line,
                v.start.col,
                format!(
                    "Codex names this skill `{q}` ({n} characters) and skips it: the limit is 64"
                ),
                "shorten the plugin or skill name",
            )
            .width(name.chars().count()),
        );
    }
}

/// Nested SKILL.md files, looked for as Codex does (recursively, skipping dot-names, ignoring
/// .gitignore, depth 6), and links in the skill's other Markdown files (their text taken
/// from `texts` when the credential scan read it).
fn folder(
    path: &Path,
    skill_root: &Path,
    options: &Options,
    texts: &credentials::Texts,
    out: &mut Vec<Finding>,
) {
    let mut stack = vec![(skill_root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let p = e.path();
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() && depth < 6 {
                if p.join("SKILL.md").is_file() {
                    if options.profile.codex() {
                        let rel = p.strip_prefix(skill_root).unwrap_or(&p).join("SKILL.md");
                        out.push(Finding::new(
                            "folder.nested-skill",
                            path,
                            1,
                            1,
                            format!("this skill contains another SKILL.md (`{}`): Codex registers it as a second skill, Claude Code does not", rel.display()),
                            "move the nested skill out of this skill's folder, or rename the file",
                        ));
                    }
                    continue;
                }
                stack.push((p, depth + 1));
            } else if t.is_file()
                && name.ends_with(".md")
                && !(depth == 0 && name.eq_ignore_ascii_case("SKILL.md"))
            {
                let text = texts
                    .exact(&p)
                    .map(Cow::Borrowed)
                    .or_else(|| std::fs::read_to_string(&p).ok().map(Cow::Owned));
                if let Some(text) = text {
                    body::check_markdown(&p, skill_root, &text, 1, out);
                }
            }
        }
    }
}
