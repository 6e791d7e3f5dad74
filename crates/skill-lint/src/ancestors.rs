//! What the linter asks of the directories above a skill (their canonical path, whether one is
//! a plugin's or a repository's root, the Codex plugin manifest there), asked of the file
//! system once per directory in a run: a run's skills share most of their ancestors, and
//! asking anew for each skill cost every skill three canonicalizations and a lookup of six
//! names in each ancestor up to `/` (on the AWS agent toolkit's 152 skills: about 12,000 of
//! the run's 36,000 system calls, counted with `strace -f -c`). The file system is taken not to
//! change during a run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
pub(crate) fn canonical(path: &Path) -> Option<PathBuf> {
    static CACHE: Cache<Option<PathBuf>> = OnceLock::new();
    cached(&CACHE, path, || std::fs::canonicalize(path).ok())
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
