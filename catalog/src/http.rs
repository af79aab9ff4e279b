//! Framework-free HTTP conversions (feature `http`): a catalog's error as an
//! [`http::Response`] with the status, body and headers the catalog implies, and an
//! HTTP response as a catalog's error.
//!
//! Axum users get the same response from `IntoResponse` (feature `axum`); actix-web,
//! poem or hyper users convert with one call:
//!
//! ```
//! # #[cfg(feature = "llm-kiwi")] {
//! use std::time::Duration;
//! use kiwi_errors::ApiError;
//!
//! let err = ApiError::rate_limit_exceeded().retry_after(Duration::from_millis(1500));
//! let response: http::Response<String> = kiwi_errors::http::response(&err);
//! assert_eq!(response.status(), err.status()); // 429
//! assert_eq!(response.headers()["content-type"], "application/json");
//! // "true": the catalog retries this code.
//! assert_eq!(response.headers()["x-should-retry"], err.is_retryable().to_string());
//! assert_eq!(response.headers()["retry-after"], "2"); // whole seconds, rounded up
//! assert_eq!(response.headers()["retry-after-ms"], "1500");
//! assert_eq!(response.body(), &err.to_json());
//!
//! // Every `ApiError` converts with `Into` too; "false": an invalid key is never retried.
//! let response: http::Response<String> = ApiError::invalid_api_key().into();
//! let retried = ApiError::invalid_api_key().is_retryable();
//! assert_eq!(response.headers()["x-should-retry"], retried.to_string());
//! # }
//! ```

use core::time::Duration;

use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use http::{Response, StatusCode};

use crate::CatalogError;

/// `x-should-retry`, the header OpenAI-style clients obey before their own status rules.
const SHOULD_RETRY: HeaderName = HeaderName::from_static("x-should-retry");
/// `retry-after-ms`, the millisecond companion of `Retry-After`.
const RETRY_AFTER_MS: HeaderName = HeaderName::from_static("retry-after-ms");

/// The most bytes of an error body a client reads to parse the error: 64 KiB. An error
/// body is a small JSON object; anything larger is an HTML page or worse, and its first
/// bytes say as much as the rest.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// The headers the catalog implies for `error`: `content-type: application/json`,
/// `x-should-retry` from the error's retry policy, and, when the server attached a delay
/// ([`CatalogError::retry_delay`]), `Retry-After` in whole seconds (rounded up, so a
/// client is never told to come back too early) and `retry-after-ms`.
pub fn headers<E: CatalogError + ?Sized>(error: &E) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(4);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let retry = if error.retry_policy().is_retryable() {
        "true"
    } else {
        "false"
    };
    headers.insert(SHOULD_RETRY, HeaderValue::from_static(retry));
    if let Some(delay) = error.retry_delay() {
        headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_secs(delay)));
        headers.insert(RETRY_AFTER_MS, HeaderValue::from(retry_after_ms(delay)));
    }
    headers
}

/// The response a server sends for `error`: its status (500 if the status is not a
/// valid HTTP status), the `{"error": {...}}` body and the [`headers`] the catalog
/// implies.
pub fn response<E: CatalogError + ?Sized>(error: &E) -> Response<String> {
    let mut response = Response::new(error.to_json());
    *response.status_mut() =
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    *response.headers_mut() = headers(error);
    response
}

/// The error of an HTTP response, whatever its body (see
/// [`ErrorObject::from_http_response`](crate::ErrorObject::from_http_response)).
pub fn error_of<E: CatalogError, B: AsRef<[u8]>>(response: &Response<B>) -> E {
    E::from_http_response(response.status().as_u16(), response.body().as_ref())
}

/// `delay` in whole seconds, rounded up.
fn retry_after_secs(delay: Duration) -> u64 {
    delay
        .as_secs()
        .saturating_add(u64::from(delay.subsec_nanos() > 0))
}

/// `delay` in whole milliseconds, rounded up.
fn retry_after_ms(delay: Duration) -> u64 {
    u64::try_from(delay.as_nanos().div_ceil(1_000_000)).unwrap_or(u64::MAX)
}

impl<C: crate::CatalogCode> From<crate::ErrorObject<C>> for Response<String> {
    fn from(error: crate::ErrorObject<C>) -> Self {
        response(&error)
    }
}

impl<E: CatalogError> From<crate::Envelope<E>> for Response<String> {
    fn from(envelope: crate::Envelope<E>) -> Self {
        response(&envelope.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_round_up() {
        assert_eq!(retry_after_secs(Duration::ZERO), 0);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_secs(Duration::from_millis(2001)), 3);
        assert_eq!(retry_after_ms(Duration::from_nanos(1)), 1);
        assert_eq!(retry_after_ms(Duration::from_millis(1500)), 1500);
        assert_eq!(retry_after_secs(Duration::MAX), u64::MAX);
    }
}
