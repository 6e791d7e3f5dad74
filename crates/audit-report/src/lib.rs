//! hookkit-audit: read hookkit's audit trail (the JSON Lines written by command-guard and
//! secret-guard when `[audit] enabled = true`; format in `hookkit_policy::audit::record`)
//! and answer, after the fact: what did the agent ask to do, under which policy, what did
//! hookkit decide, and what actually ran.
//!
//! - [`load`]: the trail files into records (parsed on every core).
//! - [`join`]: records into calls, pre and post joined by session and call id.
//! - [`report`]: counts, denials and asks, production changes, completeness; a table and
//!   JSON.
//! - [`replay`]: one session as a narrative, intent → decision → outcome.

pub mod join;
pub mod load;
pub mod replay;
pub mod report;

pub use join::{Call, Fate, join};
pub use load::{LoadError, Trail};
pub use report::{Filter, Report, report};
