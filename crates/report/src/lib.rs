//! hookkit-report: the finding writers every hookkit tool shares (skill-lint,
//! plugin-manifest, `secret-guard scan`), and the stdout/stderr writer of every binary.
//!
//! - [`model`]: the neutral result model: a [`Diagnostic`] (rule id, [`Level`], message,
//!   path, 1-based [`Region`], optional help text, logical location and fingerprints) and a
//!   [`RuleDescriptor`] (id, descriptions, help, default level).
//! - [`sarif`](mod@sarif): one SARIF 2.1.0 log ([`sarif()`]), OASIS SARIF Version 2.1.0
//!   Errata 01, and the artifact URI of a path ([`artifact_uri`]).
//! - [`github`](mod@github): GitHub Actions workflow commands ([`github()`]),
//!   `::error file=…,line=…,col=…,title=…::message`.
//! - [`output`]: writing to stdout and stderr without panicking on a closed pipe
//!   ([`output::print()`], [`output::eprint()`]), for every hookkit binary.
//! - `schema` (feature `schema`, for tests): validation of a log against the vendored
//!   official SARIF 2.1.0 JSON schema.
//!
//! Each tool maps its own findings to [`Diagnostic`]s; the writers decide nothing about
//! what a tool reports, only how it is spelled.
//!
//! ```
//! use hookkit_report::{Diagnostic, Level, Region, RuleDescriptor, github, sarif};
//!
//! let rules = [RuleDescriptor::new("demo.rule")];
//! let found = [Diagnostic::new("demo.rule", Level::Warning, "a, b: c", "dir/a b.md")
//!     .at(Region::new(3, 5))];
//! let log = sarif("demo", "0.1.0", "https://example.org", &rules, &found);
//! assert_eq!(
//!     log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
//!     "dir/a%20b.md"
//! );
//! assert_eq!(
//!     github(&found),
//!     "::warning file=dir/a b.md,line=3,col=5,title=demo.rule::a, b: c\n"
//! );
//! ```

pub mod github;
pub mod model;
pub mod output;
pub mod sarif;
#[cfg(feature = "schema")]
pub mod schema;

pub use github::github;
pub use model::{Diagnostic, Level, LogicalLocation, Region, RuleDescriptor};
pub use sarif::{SARIF_SCHEMA_URI, artifact_uri, sarif};
