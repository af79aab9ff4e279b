//! The pure decision core: given one failed attempt, retry (after how long) or give up
//! (why). No I/O, no clock, no sleeping: everything it uses comes in as arguments.

use std::time::{Duration, SystemTime};

use super::backoff::Backoff;
use super::budget::RetryBudget;
use super::failure::{Failure, GiveUpReason, Kind};
use super::hints::{Hint, HintSource, server_hint, should_retry};
use super::rng::Random;
use crate::CatalogError;

/// The jitter added to a server hint is at most the hint divided by this (and at most
/// [`RetryConfig::hint_jitter`]): a fifth of the wait.
pub const HINT_JITTER_DIVISOR: u32 = 5;

/// What the helper may do. Build it from [`RetryConfig::default`] and change fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first one included (at least 1 is always made). Default 8:
    /// the retry budget, not a small cap, is what protects the server in an outage.
    pub max_attempts: u32,
    /// The backoff used when the server gives no hint. Default 500 ms doubling, capped
    /// at 20 s, with full jitter.
    pub backoff: Backoff,
    /// The longest server hint the helper will wait for; a longer one makes it give up
    /// at once with [`GiveUpReason::HintTooLong`]. Default 120 s.
    pub max_hint: Duration,
    /// The most jitter added on top of a server hint, so clients told the same time do
    /// not all come back at that instant. The jitter is uniform in
    /// `[0, min(hint_jitter, hint / HINT_JITTER_DIVISOR)]`. Default 1 s.
    pub hint_jitter: Duration,
    /// The overall deadline, from the start of the call: no attempt starts after it.
    /// Default none.
    pub deadline: Option<Duration>,
    /// Whether transport errors (no response) are retried. Default true; set it to
    /// false for a request that must not be repeated once it may have reached the
    /// server.
    pub retry_transport: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 8,
            backoff: Backoff::default(),
            max_hint: Duration::from_secs(120),
            hint_jitter: Duration::from_secs(1),
            deadline: None,
            retry_transport: true,
        }
    }
}

macro_rules! attempted_struct {
    ($($default:ty)?) => {
        /// One failed attempt, as seen by [`decide`].
        #[derive(Debug)]
        pub struct Attempted<'a, E $(= $default)?> {
            /// How it failed.
            pub failure: &'a Failure<E>,
            /// Attempts made so far, this one included (1 after the first attempt).
            pub attempts: u32,
            /// Time since the call started (the start of the first attempt).
            pub elapsed: Duration,
            /// The wall-clock time now, to read HTTP-dates and epoch resets.
            pub wall: SystemTime,
        }
    };
}

#[cfg(feature = "llm-kiwi")]
attempted_struct!(crate::ApiError);
#[cfg(not(feature = "llm-kiwi"))]
attempted_struct!();

impl<E> Clone for Attempted<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for Attempted<'_, E> {}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sleep `delay`, then try again.
    Retry {
        /// How long to wait.
        delay: Duration,
        /// The server hint the delay honours, if any (the delay is never shorter).
        hint: Option<Hint>,
        /// The tokens this retry took from the budget.
        cost: u32,
    },
    /// Stop, for this reason.
    GiveUp(GiveUpReason),
}

/// Decides whether and when to retry, in this order:
///
/// 1. **Retryable?** `x-should-retry: true|false` from the server wins; otherwise the
///    catalog's policy of the error code, else of its HTTP status
///    ([`CatalogError::retry_policy`]); a transport error
///    follows [`RetryConfig::retry_transport`]. If not: [`GiveUpReason::Fatal`].
/// 2. **Attempts** left? Else [`GiveUpReason::Attempts`].
/// 3. **Delay**: the delay attached to the error ([`CatalogError::retry_delay`]), else
///    the first valid server hint (`retry-after-ms`, `Retry-After`,
///    `X-RateLimit-Reset`), plus a small jitter, never less than the hint; a hint above
///    [`RetryConfig::max_hint`] gives [`GiveUpReason::HintTooLong`]. Without a hint,
///    capped exponential backoff with full jitter.
/// 4. **Deadline**: if the next attempt would start after it,
///    [`GiveUpReason::Deadline`] (the jitter on a hint is trimmed to fit first).
/// 5. **Budget**: take the retry's cost from the token bucket, else
///    [`GiveUpReason::Budget`]. A retry after a 429 that carries a hint is free: the
///    server is metering, not failing, and the retry waits for the time it named.
pub fn decide<E: CatalogError>(
    config: &RetryConfig,
    attempted: &Attempted<'_, E>,
    budget: &RetryBudget,
    rng: &mut impl Random,
) -> Decision {
    let (retryable, hint, cost) = match attempted.failure.kind() {
        Kind::Api { error, headers } => {
            // A delay attached to the error is what its server would send first
            // (`retry-after-ms`): it wins over the headers, as it would on the wire.
            let hint = error
                .retry_delay()
                .filter(|delay| !delay.is_zero())
                .map(|delay| Hint {
                    delay,
                    source: HintSource::Attached,
                })
                .or_else(|| server_hint(headers, attempted.wall));
            // A 429 that says when to come back is a server metering its clients, not
            // a failing one: waiting out its reset adds no load the budget must stop.
            let cost = if error.status() == 429 && hint.is_some() {
                0
            } else {
                budget.retry_cost()
            };
            (
                should_retry(headers).unwrap_or_else(|| error.retry_policy().is_retryable()),
                hint,
                cost,
            )
        }
        Kind::Transport(_) => (config.retry_transport, None, budget.transport_cost()),
    };
    if !retryable {
        return Decision::GiveUp(GiveUpReason::Fatal);
    }
    if attempted.attempts >= config.max_attempts {
        return Decision::GiveUp(GiveUpReason::Attempts);
    }
    let remaining = config
        .deadline
        .map(|deadline| deadline.saturating_sub(attempted.elapsed));
    let delay = match hint {
        Some(hint) => {
            if hint.delay > config.max_hint {
                return Decision::GiveUp(GiveUpReason::HintTooLong {
                    retry_after: hint.delay,
                });
            }
            let spread = config.hint_jitter.min(hint.delay / HINT_JITTER_DIVISOR);
            let mut delay = hint.delay.saturating_add(spread.mul_f64(rng.next_f64()));
            if let Some(remaining) = remaining {
                if hint.delay <= remaining {
                    delay = delay.min(remaining);
                }
            }
            delay
        }
        None => config
            .backoff
            .delay(attempted.attempts.saturating_sub(1), rng),
    };
    if remaining.is_some_and(|remaining| remaining.is_zero() || delay > remaining) {
        return Decision::GiveUp(GiveUpReason::Deadline {
            retry_after: hint.map(|h| h.delay),
        });
    }
    if !budget.try_acquire(cost) {
        return Decision::GiveUp(GiveUpReason::Budget);
    }
    Decision::Retry { delay, hint, cost }
}
