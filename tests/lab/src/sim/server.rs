//! The simulated server: transient faults, outages, rate limits whose 429s hint when
//! to come back in each of the ways servers do, and a service recovering from a herd.

use kiwi_errors::retry::testing::SplitMix64;
use kiwi_errors::retry::{headers::HeaderMap, runtime::Random};

use super::{Failure, MS, Micros, SEC, WALL_EPOCH_SECS, wall};
use crate::seed::ApiError;

/// A response of the simulated server.
pub(crate) enum Response {
    /// A success, with the rate-limit headers the server reports on it.
    Ok(HeaderMap),
    Err {
        failure: Failure,
        /// The virtual time the server said to come back at, when it said so validly.
        advertised: Option<Micros>,
    },
}

/// A 503 `service_unavailable` with no hint.
fn unavailable() -> Response {
    Response::Err {
        failure: Failure::api(
            ApiError::service_unavailable().with_status(503),
            HeaderMap::new(),
        ),
        advertised: None,
    }
}

/// A 503 `service_unavailable` with `Retry-After: secs`.
fn overloaded(secs: u64) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", secs.into());
    Response::Err {
        failure: Failure::api(ApiError::service_unavailable().with_status(503), headers),
        advertised: None,
    }
}

/// How a 429 tells the client when to come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintKind {
    /// `retry-after-ms`, in milliseconds.
    RetryAfterMs,
    /// `Retry-After` in seconds.
    RetryAfterSecs,
    /// `Retry-After` as an HTTP date.
    RetryAfterDate,
    /// `X-RateLimit-Reset` in seconds from now (with the limit and remaining headers).
    ResetSecs,
    /// `X-RateLimit-Reset` as a Unix time.
    ResetEpoch,
    /// No header at all.
    Nothing,
    /// Headers that cannot be parsed.
    Garbage,
    /// `Retry-After` in seconds, for a window of one hour.
    OneHour,
}

/// Every hint kind, in table order.
pub const HINT_KINDS: [HintKind; 8] = [
    HintKind::RetryAfterMs,
    HintKind::RetryAfterSecs,
    HintKind::RetryAfterDate,
    HintKind::ResetSecs,
    HintKind::ResetEpoch,
    HintKind::Nothing,
    HintKind::Garbage,
    HintKind::OneHour,
];

impl HintKind {
    /// The name of the kind in the report.
    pub fn name(self) -> &'static str {
        match self {
            HintKind::RetryAfterMs => "retry-after-ms",
            HintKind::RetryAfterSecs => "retry-after (s)",
            HintKind::RetryAfterDate => "retry-after (date)",
            HintKind::ResetSecs => "x-ratelimit-reset (s)",
            HintKind::ResetEpoch => "x-ratelimit-reset (epoch)",
            HintKind::Nothing => "no header",
            HintKind::Garbage => "garbage",
            HintKind::OneHour => "one-hour hint",
        }
    }
}

/// How the rate-limit server reports its window on every response, besides the 429's
/// hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAI's `x-ratelimit-{limit,remaining,reset}-requests`, the reset a duration.
    OpenAi,
    /// The IETF `RateLimit` and `RateLimit-Policy` fields.
    Ietf,
    /// The IETF fields with a partition key.
    IetfPartitioned,
    /// Anthropic's `anthropic-ratelimit-requests-*`, the reset an RFC 3339 timestamp.
    Anthropic,
    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` in seconds from now.
    XRateLimitSecs,
    /// `X-RateLimit-*` with the reset as a Unix time.
    XRateLimitEpoch,
    /// The separate `RateLimit-Limit`, `-Remaining` and `-Reset` headers of the IETF
    /// draft's early revisions.
    SplitFields,
}

impl HintKind {
    /// The dialect the server reports its window in on every response, in the
    /// rate-limit scenario run with this kind of 429 hint: each dialect the runtime reads
    /// is used by one kind.
    pub(crate) fn dialect(self) -> Dialect {
        match self {
            HintKind::RetryAfterMs => Dialect::OpenAi,
            HintKind::RetryAfterSecs | HintKind::OneHour => Dialect::Ietf,
            HintKind::RetryAfterDate => Dialect::Anthropic,
            HintKind::ResetSecs => Dialect::XRateLimitSecs,
            HintKind::ResetEpoch => Dialect::XRateLimitEpoch,
            HintKind::Nothing => Dialect::SplitFields,
            HintKind::Garbage => Dialect::IetfPartitioned,
        }
    }
}

/// The headers that report a window of `limit` requests and `window` long, with
/// `remaining` left, which resets at `reset_at`, as of `t`, in `dialect`.
pub(crate) fn window_headers(
    dialect: Dialect,
    t: Micros,
    reset_at: Micros,
    window: Micros,
    limit: u32,
    remaining: u32,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = value.parse() {
            headers.insert(name, v);
        }
    };
    let wait = reset_at.saturating_sub(t);
    let ceil_secs = wait.div_ceil(SEC).max(1);
    match dialect {
        Dialect::OpenAi => {
            put("x-ratelimit-limit-requests", limit.to_string());
            put("x-ratelimit-remaining-requests", remaining.to_string());
            put(
                "x-ratelimit-reset-requests",
                format!("{}ms", wait.div_ceil(MS).max(1)),
            );
        }
        Dialect::Ietf | Dialect::IetfPartitioned => {
            let pk = if dialect == Dialect::IetfPartitioned {
                ";pk=:a2V5LTE=:"
            } else {
                ""
            };
            put(
                "ratelimit-policy",
                format!("\"default\";q={limit};w={}{pk}", window / SEC),
            );
            put(
                "ratelimit",
                format!("\"default\";r={remaining};t={ceil_secs}{pk}"),
            );
        }
        Dialect::Anthropic => {
            put("anthropic-ratelimit-requests-limit", limit.to_string());
            put(
                "anthropic-ratelimit-requests-remaining",
                remaining.to_string(),
            );
            let at = reset_at.div_ceil(SEC);
            put(
                "anthropic-ratelimit-requests-reset",
                format!(
                    "2026-01-{:02}T{:02}:{:02}:{:02}Z",
                    1 + at / 86_400,
                    at % 86_400 / 3600,
                    at % 3600 / 60,
                    at % 60
                ),
            );
        }
        Dialect::XRateLimitSecs | Dialect::XRateLimitEpoch => {
            put("x-ratelimit-limit", limit.to_string());
            put("x-ratelimit-remaining", remaining.to_string());
            let reset = if dialect == Dialect::XRateLimitEpoch {
                WALL_EPOCH_SECS + reset_at.div_ceil(SEC)
            } else {
                ceil_secs
            };
            put("x-ratelimit-reset", reset.to_string());
        }
        Dialect::SplitFields => {
            put("ratelimit-limit", limit.to_string());
            put("ratelimit-remaining", remaining.to_string());
            put("ratelimit-reset", ceil_secs.to_string());
        }
    }
    headers
}

/// The behaviour of the simulated server.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Server {
    /// Each attempt fails with a 503 with probability `p`.
    Transient { p: f64 },
    /// Every attempt in `[from, to)` fails with a 503.
    Outage { from: Micros, to: Micros },
    /// A fixed window of `window` allowing `limit` requests (all clients together);
    /// over the limit, a 429 `rate_limit_exceeded` whose hint is of kind `kind`.
    RateLimit {
        window: Micros,
        limit: u32,
        kind: HintKind,
    },
    /// A fixed window shared by a fleet, reported on every response (the 429s too)
    /// with the IETF fields, the 429s with `Retry-After` as well.
    Fleet { window: Micros, limit: u32 },
    /// Down until `until`, then serves at most `per_second` requests in each second;
    /// the others get a 503, with `Retry-After: retry_after` seconds when given.
    Herd {
        until: Micros,
        per_second: u32,
        retry_after: Option<u64>,
    },
}

/// The server and what it counts while it runs.
pub(crate) struct ServerState {
    pub(crate) server: Server,
    pub(crate) rng: SplitMix64,
    pub(crate) bucket: u64,
    pub(crate) count: u32,
}

impl ServerState {
    /// The response to an attempt that reaches the server at `t`.
    pub(crate) fn respond(&mut self, t: Micros) -> Response {
        match self.server {
            Server::Transient { p } => {
                if self.rng.next_f64() < p {
                    unavailable()
                } else {
                    Response::Ok(HeaderMap::new())
                }
            }
            Server::Outage { from, to } => {
                if (from..to).contains(&t) {
                    unavailable()
                } else {
                    Response::Ok(HeaderMap::new())
                }
            }
            Server::Herd {
                until,
                per_second,
                retry_after,
            } => {
                if t < until || !self.admit(t / SEC, per_second) {
                    retry_after.map_or_else(unavailable, overloaded)
                } else {
                    Response::Ok(HeaderMap::new())
                }
            }
            Server::RateLimit {
                window,
                limit,
                kind,
            } => {
                let reset_at = (t / window + 1) * window;
                if self.admit(t / window, limit) {
                    let left = limit - self.count;
                    return Response::Ok(window_headers(
                        kind.dialect(),
                        t,
                        reset_at,
                        window,
                        limit,
                        left,
                    ));
                }
                rate_limited(t, reset_at, kind)
            }
            Server::Fleet { window, limit } => {
                let reset_at = (t / window + 1) * window;
                let admitted = self.admit(t / window, limit);
                let left = limit - self.count;
                let mut headers = window_headers(Dialect::Ietf, t, reset_at, window, limit, left);
                if admitted {
                    return Response::Ok(headers);
                }
                let wait = (reset_at - t).div_ceil(SEC);
                if let Ok(v) = wait.to_string().parse() {
                    headers.insert("retry-after", v);
                }
                Response::Err {
                    failure: Failure::api(
                        ApiError::rate_limit_exceeded().with_status(429),
                        headers,
                    ),
                    advertised: Some(t + wait * SEC),
                }
            }
        }
    }

    /// Counts a request in bucket `bucket`; false when the bucket is already full.
    fn admit(&mut self, bucket: u64, limit: u32) -> bool {
        if bucket != self.bucket {
            self.bucket = bucket;
            self.count = 0;
        }
        if self.count < limit {
            self.count += 1;
            true
        } else {
            false
        }
    }
}

/// A 429 at `t` for a window that resets at `reset_at`, hinted the `kind` way.
fn rate_limited(t: Micros, reset_at: Micros, kind: HintKind) -> Response {
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = value.parse() {
            headers.insert(name, v);
        }
    };
    let wait = reset_at - t;
    let ceil_secs = wait.div_ceil(SEC);
    let advertised = match kind {
        HintKind::RetryAfterMs => {
            let ms = wait.div_ceil(MS);
            put("retry-after-ms", ms.to_string());
            Some(t + ms * MS)
        }
        HintKind::RetryAfterSecs | HintKind::OneHour => {
            put("retry-after", ceil_secs.to_string());
            Some(t + ceil_secs * SEC)
        }
        HintKind::RetryAfterDate | HintKind::ResetEpoch => {
            // Whole seconds of wall-clock time, rounded up.
            let at_secs = reset_at.div_ceil(SEC);
            if let HintKind::RetryAfterDate = kind {
                put("retry-after", httpdate::fmt_http_date(wall(at_secs * SEC)));
            } else {
                put("x-ratelimit-reset", (WALL_EPOCH_SECS + at_secs).to_string());
            }
            Some(at_secs * SEC)
        }
        HintKind::ResetSecs => {
            put("x-ratelimit-limit", "60".into());
            put("x-ratelimit-remaining", "0".into());
            put("x-ratelimit-reset", ceil_secs.to_string());
            Some(t + ceil_secs * SEC)
        }
        HintKind::Nothing => None,
        HintKind::Garbage => {
            put("retry-after", "soon".into());
            put("retry-after-ms", "-1".into());
            put("x-ratelimit-reset", "NaN".into());
            None
        }
    };
    Response::Err {
        failure: Failure::api(ApiError::rate_limit_exceeded().with_status(429), headers),
        advertised,
    }
}
