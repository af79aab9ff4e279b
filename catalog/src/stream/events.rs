//! A byte stream of Server-Sent Events as its content events, errors typed from the
//! catalog (feature `stream`).

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http::HeaderMap;

use super::StreamEvent;
use crate::CatalogError;
use crate::retry::Failure;

/// One content event of a stream: what an API streams its answer in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The event's name: its `event:` field, or `message` when it has none.
    pub name: String,
    /// Its data: its `data:` lines joined with `\n`.
    pub data: String,
    /// Its `id:` field, if it has one (a client that resumes sends the last one back as
    /// `Last-Event-ID`).
    pub id: Option<String>,
}

impl Event {
    /// A content event of the given name (`message`: one without an `event:` line).
    pub fn new(name: impl Into<String>, data: impl Into<String>) -> Self {
        Event {
            name: name.into(),
            data: data.into(),
            id: None,
        }
    }

    /// The event as a server sends it: `id:` if it has one, `event:` unless it is
    /// `message`, one `data:` line per line of its data, then a blank line.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(self.data.len() + 32);
        if let Some(id) = &self.id {
            out.push_str("id: ");
            out.push_str(id);
            out.push('\n');
        }
        if self.name != "message" {
            out.push_str("event: ");
            out.push_str(&self.name);
            out.push('\n');
        }
        for line in self.data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }
}

type Decoded = Pin<Box<dyn Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Send>>;

/// The content events of a stream of Server-Sent Events, read from its body's bytes by a
/// standard SSE decoder (the `sse-stream` crate) and each classified by the catalog
/// ([`CatalogError::from_stream_event`]).
///
/// It yields `Ok(event)` for each content event and ends (`None`) after the catalog's
/// end of a stream. It fails — yields one `Err` and ends — with:
///
/// * [`Failure::stream`] on an error event: the typed error, no status of its own;
/// * [`Failure::incomplete`] when the body ends before the catalog's end of a stream
///   (when the catalog declares one; a stream is never silently cut), or when reading
///   the body fails after content was delivered;
/// * [`Failure::transport`] when reading or decoding the body fails before any content.
///
/// Each failure records whether content was delivered before it, so the retry helper
/// retries a stream only while it has delivered nothing (the retry specification,
/// section 14.4). Malformed data never fails it: what is not an error is content.
pub struct Events<E> {
    inner: Decoded,
    headers: Option<HeaderMap>,
    delivered: bool,
    done: bool,
    ends: bool,
    _error: std::marker::PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for Events<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("delivered", &self.delivered)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<E: CatalogError> Events<E> {
    /// The events of a stream's body: any `Stream` of byte chunks (`Bytes`, `Vec<u8>`,
    /// anything `bytes::Buf`) with an error that is a `std::error::Error`. `headers` are
    /// those of the response that carried the stream; the retry decision reads its hints
    /// from them.
    pub fn new<S, B, X>(body: S, headers: HeaderMap) -> Self
    where
        S: Stream<Item = Result<B, X>> + Send + 'static,
        B: bytes::Buf + Send + 'static,
        X: Error + Send + Sync + 'static,
    {
        Events {
            inner: Box::pin(sse_stream::SseByteStream::new(body)),
            headers: Some(headers),
            delivered: false,
            done: false,
            ends: E::stream_format().is_some_and(|format| format.end.is_some()),
            _error: std::marker::PhantomData,
        }
    }

    /// Whether a content event was yielded already.
    pub fn delivered(&self) -> bool {
        self.delivered
    }

    /// The headers of the response that carried the stream, until a failure takes them.
    pub(crate) fn response_headers(&self) -> Option<&HeaderMap> {
        self.headers.as_ref()
    }

    fn fail(&mut self, failure: Failure<E>) -> Poll<Option<Result<Event, Failure<E>>>> {
        self.done = true;
        Poll::Ready(Some(Err(failure)))
    }

    fn headers(&mut self) -> HeaderMap {
        self.headers.take().unwrap_or_default()
    }
}

impl<E: CatalogError> Stream for Events<E> {
    type Item = Result<Event, Failure<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            let sse = match this.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) if this.ends => {
                    let failure = Failure::incomplete(this.headers(), this.delivered);
                    return this.fail(failure);
                }
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(error))) => {
                    let failure = if this.delivered {
                        Failure::incomplete(this.headers(), true)
                    } else {
                        Failure::transport(error)
                    };
                    return this.fail(failure);
                }
                Poll::Ready(Some(Ok(sse))) => sse,
            };
            // A block without data (a comment, `retry:` or `id:` alone) is not an event.
            let Some(data) = sse.data else { continue };
            let name = sse.event.unwrap_or_else(|| String::from("message"));
            match E::from_stream_event(&name, &data) {
                StreamEvent::End => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                StreamEvent::Error(error) => {
                    let failure = Failure::stream(error, this.headers(), this.delivered);
                    return this.fail(failure);
                }
                StreamEvent::Content => {
                    this.delivered = true;
                    return Poll::Ready(Some(Ok(Event {
                        name,
                        data,
                        id: sse.id,
                    })));
                }
            }
        }
    }
}

/// The events of a byte stream whose response headers are unknown (no hints).
impl<E: CatalogError> Events<E> {
    /// [`Events::new`] without response headers.
    pub fn from_bytes<S, X>(body: S) -> Self
    where
        S: Stream<Item = Result<Bytes, X>> + Send + 'static,
        X: Error + Send + Sync + 'static,
    {
        Events::new(body, HeaderMap::new())
    }
}
