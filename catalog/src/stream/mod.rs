//! Errors inside a stream of Server-Sent Events: what an event means (the retry
//! specification, `docs/spec/retry.md`, section 14).
//!
//! An LLM API streams most answers as Server-Sent Events after a `200`; an error that
//! happens then arrives as an event. [`ErrorObject::from_stream_event`] (and each
//! catalog's `ApiError::from_stream_event`) reads one event — its name and its data — into
//! [`StreamEvent::Error`] with the same `ApiError`, code, type and retry policy that a
//! response of that error would give, [`StreamEvent::End`] for the catalog's end of a
//! complete stream, or [`StreamEvent::Content`]. It recognises the three shapes seen on
//! the wire whatever the catalog declares (a client may talk to a proxy of another API):
//!
//! * the envelope as the data of a plain event, `data: {"error": {"message", "type",
//!   "code"}}`;
//! * a named error event carrying an envelope-like object, `event: error` +
//!   `{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}`;
//! * a flat object, `{"type": "error", "code", "message", "param"}`, and
//!   `{"type": "response.failed", "response": {"error": {"code", "message"}}}`.
//!
//! An error read from a stream has no HTTP status of its own ([`ErrorObject::http_status`]
//! is `None`); [`ErrorObject::status`] is the catalog's status for its code or type, else
//! 500, and its retry policy follows from it.
//!
//! Classifying costs next to nothing for content: an event is parsed as JSON only when
//! its data can hold one of the shapes (an object that spells `"error"`, or holds a `\u`
//! escape that could) or when its name is `error`.
//!
//! ```
//! # #[cfg(feature = "llm-kiwi")] {
//! use kiwi_errors::{ApiError, ErrorCode, stream::StreamEvent};
//!
//! let data = r#"{"error": {"message": "Overloaded", "type": "server_error", "code": "service_unavailable"}}"#;
//! let StreamEvent::Error(err) = ApiError::from_stream_event("message", data) else { panic!() };
//! assert_eq!(err.code(), Some(&ErrorCode::ServiceUnavailable));
//! assert_eq!(err.http_status(), None); // nothing on the wire: the stream's status was 200
//! assert_eq!(err.status(), 503);        // the catalog's status for the code
//! assert!(err.is_retryable());
//!
//! assert!(matches!(ApiError::from_stream_event("message", r#"{"choices": []}"#), StreamEvent::Content));
//! // The catalog's end of a stream (llm.kiwi's: `data: [DONE]`).
//! if let Some(kiwi_errors::stream::StreamEnd::Data(end)) = ErrorCode::STREAM.and_then(|f| f.end) {
//!     assert!(matches!(ApiError::from_stream_event("message", end), StreamEvent::End));
//! }
//! # }
//! ```

use serde_json::{Map, Value};

#[cfg(feature = "stream")]
mod events;
#[cfg(feature = "stream")]
pub use crate::retry::IncompleteStream;
#[cfg(feature = "stream")]
pub use events::{Event, Events};
#[cfg(all(feature = "stream", feature = "axum"))]
pub mod axum;
#[cfg(all(feature = "stream", feature = "tower"))]
pub mod tower;

use crate::object::{as_text, text_message};
use crate::{CatalogCode, CatalogError, CatalogName, ErrorObject};

/// How a catalog's API sends errors in a stream and ends a complete one: the catalog's
/// `[stream]` table, as [`CatalogCode::stream`] gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamFormat {
    /// The event name errors are sent as; `message` is an event without an `event:`
    /// line.
    pub event: &'static str,
    /// The shape of an error event's data.
    pub shape: StreamShape,
    /// How a complete stream ends, if the API marks it; `None`: the body's end is the end.
    pub end: Option<StreamEnd<'static>>,
}

/// The data of an error event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamShape {
    /// The error envelope, `{"error": {"message", "type", "code", "param"}}`.
    Envelope,
    /// A named error object, `{"type": "error", "error": {...}}`.
    Named,
    /// A flat error object, `{"type": "error", "code", "message", "param"}`.
    Flat,
}

/// How a complete stream ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamEnd<'a> {
    /// An event whose data is exactly this text (`[DONE]`).
    Data(&'a str),
    /// An event with this name (`message_stop`).
    Event(&'a str),
}

impl StreamEnd<'_> {
    /// Whether an event with this name and data is this end.
    pub fn is(&self, name: &str, data: &str) -> bool {
        match *self {
            StreamEnd::Data(end) => data == end,
            StreamEnd::Event(end) => name == end,
        }
    }
}

/// What one event of a stream is (the retry specification, section 14.1).
#[derive(Clone, Debug, PartialEq)]
pub enum StreamEvent<E> {
    /// The end of a complete stream.
    End,
    /// An error: the stream failed.
    Error(E),
    /// Anything else: part of the answer.
    Content,
}

impl<E> StreamEvent<E> {
    /// The event with its error mapped (`ErrorObject` to a catalog's `ApiError`).
    pub fn map<F>(self, f: impl FnOnce(E) -> F) -> StreamEvent<F> {
        match self {
            StreamEvent::End => StreamEvent::End,
            StreamEvent::Error(e) => StreamEvent::Error(f(e)),
            StreamEvent::Content => StreamEvent::Content,
        }
    }

    /// The error, if the event is one.
    pub fn error(&self) -> Option<&E> {
        match self {
            StreamEvent::Error(e) => Some(e),
            _ => None,
        }
    }
}

/// Whether data can hold one of the error shapes: it is an object and spells `"error"`
/// or holds an escape that could spell it. Content deltas fail this at the cost of a
/// substring search.
fn may_hold_error(data: &str) -> bool {
    data.trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
        && (data.contains("\"error\"") || data.contains("\\u"))
}

impl<C: CatalogCode> ErrorObject<C> {
    /// What one event of a stream is — the end, an error or content — by the catalog's
    /// end of a stream ([`CatalogCode::stream`]) and the retry specification, section
    /// 14.1. `name` is the event's name (`message` when it has no `event:` line), `data`
    /// its data lines joined with `\n`. Never fails: data that is not JSON, or JSON of
    /// another shape, is content (unless the event is named `error`).
    pub fn from_stream_event(name: &str, data: &str) -> StreamEvent<Self> {
        Self::from_stream_event_with(
            name,
            data,
            C::stream().and_then(|format| format.end),
            Self::status_type,
        )
    }

    /// [`ErrorObject::from_stream_event`] with the catalog's end of a stream and the type
    /// of a status given (for a catalog known only at run time, such as the generator's
    /// model).
    pub fn from_stream_event_with(
        name: &str,
        data: &str,
        end: Option<StreamEnd<'_>>,
        status_type: impl FnOnce(u16) -> C::Type,
    ) -> StreamEvent<Self> {
        if end.is_some_and(|end| end.is(name, data)) {
            return StreamEvent::End;
        }
        let named_error = name == "error";
        if !named_error && !may_hold_error(data) {
            return StreamEvent::Content;
        }
        // A conforming envelope reads fast and gives what the general reading would
        // (as for a response, `ErrorObject::from_http_response`).
        if let Ok(error) = Self::from_json(data.as_bytes()) {
            return StreamEvent::Error(error);
        }
        // The stream type: the type of status 500 (section 14.2).
        let stream_type = move || status_type(500);
        let value = serde_json::from_str::<Value>(data).ok();
        if let Some(Value::Object(o)) = &value {
            if let Some((e, reads_type)) = error_member(o) {
                let message = match e.get("message") {
                    Some(Value::String(m)) => m.clone(),
                    _ => text_message(data.as_bytes()),
                };
                let error_type = match e.get("type") {
                    Some(Value::String(t)) if reads_type => C::Type::parse(t),
                    _ => stream_type(),
                };
                let mut error = ErrorObject::new(error_type, message);
                if let Some(code) = e.get("code").and_then(as_text) {
                    error = error.with_code(C::parse(&code));
                }
                if let Some(param) = e.get("param").and_then(as_text) {
                    error = error.with_param(param);
                }
                return StreamEvent::Error(error);
            }
        }
        if named_error {
            StreamEvent::Error(ErrorObject::new(
                stream_type(),
                text_message(data.as_bytes()),
            ))
        } else {
            StreamEvent::Content
        }
    }
}

/// The object an error is read from (section 14.1, step 2), and whether its `type`
/// member names the error (it does not in the flat form, where it names the event).
fn error_member(o: &Map<String, Value>) -> Option<(&Map<String, Value>, bool)> {
    if let Some(Value::Object(e)) = o.get("error") {
        return Some((e, true));
    }
    match o.get("type") {
        Some(Value::String(t)) if t == "error" => Some((o, false)),
        Some(Value::String(t)) if t == "response.failed" => match o.get("response") {
            Some(Value::Object(response)) => match response.get("error") {
                Some(Value::Object(e)) => Some((e, true)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// An error as the Server-Sent Event a server sends it in, in the catalog's shape
/// ([`CatalogError::stream_format`]; the envelope as the data of an event without a
/// name when the catalog has no `[stream]` table): `event: <name>` (left out for
/// `message`), then `data: <json>`, then a blank line. Reading it back with
/// [`CatalogError::from_stream_event`] gives the same error.
pub fn error_event<E: CatalogError>(error: &E) -> String {
    let format = E::stream_format();
    let name = format.map_or("message", |f| f.event);
    let shape = format.map_or(StreamShape::Envelope, |f| f.shape);
    let body = error.to_json();
    let data = match shape {
        StreamShape::Envelope => body,
        StreamShape::Named | StreamShape::Flat => {
            let inner = match serde_json::from_str::<Value>(&body) {
                Ok(Value::Object(mut envelope)) => match envelope.remove("error") {
                    Some(Value::Object(inner)) => inner,
                    _ => Map::new(),
                },
                _ => Map::new(),
            };
            let mut out = Map::new();
            out.insert("type".into(), Value::from("error"));
            if shape == StreamShape::Named {
                out.insert("error".into(), Value::Object(inner));
            } else {
                for key in ["code", "message", "param"] {
                    if let Some(value) = inner.get(key) {
                        out.insert(key.into(), value.clone());
                    }
                }
            }
            Value::Object(out).to_string()
        }
    };
    let mut event = String::with_capacity(data.len() + 32);
    if name != "message" {
        event.push_str("event: ");
        event.push_str(name);
        event.push('\n');
    }
    event.push_str("data: ");
    event.push_str(&data);
    event.push_str("\n\n");
    event
}

/// The event a server ends a complete stream with, per the catalog: `data: [DONE]`, or
/// an event of the end's name (its data `{"type": "<name>"}`); `None` when the catalog
/// marks no end.
pub fn end_event<E: CatalogError>() -> Option<String> {
    match E::stream_format()?.end? {
        StreamEnd::Data(data) => Some(format!("data: {data}\n\n")),
        StreamEnd::Event(name) => Some(format!(
            "event: {name}\ndata: {}\n\n",
            serde_json::json!({ "type": name })
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_never_reaches_the_json_parser() {
        assert!(!may_hold_error(
            r#"{"choices":[{"delta":{"content":"an \"error\""}}]}"#
        ));
        assert!(!may_hold_error("plain text"));
        assert!(!may_hold_error(r#"["error"]"#));
        assert!(may_hold_error(r#" {"error": {}}"#));
        assert!(may_hold_error(r#"{"\u0065rror": {}}"#));
    }
}
