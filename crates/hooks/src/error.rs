//! [`HookError`]: everything that can stop hookkit from checking a tool call.
//!
//! Every variant ends up as the configured `on_error` decision (see [`crate::run`]); its
//! `Display` text becomes part of the reason shown to the model and the person, so it
//! never quotes the input beyond a short, truncated event or tool name.

use hookkit_policy::Host;

/// Why a hook payload could not be turned into a [`hookkit_policy::ToolCall`], or why the
/// guard could not decide on it.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// The payload is larger than the configured limit (`RunSettings::max_input_bytes`,
    /// 4 MiB by default). `size` is a lower bound: reading stops one byte past the limit.
    #[error("the hook input is at least {size} bytes, over the {limit}-byte limit")]
    Oversize {
        /// Bytes seen (at least `limit + 1`).
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The payload is not UTF-8.
    #[error("the hook input is not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The payload is not JSON. The source error gives line and column, never input text.
    #[error("the hook input is not valid JSON ({0})")]
    MalformedJson(#[source] serde_json::Error),
    /// The payload is JSON but not an object.
    #[error("the hook input is JSON but not an object")]
    NotAnObject,
    /// No `--host` was given and [`crate::detect`] did not recognise the payload.
    #[error("could not tell which agent host sent the hook input (pass --host)")]
    UnknownHost,
    /// The host sent an event hookkit does not handle (or no event name at all).
    #[error("{host} sent an event hookkit does not handle: {event}")]
    UnknownEvent {
        /// The host the payload was parsed for.
        host: Host,
        /// The event name as sent, quoted and truncated to 64 characters, or
        /// `no event name`.
        event: String,
    },
    /// A field the event needs is missing or has the wrong type.
    #[error("{host} `{event}` input has no usable `{field}` ({expected})")]
    MissingField {
        /// The host the payload was parsed for.
        host: Host,
        /// The host's event name.
        event: String,
        /// The field's path in the payload (`tool_input.command`).
        field: String,
        /// What was expected there (`a string`, `an object`…).
        expected: &'static str,
    },
    /// Reading the payload from stdin failed.
    #[error("reading the hook input failed: {0}")]
    Io(#[from] std::io::Error),
    /// The guard returned an error. The text is the guard's own error message, truncated
    /// to 200 characters; guards must not put secrets in their errors.
    #[error("the guard failed: {0}")]
    Guard(String),
    /// The guard panicked. The panic message is deliberately not kept: it could quote
    /// the input.
    #[error("the guard panicked")]
    GuardPanicked,
}

impl HookError {
    /// A [`HookError::UnknownEvent`] for `event`, quoted and truncated so that a hostile
    /// payload cannot put a long text into the reason.
    pub(crate) fn unknown_event(host: Host, event: Option<&str>) -> Self {
        let event = match event {
            Some(name) => format!("{:?}", truncate(name, 64)),
            None => "no event name".to_string(),
        };
        HookError::UnknownEvent { host, event }
    }

    /// A [`HookError::MissingField`].
    pub(crate) fn missing(
        host: Host,
        event: &str,
        field: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        HookError::MissingField {
            host,
            event: truncate(event, 64).to_string(),
            field: field.into(),
            expected,
        }
    }
}

/// The first `max` characters of `text`.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}
