//! The retry helper: one test per precedence rule, the S5 correctness checks of
//! RETRY.md, and property tests.
//!
//! These test the helper's mechanics, so they run on the frozen seed table
//! (`tests/fixtures/catalogs/seed.toml`): an edit of the shipped catalog's retry policies
//! leaves them as they are.
#![cfg(feature = "retry")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kiwi_errors::retry::testing::{SplitMix64, VirtualClock};
use kiwi_errors::retry::{
    Backoff, GiveUpReason, Retrier, RetryBudget, RetryConfig,
    decision::{Attempted, Decision, decide},
    headers::HeaderMap,
    hints::{HintSource, RateLimit, server_hint, should_retry},
};
use proptest::prelude::*;

#[allow(clippy::all, missing_docs, dead_code)]
mod seed {
    include!("../../tests/fixtures/catalogs/seed.rs");
}
use seed::ApiError;
type Failure = kiwi_errors::retry::Failure<ApiError>;
type RetryError = kiwi_errors::retry::RetryError<ApiError>;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, value.parse().unwrap());
    }
    map
}

fn failing(error: ApiError, pairs: &[(&'static str, &str)]) -> Failure {
    Failure::api(error, headers(pairs))
}

/// Runs a call that always fails with `make()`; returns the error and the sleeps.
fn always_failing(
    retrier: &Retrier<VirtualClock, VirtualClock, SplitMix64>,
    make: impl Fn() -> Failure,
) -> (RetryError, Vec<Duration>) {
    let before = retrier.sleeper().sleeps().len();
    let err = retrier.run(|| Err::<(), _>(make())).unwrap_err();
    let sleeps = retrier.sleeper().sleeps()[before..].to_vec();
    (err, sleeps)
}

fn sim(seed: u64) -> Retrier<VirtualClock, VirtualClock, SplitMix64> {
    Retrier::simulated(VirtualClock::new(), seed)
}

/// A simulated retrier whose budget never runs out, for tests of what one call decides.
fn sim_unbudgeted(seed: u64) -> Retrier<VirtualClock, VirtualClock, SplitMix64> {
    sim(seed).with_budget(RetryBudget::unlimited())
}

fn wall() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_767_225_600)
}

fn decide_once(
    config: &RetryConfig,
    failure: &Failure,
    attempts: u32,
    elapsed: Duration,
    seed: u64,
) -> Decision {
    let attempted = Attempted {
        failure,
        attempts,
        elapsed,
        wall: wall(),
    };
    decide(
        config,
        &attempted,
        &RetryBudget::unlimited(),
        &mut SplitMix64::new(seed),
    )
}

// ----------------------------------------------------------------- whether to retry

#[test]
fn catalog_policy_decides_per_code() {
    let r = sim_unbudgeted(1);
    let (err, sleeps) = always_failing(&r, || ApiError::invalid_api_key().with_status(401).into());
    assert_eq!(
        (err.attempts(), err.reason(), sleeps.len()),
        (1, GiveUpReason::Fatal, 0)
    );

    let (err, _) = always_failing(&r, || {
        ApiError::quota_exhausted("Free").with_status(429).into()
    });
    assert_eq!((err.attempts(), err.reason()), (1, GiveUpReason::Fatal));

    for make in [
        ApiError::rate_limit_exceeded,
        ApiError::internal_error,
        ApiError::service_unavailable,
    ] {
        let (err, sleeps) = always_failing(&r, || make().into());
        assert_eq!(err.reason(), GiveUpReason::Attempts, "{}", make());
        assert_eq!(err.attempts(), r.config().max_attempts);
        assert_eq!(sleeps.len() as u32, r.config().max_attempts - 1);
    }
}

#[test]
fn unknown_codes_fall_back_to_the_status() {
    let body =
        |t: &str| format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "brand_new"}}}}"#);
    let r = sim_unbudgeted(2);
    let (err, _) = always_failing(&r, || {
        Failure::response(503, HeaderMap::new(), body("x").as_bytes())
    });
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    let (err, _) = always_failing(&r, || {
        Failure::response(400, HeaderMap::new(), body("x").as_bytes())
    });
    assert_eq!((err.attempts(), err.reason()), (1, GiveUpReason::Fatal));
    // A status the catalog does not list, with a body that is not JSON.
    let (err, _) = always_failing(&r, || {
        Failure::response(502, HeaderMap::new(), b"<html>Bad gateway</html>")
    });
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    assert_eq!(err.api_error().unwrap().status(), 502);
}

#[test]
fn x_should_retry_overrides_the_code_policy() {
    let r = sim(3);
    let (err, _) = always_failing(&r, || {
        failing(
            ApiError::service_unavailable(),
            &[("x-should-retry", "false")],
        )
    });
    assert_eq!((err.attempts(), err.reason()), (1, GiveUpReason::Fatal));
    let (err, _) = always_failing(&r, || {
        failing(
            ApiError::quota_exhausted("Free"),
            &[("x-should-retry", "true")],
        )
    });
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    // A value that is neither true nor false is ignored.
    let (err, _) = always_failing(&r, || {
        failing(
            ApiError::quota_exhausted("Free"),
            &[("x-should-retry", "yes")],
        )
    });
    assert_eq!(err.attempts(), 1);
}

#[test]
fn transport_errors_retry_only_when_allowed() {
    let r = sim_unbudgeted(4);
    let (err, _) = always_failing(&r, || Failure::transport("connection reset"));
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    assert!(err.api_error().is_none());
    let r = sim(4).retry_transport(false);
    let (err, _) = always_failing(&r, || Failure::transport("connection reset"));
    assert_eq!((err.attempts(), err.reason()), (1, GiveUpReason::Fatal));
}

/// S5: exactly one attempt on 400, 401, 403 and 404, with or without a code.
#[test]
fn s5_exactly_one_attempt_on_client_errors() {
    let coded = [
        ApiError::model_not_found("m"),
        ApiError::context_length_exceeded(),
        ApiError::invalid_api_key(),
        ApiError::tier_required("Pro"),
        ApiError::permission_denied(),
        ApiError::not_found(),
    ];
    for error in coded {
        let mut attempts = 0;
        let e = error.clone();
        let result = sim(5).run(|| {
            attempts += 1;
            Err::<(), _>(Failure::from(e.clone().with_status(e.status())))
        });
        assert_eq!(attempts, 1, "{error}");
        assert_eq!(result.unwrap_err().reason(), GiveUpReason::Fatal);
    }
    for status in [400u16, 401, 403, 404] {
        let mut attempts = 0;
        let _ = sim(5).run(|| {
            attempts += 1;
            Err::<(), _>(Failure::response(
                status,
                HeaderMap::new(),
                br#"{"error":{"message":"m","type":"new_type"}}"#,
            ))
        });
        assert_eq!(attempts, 1, "{status}");
    }
}

// ----------------------------------------------------------------- when to retry

/// A delay attached with `retry_after` is a hint when the error is handed over
/// directly (`Failure::from`), as it is when a server sends it: every sleep is at
/// least the delay, and `decide` says where it came from.
#[test]
fn an_attached_delay_is_a_hint_when_the_error_is_handed_over_directly() {
    let delay = Duration::from_secs(30);
    let error = ApiError::service_unavailable().retry_after(delay);
    let r = sim_unbudgeted(3).max_attempts(3);
    let (err, sleeps) = always_failing(&r, || Failure::from(error.clone()));
    assert_eq!(err.attempts(), 3);
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps.iter().all(|s| *s >= delay), "{sleeps:?}");

    let failure = Failure::from(error.clone());
    let attempted = Attempted {
        failure: &failure,
        attempts: 1,
        elapsed: Duration::ZERO,
        wall: wall(),
    };
    let mut rng = SplitMix64::new(1);
    match decide(
        &RetryConfig::default(),
        &attempted,
        &RetryBudget::unlimited(),
        &mut rng,
    ) {
        Decision::Retry { delay: d, hint, .. } => {
            assert!(d >= delay);
            assert_eq!(
                hint.map(|h| (h.delay, h.source)),
                Some((delay, HintSource::Attached))
            );
        }
        other => panic!("expected a retry, got {other:?}"),
    }
}

#[test]
fn hint_precedence_retry_after_ms_then_retry_after_then_reset() {
    let config = RetryConfig::default();
    let all = failing(
        ApiError::rate_limit_exceeded(),
        &[
            ("retry-after-ms", "1500"),
            ("retry-after", "7"),
            ("x-ratelimit-reset", "30"),
        ],
    );
    let Decision::Retry {
        delay,
        hint: Some(hint),
        ..
    } = decide_once(&config, &all, 1, Duration::ZERO, 1)
    else {
        panic!("expected a retry")
    };
    assert_eq!(hint.source, HintSource::RetryAfterMs);
    assert!(
        delay >= Duration::from_millis(1500) && delay <= Duration::from_millis(1800),
        "{delay:?}"
    );

    let two = failing(
        ApiError::rate_limit_exceeded(),
        &[("retry-after", "7"), ("x-ratelimit-reset", "30")],
    );
    let Decision::Retry {
        delay,
        hint: Some(hint),
        ..
    } = decide_once(&config, &two, 1, Duration::ZERO, 1)
    else {
        panic!("expected a retry")
    };
    assert_eq!(hint.source, HintSource::RetryAfter);
    assert!(
        delay >= Duration::from_secs(7) && delay <= Duration::from_secs(8),
        "{delay:?}"
    );

    let one = failing(
        ApiError::rate_limit_exceeded(),
        &[("x-ratelimit-reset", "30")],
    );
    let Decision::Retry {
        delay,
        hint: Some(hint),
        ..
    } = decide_once(&config, &one, 1, Duration::ZERO, 1)
    else {
        panic!("expected a retry")
    };
    assert_eq!(hint.source, HintSource::RateLimitReset);
    assert!(
        delay >= Duration::from_secs(30) && delay <= Duration::from_secs(31),
        "{delay:?}"
    );
}

#[test]
fn invalid_hint_is_skipped_to_the_next() {
    let h = headers(&[
        ("retry-after-ms", "-5"),
        ("retry-after", "NaN"),
        ("x-ratelimit-reset", "4"),
    ]);
    let hint = server_hint(&h, wall()).unwrap();
    assert_eq!(
        (hint.source, hint.delay),
        (HintSource::RateLimitReset, Duration::from_secs(4))
    );
    // Nothing valid at all: backoff.
    let garbage = failing(
        ApiError::rate_limit_exceeded(),
        &[("retry-after", "soon"), ("retry-after-ms", "0")],
    );
    let Decision::Retry {
        delay, hint: None, ..
    } = decide_once(&RetryConfig::default(), &garbage, 1, Duration::ZERO, 9)
    else {
        panic!("expected a backoff retry")
    };
    assert!(delay <= Backoff::default().ceiling(0));
}

#[test]
fn reset_as_unix_time_and_http_date() {
    let at = |secs: u64| {
        (wall() + Duration::from_secs(secs))
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let h = headers(&[("x-ratelimit-reset", &at(45).to_string())]);
    assert_eq!(
        server_hint(&h, wall()).unwrap().delay,
        Duration::from_secs(45)
    );
    let date = httpdate::fmt_http_date(wall() + Duration::from_secs(20));
    let h = headers(&[("retry-after", &date)]);
    assert_eq!(
        server_hint(&h, wall()).unwrap().delay,
        Duration::from_secs(20)
    );
}

#[test]
fn hint_over_the_maximum_gives_up_at_once() {
    let r = sim(6);
    let (err, sleeps) = always_failing(&r, || {
        failing(ApiError::rate_limit_exceeded(), &[("retry-after", "3600")])
    });
    assert_eq!(err.attempts(), 1);
    assert!(sleeps.is_empty());
    assert_eq!(
        err.reason(),
        GiveUpReason::HintTooLong {
            retry_after: Duration::from_secs(3600)
        }
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(err.to_string().contains("3600"), "{err}");
    // The virtual wall clock starts at 2026-01-01T00:00:00Z; the first response came at
    // 0 s, so come back at 01:00:00.
    assert_eq!(err.retry_at(), Some(wall() + Duration::from_secs(3600)));
    assert!(
        err.to_string()
            .contains("retry after Thu, 01 Jan 2026 01:00:00 GMT"),
        "{err}"
    );
    // A larger maximum waits for it.
    let r = sim(6).max_hint(Duration::from_secs(7200)).max_attempts(2);
    let (err, sleeps) = always_failing(&r, || {
        failing(ApiError::rate_limit_exceeded(), &[("retry-after", "3600")])
    });
    assert_eq!(err.reason(), GiveUpReason::Attempts);
    assert!(sleeps[0] >= Duration::from_secs(3600));
}

#[test]
fn deadline_stops_retries() {
    // A hint past the deadline: give up at once, saying when.
    let r = sim(7).deadline(Duration::from_secs(10));
    let (err, sleeps) = always_failing(&r, || {
        failing(ApiError::rate_limit_exceeded(), &[("retry-after", "30")])
    });
    assert_eq!((err.attempts(), sleeps.len()), (1, 0));
    assert_eq!(
        err.reason(),
        GiveUpReason::Deadline {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    // Backoff: retries until the next delay would cross the deadline; never sleeps past it.
    let r = sim(7).deadline(Duration::from_secs(3)).max_attempts(1000);
    let (err, sleeps) = always_failing(&r, || ApiError::service_unavailable().into());
    assert_eq!(err.reason(), GiveUpReason::Deadline { retry_after: None });
    assert!(sleeps.iter().sum::<Duration>() <= Duration::from_secs(3));
    assert_eq!(err.waited(), sleeps.iter().sum::<Duration>());
    // A hint inside the deadline keeps its floor; the jitter is trimmed to fit.
    let mut config = RetryConfig::default();
    config.deadline = Some(Duration::from_secs(10));
    let f = failing(ApiError::rate_limit_exceeded(), &[("retry-after", "5")]);
    let Decision::Retry { delay, .. } = decide_once(&config, &f, 1, Duration::from_secs(5), 3)
    else {
        panic!()
    };
    assert_eq!(delay, Duration::from_secs(5));
}

#[test]
fn budget_exhaustion_and_refill() {
    let budget = RetryBudget::new(20, 5, 10, 1);
    let r = sim(8).with_budget(budget.clone()).max_attempts(3);
    // An outage: 4 retries drain the bucket, then every call is attempted once.
    let mut attempts = 0;
    let mut reasons = Vec::new();
    for _ in 0..10 {
        let err = r.run(|| {
            attempts += 1;
            Err::<(), _>(Failure::from(ApiError::service_unavailable()))
        });
        reasons.push(err.unwrap_err().reason());
    }
    assert_eq!(attempts, 10 + 4);
    assert_eq!(budget.available(), 0);
    assert_eq!(
        reasons
            .iter()
            .filter(|r| **r == GiveUpReason::Budget)
            .count(),
        8
    );
    // Successes refill it, one token each, until a retry is affordable again.
    for _ in 0..5 {
        r.run(|| Ok::<_, Failure>(())).unwrap();
    }
    assert_eq!(budget.available(), 5);
    let mut n = 0;
    let ok = r.run(|| {
        n += 1;
        if n == 1 {
            Err(Failure::from(ApiError::internal_error()))
        } else {
            Ok(())
        }
    });
    assert!(ok.is_ok());
    // The retry took 5 tokens; the success after it gave them back, plus its reward.
    assert_eq!(budget.available(), 6);
}

#[test]
fn a_fresh_retrier_holds_a_cold_outage_to_under_1_2_requests_per_call() {
    let r = sim(11);
    let mut requests = 0u32;
    for _ in 0..50 {
        let err = r
            .run(|| {
                requests += 1;
                Err::<(), _>(Failure::from(ApiError::service_unavailable()))
            })
            .unwrap_err();
        assert!(matches!(
            err.reason(),
            GiveUpReason::Budget | GiveUpReason::Attempts
        ));
    }
    assert!(
        f64::from(requests) / 50.0 <= 1.2,
        "{requests} requests for 50 calls"
    );
}

#[test]
fn attempts_cap() {
    for cap in [1, 2, 6] {
        let r = sim(9)
            .max_attempts(cap)
            .with_budget(RetryBudget::unlimited());
        let (err, sleeps) = always_failing(&r, || ApiError::service_unavailable().into());
        assert_eq!(
            (err.attempts(), err.reason()),
            (cap, GiveUpReason::Attempts)
        );
        assert_eq!(sleeps.len() as u32, cap - 1);
        assert_eq!(err.waited(), sleeps.iter().sum::<Duration>());
    }
    // Zero is treated as one: the first attempt is always made.
    let r = sim(9).max_attempts(0);
    let (err, _) = always_failing(&r, || ApiError::service_unavailable().into());
    assert_eq!(err.attempts(), 1);
}

/// S5: identical traces for identical seeds.
#[test]
fn s5_identical_seeds_identical_traces() {
    let trace = |seed: u64| {
        let r = sim(seed)
            .max_attempts(50)
            .with_budget(RetryBudget::unlimited());
        let mut n = 0u32;
        let _ = r.run(|| {
            n += 1;
            let hdr: &[(&'static str, &str)] = if n % 3 == 0 {
                &[("retry-after", "2")]
            } else {
                &[]
            };
            Err::<(), _>(failing(ApiError::service_unavailable(), hdr))
        });
        r.sleeper().sleeps()
    };
    assert_eq!(trace(11), trace(11));
    assert_ne!(trace(11), trace(12));
}

#[test]
fn error_message_says_why() {
    let r = sim(10).max_attempts(2);
    let (err, _) = always_failing(&r, || {
        ApiError::service_unavailable().with_status(503).into()
    });
    let text = err.to_string();
    assert!(
        text.contains("2 attempts") && text.contains("attempts cap") && text.contains("503"),
        "{text}"
    );
}

#[test]
fn rate_limit_headers_are_typed() {
    let h = headers(&[
        ("X-RateLimit-Limit", "60"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", "12"),
    ]);
    let rl = RateLimit::from_headers(&h, wall());
    assert_eq!(
        (rl.limit, rl.remaining, rl.reset),
        (Some(60), Some(0), Some(Duration::from_secs(12)))
    );
    assert!(rl.is_exhausted());
}

/// The Rust example of the catalog's `[retry]` section is the quickstart example,
/// which `cargo test` compiles.
#[test]
fn catalog_rust_example_is_the_compiled_quickstart() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/errors.toml");
    let source = std::fs::read_to_string(path).unwrap();
    let catalog = kiwi_errors_codegen::parse_catalog(path, &source).unwrap();
    assert_eq!(
        catalog
            .retry
            .as_ref()
            .and_then(|r| r.rust_example.as_deref()),
        Some(include_str!("../examples/retry_quickstart.rs"))
    );
}

#[cfg(feature = "tokio")]
mod async_wrapper {
    use super::*;
    use kiwi_errors::retry::runtime::SystemSleeper;

    #[tokio::test]
    async fn retries_on_virtual_time() {
        let r = sim(21);
        let mut n = 0;
        let result = r
            .run_async(|| {
                n += 1;
                let n = n;
                async move {
                    if n < 3 {
                        Err(Failure::from(ApiError::internal_error()))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(r.sleeper().sleeps().len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn sleeps_on_tokio_time() {
        let clock = VirtualClock::new();
        let r = Retrier::with_parts(clock, SystemSleeper, SplitMix64::new(5));
        let start = tokio::time::Instant::now();
        let err = r
            .run_async(|| async {
                Err::<(), _>(failing(
                    ApiError::rate_limit_exceeded(),
                    &[("retry-after", "2")],
                ))
            })
            .await
            .unwrap_err();
        assert_eq!(err.reason(), GiveUpReason::Attempts);
        // Five sleeps of at least 2 s each, in tokio's paused time.
        assert!(start.elapsed() >= Duration::from_secs(10));
    }
}

// ----------------------------------------------------------------- properties

fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40),
        "[-+0-9.eE ]{0,20}".prop_map(String::into_bytes),
        "(NaN|inf|-1|0|1e309|99999999999999999999|1767225700|Wed, 21 Oct 2015 07:28:00 GMT)"
            .prop_map(String::into_bytes),
    ]
}

proptest! {
    #[test]
    fn any_header_bytes_are_accepted(
        ms in header_bytes(), ra in header_bytes(), reset in header_bytes(),
        should in header_bytes(), remaining in header_bytes(), attempts in 0u32..100, seed in any::<u64>(),
    ) {
        let mut map = HeaderMap::new();
        for (name, bytes) in [("retry-after-ms", &ms), ("retry-after", &ra), ("x-ratelimit-reset", &reset),
                              ("x-should-retry", &should), ("x-ratelimit-remaining", &remaining)] {
            if let Ok(v) = http::HeaderValue::from_bytes(bytes) {
                map.insert(name, v);
            }
        }
        if let Some(hint) = server_hint(&map, wall()) {
            prop_assert!(!hint.delay.is_zero());
        }
        let _ = should_retry(&map);
        let _ = RateLimit::from_headers(&map, wall()).pace();
        let f = Failure::api(ApiError::rate_limit_exceeded(), map);
        let _ = decide_once(&RetryConfig::default(), &f, attempts, Duration::ZERO, seed);
    }

    #[test]
    fn backoff_delay_never_above_the_cap(
        attempts in 1u32..=u32::MAX, base_ms in 0u64..100_000, cap_ms in 0u64..100_000, seed in any::<u64>(),
    ) {
        let mut config = RetryConfig::default();
        config.max_attempts = u32::MAX;
        config.backoff = Backoff { base: Duration::from_millis(base_ms), cap: Duration::from_millis(cap_ms) };
        let f = Failure::from(ApiError::service_unavailable());
        match decide_once(&config, &f, attempts, Duration::ZERO, seed) {
            Decision::Retry { delay, hint: None, .. } => prop_assert!(delay <= config.backoff.cap),
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn never_before_a_hint(hint_ms in 1u64..=120_000, which in 0usize..3, attempts in 1u32..6, seed in any::<u64>()) {
        let value = match which {
            0 => hint_ms.to_string(),
            _ => format!("{}.{:03}", hint_ms / 1000, hint_ms % 1000),
        };
        let name = ["retry-after-ms", "retry-after", "x-ratelimit-reset"][which];
        let f = failing(ApiError::rate_limit_exceeded(), &[(name, &value)]);
        let config = RetryConfig::default();
        match decide_once(&config, &f, attempts, Duration::ZERO, seed) {
            Decision::Retry { delay, hint: Some(h), .. } => {
                prop_assert_eq!(h.delay, Duration::from_millis(hint_ms));
                prop_assert!(delay >= h.delay);
                prop_assert!(delay <= h.delay + config.hint_jitter.min(h.delay / 5));
            }
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn attempts_never_above_the_cap(cap in 1u32..12, seed in any::<u64>(), p_fail in 0.0f64..1.0) {
        let r = sim(seed).max_attempts(cap);
        let mut rng = SplitMix64::new(seed ^ 0xABCD);
        let mut attempts = 0;
        let result = r.run(|| {
            attempts += 1;
            use kiwi_errors::retry::runtime::Random;
            if rng.next_f64() < p_fail { Err(Failure::from(ApiError::service_unavailable())) } else { Ok(()) }
        });
        prop_assert!(attempts <= cap);
        if let Err(e) = result {
            prop_assert_eq!(e.attempts(), attempts);
        }
    }
}

/// Spec section 11, cold start: until a call has succeeded, the backoff's base is
/// multiplied by the cold factor; the cap is not.
#[test]
fn a_client_backs_off_longer_until_a_call_has_succeeded() {
    let config = RetryConfig::default();
    let budget = RetryBudget::default();
    assert!(!budget.has_succeeded());
    let cold = config.for_client(&budget);
    assert_eq!(
        cold.backoff,
        Backoff {
            base: config.backoff.base * config.cold_factor,
            cap: config.backoff.cap,
        }
    );
    let mut off = config;
    off.cold_factor = 1;
    assert_eq!(off.for_client(&budget), off);
    budget.on_success(None);
    assert!(budget.has_succeeded());
    assert_eq!(config.for_client(&budget), config);
    // Clones share what the budget has seen.
    assert!(budget.clone().has_succeeded());
}

#[test]
fn the_retrier_waits_out_the_cold_backoff_then_the_backoff() {
    let unavailable = || failing(ApiError::service_unavailable(), &[]);
    let cold_ceiling = RetryConfig::default()
        .for_client(&RetryBudget::default())
        .backoff
        .ceiling(0);
    let warm_ceiling = Backoff::default().ceiling(0);
    let (mut cold_longest, mut warm_longest) = (Duration::ZERO, Duration::ZERO);
    for seed in 0..32 {
        let retrier = sim(seed).max_attempts(2);
        let (_, sleeps) = always_failing(&retrier, unavailable);
        cold_longest = cold_longest.max(sleeps[0]);
        retrier.run(|| Ok::<_, Failure>(())).unwrap();
        let (_, sleeps) = always_failing(&retrier, unavailable);
        warm_longest = warm_longest.max(sleeps[0]);
    }
    assert!(
        cold_longest > warm_ceiling && cold_longest <= cold_ceiling,
        "{cold_longest:?}"
    );
    assert!(warm_longest <= warm_ceiling, "{warm_longest:?}");
}
