//! An error keeps its retry policy through every round trip (the retry specification,
//! `docs/spec/retry.md`, section 10): whatever body a server sent — a conforming envelope,
//! one without a type or with a message that is not a string, repeated or extra members,
//! integer or null codes, text — the error read from it, written back out with
//! `to_json()` or served with `http::response`, reads back with the same policy, and the
//! served response's `x-should-retry` says that policy.
#![cfg(all(feature = "llm-kiwi", feature = "http"))]

use kiwi_errors::{ApiError, ErrorCode, ErrorType, RetryPolicy};
use proptest::prelude::*;

/// A JSON value for a member: the catalog's own names (so known codes and types come
/// up often), unknown names, integers, null, and values of the wrong kind.
fn member_value() -> BoxedStrategy<String> {
    let code = prop::sample::select(ErrorCode::ALL).prop_map(|c| format!("{:?}", c.as_str()));
    let kind = prop::sample::select(ErrorType::ALL).prop_map(|t| format!("{:?}", t.as_str()));
    prop_oneof![
        3 => code,
        2 => kind,
        1 => "[a-z_]{0,12}".prop_map(|s| format!("{s:?}")),
        1 => any::<i32>().prop_map(|n| n.to_string()),
        1 => Just("null".to_owned()),
        1 => Just("true".to_owned()),
        1 => Just("{\"x\": [1, 2]}".to_owned()),
    ]
    .boxed()
}

/// Bodies that a server might send: objects with any mix of the envelope's members
/// (repeated ones included), bare inner objects, and text.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    let member = ("(message|type|code|param|extra)", member_value())
        .prop_map(|(k, v)| format!("{k:?}: {v}"));
    let object = prop::collection::vec(member, 0..6)
        .prop_map(|m| format!("{{{}}}", m.join(", ")))
        .boxed();
    prop_oneof![
        4 => object.clone().prop_map(|o| format!(r#"{{"error": {o}}}"#).into_bytes()),
        1 => object.prop_map(String::into_bytes),
        1 => "[ -~]{0,40}".prop_map(String::into_bytes),
    ]
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            400u16, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 529
        ]),
        400u16..600,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn an_error_keeps_its_policy_through_to_json_and_http_response(
        status in statuses(),
        body in bodies(),
    ) {
        let err = ApiError::from_http_response(status, &body);
        let policy = err.retry_policy();

        let written = ApiError::from_http_response(status, err.to_json().as_bytes());
        prop_assert_eq!(written.retry_policy(), policy, "to_json: {}", err.to_json());
        prop_assert_eq!(written.code(), err.code());

        let response = kiwi_errors::http::response(&err);
        let verdict = response.headers().get("x-should-retry").map(|v| v.as_bytes().to_vec());
        let expected: &[u8] = if policy == RetryPolicy::Backoff { b"true" } else { b"false" };
        prop_assert_eq!(verdict.as_deref(), Some(expected));
        let served = ApiError::from_http_response(
            response.status().as_u16(),
            response.body().as_bytes(),
        );
        prop_assert_eq!(served.retry_policy(), policy, "served: {}", response.body());

        // And again: a second hop changes nothing.
        let twice = ApiError::from_http_response(status, written.to_json().as_bytes());
        prop_assert_eq!(twice.retry_policy(), policy);
        prop_assert_eq!(twice.to_json(), written.to_json());
    }
}
