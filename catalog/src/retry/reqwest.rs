//! reqwest 0.13 integration (feature `reqwest`): a response becomes a typed error or a
//! retry [`Failure`] in one call, the error body read with a size cap; with feature
//! `reqwest-middleware`, [`RetryMiddleware`] retries per the catalog.
//!
//! ```no_run
//! # #[cfg(feature = "llm-kiwi")]
//! # async fn demo() -> Result<(), kiwi_errors::retry::RetryError> {
//! use kiwi_errors::retry::{Retrier, reqwest::classify};
//!
//! let client = reqwest::Client::new();
//! let retrier = Retrier::new(); // one per client
//! let response = retrier
//!     .run_async(|| async { classify(client.get("http://127.0.0.1:8080/ok").send().await).await })
//!     .await?;
//! # let _ = response; Ok(()) }
//! ```

use ::reqwest::Response;

use super::failure::Failure;
use crate::CatalogError;

pub use crate::http::MAX_ERROR_BODY;

/// Reads at most `limit` bytes of a response's body. A body that fails half-way gives
/// what was read; the rest of a longer body is not read.
pub async fn read_capped(response: &mut Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(limit - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// True for a 4xx or 5xx status.
fn is_error(response: &Response) -> bool {
    response.status().is_client_error() || response.status().is_server_error()
}

/// The catalog's error of an error response (the body read up to [`MAX_ERROR_BODY`];
/// never fails, whatever the body: see
/// [`ErrorObject::from_http_response`](crate::ErrorObject::from_http_response)).
pub async fn api_error<E: CatalogError>(mut response: Response) -> E {
    let body = read_capped(&mut response, MAX_ERROR_BODY).await;
    E::from_http_response(response.status().as_u16(), &body)
}

/// The outcome of sending a request, as the retry helper wants it: a 1xx–3xx response
/// is `Ok`; a 4xx or 5xx response is a [`Failure::response`] with its headers and typed
/// error (body read up to [`MAX_ERROR_BODY`]); a request that got no response is a
/// [`Failure::transport`].
pub async fn classify<E: CatalogError>(
    sent: Result<Response, ::reqwest::Error>,
) -> Result<Response, Failure<E>> {
    let mut response = sent.map_err(Failure::transport)?;
    if !is_error(&response) {
        return Ok(response);
    }
    let body = read_capped(&mut response, MAX_ERROR_BODY).await;
    Err(Failure::response(
        response.status().as_u16(),
        response.headers().clone(),
        &body,
    ))
}

/// The outcome of sending a request for a streamed answer (feature `stream`): a 1xx–3xx
/// response's body as its [`Events`](crate::stream::Events) — content events, errors in
/// the stream typed from the catalog —, a 4xx or 5xx response, or no response, as
/// [`classify`] says. `Retrier::run_stream_async` retries it while nothing was
/// delivered.
#[cfg(feature = "stream")]
pub async fn events<E: CatalogError>(
    sent: Result<Response, ::reqwest::Error>,
) -> Result<crate::stream::Events<E>, Failure<E>> {
    let response = classify(sent).await?;
    let headers = response.headers().clone();
    Ok(crate::stream::Events::new(response.bytes_stream(), headers))
}

#[cfg(feature = "reqwest-middleware")]
pub use middleware::RetryMiddleware;

#[cfg(feature = "reqwest-middleware")]
mod middleware {
    use std::marker::PhantomData;
    use std::sync::Arc;

    use ::reqwest::{Request, Response};
    use ::reqwest_middleware::{Error, Middleware, Next};
    use http::Extensions;

    use super::{MAX_ERROR_BODY, is_error, read_capped};
    use crate::CatalogError;
    use crate::retry::clock::{Clock, SystemClock, SystemSleeper};
    use crate::retry::failure::Failure;
    use crate::retry::pace::Cost;
    use crate::retry::retrier::{Retrier, Step};
    use crate::retry::rng::{Random, SplitMix64};
    use crate::retry::tokio::AsyncSleeper;

    macro_rules! middleware_struct {
        ($($default:ty)?) => {
            /// A `reqwest-middleware` middleware that retries per the catalog: the
            /// error code's policy, `x-should-retry`, every server hint
            /// (`retry-after-ms`, `Retry-After`, resets, the IETF `RateLimit` field),
            /// backoff with jitter, the attempts cap, the deadline and the retry budget
            /// of its [`Retrier`], shared by every request of the client.
            ///
            /// With a pacer ([`Retrier::with_pacer`]) every attempt waits for its rate
            /// window and every response's counts are read; a request's scope and token
            /// estimate come from a [`Cost`](crate::retry::pace::Cost) in its extensions
            /// (`RequestBuilder::with_extension`). A wait longer than allowed sends
            /// nothing and fails with `reqwest_middleware::Error::Middleware` holding
            /// the [`RetryError`](crate::retry::RetryError) (reason
            /// [`GiveUpReason::Paced`](crate::retry::GiveUpReason::Paced)), which says
            /// when to come back: `error.downcast_ref::<RetryError<ApiError>>()`.
            ///
            /// A request whose body cannot be cloned (a stream) is sent once. When the
            /// helper gives up on an error response, the caller gets that response (its
            /// body as read, up to [`MAX_ERROR_BODY`]); on a transport error, the error.
            ///
            /// With the feature `tracing`, each request is a `retry` span recording
            /// `http.request.method`, `server.address`, `server.port` and `url.full`, and
            /// each attempt a `retry.attempt` span inside it in which the rest of the
            /// middleware chain runs (see `catalog/docs/retry.md`, "Seeing retries").
            ///
            /// ```no_run
            /// # #[cfg(feature = "llm-kiwi")] {
            /// use std::sync::Arc;
            /// use kiwi_errors::ApiError;
            /// use kiwi_errors::retry::{Retrier, reqwest::RetryMiddleware};
            ///
            /// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            ///     .with(RetryMiddleware::<ApiError>::new(Arc::new(Retrier::new())))
            ///     .build();
            /// # let _ = client; }
            /// ```
            pub struct RetryMiddleware<E $(= $default)?, C = SystemClock, S = SystemSleeper, R = SplitMix64> {
                retrier: Arc<Retrier<C, S, R>>,
                error: PhantomData<fn() -> E>,
            }
        };
    }

    #[cfg(feature = "llm-kiwi")]
    middleware_struct!(crate::ApiError);
    #[cfg(not(feature = "llm-kiwi"))]
    middleware_struct!();

    impl<E, C, S, R> RetryMiddleware<E, C, S, R> {
        /// A middleware retrying through `retrier` (share the `Arc` to share its budget).
        pub fn new(retrier: Arc<Retrier<C, S, R>>) -> Self {
            RetryMiddleware {
                retrier,
                error: PhantomData,
            }
        }

        /// The retrier.
        pub fn retrier(&self) -> &Arc<Retrier<C, S, R>> {
            &self.retrier
        }
    }

    #[async_trait::async_trait]
    impl<E, C, S, R> Middleware for RetryMiddleware<E, C, S, R>
    where
        E: CatalogError,
        C: Clock + Send + Sync + 'static,
        S: AsyncSleeper + Send + Sync + 'static,
        R: Random + Send + 'static,
    {
        async fn handle(
            &self,
            req: Request,
            extensions: &mut Extensions,
            next: Next<'_>,
        ) -> Result<Response, Error> {
            let mut call = self.retrier.begin();
            call.trace().request(&req);
            let cost = extensions.get::<Cost>().cloned().unwrap_or_default();
            loop {
                let permit = match self.retrier.pace(&call, &cost).await {
                    Ok(permit) => permit,
                    Err(error) => {
                        let gave_up = self.retrier.paced_out::<E>(&mut call, error);
                        return Err(Error::middleware(gave_up));
                    }
                };
                let span = self.retrier.start_attempt(&mut call);
                let Some(attempt) = req.try_clone() else {
                    let sent = span.run_async(|| next.run(req, extensions)).await;
                    if let (Some(permit), Ok(response)) = (permit, &sent) {
                        permit.finish(response.status().as_u16(), response.headers());
                    }
                    return sent;
                };
                let sent = span
                    .run_async(|| next.clone().run(attempt, extensions))
                    .await;
                if let (Some(permit), Ok(response)) = (permit, &sent) {
                    permit.finish(response.status().as_u16(), response.headers());
                }
                let (failure, kept) = match sent {
                    Ok(response) if !is_error(&response) => {
                        call.trace().status(response.status().as_u16());
                        // Records the success in the budget.
                        let _ = self.retrier.step::<(), E>(&mut call, Ok(()));
                        return Ok(response);
                    }
                    Ok(mut response) => {
                        let body = read_capped(&mut response, MAX_ERROR_BODY).await;
                        let status = response.status();
                        let headers = response.headers().clone();
                        let failure =
                            Failure::<E>::response(status.as_u16(), headers.clone(), &body);
                        (failure, Some((status, headers, body)))
                    }
                    Err(error) => (Failure::transport(error), None),
                };
                match self.retrier.step::<(), E>(&mut call, Err(failure)) {
                    Step::Sleep(delay) => self.retrier.sleeper().sleep(delay).await,
                    Step::Done(result) => {
                        return match (kept, result) {
                            (Some((status, headers, body)), _) => {
                                let mut response = http::Response::new(body);
                                *response.status_mut() = status;
                                *response.headers_mut() = headers;
                                Ok(Response::from(response))
                            }
                            (None, Err(gave_up)) => {
                                Err(match gave_up.into_last().into_transport() {
                                    Ok(error) => match error.downcast::<Error>() {
                                        Ok(error) => *error,
                                        Err(other) => Error::middleware(OtherError(other)),
                                    },
                                    Err(failure) => {
                                        Error::middleware(OtherError(failure.to_string().into()))
                                    }
                                })
                            }
                            (None, Ok(())) => Err(Error::middleware(OtherError(
                                "retry loop ended without a response".into(),
                            ))),
                        };
                    }
                }
            }
        }
    }

    /// A boxed error as a `std::error::Error`.
    #[derive(Debug)]
    struct OtherError(Box<dyn std::error::Error + Send + Sync>);

    impl std::fmt::Display for OtherError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(&self.0, f)
        }
    }

    impl std::error::Error for OtherError {}
}
