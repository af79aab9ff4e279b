//! Whatever bytes a server sends, body or header, parsing never panics and a client
//! always gets an error (or a hint) it can act on.
//!
//! The parser is tested on the frozen seed table (`tests/fixtures/catalogs/seed.toml`).
#![cfg(feature = "retry")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kiwi_errors::retry::{
    headers::HeaderMap,
    hints::{RateLimit, server_hint, should_retry},
};
use proptest::prelude::*;

#[allow(clippy::all, missing_docs, dead_code)]
mod seed {
    include!("../../tests/fixtures/catalogs/seed.rs");
}
use seed::ApiError;
type Failure = kiwi_errors::retry::Failure<ApiError>;

const HEADERS: &[&str] = &[
    "retry-after",
    "retry-after-ms",
    "x-ratelimit-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset-requests",
    "x-ratelimit-remaining-requests",
    "anthropic-ratelimit-tokens-reset",
    "ratelimit",
    "ratelimit-policy",
    "x-should-retry",
];

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_767_225_600)
}

/// Bodies that look like error bodies, to reach deep into the parser, and raw bytes.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    let scalar = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n:?}")),
        "[a-z_]{0,12}".prop_map(|s| format!("{s:?}")),
        Just("{}".to_owned()),
        Just("[1, {}]".to_owned()),
    ];
    let member =
        ("(message|type|code|param|error|x)", scalar).prop_map(|(k, v)| format!("{k:?}: {v}"));
    let object = prop::collection::vec(member, 0..5).prop_map(|m| format!("{{{}}}", m.join(",")));
    prop_oneof![
        object
            .clone()
            .prop_map(|o| format!(r#"{{"error": {o}}}"#).into_bytes()),
        object.prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..2048),
    ]
}

/// Header values: structured-field-like, duration-like, date-like and raw visible bytes.
fn header_values() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        r#"("[a-z]{0,4}"|[a-z]{1,4})(;[a-z]{1,2}=(-?[0-9]{0,22}(\.[0-9]{0,4})?|"[a-z]*"|\?[01]|:[a-zA-Z0-9+/=]*:))*(, ?)?"#
            .prop_map(String::into_bytes),
        "([0-9.]{0,6}(h|m|s|ms|us|ns|x)){0,4}".prop_map(String::into_bytes),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:[0-9]{2})?"
            .prop_map(String::into_bytes),
        prop::collection::vec(0x20u8..0x7f, 0..64),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_body_gives_an_error_with_the_status(status in 100u16..1000, body in bodies()) {
        let err = ApiError::from_http_response(status, &body);
        prop_assert_eq!(err.status(), status);
        prop_assert!(err.message().len() <= kiwi_errors::MAX_TEXT_MESSAGE + 64);
        let _ = err.retry_policy();
        let _ = err.to_json();
    }

    #[test]
    fn any_headers_give_a_hint_or_none(
        values in prop::collection::vec((0..HEADERS.len(), header_values()), 0..6)
    ) {
        let mut headers = HeaderMap::new();
        for (name, value) in values {
            if let Ok(value) = http::HeaderValue::from_bytes(&value) {
                headers.append(HEADERS[name], value);
            }
        }
        if let Some(hint) = server_hint(&headers, now()) {
            prop_assert!(!hint.delay.is_zero());
        }
        let _ = should_retry(&headers);
        let rl = RateLimit::from_headers(&headers, now());
        let _ = rl.pace();
        let failure: Failure = Failure::response(429, headers, b"{}");
        prop_assert!(failure.api_error().is_some());
    }
}
