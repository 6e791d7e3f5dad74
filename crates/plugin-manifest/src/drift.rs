//! `drift`: disagreements across hand-written host manifests, for repositories that have
//! not adopted the generator.
//!
//! A plugin folder is any folder (searched to depth 4, skipping dot-folders other than the
//! manifest folders, `node_modules` and `target`) holding at least one of `plugin.json`,
//! `.claude-plugin/plugin.json`, `.codex-plugin/plugin.json`, `.cursor-plugin/plugin.json`,
//! `gemini-extension.json`. Across the manifests of one folder, `name`, `version`,
//! `description`, `license`, `homepage`, `repository` (string or `{url}`), `author` (string or
//! `{name, email}`) and `keywords` (as a set) must agree: each field that differs is one
//! `drift.<field>` finding on the second manifest naming the first's value. A folder with a
//! canonical `plugin.json` and a Claude Code `.mcp.json` but no canonical `mcp.json` is a
//! `drift.mcp-missing` finding: generation from the canonical files would drop the servers.
//! Marketplace entries
//! (`.claude-plugin/marketplace.json`, `.agents/plugins/marketplace.json`,
//! `.cursor-plugin/marketplace.json` at the root) must name an existing folder
//! (`drift.marketplace-source`), agree on `name`, `version`, `description` and `keywords` (as a
//! set) with that
//! folder's manifest for the same host (`.claude-plugin/plugin.json`,
//! `.codex-plugin/plugin.json`, `.cursor-plugin/plugin.json`), or with the folder's first
//! manifest when that host has none (`drift.marketplace-entry`), and list the same plugins
//! as each other (`drift.marketplace-plugins`). A marketplace entry is compared with one
//! manifest only: a disagreement between manifests is already a `drift.<field>` finding.

use crate::model::read_json;
use crate::report::{Finding, pointer_token};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MANIFESTS: [&str; 5] = [
    "plugin.json",
    ".claude-plugin/plugin.json",
    ".codex-plugin/plugin.json",
    ".cursor-plugin/plugin.json",
    "gemini-extension.json",
];
/// Each host's marketplace and the plugin manifest that host reads.
const MARKETPLACES: [(&str, &str); 3] = [
    (
        ".claude-plugin/marketplace.json",
        ".claude-plugin/plugin.json",
    ),
    (
        ".agents/plugins/marketplace.json",
        ".codex-plugin/plugin.json",
    ),
    (
        ".cursor-plugin/marketplace.json",
        ".cursor-plugin/plugin.json",
    ),
];
const FIELDS: [&str; 6] = [
    "name",
    "version",
    "description",
    "license",
    "homepage",
    "repository",
];

/// One manifest read from a plugin folder: its kind (an entry of `MANIFESTS`), its
/// repository-relative path, and its document.
type Manifest = (&'static str, String, Value);

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("url").and_then(Value::as_str).map(String::from),
        _ => None,
    }
}

/// `author` as one string: itself, or an object's `name` and `<email>`.
fn author(v: &Value) -> Option<String> {
    match v.get("author")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => {
            let name = o.get("name").and_then(Value::as_str).unwrap_or_default();
            Some(match o.get("email").and_then(Value::as_str) {
                Some(email) => format!("{name} <{email}>"),
                None => name.to_string(),
            })
        }
        _ => None,
    }
}

/// How two keyword sets differ, for a message: what only `here` has, what it lacks.
fn keyword_difference(here: &BTreeSet<String>, there: &BTreeSet<String>) -> String {
    let only_here: Vec<_> = here.difference(there).cloned().collect();
    let missing: Vec<_> = there.difference(here).cloned().collect();
    format!("only here {only_here:?}, missing {missing:?}")
}

fn keywords(v: &Value) -> Option<BTreeSet<String>> {
    v.get("keywords")?.as_array().map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect()
    })
}

fn plugin_dirs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        if MANIFESTS.iter().any(|m| dir.join(m).is_file()) {
            // The root's `.claude-plugin/` may hold only a marketplace: that is not a plugin.
            found.push(dir.clone());
        }
        if depth >= 4 {
            continue;
        }
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push((e.path(), depth + 1));
            }
        }
    }
    found.sort();
    found
}

/// Disagreement findings for the repository at `root` (sorted).
pub fn drift(root: &Path) -> Vec<Finding> {
    let mut f = Vec::new();
    let mut plugin_manifests: Vec<(PathBuf, Vec<Manifest>)> = Vec::new();
    for dir in plugin_dirs(root) {
        let docs: Vec<Manifest> = MANIFESTS
            .iter()
            .filter_map(|m| {
                let p = dir.join(m);
                read_json(&p).ok().map(|v| (*m, rel(root, &p), v))
            })
            .collect();
        for (i, (_, file, v)) in docs.iter().enumerate().skip(1) {
            let (_, first_file, first) = &docs[0];
            let _ = i;
            for key in FIELDS {
                let (a, b) = (field(first, key), field(v, key));
                if a.is_some() && b.is_some() && a != b {
                    f.push(Finding::warning(
                        match key {
                            "name" => "drift.name",
                            "version" => "drift.version",
                            "description" => "drift.description",
                            "license" => "drift.license",
                            "homepage" => "drift.homepage",
                            _ => "drift.repository",
                        },
                        file,
                        format!("/{key}"),
                        format!(
                            "{key} {:?} differs from {:?} in {first_file}",
                            b.unwrap_or_default(),
                            a.unwrap_or_default()
                        ),
                    ));
                }
            }
            if let (Some(a), Some(b)) = (author(first), author(v))
                && a != b
            {
                f.push(Finding::warning(
                    "drift.author",
                    file,
                    "/author",
                    format!("author {b:?} differs from {a:?} in {first_file}"),
                ));
            }
            if let (Some(a), Some(b)) = (keywords(first), keywords(v))
                && a != b
            {
                f.push(Finding::warning(
                    "drift.keywords",
                    file,
                    "/keywords",
                    format!(
                        "keywords differ from {first_file}: {}",
                        keyword_difference(&b, &a)
                    ),
                ));
            }
        }
        if dir.join("plugin.json").is_file()
            && dir.join(".mcp.json").is_file()
            && !dir.join("mcp.json").is_file()
        {
            f.push(Finding::warning(
                "drift.mcp-missing",
                rel(root, &dir.join(".mcp.json")),
                "",
                format!(
                    "Claude Code's `.mcp.json` configures MCP servers, but `{}` has no canonical `mcp.json`: manifests generated from the canonical files would have none",
                    rel(root, &dir)
                ),
            ));
        }
        if !docs.is_empty() {
            plugin_manifests.push((dir, docs));
        }
    }

    let mut listed: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (mp, host_manifest) in MARKETPLACES {
        let path = root.join(mp);
        let Ok(v) = read_json(&path) else { continue };
        let mut names = BTreeSet::new();
        for (i, entry) in v
            .get("plugins")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            names.insert(name.clone());
            let source = match entry.get("source") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(o)) => o.get("path").and_then(Value::as_str).map(String::from),
                _ => None,
            };
            let Some(source) = source else { continue };
            if source.contains("://") {
                continue;
            }
            let dir = root.join(source.trim_start_matches("./"));
            let Some((_, docs)) = plugin_manifests
                .iter()
                .find(|(d, _)| d.canonicalize().ok() == dir.canonicalize().ok() && dir.exists())
            else {
                f.push(Finding::warning(
                    "drift.marketplace-source",
                    mp,
                    format!("/plugins/{i}/source"),
                    format!("`{name}`: no plugin manifest in `{source}`"),
                ));
                continue;
            };
            let Some((_, file, doc)) = docs
                .iter()
                .find(|(kind, _, _)| *kind == host_manifest)
                .or_else(|| docs.first())
            else {
                continue;
            };
            for key in ["name", "version", "description"] {
                if let (Some(here), Some(there)) = (field(entry, key), field(doc, key))
                    && there != here
                {
                    f.push(Finding::warning(
                        "drift.marketplace-entry",
                        mp,
                        format!("/plugins/{i}/{}", pointer_token(key)),
                        format!("`{name}`: {key} {here:?} differs from {there:?} in {file}"),
                    ));
                }
            }
            if let (Some(here), Some(there)) = (keywords(entry), keywords(doc))
                && here != there
            {
                f.push(Finding::warning(
                    "drift.marketplace-entry",
                    mp,
                    format!("/plugins/{i}/keywords"),
                    format!(
                        "`{name}`: keywords differ from {file}: {}",
                        keyword_difference(&here, &there)
                    ),
                ));
            }
        }
        listed.push((mp.to_string(), names));
    }
    for (i, (file, names)) in listed.iter().enumerate().skip(1) {
        let (first_file, first) = &listed[0];
        let _ = i;
        if names != first {
            let only_here: Vec<_> = names.difference(first).cloned().collect();
            let missing: Vec<_> = first.difference(names).cloned().collect();
            f.push(Finding::warning(
                "drift.marketplace-plugins",
                file,
                "/plugins",
                format!(
                    "plugins differ from {first_file}: only here {only_here:?}, missing {missing:?}"
                ),
            ));
        }
    }
    f.sort();
    f
}
