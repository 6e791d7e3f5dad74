#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! The repository's four bundles: the skills they ship are exact copies of the repository's
//! `skills/` (and of `docs/skill-lint/rules.md`), every skills folder a host loads passes
//! `skill-lint --strict`, and agent-guardrails' shared `.hookkit.toml` is accepted by
//! command-guard. The skill-lint and command-guard binaries are built by the test
//! (`hookkit_testkit::build_workspace_bins`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every host root of `plugin`: the plugin folder, the Codex root and the Gemini CLI folder.
fn host_roots(plugin: &str) -> Vec<PathBuf> {
    let p = repo_root().join("plugins").join(plugin);
    vec![
        p.clone(),
        p.join("com.openai.codex"),
        p.join("com.google.gemini-cli"),
    ]
}

#[test]
fn each_bundle_ships_its_skills_as_copies_of_the_repository_skills() {
    let root = repo_root();
    for (plugin, skills) in [
        ("secret-guard", &["secrets-by-reference"][..]),
        ("command-guard", &["safe-destructive-operations"][..]),
        ("skill-authoring", &["authoring-skills"][..]),
        (
            "agent-guardrails",
            &["safe-destructive-operations", "secrets-by-reference"][..],
        ),
    ] {
        for host_root in host_roots(plugin) {
            let mut shipped: Vec<String> = std::fs::read_dir(host_root.join("skills"))
                .unwrap_or_else(|e| panic!("{}: {e}", host_root.display()))
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            shipped.sort();
            assert_eq!(shipped, skills, "{}", host_root.display());
            for skill in skills {
                assert_eq!(
                    read(&host_root.join("skills").join(skill).join("SKILL.md")),
                    read(&root.join("skills").join(skill).join("SKILL.md")),
                    "{} {skill}",
                    host_root.display()
                );
            }
        }
    }
    for host_root in host_roots("skill-authoring") {
        assert_eq!(
            read(&host_root.join("skills/authoring-skills/references/skill-lint-rules.md")),
            read(&root.join("docs/skill-lint/rules.md")),
            "{}",
            host_root.display()
        );
    }
}

#[test]
fn generated_skills_are_listed_as_generated_in_the_plugin_readme() {
    let readme = read(&repo_root().join("plugins/skill-authoring/README.md"));
    for line in [
        "- `skills/authoring-skills/SKILL.md`",
        "- `skills/authoring-skills/references/skill-lint-rules.md`",
        "- `com.openai.codex/skills/authoring-skills/SKILL.md`",
        "- `com.google.gemini-cli/skills/authoring-skills/references/skill-lint-rules.md`",
        "- `authoring-skills` from `skills/authoring-skills/`, with `references/skill-lint-rules.md` from `docs/skill-lint/rules.md`",
    ] {
        assert!(readme.contains(line), "missing {line:?} in:\n{readme}");
    }
}

/// `skill-lint --strict` on every `skills/` folder under `plugins/`, one run per folder: each
/// is what one host loads for one plugin. (One run over all of `plugins/` reports
/// `folder.duplicate-name` for the same skill in different plugins and host roots, which
/// hosts namespace as `<plugin>:<skill>` and never load side by side.)
#[test]
fn skill_lint_strict_passes_on_every_skills_folder_of_the_bundles() {
    let bins = hookkit_testkit::build_workspace_bins(&["skill-lint"]).unwrap();
    let mut folders = Vec::new();
    for plugin in std::fs::read_dir(repo_root().join("plugins")).unwrap() {
        let plugin = plugin.unwrap().path();
        if plugin.is_dir() {
            for host_root in [
                plugin.clone(),
                plugin.join("com.openai.codex"),
                plugin.join("com.google.gemini-cli"),
            ] {
                if host_root.join("skills").is_dir() {
                    folders.push(host_root.join("skills"));
                }
            }
        }
    }
    folders.sort();
    assert_eq!(folders.len(), 12, "{folders:?}");
    for folder in folders {
        let out = Command::new(&bins[0])
            .arg("--strict")
            .arg(&folder)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("0 errors, 0 warnings"),
            "{}: {text}{}",
            folder.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn command_guard_accepts_the_shared_hookkit_toml_of_agent_guardrails() {
    let bins = hookkit_testkit::build_workspace_bins(&["command-guard"]).unwrap();
    let config = repo_root().join("plugins/agent-guardrails/.hookkit.toml");
    let out = Command::new(&bins[0])
        .arg("--config")
        .arg(&config)
        .arg("--dump-config")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("\nprofile = \"reversible\"\n"), "{text}");
    assert!(text.contains("[audit]\nenabled = true\n"), "{text}");
    let readme = read(&repo_root().join("plugins/agent-guardrails/README.md"));
    assert!(
        readme.contains("[`.hookkit.toml`](.hookkit.toml) in this folder is what a team copies"),
        "{readme}"
    );
}
