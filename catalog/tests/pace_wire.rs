//! The pacer on loopback: the example client's many calls (`examples/client/load.rs`)
//! against the example server's `/limited/{key}`, a real window shared by every client
//! of a key; the 429s are counted at the server.
#![cfg(feature = "llm-kiwi")]

#[path = "../examples/client/load.rs"]
mod load;
mod loopback;
#[path = "../examples/server/routes.rs"]
mod routes;

use routes::Counters;

/// Calls, concurrency: 40 calls, 8 at a time, take 4 windows of the limited route.
const CALLS: usize = 40;
const CONCURRENCY: usize = 8;

async fn run(key: &str, pace: bool, concurrency: usize) -> (load::Summary, (u64, u64)) {
    let counters = Counters::default();
    let base = loopback::serve(routes::router(counters.clone())).await;
    let summary = load::run(&format!("{base}/limited/{key}"), CALLS, concurrency, pace).await;
    (summary, counters.limited(key))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paced_calls_get_at_most_5_percent_of_their_requests_answered_429() {
    let (summary, (served, rejected)) = run("paced", true, CONCURRENCY).await;
    println!("{summary}");
    assert_eq!(summary.succeeded, CALLS, "{summary}");
    assert_eq!(
        (served, rejected),
        (summary.requests - summary.rejected, summary.rejected)
    );
    assert!(summary.rejected_share() <= 0.05, "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_pacer_the_calls_learn_the_limit_from_429s() {
    let (summary, (_, rejected)) = run("unpaced", false, CONCURRENCY).await;
    println!("{summary}");
    assert_eq!(summary.rejected, rejected);
    assert!(summary.rejected_share() > 0.2, "{summary}");
}

/// Every call at once on a fresh client, four times the window: the first request
/// learns the window before the others go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_burst_of_paced_calls_waits_for_the_first_response() {
    let (summary, (served, rejected)) = run("burst", true, CALLS).await;
    println!("{summary}");
    assert_eq!(summary.succeeded, CALLS, "{summary}");
    assert_eq!(served, CALLS as u64);
    assert!(
        summary.rejected_share() <= 0.05,
        "{summary}, {rejected} 429s"
    );
}

/// Runs `CALLS` calls, `CONCURRENCY` at a time, of `call`; the number that succeeded.
async fn concurrently<F, Fut>(call: F) -> usize
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    let ok = std::sync::Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (call, next, ok) = (call.clone(), next.clone(), ok.clone());
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::SeqCst) < CALLS {
                if call().await {
                    ok.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    for worker in workers {
        worker.await.expect("a worker");
    }
    ok.load(Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reqwest_middleware_paces_through_its_retriers_pacer() {
    use kiwi_errors::ApiError;
    use kiwi_errors::retry::pace::{Cost, Pacer};
    use kiwi_errors::retry::{Retrier, reqwest::RetryMiddleware};

    let counters = Counters::default();
    let base = loopback::serve(routes::router(counters.clone())).await;
    let pacer = Pacer::new();
    let retrier = std::sync::Arc::new(Retrier::new().with_pacer(pacer.clone()));
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::<ApiError>::new(retrier))
        .build();
    let url = format!("{base}/limited/middleware");
    let ok = concurrently(move || {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let sent = client
                .get(&url)
                .with_extension(Cost::new().in_scope("limited"))
                .send()
                .await;
            sent.is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    let (served, rejected) = counters.limited("middleware");
    assert_eq!(ok, CALLS);
    assert_eq!(served, CALLS as u64);
    assert!(
        rejected as f64 <= 0.05 * (served + rejected) as f64,
        "{rejected} 429s"
    );
    let snapshot = pacer.snapshot();
    assert!(
        snapshot
            .windows
            .iter()
            .all(|w| w.scope.as_deref() == Some("limited"))
    );
    assert!(
        snapshot.windows.iter().any(|w| w.policy == "default"),
        "{snapshot:?}"
    );
    assert_eq!(snapshot.in_flight, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_middleware_fails_fast_with_the_retry_error_when_the_wait_is_too_long() {
    use kiwi_errors::ApiError;
    use kiwi_errors::retry::pace::{PaceConfig, Pacer};
    use kiwi_errors::retry::{GiveUpReason, Retrier, RetryError, reqwest::RetryMiddleware};

    let counters = Counters::default();
    let base = loopback::serve(routes::router(counters.clone())).await;
    let mut config = PaceConfig::default();
    config.max_wait = std::time::Duration::from_millis(5);
    let retrier = Retrier::new().with_pacer(Pacer::with_config(config));
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::<ApiError>::new(std::sync::Arc::new(
            retrier,
        )))
        .build();
    let url = format!("{base}/limited/impatient");
    // One window's worth, and more: once it is spent, the wait for its reset is longer
    // than allowed.
    let mut failed = None;
    for _ in 0..=2 * routes::LIMIT {
        match client.get(&url).send().await {
            Ok(response) => assert!(response.status().is_success(), "{response:?}"),
            Err(error) => {
                failed = Some(error);
                break;
            }
        }
    }
    let Some(reqwest_middleware::Error::Middleware(error)) = failed else {
        panic!("a middleware error: {failed:?}");
    };
    let gave_up = error
        .downcast_ref::<RetryError<ApiError>>()
        .expect("the retry error");
    let GiveUpReason::Paced { retry_after } = gave_up.reason() else {
        panic!("paced: {gave_up}");
    };
    assert!(retry_after > std::time::Duration::ZERO);
    assert_eq!(gave_up.retry_after(), Some(retry_after));
    assert!(gave_up.last().pace_error().is_some(), "{gave_up}");
    assert_eq!(gave_up.attempts(), 0, "nothing sent");
    let (_, rejected) = counters.limited("impatient");
    assert_eq!(rejected, 0, "the pacer sent nothing the server refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tower_pace_layer_paces_each_attempt_below_the_retry_layer() {
    use kiwi_errors::ApiError;
    use kiwi_errors::retry::Retrier;
    use kiwi_errors::retry::pace::Pacer;
    use kiwi_errors::retry::tower::{CatalogPolicy, PaceLayer};
    use tower::ServiceExt;

    let counters = Counters::default();
    let base = loopback::serve(routes::router(counters.clone())).await;
    let pacer = Pacer::new();
    let retrier = std::sync::Arc::new(Retrier::new());
    let service = tower::ServiceBuilder::new()
        .layer(tower::retry::RetryLayer::new(
            CatalogPolicy::<ApiError>::new(retrier),
        ))
        .layer(PaceLayer::new(pacer.clone()))
        .service(loopback::tower_client(reqwest::Client::new()));
    let url = format!("{base}/limited/tower");
    let ok = concurrently(move || {
        let (service, url) = (service.clone(), url.clone());
        async move {
            service
                .oneshot(url)
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    let (served, rejected) = counters.limited("tower");
    assert_eq!(ok, CALLS);
    assert!(
        rejected as f64 <= 0.05 * (served + rejected) as f64,
        "{rejected} 429s"
    );
    assert_eq!(pacer.snapshot().in_flight, 0);
}
