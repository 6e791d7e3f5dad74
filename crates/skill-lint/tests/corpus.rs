//! skill-lint on a corpus of real published skills (`tests/corpora/skills/`, see its README):
//! every skill is found, and the findings (human output, paths relative to the corpus) are a
//! snapshot a person reviews.

use std::path::Path;
use std::process::Command;

#[test]
fn corpus_findings() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpora/skills");
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(&corpus)
        .args(["--strict", "."])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("9 skill files checked: 0 errors, 2 warnings\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "--strict fails on the warnings");
    insta::assert_snapshot!(text);
}
