//! The serde model of a secret rule file (see the module docs of [`crate::secrets`]).

use crate::decision::Severity;
use serde::Deserialize;
use std::path::PathBuf;

/// One secret rule file: an optional file-wide `[allowlist]` and `[[rule]]` tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRuleFile {
    /// Applies to every rule (gitleaks' global allowlist).
    #[serde(default)]
    pub allowlist: Option<Allowlist>,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<SecretRule>,
}

/// One kind of credential and how to recognise it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRule {
    /// Stable id, `secrets.kebab-name`.
    pub id: String,
    /// What was found, as a noun phrase (`GitHub Personal Access Token`).
    pub message: String,
    /// Where the rule comes from when imported (`gitleaks:github-pat`); absent for
    /// hookkit's own rules, which must then have examples.
    #[serde(default)]
    pub origin: Option<String>,
    /// How bad a leak is (default `high`).
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// The pattern, Rust `regex` syntax (linear time; gitleaks' RE2 syntax is accepted).
    pub regex: String,
    /// The capture group holding the secret; absent: the first group that matched, else
    /// the whole match.
    #[serde(default)]
    pub secret_group: Option<usize>,
    /// The least Shannon entropy of the secret, in bits per character; lower is not a
    /// secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// The rule runs only when one of these occurs in the text (ASCII case-insensitive);
    /// empty: the rule always runs.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A regex the file path must match for the rule to apply (file scans only).
    #[serde(default)]
    pub path: Option<String>,
    /// Exceptions: a match that any allowlist allows is not a finding.
    #[serde(default)]
    pub allowlist: Vec<Allowlist>,
    /// Texts in which this rule must find a secret.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts in which no rule may find a secret.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The file the rule came from (set by the loader).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

fn default_severity() -> Severity {
    Severity::High
}

/// An exception to a rule (or, file-wide, to every rule).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowlist {
    /// For people.
    #[serde(default)]
    pub description: Option<String>,
    /// `or` (default): any one check allows the match; `and`: every check that is set
    /// must allow it.
    #[serde(default)]
    pub condition: Condition,
    /// What `regexes` look at: the secret (default), the whole match, or its line.
    #[serde(default)]
    pub regex_target: RegexTarget,
    /// A match is allowed when one of these finds the target.
    #[serde(default)]
    pub regexes: Vec<String>,
    /// A match is allowed when its secret contains one of these (ASCII case-insensitive).
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// A match is allowed when the scanned file's path matches one of these regexes.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// How the checks of an [`Allowlist`] combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    /// Any check.
    #[default]
    Or,
    /// Every check that is set.
    And,
}

/// What an allowlist's regexes look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegexTarget {
    /// The secret (the capture group).
    #[default]
    Secret,
    /// The whole match.
    Match,
    /// The line of the match.
    Line,
}
