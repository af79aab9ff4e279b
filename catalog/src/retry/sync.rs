//! The blocking wrapper: [`Retrier::run`].

use super::clock::{Clock, Sleeper};
use super::failure::{Failure, RetryError};
use super::retrier::{Retrier, Step};
use super::rng::Random;
use crate::CatalogError;

impl<C: Clock, S: Sleeper, R: Random> Retrier<C, S, R> {
    /// Calls `op` until it succeeds or the helper gives up, sleeping between attempts.
    ///
    /// `op` returns `Err(Failure)` for an error response (see [`Failure::response`]) or
    /// a transport error; the final error tells how many attempts were made, how long
    /// was waited, why the helper gave up, and holds the last failure. The API error `E`
    /// is any catalog's `ApiError`.
    ///
    /// With the feature `tracing`, the call is a `retry` span and each attempt a
    /// `retry.attempt` span inside it, in which `op` runs (see
    /// [`observe`](super::observe)).
    pub fn run<T, E: CatalogError>(
        &self,
        mut op: impl FnMut() -> Result<T, Failure<E>>,
    ) -> Result<T, RetryError<E>> {
        let mut call = self.begin();
        loop {
            let outcome = self.start_attempt(&mut call).run(&mut op);
            match self.step(&mut call, outcome) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay),
            }
        }
    }
}
