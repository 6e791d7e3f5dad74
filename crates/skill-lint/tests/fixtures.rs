#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! Every bad fixture `tests/fixtures/bad/<family>-<name>/` fires rule `<family>.<name>`; the
//! good fixtures fire nothing; the CLI output over all fixtures is snapshotted.

use skill_lint::render::{Format, render};
use skill_lint::{Options, Profile, ProjectRules, lint};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn rule_of_dir(dir: &str) -> String {
    let rule = skill_lint::rules::RULES
        .iter()
        .find(|r| r.id.replace('.', "-") == dir);
    rule.map_or_else(|| format!("<none for {dir}>"), |r| r.id.to_string())
}

#[test]
fn every_bad_fixture_fires_its_rule() {
    let mut count = 0;
    for entry in std::fs::read_dir(fixtures().join("bad")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected = rule_of_dir(&name);
        assert!(
            skill_lint::rules::rule(&expected).is_some(),
            "{name}: no rule {expected}"
        );
        let report = lint(std::slice::from_ref(&dir), &Options::default()).unwrap();
        assert!(
            report.findings.iter().any(|f| f.rule == expected),
            "{name}: expected {expected}, got {:?}",
            report.findings.iter().map(|f| f.rule).collect::<Vec<_>>()
        );
        count += 1;
    }
    assert!(count >= 30, "{count} bad fixtures");
}

#[test]
fn good_fixtures_are_clean_in_every_profile() {
    for profile in [
        Profile::Portable,
        Profile::ClaudeCode,
        Profile::ClaudeApi,
        Profile::Codex,
        Profile::Cursor,
    ] {
        let options = Options {
            profile,
            project: ProjectRules::default(),
        };
        let report = lint(&[fixtures().join("good")], &options).unwrap();
        assert_eq!(report.files.len(), 1);
        assert!(
            report.findings.is_empty(),
            "{profile:?}: {:?}",
            report.findings
        );
    }
}

#[test]
fn duplicate_names_and_codex_qualified_names() {
    let report = lint(
        &[fixtures().join("duplicates"), fixtures().join("plugin")],
        &Options::default(),
    )
    .unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"folder.duplicate-name"), "{rules:?}");
    assert!(rules.contains(&"name.qualified-too-long"), "{rules:?}");
    // Claude Code does not qualify names: not reported under its profile.
    let cc = Options {
        profile: Profile::ClaudeCode,
        project: ProjectRules::default(),
    };
    let report = lint(&[fixtures().join("plugin")], &cc).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn duplicate_names_include_sibling_skills_outside_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, name: &str| {
        let d = dir.path().join(rel);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("SKILL.md"),
            format!("---\nname: {name}\ndescription: Does things. Use when asked.\n---\n"),
        )
        .unwrap();
        d.join("SKILL.md")
    };
    let first = write("skills/pdf", "pdf");
    let second = write("skills/pdf-copy", "pdf");
    write("skills/other", "other");
    let elsewhere = write("plugin/skills/pdf", "pdf");
    // Only the new skill is passed (as pre-commit does): its sibling still holds the name.
    for (given, other) in [
        (&second, "skills/pdf/SKILL.md"),
        (&first, "skills/pdf-copy/SKILL.md"),
    ] {
        let report = lint(std::slice::from_ref(given), &Options::default()).unwrap();
        let dups: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "folder.duplicate-name")
            .collect();
        assert_eq!(dups.len(), 1, "{:?}", report.findings);
        assert_eq!(&dups[0].path, given);
        assert!(dups[0].message.contains(other), "{}", dups[0].message);
    }
    // A skill in another skills folder (another plugin) is not loaded alongside.
    let report = lint(&[elsewhere], &Options::default()).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // The whole folder: the first keeps its name, the second is reported once.
    let report = lint(&[dir.path().join("skills")], &Options::default()).unwrap();
    let dups: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "folder.duplicate-name")
        .map(|f| f.path.clone())
        .collect();
    assert_eq!(dups, [second]);
}

#[test]
fn duplicate_names_are_per_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let put = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    };
    let skill = |rel: &str, name: &str| {
        put(
            &format!("{rel}/SKILL.md"),
            &format!("---\nname: {name}\ndescription: Does things. Use when asked.\n---\n"),
        )
    };
    let dups = |paths: &[PathBuf]| -> Vec<PathBuf> {
        let report = lint(paths, &Options::default()).unwrap();
        report
            .findings
            .iter()
            .filter(|f| f.rule == "folder.duplicate-name")
            .map(|f| f.path.clone())
            .collect()
    };
    // The same skill copied into several plugin bundles (as this repository's plugins/ does):
    // each plugin root (any host's manifest) is its own namespace, `<plugin>:pdf`.
    put("plugins/a/.claude-plugin/plugin.json", "{\"name\": \"a\"}");
    put("plugins/b/plugin.json", "{\"name\": \"b\"}");
    put(
        "plugins/b/com.openai.codex/.codex-plugin/plugin.json",
        "{\"name\": \"b\"}",
    );
    put(
        "plugins/b/com.google.gemini-cli/gemini-extension.json",
        "{}",
    );
    put("plugins/c/.cursor-plugin/plugin.json", "{\"name\": \"c\"}");
    skill("plugins/a/skills/pdf", "pdf");
    skill("plugins/b/skills/pdf", "pdf");
    skill("plugins/b/com.openai.codex/skills/pdf", "pdf");
    skill("plugins/b/com.google.gemini-cli/skills/pdf", "pdf");
    skill("plugins/c/skills/pdf", "pdf");
    skill("skills/pdf", "pdf");
    let plugins = dir.path().join("plugins");
    let both = [plugins.clone(), dir.path().join("skills")];
    assert_eq!(dups(&both), Vec::<PathBuf>::new());
    // Within one plugin, the same name twice still clashes (the second is reported)...
    let copy = skill("plugins/a/skills/pdf-copy", "pdf");
    assert_eq!(dups(&both), std::slice::from_ref(&copy));
    std::fs::remove_dir_all(copy.parent().unwrap()).unwrap();
    // ...and a folder in a plugin without a manifest of its own belongs to that plugin.
    // (Files are checked in path order: the extension's copy keeps the name.)
    let ext = skill("plugins/a/com.example.client/skills/pdf", "pdf");
    let first = dir.path().join("plugins/a/skills/pdf/SKILL.md");
    assert_eq!(dups(std::slice::from_ref(&plugins)), [first]);
    std::fs::remove_dir_all(ext.parent().unwrap()).unwrap();
    // So does a plain skills folder.
    let plain = skill("skills/pdf-copy", "pdf");
    assert_eq!(dups(&both), std::slice::from_ref(&plain));
    std::fs::remove_dir_all(plain.parent().unwrap()).unwrap();
    // A sibling outside the run (pre-commit passed one file per plugin) counts only when it
    // is in the same plugin as the skill with its name.
    let old = skill("plugins/b/skills/pdf-old", "pdf");
    let given = [
        dir.path().join("plugins/a/skills/pdf/SKILL.md"),
        dir.path().join("plugins/b/skills/other/SKILL.md"),
    ];
    skill("plugins/b/skills/other", "other");
    assert_eq!(dups(&given), Vec::<PathBuf>::new());
    let in_b = dir.path().join("plugins/b/skills/pdf/SKILL.md");
    assert_eq!(
        dups(std::slice::from_ref(&in_b)),
        std::slice::from_ref(&in_b)
    );
    std::fs::remove_dir_all(old.parent().unwrap()).unwrap();
    assert_eq!(dups(std::slice::from_ref(&in_b)), Vec::<PathBuf>::new());
}

#[test]
fn namespace_is_the_nearest_plugin_root_else_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    for (rel, text) in [
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/skills/x/SKILL.md", "---\n---\n"),
        ("repo/plugins/p/plugin.json", "{}"),
        ("repo/plugins/p/skills/x/SKILL.md", "---\n---\n"),
        ("loose/skills/x/SKILL.md", "---\n---\n"),
    ] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let ns = |rel: &str| skill_lint::namespace(&root.join(rel));
    assert_eq!(ns("repo/skills/x/SKILL.md"), Some(root.join("repo")));
    assert_eq!(
        ns("repo/plugins/p/skills/x/SKILL.md"),
        Some(root.join("repo/plugins/p"))
    );
    // Outside any plugin and repository (a temporary folder): one namespace for the run.
    if !root.ancestors().any(|d| d.join(".git").exists()) {
        assert_eq!(ns("loose/skills/x/SKILL.md"), None);
    }
}

#[test]
fn project_rules_from_hookkit_toml_ignore_other_tables() {
    let project = ProjectRules::load(&fixtures().join("project/.hookkit.toml")).unwrap();
    let options = Options {
        profile: Profile::Portable,
        project,
    };
    let report = lint(&[fixtures().join("project/skills")], &options).unwrap();
    let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    assert_eq!(
        rules,
        [
            "project.description-too-short",
            "project.forbidden-field",
            "project.name-pattern",
            "project.required-field"
        ]
    );
}

#[test]
fn claude_code_profile_allows_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let skill = dir.path().join("my-skill");
    std::fs::create_dir(&skill).unwrap();
    std::fs::write(
        skill.join("SKILL.md"),
        "---\nname: my-skill\ndescription: Does things. Use when asked.\nwhen_to_use: always\ndisable-model-invocation: true\n---\n",
    )
    .unwrap();
    let portable = lint(std::slice::from_ref(&skill), &Options::default()).unwrap();
    let rules: Vec<&str> = portable.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["field.unknown", "field.unknown"]);
    let cc = Options {
        profile: Profile::ClaudeCode,
        project: ProjectRules::default(),
    };
    assert!(lint(&[skill], &cc).unwrap().findings.is_empty());
}

#[test]
fn pre_commit_file_names_map_to_their_skills_once() {
    let good = fixtures().join("good/pdf-tools");
    let files = skill_lint::discover(&[
        good.join("references/guide.md"),
        good.join("scripts/extract.py"),
        good.join("SKILL.md"),
    ])
    .unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("good/pdf-tools/SKILL.md"));
}

fn cli(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(fixtures())
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn human_output_snapshot() {
    let (out, code) = cli(&["bad", "good"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn json_lines_snapshot() {
    let (out, code) = cli(&["--format", "json", "bad", "good"]);
    assert_eq!(code, 1);
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["rule"].is_string()
                && v["line"].is_u64()
                && v["column"].is_u64()
                && v["hint"].is_string()
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn exit_codes_and_strict() {
    assert_eq!(cli(&["good"]).1, 0);
    assert_eq!(cli(&["bad/yaml-comment-cut"]).1, 0, "warnings alone pass");
    assert_eq!(cli(&["--strict", "bad/yaml-comment-cut"]).1, 1);
    assert_eq!(cli(&["does-not-exist"]).1, 2);
    assert_eq!(cli(&["--format", "nope", "good"]).1, 2);
}

#[test]
fn github_annotations() {
    let (out, _) = cli(&["--format", "github", "bad/yaml-duplicate-key"]);
    assert!(
        out.starts_with("::error file=bad/yaml-duplicate-key/SKILL.md,line=4,col=1,endColumn=5,title=yaml.duplicate-key::"),
        "{out}"
    );
}

#[test]
fn sarif_has_the_required_shape() {
    let report = lint(&[fixtures().join("bad/yaml-tab")], &Options::default()).unwrap();
    let log: serde_json::Value = serde_json::from_str(&render(&report, Format::Sarif)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "skill-lint");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "yaml.tab");
    let idx = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], "yaml.tab");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
}

#[test]
fn explain_prints_the_rule_doc() {
    let (out, code) = cli(&["explain", "yaml.escaped-prose"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("## yaml.escaped-prose"), "{out}");
    assert_eq!(cli(&["explain", "no.such-rule"]).1, 2);
}
