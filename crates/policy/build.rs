//! Embeds every rule file under `rules/` into the library, so adding a rule file needs no
//! code change: `OUT_DIR/embedded_rules.rs` holds `(relative path, contents)` pairs.

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
        "/// Every rule file under `rules/`: (path relative to `rules/`, contents).\n",
    );
    out.push_str("pub(crate) const EMBEDDED: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        let abs = std::fs::canonicalize(file)?;
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.to_string_lossy()
        )?;
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(dest, out)?;
    Ok(())
}
