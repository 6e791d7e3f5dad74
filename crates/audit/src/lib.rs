//! hookkit-audit-trail: the audit trail, one JSON line per guard decision, before and
//! after each tool call, from which every agent tool call can be reconstructed (who, what,
//! why, decision, outcome); and the session budgets counted beside it.
//!
//! The guards record through [`record()`] (crate `hookkit-hooks`) and count budgets through
//! [`budget::apply`] (command-guard); `hookkit-audit` reads the trail back. What this crate
//! needs of the policy it takes from `hookkit-policy` (the [`ToolCall`], the [`Decision`],
//! the secret rules that mask the purpose, the `[audit]` settings and the profiles'
//! budget tables), and `hookkit-policy` knows nothing of the trail: the dependency goes one
//! way.
//!
//! - [`record`](mod@record): the [`AuditRecord`] of one hook call: identity (host, session, the host's
//!   call id, cwd, agent), permission (decision, rule ids, profile, classes,
//!   environments), purpose (the host's statement of intent, masked) and, after the tool
//!   ran, its outcome (status, exit code, output size and digest).
//! - [`outcome`]: the outcome fields, read from each host's post-tool payload (for Codex,
//!   also from its transcript: [`codex_transcript`]).
//! - [`purpose`]: the purpose text and the command, with every secret masked by the secret
//!   rules and every random-looking word by its digest.
//! - [`store`]: where records go (one file per day under the XDG state directory, split at
//!   a size limit) and the locked, atomic append that concurrent hook processes share.
//! - [`chain`]: the hash chain (`seq`, `prev`) that makes an edited, removed, reordered or
//!   truncated record visible to `hookkit-audit verify`.
//! - [`retention`]: how long the trail is kept (`retain_days`, `retain_bytes`), pruned when
//!   a new file starts.
//! - [`budget`]: per-session caps on calls of an action class, counted under a lock in the
//!   trail directory's `sessions/`.
//! - [`otlp`]: optional export of each record as an OpenTelemetry log record.
//!
//! A record never holds a tool's input or output: only digests, sizes, and the purpose and
//! command masked by the secret rules and a mask of random-looking words ([`purpose`]), so
//! a secret in a command or an output never reaches the trail.

pub mod budget;
pub mod chain;
pub mod codex_transcript;
pub mod otlp;
pub mod outcome;
pub mod payload;
pub mod purpose;
pub mod record;
pub mod retention;
pub mod store;

pub use record::{AuditRecord, Phase};
pub use store::{Trail, append};

pub use hookkit_policy::state::digest;

use hookkit_policy::Error;
use hookkit_policy::call::ToolCall;
use hookkit_policy::config::Config;
use hookkit_policy::decision::Decision;

/// The version of the record format, the `v` field of every record.
/// Version 3 added the hash chain (`seq`, `prev`) and `args`.
pub const FORMAT_VERSION: u32 = 3;

/// Record one hook call made by `guard` under `config`: build the [`AuditRecord`] of
/// `decision` on `call` (`None` when the input could not be parsed) from the raw hook
/// `input`, append it to the trail of `config.audit`, and export it over OTLP when an
/// endpoint is configured (best effort, bounded by its timeout; the local record is written
/// first).
///
/// # Errors
/// [`Error::Io`] naming the trail file when it cannot be written, or [`Error::Invalid`]
/// when no trail location is known (no `$HOME`, no `[audit] dir` or `path`).
pub fn record(
    guard: &str,
    config: &Config,
    call: Option<&ToolCall>,
    decision: &Decision,
    input: &[u8],
) -> Result<AuditRecord, Error> {
    let mut rec = AuditRecord::new(guard, call, decision, input).with_profile(&config.profile);
    let trail = Trail::from_config(&config.audit)?;
    trail.append(&mut rec)?;
    if let Some(endpoint) = &config.audit.otlp_endpoint {
        let _ = otlp::export(endpoint, config.audit.otlp_timeout_ms, &rec);
    }
    Ok(rec)
}
