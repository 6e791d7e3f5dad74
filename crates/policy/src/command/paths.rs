//! Where a path operand points: the [`PathClass`] of a word, relative to the working
//! directory, the project and the home directory.

use crate::rules::PathClass;
use hookkit_shell::Word;
use std::path::{Component, Path, PathBuf};

/// Top-level directories whose contents belong to the operating system.
const SYSTEM_DIRS: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "etc",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "opt",
    "proc",
    "run",
    "sbin",
    "snap",
    "srv",
    "sys",
    "usr",
    "var",
    "Applications",
    "Library",
    "System",
    "Volumes",
    "private",
    "nix",
];

/// Top-level directories that hold users' own files below their first level.
const USER_DIRS: &[&str] = &["home", "Users", "root"];

/// Directories for temporary files; deleting inside them is routine.
const TEMP_DIRS: &[&str] = &["/tmp", "/var/tmp", "/private/tmp"];

/// Device name prefixes (under `/dev/`) that are disks or partitions.
const BLOCK_DEVICES: &[&str] = &[
    "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "dm-", "md", "loop", "sr",
    "mapper/",
];

/// What the classifier needs to know about the call's surroundings.
#[derive(Debug, Clone)]
pub struct PathContext {
    /// The tool call's working directory (absolute).
    pub cwd: PathBuf,
    /// The user's home directory, when known.
    pub home: Option<PathBuf>,
    /// The project's root: the nearest ancestor of `cwd` holding a git repository
    /// (a `.git` directory with a `HEAD`, or a `.git` file saying `gitdir:`), else `cwd`.
    pub project_root: PathBuf,
    /// `$TMPDIR`, when set.
    pub tmpdir: Option<PathBuf>,
}

/// True when `dir` holds a git repository: a `.git` directory with a `HEAD`, or a `.git`
/// file pointing to one (`gitdir: …`, a worktree or submodule; gitrepository-layout(5)). An
/// empty `.git` is not one: Codex's sandbox creates an empty `/tmp/.git` for a moment while
/// it runs a command, which would otherwise make all of `/tmp` the project.
pub(crate) fn is_git_root(dir: &Path) -> bool {
    let git = dir.join(".git");
    if git.join("HEAD").is_file() {
        return true;
    }
    git.is_file()
        && std::fs::File::open(&git).is_ok_and(|f| {
            let mut head = [0u8; 7];
            std::io::Read::read_exact(&mut std::io::Read::take(f, 7), &mut head).is_ok()
                && &head == b"gitdir:"
        })
}

impl PathContext {
    /// A context for `cwd`, finding the project root by walking up to the nearest
    /// directory that holds a git repository (`is_git_root`; stopping below the home
    /// directory and `/`).
    pub fn discover(cwd: PathBuf, home: Option<PathBuf>, tmpdir: Option<PathBuf>) -> Self {
        let mut project_root = cwd.clone();
        for dir in cwd.ancestors() {
            if Some(dir) == home.as_deref() || dir.parent().is_none() {
                break;
            }
            if is_git_root(dir) {
                project_root = dir.to_path_buf();
                break;
            }
        }
        PathContext {
            cwd,
            home,
            project_root,
            tmpdir,
        }
    }

    /// [`PathContext::discover`] for a call this process checks: working directory `cwd`
    /// (else the process's own, else `/`), home from [`home_dir`], temp from `$TMPDIR`.
    pub fn of_process(cwd: Option<&Path>) -> Self {
        let cwd = match cwd {
            Some(cwd) => cwd.to_path_buf(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
        };
        PathContext::discover(
            cwd,
            home_dir(),
            std::env::var_os("TMPDIR").map(PathBuf::from),
        )
    }

    /// Resolve a word to an absolute, lexically normalized path: `~` and `$HOME` become
    /// the home directory, `$PWD` the working directory, relative paths are joined to the
    /// working directory. `None` when the word holds anything else that is dynamic.
    pub fn resolve(&self, word: &Word) -> Option<PathBuf> {
        let text = word.text.as_str();
        let (base, rest): (PathBuf, &str) = if let Some(rest) =
            strip_var(text, "HOME").or_else(|| {
                text.strip_prefix('~')
                    .filter(|r| r.is_empty() || r.starts_with('/'))
            }) {
            (self.home.clone()?, rest)
        } else if let Some(rest) = strip_var(text, "PWD") {
            (self.cwd.clone(), rest)
        } else if let Some(rest) = strip_var(text, "TMPDIR") {
            (self.tmpdir.clone().unwrap_or_else(|| "/tmp".into()), rest)
        } else if let Some((default, rest)) = tmpdir_with_default(text) {
            // `${TMPDIR:-/tmp}`: $TMPDIR when set, else the literal default.
            (self.tmpdir.clone().unwrap_or_else(|| default.into()), rest)
        } else if let Some(user) = text.strip_prefix('~') {
            // `~name/…`: another user's home.
            let (name, rest) = user.split_once('/').unwrap_or((user, ""));
            (PathBuf::from("/home").join(name), rest)
        } else {
            (PathBuf::new(), text)
        };
        if rest.contains('$') || rest.contains('`') {
            return None;
        }
        let joined = if base.as_os_str().is_empty() {
            self.cwd.join(rest)
        } else {
            base.join(rest.trim_start_matches('/'))
        };
        Some(normalize(&joined))
    }

    /// The class of a path operand. With no home known, `~`, `~/`, `~/*` and `$HOME`
    /// are still [`PathClass::Home`] (whatever the home is, they name all of it); paths
    /// below it are [`PathClass::Unresolved`].
    ///
    /// A word hookkit-shell made for a target that arrives through input
    /// ([`Word::from_input`]): `{}` from `xargs` or `parallel` is
    /// [`PathClass::Unresolved`]; `DIR/{}` from `find DIR -exec` is what lies below `DIR`
    /// ([`PathContext::class_below`]).
    pub fn classify(&self, word: &Word) -> PathClass {
        if word.from_input() {
            return match word.text.strip_suffix("/{}") {
                Some(dir) => {
                    let dir = if dir.is_empty() { "/" } else { dir };
                    self.class_below(&Word::literal(dir))
                }
                None => PathClass::Unresolved,
            };
        }
        let Some(path) = self.resolve(word) else {
            return match self.home {
                None if names_whole_home(&word.text) => PathClass::Home,
                _ => PathClass::Unresolved,
            };
        };
        // A trailing glob: `*` alone (or `.*`) means everything in the parent; any other
        // glob means some entries of it.
        let (path, everything) = split_glob(&path);
        if everything {
            return self.class_of(&path);
        }
        match path.file_name() {
            Some(_) if has_glob(&path) => self.class_of(&path.with_file_name("entry")),
            _ => self.class_of(&path),
        }
    }

    /// The class of an unknown entry somewhere below the directory `dir`: inside the
    /// project for the project or a directory in it; a system path below `/` or a system
    /// directory; outside the project below a home; else the class of `dir` itself (below a
    /// temp directory, temp; below an unresolved one, unresolved).
    pub fn class_below(&self, dir: &Word) -> PathClass {
        match self.classify(dir) {
            PathClass::Project | PathClass::InsideProject => PathClass::InsideProject,
            PathClass::Root | PathClass::System => PathClass::System,
            PathClass::Home => PathClass::OutsideProject,
            other => other,
        }
    }

    fn class_of(&self, path: &Path) -> PathClass {
        if path.parent().is_none() {
            return PathClass::Root;
        }
        if let Ok(dev) = path.strip_prefix("/dev") {
            let dev = dev.to_string_lossy();
            if dev.is_empty() {
                return PathClass::System;
            }
            return if BLOCK_DEVICES.iter().any(|p| dev.starts_with(p)) {
                PathClass::BlockDevice
            } else {
                PathClass::SpecialDevice
            };
        }
        if self.is_home(path) {
            return PathClass::Home;
        }
        let top = match path.components().nth(1) {
            Some(Component::Normal(top)) => top,
            _ => return PathClass::Root,
        };
        let top_level = path.components().count() == 2;
        // `/home/NAME/…` and `/root/…` belong to users; `/home` itself to the system.
        let user_area = USER_DIRS.iter().any(|d| top == *d);
        if top_level && user_area {
            return PathClass::System;
        }
        if self.has_project() {
            if self.cwd.starts_with(path) || self.project_root.starts_with(path) {
                return PathClass::Project;
            }
            if path.starts_with(&self.project_root) {
                return PathClass::InsideProject;
            }
        }
        // A home under a temp directory (containers and CI runners set HOME=/tmp) keeps its
        // paths home paths: `~/.ssh` there is not a temp file.
        let in_home = self.home.as_deref().is_some_and(|h| path.starts_with(h));
        let temp = TEMP_DIRS
            .iter()
            .map(Path::new)
            .chain(self.tmpdir.as_deref())
            .filter(|t| !(in_home && self.home.as_deref().is_some_and(|h| h.starts_with(t))))
            .any(|t| path.starts_with(t));
        if temp {
            PathClass::Temp
        } else if !user_area && SYSTEM_DIRS.iter().any(|d| top == *d) {
            PathClass::System
        } else {
            PathClass::OutsideProject
        }
    }

    /// A home directory: the user's own, or `/home/NAME`, `/Users/NAME`, `/root`.
    fn is_home(&self, path: &Path) -> bool {
        if self.home.as_deref() == Some(path) || path == Path::new("/root") {
            return true;
        }
        let mut parts = path.components().skip(1);
        matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(Component::Normal(top)), Some(Component::Normal(_)), None)
                if top == "home" || top == "Users"
        )
    }

    /// False when the "project" would be `/`, a home directory or a top-level system
    /// directory: then nothing counts as inside the project.
    fn has_project(&self) -> bool {
        let root = &self.project_root;
        root.components().count() > 2 && !self.is_home(root)
            || root.components().count() == 2
                && !matches!(root.components().nth(1), Some(Component::Normal(top))
                    if SYSTEM_DIRS.iter().any(|d| top == *d))
    }
}

/// The user's home directory, as the guards understand `~` and `$HOME`:
///
/// 1. `$HOME`, when it is an absolute path other than `/`;
/// 2. else (unset, empty, relative or `/`, as some containers and CI runners leave it) the
///    home of this process's real user in `/etc/passwd`, the user found in
///    `/proc/self/status` (Linux; what `getpwuid(getuid())` reads, without `unsafe`);
/// 3. else, when `$HOME` is unset, [`std::env::home_dir`] (which asks the system's user
///    database, on macOS too).
///
/// `None` when none of these names a home other than `/`: then `~` alone still counts as a
/// home (see [`PathContext::classify`]).
pub fn home_dir() -> Option<PathBuf> {
    let var = std::env::var_os("HOME");
    let unset = var.is_none();
    usable_home(var.map(PathBuf::from))
        .or_else(|| {
            let status = std::fs::read_to_string("/proc/self/status").ok()?;
            let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
            usable_home(passwd_home(&status, &passwd))
        })
        .or_else(|| usable_home(std::env::home_dir().filter(|_| unset)))
}

/// `home` when it can stand for a home directory: absolute and not `/`, normalized.
fn usable_home(home: Option<PathBuf>) -> Option<PathBuf> {
    let home = home.filter(|h| h.is_absolute())?;
    let home = normalize(&home);
    (home.parent().is_some()).then_some(home)
}

/// The home directory (6th field) of the `/etc/passwd` entry (`name:x:uid:gid:gecos:home:shell`)
/// whose uid is the real uid on the `Uid:` line of `/proc/self/status` (`Uid:\treal\teffective…`).
fn passwd_home(status: &str, passwd: &str) -> Option<PathBuf> {
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [_, _, id, _, _, home, ..] if *id == uid => Some(PathBuf::from(home)),
            _ => None,
        }
    })
}

/// `~`, `~/`, `~/*`, `$HOME`, `${HOME}` (and with a trailing `/` or `/*`): the whole home.
fn names_whole_home(text: &str) -> bool {
    let rest = strip_var(text, "HOME").or_else(|| text.strip_prefix('~'));
    matches!(rest, Some("" | "/" | "/*" | "/.*" | "/{*,.*}"))
}

/// `$NAME…` or `${NAME}…` → the rest after the variable.
fn strip_var<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let rest = text.strip_prefix('$')?;
    let rest = match rest.strip_prefix('{') {
        Some(braced) => braced.strip_prefix(name)?.strip_prefix('}')?,
        None => {
            let rest = rest.strip_prefix(name)?;
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            rest
        }
    };
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// `${TMPDIR:-DEFAULT}…` or `${TMPDIR-DEFAULT}…` with a literal absolute default →
/// (default, rest).
fn tmpdir_with_default(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix("${TMPDIR")?;
    let inner = inner
        .strip_prefix(":-")
        .or_else(|| inner.strip_prefix('-'))?;
    let (default, rest) = inner.split_once('}')?;
    let literal = default.starts_with('/') && !default.contains(['$', '`', '{']);
    (literal && (rest.is_empty() || rest.starts_with('/'))).then_some((default, rest))
}

fn has_glob(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| super::glob_text::is_glob(&n.to_string_lossy()))
}

/// Strip trailing components that match everything (`*`, `.*`): returns the directory
/// and whether anything was stripped.
fn split_glob(path: &Path) -> (PathBuf, bool) {
    let mut path = path.to_path_buf();
    let mut everything = false;
    while let Some(name) = path.file_name() {
        if name == "*" || name == ".*" || name == "{*,.*}" || name == "**" {
            everything = true;
            path.pop();
        } else {
            break;
        }
    }
    (path, everything)
}

/// Lexical normalization: drop `.`, apply `..`, keep the root.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> PathContext {
        PathContext {
            cwd: "/home/user/project".into(),
            home: Some("/home/user".into()),
            project_root: "/home/user/project".into(),
            tmpdir: None,
        }
    }

    fn class(s: &str) -> PathClass {
        let dynamic = s.contains('$');
        ctx().classify(&Word {
            text: s.into(),
            dynamic,
        })
    }

    #[test]
    fn the_project_is_the_nearest_git_repository_not_an_empty_git() {
        let tmp = tempfile::tempdir().unwrap();
        let (outer, inner) = (tmp.path().join("a"), tmp.path().join("a/b/c"));
        std::fs::create_dir_all(&inner).unwrap();
        let root = |dir: &Path| PathContext::discover(dir.into(), None, None).project_root;
        // An empty `.git` (Codex's sandbox makes one in /tmp for a moment) is no project.
        std::fs::create_dir_all(outer.join(".git")).unwrap();
        assert_eq!(root(&inner), inner);
        std::fs::write(outer.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        assert_eq!(root(&inner), outer);
        // A worktree's or submodule's `.git` file.
        let mid = tmp.path().join("a/b");
        std::fs::write(mid.join(".git"), "").unwrap();
        assert_eq!(root(&inner), outer);
        std::fs::write(mid.join(".git"), "gitdir: ../.git/worktrees/b\n").unwrap();
        assert_eq!(root(&inner), mid);
    }

    #[test]
    fn root_and_everything_in_it() {
        for p in ["/", "/*", "//", "/.", "/..", "/usr/..", "/*/.."] {
            assert_eq!(class(p), PathClass::Root, "{p}");
        }
    }

    #[test]
    fn home_in_its_spellings() {
        for p in [
            "~",
            "~/",
            "~/*",
            "$HOME",
            "${HOME}",
            "$HOME/",
            "/home/user",
            "/root",
            "~bob",
            "/Users/ann",
            "..",
            "../*",
        ] {
            assert_eq!(class(p), PathClass::Home, "{p}");
        }
    }

    #[test]
    fn the_project_itself_and_inside_it() {
        for p in [
            ".",
            "./",
            "*",
            "./*",
            "$PWD",
            "/home/user/project",
            "../project",
        ] {
            assert_eq!(class(p), PathClass::Project, "{p}");
        }
        for p in ["target", "./node_modules", "build/", "*.o", "src/../dist"] {
            assert_eq!(class(p), PathClass::InsideProject, "{p}");
        }
    }

    #[test]
    fn system_devices_temp_outside_unresolved() {
        for p in ["/etc", "/usr/bin/*", "/var/lib/x", "/home", "/etc/*.conf"] {
            assert_eq!(class(p), PathClass::System, "{p}");
        }
        assert_eq!(class("/dev/sda1"), PathClass::BlockDevice);
        assert_eq!(class("/dev/nvme0n1"), PathClass::BlockDevice);
        assert_eq!(class("/dev/null"), PathClass::SpecialDevice);
        assert_eq!(class("/tmp/x"), PathClass::Temp);
        assert_eq!(class("/var/tmp/*"), PathClass::Temp);
        assert_eq!(class("${TMPDIR:-/tmp}/build"), PathClass::Temp);
        assert_eq!(class("${TMPDIR:-$X}/build"), PathClass::Unresolved);
        assert_eq!(class("~/other-project"), PathClass::OutsideProject);
        assert_eq!(class("../other"), PathClass::OutsideProject);
        assert_eq!(class("/data/x"), PathClass::OutsideProject);
        assert_eq!(class("$DIR/"), PathClass::Unresolved);
        assert_eq!(class("$HOMEDIR"), PathClass::Unresolved);
    }

    #[test]
    fn targets_that_arrive_through_input_are_never_inside_the_project_unseen() {
        let input = |s: &str| {
            ctx().classify(&Word {
                text: s.into(),
                dynamic: true,
            })
        };
        assert_eq!(input("{}"), PathClass::Unresolved);
        assert_eq!(input("{}.bak"), PathClass::Unresolved);
        assert_eq!(input("./{}"), PathClass::InsideProject);
        assert_eq!(input("src/{}"), PathClass::InsideProject);
        assert_eq!(input("/{}"), PathClass::System);
        assert_eq!(input("/etc/{}"), PathClass::System);
        assert_eq!(input("~/{}"), PathClass::OutsideProject);
        assert_eq!(input("/tmp/{}"), PathClass::Temp);
        assert_eq!(input("$DIR/{}"), PathClass::Unresolved);
        // A literal `{}` typed on the line is a file name like any other.
        assert_eq!(class("{}"), PathClass::InsideProject);
    }

    #[test]
    fn a_home_under_tmp_keeps_its_paths_home_paths() {
        // Containers and CI runners set HOME=/tmp or a directory under it.
        let mut c = ctx();
        c.home = Some("/tmp/x".into());
        c.cwd = "/srv/app".into();
        c.project_root = "/srv/app".into();
        let w = |s: &str| Word {
            text: s.into(),
            dynamic: s.contains('$'),
        };
        for p in ["~", "$HOME", "~/", "/tmp/x"] {
            assert_eq!(c.classify(&w(p)), PathClass::Home, "{p}");
        }
        for p in ["~/.ssh", "$HOME/.aws/credentials", "/tmp/x/notes"] {
            assert_eq!(c.classify(&w(p)), PathClass::OutsideProject, "{p}");
        }
        assert_eq!(c.classify(&w("/tmp/build")), PathClass::Temp);
        // A temp directory inside the home is still a temp directory.
        c.tmpdir = Some("/tmp/x/tmp".into());
        assert_eq!(c.classify(&w("$TMPDIR/build")), PathClass::Temp);
        // HOME=/tmp: all of /tmp is the home.
        c.home = Some("/tmp".into());
        c.tmpdir = None;
        assert_eq!(c.classify(&w("~/.ssh")), PathClass::OutsideProject);
        assert_eq!(c.classify(&w("/var/tmp/build")), PathClass::Temp);
    }

    #[test]
    fn with_no_home_known_the_whole_home_is_still_a_home() {
        let mut c = ctx();
        c.home = None;
        for p in ["~", "~/", "~/*", "$HOME", "${HOME}", "$HOME/"] {
            let word = Word {
                text: p.into(),
                dynamic: p.contains('$'),
            };
            assert_eq!(c.classify(&word), PathClass::Home, "{p}");
        }
        let below = Word {
            text: "~/.ssh".into(),
            dynamic: false,
        };
        assert_eq!(c.classify(&below), PathClass::Unresolved);
    }

    #[test]
    fn home_falls_back_from_an_unusable_home_to_the_passwd_entry() {
        assert_eq!(
            usable_home(Some("/tmp/x/".into())),
            Some(PathBuf::from("/tmp/x"))
        );
        for bad in ["/", "//", "/tmp/..", "relative", ""] {
            assert_eq!(usable_home(Some(bad.into())), None, "{bad:?}");
        }
        let status = "Name:\tagent\nUmask:\t0022\nUid:\t1001\t1001\t1001\t1001\nGid:\t1001\n";
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n\
                      agent:x:1001:1001:Agent,,,:/home/agent:/bin/bash\n";
        assert_eq!(
            passwd_home(status, passwd),
            Some(PathBuf::from("/home/agent"))
        );
        assert_eq!(passwd_home("Uid:\t42\t42\t42\t42\n", passwd), None);
        assert_eq!(passwd_home("Name:\tx\n", passwd), None);
    }

    #[test]
    fn no_project_when_working_in_home_or_a_system_directory() {
        let mut c = ctx();
        c.cwd = "/home/user".into();
        c.project_root = "/home/user".into();
        let w = |s: &str| Word {
            text: s.into(),
            dynamic: false,
        };
        assert_eq!(c.classify(&w("Documents")), PathClass::OutsideProject);
        assert_eq!(c.classify(&w(".")), PathClass::Home);
        c.cwd = "/etc".into();
        c.project_root = "/etc".into();
        assert_eq!(c.classify(&w("nginx")), PathClass::System);
        c.cwd = "/srv/app".into();
        c.project_root = "/srv/app".into();
        assert_eq!(c.classify(&w("target")), PathClass::InsideProject);
    }
}
