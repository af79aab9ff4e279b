//! Any header lines (`name: value`, one per line) as a response's headers: the retry
//! helper reads a hint, a verdict and the rate-limit fields without panicking, and a
//! hint is never zero.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use kiwi_errors::retry::{headers::HeaderMap, hints::{RateLimit, server_hint, should_retry}};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let mut headers = HeaderMap::new();
    for line in input.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name),
            http::HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    let now = UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    if let Some(hint) = server_hint(&headers, now) {
        assert!(!hint.delay.is_zero());
    }
    let _ = should_retry(&headers);
    let _ = RateLimit::from_headers(&headers, now).pace();
});
