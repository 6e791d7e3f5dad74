//! Host profiles and project rules.
//!
//! A profile says which frontmatter keys a host accepts and which host-specific rules apply.
//! Project rules come from the `[skill_lint]` table of `.hookkit.toml` (other tables are
//! ignored here; hookkit-policy owns them).

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The host whose rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Profile {
    /// What every host accepts: the spec's six keys and every host's limits (default).
    #[default]
    Portable,
    /// Claude Code: its extra frontmatter keys; the 1536-character listing.
    ClaudeCode,
    /// The Claude API: reserved words and XML in name and description.
    ClaudeApi,
    /// Codex: `<plugin>:<skill>` within 64 characters.
    Codex,
    /// Cursor: the spec's keys.
    Cursor,
}

/// The spec's keys (Agent Skills specification, "Frontmatter").
pub const SPEC_KEYS: &[&str] = &[
    "name",
    "description",
    "license",
    "compatibility",
    "metadata",
    "allowed-tools",
];

/// Claude Code's additional keys (Claude Code skills documentation, "Frontmatter reference").
pub const CLAUDE_CODE_KEYS: &[&str] = &[
    "when_to_use",
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "model",
    "effort",
    "context",
    "agent",
    "hooks",
    "paths",
    "shell",
];

impl Profile {
    /// The keys this profile accepts.
    pub fn allows(self, key: &str) -> bool {
        SPEC_KEYS.contains(&key) || (self == Profile::ClaudeCode && CLAUDE_CODE_KEYS.contains(&key))
    }
    /// Whether the Claude API's name and description rules apply.
    pub fn claude_api(self) -> bool {
        matches!(self, Profile::Portable | Profile::ClaudeApi)
    }
    /// Whether Claude Code's listing budget applies.
    pub fn claude_code(self) -> bool {
        matches!(self, Profile::Portable | Profile::ClaudeCode)
    }
    /// Whether Codex's plugin-qualified name limit and nested-skill rule apply.
    pub fn codex(self) -> bool {
        matches!(self, Profile::Portable | Profile::Codex)
    }
    /// The profile's name as given to `--profile`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Portable => "portable",
            Profile::ClaudeCode => "claude-code",
            Profile::ClaudeApi => "claude-api",
            Profile::Codex => "codex",
            Profile::Cursor => "cursor",
        }
    }
}

/// An error in `.hookkit.toml`'s `[skill_lint]` table.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or `[skill_lint]` has unknown or mistyped keys.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
}

#[derive(Deserialize, Default)]
struct File {
    #[serde(default)]
    skill_lint: Option<Raw>,
}

/// The `[skill_lint]` table as written.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    required_fields: Vec<String>,
    #[serde(default)]
    forbidden_fields: Vec<String>,
    #[serde(default)]
    name_pattern: Option<String>,
    #[serde(default)]
    min_description_length: Option<usize>,
}

/// Project rules from `.hookkit.toml` `[skill_lint]`:
///
/// ```toml
/// [skill_lint]
/// required_fields = ["license"]           # keys every skill must have
/// forbidden_fields = ["stages", "owner_*"] # keys (globs) no skill may have
/// name_pattern = "^aws-[a-z0-9-]+$"        # regex every name must match
/// min_description_length = 20              # characters
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProjectRules {
    /// Keys every skill must have.
    pub required_fields: Vec<String>,
    /// Forbidden keys, as written (for messages) and compiled.
    pub forbidden_fields: Vec<String>,
    forbidden: Option<GlobSet>,
    /// The name pattern.
    pub name_pattern: Option<Regex>,
    /// Minimum description length in characters.
    pub min_description_length: Option<usize>,
    /// The file these came from.
    pub source: Option<PathBuf>,
}

impl ProjectRules {
    /// Read `[skill_lint]` from `path`; other tables are ignored.
    pub fn load(path: &Path) -> Result<ProjectRules, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: File = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let raw = file.skill_lint.unwrap_or_default();
        let mut b = GlobSetBuilder::new();
        for f in &raw.forbidden_fields {
            b.add(Glob::new(f).map_err(|e| invalid(format!("skill_lint.forbidden_fields: {e}")))?);
        }
        let forbidden = b
            .build()
            .map_err(|e| invalid(format!("skill_lint.forbidden_fields: {e}")))?;
        let name_pattern = raw
            .name_pattern
            .as_deref()
            .map(Regex::new)
            .transpose()
            .map_err(|e| invalid(format!("skill_lint.name_pattern: {e}")))?;
        Ok(ProjectRules {
            required_fields: raw.required_fields,
            forbidden_fields: raw.forbidden_fields,
            forbidden: Some(forbidden),
            name_pattern,
            min_description_length: raw.min_description_length,
            source: Some(path.to_path_buf()),
        })
    }

    /// Find `.hookkit.toml` from `start` upward and load it; no file means no rules.
    pub fn discover(start: &Path) -> Result<ProjectRules, ConfigError> {
        for dir in start.ancestors() {
            let candidate = dir.join(".hookkit.toml");
            if candidate.is_file() {
                return ProjectRules::load(&candidate);
            }
        }
        Ok(ProjectRules::default())
    }

    /// The forbidden pattern `key` matches.
    pub fn forbids(&self, key: &str) -> Option<&str> {
        let set = self.forbidden.as_ref()?;
        let m = set.matches(key);
        m.first()
            .and_then(|i| self.forbidden_fields.get(*i))
            .map(String::as_str)
    }
}
