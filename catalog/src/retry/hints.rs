//! Server hints: when to retry (`retry-after-ms`, `Retry-After`, `X-RateLimit-Reset`,
//! the IETF `RateLimit` field, per-window resets), whether to retry (`x-should-retry`),
//! and typed rate-limit headers.
//!
//! Every parser here accepts any bytes: a value that is missing, not text, negative,
//! zero, not a number, not finite or absurdly large is ignored, never an error and
//! never a panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

use super::headers::{
    EPOCH_THRESHOLD_SECS, MAX_PLAUSIBLE_HINT, RATE_LIMIT_FIELD, RATE_LIMIT_LIMIT,
    RATE_LIMIT_POLICY, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, RETRY_AFTER, RETRY_AFTER_MS,
    SHOULD_RETRY, WINDOW_RESETS,
};
use super::{fields, sf};

/// Which header a hint came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HintSource {
    /// `retry-after-ms`.
    RetryAfterMs,
    /// `Retry-After`, in seconds or as an HTTP-date.
    RetryAfter,
    /// A rate-limit reset: `X-RateLimit-Reset`, the IETF `RateLimit` field (a window
    /// with `r=0` and its `t`), or a per-window reset header
    /// (`x-ratelimit-reset-requests`, `anthropic-ratelimit-tokens-reset`, … see
    /// [`WINDOW_RESETS`]) whose window has nothing left.
    RateLimitReset,
    /// The delay an error carries, attached where it was built with
    /// `ApiError::retry_after` (a server sends it as `retry-after-ms` and `Retry-After`):
    /// honoured when the error is handed to the retry helper directly, as
    /// `Failure::from(error)`, with no response headers in between.
    Attached,
}

impl HintSource {
    /// The header name, as usually spelled (for [`HintSource::Attached`], the header the
    /// delay is sent as).
    pub const fn header(self) -> &'static str {
        match self {
            HintSource::RetryAfterMs | HintSource::Attached => "retry-after-ms",
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
/// then the resets: `X-RateLimit-Reset`, else the latest reset among the windows with
/// nothing left (the IETF `RateLimit` field's members with `r=0`, and the per-window
/// headers of [`WINDOW_RESETS`]). `Retry-After` wins
/// over a reset, as the IETF draft says. An invalid value is skipped and the next
/// header is tried. `now` is the wall-clock time, used for HTTP-dates, RFC 3339
/// timestamps and epoch resets.
///
/// A reset may be written as seconds, a Unix time (≥ 10⁹), a duration (`1s`, `6m0s`,
/// `1m30.5s`), an RFC 3339 timestamp or an HTTP-date.
///
/// ```
/// use kiwi_errors::retry::{headers::HeaderMap, hints::{server_hint, HintSource}};
/// use std::time::{Duration, SystemTime};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after-ms", "-1".parse().unwrap()); // invalid: skipped
/// headers.insert("retry-after", "1.5".parse().unwrap());
/// let hint = server_hint(&headers, SystemTime::now()).unwrap();
/// assert_eq!(hint.delay, Duration::from_millis(1500));
/// assert_eq!(hint.source, HintSource::RetryAfter);
///
/// let mut headers = HeaderMap::new();
/// headers.insert("ratelimit", r#""default";r=0;t=30"#.parse().unwrap());
/// let hint = server_hint(&headers, SystemTime::now()).unwrap();
/// assert_eq!((hint.delay, hint.source), (Duration::from_secs(30), HintSource::RateLimitReset));
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
    if let Some(delay) = first(RATE_LIMIT_RESET, &|s| parse_reset(s, now)) {
        return Some(Hint {
            delay,
            source: HintSource::RateLimitReset,
        });
    }
    let field = rate_limit_field(headers)
        .into_iter()
        .filter(|window| window.remaining == Some(0))
        .filter_map(|window| window.reset)
        .max()
        .map(|delay| Hint {
            delay,
            source: HintSource::RateLimitReset,
        });
    let windows = WINDOW_RESETS
        .iter()
        .filter(|(_, remaining)| {
            headers
                .get(*remaining)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_number)
                .is_none_or(|left| left == 0.0)
        })
        .filter_map(|(reset, _)| first(reset, &|s| parse_reset(s, now)))
        .max()
        .map(|delay| Hint {
            delay,
            source: HintSource::RateLimitReset,
        });
    match (field, windows) {
        (Some(a), Some(b)) => Some(if b.delay > a.delay { b } else { a }),
        (a, b) => a.or(b),
    }
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

/// One window of the IETF `RateLimit` field: `"name";r=REMAINING;t=SECONDS`, with
/// its partition key when the server sent one (`pk=:…:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitWindow {
    /// The policy's name (the list member), e.g. `default`.
    pub policy: String,
    /// `r`: requests (or quota units) left in the window.
    pub remaining: Option<u64>,
    /// `t`: time until the window resets (`None` when absent or zero).
    pub reset: Option<Duration>,
    /// `pk`: the partition key the window belongs to, as sent.
    pub partition_key: Option<Vec<u8>>,
}

/// One policy of the IETF `RateLimit-Policy` field: `"name";q=QUOTA;w=SECONDS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitPolicy {
    /// The policy's name (the list member), e.g. `default`.
    pub policy: String,
    /// `q`: the quota of the window.
    pub quota: Option<u64>,
    /// `w`: the window's length.
    pub window: Option<Duration>,
    /// `qu`: the unit of the quota (`requests` when absent).
    pub quota_unit: Option<String>,
    /// `pk`: the partition key the policy applies to, as sent.
    pub partition_key: Option<Vec<u8>>,
}

/// The rate-limit headers of a response, typed, so a client can slow down before it
/// hits the limit: `X-RateLimit-Limit`, `-Remaining` and `-Reset`, and the IETF
/// `RateLimit` and `RateLimit-Policy` fields (draft-ietf-httpapi-ratelimit-headers).
///
/// ```
/// use kiwi_errors::retry::{headers::HeaderMap, hints::RateLimit};
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
///
/// // The IETF fields fill the same values, and keep every window.
/// let mut headers = HeaderMap::new();
/// headers.insert("ratelimit-policy", r#""burst";q=100;w=60, "daily";q=1000;w=86400"#.parse().unwrap());
/// headers.insert("ratelimit", r#""burst";r=0;t=12, "daily";r=900;t=3600"#.parse().unwrap());
/// let rl = RateLimit::from_headers(&headers, SystemTime::now());
/// assert_eq!((rl.limit, rl.remaining, rl.reset), (Some(100), Some(0), Some(Duration::from_secs(12))));
/// assert_eq!(rl.windows.len(), 2);
/// assert_eq!(rl.policies[1].window, Some(Duration::from_secs(86400)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window: `X-RateLimit-Limit`, else the quota of the IETF
    /// policy of the tightest window.
    pub limit: Option<u64>,
    /// Requests left in the window: `X-RateLimit-Remaining`, else the smallest `r` of
    /// the IETF `RateLimit` field.
    pub remaining: Option<u64>,
    /// Time until the window resets: `X-RateLimit-Reset`, else the `t` of the tightest
    /// IETF window. The header may hold seconds from now (fractions allowed), a Unix
    /// time in seconds (at least [`EPOCH_THRESHOLD_SECS`]), a duration (`6m0s`) or an
    /// RFC 3339 timestamp; all are turned into a duration from `now`.
    pub reset: Option<Duration>,
    /// Every window of the IETF `RateLimit` field, in order.
    pub windows: Vec<RateLimitWindow>,
    /// Every policy of the IETF `RateLimit-Policy` field, in order.
    pub policies: Vec<RateLimitPolicy>,
}

impl RateLimit {
    /// Reads the headers; each one that is missing or invalid is `None` (or empty).
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> RateLimit {
        let int = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
        };
        let windows = rate_limit_field(headers);
        let policies = rate_limit_policies(headers);
        let tightest = windows
            .iter()
            .filter(|w| w.remaining.is_some())
            .min_by_key(|w| (w.remaining, core::cmp::Reverse(w.reset)));
        let quota = tightest.and_then(|w| {
            policies
                .iter()
                .find(|p| p.policy == w.policy)
                .and_then(|p| p.quota)
        });
        RateLimit {
            limit: int(RATE_LIMIT_LIMIT).or(quota),
            remaining: int(RATE_LIMIT_REMAINING).or(tightest.and_then(|w| w.remaining)),
            reset: headers
                .get(RATE_LIMIT_RESET)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| parse_reset(s, now))
                .or(tightest.and_then(|w| w.reset)),
            windows,
            policies,
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

/// The lines of a header that are text, in order (the lines of a structured field, to
/// be combined; see the retry specification, section 5.1).
fn text_lines<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect()
}

/// The name of a list member: a String or a Token.
fn member_name(item: &sf::Item) -> Option<String> {
    match &item.bare {
        sf::BareItem::String(name) | sf::BareItem::Token(name) => Some(name.clone()),
        _ => None,
    }
}

/// A parameter that must be a non-negative Integer when present: `Ok(None)` when
/// absent, `Err` when it is anything else.
fn count(params: &sf::Params, key: &str) -> Result<Option<u64>, ()> {
    match params.get(key) {
        None => Ok(None),
        Some(bare) => bare
            .as_integer()
            .and_then(|n| u64::try_from(n).ok())
            .map(Some)
            .ok_or(()),
    }
}

/// A parameter that must be a Byte Sequence when present.
fn bytes(params: &sf::Params, key: &str) -> Result<Option<Vec<u8>>, ()> {
    match params.get(key) {
        None => Ok(None),
        Some(sf::BareItem::ByteSequence(b)) => Ok(Some(b.clone())),
        Some(_) => Err(()),
    }
}

/// The windows of the IETF `RateLimit` field (the retry specification, section 6.5):
/// its lines combined and parsed as an RFC 9651 List of `"name";r=…;t=…`, else as the
/// earlier revisions' Dictionary (`limit=10, remaining=0, reset=30`, one window named
/// `default`). A field that breaks a rule anywhere is malformed and gives no window.
pub(crate) fn rate_limit_field(headers: &HeaderMap) -> Vec<RateLimitWindow> {
    let lines = text_lines(headers, RATE_LIMIT_FIELD);
    if lines.is_empty() {
        return Vec::new();
    }
    let windows = match sf::parse_list(&lines) {
        Ok(list) => list_windows(&list),
        Err(_) => sf::parse_dictionary(&lines)
            .ok()
            .and_then(|dict| dictionary_window(&dict))
            .map(|w| vec![w]),
    };
    windows.unwrap_or_default()
}

/// The windows of a `RateLimit` List, or `None` when a member breaks a rule.
fn list_windows(list: &sf::List) -> Option<Vec<RateLimitWindow>> {
    let mut out = Vec::with_capacity(list.len());
    for entry in list {
        let sf::ListEntry::Item(item) = entry else {
            return None;
        };
        let policy = member_name(item)?;
        let remaining = count(&item.params, "r").ok()??;
        let reset = count(&item.params, "t").ok()?;
        out.push(RateLimitWindow {
            policy,
            remaining: Some(remaining),
            reset: reset.and_then(|t| positive_duration(t as f64)),
            partition_key: bytes(&item.params, "pk").ok()?,
        });
    }
    Some(out)
}

/// The one window of an earlier revision's `RateLimit` Dictionary, or `None` when
/// `remaining` or `reset` is not a non-negative Integer.
fn dictionary_window(dict: &sf::Dictionary) -> Option<RateLimitWindow> {
    let member = |key: &str| -> Result<Option<u64>, ()> {
        match dict.get(key) {
            None => Ok(None),
            Some(sf::ListEntry::Item(item)) => item
                .bare
                .as_integer()
                .and_then(|n| u64::try_from(n).ok())
                .map(Some)
                .ok_or(()),
            Some(sf::ListEntry::InnerList(_)) => Err(()),
        }
    };
    Some(RateLimitWindow {
        policy: String::from("default"),
        remaining: member("remaining").ok()?,
        reset: member("reset")
            .ok()?
            .and_then(|t| positive_duration(t as f64)),
        partition_key: None,
    })
}

/// The policies of the IETF `RateLimit-Policy` field: an RFC 9651 List of
/// `"name";q=…;w=…;qu="…";pk=:…:` (`q` required), or none when it breaks a rule.
pub(crate) fn rate_limit_policies(headers: &HeaderMap) -> Vec<RateLimitPolicy> {
    let lines = text_lines(headers, RATE_LIMIT_POLICY);
    if lines.is_empty() {
        return Vec::new();
    }
    let Ok(list) = sf::parse_list(&lines) else {
        return Vec::new();
    };
    let policy = |entry: &sf::ListEntry| -> Option<RateLimitPolicy> {
        let sf::ListEntry::Item(item) = entry else {
            return None;
        };
        let quota_unit = match item.params.get("qu") {
            None => None,
            Some(sf::BareItem::String(unit)) => Some(unit.clone()),
            Some(_) => return None,
        };
        Some(RateLimitPolicy {
            policy: member_name(item)?,
            quota: Some(count(&item.params, "q").ok()??),
            window: count(&item.params, "w")
                .ok()?
                .and_then(|w| positive_duration(w as f64)),
            quota_unit,
            partition_key: bytes(&item.params, "pk").ok()?,
        })
    };
    list.iter()
        .map(policy)
        .collect::<Option<_>>()
        .unwrap_or_default()
}

/// A non-negative decimal number (see [`fields::number`]).
fn parse_number(s: &str) -> Option<f64> {
    fields::number(s)
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

/// A reset: seconds from now, a Unix time in seconds, a duration (`6m0s`), an RFC 3339
/// timestamp or an HTTP-date — as a hint: only one still to come, and plausible.
pub(crate) fn parse_reset(s: &str, now: SystemTime) -> Option<Duration> {
    reset_from(s, now).filter(|d| !d.is_zero() && *d <= MAX_PLAUSIBLE_HINT)
}

/// The time from `now` to the reset `s` (in any form [`parse_reset`] reads), zero for a
/// reset already due (zero or less from now, a time not after `now`); `None` when `s`
/// is not a reset.
pub(crate) fn reset_from(s: &str, now: SystemTime) -> Option<Duration> {
    let since = |at: SystemTime| at.duration_since(now).unwrap_or_default();
    if let Some(secs) = parse_number(s) {
        return if secs >= EPOCH_THRESHOLD_SECS {
            let at = UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?)?;
            Some(since(at))
        } else {
            seconds(secs)
        };
    }
    if let Some(secs) = fields::duration(s) {
        return seconds(secs);
    }
    if let Some(at) = fields::rfc3339(s) {
        return Some(since(at));
    }
    httpdate::parse_http_date(s.trim()).ok().map(since)
}

/// A number of seconds as a duration, zero when it is not positive; `None` when it is
/// not a number or too large for one.
fn seconds(secs: f64) -> Option<Duration> {
    if secs.is_nan() {
        return None;
    }
    if secs <= 0.0 {
        return Some(Duration::ZERO);
    }
    Duration::try_from_secs_f64(secs).ok()
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
                reset: Some(Duration::from_secs(60)),
                ..RateLimit::default()
            }
        );
        assert!(rl.is_exhausted());
        assert_eq!(rl.pace(), Some(Duration::from_secs(60)));
        let rl = RateLimit::from_headers(&headers(&[("X-RateLimit-Remaining", "-3")]), now());
        assert_eq!(rl, RateLimit::default());
        assert_eq!(rl.pace(), None);
    }

    #[test]
    fn resets_as_durations() {
        for (value, secs) in [
            ("1s", 1.0),
            ("6m0s", 360.0),
            ("1m30.5s", 90.5),
            ("20ms", 0.02),
        ] {
            let h = hint(&[("x-ratelimit-reset", value)]).unwrap();
            assert_eq!(h.delay, Duration::from_secs_f64(secs), "{value}");
            assert_eq!(h.source, HintSource::RateLimitReset);
        }
    }

    #[test]
    fn resets_as_rfc3339_timestamps() {
        let h = hint(&[("x-ratelimit-reset", "2026-01-01T00:00:42Z")]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(42));
        let h = hint(&[(
            "anthropic-ratelimit-requests-reset",
            "2026-01-01T01:00:05.5+01:00",
        )])
        .unwrap();
        assert_eq!(h.delay, Duration::from_millis(5500));
        // In the past: no hint.
        assert_eq!(hint(&[("x-ratelimit-reset", "2025-12-31T23:59:00Z")]), None);
    }

    #[test]
    fn window_resets_count_only_when_the_window_is_empty() {
        let h = hint(&[
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "1s"),
            ("x-ratelimit-remaining-tokens", "0"),
            ("x-ratelimit-reset-tokens", "6m0s"),
        ])
        .unwrap();
        assert_eq!(h.delay, Duration::from_secs(360), "the latest empty window");
        let h = hint(&[
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "1s"),
            ("x-ratelimit-remaining-tokens", "5000"),
            ("x-ratelimit-reset-tokens", "6m0s"),
        ])
        .unwrap();
        assert_eq!(
            h.delay,
            Duration::from_secs(1),
            "a window with room is no reason"
        );
        assert_eq!(
            hint(&[
                ("x-ratelimit-remaining-tokens", "5000"),
                ("x-ratelimit-reset-tokens", "6m0s"),
            ]),
            None
        );
    }

    #[test]
    fn ietf_rate_limit_field() {
        let h = hint(&[("ratelimit", r#""default";r=0;t=30"#)]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(30));
        assert_eq!(h.source, HintSource::RateLimitReset);
        // Only windows with nothing left count; the latest reset wins.
        let h = hint(&[("ratelimit", r#""a";r=0;t=5, "b";r=3;t=100, "c";r=0;t=9"#)]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(9));
        assert_eq!(hint(&[("ratelimit", r#""default";r=4;t=30"#)]), None);
        // The earlier revisions' dictionary.
        let h = hint(&[("ratelimit", "limit=10, remaining=0, reset=7")]).unwrap();
        assert_eq!(h.delay, Duration::from_secs(7));
    }

    #[test]
    fn retry_after_wins_over_every_reset() {
        let h = hint(&[
            ("ratelimit", r#""default";r=0;t=30"#),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "6m0s"),
            ("retry-after", "2"),
        ])
        .unwrap();
        assert_eq!(
            (h.delay, h.source),
            (Duration::from_secs(2), HintSource::RetryAfter)
        );
    }

    #[test]
    fn malformed_rate_limit_fields_give_no_hint() {
        for bad in [
            r#""default";r=0;t=-5"#,
            r#""default";r=0;t=0"#,
            r#""default";r=0;t=abc"#,
            r#""default";r=0"#,
            r#""default;r=0;t=30"#,
            r#"default;r=0;t=30,"#,
            "r=0;t=30;",
            "",
            "\"",
            r#""default";r=0;t=99999999999999999999"#,
        ] {
            assert_eq!(hint(&[("ratelimit", bad)]), None, "{bad:?}");
        }
        for bad in ["6m0", "1d", "2026-01-01T00:00:42", "soon", "-1s"] {
            assert_eq!(hint(&[("x-ratelimit-reset", bad)]), None, "{bad:?}");
        }
    }

    #[test]
    fn rate_limit_reads_the_ietf_fields() {
        let rl = RateLimit::from_headers(
            &headers(&[
                (
                    "RateLimit-Policy",
                    r#""burst";q=100;w=60;qu="requests", "daily";q=1000;w=86400"#,
                ),
                ("RateLimit", r#""burst";r=40;t=12, "daily";r=0;t=3600"#),
            ]),
            now(),
        );
        assert_eq!(rl.limit, Some(1000));
        assert_eq!(rl.remaining, Some(0));
        assert_eq!(rl.reset, Some(Duration::from_secs(3600)));
        assert_eq!(
            rl.windows[0],
            RateLimitWindow {
                policy: "burst".into(),
                remaining: Some(40),
                reset: Some(Duration::from_secs(12)),
                partition_key: None,
            }
        );
        assert_eq!(
            rl.policies[0],
            RateLimitPolicy {
                policy: "burst".into(),
                quota: Some(100),
                window: Some(Duration::from_secs(60)),
                quota_unit: Some("requests".into()),
                partition_key: None,
            }
        );
    }
}
