//! Real-world error bodies: whatever a server sends, a client gets a typed error and
//! never a parse error.
//!
//! These test the parser's mechanics, so they run on the frozen seed table
//! (`tests/fixtures/catalogs/seed.toml`): an edit of the shipped catalog leaves them as
//! they are.

use kiwi_errors::{MAX_TEXT_MESSAGE, RetryPolicy};

#[allow(clippy::all, missing_docs, dead_code)]
mod seed {
    include!("../../tests/fixtures/catalogs/seed.rs");
}
use seed::{ApiError, ErrorCode, ErrorType};

#[test]
fn an_integer_code_is_kept_as_its_digits() {
    let body = br#"{"error": {"message": "bad", "type": "invalid_request_error", "code": 400123}}"#;
    let err = ApiError::from_http_response(400, body);
    assert_eq!(err.code(), Some(&ErrorCode::Unknown("400123".into())));
    assert_eq!(err.error_type(), &ErrorType::InvalidRequestError);
    assert_eq!(err.message(), "bad");
    assert_eq!(err.http_status(), Some(400));
}

#[test]
fn null_code_and_param_are_absent() {
    let body =
        br#"{"error": {"message": "m", "type": "server_error", "code": null, "param": null}}"#;
    let err = ApiError::from_http_response(500, body);
    assert_eq!((err.code(), err.param()), (None, None));
    // Even when another member makes the strict parser give up.
    let body = br#"{"error": {"message": "m", "type": "server_error", "code": null, "param": 7}}"#;
    let err = ApiError::from_http_response(500, body);
    assert_eq!((err.code(), err.param()), (None, Some("7")));
}

#[test]
fn an_error_string_is_the_message() {
    let err = ApiError::from_http_response(429, br#"{"error": "Too many requests"}"#);
    assert_eq!(err.message(), "Too many requests");
    assert_eq!(err.error_type(), &ErrorType::RateLimitError);
    assert_eq!(err.retry_policy(), RetryPolicy::Backoff);
    let err = ApiError::from_http_response(404, br#"{"message": "No route"}"#);
    assert_eq!(err.message(), "No route");
    assert_eq!(err.error_type(), &ErrorType::NotFoundError);
}

#[test]
fn a_non_json_body_is_the_message_with_the_status_type() {
    let err = ApiError::from_http_response(503, b"<html><body>Bad gateway</body></html>");
    assert_eq!(err.message(), "<html><body>Bad gateway</body></html>");
    assert_eq!(err.error_type(), &ErrorType::ServiceUnavailableError);
    assert!(err.is_retryable());
}

#[test]
fn a_status_without_exactly_one_type_gets_the_class_name() {
    // 502 is not in the catalog's status table; 418 neither.
    let err = ApiError::from_http_response(502, b"upstream");
    assert_eq!(
        err.error_type(),
        &ErrorType::Unknown("http_5xx_error".into())
    );
    assert!(err.is_retryable());
    let err = ApiError::from_http_response(418, b"teapot");
    assert_eq!(
        err.error_type(),
        &ErrorType::Unknown("http_4xx_error".into())
    );
    assert!(!err.is_retryable());
}

#[test]
fn a_huge_body_is_cut_to_one_kib_with_its_length() {
    let page = "<p>é</p>".repeat(1_000_000); // 10 MB
    let err = ApiError::from_http_response(500, page.as_bytes());
    assert!(
        err.message().len() < MAX_TEXT_MESSAGE + 64,
        "{}",
        err.message().len()
    );
    assert!(err.message().starts_with("<p>é</p>"));
    assert!(
        err.message()
            .ends_with(&format!("({} bytes in all)", page.len())),
        "{}",
        &err.message()[MAX_TEXT_MESSAGE - 20..]
    );
    assert!(!err.message().contains('\u{FFFD}'), "no half character");
}

#[test]
fn an_empty_body_says_so() {
    let err = ApiError::from_http_response(503, b"");
    assert_eq!(err.message(), "(empty body)");
    assert_eq!(err.error_type(), &ErrorType::ServiceUnavailableError);
}

#[test]
fn a_conforming_body_parses_as_the_strict_parser_does() {
    for code in ErrorCode::ALL {
        let sent = ApiError::example(code).unwrap();
        let got = ApiError::from_http_response(sent.status(), sent.to_json().as_bytes());
        assert_eq!(got, sent.clone().with_status(sent.status()), "{code}");
    }
}

#[test]
fn serde_and_to_json_agree_on_the_body() {
    let err = ApiError::model_not_found("m");
    // A framework that serializes the error with serde sends the conforming body.
    assert_eq!(serde_json::to_string(&err).unwrap(), err.to_json());
    let body: serde_json::Value = serde_json::to_value(&err).unwrap();
    assert_eq!(body["error"]["code"], "model_not_found");
    assert_eq!(
        serde_json::to_string(&err.clone().into_envelope()).unwrap(),
        err.to_json(),
        "the envelope serializes to the same body"
    );
    // Deserializing takes the body, or the bare inner object.
    let back: ApiError = serde_json::from_str(&err.to_json()).unwrap();
    assert_eq!(back, err);
    let inner = serde_json::to_string(&body["error"]).unwrap();
    let back: ApiError = serde_json::from_str(&inner).unwrap();
    assert_eq!(back, err);
    // The generic object is the inner object.
    assert_eq!(
        serde_json::to_value(err.clone().into_inner()).unwrap(),
        body["error"]
    );
}

/// A known code decides however the body was written (the retry specification,
/// section 8), and keeps deciding when the error is written back out and read again
/// (section 10): a gateway that re-serves an upstream error does not flip its policy.
#[test]
fn a_known_code_decides_in_a_body_that_is_not_an_envelope_and_after_a_round_trip() {
    let body = br#"{"error": {"code": "quota_exhausted", "message": "m"}}"#;
    let err = ApiError::from_http_response(429, body);
    assert_eq!(err.code(), Some(&ErrorCode::QuotaExhausted));
    assert_eq!(err.retry_policy(), RetryPolicy::Never);
    let again = ApiError::from_http_response(429, err.to_json().as_bytes());
    assert_eq!(again.retry_policy(), err.retry_policy());
    let response = kiwi_errors::http::response(&err);
    assert_eq!(response.headers()["x-should-retry"], "false");
    let served =
        ApiError::from_http_response(response.status().as_u16(), response.body().as_bytes());
    assert_eq!(served.retry_policy(), err.retry_policy());
    // A conforming envelope: the same.
    let body =
        br#"{"error": {"code": "quota_exhausted", "message": "m", "type": "rate_limit_error"}}"#;
    assert_eq!(
        ApiError::from_http_response(429, body).retry_policy(),
        RetryPolicy::Never
    );
}
