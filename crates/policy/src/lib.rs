//! hookkit-policy: the library every hookkit guard shares.
//!
//! - [`call`]: the host-neutral [`ToolCall`].
//! - [`decision`]: [`Finding`], [`Verdict`], [`Decision`].

pub mod call;
pub mod decision;

pub use call::{Event, Host, McpCall, ToolCall, ToolKind};
pub use decision::{ActionClass, Decision, Finding, Severity, Span, Verdict};
