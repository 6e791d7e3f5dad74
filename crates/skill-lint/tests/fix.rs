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
