//! What a complete registration holds: the ready-made registrations of `hooks/<host>/`,
//! compiled into the binary, and the comparison of what is registered with them. opencode's
//! is the registration its plugin amounts to ([`opencode_plugin::registration`]).
//!
//! A registration covers an expected entry (event, guard, matcher) when hooks of that guard
//! on that event, together, match every alternative of the expected matcher
//! (`Bash|Grep|mcp__.*` has three): an alternative is matched when a registered matcher is
//! absent, empty or `*` (every tool), lists it verbatim, or, read as the regular
//! expression the hosts read it as, matches it whole.

use super::hooks::{Guard, Hook, hooks_in, hooks_object};
use crate::opencode_plugin;
use hookkit_policy::Host;
use regex::Regex;
use serde_json::Value;
use std::borrow::Cow;

/// The repository file each host's expected registration comes from, and its text (JSON).
fn embedded(host: Host) -> (&'static str, Cow<'static, str>) {
    let (file, text) = match host {
        Host::ClaudeCode => (
            "hooks/claude-code/settings.json",
            include_str!("../../../../hooks/claude-code/settings.json"),
        ),
        Host::Codex => (
            "hooks/codex/hooks.json",
            include_str!("../../../../hooks/codex/hooks.json"),
        ),
        Host::Cursor => (
            "hooks/cursor/hooks.json",
            include_str!("../../../../hooks/cursor/hooks.json"),
        ),
        Host::GeminiCli => (
            "hooks/gemini-cli/settings.json",
            include_str!("../../../../hooks/gemini-cli/settings.json"),
        ),
        Host::CopilotCli => (
            "hooks/copilot-cli/hooks.json",
            include_str!("../../../../hooks/copilot-cli/hooks.json"),
        ),
        Host::QwenCode => (
            "hooks/qwen-code/settings.json",
            include_str!("../../../../hooks/qwen-code/settings.json"),
        ),
        Host::FactoryDroid => (
            "hooks/factory-droid/settings.json",
            include_str!("../../../../hooks/factory-droid/settings.json"),
        ),
        Host::Opencode | Host::Kilo => {
            let hooks = opencode_plugin::registration(&opencode_plugin::bare_names(), host);
            let text = serde_json::json!({ "hooks": hooks }).to_string();
            return (opencode_plugin::FILE, Cow::Owned(text));
        }
    };
    (file, Cow::Borrowed(text))
}

/// One entry a complete registration has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    /// The event, as the host spells it.
    pub event: String,
    /// The guard.
    pub guard: Guard,
    /// The matcher (`None`: every tool, where the host has no matcher).
    pub matcher: Option<String>,
}

/// The text of the registration in `hooks/` for `host` (JSON), compiled in.
pub fn registration(host: Host) -> Cow<'static, str> {
    embedded(host).1
}

/// The file of `hooks/` for `host` (`hooks/codex/hooks.json`).
pub fn file(host: Host) -> &'static str {
    embedded(host).0
}

/// The entries of `hooks/<host>/`, one per (event, guard), except Codex's
/// `PermissionRequest`: it only carries `auto_approve`'s approvals (and a deny that
/// `PreToolUse` already gave), so a registration without it leaves no call unguarded.
pub fn wants(host: Host) -> Vec<Want> {
    let doc: Value = serde_json::from_str(&embedded(host).1).unwrap_or(Value::Null);
    let Some(events) = hooks_object(&doc) else {
        return Vec::new();
    };
    let mut out: Vec<Want> = Vec::new();
    for hook in hooks_in(events) {
        if hook.event == "PermissionRequest" {
            continue;
        }
        for call in &hook.calls {
            let want = Want {
                event: hook.event.clone(),
                guard: call.guard,
                matcher: hook.matcher.clone(),
            };
            if !out.contains(&want) {
                out.push(want);
            }
        }
    }
    out
}

/// What a registration lacks for one expected entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The entry.
    pub want: Want,
    /// The alternatives of its matcher that no registered hook matches; empty when the
    /// guard is not registered on the event at all.
    pub missing: Vec<String>,
}

/// The gaps of `active` (the hooks the host would run) against `hooks/<host>/`.
pub fn gaps(host: Host, active: &[&Hook]) -> Vec<Gap> {
    let mut out = Vec::new();
    for want in wants(host) {
        let found: Vec<Option<&str>> = active
            .iter()
            .filter(|h| h.event == want.event && h.calls.iter().any(|c| c.guard == want.guard))
            .map(|h| h.matcher.as_deref())
            .collect();
        if found.is_empty() {
            out.push(Gap {
                want,
                missing: Vec::new(),
            });
            continue;
        }
        let missing: Vec<String> = alternatives(want.matcher.as_deref())
            .into_iter()
            .filter(|alt| !found.iter().any(|m| covers(*m, alt)))
            .collect();
        if !missing.is_empty() {
            out.push(Gap { want, missing });
        }
    }
    out
}

/// The alternatives of a matcher (`A|B` → `A`, `B`); `*` for no matcher.
fn alternatives(matcher: Option<&str>) -> Vec<String> {
    match matcher {
        None | Some("") | Some("*") => vec!["*".to_owned()],
        Some(m) => m.split('|').map(str::to_owned).collect(),
    }
}

/// Whether a registered matcher (`None`: none) matches the expected alternative `alt`.
fn covers(registered: Option<&str>, alt: &str) -> bool {
    let Some(m) = registered.filter(|m| !m.is_empty() && *m != "*") else {
        return true;
    };
    if m.split('|').any(|a| a == alt) {
        return true;
    }
    Regex::new(&format!("^(?:{m})$")).is_ok_and(|re| re.is_match(alt))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

    use super::*;
    use crate::doctor::hooks::hooks_in;
    use serde_json::json;

    #[test]
    fn every_host_has_an_expected_registration_with_both_guards() {
        for host in Host::ALL {
            let wants = wants(host);
            for guard in Guard::ALL {
                assert!(
                    wants.iter().any(|w| w.guard == guard),
                    "{}: {} missing from {}",
                    host.as_str(),
                    guard.name(),
                    file(host)
                );
            }
        }
        let claude = wants(Host::ClaudeCode);
        assert!(claude.iter().any(|w| w.event == "PostToolUseFailure"));
        assert!(
            claude
                .iter()
                .any(|w| w.matcher.as_deref().is_some_and(|m| m.contains("|Grep|")))
        );
    }

    #[test]
    fn the_ready_made_registration_has_no_gap() {
        for host in Host::ALL {
            let doc: Value = serde_json::from_str(&embedded(host).1).unwrap();
            let hooks = hooks_in(hooks_object(&doc).unwrap());
            let active: Vec<&Hook> = hooks.iter().collect();
            assert_eq!(gaps(host, &active), Vec::new(), "{}", host.as_str());
        }
    }

    #[test]
    fn a_narrower_matcher_is_a_gap_and_a_wider_one_is_not() {
        let doc = json!({
            "PreToolUse": [
                {"matcher": "Bash|Write|Edit|mcp__.*", "hooks": [{"command": "command-guard --host codex"}]},
                {"matcher": ".*", "hooks": [{"command": "secret-guard --host codex"}]}],
            "PostToolUse": [
                {"matcher": "Bash|mcp__.*", "hooks": [{"command": "secret-guard --host codex"}]}]
        });
        let hooks = hooks_in(doc.as_object().unwrap());
        let active: Vec<&Hook> = hooks.iter().collect();
        let gaps = gaps(Host::Codex, &active);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].want.event, "PostToolUse");
        assert_eq!(gaps[0].missing, ["Write", "Edit"]);

        let only_pre: Vec<&Hook> = hooks.iter().filter(|h| h.event == "PreToolUse").collect();
        let whole = super::gaps(Host::Codex, &only_pre);
        assert!(
            whole
                .iter()
                .any(|g| g.want.event == "PostToolUse" && g.missing.is_empty())
        );
    }
}
