//! Byte-stable JSON, atomic writes, and unified diffs of stale files.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::io::Write as _;
use std::path::Path;

/// `value` with every object's keys sorted (recursively); arrays keep their order.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if let Some(v) = map.get(k) {
                    out.insert(k.clone(), sorted(v));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// `value` as byte-stable JSON: keys sorted, 2-space indentation, `\n` line ends, one
/// trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(&sorted(value)).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed,
/// then renamed over `path`. Creates missing parent folders. On Unix a new file is 0644 and
/// a replaced one keeps its mode.
///
/// # Errors
/// [`Error::Io`] naming `path`.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "creating the folder", e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".plugin-manifest-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "creating a temporary file", e))?;
    tmp.write_all(contents.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, "writing the file", e))?;
    // A temporary file is created 0600; a generated file is read by hosts and other users
    // like any checked-in file, so it gets 0644 (or keeps the mode it had).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, "setting the file's mode", e))?;
    }
    tmp.persist(path)
        .map_err(|e| Error::io(path, "renaming the temporary file", e.error))?;
    Ok(())
}

/// A unified diff (3 lines of context) from `old` to `new`, headed `a/<name>`/`b/<name>`.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
