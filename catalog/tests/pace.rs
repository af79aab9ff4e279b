//! The pacer through the retrier, on virtual time: each wait is an observed `Paced`
//! event, a wait longer than allowed gives up without sending, the counts of successes
//! are read by `run_paced`, and a wait dropped half-way leaves nothing in flight.
#![cfg(feature = "llm-kiwi")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{HeaderMap, Response};
use kiwi_errors::ApiError;
use kiwi_errors::retry::observe::{Observer, RetryEvent};
use kiwi_errors::retry::pace::{Cost, PaceConfig, Pacer};
use kiwi_errors::retry::runtime::Clock;
use kiwi_errors::retry::testing::VirtualClock;
use kiwi_errors::retry::{Failure, GiveUpReason, Retrier};

#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Observer for Log {
    fn on_event(&self, event: &RetryEvent<'_>) {
        if let RetryEvent::Paced { policy, scope, .. } = event {
            self.0
                .lock()
                .unwrap()
                .push(format!("paced by {policy} of {scope:?}"));
        }
    }
}

/// A success reporting a window of 60 with `left` left, resetting in `reset` s.
fn ok(left: u32, reset: u32) -> Response<&'static str> {
    Response::builder()
        .header("x-ratelimit-limit-requests", "60")
        .header("x-ratelimit-remaining-requests", left.to_string())
        .header("x-ratelimit-reset-requests", format!("{reset}s"))
        .body("ok")
        .unwrap()
}

fn setup() -> (
    VirtualClock,
    Pacer,
    Arc<Log>,
    Retrier<VirtualClock, VirtualClock>,
) {
    let clock = VirtualClock::new();
    let pacer = Pacer::with_clock(PaceConfig::default(), clock.clone(), 1);
    let log = Arc::new(Log::default());
    let retrier = Retrier::simulated(clock.clone(), 2)
        .with_pacer(pacer.clone())
        .with_observer(log.clone());
    (clock, pacer, log, retrier)
}

#[test]
fn run_paced_reads_successes_and_waits_for_the_reset() {
    let (clock, _pacer, log, retrier) = setup();
    let model = Cost::new().in_scope("kiwi-large");
    let first = retrier.run_paced::<_, ApiError>(&model, || Ok(ok(0, 30)));
    assert!(first.is_ok());
    assert_eq!(clock.now(), Duration::ZERO);
    // The window of the scope is spent: the next call waits for its reset.
    let second = retrier.run_paced::<_, ApiError>(&model, || Ok(ok(59, 30)));
    assert!(second.is_ok());
    assert!(clock.now() >= Duration::from_secs(30), "{:?}", clock.now());
    assert_eq!(
        log.0.lock().unwrap().as_slice(),
        ["paced by requests of Some(\"kiwi-large\")"]
    );
    // Another scope never waited.
    let before = clock.now();
    let other = retrier.run_paced::<_, ApiError>(&Cost::new().in_scope("small"), || Ok(ok(0, 30)));
    assert!(other.is_ok());
    assert_eq!(clock.now(), before);
}

#[test]
fn a_wait_longer_than_allowed_gives_up_without_sending() {
    let (clock, pacer, _log, retrier) = setup();
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
    headers.insert("x-ratelimit-reset", "600".parse().unwrap());
    pacer.observe(None, 200, &headers);
    let mut sent = 0;
    let err = retrier
        .run(|| {
            sent += 1;
            Ok::<_, Failure<ApiError>>(())
        })
        .unwrap_err();
    assert_eq!(sent, 0, "nothing was sent");
    assert_eq!(err.attempts(), 0);
    match err.reason() {
        GiveUpReason::Paced { retry_after } => assert!(retry_after >= Duration::from_secs(600)),
        other => panic!("{other:?}"),
    }
    assert!(err.retry_after().is_some());
    assert!(err.last().pace_error().is_some());
    assert!(err.to_string().contains("not sent"), "{err}");
    assert_eq!(clock.now(), Duration::ZERO, "failing fast does not wait");
    assert_eq!(pacer.snapshot().failed_fast, 1);
}

#[test]
fn an_error_response_teaches_the_pacer_in_plain_run() {
    let (clock, pacer, _log, retrier) = setup();
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", "5".parse().unwrap());
    let limited = ApiError::rate_limit_exceeded().with_status(429);
    let mut attempts = 0;
    let result = retrier.run(|| {
        attempts += 1;
        if attempts == 1 {
            Err(Failure::api(limited.clone(), headers.clone()))
        } else {
            Ok(())
        }
    });
    assert!(result.is_ok());
    assert!(clock.now() >= Duration::from_secs(5));
    assert_eq!(pacer.snapshot().in_flight, 0);
}

#[tokio::test(start_paused = true)]
async fn a_wait_dropped_half_way_leaves_nothing_in_flight() {
    let pacer = Pacer::new();
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
    headers.insert("x-ratelimit-reset", "30".parse().unwrap());
    let permit = pacer.try_acquire(&Cost::new()).unwrap();
    permit.finish(200, &headers);
    let retrier = Retrier::new().with_pacer(pacer.clone());
    let call = retrier.run_async(|| async { Ok::<_, Failure<ApiError>>(()) });
    let waited = tokio::time::timeout(Duration::from_secs(1), call).await;
    assert!(waited.is_err(), "the call was still waiting for its window");
    let snapshot = pacer.snapshot();
    assert_eq!(snapshot.in_flight, 0);
    assert_eq!(snapshot.windows[0].in_flight, 0);
    assert!(snapshot.holds >= 1);
}
