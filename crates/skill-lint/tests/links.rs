#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! `body.broken-link` on the shapes of the AWS agent toolkit (issue 17): paths relative to the
//! skill root are accepted in links too, a code path labelling a link is not checked apart
//! from it, generated paths, a workflow's outputs and another named skill's files are not
//! checked, and a near match is suggested.

use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn links_resolve_from_the_root_or_their_folder_and_misses_get_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let skill = tmp.path().join("links");
    write(
        &skill.join("SKILL.md"),
        "---\nname: links\ndescription: Does things. Use when asked.\n---\nRead [the guide](references/guide.md).\n",
    );
    write(&skill.join("references/networking/vpc.md"), "VPC.\n");
    write(&skill.join("scripts/deploy.py"), "print()\n");
    write(&tmp.path().join("other/references/limits.md"), "Limits.\n");
    write(
        &tmp.path().join("other/SKILL.md"),
        "---\nname: other\ndescription: Other things. Use when asked.\n---\nBody.\n",
    );
    write(
        &skill.join("references/guide.md"),
        concat!(
            "From the skill root: [deploy](scripts/deploy.py) and `scripts/deploy.py`.\n",
            "From this folder: [vpc](networking/vpc.md).\n",
            "A label: see `other` (loads [`references/limits.md`](../../other/references/limits.md)).\n",
            "Generated: delete `scripts/node_modules/` and `scripts/package-lock.json`.\n",
            "Another skill's file: the `other` skill and its `references/limits.md`.\n",
            "- Output: `scripts/01_train.py`\n",
            "Missing, with a near match: [vpc](references/vpc.md), `scripts/deplo.py`.\n",
            "Missing, nothing near: `references/quotas-and-limits-for-everything.md`.\n",
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(tmp.path())
        .arg("links")
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}
