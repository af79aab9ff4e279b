//! The response headers the retry helper reads, and the thresholds it reads them with.

use std::time::Duration;

/// `retry-after-ms`: milliseconds to wait (non-standard, sent by OpenAI-style APIs).
pub const RETRY_AFTER_MS: &str = "retry-after-ms";
/// `Retry-After`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
pub const RETRY_AFTER: &str = "retry-after";
/// `X-RateLimit-Limit`: requests allowed in the current window.
pub const RATE_LIMIT_LIMIT: &str = "x-ratelimit-limit";
/// `X-RateLimit-Remaining`: requests left in the current window.
pub const RATE_LIMIT_REMAINING: &str = "x-ratelimit-remaining";
/// `X-RateLimit-Reset`: when the window resets (seconds from now, or a Unix time).
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
