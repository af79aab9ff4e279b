//! Capped exponential backoff with full jitter, for retries without a server hint.

use std::time::Duration;

use super::rng::Random;

/// Capped exponential backoff with full jitter: before retry `n` (0 for the first
/// retry) wait a uniformly random time in `[0, min(cap, base * 2^n))`.
///
/// Full jitter spreads clients best and does the least total work among the usual
/// jitter schemes (AWS Architecture Blog, "Exponential Backoff And Jitter"). The
/// exponent saturates, so any retry number is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's delay.
    pub base: Duration,
    /// No delay is ever longer than this.
    pub cap: Duration,
}

impl Default for Backoff {
    /// 500 ms, doubling, capped at 20 s.
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(20),
        }
    }
}

impl Backoff {
    /// The ceiling of the delay before retry `retry` (0-based): `min(cap, base * 2^retry)`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base
            .checked_mul(factor)
            .map_or(self.cap, |d| d.min(self.cap))
    }

    /// A random delay in `[0, ceiling(retry))`.
    pub fn delay(&self, retry: u32, rng: &mut impl Random) -> Duration {
        let u = rng.next_f64();
        let u = if u.is_finite() {
            u.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.ceiling(retry).mul_f64(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::testing::SplitMix64;

    #[test]
    fn doubles_then_caps() {
        let b = Backoff::default();
        assert_eq!(b.ceiling(0), Duration::from_millis(500));
        assert_eq!(b.ceiling(1), Duration::from_secs(1));
        assert_eq!(b.ceiling(5), Duration::from_secs(16));
        assert_eq!(b.ceiling(6), Duration::from_secs(20));
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(20));
    }

    #[test]
    fn no_overflow_with_huge_base() {
        let b = Backoff {
            base: Duration::MAX,
            cap: Duration::from_secs(1),
        };
        assert_eq!(b.ceiling(40), Duration::from_secs(1));
        let mut rng = SplitMix64::new(3);
        assert!(b.delay(u32::MAX, &mut rng) <= Duration::from_secs(1));
    }
}
