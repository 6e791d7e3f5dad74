#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns
//! `content.credential`: credentials in a skill's files are found with hookkit-policy's
//! secret rules, and no output format ever shows one unmasked (the keys here are fake).

use skill_lint::{Options, lint};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fake keys of `tests/fixtures/bad/content-credential/`.
const FIXTURE_KEYS: [&str; 2] = [
    "FAKEwJalrXUtnFEMIK7MDENGbPxRfiCY0000FAKE",
    "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v",
];
const PAT: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cli(cwd: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_skill-lint"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn write(path: &Path, text: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn credential_places(dir: &Path) -> Vec<(String, usize, usize)> {
    let report = lint(&[dir.to_path_buf()], &Options::default()).unwrap();
    report
        .findings
        .iter()
        .filter(|f| f.rule == "content.credential")
        .map(|f| {
            let rel = f.path.strip_prefix(dir).unwrap_or(&f.path);
            (rel.display().to_string(), f.line, f.column)
        })
        .collect()
}

#[test]
fn fixture_keys_are_found_in_skill_md_and_scripts_with_line_and_column() {
    let dir = fixtures().join("bad/content-credential");
    assert_eq!(
        credential_places(&dir),
        [
            ("SKILL.md".to_string(), 9, 25),
            ("scripts/deploy.sh".to_string(), 3, 21)
        ]
    );
}

#[test]
fn no_output_format_shows_a_raw_key() {
    for format in ["human", "json", "sarif", "github"] {
        let (out, err, code) = cli(&fixtures(), &["--format", format, "bad/content-credential"]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        for key in FIXTURE_KEYS {
            assert!(!out.contains(key), "{format} shows {key}:\n{out}");
            assert!(!err.contains(key), "{format} shows {key} on stderr:\n{err}");
        }
        assert!(out.contains("ghp_…(40 chars)"), "{format}: {out}");
        assert!(out.contains("FAKE…(40 chars)"), "{format}: {out}");
        assert!(out.contains("content.credential"), "{format}: {out}");
    }
}

#[test]
fn other_findings_on_a_key_line_are_masked_too() {
    let tmp = tempfile::tempdir().unwrap();
    let skill = tmp.path().join("leaky");
    // `api_key` is an unknown field (its line is shown by field.unknown) and the broken
    // link's message quotes its target: neither may show the key.
    write(
        &skill.join("SKILL.md"),
        format!(
            "---\nname: leaky\ndescription: Does things. Use when asked.\napi_key: {PAT}\n---\nSee [the token](tokens/{PAT}.md).\n"
        )
        .as_bytes(),
    );
    let rules: Vec<&str> = lint(std::slice::from_ref(&skill), &Options::default())
        .unwrap()
        .findings
        .iter()
        .map(|f| f.rule)
        .collect();
    assert!(rules.contains(&"field.unknown"), "{rules:?}");
    assert!(rules.contains(&"body.broken-link"), "{rules:?}");
    assert_eq!(
        rules.iter().filter(|r| **r == "content.credential").count(),
        2,
        "{rules:?}"
    );
    for format in ["human", "json", "sarif", "github"] {
        let (out, err, code) = cli(tmp.path(), &["--format", format, "leaky"]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(!out.contains(PAT), "{format} shows the key:\n{out}");
        assert!(!err.contains(PAT), "{format} shows the key:\n{err}");
        assert!(out.contains("field.unknown"), "{format}: {out}");
    }
}

#[test]
fn which_files_are_scanned() {
    let tmp = tempfile::tempdir().unwrap();
    let skill = tmp.path().join("files");
    let line = format!("TOKEN={PAT}\n");
    write(
        &skill.join("SKILL.md"),
        b"---\nname: files\ndescription: Does things. Use when asked.\n---\nBody.\n",
    );
    // Scanned: a hidden file and a reference.
    write(&skill.join(".env"), line.as_bytes());
    write(&skill.join("references/notes.txt"), line.as_bytes());
    // Skipped: binary (NUL byte), over 1 MiB, ignored by git, inside .git, a nested skill.
    write(
        &skill.join("assets/blob.bin"),
        format!("\0{line}").as_bytes(),
    );
    let mut big = line.clone().into_bytes();
    big.resize(
        usize::try_from(skill_lint::credentials::MAX_FILE_BYTES).unwrap() + 1,
        b' ',
    );
    write(&skill.join("data/big.txt"), &big);
    write(&skill.join(".gitignore"), b"local/\n");
    write(&skill.join("local/secret.txt"), line.as_bytes());
    write(&skill.join(".git/config"), line.as_bytes());
    write(
        &skill.join("inner/SKILL.md"),
        format!("---\nname: inner\ndescription: Inner. Use when asked.\n---\n{line}").as_bytes(),
    );
    let files: Vec<String> = credential_places(&skill)
        .into_iter()
        .map(|(file, _, _)| file)
        .collect();
    // The nested skill is linted as a skill of its own (the walk finds it), once.
    assert_eq!(files, [".env", "inner/SKILL.md", "references/notes.txt"]);
}

#[test]
fn placeholders_are_not_credentials() {
    let tmp = tempfile::tempdir().unwrap();
    let skill = tmp.path().join("placeholders");
    write(
        &skill.join("SKILL.md"),
        b"---\nname: placeholders\ndescription: Does things. Use when asked.\n---\nexport GITHUB_TOKEN=${GITHUB_TOKEN}\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\napi_key = your-api-key\n",
    );
    assert_eq!(credential_places(&skill), []);
}

/// A skill `name` in `tmp` whose `references/notes.md` holds `lines`.
fn skill_with_notes(tmp: &Path, name: &str, lines: &[String]) -> PathBuf {
    let skill = tmp.join(name);
    write(
        &skill.join("SKILL.md"),
        format!("---\nname: {name}\ndescription: Does things. Use when asked.\n---\nSee [notes](references/notes.md).\n").as_bytes(),
    );
    write(
        &skill.join("references/notes.md"),
        lines.join("\n").as_bytes(),
    );
    skill
}

/// Regression (issue 17, the AWS agent toolkit's nine false `content.credential` errors): each
/// line is matched by a secret rule, yet holds a reference, a placeholder or a variable.
#[test]
fn references_placeholders_and_variables_are_not_credentials() {
    let lines: Vec<String> = [
        // CodeBuild's Secrets Manager reference `secret-id:json-key` (aws-deployment).
        "    DB_PASS: \"myapp/db-creds:password\"",
        // A status label (amazon-documentdb wa_review.py).
        "status_icon = {\"pass\": \"[PASS]\", \"warn\": \"[WARN]\"}",
        // A placeholder phrase (rds-sqlserver connection-auth.md).
        "CREATE LOGIN app_user WITH PASSWORD = 'strong-password-here';",
        "    \"password\": \"strong-password-here\",",
        // Variables passed as arguments (amazon-elasticache, rds-oracle).
        "client = valkey.Valkey(host=endpoint, port=6379, ssl=True, password=auth_token)",
        "conn = oracledb.connect(user=username, password=password, dsn=dsn)",
    ]
    .map(String::from)
    .to_vec();
    let scanner = hookkit_policy::secrets::Scanner::builtin();
    // `[PASS]` and `strong-password-here` are placeholders to the secret scanner itself
    // since issue 14 (secrets::is_placeholder): no rule reports them any more.
    let dropped_by_the_scanner = [1, 2, 3];
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(
            scanner.scan(line, None).unwrap().is_empty(),
            dropped_by_the_scanner.contains(&i),
            "{line:?}: a secret rule matches it (or no longer does) unexpectedly"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let skill = skill_with_notes(tmp.path(), "references", &lines);
    assert_eq!(credential_places(&skill), []);
}

/// The same shapes with a literal value (generated here, fake) are still credentials.
#[test]
fn literal_values_in_the_same_shapes_are_still_credentials() {
    let value = format!("Fk{}x9{}Qz", "0000", "w!7");
    let word_value = format!("{}{}", "Fk0000", "Zq9x7w");
    let lines = [
        format!("    DB_PASS: \"{value}\""),
        format!("CREATE LOGIN app_user WITH PASSWORD = '{value}';"),
        format!("conn = psycopg2.connect(\"host=db user=app password={word_value}\")"),
        format!("conn = oracledb.connect(user=username, password=\"{value}\", dsn=dsn)"),
        format!("DB_PASSWORD={value}"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let skill = skill_with_notes(tmp.path(), "literals", &lines);
    let found: Vec<usize> = credential_places(&skill)
        .into_iter()
        .map(|(_, line, _)| line)
        .collect();
    assert_eq!(found, [1, 2, 3, 4, 5]);
}

/// One walk lists every skill's files (issue 17: a walk per skill compiled the `.gitignore`
/// files above the skills once per skill): each skill gets its own files, the `.gitignore`
/// above them applies to both, and a nested skill's files are its own.
#[test]
fn one_walk_lists_each_skills_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(&root.join(".gitignore"), b"*.log\n");
    let skill = |name: &str| root.join(name).join("SKILL.md");
    for name in ["a", "b", "a/inner"] {
        write(&skill(name), b"---\nname: x\ndescription: X.\n---\n");
        write(&root.join(name).join("notes.md"), b"notes\n");
        write(&root.join(name).join("run.log"), b"log\n");
    }
    let listed = skill_lint::tree::skill_files(&[skill("a"), skill("a/inner"), skill("b")]);
    let rel = |files: &Vec<std::path::PathBuf>| -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect()
    };
    assert_eq!(
        listed.iter().map(rel).collect::<Vec<_>>(),
        [
            vec!["a/notes.md".to_string()],
            vec!["a/inner/notes.md".to_string()],
            vec!["b/notes.md".to_string()],
        ]
    );
}
