//! A deterministic simulation of retry strategies on virtual time.
//!
//! Runs the scenarios of `catalog/docs/retry.md` (transient faults, a full outage, a
//! rate limit with reset headers of each kind, a thundering herd) for four strategies:
//! the seed page's loop, the OpenAI SDK's defaults, the AWS SDKs' standard mode, and
//! `kiwi_errors::retry`. Everything runs on a virtual clock with seeded random sources:
//! the same arguments always give the same figures.
//!
//! - [`server`]: the simulated server and the hints its 429s carry;
//! - [`strategy`]: the retry strategies under test, one client state each;
//! - [`engine`]: the event loop on virtual time and the scenarios it runs;
//! - [`report`]: the figures of a run, as a markdown table and as JSON;
//! - [`sweep`]: the `kiwi` strategy with other backoff knobs, point by point.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub mod engine;
pub mod report;
pub mod server;
pub mod strategy;
pub mod sweep;

pub use engine::{SCENARIOS, Scenario, run};
pub use report::{Report, Totals};
pub use server::{HINT_KINDS, HintKind};
pub use strategy::{STRATEGIES, Strategy};

/// A failed attempt as the clients see it: an error of the frozen seed table
/// ([`crate::seed`]), so the scenarios keep their retry policies whatever the shipped
/// catalog says.
pub type Failure = kiwi_errors::retry::Failure<crate::seed::ApiError>;

/// Virtual time in microseconds.
pub type Micros = u64;

/// One second of virtual time.
pub const SEC: Micros = 1_000_000;
/// One millisecond of virtual time.
pub const MS: Micros = 1_000;
/// Round trip of one attempt.
pub const LATENCY: Micros = 50 * MS;
/// The wall clock at virtual time zero: 2026-01-01T00:00:00Z, in seconds.
pub const WALL_EPOCH_SECS: u64 = 1_767_225_600;

/// The wall-clock time at virtual time `t`.
pub fn wall(t: Micros) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(WALL_EPOCH_SECS) + Duration::from_micros(t)
}

/// A duration in virtual microseconds (saturating).
pub fn micros(d: Duration) -> Micros {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Seconds as virtual microseconds, rounded.
pub fn secs(s: f64) -> Micros {
    (s * SEC as f64).round() as Micros
}
