//! The real Claude Code (`claude plugin validate --strict`, from npm) accepts every
//! generated plugin and the marketplace. Skipped only with `HOOKKIT_SKIP_E2E=1`.

use std::path::Path;
use std::process::Command;

#[test]
fn claude_plugin_validate_strict_passes_on_every_bundle_and_the_marketplace() {
    if hookkit_testkit::skip_e2e("claude_plugin_validate_strict") {
        return;
    }
    let claude = hookkit_testkit::install_claude_code().expect("installing Claude Code");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let home = tempfile::tempdir().unwrap();
    let mut dirs = vec![root.clone()];
    for name in [
        "secret-guard",
        "command-guard",
        "skill-authoring",
        "agent-guardrails",
    ] {
        dirs.push(root.join("plugins").join(name));
    }
    for dir in dirs {
        let out = Command::new(&claude)
            .args(["plugin", "validate", "--strict"])
            .arg(&dir)
            .env("HOME", home.path())
            .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
            .env("DISABLE_TELEMETRY", "1")
            .env("DISABLE_AUTOUPDATER", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("Validation passed"),
            "{}: {text}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
