//! SARIF 2.1.0 logs (OASIS Static Analysis Results Interchange Format Version 2.1.0,
//! Errata 01, <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html>).

use crate::model::{Diagnostic, RuleDescriptor};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// The `$schema` of every log (§3.13.3): the OASIS errata 01 schema, the one
/// `crates/report/schemas/sarif-schema-2.1.0.json` vendors.
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A path as a SARIF `artifactLocation.uri` (§3.4.3, §3.4.4: a URI reference, RFC 3986):
/// `\` becomes `/`; every byte outside the unreserved set (`A-Z a-z 0-9 - . _ ~`) and `/`
/// is percent-encoded (`%XX`, upper case); an absolute path becomes a `file://` URI
/// (`/a b` → `file:///a%20b`, `C:\x` → `file:///C:/x`); a relative path stays a
/// relative reference (`dir/a#1` → `dir/a%231`).
pub fn artifact_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (mut out, rest) = if drive {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else if path.starts_with('/') {
        (String::from("file://"), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn rule(r: &RuleDescriptor) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(r.id));
    let texts = [
        ("shortDescription", &r.short_description),
        ("fullDescription", &r.full_description),
        ("help", &r.help),
    ];
    for (key, text) in texts {
        if let Some(text) = text {
            o.insert(key.into(), json!({ "text": text }));
        }
    }
    if let Some(uri) = &r.help_uri {
        o.insert("helpUri".into(), json!(uri));
    }
    if let Some(level) = r.default_level {
        o.insert(
            "defaultConfiguration".into(),
            json!({ "level": level.sarif() }),
        );
    }
    if !r.properties.is_empty() {
        o.insert("properties".into(), Value::Object(r.properties.clone()));
    }
    Value::Object(o)
}

fn result(d: &Diagnostic, rules: &[RuleDescriptor]) -> Value {
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": artifact_uri(&d.path) }),
    );
    if let Some(region) = d.region {
        let mut r = Map::new();
        r.insert("startLine".into(), json!(region.start_line));
        r.insert("startColumn".into(), json!(region.start_column));
        if let Some(end) = region.end_column {
            r.insert("endColumn".into(), json!(end));
        }
        physical.insert("region".into(), Value::Object(r));
    }
    let mut location = json!({ "physicalLocation": physical });
    if let Some(logical) = &d.logical_location {
        location["logicalLocations"] = json!([{
            "fullyQualifiedName": logical.fully_qualified_name,
            "kind": logical.kind,
        }]);
    }
    let mut o = Map::new();
    o.insert("ruleId".into(), json!(d.rule_id));
    if let Some(index) = rules.iter().position(|r| r.id == d.rule_id) {
        o.insert("ruleIndex".into(), json!(index));
    }
    o.insert("level".into(), json!(d.level.sarif()));
    o.insert("message".into(), json!({ "text": d.text() }));
    o.insert("locations".into(), json!([location]));
    if !d.partial_fingerprints.is_empty() {
        o.insert("partialFingerprints".into(), json!(d.partial_fingerprints));
    }
    Value::Object(o)
}

/// One SARIF 2.1.0 log with one run (§3.13 `sarifLog`, §3.14 `run`):
///
/// ```json
/// {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0",
///  "runs": [{"tool": {"driver": {"name", "informationUri", "version", "rules": [...]}},
///            "results": [...]}]}
/// ```
///
/// - `tool_name`, `tool_version`, `information_uri`: `toolComponent` `name` (§3.19.8),
///   `version` (§3.19.13) and `informationUri` (§3.19.17, an absolute URI);
/// - `rules`: `tool.driver.rules` in this order (§3.19.23): `id`, `shortDescription`,
///   `fullDescription`, `help`, `helpUri`, `defaultConfiguration.level`, `properties`,
///   each only when set;
/// - `results`: one `result` each, in this order (§3.27): `ruleId`; `ruleIndex` (§3.27.6)
///   when the id is one of `rules`; `level`; `message.text` = [`Diagnostic::text`]; one
///   `location` (§3.28) whose `physicalLocation.artifactLocation.uri` is
///   [`artifact_uri`] of the path, with `region` `startLine`/`startColumn`/`endColumn`
///   when known and `logicalLocations` when set; `partialFingerprints` when any.
///
/// No results gives `"results": []` (a run that found nothing, §3.14.23).
pub fn sarif(
    tool_name: &str,
    tool_version: &str,
    information_uri: &str,
    rules: &[RuleDescriptor],
    results: &[Diagnostic],
) -> Value {
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": tool_name,
                "informationUri": information_uri,
                "version": tool_version,
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }},
            "results": results.iter().map(|d| result(d, rules)).collect::<Vec<_>>(),
        }]
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Level, Region};

    #[test]
    fn relative_paths_are_percent_encoded_references() {
        assert_eq!(artifact_uri("skills/a/SKILL.md"), "skills/a/SKILL.md");
        assert_eq!(artifact_uri("odd #1 100%/x"), "odd%20%231%20100%25/x");
        assert_eq!(artifact_uri(r"dir\sub\f.md"), "dir/sub/f.md");
        assert_eq!(artifact_uri("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(artifact_uri("é"), "%C3%A9");
    }

    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(
            artifact_uri("/tmp/a b/SKILL.md"),
            "file:///tmp/a%20b/SKILL.md"
        );
        assert_eq!(artifact_uri(r"C:\x y\f.md"), "file:///C:/x%20y/f.md");
        assert_eq!(artifact_uri("c:/f"), "file:///c:/f");
        // Not a drive: a relative path whose first segment has a colon.
        assert_eq!(artifact_uri("ab:/f"), "ab%3A/f");
    }

    /// A log using every field the writer can set (also validated in `crate::schema`).
    pub(crate) fn sample_log() -> Value {
        let mut rule = RuleDescriptor::new("r.one");
        rule.short_description = Some("short".into());
        rule.full_description = Some("full".into());
        rule.help = Some("help".into());
        rule.help_uri = Some("https://example.org/r.one".into());
        rule.default_level = Some(Level::Error);
        rule.properties.insert("fixable".into(), true.into());
        let rules = [RuleDescriptor::new("r.zero"), rule];
        let found = [
            Diagnostic::new("r.one", Level::Note, "m", "a b/f.md")
                .at(Region::new(2, 3).until(5))
                .with_help("h")
                .in_logical("/x/0", "member")
                .with_fingerprint("k/v1", "d"),
            Diagnostic::new("r.unknown", Level::Warning, "n", "g"),
            Diagnostic::new("r.zero", Level::Error, "o", r"C:\x\y.json").at(Region::new(1, 1)),
        ];
        sarif("tool", "1.2.3", "https://example.org", &rules, &found)
    }

    #[test]
    fn a_minimal_log_has_the_sarif_shape() {
        let log = sample_log();
        assert_eq!(
            log,
            json!({
                "$schema": SARIF_SCHEMA_URI,
                "version": "2.1.0",
                "runs": [{
                    "tool": {"driver": {
                        "name": "tool", "informationUri": "https://example.org",
                        "version": "1.2.3",
                        "rules": [
                            {"id": "r.zero"},
                            {"id": "r.one", "shortDescription": {"text": "short"},
                             "fullDescription": {"text": "full"}, "help": {"text": "help"},
                             "helpUri": "https://example.org/r.one",
                             "defaultConfiguration": {"level": "error"},
                             "properties": {"fixable": true}},
                        ]}},
                    "results": [
                        {"ruleId": "r.one", "ruleIndex": 1, "level": "note",
                         "message": {"text": "m (help: h)"},
                         "locations": [{
                             "physicalLocation": {
                                 "artifactLocation": {"uri": "a%20b/f.md"},
                                 "region": {"startLine": 2, "startColumn": 3, "endColumn": 5}},
                             "logicalLocations": [{"fullyQualifiedName": "/x/0", "kind": "member"}]}],
                         "partialFingerprints": {"k/v1": "d"}},
                        {"ruleId": "r.unknown", "level": "warning", "message": {"text": "n"},
                         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "g"}}}]},
                        {"ruleId": "r.zero", "ruleIndex": 0, "level": "error", "message": {"text": "o"},
                         "locations": [{"physicalLocation": {
                             "artifactLocation": {"uri": "file:///C:/x/y.json"},
                             "region": {"startLine": 1, "startColumn": 1}}}]},
                    ]
                }]
            })
        );
    }

    #[test]
    fn no_results_is_an_empty_results_array() {
        let log = sarif("t", "0", "https://example.org", &[], &[]);
        assert_eq!(log["runs"][0]["results"], json!([]));
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"], json!([]));
    }
}
