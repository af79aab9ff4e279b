//! The runtime's constants as data, read from the Rust runtime's own definitions, so
//! that every language's core uses the same numbers and header names and none spells
//! one by hand: a new per-window reset header is one edit of
//! `kiwi_errors::retry::headers::WINDOW_RESETS`, then `generate`.

use kiwi_errors::retry::decision::HINT_JITTER_DIVISOR;
use kiwi_errors::retry::headers;
use kiwi_errors::retry::{Backoff, RetryConfig};

/// A constant's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// A number of seconds or milliseconds.
    Float(f64),
    /// A header name.
    Str(&'static str),
    /// A list of integers.
    Ints(Vec<i64>),
    /// A list of pairs of header names.
    Pairs(Vec<(&'static str, &'static str)>),
}

/// One constant: its name in UPPER_SNAKE_CASE, one sentence about it, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Constant {
    /// The name, UPPER_SNAKE_CASE; each language spells it its own way.
    pub name: &'static str,
    /// What it is, one sentence.
    pub doc: &'static str,
    /// Its value.
    pub value: Value,
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Every constant a language core reads, in a stable order.
pub fn all() -> Vec<Constant> {
    let config = RetryConfig::default();
    let backoff = Backoff::default();
    let c = |name, doc, value| Constant { name, doc, value };
    vec![
        c(
            "MAX_MESSAGE_BYTES",
            "A body that is not an error envelope becomes the message, cut to this many UTF-8 bytes (then a note of its full length).",
            int(kiwi_errors::MAX_TEXT_MESSAGE),
        ),
        c(
            "MAX_JSON_DEPTH",
            "Arrays and objects nested deeper than this make a body not JSON.",
            int(kiwi_errors::MAX_JSON_DEPTH),
        ),
        c(
            "TRANSIENT_STATUSES",
            "Statuses below 500 that are retried when the catalog does not list them (every unlisted 5xx is too).",
            Value::Ints(
                kiwi_errors::TRANSIENT_STATUSES
                    .iter()
                    .map(|&s| i64::from(s))
                    .collect(),
            ),
        ),
        c(
            "RETRY_AFTER_MS",
            "The header of a wait in milliseconds, read first.",
            Value::Str(headers::RETRY_AFTER_MS),
        ),
        c(
            "RETRY_AFTER",
            "The header of a wait in seconds or as an HTTP-date.",
            Value::Str(headers::RETRY_AFTER),
        ),
        c(
            "RATE_LIMIT_RESET",
            "The header of when the rate-limit window resets.",
            Value::Str(headers::RATE_LIMIT_RESET),
        ),
        c(
            "SHOULD_RETRY",
            "The header of the server's verdict on retrying (`true` or `false`).",
            Value::Str(headers::SHOULD_RETRY),
        ),
        c(
            "RATE_LIMIT_FIELD",
            "The IETF `RateLimit` field: the client's windows with what is left and when each resets.",
            Value::Str(headers::RATE_LIMIT_FIELD),
        ),
        c(
            "WINDOW_RESETS",
            "Reset headers of one window each, with the header of what is left in that window: a reset counts only when nothing is left (or the remaining header is absent or invalid).",
            Value::Pairs(headers::WINDOW_RESETS.to_vec()),
        ),
        c(
            "MAX_PLAUSIBLE_HINT_S",
            "Hints longer than this (in seconds) are treated as garbage rather than as a wait.",
            Value::Float(headers::MAX_PLAUSIBLE_HINT.as_secs_f64()),
        ),
        c(
            "EPOCH_THRESHOLD_S",
            "A reset at or above this is a Unix time; below it, seconds from now.",
            Value::Float(headers::EPOCH_THRESHOLD_SECS),
        ),
        c(
            "MAX_NUMBER_LEN",
            "The longest number a header value may hold, in bytes after trimming.",
            int(headers::MAX_NUMBER_LEN),
        ),
        c(
            "MAX_DURATION_LEN",
            "The longest duration (`6m0s`) a reset header may hold, in bytes after trimming.",
            int(headers::MAX_DURATION_LEN),
        ),
        c(
            "MAX_TIMESTAMP_LEN",
            "The longest RFC 3339 timestamp a reset header may hold, in bytes after trimming.",
            int(headers::MAX_TIMESTAMP_LEN),
        ),
        c(
            "BACKOFF_BASE_MS",
            "The ceiling of the first retry's backoff, in milliseconds; it doubles with each retry.",
            Value::Float(backoff.base.as_secs_f64() * 1000.0),
        ),
        c(
            "BACKOFF_CAP_MS",
            "No backoff ceiling is above this, in milliseconds.",
            Value::Float(backoff.cap.as_secs_f64() * 1000.0),
        ),
        c(
            "MAX_ATTEMPTS",
            "Attempts in all by default, the first one included.",
            Value::Int(i64::from(config.max_attempts)),
        ),
        c(
            "MAX_HINT_S",
            "The longest server hint waited for by default, in seconds; a longer one gives up at once.",
            Value::Float(config.max_hint.as_secs_f64()),
        ),
        c(
            "HINT_JITTER_MS",
            "The most jitter added to a server hint by default, in milliseconds.",
            Value::Float(config.hint_jitter.as_secs_f64() * 1000.0),
        ),
        c(
            "HINT_JITTER_DIVISOR",
            "The jitter added to a server hint is at most the hint divided by this.",
            Value::Int(i64::from(HINT_JITTER_DIVISOR)),
        ),
    ]
}
