//! A server's stream of Server-Sent Events whose response head waits for its first event
//! (features `stream` and `axum`), so that an error before any content goes out as a
//! real HTTP error response instead of a `200` stream with an error inside it.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_core::Stream;

use super::{Event, end_event, error_event};
use crate::CatalogError;

/// The response of a streamed answer: `events` yields the answer's content events, or
/// an error (a catalog's `ApiError`).
///
/// The response head is held until `events` yields its first item:
///
/// * an error first: the error's own HTTP response — its status, the envelope,
///   `x-should-retry` and, with a delay attached, `Retry-After` and `retry-after-ms`
///   ([`crate::http::response`]) — so clients retry it as any failed request;
/// * an event first: `200` with `content-type: text/event-stream`, that event and the
///   ones after it; an error after content is sent as an error event in the catalog's
///   shape ([`error_event`](super::error_event)) and ends the stream; a stream that ends
///   normally gets the catalog's end (`data: [DONE]`, or its end event).
///
/// The example server (`catalog/examples/server`) serves its `/stream/…` routes with it.
pub async fn respond<S, E>(events: S) -> Response
where
    S: Stream<Item = Result<Event, E>> + Send + 'static,
    E: CatalogError,
{
    let mut events = Box::pin(events);
    let first = std::future::poll_fn(|cx| events.as_mut().poll_next(cx)).await;
    let first = match first {
        Some(Err(error)) => return crate::http::response(&error).into_response(),
        Some(Ok(event)) => Some(Bytes::from(event.encode())),
        None => None,
    };
    let body = SseBody::<E> {
        first,
        rest: events,
        ended: false,
    };
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-cache"),
    );
    response
}

type Events<E> = Pin<Box<dyn Stream<Item = Result<Event, E>> + Send>>;

/// The body after the first event: the rest, an error as its event, then the end.
struct SseBody<E> {
    first: Option<Bytes>,
    rest: Events<E>,
    ended: bool,
}

impl<E: CatalogError> Stream for SseBody<E> {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        if this.ended {
            return Poll::Ready(None);
        }
        match this.rest.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(event))) => Poll::Ready(Some(Ok(Bytes::from(event.encode())))),
            Poll::Ready(Some(Err(error))) => {
                this.ended = true;
                Poll::Ready(Some(Ok(Bytes::from(error_event(&error)))))
            }
            Poll::Ready(None) => {
                this.ended = true;
                Poll::Ready(end_event::<E>().map(|end| Ok(Bytes::from(end))))
            }
        }
    }
}
