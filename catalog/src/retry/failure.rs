//! What an attempt fails with ([`Failure`]) and what a retried call finally fails with
//! ([`RetryError`]).

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime};

use http::HeaderMap;

use super::observe::BudgetSnapshot;
use crate::CatalogError;

macro_rules! failure_struct {
    ($($default:ty)?) => {
        /// How one attempt failed: the value the operation returns in `Err`.
        ///
        /// Either an error response (an API error `E` of a catalog, by default the
        /// shipped `ApiError`, and the response headers, from which server hints are
        /// read) or a transport error (no response). It is one pointer wide, so
        /// `Result<T, Failure>` stays small.
        #[derive(Debug)]
        pub struct Failure<E $(= $default)?> {
            kind: Box<Kind<E>>,
        }
    };
}

#[cfg(feature = "llm-kiwi")]
failure_struct!(crate::ApiError);
#[cfg(not(feature = "llm-kiwi"))]
failure_struct!();

#[derive(Debug)]
pub(crate) enum Kind<E> {
    Api {
        error: E,
        headers: HeaderMap,
    },
    Transport(Box<dyn Error + Send + Sync>),
    /// Not sent: the pacer's window was spent for longer than the caller allows.
    Paced(super::pace::PaceError),
    /// A stream that failed after its response head: an error event (`error`), or the
    /// body's end before the stream's end (`None`); `delivered` when content came first.
    Stream {
        error: Option<E>,
        headers: HeaderMap,
        delivered: bool,
    },
}

/// The error of a stream that ended before its end event.
#[derive(Debug)]
pub struct IncompleteStream;

impl fmt::Display for IncompleteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the stream ended before its end event")
    }
}

impl Error for IncompleteStream {}

impl<E: CatalogError> Failure<E> {
    /// An error response: parses `body`, whatever it is; a body that is not an error
    /// envelope becomes an error of the status's type whose message is the body text
    /// (cut to 1 KiB), so the status alone decides (see
    /// [`CatalogError::from_http_response`]).
    pub fn response(status: u16, headers: HeaderMap, body: &[u8]) -> Self {
        Failure::api(E::from_http_response(status, body), headers)
    }
}

impl<E> Failure<E> {
    /// An error response whose error is already parsed.
    pub fn api(error: E, headers: HeaderMap) -> Self {
        Failure {
            kind: Box::new(Kind::Api { error, headers }),
        }
    }

    /// A transport error (no response). It is retried when
    /// [`RetryConfig::retry_transport`](super::RetryConfig::retry_transport) is set,
    /// which should be only for idempotent requests.
    pub fn transport(error: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Failure {
            kind: Box::new(Kind::Transport(error.into())),
        }
    }

    /// An error event in a stream of Server-Sent Events, after a response with a success
    /// status and these headers (see [`crate::stream`]). `delivered`: whether the stream
    /// delivered content before the error; such a stream is not retried (the retry
    /// specification, section 14.4) unless
    /// [`RetryConfig::retry_partial`](super::RetryConfig::retry_partial) is set.
    pub fn stream(error: E, headers: HeaderMap, delivered: bool) -> Self {
        Failure {
            kind: Box::new(Kind::Stream {
                error: Some(error),
                headers,
                delivered,
            }),
        }
    }

    /// A stream whose body ended before the catalog's end of a stream: never a success.
    /// It is retried as a transport error when it delivered nothing, and not at all when
    /// it delivered content.
    pub fn incomplete(headers: HeaderMap, delivered: bool) -> Self {
        Failure {
            kind: Box::new(Kind::Stream {
                error: None,
                headers,
                delivered,
            }),
        }
    }

    pub(crate) fn kind(&self) -> &Kind<E> {
        &self.kind
    }

    /// The API error: of an error response or of an error event in a stream.
    pub fn api_error(&self) -> Option<&E> {
        match &*self.kind {
            Kind::Api { error, .. } => Some(error),
            Kind::Stream { error, .. } => error.as_ref(),
            Kind::Transport(_) | Kind::Paced(_) => None,
        }
    }

    /// The response headers (`None` for a transport error).
    pub fn headers(&self) -> Option<&HeaderMap> {
        match &*self.kind {
            Kind::Api { headers, .. } | Kind::Stream { headers, .. } => Some(headers),
            Kind::Transport(_) | Kind::Paced(_) => None,
        }
    }

    /// Whether a failed stream had delivered content before it failed.
    pub fn delivered(&self) -> bool {
        matches!(
            &*self.kind,
            Kind::Stream {
                delivered: true,
                ..
            }
        )
    }

    /// Whether this is a stream that ended before its end event.
    pub fn is_incomplete_stream(&self) -> bool {
        matches!(&*self.kind, Kind::Stream { error: None, .. })
    }

    /// The transport error, if there was no response.
    pub fn transport_error(&self) -> Option<&(dyn Error + Send + Sync + 'static)> {
        match &*self.kind {
            Kind::Api { .. } | Kind::Stream { .. } | Kind::Paced(_) => None,
            Kind::Transport(e) => Some(&**e),
        }
    }

    /// The pacer's error, when the request was not sent because its rate window was
    /// spent for longer than the caller allows ([`GiveUpReason::Paced`]).
    pub fn pace_error(&self) -> Option<&super::pace::PaceError> {
        match &*self.kind {
            Kind::Paced(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn paced(error: super::pace::PaceError) -> Self {
        Failure {
            kind: Box::new(Kind::Paced(error)),
        }
    }

    /// The transport error, by value (`Err(self)` for an error response or a stream).
    pub fn into_transport(self) -> Result<Box<dyn Error + Send + Sync>, Self> {
        match *self.kind {
            Kind::Transport(error) => Ok(error),
            kind => Err(Failure {
                kind: Box::new(kind),
            }),
        }
    }

    /// The API error and headers, by value, of an error response or an error event in a
    /// stream (`Err(self)` otherwise).
    pub fn into_api(self) -> Result<(E, HeaderMap), Self> {
        match *self.kind {
            Kind::Api { error, headers }
            | Kind::Stream {
                error: Some(error),
                headers,
                ..
            } => Ok((error, headers)),
            kind => Err(Failure {
                kind: Box::new(kind),
            }),
        }
    }
}

impl<E: CatalogError> From<E> for Failure<E> {
    /// An error response without headers.
    fn from(error: E) -> Self {
        Failure::api(error, HeaderMap::new())
    }
}

impl<E: CatalogError> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            Kind::Api { error, .. } => write!(f, "HTTP {}: {error}", error.status()),
            Kind::Transport(e) => write!(f, "transport error: {e}"),
            Kind::Paced(e) => write!(f, "not sent: {e}"),
            Kind::Stream {
                error: Some(error),
                delivered,
                ..
            } => write!(
                f,
                "error in the stream{}: {error}",
                if *delivered { " after content" } else { "" }
            ),
            Kind::Stream { error: None, .. } => write!(f, "{IncompleteStream}"),
        }
    }
}

impl<E: CatalogError> Error for Failure<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &*self.kind {
            Kind::Api { error, .. }
            | Kind::Stream {
                error: Some(error), ..
            } => Some(error),
            Kind::Transport(e) => Some(&**e),
            Kind::Paced(e) => Some(e),
            Kind::Stream { error: None, .. } => Some(&IncompleteStream),
        }
    }
}

/// Why the helper stopped retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiveUpReason {
    /// Retrying cannot help: the catalog's policy for the code (or status) is `never`,
    /// the server sent `x-should-retry: false`, or a transport error on a call that
    /// must not be repeated.
    Fatal,
    /// The attempts cap was reached.
    Attempts,
    /// The retry budget was empty: the token bucket shared by every call made through
    /// the client's [`Retrier`](super::Retrier) ([`RetryBudget`](super::RetryBudget))
    /// held fewer tokens than the retry costs. Many calls failed lately, so the service
    /// is probably down and this client stops adding load. It refills as calls succeed:
    /// each successful call puts back
    /// [`success_reward`](super::RetryBudget::success_reward) tokens. The
    /// [`RetryError`]'s [`budget`](RetryError::budget) tells the numbers.
    Budget,
    /// The server asked to wait longer than the configured maximum.
    HintTooLong {
        /// How long the server asked to wait, from the last response.
        retry_after: Duration,
    },
    /// The next attempt would start after the caller's deadline.
    Deadline {
        /// How long the server asked to wait, from the last response, when it did.
        retry_after: Option<Duration>,
    },
    /// A stream failed after it had delivered content: a new request would repeat what
    /// was delivered (the retry specification, section 14.4).
    Partial,
    /// The rate window the request belongs to is spent for longer than the caller
    /// allows (the pacer's [`PaceConfig::max_wait`](super::pace::PaceConfig::max_wait),
    /// or the time left before the deadline): the request was not sent.
    Paced {
        /// How long until the window has room again.
        retry_after: Duration,
    },
}

impl GiveUpReason {
    /// When the server said the request may be retried, from the last response.
    pub fn retry_after(&self) -> Option<Duration> {
        match *self {
            GiveUpReason::HintTooLong { retry_after } | GiveUpReason::Paced { retry_after } => {
                Some(retry_after)
            }
            GiveUpReason::Deadline { retry_after } => retry_after,
            _ => None,
        }
    }

    /// A short, stable name: `fatal`, `attempts`, `budget`, `hint_too_long`, `deadline`
    /// `partial` or `paced` (what the `tracing` spans record as `retry.give_up_reason`; a fit
    /// label for a metric).
    pub fn as_str(&self) -> &'static str {
        match self {
            GiveUpReason::Fatal => "fatal",
            GiveUpReason::Attempts => "attempts",
            GiveUpReason::Budget => "budget",
            GiveUpReason::HintTooLong { .. } => "hint_too_long",
            GiveUpReason::Deadline { .. } => "deadline",
            GiveUpReason::Partial => "partial",
            GiveUpReason::Paced { .. } => "paced",
        }
    }
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GiveUpReason::Fatal => f.write_str("the error is not retryable"),
            GiveUpReason::Attempts => f.write_str("attempts cap reached"),
            GiveUpReason::Budget => f.write_str(
                "the retry budget (a token bucket shared by the client's calls) was empty; \
                 each successful call puts tokens back",
            ),
            GiveUpReason::HintTooLong { retry_after } => write!(
                f,
                "the server asks to retry in {:.3} s, longer than allowed",
                retry_after.as_secs_f64()
            ),
            GiveUpReason::Deadline {
                retry_after: Some(d),
            } => write!(
                f,
                "deadline: the server asks to retry in {:.3} s",
                d.as_secs_f64()
            ),
            GiveUpReason::Deadline { retry_after: None } => f.write_str("deadline reached"),
            GiveUpReason::Partial => f.write_str(
                "the stream failed after delivering content, which a retry would repeat",
            ),
            GiveUpReason::Paced { retry_after } => write!(
                f,
                "the rate window is spent for {:.3} s, longer than allowed",
                retry_after.as_secs_f64()
            ),
        }
    }
}

macro_rules! retry_error_struct {
    ($($default:ty)?) => {
        /// The final error of a retried call: the last failure, how many attempts were
        /// made, how long was spent waiting between them, and why the helper gave up.
        #[derive(Debug)]
        pub struct RetryError<E $(= $default)?> {
            inner: Box<Inner<E>>,
        }
    };
}

#[cfg(feature = "llm-kiwi")]
retry_error_struct!(crate::ApiError);
#[cfg(not(feature = "llm-kiwi"))]
retry_error_struct!();

#[derive(Debug)]
struct Inner<E> {
    last: Failure<E>,
    attempts: u32,
    waited: Duration,
    reason: GiveUpReason,
    /// Wall-clock time of the last response.
    at: SystemTime,
    /// The budget when it refused the retry ([`GiveUpReason::Budget`]).
    budget: Option<BudgetSnapshot>,
}

impl<E> RetryError<E> {
    pub(crate) fn new(
        last: Failure<E>,
        attempts: u32,
        waited: Duration,
        reason: GiveUpReason,
        at: SystemTime,
    ) -> Self {
        RetryError {
            inner: Box::new(Inner {
                last,
                attempts,
                waited,
                reason,
                at,
                budget: None,
            }),
        }
    }

    /// With the budget that refused the retry.
    pub(crate) fn with_budget(mut self, budget: BudgetSnapshot) -> Self {
        self.inner.budget = Some(budget);
        self
    }

    /// The failure of the last attempt.
    pub fn last(&self) -> &Failure<E> {
        &self.inner.last
    }

    /// The failure of the last attempt, by value.
    pub fn into_last(self) -> Failure<E> {
        self.inner.last
    }

    /// The last API error (`None` if the last attempt was a transport error).
    pub fn api_error(&self) -> Option<&E> {
        self.inner.last.api_error()
    }

    /// The number of attempts sent: at least 1, but 0 when the pacer gave up before the
    /// first one ([`GiveUpReason::Paced`]).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The total time slept between attempts.
    pub fn waited(&self) -> Duration {
        self.inner.waited
    }

    /// Why the helper gave up.
    pub fn reason(&self) -> GiveUpReason {
        self.inner.reason
    }

    /// The retry budget as it was when it refused the retry, when the helper gave up for
    /// [`GiveUpReason::Budget`]: tokens left, capacity, a retry's cost and a success's
    /// reward.
    pub fn budget(&self) -> Option<BudgetSnapshot> {
        self.inner.budget
    }

    /// When the server said to come back, measured from the last response, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.reason.retry_after()
    }

    /// When the server said to come back, as a wall-clock time (by the retrier's
    /// [`Clock`](super::runtime::Clock)), if it did.
    pub fn retry_at(&self) -> Option<SystemTime> {
        self.retry_after()
            .and_then(|d| self.inner.at.checked_add(d))
    }
}

impl<E: CatalogError> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gave up after {} attempt{} ({:.3} s waited): ",
            self.inner.attempts,
            if self.inner.attempts == 1 { "" } else { "s" },
            self.inner.waited.as_secs_f64(),
        )?;
        match (self.inner.reason, self.inner.budget) {
            (GiveUpReason::Budget, Some(b)) => {
                let cost = if self.inner.last.api_error().is_some() {
                    b.retry_cost
                } else {
                    b.transport_cost
                };
                write!(
                    f,
                    "the retry budget (a token bucket shared by the client's calls) was \
                     empty: {} of {} tokens left, a retry costs {cost}; each successful \
                     call puts back {}",
                    b.available, b.capacity, b.success_reward
                )?;
            }
            (reason, _) => write!(f, "{reason}")?,
        }
        write!(f, "; last error: {}", self.inner.last)?;
        if let Some(at) = self.retry_at() {
            // HTTP-dates have whole seconds: round up so the time is never too early.
            let at = at
                .checked_add(Duration::from_nanos(999_999_999))
                .unwrap_or(at);
            write!(f, "; retry after {}", httpdate::fmt_http_date(at))?;
        }
        Ok(())
    }
}

impl<E: CatalogError> Error for RetryError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.inner.last)
    }
}
