//! Retries you can see: the events an observer is told of, in order, and the budget's
//! snapshot, on virtual time. The errors come from the frozen seed table, their policies
//! read from it.
#![cfg(feature = "retry")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kiwi_errors::retry::hints::HintSource;
use kiwi_errors::retry::observe::{Observer, RetryEvent};
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
    Attempt(u32),
    Failed(u32, Option<u16>, Option<String>),
    Retrying(u32, Option<HintSource>, u32),
    BudgetDenied(u32, u32, u32),
    GaveUp(u32, GiveUpReason),
    Succeeded(u32),
}

impl Observer for Recorder {
    fn on_event(&self, event: &RetryEvent<'_>) {
        let owned = match event {
            RetryEvent::Attempt { attempt } => Owned::Attempt(*attempt),
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
            RetryEvent::BudgetDenied {
                attempt,
                cost,
                available,
            } => Owned::BudgetDenied(*attempt, *cost, *available),
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
            Owned::Attempt(1),
            Owned::Failed(1, Some(status), code.clone()),
            Owned::Retrying(2, None, capacity - cost),
            Owned::Attempt(2),
            Owned::Failed(2, Some(status), code),
            Owned::Retrying(3, None, capacity - 2 * cost),
            Owned::Attempt(3),
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
            events[2],
            Owned::Retrying(2, Some(HintSource::RetryAfter), _)
        ),
        "{events:?}"
    );
}

#[test]
fn a_denied_retry_is_told_before_the_give_up_and_counted_in_the_budget_snapshot() {
    let budget = RetryBudget::new(5, 5, 10, 5);
    let (retrier, recorder) = observed(budget.clone());
    let err = error_with(RetryPolicy::Backoff);
    let result: Result<(), _> = retrier.run(|| Err(Failure::from(err.clone())));
    let gave_up = result.unwrap_err();
    assert_eq!(gave_up.reason(), GiveUpReason::Budget);
    let events = recorder.0.lock().unwrap().clone();
    // The first retry empties the bucket; the second is refused, then the call gives up.
    assert_eq!(
        events,
        vec![
            Owned::Attempt(1),
            Owned::Failed(1, Some(err.status()), err.code_str().map(str::to_owned)),
            Owned::Retrying(2, None, 0),
            Owned::Attempt(2),
            Owned::Failed(2, Some(err.status()), err.code_str().map(str::to_owned)),
            Owned::BudgetDenied(3, 5, 0),
            Owned::GaveUp(2, GiveUpReason::Budget),
        ]
    );
    let snapshot = budget.snapshot();
    assert_eq!(
        (snapshot.available, snapshot.capacity, snapshot.denials),
        (0, 5, 1)
    );
    assert_eq!((snapshot.retry_cost, snapshot.success_reward), (5, 5));

    // The error holds the budget as it refused the retry, and says what it is.
    let held = gave_up.budget().expect("a budget give-up holds the budget");
    assert_eq!((held.available, held.capacity, held.retry_cost), (0, 5, 5));
    let text = gave_up.to_string();
    assert!(
        text.contains("retry budget (a token bucket shared by the client's calls) was empty")
            && text.contains("0 of 5 tokens left, a retry costs 5")
            && text.contains("each successful call puts back 5"),
        "{text}"
    );
    assert!(
        GiveUpReason::Budget.to_string().contains("token bucket"),
        "{}",
        GiveUpReason::Budget
    );
}

#[test]
fn only_a_budget_give_up_holds_the_budget() {
    let (retrier, _) = observed(RetryBudget::default());
    let never = error_with(RetryPolicy::Never);
    let result: Result<(), _> = retrier.run(|| Err(Failure::from(never.clone())));
    assert_eq!(result.unwrap_err().budget(), None);
}

#[test]
fn every_event_reads_as_a_line() {
    let paced = RetryEvent::Paced {
        attempt: 2,
        wait: Duration::from_millis(1500),
        policy: "requests",
        scope: Some("key-1"),
        spent: true,
    };
    assert_eq!(
        paced.to_string(),
        "attempt 2 paced for 1.5s: window requests of key-1 spent"
    );
    let spacing = RetryEvent::Paced {
        attempt: 1,
        wait: Duration::from_millis(250),
        policy: "tokens",
        scope: None,
        spent: false,
    };
    assert_eq!(
        spacing.to_string(),
        "attempt 1 paced for 250ms: window tokens spacing its requests"
    );
    let first = RetryEvent::Paced {
        attempt: 1,
        wait: Duration::from_millis(100),
        policy: kiwi_errors::retry::pace::FIRST_RESPONSE,
        scope: Some("kiwi-large"),
        spent: false,
    };
    assert_eq!(
        first.to_string(),
        "attempt 1 paced for 100ms: waiting for the first response of kiwi-large"
    );
    let denied = RetryEvent::BudgetDenied {
        attempt: 3,
        cost: 5,
        available: 2,
    };
    assert_eq!(
        denied.to_string(),
        "retry budget refused attempt 3: it costs 5 tokens, 2 left"
    );
    assert_eq!(RetryEvent::Attempt { attempt: 1 }.to_string(), "attempt 1");
}
