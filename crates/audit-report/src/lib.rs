//! hookkit-audit: read hookkit's audit trail (the JSON Lines written by command-guard and
//! secret-guard unless `[audit] enabled = false`; format in `hookkit_audit_trail::record`)
//! and answer, after the fact: what did the agent ask to do, under which policy, what did
//! hookkit decide, and what actually ran.
//!
//! - [`load`]: the trail files streamed line by line into records that borrow from the
//!   line (constant memory whatever the trail's size).
//! - [`join`]: records into calls as they stream past, pre and post joined by session and
//!   call id; compact state (interned strings, one-byte sets).
//! - [`report()`]: counts, denials and asks, production changes, completeness; a table and
//!   JSON.
//! - [`replay`]: one session as a narrative, intent → decision → outcome.
//! - [`verify`](mod@verify): the hash chain checked, every edited, removed, reordered or
//!   truncated record named with its file and line.

pub mod join;
pub mod load;
pub mod replay;
pub mod report;
pub mod verify;

pub use join::{Call, Calls, Fate, Options, read};
pub use load::LoadError;
pub use report::{Filter, Report, report};
