//! `hookkit iam-policy` as a person runs it (the real binary, a scratch HOME), and every
//! document it writes for every built-in profile checked by a real IAM policy linter:
//! parliament (PyPI), installed into a venv under the target directory when it is not on
//! PATH, so CI needs nothing but python3 and the package registry once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::aws::wildcard;
use hookkit_policy::profile::BUILTIN;
use hookkit_testkit::scratch_home;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The parliament release the venv gets (the newest on PyPI when this test was written).
const PARLIAMENT: &str = "parliament==1.6.4";

/// Run `hookkit ARGS` with HOME in `home`: (stdout, stderr, exit code).
fn hookkit(home: &Path, args: &[&str]) -> (String, String, i32) {
    let out = scratch_home(&mut Command::new(env!("CARGO_BIN_EXE_hookkit")), home)
        .args(args)
        .current_dir(home)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// The `parliament` command: the one on PATH if it answers `--help`, else the one in a
/// venv under the target directory, created with pip the first time.
fn parliament() -> PathBuf {
    let answers = |cmd: &Path| {
        Command::new(cmd)
            .arg("--help")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if answers(Path::new("parliament")) {
        return PathBuf::from("parliament");
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parliament-venv");
    let bin = venv.join("bin/parliament");
    if !answers(&bin) {
        let run = |cmd: &mut Command| {
            let status = cmd.status().unwrap();
            assert!(status.success(), "{cmd:?}: {status}");
        };
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PARLIAMENT,
        ]));
    }
    assert!(answers(&bin), "{} does not run", bin.display());
    bin
}

/// Parliament's findings on every `*.json` document in `dir`, one JSON object each.
fn lint(parliament: &Path, dir: &Path) -> Vec<Value> {
    let out = Command::new(parliament)
        .arg("--directory")
        .arg(dir)
        .arg("--json")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "parliament failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn at_least_medium(f: &Value) -> bool {
    matches!(f["severity"].as_str(), Some("MEDIUM" | "HIGH" | "CRITICAL"))
}

/// A copy of every document under `dir` in `into` (same relative paths), without the
/// entries parliament did not know (findings `UNKNOWN_PREFIX`, `UNKNOWN_ACTION`):
/// parliament skips every other check of a statement that names an action it does not
/// know, so only this copy gets the full analysis.
fn known_only(dir: &Path, findings: &[Value], into: &Path) {
    let unknown: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| {
            matches!(
                f["issue"].as_str(),
                Some("UNKNOWN_PREFIX" | "UNKNOWN_ACTION")
            )
        })
        .map(|f| {
            let at = &f["location"];
            (
                at["filepath"].as_str().unwrap(),
                at["string"].as_str().unwrap(),
            )
        })
        .collect();
    for set in std::fs::read_dir(dir).unwrap() {
        let set = set.unwrap().path();
        let to = into.join(set.file_name().unwrap());
        std::fs::create_dir_all(&to).unwrap();
        for file in std::fs::read_dir(&set).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut doc: Value = serde_json::from_str(&text).unwrap();
            let actions = doc["Statement"][0]["Action"].as_array_mut().unwrap();
            let file = path.to_str().unwrap();
            actions.retain(|a| !unknown.contains(&(file, a.as_str().unwrap())));
            std::fs::write(to.join(path.file_name().unwrap()), doc.to_string()).unwrap();
        }
    }
}

#[test]
fn every_document_of_every_builtin_profile_passes_parliament() {
    let parliament = parliament();
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let emitted = scratch.path().join("emitted");
    let mut documents = 0;
    for (profile, _) in BUILTIN {
        for ask_as in ["deny", "allow"] {
            for scp in [false, true] {
                let name = format!("{profile}-{ask_as}-{}", if scp { "scp" } else { "iam" });
                let dir = emitted.join(&name);
                let mut args = vec!["iam-policy", "--profile", profile, "--ask-as", ask_as];
                args.extend(["--split-dir", dir.to_str().unwrap()]);
                if scp {
                    args.push("--scp");
                }
                let (_, stderr, code) = hookkit(&home, &args);
                assert_eq!(code, 0, "{name}: {stderr}");
                std::fs::create_dir_all(&dir).unwrap();
                documents += std::fs::read_dir(&dir).unwrap().count();
            }
        }
    }
    // propose-only and autonomous deny nothing with --ask-as allow: no document.
    assert!(documents > 40, "{documents} documents");
    // As emitted: parliament reports only the services and actions it does not know
    // (LOW): its data is older than the Service Authorization Reference table.
    let findings = lint(&parliament, &emitted);
    let serious: Vec<&Value> = findings.iter().filter(|f| at_least_medium(f)).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    // With only the entries it knows, so that every check runs: the one finding accepted
    // is that parliament 1.6.4's condition-key data predates aws:ViaAWSMCPService, a
    // global key AWS sets on every request an AWS-managed MCP server forwards, whatever
    // the action.
    let known = scratch.path().join("known");
    known_only(&emitted, &findings, &known);
    let checked = lint(&parliament, &known);
    assert!(!checked.is_empty(), "parliament checked nothing");
    for f in checked.iter().filter(|f| at_least_medium(f)) {
        assert!(
            f["issue"] == "UNKNOWN_CONDITION_FOR_ACTION"
                && f["detail"]
                    .as_str()
                    .unwrap()
                    .starts_with("Unknown condition aws:ViaAWSMCPService for action "),
            "{f:#}"
        );
    }
}

#[test]
fn prints_the_documents_as_a_json_array_and_refuses_an_unknown_profile() {
    let scratch = tempfile::tempdir().unwrap();
    let (stdout, _, code) = hookkit(
        scratch.path(),
        &["iam-policy", "--profile", "reversible", "--ask-as", "allow"],
    );
    assert_eq!(code, 0);
    let docs: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    assert!(docs.len() > 1, "{}", docs.len());
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let line = line.trim_end_matches(',');
        assert!(line.len() <= 6_144, "{}", line.len());
    }
    let all: Vec<&str> = docs
        .iter()
        .flat_map(|d| d["Statement"][0]["Action"].as_array().unwrap())
        .map(|a| a.as_str().unwrap())
        .collect();
    let denies = |name| all.iter().any(|e| wildcard::matches(e, "ec2", name));
    assert!(denies("TerminateInstances"));
    assert!(!denies("DescribeInstances"));
    assert!(
        !denies("RunInstances"),
        "reversible asks before a create in production"
    );
    let (stdout, _, code) = hookkit(
        scratch.path(),
        &["iam-policy", "--profile", "autonomous", "--ask-as", "allow"],
    );
    assert_eq!((stdout.as_str(), code), ("[]\n", 0));
    let (_, stderr, code) = hookkit(scratch.path(), &["iam-policy", "--profile", "nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no profile named `nope`"), "{stderr}");
}
