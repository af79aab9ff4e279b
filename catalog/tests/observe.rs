//! Retries you can see: the events an observer is told of, in order, and the budget's
//! snapshot, on virtual time. The errors come from the frozen seed table, their policies
//! read from it.
#![cfg(feature = "retry")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kiwi_errors::retry::hints::HintSource;
use kiwi_errors::retry::observe::{BudgetSnapshot, Observer, RetryEvent};
use kiwi_errors::retry::testing::VirtualClock;
use kiwi_errors::retry::{GiveUpReason, Retrier, RetryBudget};
use kiwi_errors::{CatalogError, RetryPolicy};

#[allow(clippy::all, missing_docs, dead_code)]
mod seed {
    include!("../../tests/fixtures/catalogs/seed.rs");
}
use seed::{ApiError, ErrorCode};
type Failure = kiwi_errors::retry::Failure<ApiError>;

/// Every event, owned.
#[derive(Default)]
struct Recorder(Mutex<Vec<Owned>>);

#[derive(Clone, Debug, PartialEq)]
enum Owned {
    Failed(u32, Option<u16>, Option<String>),
    Retrying(u32, Option<HintSource>, u32),
    GaveUp(u32, GiveUpReason),
    Succeeded(u32),
}

impl Observer for Recorder {
    fn on_event(&self, event: &RetryEvent<'_>) {
        let owned = match event {
            RetryEvent::Failed {
                attempt,
                status,
                code,
                ..
            } => Owned::Failed(*attempt, *status, code.map(str::to_owned)),
            RetryEvent::Retrying {
                attempt,
                delay,
                hint,
                budget_left,
                ..
            } => {
                assert!(*delay > Duration::ZERO || hint.is_none());
                Owned::Retrying(*attempt, *hint, *budget_left)
            }
            RetryEvent::GaveUp { attempts, reason } => Owned::GaveUp(*attempts, *reason),
            RetryEvent::Succeeded { attempts } => Owned::Succeeded(*attempts),
            _ => return,
        };
        self.0.lock().unwrap().push(owned);
        // Every event reads as a line.
        assert!(!event.to_string().is_empty());
    }
}

/// The first code of the table with this policy, as its server sends it.
fn error_with(policy: RetryPolicy) -> ApiError {
    ErrorCode::ALL
        .iter()
        .filter(|c| c.retry_policy() == Some(policy))
        .find_map(ApiError::example)
        .expect("the seed table has a code of each policy")
}

fn observed(budget: RetryBudget) -> (Retrier<VirtualClock, VirtualClock>, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let retrier = Retrier::simulated(VirtualClock::new(), 11)
        .with_budget(budget)
        .with_observer(recorder.clone());
    (retrier, recorder)
}

#[test]
fn each_failure_retry_and_success_is_told_in_order() {
    let (retrier, recorder) = observed(RetryBudget::default());
    let err = error_with(RetryPolicy::Backoff);
    let (status, code) = (err.status(), err.code_str().map(str::to_owned));
    let capacity = retrier.budget().capacity();
    let cost = retrier.budget().retry_cost();
    let mut left = 2;
    let result = retrier.run(|| {
        if left == 0 {
            return Ok("done");
        }
        left -= 1;
        Err(Failure::from(err.clone()))
    });
    assert_eq!(result.unwrap(), "done");
    let events = recorder.0.lock().unwrap().clone();
    // A 429 with no hint pays like any other retry.
    assert_eq!(
        events,
        vec![
            Owned::Failed(1, Some(status), code.clone()),
            Owned::Retrying(2, None, capacity - cost),
            Owned::Failed(2, Some(status), code),
            Owned::Retrying(3, None, capacity - 2 * cost),
            Owned::Succeeded(3),
        ]
    );
}

#[test]
fn a_fatal_error_and_a_hint_are_told() {
    let (retrier, recorder) = observed(RetryBudget::default());
    let never = error_with(RetryPolicy::Never);
    let result: Result<(), _> = retrier.run(|| Err(Failure::from(never.clone())));
    assert_eq!(result.unwrap_err().reason(), GiveUpReason::Fatal);
    assert_eq!(
        recorder.0.lock().unwrap().last(),
        Some(&Owned::GaveUp(1, GiveUpReason::Fatal))
    );

    let (retrier, recorder) = observed(RetryBudget::default());
    let backoff = error_with(RetryPolicy::Backoff);
    let mut first = true;
    let _ = retrier.run(|| {
        if std::mem::take(&mut first) {
            let mut headers = http::HeaderMap::new();
            headers.insert("retry-after", http::HeaderValue::from_static("2"));
            return Err(Failure::api(backoff.clone(), headers));
        }
        Ok(())
    });
    let events = recorder.0.lock().unwrap().clone();
    assert!(
        matches!(
            events[1],
            Owned::Retrying(2, Some(HintSource::RetryAfter), _)
        ),
        "{events:?}"
    );
}

#[test]
fn a_denied_retry_is_told_and_counted_in_the_budget_snapshot() {
    let budget = RetryBudget::new(5, 5, 10, 5);
    let (retrier, recorder) = observed(budget.clone());
    let err = error_with(RetryPolicy::Backoff);
    let result: Result<(), _> = retrier.run(|| Err(Failure::from(err.clone())));
    assert_eq!(result.unwrap_err().reason(), GiveUpReason::Budget);
    let events = recorder.0.lock().unwrap().clone();
    assert_eq!(events.last(), Some(&Owned::GaveUp(2, GiveUpReason::Budget)));
    assert_eq!(
        budget.snapshot(),
        BudgetSnapshot {
            available: 0,
            capacity: 5,
            denials: 1,
        }
    );
}
