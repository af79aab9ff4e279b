//! The response headers the retry helper reads, and the thresholds it reads them with.

use std::time::Duration;

pub use http::HeaderMap;

/// `retry-after-ms`: milliseconds to wait (non-standard, sent by OpenAI-style APIs).
pub const RETRY_AFTER_MS: &str = "retry-after-ms";
/// `Retry-After`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
pub const RETRY_AFTER: &str = "retry-after";
/// `X-RateLimit-Limit`: requests allowed in the current window.
pub const RATE_LIMIT_LIMIT: &str = "x-ratelimit-limit";
/// `X-RateLimit-Remaining`: requests left in the current window.
pub const RATE_LIMIT_REMAINING: &str = "x-ratelimit-remaining";
/// `X-RateLimit-Reset`: when the window resets (seconds from now, a Unix time, a
/// duration such as `6m0s`, or an RFC 3339 timestamp).
pub const RATE_LIMIT_RESET: &str = "x-ratelimit-reset";
/// `x-should-retry`: `true` or `false`, the server's verdict, which overrides the
/// catalog's policy.
pub const SHOULD_RETRY: &str = "x-should-retry";

/// Hints longer than this are treated as garbage rather than as a request to wait.
/// (A hint longer than the configured maximum but shorter than this makes the helper
/// give up and report when to come back.)
pub const MAX_PLAUSIBLE_HINT: Duration = Duration::from_secs(366 * 24 * 3600);

/// An `X-RateLimit-Reset` value at or above this is a Unix time in seconds; below it,
/// a number of seconds from now. (`1e9` seconds is 2001-09-09: no window is that long.)
pub const EPOCH_THRESHOLD_SECS: f64 = 1e9;

/// The longest number a header value may hold, in bytes after trimming: a longer one is
/// not a number.
pub const MAX_NUMBER_LEN: usize = 32;

/// The longest duration (`6m0s`) a reset header may hold, in bytes after trimming.
pub const MAX_DURATION_LEN: usize = 64;

/// The longest RFC 3339 timestamp a reset header may hold, in bytes after trimming.
pub const MAX_TIMESTAMP_LEN: usize = 64;

/// `RateLimit`: the IETF field (draft-ietf-httpapi-ratelimit-headers), a structured
/// list of the client's windows, e.g. `"default";r=0;t=30` (`r` requests remaining,
/// `t` seconds until the reset).
pub const RATE_LIMIT_FIELD: &str = "ratelimit";
/// `RateLimit-Policy`: the IETF field naming each window's quota, e.g.
/// `"default";q=100;w=60` (`q` requests per `w` seconds).
pub const RATE_LIMIT_POLICY: &str = "ratelimit-policy";

/// Reset headers that name one window, each with the header of the requests left in
/// that window: a reset counts as a hint only when nothing is left (or the remaining
/// header is absent). Values are seconds, durations (`1s`, `6m0s`, `1m30.5s`, as
/// OpenAI sends) or RFC 3339 timestamps (as Anthropic sends).
pub const WINDOW_RESETS: &[(&str, &str)] = &[
    (
        "x-ratelimit-reset-requests",
        "x-ratelimit-remaining-requests",
    ),
    ("x-ratelimit-reset-tokens", "x-ratelimit-remaining-tokens"),
    (
        "anthropic-ratelimit-requests-reset",
        "anthropic-ratelimit-requests-remaining",
    ),
    (
        "anthropic-ratelimit-tokens-reset",
        "anthropic-ratelimit-tokens-remaining",
    ),
    (
        "anthropic-ratelimit-input-tokens-reset",
        "anthropic-ratelimit-input-tokens-remaining",
    ),
    (
        "anthropic-ratelimit-output-tokens-reset",
        "anthropic-ratelimit-output-tokens-remaining",
    ),
    ("ratelimit-reset", "ratelimit-remaining"),
];

/// Every header the retry decision reads ([`decide`](super::decision::decide)): the
/// verdict, the hints, the IETF field and both headers of each of the
/// [`WINDOW_RESETS`]. The retry vectors have cases for each one.
pub fn decision_headers() -> Vec<&'static str> {
    let mut names = vec![
        SHOULD_RETRY,
        RETRY_AFTER_MS,
        RETRY_AFTER,
        RATE_LIMIT_RESET,
        RATE_LIMIT_FIELD,
    ];
    for (reset, remaining) in WINDOW_RESETS {
        names.extend([*reset, *remaining]);
    }
    names
}

/// What a rate window counts: requests, tokens, or another unit the server names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Requests: each request takes one.
    Requests,
    /// Tokens: a request takes its declared estimate
    /// ([`Cost::with_tokens`](super::pace::Cost::with_tokens)).
    Tokens,
    /// A unit the client cannot count in advance (the IETF `qu` values
    /// `content-bytes` and `concurrent-requests`): only a window with nothing left
    /// holds requests back.
    Other,
}

/// The headers of one rate window that a server reports on every response, as the
/// pacer ([`pace`](super::pace)) reads them: the window's name, its unit, and the
/// headers of its limit, of what is left and of its reset (values as for
/// [`WINDOW_RESETS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowHeaders {
    /// The name the pacer gives the window (its policy).
    pub policy: &'static str,
    /// What it counts.
    pub unit: Unit,
    /// The header of the window's limit.
    pub limit: &'static str,
    /// The header of what is left in the window.
    pub remaining: &'static str,
    /// The header of the window's reset.
    pub reset: &'static str,
}

/// Every window the pacer reads besides the IETF `RateLimit` field (whose windows are
/// named by the field itself): `X-RateLimit-*`, OpenAI's per-window request and token
/// headers, Anthropic's `anthropic-ratelimit-*` and the separate `RateLimit-*` headers
/// of the draft's early revisions. Each reset of [`WINDOW_RESETS`] belongs to one.
pub const WINDOW_HEADERS: &[WindowHeaders] = &[
    WindowHeaders {
        policy: "x-ratelimit",
        unit: Unit::Requests,
        limit: RATE_LIMIT_LIMIT,
        remaining: RATE_LIMIT_REMAINING,
        reset: RATE_LIMIT_RESET,
    },
    WindowHeaders {
        policy: "requests",
        unit: Unit::Requests,
        limit: "x-ratelimit-limit-requests",
        remaining: "x-ratelimit-remaining-requests",
        reset: "x-ratelimit-reset-requests",
    },
    WindowHeaders {
        policy: "tokens",
        unit: Unit::Tokens,
        limit: "x-ratelimit-limit-tokens",
        remaining: "x-ratelimit-remaining-tokens",
        reset: "x-ratelimit-reset-tokens",
    },
    WindowHeaders {
        policy: "anthropic-requests",
        unit: Unit::Requests,
        limit: "anthropic-ratelimit-requests-limit",
        remaining: "anthropic-ratelimit-requests-remaining",
        reset: "anthropic-ratelimit-requests-reset",
    },
    WindowHeaders {
        policy: "anthropic-tokens",
        unit: Unit::Tokens,
        limit: "anthropic-ratelimit-tokens-limit",
        remaining: "anthropic-ratelimit-tokens-remaining",
        reset: "anthropic-ratelimit-tokens-reset",
    },
    WindowHeaders {
        policy: "anthropic-input-tokens",
        unit: Unit::Tokens,
        limit: "anthropic-ratelimit-input-tokens-limit",
        remaining: "anthropic-ratelimit-input-tokens-remaining",
        reset: "anthropic-ratelimit-input-tokens-reset",
    },
    WindowHeaders {
        policy: "anthropic-output-tokens",
        unit: Unit::Tokens,
        limit: "anthropic-ratelimit-output-tokens-limit",
        remaining: "anthropic-ratelimit-output-tokens-remaining",
        reset: "anthropic-ratelimit-output-tokens-reset",
    },
    WindowHeaders {
        policy: "ratelimit",
        unit: Unit::Requests,
        limit: "ratelimit-limit",
        remaining: "ratelimit-remaining",
        reset: "ratelimit-reset",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_window_reset_belongs_to_a_paced_window() {
        for (reset, remaining) in WINDOW_RESETS {
            assert!(
                WINDOW_HEADERS
                    .iter()
                    .any(|w| w.reset == *reset && w.remaining == *remaining),
                "{reset}"
            );
        }
    }
}
