//! Joining records into calls: every record a guard wrote before and after one tool call
//! becomes one [`Call`], built record by record as the trail streams past.
//!
//! The join key is the session and the host's call id (`tool_use_id`, Cursor
//! `generation_id`…). Hosts that send no call id (Gemini CLI, Copilot CLI) are joined by
//! a key hookkit derives: session, tool and the digest of the tool's arguments
//! (`args_digest`), first in first out: a pre record opens a call unless an open one with
//! the same key lacks this guard's pre record; a post record closes the oldest open call
//! with the same key that lacks this guard's post record. The n-th call so opened with
//! the same digest in a session is shown as `<args_digest>#<n>` ([`Call::key`]): the
//! digest of the tool input plus its order within the session.
//!
//! State is compact: every repeated string (session, host, tool, guard, call id, rule id,
//! profile) is interned once in [`Names`] and a call holds 4-byte [`Sym`]s; classes and
//! environments are one-byte [`Set`]s; only the time and the purpose are a call's own.

use crate::load::{Counts, Line, LoadError, Set, stream};
use hookkit_audit_trail::Phase;
use hookkit_audit_trail::outcome::Status;
use hookkit_policy::{ActionClass, Environment, Verdict};
use serde::Serialize;
use std::path::PathBuf;
use std::rc::Rc;

type Map<K, V> = foldhash::HashMap<K, V>;

/// An interned string: an index into [`Names`].
pub type Sym = u32;

/// A call's own string (its time, its purpose), stored in [`Names`]' arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    start: usize,
    len: u32,
}

impl Span {
    /// True when the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Interned strings (each distinct string stored once), and an arena of the strings each
/// call has its own of (time, purpose): one allocation for all of them.
#[derive(Debug, Default)]
pub struct Names {
    ids: Map<Rc<str>, Sym>,
    names: Vec<Rc<str>>,
    arena: String,
    recent: Vec<Sym>,
}

impl Names {
    /// Store `s` in the arena.
    pub fn keep(&mut self, s: &str) -> Span {
        let start = self.arena.len();
        self.arena.push_str(s);
        Span {
            start,
            len: u32::try_from(s.len()).unwrap_or(u32::MAX),
        }
    }

    /// The string of `span`.
    pub fn text(&self, span: Span) -> &str {
        self.arena
            .get(span.start..span.start + span.len as usize)
            .unwrap_or_default()
    }

    /// The symbol of `s`, interning it when new.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let rc: Rc<str> = Rc::from(s);
        let i = Sym::try_from(self.names.len()).unwrap_or(Sym::MAX);
        self.names.push(rc.clone());
        self.ids.insert(rc, i);
        i
    }

    /// [`Names::intern`] for strings of few values (guard, host, tool, rule, profile):
    /// looked up first among the last few interned this way, without hashing.
    pub fn intern_small(&mut self, s: &str) -> Sym {
        if let Some(&hit) = self.recent.iter().find(|&&r| self.get(r) == s) {
            return hit;
        }
        let sym = self.intern(s);
        if self.recent.len() >= 16 {
            self.recent.remove(0);
        }
        self.recent.push(sym);
        sym
    }

    /// The string of `s` (empty for a symbol not made here).
    pub fn get(&self, s: Sym) -> &str {
        self.names.get(s as usize).map_or("", |n| n)
    }

    /// The string of an optional symbol.
    pub fn opt(&self, s: Option<Sym>) -> Option<&str> {
        s.map(|s| self.get(s))
    }
}

/// A few symbols (a call's guards or rules): up to 3 inline, more on the heap.
#[derive(Debug, Clone, Default)]
pub struct Syms {
    len: u8,
    inline: [Sym; 3],
    more: Vec<Sym>,
}

impl Syms {
    /// Append `s`.
    pub fn push(&mut self, s: Sym) {
        match self.inline.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = s;
                self.len += 1;
            }
            None => self.more.push(s),
        }
    }
    /// The symbols, in the order pushed.
    pub fn iter(&self) -> impl Iterator<Item = Sym> + '_ {
        self.inline
            .iter()
            .take(usize::from(self.len))
            .chain(&self.more)
            .copied()
    }
    /// True when `s` is one of them.
    pub fn contains(&self, s: Sym) -> bool {
        self.iter().any(|x| x == s)
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// How it ended.
    pub status: Option<Status>,
    /// The exit status, where the host reports one.
    pub exit_code: Option<i64>,
    /// The host's error message (masked when written); kept only with
    /// [`Options::detail`].
    pub error: Option<Box<str>>,
    /// The output's size in bytes.
    pub output_bytes: Option<u64>,
    /// The output's digest; kept only with [`Options::detail`].
    pub output_digest: Option<Box<str>>,
    /// The strictest post-tool decision (deny: the output was withheld or flagged).
    pub output_decision: Verdict,
}

/// One tool call, joined from its records. Strings are [`Sym`]s of [`Calls::names`].
#[derive(Debug, Clone)]
pub struct Call {
    /// The time of its first record (RFC 3339, UTC).
    pub time: Span,
    /// The host.
    pub host: Sym,
    /// The session id.
    pub session: Option<Sym>,
    /// The host's call id (`by_id`), else the argument digest: what the call was joined by.
    pub join: Option<Span>,
    /// True when `join` is the host's call id.
    pub by_id: bool,
    /// For a call joined by its argument digest: its place (from 1) among the session's
    /// calls of the same tool and digest; 0 for a call joined by the host's id.
    pub ordinal: u32,
    /// The agent type (a subagent's name), when sent.
    pub agent: Option<Sym>,
    /// The tool's name.
    pub tool: Sym,
    /// The strictest decision before the tool ran, over every guard (`None`: none
    /// recorded).
    pub decision: Option<Verdict>,
    /// Every rule that fired, before or after, each once, in the order first seen.
    pub rule_ids: Syms,
    /// The active profile.
    pub profile: Option<Sym>,
    /// The action classes (empty: unclassified).
    pub classes: Set<ActionClass>,
    /// The environments (empty: unknown).
    pub environments: Set<Environment>,
    /// The purpose (the host's statement of intent where one was sent).
    pub purpose: Span,
    /// The command or tool arguments, masked, when the record keeps them beside the
    /// host's description (`args`).
    pub args: Span,
    /// The guards that recorded a decision before the tool ran.
    pub guards: Syms,
    /// True when a decision stood in for hookkit's own failure.
    pub internal_error: bool,
    /// The outcome, when a post-tool record came back.
    pub outcome: Option<CallOutcome>,
    post_guards: Syms,
    purpose_from_host: bool,
}

impl Call {
    /// The host's call id.
    pub fn call_id<'n>(&self, names: &'n Names) -> Option<&'n str> {
        self.join.filter(|_| self.by_id).map(|s| names.text(s))
    }

    /// What identifies the call: the host's call id, else the key hookkit derived,
    /// `<args_digest>#<n>` (see the module docs); `None` when the records carry neither.
    pub fn key(&self, names: &Names) -> Option<String> {
        let join = names.text(self.join?);
        Some(if self.by_id {
            join.to_owned()
        } else {
            format!("{join}#{}", self.ordinal)
        })
    }

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

    /// What the record lacks to be complete (issue 15's definition). Empty when complete;
    /// `names` resolves the host.
    ///
    /// - `identity`: the host, the session, and the host's call id or the key hookkit
    ///   derives where the host sends none ([`Call::key`]).
    /// - `permission`: a decision before the tool ran, the profile, and an action class
    ///   (file tools included); the rules are those that fired (none: the profile
    ///   decided) and the environment those named (none: `unknown`).
    /// - `purpose`: a purpose, and always the tool and its arguments, masked: the purpose
    ///   itself, or `args` beside the host's description.
    /// - `outcome`: a post-tool or failure record, unless the call was refused. A denied
    ///   call did not run; an asked one without an outcome was declined (Claude Code runs
    ///   no hook for a declined prompt: `PermissionDenied` is only for its auto mode, from
    ///   the hook events of the installed 2.1.328; Qwen Code, the other host that asks, is
    ///   not measured), and is shown as such ([`Fate::AskedNoOutcome`]). An allowed call
    ///   with no outcome is incomplete.
    pub fn missing(&self, names: &Names) -> Vec<&'static str> {
        let mut out = Vec::new();
        if names.get(self.host) == "unknown" || self.session.is_none() || self.join.is_none() {
            out.push("identity");
        }
        if self.decision.is_none() || self.profile.is_none() || self.classes.is_empty() {
            out.push("permission");
        }
        if self.purpose.is_empty() || (self.purpose_from_host && self.args.is_empty()) {
            out.push("purpose");
        }
        if self.outcome.is_none() && matches!(self.decision, None | Some(Verdict::Allow)) {
            out.push("outcome");
        }
        out
    }

    /// True when an environment is production and a class changes something.
    pub fn is_production_change(&self) -> bool {
        self.environments.contains(&Environment::Production)
            && self.classes.iter().any(|c| c != ActionClass::Read)
    }

    /// True when an environment is production and every class only reads.
    pub fn is_production_read(&self) -> bool {
        self.environments.contains(&Environment::Production)
            && !self.classes.is_empty()
            && self.classes.iter().all(|c| c == ActionClass::Read)
    }
}

/// The joined trail: the calls in the order of their first record, the names they refer
/// to, and what was read.
#[derive(Debug, Default)]
pub struct Calls {
    /// The interned strings.
    pub names: Names,
    /// The calls.
    pub calls: Vec<Call>,
    /// Records read (and, with [`Options::session`], how many lines were read as records).
    pub counts: Counts,
}

/// What to keep while joining.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Join only the records of this session (the replay's case); all when `None`.
    pub session: Option<String>,
    /// Keep each outcome's error message and output digest (the replay shows them, the
    /// report does not).
    pub detail: bool,
}

/// The calls whose join key hashes to one value, in the order they were opened.
#[derive(Debug)]
enum Slots {
    One(u32),
    Many(Vec<u32>),
}

impl Slots {
    fn as_slice(&self) -> &[u32] {
        match self {
            Slots::One(i) => std::slice::from_ref(i),
            Slots::Many(v) => v,
        }
    }
}

/// Builds [`Calls`] from records pushed in trail order.
///
/// The index maps a 64-bit hash of each call's join key (session, and the call id, or the
/// tool and the argument digest) to the calls with that hash; candidates are checked
/// against the key itself, so a hash collision never joins two calls.
#[derive(Debug)]
pub struct Joiner {
    out: Calls,
    index: Map<u64, Slots>,
    hasher: foldhash::fast::FixedState,
    options: Options,
}

impl Joiner {
    /// A joiner keeping what `options` say.
    pub fn new(options: Options) -> Joiner {
        Joiner {
            out: Calls::default(),
            index: Map::default(),
            hasher: foldhash::fast::FixedState::default(),
            options,
        }
    }

    /// Join the next record.
    pub fn push(&mut self, line: Line<'_>) {
        use std::hash::BuildHasher;
        if let Some(only) = &self.options.session
            && line.session.as_deref() != Some(only.as_str())
        {
            return;
        }
        let names = &mut self.out.names;
        let session = line.session.as_deref().map(|s| names.intern(s));
        let guard = names.intern_small(&line.guard);
        let by_id = line.call_id.is_some();
        let join: Option<&str> = if by_id {
            line.call_id.as_deref()
        } else {
            line.args_digest.as_deref()
        };
        // The tool is part of the key only for calls without an id.
        let key_tool = if by_id {
            Sym::MAX
        } else {
            names.intern_small(&line.tool)
        };
        let hash = self.hasher.hash_one((session, by_id, key_tool, join));
        let post = line.phase == Phase::Post;
        let calls = &mut self.out.calls;
        let names_ro: &Names = names;
        let same_key = |c: &Call| {
            c.session == session
                && c.by_id == by_id
                && (by_id || c.tool == key_tool)
                && c.join.map(|s| names_ro.text(s)) == join
        };
        let slots = self.index.get(&hash);
        let found = slots.and_then(|slots| {
            slots.as_slice().iter().copied().find(|&i| {
                calls.get(i as usize).is_some_and(|c| {
                    same_key(c)
                        && (by_id
                            || if post {
                                !c.post_guards.contains(guard)
                            } else {
                                !c.guards.contains(guard) && c.outcome.is_none()
                            })
                })
            })
        });
        // A new call without an id comes after every call with its key so far.
        let ordinal = match (found, slots) {
            (None, Some(slots)) if !by_id => slots
                .as_slice()
                .iter()
                .filter(|&&i| calls.get(i as usize).is_some_and(same_key))
                .count(),
            _ => 0,
        };
        let ordinal = u32::try_from(ordinal)
            .unwrap_or(u32::MAX)
            .saturating_add(u32::from(!by_id));
        let i = match found {
            Some(i) => i,
            None => {
                let i = u32::try_from(calls.len()).unwrap_or(u32::MAX);
                calls.push(Call {
                    time: names.keep(&line.time),
                    host: names.intern_small(&line.host),
                    session,
                    join: join.map(|j| names.keep(j)),
                    by_id,
                    ordinal,
                    agent: line.agent_type.as_deref().map(|s| names.intern_small(s)),
                    tool: names.intern_small(&line.tool),
                    decision: None,
                    rule_ids: Syms::default(),
                    profile: None,
                    classes: Set::default(),
                    environments: Set::default(),
                    purpose: Span::default(),
                    args: Span::default(),
                    guards: Syms::default(),
                    internal_error: false,
                    outcome: None,
                    post_guards: Syms::default(),
                    purpose_from_host: false,
                });
                match self.index.get_mut(&hash) {
                    None => {
                        self.index.insert(hash, Slots::One(i));
                    }
                    Some(slots) => {
                        let mut v = slots.as_slice().to_vec();
                        v.push(i);
                        *slots = Slots::Many(v);
                    }
                }
                i
            }
        };
        if let Some(call) = calls.get_mut(i as usize) {
            merge(call, names, guard, line, self.options.detail);
        }
    }

    /// The joined calls, with the counts of what was read.
    pub fn finish(mut self, counts: Counts) -> Calls {
        self.out.counts = counts;
        self.out
    }
}

fn merge(call: &mut Call, names: &mut Names, guard: Sym, line: Line<'_>, detail: bool) {
    for r in &line.rule_ids {
        let r = names.intern_small(r);
        if !call.rule_ids.contains(r) {
            call.rule_ids.push(r);
        }
    }
    call.internal_error |= line.internal_error;
    if call.profile.is_none() {
        call.profile = line.profile.as_deref().map(|s| names.intern_small(s));
    }
    if call.agent.is_none() {
        call.agent = line.agent_type.as_deref().map(|s| names.intern_small(s));
    }
    if call.args.is_empty()
        && let Some(args) = line.args.as_deref().filter(|a| !a.is_empty())
    {
        call.args = names.keep(args);
    }
    let from_host = line.purpose_source.as_deref() == Some("host");
    if !line.purpose.is_empty()
        && (call.purpose.is_empty() || (from_host && !call.purpose_from_host))
    {
        call.purpose = names.keep(&line.purpose);
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
            if detail && out.error.is_none() {
                out.error = line.error.as_deref().map(Box::from);
            }
            out.output_bytes = out.output_bytes.or(line.output_bytes);
            if detail && out.output_digest.is_none() {
                out.output_digest = line.output_digest.as_deref().map(Box::from);
            }
            out.output_decision = out.output_decision.max(line.decision);
            call.post_guards.push(guard);
        }
        Phase::Pre | Phase::Permission | Phase::Unknown => {
            call.decision = Some(
                call.decision
                    .map_or(line.decision, |d| d.max(line.decision)),
            );
            call.classes.extend(line.classes);
            call.environments.extend(line.environments);
            if !call.guards.contains(guard) {
                call.guards.push(guard);
            }
        }
    }
}

/// Stream the trail files `paths` (in order) and join their records.
///
/// # Errors
/// [`LoadError::Io`] naming the first file that cannot be read.
pub fn read(paths: &[PathBuf], options: Options) -> Result<Calls, LoadError> {
    let mut joiner = Joiner::new(options);
    let counts = stream(paths, |line| joiner.push(line))?;
    Ok(joiner.finish(counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::stream_bytes;

    fn join(text: &str, options: Options) -> Calls {
        let mut j = Joiner::new(options);
        let counts = stream_bytes(text.as_bytes(), |l| j.push(l));
        j.finish(counts)
    }

    const PRE: &str = r#"{"time":"t1","guard":"g","phase":"pre","host":"h","session":"s","tool":"bash","decision":"allow","profile":"reversible","classes":["read"],"args_digest":"d","purpose":"p"}"#;
    const POST: &str = r#"{"time":"t2","guard":"g","phase":"post","host":"h","session":"s","tool":"bash","decision":"allow","args_digest":"d","status":"ok","output_digest":"o","error":"e"}"#;

    #[test]
    fn a_production_read_that_ran_and_its_arguments() {
        let rec = |id: &str, phase: &str, class: &str, extra: &str| {
            format!(
                r#"{{"time":"t","guard":"g","phase":"{phase}","host":"h","session":"s","call_id":"{id}","tool":"Bash","decision":"allow","classes":["{class}"],"environments":["production"]{extra}}}"#
            )
        };
        let text = [
            rec(
                "r",
                "pre",
                "read",
                r#","purpose":"List","args":"Bash: aws s3 ls --profile prod""#,
            ),
            rec("r", "post", "read", r#","status":"ok""#),
            rec("c", "pre", "create", ""),
            rec("c", "post", "create", r#","status":"ok""#),
            rec("n", "pre", "read", ""),
        ]
        .join("\n");
        let c = join(&text, Options::default());
        let read: Vec<bool> = c.calls.iter().map(Call::is_production_read).collect();
        assert_eq!(read, [true, false, true]);
        assert_eq!(
            c.names.text(c.calls[0].args),
            "Bash: aws s3 ls --profile prod"
        );
        let r = crate::report::report(&c, &crate::report::Filter::default());
        let ids: Vec<&str> = r
            .production_reads
            .iter()
            .map(|l| l.call_id.as_str())
            .collect();
        assert_eq!(ids, ["r"], "the read without an outcome did not run");
        assert_eq!(r.production_reads[0].args, "Bash: aws s3 ls --profile prod");
    }

    #[test]
    fn calls_without_ids_join_first_in_first_out() {
        let text = [PRE, PRE, POST, POST].join("\n");
        let c = join(&text, Options::default());
        assert_eq!(c.calls.len(), 2);
        assert!(c.calls.iter().all(|c| c.fate() == Fate::Ran));
        assert!(c.calls.iter().all(|x| x.missing(&c.names).is_empty()));
        let keys: Vec<Option<String>> = c.calls.iter().map(|x| x.key(&c.names)).collect();
        assert_eq!(keys, [Some("d#1".to_owned()), Some("d#2".to_owned())]);
        // A third post with no open call starts a call with no decision.
        let text = [PRE, POST, POST].join("\n");
        let c = join(&text, Options::default());
        assert_eq!(
            c.calls.iter().map(Call::fate).collect::<Vec<_>>(),
            [Fate::Ran, Fate::NoDecision]
        );
    }

    #[test]
    fn a_complete_record_has_every_part_of_the_definition() {
        let missing = |pre: &str, post: Option<&str>| {
            let text = [Some(pre), post]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n");
            let c = join(&text, Options::default());
            c.calls[0].missing(&c.names)
        };
        assert!(missing(PRE, Some(POST)).is_empty());
        assert_eq!(
            missing(PRE, None),
            ["outcome"],
            "allowed, never reported back"
        );
        let denied = PRE.replace(r#""decision":"allow""#, r#""decision":"deny""#);
        assert!(missing(&denied, None).is_empty(), "blocked: nothing ran");
        let asked = PRE.replace(r#""decision":"allow""#, r#""decision":"ask""#);
        assert!(
            missing(&asked, None).is_empty(),
            "declined: the host says nothing"
        );
        let no_key = PRE.replace(r#","args_digest":"d""#, "");
        assert_eq!(missing(&no_key, None), ["identity", "outcome"]);
        let no_class = PRE.replace(r#","classes":["read"]"#, "");
        assert_eq!(missing(&no_class, Some(POST)), ["permission"]);
        let no_profile = PRE.replace(r#","profile":"reversible""#, "");
        assert_eq!(missing(&no_profile, Some(POST)), ["permission"]);
        let host = PRE.replace(
            r#""purpose":"p""#,
            r#""purpose":"p","purpose_source":"host""#,
        );
        assert_eq!(
            missing(&host, Some(POST)),
            ["purpose"],
            "the arguments are missing"
        );
        let both = host.replace(
            r#""purpose_source":"host""#,
            r#""purpose_source":"host","args":"bash: ls""#,
        );
        assert!(missing(&both, Some(POST)).is_empty());
    }

    #[test]
    fn call_ids_join_across_guards_and_rules_are_deduplicated() {
        let rec = |guard: &str, phase: &str, decision: &str, rules: &str| {
            format!(
                r#"{{"time":"t","guard":"{guard}","phase":"{phase}","host":"h","session":"s","call_id":"c1","tool":"Bash","decision":"{decision}","rule_ids":[{rules}],"classes":["delete"],"environments":["production"]}}"#
            )
        };
        let text = [
            rec("a", "pre", "allow", r#""r.one""#),
            rec("b", "pre", "deny", r#""r.two","r.one""#),
            rec("a", "post", "allow", ""),
        ]
        .join("\n");
        let c = join(&text, Options::default());
        assert_eq!(c.calls.len(), 1);
        let call = &c.calls[0];
        assert_eq!(call.decision, Some(Verdict::Deny));
        let rules: Vec<&str> = call.rule_ids.iter().map(|r| c.names.get(r)).collect();
        assert_eq!(rules, ["r.one", "r.two"]);
        let guards: Vec<&str> = call.guards.iter().map(|r| c.names.get(r)).collect();
        assert_eq!(guards, ["a", "b"]);
        assert!(call.is_production_change());
        assert_eq!(call.fate(), Fate::Ran);
    }

    #[test]
    fn detail_and_session_options_narrow_what_is_kept() {
        let other = PRE.replace(r#""session":"s""#, r#""session":"x""#);
        let text = [PRE, &other, POST].join("\n");
        let lean = join(&text, Options::default());
        assert_eq!(lean.calls.len(), 2);
        let out = lean.calls[0].outcome.as_ref().unwrap();
        assert_eq!(
            (out.error.as_deref(), out.output_digest.as_deref()),
            (None, None)
        );
        let one = join(
            &text,
            Options {
                session: Some("s".into()),
                detail: true,
            },
        );
        assert_eq!(one.calls.len(), 1);
        let out = one.calls[0].outcome.as_ref().unwrap();
        assert_eq!(
            (out.error.as_deref(), out.output_digest.as_deref()),
            (Some("e"), Some("o"))
        );
    }
}
