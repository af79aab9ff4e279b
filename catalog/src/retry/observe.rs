//! Retries you can see: an [`Observer`] a [`Retrier`](super::Retrier) tells, as they
//! happen, of every attempt's outcome and of every decision — the retry and its delay,
//! or why it gave up — and a snapshot of its retry budget
//! ([`RetryBudget::snapshot`](super::RetryBudget::snapshot)).
//!
//! Without an observer (the default) nothing is built and nothing is called.
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
//! assert!(log[0].starts_with("attempt 1 failed: 503 service_unavailable"));
//! assert!(log[1].starts_with("retrying as attempt 2 after"));
//! assert_eq!(log[2], "succeeded after 2 attempts");
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
    /// The helper stopped; the call fails.
    GaveUp {
        /// The attempts made.
        attempts: u32,
        /// Why it stopped.
        reason: GiveUpReason,
    },
    /// A rate-limit pacer held the attempt back for `wait` because the window named
    /// `policy` (of the caller's `scope`, if any) was spent.
    Paced {
        /// The number of the attempt held back.
        attempt: u32,
        /// How long it waits.
        wait: Duration,
        /// The window's policy.
        policy: &'a str,
        /// The caller's scope.
        scope: Option<&'a str>,
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
            RetryEvent::GaveUp { attempts, reason } => {
                write!(f, "gave up after {attempts} attempts: {reason}")
            }
            RetryEvent::Paced {
                attempt,
                wait,
                policy,
                scope,
            } => {
                write!(
                    f,
                    "attempt {attempt} paced for {wait:?} by window `{policy}`"
                )?;
                match scope {
                    Some(scope) => write!(f, " of `{scope}`"),
                    None => Ok(()),
                }
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

/// The state of a retry budget at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetSnapshot {
    /// Tokens left.
    pub available: u32,
    /// The most tokens it holds.
    pub capacity: u32,
    /// How many retries it refused since it was made ([`GiveUpReason::Budget`]).
    pub denials: u64,
}
