//! Staying under the limit: a [`Pacer`] that holds requests back while the rate
//! windows the server reports are spent, so a client learns its limit from the counts
//! of every response rather than from 429s.
//!
//! Before each request the pacer is asked for a [`Permit`]; the permit is finished with
//! the response's status and headers, which report what is left of each window. The
//! pacer reads every dialect the retry helper reads (see [`WINDOW_HEADERS`] and the IETF
//! `RateLimit` / `RateLimit-Policy` fields, with their policy names and partition keys),
//! and keeps one window per policy and per caller-given scope ([`Cost::in_scope`], for
//! example the model), so one spent window never holds back another scope's requests.
//!
//! The rules, for each window of the request's scope:
//!
//! * **Spent**: when what is left, less what this client has in flight, cannot pay for
//!   the request (one for a window of requests, the declared estimate for a window of
//!   tokens, [`Cost::with_tokens`]), the request waits until the window's reset plus a
//!   jitter drawn once per window (up to [`PaceConfig::jitter`], at most a fifth of the
//!   wait), so many clients told the same reset do not return at one instant.
//! * **Smooth** ([`PaceConfig::smooth`], on by default): what is left is spread over
//!   the time to the reset (at most [`PaceConfig::max_wait`]), one request every
//!   `time left × sharers / left` (scaled by the tokens of the request), so clients that
//!   share a window do not spend it in a burst. What is left is the last count reported
//!   less this client's requests in flight; the sharers are estimated from the counts:
//!   between two of this client's responses the count drops by one for its own request
//!   and by one for each request of another client. When what others spent since the
//!   last report, at the rate the counts showed, is all that was left, the window is
//!   taken as spent.
//! * **After the reset** the window is predicted to restart at its limit when its length
//!   is known (the policy's `w`, or the step between two resets seen), else one request
//!   is let through at a time until a response reports the new window.
//! * **Errors teach too**: a 429 with a retry hint holds the scope's requests until the
//!   hint; a success without any rate-limit header forgets the scope's windows (the
//!   server stopped reporting them; headers that cannot be read change nothing, and a
//!   reset already due is a window resetting now), and a window not reported for
//!   [`PaceConfig::forget_after`] after its reset is forgotten.
//! * **Too long**: a wait longer than the caller allows fails fast with a [`PaceError`]
//!   that says when to come back.
//!
//! Memory is bounded ([`PaceConfig::max_windows`]); a permit releases what it counted
//! when it is finished or dropped, so a cancelled request leaks nothing, and a wait
//! holds nothing.
//!
//! # A fleet without a shared store
//!
//! Processes that share one key each keep their own pacer; the server's counts, read
//! from every response, are what they share. Each process counts only its own requests
//! in flight, so it may send while another process spends the last of a window; smoothing
//! keeps that rare, because the gap between requests grows as the window empties
//! (`time left / left`), and the first 429 tells the process the window is spent. The
//! `fleet` scenario of the retry simulation measures it (`catalog/docs/retry.md`).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use kiwi_errors::retry::headers::HeaderMap;
//! use kiwi_errors::retry::pace::{Cost, Pacer};
//!
//! let pacer = Pacer::seeded(Default::default(), 7);
//! let cost = Cost::new().in_scope("gpt-4o");
//! let (now, wall) = (Duration::ZERO, SystemTime::now());
//!
//! // Nothing known yet: the request goes at once.
//! let permit = pacer.try_acquire_at(&cost, now).unwrap();
//! let mut headers = HeaderMap::new();
//! headers.insert("x-ratelimit-remaining-requests", "0".parse().unwrap());
//! headers.insert("x-ratelimit-reset-requests", "20s".parse().unwrap());
//! permit.finish_at(200, &headers, now, wall);
//!
//! // The window is spent: the next request of the scope waits for its reset…
//! let hold = pacer.try_acquire_at(&cost, now).unwrap_err();
//! assert!(hold.wait() >= Duration::from_secs(20));
//! assert_eq!(hold.policy(), "requests");
//! // …while another scope goes at once.
//! assert!(pacer.try_acquire_at(&Cost::new().in_scope("small-model"), now).is_ok());
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use http::HeaderMap;

use super::clock::{Clock, Sleeper, SystemClock};
use super::headers::{MAX_PLAUSIBLE_HINT, Unit, WINDOW_HEADERS};
use super::hints::{self, server_hint};
use super::rng::{Random, SplitMix64};

/// How much of its estimate of the clients sharing a window the pacer keeps at each
/// report that shows fewer.
const SHARERS_DECAY: f64 = 0.9;

/// The shortest time between two reports the pacer measures a rate over: responses
/// that arrive together say how much was spent, not how fast.
const MIN_REPORT_GAP: Duration = Duration::from_millis(100);

/// How a [`Pacer`] paces. Build it from [`PaceConfig::default`] and change fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaceConfig {
    /// The longest a request may wait for its window; a longer wait fails fast with a
    /// [`PaceError`]. Default 120 s (as [`RetryConfig::max_hint`](super::RetryConfig)).
    pub max_wait: Duration,
    /// The most jitter added after a spent window's reset (at most a fifth of the
    /// wait). Default 1 s.
    pub jitter: Duration,
    /// Whether what is left of a window is spread over the time to its reset. Default
    /// true.
    pub smooth: bool,
    /// How long a window is kept after its reset without a response reporting it.
    /// Default 60 s.
    pub forget_after: Duration,
    /// How long a request waits before asking again while another one probes a window
    /// whose reset passed and whose length is unknown, or a scope no response of which
    /// has come back yet ([`PaceConfig::probe_first`]). Default 100 ms.
    pub probe_wait: Duration,
    /// Whether, until a response of a scope has come back, its requests go one at a
    /// time: a fresh client knows none of its windows, and a burst sent before the
    /// first response reports them would overrun a window with less room than the
    /// burst. A request that got no response (a transport error, a cancelled call) does
    /// not count as one. Default true.
    pub probe_first: bool,
    /// The most windows kept, all scopes together; past it, the scopes with nothing in
    /// flight that were used longest ago are forgotten. Default 1024.
    pub max_windows: usize,
}

impl Default for PaceConfig {
    fn default() -> Self {
        PaceConfig {
            max_wait: Duration::from_secs(120),
            jitter: Duration::from_secs(1),
            smooth: true,
            forget_after: Duration::from_secs(60),
            probe_wait: Duration::from_millis(100),
            probe_first: true,
            max_windows: 1024,
        }
    }
}

/// What one request asks of the pacer: its scope (for example the model; `None` for
/// the client's default scope) and its estimated tokens, which windows of tokens count
/// until the response reports their new counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cost {
    scope: Option<Arc<str>>,
    tokens: u64,
}

impl Cost {
    /// One request in the default scope, with no token estimate.
    pub fn new() -> Cost {
        Cost::default()
    }

    /// In `scope`: windows are kept per scope, so one scope's spent window never holds
    /// back another's requests.
    pub fn in_scope(mut self, scope: impl Into<Arc<str>>) -> Cost {
        self.scope = Some(scope.into());
        self
    }

    /// With an estimate of the tokens the request will spend (input plus the most
    /// output it may produce), counted against windows of tokens while it is in flight.
    pub fn with_tokens(mut self, tokens: u64) -> Cost {
        self.tokens = tokens;
        self
    }

    /// The scope, if one was given.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The token estimate (0 when none was given).
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// What the request takes from a window of `unit`.
    fn units(&self, unit: Unit) -> u64 {
        match unit {
            Unit::Requests => 1,
            Unit::Tokens => self.tokens,
            Unit::Other => 0,
        }
    }
}

/// Why a request may not go yet: the window that holds it back and how long to wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    wait: Duration,
    policy: Arc<str>,
    scope: Option<Arc<str>>,
    spent: bool,
}

impl Hold {
    /// How long to wait before asking again.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// The window's policy: the IETF policy name, or the name of the dialect's window
    /// ([`WindowHeaders::policy`](super::headers::WindowHeaders::policy)), or
    /// `retry-after` for a scope held by a 429's hint.
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The scope the window belongs to.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// True when the window is spent (the wait runs to its reset), false when the
    /// request is only spaced from the previous one.
    pub fn is_spent(&self) -> bool {
        self.spent
    }

    /// Whether this hold is not the one `told` of (the window that held the request
    /// last and whether it was spent); remembers it in `told`. The waiting loops' hooks
    /// tell a request's holds once each, not at each time it asks again.
    pub(crate) fn is_news(&self, told: &mut Option<(Arc<str>, bool)>) -> bool {
        let same = told
            .as_ref()
            .is_some_and(|(policy, spent)| *policy == self.policy && *spent == self.spent);
        if !same {
            *told = Some((Arc::clone(&self.policy), self.spent));
        }
        !same
    }

    fn into_error(self) -> PaceError {
        PaceError {
            retry_after: self.wait,
            policy: self.policy.to_string(),
            scope: self.scope.as_deref().map(str::to_owned),
        }
    }
}

/// A request that would have to wait longer than its caller allows for its rate
/// window: it was not sent. Come back after [`PaceError::retry_after`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaceError {
    retry_after: Duration,
    policy: String,
    scope: Option<String>,
}

impl PaceError {
    /// How long until the window has room again.
    pub fn retry_after(&self) -> Duration {
        self.retry_after
    }

    /// The policy of the spent window.
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The scope of the spent window.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }
}

impl fmt::Display for PaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate window `{}`", self.policy)?;
        if let Some(scope) = &self.scope {
            write!(f, " of `{scope}`")?;
        }
        write!(
            f,
            " is spent for {:.3} s, longer than allowed: the request was not sent",
            self.retry_after.as_secs_f64()
        )
    }
}

impl std::error::Error for PaceError {}

/// One window of one scope, as the responses reported it.
#[derive(Clone, Debug)]
struct Window {
    policy: Arc<str>,
    partition: Option<Box<[u8]>>,
    unit: Unit,
    /// What is left, as last reported (or predicted after a reset).
    remaining: u64,
    limit: Option<u64>,
    /// When the window resets, on the pacer's clock.
    reset_at: Duration,
    /// When requests held by the spent window go again: the reset plus this client's
    /// jitter.
    release_at: Duration,
    /// The window's length, when known.
    length: Option<Duration>,
    /// The reset of the last report, for forgetting and for learning the length.
    reported_reset: Duration,
    /// What this client has in flight in the window's unit.
    in_flight: u64,
    /// The last request let through in this window.
    last_grant: Option<Duration>,
    /// The reset passed with no length known: one request at a time until a report.
    probing: bool,
    /// The window's reset and limit are predicted from the last one, not reported.
    predicted: bool,
    /// This client's jitter after the reset of this window.
    jitter: Duration,
    /// A 429's hint, not a window the server reports: gone once it passes.
    ephemeral: bool,
    /// When the last report came.
    seen_at: Duration,
    /// How many clients spend the window, as this one sees it: the drop of `remaining`
    /// between two reports (one for this client's own request, the rest for others'),
    /// the largest seen, decaying by [`SHARERS_DECAY`]; at least 1.
    sharers: f64,
    /// How fast the other clients spend the window, in units per second: the drop of
    /// `remaining` between two reports beyond this client's own request, over the time
    /// between them, averaged.
    others_rate: f64,
}

/// The windows of one scope and what it has in flight.
#[derive(Debug, Default)]
struct Scope {
    windows: Vec<Window>,
    pending: u32,
    pending_tokens: u64,
    last_used: Duration,
    /// A response of the scope came back ([`PaceConfig::probe_first`]).
    heard: bool,
}

/// The policy of a [`Hold`] of a scope no response of which has come back yet
/// ([`PaceConfig::probe_first`]).
pub const FIRST_RESPONSE: &str = "first-response";

/// The scopes a pacer knows. The default scope (a request without
/// [`Cost::in_scope`]) is kept apart and never forgotten, so the check before each of its
/// requests hashes nothing; a named scope is found by its name once, when its permit is
/// given, and again by its slot when the permit is released. A scope with requests in
/// flight is never forgotten, so its slot stays its own while a permit holds it.
#[derive(Debug, Default)]
struct Scopes {
    default: Scope,
    /// Each named scope's slot.
    index: HashMap<Arc<str>, usize>,
    /// The named scopes; a forgotten scope's slot is empty until a new scope takes it.
    slots: Vec<Option<Named>>,
    /// The empty slots.
    free: Vec<usize>,
}

#[derive(Debug)]
struct Named {
    name: Arc<str>,
    scope: Scope,
}

/// Up to this many named scopes are found by comparing their names, past it by the
/// index.
const FEW_SCOPES: usize = 8;

/// Where a scope is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Default,
    Named(usize),
}

impl Scopes {
    fn find(&self, scope: Option<&str>) -> Option<Slot> {
        let name = match scope {
            None => return Some(Slot::Default),
            Some(name) => name,
        };
        if self.slots.len() <= FEW_SCOPES {
            // A client's few scopes (its models): comparing names beats hashing one.
            let at = self
                .slots
                .iter()
                .position(|named| named.as_ref().is_some_and(|n| *n.name == *name));
            return at.map(Slot::Named);
        }
        self.index.get(name).copied().map(Slot::Named)
    }

    /// The scope in `slot`, when it is still `scope`'s.
    fn at(&mut self, slot: Slot, scope: Option<&str>) -> Option<&mut Scope> {
        match (slot, scope) {
            (Slot::Default, None) => Some(&mut self.default),
            (Slot::Named(i), Some(name)) => match self.slots.get_mut(i) {
                Some(Some(named)) if *named.name == *name => Some(&mut named.scope),
                _ => None,
            },
            _ => None,
        }
    }

    fn get_mut(&mut self, scope: Option<&str>) -> Option<&mut Scope> {
        let slot = self.find(scope)?;
        self.at(slot, scope)
    }

    /// Adds the scope when it is new, as used `now`.
    fn add(&mut self, scope: Option<&str>, now: Duration) {
        let Some(name) = scope else {
            return;
        };
        if self.index.contains_key(name) {
            return;
        }
        let named = Named {
            name: Arc::from(name),
            scope: Scope {
                last_used: now,
                ..Scope::default()
            },
        };
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.index.insert(Arc::clone(&named.name), slot);
        if let Some(place) = self.slots.get_mut(slot) {
            *place = Some(named);
        }
    }

    /// Forgets the named scope in `slot`, giving back its windows.
    fn remove(&mut self, slot: usize) -> Option<Scope> {
        let named = self.slots.get_mut(slot)?.take()?;
        self.index.remove(&named.name);
        self.free.push(slot);
        Some(named.scope)
    }

    /// How many scopes are known, the default one included.
    fn len(&self) -> usize {
        self.index.len() + 1
    }

    fn iter(&self) -> impl Iterator<Item = (Option<&str>, &Scope)> {
        let named = self.slots.iter().flatten();
        std::iter::once((None, &self.default))
            .chain(named.map(|named| (Some(&*named.name), &named.scope)))
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut Scope> {
        let named = self.slots.iter_mut().flatten();
        std::iter::once(&mut self.default).chain(named.map(|named| &mut named.scope))
    }
}

#[derive(Debug)]
struct State {
    scopes: Scopes,
    windows: usize,
    rng: SplitMix64,
    holds: u64,
    failed_fast: u64,
}

/// The state of a pacer at one instant ([`Pacer::snapshot`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacerSnapshot {
    /// Every window known, by scope then policy.
    pub windows: Vec<WindowSnapshot>,
    /// Requests in flight, all scopes together.
    pub in_flight: u32,
    /// How many times a request was told to wait (a request that asks again while
    /// held counts each time).
    pub holds: u64,
    /// How many requests failed fast because the wait was too long.
    pub failed_fast: u64,
}

/// One window of a [`PacerSnapshot`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowSnapshot {
    /// The scope.
    pub scope: Option<String>,
    /// The policy.
    pub policy: String,
    /// Its IETF partition key, when the server sent one.
    pub partition_key: Option<Vec<u8>>,
    /// What it counts.
    pub unit: Unit,
    /// What is left, as reported (or predicted after a reset).
    pub remaining: u64,
    /// Its limit, when reported.
    pub limit: Option<u64>,
    /// What this client has in flight in it.
    pub in_flight: u64,
    /// Time to its reset (zero once passed).
    pub reset_in: Duration,
}

/// A rate-limit pacer: one per client, shared (it is a handle: clones share the state)
/// by the [`Retrier`](super::Retrier), the reqwest middleware and the tower layer. See
/// the [module docs](self) for its rules.
#[derive(Clone)]
pub struct Pacer {
    shared: Arc<Shared>,
}

struct Shared {
    config: PaceConfig,
    clock: Box<dyn Clock + Send + Sync>,
    state: Mutex<State>,
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new()
    }
}

impl Pacer {
    /// A pacer with the default configuration, the system clock, and jitter seeded from
    /// entropy.
    pub fn new() -> Pacer {
        Pacer::with_config(PaceConfig::default())
    }

    /// A pacer with `config`, the system clock, and jitter seeded from entropy.
    pub fn with_config(config: PaceConfig) -> Pacer {
        Pacer::build(config, SystemClock::new(), SplitMix64::from_entropy())
    }

    /// A pacer whose jitter starts from `seed` (same seed, same waits), on the system
    /// clock.
    pub fn seeded(config: PaceConfig, seed: u64) -> Pacer {
        Pacer::build(config, SystemClock::new(), SplitMix64::new(seed))
    }

    /// A pacer on `clock` (e.g. a [`VirtualClock`](super::testing::VirtualClock)) whose
    /// jitter starts from `seed`.
    pub fn with_clock(
        config: PaceConfig,
        clock: impl Clock + Send + Sync + 'static,
        seed: u64,
    ) -> Pacer {
        Pacer::build(config, clock, SplitMix64::new(seed))
    }

    fn build(
        config: PaceConfig,
        clock: impl Clock + Send + Sync + 'static,
        rng: SplitMix64,
    ) -> Pacer {
        Pacer {
            shared: Arc::new(Shared {
                config,
                clock: Box::new(clock),
                state: Mutex::new(State {
                    scopes: Scopes::default(),
                    windows: 0,
                    rng,
                    holds: 0,
                    failed_fast: 0,
                }),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &PaceConfig {
        &self.shared.config
    }

    /// The time now on the pacer's clock.
    pub fn now(&self) -> Duration {
        self.shared.clock.now()
    }

    /// The wall-clock time on the pacer's clock.
    pub fn wall(&self) -> SystemTime {
        self.shared.clock.wall()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A permit for a request of `cost` now, or how long it must wait.
    pub fn try_acquire(&self, cost: &Cost) -> Result<Permit, Hold> {
        self.try_acquire_at(cost, self.now())
    }

    /// [`Pacer::try_acquire`] at `now` on the pacer's clock (for simulations that keep
    /// their own time).
    pub fn try_acquire_at(&self, cost: &Cost, now: Duration) -> Result<Permit, Hold> {
        let config = &self.shared.config;
        let mut state = self.state();
        let state = &mut *state;
        // One lookup of a known scope: this runs before every request.
        let slot = match state.scopes.find(cost.scope()) {
            Some(slot) => slot,
            None => {
                // Nothing known of the scope: nothing holds the request back.
                state.scopes.add(cost.scope(), now);
                if state.scopes.len() > config.max_windows {
                    forget(&mut state.scopes, &mut state.windows, now, config);
                }
                let Some(slot) = state.scopes.find(cost.scope()) else {
                    return Ok(self.permit(cost, None));
                };
                slot
            }
        };
        let Some(scope) = state.scopes.at(slot, cost.scope()) else {
            return Ok(self.permit(cost, None));
        };
        scope.last_used = now;
        if !scope.heard && scope.pending > 0 && config.probe_first {
            // Nothing reported yet, and a request is on its way to learn the windows.
            state.holds += 1;
            return Err(Hold {
                wait: config.probe_wait,
                policy: Arc::from(FIRST_RESPONSE),
                scope: cost.scope.clone(),
                spent: false,
            });
        }
        let mut hold: Option<Hold> = None;
        let pending = scope.pending;
        for window in &mut scope.windows {
            let wait = window.wait(cost, pending, now, config, &mut state.rng);
            if let Some((wait, spent)) = wait {
                if hold.as_ref().is_none_or(|h| wait > h.wait) {
                    hold = Some(Hold {
                        wait,
                        policy: Arc::clone(&window.policy),
                        scope: cost.scope.clone(),
                        spent,
                    });
                }
            }
        }
        if let Some(hold) = hold {
            state.holds += 1;
            return Err(hold);
        }
        for window in &mut scope.windows {
            window.in_flight = window.in_flight.saturating_add(cost.units(window.unit));
            window.last_grant = Some(now);
        }
        scope.pending = scope.pending.saturating_add(1);
        scope.pending_tokens = scope.pending_tokens.saturating_add(cost.tokens);
        Ok(self.permit(cost, Some(slot)))
    }

    /// A permit for `cost`, counted in the scope in `slot` (`None`: counted nowhere).
    fn permit(&self, cost: &Cost, slot: Option<Slot>) -> Permit {
        Permit {
            pacer: Some(self.clone()),
            cost: cost.clone(),
            slot,
        }
    }

    /// Waits on the current thread until a request of `cost` may go, then gives its
    /// permit; fails fast with a [`PaceError`] when the wait would be longer than
    /// `limit` (and [`PaceConfig::max_wait`]). `on_hold` is told of each wait before it
    /// starts.
    pub fn acquire_blocking(
        &self,
        cost: &Cost,
        sleeper: &impl Sleeper,
        limit: Duration,
        mut on_hold: impl FnMut(&Hold),
    ) -> Result<Permit, PaceError> {
        let mut waited = Duration::ZERO;
        loop {
            match self.next_wait(cost, &mut waited, limit, &mut on_hold)? {
                Ok(permit) => return Ok(permit),
                Err(wait) => sleeper.sleep(wait),
            }
        }
    }

    /// Like [`Pacer::acquire_blocking`], awaiting `sleeper` (feature `tokio`). Dropping
    /// the future while it waits leaves nothing behind: a permit exists only once it
    /// is returned.
    #[cfg(feature = "tokio")]
    pub async fn acquire(
        &self,
        cost: &Cost,
        sleeper: &impl super::tokio::AsyncSleeper,
        limit: Duration,
        mut on_hold: impl FnMut(&Hold),
    ) -> Result<Permit, PaceError> {
        let mut waited = Duration::ZERO;
        loop {
            match self.next_wait(cost, &mut waited, limit, &mut on_hold)? {
                Ok(permit) => return Ok(permit),
                Err(wait) => sleeper.sleep(wait).await,
            }
        }
    }

    /// One turn of the waiting loops: the permit, or the wait to sleep before asking
    /// again (told to `on_hold` and added to `waited`), or the error of a wait that
    /// would take the request past what its caller allows.
    fn next_wait(
        &self,
        cost: &Cost,
        waited: &mut Duration,
        limit: Duration,
        on_hold: &mut impl FnMut(&Hold),
    ) -> Result<Result<Permit, Duration>, PaceError> {
        match self.try_acquire(cost) {
            Ok(permit) => Ok(Ok(permit)),
            Err(hold) => {
                self.check_wait(&hold, *waited, limit)?;
                on_hold(&hold);
                *waited = waited.saturating_add(hold.wait);
                Ok(Err(hold.wait))
            }
        }
    }

    /// Fails fast when the wait would take the request past what its caller allows.
    fn check_wait(&self, hold: &Hold, waited: Duration, limit: Duration) -> Result<(), PaceError> {
        let limit = limit.min(self.shared.config.max_wait);
        if waited.saturating_add(hold.wait) > limit {
            self.state().failed_fast += 1;
            return Err(hold.clone().into_error());
        }
        Ok(())
    }

    /// Reads what a response of `scope` says of its windows (`status`, `headers`) now;
    /// the permit's [`Permit::finish`] calls it. Useful on its own for responses of
    /// requests made without a permit.
    pub fn observe(&self, scope: Option<&str>, status: u16, headers: &HeaderMap) {
        let (now, wall) = (self.now(), self.wall());
        self.observe_at(scope, status, headers, now, wall);
    }

    /// [`Pacer::observe`] at `now` on the pacer's clock and `wall` on the wall clock.
    pub fn observe_at(
        &self,
        scope: Option<&str>,
        status: u16,
        headers: &HeaderMap,
        now: Duration,
        wall: SystemTime,
    ) {
        let reports = reports(status, headers, wall);
        let mut state = self.state();
        self.apply(&mut state, scope, status, reports, now);
    }

    fn apply(
        &self,
        state: &mut State,
        scope: Option<&str>,
        status: u16,
        reports: Reports,
        now: Duration,
    ) {
        let Reports {
            windows: reports,
            reported,
        } = reports;
        let config = &self.shared.config;
        if reports.is_empty() && status != 429 {
            if let Some(known) = state.scopes.get_mut(scope) {
                known.heard = true;
                // A success without any rate-limit header: the server stopped reporting
                // windows. (One whose headers could not be read changes nothing.)
                if status < 400 && !reported {
                    state.windows -= known.windows.len();
                    known.windows.clear();
                }
            }
            return;
        }
        state.scopes.add(scope, now);
        let State {
            scopes,
            windows: count,
            rng,
            ..
        } = state;
        let Some(entry) = scopes.get_mut(scope) else {
            return;
        };
        entry.last_used = now;
        entry.heard = true;
        if status == 429 && reports.iter().all(|r| r.remaining > 0) {
            // Over the limit, and the response does not say which window: every window
            // of the scope is spent until its reset.
            for window in &mut entry.windows {
                if now < window.reset_at {
                    window.remaining = 0;
                }
            }
        }
        let mut seen = vec![false; entry.windows.len()];
        for report in reports {
            let reset_at = now.saturating_add(report.reset);
            let found = entry
                .windows
                .iter()
                .position(|w| *w.policy == *report.policy && w.partition == report.partition);
            match found {
                Some(i) => {
                    entry.windows[i].update(&report, now, reset_at, config, rng);
                    if let Some(seen) = seen.get_mut(i) {
                        *seen = true;
                    }
                }
                None => {
                    let in_flight = match report.unit {
                        Unit::Requests => u64::from(entry.pending),
                        Unit::Tokens => entry.pending_tokens,
                        Unit::Other => 0,
                    };
                    let mut window = Window {
                        policy: Arc::from(report.policy.as_str()),
                        partition: report.partition.clone(),
                        unit: report.unit,
                        remaining: report.remaining,
                        limit: report.limit,
                        reset_at,
                        release_at: reset_at,
                        length: report.length,
                        reported_reset: reset_at,
                        in_flight,
                        last_grant: None,
                        probing: false,
                        predicted: false,
                        jitter: Duration::ZERO,
                        ephemeral: report.ephemeral,
                        seen_at: now,
                        sharers: 1.0,
                        others_rate: 0.0,
                    };
                    window.jitter = jitter(report.reset, config, rng);
                    window.release_at = reset_at.saturating_add(window.jitter);
                    entry.windows.push(window);
                    *count += 1;
                }
            }
        }
        // A window the response no longer reports, once its reset passed, is forgotten.
        let before = entry.windows.len();
        let mut i = 0;
        entry.windows.retain(|w| {
            let keep = seen.get(i).is_none_or(|s| *s) || now < w.release_at;
            i += 1;
            keep
        });
        *count -= before - entry.windows.len();
        if *count > config.max_windows || scopes.len() > config.max_windows {
            forget(scopes, count, now, config);
        }
    }

    /// The pacer's windows now: for each, what is left, what this client has in flight
    /// and the time to its reset; and how often requests were held or failed fast.
    pub fn snapshot(&self) -> PacerSnapshot {
        let now = self.now();
        let state = self.state();
        let mut windows: Vec<WindowSnapshot> = state
            .scopes
            .iter()
            .flat_map(|(scope, s)| {
                s.windows.iter().map(move |w| WindowSnapshot {
                    scope: scope.map(str::to_owned),
                    policy: w.policy.to_string(),
                    partition_key: w.partition.as_deref().map(<[u8]>::to_vec),
                    unit: w.unit,
                    remaining: w.remaining,
                    limit: w.limit,
                    in_flight: w.in_flight,
                    reset_in: w.reset_at.saturating_sub(now),
                })
            })
            .collect();
        windows.sort_by(|a, b| (&a.scope, &a.policy).cmp(&(&b.scope, &b.policy)));
        PacerSnapshot {
            windows,
            in_flight: state.scopes.iter().map(|(_, s)| s.pending).sum(),
            holds: state.holds,
            failed_fast: state.failed_fast,
        }
    }

    /// Releases what a permit counted in the scope in `slot`; that scope, if it is
    /// still known.
    fn release<'s>(
        &self,
        state: &'s mut State,
        cost: &Cost,
        slot: Option<Slot>,
    ) -> Option<&'s mut Scope> {
        let scope = state.scopes.at(slot?, cost.scope())?;
        release_in(scope, cost);
        Some(scope)
    }
}

fn release_in(scope: &mut Scope, cost: &Cost) {
    scope.pending = scope.pending.saturating_sub(1);
    scope.pending_tokens = scope.pending_tokens.saturating_sub(cost.tokens);
    for window in &mut scope.windows {
        window.in_flight = window.in_flight.saturating_sub(cost.units(window.unit));
    }
}

/// Forgets windows and scopes until at most `max_windows` of each are kept: first the
/// windows long past their reset, then whole scopes with nothing in flight, used
/// longest ago.
fn forget(scopes: &mut Scopes, count: &mut usize, now: Duration, config: &PaceConfig) {
    for scope in scopes.values_mut() {
        let before = scope.windows.len();
        scope.windows.retain(|w| !w.forgotten(now, config));
        *count -= before - scope.windows.len();
    }
    while *count > config.max_windows || scopes.len() > config.max_windows {
        // The default scope is never forgotten as a whole; its windows may be.
        let oldest = scopes
            .slots
            .iter()
            .enumerate()
            .filter_map(|(slot, named)| Some((slot, &named.as_ref()?.scope)))
            .filter(|(_, s)| s.pending == 0)
            .min_by_key(|(_, s)| s.last_used)
            .map(|(slot, _)| slot);
        let Some(slot) = oldest else {
            break;
        };
        if let Some(scope) = scopes.remove(slot) {
            *count -= scope.windows.len();
        }
    }
}

/// This client's jitter after a window's reset: up to [`PaceConfig::jitter`], at most a
/// fifth of the time to the reset.
fn jitter(wait: Duration, config: &PaceConfig, rng: &mut SplitMix64) -> Duration {
    let most = config.jitter.min(wait / 5);
    let u = rng.next_f64();
    most.mul_f64(if u.is_finite() {
        u.clamp(0.0, 1.0)
    } else {
        0.0
    })
}

impl Window {
    /// How long a request of `cost` must wait for this window at `now` (and whether
    /// the window is spent), or `None` when it may go.
    fn wait(
        &mut self,
        cost: &Cost,
        pending: u32,
        now: Duration,
        config: &PaceConfig,
        rng: &mut SplitMix64,
    ) -> Option<(Duration, bool)> {
        if now >= self.release_at {
            if self.ephemeral {
                return None;
            }
            if !self.probing {
                self.roll(now, config, rng);
            }
        }
        if self.probing {
            return (pending > 0).then_some((config.probe_wait, false));
        }
        let need = cost.units(self.unit);
        // What is left: as reported, less what this client has in flight.
        let left = self.remaining.saturating_sub(self.in_flight);
        let spent = match self.unit {
            Unit::Other => self.remaining == 0,
            _ => need > left || left == 0,
        };
        let to_release = self
            .release_at
            .saturating_sub(now)
            .max(Duration::from_micros(1));
        if spent {
            return Some((to_release, true));
        }
        // What the others spent since the last report, at their rate: when it is all
        // that was left, the window is spent too — unless its reset is farther than any
        // caller waits, where a request is let through now and then to learn the count.
        let others = self.others_rate * now.saturating_sub(self.seen_at).as_secs_f64();
        if (left as f64) - others < need as f64 && to_release <= config.max_wait {
            return Some((to_release, true));
        }
        if config.smooth && need > 0 {
            if let Some(last) = self.last_grant {
                // Spread over the time to the reset, or over the longest wait allowed
                // when the reset is farther: no caller waits past that anyway.
                let horizon = self.reset_at.saturating_sub(now).min(config.max_wait);
                let gap = horizon.mul_f64(need as f64 * self.sharers / left as f64);
                let at = last.saturating_add(gap);
                if at > now {
                    return Some((at - now, false));
                }
            }
        }
        None
    }

    /// The reset (and this client's jitter) passed: predict the next window when its
    /// length and limit are known, else probe it one request at a time.
    fn roll(&mut self, now: Duration, config: &PaceConfig, rng: &mut SplitMix64) {
        match (self.length, self.limit) {
            (Some(length), Some(limit)) if !length.is_zero() => {
                let mut reset_at = self.reset_at;
                while reset_at <= now {
                    reset_at = reset_at.saturating_add(length);
                }
                // The new window started at the old reset, full.
                self.seen_at = self.reset_at;
                self.remaining = limit;
                self.reset_at = reset_at;
                self.jitter = jitter(reset_at - now, config, rng);
                self.release_at = reset_at.saturating_add(self.jitter);
                self.predicted = true;
                self.last_grant = None;
            }
            _ => self.probing = true,
        }
    }

    /// A response reported the window.
    fn update(
        &mut self,
        report: &Report,
        now: Duration,
        reset_at: Duration,
        config: &PaceConfig,
        rng: &mut SplitMix64,
    ) {
        let new_window = report.remaining > self.remaining
            && reset_at >= self.reported_reset.saturating_add(Duration::from_secs(1));
        if !new_window && !self.probing && self.unit == Unit::Requests {
            // Between two reports the window drops by this response's own request and
            // by what the other clients sharing it sent.
            // This client's own requests still in flight may have landed in between
            // too: they are not others'. The estimate follows a rise at once and decays
            // slowly, as clients that hold back while the window empties send less
            // without leaving it.
            let drop = self
                .remaining
                .saturating_sub(report.remaining)
                .saturating_sub(self.in_flight) as f64;
            self.sharers = drop.max(self.sharers * SHARERS_DECAY).max(1.0);
            let between = now.saturating_sub(self.seen_at).max(MIN_REPORT_GAP);
            let rate = (drop - 1.0).max(0.0) / between.as_secs_f64();
            self.others_rate = (self.others_rate + rate) / 2.0;
        }
        self.seen_at = now;
        if new_window && report.length.is_none() {
            // The step between two resets is the window's length, or a multiple of it
            // when windows passed unseen: the shortest step seen.
            let step = reset_at - self.reported_reset;
            if step <= MAX_PLAUSIBLE_HINT {
                self.length = Some(self.length.map_or(step, |l| l.min(step)));
            }
        }
        if report.length.is_some() {
            self.length = report.length;
        }
        if report.limit.is_some() {
            self.limit = report.limit;
        }
        // Servers round resets up (to whole seconds, often): within one window the
        // earliest reset reported is the closest.
        let reset_at = if new_window || self.predicted || self.probing {
            reset_at
        } else {
            reset_at.min(self.reported_reset)
        };
        if new_window || self.predicted || self.probing {
            self.jitter = jitter(report.reset, config, rng);
        }
        self.unit = report.unit;
        self.remaining = report.remaining;
        self.reset_at = reset_at;
        self.reported_reset = reset_at;
        self.probing = false;
        self.predicted = false;
        self.release_at = reset_at.saturating_add(self.jitter);
    }

    /// Not reported for [`PaceConfig::forget_after`] since its reset, nothing in flight.
    fn forgotten(&self, now: Duration, config: &PaceConfig) -> bool {
        self.in_flight == 0 && now >= self.reported_reset.saturating_add(config.forget_after)
    }
}

/// The right to send one request; finish it with the response
/// ([`Permit::finish`]), or drop it (a request that got no response, or was cancelled):
/// either way what it counted in flight is released.
#[must_use = "a permit counts its request in flight until it is finished or dropped"]
pub struct Permit {
    pacer: Option<Pacer>,
    cost: Cost,
    /// Where the permit is counted (`None`: nowhere).
    slot: Option<Slot>,
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit").field("cost", &self.cost).finish()
    }
}

impl Permit {
    /// The request's cost.
    pub fn cost(&self) -> &Cost {
        &self.cost
    }

    /// Reads the response's counts into the pacer and releases the permit.
    pub fn finish(mut self, status: u16, headers: &HeaderMap) {
        if let Some(pacer) = self.pacer.take() {
            let (now, wall) = (pacer.now(), pacer.wall());
            pacer.finish(&self.cost, self.slot, status, headers, now, wall);
        }
    }

    /// Releases the permit of a request that got a response the pacer cannot read
    /// (its headers are not at hand): the scope counts as heard from
    /// ([`PaceConfig::probe_first`]), nothing else is learnt.
    pub fn finish_unread(mut self) {
        if let Some(pacer) = self.pacer.take() {
            let mut state = pacer.state();
            if let Some(scope) = pacer.release(&mut state, &self.cost, self.slot) {
                scope.heard = true;
            }
        }
    }

    /// [`Permit::finish`] at `now` on the pacer's clock and `wall` on the wall clock.
    pub fn finish_at(mut self, status: u16, headers: &HeaderMap, now: Duration, wall: SystemTime) {
        if let Some(pacer) = self.pacer.take() {
            pacer.finish(&self.cost, self.slot, status, headers, now, wall);
        }
    }
}

impl Pacer {
    fn finish(
        &self,
        cost: &Cost,
        slot: Option<Slot>,
        status: u16,
        headers: &HeaderMap,
        now: Duration,
        wall: SystemTime,
    ) {
        let reports = reports(status, headers, wall);
        let mut state = self.state();
        self.release(&mut state, cost, slot);
        self.apply(&mut state, cost.scope(), status, reports, now);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(pacer) = self.pacer.take() {
            let mut state = pacer.state();
            pacer.release(&mut state, &self.cost, self.slot);
        }
    }
}

/// A successful response whose status and headers the pacer reads: what
/// [`Retrier::run_paced`](super::Retrier::run_paced) and `run_paced_async` return.
pub trait Reported {
    /// The HTTP status.
    fn status(&self) -> u16;
    /// The response headers.
    fn headers(&self) -> &HeaderMap;
}

impl<B> Reported for http::Response<B> {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
    fn headers(&self) -> &HeaderMap {
        self.headers()
    }
}

#[cfg(feature = "reqwest")]
impl Reported for ::reqwest::Response {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
    fn headers(&self) -> &HeaderMap {
        self.headers()
    }
}

/// Finishes an attempt's permit with what came back: a response's status and headers
/// (an error's, or a success's when `ok` reports them), or nothing for a request that
/// got no response.
pub(crate) fn settle<E: crate::CatalogError>(
    permit: Option<Permit>,
    failure: Option<&super::Failure<E>>,
    ok: Option<(u16, &HeaderMap)>,
) {
    let Some(permit) = permit else {
        return;
    };
    match (ok, failure) {
        (Some((status, headers)), _) => permit.finish(status, headers),
        (None, Some(failure)) => match failure.headers() {
            Some(headers) => {
                // An error in a stream counts with its type's status (a 429 for a rate
                // limit).
                let status = failure.api_error().map_or(200, crate::CatalogError::status);
                permit.finish(status, headers);
            }
            // No response came back: the permit is dropped, the scope not heard from.
            None if failure.transport_error().is_some() => drop(permit),
            None => permit.finish_unread(),
        },
        // A success whose response the loop does not see.
        (None, None) => permit.finish_unread(),
    }
}

/// One window as a response reports it.
#[derive(Clone, Debug)]
struct Report {
    policy: String,
    partition: Option<Box<[u8]>>,
    unit: Unit,
    remaining: u64,
    limit: Option<u64>,
    /// Time to the reset, from the response.
    reset: Duration,
    length: Option<Duration>,
    ephemeral: bool,
}

/// What a response says of its windows.
struct Reports {
    windows: Vec<Report>,
    /// Whether it has any rate-limit header, read or not.
    reported: bool,
}

/// A window's reset as the pacer reads it: as a hint's ([`hints::parse_reset`]), and a
/// reset already due (`0ms`, a time just passed: the response left as its window
/// reset) as zero, a window resetting now.
fn reset_of(s: &str, wall: SystemTime) -> Option<Duration> {
    hints::reset_from(s, wall).filter(|d| *d <= MAX_PLAUSIBLE_HINT)
}

/// Every window a response reports: the IETF `RateLimit` field's (with the policy's
/// quota, window and unit from `RateLimit-Policy`), each of [`WINDOW_HEADERS`] whose
/// remaining and reset headers are valid, and for a 429 with a retry hint and no window
/// reported spent, a spent `retry-after` window until the hint.
fn reports(status: u16, headers: &HeaderMap, wall: SystemTime) -> Reports {
    let mut out = Vec::new();
    // Every window header's name has `ratelimit` in it: a response without one (most
    // responses of a server that does not report windows) reports none, unless it is a
    // 429 whose hint holds the scope. This runs after every request.
    let reported = headers
        .keys()
        .any(|name| name.as_str().contains("ratelimit"));
    if status != 429 && !reported {
        return Reports {
            windows: out,
            reported,
        };
    }
    let windows = hints::rate_limit_field(headers);
    if !windows.is_empty() {
        let policies = hints::rate_limit_policies(headers);
        for window in windows {
            let Some(remaining) = window.remaining else {
                continue;
            };
            // `t=0` (no hint) is a window resetting now.
            let reset = window.reset.unwrap_or(Duration::ZERO);
            let policy = policies
                .iter()
                .find(|p| p.policy == window.policy && p.partition_key == window.partition_key);
            let unit = match policy.and_then(|p| p.quota_unit.as_deref()) {
                None | Some("requests") => Unit::Requests,
                Some(_) => Unit::Other,
            };
            out.push(Report {
                policy: window.policy,
                partition: window.partition_key.map(Vec::into_boxed_slice),
                unit,
                remaining,
                limit: policy.and_then(|p| p.quota),
                reset,
                length: policy.and_then(|p| p.window),
                ephemeral: false,
            });
        }
    }
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    for window in WINDOW_HEADERS {
        let Some(remaining) = value(window.remaining).and_then(|s| s.trim().parse::<u64>().ok())
        else {
            continue;
        };
        let Some(reset) = value(window.reset).and_then(|s| reset_of(s, wall)) else {
            continue;
        };
        out.push(Report {
            policy: window.policy.to_owned(),
            partition: None,
            unit: window.unit,
            remaining,
            limit: value(window.limit).and_then(|s| s.trim().parse::<u64>().ok()),
            reset,
            length: None,
            ephemeral: false,
        });
    }
    // A 429 whose windows do not say which one is spent: its hint holds the scope.
    if status == 429 && out.iter().all(|r| r.remaining > 0) {
        if let Some(hint) = server_hint(headers, wall) {
            out.push(Report {
                policy: "retry-after".to_owned(),
                partition: None,
                unit: Unit::Requests,
                remaining: 0,
                limit: None,
                reset: hint.delay,
                length: None,
                ephemeral: true,
            });
        }
    }
    Reports {
        windows: out,
        reported,
    }
}

#[cfg(test)]
mod tests;
