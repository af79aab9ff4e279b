//! The backoff sweep: the `kiwi` strategy with other knobs than the runtime's defaults
//! (backoff base, cold factor, jitter shape, attempts, budget), measured in the
//! scenarios where they pull against each other — the herd (also with `Retry-After: 1`
//! on its 503s), transient faults, the outages, the rate limit.

use std::fmt::Write;
use std::time::Duration;

use kiwi_errors::retry::{Backoff, RetryBudget, RetryConfig};

use super::Micros;
use super::engine::{Scenario, run_with};
use super::report::Totals;
use super::strategy::{Client, Shape};

/// How the delay without a hint is drawn from the backoff ceiling `c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// `U(0, c)`: the runtime's.
    Full,
    /// `c/2 + U(0, c/2)`.
    Equal,
    /// After a 503 or 529 without a hint, the first retry waits `floor + U(0, c)`;
    /// every other delay is `U(0, c)`. The floor is 1 or 2 s.
    OverloadFloor(u64),
}

impl Jitter {
    fn shape(self) -> Option<Shape> {
        match self {
            Jitter::Full => None,
            Jitter::Equal => Some(|_, _, c, u| c / 2 + (c as f64 / 2.0 * u) as Micros),
            Jitter::OverloadFloor(1000) => Some(overload_floor::<1000>),
            Jitter::OverloadFloor(2000) => Some(overload_floor::<2000>),
            Jitter::OverloadFloor(ms) => unreachable!("no shape for a {ms} ms floor"),
        }
    }

    fn name(self) -> String {
        match self {
            Jitter::Full => "full".into(),
            Jitter::Equal => "equal".into(),
            Jitter::OverloadFloor(ms) => format!("full, first ≥ {ms} ms after 503"),
        }
    }
}

fn overload_floor<const FLOOR_MS: u64>(status: u16, retry: u32, c: Micros, u: f64) -> Micros {
    let full = (c as f64 * u) as Micros;
    if retry == 0 && matches!(status, 503 | 529) {
        FLOOR_MS * 1000 + full
    } else {
        full
    }
}

/// One point of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Knobs {
    /// `Backoff::base`, in milliseconds (the cap stays the default's).
    pub base_ms: u64,
    /// `RetryConfig::cold_factor`: the base is multiplied by this until a call of the
    /// client has succeeded (1: no cold rule).
    pub cold_factor: u32,
    /// How the delay is drawn from the ceiling.
    pub jitter: Jitter,
    /// `RetryConfig::max_attempts`.
    pub max_attempts: u32,
    /// The budget's capacity, in tokens (costs and reward stay the default's).
    pub capacity: u32,
}

impl Knobs {
    /// The runtime's defaults.
    pub fn defaults() -> Knobs {
        let config = RetryConfig::default();
        Knobs {
            base_ms: config.backoff.base.as_millis() as u64,
            cold_factor: config.cold_factor,
            jitter: Jitter::Full,
            max_attempts: config.max_attempts,
            capacity: RetryBudget::default().capacity(),
        }
    }

    fn client(self, seed: u64) -> Client {
        let mut config = RetryConfig::default();
        config.max_attempts = self.max_attempts;
        config.backoff = Backoff {
            base: Duration::from_millis(self.base_ms),
            ..config.backoff
        };
        config.cold_factor = self.cold_factor;
        let d = RetryBudget::default();
        let budget = RetryBudget::new(
            self.capacity,
            d.retry_cost(),
            d.transport_cost(),
            d.success_reward(),
        );
        Client::with_kiwi(config, budget, seed).with_shape(self.jitter.shape())
    }
}

/// The grid: the defaults; then, from the defaults without the cold factor, each knob
/// moved alone; then the cold factor, alone and with the others.
pub fn grid() -> Vec<Knobs> {
    let d = Knobs::defaults();
    let warm = Knobs {
        cold_factor: 1,
        ..d
    };
    let mut grid = vec![d, warm];
    for base_ms in [250, 750, 1000, 2000, 4000] {
        grid.push(Knobs { base_ms, ..warm });
    }
    for jitter in [
        Jitter::Equal,
        Jitter::OverloadFloor(1000),
        Jitter::OverloadFloor(2000),
    ] {
        grid.push(Knobs { jitter, ..warm });
    }
    for max_attempts in [5, 6, 12] {
        grid.push(Knobs {
            max_attempts,
            ..warm
        });
    }
    for capacity in [20, 30, 60] {
        grid.push(Knobs { capacity, ..warm });
    }
    for cold_factor in [2, 4, 6, 12, 16] {
        grid.push(Knobs { cold_factor, ..d });
    }
    for base_ms in [250, 750] {
        grid.push(Knobs { base_ms, ..d });
    }
    grid.push(Knobs {
        max_attempts: 6,
        ..d
    });
    grid.push(Knobs { capacity: 30, ..d });
    grid
}

/// Amplification, success rate and p99 (ms) of one scenario.
fn measure(scenario: Scenario, knobs: Knobs, seeds: u64) -> (f64, f64, f64) {
    let (mut t, _): (Totals, _) = run_with(scenario, seeds, &|seed| knobs.client(seed));
    let calls = t.calls.max(1) as f64;
    (
        t.attempts as f64 / calls,
        100.0 * t.successes as f64 / calls,
        t.percentile_ms(0.99),
    )
}

/// Runs every point of `grid` over `seeds` seeds; a markdown table, one row a point.
pub fn sweep(grid: &[Knobs], seeds: u64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| base | cold factor | jitter | attempts | budget | herd | herd success | herd, `Retry-After: 1` | transient-30 success | transient-30 p99 ms | transient-10 success | outage | cold-outage-50 | rate-limit-reset success |"
    );
    let _ = writeln!(
        s,
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for &k in grid {
        let (herd, herd_ok, _) = measure(Scenario::Herd, k, seeds);
        let (hinted, hinted_ok, _) = measure(Scenario::HerdRetryAfter, k, seeds);
        let (_, t30_ok, t30_p99) = measure(Scenario::Transient30, k, seeds);
        let (_, t10_ok, _) = measure(Scenario::Transient10, k, seeds);
        let (outage, _, _) = measure(Scenario::Outage, k, seeds);
        let (cold, _, _) = measure(Scenario::ColdOutage50, k, seeds);
        let (_, rl_ok, _) = measure(Scenario::RateLimitReset, k, seeds);
        let _ = writeln!(
            s,
            "| {} ms | × {} | {} | {} | {} | {herd:.3} | {herd_ok:.2}% | {hinted:.3}, {hinted_ok:.2}% | {t30_ok:.2}% | {t30_p99:.0} | {t10_ok:.2}% | {outage:.3} | {cold:.3} | {rl_ok:.2}% |",
            k.base_ms,
            k.cold_factor,
            k.jitter.name(),
            k.max_attempts,
            k.capacity,
        );
    }
    s
}
