//! The `tracing` side of the retry loops (feature `tracing`): a span per call, a span
//! per attempt inside it, and every [`RetryEvent`] as a `tracing` event in the current
//! span. Without the feature every item here is an empty type or an empty inline
//! function, so nothing of it is left in the code.
//!
//! The attributes follow the OpenTelemetry semantic conventions for HTTP clients
//! (`http.request.resend_count`, `http.response.status_code`, `error.type`,
//! `http.request.method`, `server.address`, `server.port`, `url.full`); what is the
//! retry helper's own is under `retry.` (and `ratelimit.` for a pacer's wait). Every
//! field is declared when its span is made and recorded when it is known.

#[cfg(feature = "tracing")]
pub(crate) use on::*;

#[cfg(not(feature = "tracing"))]
pub(crate) use off::*;

#[cfg(feature = "tracing")]
mod on {
    #[cfg(feature = "tokio")]
    use std::future::Future;
    use std::time::Duration;

    use tracing::field::{Empty, display};
    #[cfg(feature = "tokio")]
    use tracing::instrument::{Instrument, Instrumented};
    use tracing::span::EnteredSpan;
    use tracing::{Level, Span};

    use crate::CatalogError;
    use crate::retry::failure::{Failure, GiveUpReason, Kind};
    use crate::retry::hints::HintSource;
    use crate::retry::observe::RetryEvent;

    /// The target of every span and event of the retry helper.
    pub(crate) const TARGET: &str = "kiwi_errors::retry";

    /// Whether any event of the retry helper would be recorded (the least verbose of
    /// them is INFO): tracing's cached per-callsite answer, so cheap when nothing
    /// listens.
    #[inline]
    pub(crate) fn enabled() -> bool {
        tracing::enabled!(target: TARGET, Level::INFO)
    }

    fn millis(d: Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }

    /// An event of the retry helper as a `tracing` event in the current span, its
    /// `Display` as the message.
    pub(crate) fn event(event: &RetryEvent<'_>) {
        match *event {
            RetryEvent::Attempt { attempt } => {
                tracing::debug!(target: TARGET, { "retry.attempt" = attempt }, "{event}");
            }
            RetryEvent::Failed {
                attempt,
                status,
                code,
                delivered,
            } => tracing::debug!(
                target: TARGET, {
                "retry.attempt" = attempt,
                "retry.status" = status,
                "retry.code" = code,
                "retry.delivered" = delivered }, "{event}"
            ),
            RetryEvent::Retrying {
                attempt,
                delay,
                hint,
                cost,
                budget_left,
            } => tracing::debug!(
                target: TARGET, {
                "retry.attempt" = attempt,
                "retry.delay_ms" = millis(delay),
                "retry.hint_source" = hint.map(HintSource::header),
                "retry.cost" = cost,
                "retry.budget_available" = budget_left }, "{event}"
            ),
            RetryEvent::BudgetDenied {
                attempt,
                cost,
                available,
            } => tracing::info!(
                target: TARGET, {
                "retry.attempt" = attempt,
                "retry.cost" = cost,
                "retry.budget_available" = available }, "{event}"
            ),
            RetryEvent::Paced {
                attempt,
                wait,
                policy,
                scope,
                spent,
            } => tracing::debug!(
                target: TARGET, {
                "retry.attempt" = attempt,
                "retry.pace_wait_ms" = millis(wait),
                "ratelimit.policy" = policy,
                "ratelimit.scope" = scope,
                "ratelimit.spent" = spent }, "{event}"
            ),
            RetryEvent::GaveUp { attempts, reason } => tracing::info!(
                target: TARGET, {
                "retry.attempts" = attempts,
                "retry.give_up_reason" = reason.as_str() }, "{event}"
            ),
            RetryEvent::Succeeded { attempts } => {
                tracing::debug!(target: TARGET, { "retry.attempts" = attempts }, "{event}");
            }
        }
    }

    /// A wait of the tower `PaceLayer`, which sees requests, not attempts: a debug event
    /// in the current span.
    #[cfg(feature = "tower")]
    pub(crate) fn held(hold: &crate::retry::pace::Hold) {
        tracing::debug!(
            target: TARGET, {
            "retry.pace_wait_ms" = millis(hold.wait()),
            "ratelimit.policy" = hold.policy(),
            "ratelimit.scope" = hold.scope(),
            "ratelimit.spent" = hold.is_spent() },
            "request paced for {:?} by window {}", hold.wait(), hold.policy()
        );
    }

    /// The spans of one call: the call's, and the current attempt's.
    #[derive(Clone, Debug)]
    pub(crate) struct CallTrace {
        call: Span,
        attempt: Span,
    }

    impl CallTrace {
        /// Opens the call's span, a child of the caller's current span.
        pub(crate) fn new() -> CallTrace {
            CallTrace {
                call: tracing::info_span!(
                    target: TARGET,
                    "retry",
                    retry.attempts = Empty,
                    retry.outcome = Empty,
                    retry.give_up_reason = Empty,
                    http.request.method = Empty,
                    server.address = Empty,
                    server.port = Empty,
                    url.full = Empty,
                ),
                attempt: Span::none(),
            }
        }

        /// Opens the span of attempt number `attempt` (1 for the first), a child of the
        /// call's span, and makes it the current attempt's.
        pub(crate) fn start_attempt(&mut self, attempt: u32) -> AttemptSpan {
            let span = self.call.in_scope(|| {
                tracing::debug_span!(
                    target: TARGET,
                    "retry.attempt",
                    retry.attempt = attempt,
                    http.request.resend_count = Empty,
                    http.response.status_code = Empty,
                    "error.type" = Empty,
                    retry.decision = Empty,
                    retry.delay_ms = Empty,
                    retry.hint_source = Empty,
                    retry.give_up_reason = Empty,
                    retry.budget_available = Empty,
                )
            });
            if attempt > 1 {
                span.record("http.request.resend_count", attempt - 1);
            }
            self.attempt = span.clone();
            AttemptSpan(span)
        }

        /// Runs `f` inside the call's span (the pacer's waits before an attempt, a call
        /// given up before its attempt was sent).
        pub(crate) fn in_call<T>(&self, f: impl FnOnce() -> T) -> T {
            self.call.in_scope(f)
        }

        /// Enters the current attempt's span until the guard drops, so the events of
        /// its outcome land in it.
        pub(crate) fn enter_attempt(&self) -> EnteredSpan {
            self.attempt.clone().entered()
        }

        /// Runs `fut` inside the call's span (the waits between tower's attempts).
        #[cfg(feature = "tower")]
        pub(crate) fn instrument<F: Future>(&self, fut: F) -> Instrumented<F> {
            fut.instrument(self.call.clone())
        }

        /// Records how the attempt failed: the response's status, and `error.type`.
        pub(crate) fn failed<E: CatalogError>(&self, failure: &Failure<E>) {
            let span = &self.attempt;
            if span.is_disabled() {
                return;
            }
            match failure.kind() {
                Kind::Api { error, .. } => {
                    span.record("http.response.status_code", error.status());
                }
                Kind::Stream { .. } | Kind::Transport(_) | Kind::Paced(_) => {}
            }
            match failure.kind() {
                Kind::Api { error, .. }
                | Kind::Stream {
                    error: Some(error), ..
                } => match error.known_code_str() {
                    Some(code) => span.record("error.type", code),
                    None => span.record("error.type", display(error.status())),
                },
                Kind::Stream { error: None, .. } => span.record("error.type", "incomplete_stream"),
                Kind::Transport(_) => span.record("error.type", "transport"),
                Kind::Paced(_) => span.record("error.type", "paced"),
            };
        }

        /// Records the status of a response that was a success.
        #[cfg(any(feature = "reqwest-middleware", feature = "tower"))]
        pub(crate) fn status(&self, status: u16) {
            self.attempt.record("http.response.status_code", status);
        }

        /// Records the decision to retry after `delay`.
        pub(crate) fn retry(&self, delay: Duration, hint: Option<HintSource>, budget: u32) {
            let span = &self.attempt;
            span.record("retry.decision", "retry");
            span.record("retry.delay_ms", millis(delay));
            if let Some(hint) = hint {
                span.record("retry.hint_source", hint.header());
            }
            span.record("retry.budget_available", budget);
        }

        /// Records the decision to give up, on the attempt's span and the call's.
        pub(crate) fn give_up(&self, attempts: u32, reason: GiveUpReason, budget: u32) {
            let span = &self.attempt;
            span.record("retry.decision", "give_up");
            span.record("retry.give_up_reason", reason.as_str());
            span.record("retry.budget_available", budget);
            self.call.record("retry.attempts", attempts);
            self.call.record("retry.outcome", "gave_up");
            self.call.record("retry.give_up_reason", reason.as_str());
        }

        /// Records the call's success.
        pub(crate) fn succeeded(&self, attempts: u32) {
            self.call.record("retry.attempts", attempts);
            self.call.record("retry.outcome", "succeeded");
        }

        /// Records the request of a call through the reqwest middleware on its span, the
        /// URL's user and password redacted.
        #[cfg(feature = "reqwest-middleware")]
        pub(crate) fn request(&self, request: &::reqwest::Request) {
            let span = &self.call;
            if span.is_disabled() {
                return;
            }
            let url = request.url();
            span.record("http.request.method", request.method().as_str());
            if let Some(host) = url.host_str() {
                span.record("server.address", host);
            }
            if let Some(port) = url.port_or_known_default() {
                span.record("server.port", port);
            }
            if url.username().is_empty() && url.password().is_none() {
                span.record("url.full", url.as_str());
            } else {
                let mut redacted = url.clone();
                let _ = redacted.set_username("REDACTED");
                let _ = redacted.set_password(Some("REDACTED"));
                span.record("url.full", redacted.as_str());
            }
        }
    }

    /// The span of one attempt, which the attempt runs in.
    pub(crate) struct AttemptSpan(Span);

    impl AttemptSpan {
        /// Runs `f` inside the span.
        pub(crate) fn run<T>(&self, f: impl FnOnce() -> T) -> T {
            self.0.in_scope(f)
        }

        /// Makes the future with `make` and runs it, both inside the span.
        #[cfg(feature = "tokio")]
        pub(crate) fn run_async<F: Future>(&self, make: impl FnOnce() -> F) -> Instrumented<F> {
            self.0.in_scope(make).instrument(self.0.clone())
        }

        /// Runs `fut` inside the span.
        #[cfg(feature = "stream")]
        pub(crate) fn instrument<F: Future>(&self, fut: F) -> Instrumented<F> {
            fut.instrument(self.0.clone())
        }
    }
}

#[cfg(not(feature = "tracing"))]
mod off {
    #[cfg(feature = "tokio")]
    use std::future::Future;
    use std::time::Duration;

    use crate::CatalogError;
    use crate::retry::failure::{Failure, GiveUpReason};
    use crate::retry::hints::HintSource;
    use crate::retry::observe::RetryEvent;

    #[inline(always)]
    pub(crate) fn enabled() -> bool {
        false
    }

    #[inline(always)]
    pub(crate) fn event(_: &RetryEvent<'_>) {}

    #[cfg(feature = "tower")]
    #[inline(always)]
    pub(crate) fn held(_: &crate::retry::pace::Hold) {}

    #[derive(Clone, Debug)]
    pub(crate) struct CallTrace;

    pub(crate) struct Entered;

    impl CallTrace {
        #[inline(always)]
        pub(crate) fn new() -> CallTrace {
            CallTrace
        }
        #[inline(always)]
        pub(crate) fn start_attempt(&mut self, _: u32) -> AttemptSpan {
            AttemptSpan
        }
        #[inline(always)]
        pub(crate) fn in_call<T>(&self, f: impl FnOnce() -> T) -> T {
            f()
        }
        #[inline(always)]
        pub(crate) fn enter_attempt(&self) -> Entered {
            Entered
        }
        #[cfg(feature = "tower")]
        #[inline(always)]
        pub(crate) fn instrument<F: Future>(&self, fut: F) -> F {
            fut
        }
        #[inline(always)]
        pub(crate) fn failed<E: CatalogError>(&self, _: &Failure<E>) {}
        #[cfg(any(feature = "reqwest-middleware", feature = "tower"))]
        #[inline(always)]
        pub(crate) fn status(&self, _: u16) {}
        #[inline(always)]
        pub(crate) fn retry(&self, _: Duration, _: Option<HintSource>, _: u32) {}
        #[inline(always)]
        pub(crate) fn give_up(&self, _: u32, _: GiveUpReason, _: u32) {}
        #[inline(always)]
        pub(crate) fn succeeded(&self, _: u32) {}
        #[cfg(feature = "reqwest-middleware")]
        #[inline(always)]
        pub(crate) fn request(&self, _: &::reqwest::Request) {}
    }

    pub(crate) struct AttemptSpan;

    impl AttemptSpan {
        #[inline(always)]
        pub(crate) fn run<T>(&self, f: impl FnOnce() -> T) -> T {
            f()
        }
        #[cfg(feature = "tokio")]
        #[inline(always)]
        pub(crate) fn run_async<F: Future>(&self, make: impl FnOnce() -> F) -> F {
            make()
        }
        #[cfg(feature = "stream")]
        #[inline(always)]
        pub(crate) fn instrument<F: Future>(&self, fut: F) -> F {
            fut
        }
    }
}
