//! Embeds every rule file under `rules/` into the library, so adding a rule file needs no
//! code change: `OUT_DIR/embedded_rules.rs` holds `(relative path, JSON)` pairs. The TOML
//! is converted to JSON here, once, because a hook parses the rules on every call and JSON
//! parses several times faster; a TOML syntax error fails the build with file and line.
//! Each file is embedded twice: whole, and without `examples` and `negative_examples`,
//! which a hook never needs and which are most of the bytes.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    for family in std::fs::read_dir(root)? {
        let family = family?.path();
        if !family.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", family.display());
        for file in std::fs::read_dir(&family)? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "toml") {
                files.push(file);
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Every rule file under `rules/`: (path relative to `rules/`, JSON without the examples, JSON).\n",
    );
    out.push_str("pub(crate) const EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file)?;
        let value: toml::Value =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let full = serde_json::to_string(&value)?;
        let lean = serde_json::to_string(&without_examples(value))?;
        writeln!(out, "    ({rel:?}, {lean:?}, {full:?}),")?;
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(dest, out)?;
    Ok(())
}

/// The rule file without its rules' `examples` and `negative_examples`.
fn without_examples(mut value: toml::Value) -> toml::Value {
    if let Some(rules) = value.get_mut("rule").and_then(|r| r.as_array_mut()) {
        for rule in rules.iter_mut().filter_map(|r| r.as_table_mut()) {
            rule.remove("examples");
            rule.remove("negative_examples");
        }
    }
    value
}
