//! Joining records into calls: every record a guard wrote before and after one tool call
//! becomes one [`Call`].
//!
//! The join key is the session and the host's call id (`tool_use_id`, Cursor
//! `generation_id`…). Hosts that send no call id (Gemini CLI, Copilot CLI) are joined by
//! session, tool and the digest of the tool's arguments, first in first out: a pre record
//! opens a call unless an open one with the same key lacks this guard's pre record; a post
//! record closes the oldest open call with the same key that lacks this guard's post
//! record.

use crate::load::Line;
use hookkit_policy::audit::Phase;
use hookkit_policy::audit::outcome::Status;
use hookkit_policy::{ActionClass, Environment, Verdict};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// What happened to a call, as far as the trail knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// Denied before it ran; it did not run.
    Blocked,
    /// It ran, and the host reported how it ended.
    Ran,
    /// Asked a person; no outcome came back (declined, or not reported).
    AskedNoOutcome,
    /// Allowed, but the host never reported an outcome: visible so a reviewer can look.
    NoOutcome,
    /// Only an outcome: no guard recorded a decision before it ran.
    NoDecision,
}

impl Fate {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Blocked => "blocked",
            Fate::Ran => "ran",
            Fate::AskedNoOutcome => "asked-no-outcome",
            Fate::NoOutcome => "no-outcome",
            Fate::NoDecision => "no-decision",
        }
    }
}

/// The outcome of a call, from its post-tool record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallOutcome {
    /// How it ended.
    pub status: Option<Status>,
    /// The exit status, where the host reports one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// The host's error message (masked when written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The output's size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_bytes: Option<u64>,
    /// The output's digest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_digest: Option<String>,
    /// The strictest post-tool decision (deny: the output was withheld or flagged).
    pub output_decision: Verdict,
}

/// One tool call, joined from its records.
#[derive(Debug, Clone, Serialize)]
pub struct Call<'a> {
    /// The time of its first record (RFC 3339, UTC).
    pub time: Cow<'a, str>,
    /// The host.
    pub host: Cow<'a, str>,
    /// The session id.
    pub session: Option<Cow<'a, str>>,
    /// The host's call id.
    pub call_id: Option<Cow<'a, str>>,
    /// The agent type (a subagent's name), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<Cow<'a, str>>,
    /// The working directory.
    pub cwd: Option<Cow<'a, str>>,
    /// The tool's name.
    pub tool: Cow<'a, str>,
    /// The strictest decision before the tool ran, over every guard (`None`: none
    /// recorded).
    pub decision: Option<Verdict>,
    /// Every rule that fired, before or after.
    pub rule_ids: BTreeSet<Cow<'a, str>>,
    /// The active profile.
    pub profile: Option<Cow<'a, str>>,
    /// The action classes (empty: unclassified).
    pub classes: BTreeSet<ActionClass>,
    /// The environments (empty: unknown).
    pub environments: BTreeSet<Environment>,
    /// The purpose (the host's statement of intent where one was sent).
    pub purpose: Cow<'a, str>,
    /// The guards that recorded a decision before the tool ran.
    pub guards: Vec<Cow<'a, str>>,
    /// True when a decision stood in for hookkit's own failure.
    pub internal_error: bool,
    /// The outcome, when a post-tool record came back.
    pub outcome: Option<CallOutcome>,
    #[serde(skip)]
    post_guards: Vec<Cow<'a, str>>,
    #[serde(skip)]
    purpose_from_host: bool,
}

impl Call<'_> {
    /// What happened to it.
    pub fn fate(&self) -> Fate {
        match (self.decision, &self.outcome) {
            (None, _) => Fate::NoDecision,
            (Some(_), Some(_)) => Fate::Ran,
            (Some(Verdict::Deny), None) => Fate::Blocked,
            (Some(Verdict::Ask), None) => Fate::AskedNoOutcome,
            (Some(Verdict::Allow), None) => Fate::NoOutcome,
        }
    }

    /// What the record lacks to be complete: `identity` (host, session and a way to join:
    /// a call id or an argument digest), `permission` (a decision before the tool ran),
    /// `purpose`, `outcome` (a post-tool record, unless the call was denied). Empty when
    /// complete.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.host == "unknown" || self.session.is_none() {
            out.push("identity");
        }
        if self.decision.is_none() {
            out.push("permission");
        }
        if self.purpose.is_empty() {
            out.push("purpose");
        }
        if self.outcome.is_none() && self.decision != Some(Verdict::Deny) {
            out.push("outcome");
        }
        out
    }

    /// True when an environment is production and a class changes something.
    pub fn is_production_change(&self) -> bool {
        self.environments.contains(&Environment::Production)
            && self.classes.iter().any(|c| *c != ActionClass::Read)
    }
}

type Key<'a> = (Option<Cow<'a, str>>, Cow<'a, str>, Option<Cow<'a, str>>);

/// Join `lines` (in trail order) into calls, ordered by their first record.
pub fn join<'a>(lines: Vec<Line<'a>>) -> Vec<Call<'a>> {
    let mut calls: Vec<Call<'a>> = Vec::new();
    let mut index: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for line in lines {
        let by_id = line.call_id.is_some();
        let key: Key<'a> = match &line.call_id {
            Some(id) => (line.session.clone(), Cow::Borrowed(""), Some(id.clone())),
            None => (
                line.session.clone(),
                line.tool.clone(),
                line.args_digest.clone(),
            ),
        };
        let post = line.phase == Phase::Post;
        let slots = index.entry(key).or_default();
        let found = if by_id {
            slots.first().copied()
        } else {
            slots.iter().copied().find(|&i| {
                let c = &calls[i];
                if post {
                    !c.post_guards.contains(&line.guard)
                } else {
                    !c.guards.contains(&line.guard) && c.outcome.is_none()
                }
            })
        };
        let i = match found {
            Some(i) => i,
            None => {
                calls.push(new_call(&line));
                slots.push(calls.len() - 1);
                calls.len() - 1
            }
        };
        merge(&mut calls[i], line);
    }
    calls
}

fn new_call<'a>(line: &Line<'a>) -> Call<'a> {
    Call {
        time: line.time.clone(),
        host: line.host.clone(),
        session: line.session.clone(),
        call_id: line.call_id.clone(),
        agent: line.agent_type.clone(),
        cwd: line.cwd.clone(),
        tool: line.tool.clone(),
        decision: None,
        rule_ids: BTreeSet::new(),
        profile: None,
        classes: BTreeSet::new(),
        environments: BTreeSet::new(),
        purpose: Cow::Borrowed(""),
        guards: Vec::new(),
        internal_error: false,
        outcome: None,
        post_guards: Vec::new(),
        purpose_from_host: false,
    }
}

fn merge<'a>(call: &mut Call<'a>, line: Line<'a>) {
    call.rule_ids.extend(line.rule_ids);
    call.internal_error |= line.internal_error;
    if call.profile.is_none() {
        call.profile = line.profile;
    }
    if call.agent.is_none() {
        call.agent = line.agent_type;
    }
    let from_host = line.purpose_source.as_deref() == Some("host");
    if !line.purpose.is_empty()
        && (call.purpose.is_empty() || (from_host && !call.purpose_from_host))
    {
        call.purpose = line.purpose;
        call.purpose_from_host = from_host;
    }
    match line.phase {
        Phase::Post => {
            let out = call.outcome.get_or_insert(CallOutcome {
                status: None,
                exit_code: None,
                error: None,
                output_bytes: None,
                output_digest: None,
                output_decision: Verdict::Allow,
            });
            out.status = out.status.or(line.status);
            out.exit_code = out.exit_code.or(line.exit_code);
            if out.error.is_none() {
                out.error = line.error.map(Cow::into_owned);
            }
            out.output_bytes = out.output_bytes.or(line.output_bytes);
            if out.output_digest.is_none() {
                out.output_digest = line.output_digest.map(Cow::into_owned);
            }
            out.output_decision = out.output_decision.max(line.decision);
            call.post_guards.push(line.guard);
        }
        Phase::Pre | Phase::Permission | Phase::Unknown => {
            call.decision = Some(
                call.decision
                    .map_or(line.decision, |d| d.max(line.decision)),
            );
            call.classes.extend(line.classes);
            call.environments.extend(line.environments);
            if !call.guards.contains(&line.guard) {
                call.guards.push(line.guard);
            }
        }
    }
}
