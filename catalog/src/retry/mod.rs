//! Retrying calls to the llm.kiwi API, or to any API with an error catalog, driven by
//! the catalog's per-code retry policy and the server's hints (feature `retry`, on by
//! default).
//!
//! The helper works with the `ApiError` of any catalog expanded by
//! [`error_catalog!`](crate::error_catalog) (any [`CatalogError`](crate::CatalogError)):
//! [`Failure`], [`RetryError`] and [`decision::Attempted`] take the error type as a parameter,
//! which defaults to the shipped `ApiError` (feature `llm-kiwi`). Without that feature,
//! the helper is the same, for one's own catalog.
//!
//! ```
//! # #[cfg(feature = "llm-kiwi")] {
//! use kiwi_errors::{ApiError, RetryPolicy};
//! use kiwi_errors::retry::{Failure, GiveUpReason, Retrier};
//! use kiwi_errors::retry::testing::VirtualClock;
//!
//! // In production: `Retrier::new()`. Here, virtual time so the example runs at once.
//! let retrier = Retrier::simulated(VirtualClock::new(), 42);
//!
//! // The connection drops twice, then the call succeeds: retried with backoff.
//! let mut calls = 0;
//! let answer = retrier.run(|| {
//!     calls += 1;
//!     if calls < 3 { Err(Failure::<ApiError>::transport("connection reset")) } else { Ok("hello") }
//! });
//! assert_eq!(answer.unwrap(), "hello");
//!
//! // An error response is retried as the catalog says: a 503 `service_unavailable` is
//! // retried, an invalid API key can never succeed (`never`) and is attempted once.
//! let key = ApiError::invalid_api_key();
//! let err = retrier.run(|| Err::<(), _>(key.clone().into())).unwrap_err();
//! let expected = match key.retry_policy() {
//!     RetryPolicy::Never => (1, GiveUpReason::Fatal),
//!     RetryPolicy::Backoff => (retrier.config().max_attempts, GiveUpReason::Attempts),
//! };
//! assert_eq!((err.attempts(), err.reason()), expected);
//! # }
//! ```
//!
//! With a real HTTP client, turn an error response into a [`Failure`] with
//! [`Failure::response`]`(status, headers, body)` and a connection error with
//! [`Failure::transport`].
//!
//! # What it does
//!
//! * **Whether**: `x-should-retry: true|false` from the server wins; else the catalog's
//!   policy of the error code (a 429 `rate_limit_exceeded` is retried, a 429
//!   `quota_exhausted` is not), else of the HTTP status. See [`decision::decide`].
//! * **When**: the first valid hint of `retry-after-ms`, `Retry-After` (seconds or
//!   HTTP-date) and `X-RateLimit-Reset` (seconds, or a Unix time when ≥ 10⁹), plus a
//!   small jitter; never sooner. A hint above [`RetryConfig::max_hint`] (120 s) gives up
//!   at once, saying when to come back. Without a hint: capped exponential backoff with
//!   full jitter ([`Backoff`]).
//! * **How much**: an attempts cap, an optional deadline, and a [`RetryBudget`] shared by
//!   all calls of one [`Retrier`], so an outage adds a few percent load, not a multiple.
//! * **Testable**: the clock, the sleeper and the random source are injected
//!   ([`runtime`]); [`testing::VirtualClock`] and [`testing::SplitMix64`] make every run
//!   reproducible.
//!
//! The vocabulary lives in submodules: [`hints`] (what a response says about retrying,
//! and [`hints::RateLimit`], which reads the `X-RateLimit-*` and IETF `RateLimit`
//! headers of any response so a client can slow down before it hits the limit),
//! [`headers`] (the names and thresholds they are read with), [`decision`] (the pure
//! decision core), [`runtime`] and [`testing`]. The async wrapper, `Retrier::run_async`,
//! needs the `tokio` feature.

mod backoff;
mod budget;
mod clock;
pub mod decision;
mod failure;
mod fields;
pub mod headers;
pub mod hints;
pub mod observe;
pub mod pace;
#[cfg(feature = "reqwest")]
pub mod reqwest;
mod retrier;
mod rng;
// The whole of RFC 9651: the header readers use its lists and dictionaries, the
// conformance suite every type.
#[allow(dead_code)]
mod sf;
mod sync;
pub mod testing;
#[cfg(feature = "tokio")]
mod tokio;
#[cfg(feature = "tower")]
pub mod tower;
mod trace;

pub use backoff::Backoff;
pub use budget::RetryBudget;
pub use decision::RetryConfig;
#[cfg(feature = "stream")]
#[doc(hidden)]
pub use failure::IncompleteStream;
pub use failure::{Failure, GiveUpReason, RetryError};
pub use retrier::Retrier;

/// What a [`Retrier`] runs on: the clock it reads, the sleeper it waits with and the
/// random source of its jitter, each injectable (see [`testing`] for virtual ones).
pub mod runtime {
    pub use super::clock::{Clock, Sleeper, SystemClock, SystemSleeper};
    pub use super::rng::{Random, SplitMix64};
    #[cfg(feature = "tokio")]
    pub use super::tokio::AsyncSleeper;
}
