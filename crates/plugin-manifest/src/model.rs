//! The canonical model: what a person edits.
//!
//! A repository holds a canonical marketplace file `marketplace.json` at its root
//! ([`Marketplace`], schema `schemas/plugin-marketplace.schema.json`) and, for every plugin
//! it lists, `plugins/<name>/plugin.json` and optionally `plugins/<name>/mcp.json` in
//! Agent Plugins 1.0.0 form ([`Manifest`], [`McpConfig`]; spec §5 and §7.2). Host-specific
//! data lives under `extensions` in reverse-domain namespaces (spec §8.1); the namespaces
//! plugin-manifest reads are the `NS_*` constants below.

use crate::error::{Error, Result};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `$schema` of an Agent Plugins 1.0.0 `plugin.json` (spec §5.2).
pub const PLUGIN_SCHEMA_ID: &str = "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json";
/// `$schema` of an Agent Plugins 1.0.0 `mcp.json` (spec §7.2.1).
pub const MCP_SCHEMA_ID: &str = "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json";
/// The canonical marketplace file, relative to the repository root.
pub const MARKETPLACE_FILE: &str = "marketplace.json";
/// The folder holding one folder per plugin, relative to the repository root.
pub const PLUGINS_DIR: &str = "plugins";

/// Claude Code's extension namespace: [`ClaudeExt`].
pub const NS_CLAUDE: &str = "com.anthropic.claude-code";
/// Codex's extension namespace: [`CodexExt`].
pub const NS_CODEX: &str = "com.openai.codex";
/// Cursor's extension namespace: [`CursorExt`].
pub const NS_CURSOR: &str = "com.cursor";
/// Gemini CLI's extension namespace: [`GeminiExt`]; also the plugin folder that holds the
/// generated Gemini CLI extension (spec §8.2 extension directory).
pub const NS_GEMINI: &str = "com.google.gemini-cli";
/// GitHub Copilot CLI's extension directory: Copilot CLI 1.0.102 loads an Agent Plugins
/// plugin's hooks from `com.github.copilot/hooks/hooks.json` (spec §8.2), and no other hook
/// file of the plugin (measured, `tests/e2e_copilot.rs`).
pub const NS_COPILOT: &str = "com.github.copilot";
/// hookkit's own namespace: [`HookkitExt`], the host-neutral hook registrations.
pub const NS_HOOKKIT: &str = "io.github.hookkit";

/// A root `plugin.json` (Agent Plugins 1.0.0 §5.2). Parsed leniently: the schema check in
/// [`crate::validate`] reports what this type does not enforce.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// `$schema`: must be [`PLUGIN_SCHEMA_ID`].
    #[serde(rename = "$schema", default)]
    pub schema: String,
    /// Plugin name (§5.5): `[a-z0-9.-]`, 1–64 characters; equals its folder name.
    pub name: String,
    /// Version (SemVer recommended, §10.2).
    #[serde(default)]
    pub version: Option<String>,
    /// Short description.
    #[serde(default)]
    pub description: Option<String>,
    /// Author.
    #[serde(default)]
    pub author: Option<Author>,
    /// Homepage URL.
    #[serde(default)]
    pub homepage: Option<String>,
    /// Source repository URL.
    #[serde(default)]
    pub repository: Option<String>,
    /// SPDX licence expression.
    #[serde(default)]
    pub license: Option<String>,
    /// Discovery keywords (order kept; duplicates dropped on output).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Client extension data keyed by namespace (§8.1).
    #[serde(default)]
    pub extensions: BTreeMap<String, Value>,
}

/// `author` (§5.4): only `name`, `email`, `url`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// URL (dropped for Cursor, whose schema has no `author.url`).
    #[serde(default)]
    pub url: Option<String>,
}

/// A root `mcp.json` (§7.2.1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McpConfig {
    /// `$schema`: must be [`MCP_SCHEMA_ID`].
    #[serde(rename = "$schema", default)]
    pub schema: String,
    /// Servers by name.
    #[serde(rename = "mcpServers")]
    pub servers: BTreeMap<String, McpServer>,
}

/// One MCP server entry: exactly one of the three closed variants (§7.2.1).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum McpServer {
    /// `stdio`: one executable token, arguments, environment, working directory.
    #[serde(rename = "stdio")]
    Stdio {
        /// A bare executable name or a `./` plugin-relative path.
        command: String,
        /// Arguments (`${PLUGIN_ROOT}`/`${PLUGIN_DATA}` expanded).
        #[serde(default)]
        args: Vec<String>,
        /// Environment overlay (values expanded).
        #[serde(default)]
        env: BTreeMap<String, String>,
        /// Working directory (`./…`, `${PLUGIN_ROOT}…` or `${PLUGIN_DATA}…`).
        #[serde(default)]
        cwd: Option<String>,
    },
    /// `streamable-http`: the current remote transport.
    #[serde(rename = "streamable-http")]
    StreamableHttp {
        /// Absolute HTTPS URL (HTTP only on loopback).
        url: String,
        /// Literal headers (no credentials, no expansion).
        #[serde(default)]
        headers: BTreeMap<String, String>,
    },
    /// `sse`: the deprecated HTTP+SSE transport.
    #[serde(rename = "sse")]
    Sse {
        /// Absolute HTTPS URL (HTTP only on loopback).
        url: String,
        /// Literal headers.
        #[serde(default)]
        headers: BTreeMap<String, String>,
    },
}

/// `extensions."io.github.hookkit"`: hook registrations, written once for every host.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HookkitExt {
    /// The hooks, in the order they are registered.
    #[serde(default)]
    pub hooks: Vec<Hook>,
    /// Skills copied from the repository's `skills/<name>/` (the one copy a person edits)
    /// into the plugin's `skills/<name>/` and its host roots, in any order.
    #[serde(default)]
    pub skills: Vec<SkillRef>,
}

/// One declared skill: `"name"`, or `{"name": …, "references": {"<dest>": "<source>"}}`
/// where each `dest` is a path inside the skill folder (e.g. `references/rules.md`) and
/// each `source` a repository-relative file copied there (e.g. `docs/skill-lint/rules.md`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum SkillRef {
    /// Just the skill's folder name under the repository's `skills/`.
    Name(String),
    /// The folder name plus extra files copied into the skill.
    Full {
        /// The skill's folder name under the repository's `skills/`.
        name: String,
        /// Skill-relative destination → repository-relative source.
        #[serde(default)]
        references: BTreeMap<String, String>,
    },
}

impl SkillRef {
    /// The skill's folder name.
    pub fn name(&self) -> &str {
        match self {
            Self::Name(n) | Self::Full { name: n, .. } => n,
        }
    }

    /// The extra files: skill-relative destination → repository-relative source.
    pub fn references(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Self::Name(_) => None,
            Self::Full { references, .. } => Some(references),
        }
    }
}

/// The folder of the skills a person edits, relative to the repository root.
pub const SKILLS_DIR: &str = "skills";

/// One host-neutral hook: an installed binary run as `<binary> --host <host>` on some
/// events for some tool kinds.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Hook {
    /// The executable, a bare name found on `PATH` (e.g. `command-guard`).
    pub binary: String,
    /// How a user installs it, shown when it is missing (e.g.
    /// `cargo install --path crates/command-guard`).
    pub install: String,
    /// Before and/or after the tool runs.
    pub events: Vec<HookEvent>,
    /// The kinds of tool the hook watches.
    pub tools: Vec<ToolKind>,
    /// Timeout in seconds (Gemini CLI gets milliseconds).
    pub timeout_seconds: u32,
    /// One line shown by hosts that display hook descriptions or status messages.
    pub description: String,
}

/// When a hook runs.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum HookEvent {
    /// Before the tool call (`PreToolUse`, `BeforeTool`, Cursor `preToolUse`/`beforeShellExecution`).
    PreTool,
    /// After the tool call (`PostToolUse`, `AfterTool`, Cursor `postToolUse`).
    PostTool,
    /// After a tool call that failed: Claude Code's `PostToolUseFailure`, whose `error`
    /// holds what the tool printed (code.claude.com/docs/en/hooks), and Copilot CLI's
    /// `postToolUseFailure` (`error`; Copilot runs `postToolUse` only after a call that
    /// succeeded, measured on 1.0.102). Gemini CLI runs `AfterTool` and Codex its
    /// `PostToolUse` for failed calls too (measured: a command that exits 2), so they get
    /// nothing for it; nor does Cursor (not measured).
    PostToolFailure,
    /// When the host is about to ask the person to approve a call: Codex's
    /// `PermissionRequest` (openai/codex `codex-rs/hooks/src/events/permission_request.rs`:
    /// the hook may allow or deny the approval prompt; silence leaves it to the person).
    /// command-guard answers it with a deny, or with an allow for a call it approves
    /// (`auto_approve`). Only Codex gets it: Claude Code's approval comes from the
    /// `PreToolUse` answer itself, and Gemini CLI and Cursor have no such event.
    PermissionRequest,
}

/// A kind of tool, mapped to each host's tool names ([`crate::hooks::matcher`]).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ToolKind {
    /// Shell commands (Claude Code also `Monitor`, `PowerShell`).
    Shell,
    /// File reads (and reads of MCP resources).
    Read,
    /// File writes, edits and patches.
    Write,
    /// MCP tool calls.
    Mcp,
    /// Searches of the file tree: contents and names (Claude Code `Grep`, `Glob`, `LSP`;
    /// Gemini CLI `grep_search`, `glob`, `list_directory`).
    Search,
    /// Fetched pages and web searches (`WebFetch`, `WebSearch`, `web_fetch`,
    /// `google_web_search`).
    Web,
    /// Output of background commands and subagents (Claude Code `BashOutput`,
    /// `TaskOutput`, `Agent`).
    Output,
}

/// `extensions."com.anthropic.claude-code"`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClaudeExt {
    /// `tags` of the plugin's entry in `.claude-plugin/marketplace.json`.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `extensions."com.openai.codex"`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CodexExt {
    /// The `interface` block of `.codex-plugin/plugin.json`, copied as is (keys sorted):
    /// `displayName`, `shortDescription`, `longDescription`, `developerName`, `category`,
    /// `capabilities`, `websiteURL`, `privacyPolicyURL`, `termsOfServiceURL`,
    /// `defaultPrompt` (at most 3 entries of at most 128 characters), `brandColor`,
    /// `composerIcon`, `logo`, `screenshots` (openai/codex `codex-rs/core/src/plugins/manifest.rs`).
    #[serde(default)]
    pub interface: Option<Map<String, Value>>,
    /// `policy` of the plugin's entry in `.agents/plugins/marketplace.json`.
    #[serde(default)]
    pub policy: Option<CodexPolicy>,
}

/// A Codex marketplace entry's `policy` (openai/codex `codex-rs/core/src/plugins/marketplace.rs`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CodexPolicy {
    /// `NOT_AVAILABLE`, `AVAILABLE` (default) or `INSTALLED_BY_DEFAULT`.
    #[serde(default = "default_installation")]
    pub installation: String,
    /// `ON_INSTALL` (default) or `ON_USE`.
    #[serde(default = "default_authentication")]
    pub authentication: String,
}

fn default_installation() -> String {
    "AVAILABLE".into()
}
fn default_authentication() -> String {
    "ON_INSTALL".into()
}

impl Default for CodexPolicy {
    fn default() -> Self {
        Self {
            installation: default_installation(),
            authentication: default_authentication(),
        }
    }
}

/// `extensions."com.cursor"`: extra fields of `.cursor-plugin/plugin.json` (its schema).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CursorExt {
    /// `displayName`.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `publisher`.
    #[serde(default)]
    pub publisher: Option<String>,
    /// `logo`: a plugin-relative path or URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// `tags`.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `extensions."com.google.gemini-cli"`: extra fields of `gemini-extension.json`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GeminiExt {
    /// `contextFileName`, relative to the extension folder.
    #[serde(default)]
    pub context_file_name: Option<String>,
    /// `excludeTools`.
    #[serde(default)]
    pub exclude_tools: Vec<String>,
}

/// The canonical marketplace file (`marketplace.json` at the repository root; schema
/// `schemas/plugin-marketplace.schema.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Marketplace {
    /// `$schema`, informative.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Marketplace identifier, kebab-case.
    pub name: String,
    /// Human-readable name (Codex `interface.displayName`).
    #[serde(default)]
    pub display_name: Option<String>,
    /// One-line description.
    pub description: String,
    /// Marketplace version (Claude Code `metadata.version`).
    #[serde(default)]
    pub version: Option<String>,
    /// Owner.
    pub owner: Owner,
    /// The plugins listed, each in `plugins/<name>/`.
    pub plugins: Vec<MarketplaceEntry>,
}

/// Marketplace owner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// Name.
    pub name: String,
    /// Contact e-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// One listed plugin.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketplaceEntry {
    /// The plugin's name, also its folder under `plugins/`.
    pub name: String,
    /// `./plugins/<name>`: where GitHub Copilot CLI finds the plugin. Copilot CLI reads
    /// this file (the repository root's `marketplace.json`) before any host marketplace
    /// file and rejects the whole marketplace when an entry has no `source`
    /// ([`crate::validate`] checks the value).
    pub source: String,
    /// Category (Claude Code and Codex entries).
    pub category: String,
}

/// One plugin as loaded from disk.
#[derive(Debug, Clone)]
pub struct Plugin {
    /// Absolute (or as given) folder of the plugin.
    pub dir: PathBuf,
    /// Repository-relative folder, `/`-separated (`plugins/<name>`).
    pub rel: String,
    /// `plugin.json` as JSON.
    pub raw: Value,
    /// `plugin.json` typed, when it has the required shape.
    pub manifest: Option<Manifest>,
    /// `mcp.json` as JSON, when present.
    pub mcp_raw: Option<Value>,
    /// `mcp.json` typed, when present and well-shaped.
    pub mcp: Option<McpConfig>,
    /// Whether `skills/` holds at least one `SKILL.md` folder.
    pub has_skills: bool,
    /// Every file under `skills/` when [`Plugin::has_skills`]: (path relative to the plugin
    /// folder, `/`-separated, e.g. `skills/x/SKILL.md`; UTF-8 contents), sorted by path.
    /// The Codex plugin root `com.openai.codex/` gets a copy (see [`crate::emit`]).
    pub skill_files: Vec<(String, String)>,
    /// The declared skills' files (`extensions."io.github.hookkit".skills`), copied from the
    /// repository's `skills/` and reference sources: (path relative to the plugin folder,
    /// e.g. `skills/x/SKILL.md`; contents), sorted by path. Generated into the plugin folder
    /// and each host root; [`Plugin::skill_files`] leaves these folders out.
    pub shared_skill_files: Vec<(String, String)>,
}

impl Plugin {
    /// The typed value of extension namespace `ns`, default when absent.
    ///
    /// # Errors
    /// A message when the value does not have `T`'s shape.
    pub fn ext<T: serde::de::DeserializeOwned + Default>(
        &self,
        ns: &str,
    ) -> std::result::Result<T, String> {
        match self.manifest.as_ref().and_then(|m| m.extensions.get(ns)) {
            None => Ok(T::default()),
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| e.to_string()),
        }
    }
}

/// A repository: its canonical marketplace and plugins.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The root folder.
    pub root: PathBuf,
    /// `marketplace.json` as JSON.
    pub marketplace_raw: Value,
    /// `marketplace.json` typed, when well-shaped.
    pub marketplace: Option<Marketplace>,
    /// The listed plugins whose folder exists, in the marketplace's order.
    pub plugins: Vec<Plugin>,
}

/// Reads a JSON file.
///
/// # Errors
/// [`Error::Io`] when unreadable, [`Error::Parse`] when not JSON.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "reading the file", e))?;
    serde_json::from_str(&text).map_err(|e| Error::json(path, &e))
}

/// Loads the repository at `root`: `marketplace.json`, then `plugins/<name>/plugin.json`
/// and `mcp.json` for every listed plugin (listed plugins without a folder are left out
/// here and reported by [`crate::validate`]).
///
/// # Errors
/// [`Error::Layout`] when `marketplace.json` is missing; [`Error::Io`]/[`Error::Parse`]
/// when a file is unreadable or not JSON.
pub fn load(root: &Path) -> Result<Repo> {
    let mp_path = root.join(MARKETPLACE_FILE);
    if !mp_path.is_file() {
        return Err(Error::Layout {
            path: root.to_path_buf(),
            message: format!(
                "no canonical `{MARKETPLACE_FILE}` here (for host manifests kept by hand, `plugin-manifest drift` compares them)"
            ),
        });
    }
    let marketplace_raw = read_json(&mp_path)?;
    let marketplace: Option<Marketplace> = serde_json::from_value(marketplace_raw.clone()).ok();
    let mut plugins = Vec::new();
    let names: Vec<String> = match &marketplace {
        Some(m) => m.plugins.iter().map(|p| p.name.clone()).collect(),
        None => Vec::new(),
    };
    for name in names {
        let dir = root.join(PLUGINS_DIR).join(&name);
        if dir.join("plugin.json").is_file() {
            let mut plugin = load_plugin(&dir, &format!("{PLUGINS_DIR}/{name}"))?;
            attach_shared_skills(root, &mut plugin)?;
            plugins.push(plugin);
        }
    }
    Ok(Repo {
        root: root.to_path_buf(),
        marketplace_raw,
        marketplace,
        plugins,
    })
}

/// Loads one plugin folder; `rel` is its repository-relative path.
///
/// # Errors
/// [`Error::Io`]/[`Error::Parse`] when `plugin.json` or `mcp.json` is unreadable or not JSON.
pub fn load_plugin(dir: &Path, rel: &str) -> Result<Plugin> {
    let raw = read_json(&dir.join("plugin.json"))?;
    let manifest = serde_json::from_value(raw.clone()).ok();
    let mcp_path = dir.join("mcp.json");
    let (mcp_raw, mcp) = if mcp_path.is_file() {
        let v = read_json(&mcp_path)?;
        let typed = serde_json::from_value(v.clone()).ok();
        (Some(v), typed)
    } else {
        (None, None)
    };
    let has_skills = std::fs::read_dir(dir.join("skills"))
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .any(|e| e.path().join("SKILL.md").is_file())
        })
        .unwrap_or(false);
    let mut skill_files = Vec::new();
    if has_skills {
        read_tree(&dir.join("skills"), "skills", &mut skill_files)?;
        skill_files.sort();
    }
    Ok(Plugin {
        dir: dir.to_path_buf(),
        rel: rel.to_string(),
        raw,
        manifest,
        mcp_raw,
        mcp,
        has_skills,
        skill_files,
        shared_skill_files: Vec::new(),
    })
}

/// Reads the skills `plugin` declares (`extensions."io.github.hookkit".skills`) from the
/// repository at `root` into [`Plugin::shared_skill_files`], drops their folders from
/// [`Plugin::skill_files`] (those copies are generated, not hand-written), and updates
/// [`Plugin::has_skills`]. A malformed extension is left to [`crate::validate`].
///
/// # Errors
/// [`Error::Layout`] when a declared skill has no `skills/<name>/SKILL.md`, a name or a
/// destination is not a plain relative path, or a source escapes the repository (after
/// symlinks); [`Error::Io`] when a file is unreadable or not UTF-8.
pub fn attach_shared_skills(root: &Path, plugin: &mut Plugin) -> Result<()> {
    let Ok(ext) = plugin.ext::<HookkitExt>(NS_HOOKKIT) else {
        return Ok(());
    };
    if ext.skills.is_empty() {
        return Ok(());
    }
    let layout = |path: &Path, message: String| Error::Layout {
        path: path.to_path_buf(),
        message,
    };
    let manifest_path = plugin.dir.join("plugin.json");
    let root_real =
        std::fs::canonicalize(root).map_err(|e| Error::io(root, "resolving the folder", e))?;
    let mut files = Vec::new();
    for skill in &ext.skills {
        let name = skill.name();
        if !is_plain_relative(name) || name.contains('/') {
            return Err(layout(
                &manifest_path,
                format!("declared skill `{name}` is not a folder name under `{SKILLS_DIR}/`"),
            ));
        }
        let src = root.join(SKILLS_DIR).join(name);
        if !src.join("SKILL.md").is_file() {
            return Err(layout(
                &manifest_path,
                format!("declared skill `{name}` has no `{SKILLS_DIR}/{name}/SKILL.md`"),
            ));
        }
        let base = format!("{SKILLS_DIR}/{name}");
        read_tree(&src, &base, &mut files)?;
        for (dest, source) in skill.references().into_iter().flatten() {
            if !is_plain_relative(dest) || !is_plain_relative(source) {
                return Err(layout(
                    &manifest_path,
                    format!(
                        "skill `{name}` reference `{dest}` ← `{source}`: both must be relative paths without `..`"
                    ),
                ));
            }
            let from = root.join(source);
            let real = std::fs::canonicalize(&from)
                .map_err(|e| Error::io(&from, "resolving a skill reference", e))?;
            if !real.starts_with(&root_real) {
                return Err(layout(
                    &from,
                    "a skill reference must stay inside the repository (after symlinks)".into(),
                ));
            }
            let text = std::fs::read_to_string(&real)
                .map_err(|e| Error::io(&from, "reading a skill reference to copy", e))?;
            files.push((format!("{base}/{dest}"), text));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    let owned: Vec<String> = ext
        .skills
        .iter()
        .map(|s| format!("{SKILLS_DIR}/{}/", s.name()))
        .collect();
    plugin
        .skill_files
        .retain(|(path, _)| !owned.iter().any(|o| path.starts_with(o.as_str())));
    plugin.has_skills = !plugin.skill_files.is_empty() || !files.is_empty();
    plugin.shared_skill_files = files;
    Ok(())
}

/// Whether `p` is a non-empty relative `/`-separated path with no `.`, `..` or empty
/// component and no backslash.
fn is_plain_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.contains('\\')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Appends every file under `dir` (recursively; `rel` is `dir`'s plugin-relative path) as
/// (plugin-relative path, contents).
///
/// # Errors
/// [`Error::Io`] when a folder or file is unreadable, or a file is not UTF-8 (it could not
/// be copied into a generated text file).
fn read_tree(dir: &Path, rel: &str, files: &mut Vec<(String, String)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing the folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "listing the folder", e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{rel}/{name}");
        if path.is_dir() {
            read_tree(&path, &rel, files)?;
        } else {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io(&path, "reading a skill file to copy for Codex", e))?;
            files.push((rel, text));
        }
    }
    Ok(())
}
