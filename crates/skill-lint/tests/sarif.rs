#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! `--format sarif` output is valid against the official SARIF 2.1.0 JSON schema (OASIS,
//! errata 01, vendored once in `crates/report/schemas/`, see its README), compiled offline
//! by `hookkit_report::schema`.

use hookkit_report::schema::sarif_errors as errors;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn sarif(cwd: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(cwd)
        .arg("--format")
        .arg("sarif")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_fixture_finding_is_valid_sarif() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let log = sarif(
        &fixtures,
        &["bad", "good", "duplicates", "plugin", "project/skills"],
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 30, "{} results", results.len());
    assert_eq!(errors(&log), Vec::<String>::new());
}

#[test]
fn a_clean_run_and_odd_paths_are_valid_sarif() {
    assert_eq!(
        errors(&sarif(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &["good"]
        )),
        Vec::<String>::new()
    );
    // A path with a space, `#` and `%`, given absolute: still a valid URI.
    let dir = tempfile::tempdir().unwrap();
    let skill = dir.path().join("odd #1 100%");
    std::fs::create_dir(&skill).unwrap();
    std::fs::write(skill.join("SKILL.md"), "---\nname: Odd\n---\n").unwrap();
    let log = sarif(dir.path(), &[skill.to_str().unwrap()]);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/odd%20%231%20100%25/SKILL.md"),
        "{uri}"
    );
    assert_eq!(errors(&log), Vec::<String>::new());
}
