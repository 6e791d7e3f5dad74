//! The report: counts per session, host, class, environment and decision; every denial
//! and ask with its rules; every change attempted in production and whether it ran, and
//! every production read that ran, each with its masked command or arguments; the share
//! of calls whose record is complete; and the calls allowed that never reported an
//! outcome.

use crate::join::{Call, Calls, Fate, Names};
use crate::load::Member;
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
    /// True when `call` passes (`names` resolves its strings).
    pub fn matches(&self, names: &Names, call: &Call) -> bool {
        let time = names.text(call.time);
        let t = time.get(..19).unwrap_or(time);
        self.since
            .as_deref()
            .is_none_or(|s| t >= second(s).as_str())
            && self.until.as_deref().is_none_or(|u| t < second(u).as_str())
            && self
                .session
                .as_deref()
                .is_none_or(|s| names.opt(call.session) == Some(s))
            && self
                .host
                .as_deref()
                .is_none_or(|h| names.get(call.host) == h)
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
    /// The host's call id, or where the host sends none the key hookkit derived,
    /// `<args_digest>#<n>` (`-` when the records carry neither).
    pub call_id: String,
    /// True when `call_id` is the key hookkit derived.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
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
    /// The command or tool arguments (masked), when recorded beside the host's description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub args: String,
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
    /// Calls whose record has identity, permission, purpose and outcome (the definition
    /// is [`Call::missing`]).
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
    /// Every call that only reads in production and ran.
    pub production_reads: Vec<CallLine>,
    /// Calls allowed or asked whose outcome never came back, and calls with no decision.
    pub unaccounted: Vec<CallLine>,
}

impl CallLine {
    /// The call id for people: a derived key shortened to `sha256:<12 hex>…#<n>`.
    pub fn id_text(&self) -> String {
        match (self.derived, self.call_id.rsplit_once('#')) {
            (true, Some((digest, n))) => {
                format!("{}…#{n}", digest.get(..19).unwrap_or(digest))
            }
            _ => self.call_id.clone(),
        }
    }
}

/// The [`CallLine`] of `call` (`names` resolves its strings).
pub fn call_line(names: &Names, call: &Call) -> CallLine {
    let names_or = |v: Vec<&str>, none: &str| {
        if v.is_empty() {
            vec![none.to_owned()]
        } else {
            v.into_iter().map(str::to_owned).collect()
        }
    };
    let mut rule_ids: Vec<String> = call
        .rule_ids
        .iter()
        .map(|r| names.get(r).to_owned())
        .collect();
    rule_ids.sort();
    rule_ids.dedup();
    CallLine {
        time: names.text(call.time).to_owned(),
        session: names.opt(call.session).unwrap_or("-").to_owned(),
        call_id: call.key(names).unwrap_or_else(|| "-".to_owned()),
        derived: !call.by_id && call.join.is_some(),
        tool: names.get(call.tool).to_owned(),
        decision: call.decision.map_or("none", |d| d.as_str()).to_owned(),
        rule_ids,
        classes: names_or(
            call.classes.iter().map(class_name).collect(),
            "unclassified",
        ),
        environments: names_or(
            call.environments.iter().map(|e| e.as_str()).collect(),
            "unknown",
        ),
        purpose: names.text(call.purpose).to_owned(),
        args: names.text(call.args).to_owned(),
        fate: call.fate(),
        status: call
            .outcome
            .as_ref()
            .and_then(|o| o.status)
            .map(|s| status_name(s).to_owned()),
        exit_code: call.outcome.as_ref().and_then(|o| o.exit_code),
        missing: call.missing(names).into_iter().map(str::to_owned).collect(),
    }
}
/// `ok`, `error`, `interrupted`.
pub fn status_name(s: hookkit_audit_trail::outcome::Status) -> &'static str {
    use hookkit_audit_trail::outcome::Status;
    match s {
        Status::Ok => "ok",
        Status::Error => "error",
        Status::Interrupted => "interrupted",
    }
}

/// The kebab-case name of a class.
pub fn class_name(c: ActionClass) -> &'static str {
    c.as_str()
}

/// The parts [`Call::missing`] names, in the order of the report's `missing` keys.
const PARTS: [&str; 4] = ["identity", "permission", "purpose", "outcome"];

/// One session's counts while the calls are walked: symbols and call indexes, turned into
/// strings once at the end.
struct SessionAcc {
    host: crate::join::Sym,
    first: usize,
    last: usize,
    counts: SessionCounts,
}

/// The report on the calls of `trail` that pass `filter`. One pass over the joined calls;
/// counts are kept per symbol and per enum index and named once at the end.
pub fn report(trail: &Calls, filter: &Filter) -> Report {
    let names = &trail.names;
    let mut r = Report {
        records: trail.counts.records,
        unreadable_lines: trail.counts.unreadable,
        ..Report::default()
    };
    let mut missing = [0usize; PARTS.len()];
    let mut by_decision = [0usize; 4];
    let mut by_host: foldhash::HashMap<crate::join::Sym, usize> = Default::default();
    let mut by_class = [0usize; ActionClass::ALL.len()];
    let mut unclassified = 0usize;
    let mut by_environment = [0usize; Environment::ALL.len()];
    let mut sessions: foldhash::HashMap<&str, SessionAcc> = Default::default();
    let calls = &trail.calls;
    for (i, call) in calls.iter().enumerate() {
        if !filter.matches(names, call) {
            continue;
        }
        r.calls += 1;
        let parts = call.missing(names);
        if parts.is_empty() {
            r.complete += 1;
        }
        for m in &parts {
            if let Some(n) = PARTS
                .iter()
                .position(|p| p == m)
                .and_then(|p| missing.get_mut(p))
            {
                *n += 1;
            }
        }
        let d = call.decision.map_or(0, |d| 1 + d as usize);
        if let Some(n) = by_decision.get_mut(d) {
            *n += 1;
        }
        *by_host.entry(call.host).or_default() += 1;
        if call.classes.is_empty() {
            unclassified += 1;
        }
        for c in call.classes.iter() {
            if let Some(n) = by_class.get_mut(usize::from(c.index())) {
                *n += 1;
            }
        }
        if call.environments.is_empty() {
            by_environment[0] += 1;
        }
        for e in call.environments.iter() {
            if let Some(n) = by_environment.get_mut(usize::from(e.index())) {
                *n += 1;
            }
        }
        let s = sessions
            .entry(names.opt(call.session).unwrap_or("-"))
            .or_insert_with(|| SessionAcc {
                host: call.host,
                first: i,
                last: i,
                counts: SessionCounts::default(),
            });
        s.last = i;
        s.counts.calls += 1;
        match call.decision {
            Some(Verdict::Allow) => s.counts.allow += 1,
            Some(Verdict::Ask) => s.counts.ask += 1,
            Some(Verdict::Deny) => s.counts.deny += 1,
            None => {}
        }
        let fate = call.fate();
        if matches!(fate, Fate::NoOutcome | Fate::AskedNoOutcome) {
            s.counts.no_outcome += 1;
        }
        if matches!(call.decision, Some(Verdict::Ask | Verdict::Deny)) {
            r.denied_and_asked.push(call_line(names, call));
        }
        if call.is_production_change() {
            r.production_changes.push(call_line(names, call));
        }
        if call.is_production_read() && fate == Fate::Ran {
            r.production_reads.push(call_line(names, call));
        }
        if matches!(
            fate,
            Fate::NoOutcome | Fate::AskedNoOutcome | Fate::NoDecision
        ) {
            r.unaccounted.push(call_line(names, call));
        }
    }
    let named = |pairs: &mut dyn Iterator<Item = (&str, usize)>| {
        pairs
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.to_owned(), n))
            .collect::<BTreeMap<String, usize>>()
    };
    r.missing = named(&mut PARTS.iter().copied().zip(missing));
    r.by_decision = named(
        &mut ["none", "allow", "ask", "deny"]
            .into_iter()
            .zip(by_decision),
    );
    r.by_host = named(&mut by_host.iter().map(|(h, n)| (names.get(*h), *n)));
    r.by_class = named(
        &mut ActionClass::ALL
            .iter()
            .map(|c| class_name(*c))
            .zip(by_class)
            .chain([("unclassified", unclassified)]),
    );
    r.by_environment = named(
        &mut Environment::ALL
            .iter()
            .map(|e| e.as_str())
            .zip(by_environment),
    );
    let time = |i: usize| {
        calls
            .get(i)
            .map_or_else(String::new, |c| names.text(c.time).to_owned())
    };
    r.sessions = sessions
        .into_iter()
        .map(|(id, s)| {
            let counts = SessionCounts {
                host: names.get(s.host).to_owned(),
                first: time(s.first),
                last: time(s.last),
                ..s.counts
            };
            (id.to_owned(), counts)
        })
        .collect();
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
        ("production reads that ran", &r.production_reads),
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
                c.id_text(),
                c.decision,
                if c.rule_ids.is_empty() {
                    "no rule".to_owned()
                } else {
                    c.rule_ids.join(", ")
                },
                fate_text(c)
            );
            let _ = writeln!(o, "      {}", c.purpose);
            if !c.args.is_empty() && c.args != c.purpose {
                let _ = writeln!(o, "      {}", c.args);
            }
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
