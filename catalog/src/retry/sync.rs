//! The blocking wrapper: [`Retrier::run`].

use super::clock::{Clock, Sleeper};
use super::failure::{Failure, RetryError};
use super::pace::{Cost, Reported, settle};
use super::retrier::{Retrier, Step};
use super::rng::Random;
use crate::CatalogError;

impl<C: Clock, S: Sleeper, R: Random> Retrier<C, S, R> {
    /// Calls `op` until it succeeds or the helper gives up, sleeping between attempts.
    ///
    /// `op` returns `Err(Failure)` for an error response (see [`Failure::response`]) or
    /// a transport error; the final error tells how many attempts were made, how long
    /// was waited, why the helper gave up, and holds the last failure. The API error `E`
    /// is any catalog's `ApiError`. With a pacer ([`Retrier::with_pacer`]) each attempt
    /// waits for its window and error responses' counts are read; use
    /// [`Retrier::run_paced`] to read those of successes too.
    ///
    /// With the feature `tracing`, the call is a `retry` span and each attempt a
    /// `retry.attempt` span inside it, in which `op` runs (see
    /// [`observe`](super::observe)).
    pub fn run<T, E: CatalogError>(
        &self,
        op: impl FnMut() -> Result<T, Failure<E>>,
    ) -> Result<T, RetryError<E>> {
        self.run_paced_with(&Cost::new(), op, |_| None)
    }

    /// Like [`Retrier::run`], paced as `cost` says (its scope and token estimate) and
    /// reading the rate-limit counts of successful responses too: `op` returns a
    /// response ([`Reported`]: an `http::Response`, a `reqwest::Response`). Without a
    /// pacer ([`Retrier::with_pacer`]) it is `run`.
    pub fn run_paced<T: Reported, E: CatalogError>(
        &self,
        cost: &Cost,
        op: impl FnMut() -> Result<T, Failure<E>>,
    ) -> Result<T, RetryError<E>> {
        self.run_paced_with(cost, op, |r| Some((r.status(), r.headers())))
    }

    fn run_paced_with<T, E: CatalogError>(
        &self,
        cost: &Cost,
        mut op: impl FnMut() -> Result<T, Failure<E>>,
        report: impl Fn(&T) -> Option<(u16, &http::HeaderMap)>,
    ) -> Result<T, RetryError<E>> {
        let mut call = self.begin();
        loop {
            let permit = match self.pace_blocking(&call, cost) {
                Ok(permit) => permit,
                Err(error) => return Err(self.paced_out(&mut call, error)),
            };
            let outcome = self.start_attempt(&mut call).run(&mut op);
            settle(
                permit,
                outcome.as_ref().err(),
                outcome.as_ref().ok().and_then(&report),
            );
            match self.step(&mut call, outcome) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay),
            }
        }
    }
}
