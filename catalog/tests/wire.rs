//! End to end on loopback: the example server (`examples/server`, axum) bound to
//! 127.0.0.1:0, called by reqwest through the retry middleware, `classify` and the tower
//! policy, measured with real wall-clock time.
//!
//! The server serves the shipped catalog, so every expectation about a code (its status,
//! whether it is retried) is read from the catalog.
#![cfg(feature = "llm-kiwi")]

mod loopback;
#[path = "../examples/server/routes.rs"]
mod routes;

use std::sync::Arc;
use std::time::{Duration, Instant};

use kiwi_errors::retry::reqwest::{RetryMiddleware, classify};
use kiwi_errors::retry::tower::CatalogPolicy;
use kiwi_errors::retry::{Backoff, Failure, Retrier};
use kiwi_errors::{ApiError, ErrorCode, RetryPolicy};
use reqwest_middleware::ClientWithMiddleware;
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

/// A fresh retrier with the default configuration and budget, backing off in
/// milliseconds rather than seconds so the test stays short.
fn fast_retrier() -> Arc<Retrier> {
    Arc::new(Retrier::new().backoff(Backoff {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(100),
    }))
}

fn client_with(retrier: Arc<Retrier>) -> ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::<ApiError>::new(retrier))
        .build()
}

fn schema_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated/errors.schema.json"
    );
    let text = std::fs::read_to_string(path).expect("generated/errors.schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("a usable schema")
}

/// The codes whose policy is `policy`.
fn codes_with(policy: RetryPolicy) -> impl Iterator<Item = &'static ErrorCode> {
    ErrorCode::ALL
        .iter()
        .filter(move |code| code.retry_policy() == Some(policy))
}

/// The codes whose policy is `policy` and that the server sends with `Retry-After: 1`.
fn delayed_codes_with(policy: RetryPolicy) -> Vec<&'static ErrorCode> {
    codes_with(policy)
        .filter(|code| {
            code.status()
                .is_some_and(|status| routes::asks_for_delay(status.code()))
        })
        .collect()
}

/// The HTTP status of a catalog code.
fn status_of(code: &ErrorCode) -> u16 {
    code.status().expect("a known code has a status").code()
}

/// What `GET /flaky/2` leads to through a client that follows the catalog: the final
/// status and the number of requests made.
fn flaky_2_outcome() -> (u16, u64) {
    let transient = routes::transient_error();
    if transient.is_retryable() {
        (200, 3)
    } else {
        (transient.status(), 1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_code_is_sent_with_its_status_headers_and_a_body_that_validates() {
    let (base, _) = start().await;
    let validator = schema_validator();
    let client = reqwest::Client::new();
    for code in ErrorCode::ALL {
        let response = client
            .get(format!("{base}/errors/{code}"))
            .send()
            .await
            .expect("the server answers");
        let status = status_of(code);
        assert_eq!(response.status().as_u16(), status, "{code}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().expect("ASCII header").to_owned())
        };
        assert_eq!(header("content-type").as_deref(), Some("application/json"));
        let retry = code.retry_policy() == Some(RetryPolicy::Backoff);
        assert_eq!(
            header("x-should-retry").as_deref(),
            Some(if retry { "true" } else { "false" }),
            "{code}"
        );
        let delayed = routes::asks_for_delay(status);
        assert_eq!(
            header("retry-after").as_deref(),
            delayed.then_some("1"),
            "{code}"
        );
        assert_eq!(
            header("retry-after-ms").as_deref(),
            delayed.then_some("1000"),
            "{code}"
        );
        let body = response.bytes().await.expect("a body");
        let json: Value = serde_json::from_slice(&body).expect("a JSON body");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{code}: {json} does not validate: {errors:?}"
        );
        let parsed = ApiError::from_http_response(status, &body);
        assert_eq!(parsed.code(), Some(code));
        assert_eq!(parsed.to_json(), ApiError::example(code).unwrap().to_json());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_code_sent_with_retry_after_is_retried_no_sooner() {
    let (base, counters) = start().await;
    let client = reqwest::Client::new();
    let Some(code) = delayed_codes_with(RetryPolicy::Backoff).first().copied() else {
        // The catalog retries no code that is sent with `Retry-After`: the header alone
        // does not make a client retry a code the catalog never retries.
        for code in delayed_codes_with(RetryPolicy::Never) {
            let url = format!("{base}/errors/{code}");
            let before = counters.requests();
            let err = Retrier::new()
                .max_attempts(2)
                .run_async(|| {
                    let request = client.get(&url).send();
                    async move { classify::<ApiError>(request.await).await }
                })
                .await
                .expect_err("the route always answers with an error");
            assert_eq!(err.attempts(), 1, "{code}");
            assert_eq!(counters.requests() - before, 1, "{code} was retried");
        }
        return;
    };
    let url = format!("{base}/errors/{code}");
    let retrier = Retrier::new().max_attempts(2);
    let mut sent = Vec::new();
    let answered = std::sync::Mutex::new(Vec::new());
    let result = retrier
        .run_async(|| {
            sent.push(Instant::now());
            let request = client.get(&url).send();
            let answered = &answered;
            async move {
                let outcome = classify::<ApiError>(request.await).await;
                answered.lock().expect("not poisoned").push(Instant::now());
                outcome
            }
        })
        .await;
    let answered = answered.into_inner().expect("not poisoned");
    let err = result.expect_err("the route always answers with an error");
    assert_eq!(err.attempts(), 2, "{code}");
    assert_eq!(counters.requests(), 2);
    let gap = sent[1].duration_since(answered[0]);
    assert!(gap >= routes::RETRY_AFTER, "{code} retried after {gap:?}");

    // The middleware waits as long.
    let start = Instant::now();
    let response = client_with(Arc::new(Retrier::new().max_attempts(2)))
        .get(&url)
        .send()
        .await
        .expect("a response");
    assert_eq!(response.status().as_u16(), status_of(code));
    assert!(
        start.elapsed() >= routes::RETRY_AFTER,
        "{:?}",
        start.elapsed()
    );
    assert_eq!(counters.requests(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_code_is_attempted_as_its_own_policy_says() {
    // The code's policy decides, not its status's default: `quota_exhausted`, a 429, is
    // never retried while other 429s are.
    let (base, counters) = start().await;
    for code in ErrorCode::ALL {
        let retried = code.retry_policy() == Some(RetryPolicy::Backoff);
        let client = client_with(Arc::new(
            Retrier::new()
                .backoff(Backoff {
                    base: Duration::from_millis(20),
                    cap: Duration::from_millis(100),
                })
                .max_attempts(2),
        ));
        let before = counters.requests();
        let response = client
            .get(format!("{base}/errors/{code}"))
            .send()
            .await
            .expect("a response");
        assert_eq!(
            counters.requests() - before,
            if retried { 2 } else { 1 },
            "{code}: retried is {retried}"
        );
        let status = response.status().as_u16();
        assert_eq!(status, status_of(code));
        // The caller still gets the response, body included.
        let body = response.bytes().await.expect("the body");
        assert_eq!(
            ApiError::from_http_response(status, &body).code(),
            Some(code)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_against_an_always_failing_route_stays_under_1_2_requests_per_call() {
    let (base, counters) = start().await;
    let client = client_with(fast_retrier());
    let url = format!("{base}/flaky/{}", u32::MAX);
    let status = routes::transient_error().status();
    for _ in 0..50 {
        let response = client.get(&url).send().await.expect("a response");
        assert_eq!(response.status().as_u16(), status);
    }
    let per_call = counters.requests() as f64 / 50.0;
    println!(
        "cold outage, 50 calls: {} requests, {per_call:.2} per call",
        counters.requests()
    );
    assert!(per_call < 1.2, "{per_call} requests per call");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flaky_route_succeeds_through_the_middleware() {
    let (base, counters) = start().await;
    let response = client_with(fast_retrier())
        .get(format!("{base}/flaky/2"))
        .send()
        .await
        .expect("a response");
    let (status, requests) = flaky_2_outcome();
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(counters.requests(), requests);
    if status == 200 {
        assert_eq!(response.text().await.expect("a body"), "ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_error_is_a_failure_not_a_panic() {
    // A port nobody listens on: bind one, then close it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let sent = reqwest::Client::new()
        .get(format!("http://{addr}/ok"))
        .send()
        .await;
    let failure: Failure = classify(sent).await.expect_err("nobody listens");
    assert!(failure.transport_error().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tower_policy_makes_the_same_decisions() {
    use tower::ServiceExt;

    let (base, counters) = start().await;
    let retrier = fast_retrier();
    let service = tower::retry::Retry::new(
        CatalogPolicy::<ApiError>::new(retrier),
        loopback::tower_client(reqwest::Client::new()),
    );
    let response = service
        .clone()
        .oneshot(format!("{base}/flaky/2"))
        .await
        .expect("a response");
    let (status, requests) = flaky_2_outcome();
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(counters.requests(), requests);

    for code in codes_with(RetryPolicy::Never) {
        let before = counters.requests();
        let response = service
            .clone()
            .oneshot(format!("{base}/errors/{code}"))
            .await
            .expect("a response");
        assert_eq!(response.status().as_u16(), status_of(code));
        assert_eq!(counters.requests() - before, 1, "{code} was retried");
    }
}
