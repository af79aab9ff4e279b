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

async fn run(key: &str, pace: bool) -> (load::Summary, (u64, u64)) {
    let counters = Counters::default();
    let base = loopback::serve(routes::router(counters.clone())).await;
    let summary = load::run(&format!("{base}/limited/{key}"), CALLS, CONCURRENCY, pace).await;
    (summary, counters.limited(key))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paced_calls_get_at_most_5_percent_of_their_requests_answered_429() {
    let (summary, (served, rejected)) = run("paced", true).await;
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
    let (summary, (_, rejected)) = run("unpaced", false).await;
    println!("{summary}");
    assert_eq!(summary.rejected, rejected);
    assert!(summary.rejected_share() > 0.2, "{summary}");
}
