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
    /// The backoff's base is multiplied by this (its cap is not) for a client none of
    /// whose calls has succeeded yet ([`RetryBudget::has_succeeded`];
    /// [`for_client`](RetryConfig::for_client)): such a client cannot tell a transient
    /// fault from a service that is down for everyone, and clients that fail together
    /// then come back spread out. Default 8 (a first backoff of up to 4 s); 1 turns it
    /// off.
    pub cold_factor: u32,
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
    /// Whether a stream that failed after delivering content is retried. Default false:
    /// a new request would repeat what was delivered. Set it for an API that resumes a
    /// stream (a resume token, `Last-Event-ID`), where the next attempt continues it.
    pub retry_partial: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 8,
            backoff: Backoff::default(),
            cold_factor: 8,
            max_hint: Duration::from_secs(120),
            hint_jitter: Duration::from_secs(1),
            deadline: None,
            retry_transport: true,
            retry_partial: false,
        }
    }
}

impl RetryConfig {
    /// The configuration [`decide`] is given for a client whose budget is `budget`:
    /// this one, its backoff's base multiplied by
    /// [`cold_factor`](RetryConfig::cold_factor) until a call made through the budget
    /// has succeeded (the retry specification, section 11).
    pub fn for_client(&self, budget: &RetryBudget) -> RetryConfig {
        if budget.has_succeeded() || self.cold_factor <= 1 {
            return *self;
        }
        let base = self
            .backoff
            .base
            .checked_mul(self.cold_factor)
            .unwrap_or(Duration::MAX);
        RetryConfig {
            backoff: Backoff {
                base,
                ..self.backoff
            },
            ..*self
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
        /// How long to wait: `floor + (ceiling − floor) × u` for the random draw `u`.
        delay: Duration,
        /// The shortest the delay could have been: the hint, or zero for backoff.
        floor: Duration,
        /// The bound the delay approaches as the draw approaches 1: the hint plus its
        /// most jitter, or the backoff ceiling, each at most the time left before the
        /// deadline.
        ceiling: Duration,
        /// The server hint the delay honours, if any (the delay is never shorter).
        hint: Option<Hint>,
        /// The tokens this retry took from the budget.
        cost: u32,
    },
    /// Stop, for this reason.
    GiveUp {
        /// Why.
        reason: GiveUpReason,
        /// The hint that made the decision give up (too long, or past the deadline).
        hint: Option<Hint>,
    },
}

/// Decides whether and when to retry, by the rules of the retry specification
/// (`docs/spec/retry.md`, section 4), in this order:
///
/// 0. **A stream that delivered content** is not retried ([`GiveUpReason::Partial`],
///    section 14.4) unless [`RetryConfig::retry_partial`] is set; an error event in a
///    stream is then decided as an error response, a stream that ended early as a
///    transport error.
/// 1. **Retryable?** `x-should-retry: true|false` from the server wins; otherwise the
///    catalog's policy of the error code, else of its HTTP status
///    ([`CatalogError::retry_policy`]); a transport error
///    follows [`RetryConfig::retry_transport`]. If not: [`GiveUpReason::Fatal`].
/// 2. **Attempts** left? Else [`GiveUpReason::Attempts`].
/// 3. **Hint**: the delay attached to the error ([`CatalogError::retry_delay`]), else
///    the first valid server hint (`retry-after-ms`, `Retry-After`, the resets); a hint
///    above [`RetryConfig::max_hint`] gives [`GiveUpReason::HintTooLong`].
/// 4. **Deadline**: no time left, or a hint longer than the time left, gives
///    [`GiveUpReason::Deadline`].
/// 5. **Delay**: after a hint, the hint plus up to `min(hint_jitter, hint /
///    HINT_JITTER_DIVISOR)`, trimmed to the time left before the deadline; else capped
///    exponential backoff with full jitter ([`Backoff`]), and a backoff drawn past the
///    deadline gives [`GiveUpReason::Deadline`]. One draw of `rng` places the delay.
/// 6. **Budget**: take the retry's cost from the token bucket, else
///    [`GiveUpReason::Budget`]. A retry after a 429 that carries a hint is free: the
///    server is metering, not failing, and the retry waits for the time it named.
pub fn decide<E: CatalogError>(
    config: &RetryConfig,
    attempted: &Attempted<'_, E>,
    budget: &RetryBudget,
    rng: &mut impl Random,
) -> Decision {
    let give_up = |reason, hint| Decision::GiveUp { reason, hint };
    // A stream that delivered content is not sent again (section 14.4).
    if attempted.failure.delivered() && !config.retry_partial {
        return give_up(GiveUpReason::Partial, None);
    }
    let (retryable, hint, cost) = match attempted.failure.kind() {
        Kind::Api { error, headers }
        | Kind::Stream {
            error: Some(error),
            headers,
            ..
        } => {
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
                retry_cost(attempted.failure, budget)
            };
            (
                should_retry(headers).unwrap_or_else(|| error.retry_policy().is_retryable()),
                hint,
                cost,
            )
        }
        Kind::Transport(_) | Kind::Stream { error: None, .. } => (
            config.retry_transport,
            None,
            retry_cost(attempted.failure, budget),
        ),
        // A request the pacer did not send; its wait was already too long.
        Kind::Paced(_) => (false, None, 0),
    };
    if !retryable {
        return give_up(GiveUpReason::Fatal, None);
    }
    if attempted.attempts >= config.max_attempts {
        return give_up(GiveUpReason::Attempts, None);
    }
    if let Some(hint) = hint.filter(|h| h.delay > config.max_hint) {
        return give_up(
            GiveUpReason::HintTooLong {
                retry_after: hint.delay,
            },
            Some(hint),
        );
    }
    let remaining = config
        .deadline
        .map(|deadline| deadline.saturating_sub(attempted.elapsed));
    if let Some(remaining) = remaining {
        if remaining.is_zero() || hint.is_some_and(|h| h.delay > remaining) {
            return give_up(
                GiveUpReason::Deadline {
                    retry_after: hint.map(|h| h.delay),
                },
                hint,
            );
        }
    }
    let (floor, ceiling) = match hint {
        // The jitter on a hint is trimmed to the time left: the hint itself fits.
        Some(hint) => {
            let spread = config.hint_jitter.min(hint.delay / HINT_JITTER_DIVISOR);
            let ceiling = hint.delay.saturating_add(spread);
            (
                hint.delay,
                remaining.map_or(ceiling, |remaining| ceiling.min(remaining)),
            )
        }
        None => (
            Duration::ZERO,
            config.backoff.ceiling(attempted.attempts.saturating_sub(1)),
        ),
    };
    let delay = floor.saturating_add(ceiling.saturating_sub(floor).mul_f64(unit(rng.next_f64())));
    // A backoff drawn past the deadline gives up rather than shrinking to fit: near the
    // deadline, repeated tiny waits would send a burst of attempts.
    if remaining.is_some_and(|remaining| delay > remaining) {
        return give_up(GiveUpReason::Deadline { retry_after: None }, None);
    }
    if !budget.try_acquire(cost) {
        return give_up(GiveUpReason::Budget, None);
    }
    Decision::Retry {
        delay,
        floor,
        ceiling,
        hint,
        cost,
    }
}

/// What a retry after `failure` costs, unless it is a 429 with a hint (free): the
/// budget's retry cost after an error, its transport cost when there was no error.
pub(crate) fn retry_cost<E>(failure: &Failure<E>, budget: &RetryBudget) -> u32 {
    if failure.api_error().is_some() {
        budget.retry_cost()
    } else {
        budget.transport_cost()
    }
}

/// A draw forced into `[0, 1]`, so that a `Random` that returns something else cannot
/// make the delay negative or infinite.
fn unit(u: f64) -> f64 {
    if u.is_finite() {
        u.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
