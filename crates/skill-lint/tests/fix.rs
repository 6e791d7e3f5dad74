#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! `--fix` repairs the safe cases and keeps the frontmatter's values.

use std::path::Path;
use std::process::Command;

fn copy_fixture(name: &str, to: &Path) -> std::path::PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
        .join("SKILL.md");
    let dir = to.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(src, dir.join("SKILL.md")).unwrap();
    dir
}

#[test]
fn fix_quotes_ambiguous_values_removes_bom_and_normalizes_fences() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "yaml-ambiguous-scalar",
        "file-bom",
        "frontmatter-fence-whitespace",
        "frontmatter-unclosed",
    ] {
        let dir = copy_fixture(name, tmp.path());
        let file = dir.join("SKILL.md");
        let before = std::fs::read(&file).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
            .arg("--fix")
            .arg(&dir)
            .output()
            .unwrap();
        let after = std::fs::read(&file).unwrap();
        assert_ne!(before, after, "{name} unchanged");
        let old = skill_lint::fix::meaning(&before);
        let new = skill_lint::fix::meaning(&after);
        assert!(new.is_some(), "{name}: no frontmatter after the fix");
        if old.is_some() {
            assert_eq!(old, new, "{name}: values changed");
        }
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let fixed = std::fs::read_to_string(tmp.path().join("yaml-ambiguous-scalar/SKILL.md")).unwrap();
    assert!(
        fixed.contains("license: \"no\"\n") && fixed.contains("version: \"1.0\"\n"),
        "{fixed}"
    );
}

fn run(cwd: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Regression (issue 17): `--fix` fixes every file it can and names each repair.
#[test]
fn fix_reports_every_repair_in_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "yaml-ambiguous-scalar",
        "file-bom",
        "frontmatter-fence-whitespace",
    ] {
        copy_fixture(name, tmp.path());
    }
    let (stderr, code) = run(tmp.path(), &["--fix", "."]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// Regression (issue 17): a refused file no longer stops the run; the files after it are
/// fixed, and the refusal is reported.
#[test]
fn a_refused_file_does_not_stop_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let good = copy_fixture("yaml-ambiguous-scalar", tmp.path()).join("SKILL.md");
    let bad = tmp.path().join("a-first/SKILL.md");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    let text = "---\nname: a-first\ndescription: Does things. Use when asked.\n---\nBody.\n";
    std::fs::write(&bad, text).unwrap();
    // A repair that would rename the skill: refused, since it changes a value.
    let start = text.find("a-first").unwrap();
    let renaming = skill_lint::Finding::new("yaml.ambiguous-scalar", &bad, 2, 7, "m", "h")
        .with_edit(skill_lint::Edit {
            start,
            end: start + "a-first".len(),
            replacement: "other".into(),
        });
    let mut findings = vec![renaming];
    findings.extend(
        skill_lint::lint(std::slice::from_ref(&good), &skill_lint::Options::default())
            .unwrap()
            .findings,
    );
    let before = std::fs::read(&good).unwrap();
    let report = skill_lint::fix::fix_all(&findings);
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        text,
        "refused: unchanged"
    );
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(
        matches!(&report.refused[0], skill_lint::fix::FixError::ChangesMeaning(p) if *p == bad),
        "{report:?}"
    );
    assert_eq!(report.written.len(), 1, "{report:?}");
    assert_eq!(report.written[0].0, good);
    assert!(report.written[0].1.len() >= 2, "{report:?}");
    assert_ne!(
        std::fs::read(&good).unwrap(),
        before,
        "the later file is fixed"
    );
}
