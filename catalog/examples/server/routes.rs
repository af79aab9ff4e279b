//! The routes of the example server, shared with the end-to-end tests
//! (`catalog/tests/wire.rs`), so the tests check the server anyone can run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kiwi_errors::{ApiError, ErrorCode, RetryPolicy};

/// What the server counts: every request, and the requests to each `/flaky/{n}`.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    requests: Arc<AtomicU64>,
    flaky: Arc<Mutex<HashMap<u64, u64>>>,
}

impl Counters {
    /// Requests served so far, on every route.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    fn count(&self) {
        self.requests.fetch_add(1, Ordering::SeqCst);
    }
}

/// The delay a 429 or 503 asks for: `Retry-After: 1`.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The error `GET /flaky/{n}` answers with while it fails: `service_unavailable` (503)
/// when the catalog retries it, else the example of the first code the catalog retries,
/// so that the outage looks transient to a client that follows the catalog.
pub fn transient_error() -> ApiError {
    if ErrorCode::ServiceUnavailable.retry_policy() == Some(RetryPolicy::Backoff) {
        return ApiError::service_unavailable();
    }
    ErrorCode::ALL
        .iter()
        .filter(|code| code.retry_policy() == Some(RetryPolicy::Backoff))
        .find_map(ApiError::example)
        .unwrap_or_else(ApiError::service_unavailable)
}

/// Whether the server sends an error of this HTTP status with `Retry-After`
/// ([`RETRY_AFTER`]): a 429 or a 503.
pub fn asks_for_delay(status: u16) -> bool {
    matches!(status, 429 | 503)
}

/// `GET /errors/{code}`: that code's error as the server sends it (its example, with
/// `Retry-After: 1` on a 429 or 503); `GET /ok`: 200; `GET /flaky/{n}`: the
/// [`transient_error`] (a 503) for the first `n` requests, then 200; `GET /stats`: the number of requests served before this one.
pub fn router(counters: Counters) -> Router {
    Router::new()
        .route("/errors/{code}", get(error))
        .route("/ok", get(ok))
        .route("/flaky/{n}", get(flaky))
        .route("/stats", get(stats))
        .with_state(counters)
}

async fn stats(State(counters): State<Counters>) -> String {
    format!("requests: {}\n", counters.requests())
}

async fn error(State(counters): State<Counters>, Path(code): Path<String>) -> Response {
    counters.count();
    let code = ErrorCode::parse(&code);
    match ApiError::example(&code) {
        Some(err) if asks_for_delay(err.status()) => err.retry_after(RETRY_AFTER).into_response(),
        Some(err) => err.into_response(),
        None => ApiError::not_found().into_response(),
    }
}

async fn ok(State(counters): State<Counters>) -> &'static str {
    counters.count();
    "ok"
}

async fn flaky(State(counters): State<Counters>, Path(n): Path<u64>) -> Response {
    counters.count();
    let seen = {
        let mut flaky = counters
            .flaky
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let seen = flaky.entry(n).or_default();
        *seen += 1;
        *seen
    };
    if seen <= n {
        transient_error().into_response()
    } else {
        "ok".into_response()
    }
}
