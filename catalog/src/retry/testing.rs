//! Test doubles: virtual time and a seedable random source, so that retries in tests
//! and simulations are instant and reproducible ([`Retrier::simulated`](super::Retrier::simulated)).

pub use super::clock::VirtualClock;
pub use super::rng::SplitMix64;
