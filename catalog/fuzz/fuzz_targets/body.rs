//! Any bytes as an error body, with any status: the error is built, bounded, and
//! serializes back to a body that the strict parser reads.
#![no_main]

use kiwi_errors::{ApiError, MAX_TEXT_MESSAGE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (status, body) = match input {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) % 1000, rest),
        _ => (500, input),
    };
    let err = ApiError::from_http_response(status, body);
    assert_eq!(err.status(), status);
    assert!(err.message().len() <= MAX_TEXT_MESSAGE.max(body.len()) + 64);
    let json = err.to_json();
    let back = ApiError::from_json(json.as_bytes()).expect("a body the crate wrote parses");
    assert_eq!(back.message(), err.message());
    let _ = err.retry_policy();
});
