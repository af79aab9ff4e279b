//! The async wrapper: [`Retrier::run_async`], sleeping on tokio's timer (feature
//! `tokio`).

use std::future::Future;
use std::time::Duration;

use super::clock::{Clock, SystemSleeper, VirtualClock};
use super::failure::{Failure, RetryError};
use super::retrier::{Retrier, Step};
use super::rng::Random;
use crate::CatalogError;

/// Waits between attempts without blocking the thread.
pub trait AsyncSleeper {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

impl AsyncSleeper for SystemSleeper {
    /// `tokio::time::sleep` (so tokio's paused test time applies too).
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(duration)
    }
}

impl AsyncSleeper for VirtualClock {
    /// Advances the virtual clock at once and records the sleep.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        super::clock::Sleeper::sleep(self, duration);
        std::future::ready(())
    }
}

impl<C: Clock, S: AsyncSleeper, R: Random> Retrier<C, S, R> {
    /// Like [`Retrier::run`], for an async operation: `op` is called once per attempt
    /// and the helper awaits the sleeper between attempts.
    pub async fn run_async<T, E, F, Fut>(&self, mut op: F) -> Result<T, RetryError<E>>
    where
        E: CatalogError,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
    {
        let mut call = self.begin();
        loop {
            match self.step(&mut call, op().await) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay).await,
            }
        }
    }
}
