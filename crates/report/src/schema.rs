//! Validation of a SARIF log against the official SARIF 2.1.0 JSON schema (OASIS, errata 01,
//! `id` [`SARIF_SCHEMA_URI`](crate::SARIF_SCHEMA_URI)), vendored unmodified in
//! `crates/report/schemas/` (see its README for source, digest and licence) and compiled
//! offline with the `jsonschema` crate (no network resolution). Feature `schema`: the tools'
//! tests use it; their binaries do not carry the schema.

use serde_json::Value;
use std::sync::OnceLock;

/// The vendored schema text (JSON Schema draft-04).
pub const SARIF_SCHEMA: &str = include_str!("../schemas/sarif-schema-2.1.0.json");

fn validator() -> Result<&'static jsonschema::Validator, String> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let schema: Value = serde_json::from_str(SARIF_SCHEMA).map_err(|e| e.to_string())?;
            jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Every way `log` breaks the schema, as `INSTANCE_PATH: error` (`/runs/0/results/0/level:
/// "fatal" is not one of …`); empty when the log is valid. A schema that does not compile
/// is reported as one entry `schema: …`.
pub fn sarif_errors(log: &Value) -> Vec<String> {
    match validator() {
        Ok(v) => v
            .iter_errors(log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect(),
        Err(e) => vec![format!("schema: {e}")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sarif;
    use crate::sarif::tests::sample_log as log;

    #[test]
    fn every_field_the_writer_can_set_is_valid() {
        assert_eq!(sarif_errors(&log()), Vec::<String>::new());
        let empty = sarif("t", "0.1.0", "https://example.org", &[], &[]);
        assert_eq!(sarif_errors(&empty), Vec::<String>::new());
    }

    #[test]
    fn the_schema_rejects_a_broken_log() {
        let mut log = log();
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            Value::from(0);
        log["runs"][0]["results"][0]["level"] = Value::from("fatal");
        assert_eq!(sarif_errors(&log).len(), 2, "{:?}", sarif_errors(&log));
    }

    #[test]
    fn the_vendored_schema_is_the_one_the_logs_name() {
        let schema: Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
        assert_eq!(schema["id"], crate::SARIF_SCHEMA_URI);
    }
}
