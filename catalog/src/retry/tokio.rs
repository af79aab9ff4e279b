//! The async wrapper: [`Retrier::run_async`], sleeping on tokio's timer (feature
//! `tokio`).

use std::future::Future;
use std::time::Duration;

use super::clock::{Clock, SystemSleeper, VirtualClock};
use super::failure::{Failure, RetryError};
use super::pace::{Cost, Reported, settle};
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
    /// and the helper awaits the sleeper between attempts (and the pacer before each
    /// attempt, if the retrier has one).
    pub async fn run_async<T, E, F, Fut>(&self, op: F) -> Result<T, RetryError<E>>
    where
        E: CatalogError,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
    {
        self.run_paced_async_with(&Cost::new(), op, |_| None).await
    }

    /// Like [`Retrier::run_paced`], for an async operation. Dropping the future while
    /// it waits for the pacer or for an attempt leaves nothing counted in flight.
    pub async fn run_paced_async<T, E, F, Fut>(
        &self,
        cost: &Cost,
        op: F,
    ) -> Result<T, RetryError<E>>
    where
        T: Reported,
        E: CatalogError,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
    {
        self.run_paced_async_with(cost, op, |r| Some((r.status(), r.headers())))
            .await
    }

    async fn run_paced_async_with<T, E, F, Fut>(
        &self,
        cost: &Cost,
        mut op: F,
        report: impl Fn(&T) -> Option<(u16, &http::HeaderMap)>,
    ) -> Result<T, RetryError<E>>
    where
        E: CatalogError,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Failure<E>>>,
    {
        let mut call = self.begin();
        loop {
            let permit = match self.pace(&call, cost).await {
                Ok(permit) => permit,
                Err(error) => return Err(self.paced_out(&mut call, error)),
            };
            let outcome = self.start_attempt(&mut call).run_async(&mut op).await;
            settle(
                permit,
                outcome.as_ref().err(),
                outcome.as_ref().ok().and_then(&report),
            );
            match self.step(&mut call, outcome) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay).await,
            }
        }
    }
}

#[cfg(feature = "stream")]
impl<C: Clock, S: AsyncSleeper, R: Random> Retrier<C, S, R> {
    /// Streams a call's answer, retrying it only while it has delivered nothing (the
    /// retry specification, section 14.4; feature `stream`).
    ///
    /// `open` sends the request and gives its [`Events`](crate::stream::Events) (e.g.
    /// [`reqwest::events`](super::reqwest::events)), or the failure of an error response;
    /// `on_event` gets each content event as it arrives. An error response, an error
    /// event before any content or a stream cut before any content is decided like a
    /// failed response (the code's policy, the server's hints, the budget, the
    /// deadline) and the request is sent again; once content was delivered, a failure
    /// gives up with [`GiveUpReason::Partial`](super::GiveUpReason::Partial) (unless
    /// [`RetryConfig::retry_partial`](super::RetryConfig::retry_partial) is set), the
    /// content already handed to `on_event` being the caller's to keep. A stream that
    /// reaches the catalog's end returns `Ok`.
    pub async fn run_stream_async<E, F, Fut, H>(
        &self,
        mut open: F,
        mut on_event: H,
    ) -> Result<(), RetryError<E>>
    where
        E: CatalogError,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<crate::stream::Events<E>, Failure<E>>>,
        H: FnMut(crate::stream::Event),
    {
        use futures_core::Stream;
        let mut call = self.begin();
        let cost = Cost::new();
        loop {
            let mut permit = match self.pace(&call, &cost).await {
                Ok(permit) => permit,
                Err(error) => return Err(self.paced_out(&mut call, error)),
            };
            let span = self.start_attempt(&mut call);
            let attempt = span
                .instrument(async {
                    let mut events = open().await?;
                    // The response head carries the counts.
                    if let (Some(permit), Some(headers)) =
                        (permit.take(), events.response_headers())
                    {
                        permit.finish(200, headers);
                    }
                    while let Some(event) =
                        std::future::poll_fn(|cx| std::pin::Pin::new(&mut events).poll_next(cx))
                            .await
                    {
                        on_event(event?);
                    }
                    Ok(())
                })
                .await;
            settle(permit.take(), attempt.as_ref().err(), None);
            match self.step(&mut call, attempt) {
                Step::Done(result) => return result,
                Step::Sleep(delay) => self.sleeper().sleep(delay).await,
            }
        }
    }
}
