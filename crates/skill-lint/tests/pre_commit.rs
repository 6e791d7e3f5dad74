#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! The real `pre-commit` (PyPI, installed into a venv under the target directory) runs the
//! repository's `.pre-commit-hooks.yaml` hook on a scratch git repository: a commit adding
//! a bad skill is refused, the fixed skill commits.
//!
//! The hook is `language: system`, so the built binary is put on PATH. Needs `python3` with
//! `venv` and network access to PyPI on the first run (the venv is reused afterwards).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PRE_COMMIT: &str = "pre-commit==4.7.0";

fn venv() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-venv");
    let bin = venv.join("bin/pre-commit");
    if !bin.is_file() {
        let ok = |c: &mut Command| {
            let out = c.output().unwrap();
            assert!(out.status.success(), "{c:?}: {out:?}");
        };
        ok(Command::new("python3").arg("-m").arg("venv").arg(&venv));
        ok(Command::new(venv.join("bin/python")).args([
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            PRE_COMMIT,
        ]));
    }
    venv.join("bin")
}

struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    env: Vec<(&'static str, OsString)>,
}

impl Scratch {
    fn run(&self, cwd: &Path, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .current_dir(cwd)
            .args(args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (*k, v)))
            .output()
            .unwrap()
    }

    fn ok(&self, cwd: &Path, program: &str, args: &[&str]) -> String {
        let out = self.run(cwd, program, args);
        assert!(out.status.success(), "{program} {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let gitconfig = root.join("gitconfig");
    std::fs::write(
        &gitconfig,
        "[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let skill_lint_dir = Path::new(env!("CARGO_BIN_EXE_skill-lint"))
        .parent()
        .unwrap();
    let path = std::env::join_paths([venv(), skill_lint_dir.to_path_buf()].into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let env = vec![
        ("PATH", path),
        ("HOME", root.clone().into_os_string()),
        ("GIT_CONFIG_GLOBAL", gitconfig.into_os_string()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        (
            "PRE_COMMIT_HOME",
            root.join("pre-commit-home").into_os_string(),
        ),
    ];
    Scratch {
        _dir: dir,
        root,
        env,
    }
}

#[test]
fn pre_commit_refuses_a_commit_with_a_bad_skill() {
    let s = scratch();
    // The hook repository: this repository's .pre-commit-hooks.yaml, as in the working tree.
    let hooks = s.root.join("hooks-repo");
    std::fs::create_dir(&hooks).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    s.ok(&hooks, "git", &["init", "-q"]);
    s.ok(&hooks, "git", &["add", "."]);
    s.ok(&hooks, "git", &["commit", "-q", "-m", "hooks"]);
    let rev = s.ok(&hooks, "git", &["rev-parse", "HEAD"]);

    // The project using it.
    let project = s.root.join("project");
    let skill = project.join("skills/pdf-tools");
    std::fs::create_dir_all(&skill).unwrap();
    std::fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: skill-lint\n",
            hooks.display(),
            rev.trim()
        ),
    )
    .unwrap();
    std::fs::write(
        skill.join("SKILL.md"),
        "---\nname: PDF_Tools\ndescription: Extracts text from PDF files. Use when the user mentions PDFs.\n---\n# PDF tools\n",
    )
    .unwrap();
    s.ok(&project, "git", &["init", "-q"]);
    s.ok(&project, "pre-commit", &["install"]);
    s.ok(&project, "git", &["add", "."]);

    let refused = s.run(&project, "git", &["commit", "-m", "add a skill"]);
    let text = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{text}");
    assert!(
        text.contains("skill-lint") && text.contains("Failed"),
        "{text}"
    );
    assert!(
        text.contains("error[name.not-kebab]") && text.contains("skills/pdf-tools/SKILL.md:2:7"),
        "{text}"
    );
    assert!(
        !s.run(&project, "git", &["rev-parse", "-q", "--verify", "HEAD"])
            .status
            .success(),
        "nothing was committed"
    );

    std::fs::write(
        skill.join("SKILL.md"),
        "---\nname: pdf-tools\ndescription: Extracts text from PDF files. Use when the user mentions PDFs.\n---\n# PDF tools\n",
    )
    .unwrap();
    s.ok(&project, "git", &["add", "."]);
    let passed = s.run(&project, "git", &["commit", "-m", "add a skill"]);
    let text = String::from_utf8_lossy(&passed.stdout).into_owned()
        + &String::from_utf8_lossy(&passed.stderr);
    assert!(passed.status.success(), "{text}");
    assert!(
        text.contains("skill-lint") && text.contains("Passed"),
        "{text}"
    );
}
