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
    pub fn run<T, E: CatalogError>(
        &self,
        mut op: impl FnMut() -> Result<T, Failure<E>>,
    ) -> Result<T, RetryError<E>> {
        let mut call = self.begin();
        let cost = Cost::new();
        loop {
            let permit = match self.pace_blocking(&call, &cost) {
                Ok(permit) => permit,
                Err(error) => return Err(self.paced_out(&call, error)),
            };
            let outcome = op();
            settle(permit, outcome.as_ref().err(), None);
            match self.step(&mut call, outcome) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay),
            }
        }
    }

    /// Like [`Retrier::run`], paced as `cost` says (its scope and token estimate) and
    /// reading the rate-limit counts of successful responses too: `op` returns a
    /// response ([`Reported`]: an `http::Response`, a `reqwest::Response`). Without a
    /// pacer ([`Retrier::with_pacer`]) it is `run`.
    pub fn run_paced<T: Reported, E: CatalogError>(
        &self,
        cost: &Cost,
        mut op: impl FnMut() -> Result<T, Failure<E>>,
    ) -> Result<T, RetryError<E>> {
        let mut call = self.begin();
        loop {
            let permit = match self.pace_blocking(&call, cost) {
                Ok(permit) => permit,
                Err(error) => return Err(self.paced_out(&call, error)),
            };
            let outcome = op();
            let ok = outcome.as_ref().ok().map(|r| (r.status(), r.headers()));
            settle(permit, outcome.as_ref().err(), ok);
            match self.step(&mut call, outcome) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay),
            }
        }
    }
}
