//! [`Retrier`]: the configuration, budget, clock, sleeper and random source of one
//! client, shared by the sync and async wrappers.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::budget::RetryBudget;
use super::clock::{Clock, SystemClock, SystemSleeper, VirtualClock};
use super::decision::{Attempted, Decision, RetryConfig, decide};
use super::failure::{Failure, RetryError};
use super::rng::{Random, SplitMix64};
use crate::CatalogError;

/// Retries calls that fail with an API error of any catalog (any
/// [`CatalogError`](crate::CatalogError)), following the catalog's per-code policy and
/// the server's hints.
///
/// Make one per client and share it (by reference or in an `Arc`): its
/// [`RetryBudget`] is shared by every call made through it. The clock, the sleeper and
/// the random source are type parameters so tests and simulations can inject virtual
/// ones ([`Retrier::simulated`]).
#[derive(Debug)]
pub struct Retrier<C = SystemClock, S = SystemSleeper, R = SplitMix64> {
    config: RetryConfig,
    budget: RetryBudget,
    clock: C,
    sleeper: S,
    rng: Mutex<R>,
}

impl Retrier {
    /// Default configuration and budget, the system clock and sleeper, and a random
    /// source seeded from entropy.
    pub fn new() -> Retrier {
        Retrier::with_parts(
            SystemClock::new(),
            SystemSleeper,
            SplitMix64::from_entropy(),
        )
    }
}

impl Default for Retrier {
    fn default() -> Self {
        Retrier::new()
    }
}

impl Retrier<VirtualClock, VirtualClock, SplitMix64> {
    /// A retrier on virtual time: sleeping advances `clock` at once. Same seed, same
    /// delays.
    pub fn simulated(clock: VirtualClock, seed: u64) -> Self {
        Retrier::with_parts(clock.clone(), clock, SplitMix64::new(seed))
    }
}

impl<C, S, R> Retrier<C, S, R> {
    /// Default configuration and budget with the given clock, sleeper and random source.
    pub fn with_parts(clock: C, sleeper: S, rng: R) -> Self {
        Retrier {
            config: RetryConfig::default(),
            budget: RetryBudget::default(),
            clock,
            sleeper,
            rng: Mutex::new(rng),
        }
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: RetryConfig) -> Self {
        self.config = config;
        self
    }

    /// Replaces the budget (e.g. to share one bucket between several retriers).
    pub fn with_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// Sets [`RetryConfig::backoff`].
    pub fn backoff(mut self, backoff: super::Backoff) -> Self {
        self.config.backoff = backoff;
        self
    }

    /// Sets [`RetryConfig::hint_jitter`].
    pub fn hint_jitter(mut self, jitter: Duration) -> Self {
        self.config.hint_jitter = jitter;
        self
    }

    /// Sets [`RetryConfig::max_attempts`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = attempts;
        self
    }

    /// Sets [`RetryConfig::deadline`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.config.deadline = Some(deadline);
        self
    }

    /// Sets [`RetryConfig::max_hint`].
    pub fn max_hint(mut self, max_hint: Duration) -> Self {
        self.config.max_hint = max_hint;
        self
    }

    /// Sets [`RetryConfig::retry_transport`]: pass false for a call that must not be
    /// repeated once it may have reached the server.
    pub fn retry_transport(mut self, retry: bool) -> Self {
        self.config.retry_transport = retry;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &RetryConfig {
        &self.config
    }

    /// The retry budget shared by the calls made through this retrier.
    pub fn budget(&self) -> &RetryBudget {
        &self.budget
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The sleeper.
    pub fn sleeper(&self) -> &S {
        &self.sleeper
    }
}

/// The progress of one call, shared by the sync and async loops.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    start: Duration,
    attempts: u32,
    waited: Duration,
    last_cost: Option<u32>,
}

/// What the loop does next.
pub(crate) enum Step<T, E> {
    Done(Result<T, RetryError<E>>),
    Sleep(Duration),
}

impl<C: Clock, S, R: Random> Retrier<C, S, R> {
    pub(crate) fn begin(&self) -> Call {
        Call {
            start: self.clock.now(),
            attempts: 0,
            waited: Duration::ZERO,
            last_cost: None,
        }
    }

    /// Records the outcome of one attempt and says what to do next.
    pub(crate) fn step<T, E: CatalogError>(
        &self,
        call: &mut Call,
        outcome: Result<T, Failure<E>>,
    ) -> Step<T, E> {
        call.attempts = call.attempts.saturating_add(1);
        let failure = match outcome {
            Ok(value) => {
                self.budget.on_success(call.last_cost);
                return Step::Done(Ok(value));
            }
            Err(failure) => failure,
        };
        let wall = self.clock.wall();
        let attempted = Attempted {
            failure: &failure,
            attempts: call.attempts,
            elapsed: self.clock.now().saturating_sub(call.start),
            wall,
        };
        let decision = {
            let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
            decide(&self.config, &attempted, &self.budget, &mut *rng)
        };
        match decision {
            Decision::Retry { delay, cost, .. } => {
                call.last_cost = Some(cost);
                call.waited = call.waited.saturating_add(delay);
                Step::Sleep(delay)
            }
            Decision::GiveUp { reason, .. } => Step::Done(Err(RetryError::new(
                failure,
                call.attempts,
                call.waited,
                reason,
                wall,
            ))),
        }
    }
}
