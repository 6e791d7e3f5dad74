//! The purpose of a call, as the trail records it: the host's own statement of intent
//! where it sends one (Claude Code's and Copilot CLI's Bash `description`, Gemini CLI's
//! `run_shell_command` `description`), otherwise the tool's name and its main argument
//! (the command, the path, or the MCP server and tool). Every secret the built-in secret
//! rules (`crates/policy/rules/secrets/`) or the secret-named environment variables reveal
//! is replaced by `[REDACTED rule mask]`, so no secret value reaches the trail.

use crate::call::{ToolCall, ToolKind};
use crate::secrets::mask::{floor, redact};
use crate::secrets::{Scanner, SecretRuleSet, environment_secrets, find_values};
use std::sync::OnceLock;

/// The longest purpose kept, in characters (cut before masking would split a secret, so
/// the text is masked first and cut after).
pub const MAX_PURPOSE_CHARS: usize = 240;

/// The longest text scanned for secrets, in bytes: a purpose is cut to
/// [`MAX_PURPOSE_CHARS`] anyway, and a longer window keeps a secret that straddles the cut
/// from being half kept.
const SCAN_WINDOW: usize = 4096;

/// The purpose of `call` and where it comes from (`host` or `tool`), masked and cut to
/// [`MAX_PURPOSE_CHARS`].
pub fn purpose(call: &ToolCall) -> (String, &'static str) {
    let (text, source) = match call.description.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => (d.trim().to_owned(), "host"),
        None => {
            let arg = match call.kind {
                ToolKind::Shell => call.command.clone(),
                ToolKind::FileRead | ToolKind::FileWrite => call.path.clone(),
                ToolKind::Mcp => call
                    .mcp
                    .as_ref()
                    .map(|m| format!("{}/{}", m.server, m.tool)),
                ToolKind::Other => call.path.clone(),
            };
            match arg.filter(|a| !a.is_empty()) {
                Some(a) => (format!("{}: {a}", call.tool_name), "tool"),
                None => (call.tool_name.clone(), "tool"),
            }
        }
    };
    let window = floor(&text, SCAN_WINDOW);
    let masked = mask(window);
    let mut out: String = masked.chars().take(MAX_PURPOSE_CHARS).collect();
    if masked.chars().count() > MAX_PURPOSE_CHARS || window.len() < text.len() {
        out.push('…');
    }
    (out, source)
}

struct Masker {
    scanner: Option<Scanner>,
    env_values: Vec<String>,
}

/// The process-wide masker: built on first use, never dropped (a hook process ends right
/// after recording).
fn masker() -> &'static Masker {
    static MASKER: OnceLock<Masker> = OnceLock::new();
    MASKER.get_or_init(|| Masker {
        scanner: SecretRuleSet::builtin()
            .ok()
            .and_then(|s| s.into_scanner().ok()),
        env_values: environment_secrets(std::env::vars()),
    })
}

/// `text` with every secret found by the built-in secret rules and every value of a
/// secret-named environment variable replaced by `[REDACTED rule mask]`. When the rules
/// cannot be loaded or run (a broken build), the whole text is replaced by
/// `[REDACTED: secret rules unavailable]`: nothing unchecked is written.
pub fn mask(text: &str) -> String {
    if !may_hold_a_secret(text) {
        return text.to_owned();
    }
    let m = masker();
    let Some(scanner) = &m.scanner else {
        return "[REDACTED: secret rules unavailable]".to_owned();
    };
    let Ok(mut found) = scanner.scan(text, None) else {
        return "[REDACTED: secret rules unavailable]".to_owned();
    };
    found.extend(find_values(text, &m.env_values));
    if found.is_empty() {
        return text.to_owned();
    }
    let spans: Vec<(usize, usize, &str, &str)> = found
        .iter()
        .map(|f| (f.start, f.end, f.rule_id.as_str(), f.masked.as_str()))
        .collect();
    redact(text, &spans)
}

/// False only for a text in which no secret rule can match and no secret-named environment
/// variable's value (8 characters or more) can occur, so that the rules need not be loaded
/// (loading them costs more than a millisecond). True when the text has a word of 8 or
/// more characters of `[A-Za-z0-9_+=-]` (a word ends at any other character: `/`, `.`,
/// `:`, a space…) that mixes letters and digits or is 20 or more characters long, a
/// credential in a URL (`://user:password@`), a private key header, a word that names a
/// secret (`key`, `token`, `secret`, `pass`, `pwd`, `auth`, `bearer`, `cred`,
/// `private`) or a tool that takes one on its command line (`psexec`), or any non-ASCII
/// character. The built-in secret rules match values of 8 or
/// more such characters, or are keyed on one of these words.
pub fn may_hold_a_secret(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "key", "token", "secret", "pass", "pwd", "auth", "bearer", "cred", "private", "psexec",
    ];
    let lower = text.to_ascii_lowercase();
    if WORDS.iter().any(|w| lower.contains(w)) || lower.contains("-----begin") {
        return true;
    }
    if let Some(at) = lower.find("://") {
        let rest = lower.get(at + 3..).unwrap_or_default();
        let authority = rest.split(['/', ' ', '\'', '"']).next().unwrap_or_default();
        if authority.contains('@') && authority.contains(':') {
            return true;
        }
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | '-')))
        .any(|w| {
            w.len() >= 20
                || (w.len() >= 8
                    && w.bytes().any(|b| b.is_ascii_digit())
                    && w.bytes().any(|b| b.is_ascii_alphabetic()))
        })
        || !text.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Event, Host, McpCall};

    const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

    fn call(kind: ToolKind, tool: &str) -> ToolCall {
        ToolCall::new(Host::ClaudeCode, Event::PreTool, "PreToolUse", kind, tool)
    }

    #[test]
    fn only_texts_that_may_hold_a_secret_are_scanned() {
        for plain in [
            "git status",
            "Show the working tree status",
            "Read: /home/dev/project/src/main.rs",
            "kubectl --context prod create deployment web --image=web:2",
        ] {
            assert!(!may_hold_a_secret(plain), "{plain}");
        }
        for risky in [
            KEY,
            "curl https://admin:hunter22@db.internal/x",
            "export API_KEY=abc",
            "echo dGhpc2lzYWxvbmdiYXNlNjR2YWx1ZQ",
            "login with 4f9a8b7c6d",
        ] {
            assert!(may_hold_a_secret(risky), "{risky}");
        }
        assert_eq!(mask("git status"), "git status");
    }

    #[test]
    fn the_hosts_description_wins_and_is_masked() {
        let mut c = call(ToolKind::Shell, "Bash");
        c.command = Some("rm -r build".into());
        c.description = Some(format!("Use token {KEY} to clean up"));
        let (p, source) = purpose(&c);
        assert_eq!(source, "host");
        assert!(!p.contains(KEY), "{p}");
        assert!(
            p.starts_with("Use token [REDACTED secrets.github-pat ghp_"),
            "{p}"
        );
    }

    #[test]
    fn otherwise_the_tool_and_its_argument_masked_and_cut() {
        let mut c = call(ToolKind::Shell, "Bash");
        c.command = Some(format!(
            "curl -H 'Authorization: token {KEY}' {}",
            "x".repeat(500)
        ));
        let (p, source) = purpose(&c);
        assert_eq!(source, "tool");
        assert!(p.starts_with("Bash: curl"), "{p}");
        assert!(!p.contains(KEY), "{p}");
        assert_eq!(p.chars().count(), MAX_PURPOSE_CHARS + 1);
        let mut m = call(ToolKind::Mcp, "mcp__fake__echo");
        m.mcp = Some(McpCall {
            server: "fake".into(),
            tool: "echo".into(),
            arguments: serde_json::json!({"text": KEY}),
        });
        assert_eq!(purpose(&m).0, "mcp__fake__echo: fake/echo");
        assert_eq!(purpose(&call(ToolKind::Other, "Glob")).0, "Glob");
    }
}
