//! The AWS profiles an MCP server runs with, as the host's MCP configuration declares them:
//! a `call_aws` line without `--profile` runs under the server's own profile, so its
//! environment is that profile's.
//!
//! | host | files (project, then user) | server entries |
//! |---|---|---|
//! | Claude Code | `.mcp.json`; `~/.claude.json` (user scope, and local scope under `projects.<cwd>`) | `mcpServers.<name>` (code.claude.com/docs/en/mcp, "MCP installation scopes") |
//! | Cursor | `.cursor/mcp.json`; `~/.cursor/mcp.json` | `mcpServers.<name>` (cursor.com/docs/context/mcp) |
//! | Gemini CLI | `.gemini/settings.json`; `~/.gemini/settings.json` | `mcpServers.<name>` (Gemini CLI docs, "MCP servers") |
//! | Copilot CLI | `~/.copilot/mcp-config.json` | `mcpServers.<name>` (GitHub Copilot CLI docs) |
//! | Qwen Code | `.qwen/settings.json`; `~/.qwen/settings.json` | `mcpServers.<name>` (Qwen Code 0.24.4's bundled `docs/features/mcp.md`; measured: a server there is named `mcp__<name>__<tool>` in hook payloads) |
//! | Factory droid | `.factory/mcp.json`; `~/.factory/mcp.json` | `mcpServers.<name>` (droid 0.225.2's binary reads `mcp.json` beside `settings.json` in each `.factory` folder; measured for `~/.factory/mcp.json`: a server there is named `<name>___<tool>` in hook payloads) |
//! | Codex | `.codex/config.toml`; `~/.codex/config.toml` | `[mcp_servers.<name>]` (Codex docs, "MCP") |
//! | opencode | `opencode.json`, `.opencode/opencode.json`; `~/.config/opencode/opencode.json` | `mcp.<name>` (opencode.ai/docs/mcp-servers; `McpLocalConfig` of opencode-ai 1.18.33: `command` an array of the program and its arguments, `environment`) |
//! | Kilo CLI | `kilo.json`, `opencode.json`, `.kilo/kilo.json`, `.kilocode/kilo.json`; `~/.config/kilo/kilo.json` | as opencode (`@kilocode/cli` 7.7.7 reads `kilo.json`, `kilo.jsonc`, `opencode.json`, `opencode.jsonc`) |
//!
//! In an entry, the profile is `AWS_PROFILE`, `AWS_DEFAULT_PROFILE` or
//! `AWS_API_MCP_PROFILE_NAME` (the AWS API MCP Server's own variable) in `env` (opencode:
//! `environment`), or the value of `--profile` among `args` (opencode: `command`;
//! `mcp-proxy-for-aws`). Server names are compared as the host writes them into tool names:
//! every character but ASCII letters, digits, `_` and `-` is `_`.
//!
//! These files are writable by the agent, so what they say may only tighten: the caller
//! judges the call under each profile found IN ADDITION to the call as it is, and keeps the
//! strictest answer. A file that cannot be read or parsed, or is larger than
//! [`MAX_BYTES`], is passed over.

use crate::call::Host;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The largest MCP configuration file read (`~/.claude.json` also holds each project's
/// history), in bytes: 16 MiB.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The environment variables that name a server's AWS profile.
const PROFILE_VARS: [&str; 3] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_API_MCP_PROFILE_NAME",
];

/// The AWS profiles the configuration of `host` gives the MCP server named `server` (as in
/// its tool names), for a call in `cwd` with the user's home `home`: each profile once, in
/// the order of the table above.
pub fn aws_profiles(
    host: Host,
    server: &str,
    cwd: Option<&Path>,
    home: Option<&Path>,
) -> Vec<String> {
    let want = normalised(server);
    let mut out: Vec<String> = Vec::new();
    for (path, pointer) in files(host, cwd, home) {
        let Some(document) = read(&path) else {
            continue;
        };
        let Some(Value::Object(servers)) = document.pointer(&pointer) else {
            continue;
        };
        for (name, entry) in servers {
            if normalised(name) != want {
                continue;
            }
            for profile in entry_profiles(entry) {
                if !out.contains(&profile) {
                    out.push(profile);
                }
            }
        }
    }
    out
}

/// The files of `host` and the JSON pointer of their server table.
fn files(host: Host, cwd: Option<&Path>, home: Option<&Path>) -> Vec<(PathBuf, String)> {
    let in_dir = |dir: Option<&Path>, rel: &str, pointer: &str| {
        dir.map(|d| (d.join(rel), pointer.to_owned()))
    };
    let servers = "/mcpServers";
    let files = match host {
        Host::ClaudeCode => {
            // The local scope: `projects` keyed by the project's absolute path (`/` in it
            // is escaped as `~1` in a JSON pointer).
            let local = cwd.map(|c| {
                let key = c.to_string_lossy().replace('~', "~0").replace('/', "~1");
                format!("/projects/{key}/mcpServers")
            });
            vec![
                in_dir(cwd, ".mcp.json", servers),
                in_dir(home, ".claude.json", servers),
                local.and_then(|p| in_dir(home, ".claude.json", &p)),
            ]
        }
        Host::Cursor => vec![
            in_dir(cwd, ".cursor/mcp.json", servers),
            in_dir(home, ".cursor/mcp.json", servers),
        ],
        Host::GeminiCli => vec![
            in_dir(cwd, ".gemini/settings.json", servers),
            in_dir(home, ".gemini/settings.json", servers),
        ],
        Host::CopilotCli => vec![in_dir(home, ".copilot/mcp-config.json", servers)],
        Host::QwenCode => vec![
            in_dir(cwd, ".qwen/settings.json", servers),
            in_dir(home, ".qwen/settings.json", servers),
        ],
        Host::FactoryDroid => vec![
            in_dir(cwd, ".factory/mcp.json", servers),
            in_dir(home, ".factory/mcp.json", servers),
        ],
        Host::Codex => vec![
            in_dir(cwd, ".codex/config.toml", "/mcp_servers"),
            in_dir(home, ".codex/config.toml", "/mcp_servers"),
        ],
        Host::Opencode => vec![
            in_dir(cwd, "opencode.json", "/mcp"),
            in_dir(cwd, ".opencode/opencode.json", "/mcp"),
            in_dir(home, ".config/opencode/opencode.json", "/mcp"),
        ],
        Host::Kilo => vec![
            in_dir(cwd, "kilo.json", "/mcp"),
            in_dir(cwd, "opencode.json", "/mcp"),
            in_dir(cwd, ".kilo/kilo.json", "/mcp"),
            in_dir(cwd, ".kilocode/kilo.json", "/mcp"),
            in_dir(home, ".config/kilo/kilo.json", "/mcp"),
        ],
    };
    files.into_iter().flatten().collect()
}

/// The document at `path`: JSON, or TOML for a `.toml` file; `None` when it cannot be
/// read or parsed.
fn read(path: &Path) -> Option<Value> {
    let bytes = crate::small_file::read_at_most(path, MAX_BYTES).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    if path.extension().is_some_and(|e| e == "toml") {
        let table: toml::Table = toml::from_str(text).ok()?;
        serde_json::to_value(table).ok()
    } else {
        serde_json::from_str(text).ok()
    }
}

/// The profiles one server entry names.
fn entry_profiles(entry: &Value) -> Vec<String> {
    let env = entry.get("env").or_else(|| entry.get("environment"));
    let mut out: Vec<String> = PROFILE_VARS
        .iter()
        .filter_map(|var| env?.get(var)?.as_str())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(Value::Array(args)) = entry.get("args").or_else(|| entry.get("command")) {
        let args: Vec<&str> = args.iter().filter_map(Value::as_str).collect();
        for (i, arg) in args.iter().enumerate() {
            let value = match arg.strip_prefix("--profile") {
                Some("") => args.get(i + 1).copied(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            out.extend(value.filter(|p| !p.is_empty()).map(str::to_owned));
        }
    }
    out
}

/// A server name as hosts write it into tool names.
fn normalised(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn profiles_come_from_every_scope_of_the_host() {
        let dir = tempfile::tempdir().unwrap();
        let (cwd, home) = (dir.path().join("project"), dir.path().join("home"));
        fs::create_dir_all(cwd.join(".codex")).unwrap();
        fs::create_dir_all(&home).unwrap();
        fs::write(
            cwd.join(".mcp.json"),
            r#"{"mcpServers": {"aws.api": {"command": "uvx", "env": {"AWS_API_MCP_PROFILE_NAME": "prod"}}}}"#,
        )
        .unwrap();
        let local = serde_json::json!({
            "mcpServers": {"aws_api": {"args": ["mcp-proxy-for-aws", "--profile", "staging"]}},
            "projects": {cwd.to_string_lossy(): {"mcpServers": {"aws_api": {"args": ["--profile=prod", "--profile="]}}}}
        });
        fs::write(home.join(".claude.json"), local.to_string()).unwrap();
        fs::write(
            cwd.join(".codex/config.toml"),
            "[mcp_servers.aws-api]\ncommand = \"uvx\"\nenv = { AWS_PROFILE = \"live\" }\n",
        )
        .unwrap();
        let profiles = |host| aws_profiles(host, "aws_api", Some(&cwd), Some(&home));
        assert_eq!(profiles(Host::ClaudeCode), ["prod", "staging"]);
        assert_eq!(
            aws_profiles(Host::Codex, "aws-api", Some(&cwd), Some(&home)),
            ["live"]
        );
        assert!(profiles(Host::Cursor).is_empty());
        assert!(aws_profiles(Host::ClaudeCode, "other", Some(&cwd), Some(&home)).is_empty());
        // opencode: `environment`, and `command` holding the arguments.
        fs::create_dir_all(home.join(".config/opencode")).unwrap();
        fs::write(
            cwd.join("opencode.json"),
            r#"{"mcp": {"aws-api": {"type": "local", "command": ["uvx", "awslabs.aws-api-mcp-server"], "environment": {"AWS_PROFILE": "dev"}}}}"#,
        )
        .unwrap();
        fs::write(
            home.join(".config/opencode/opencode.json"),
            r#"{"mcp": {"aws-api": {"type": "local", "command": ["mcp-proxy-for-aws", "--profile", "prod"]}}}"#,
        )
        .unwrap();
        assert_eq!(
            aws_profiles(Host::Opencode, "aws-api", Some(&cwd), Some(&home)),
            ["dev", "prod"]
        );
        // Kilo CLI reads the project's opencode.json too.
        assert_eq!(
            aws_profiles(Host::Kilo, "aws-api", Some(&cwd), Some(&home)),
            ["dev"]
        );
        // A file that does not parse is passed over.
        fs::write(cwd.join(".mcp.json"), "{not json").unwrap();
        assert_eq!(profiles(Host::ClaudeCode), ["staging", "prod"]);
    }
}
