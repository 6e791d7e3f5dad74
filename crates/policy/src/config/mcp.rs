//! `[mcp.servers.NAME]`: a person's classification of an MCP server's tools, over the verb
//! rules that classify a tool by its name (`rules/commands/mcp.toml`).
//!
//! ```toml
//! [mcp.servers.github.tools]
//! delete_repository = "irreversible"
//! "list_*" = "read"
//!
//! [mcp.servers.github.annotations.merge_pull_request]   # as the server declares them
//! readOnlyHint = false
//! destructiveHint = false
//! ```
//!
//! A tool name may be a glob (`*`, `?`). Annotations are the MCP tool annotations
//! (MCP specification 2025-06-18, "Tools", `ToolAnnotations`), which hosts do not pass to
//! hooks: `readOnlyHint = true` is read; otherwise `destructiveHint` (true unless stated
//! false, as the specification's default) is delete, and false is modify.
//!
//! In a person's layer the class replaces what the tool's name says; the later layer wins.
//! In a tighten-only layer (an untrusted project file) it is a minimum: the tool is judged
//! by the stricter of its name's class and this one, so such a file cannot loosen anything.

use crate::decision::ActionClass;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `[mcp]` table of one layer.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct McpLayer {
    /// Per MCP server, by its name as the host writes it into tool names (`github` in
    /// `mcp__github__list_issues`).
    #[serde(default)]
    pub servers: BTreeMap<String, McpServerLayer>,
}

/// `[mcp.servers.NAME]`.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct McpServerLayer {
    /// Tool name or glob → its action class (`read`, `create`, `modify`, `delete`,
    /// `irreversible`, `opaque`).
    #[serde(default)]
    pub tools: BTreeMap<String, ActionClass>,
    /// Tool name or glob → the MCP tool annotations the server declares for it.
    #[serde(default)]
    pub annotations: BTreeMap<String, ToolAnnotations>,
}

/// MCP tool annotations (MCP specification 2025-06-18, "Tools", `ToolAnnotations`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ToolAnnotations {
    /// The tool does not modify its environment.
    pub read_only_hint: Option<bool>,
    /// The tool may perform destructive updates (only meaningful when not read-only;
    /// default true).
    pub destructive_hint: Option<bool>,
    /// Calling it again with the same arguments has no further effect (accepted, unused).
    pub idempotent_hint: Option<bool>,
    /// The tool reaches an open world of external entities (accepted, unused).
    pub open_world_hint: Option<bool>,
}

impl ToolAnnotations {
    /// The action class these annotations state (see the module docs).
    pub fn class(&self) -> ActionClass {
        if self.read_only_hint == Some(true) {
            ActionClass::Read
        } else if self.destructive_hint.unwrap_or(true) {
            ActionClass::Delete
        } else {
            ActionClass::Modify
        }
    }
}

/// One configured classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct McpToolClass {
    /// The server's name.
    pub server: String,
    /// The tool's name or glob.
    pub tool: String,
    /// Its class.
    pub class: ActionClass,
    /// True when it came from a tighten-only layer: a minimum, not a replacement.
    pub at_least: bool,
    /// The file that said it.
    pub file: PathBuf,
}

/// Every layer's `[mcp]` classifications, lowest precedence first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct McpClasses {
    /// In layer order.
    pub entries: Vec<McpToolClass>,
}

/// What the configuration says of one tool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Configured {
    /// A person's class, replacing the one the tool's name gives.
    pub exact: Option<ActionClass>,
    /// The strictest minimum from tighten-only layers.
    pub at_least: Option<ActionClass>,
}

impl McpClasses {
    /// Adds the classifications of `layer`, read from `file` (`at_least` for a
    /// tighten-only layer).
    pub(super) fn add(&mut self, layer: McpLayer, file: &Path, at_least: bool) {
        for (server, def) in layer.servers {
            let annotated = def.annotations.into_iter().map(|(t, a)| (t, a.class()));
            for (tool, class) in def.tools.into_iter().chain(annotated) {
                self.entries.push(McpToolClass {
                    server: server.clone(),
                    tool,
                    class,
                    at_least,
                    file: file.to_path_buf(),
                });
            }
        }
    }

    /// What the configuration says of the tool `tool` of the server `server`: the last
    /// matching class of a person's layer, and the strictest matching minimum.
    pub fn of(&self, server: &str, tool: &str) -> Configured {
        let mut out = Configured::default();
        for e in &self.entries {
            if e.server != server || !crate::config::glob_match(&e.tool, tool) {
                continue;
            }
            if e.at_least {
                out.at_least = Some(out.at_least.map_or(e.class, |c| c.max(e.class)));
            } else {
                out.exact = Some(e.class);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> McpLayer {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_person_replaces_a_project_file_only_raises() {
        let mut classes = McpClasses::default();
        classes.add(
            layer("[servers.github.tools]\n\"list_*\" = \"read\"\ndelete_repository = \"irreversible\"\n"),
            Path::new("/home/u/.config/hookkit/config.toml"),
            false,
        );
        classes.add(
            layer("[servers.github.annotations.list_secrets]\nreadOnlyHint = false\n"),
            Path::new("/p/.hookkit.toml"),
            true,
        );
        let of = |tool: &str| classes.of("github", tool);
        assert_eq!(of("list_issues").exact, Some(ActionClass::Read));
        assert_eq!(
            of("delete_repository").exact,
            Some(ActionClass::Irreversible)
        );
        assert_eq!(
            of("list_secrets"),
            Configured {
                exact: Some(ActionClass::Read),
                at_least: Some(ActionClass::Delete)
            }
        );
        assert_eq!(of("create_issue"), Configured::default());
        assert_eq!(classes.of("gitlab", "list_issues"), Configured::default());
    }

    #[test]
    fn annotations_state_a_class() {
        let a = |ro, d| ToolAnnotations {
            read_only_hint: ro,
            destructive_hint: d,
            ..ToolAnnotations::default()
        };
        assert_eq!(a(Some(true), Some(true)).class(), ActionClass::Read);
        assert_eq!(a(None, None).class(), ActionClass::Delete);
        assert_eq!(a(Some(false), Some(false)).class(), ActionClass::Modify);
    }
}
