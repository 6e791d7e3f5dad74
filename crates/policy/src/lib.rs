//! hookkit-policy: the library every hookkit guard shares.
//!
//! - [`call`]: the host-neutral [`ToolCall`].
//! - [`decision`]: [`Finding`], [`Verdict`], [`Decision`].
//! - [`rules`]: rules as data (TOML under `crates/policy/rules/`, embedded at build time)
//!   and the check of every rule against its own examples.
//! - [`command`]: command rules applied to a shell command line.
//! - [`aws`]: the AWS action tables: `aws` commands → IAM actions → access levels.
//! - [`mcp`]: what an MCP tool call stands for (an AWS MCP Server call as its `aws` line).
//! - [`decide`](mod@decide): findings and configuration to a [`Decision`].
//! - [`config`]: layered TOML configuration and its JSON Schema; who may loosen it.
//! - [`trust`]: the records of configuration files a person trusted (`hookkit trust`).
//! - [`profile`]: graduated autonomy: action class × environment → allow, ask or deny.
//! - [`tamper`]: no tool call may change hookkit's configuration, binaries or state, or
//!   the hosts' hook settings.
//! - [`state`]: hookkit's own state files: private, locked, SHA-256 digests.
//!
//! The audit trail and its session budgets are crate `hookkit-audit-trail`, which builds on
//! this one; this crate holds their settings (`[audit]`, [`config::AuditConfig`]) and the
//! profiles' budget tables ([`profile::budget`]).

pub mod aws;
mod blob;
pub mod call;
pub mod command;
pub mod config;
pub mod decide;
pub mod decision;
mod error;
pub mod fetch;
pub mod mcp;
pub mod profile;
pub mod rules;
pub mod secret_guard;
pub mod secrets;
pub mod small_file;
pub mod state;
pub mod tamper;
pub mod trust;

pub use call::{Event, Host, McpCall, ToolCall, ToolKind};
pub use config::{Config, ConfigSources};
pub use decide::{decide, decide_trace};
pub use decision::{ActionClass, Decision, Environment, Finding, Severity, Span, Verdict};
pub use error::{Error, Locator};
pub use rules::RuleSet;
