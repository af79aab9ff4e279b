//! [`Retrier`]: the configuration, budget, clock, sleeper and random source of one
//! client, shared by the sync and async wrappers.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::budget::RetryBudget;
use super::clock::{Clock, SystemClock, SystemSleeper, VirtualClock};
use super::decision::{Attempted, Decision, RetryConfig, decide};
use super::failure::{Failure, RetryError};
use super::observe::{Observer, RetryEvent};
use super::pace::{Cost, Hold, PaceError, Pacer, Permit};
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
    observer: Watcher,
    pacer: Option<Pacer>,
}

/// The observer of a [`Retrier`], if it has one.
#[derive(Clone, Default)]
struct Watcher(Option<Arc<dyn Observer>>);

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
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
            observer: Watcher::default(),
            pacer: None,
        }
    }

    /// Replaces the configuration.
    pub fn with_config(mut self, config: RetryConfig) -> Self {
        self.config = config;
        self
    }

    /// Tells `observer` of every attempt's outcome and every decision of the calls
    /// made through this retrier (see [`observe`](super::observe)).
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Watcher(Some(observer));
        self
    }

    /// Paces every attempt with `pacer` (see [`pace`](super::pace)): before each
    /// attempt the call waits while the rate window it belongs to is spent, and each
    /// response's counts are read into the pacer. Share one pacer per client; give it
    /// the retrier's clock when the clock is not the system's
    /// ([`Pacer::with_clock`]).
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// The pacer, if the retrier has one.
    pub fn pacer(&self) -> Option<&Pacer> {
        self.pacer.as_ref()
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

    /// The longest the pacer may hold the next attempt of `call`: the pacer's own limit,
    /// and the time left before the deadline.
    fn pace_limit(&self, call: &Call) -> Duration {
        match self.config.deadline {
            Some(deadline) => deadline.saturating_sub(self.clock.now().saturating_sub(call.start)),
            None => Duration::MAX,
        }
    }

    /// Tells the observer the pacer holds the next attempt of `call`.
    fn on_hold(&self, call: &Call, hold: &Hold) {
        if let Some(observer) = self.observer.0.as_deref() {
            observer.on_event(&RetryEvent::Paced {
                attempt: call.attempts.saturating_add(1),
                wait: hold.wait(),
                policy: hold.policy(),
                scope: hold.scope(),
            });
        }
    }

    /// Waits, on the current thread, for the pacer (if any) to let the next attempt of
    /// `call` go.
    pub(crate) fn pace_blocking(
        &self,
        call: &Call,
        cost: &Cost,
    ) -> Result<Option<Permit>, PaceError>
    where
        S: super::clock::Sleeper,
    {
        let Some(pacer) = &self.pacer else {
            return Ok(None);
        };
        pacer
            .acquire_blocking(cost, &self.sleeper, self.pace_limit(call), |hold| {
                self.on_hold(call, hold)
            })
            .map(Some)
    }

    /// Awaits the pacer (if any) letting the next attempt of `call` go.
    #[cfg(feature = "tokio")]
    pub(crate) async fn pace(&self, call: &Call, cost: &Cost) -> Result<Option<Permit>, PaceError>
    where
        S: super::tokio::AsyncSleeper,
    {
        let Some(pacer) = &self.pacer else {
            return Ok(None);
        };
        pacer
            .acquire(cost, &self.sleeper, self.pace_limit(call), |hold| {
                self.on_hold(call, hold)
            })
            .await
            .map(Some)
    }

    /// The end of a call the pacer did not let go on: the last failure, or the pacer's
    /// error when no attempt was made.
    pub(crate) fn paced_out<E>(&self, call: &Call, error: PaceError) -> RetryError<E> {
        let reason = super::failure::GiveUpReason::Paced {
            retry_after: error.retry_after(),
        };
        if let Some(observer) = self.observer.0.as_deref() {
            observer.on_event(&RetryEvent::GaveUp {
                attempts: call.attempts,
                reason,
            });
        }
        RetryError::new(
            Failure::paced(error),
            call.attempts,
            call.waited,
            reason,
            self.clock.wall(),
        )
    }

    /// Records the outcome of one attempt and says what to do next.
    pub(crate) fn step<T, E: CatalogError>(
        &self,
        call: &mut Call,
        outcome: Result<T, Failure<E>>,
    ) -> Step<T, E> {
        call.attempts = call.attempts.saturating_add(1);
        let observer = self.observer.0.as_deref();
        let failure = match outcome {
            Ok(value) => {
                self.budget.on_success(call.last_cost);
                if let Some(observer) = observer {
                    observer.on_event(&RetryEvent::Succeeded {
                        attempts: call.attempts,
                    });
                }
                return Step::Done(Ok(value));
            }
            Err(failure) => failure,
        };
        if let Some(observer) = observer {
            let error = failure.api_error();
            observer.on_event(&RetryEvent::Failed {
                attempt: call.attempts,
                status: error.map(CatalogError::status),
                code: error.and_then(CatalogError::code_str),
                delivered: failure.delivered(),
            });
        }
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
            Decision::Retry {
                delay, cost, hint, ..
            } => {
                if let Some(observer) = observer {
                    observer.on_event(&RetryEvent::Retrying {
                        attempt: call.attempts.saturating_add(1),
                        delay,
                        hint: hint.map(|h| h.source),
                        cost,
                        budget_left: self.budget.available(),
                    });
                }
                call.last_cost = Some(cost);
                call.waited = call.waited.saturating_add(delay);
                Step::Sleep(delay)
            }
            Decision::GiveUp { reason, .. } => {
                if let Some(observer) = observer {
                    observer.on_event(&RetryEvent::GaveUp {
                        attempts: call.attempts,
                        reason,
                    });
                }
                Step::Done(Err(RetryError::new(
                    failure,
                    call.attempts,
                    call.waited,
                    reason,
                    wall,
                )))
            }
        }
    }
}
