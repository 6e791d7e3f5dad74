//! `validate`: canonical files against the vendored schemas, plus the rules a schema
//! cannot say, plus the generated Cursor manifests against Cursor's schemas.
//!
//! Every rule id is in [`crate::RULES`]. Sources: Agent Plugins 1.0.0 (§4.1 containment,
//! §5.5 names, §7.2.1 stdio/remote servers, §8 extensions, §9.2 placeholders), openai/codex
//! `codex-rs/core/src/plugins/manifest.rs` (`defaultPrompt`: 3 entries, 128 characters),
//! Claude Code's duplicate-hooks load failure, Cursor's closed schemas.

use crate::emit::Output;
use crate::model::{
    ClaudeExt, CodexExt, CursorExt, GeminiExt, HookkitExt, McpServer, NS_CLAUDE, NS_CODEX,
    NS_CURSOR, NS_GEMINI, NS_HOOKKIT, Plugin, Repo,
};
use crate::report::{Finding, pointer_token};
use crate::supply_chain;
use regex::Regex;
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// The vendored Agent Plugins 1.0.0 `plugin.json` schema.
pub const PLUGIN_SCHEMA: &str =
    include_str!("../../../schemas/agent-plugins-1.0.0/plugin.schema.json");
/// The vendored Agent Plugins 1.0.0 `mcp.json` schema.
pub const MCP_SCHEMA: &str = include_str!("../../../schemas/agent-plugins-1.0.0/mcp.schema.json");
/// Cursor's `.cursor-plugin/plugin.json` schema.
pub const CURSOR_PLUGIN_SCHEMA: &str = include_str!("../../../schemas/cursor/plugin.schema.json");
/// Cursor's `.cursor-plugin/marketplace.json` schema.
pub const CURSOR_MARKETPLACE_SCHEMA: &str =
    include_str!("../../../schemas/cursor/marketplace.schema.json");
/// The canonical marketplace schema.
pub const MARKETPLACE_SCHEMA: &str =
    include_str!("../../../schemas/plugin-marketplace.schema.json");

/// Codex keeps at most this many `interface.defaultPrompt` entries.
pub const CODEX_MAX_DEFAULT_PROMPTS: usize = 3;
/// Codex drops a `defaultPrompt` entry longer than this many characters.
pub const CODEX_MAX_DEFAULT_PROMPT_CHARS: usize = 128;

/// Schema findings of `instance` against `schema` (JSON text), under `rule` in `file`.
pub fn schema_findings(
    schema: &str,
    instance: &Value,
    rule: &'static str,
    file: &str,
) -> Vec<Finding> {
    let schema: Value = match serde_json::from_str(schema) {
        Ok(s) => s,
        Err(e) => return vec![Finding::error(rule, file, "", format!("schema: {e}"))],
    };
    let validator = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => return vec![Finding::error(rule, file, "", format!("schema: {e}"))],
    };
    validator
        .iter_errors(instance)
        .map(|e| {
            Finding::error(
                rule,
                file,
                e.instance_path().to_string(),
                format!("does not match the schema: {e}"),
            )
        })
        .collect()
}

/// Validates the whole repository: the canonical marketplace, every plugin, and the
/// Cursor manifests among `generated` (the outputs generation would write).
pub fn validate_repo(repo: &Repo, generated: &[Output]) -> Vec<Finding> {
    let mut findings = schema_findings(
        MARKETPLACE_SCHEMA,
        &repo.marketplace_raw,
        "marketplace.schema",
        crate::model::MARKETPLACE_FILE,
    );
    if let Some(mp) = &repo.marketplace {
        for (i, entry) in mp.plugins.iter().enumerate() {
            let expected = format!("./{}/{}", crate::model::PLUGINS_DIR, entry.name);
            if entry.source != expected {
                findings.push(Finding::error(
                    "marketplace.source",
                    crate::model::MARKETPLACE_FILE,
                    format!("/plugins/{i}/source"),
                    format!(
                        "`{}` is at `{expected}`, but its `source` says `{}`; GitHub Copilot CLI installs the plugin from `source`",
                        entry.name, entry.source
                    ),
                ));
            }
            if !repo
                .plugins
                .iter()
                .any(|p| p.rel.ends_with(&format!("/{}", entry.name)))
            {
                findings.push(Finding::error(
                    "marketplace.plugin-missing",
                    crate::model::MARKETPLACE_FILE,
                    format!("/plugins/{i}/name"),
                    format!(
                        "`{}` is listed but `plugins/{}/plugin.json` does not exist",
                        entry.name, entry.name
                    ),
                ));
            }
        }
    }
    for plugin in &repo.plugins {
        findings.extend(validate_plugin(plugin));
    }
    for out in generated {
        let schema = if out.path.ends_with(".cursor-plugin/plugin.json") {
            CURSOR_PLUGIN_SCHEMA
        } else if out.path.ends_with(".cursor-plugin/marketplace.json") {
            CURSOR_MARKETPLACE_SCHEMA
        } else {
            continue;
        };
        if let Ok(v) = serde_json::from_str::<Value>(&out.contents) {
            findings.extend(schema_findings(schema, &v, "cursor.schema", &out.path));
        }
    }
    findings.sort();
    findings.dedup();
    findings
}

/// Validates one plugin folder: `plugin.json`, `mcp.json`, extensions, containment.
pub fn validate_plugin(plugin: &Plugin) -> Vec<Finding> {
    let pj = format!("{}/plugin.json", plugin.rel);
    let mut f = schema_findings(PLUGIN_SCHEMA, &plugin.raw, "plugin.schema", &pj);
    if let Some(m) = &plugin.manifest {
        let dir_name = plugin.rel.rsplit('/').next().unwrap_or_default();
        if m.name != dir_name {
            f.push(Finding::error(
                "plugin.name-mismatch",
                &pj,
                "/name",
                format!("name `{}` differs from its folder `{dir_name}`", m.name),
            ));
        }
        f.extend(extension_findings(plugin, &pj));
    }
    if let Some(raw) = &plugin.mcp_raw {
        let mj = format!("{}/mcp.json", plugin.rel);
        f.extend(schema_findings(MCP_SCHEMA, raw, "mcp.schema", &mj));
        if let Some(cfg) = &plugin.mcp {
            for (name, server) in &cfg.servers {
                f.extend(server_findings(plugin, &mj, name, server));
            }
        }
    }
    f.extend(symlink_findings(plugin));
    f.extend(host_manifest_traps(plugin));
    f
}

fn extension_findings(plugin: &Plugin, pj: &str) -> Vec<Finding> {
    let mut f = Vec::new();
    let Some(m) = &plugin.manifest else {
        return f;
    };
    let ns_re = Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$").ok();
    for ns in m.extensions.keys() {
        if !ns_re.as_ref().is_some_and(|r| r.is_match(ns)) {
            f.push(Finding::error(
                "ext.namespace-not-reverse-domain",
                pj,
                format!("/extensions/{}", pointer_token(ns)),
                format!("`{ns}` is not a reverse-domain namespace such as `com.example.client` (Agent Plugins §8)"),
            ));
        }
    }
    let mut shape = |ns: &str, r: Result<(), String>| {
        if let Err(e) = r {
            f.push(Finding::error(
                "ext.invalid",
                pj,
                format!("/extensions/{}", pointer_token(ns)),
                format!("`{ns}`: {e}"),
            ));
        }
    };
    shape(NS_CLAUDE, plugin.ext::<ClaudeExt>(NS_CLAUDE).map(|_| ()));
    shape(NS_CURSOR, plugin.ext::<CursorExt>(NS_CURSOR).map(|_| ()));
    shape(NS_GEMINI, plugin.ext::<GeminiExt>(NS_GEMINI).map(|_| ()));
    let hookkit = plugin.ext::<HookkitExt>(NS_HOOKKIT);
    shape(NS_HOOKKIT, hookkit.clone().map(|_| ()));
    let codex = plugin.ext::<CodexExt>(NS_CODEX);
    shape(NS_CODEX, codex.clone().map(|_| ()));

    let bare = Regex::new(r"^[a-z0-9][a-z0-9-]*$").ok();
    for (i, hook) in hookkit.unwrap_or_default().hooks.iter().enumerate() {
        let ptr = format!("/extensions/{}/hooks/{i}", pointer_token(NS_HOOKKIT));
        if !bare.as_ref().is_some_and(|r| r.is_match(&hook.binary)) {
            f.push(Finding::error(
                "hooks.invalid",
                pj,
                format!("{ptr}/binary"),
                "`binary` must be a bare executable name (`[a-z0-9-]`), found on PATH",
            ));
        }
        if hook.install.contains('\'') || hook.install.contains('\n') {
            f.push(Finding::error("hooks.invalid", pj, format!("{ptr}/install"),
                "`install` must not contain a single quote or a newline (it is echoed in a shell command)"));
        }
        if hook.events.is_empty() || hook.tools.is_empty() || hook.timeout_seconds == 0 {
            f.push(Finding::error(
                "hooks.invalid",
                pj,
                ptr.clone(),
                "a hook needs at least one event, one tool kind and a timeout above 0 seconds",
            ));
        }
    }

    if let Some(interface) = codex.ok().and_then(|c| c.interface) {
        let base = format!(
            "/extensions/{}/interface/defaultPrompt",
            pointer_token(NS_CODEX)
        );
        let prompts: Vec<Value> = match interface.get("defaultPrompt") {
            Some(Value::Array(a)) => a.clone(),
            Some(v @ Value::String(_)) => vec![v.clone()],
            Some(_) => {
                f.push(Finding::error(
                    "codex.default-prompt",
                    pj,
                    base.clone(),
                    "`defaultPrompt` must be a string or an array of strings",
                ));
                Vec::new()
            }
            None => Vec::new(),
        };
        if prompts.len() > CODEX_MAX_DEFAULT_PROMPTS {
            f.push(Finding::error("codex.default-prompt", pj, base.clone(), format!(
                "{} prompts: Codex keeps the first {CODEX_MAX_DEFAULT_PROMPTS} and drops the rest",
                prompts.len())));
        }
        for (i, p) in prompts.iter().enumerate() {
            let ok = p.as_str().map(|s| {
                let n = s
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .count();
                (n > 0, n)
            });
            match ok {
                Some((true, n)) if n <= CODEX_MAX_DEFAULT_PROMPT_CHARS => {}
                Some((true, n)) => f.push(Finding::error("codex.default-prompt", pj, format!("{base}/{i}"),
                    format!("{n} characters: Codex drops a prompt longer than {CODEX_MAX_DEFAULT_PROMPT_CHARS}"))),
                _ => f.push(Finding::error("codex.default-prompt", pj, format!("{base}/{i}"),
                    "an empty or non-string prompt: Codex drops it")),
            }
        }
    }
    f
}

const PLACEHOLDERS: [&str; 2] = ["${PLUGIN_ROOT}", "${PLUGIN_DATA}"];

fn has_placeholder(s: &str) -> bool {
    PLACEHOLDERS.iter().any(|p| s.contains(p))
}

/// Whether `host` is `localhost` or a loopback IP literal (§7.2.1).
fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Lexically resolves `rel` (a `./` path) under `root`; `None` when it climbs out.
fn lexical_join(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    let mut depth = 0usize;
    for c in Path::new(rel).components() {
        match c {
            Component::CurDir => {}
            Component::Normal(n) => {
                out.push(n);
                depth += 1;
            }
            Component::ParentDir => {
                if depth == 0 {
                    return None;
                }
                out.pop();
                depth -= 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Whether plugin-relative `rel` stays inside the plugin root, lexically and, when the
/// path exists, after resolving symlinks (§4.1).
pub fn contained(root: &Path, rel: &str) -> bool {
    let Some(joined) = lexical_join(root, rel) else {
        return false;
    };
    match (root.canonicalize(), joined.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => true,
    }
}

fn server_findings(plugin: &Plugin, file: &str, name: &str, server: &McpServer) -> Vec<Finding> {
    let mut f = Vec::new();
    let ptr = format!("/mcpServers/{}", pointer_token(name));
    match server {
        McpServer::Stdio {
            command,
            args,
            env,
            cwd,
        } => {
            if has_placeholder(command) || command.contains("${") {
                f.push(Finding::error("mcp.placeholder-position", file, format!("{ptr}/command"),
                    "placeholders are expanded only in `args`, `env` values and `cwd`, never in `command` (§9.2)"));
            }
            if command.chars().any(char::is_whitespace) {
                f.push(Finding::error("mcp.command-form", file, format!("{ptr}/command"),
                    "`command` is one executable token, not a shell command line: put arguments in `args` (§7.2.1)"));
            } else if command.contains('/') || command.contains('\\') {
                if !command.starts_with("./") {
                    f.push(Finding::error("mcp.command-form", file, format!("{ptr}/command"),
                        "`command` must be a bare executable name or a `./` plugin-relative path (§7.2.1)"));
                } else if !contained(&plugin.dir, command) {
                    f.push(Finding::error(
                        "mcp.path-escapes-root",
                        file,
                        format!("{ptr}/command"),
                        "`command` resolves outside the plugin root (§4.1)",
                    ));
                }
            }
            for key in env.keys() {
                if has_placeholder(key) {
                    f.push(Finding::error(
                        "mcp.placeholder-position",
                        file,
                        format!("{ptr}/env/{}", pointer_token(key)),
                        "placeholders are not expanded in `env` keys (§9.2)",
                    ));
                }
            }
            if let Some(cwd) = cwd {
                let rel = cwd
                    .strip_prefix("${PLUGIN_ROOT}")
                    .map(|r| format!(".{r}"))
                    .or_else(|| cwd.starts_with("./").then(|| cwd.clone()));
                if let Some(rel) = rel
                    && !contained(&plugin.dir, &rel)
                {
                    f.push(Finding::error(
                        "mcp.path-escapes-root",
                        file,
                        format!("{ptr}/cwd"),
                        "`cwd` resolves outside the plugin root (§4.1, §7.2.1)",
                    ));
                }
            }
            if let Some(msg) = supply_chain::unpinned(command, args) {
                f.push(Finding::error(
                    "mcp.unpinned-package",
                    file,
                    format!("{ptr}/args"),
                    msg,
                ));
            }
        }
        McpServer::StreamableHttp { url, headers } | McpServer::Sse { url, headers } => {
            f.extend(url_findings(file, &ptr, url));
            let env_ref = Regex::new(r"\$\{|\$[A-Za-z_]").ok();
            for (k, v) in headers {
                let hp = format!("{ptr}/headers/{}", pointer_token(k));
                if env_ref
                    .as_ref()
                    .is_some_and(|r| r.is_match(v) || r.is_match(k))
                {
                    f.push(Finding::error("mcp.header-expansion", file, hp.clone(),
                        "headers are literal: no placeholder or environment-variable expansion happens there (§7.2.1)"));
                }
                let lk = k.to_ascii_lowercase();
                let credential_name = [
                    "authorization",
                    "proxy-authorization",
                    "cookie",
                    "x-api-key",
                    "api-key",
                ]
                .contains(&lk.as_str())
                    || lk.contains("token")
                    || lk.contains("secret");
                let lv = v.to_ascii_lowercase();
                if credential_name || lv.starts_with("bearer ") || lv.starts_with("basic ") {
                    f.push(Finding::error("mcp.header-credential", file, hp,
                        "plugins must not embed credentials in headers; the host manages authorization (§7.2.1)"));
                }
            }
        }
    }
    f
}

fn url_findings(file: &str, ptr: &str, url: &str) -> Vec<Finding> {
    let up = format!("{ptr}/url");
    if url.contains("${") {
        return vec![Finding::error(
            "mcp.placeholder-position",
            file,
            up,
            "no expansion happens in `url` (§7.2.1)",
        )];
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return vec![Finding::error(
            "mcp.url-form",
            file,
            up,
            "`url` must be an absolute http(s) URL",
        )];
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let mut f = Vec::new();
    if authority.contains('@') {
        f.push(Finding::error(
            "mcp.url-form",
            file,
            up.clone(),
            "`url` must not contain user information (§7.2.1)",
        ));
    }
    if url.contains('#') {
        f.push(Finding::error(
            "mcp.url-form",
            file,
            up.clone(),
            "`url` must not contain a fragment (§7.2.1)",
        ));
    }
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => f.push(Finding::error(
            "mcp.insecure-url",
            file,
            up,
            format!("`{host}` is not loopback: use HTTPS (§7.2.1)"),
        )),
        other => f.push(Finding::error(
            "mcp.url-form",
            file,
            up,
            format!("scheme `{other}` is not http or https"),
        )),
    }
    f
}

fn symlink_findings(plugin: &Plugin) -> Vec<Finding> {
    let mut f = Vec::new();
    let Ok(root) = plugin.dir.canonicalize() else {
        return f;
    };
    let mut stack = vec![plugin.dir.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_symlink() {
                let escapes = path
                    .canonicalize()
                    .map(|p| !p.starts_with(&root))
                    .unwrap_or(true);
                if escapes {
                    let rel = path
                        .strip_prefix(&plugin.dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    f.push(Finding::error("path.escapes-root", format!("{}/{rel}", plugin.rel), "",
                        "this symlink resolves outside the plugin root (or nowhere); hosts reject it (§4.1)"));
                }
            } else if ft.is_dir() {
                stack.push(path);
            }
        }
    }
    f
}

/// Known traps in host manifests already on disk (hand-written or stale).
fn host_manifest_traps(plugin: &Plugin) -> Vec<Finding> {
    let mut f = Vec::new();
    let claude = plugin.dir.join(".claude-plugin/plugin.json");
    if let Ok(v) = crate::model::read_json(&claude) {
        let declared = |s: &str| s.trim_start_matches("./") == "hooks/hooks.json";
        let dup = match v.get("hooks") {
            Some(Value::String(s)) => declared(s),
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(declared)),
            _ => false,
        };
        if dup {
            f.push(Finding::error("claude.hooks-default-declared",
                format!("{}/.claude-plugin/plugin.json", plugin.rel), "/hooks",
                "Claude Code loads hooks/hooks.json automatically and fails on a manifest `hooks` naming it again (\"Duplicate hooks file detected\"): remove the key"));
        }
    }
    f
}
