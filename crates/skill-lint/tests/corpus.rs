//! skill-lint on a corpus of real published skills (`tests/corpora/skills/`, see its README):
//! every skill of each source repository is found, and the findings (human output, paths
//! relative to the corpus) are a snapshot a person reviews.
//!
//! Each top-level folder is one source repository and is checked by its own run, as its skills
//! would be installed together; checking two repositories in one run would report their shared
//! skill names (both ship a `skill-creator`) as `folder.duplicate-name`.

use std::path::Path;
use std::process::Command;

/// Per source folder: the summary line skill-lint ends with, and its `--strict` exit status.
const SOURCES: [(&str, &str, i32); 4] = [
    (
        "anthropics-skills",
        "9 skill files checked: 0 errors, 1 warning\n",
        1,
    ),
    (
        "aws-agent-toolkit",
        "151 skill files checked: 147 errors, 87 warnings\n",
        1,
    ),
    (
        "obra-superpowers",
        "14 skill files checked: 0 errors, 2 warnings\n",
        1,
    ),
    (
        "openai-skills",
        "10 skill files checked: 0 errors, 2 warnings\n",
        1,
    ),
];

#[test]
fn corpus_findings() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpora/skills");
    let mut folders: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    folders.sort();
    let expected: Vec<&str> = SOURCES.iter().map(|s| s.0).collect();
    assert_eq!(folders, expected, "every source folder has expected counts");

    let mut all = String::new();
    for (folder, summary, code) in SOURCES {
        let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
            .current_dir(&corpus)
            .args(["--strict", folder])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.ends_with(summary), "{folder}:\n{text}");
        assert_eq!(out.status.code(), Some(code), "{folder}: --strict status");
        all.push_str(&format!("==> {folder}\n{text}\n"));
    }
    insta::assert_snapshot!(all);
}
