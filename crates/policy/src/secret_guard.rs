//! secret-guard's decision for one tool call: no secret value reaches the model.
//!
//! Before a tool runs (PreToolUse and its equivalents):
//! 1. **Fetches** ([`crate::fetch`]): a command, file read or MCP call that would print a
//!    secret (`aws secretsmanager get-secret-value`, `cat .env`, `Read ~/.ssh/id_rsa`,
//!    `call_aws`) is denied with a way to use the secret by reference.
//! 2. **Typed credentials** ([`crate::secrets`]): a command line, written content (Write,
//!    Edit, `apply_patch`), MCP arguments or a file about to be read (Cursor
//!    `beforeReadFile` content) holding a literal credential is denied. A command line (a
//!    shell tool's, or that of an MCP tool that runs shell commands,
//!    [`crate::mcp::shell_command`]) is also read as the shell reads it
//!    ([`command_line_matches`]): each simple command and
//!    comment as a line of its own, quotes removed, so `true; export DB_PASSWORD=…`,
//!    `bash -c '…'` and `DB_PASSWORD=hun''ter` hide nothing.
//! 3. **Tamper** ([`crate::tamper`]): a write, move, delete, link or chmod of hookkit's
//!    configuration, binaries or state or of the host's hook settings is denied, as
//!    command-guard denies it (a user may install only one of the two guards).
//!
//! After a tool ran, its output is scanned; a credential found there is reported without
//! being repeated (rule id, masked form, digest). The decision is a deny: hosts that
//! replace a denied output with the reason (Codex, Gemini CLI, Copilot CLI, opencode and Kilo
//! CLI through hookkit's plugin, and Qwen Code after a tool that succeeded; see the table in
//! hookkit-hooks) get the output with every
//! credential redacted as part of the reason; Claude Code, Cursor and Qwen Code after a
//! failed tool (`PostToolUseFailure`), which keep the output, get the warning as context,
//! and so does Factory droid, which can withhold an output only by stopping the run (its
//! stop reason goes to the person, never to the model).
//! When the call
//! carries the host's own result ([`ToolCall::response`], Claude Code's `tool_response`),
//! the decision also carries [`Decision::replacement_output`]: that result, shape for
//! shape, with every credential found in the output replaced by its masked form, which
//! Claude Code puts in place of the output (`updatedToolOutput`, rendered by
//! hookkit-hooks).
//!
//! Everywhere, the values of the process's own secret-named environment variables
//! ([`crate::secrets::environment_secrets`]) found verbatim are findings too. Every text
//! that leaves (reason, context, replacement output) is finally scrubbed of every secret
//! value found ([`Scrubber`]), so no path can echo one.

use crate::call::{Event, Host, ToolCall, ToolKind};
use crate::config::Config;
use crate::decision::Severity;
use crate::decision::{ActionClass, Decision, Finding, Span, Verdict};
use crate::error::Error;
use crate::rules::RuleSet;
use crate::secrets::mask::{Scrubber, floor, redact};
use crate::secrets::{
    ENVIRONMENT_VALUE_RULE, SecretMatch, WindowedScanner, command_line_matches, find_values,
    process_environment_secrets,
};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// The name secret-guard reports in reasons and audit records.
pub const GUARD: &str = "secret-guard";

/// The most of a redacted output put into a reason, in bytes.
pub const MAX_REDACTED_OUTPUT: usize = 64 * 1024;

/// The rules secret-guard runs, loaded once per process (the fetch rules, `rules/fetch/`,
/// are loaded per command line: only those its commands can need).
#[derive(Debug)]
pub struct SecretGuard {
    /// The secret patterns (`rules/secrets/`), each run only around its keywords
    /// ([`WindowedScanner`]: the findings of a whole-text
    /// [`Scanner::scan`](crate::secrets::Scanner::scan)); the process's shared one
    /// ([`WindowedScanner::shared`]).
    pub scanner: &'static WindowedScanner,
    /// Values of secret-named environment variables to look for verbatim.
    pub env_values: Vec<String>,
}

/// One text of a tool call that may hold a credential, and where it comes from.
struct Text<'a> {
    what: &'static str,
    text: &'a str,
    /// A shell command line: scanned as the shell reads it too ([`command_line_matches`]).
    shell: bool,
}

impl SecretGuard {
    /// The built-in rules, and the secret-named variables of this process's environment.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the embedded rules do not load (a broken build).
    pub fn builtin() -> Result<SecretGuard, Error> {
        Ok(SecretGuard {
            scanner: WindowedScanner::shared(),
            env_values: process_environment_secrets().to_vec(),
        })
    }

    /// The decision for `call` under `config` (see the module docs).
    ///
    /// # Errors
    /// A rule that does not compile, or a `[rules]` override that names no rule.
    pub fn decide(&self, call: &ToolCall, config: &Config) -> Result<Decision, Error> {
        config.check_rule_ids(|id| {
            id == ENVIRONMENT_VALUE_RULE
                || RuleSet::builtin_ids(crate::fetch::FAMILY).any(|f| f == id)
                || self.scanner.scanner().ids().any(|r| r == id)
                || !id.starts_with("secrets.") && !id.starts_with("fetch.")
        })?;
        let post = call.event == Event::PostTool;
        let texts = texts_of(call, post);
        let mut secrets: Vec<String> = Vec::new();
        let mut findings = Vec::new();
        // The masked forms reported: a secret found more than once is one finding.
        let mut reported: HashSet<String> = HashSet::new();
        // After a tool ran, the only text is its output: its matches, for the redacted copy.
        let mut output_matches: Vec<SecretMatch> = Vec::new();
        for t in &texts {
            let found = if t.shell {
                command_line_matches(t.text, |text| self.find(text))?
            } else {
                self.find(t.text)?
            };
            for m in &found {
                if let Some(s) = t.text.get(m.start..m.end) {
                    secrets.push(s.to_owned());
                }
                if reported.insert(m.masked.clone()) {
                    findings.push(self.finding(m, t.what, post));
                }
            }
            if post {
                output_matches = found;
            }
        }
        if !post {
            // Guard the guard here too: a user may have installed secret-guard alone. The
            // fetch check reads the same paths (the project root is looked for once).
            let surroundings = crate::tamper::Surroundings::of_process(call.cwd.as_deref(), config);
            findings.extend(crate::fetch::fetch_findings(
                call,
                &surroundings.paths,
                &|p: &Path| p.exists(),
            )?);
            findings.extend(crate::tamper::findings(call, &surroundings)?);
        }
        let mut decision = crate::decide(GUARD, findings, config);
        if post && decision.verdict > Verdict::Allow {
            let warning = format!(
                "The output of this tool call holds {} credential(s), shown above only in \
                 masked form. Do not repeat, echo, store or use them, and do not try to read \
                 them again; tell the user a credential was exposed so they can rotate it.",
                secrets.len()
            );
            let replaces = match call.host {
                Host::Codex | Host::GeminiCli | Host::CopilotCli | Host::Opencode | Host::Kilo => {
                    true
                }
                // Qwen Code puts a hook's reason in place of a tool's output after the tool
                // succeeded (`PostToolUse`); after it failed it only adds context.
                Host::QwenCode => call.host_event == "PostToolUse",
                // Factory droid shows a hook's stop reason to the person only: the redacted
                // copy would reach nobody who could use it.
                Host::ClaudeCode | Host::Cursor | Host::FactoryDroid => false,
            };
            match (replaces, call.output.as_deref()) {
                (true, Some(output)) => {
                    let spans: Vec<(usize, usize, &str, &str)> = output_matches
                        .iter()
                        .map(|m| (m.start, m.end, m.rule_id.as_str(), m.masked.as_str()))
                        .collect();
                    let redacted = redact(output, &spans);
                    let cut = floor(&redacted, MAX_REDACTED_OUTPUT);
                    decision.reason = format!(
                        "{}\n{warning}\n\nThe output with credentials redacted:\n{cut}",
                        decision.reason
                    );
                }
                _ => decision.additional_context = Some(warning),
            }
        }
        secrets.extend(self.env_values.iter().cloned());
        secrets.extend(json_unescaped(&secrets));
        let scrubber = Scrubber::new(&secrets);
        decision.reason = scrubber.scrub(&decision.reason).into_owned();
        decision.additional_context = decision
            .additional_context
            .map(|c| scrubber.scrub(&c).into_owned());
        if post && decision.verdict > Verdict::Allow && call.host == Host::ClaudeCode {
            decision.replacement_output = call.response.as_ref().map(|r| {
                let mut r = scrubber.scrub_json(r);
                if let (Some(field), Some(output), Value::Object(fields)) =
                    (&call.output_field, &call.output, &mut r)
                {
                    let output = scrubber.scrub(output).into_owned();
                    fields.insert(field.clone(), Value::String(output));
                }
                r
            });
        }
        Ok(decision)
    }

    /// Every secret in `text`: pattern matches and environment values.
    ///
    /// # Errors
    /// A rule whose regex does not compile.
    pub fn find(&self, text: &str) -> Result<Vec<SecretMatch>, Error> {
        // A hook's typical text (a command) costs less to scan whole than the keyword
        // automaton the windows need costs to build (about 15 million instructions, once
        // per process); both find the same.
        let found = if text.len() < crate::secrets::AUTOMATON_FROM {
            self.scanner.scanner().scan(text, None)
        } else {
            self.scanner.scan(text, None)
        };
        let mut found = found.map_err(|message| Error::Invalid {
            path: None,
            message,
        })?;
        for v in find_values(text, &self.env_values) {
            if !found.iter().any(|m| m.start < v.end && v.start < m.end) {
                found.push(v);
            }
        }
        found.sort_by_key(|m| (m.start, m.end));
        Ok(found)
    }

    fn finding(&self, m: &SecretMatch, what: &str, post: bool) -> Finding {
        let rule = self.scanner.scanner().rule(&m.rule_id);
        let kind = rule.map_or("the value of a secret environment variable", |r| {
            r.message.as_str()
        });
        let severity = rule.map_or(Severity::High, |r| r.severity);
        let (message, instead, class) = if post {
            (
                format!(
                    "The tool's {what} holds a credential ({}; {}).",
                    kind.trim_end_matches('.'),
                    m.digest
                ),
                "Do not repeat, echo, store or use it; tell the user it was exposed so they can rotate it.".to_owned(),
                ActionClass::Read,
            )
        } else {
            (
                format!(
                    "The {what} holds a literal credential ({}; {}), which would land in shell history, files or logs.",
                    kind.trim_end_matches('.'),
                    m.digest
                ),
                "Never type credentials into commands or files: reference them instead (an environment variable such as \"$API_TOKEN\" set by the user, `op run`/`op://…`, `aws-vault exec`, `{{resolve:secretsmanager:…}}`, a secrets file the user keeps out of the repository).".to_owned(),
                ActionClass::Create,
            )
        };
        Finding {
            rule_id: m.rule_id.clone(),
            class,
            environment: Default::default(),
            severity,
            verdict: Verdict::Deny,
            message,
            instead,
            matched: m.masked.clone(),
            span: Some(Span {
                start: m.start,
                end: m.end,
            }),
        }
    }
}

/// secret-guard's whole job on one tool call with the built-in rules.
///
/// # Errors
/// As [`SecretGuard::decide`].
pub fn guard_call(call: &ToolCall, config: &Config) -> Result<Decision, Error> {
    SecretGuard::builtin()?.decide(call, config)
}

/// The texts of `call` that may hold a credential: before the tool runs, the command, the
/// content, every string in the MCP arguments; after, the output.
fn texts_of(call: &ToolCall, post: bool) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    if post {
        if let Some(o) = &call.output {
            out.push(Text {
                what: "output",
                text: o,
                shell: false,
            });
        }
        return out;
    }
    if let Some(c) = &call.command {
        out.push(Text {
            what: "command",
            text: c,
            shell: true,
        });
    }
    if let Some(c) = &call.content {
        out.push(Text {
            what: if call.kind == ToolKind::FileRead {
                "file being read"
            } else {
                "content being written"
            },
            text: c,
            shell: false,
        });
    }
    if let Some(mcp) = &call.mcp {
        // The command line of an MCP tool that runs shell commands is read as the shell
        // reads it, as a Bash command is.
        let line = crate::mcp::shell_command(mcp);
        let mut strings = Vec::new();
        collect_strings(&mcp.arguments, &mut strings);
        out.extend(strings.into_iter().map(|text| Text {
            what: "MCP tool arguments",
            text,
            shell: line.is_some_and(|l| std::ptr::eq(l, text)),
        }));
    }
    out
}

/// The secrets of `secrets` that hold a JSON escape (`\\n`, `\\"`, `\\u…`), unescaped: a
/// tool output of a shape hookkit-hooks does not know is scanned as its compact JSON, so a
/// multi-line key found there has `\\n` where the host's `tool_response` string has a
/// line break.
fn json_unescaped(secrets: &[String]) -> Vec<String> {
    secrets
        .iter()
        .filter(|s| s.contains('\\'))
        .filter_map(|s| serde_json::from_str::<String>(&format!("\"{s}\"")).ok())
        .filter(|u| !secrets.contains(u))
        .collect()
}

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(o) => o.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::McpCall;

    fn guard() -> SecretGuard {
        SecretGuard {
            env_values: vec!["FAKE0000envSecretValue9".into()],
            ..SecretGuard::builtin().unwrap()
        }
    }

    const KEY: &str = "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

    fn pre(kind: ToolKind) -> ToolCall {
        ToolCall::new(Host::ClaudeCode, Event::PreTool, "PreToolUse", kind, "T")
    }

    #[test]
    fn typed_credential_in_a_command_is_denied_without_repeating_it() {
        let mut c = pre(ToolKind::Shell);
        c.command = Some(format!(
            "curl -H 'Authorization: token {KEY}' https://api.github.com"
        ));
        let d = guard().decide(&c, &Config::default()).unwrap();
        assert_eq!(d.verdict, Verdict::Deny);
        assert!(d.reason.contains("secrets.github-pat"), "{}", d.reason);
        assert!(!d.reason.contains(KEY), "{}", d.reason);
        assert!(d.reason.contains("ghp_…(40 chars)"), "{}", d.reason);
    }

    #[test]
    fn a_password_typed_where_the_shell_reads_it_but_no_line_starts_is_denied() {
        // Letters only, under 20 characters: found by the line-anchored env-password rule
        // alone, which the text as written hides behind `;`, quotes or a shell string.
        let password = "hunterxyzq";
        for command in [
            format!("true; export DB_PASSWORD={password}"),
            format!("cd /srv && DB_PASSWORD={password}; make"),
            format!("(export DB_PASSWORD={password}; make)"),
            format!("bash -c 'export DB_PASSWORD={password}'"),
            format!("true; export DB_PASSWORD=hun''{}", &password[3..]),
            format!("make; # DB_PASSWORD={password}"),
        ] {
            let mut c = pre(ToolKind::Shell);
            c.command = Some(command.clone());
            let d = guard().decide(&c, &Config::default()).unwrap();
            assert_eq!(d.verdict, Verdict::Deny, "{command:?}");
            assert!(d.reason.contains("secrets.env-password"), "{}", d.reason);
            assert!(!d.reason.contains(&password[3..]), "{}", d.reason);
        }
    }

    #[test]
    fn a_password_in_the_command_of_an_mcp_shell_tool_is_found_as_in_bash() {
        let mut m = pre(ToolKind::Mcp);
        m.mcp = Some(McpCall {
            server: "desktop-commander".into(),
            tool: "start_process".into(),
            arguments: serde_json::json!({"command": "true; export DB_PASSWORD=hunterxyzq", "timeout_ms": 5000}),
        });
        let d = guard().decide(&m, &Config::default()).unwrap();
        assert_eq!(d.verdict, Verdict::Deny);
        assert!(d.reason.contains("secrets.env-password"), "{}", d.reason);
        // The same text in a tool that does not run it is data, read as written.
        m.mcp.as_mut().unwrap().tool = "save_note".into();
        let d = guard().decide(&m, &Config::default()).unwrap();
        assert!(!d.reason.contains("secrets.env-password"), "{}", d.reason);
    }

    #[test]
    fn credential_in_written_content_and_mcp_arguments() {
        let mut c = pre(ToolKind::FileWrite);
        c.content = Some(format!("GITHUB_TOKEN={KEY}\n"));
        assert_eq!(
            guard().decide(&c, &Config::default()).unwrap().verdict,
            Verdict::Deny
        );
        let mut m = pre(ToolKind::Mcp);
        m.mcp = Some(McpCall {
            server: "s".into(),
            tool: "t".into(),
            arguments: serde_json::json!({"headers": [{"auth": KEY}]}),
        });
        assert_eq!(
            guard().decide(&m, &Config::default()).unwrap().verdict,
            Verdict::Deny
        );
    }

    #[test]
    fn ordinary_calls_are_allowed() {
        let mut c = pre(ToolKind::Shell);
        c.command = Some("aws secretsmanager describe-secret --secret-id prod/db".into());
        assert_eq!(
            guard().decide(&c, &Config::default()).unwrap().verdict,
            Verdict::Allow
        );
    }

    #[test]
    fn output_with_a_credential_is_redacted_where_the_host_replaces_it() {
        let mut c = ToolCall::new(
            Host::Codex,
            Event::PostTool,
            "PostToolUse",
            ToolKind::Shell,
            "Bash",
        );
        c.output = Some(format!(
            "ok\ntoken={KEY}\nvalue FAKE0000envSecretValue9 end\n"
        ));
        let d = guard().decide(&c, &Config::default()).unwrap();
        assert_eq!(d.verdict, Verdict::Deny);
        assert!(
            d.reason
                .contains("[REDACTED secrets.github-pat ghp_…(40 chars)]"),
            "{}",
            d.reason
        );
        assert!(
            d.reason.contains("[REDACTED secrets.environment-value"),
            "{}",
            d.reason
        );
        assert!(!d.reason.contains(KEY) && !d.reason.contains("FAKE0000envSecretValue9"));
        c.host = Host::ClaudeCode;
        let d = guard().decide(&c, &Config::default()).unwrap();
        assert!(d.additional_context.is_some());
        assert!(!d.reason.contains("redacted:"), "{}", d.reason);
        assert_eq!(d.replacement_output, None, "no tool_response to rewrite");
    }

    #[test]
    fn a_tool_response_with_a_credential_gets_a_redacted_copy_of_the_same_shape() {
        let mut c = ToolCall::new(
            Host::ClaudeCode,
            Event::PostTool,
            "PostToolUse",
            ToolKind::Shell,
            "Bash",
        );
        c.output = Some(format!("token={KEY}\nenv FAKE0000envSecretValue9"));
        c.response = Some(serde_json::json!({
            "stdout": format!("token={KEY}"),
            "stderr": "env FAKE0000envSecretValue9",
            "interrupted": false,
        }));
        let d = guard().decide(&c, &Config::default()).unwrap();
        let r = d.replacement_output.expect("no replacement");
        assert_eq!(r["stdout"], "token=[REDACTED ghp_…(40 chars)]", "{r}");
        assert_eq!(r["interrupted"], false, "{r}");
        let stderr = r["stderr"].as_str().unwrap();
        assert!(stderr.starts_with("env [REDACTED "), "{stderr}");
        assert!(!r.to_string().contains("FAKE0000envSecretValue9"), "{r}");

        c.output = Some("nothing here".into());
        c.response = Some(serde_json::json!({ "stdout": "nothing here" }));
        let d = guard().decide(&c, &Config::default()).unwrap();
        assert_eq!(d.replacement_output, None);
    }

    #[test]
    fn a_key_found_in_escaped_json_is_redacted_in_the_raw_response() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBFAKE0000FAKE0000FAKE0000FAKE0000FAKE0000FAKE0000AAAAA\n-----END OPENSSH PRIVATE KEY-----";
        let response = serde_json::json!({ "unknownShape": { "key": key } });
        let mut c = ToolCall::new(
            Host::ClaudeCode,
            Event::PostTool,
            "PostToolUse",
            ToolKind::Other,
            "SomeTool",
        );
        // hookkit-hooks scans a shape it does not know as its compact JSON.
        c.output = Some(response.to_string());
        c.response = Some(response);
        let d = guard().decide(&c, &Config::default()).unwrap();
        assert_eq!(d.verdict, Verdict::Deny, "{}", d.reason);
        let r = d.replacement_output.expect("no replacement").to_string();
        assert!(
            !r.contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"),
            "{r}"
        );
        assert!(r.contains("[REDACTED "), "{r}");
    }
}
