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
    #[cfg(feature = "stream")]
    streams: Arc<Mutex<HashMap<String, u64>>>,
    limited: Arc<Mutex<HashMap<String, Window>>>,
}

/// The shared window of one key of `/limited/{key}`, and what it answered.
#[derive(Clone, Copy, Debug)]
struct Window {
    start: std::time::Instant,
    used: u32,
    served: u64,
    rejected: u64,
}

/// What `/limited/{key}` allows: [`LIMIT`] requests per [`WINDOW`], all clients of a
/// key together.
pub const LIMIT: u32 = 10;

/// The length of `/limited/{key}`'s fixed window.
pub const WINDOW: Duration = Duration::from_secs(1);

impl Counters {
    /// Requests served so far, on every route.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    fn count(&self) {
        self.requests.fetch_add(1, Ordering::SeqCst);
    }

    /// `/limited/{key}`: requests answered 200 and requests answered 429.
    pub fn limited(&self, key: &str) -> (u64, u64) {
        let limited = self.limited.lock().unwrap_or_else(PoisonError::into_inner);
        limited.get(key).map_or((0, 0), |w| (w.served, w.rejected))
    }

    /// Counts a request to a stream route with this key; returns how many there were.
    #[cfg(feature = "stream")]
    fn count_stream(&self, key: &str) -> u64 {
        self.count();
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let seen = streams.entry(key.to_owned()).or_default();
        *seen += 1;
        *seen
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
/// [`transient_error`] (a 503) for the first `n` requests, then 200; `GET /stats`: the number of requests served before this one, and for each `/limited` key the requests it served and the ones it refused with a 429.
///
/// With feature `stream`, streamed answers (Server-Sent Events), each route counting its
/// requests per `{key}` so that a test or a person can start afresh with a new key:
/// `GET /stream/ok/{key}`: a complete stream; `GET /stream/fail-first/{key}`: the
/// [`transient_error`] before any content on the first request (held back as a real
/// HTTP error), then a complete stream; `GET /stream/early-event/{key}`: on the first
/// request, a `200` stream whose first event is that error (as a server without the
/// head-holding helper sends it), then a complete stream; `GET /stream/fail-after/{key}`:
/// [`DELTAS_BEFORE_FAILURE`] content events, then an `internal_error` event;
/// `GET /stream/overload/{key}`: on the first request, an overload that carries a retry
/// hint (`Retry-After: 1`), then a complete stream.
pub fn router(counters: Counters) -> Router {
    let router = Router::new()
        .route("/errors/{code}", get(error))
        .route("/ok", get(ok))
        .route("/flaky/{n}", get(flaky))
        .route("/limited/{key}", get(limited))
        .route("/stats", get(stats));
    #[cfg(feature = "stream")]
    let router = router
        .route("/stream/ok/{key}", get(stream_ok))
        .route("/stream/fail-first/{key}", get(stream_fail_first))
        .route("/stream/early-event/{key}", get(stream_early_event))
        .route("/stream/fail-after/{key}", get(stream_fail_after))
        .route("/stream/overload/{key}", get(stream_overload));
    router.with_state(counters)
}

async fn stats(State(counters): State<Counters>) -> String {
    let mut out = format!("requests: {}\n", counters.requests());
    let mut keys: Vec<String> = {
        let limited = counters
            .limited
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        limited.keys().cloned().collect()
    };
    keys.sort();
    for key in keys {
        let (served, rejected) = counters.limited(&key);
        out.push_str(&format!(
            "limited/{key}: {served} served, {rejected} answered 429\n"
        ));
    }
    out
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

/// The error `/limited/{key}` answers with over its limit: the first code of status 429
/// the catalog retries (`rate_limit_exceeded` in the shipped one).
pub fn rate_limited() -> ApiError {
    ErrorCode::ALL
        .iter()
        .filter(|code| {
            code.status().map(|s| s.code()) == Some(429)
                && code.retry_policy() == Some(RetryPolicy::Backoff)
        })
        .find_map(ApiError::example)
        .unwrap_or_else(ApiError::rate_limit_exceeded)
}

async fn limited(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    counters.count();
    let now = std::time::Instant::now();
    let (admitted, left, reset) = {
        let mut windows = counters
            .limited
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let window = windows.entry(key).or_insert(Window {
            start: now,
            used: 0,
            served: 0,
            rejected: 0,
        });
        if now.duration_since(window.start) >= WINDOW {
            // A fixed window: the next one starts where the last one ended.
            let windows_passed = now.duration_since(window.start).as_nanos() / WINDOW.as_nanos();
            window.start += WINDOW * u32::try_from(windows_passed).unwrap_or(u32::MAX);
            window.used = 0;
        }
        let admitted = window.used < LIMIT;
        if admitted {
            window.used += 1;
            window.served += 1;
        } else {
            window.rejected += 1;
        }
        let reset = (window.start + WINDOW).saturating_duration_since(now);
        (admitted, LIMIT - window.used, reset)
    };
    // Whole seconds, rounded up so a client is never told to come back too early.
    let reset_secs = reset.as_secs() + u64::from(reset.subsec_nanos() > 0);
    let reset_secs = reset_secs.max(1);
    let mut response = if admitted {
        "ok".into_response()
    } else {
        rate_limited()
            .retry_after(Duration::from_secs(reset_secs))
            .into_response()
    };
    let headers = response.headers_mut();
    let pairs = [
        (
            "ratelimit-policy",
            format!("\"default\";q={LIMIT};w={}", WINDOW.as_secs().max(1)),
        ),
        ("ratelimit", format!("\"default\";r={left};t={reset_secs}")),
        ("x-ratelimit-limit", LIMIT.to_string()),
        ("x-ratelimit-remaining", left.to_string()),
        ("x-ratelimit-reset", reset_secs.to_string()),
    ];
    for (name, value) in pairs {
        if let Ok(value) = value.parse() {
            headers.insert(name, value);
        }
    }
    response
}

/// The words of a complete streamed answer, one content event each.
#[cfg(feature = "stream")]
pub const ANSWER: [&str; 4] = ["Hello", ", ", "kiwi", "!"];

/// How many content events `/stream/fail-after/{key}` sends before its error.
#[cfg(feature = "stream")]
pub const DELTAS_BEFORE_FAILURE: usize = 2;

/// A content event as an LLM API streams one: a chat-completion chunk with one delta.
#[cfg(feature = "stream")]
pub fn delta(text: &str) -> kiwi_errors::stream::Event {
    let chunk = serde_json::json!({"choices": [{"index": 0, "delta": {"content": text}}]});
    kiwi_errors::stream::Event::new("message", chunk.to_string())
}

/// The events of an answer: the words, then (if any) an error.
#[cfg(feature = "stream")]
#[allow(clippy::result_large_err)] // the item `respond` takes: an event or the catalog's error
fn answer(
    words: &[&str],
    error: Option<ApiError>,
) -> impl futures_core::Stream<Item = Result<kiwi_errors::stream::Event, ApiError>> + Send + 'static
{
    let items: Vec<Result<kiwi_errors::stream::Event, ApiError>> = words
        .iter()
        .map(|w| Ok(delta(w)))
        .chain(error.map(Err))
        .collect();
    Items(items.into_iter())
}

/// A stream of the items of an iterator, each ready at once.
#[cfg(feature = "stream")]
struct Items<I>(I);

#[cfg(feature = "stream")]
impl<I: Iterator + Unpin> futures_core::Stream for Items<I> {
    type Item = I::Item;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

#[cfg(feature = "stream")]
async fn stream_ok(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    counters.count_stream(&format!("ok/{key}"));
    kiwi_errors::stream::axum::respond(answer(&ANSWER, None)).await
}

#[cfg(feature = "stream")]
async fn stream_fail_first(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    let error = (counters.count_stream(&format!("fail-first/{key}")) == 1).then(transient_error);
    let words: &[&str] = if error.is_some() { &[] } else { &ANSWER };
    kiwi_errors::stream::axum::respond(answer(words, error)).await
}

#[cfg(feature = "stream")]
async fn stream_early_event(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    if counters.count_stream(&format!("early-event/{key}")) == 1 {
        // A 200 whose first event is the error: what a server that does not hold its
        // head back sends.
        let body = kiwi_errors::stream::error_event(&transient_error());
        return ([("content-type", "text/event-stream")], body).into_response();
    }
    kiwi_errors::stream::axum::respond(answer(&ANSWER, None)).await
}

#[cfg(feature = "stream")]
async fn stream_fail_after(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    counters.count_stream(&format!("fail-after/{key}"));
    kiwi_errors::stream::axum::respond(answer(
        &ANSWER[..DELTAS_BEFORE_FAILURE],
        Some(ApiError::internal_error()),
    ))
    .await
}

#[cfg(feature = "stream")]
async fn stream_overload(State(counters): State<Counters>, Path(key): Path<String>) -> Response {
    let first = counters.count_stream(&format!("overload/{key}")) == 1;
    let error = first.then(|| transient_error().retry_after(RETRY_AFTER));
    let words: &[&str] = if first { &[] } else { &ANSWER };
    kiwi_errors::stream::axum::respond(answer(words, error)).await
}
