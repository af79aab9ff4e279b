//! Retries you can see: an [`Observer`] a [`Retrier`](super::Retrier) tells, as they
//! happen, of every attempt's start and outcome and of every decision — the retry and
//! its delay, a retry the budget refused, or why it gave up — and a snapshot of its
//! retry budget ([`RetryBudget::snapshot`](super::RetryBudget::snapshot)).
//!
//! Without an observer (the default) nothing is built and nothing is called. With the
//! feature `tracing`, the same events are also `tracing` events, inside a span per call
//! and a span per attempt (see `catalog/docs/retry.md`, "Seeing retries").
//!
//! ```
//! # #[cfg(feature = "llm-kiwi")] {
//! use std::sync::{Arc, Mutex};
//! use kiwi_errors::ApiError;
//! use kiwi_errors::retry::observe::{Observer, RetryEvent};
//! use kiwi_errors::retry::{Failure, Retrier, runtime::SplitMix64, testing::VirtualClock};
//!
//! #[derive(Default)]
//! struct Log(Mutex<Vec<String>>);
//!
//! impl Observer for Log {
//!     fn on_event(&self, event: &RetryEvent<'_>) {
//!         self.0.lock().unwrap().push(event.to_string());
//!     }
//! }
//!
//! let log = Arc::new(Log::default());
//! let retrier = Retrier::simulated(VirtualClock::new(), 7).with_observer(log.clone());
//! let mut calls = 0;
//! let result: Result<&str, _> = retrier.run(|| {
//!     calls += 1;
//!     if calls == 1 { Err(Failure::from(ApiError::service_unavailable())) } else { Ok("ok") }
//! });
//! assert_eq!(result.unwrap(), "ok");
//! let log = log.0.lock().unwrap();
//! assert_eq!(log[0], "attempt 1");
//! assert!(log[1].starts_with("attempt 1 failed: 503 service_unavailable"));
//! assert!(log[2].starts_with("retrying as attempt 2 after"));
//! assert_eq!(log[3], "attempt 2");
//! assert_eq!(log[4], "succeeded after 2 attempts");
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use super::failure::GiveUpReason;
use super::hints::HintSource;

/// Something that happened in a call made through a [`Retrier`](super::Retrier).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum RetryEvent<'a> {
    /// An attempt starts. (The tower policy is told of an attempt only by its result,
    /// so through the tower `CatalogPolicy` this comes just before
    /// the attempt's outcome.)
    Attempt {
        /// Its number, 1 for the first.
        attempt: u32,
    },
    /// An attempt failed.
    Failed {
        /// Its number, 1 for the first.
        attempt: u32,
        /// The HTTP status of the error (the catalog's, for an error in a stream);
        /// `None` for a transport error.
        status: Option<u16>,
        /// The catalog code of the error, if it has one.
        code: Option<&'a str>,
        /// Whether it was a stream that had delivered content.
        delivered: bool,
    },
    /// The helper will try again after `delay`.
    Retrying {
        /// The number of the attempt to come.
        attempt: u32,
        /// How long it waits first.
        delay: Duration,
        /// The header of the server's hint the delay honours, if it honours one.
        hint: Option<HintSource>,
        /// The tokens this retry took from the budget.
        cost: u32,
        /// The tokens left in the budget after it.
        budget_left: u32,
    },
    /// The retry budget refused a retry: it holds fewer tokens than the retry costs.
    /// A [`GaveUp`](RetryEvent::GaveUp) with [`GiveUpReason::Budget`] follows.
    BudgetDenied {
        /// The number of the attempt it refused.
        attempt: u32,
        /// The tokens the retry would have cost.
        cost: u32,
        /// The tokens the budget held.
        available: u32,
    },
    /// A rate-limit pacer held an attempt back: the window `policy` (of the caller's
    /// `scope`, if any) is spent, or spaces its requests, or (policy
    /// [`FIRST_RESPONSE`](super::pace::FIRST_RESPONSE)) the scope's first response has
    /// not come back yet; the attempt waits `wait` before it asks again. Told when an
    /// attempt starts waiting and again when what holds it changes (another window, or
    /// `spent`), not at each time it asks again.
    Paced {
        /// The number of the attempt held back.
        attempt: u32,
        /// How long it waits before it asks the pacer again.
        wait: Duration,
        /// The rate-limit policy whose window holds it (its name in the server's
        /// `RateLimit-Policy` field, or the pacer's own name for it).
        policy: &'a str,
        /// The caller's scope of the limit (an API key, a model), if any.
        scope: Option<&'a str>,
        /// Whether the window is spent (it waits for the reset), rather than spacing
        /// its requests.
        spent: bool,
    },
    /// The helper stopped; the call fails.
    GaveUp {
        /// The attempts made.
        attempts: u32,
        /// Why it stopped.
        reason: GiveUpReason,
    },
    /// The call succeeded.
    Succeeded {
        /// The attempts it took.
        attempts: u32,
    },
}

impl fmt::Display for RetryEvent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryEvent::Attempt { attempt } => write!(f, "attempt {attempt}"),
            RetryEvent::Failed {
                attempt,
                status,
                code,
                delivered,
            } => {
                write!(f, "attempt {attempt} failed: ")?;
                match status {
                    Some(status) => write!(f, "{status} {}", code.unwrap_or("-"))?,
                    None => f.write_str("transport error")?,
                }
                if *delivered {
                    f.write_str(" after content")?;
                }
                Ok(())
            }
            RetryEvent::Retrying {
                attempt,
                delay,
                hint,
                cost,
                budget_left,
            } => {
                write!(f, "retrying as attempt {attempt} after {delay:?}")?;
                if let Some(hint) = hint {
                    write!(f, " (hint: {})", hint.header())?;
                }
                write!(f, ", budget {budget_left} after {cost}")
            }
            RetryEvent::BudgetDenied {
                attempt,
                cost,
                available,
            } => write!(
                f,
                "retry budget refused attempt {attempt}: it costs {cost} tokens, {available} left"
            ),
            RetryEvent::Paced {
                attempt,
                wait,
                policy,
                scope,
                spent,
            } => {
                write!(f, "attempt {attempt} paced for {wait:?}: ")?;
                let scope = scope.map(|s| format!(" of {s}")).unwrap_or_default();
                if *policy == super::pace::FIRST_RESPONSE {
                    write!(f, "waiting for the first response{scope}")
                } else if *spent {
                    write!(f, "window {policy}{scope} spent")
                } else {
                    write!(f, "window {policy}{scope} spacing its requests")
                }
            }
            RetryEvent::GaveUp { attempts, reason } => {
                write!(f, "gave up after {attempts} attempts: {reason}")
            }
            RetryEvent::Succeeded { attempts } => write!(f, "succeeded after {attempts} attempts"),
        }
    }
}

/// Told of every [`RetryEvent`] of the calls made through a
/// [`Retrier`](super::Retrier) ([`Retrier::with_observer`](super::Retrier::with_observer)),
/// on the thread that made the call, before the helper acts on it. Keep it quick: a
/// metric, a log line, a span event.
pub trait Observer: Send + Sync {
    /// One event.
    fn on_event(&self, event: &RetryEvent<'_>);
}

/// The state of a retry budget at one instant: what
/// [`RetryBudget::snapshot`](super::RetryBudget::snapshot) gives, and what a
/// [`RetryError`](super::RetryError) that gave up for [`GiveUpReason::Budget`] holds
/// ([`RetryError::budget`](super::RetryError::budget)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BudgetSnapshot {
    /// Tokens left.
    pub available: u32,
    /// The most tokens it holds.
    pub capacity: u32,
    /// How many retries it refused since it was made ([`GiveUpReason::Budget`]).
    pub denials: u64,
    /// Tokens a retry after an error response costs.
    pub retry_cost: u32,
    /// Tokens a retry after a transport error costs.
    pub transport_cost: u32,
    /// Tokens every successful call puts back (plus the cost of its last retry).
    pub success_reward: u32,
}
