//! `hookkit trust` as a person runs it: the real binary, a scratch HOME and state
//! directory (`XDG_STATE_HOME`), never the real one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_testkit::scratch_home;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home/project")).unwrap();
        Scratch { dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn project(&self) -> PathBuf {
        self.home().join("project")
    }

    fn store(&self) -> PathBuf {
        self.home().join(".local/state/hookkit/trust.json")
    }

    /// Run `hookkit` with `args` in the project: (stdout, stderr, exit code).
    fn run(&self, args: &[&str]) -> (String, String, i32) {
        let out = scratch_home(
            &mut Command::new(env!("CARGO_BIN_EXE_hookkit")),
            &self.home(),
        )
        .args(args)
        .current_dir(self.project())
        .output()
        .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            out.status.code().unwrap_or(-1),
        )
    }
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn trust_list_and_revoke_a_project_file() {
    let s = Scratch::new();
    let (stdout, _, code) = s.run(&["trust", "--list"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("no trusted files in "), "{stdout}");

    let cfg = write(
        &s.project().join(".hookkit.toml"),
        "on_error = \"allow\"\n[rules.\"git.reset-hard\"]\nenabled = false\n",
    );
    let (stdout, stderr, code) = s.run(&["trust", ".hookkit.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let canonical = Path::new(&cfg).canonicalize().unwrap();
    assert!(
        stdout.starts_with(&format!("trusted {} (sha256:", canonical.display())),
        "{stdout}"
    );
    // What the person now lets through, before they walk away.
    assert!(
        stdout.contains("  on_error: `allow` is looser than `deny`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  rules.\"git.reset-hard\".enabled: `false` would turn the rule off"),
        "{stdout}"
    );

    let doc: Value = serde_json::from_str(&std::fs::read_to_string(s.store()).unwrap()).unwrap();
    assert_eq!(doc["version"], 1);
    let record = &doc["files"][0];
    assert_eq!(record["path"], canonical.to_str().unwrap());
    let digest = record["digest"].as_str().unwrap();
    assert_eq!(digest.len(), "sha256:".len() + 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.store()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let (stdout, _, code) = s.run(&["trust", "--list"]);
    assert_eq!(code, 0);
    let line = stdout.lines().next().unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields[0], "matches", "{line}");
    assert_eq!(fields[1].len(), 10, "a date: {line}");
    assert_eq!(fields[2], &digest[..7 + 12], "{line}");
    assert_eq!(fields[3], canonical.to_str().unwrap(), "{line}");

    std::fs::write(&cfg, "on_error = \"ask\"\n").unwrap();
    let (stdout, _, _) = s.run(&["trust", "--list"]);
    assert!(stdout.starts_with("changed "), "{stdout}");

    let (stdout, _, code) = s.run(&["trust", "--revoke", &cfg]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("revoked "), "{stdout}");
    let (stdout, _, _) = s.run(&["trust", "--list"]);
    assert!(stdout.starts_with("no trusted files"), "{stdout}");
    let (stdout, _, code) = s.run(&["trust", "--revoke", &cfg]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("no trust record for "), "{stdout}");
}

#[test]
fn a_deleted_file_is_listed_missing_and_can_still_be_revoked() {
    let s = Scratch::new();
    let rules = write(&s.project().join("team-rules.toml"), "");
    assert_eq!(s.run(&["trust", &rules]).2, 0);
    std::fs::remove_file(&rules).unwrap();
    let (stdout, _, _) = s.run(&["trust", "--list"]);
    assert!(stdout.starts_with("missing "), "{stdout}");
    assert_eq!(s.run(&["trust", "--revoke", &rules]).2, 0);
}

#[test]
fn files_that_cannot_be_trusted_are_errors_and_nothing_is_recorded() {
    let s = Scratch::new();
    let (_, stderr, code) = s.run(&["trust", "absent.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("absent.toml"), "{stderr}");
    // A project file that does not load is not worth trusting: the error names the line.
    write(&s.project().join(".hookkit.toml"), "on_eror = \"allow\"\n");
    let (_, stderr, code) = s.run(&["trust", ".hookkit.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".hookkit.toml:1:1"), "{stderr}");
    assert!(!s.store().exists());
    // One of FILE, --list or --revoke.
    let (_, stderr, code) = s.run(&["trust"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("required"), "{stderr}");
    let (_, _, code) = s.run(&["trust", "--list", "x.toml"]);
    assert_eq!(code, 2);
}

#[test]
fn help_says_a_person_runs_it() {
    let s = Scratch::new();
    let (stdout, _, code) = s.run(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("never let an agent run it"), "{stdout}");
    let (stdout, _, _) = s.run(&["trust", "--help"]);
    assert!(
        stdout.contains("Run by a person, never by the agent"),
        "{stdout}"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    // `hookkit trust … | head`: the reader went away; never a panic (exit 101).
    let s = Scratch::new();
    let file = write(&s.project().join(".hookkit.toml"), "on_error = \"ask\"\n");
    for args in [
        &["trust", "--list"][..],
        &["trust", &file],
        &["trust", "--list"],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hookkit"));
        scratch_home(&mut command, &s.home())
            .args(args)
            .current_dir(s.project());
        let out = hookkit_testkit::run_with_closed_stdout(&mut command, b"").unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(s.store().exists());
}
