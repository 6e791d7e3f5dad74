//! The host emitters: canonical model → every file a host reads.
//!
//! Per plugin folder `plugins/<name>/`:
//! - `.claude-plugin/plugin.json`: Claude Code's manifest (code.claude.com/docs plugins
//!   reference: `name`, `version`, `description`, `author {name, email, url}`, `homepage`,
//!   `repository`, `license`, `keywords`). No `hooks` key (the default `hooks/hooks.json`
//!   is auto-loaded; naming it again fails the load) and no `mcpServers` key (`.mcp.json`
//!   at the plugin root is the default).
//! - `.mcp.json`: Claude Code's MCP format, shared by the Cursor manifest and copied into
//!   the Codex plugin root
//!   (see [`claude_mcp`]).
//! - `hooks/hooks.json`, `hooks/cursor.json`: see [`crate::hooks`].
//! - `com.openai.codex/`: a Codex-only plugin root (the Codex marketplace entry points
//!   here), holding `.codex-plugin/plugin.json`, Codex's manifest (openai/codex
//!   `codex-rs/core/src/plugins/manifest.rs`: `name`, `version`, `description`, `skills`,
//!   `mcpServers`, `hooks`, `interface`; paths must start with `./`) without a `hooks` key,
//!   `hooks/hooks.json` (Codex's default hook file, [`crate::hooks::codex`]), and copies of
//!   `.mcp.json` and `skills/` when the plugin has them. It cannot be the plugin root: Codex
//!   CLI 0.169.0 reads a root `plugin.json` carrying an Agent Plugins `$schema` before
//!   `.codex-plugin/plugin.json`, and then loads none of the plugin's hooks (neither a
//!   `hooks` key, nor `extensions.com.openai.codex.hooks`, nor `hooks/hooks.json`); found
//!   with the real CLI in `tests/e2e_codex.rs`.
//! - `.cursor-plugin/plugin.json`: Cursor's manifest, closed schema
//!   `schemas/cursor/plugin.schema.json` (`author` has only `name` and `email`).
//! - `com.google.gemini-cli/gemini-extension.json` and `com.google.gemini-cli/hooks/hooks.json`:
//!   a Gemini CLI extension (geminicli.com/docs/extensions/reference) in the plugin's
//!   Agent Plugins extension directory (spec §8.2). It cannot sit at the plugin root:
//!   Gemini CLI reads its hooks from `hooks/hooks.json`, the file Claude Code auto-loads, and
//!   each host rejects the other's event names.
//! - `com.github.copilot/hooks/hooks.json`: GitHub Copilot CLI's hooks
//!   ([`crate::hooks::copilot`]). Copilot CLI 1.0.102 installs this folder's Agent Plugins
//!   plugin itself (root `plugin.json`, `skills/`) from the repository's `marketplace.json`
//!   and loads the plugin's hooks from this file only, not from `hooks/hooks.json` (measured,
//!   `tests/e2e_copilot.rs`).
//! - `skills/<name>/…` here and in both host roots: the skills the plugin declares, copied
//!   from the repository's `skills/` ([`crate::model::attach_shared_skills`]).
//! - `README.md`: the block between [`README_BEGIN`] and [`README_END`] (the rest of the
//!   file is hand-written and kept).
//!
//! Per repository: `.claude-plugin/marketplace.json` (Claude Code), `.agents/plugins/marketplace.json`
//! (Codex, `codex-rs/core/src/plugins/marketplace.rs`: `source {source: "local", path}`
//! with `path` the plugin's `com.openai.codex/` folder,
//! `policy {installation, authentication}`, `category`) and `.cursor-plugin/marketplace.json`
//! (closed schema `schemas/cursor/marketplace.schema.json`). GitHub Copilot CLI needs none:
//! it reads the canonical `marketplace.json` itself (before `.claude-plugin/marketplace.json`,
//! measured on 1.0.102), whose entries carry `source` for it.

use crate::hooks;
use crate::model::{
    ClaudeExt, CodexExt, CursorExt, GeminiExt, HookkitExt, Manifest, Marketplace, McpServer,
    NS_CLAUDE, NS_CODEX, NS_COPILOT, NS_CURSOR, NS_GEMINI, NS_HOOKKIT, Plugin, Repo,
};
use crate::output::to_json;
use serde_json::{Map, Value, json};

/// First line of the generated block of a plugin's `README.md`.
pub const README_BEGIN: &str =
    "<!-- BEGIN plugin-manifest: generated from plugin.json; edit that file, not this block -->";
/// Last line of the generated block of a plugin's `README.md`.
pub const README_END: &str = "<!-- END plugin-manifest -->";

/// One generated file: repository-relative path (`/`-separated) and its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Repository-relative path.
    pub path: String,
    /// The file's contents.
    pub contents: String,
}

fn out(path: String, value: &Value) -> Output {
    Output {
        path,
        contents: to_json(value),
    }
}

fn set(map: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        map.insert(key.into(), Value::String(v.clone()));
    }
}

fn keywords(list: &[String]) -> Option<Value> {
    let mut seen = Vec::<String>::new();
    for k in list {
        if !seen.contains(k) {
            seen.push(k.clone());
        }
    }
    (!seen.is_empty()).then(|| json!(seen))
}

/// The metadata common to every host manifest (`name`, `version`, `description`,
/// `homepage`, `repository`, `license`, `keywords`).
fn common(m: &Manifest) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("name".into(), Value::String(m.name.clone()));
    set(&mut map, "version", m.version.as_ref());
    set(&mut map, "description", m.description.as_ref());
    set(&mut map, "homepage", m.homepage.as_ref());
    set(&mut map, "repository", m.repository.as_ref());
    set(&mut map, "license", m.license.as_ref());
    if let Some(k) = keywords(&m.keywords) {
        map.insert("keywords".into(), k);
    }
    map
}

fn author(m: &Manifest, with_url: bool) -> Option<Value> {
    let a = m.author.as_ref()?;
    let mut map = Map::new();
    set(&mut map, "name", a.name.as_ref());
    set(&mut map, "email", a.email.as_ref());
    if with_url {
        set(&mut map, "url", a.url.as_ref());
    }
    (!map.is_empty()).then_some(Value::Object(map))
}

fn expand_claude(s: &str) -> String {
    s.replace("${PLUGIN_ROOT}", "${CLAUDE_PLUGIN_ROOT}")
        .replace("${PLUGIN_DATA}", "${CLAUDE_PLUGIN_DATA}")
}

fn expand_gemini(s: &str) -> String {
    s.replace("${PLUGIN_ROOT}", "${extensionPath}/..")
        .replace("${PLUGIN_DATA}", "${extensionPath}/.data")
}

fn relative(s: &str, root: &str) -> String {
    match s.strip_prefix("./") {
        Some(rest) => format!("{root}/{rest}"),
        None => s.to_string(),
    }
}

/// One server in Claude Code's `.mcp.json` form: stdio has no `type`; `streamable-http`
/// becomes `type: "http"`; `sse` stays `sse`; `${PLUGIN_ROOT}`/`${PLUGIN_DATA}` become
/// `${CLAUDE_PLUGIN_ROOT}`/`${CLAUDE_PLUGIN_DATA}`; a `./` command or cwd is anchored at
/// `${CLAUDE_PLUGIN_ROOT}` (code.claude.com plugins reference, MCP servers).
pub fn claude_mcp(server: &McpServer) -> Value {
    match server {
        McpServer::Stdio {
            command,
            args,
            env,
            cwd,
        } => stdio(
            command,
            args,
            env,
            cwd.as_deref(),
            "${CLAUDE_PLUGIN_ROOT}",
            expand_claude,
        ),
        McpServer::StreamableHttp { url, headers } => remote("http", "url", url, headers),
        McpServer::Sse { url, headers } => remote("sse", "url", url, headers),
    }
}

/// A stdio server in the shape Claude Code and Gemini CLI share: a `./` command is anchored
/// at `command_root`; args, env values and cwd get the host's placeholders (`expand`).
fn stdio(
    command: &str,
    args: &[String],
    env: &std::collections::BTreeMap<String, String>,
    cwd: Option<&str>,
    command_root: &str,
    expand: fn(&str) -> String,
) -> Value {
    let mut map = Map::new();
    map.insert("command".into(), json!(relative(command, command_root)));
    if !args.is_empty() {
        map.insert(
            "args".into(),
            json!(args.iter().map(|a| expand(a)).collect::<Vec<_>>()),
        );
    }
    if !env.is_empty() {
        let env: Map<String, Value> = env
            .iter()
            .map(|(k, v)| (k.clone(), json!(expand(v))))
            .collect();
        map.insert("env".into(), Value::Object(env));
    }
    if let Some(cwd) = cwd {
        map.insert(
            "cwd".into(),
            json!(expand(&relative(cwd, "${PLUGIN_ROOT}"))),
        );
    }
    Value::Object(map)
}

fn remote(
    kind: &str,
    url_key: &str,
    url: &str,
    headers: &std::collections::BTreeMap<String, String>,
) -> Value {
    let mut map = Map::new();
    if !kind.is_empty() {
        map.insert("type".into(), json!(kind));
    }
    map.insert(url_key.into(), json!(url));
    if !headers.is_empty() {
        map.insert("headers".into(), json!(headers));
    }
    Value::Object(map)
}

/// One server in Gemini CLI's `mcpServers` form: stdio `command`/`args`/`env`/`cwd`,
/// `streamable-http` → `httpUrl`, `sse` → `url`; placeholders become `${extensionPath}`-based
/// (the extension folder is `<plugin>/com.google.gemini-cli/`).
pub fn gemini_mcp(server: &McpServer) -> Value {
    match server {
        McpServer::Stdio {
            command,
            args,
            env,
            cwd,
        } => stdio(
            command,
            args,
            env,
            cwd.as_deref(),
            "${extensionPath}/..",
            expand_gemini,
        ),
        McpServer::StreamableHttp { url, headers } => remote("", "httpUrl", url, headers),
        McpServer::Sse { url, headers } => remote("", "url", url, headers),
    }
}

/// The Codex plugin root of the plugin at repository-relative `rel`: `<rel>/com.openai.codex`
/// (the plugin's Agent Plugins extension directory for Codex, spec §8.2). The Codex
/// marketplace entry's `source.path` points here.
pub fn codex_root(rel: &str) -> String {
    format!("{rel}/{NS_CODEX}")
}

/// Every file generated for `plugin` (whose typed manifest and extensions must be valid:
/// [`crate::validate`] runs first). `readme` is the current `README.md`, if any.
pub fn plugin_outputs(plugin: &Plugin, readme: Option<&str>) -> Vec<Output> {
    let Some(m) = plugin.manifest.as_ref() else {
        return Vec::new();
    };
    let p = &plugin.rel;
    let hookkit: HookkitExt = plugin.ext(NS_HOOKKIT).unwrap_or_default();
    let codex_ext: CodexExt = plugin.ext(NS_CODEX).unwrap_or_default();
    let cursor_ext: CursorExt = plugin.ext(NS_CURSOR).unwrap_or_default();
    let gemini_ext: GeminiExt = plugin.ext(NS_GEMINI).unwrap_or_default();
    let servers = plugin
        .mcp
        .as_ref()
        .map(|c| &c.servers)
        .filter(|s| !s.is_empty());
    let mut files = Vec::new();

    // Claude Code.
    let mut claude = common(m);
    if let Some(a) = author(m, true) {
        claude.insert("author".into(), a);
    }
    files.push(out(
        format!("{p}/.claude-plugin/plugin.json"),
        &Value::Object(claude),
    ));
    if let Some(servers) = servers {
        let map: Map<String, Value> = servers
            .iter()
            .map(|(k, s)| (k.clone(), claude_mcp(s)))
            .collect();
        files.push(out(format!("{p}/.mcp.json"), &json!({"mcpServers": map})));
    }
    // Declared skills, copied from the repository's `skills/` (see
    // [`crate::model::attach_shared_skills`]) into the plugin folder (Claude Code and Cursor
    // load `skills/` there), the Codex root and the Gemini CLI extension folder.
    for (rel, text) in &plugin.shared_skill_files {
        for host_root in [p.clone(), codex_root(p), format!("{p}/{NS_GEMINI}")] {
            files.push(Output {
                path: format!("{host_root}/{rel}"),
                contents: text.clone(),
            });
        }
    }
    let claude_hooks = hooks::claude(&hookkit.hooks, &m.name);
    if let Some(h) = &claude_hooks {
        files.push(out(format!("{p}/hooks/hooks.json"), h));
    }

    // Codex, in its own plugin root (see the module docs): no `hooks` key, so Codex loads
    // its default `hooks/hooks.json`; skills and `.mcp.json` are copied in.
    let c = codex_root(p);
    let mut codex = common(m);
    if let Some(a) = author(m, true) {
        codex.insert("author".into(), a);
    }
    if plugin.has_skills {
        codex.insert("skills".into(), json!("./skills/"));
        for (rel, text) in &plugin.skill_files {
            for host_root in [c.clone(), format!("{p}/{NS_GEMINI}")] {
                files.push(Output {
                    path: format!("{host_root}/{rel}"),
                    contents: text.clone(),
                });
            }
        }
    }
    if let Some(servers) = servers {
        codex.insert("mcpServers".into(), json!("./.mcp.json"));
        let map: Map<String, Value> = servers
            .iter()
            .map(|(k, s)| (k.clone(), claude_mcp(s)))
            .collect();
        files.push(out(format!("{c}/.mcp.json"), &json!({"mcpServers": map})));
    }
    if let Some(h) = hooks::codex(&hookkit.hooks) {
        files.push(out(format!("{c}/hooks/hooks.json"), &h));
    }
    if let Some(interface) = &codex_ext.interface {
        codex.insert("interface".into(), Value::Object(interface.clone()));
    }
    files.push(out(
        format!("{c}/.codex-plugin/plugin.json"),
        &Value::Object(codex),
    ));

    // Cursor: closed schema, author without url (and only with a name).
    let mut cursor = common(m);
    if let Some(a) = author(m, false).filter(|a| a.get("name").is_some()) {
        cursor.insert("author".into(), a);
    }
    set(&mut cursor, "displayName", cursor_ext.display_name.as_ref());
    set(&mut cursor, "publisher", cursor_ext.publisher.as_ref());
    set(&mut cursor, "logo", cursor_ext.logo.as_ref());
    if let Some(t) = keywords(&cursor_ext.tags) {
        cursor.insert("tags".into(), t);
    }
    if plugin.has_skills {
        cursor.insert("skills".into(), json!("./skills/"));
    }
    if servers.is_some() {
        cursor.insert("mcpServers".into(), json!("./.mcp.json"));
    }
    if let Some(h) = hooks::cursor(&hookkit.hooks) {
        cursor.insert("hooks".into(), json!("./hooks/cursor.json"));
        files.push(out(format!("{p}/hooks/cursor.json"), &h));
    }
    files.push(out(
        format!("{p}/.cursor-plugin/plugin.json"),
        &Value::Object(cursor),
    ));

    // Gemini CLI, in the extension directory.
    let mut gemini = Map::new();
    gemini.insert("name".into(), json!(m.name));
    gemini.insert(
        "version".into(),
        json!(m.version.clone().unwrap_or_else(|| "0.0.0".into())),
    );
    set(&mut gemini, "description", m.description.as_ref());
    if let Some(servers) = servers {
        let map: Map<String, Value> = servers
            .iter()
            .map(|(k, s)| (k.clone(), gemini_mcp(s)))
            .collect();
        gemini.insert("mcpServers".into(), Value::Object(map));
    }
    set(
        &mut gemini,
        "contextFileName",
        gemini_ext.context_file_name.as_ref(),
    );
    if !gemini_ext.exclude_tools.is_empty() {
        gemini.insert("excludeTools".into(), json!(gemini_ext.exclude_tools));
    }
    files.push(out(
        format!("{p}/{NS_GEMINI}/gemini-extension.json"),
        &Value::Object(gemini),
    ));
    if let Some(h) = hooks::gemini(&hookkit.hooks) {
        files.push(out(format!("{p}/{NS_GEMINI}/hooks/hooks.json"), &h));
    }

    // GitHub Copilot CLI: the plugin folder itself (its Agent Plugins `plugin.json` and
    // `skills/`) plus the hooks in the extension directory.
    if let Some(h) = hooks::copilot(&hookkit.hooks) {
        files.push(out(format!("{p}/{NS_COPILOT}/hooks/hooks.json"), &h));
    }

    files.sort_by(|a, b| a.path.cmp(&b.path));
    let owned: Vec<String> = files
        .iter()
        .map(|f| f.path.trim_start_matches(&format!("{p}/")).to_string())
        .chain(std::iter::once("README.md (this block only)".to_string()))
        .collect();
    files.push(Output {
        path: format!("{p}/README.md"),
        contents: readme_with_block(readme, m, &hookkit, &owned),
    });
    files
}

/// The generated README block for a plugin.
pub fn readme_block(m: &Manifest, hookkit: &HookkitExt, owned: &[String]) -> String {
    let mut s = String::new();
    s.push_str(README_BEGIN);
    s.push_str("\n## Generated files\n\n");
    s.push_str(
        "`plugin-manifest generate` writes these files from `plugin.json`, `mcp.json` and the \
         repository's `marketplace.json`, and `plugin-manifest generate --check` fails when one \
         is out of date. Edit the canonical files, never these:\n\n",
    );
    for f in owned {
        s.push_str(&format!("- `{f}`\n"));
    }
    s.push_str(&format!(
        "\n## Layout\n\n\
         - Claude Code and Cursor use this folder: `.claude-plugin/` with `hooks/hooks.json`, \
         `.cursor-plugin/` with `hooks/cursor.json`.\n\
         - Codex uses `{NS_CODEX}/` (the repository's `.agents/plugins/marketplace.json` points \
         there): `.codex-plugin/plugin.json` without a `hooks` key, so Codex loads its default \
         `hooks/hooks.json` (Codex's commands), plus copies of `.mcp.json` and `skills/` when \
         the plugin has them. It is a separate root because Codex reads this folder's Agent \
         Plugins `plugin.json` before `.codex-plugin/plugin.json` and then loads no hooks.\n\
         - Gemini CLI uses `{NS_GEMINI}/`: `gemini-extension.json` with `hooks/hooks.json` \
         (`BeforeTool`/`AfterTool`). Install it with `GEMINI_CLI_TRUST_WORKSPACE=true gemini \
         extensions install plugins/{name}/{NS_GEMINI} --consent`: without the variable \
         Gemini CLI asks on stdin whether to trust the folder, so answer that prompt or set the \
         variable when no one is there to answer.\n\
         - GitHub Copilot CLI uses this folder's `plugin.json` and `skills/` and, for hooks, \
         `{NS_COPILOT}/hooks/hooks.json` (the only hook file Copilot CLI reads from an Agent \
         Plugins plugin). Install it with `copilot plugin marketplace add <repository>` and \
         `copilot plugin install {name}@<marketplace>`.\n",
        name = m.name
    ));
    if !hookkit.skills.is_empty() {
        s.push_str(
            "\n## Skills\n\nCopied from the repository's `skills/` folder, the one copy a person \
             edits (`skill-lint --strict skills/` checks it), into `skills/` here, \
             `com.openai.codex/skills/` and `com.google.gemini-cli/skills/`:\n\n",
        );
        for skill in &hookkit.skills {
            let name = skill.name();
            s.push_str(&format!("- `{name}` from `skills/{name}/`"));
            let refs: Vec<String> = skill
                .references()
                .into_iter()
                .flatten()
                .map(|(dest, src)| format!("`{dest}` from `{src}`"))
                .collect();
            if !refs.is_empty() {
                s.push_str(&format!(", with {}", refs.join(", ")));
            }
            s.push('\n');
        }
    }
    if !hookkit.hooks.is_empty() {
        s.push_str("\n## Hooks\n\n| binary | runs | on | install |\n|---|---|---|---|\n");
        for h in &hookkit.hooks {
            let events: Vec<&str> = h
                .events
                .iter()
                .map(|e| match e {
                    crate::model::HookEvent::PreTool => "before a tool call",
                    crate::model::HookEvent::PostTool => "after a tool call",
                    crate::model::HookEvent::PostToolFailure => "after a failed tool call",
                    crate::model::HookEvent::PermissionRequest => "when Codex asks for approval",
                })
                .collect();
            let tools: Vec<&str> = h
                .tools
                .iter()
                .map(|t| match t {
                    crate::model::ToolKind::Shell => "shell",
                    crate::model::ToolKind::Read => "file reads",
                    crate::model::ToolKind::Write => "file writes",
                    crate::model::ToolKind::Mcp => "MCP tools",
                    crate::model::ToolKind::Search => "file searches",
                    crate::model::ToolKind::Web => "web fetches and searches",
                    crate::model::ToolKind::Output => "background command and subagent output",
                })
                .collect();
            s.push_str(&format!(
                "| `{}` | {} | {} | `{}` |\n",
                h.binary,
                events.join(", "),
                tools.join(", "),
                h.install
            ));
        }
        s.push_str(
            "\nThe hooks run the installed binaries by name, so each must be on the `PATH` the \
             host runs hooks with. When one is missing, the hook prints `hookkit: <binary> is not \
             installed or not on PATH, so this call is blocked. Install it with: …` and exits 2, \
             which blocks the call on Claude Code, Codex, Cursor and Gemini CLI: a missing guard \
             never passes silently. Copilot CLI's entries run the binary by name: Copilot blocks \
             a call whose hook is missing (exit 127) but does not show the hook's stderr. Cursor's entries also set `failClosed: true`; the other hosts \
             have no fail-closed switch, so a guard that hangs past its timeout lets the call run \
             there.\n",
        );
    }
    s.push_str(&format!(
        "\nName `{}`, version `{}`.\n",
        m.name,
        m.version.as_deref().unwrap_or("unversioned")
    ));
    s.push_str(README_END);
    s.push('\n');
    s
}

fn readme_with_block(
    current: Option<&str>,
    m: &Manifest,
    hookkit: &HookkitExt,
    owned: &[String],
) -> String {
    let block = readme_block(m, hookkit, owned);
    match current {
        Some(text) => match (text.find(README_BEGIN), text.find(README_END)) {
            (Some(b), Some(e)) if e > b => {
                let after = &text[e + README_END.len()..];
                let after = after.strip_prefix('\n').unwrap_or(after);
                format!("{}{block}{after}", &text[..b])
            }
            _ => {
                let mut s = text.to_string();
                if !s.ends_with('\n') {
                    s.push('\n');
                }
                s.push('\n');
                s.push_str(&block);
                s
            }
        },
        None => format!(
            "# {}\n\n{}\n\n{block}",
            m.name,
            m.description.as_deref().unwrap_or("")
        ),
    }
}

/// The three host marketplaces of `repo` (plugins sorted by name).
pub fn marketplace_outputs(repo: &Repo, mp: &Marketplace) -> Vec<Output> {
    let mut entries: Vec<(&crate::model::MarketplaceEntry, &Plugin)> = mp
        .plugins
        .iter()
        .filter_map(|e| {
            repo.plugins
                .iter()
                .find(|p| p.manifest.as_ref().is_some_and(|m| m.name == e.name))
                .map(|p| (e, p))
        })
        .collect();
    entries.sort_by(|a, b| a.0.name.cmp(&b.0.name));

    let mut owner = Map::new();
    owner.insert("name".into(), json!(mp.owner.name));
    set(&mut owner, "email", mp.owner.email.as_ref());

    let mut claude_plugins = Vec::new();
    let mut codex_plugins = Vec::new();
    let mut cursor_plugins = Vec::new();
    for (entry, plugin) in &entries {
        let Some(m) = plugin.manifest.as_ref() else {
            continue;
        };
        let source = format!("./{}", plugin.rel);
        let claude_ext: ClaudeExt = plugin.ext(NS_CLAUDE).unwrap_or_default();
        let codex_ext: CodexExt = plugin.ext(NS_CODEX).unwrap_or_default();

        let mut c = common(m);
        c.remove("homepage");
        c.remove("repository");
        if let Some(a) = author(m, true) {
            c.insert("author".into(), a);
        }
        c.insert("source".into(), json!(source));
        c.insert("category".into(), json!(entry.category));
        if let Some(t) = keywords(&claude_ext.tags) {
            c.insert("tags".into(), t);
        }
        claude_plugins.push(Value::Object(c));

        let policy = codex_ext.policy.unwrap_or_default();
        codex_plugins.push(json!({
            "name": m.name,
            "source": {"source": "local", "path": format!("./{}", codex_root(&plugin.rel))},
            "policy": {"installation": policy.installation, "authentication": policy.authentication},
            "category": entry.category,
        }));

        let mut cu = Map::new();
        cu.insert("name".into(), json!(m.name));
        cu.insert("source".into(), json!(source));
        set(&mut cu, "description", m.description.as_ref());
        cursor_plugins.push(Value::Object(cu));
    }

    let mut claude_meta = Map::new();
    claude_meta.insert("description".into(), json!(mp.description));
    set(&mut claude_meta, "version", mp.version.as_ref());
    let claude = json!({
        "name": mp.name,
        "owner": owner,
        "metadata": claude_meta,
        "plugins": claude_plugins,
    });
    let codex = json!({
        "name": mp.name,
        "interface": {"displayName": mp.display_name.clone().unwrap_or_else(|| mp.name.clone())},
        "plugins": codex_plugins,
    });
    let cursor = json!({
        "name": mp.name,
        "owner": owner,
        "metadata": {"description": mp.description},
        "plugins": cursor_plugins,
    });
    vec![
        out(".agents/plugins/marketplace.json".into(), &codex),
        out(".claude-plugin/marketplace.json".into(), &claude),
        out(".cursor-plugin/marketplace.json".into(), &cursor),
    ]
}
