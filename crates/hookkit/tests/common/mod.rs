//! Helpers shared by the `hookkit doctor` tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use serde_json::Value;

/// `EVENT GUARD: STATE` for each registration of the first host of a `--format json`
/// report (`-` where the host keeps no state).
pub fn states(report: &Value) -> Vec<String> {
    report["hosts"][0]["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}: {}",
                r["event"].as_str().unwrap(),
                r["guard"].as_str().unwrap(),
                r["state"].as_str().unwrap_or("-")
            )
        })
        .collect()
}
