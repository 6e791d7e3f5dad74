//! The report: counts per session, host, class, environment and decision; every denial
//! and ask with its rules; every change attempted in production and whether it ran; the
//! share of calls whose record is complete; and the calls allowed that never reported an
//! outcome.

use crate::join::{Call, Fate};
use hookkit_policy::{ActionClass, Environment, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which calls a report covers. Every set field must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Calls at or after this time (RFC 3339 or `YYYY-MM-DD`, compared to the second).
    pub since: Option<String>,
    /// Calls before this time (same forms).
    pub until: Option<String>,
    /// Calls of this session.
    pub session: Option<String>,
    /// Calls of this host (`claude-code`…).
    pub host: Option<String>,
    /// Calls with this decision.
    pub decision: Option<Verdict>,
    /// Calls with this action class.
    pub class: Option<ActionClass>,
    /// Calls touching this environment (`unknown`: naming none).
    pub environment: Option<Environment>,
}

/// `YYYY-MM-DDTHH:MM:SS` of an RFC 3339 time or a date, for comparison to the second.
fn second(t: &str) -> String {
    let mut s: String = t.chars().take(19).collect();
    if s.len() == 10 {
        s.push_str("T00:00:00");
    }
    s
}

impl Filter {
    /// True when `call` passes.
    pub fn matches(&self, call: &Call<'_>) -> bool {
        let t = call.time.get(..19).unwrap_or(&call.time);
        self.since
            .as_deref()
            .is_none_or(|s| t >= second(s).as_str())
            && self.until.as_deref().is_none_or(|u| t < second(u).as_str())
            && self
                .session
                .as_deref()
                .is_none_or(|s| call.session.as_deref() == Some(s))
            && self.host.as_deref().is_none_or(|h| call.host == h)
            && self.decision.is_none_or(|d| call.decision == Some(d))
            && self.class.is_none_or(|c| call.classes.contains(&c))
            && self.environment.is_none_or(|e| {
                if e == Environment::Unknown {
                    call.environments.is_empty()
                } else {
                    call.environments.contains(&e)
                }
            })
    }
}

/// Counts for one session.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SessionCounts {
    /// The host.
    pub host: String,
    /// The first call's time.
    pub first: String,
    /// The last call's time.
    pub last: String,
    /// Calls.
    pub calls: usize,
    /// Allowed.
    pub allow: usize,
    /// Asked.
    pub ask: usize,
    /// Denied.
    pub deny: usize,
    /// Allowed or asked with no outcome reported.
    pub no_outcome: usize,
}

/// One call in a list of the report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CallLine {
    /// Its first record's time.
    pub time: String,
    /// The session.
    pub session: String,
    /// The host's call id.
    pub call_id: String,
    /// The tool.
    pub tool: String,
    /// The decision before it ran (`none` when no guard recorded one).
    pub decision: String,
    /// The rules that fired.
    pub rule_ids: Vec<String>,
    /// The classes (`unclassified` when none).
    pub classes: Vec<String>,
    /// The environments (`unknown` when none).
    pub environments: Vec<String>,
    /// The purpose.
    pub purpose: String,
    /// `blocked`, `ran`, `asked-no-outcome`, `no-outcome`, `no-decision`.
    pub fate: Fate,
    /// How it ended, when it ran (`ok`, `error`, `interrupted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its exit status, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// What the record lacks (see `Call::missing`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// The report (its JSON form is `--format json`).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Report {
    /// Records read.
    pub records: usize,
    /// Lines that were not records.
    pub unreadable_lines: usize,
    /// Calls after joining and filtering.
    pub calls: usize,
    /// Calls whose record has identity, permission, purpose and outcome.
    pub complete: usize,
    /// `complete / calls` (1 when there are no calls).
    pub complete_share: f64,
    /// Incomplete calls per missing part (`identity`, `permission`, `purpose`, `outcome`).
    pub missing: BTreeMap<String, usize>,
    /// Calls per decision (`none`: no decision recorded).
    pub by_decision: BTreeMap<String, usize>,
    /// Calls per host.
    pub by_host: BTreeMap<String, usize>,
    /// Calls per action class (`unclassified` when none); a call may count in several.
    pub by_class: BTreeMap<String, usize>,
    /// Calls per environment (`unknown` when none); a call may count in several.
    pub by_environment: BTreeMap<String, usize>,
    /// Per session.
    pub sessions: BTreeMap<String, SessionCounts>,
    /// Every call denied or asked, with its rules.
    pub denied_and_asked: Vec<CallLine>,
    /// Every call that changes something in production, and whether it ran.
    pub production_changes: Vec<CallLine>,
    /// Calls allowed or asked whose outcome never came back, and calls with no decision.
    pub unaccounted: Vec<CallLine>,
}

/// The [`CallLine`] of `call`.
pub fn call_line(call: &Call<'_>) -> CallLine {
    let names = |v: Vec<&str>, none: &str| {
        if v.is_empty() {
            vec![none.to_owned()]
        } else {
            v.into_iter().map(str::to_owned).collect()
        }
    };
    CallLine {
        time: call.time.to_string(),
        session: call.session.as_deref().unwrap_or("-").to_owned(),
        call_id: call.call_id.as_deref().unwrap_or("-").to_owned(),
        tool: call.tool.to_string(),
        decision: call.decision.map_or("none", |d| d.as_str()).to_owned(),
        rule_ids: call.rule_ids.iter().map(|r| r.to_string()).collect(),
        classes: names(
            call.classes.iter().map(|c| class_name(*c)).collect(),
            "unclassified",
        ),
        environments: names(
            call.environments.iter().map(|e| e.as_str()).collect(),
            "unknown",
        ),
        purpose: call.purpose.to_string(),
        fate: call.fate(),
        status: call
            .outcome
            .as_ref()
            .and_then(|o| o.status)
            .map(|s| status_name(s).to_owned()),
        exit_code: call.outcome.as_ref().and_then(|o| o.exit_code),
        missing: call.missing().into_iter().map(str::to_owned).collect(),
    }
}

/// `ok`, `error`, `interrupted`.
pub fn status_name(s: hookkit_policy::audit::outcome::Status) -> &'static str {
    use hookkit_policy::audit::outcome::Status;
    match s {
        Status::Ok => "ok",
        Status::Error => "error",
        Status::Interrupted => "interrupted",
    }
}

/// The kebab-case name of a class.
pub fn class_name(c: ActionClass) -> &'static str {
    match c {
        ActionClass::Read => "read",
        ActionClass::Create => "create",
        ActionClass::Modify => "modify",
        ActionClass::Delete => "delete",
        ActionClass::Irreversible => "irreversible",
        ActionClass::Opaque => "opaque",
    }
}

/// The report on the `calls` that pass `filter`, out of `records` records and
/// `unreadable` unreadable lines.
pub fn report(calls: &[Call<'_>], filter: &Filter, records: usize, unreadable: usize) -> Report {
    let mut r = Report {
        records,
        unreadable_lines: unreadable,
        ..Report::default()
    };
    for call in calls.iter().filter(|c| filter.matches(c)) {
        r.calls += 1;
        let missing = call.missing();
        if missing.is_empty() {
            r.complete += 1;
        }
        for m in &missing {
            *r.missing.entry((*m).to_owned()).or_default() += 1;
        }
        let decision = call.decision.map_or("none", |d| d.as_str());
        *r.by_decision.entry(decision.to_owned()).or_default() += 1;
        *r.by_host.entry(call.host.to_string()).or_default() += 1;
        if call.classes.is_empty() {
            *r.by_class.entry("unclassified".into()).or_default() += 1;
        }
        for c in &call.classes {
            *r.by_class.entry(class_name(*c).into()).or_default() += 1;
        }
        if call.environments.is_empty() {
            *r.by_environment.entry("unknown".into()).or_default() += 1;
        }
        for e in &call.environments {
            *r.by_environment.entry(e.as_str().into()).or_default() += 1;
        }
        let s = r
            .sessions
            .entry(call.session.as_deref().unwrap_or("-").to_owned())
            .or_default();
        if s.calls == 0 {
            s.host = call.host.to_string();
            s.first = call.time.to_string();
        }
        s.last = call.time.to_string();
        s.calls += 1;
        match call.decision {
            Some(Verdict::Allow) => s.allow += 1,
            Some(Verdict::Ask) => s.ask += 1,
            Some(Verdict::Deny) => s.deny += 1,
            None => {}
        }
        let fate = call.fate();
        if matches!(fate, Fate::NoOutcome | Fate::AskedNoOutcome) {
            s.no_outcome += 1;
        }
        if matches!(call.decision, Some(Verdict::Ask | Verdict::Deny)) {
            r.denied_and_asked.push(call_line(call));
        }
        if call.is_production_change() {
            r.production_changes.push(call_line(call));
        }
        if matches!(
            fate,
            Fate::NoOutcome | Fate::AskedNoOutcome | Fate::NoDecision
        ) {
            r.unaccounted.push(call_line(call));
        }
    }
    r.complete_share = if r.calls == 0 {
        1.0
    } else {
        r.complete as f64 / r.calls as f64
    };
    r
}

/// The report as a table for people.
pub fn render_table(r: &Report) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "hookkit audit: {} calls from {} records ({} unreadable lines)",
        r.calls, r.records, r.unreadable_lines
    );
    let _ = writeln!(
        o,
        "complete records: {} of {} ({:.1}%){}",
        r.complete,
        r.calls,
        r.complete_share * 100.0,
        if r.missing.is_empty() {
            String::new()
        } else {
            format!(
                "; missing: {}",
                r.missing
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    for (title, map) in [
        ("decision", &r.by_decision),
        ("host", &r.by_host),
        ("class", &r.by_class),
        ("environment", &r.by_environment),
    ] {
        let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(o, "by {title}: {}", parts.join(", "));
    }
    let _ = writeln!(o, "\nsessions");
    let _ = writeln!(
        o,
        "  {:<38} {:<12} {:>6} {:>6} {:>5} {:>5} {:>10}",
        "session", "host", "calls", "allow", "ask", "deny", "no-outcome"
    );
    for (id, s) in &r.sessions {
        let _ = writeln!(
            o,
            "  {:<38} {:<12} {:>6} {:>6} {:>5} {:>5} {:>10}",
            id, s.host, s.calls, s.allow, s.ask, s.deny, s.no_outcome
        );
    }
    for (title, list) in [
        ("denied and asked", &r.denied_and_asked),
        ("changes attempted in production", &r.production_changes),
        ("allowed or asked, no outcome reported", &r.unaccounted),
    ] {
        let _ = writeln!(o, "\n{title}: {}", list.len());
        for c in list {
            let _ = writeln!(
                o,
                "  {}  {}  {} {}  {}  [{}]  {}",
                c.time.get(..19).unwrap_or(&c.time),
                c.session,
                c.tool,
                c.call_id,
                c.decision,
                if c.rule_ids.is_empty() {
                    "no rule".to_owned()
                } else {
                    c.rule_ids.join(", ")
                },
                fate_text(c)
            );
            let _ = writeln!(o, "      {}", c.purpose);
        }
    }
    o
}

/// `ran (ok, exit 0)`, `blocked (did not run)`, `NO OUTCOME REPORTED`…
pub fn fate_text(c: &CallLine) -> String {
    match c.fate {
        Fate::Blocked => "blocked (did not run)".to_owned(),
        Fate::Ran => {
            let mut s = format!("ran ({}", c.status.as_deref().unwrap_or("status unknown"));
            if let Some(code) = c.exit_code {
                s.push_str(&format!(", exit {code}"));
            }
            s.push(')');
            s
        }
        Fate::AskedNoOutcome => "asked; no outcome (declined or not reported)".to_owned(),
        Fate::NoOutcome => "NO OUTCOME REPORTED".to_owned(),
        Fate::NoDecision => "NO DECISION RECORDED".to_owned(),
    }
}
