//! The protected paths of the tamper rules, expanded for one call's surroundings (home,
//! environment, `PATH`, the configuration in effect, the running guard) and compiled into
//! glob sets: one for the paths themselves, one for the directories on the way to them.

use super::Surroundings;
use super::model::TamperRule;
use crate::command::normalize;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// One rule's compiled path sets.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// The rule's index in the rule list.
    pub index: usize,
    /// The protected paths.
    exact: GlobSet,
    /// The directories that hold a protected path (below the home directory, the
    /// environment variable's directory or a top-level directory such as `/etc`).
    ancestors: GlobSet,
}

impl CompiledRule {
    /// True when `path` is protected, or (`tree`) is a directory that holds a protected
    /// path.
    pub(crate) fn hits(&self, path: &Path, tree: bool) -> bool {
        self.exact.is_match(path) || tree && self.ancestors.is_match(path)
    }
}

/// Every rule's compiled path sets, and the literal components of the patterns (for
/// targets that are globs themselves: `rm -rf .*` is tried as `rm -rf .claude`).
#[derive(Debug)]
pub(crate) struct Protected {
    /// One per rule that protects paths.
    pub rules: Vec<CompiledRule>,
    /// Literal names on the way to a protected path (`.claude`, `settings.json`…).
    pub names: Vec<String>,
}

/// A pattern split at its anchor: the escaped absolute start (empty for `**/…`) and the
/// glob components after it. Directories strictly between the anchor and the protected
/// path are its ancestors.
struct Split {
    anchor: String,
    components: Vec<String>,
}

impl Protected {
    /// The path sets of `rules` in `s`.
    ///
    /// # Errors
    /// A pattern that is not a valid glob, naming the rule.
    pub(crate) fn compile(rules: &[TamperRule], s: &Surroundings<'_>) -> Result<Self, String> {
        let mut out = Protected {
            rules: Vec::new(),
            names: Vec::new(),
        };
        for (index, rule) in rules.iter().enumerate() {
            if rule.unresolved {
                continue;
            }
            let mut splits: Vec<Split> = Vec::new();
            for pattern in &rule.paths {
                splits.extend(expand(pattern, s));
            }
            for name in &rule.binaries {
                // Anchored one level up, so that the directory itself counts too
                // (`rm -rf ~/.cargo/bin`), but not everything above it.
                for dir in binary_dirs(s) {
                    let (Some(parent), Some(dir_name)) = (dir.parent(), dir.file_name()) else {
                        continue;
                    };
                    splits.push(Split {
                        anchor: globset::escape(&parent.to_string_lossy()),
                        components: vec![
                            globset::escape(&dir_name.to_string_lossy()),
                            globset::escape(name),
                        ],
                    });
                }
            }
            if rule.config_files {
                for file in &s.config_files {
                    splits.push(literal_file(file));
                }
            }
            if rule.audit_trail {
                for dir in &s.audit_dirs {
                    splits.push(Split {
                        anchor: globset::escape(&dir.to_string_lossy()),
                        components: vec!["**".to_owned()],
                    });
                }
                for file in &s.audit_files {
                    splits.push(literal_file(file));
                }
            }
            let real: Vec<Split> = splits.iter().filter_map(|p| real_variant(p, s)).collect();
            splits.extend(real);
            let mut exact = GlobSetBuilder::new();
            let mut ancestors = GlobSetBuilder::new();
            for split in &splits {
                for name in &split.components {
                    if !name.contains(['*', '?', '[', '{', '\\']) && !out.names.contains(name) {
                        out.names.push(name.clone());
                    }
                }
                let n = split.components.len();
                exact.add(glob(&join(&split.anchor, &split.components), &rule.id)?);
                if split.components.last().is_some_and(|c| c == "**") && n > 1 {
                    exact.add(glob(
                        &join(&split.anchor, &split.components[..n - 1]),
                        &rule.id,
                    )?);
                }
                for k in 1..n {
                    let prefix = &split.components[..k];
                    if prefix.last().is_some_and(|c| c == "**") {
                        continue;
                    }
                    ancestors.add(glob(&join(&split.anchor, prefix), &rule.id)?);
                }
            }
            out.rules.push(CompiledRule {
                index,
                exact: exact.build().map_err(|e| format!("{}: {e}", rule.id))?,
                ancestors: ancestors.build().map_err(|e| format!("{}: {e}", rule.id))?,
            });
        }
        Ok(out)
    }
}

/// `anchor/c1/c2…` (or `c1/c2…` for a `**` pattern, which has no anchor).
fn join(anchor: &str, components: &[String]) -> String {
    let rest = components.join("/");
    if anchor.is_empty() {
        rest
    } else if rest.is_empty() {
        anchor.to_owned()
    } else {
        format!("{}/{rest}", anchor.trim_end_matches('/'))
    }
}

/// A case-insensitive glob whose `*` and `?` stay within one component.
fn glob(pattern: &str, rule: &str) -> Result<globset::Glob, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("{rule}: pattern `{pattern}` does not compile: {e}"))
}

/// A file protected as itself, with no directory above it.
fn literal_file(file: &Path) -> Split {
    let parent = file.parent().unwrap_or(Path::new("/"));
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Split {
        anchor: globset::escape(&parent.to_string_lossy()),
        components: vec![globset::escape(&name)],
    }
}

/// A pattern of the data expanded in `s`: `None` when it names an unset variable or the
/// home directory is unknown. See the module docs of `tamper::model` for the syntax.
fn expand(pattern: &str, s: &Surroundings<'_>) -> Option<Split> {
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
        return Some(Split {
            anchor: String::new(),
            components: pattern.split('/').map(str::to_owned).collect(),
        });
    };
    let base = normalize(&base);
    Some(Split {
        anchor: globset::escape(&base.to_string_lossy()),
        components: rest
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
    })
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

/// The same pattern under the real path of its literal start, when a symlink leads there
/// (`~/.claude` → `~/dotfiles/claude`): a write through the link's target is the same
/// write.
fn real_variant(split: &Split, s: &Surroundings<'_>) -> Option<Split> {
    if split.anchor.is_empty() {
        return None;
    }
    let literal: Vec<&String> = split
        .components
        .iter()
        .take_while(|c| !c.contains(['*', '?', '[', '{', '\\']))
        .collect();
    let mut start = PathBuf::from(unescape(&split.anchor));
    for c in &literal {
        start.push(c.as_str());
    }
    let real = (s.realpath)(&start)?;
    if real == start {
        return None;
    }
    Some(Split {
        anchor: globset::escape(&real.to_string_lossy()),
        components: split.components[literal.len()..].to_vec(),
    })
}

/// The text `globset::escape` escaped (`[*]` → `*`).
fn unescape(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
            out.push_str(&inner);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_absolute_paths_at_any_depth_without_regard_to_case() {
        let g = glob("**/.claude/settings.json", "t.x")
            .unwrap()
            .compile_matcher();
        assert!(g.is_match("/home/u/p/.claude/settings.json"));
        assert!(g.is_match("/home/u/p/.CLAUDE/Settings.json"));
        assert!(!g.is_match("/home/u/p/.claude/commands/settings.json"));
        let star = glob("/x/*/y", "t.x").unwrap().compile_matcher();
        assert!(!star.is_match("/x/a/b/y"));
    }

    #[test]
    fn escaped_anchors_round_trip() {
        assert_eq!(unescape(&globset::escape("/home/a*b/[x]")), "/home/a*b/[x]");
    }
}
