//! The retry strategies under test, each as the retry state of one client.

use std::time::Duration;

use kiwi_errors::retry::pace::{Cost, PaceConfig, Pacer, Permit};
use kiwi_errors::retry::testing::SplitMix64;
use kiwi_errors::retry::{
    RetryBudget, RetryConfig,
    decision::{Attempted, Decision, decide},
    headers::HeaderMap,
    runtime::Random,
};

use super::{Failure, Micros, micros, secs, wall};

/// A retry strategy under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// The reference page's Python loop: 5 attempts, `2**attempt + uniform(0, 1)` s.
    Seed,
    /// The OpenAI SDKs' defaults: 3 attempts, `x-should-retry`, retry-after hints.
    OpenAi,
    /// The AWS SDKs' standard mode: 3 attempts, full jitter, a token bucket.
    AwsStandard,
    /// `kiwi_errors::retry` with its default configuration and retry budget.
    Kiwi,
    /// `kiwi` with a [`Pacer`] of the default configuration: each client reads the
    /// rate-limit headers of every response and holds requests back while its window is
    /// spent.
    KiwiPaced,
}

/// Every strategy, in table order.
pub const STRATEGIES: [Strategy; 5] = [
    Strategy::Seed,
    Strategy::OpenAi,
    Strategy::AwsStandard,
    Strategy::Kiwi,
    Strategy::KiwiPaced,
];

impl Strategy {
    /// The name of the strategy in the report.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Seed => "seed",
            Strategy::OpenAi => "openai",
            Strategy::AwsStandard => "aws-standard",
            Strategy::Kiwi => "kiwi",
            Strategy::KiwiPaced => "kiwi-paced",
        }
    }
}

/// A variant of kiwi's delay when the server gave no hint, for the backoff sweep: the
/// delay from the failure's status, the retry (0 for the first), the backoff ceiling
/// and the draw `u` in `[0, 1]`. The runtime's is full jitter, `ceiling × u`.
pub(crate) type Shape = fn(status: u16, retry: u32, ceiling: Micros, u: f64) -> Micros;

/// The retry state of one client (one process / SDK handle).
pub(crate) struct Client {
    strategy: Strategy,
    rng: SplitMix64,
    /// AWS standard mode's token bucket (500, retry costs 5, success refunds).
    aws_tokens: u32,
    /// kiwi: the configuration and the shared budget.
    kiwi_config: RetryConfig,
    kiwi_budget: RetryBudget,
    /// kiwi-paced: the client's pacer.
    pacer: Option<Pacer>,
    kiwi_shape: Option<Shape>,
}

/// One call in flight.
pub(crate) struct Call {
    pub(crate) client: usize,
    pub(crate) start: Micros,
    pub(crate) attempts: u32,
    /// Tokens the last retry took (AWS and kiwi refund it on success).
    pub(crate) last_cost: Option<u32>,
    /// The earliest time a server said to come back, from the last response.
    pub(crate) not_before: Option<Micros>,
    /// Attempts made before the time the server had given.
    pub(crate) wasted: u32,
    /// kiwi-paced: the permit of the attempt in flight.
    pub(crate) permit: Option<Permit>,
    /// kiwi-paced: the time the pacer held the call back in all.
    pub(crate) paced: Micros,
}

/// What the pacer says of an attempt about to start.
pub(crate) enum Pace {
    /// It goes now.
    Go,
    /// It waits this long first.
    Wait(Micros),
    /// The wait is longer than allowed: the call fails without sending it.
    FailFast,
}

/// The HTTP status of a failure (0 for a transport failure).
fn status_of(failure: &Failure) -> u16 {
    failure.api_error().map_or(0, |e| e.status())
}

/// A header's value as a number.
fn header_f64(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok()
}

impl Client {
    /// A client of `strategy` whose random source starts from `seed`.
    pub(crate) fn new(strategy: Strategy, seed: u64) -> Client {
        Client {
            strategy,
            rng: SplitMix64::new(seed),
            aws_tokens: 500,
            kiwi_config: RetryConfig::default(),
            kiwi_budget: RetryBudget::default(),
            pacer: (strategy == Strategy::KiwiPaced)
                .then(|| Pacer::seeded(PaceConfig::default(), seed ^ 0x9ACE_0000)),
            kiwi_shape: None,
        }
    }

    /// A `kiwi` client with this configuration and budget instead of the defaults.
    pub(crate) fn with_kiwi(config: RetryConfig, budget: RetryBudget, seed: u64) -> Client {
        Client {
            kiwi_config: config,
            kiwi_budget: budget,
            ..Client::new(Strategy::Kiwi, seed)
        }
    }

    /// This client, placing its delays without a hint by `shape`.
    pub(crate) fn with_shape(self, shape: Option<Shape>) -> Client {
        Client {
            kiwi_shape: shape,
            ..self
        }
    }

    /// Asks the client's pacer, if it has one, whether an attempt of `call` may start
    /// at `now`.
    pub(crate) fn pace(&mut self, call: &mut Call, now: Micros) -> Pace {
        let Some(pacer) = &self.pacer else {
            return Pace::Go;
        };
        match pacer.try_acquire_at(&Cost::new(), Duration::from_micros(now)) {
            Ok(permit) => {
                call.permit = Some(permit);
                Pace::Go
            }
            Err(hold) => {
                let wait = micros(hold.wait()).max(1);
                call.paced += wait;
                if call.paced > micros(pacer.config().max_wait) {
                    Pace::FailFast
                } else {
                    Pace::Wait(wait)
                }
            }
        }
    }

    /// Hands the response of `call`'s attempt to its permit, which reads its counts.
    fn finish(call: &mut Call, status: u16, headers: &HeaderMap, now: Micros) {
        if let Some(permit) = call.permit.take() {
            permit.finish_at(status, headers, Duration::from_micros(now), wall(now));
        }
    }

    /// The delay before the next attempt of `call`, which just failed at `now`; `None`
    /// to give up.
    pub(crate) fn on_failure(
        &mut self,
        call: &mut Call,
        failure: &Failure,
        now: Micros,
    ) -> Option<Micros> {
        let status = status_of(failure);
        if let Some(headers) = failure.headers() {
            Client::finish(call, status, headers, now);
        }
        call.permit = None;
        let retries_done = call.attempts - 1;
        match self.strategy {
            Strategy::Seed => {
                // for attempt in range(5): ...; wait = 2**attempt + uniform(0, 1)
                if ![429, 500, 503].contains(&status) || call.attempts >= 5 {
                    return None;
                }
                Some(secs(f64::from(1u32 << retries_done) + self.rng.next_f64()))
            }
            Strategy::OpenAi => {
                if call.attempts >= 3 {
                    return None;
                }
                let headers = failure.headers().cloned().unwrap_or_default();
                let should = match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
                    Some("true") => true,
                    Some("false") => false,
                    _ => matches!(status, 408 | 409 | 429) || status >= 500,
                };
                if !should {
                    return None;
                }
                let retry_after = header_f64(&headers, "retry-after-ms")
                    .map(|ms| ms / 1000.0)
                    .or_else(|| {
                        let v = headers.get("retry-after")?.to_str().ok()?;
                        v.trim().parse::<f64>().ok().or_else(|| {
                            let at = httpdate::parse_http_date(v).ok()?;
                            Some(
                                at.duration_since(wall(now))
                                    .map_or(0.0, |d| d.as_secs_f64()),
                            )
                        })
                    });
                match retry_after {
                    Some(s) if s > 0.0 && s <= 120.0 => Some(secs(s)),
                    Some(s) if s > 120.0 => None,
                    _ => {
                        let base = (0.5 * 2f64.powi(retries_done as i32)).min(8.0);
                        Some(secs(base * (1.0 - 0.25 * self.rng.next_f64())))
                    }
                }
            }
            Strategy::AwsStandard => {
                if !(status >= 500 || status == 429) || call.attempts >= 3 {
                    return None;
                }
                if self.aws_tokens < 5 {
                    return None;
                }
                self.aws_tokens -= 5;
                call.last_cost = Some(5);
                let ceiling = (2f64.powi(retries_done as i32)).min(20.0);
                Some(secs(ceiling * self.rng.next_f64()))
            }
            Strategy::Kiwi | Strategy::KiwiPaced => {
                let attempted = Attempted {
                    failure,
                    attempts: call.attempts,
                    elapsed: Duration::from_micros(now - call.start),
                    wall: wall(now),
                };
                match decide(
                    &self.kiwi_config.for_client(&self.kiwi_budget),
                    &attempted,
                    &self.kiwi_budget,
                    &mut self.rng,
                ) {
                    Decision::Retry {
                        delay,
                        ceiling,
                        hint,
                        cost,
                        ..
                    } => {
                        call.last_cost = Some(cost);
                        Some(match self.kiwi_shape {
                            Some(shape) if hint.is_none() && !ceiling.is_zero() => {
                                let u = delay.as_secs_f64() / ceiling.as_secs_f64();
                                shape(status, retries_done, micros(ceiling), u)
                            }
                            _ => micros(delay),
                        })
                    }
                    Decision::GiveUp { .. } => None,
                }
            }
        }
    }

    /// Books a success at `now` with its headers (refunds for the strategies with a
    /// token bucket, the counts for the pacer).
    pub(crate) fn on_success(&mut self, call: &mut Call, headers: &HeaderMap, now: Micros) {
        Client::finish(call, 200, headers, now);
        match self.strategy {
            Strategy::AwsStandard => {
                self.aws_tokens = (self.aws_tokens + call.last_cost.unwrap_or(1)).min(500);
            }
            Strategy::Kiwi | Strategy::KiwiPaced => self.kiwi_budget.on_success(call.last_cost),
            Strategy::Seed | Strategy::OpenAi => {}
        }
    }
}
