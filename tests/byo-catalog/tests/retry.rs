//! The retry helper over this crate's own `ApiError`: the per-code policies of its own
//! catalog decide, and server hints are honoured, on virtual time.

use std::time::Duration;

use kiwi_errors::RetryPolicy;
use kiwi_errors::retry::testing::{SplitMix64, VirtualClock};
use kiwi_errors::retry::{Failure, GiveUpReason, Retrier, RetryError, headers::HeaderMap};
use kiwi_errors_byo_catalog::{ApiError, ErrorCode, ErrorType};

type Simulated = Retrier<VirtualClock, VirtualClock, SplitMix64>;

fn retrier() -> Simulated {
    Retrier::simulated(VirtualClock::new(), 7)
}

/// Runs a call that fails with `fail()` on its first `failures` attempts, then succeeds.
fn run_failing(
    retrier: &Simulated,
    failures: u32,
    fail: impl Fn() -> Failure<ApiError>,
) -> (Result<&'static str, RetryError<ApiError>>, u32) {
    let mut attempts = 0;
    let result = retrier.run(|| {
        attempts += 1;
        if attempts <= failures {
            Err(fail())
        } else {
            Ok("stored")
        }
    });
    (result, attempts)
}

#[test]
fn each_code_has_the_policy_of_its_own_catalog() {
    let policies: Vec<(&str, Option<RetryPolicy>)> = ErrorCode::ALL
        .iter()
        .map(|code| (code.as_str(), code.retry_policy()))
        .collect();
    assert_eq!(
        policies,
        [
            ("object_not_found", Some(RetryPolicy::Never)),
            ("request_rate_exceeded", Some(RetryPolicy::Backoff)),
            ("storage_quota_exceeded", Some(RetryPolicy::Never)),
            ("backend_unavailable", Some(RetryPolicy::Backoff)),
        ]
    );
}

#[test]
fn a_retried_code_succeeds_on_a_later_attempt() {
    let retrier = retrier();
    let (result, attempts) = run_failing(&retrier, 2, || ApiError::backend_unavailable().into());
    assert_eq!(result.ok(), Some("stored"));
    assert_eq!(attempts, 3);
    assert_eq!(retrier.sleeper().sleeps().len(), 2);
}

#[test]
fn a_quota_429_is_attempted_once_while_a_rate_limit_429_is_retried() {
    let retrier = retrier();
    let (result, attempts) = run_failing(&retrier, u32::MAX, || {
        ApiError::storage_quota_exceeded("Free").into()
    });
    let err = result.expect_err("an exhausted quota is not retried");
    assert_eq!(
        (attempts, err.attempts(), err.reason()),
        (1, 1, GiveUpReason::Fatal)
    );
    assert_eq!(err.api_error().map(|e| e.status()), Some(429));
    assert!(retrier.sleeper().sleeps().is_empty());

    let (result, attempts) = run_failing(&retrier, 1, || ApiError::request_rate_exceeded().into());
    assert_eq!((result.ok(), attempts), (Some("stored"), 2));
}

#[test]
fn a_server_hint_is_honoured_on_virtual_time() {
    let retrier = retrier();
    let (result, _) = run_failing(&retrier, 1, || {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().expect("a valid header value"));
        Failure::api(ApiError::request_rate_exceeded(), headers)
    });
    assert_eq!(result.ok(), Some("stored"));
    let sleeps = retrier.sleeper().sleeps();
    assert_eq!(sleeps.len(), 1);
    // Never sooner than the hint, and at most the default jitter (1 s) later.
    assert!(sleeps[0] >= Duration::from_secs(7), "{sleeps:?}");
    assert!(sleeps[0] <= Duration::from_secs(8), "{sleeps:?}");
}

#[test]
fn a_response_body_of_this_catalog_parses_into_its_own_codes() {
    let body = br#"{"error": {"message": "No object at a/b.", "type": "not_found_error", "code": "object_not_found", "param": "key"}}"#;
    let failure = Failure::<ApiError>::response(404, HeaderMap::new(), body);
    let err = failure.api_error().expect("an API error");
    assert_eq!(err.code(), Some(&ErrorCode::ObjectNotFound));
    assert_eq!(err.error_type(), &ErrorType::NotFoundError);
    assert_eq!(err.retry_policy(), RetryPolicy::Never);
}

#[test]
fn a_body_that_is_not_an_envelope_is_decided_by_the_status_alone() {
    let retrier = retrier();
    let (result, attempts) = run_failing(&retrier, 1, || {
        Failure::response(503, HeaderMap::new(), b"<html>upstream down</html>")
    });
    assert_eq!((result.ok(), attempts), (Some("stored"), 2));

    let failure = Failure::<ApiError>::response(404, HeaderMap::new(), b"gone");
    let err = failure.api_error().expect("an API error");
    // The catalog's one type for a 404.
    assert_eq!(err.error_type(), &ErrorType::NotFoundError);
    assert_eq!(err.message(), "gone");
    assert_eq!(err.retry_policy(), RetryPolicy::Never);
}
