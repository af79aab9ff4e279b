//! A `tower::retry::Policy` with the catalog's retry decisions (feature `tower`), so
//! any tower HTTP client retries the way [`Retrier`] does: the error code's policy,
//! `x-should-retry`, server hints, backoff, attempts cap, deadline and budget.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use super::clock::{Clock, SystemClock, SystemSleeper};
use super::failure::Failure;
use super::pace::{Cost, Pacer, Reported};
use super::retrier::{Call, Retrier, Step};
use super::rng::{Random, SplitMix64};
use super::tokio::AsyncSleeper;
use crate::CatalogError;

macro_rules! policy_struct {
    ($($default:ty)?) => {
        /// A `tower::retry::Policy` for `http::Response<B>` whose body is already read
        /// (`B: AsRef<[u8]>`: `String`, `Vec<u8>`, `Bytes`), so the error code decides
        /// (a 429 `quota_exhausted` is not retried). A streaming body must be collected
        /// first (e.g. with a `map_response` layer below the retry layer).
        ///
        /// Every clone shares the [`Retrier`]'s budget; each request gets its own count
        /// of attempts. Its deadline counts from the first response.
        ///
        /// With the feature `tracing`, each request is a `retry` span and each attempt a
        /// `retry.attempt` span, as with [`Retrier::run`], within tower's limit: a
        /// policy is told of an attempt only by its result and gets no hook around the
        /// attempt's future, so the call's span starts at the first result and each
        /// attempt's span, made when its result comes, holds the outcome and the
        /// decision but not the attempt's execution (the inner service's spans do not
        /// nest in it; a tracing layer below the retry layer shows them). The waits
        /// between attempts run in the call's span.
        ///
        /// ```
        /// # #[cfg(feature = "llm-kiwi")] {
        /// use std::sync::Arc;
        /// use kiwi_errors::ApiError;
        /// use kiwi_errors::retry::{Retrier, tower::CatalogPolicy};
        ///
        /// let policy = CatalogPolicy::<ApiError>::new(Arc::new(Retrier::new()));
        /// let layer = tower::retry::RetryLayer::new(policy);
        /// # let _ = layer; }
        /// ```
        pub struct CatalogPolicy<E $(= $default)?, C = SystemClock, S = SystemSleeper, R = SplitMix64> {
            retrier: Arc<Retrier<C, S, R>>,
            call: Option<Call>,
            error: PhantomData<fn() -> E>,
        }
    };
}

#[cfg(feature = "llm-kiwi")]
policy_struct!(crate::ApiError);
#[cfg(not(feature = "llm-kiwi"))]
policy_struct!();

impl<E, C, S, R> CatalogPolicy<E, C, S, R> {
    /// A policy deciding through `retrier`.
    pub fn new(retrier: Arc<Retrier<C, S, R>>) -> Self {
        CatalogPolicy {
            retrier,
            call: None,
            error: PhantomData,
        }
    }
}

impl<E, C, S, R> Clone for CatalogPolicy<E, C, S, R> {
    fn clone(&self) -> Self {
        CatalogPolicy {
            retrier: Arc::clone(&self.retrier),
            call: self.call.clone(),
            error: PhantomData,
        }
    }
}

impl<E, C, S, R> std::fmt::Debug for CatalogPolicy<E, C, S, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogPolicy").finish_non_exhaustive()
    }
}

impl<Req, B, Err, E, C, S, R> ::tower::retry::Policy<Req, http::Response<B>, Err>
    for CatalogPolicy<E, C, S, R>
where
    Req: Clone,
    B: AsRef<[u8]>,
    Err: std::fmt::Display,
    E: CatalogError,
    C: Clock + Send + Sync + 'static,
    S: AsyncSleeper + Send + Sync + 'static,
    R: Random + Send + 'static,
{
    type Future = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn retry(
        &mut self,
        _req: &mut Req,
        result: &mut Result<http::Response<B>, Err>,
    ) -> Option<Self::Future> {
        let retrier = Arc::clone(&self.retrier);
        let call = self.call.get_or_insert_with(|| retrier.begin());
        // tower tells the policy of an attempt only by its result: the attempt's span
        // is made now, to hold its outcome and the decision.
        let _ = retrier.start_attempt(call);
        let failure = match result {
            Ok(response)
                if !(response.status().is_client_error()
                    || response.status().is_server_error()) =>
            {
                call.trace().status(response.status().as_u16());
                let _ = retrier.step::<(), E>(call, Ok(()));
                return None;
            }
            Ok(response) => Failure::<E>::response(
                response.status().as_u16(),
                response.headers().clone(),
                response.body().as_ref(),
            ),
            Err(error) => Failure::transport(error.to_string()),
        };
        match retrier.step::<(), E>(call, Err(failure)) {
            Step::Sleep(delay) => Some(Box::pin(call.trace().instrument(async move {
                retrier.sleeper().sleep(delay).await;
            }))),
            Step::Done(_) => None,
        }
    }

    fn clone_request(&mut self, req: &Req) -> Option<Req> {
        Some(req.clone())
    }
}

/// The policy on responses read by [`FirstEventLayer`](crate::stream::tower::FirstEventLayer)
/// (features `stream` and `tower`): an error response as for a read body, a stream whose
/// first event is an error as a stream that failed before content (the retry
/// specification, section 14.4), and a stream of content as a success, never sent again.
#[cfg(feature = "stream")]
impl<Req, B, Err, E, C, S, R>
    ::tower::retry::Policy<Req, http::Response<crate::stream::tower::Peeked<B, E>>, Err>
    for CatalogPolicy<E, C, S, R>
where
    Req: Clone,
    Err: std::fmt::Display,
    E: CatalogError + Clone,
    C: Clock + Send + Sync + 'static,
    S: AsyncSleeper + Send + Sync + 'static,
    R: Random + Send + 'static,
{
    type Future = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn retry(
        &mut self,
        _req: &mut Req,
        result: &mut Result<http::Response<crate::stream::tower::Peeked<B, E>>, Err>,
    ) -> Option<Self::Future> {
        let retrier = Arc::clone(&self.retrier);
        let call = self.call.get_or_insert_with(|| retrier.begin());
        // tower tells the policy of an attempt only by its result: the attempt's span
        // is made now, to hold its outcome and the decision.
        let _ = retrier.start_attempt(call);
        let failure = match result {
            Ok(response)
                if response.status().is_client_error() || response.status().is_server_error() =>
            {
                Failure::<E>::response(
                    response.status().as_u16(),
                    response.headers().clone(),
                    response.body().read(),
                )
            }
            Ok(response) => match response.body().stream_error() {
                Some(error) => Failure::stream(error.clone(), response.headers().clone(), false),
                None => {
                    call.trace().status(response.status().as_u16());
                    let _ = retrier.step::<(), E>(call, Ok(()));
                    return None;
                }
            },
            Err(error) => Failure::transport(error.to_string()),
        };
        match retrier.step::<(), E>(call, Err(failure)) {
            Step::Sleep(delay) => Some(Box::pin(call.trace().instrument(async move {
                retrier.sleeper().sleep(delay).await;
            }))),
            Step::Done(_) => None,
        }
    }

    fn clone_request(&mut self, req: &Req) -> Option<Req> {
        Some(req.clone())
    }
}

/// A tower layer that paces every request through a [`Pacer`]: before a request it
/// waits while the rate window the request belongs to is spent, and it reads the counts
/// of every response (any [`Reported`] response: an `http::Response`), see
/// [`pace`](super::pace). A request's scope and token estimate come from its
/// [`CostOf`]: by default [`Cost::new`] for every request; [`FromExtensions`] reads a
/// [`Cost`] from an `http::Request`'s extensions; any `Fn(&Req) -> Cost` works. Put it
/// below a `RetryLayer` so each attempt is paced. A wait longer than the pacer's
/// [`max_wait`](super::pace::PaceConfig::max_wait) fails with the
/// [`PaceError`](super::pace::PaceError), boxed, and sends nothing.
///
/// ```
/// # #[cfg(feature = "llm-kiwi")] {
/// use std::sync::Arc;
/// use kiwi_errors::ApiError;
/// use kiwi_errors::retry::{Retrier, pace::Pacer, tower::{CatalogPolicy, PaceLayer}};
///
/// let pacer = Pacer::new(); // one per client
/// let retrier = Arc::new(Retrier::new().with_pacer(pacer.clone()));
/// let layers = tower::ServiceBuilder::new()
///     .layer(tower::retry::RetryLayer::new(CatalogPolicy::<ApiError>::new(retrier)))
///     .layer(PaceLayer::new(pacer));
/// # let _ = layers; }
/// ```
#[derive(Clone, Debug)]
pub struct PaceLayer<S = SystemSleeper, K = DefaultCost> {
    pacer: Pacer,
    sleeper: S,
    cost: K,
}

/// What a request asks of the pacer: its [`Cost`].
pub trait CostOf<Req> {
    /// The cost of `req`.
    fn cost_of(&self, req: &Req) -> Cost;
}

impl<Req, F: Fn(&Req) -> Cost> CostOf<Req> for F {
    fn cost_of(&self, req: &Req) -> Cost {
        self(req)
    }
}

/// One request of the default scope for every request ([`Cost::new`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultCost;

impl<Req> CostOf<Req> for DefaultCost {
    fn cost_of(&self, _: &Req) -> Cost {
        Cost::new()
    }
}

/// The [`Cost`] in an `http::Request`'s extensions, else [`Cost::new`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FromExtensions;

impl<B> CostOf<http::Request<B>> for FromExtensions {
    fn cost_of(&self, req: &http::Request<B>) -> Cost {
        req.extensions().get::<Cost>().cloned().unwrap_or_default()
    }
}

impl PaceLayer {
    /// A layer pacing through `pacer`, waiting on tokio's timer, every request of the
    /// default scope.
    pub fn new(pacer: Pacer) -> Self {
        PaceLayer {
            pacer,
            sleeper: SystemSleeper,
            cost: DefaultCost,
        }
    }
}

impl<S, K> PaceLayer<S, K> {
    /// The same layer, waiting on `sleeper` (e.g. a virtual clock in tests).
    pub fn with_sleeper<S2>(self, sleeper: S2) -> PaceLayer<S2, K> {
        PaceLayer {
            pacer: self.pacer,
            sleeper,
            cost: self.cost,
        }
    }

    /// The same layer, taking each request's cost from `cost` (e.g. [`FromExtensions`],
    /// or a closure that reads the model from the request).
    pub fn cost_from<K2>(self, cost: K2) -> PaceLayer<S, K2> {
        PaceLayer {
            pacer: self.pacer,
            sleeper: self.sleeper,
            cost,
        }
    }
}

impl<Svc, S: Clone, K: Clone> ::tower::Layer<Svc> for PaceLayer<S, K> {
    type Service = PacedService<Svc, S, K>;

    fn layer(&self, inner: Svc) -> Self::Service {
        PacedService {
            inner,
            pacer: self.pacer.clone(),
            sleeper: self.sleeper.clone(),
            cost: self.cost.clone(),
        }
    }
}

/// The service of a [`PaceLayer`].
#[derive(Clone, Debug)]
pub struct PacedService<Svc, S = SystemSleeper, K = DefaultCost> {
    inner: Svc,
    pacer: Pacer,
    sleeper: S,
    cost: K,
}

impl<Svc, S, K, Req> ::tower::Service<Req> for PacedService<Svc, S, K>
where
    Svc: ::tower::Service<Req> + Clone + Send + 'static,
    Svc::Response: Reported + Send,
    Svc::Future: Send,
    Svc::Error: Into<::tower::BoxError>,
    S: AsyncSleeper + Clone + Send + Sync + 'static,
    K: CostOf<Req>,
    Req: Send + 'static,
{
    type Response = Svc::Response;
    type Error = ::tower::BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Svc::Response, ::tower::BoxError>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Req) -> Self::Future {
        // The service that was polled ready takes the request; a clone stays for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let pacer = self.pacer.clone();
        let sleeper = self.sleeper.clone();
        let cost = self.cost.cost_of(&req);
        Box::pin(async move {
            let mut told = None;
            let permit = pacer
                .acquire(&cost, &sleeper, std::time::Duration::MAX, |hold| {
                    if hold.is_news(&mut told) {
                        crate::retry::trace::held(hold);
                    }
                })
                .await?;
            let response = inner.call(req).await.map_err(Into::into)?;
            permit.finish(response.status(), response.headers());
            Ok(response)
        })
    }
}
