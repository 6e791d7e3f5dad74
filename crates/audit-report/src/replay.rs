//! `replay SESSION`: the ordered narrative of one session, call by call: intent →
//! decision → outcome. What a reviewer reads after an incident.

use crate::join::{Calls, Fate};
use crate::report::{CallLine, call_line, fate_text};
use serde::Serialize;

/// One step of a replay (its JSON form is `replay --format json`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Step {
    /// 1-based position in the session.
    pub n: usize,
    /// The call.
    #[serde(flatten)]
    pub call: CallLine,
    /// The guards that decided before it ran.
    pub guards: Vec<String>,
    /// The profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The agent type, when the host sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The output's size in bytes, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_bytes: Option<u64>,
    /// The output's digest, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_digest: Option<String>,
    /// The masked error, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The strictest decision on its output (`deny`: withheld or flagged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_decision: Option<String>,
}

/// The steps of `session`, in the order of their first record.
pub fn replay(trail: &Calls, session: &str) -> Vec<Step> {
    let names = &trail.names;
    trail
        .calls
        .iter()
        .filter(|c| names.opt(c.session) == Some(session))
        .enumerate()
        .map(|(i, c)| Step {
            n: i + 1,
            call: call_line(names, c),
            guards: c.guards.iter().map(|g| names.get(g).to_owned()).collect(),
            profile: names.opt(c.profile).map(str::to_owned),
            agent: names.opt(c.agent).map(str::to_owned),
            output_bytes: c.outcome.as_ref().and_then(|o| o.output_bytes),
            output_digest: c
                .outcome
                .as_ref()
                .and_then(|o| o.output_digest.as_deref().map(str::to_owned)),
            error: c
                .outcome
                .as_ref()
                .and_then(|o| o.error.as_deref().map(str::to_owned)),
            output_decision: c
                .outcome
                .as_ref()
                .map(|o| o.output_decision.as_str().to_owned()),
        })
        .collect()
}

/// The steps as a narrative for people.
pub fn render(session: &str, steps: &[Step]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(o, "session {session}: {} calls", steps.len());
    for s in steps {
        let c = &s.call;
        let _ = writeln!(
            o,
            "\n#{} {}  {} ({}){}",
            s.n,
            c.time.get(..19).unwrap_or(&c.time),
            c.tool,
            c.id_text(),
            s.agent
                .as_deref()
                .map_or_else(String::new, |a| format!("  agent {a}"))
        );
        let _ = writeln!(o, "   intent:   {}", c.purpose);
        if !c.args.is_empty() && c.args != c.purpose {
            let _ = writeln!(o, "   call:     {}", c.args);
        }
        let rules = if c.rule_ids.is_empty() {
            "no rule fired".to_owned()
        } else {
            c.rule_ids.join(", ")
        };
        let _ = writeln!(
            o,
            "   decision: {} by {} (profile {}; {}; class {}; environment {})",
            c.decision,
            if s.guards.is_empty() {
                "no guard".to_owned()
            } else {
                s.guards.join(" + ")
            },
            s.profile.as_deref().unwrap_or("-"),
            rules,
            c.classes.join(", "),
            c.environments.join(", ")
        );
        let mut outcome = fate_text(c);
        if c.fate == Fate::Ran {
            if let (Some(bytes), Some(d)) = (s.output_bytes, &s.output_digest) {
                let short = d.get(..19).unwrap_or(d);
                outcome.push_str(&format!(", output {bytes} bytes {short}…"));
            }
            if let Some(e) = &s.error {
                outcome.push_str(&format!(", error: {}", e.replace('\n', " ")));
            }
            if s.output_decision.as_deref().is_some_and(|d| d != "allow") {
                outcome.push_str("; output withheld or flagged by a guard");
            }
        }
        let _ = writeln!(o, "   outcome:  {outcome}");
    }
    o
}
