//! Streams through a tower client (features `stream` and `tower`): a layer that reads a
//! streamed answer up to its first event, so that [`CatalogPolicy`] retries a stream
//! that fails before any content, as [`Retrier::run_stream_async`] does.
//!
//! [`CatalogPolicy`]: crate::retry::tower::CatalogPolicy
//! [`Retrier::run_stream_async`]: crate::retry::Retrier::run_stream_async

use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http_body::{Body, Frame};

use super::StreamEvent;
use crate::CatalogError;
use crate::http::MAX_ERROR_BODY;

/// A tower layer that reads each response up to what the retry decision needs: an error
/// response's body (up to 64 KiB), and a streamed answer's (`text/event-stream`) first
/// event. Put it below a `RetryLayer` of [`CatalogPolicy`](crate::retry::tower::CatalogPolicy):
/// the policy then retries an error response, and a stream whose first event is an error,
/// per the catalog; a stream whose first event is content is handed on and never sent
/// again.
#[derive(Debug)]
pub struct FirstEventLayer<E> {
    error: PhantomData<fn() -> E>,
}

impl<E> FirstEventLayer<E> {
    /// The layer, typing errors with the catalog of `E` (a catalog's `ApiError`).
    pub fn new() -> Self {
        FirstEventLayer { error: PhantomData }
    }
}

impl<E> Default for FirstEventLayer<E> {
    fn default() -> Self {
        FirstEventLayer::new()
    }
}

impl<E> Clone for FirstEventLayer<E> {
    fn clone(&self) -> Self {
        FirstEventLayer::new()
    }
}

impl<S, E> ::tower::Layer<S> for FirstEventLayer<E> {
    type Service = FirstEvent<S, E>;

    fn layer(&self, inner: S) -> FirstEvent<S, E> {
        FirstEvent {
            inner,
            error: PhantomData,
        }
    }
}

/// The service of [`FirstEventLayer`].
#[derive(Debug)]
pub struct FirstEvent<S, E> {
    inner: S,
    error: PhantomData<fn() -> E>,
}

impl<S: Clone, E> Clone for FirstEvent<S, E> {
    fn clone(&self) -> Self {
        FirstEvent {
            inner: self.inner.clone(),
            error: PhantomData,
        }
    }
}

/// A response body read as far as the retry decision needs (see [`FirstEventLayer`]).
pub struct Peeked<B, E> {
    kind: PeekedKind<B, E>,
}

enum PeekedKind<B, E> {
    /// An error response's body, read.
    Read(Option<Bytes>),
    /// A stream whose first event is an error: the error, and the bytes read.
    Failed(E, Option<Bytes>),
    /// A stream whose first event is content (or any other success): the bytes read,
    /// then the rest of the body.
    Streaming(VecDeque<Bytes>, B),
}

impl<B, E> Peeked<B, E> {
    /// The bytes read so far (all of an error response's body).
    pub fn read(&self) -> &[u8] {
        match &self.kind {
            PeekedKind::Read(bytes) | PeekedKind::Failed(_, bytes) => {
                bytes.as_deref().unwrap_or_default()
            }
            PeekedKind::Streaming(read, _) => read.front().map_or(&[][..], |b| &b[..]),
        }
    }

    /// The error of a stream whose first event is one.
    pub fn stream_error(&self) -> Option<&E> {
        match &self.kind {
            PeekedKind::Failed(error, _) => Some(error),
            _ => None,
        }
    }
}

impl<B, E> Body for Peeked<B, E>
where
    B: Body<Data = Bytes> + Unpin,
    E: Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match &mut self.kind {
            PeekedKind::Read(bytes) | PeekedKind::Failed(_, bytes) => {
                Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b))))
            }
            PeekedKind::Streaming(read, rest) => match read.pop_front() {
                Some(b) => Poll::Ready(Some(Ok(Frame::data(b)))),
                None => Pin::new(rest).poll_frame(cx),
            },
        }
    }
}

impl<S, Req, B, E> ::tower::Service<Req> for FirstEvent<S, E>
where
    S: ::tower::Service<Req, Response = http::Response<B>>,
    S::Future: Send + 'static,
    B: Body<Data = Bytes> + Unpin + Send + 'static,
    E: CatalogError,
{
    type Response = http::Response<Peeked<B, E>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Req) -> Self::Future {
        let response = self.inner.call(req);
        Box::pin(async move {
            let response = response.await?;
            let (parts, body) = response.into_parts();
            let failed = parts.status.is_client_error() || parts.status.is_server_error();
            let streamed = parts
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("text/event-stream"));
            let kind = if failed {
                PeekedKind::Read(Some(read_capped(body).await))
            } else if streamed {
                first_event::<B, E>(body).await
            } else {
                PeekedKind::Streaming(VecDeque::new(), body)
            };
            Ok(http::Response::from_parts(parts, Peeked { kind }))
        })
    }
}

/// Reads at most [`MAX_ERROR_BODY`] bytes of a body.
async fn read_capped<B: Body<Data = Bytes> + Unpin>(mut body: B) -> Bytes {
    let mut out = Vec::new();
    while out.len() < MAX_ERROR_BODY {
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            Some(Ok(frame)) => {
                if let Ok(mut data) = frame.into_data() {
                    let take = data.remaining().min(MAX_ERROR_BODY - out.len());
                    out.extend_from_slice(&data.copy_to_bytes(take));
                }
            }
            Some(Err(_)) | None => break,
        }
    }
    Bytes::from(out)
}

/// The first dispatched event of an SSE body: reads frames until the bytes read hold
/// one, and classifies it. A body that ends or fails first, or whose first
/// [`MAX_ERROR_BODY`] bytes hold no event, is handed on as read: a server cannot make
/// the client buffer without bound.
async fn first_event<B, E>(mut body: B) -> PeekedKind<B, E>
where
    B: Body<Data = Bytes> + Unpin,
    E: CatalogError,
{
    let mut read: VecDeque<Bytes> = VecDeque::new();
    let mut joined: Vec<u8> = Vec::new();
    loop {
        if joined.len() > MAX_ERROR_BODY {
            return PeekedKind::Streaming(read, body);
        }
        if let Some((name, data)) = first_complete_event(&joined) {
            return match E::from_stream_event(&name, &data) {
                StreamEvent::Error(error) => PeekedKind::Failed(error, Some(Bytes::from(joined))),
                _ => PeekedKind::Streaming(read, body),
            };
        }
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    joined.extend_from_slice(&data);
                    read.push_back(data);
                }
            }
            Some(Err(_)) | None => return PeekedKind::Streaming(read, body),
        }
    }
}

/// The name and data of the first event with data in `bytes`, once it is complete
/// (decoded by the same SSE decoder the client uses).
fn first_complete_event(bytes: &[u8]) -> Option<(String, String)> {
    use futures_core::Stream;

    if bytes.is_empty() {
        return None;
    }
    let chunk: Result<Bytes, std::convert::Infallible> = Ok(Bytes::copy_from_slice(bytes));
    let mut decoder = sse_stream::SseByteStream::new(Once(Some(chunk)));
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    loop {
        // The input is one ready chunk: every poll is ready.
        match Pin::new(&mut decoder).poll_next(&mut cx) {
            Poll::Ready(Some(Ok(sse))) => {
                if let Some(data) = sse.data {
                    let name = sse.event.unwrap_or_else(|| String::from("message"));
                    return Some((name, data));
                }
            }
            Poll::Ready(Some(Err(_)) | None) | Poll::Pending => return None,
        }
    }
}

/// A stream of one ready item.
struct Once<T>(Option<T>);

impl<T: Unpin> futures_core::Stream for Once<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.0.take())
    }
}
