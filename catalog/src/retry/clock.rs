//! Time: an injectable [`Clock`] and [`Sleeper`], the system ones, and a
//! [`VirtualClock`] for deterministic tests and simulations.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where the retry helper reads the time.
pub trait Clock {
    /// Monotonic time since an arbitrary, fixed epoch: used for elapsed time and
    /// deadlines.
    fn now(&self) -> Duration;

    /// Wall-clock time: used to read HTTP-dates and epoch `X-RateLimit-Reset` values.
    fn wall(&self) -> SystemTime;
}

/// Waits between attempts (blocking).
pub trait Sleeper {
    /// Blocks the current thread for `duration`.
    fn sleep(&self, duration: Duration);
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Duration {
        (**self).now()
    }
    fn wall(&self) -> SystemTime {
        (**self).wall()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Duration {
        (**self).now()
    }
    fn wall(&self) -> SystemTime {
        (**self).wall()
    }
}

impl<S: Sleeper + ?Sized> Sleeper for &S {
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration);
    }
}

impl<S: Sleeper + ?Sized> Sleeper for Arc<S> {
    fn sleep(&self, duration: Duration) {
        (**self).sleep(duration);
    }
}

/// The system clock: [`Instant`] for elapsed time, [`SystemTime`] for the wall clock.
#[derive(Clone, Copy, Debug)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    /// A clock whose epoch is now.
    pub fn new() -> SystemClock {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// The real sleeper: [`std::thread::sleep`] for [`Sleeper`], and, with the `tokio`
/// feature, `tokio::time::sleep` for the async wrapper.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemSleeper;

impl Sleeper for SystemSleeper {
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that only moves when something sleeps on it: sleeping advances the time at
/// once and records the duration. Clones share the same time.
///
/// It is both the [`Clock`] and the [`Sleeper`] of a test or a simulation.
#[derive(Clone, Debug)]
pub struct VirtualClock {
    inner: Arc<Mutex<VirtualState>>,
    wall_epoch: SystemTime,
}

#[derive(Debug, Default)]
struct VirtualState {
    now: Duration,
    sleeps: Vec<Duration>,
}

impl VirtualClock {
    /// A clock at time zero whose wall clock starts at 2026-01-01T00:00:00Z.
    pub fn new() -> VirtualClock {
        VirtualClock::with_wall_epoch(UNIX_EPOCH + Duration::from_secs(1_767_225_600))
    }

    /// A clock at time zero whose wall clock starts at `wall_epoch`.
    pub fn with_wall_epoch(wall_epoch: SystemTime) -> VirtualClock {
        VirtualClock {
            inner: Arc::default(),
            wall_epoch,
        }
    }

    /// Moves the time forward without recording a sleep.
    pub fn advance(&self, duration: Duration) {
        let mut state = self.state();
        state.now = state.now.saturating_add(duration);
    }

    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state().sleeps.clone()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, VirtualState> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for VirtualClock {
    fn default() -> Self {
        VirtualClock::new()
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Duration {
        self.state().now
    }
    fn wall(&self) -> SystemTime {
        let now = self.now();
        self.wall_epoch.checked_add(now).unwrap_or(self.wall_epoch)
    }
}

impl Sleeper for VirtualClock {
    fn sleep(&self, duration: Duration) {
        let mut state = self.state();
        state.now = state.now.saturating_add(duration);
        state.sleeps.push(duration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_clock_moves_on_sleep() {
        let clock = VirtualClock::new();
        let start = clock.wall();
        clock.sleep(Duration::from_millis(1500));
        clock.advance(Duration::from_millis(500));
        assert_eq!(clock.now(), Duration::from_secs(2));
        assert_eq!(clock.wall(), start + Duration::from_secs(2));
        assert_eq!(clock.sleeps(), vec![Duration::from_millis(1500)]);
    }
}
