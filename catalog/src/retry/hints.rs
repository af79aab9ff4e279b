//! Server hints: when to retry (`retry-after-ms`, `Retry-After`, `X-RateLimit-Reset`),
//! whether to retry (`x-should-retry`), and typed `X-RateLimit-*` headers.
//!
//! Every parser here accepts any bytes: a value that is missing, not text, negative,
//! zero, not a number, not finite or absurdly large is ignored, never an error and
//! never a panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

use super::headers::{
    EPOCH_THRESHOLD_SECS, MAX_PLAUSIBLE_HINT, RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING,
    RATE_LIMIT_RESET, RETRY_AFTER, RETRY_AFTER_MS, SHOULD_RETRY,
};

/// Which header a hint came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HintSource {
    /// `retry-after-ms`.
    RetryAfterMs,
    /// `Retry-After`, in seconds or as an HTTP-date.
    RetryAfter,
    /// `X-RateLimit-Reset`.
    RateLimitReset,
}

impl HintSource {
    /// The header name, as usually spelled.
    pub const fn header(self) -> &'static str {
        match self {
            HintSource::RetryAfterMs => "retry-after-ms",
            HintSource::RetryAfter => "Retry-After",
            HintSource::RateLimitReset => "X-RateLimit-Reset",
        }
    }
}

/// The server's answer to "when may I retry?": wait at least `delay`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hint {
    /// How long to wait, from the moment the response was read.
    pub delay: Duration,
    /// The header it came from.
    pub source: HintSource,
}

/// The first valid hint, in this order of precedence: `retry-after-ms`, `Retry-After`,
/// `X-RateLimit-Reset`. An invalid value is skipped and the next header is tried.
/// `now` is the wall-clock time, used for HTTP-dates and epoch resets.
///
/// ```
/// use kiwi_errors::retry::{server_hint, HeaderMap, HintSource};
/// use std::time::{Duration, SystemTime};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after-ms", "-1".parse().unwrap()); // invalid: skipped
/// headers.insert("retry-after", "1.5".parse().unwrap());
/// let hint = server_hint(&headers, SystemTime::now()).unwrap();
/// assert_eq!(hint.delay, Duration::from_millis(1500));
/// assert_eq!(hint.source, HintSource::RetryAfter);
/// ```
pub fn server_hint(headers: &HeaderMap, now: SystemTime) -> Option<Hint> {
    let first = |name: &str, parse: &dyn Fn(&str) -> Option<Duration>| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(parse)
    };
    if let Some(delay) = first(RETRY_AFTER_MS, &|s| {
        parse_number(s).and_then(|ms| positive_duration(ms / 1000.0))
    }) {
        return Some(Hint {
            delay,
            source: HintSource::RetryAfterMs,
        });
    }
    if let Some(delay) = first(RETRY_AFTER, &|s| parse_retry_after(s, now)) {
        return Some(Hint {
            delay,
            source: HintSource::RetryAfter,
        });
    }
    first(RATE_LIMIT_RESET, &|s| parse_reset(s, now)).map(|delay| Hint {
        delay,
        source: HintSource::RateLimitReset,
    })
}

/// The `x-should-retry` header: `Some(true)`, `Some(false)`, or `None` when absent or
/// not one of those two words (case-insensitive).
pub fn should_retry(headers: &HeaderMap) -> Option<bool> {
    headers
        .get_all(SHOULD_RETRY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|s| match s.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        })
}

/// The `X-RateLimit-*` headers of a response, typed, so a client can slow down before
/// it hits the limit.
///
/// ```
/// use kiwi_errors::retry::{HeaderMap, RateLimit};
/// use std::time::{Duration, SystemTime};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ratelimit-limit", "60".parse().unwrap());
/// headers.insert("x-ratelimit-remaining", "3".parse().unwrap());
/// headers.insert("x-ratelimit-reset", "30".parse().unwrap());
/// let rl = RateLimit::from_headers(&headers, SystemTime::now());
/// assert_eq!(rl.remaining, Some(3));
/// assert_eq!(rl.reset, Some(Duration::from_secs(30)));
/// // Spread the 3 remaining requests over the 30 s left.
/// assert_eq!(rl.pace(), Some(Duration::from_secs(10)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: time until the window resets. The header may hold seconds
    /// from now (fractions allowed) or, when at least [`EPOCH_THRESHOLD_SECS`], a Unix
    /// time in seconds; both are turned into a duration from `now`.
    pub reset: Option<Duration>,
}

impl RateLimit {
    /// Reads the three headers; each one that is missing or invalid is `None`.
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> RateLimit {
        let int = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
        };
        RateLimit {
            limit: int(RATE_LIMIT_LIMIT),
            remaining: int(RATE_LIMIT_REMAINING),
            reset: headers
                .get(RATE_LIMIT_RESET)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| parse_reset(s, now)),
        }
    }

    /// True when the server says no request is left in this window.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == Some(0)
    }

    /// How far apart to space the next requests so the remaining ones last until the
    /// reset: `reset / remaining` (the whole `reset` when none is left). `None` without
    /// both headers.
    pub fn pace(&self) -> Option<Duration> {
        let reset = self.reset?;
        match self.remaining? {
            0 => Some(reset),
            n => Some(reset / u32::try_from(n).unwrap_or(u32::MAX)),
        }
    }
}

/// A non-negative decimal number: digits with at most one `.`; no sign, exponent,
/// `inf` or `NaN`.
fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let valid = !s.is_empty()
        && s.len() <= 32
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1;
    if !valid {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A strictly positive, plausible duration from seconds.
fn positive_duration(secs: f64) -> Option<Duration> {
    if secs.is_nan() || secs <= 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| !d.is_zero() && *d <= MAX_PLAUSIBLE_HINT)
}

/// The time from `now` until `at`, if `at` is in the future and plausible.
fn until(at: SystemTime, now: SystemTime) -> Option<Duration> {
    at.duration_since(now)
        .ok()
        .filter(|d| !d.is_zero() && *d <= MAX_PLAUSIBLE_HINT)
}

/// `Retry-After`: delta-seconds (fractions accepted) or an HTTP-date.
fn parse_retry_after(s: &str, now: SystemTime) -> Option<Duration> {
    if let Some(secs) = parse_number(s) {
        return positive_duration(secs);
    }
    httpdate::parse_http_date(s.trim())
        .ok()
        .and_then(|at| until(at, now))
}

/// `X-RateLimit-Reset`: seconds from now, or a Unix time in seconds.
fn parse_reset(s: &str, now: SystemTime) -> Option<Duration> {
    let secs = parse_number(s)?;
    if secs >= EPOCH_THRESHOLD_SECS {
        let at = UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?)?;
        until(at, now)
    } else {
        positive_duration(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_767_225_600)
    }

    fn hint(pairs: &[(&'static str, &str)]) -> Option<Hint> {
        server_hint(&headers(pairs), now())
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after_and_reset() {
        let h = hint(&[
            ("x-ratelimit-reset", "30"),
            ("retry-after", "20"),
            ("retry-after-ms", "250"),
        ])
        .unwrap();
        assert_eq!(h.source, HintSource::RetryAfterMs);
        assert_eq!(h.delay, Duration::from_millis(250));
    }

    #[test]
    fn retry_after_wins_over_reset() {
        let h = hint(&[("x-ratelimit-reset", "30"), ("retry-after", "20")]).unwrap();
        assert_eq!(h.source, HintSource::RetryAfter);
        assert_eq!(h.delay, Duration::from_secs(20));
    }

    #[test]
    fn reset_alone() {
        let h = hint(&[("x-ratelimit-reset", "2.5")]).unwrap();
        assert_eq!(h.source, HintSource::RateLimitReset);
        assert_eq!(h.delay, Duration::from_millis(2500));
    }

    #[test]
    fn reset_as_unix_time() {
        let h = hint(&[("x-ratelimit-reset", "1767225642")]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(42));
        // A reset in the past is no hint.
        assert_eq!(hint(&[("x-ratelimit-reset", "1767225000")]), None);
    }

    #[test]
    fn retry_after_http_date() {
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(90));
        let h = hint(&[("retry-after", &date)]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(90));
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(90));
        assert_eq!(hint(&[("retry-after", &past)]), None);
    }

    #[test]
    fn invalid_values_fall_through_to_the_next_header() {
        for bad in [
            "-1",
            "0",
            "0.0",
            "NaN",
            "inf",
            "1e3",
            "soon",
            "",
            " ",
            "1.2.3",
            "99999999999999999999999999",
        ] {
            let h = hint(&[
                ("retry-after-ms", bad),
                ("retry-after", bad),
                ("x-ratelimit-reset", "7"),
            ]);
            assert_eq!(
                h,
                Some(Hint {
                    delay: Duration::from_secs(7),
                    source: HintSource::RateLimitReset
                }),
                "value {bad:?}"
            );
        }
        assert_eq!(hint(&[("retry-after", "garbage")]), None);
    }

    #[test]
    fn first_valid_of_repeated_header() {
        let h = hint(&[("retry-after", "x"), ("retry-after", "3")]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(3));
    }

    #[test]
    fn non_utf8_value_is_ignored() {
        let mut map = HeaderMap::new();
        map.insert(
            "retry-after",
            http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(server_hint(&map, now()), None);
    }

    #[test]
    fn should_retry_header() {
        assert_eq!(
            should_retry(&headers(&[("x-should-retry", "true")])),
            Some(true)
        );
        assert_eq!(
            should_retry(&headers(&[("x-should-retry", " FALSE ")])),
            Some(false)
        );
        assert_eq!(should_retry(&headers(&[("x-should-retry", "maybe")])), None);
        assert_eq!(should_retry(&HeaderMap::new()), None);
    }

    #[test]
    fn rate_limit_headers() {
        let rl = RateLimit::from_headers(
            &headers(&[
                ("X-RateLimit-Limit", "100"),
                ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-Reset", "1767225660"),
            ]),
            now(),
        );
        assert_eq!(
            rl,
            RateLimit {
                limit: Some(100),
                remaining: Some(0),
                reset: Some(Duration::from_secs(60))
            }
        );
        assert!(rl.is_exhausted());
        assert_eq!(rl.pace(), Some(Duration::from_secs(60)));
        let rl = RateLimit::from_headers(&headers(&[("X-RateLimit-Remaining", "-3")]), now());
        assert_eq!(rl, RateLimit::default());
        assert_eq!(rl.pace(), None);
    }
}
