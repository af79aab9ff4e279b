//! Streams end to end on loopback: the example server's `/stream/…` routes (axum, its
//! head held until the first event by `stream::axum::respond`) on 127.0.0.1:0, read by
//! reqwest through `retry::reqwest::events` and `Retrier::run_stream_async`, the
//! requests counted at the server, with real wall-clock time.
#![cfg(feature = "llm-kiwi")]

mod loopback;
#[path = "../examples/server/routes.rs"]
mod routes;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kiwi_errors::retry::reqwest::events;
use kiwi_errors::retry::{Backoff, GiveUpReason, Retrier, RetryError};
use kiwi_errors::stream::{Event, end_event};
use kiwi_errors::{ApiError, ErrorCode};
use routes::Counters;
use serde_json::Value;

/// Starts the example server on an ephemeral loopback port.
async fn start() -> (String, Counters) {
    let counters = Counters::default();
    (
        loopback::serve(routes::router(counters.clone())).await,
        counters,
    )
}

/// A server of cut streams: `/cut-after-content` sends one delta and ends without the
/// catalog's end; `/cut-early/{n}` ends its first `n` answers before any event, then
/// sends a complete stream. Returns its address and its request count.
async fn start_cutting() -> (String, Arc<AtomicU64>) {
    use axum::extract::{Path, State};
    use axum::response::IntoResponse;
    use axum::routing::get;

    let count = Arc::new(AtomicU64::new(0));
    let sse = [("content-type", "text/event-stream")];
    let app = axum::Router::new()
        .route(
            "/cut-after-content",
            get(move |State(count): State<Arc<AtomicU64>>| async move {
                count.fetch_add(1, Ordering::SeqCst);
                (sse, routes::delta("Hel").encode()).into_response()
            }),
        )
        .route(
            "/cut-early/{n}",
            get(
                move |State(count): State<Arc<AtomicU64>>, Path(n): Path<u64>| async move {
                    if count.fetch_add(1, Ordering::SeqCst) < n {
                        return (sse, String::new()).into_response();
                    }
                    let mut body: String = routes::ANSWER
                        .iter()
                        .map(|w| routes::delta(w).encode())
                        .collect();
                    body.push_str(&end_event::<ApiError>().unwrap_or_default());
                    (sse, body).into_response()
                },
            ),
        )
        .with_state(count.clone());
    (loopback::serve(app).await, count)
}

/// A retrier backing off in milliseconds, so the tests stay short.
fn fast_retrier() -> Retrier {
    Retrier::new().backoff(Backoff {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(100),
    })
}

/// The text of a chat-completion delta.
fn text(event: &Event) -> String {
    let chunk: Value = serde_json::from_str(&event.data).expect("a JSON chunk");
    chunk["choices"][0]["delta"]["content"]
        .as_str()
        .expect("a content delta")
        .to_owned()
}

/// Streams `url` through `retrier`: the deltas received, and how the call ended.
async fn stream(retrier: &Retrier, url: &str) -> (Vec<String>, Result<(), RetryError>) {
    let client = reqwest::Client::new();
    let mut deltas = Vec::new();
    let result = retrier
        .run_stream_async(
            || async { events::<ApiError>(client.get(url).send().await).await },
            |event| deltas.push(text(&event)),
        )
        .await;
    (deltas, result)
}

fn answer() -> Vec<String> {
    routes::ANSWER.iter().map(|w| (*w).to_owned()).collect()
}

#[tokio::test]
async fn a_complete_stream_is_one_request() {
    let (base, counters) = start().await;
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/stream/ok/a")).await;
    result.expect("the stream completes");
    assert_eq!(deltas, answer());
    assert_eq!(counters.requests(), 1);
}

#[tokio::test]
async fn an_error_before_content_is_a_real_http_error_and_is_retried_once() {
    let (base, counters) = start().await;
    let url = format!("{base}/stream/fail-first/a");
    // The server held its head back: the first answer is the error's own response.
    let first = reqwest::get(&url).await.expect("a response");
    let status = routes::transient_error().status();
    assert_eq!(first.status().as_u16(), status);
    assert_eq!(first.headers()["x-should-retry"], "true");
    let body: Value =
        serde_json::from_str(&first.text().await.expect("a body")).expect("the envelope");
    assert_eq!(
        body["error"]["code"],
        routes::transient_error()
            .code()
            .map(ErrorCode::as_str)
            .unwrap()
    );

    let url = format!("{base}/stream/fail-first/b");
    let before = counters.requests();
    let (deltas, result) = stream(&fast_retrier(), &url).await;
    result.expect("the retry succeeds");
    assert_eq!(deltas, answer());
    assert_eq!(counters.requests() - before, 2, "exactly one retry");
}

#[tokio::test]
async fn an_error_event_before_content_is_retried_once() {
    let (base, counters) = start().await;
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/stream/early-event/a")).await;
    result.expect("the retry succeeds");
    assert_eq!(deltas, answer());
    assert_eq!(counters.requests(), 2, "exactly one retry");
}

#[tokio::test]
async fn an_error_after_content_is_not_retried_and_keeps_what_was_delivered() {
    let (base, counters) = start().await;
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/stream/fail-after/a")).await;
    let err = result.expect_err("the stream failed after content");
    assert_eq!(err.reason(), GiveUpReason::Partial);
    assert_eq!(err.attempts(), 1);
    let api = err.api_error().expect("the typed error of the event");
    assert_eq!(api.code(), Some(&ErrorCode::InternalError));
    assert_eq!(api.http_status(), None, "no status on the wire for it");
    assert_eq!(deltas, answer()[..routes::DELTAS_BEFORE_FAILURE].to_vec());
    assert_eq!(counters.requests(), 1, "no retry after content");
}

#[tokio::test]
async fn an_overload_with_a_hint_is_retried_after_the_hint() {
    let (base, counters) = start().await;
    let started = Instant::now();
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/stream/overload/a")).await;
    result.expect("the retry succeeds");
    assert!(
        started.elapsed() >= routes::RETRY_AFTER,
        "retried after {:?}, before the server's Retry-After",
        started.elapsed()
    );
    assert_eq!(deltas, answer());
    assert_eq!(counters.requests(), 2);
}

/// Whether the catalog marks the end of a complete stream: only then can a client tell a
/// cut stream from a complete one.
fn catalog_marks_the_end() -> bool {
    use kiwi_errors::CatalogError;
    ApiError::stream_format().is_some_and(|f| f.end.is_some())
}

#[tokio::test]
async fn a_stream_cut_after_content_is_an_error_not_a_success_nor_a_resend() {
    let (base, count) = start_cutting().await;
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/cut-after-content")).await;
    if !catalog_marks_the_end() {
        // Without an end, the body's end is the stream's end.
        result.expect("the body's end is the end");
        assert_eq!(count.load(Ordering::SeqCst), 1);
        return;
    }
    let err = result.expect_err("a cut stream is never a success");
    assert_eq!(err.reason(), GiveUpReason::Partial);
    assert!(err.last().is_incomplete_stream());
    assert_eq!(deltas, vec!["Hel".to_owned()], "what was delivered is kept");
    assert_eq!(count.load(Ordering::SeqCst), 1, "no re-send");
}

#[tokio::test]
async fn a_stream_cut_before_content_is_retried_as_a_failed_attempt() {
    if !catalog_marks_the_end() {
        return; // an empty body is a complete, empty answer
    }
    let (base, count) = start_cutting().await;
    let (deltas, result) = stream(&fast_retrier(), &format!("{base}/cut-early/1")).await;
    result.expect("the second answer is complete");
    assert_eq!(deltas, answer());
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // A server that always cuts is retried a bounded number of times, never forever.
    let (base, count) = start_cutting().await;
    let retrier = fast_retrier().max_attempts(3);
    let (_, result) = stream(&retrier, &format!("{base}/cut-early/1000")).await;
    let err = result.expect_err("every answer is cut");
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

/// A tower client of the stream routes: reqwest's response as an `http::Response` of its
/// streaming body, read up to its first event by `FirstEventLayer`, retried by
/// `CatalogPolicy`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tower_policy_retries_a_stream_only_before_content() {
    use http_body_util::BodyExt;
    use kiwi_errors::retry::tower::CatalogPolicy;
    use kiwi_errors::stream::tower::FirstEventLayer;
    use tower::{Layer, ServiceExt};

    let (base, counters) = start().await;
    let client = reqwest::Client::new();
    let inner = tower::service_fn(move |url: String| {
        let client = client.clone();
        async move {
            let response = client.get(url).send().await?;
            Ok::<_, reqwest::Error>(http::Response::<reqwest::Body>::from(response))
        }
    });
    let service = tower::retry::Retry::new(
        CatalogPolicy::<ApiError>::new(Arc::new(fast_retrier())),
        FirstEventLayer::<ApiError>::new().layer(inner),
    );
    for (route, requests) in [("early-event", 2), ("fail-first", 2), ("ok", 1)] {
        let before = counters.requests();
        let response = service
            .clone()
            .oneshot(format!("{base}/stream/{route}/tower"))
            .await
            .expect("a response");
        assert_eq!(response.status(), 200, "{route}");
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the body")
            .to_bytes();
        let text = String::from_utf8_lossy(&body);
        for word in routes::ANSWER {
            assert!(text.contains(word), "{route}: {text}");
        }
        assert_eq!(counters.requests() - before, requests, "{route}");
    }
    // After content, the stream is handed on as it is: no retry.
    let before = counters.requests();
    let response = service
        .clone()
        .oneshot(format!("{base}/stream/fail-after/tower"))
        .await
        .expect("a response");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("internal_error"));
    assert_eq!(counters.requests() - before, 1);
}
