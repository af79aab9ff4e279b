//! The retry helper over this crate's own `ApiError`: the per-code policies of its own
//! catalog decide, server hints and delays attached by the server are honoured, on
//! virtual time.

use std::time::Duration;

use kiwi_errors::RetryPolicy;
use kiwi_errors::retry::hints::HintSource;
use kiwi_errors::retry::testing::{SplitMix64, VirtualClock};
use kiwi_errors::retry::{Failure, GiveUpReason, Retrier, RetryError, headers::HeaderMap};
use paystream::{ApiError, ErrorCode, ErrorType, Status};

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
            Ok("charged")
        }
    });
    (result, attempts)
}

#[test]
fn every_code_has_its_status_and_the_policy_of_this_catalog() {
    for code in ErrorCode::ALL {
        let example = ApiError::example(code).expect("every code has an example");
        assert_eq!(Some(example.status()), code.status().map(Status::code));
        assert_eq!(Some(example.retry_policy()), code.retry_policy());
    }
    assert_eq!(Status::from_code(402).map(Status::code), Some(402));
    assert_eq!(
        ErrorCode::IdempotencyKeyReused.retry_policy(),
        Some(RetryPolicy::Never),
        "a code's own policy wins over its status's (409, retried)"
    );
}

#[test]
fn a_retried_code_succeeds_on_a_later_attempt() {
    let retrier = retrier();
    let (result, attempts) = run_failing(&retrier, 2, || ApiError::network_timeout().into());
    assert_eq!(result.ok(), Some("charged"));
    assert_eq!(attempts, 3);
    assert_eq!(retrier.sleeper().sleeps().len(), 2);
}

#[test]
fn a_code_that_cannot_succeed_is_attempted_once() {
    let retrier = retrier();
    let (result, attempts) =
        run_failing(&retrier, u32::MAX, || ApiError::idempotency_key_reused().into());
    let err = result.expect_err("a reused key is not retried");
    assert_eq!(
        (attempts, err.attempts(), err.reason()),
        (1, 1, GiveUpReason::Fatal)
    );
    assert!(retrier.sleeper().sleeps().is_empty());
}

#[test]
fn a_delay_the_server_attached_is_waited_for_when_the_error_is_handed_over() {
    let retrier = retrier();
    let delay = Duration::from_secs(30);
    let (result, _) = run_failing(&retrier, 1, || {
        Failure::from(ApiError::idempotency_key_in_use().retry_after(delay))
    });
    assert_eq!(result.ok(), Some("charged"));
    let sleeps = retrier.sleeper().sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(sleeps[0] >= delay, "{sleeps:?}");
    let failure = Failure::from(ApiError::too_many_requests().retry_after(delay));
    let attempted = kiwi_errors::retry::decision::Attempted {
        failure: &failure,
        attempts: 1,
        elapsed: Duration::ZERO,
        wall: std::time::SystemTime::UNIX_EPOCH,
    };
    let decision = kiwi_errors::retry::decision::decide(
        retrier.config(),
        &attempted,
        retrier.budget(),
        &mut SplitMix64::new(1),
    );
    match decision {
        kiwi_errors::retry::decision::Decision::Retry { hint, .. } => {
            assert_eq!(hint.map(|h| h.source), Some(HintSource::Attached));
        }
        other => panic!("expected a retry: {other:?}"),
    }
}

#[test]
fn a_server_hint_is_honoured_on_virtual_time() {
    let retrier = retrier();
    let (result, _) = run_failing(&retrier, 1, || {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().expect("a valid header value"));
        Failure::api(ApiError::too_many_requests(), headers)
    });
    assert_eq!(result.ok(), Some("charged"));
    let sleeps = retrier.sleeper().sleeps();
    assert_eq!(sleeps.len(), 1);
    // Never sooner than the hint, and at most the default jitter (1 s) later.
    assert!(sleeps[0] >= Duration::from_secs(7), "{sleeps:?}");
    assert!(sleeps[0] <= Duration::from_secs(8), "{sleeps:?}");
}

#[test]
fn a_response_body_of_this_catalog_parses_into_its_own_codes() {
    let body = br#"{"error": {"message": "No payment 'p_1'.", "type": "not_found_error", "code": "payment_not_found", "param": "id"}}"#;
    let failure = Failure::<ApiError>::response(404, HeaderMap::new(), body);
    let err = failure.api_error().expect("an API error");
    assert_eq!(err.code(), Some(&ErrorCode::PaymentNotFound));
    assert_eq!(err.error_type(), &ErrorType::NotFoundError);
    assert_eq!(err.retry_policy(), RetryPolicy::Never);
}

#[test]
fn a_body_that_is_not_an_envelope_is_decided_by_the_status_alone() {
    let retrier = retrier();
    let (result, attempts) = run_failing(&retrier, 1, || {
        Failure::response(502, HeaderMap::new(), b"<html>bad gateway</html>")
    });
    assert_eq!((result.ok(), attempts), (Some("charged"), 2));

    let failure = Failure::<ApiError>::response(422, HeaderMap::new(), b"unprocessable");
    let err = failure.api_error().expect("an API error");
    // The catalog's one type for a 422.
    assert_eq!(err.error_type(), &ErrorType::ValidationError);
    assert_eq!(err.message(), "unprocessable");
    assert_eq!(err.retry_policy(), RetryPolicy::Never);
}
