//! Helpers shared by the `hookkit` tests (each test file uses a part of them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers
#![allow(dead_code)]

use hookkit_testkit::{FakeAnthropic, scratch_home, shell_quote};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `EVENT GUARD: STATE` for each registration of the first host of a `--format json`
/// report (`-` where the host keeps no state).
pub fn states(report: &Value) -> Vec<String> {
    report["hosts"][0]["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}: {}",
                r["event"].as_str().unwrap(),
                r["guard"].as_str().unwrap(),
                r["state"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// A scratch `HOME` (with `CODEX_HOME`, `COPILOT_HOME`, `CARGO_HOME` and the XDG
/// directories under it), a scratch project in it (a `.git` folder marks its root), and a
/// scratch `PATH` directory, for running the real `hookkit` binary with nothing of the real
/// home read.
pub struct Scratch {
    dir: tempfile::TempDir,
}

pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Out {
    /// Asserts that stdout holds `needle`.
    #[track_caller]
    pub fn says(&self, needle: &str) {
        assert!(
            self.stdout.contains(needle),
            "no {needle:?} in:\n{}",
            self.stdout
        );
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

impl Scratch {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let s = Scratch { dir };
        std::fs::create_dir_all(s.project().join(".git")).unwrap();
        std::fs::write(s.project().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::create_dir_all(s.bin()).unwrap();
        s
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    pub fn project(&self) -> PathBuf {
        self.home().join("project")
    }
    /// A directory on `PATH` outside Cargo's.
    pub fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }
    pub fn cargo_bin(&self) -> PathBuf {
        self.home().join(".cargo/bin")
    }
    pub fn codex_home(&self) -> PathBuf {
        self.home().join("codex-home")
    }
    pub fn copilot_home(&self) -> PathBuf {
        self.home().join(".copilot")
    }

    pub fn write(&self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// An executable script named `name` in `dir` that prints `answer` for `--version`.
    pub fn program(&self, dir: &Path, name: &str, answer: &str) {
        let path = dir.join(name);
        self.write(&path, &format!("#!/bin/sh\necho '{answer}'\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    /// Both guards, answering as this version, in `dir`.
    pub fn guards_in(&self, dir: &Path) {
        for g in ["command-guard", "secret-guard"] {
            self.program(dir, g, &format!("{g} {VERSION}"));
        }
    }

    /// Every file under the scratch directory with its size and modification time.
    pub fn tree(&self) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64, std::time::SystemTime)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let e = e.unwrap();
                let meta = std::fs::symlink_metadata(e.path()).unwrap();
                out.push((e.path(), meta.len(), meta.modified().unwrap()));
                if meta.is_dir() {
                    walk(&e.path(), out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out.sort();
        out
    }
    /// Runs `hookkit ARGS` in the project with `PATH` = `path` + `/usr/bin:/bin` and
    /// `extra` variables, in a cleared environment.
    pub fn hookkit(&self, args: &[&str], path: &[PathBuf], extra: &[(&str, &str)]) -> Out {
        let mut command = hookkit_command(&self.home(), &self.project(), path);
        command
            .env("CODEX_HOME", self.codex_home())
            .envs(extra.iter().copied())
            .args(args);
        let out = command.output().unwrap();
        Out {
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// `hookkit` as a person runs it in `cwd`, in a cleared environment: a scratch `home`
/// (with its XDG directories and `CARGO_HOME` under it), `PATH` = `path` +
/// `/usr/bin:/bin`, `LANG=C.UTF-8`.
pub fn hookkit_command(home: &Path, cwd: &Path, path: &[PathBuf]) -> Command {
    let mut dirs: Vec<PathBuf> = path.to_vec();
    dirs.extend([PathBuf::from("/usr/bin"), PathBuf::from("/bin")]);
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookkit"));
    command.env_clear();
    scratch_home(&mut command, home)
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .env("CARGO_HOME", home.join(".cargo"))
        .env("LANG", "C.UTF-8")
        .current_dir(cwd);
    command
}

/// Runs `hookkit install --host HOST` as a person would ([`hookkit_command`], the guards'
/// folder `bins` first on `PATH`), asserts that it succeeded, and returns what it printed.
#[track_caller]
pub fn hookkit_install(host: &str, home: &Path, cwd: &Path, bins: &Path) -> String {
    let out = hookkit_command(home, cwd, &[bins.to_path_buf()])
        .args(["install", "--host", host])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

/// Asserts that `hookkit install --host HOST` said (`said`) it registered both guards in
/// `settings`, with no step left for the person, by the absolute paths of the guards in
/// `bins`, and returns the file it wrote.
#[track_caller]
pub fn registered_in(said: &str, host: &str, settings: &Path, bins: &Path) -> Value {
    assert!(
        said.contains(&format!(
            "{host}: registered both guards in {}\n",
            settings.display()
        )),
        "{said}"
    );
    assert!(!said.contains("then:"), "no step remains: {said}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(settings).unwrap()).unwrap();
    let first = written["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
        .as_str()
        .unwrap();
    assert!(
        first.starts_with(&bins.join("command-guard").display().to_string()),
        "by absolute path: {written}"
    );
    written
}

/// The fixed half of the end-to-end tests' fake token: GitLab's personal access token
/// prefix. (A GitHub token would prove nothing on Copilot CLI 1.0.102, which masks `ghp_`
/// tokens in tool output itself.)
pub const TOKEN_HEAD: &str = "glpat-";

/// The fake token's other half, 20 characters of GitLab's alphabet made up at run time
/// (never a literal in this repository).
pub fn token_tail() -> String {
    made_up(
        b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
        20,
    )
}

/// The fixed half of a fake AWS access key id (for a host that masks GitLab tokens in
/// tool output itself: Factory droid 0.225.2 does, not AWS key ids).
pub const AWS_KEY_HEAD: &str = "AKIA";

/// A fake AWS access key id's other half: 16 characters of `A-Z2-7` made up at run time.
pub fn aws_key_tail() -> String {
    made_up(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
}

/// `len` characters of `alphabet`, different in each call and each process.
fn made_up(alphabet: &[u8], len: usize) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    let mut state = hasher.finish() | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
            char::from(alphabet[i])
        })
        .collect()
}

/// `printf` of the fake token `TOKEN_HEAD` + `tail`, the two halves apart on its command
/// line, so that only its output holds the token.
pub fn token_printer(tail: &str) -> String {
    printer(TOKEN_HEAD, tail)
}

/// `printf` of `head` + `tail`, the two halves apart on its command line, so that only its
/// output holds them joined.
pub fn printer(head: &str, tail: &str) -> String {
    format!("printf '%s%s\\n' {head} {tail}")
}

/// Asserts that no request the fake model server received holds `secret`.
#[track_caller]
pub fn assert_no_request_holds(server: &FakeAnthropic, secret: &str) {
    assert_never_sent(server.requests().into_iter().map(|r| r.body), secret);
}

/// Asserts that no request body a fake model server received (`bodies`) holds `secret`.
#[track_caller]
pub fn assert_never_sent(bodies: impl IntoIterator<Item = Option<Value>>, secret: &str) {
    for body in bodies {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        assert!(
            !body.contains(secret),
            "the raw token reached the model: {body}"
        );
    }
}

/// Plants `<home>/keep-me/marker.txt` after checking that `home` is a scratch directory
/// (under the temporary directory, not this process's `HOME`), and returns the marker and
/// the destructive command an end-to-end test hands the host: `rm -rf` of that folder
/// (data, never run here).
pub fn marker_folder(home: &Path) -> (PathBuf, String) {
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    assert_ne!(Some(home.as_os_str()), std::env::var_os("HOME").as_deref());
    let dir = home.join("keep-me");
    std::fs::create_dir_all(&dir).unwrap();
    let marker = dir.join("marker.txt");
    std::fs::write(&marker, "hookkit e2e marker\n").unwrap();
    let destructive = ["rm", "-rf", &shell_quote(&dir.display().to_string())].join(" ");
    (marker, destructive)
}
