//! The profile as an IAM guardrail: the AWS actions a command-guard profile denies in an
//! environment, as IAM policy documents (or AWS Organizations service control policies)
//! that deny them for requests made through AWS-managed MCP servers, so the same matrix
//! holds where no hook runs.
//!
//! - [`Judge`]: the verdict command-guard's rules and profile give each action of the
//!   Service Authorization Reference ([`super::actions`]): the rules that classify an
//!   `aws` call by its action kind alone (`aws.read` … `aws.permissions` in
//!   `rules/commands/clouds.toml`) and those that name one CLI operation with no other
//!   condition (`aws.kms-key-deletion`), then [`crate::decide()`] with the configuration.
//! - [`guardrail`]: the denied actions of each service as the fewest prefix wildcards
//!   ([`super::wildcard::cover`]), each checked against every action of its service, packed
//!   into as few documents as the size quota allows.
//!
//! Sources: IAM JSON policy element reference (`Version`, `Statement`, `Effect`, `Action`,
//! `Resource`, `Condition` with the `Bool` operator); AWS global condition context keys and
//! the AWS MCP Server user guide ("How AWS MCP Server works with IAM": the Boolean key
//! `aws:ViaAWSMCPService` is `true` on every request an AWS-managed MCP server forwards);
//! IAM and AWS STS quotas ("Managed policy size": 6,144 characters, white space not
//! counted); AWS Organizations quotas ("Maximum size of a policy document": service
//! control policies 5,120 characters, white space counted when saved through the API).

use super::wildcard;
use super::{Action, ActionKind};
use crate::config::Config;
use crate::decision::{Environment, Finding, Verdict};
use crate::rules::{CommandMatch, Rule, RuleSet};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

/// The global condition key AWS-managed MCP servers set to `true` on every request they
/// forward to an AWS service (AWS MCP Server user guide, "MCP condition context keys").
pub const VIA_MCP_KEY: &str = "aws:ViaAWSMCPService";

/// The `Sid` of every statement hookkit writes.
pub const STATEMENT_ID: &str = "HookkitDenyViaAwsMcp";

/// The command whose rules judge AWS actions.
const AWS_COMMAND: &str = "aws";

/// Which kind of policy document to write, and so which size quota applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyType {
    /// An IAM customer managed policy, attached to the roles or users an agent uses.
    Managed,
    /// An AWS Organizations service control policy, attached to an account or OU.
    ServiceControl,
}

impl PolicyType {
    /// The largest document the quota allows, in characters: 6,144 for a managed policy
    /// (IAM and AWS STS quotas; white space is not counted), 5,120 for a service control
    /// policy (AWS Organizations quotas; white space is counted when saved through the
    /// API). The documents [`guardrail`] writes hold no white space outside strings, so
    /// their length in characters is the size both services count.
    pub const fn max_chars(self) -> usize {
        match self {
            PolicyType::Managed => 6_144,
            PolicyType::ServiceControl => 5_120,
        }
    }

    /// For people: `IAM managed policy`, `service control policy`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyType::Managed => "IAM managed policy",
            PolicyType::ServiceControl => "service control policy",
        }
    }
}

/// What an `ask` cell of the profile becomes: an IAM policy cannot ask a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskAs {
    /// Deny it (the default): a request through an MCP server that no hook has seen
    /// cannot have been approved by a person, so it must not run unapproved.
    Deny,
    /// Allow it: only `deny` cells are denied; the hook remains the only place that asks.
    Allow,
}

impl AskAs {
    /// True when a `verdict` of the profile is denied by the policy.
    pub fn denies(self, verdict: Verdict) -> bool {
        match self {
            AskAs::Deny => verdict >= Verdict::Ask,
            AskAs::Allow => verdict == Verdict::Deny,
        }
    }
}

/// What can go wrong writing the guardrail.
#[derive(Debug, thiserror::Error)]
pub enum IamPolicyError {
    /// The configuration or the rules do not load, or the profile is unknown.
    #[error(transparent)]
    Config(#[from] crate::Error),
    /// An entry would deny an action the profile lets run (a bug in
    /// [`wildcard::cover`]: the check that keeps it out of a policy).
    #[error("the Action entry `{entry}` would deny `{action}`, which the profile lets run")]
    DeniesTooMuch {
        /// The entry (`ec2:Delete*`).
        entry: String,
        /// The action (`ec2:DeleteVolume`).
        action: String,
    },
    /// No entry denies an action the profile denies (the same check).
    #[error("no Action entry denies `{action}`, which the profile denies")]
    Missed {
        /// The action.
        action: String,
    },
    /// One entry alone is longer than a document may be.
    #[error("the Action entry `{entry}` does not fit in a {} of {} characters", .policy.as_str(), .policy.max_chars())]
    TooLong {
        /// The entry.
        entry: String,
        /// The policy type whose quota it exceeds.
        policy: PolicyType,
    },
}

/// Which actions one rule match reaches.
enum Reach {
    /// Every action (`subcommand = ["*", "*"]`), as far as its kinds allow.
    Every,
    /// The single actions of the CLI operations its subcommand words name
    /// (`["kms", "schedule-key-deletion"]` → `kms:ScheduleKeyDeletion`), as `prefix:Name`.
    Only(HashSet<String>),
}

/// One rule match that judges AWS actions without looking at a command's flags or
/// operands.
struct ActionMatch<'r> {
    rule: &'r Rule,
    kinds: &'r [ActionKind],
    reach: Reach,
}

/// What a verdict depends on: the environment, the action's kind, and the indices of the
/// [`Reach::Only`] matches that reach the action.
type VerdictKey = (Environment, ActionKind, Vec<usize>);

/// The verdict command-guard gives each AWS action, from the rules and configuration it
/// would use: the rules whose match needs nothing but `aws`, subcommand words and action
/// kinds ([`CommandMatch::action`]) — the kind rules and the rules that name one CLI
/// operation — each a finding for the action, then [`crate::decide()`] (the profile's
/// class × environment verdict, each rule's own decision, `[rules]` overrides). An action
/// no such rule reaches gets the profile's `unclassified` verdict. Rules that depend on a
/// command's flags (`--skip-final-snapshot`, `s3 rm --recursive`) are not expressed.
pub struct Judge<'r> {
    config: &'r Config,
    matches: Vec<ActionMatch<'r>>,
    /// Verdicts already decided.
    memo: RefCell<BTreeMap<VerdictKey, Verdict>>,
}

impl<'r> Judge<'r> {
    /// The judge of `rules` (command rules as [`crate::command::rules_for`] loads them)
    /// under `config` (its `profile` is the one asked).
    pub fn new(rules: &'r RuleSet, config: &'r Config) -> Self {
        let mut matches = Vec::new();
        for rule in &rules.rules {
            for m in &rule.matches {
                if let Some(reach) = reach(m) {
                    matches.push(ActionMatch {
                        rule,
                        kinds: &m.action,
                        reach,
                    });
                }
            }
        }
        Judge {
            config,
            matches,
            memo: RefCell::default(),
        }
    }

    /// What command-guard decides for a call of `action` in `env`.
    ///
    /// # Errors
    /// The configured profile does not resolve.
    pub fn verdict(&self, action: &Action, env: Environment) -> Result<Verdict, crate::Error> {
        let kind = action.kind();
        let full = format!("{}:{}", action.prefix, action.name);
        let of_kind = |m: &ActionMatch<'_>| m.kinds.is_empty() || m.kinds.contains(&kind);
        let only: Vec<usize> = (0..self.matches.len())
            .filter(|i| {
                self.matches.get(*i).is_some_and(|m| {
                    of_kind(m) && matches!(&m.reach, Reach::Only(set) if set.contains(&full))
                })
            })
            .collect();
        let key = (env, kind, only);
        if let Some(v) = self.memo.borrow().get(&key) {
            return Ok(*v);
        }
        let findings: Vec<Finding> = self
            .matches
            .iter()
            .enumerate()
            .filter(|(i, m)| of_kind(m) && (matches!(m.reach, Reach::Every) || key.2.contains(i)))
            .map(|(_, m)| m.rule.finding(env, action.describe(), None))
            .collect();
        let verdict = if findings.is_empty() {
            self.config.active_profile()?.unclassified(env)
        } else {
            crate::decide(crate::command::GUARD, findings, self.config).verdict
        };
        self.memo.borrow_mut().insert(key, verdict);
        Ok(verdict)
    }
}

/// Which actions match `m` reaches, or `None` when it depends on more than `aws`, its
/// subcommand words and action kinds, or names no AWS action.
fn reach(m: &CommandMatch) -> Option<Reach> {
    if !m.words_and_action_only() || !m.names(AWS_COMMAND).unwrap_or(false) {
        return None;
    }
    if m.action.contains(&ActionKind::Unknown) && m.action.len() == 1 {
        return None;
    }
    let words: Vec<&str> = m.subcommand.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["*"] | ["*", "*"] => Some(Reach::Every),
        [service] => Some(Reach::Only(single_actions(|op| {
            CommandMatch::subcommand_word(service, op.service)
        }))),
        [service, operation] => Some(Reach::Only(single_actions(|op| {
            CommandMatch::subcommand_word(service, op.service)
                && CommandMatch::subcommand_word(operation, op.cli_name)
        }))),
        // A third word is an operand: it depends on the call.
        _ => None,
    }
}

/// The action of every CLI operation that `pick` chooses and that needs exactly one
/// action: denying an action that only one of several an operation needs would deny
/// other operations too.
fn single_actions(pick: impl Fn(&super::Operation) -> bool) -> HashSet<String> {
    super::operations()
        .filter(|op| pick(op))
        .filter_map(|op| match op.actions.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        })
        .collect()
}

/// The policy documents and what they hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Guardrail {
    /// The documents, each a JSON object whose compact serialization
    /// (`serde_json::to_string`) fits the policy type's quota; empty when the profile
    /// denies no action.
    pub documents: Vec<Value>,
    /// How many actions of the table they deny.
    pub denied: usize,
    /// How many actions the table holds.
    pub actions: usize,
    /// How many `Action` entries they hold.
    pub entries: usize,
    /// How many of those are wildcards (`ec2:Delete*`, `s3:*`).
    pub wildcards: usize,
}

/// The guardrail for the profile of `judge` in `env`: one `Deny` statement per document,
/// on `Resource` `*`, under the condition `Bool` [`VIA_MCP_KEY`] `true`, whose `Action`
/// entries deny exactly the actions of the Service Authorization Reference table whose
/// verdict `ask_as` denies. Every entry is checked against every action of its service
/// before it is used; documents are filled in order (services alphabetically) up to
/// `policy`'s quota.
///
/// # Errors
/// [`IamPolicyError::Config`] when the profile does not resolve;
/// [`IamPolicyError::DeniesTooMuch`] or [`IamPolicyError::Missed`] when an entry would
/// deny more, or the entries less, than they must;
/// [`IamPolicyError::TooLong`] when one entry alone exceeds the quota.
pub fn guardrail(
    judge: &Judge<'_>,
    env: Environment,
    ask_as: AskAs,
    policy: PolicyType,
) -> Result<Guardrail, IamPolicyError> {
    let all: Vec<Action> = super::actions().collect();
    let mut entries = Vec::new();
    let mut denied = 0;
    for service in all.chunk_by(|a, b| a.prefix == b.prefix) {
        let Some(prefix) = service.first().map(|a| a.prefix) else {
            continue;
        };
        let mut chosen = Vec::with_capacity(service.len());
        for action in service {
            chosen.push((action.name, ask_as.denies(judge.verdict(action, env)?)));
        }
        denied += chosen.iter().filter(|(_, c)| *c).count();
        let cover = wildcard::cover(prefix, &chosen);
        check(&cover, prefix, &chosen)?;
        entries.extend(cover);
    }
    let wildcards = entries.iter().filter(|e| e.contains('*')).count();
    Ok(Guardrail {
        entries: entries.len(),
        documents: pack(entries, policy)?,
        denied,
        actions: all.len(),
        wildcards,
    })
}

/// Check `cover` against every action of service `prefix`: each chosen action matched by
/// an entry, no unchosen one by any.
fn check(cover: &[String], prefix: &str, actions: &[(&str, bool)]) -> Result<(), IamPolicyError> {
    for (name, chosen) in actions {
        let by = cover.iter().find(|e| wildcard::matches(e, prefix, name));
        match (by, chosen) {
            (Some(entry), false) => {
                return Err(IamPolicyError::DeniesTooMuch {
                    entry: entry.clone(),
                    action: format!("{prefix}:{name}"),
                });
            }
            (None, true) => {
                return Err(IamPolicyError::Missed {
                    action: format!("{prefix}:{name}"),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// A document with `actions` as its statement's `Action` element.
pub fn document(actions: &[String]) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": STATEMENT_ID,
            "Effect": "Deny",
            "Action": actions,
            "Resource": "*",
            "Condition": {"Bool": {VIA_MCP_KEY: "true"}},
        }],
    })
}

/// `entries` in documents of at most `policy.max_chars()` characters each, in order.
fn pack(entries: Vec<String>, policy: PolicyType) -> Result<Vec<Value>, IamPolicyError> {
    let chars = |v: &Value| serde_json::to_string(v).map_or(usize::MAX, |s| s.len());
    let empty = chars(&document(&[]));
    let mut documents = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut length = empty;
    for entry in entries {
        let quoted = chars(&Value::from(entry.as_str()));
        if empty.saturating_add(quoted) > policy.max_chars() {
            return Err(IamPolicyError::TooLong { entry, policy });
        }
        // A comma before every entry but the first.
        if !current.is_empty() && length.saturating_add(quoted + 1) > policy.max_chars() {
            documents.push(document(&current));
            current.clear();
            length = empty;
        }
        length += quoted + usize::from(!current.is_empty());
        current.push(entry);
    }
    if !current.is_empty() {
        documents.push(document(&current));
    }
    Ok(documents)
}
