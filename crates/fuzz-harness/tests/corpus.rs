//! The kept fuzz corpus (`fuzz/corpus/<target>/`: seeds, and every input a fuzz run
//! found that once failed) replayed through the same properties the fuzz targets check.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a failing input fails the test"
)]

use std::path::Path;

#[test]
fn every_kept_input_holds_its_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    for (target, check) in hookkit_fuzz_harness::TARGETS {
        let dir = root.join(target);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a corpus entry").path();
            let data = std::fs::read(&path).expect("a readable corpus file");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails", path.display());
            count += 1;
        }
        assert!(count > 0, "{target}: no corpus in {}", dir.display());
    }
}
