//! The purpose of a call, as the trail records it: the host's own statement of intent
//! where it sends one (Claude Code's and Copilot CLI's Bash `description`, Gemini CLI's
//! `run_shell_command` `description`), otherwise the tool's name and its main argument
//! (the command, the path, or the MCP server, tool and arguments). Where the host sent a
//! statement, the tool and its argument are kept next to it (`args`), so every record
//! says what was run.
//!
//! Masking ([`mask`]), in two passes:
//! 1. every secret the built-in secret rules (`crates/policy/rules/secrets/`) or the
//!    secret-named environment variables reveal becomes `[REDACTED rule mask]`;
//! 2. every word the rules do not know but that looks random ([`random_words`]: 20 or
//!    more characters of `[A-Za-z0-9+/=_-]`, Shannon entropy of at least 3.5 bits per
//!    character, and not made of plain words or short pieces, as paths, options and
//!    identifiers are) becomes `[REDACTED entropy sha256:<16 hex> (N chars)]`: the digest
//!    lets two records naming the same value be matched without revealing it.
//!
//! A value masked in the tool's argument is masked, in the same form, wherever the host's
//! statement repeats it too, even in prose no rule reads as a secret ("use hunterxyz for
//! the database").
//!
//! So no secret value reaches the trail, even one of a kind no rule describes. What the
//! second pass misses: a secret shorter than 20 characters, one of letters of a single
//! case without digits, or one split into pieces of at most 8 characters by `-`, `_`,
//! `+`, `=` or `/`.

use hookkit_policy::call::{ToolCall, ToolKind};
use hookkit_policy::secrets::mask::{Scrubber, digest, floor, redact, redaction};
use hookkit_policy::secrets::{
    Scanner, WindowedScanner, command_line_matches, find_values, process_environment_secrets,
};
use std::sync::OnceLock;

/// The longest purpose kept, in characters (cut before masking would split a secret, so
/// the text is masked first and cut after).
pub const MAX_PURPOSE_CHARS: usize = 240;

/// The longest text scanned for secrets, in bytes: a purpose is cut to
/// [`MAX_PURPOSE_CHARS`] anyway, and a longer window keeps a secret that straddles the cut
/// from being half kept.
const SCAN_WINDOW: usize = 4096;

/// The purpose of a call as the trail records it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    /// The host's statement of intent, else the tool and its argument; masked, at most
    /// [`MAX_PURPOSE_CHARS`] characters (and `…` when cut).
    pub text: String,
    /// `host` when `text` is the host's statement, `tool` when it is the tool and its
    /// argument.
    pub source: &'static str,
    /// The tool and its argument, masked and cut like `text`, when `text` is the host's
    /// statement (otherwise `text` is the tool and its argument already).
    pub args: Option<String>,
}

/// The purpose of `call`: the host's statement when it sent one, with the tool and its
/// argument beside it; otherwise the tool and its argument. Masked and cut to
/// [`MAX_PURPOSE_CHARS`].
pub fn purpose(call: &ToolCall) -> Purpose {
    let mut seen = Vec::new();
    let tool = tool_text(call, &mut seen);
    match call.description.as_deref().filter(|d| !d.trim().is_empty()) {
        // What was masked in the argument is masked in the statement too: a host's
        // description may repeat a value in prose no rule reads as a secret.
        Some(d) => Purpose {
            text: masked_and_cut(&Scrubber::replacing(seen).scrub(d.trim())),
            source: "host",
            args: Some(masked_and_cut(&tool)),
        },
        None => Purpose {
            text: masked_and_cut(&tool),
            source: "tool",
            args: None,
        },
    }
}

/// `TOOL: ARGUMENT`: the command, the path, or the MCP server, tool and arguments (compact
/// JSON); the tool's name alone when it has none of these. Every value masked in it is
/// added to `seen` with what it was replaced by.
fn tool_text(call: &ToolCall, seen: &mut Vec<(String, String)>) -> String {
    // The argument is masked on its own, as the guards scanned it: a rule anchored at a
    // line's start (`^DB_PASSWORD=…`) finds nothing behind a `Bash: ` prefix.
    let arg = match call.kind {
        ToolKind::Shell => call
            .command
            .as_deref()
            .map(|c| masked_window(c, true, seen)),
        ToolKind::FileRead | ToolKind::FileWrite | ToolKind::Other => {
            call.path.as_deref().map(|p| masked_window(p, false, seen))
        }
        ToolKind::Mcp => call.mcp.as_ref().map(|m| {
            let empty =
                m.arguments.is_null() || m.arguments.as_object().is_some_and(|o| o.is_empty());
            if empty {
                format!("{}/{}", m.server, m.tool)
            } else {
                format!(
                    "{}/{} {}",
                    m.server,
                    m.tool,
                    masked_json(&m.arguments, hookkit_policy::mcp::shell_command(m), seen)
                )
            }
        }),
    };
    match arg.filter(|a| !a.is_empty()) {
        Some(a) => format!("{}: {a}", call.tool_name),
        None => call.tool_name.clone(),
    }
}

/// `value` as compact JSON with every string in it (keys included) masked ([`mask`])
/// before it is escaped: JSON escapes (`\n`, `\"`) would otherwise hide a secret's edges
/// from the rules; `line`, the command line of an MCP tool that runs shell commands (one
/// of the strings of `value`), as the shell reads it too. Every value masked is added to
/// `seen` with what it was replaced by.
fn masked_json(
    value: &serde_json::Value,
    line: Option<&str>,
    seen: &mut Vec<(String, String)>,
) -> String {
    fn walk(
        v: &serde_json::Value,
        line: Option<&str>,
        seen: &mut Vec<(String, String)>,
    ) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::String(s) => {
                let shell = line.is_some_and(|l| std::ptr::eq(l, s.as_str()));
                Value::String(masked_as(s, shell, seen))
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| walk(v, line, seen)).collect())
            }
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (masked_as(k, false, seen), walk(v, line, seen)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    walk(value, line, seen).to_string()
}

/// `text` masked ([`mask`]) and cut to [`MAX_PURPOSE_CHARS`], with `…` when cut.
fn masked_and_cut(text: &str) -> String {
    let masked = masked_window(text, false, &mut Vec::new());
    let mut out: String = masked.chars().take(MAX_PURPOSE_CHARS).collect();
    if masked.chars().count() > MAX_PURPOSE_CHARS {
        out.push('…');
    }
    out
}

/// The first [`SCAN_WINDOW`] bytes of `text` masked ([`mask`]; a `shell` command line as
/// the shell reads it too, [`command_line_matches`]), with `…` when that cut it. Every
/// value masked is added to `seen`.
fn masked_window(text: &str, shell: bool, seen: &mut Vec<(String, String)>) -> String {
    let window = floor(text, SCAN_WINDOW);
    let mut masked = masked_as(window, shell, seen);
    if window.len() < text.len() {
        masked.push('…');
    }
    masked
}

struct Masker {
    scanner: &'static Scanner,
    env_values: &'static [String],
}

/// The process-wide masker: built on first use, never dropped (a hook process ends right
/// after recording). The built-in rules as the guards hold them
/// ([`WindowedScanner::shared`]: each parsed and compiled once per process, when a text's
/// keywords call for it; a masker of its own parsed and compiled them all again, about 15
/// million instructions per refused call).
fn masker() -> &'static Masker {
    static MASKER: OnceLock<Masker> = OnceLock::new();
    MASKER.get_or_init(|| Masker {
        scanner: WindowedScanner::shared().scanner(),
        env_values: process_environment_secrets(),
    })
}

/// `text` with every secret found by the built-in secret rules and every value of a
/// secret-named environment variable replaced by `[REDACTED rule mask]`, then every
/// random-looking word left ([`random_words`]) by `[REDACTED entropy sha256:<16 hex> (N
/// chars)]`. When the rules cannot be loaded or run (a broken build), the whole text is
/// replaced by `[REDACTED: secret rules unavailable]`: nothing unchecked is written.
pub fn mask(text: &str) -> String {
    masked_as(text, false, &mut Vec::new())
}

/// [`mask`], with the secrets of a `shell` command line found as the shell reads it too
/// ([`command_line_matches`]: behind `;`, in `bash -c '…'`, split by quotes), as
/// secret-guard finds them. Every value masked is added to `seen` with what it was replaced by.
fn masked_as(text: &str, shell: bool, seen: &mut Vec<(String, String)>) -> String {
    let ruled = mask_by_rules(text, shell, seen);
    let spans = random_words(&ruled);
    if spans.is_empty() {
        return ruled;
    }
    let masked: Vec<String> = spans
        .iter()
        .map(|(s, e)| {
            let word = ruled.get(*s..*e).unwrap_or_default();
            format!("{} ({} chars)", digest(word), word.chars().count())
        })
        .collect();
    let spans: Vec<(usize, usize, &str, &str)> = spans
        .iter()
        .zip(&masked)
        .map(|((s, e), m)| (*s, *e, "entropy", m.as_str()))
        .collect();
    seen.extend(
        spans.iter().filter_map(|(s, e, rule, m)| {
            Some((ruled.get(*s..*e)?.to_owned(), redaction(rule, m)))
        }),
    );
    redact(&ruled, &spans)
}

/// The shortest word [`random_words`] masks, in characters.
pub const MIN_RANDOM_WORD: usize = 20;

/// The least Shannon entropy of a word [`random_words`] masks, in bits per character.
pub const MIN_RANDOM_ENTROPY: f64 = 3.5;

/// The byte ranges of the random-looking words of `text`: runs of `[A-Za-z0-9+/=_-]`
/// (after a leading `NAME=` or `--name=`, which is kept) of at least [`MIN_RANDOM_WORD`]
/// characters whose Shannon entropy is at least [`MIN_RANDOM_ENTROPY`] bits per character,
/// except words made of pieces (split at `-`, `_`, `+`, `=`, `/`) that are each a plain
/// word or at most 8 characters long: paths (`/usr/lib/x86_64-linux-gnu`), options
/// (`--dry-run-with-long-name`) and identifiers (`snake_case_name`, `camelCaseName`). A
/// plain word has letters only, and every run that starts at a capital letter has at
/// least two.
pub fn random_words(text: &str) -> Vec<(usize, usize)> {
    let is_word =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-');
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        let mut from = start;
        if let Some(eq) = bytes[start..i].iter().position(|b| *b == b'=') {
            let name = &bytes[start..start + eq];
            if eq > 0
                && name
                    .iter()
                    .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-'))
            {
                from = start + eq + 1;
            }
        }
        let word = &bytes[from..i];
        if word.len() >= MIN_RANDOM_WORD && !wordy(word) && entropy(word) >= MIN_RANDOM_ENTROPY {
            out.push((from, i));
        }
    }
    out
}

/// True when every piece of `word` (split at `-`, `_`, `+`, `=`, `/`) is a plain word or
/// at most 8 characters long.
fn wordy(word: &[u8]) -> bool {
    word.split(|b| matches!(b, b'-' | b'_' | b'+' | b'=' | b'/'))
        .all(|piece| piece.len() <= 8 || plain(piece))
}

/// Letters only, and every run that starts at a capital letter (`camelCase` humps) has at
/// least two letters.
fn plain(piece: &[u8]) -> bool {
    if !piece.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut hump = 0;
    for (n, b) in piece.iter().enumerate() {
        if b.is_ascii_uppercase() && n > 0 && piece[n - 1].is_ascii_lowercase() {
            if hump < 2 {
                return false;
            }
            hump = 0;
        }
        hump += 1;
    }
    // The first hump of a word may be one letter (`aName`); the last may not.
    hump >= 2
}

/// Shannon entropy of the bytes of `word`, in bits per byte.
fn entropy(word: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for b in word {
        counts[usize::from(*b)] += 1;
    }
    let n = word.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// `text` with what the secret rules and the secret-named environment variables find
/// masked (the first pass of [`mask`]). Every text is scanned with the rules a guard runs:
/// their keyword prefilter is the only gate (a text holding no rule's keyword compiles
/// nothing), so what the audit masks cannot drift from what the rules find, as a gate of
/// its own guessing at the rules' values did (`export MYSQL_PW=hunterxyz`: denied, and
/// written to the trail whole). A `shell` command line is read as the shell reads it too
/// ([`command_line_matches`]). Every value masked is added to `seen` with what it was replaced by.
fn mask_by_rules(text: &str, shell: bool, seen: &mut Vec<(String, String)>) -> String {
    let m = masker();
    let find = |t: &str| {
        let mut found = m.scanner.scan(t, None)?;
        found.extend(find_values(t, m.env_values));
        Ok::<_, String>(found)
    };
    let found = if shell {
        command_line_matches(text, find)
    } else {
        find(text)
    };
    let Ok(found) = found else {
        return "[REDACTED: secret rules unavailable]".to_owned();
    };
    if found.is_empty() {
        return text.to_owned();
    }
    seen.extend(found.iter().filter_map(|f| {
        Some((
            text.get(f.start..f.end)?.to_owned(),
            redaction(&f.rule_id, &f.masked),
        ))
    }));
    let spans: Vec<(usize, usize, &str, &str)> = found
        .iter()
        .map(|f| (f.start, f.end, f.rule_id.as_str(), f.masked.as_str()))
        .collect();
    redact(text, &spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Event, Host, McpCall};

    const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

    fn call(kind: ToolKind, tool: &str) -> ToolCall {
        ToolCall::new(Host::ClaudeCode, Event::PreTool, "PreToolUse", kind, tool)
    }

    /// `n` fake tokens of 20 to 63 characters from `alphabet`, from a fixed seed
    /// (xorshift64*), each checked to match no secret rule.
    fn generated_tokens(alphabet: &[u8], n: usize, seed: u64) -> Vec<String> {
        let mut x = seed;
        let mut next = move || {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let scanner = masker().scanner;
        let mut out = Vec::new();
        while out.len() < n {
            let len = 20 + usize::try_from(next() % 44).unwrap();
            let token: String = (0..len)
                .map(|_| char::from(alphabet[usize::try_from(next()).unwrap() % alphabet.len()]))
                .collect();
            let line = format!("deploy --with {token}");
            if scanner.scan(&line, None).unwrap().is_empty() && entropy(token.as_bytes()) >= 3.5 {
                out.push(token);
            }
        }
        out
    }

    /// The secrets the built-in rules find in `text`.
    fn secrets_in(text: &str) -> Vec<String> {
        masker()
            .scanner
            .scan(text, None)
            .unwrap()
            .iter()
            .map(|m| text[m.start..m.end].to_owned())
            .collect()
    }

    /// Of `runs` (a Bash command and the secrets it holds): how many secrets were checked,
    /// and each command (its first 50 characters) whose purpose shows one of them.
    fn leaks(runs: impl IntoIterator<Item = (String, Vec<String>)>) -> (usize, Vec<String>) {
        let mut checked = 0;
        let mut leaked = Vec::new();
        for (command, secrets) in runs {
            let mut c = call(ToolKind::Shell, "Bash");
            c.command = Some(command.clone());
            let p = purpose(&c).text;
            checked += secrets.len();
            leaked.extend(
                secrets
                    .iter()
                    .filter(|s| p.contains(s.as_str()))
                    .map(|_| command.chars().take(50).collect::<String>()),
            );
        }
        (checked, leaked)
    }

    #[test]
    fn every_rule_example_run_as_a_command_is_masked_in_the_purpose() {
        let set = hookkit_policy::secrets::SecretRuleSet::builtin_with_examples().unwrap();
        let mut commands: Vec<String> = set
            .rules
            .iter()
            .flat_map(|r| r.examples.iter().cloned())
            .collect();
        // Letters only and under 20 characters: values no guess at what a rule finds
        // (a word mixing letters and digits, a long one) would have let through.
        commands.extend(
            ["export MYSQL_PW=hunterxyz", "export DB_PASSWORD=hunterxyz"].map(String::from),
        );
        let runs = commands.iter().map(|c| (c.clone(), secrets_in(c)));
        let (checked, leaked) = leaks(runs);
        assert!(checked > 200, "{checked} secrets");
        assert!(leaked.is_empty(), "{} leaked: {leaked:?}", leaked.len());
    }

    #[test]
    fn every_one_line_rule_example_run_behind_another_command_is_masked_in_the_purpose() {
        let set = hookkit_policy::secrets::SecretRuleSet::builtin_with_examples().unwrap();
        let examples: Vec<&String> = set
            .rules
            .iter()
            .flat_map(|r| &r.examples)
            .filter(|e| !e.contains('\n'))
            .collect();
        let runs = examples.iter().flat_map(|example| {
            let secrets = secrets_in(example);
            [format!("cd /srv && {example}"), format!("true; {example}")]
                .map(|command| (command, secrets.clone()))
        });
        let (_, leaked) = leaks(runs);
        assert!(examples.len() > 200, "{} examples", examples.len());
        assert!(leaked.is_empty(), "{} leaked: {leaked:?}", leaked.len());
    }

    #[test]
    fn the_command_of_an_mcp_shell_tool_is_masked_as_a_bash_command_is() {
        let mut c = call(ToolKind::Mcp, "mcp__desktop__start_process");
        c.mcp = Some(McpCall {
            server: "desktop".into(),
            tool: "start_process".into(),
            arguments: serde_json::json!({"command": "true; export DB_PASSWORD=hunterxyzq"}),
        });
        let p = purpose(&c).text;
        assert!(
            !p.contains("hunterxyzq") && p.contains("[REDACTED secrets.env-password"),
            "{p}"
        );
    }

    #[test]
    fn the_hosts_statement_never_repeats_a_value_masked_in_the_argument() {
        let password = "hunterxyzq";
        let token = generated_tokens(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            1,
            11,
        )
        .remove(0);
        let mut c = call(ToolKind::Shell, "Bash");
        c.command = Some(format!(
            "true; export DB_PASSWORD={password}; deploy --with {token}"
        ));
        c.description = Some(format!(
            "Use {password} for the database, then deploy with {token}"
        ));
        let p = purpose(&c);
        assert_eq!(p.source, "host");
        for shown in [&p.text, p.args.as_ref().unwrap()] {
            assert!(
                !shown.contains(password) && !shown.contains(&token),
                "{shown}"
            );
        }
        assert!(p.text.starts_with("Use [REDACTED "), "{}", p.text);
        // In the same form as in the argument: a random word by its digest alone.
        assert!(p.text.contains("[REDACTED entropy sha256:"), "{}", p.text);
    }

    #[test]
    fn generated_random_tokens_no_rule_matches_are_masked_with_a_digest() {
        const BASE62: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const HEX: &[u8] = b"0123456789abcdef";
        let mut tokens = generated_tokens(BASE62, 200, 7);
        tokens.extend(generated_tokens(BASE64, 200, 8));
        tokens.extend(generated_tokens(HEX, 100, 9));
        let mut missed = Vec::new();
        for token in &tokens {
            let text = format!("curl -d 'v={token}' https://api.internal/x && echo {token}");
            let masked = mask(&text);
            if masked.contains(token.as_str()) {
                missed.push(token.clone());
                continue;
            }
            // The same value gets the same digest in both places.
            let want = format!("[REDACTED entropy {} (", digest(token));
            assert_eq!(masked.matches(&want).count(), 2, "{masked}");
            assert!(masked.starts_with("curl -d 'v=[REDACTED"), "{masked}");
        }
        // What the pass may miss (module docs): a token that happens to split into
        // pieces of at most 8 characters at `+` or `/`; none of the others.
        let explained = |t: &String| wordy(t.as_bytes()) && t.contains(['+', '/']);
        assert!(missed.iter().all(explained), "{missed:?}");
        assert!(
            missed.len() <= 4,
            "{} of {}: {missed:?}",
            missed.len(),
            tokens.len()
        );
    }

    #[test]
    fn paths_options_identifiers_and_prose_are_kept() {
        for kept in [
            "git status",
            "ls /usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "cargo test --workspace --all-targets --no-fail-fast",
            "python3 -m pytest tests/test_configuration_loading_from_environment.py",
            "grep -rn SomeVeryLongCamelCaseIdentifierName src/",
            "export MY_APPLICATION_FEATURE_FLAG_ENABLED=true",
            "Run the integration tests against the staging cluster",
            "cd /home/dev/projects/hookkit-worktrees/issue15-audit-trail",
            "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine",
        ] {
            assert_eq!(mask(kept), kept);
        }
    }

    #[test]
    fn the_hosts_description_wins_and_is_masked() {
        let mut c = call(ToolKind::Shell, "Bash");
        c.command = Some("rm -r build".into());
        c.description = Some(format!("Use token {KEY} to clean up"));
        let Purpose {
            text: p,
            source,
            args,
        } = purpose(&c);
        assert_eq!(source, "host");
        assert!(!p.contains(KEY), "{p}");
        assert!(
            p.starts_with("Use token [REDACTED secrets.github-pat ghp_"),
            "{p}"
        );
        assert_eq!(args.as_deref(), Some("Bash: rm -r build"));
    }

    #[test]
    fn otherwise_the_tool_and_its_argument_masked_and_cut() {
        let mut c = call(ToolKind::Shell, "Bash");
        c.command = Some(format!(
            "curl -H 'Authorization: token {KEY}' {}",
            "x".repeat(500)
        ));
        let Purpose {
            text: p,
            source,
            args,
        } = purpose(&c);
        assert_eq!((source, args), ("tool", None));
        assert!(p.starts_with("Bash: curl"), "{p}");
        assert!(!p.contains(KEY), "{p}");
        assert_eq!(p.chars().count(), MAX_PURPOSE_CHARS + 1);
        let mut m = call(ToolKind::Mcp, "mcp__fake__echo");
        m.mcp = Some(McpCall {
            server: "fake".into(),
            tool: "echo".into(),
            arguments: serde_json::json!({"text": KEY}),
        });
        assert!(
            purpose(&m)
                .text
                .starts_with("mcp__fake__echo: fake/echo {\"text\":\"[REDACTED secrets.github-pat"),
            "{:?}",
            purpose(&m)
        );
        m.mcp.as_mut().unwrap().arguments = serde_json::json!({});
        assert_eq!(purpose(&m).text, "mcp__fake__echo: fake/echo");
        assert_eq!(purpose(&call(ToolKind::Other, "Glob")).text, "Glob");
    }
}
