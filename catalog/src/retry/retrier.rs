//! [`Retrier`]: the configuration, budget, clock, sleeper and random source of one
//! client, shared by the sync and async wrappers.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::budget::RetryBudget;
use super::clock::{Clock, SystemClock, SystemSleeper, VirtualClock};
use super::decision::{Attempted, Decision, RetryConfig, decide, retry_cost};
use super::failure::{Failure, GiveUpReason, RetryError};
use super::observe::{Observer, RetryEvent};
use super::pace::{Cost, Hold, PaceError, Pacer, Permit};
use super::rng::{Random, SplitMix64};
use super::trace::{self, AttemptSpan, CallTrace};
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

    /// Sets [`RetryConfig::cold_factor`].
    pub fn cold_factor(mut self, factor: u32) -> Self {
        self.config.cold_factor = factor;
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

    /// Tells `event` to the observer, if there is one, and with the feature `tracing` to
    /// `tracing`, as an event in the current span.
    pub(crate) fn emit(&self, event: &RetryEvent<'_>) {
        if let Some(observer) = self.observer.0.as_deref() {
            observer.on_event(event);
        }
        trace::event(event);
    }

    /// Builds the event and [`emit`](Self::emit)s it, only if someone listens.
    fn tell<'e>(&self, event: impl FnOnce() -> RetryEvent<'e>) {
        if self.observer.0.is_some() || trace::enabled() {
            self.emit(&event());
        }
    }
}

/// The progress of one call, shared by the sync and async loops.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    start: Duration,
    attempts: u32,
    waited: Duration,
    last_cost: Option<u32>,
    trace: CallTrace,
}

impl Call {
    #[cfg(any(feature = "reqwest-middleware", feature = "tower"))]
    /// The call's spans (feature `tracing`; nothing without it).
    pub(crate) fn trace(&self) -> &CallTrace {
        &self.trace
    }
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
            trace: CallTrace::new(),
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

    /// Tells the observer (and tracing) the pacer holds the next attempt of `call`,
    /// unless it was told already of this hold (`told`: the window that held the
    /// attempt last, and whether it was spent).
    fn on_hold(&self, call: &Call, hold: &Hold, told: &mut Option<(Arc<str>, bool)>) {
        if !hold.is_news(told) {
            return;
        }
        call.trace.in_call(|| {
            self.tell(|| RetryEvent::Paced {
                attempt: call.attempts.saturating_add(1),
                wait: hold.wait(),
                policy: hold.policy(),
                scope: hold.scope(),
                spent: hold.is_spent(),
            })
        });
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
        let mut told = None;
        pacer
            .acquire_blocking(cost, &self.sleeper, self.pace_limit(call), |hold| {
                self.on_hold(call, hold, &mut told)
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
        let mut told = None;
        pacer
            .acquire(cost, &self.sleeper, self.pace_limit(call), |hold| {
                self.on_hold(call, hold, &mut told)
            })
            .await
            .map(Some)
    }

    /// The end of a call the pacer did not let go on: no request was sent for the
    /// attempt; the error holds the pacer's error and says when to come back.
    pub(crate) fn paced_out<E>(&self, call: &mut Call, error: PaceError) -> RetryError<E> {
        let reason = GiveUpReason::Paced {
            retry_after: error.retry_after(),
        };
        let attempts = call.attempts;
        call.trace
            .give_up(attempts, reason, self.budget.available());
        call.trace
            .in_call(|| self.tell(|| RetryEvent::GaveUp { attempts, reason }));
        RetryError::new(
            Failure::paced(error),
            attempts,
            call.waited,
            reason,
            self.clock.wall(),
        )
    }

    /// Starts the next attempt of `call`: its span (feature `tracing`), which the loop
    /// runs the attempt in, and the [`RetryEvent::Attempt`].
    pub(crate) fn start_attempt(&self, call: &mut Call) -> AttemptSpan {
        let attempt = call.attempts.saturating_add(1);
        let span = call.trace.start_attempt(attempt);
        span.run(|| self.tell(|| RetryEvent::Attempt { attempt }));
        span
    }

    /// Records the outcome of one attempt and says what to do next.
    pub(crate) fn step<T, E: CatalogError>(
        &self,
        call: &mut Call,
        outcome: Result<T, Failure<E>>,
    ) -> Step<T, E> {
        call.attempts = call.attempts.saturating_add(1);
        let attempts = call.attempts;
        let _in_attempt = call.trace.enter_attempt();
        let failure = match outcome {
            Ok(value) => {
                self.budget.on_success(call.last_cost);
                call.trace.succeeded(attempts);
                self.tell(|| RetryEvent::Succeeded { attempts });
                return Step::Done(Ok(value));
            }
            Err(failure) => failure,
        };
        call.trace.failed(&failure);
        self.tell(|| {
            let error = failure.api_error();
            RetryEvent::Failed {
                attempt: attempts,
                status: error.map(CatalogError::status),
                code: error.and_then(CatalogError::code_str),
                delivered: failure.delivered(),
            }
        });
        let wall = self.clock.wall();
        let attempted = Attempted {
            failure: &failure,
            attempts,
            elapsed: self.clock.now().saturating_sub(call.start),
            wall,
        };
        let decision = {
            let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
            let config = self.config.for_client(&self.budget);
            decide(&config, &attempted, &self.budget, &mut *rng)
        };
        match decision {
            Decision::Retry {
                delay, cost, hint, ..
            } => {
                let hint = hint.map(|h| h.source);
                let budget_left = self.budget.available();
                call.trace.retry(delay, hint, budget_left);
                self.tell(|| RetryEvent::Retrying {
                    attempt: attempts.saturating_add(1),
                    delay,
                    hint,
                    cost,
                    budget_left,
                });
                call.last_cost = Some(cost);
                call.waited = call.waited.saturating_add(delay);
                Step::Sleep(delay)
            }
            Decision::GiveUp { reason, .. } => {
                let budget = (reason == GiveUpReason::Budget).then(|| self.budget.snapshot());
                if let Some(budget) = budget {
                    self.tell(|| RetryEvent::BudgetDenied {
                        attempt: attempts.saturating_add(1),
                        cost: retry_cost(&failure, &self.budget),
                        available: budget.available,
                    });
                }
                call.trace
                    .give_up(attempts, reason, self.budget.available());
                self.tell(|| RetryEvent::GaveUp { attempts, reason });
                let error = RetryError::new(failure, attempts, call.waited, reason, wall);
                Step::Done(Err(match budget {
                    Some(budget) => error.with_budget(budget),
                    None => error,
                }))
            }
        }
    }
}
