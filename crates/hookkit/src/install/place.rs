//! Where `hookkit install` writes each host's registration, and what the host still asks
//! of a person afterwards. Places and steps as hooks/README.md gives them (each host's hook
//! documentation is cited there).

use crate::doctor::Env;
use crate::doctor::hooks::repo_root;
use crate::opencode_plugin::FILE_NAME;
use hookkit_policy::Host;
use std::path::PathBuf;

/// Whose settings a registration goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scope {
    /// The person's own settings: every project on this machine.
    User,
    /// The repository the current directory is in (or the directory itself): settings the
    /// project's other people get too.
    Project,
}

/// The registration file of `host` at `scope`, and whether hookkit owns the whole file
/// (Copilot CLI reads every file under its hooks folder, opencode every plugin file of its
/// plugins folder: hookkit's is its own, and uninstall removes it). Factory droid's is its
/// `.factory` folder's `hooks.json` when there is one, else its `settings.json`
/// ([`super::droid::file`]).
pub fn file(host: Host, scope: Scope, env: &Env) -> (PathBuf, bool) {
    let root = repo_root(&env.cwd);
    match (host, scope) {
        (Host::ClaudeCode, Scope::User) => (env.claude_dir.join("settings.json"), false),
        (Host::ClaudeCode, Scope::Project) => (root.join(".claude/settings.json"), false),
        (Host::Codex, Scope::User) => (env.codex_home.join("hooks.json"), false),
        (Host::Codex, Scope::Project) => (root.join(".codex/hooks.json"), false),
        (Host::Cursor, Scope::User) => (env.home.join(".cursor/hooks.json"), false),
        (Host::Cursor, Scope::Project) => (root.join(".cursor/hooks.json"), false),
        (Host::GeminiCli, Scope::User) => (env.gemini_dir.join("settings.json"), false),
        (Host::GeminiCli, Scope::Project) => (root.join(".gemini/settings.json"), false),
        (Host::CopilotCli, Scope::User) => (env.copilot_home.join("hooks/hookkit.json"), true),
        (Host::CopilotCli, Scope::Project) => (root.join(".github/hooks/hookkit.json"), true),
        (Host::QwenCode, Scope::User) => (env.qwen_dir.join("settings.json"), false),
        (Host::QwenCode, Scope::Project) => (root.join(".qwen/settings.json"), false),
        (Host::Opencode, Scope::User) => (env.opencode_dir.join("plugins").join(FILE_NAME), true),
        (Host::Opencode, Scope::Project) => (root.join(".opencode/plugins").join(FILE_NAME), true),
        (Host::Kilo, Scope::User) => (env.kilo_dir.join("plugins").join(FILE_NAME), true),
        (Host::Kilo, Scope::Project) => (root.join(".kilo/plugins").join(FILE_NAME), true),
        (Host::FactoryDroid, Scope::User) => (super::droid::file(&env.factory_dir), false),
        (Host::FactoryDroid, Scope::Project) => (super::droid::file(&root.join(".factory")), false),
    }
}

/// Whether `host` looks installed for this person: its own folder exists.
pub fn detected(host: Host, env: &Env) -> bool {
    match host {
        Host::ClaudeCode => env.claude_dir.is_dir(),
        Host::Codex => env.codex_home.is_dir(),
        Host::Cursor => env.home.join(".cursor").is_dir(),
        Host::GeminiCli => env.gemini_dir.is_dir(),
        Host::CopilotCli => env.copilot_home.is_dir(),
        Host::QwenCode => env.qwen_dir.is_dir(),
        Host::Opencode => env.opencode_dir.is_dir(),
        Host::Kilo => env.kilo_dir.is_dir(),
        Host::FactoryDroid => env.factory_dir.is_dir(),
    }
}

/// What the host asks of a person before it runs hooks newly registered at `scope`
/// (hooks/README.md, "Host gates that switch the hooks off"); empty when nothing.
pub fn remaining_steps(host: Host, scope: Scope) -> &'static [&'static str] {
    match (host, scope) {
        // Copilot CLI 1.0.102 runs user-level hooks (`$COPILOT_HOME/hooks/*.json`) in a
        // folder it does not trust, where it skips the repository's (measured,
        // crates/hookkit/tests/e2e_copilot.rs).
        // Qwen Code 0.24.4 loads user hooks in every folder, and a project's in every folder
        // while its folder trust is off, the default (hooks/README.md, "Qwen Code").
        // Factory droid 0.225.2 runs user and project hooks in every folder with `droid
        // exec`; its terminal UI asks for a new folder's trust at start (hooks/README.md,
        // "Factory droid").
        (Host::ClaudeCode | Host::Cursor | Host::QwenCode | Host::FactoryDroid, _)
        | (Host::CopilotCli, Scope::User) => &[],
        (Host::Codex, _) => &[
            "Codex runs a new or changed hook only after a person reviewed it: start `codex`, type `/hooks` and trust each hookkit hook (hooks/README.md, \"Codex: hook review\").",
        ],
        (Host::GeminiCli, _) => &[
            "Gemini CLI runs settings hooks only in a folder it trusts: trust each project folder when Gemini asks (or with `/permissions`).",
        ],
        (Host::CopilotCli, Scope::Project) => &[
            "Copilot CLI ignores a repository's hooks in a folder it does not trust: trust the project folder when Copilot asks.",
        ],
        // opencode-ai 1.18.33 loads plugins once, at start, and none with `--pure`
        // (`OPENCODE_PURE`): "run without external plugins".
        (Host::Opencode, _) => &[
            "opencode loads plugins when it starts: restart any opencode already running, and never run it with `--pure` (or OPENCODE_PURE set), which loads no plugin.",
        ],
        // Kilo CLI 7.7.7, an opencode fork, the same (`KILO_PURE`).
        (Host::Kilo, _) => &[
            "Kilo CLI loads plugins when it starts: restart any kilo already running, and never run it with `--pure` (or KILO_PURE set), which loads no plugin.",
        ],
    }
}
