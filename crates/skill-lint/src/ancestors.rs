//! What the linter asks of the directories above a skill (their canonical path, whether one is
//! a plugin's or a repository's root, the Codex plugin manifest there), asked of the file
//! system once per directory in a run: a run's skills share most of their ancestors, and
//! asking anew for each skill cost every skill three canonicalizations and a lookup of six
//! names in each ancestor up to `/` (on the AWS agent toolkit's 152 skills: about 12,000 of
//! the run's 36,000 system calls, counted with `strace -f -c`). The file system is taken not to
//! change during a run.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// One answer per directory, shared by the run's threads.
type Cache<T> = OnceLock<Mutex<HashMap<PathBuf, T>>>;

/// `cache`'s answer for `dir`, worked out by `ask` the first time (outside the lock: two
/// threads may both ask, and get the same answer). A poisoned lock, left by a thread that
/// panicked, is used as it is: entries are only ever added whole.
fn cached<T: Clone>(cache: &'static Cache<T>, dir: &Path, ask: impl FnOnce() -> T) -> T {
    let map = cache.get_or_init(Mutex::default);
    if let Some(known) = map.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
        return known.clone();
    }
    let answer = ask();
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf(), answer.clone());
    answer
}

/// [`std::fs::canonicalize`] of `path` (`None` when it fails).
///
/// A path ending in a name is resolved as `realpath(3)` resolves it, one component after
/// the other: its parent's canonical path (cached, so shared by every sibling), then the
/// name, looked up with one `lstat` and followed only when it is a symbolic link. Asked
/// whole (`realpath(3)` resolves every component of each path anew), the AWS agent
/// toolkit's folders cost 1,185 `readlink` and 150 `getcwd` calls more.
pub(crate) fn canonical(path: &Path) -> Option<PathBuf> {
    static CACHE: Cache<Option<PathBuf>> = OnceLock::new();
    cached(&CACHE, path, || {
        let (Some(parent), Some(Component::Normal(name))) =
            (path.parent(), path.components().next_back())
        else {
            // `/`, `.`, `..` or a path ending in one: asked whole.
            return std::fs::canonicalize(path).ok();
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let joined = canonical(parent)?.join(name);
        if std::fs::symlink_metadata(&joined)
            .ok()?
            .file_type()
            .is_symlink()
        {
            std::fs::canonicalize(&joined).ok()
        } else {
            Some(joined)
        }
    })
}

/// Whether the directory `dir` is a namespace root for skill names: it holds one of
/// [`crate::PLUGIN_MANIFESTS`] as a file, or `.git`.
pub(crate) fn is_namespace_root(dir: &Path) -> bool {
    static CACHE: Cache<bool> = OnceLock::new();
    cached(&CACHE, dir, || {
        crate::PLUGIN_MANIFESTS
            .iter()
            .any(|m| dir.join(m).is_file())
            || dir.join(".git").exists()
    })
}

/// The text of the first of `.codex-plugin/plugin.json` and `.claude-plugin/plugin.json`
/// that the directory `dir` holds and that reads as UTF-8.
pub(crate) fn codex_manifest(dir: &Path) -> Option<String> {
    static CACHE: Cache<Option<String>> = OnceLock::new();
    cached(&CACHE, dir, || {
        [".codex-plugin/plugin.json", ".claude-plugin/plugin.json"]
            .iter()
            .find_map(|m| std::fs::read_to_string(dir.join(m)).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn canonical_paths_are_what_realpath_gives_through_links_dots_and_missing_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        std::fs::write(root.join("a/b/file"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("a/b"), root.join("to-b")).unwrap();
        std::os::unix::fs::symlink("b/c", root.join("a/rel-c")).unwrap();
        std::os::unix::fs::symlink(root.join("a/b/file"), root.join("to-file")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        let cases = [
            "a/b/c",
            "to-b/c",
            "to-b/../b/c",
            "a/rel-c",
            "a/rel-c/../c",
            "to-file",
            "a/./b/./c",
            "a/b/c/..",
            "dangling",
            "missing/c",
            "a/b/file/c",
        ];
        let mut resolved = 0;
        for case in cases {
            let path = root.join(case);
            let want = std::fs::canonicalize(&path).ok();
            resolved += usize::from(want.is_some());
            assert_eq!(canonical(&path), want, "{case}");
            // Asked again, from the cache.
            assert_eq!(canonical(&path), want, "{case}");
        }
        assert_eq!(resolved, 8);
        for whole in [Path::new("/"), Path::new("."), Path::new("..")] {
            assert_eq!(canonical(whole), std::fs::canonicalize(whole).ok());
        }
        // A relative path, resolved from the working directory.
        let here = std::env::current_dir().unwrap();
        let relative = Path::new("src/lib.rs");
        assert_eq!(
            canonical(relative),
            std::fs::canonicalize(here.join(relative)).ok()
        );
        assert!(canonical(relative).is_some());
    }
}
