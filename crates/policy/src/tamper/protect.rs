//! The protected paths of the tamper rules, expanded for one call's surroundings (home,
//! environment, `PATH`, the configuration in effect, the running guard) into patterns: a
//! literal absolute start (the anchor) and glob components after it. A path matches a
//! pattern, or (for a tree-scoped write) one of the directories between its anchor and the
//! protected path. Matching is per component, without regard to case, with `*` and `?`
//! inside one component and `**` across components: no glob set is compiled, so a hook
//! call pays microseconds for it.

use super::Surroundings;
use super::model::TamperRule;
use crate::command::normalize;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One protected path pattern.
#[derive(Debug, Clone)]
struct Pattern {
    /// The literal start, lowercased components (empty for `**/…`: at any depth).
    anchor: Vec<String>,
    /// The glob components after the anchor, lowercased.
    components: Vec<String>,
    /// The anchor and the first component as written (the file system's case), for
    /// resolving symlinks; `None` for `**/…`.
    start: Option<PathBuf>,
}

impl Pattern {
    /// A pattern below `anchor` (an absolute path as written).
    fn new(anchor: &Path, components: Vec<String>) -> Self {
        let start = components.first().map(|c| anchor.join(c));
        Pattern {
            anchor: lower_components(anchor),
            components: components.iter().map(|c| c.to_lowercase()).collect(),
            start,
        }
    }

    /// True when `path` (lowercased components) matches the anchor and the first `k`
    /// components.
    fn matches(&self, path: &[String], k: usize) -> bool {
        let Some(rest) = path.strip_prefix(self.anchor.as_slice()) else {
            return false;
        };
        self.components
            .get(..k)
            .is_some_and(|globs| components_match(globs, rest))
    }
}

/// `globs` (each `**`, or a component glob with `*` and `?`) against `path` components.
fn components_match(globs: &[String], path: &[String]) -> bool {
    match globs.split_first() {
        None => path.is_empty(),
        Some((g, rest)) if g == "**" => (0..=path.len())
            .any(|skip| components_match(rest, path.get(skip..).unwrap_or_default())),
        Some((g, rest)) => path.split_first().is_some_and(|(p, tail)| {
            crate::config::glob_match(g, p) && components_match(rest, tail)
        }),
    }
}

/// One rule's patterns.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// The rule's index in the rule list.
    pub index: usize,
    patterns: Vec<Pattern>,
}

impl CompiledRule {
    /// True when `path` (absolute, normalized) is protected, or (`tree`) is a directory
    /// strictly between a pattern's anchor and its protected path, or (`above`) one that
    /// holds an anchor (`cp -r /tmp/x/. ~` reaches `~/.claude/settings.json`). A pattern at
    /// any depth (`**/…`) has no anchor to be above.
    pub(crate) fn hits(&self, path: &Path, tree: bool, above: bool) -> bool {
        // A component longer than NAME_MAX names no file (open(2) fails with
        // ENAMETOOLONG), so nothing there can be written; and matching it against every
        // pattern would cost its length each time.
        if path.components().any(|c| c.as_os_str().len() > NAME_MAX) {
            return false;
        }
        let path = lower_components(path);
        self.patterns.iter().any(|p| {
            let n = p.components.len();
            p.matches(&path, n)
                || tree
                    && ((1..n).any(|k| {
                        p.components.get(k - 1).is_some_and(|c| c != "**") && p.matches(&path, k)
                    }))
                || above
                    && !p.anchor.is_empty()
                    && path.len() <= p.anchor.len()
                    && p.anchor.starts_with(&path)
        })
    }
}

/// Every rule's patterns, and the literal components of the patterns (for targets that are
/// globs themselves: `rm -rf .*` is tried as `rm -rf .claude`).
#[derive(Debug)]
pub(crate) struct Protected {
    /// One per rule that protects paths.
    pub rules: Vec<CompiledRule>,
    /// Literal names on the way to a protected path (`.claude`, `settings.json`…).
    pub names: Vec<String>,
}

impl Protected {
    /// The patterns of `rules` in `s`: each `paths` entry expanded (`~/`, `$NAME`, braces),
    /// each binary in every `PATH` directory and beside the running guard, the
    /// configuration files and audit trail in effect, and each pattern again under the real
    /// path of its literal start when a symlink leads there (`~/.claude` →
    /// `~/dotfiles/claude`: a write through the link's target is the same write).
    pub(crate) fn compile(rules: &[TamperRule], s: &Surroundings<'_>) -> Self {
        let mut out = Protected {
            rules: Vec::new(),
            names: Vec::new(),
        };
        let mut real_cache: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
        let mut names = std::collections::BTreeSet::new();
        let dirs = binary_dirs(s);
        for (index, rule) in rules.iter().enumerate() {
            if rule.unresolved {
                continue;
            }
            let mut patterns: Vec<Pattern> = Vec::new();
            for pattern in &rule.paths {
                for alternative in crate::command::glob_text::expand_braces(pattern) {
                    patterns.extend(expand(&alternative, s));
                }
            }
            for name in &rule.binaries {
                // Anchored one level up, so that the directory itself counts too
                // (`rm -rf ~/.cargo/bin`), but not everything above it.
                for dir in &dirs {
                    if let (Some(parent), Some(dir_name)) = (dir.parent(), dir.file_name()) {
                        patterns.push(Pattern::new(
                            parent,
                            vec![dir_name.to_string_lossy().into_owned(), name.clone()],
                        ));
                    }
                }
            }
            if rule.config_files {
                patterns.extend(s.config_files.iter().map(|f| literal(f, &[])));
            }
            if rule.audit_trail {
                patterns.extend(s.audit_dirs.iter().map(|d| literal(d, &["**"])));
                patterns.extend(s.audit_files.iter().map(|f| literal(f, &[])));
            }
            patterns.retain(|p| !names_a_device(p));
            let real: Vec<Pattern> = patterns
                .iter()
                .filter_map(|p| real_variant(p, s, &mut real_cache))
                .collect();
            patterns.extend(real);
            names.extend(
                patterns
                    .iter()
                    .flat_map(|p| &p.components)
                    .filter(|c| !c.contains(['*', '?']))
                    .cloned(),
            );
            out.rules.push(CompiledRule { index, patterns });
        }
        out.names = names.into_iter().collect();
        out
    }
}

/// The lowercased normal components of `path`.
/// The longest file name component Linux and macOS accept, in bytes (`NAME_MAX`).
const NAME_MAX: usize = 255;

fn lower_components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect()
}

/// `path` itself as a pattern (no glob), followed by `extra` components.
/// Whether `p` names one existing character device (`/dev/null`, a terminal): writing there
/// changes no file, so a configuration read from `/dev/null` (`--config /dev/null`,
/// `HOOKKIT_CONFIG=/dev/null`: no configuration) protects nothing, and `2>/dev/null` stays
/// an ordinary redirection.
fn names_a_device(p: &Pattern) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        p.components.len() == 1
            && p.start
                .as_deref()
                .and_then(|path| std::fs::metadata(path).ok())
                .is_some_and(|m| m.file_type().is_char_device())
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        false
    }
}

fn literal(path: &Path, extra: &[&str]) -> Pattern {
    let path = normalize(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let parent = path.parent().unwrap_or(Path::new("/"));
    Pattern::new(
        parent,
        name.into_iter()
            .chain(extra.iter().map(|e| (*e).to_owned()))
            .collect(),
    )
}

/// A pattern of the data expanded in `s`: `None` when it names an unset variable or the
/// home directory is unknown. See the module docs of `tamper::model` for the syntax.
fn expand(pattern: &str, s: &Surroundings<'_>) -> Option<Pattern> {
    let glob_components = |rest: &str| -> Vec<String> {
        rest.split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (base, rest): (PathBuf, &str) = if let Some(rest) = pattern.strip_prefix("~/") {
        (s.paths.home.clone()?, rest)
    } else if let Some(var) = pattern.strip_prefix('$') {
        let (name, rest) = var.split_once('/').unwrap_or((var, ""));
        let value = (s.env)(name).filter(|v| !v.is_empty() && v.starts_with('/'))?;
        (PathBuf::from(value), rest)
    } else if let Some(rest) = pattern.strip_prefix('/') {
        // The first component is the anchor: `/etc/x` holds `/etc`'s `x`, not `/etc`.
        let (top, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (Path::new("/").join(top), rest)
    } else {
        // `**/…` and other relative patterns: at any depth.
        return Some(Pattern {
            anchor: Vec::new(),
            components: glob_components(&pattern.to_lowercase()),
            start: None,
        });
    };
    let components = glob_components(rest);
    if components.is_empty() {
        // A variable naming a file (`$HOOKKIT_CONFIG`): the file itself.
        return Some(literal(&base, &[]));
    }
    Some(Pattern::new(&normalize(&base), components))
}

/// Where hookkit's binaries are: every absolute `PATH` directory, and the running guard's
/// own directory.
fn binary_dirs(s: &Surroundings<'_>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = (s.env)("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .filter(|d| d.is_absolute())
                .map(|d| normalize(&d))
                .collect()
        })
        .unwrap_or_default();
    if let Some(dir) = s.exe.as_deref().and_then(Path::parent) {
        dirs.push(normalize(dir));
    }
    dirs.dedup();
    dirs
}

/// The same pattern under the real path of its start (the anchor and its first component:
/// where a folder of a host's or hookkit's own is linked away, `~/.claude` →
/// `~/dotfiles/claude`), when a symlink leads there.
fn real_variant(
    p: &Pattern,
    s: &Surroundings<'_>,
    cache: &mut HashMap<PathBuf, Option<PathBuf>>,
) -> Option<Pattern> {
    let start = p.start.as_ref()?;
    if p.components.first().is_some_and(|c| c.contains(['*', '?'])) {
        return None;
    }
    let real = cache
        .entry(start.clone())
        .or_insert_with(|| (s.realpath)(start))
        .clone()?;
    let real_components = lower_components(&real);
    let mut lexical = p.anchor.clone();
    lexical.extend(p.components.first().cloned());
    if real_components == lexical {
        return None;
    }
    let (name, anchor) = real_components.split_last()?;
    Some(Pattern {
        anchor: anchor.to_vec(),
        components: std::iter::once(name.clone())
            .chain(p.components.iter().skip(1).cloned())
            .collect(),
        start: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comps(path: &str) -> Vec<String> {
        lower_components(Path::new(path))
    }

    #[test]
    fn components_match_at_any_depth_without_regard_to_case() {
        let p = Pattern {
            anchor: Vec::new(),
            components: comps("**/.claude/settings.json"),
            start: None,
        };
        assert!(p.matches(&comps("/home/u/p/.CLAUDE/Settings.json"), 3));
        assert!(p.matches(&comps("/.claude/settings.json"), 3));
        assert!(!p.matches(&comps("/home/u/p/.claude/commands/settings.json"), 3));
        assert!(p.matches(&comps("/home/u/p/.claude"), 2), "an ancestor");
        let star = Pattern::new(Path::new("/x"), vec!["*".into(), "y".into()]);
        assert!(star.matches(&comps("/x/a/y"), 2));
        assert!(
            !star.matches(&comps("/x/a/b/y"), 2),
            "* stays in one component"
        );
        let tree = Pattern::new(
            Path::new("/home/u/.claude"),
            vec!["plugins".into(), "**".into()],
        );
        assert!(tree.matches(&comps("/home/u/.claude/plugins/a/b"), 2));
        assert!(
            tree.matches(&comps("/home/u/.claude/plugins"), 2),
            "the folder itself"
        );
        assert!(!tree.matches(&comps("/home/u/.claude/pluginsx"), 2));
    }
}
