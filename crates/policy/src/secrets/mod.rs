//! Secret patterns: finding literal credentials (provider keys, tokens, private keys,
//! passwords in URLs) in any text, showing them masked, and redacting them.
//!
//! # Format
//!
//! Secret rules live in `crates/policy/rules/secrets/*.toml` (embedded at build time like
//! the command rules) and in users' own files:
//!
//! ```toml
//! [allowlist]                       # optional, file-wide: applies to every rule
//! regexes = ['''^\$\{[A-Z_]+\}$''']  # a secret these find is not a finding
//! stopwords = ["abcdefghijklmnopqrstuvwxyz"]
//! paths = ['''go\.sum$''']          # files never scanned (`secret-guard scan`)
//!
//! [[rule]]
//! id = "secrets.github-pat"         # secrets.kebab-name, stable: a public contract
//! message = "GitHub Personal Access Token"   # what was found
//! origin = "gitleaks:github-pat"    # imported rules say where from
//! severity = "high"                 # low | medium | high (default) | critical
//! regex = '''ghp_[0-9a-zA-Z]{36}''' # Rust regex syntax (RE2-compatible; linear time)
//! secret_group = 1                  # the group holding the secret (default: first that matched)
//! entropy = 3.0                     # least Shannon entropy of the secret, bits/char
//! keywords = ["ghp_"]               # the rule runs only when one occurs (case-insensitive)
//! path = '''\.npmrc$'''             # optional: only in files whose path matches
//! examples = ["token = ghp_…"]      # hookkit's own rules: each must be found
//! negative_examples = ["ghp_xxxx"]  # none may be found by any rule
//! [[rule.allowlist]]                # exceptions (any number)
//! condition = "or"                  # or (default) | and
//! regex_target = "secret"           # secret (default) | match | line
//! regexes = ['''^ghp_0+$''']
//! stopwords = ["example"]
//! ```
//!
//! The fields mirror gitleaks' rule format (`secretGroup`, `regexTarget` in snake case), so
//! `rules/secrets/import_gitleaks.py` converts gitleaks' rules (MIT) one to one;
//! `rules/secrets/import_kingfisher.py` converts a selection of Kingfisher's (Apache-2.0:
//! provider formats with a distinctive prefix that no other rule finds). Besides
//! the allowlists, [`is_placeholder`] drops obvious placeholders for every rule.
//!
//! - [`Scanner`]: the engine (keyword prefilter, lazy regexes, entropy, allowlists).
//! - [`mask`](mask::mask), [`digest`](mask::digest), [`redact`](mask::redact): the only
//!   forms in which a found secret leaves hookkit.

mod command_line;
mod disjoint;
mod engine;
pub mod mask;
mod model;
mod prefix;
mod stream;

pub use command_line::{SEARCH_REACH, command_line_matches};
pub(crate) use engine::AUTOMATON_FROM;
pub use engine::{
    ScanMemo, Scanner, SecretMatch, WindowedScanner, is_placeholder, shannon_entropy,
};
pub use model::{Allowlist, Condition, RegexTarget, SecretRule, SecretRuleFile};
pub use stream::{LocatedMatch, StreamLimits, StreamedScan};

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The id of the finding for the value of one of the process's own secret-named
/// environment variables (see [`environment_secrets`]).
pub const ENVIRONMENT_VALUE_RULE: &str = "secrets.environment-value";

/// Secret rules as loaded, before building a [`Scanner`].
#[derive(Debug, Clone, Default)]
pub struct SecretRuleSet {
    /// Every rule, in file order.
    pub rules: Vec<SecretRule>,
    /// The file-wide allowlists of every file.
    pub allowlists: Vec<Allowlist>,
}

impl SecretRuleSet {
    /// The secret rules compiled into hookkit (`crates/policy/rules/secrets/`), without
    /// their examples.
    ///
    /// # Errors
    /// [`Error::Invalid`] when an embedded file does not fit the model (a broken build).
    pub fn builtin() -> Result<SecretRuleSet, Error> {
        Self::embedded(|(_, lean, _)| lean)
    }

    /// [`SecretRuleSet::builtin`] with the examples.
    ///
    /// # Errors
    /// As [`SecretRuleSet::builtin`].
    pub fn builtin_with_examples() -> Result<SecretRuleSet, Error> {
        Self::embedded(|(_, _, full)| full)
    }

    fn embedded(
        pick: impl Fn(&(&str, &'static str, &'static str)) -> &'static str,
    ) -> Result<SecretRuleSet, Error> {
        let mut set = SecretRuleSet::default();
        for (origin, file) in crate::rules::embedded_files::<SecretRuleFile>("secrets", pick)? {
            set.add_file(file, &origin);
        }
        Ok(set)
    }

    /// Load users' secret rule files, validated.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::Parse`] with file:line:column, or [`Error::Invalid`].
    pub fn load_files(paths: &[PathBuf]) -> Result<SecretRuleSet, Error> {
        let mut set = SecretRuleSet::default();
        for path in paths {
            let text = crate::small_file::read_text(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let file: SecretRuleFile =
                toml::from_str(&text).map_err(|e| Error::parse(path, &text, &e))?;
            set.add_file(file, path);
        }
        set.validate()?;
        Ok(set)
    }

    fn add_file(&mut self, file: SecretRuleFile, origin: &Path) {
        for mut rule in file.rule {
            rule.source = Some(origin.to_path_buf());
            self.rules.push(rule);
        }
        self.allowlists.extend(file.allowlist);
    }

    /// Ids unique and of the form `secrets.kebab-name`; every rule of hookkit's own (no
    /// `origin`) has examples; every regex compiles.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the rule and its file.
    pub fn validate(&self) -> Result<(), Error> {
        let mut seen = std::collections::HashSet::new();
        for rule in &self.rules {
            let invalid = |message: String| Error::Invalid {
                path: rule.source.clone(),
                message,
            };
            if !crate::rules::valid_rule_id(&rule.id) {
                return Err(invalid(format!(
                    "rule id `{}` is not of the form `family.kebab-name`",
                    rule.id
                )));
            }
            if !seen.insert(rule.id.as_str()) {
                return Err(invalid(format!("rule id `{}` is defined twice", rule.id)));
            }
            if rule.origin.is_none() && rule.examples.is_empty() {
                return Err(invalid(format!(
                    "rule `{}` has no examples; add at least one text it must find",
                    rule.id
                )));
            }
        }
        self.scanner()
            .and_then(|s| {
                s.compile_all().map_err(|message| Error::Invalid {
                    path: None,
                    message,
                })
            })
            .map(|_| ())
    }

    /// A [`Scanner`] over these rules.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the keyword automaton cannot be built.
    pub fn scanner(&self) -> Result<Scanner, Error> {
        Scanner::new(self.rules.clone(), self.allowlists.clone()).map_err(|message| {
            Error::Invalid {
                path: None,
                message,
            }
        })
    }

    /// Consume the set into a [`Scanner`] (no copy).
    ///
    /// # Errors
    /// As [`SecretRuleSet::scanner`].
    pub fn into_scanner(self) -> Result<Scanner, Error> {
        Scanner::new(self.rules, self.allowlists).map_err(|message| Error::Invalid {
            path: None,
            message,
        })
    }
}

/// One example that does not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretExampleFailure {
    /// The rule whose example it is.
    pub rule_id: String,
    /// What went wrong (the example is shown masked: it holds a test secret).
    pub problem: String,
}

impl std::fmt::Display for SecretExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule_id, self.problem)
    }
}

/// Every example of every rule is found by that rule; no negative example is found by any
/// rule.
pub fn check_examples(set: &SecretRuleSet, scanner: &Scanner) -> Vec<SecretExampleFailure> {
    let mut failures = Vec::new();
    for rule in &set.rules {
        let cases = rule
            .examples
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e, true))
            .chain(
                rule.negative_examples
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (i, e, false)),
            );
        for (i, example, positive) in cases {
            let kind = if positive {
                "example"
            } else {
                "negative example"
            };
            let problem = match scanner.scan(example, None) {
                Err(e) => Some(e),
                Ok(found) => {
                    let ids: Vec<&str> = found.iter().map(|m| m.rule_id.as_str()).collect();
                    match (positive, ids.contains(&rule.id.as_str()), ids.is_empty()) {
                        (true, true, _) | (false, _, true) => None,
                        (true, false, _) => Some(format!(
                            "{kind} {} is not found by this rule (found: [{}])",
                            i + 1,
                            ids.join(", ")
                        )),
                        (false, _, false) => {
                            Some(format!("{kind} {} is found by [{}]", i + 1, ids.join(", ")))
                        }
                    }
                }
            };
            if let Some(problem) = problem {
                failures.push(SecretExampleFailure {
                    rule_id: rule.id.clone(),
                    problem,
                });
            }
        }
    }
    failures
}

/// The values of the environment variables whose names say they hold a secret (`TOKEN`,
/// `SECRET`, `KEY`, `PASSWORD`, `PASSWD`, `CREDENTIAL` in the name, any case), from `vars`
/// (as [`std::env::vars_os`] gives them), skipping values shorter than 8 characters,
/// placeholders, and values that are not UTF-8 (no text scanned can hold those verbatim;
/// [`std::env::vars`] would panic on them): the values secret-guard looks for verbatim in
/// tool inputs and outputs. Only a secret-named variable's value is decoded: a hook asks
/// this on every call, of the host's whole environment.
pub fn environment_secrets<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Vec<String>
where
    K: AsRef<std::ffi::OsStr>,
    V: AsRef<std::ffi::OsStr>,
{
    const NAMES: &[&str] = &["TOKEN", "SECRET", "KEY", "PASSWORD", "PASSWD", "CREDENTIAL"];
    // One pass over the name: a name is tried only where its first letter stands.
    let secret_named = |name: &[u8]| {
        (0..name.len()).any(|i| {
            let first = name[i].to_ascii_uppercase();
            NAMES.iter().any(|n| {
                n.as_bytes()[0] == first
                    && name[i..]
                        .get(..n.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(n.as_bytes()))
            })
        })
    };
    let mut out: Vec<String> = vars
        .into_iter()
        .filter_map(|(name, value)| {
            if !secret_named(name.as_ref().as_encoded_bytes()) {
                return None;
            }
            let value = value.as_ref().to_str()?;
            (value.chars().count() >= 8 && !is_placeholder(value) && !value.contains(['/', ' ']))
                .then(|| value.to_owned())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// [`environment_secrets`] of this process's environment, worked out once per process: a
/// hook's guard and its audit trail both look for them.
pub fn process_environment_secrets() -> &'static [String] {
    static VALUES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    VALUES.get_or_init(|| environment_secrets(std::env::vars_os()))
}

/// Every occurrence of one of `values` (see [`environment_secrets`]) in `text`, as
/// [`ENVIRONMENT_VALUE_RULE`] matches.
pub fn find_values(text: &str, values: &[String]) -> Vec<SecretMatch> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.is_empty()) {
        for (start, _) in text.match_indices(v.as_str()) {
            out.push(SecretMatch {
                rule_id: ENVIRONMENT_VALUE_RULE.to_owned(),
                start,
                end: start + v.len(),
                match_start: start,
                match_end: start + v.len(),
                masked: mask::mask(v),
                digest: mask::digest(v),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_secrets_pick_secret_names_and_real_values() {
        let vars = [
            ("GITHUB_TOKEN", "ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9"),
            ("HOME", "/home/user"),
            ("API_KEY", "short"),
            ("DB_PASSWORD", "changeme-please"),
            ("SSH_KEY_PATH", "/home/user/.ssh/id"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()));
        assert_eq!(
            environment_secrets(vars),
            vec!["ghp_FAKE0000aB3dE5fG7hJ9kL1mN3pQ5rS7tU9".to_owned()]
        );
    }

    #[test]
    #[cfg(unix)]
    fn environment_secrets_take_any_case_of_name_and_skip_values_that_are_not_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let vars = [
            ("my_api_token".into(), "FAKE0000lowercaseName1".into()),
            (
                "DB_PASSWORD".into(),
                std::ffi::OsString::from_vec(b"FAKE\xff0000xyz".to_vec()),
            ),
            (
                std::ffi::OsString::from_vec(b"X\xffY".to_vec()),
                "FAKE0000notsecretnamed".into(),
            ),
        ];
        assert_eq!(
            environment_secrets::<std::ffi::OsString, std::ffi::OsString>(vars),
            vec!["FAKE0000lowercaseName1".to_owned()]
        );
    }

    #[test]
    fn find_values_finds_every_occurrence() {
        let v = vec!["FAKE0000VALUE".to_owned()];
        let found = find_values("a FAKE0000VALUE b FAKE0000VALUE", &v);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rule_id, ENVIRONMENT_VALUE_RULE);
    }
}
