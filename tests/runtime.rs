//! The runtime crate through its public API: round-trips, forward compatibility, the
//! seed's example bodies, constructors, statuses and retry policies.

use kiwi_errors::{ApiError, ErrorCode, ErrorEnvelope, ErrorType, RetryPolicy, Status};
use kiwi_errors_codegen::parse_catalog;
use serde_json::{Value, json};

fn catalog() -> kiwi_errors_codegen::Catalog {
    parse_catalog(
        "catalog/errors.toml",
        &kiwi_errors_tests::read("catalog/errors.toml"),
    )
    .unwrap()
}

/// A seed body and what it must parse into: message, type, code, param.
type SeedBody = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// Every example body of the reference page, verbatim, with what it must parse into.
const SEED_BODIES: &[SeedBody] = &[
    (
        r#"{
  "error": {
    "message": "The model 'invalid-model' does not exist.",
    "type": "invalid_request_error",
    "code": "model_not_found",
    "param": "model"
  }
}"#,
        "The model 'invalid-model' does not exist.",
        "invalid_request_error",
        Some("model_not_found"),
        Some("model"),
    ),
    (
        r#"{"error": {"message": "Invalid API key", "type": "authentication_error"}}"#,
        "Invalid API key",
        "authentication_error",
        None,
        None,
    ),
    (
        r#"{"error": {"message": "Rate limit exceeded", "type": "rate_limit_error"}}"#,
        "Rate limit exceeded",
        "rate_limit_error",
        None,
        None,
    ),
    (
        r#"{"error": {"message": "Context length exceeded", "type": "invalid_request_error", "code": "context_length_exceeded"}}"#,
        "Context length exceeded",
        "invalid_request_error",
        Some("context_length_exceeded"),
        None,
    ),
    (
        r#"{"error": {"message": "This feature requires Pro tier", "type": "access_denied_error"}}"#,
        "This feature requires Pro tier",
        "access_denied_error",
        None,
        None,
    ),
];

#[test]
fn every_seed_body_parses_to_the_expected_typed_value_and_back() {
    for (body, message, ty, code, param) in SEED_BODIES {
        let err = ApiError::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(err.message(), *message);
        assert_eq!(err.error_type().as_str(), *ty);
        assert!(err.error_type().is_known(), "{ty} must be a known type");
        assert_eq!(err.code().map(ErrorCode::as_str), *code);
        assert!(err.code().is_none_or(ErrorCode::is_known));
        assert_eq!(err.param(), *param);
        // Serializing gives back the same JSON value.
        let original: Value = serde_json::from_str(body).unwrap();
        let again: Value = serde_json::from_str(&err.to_json()).unwrap();
        assert_eq!(original, again);
    }
}

#[test]
fn the_seed_bodies_are_the_catalog_examples() {
    let catalog = catalog();
    let mut examples: Vec<Value> = catalog
        .codes
        .iter()
        .filter_map(|c| c.example.as_deref())
        .chain([catalog.envelope.example.as_str()])
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    examples.dedup();
    for (body, ..) in SEED_BODIES {
        let body: Value = serde_json::from_str(body).unwrap();
        assert!(
            examples.contains(&body),
            "the catalog has no example {body}"
        );
    }
}

#[test]
fn every_catalog_example_parses_with_its_code_and_type() {
    let catalog = catalog();
    for code in &catalog.codes {
        let Some(example) = &code.example else {
            continue;
        };
        let err = ApiError::from_json(example.as_bytes()).unwrap();
        assert_eq!(err.error_type().as_str(), catalog.type_of(code).name);
        if let Some(parsed) = err.code() {
            assert_eq!(parsed.as_str(), code.name);
        }
    }
}

#[test]
fn the_format_example_is_what_the_constructor_builds() {
    let built: Value =
        serde_json::from_str(&ApiError::model_not_found("invalid-model").to_json()).unwrap();
    let seed: Value = serde_json::from_str(SEED_BODIES[0].0).unwrap();
    assert_eq!(built, seed);
}

#[test]
fn every_known_type_round_trips() {
    assert_eq!(ErrorType::ALL.len(), catalog().types.len());
    for ty in ErrorType::ALL {
        let s = ty.as_str();
        assert_eq!(&s.parse::<ErrorType>().unwrap(), ty);
        assert_eq!(ErrorType::lookup(s).as_ref(), Some(ty));
        assert_eq!(ty.to_string(), s);
        let json = serde_json::to_string(ty).unwrap();
        assert_eq!(serde_json::from_str::<ErrorType>(&json).unwrap(), *ty);
    }
}

#[test]
fn every_known_code_round_trips_and_agrees_with_the_catalog() {
    let catalog = catalog();
    assert_eq!(ErrorCode::ALL.len(), catalog.codes.len());
    for (code, def) in ErrorCode::ALL.iter().zip(&catalog.codes) {
        let s = code.as_str();
        assert_eq!(s, def.name, "catalog order is kept");
        assert_eq!(&s.parse::<ErrorCode>().unwrap(), code);
        assert_eq!(ErrorCode::from(s.to_owned()), *code);
        assert_eq!(code.to_string(), s);
        let json = serde_json::to_string(code).unwrap();
        assert_eq!(json, format!("\"{s}\""));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *code);

        assert_eq!(
            code.error_type().unwrap().as_str(),
            catalog.type_of(def).name
        );
        let status = catalog.status_of(def);
        assert_eq!(code.status().map(Status::code), Some(status.code));
        assert_eq!(code.retry_policy().unwrap().as_str(), def.retry.as_str());
        assert_eq!(
            code.remediation(),
            def.remediation
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        assert_eq!(code.doc_url(), Some(def.doc_url.as_str()));
        assert_eq!(code.description(), Some(def.description.as_str()));
        assert_eq!(code.message_template(), Some(def.message.as_str()));
        assert_eq!(code.param(), def.param.as_deref());
        assert_eq!(
            code.args(),
            def.args.iter().map(|a| a.name.as_str()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn unknown_types_and_codes_are_preserved() {
    let code: ErrorCode = "brand_new_code".parse().unwrap();
    assert_eq!(code, ErrorCode::Unknown("brand_new_code".into()));
    assert!(!code.is_known());
    assert_eq!(code.as_str(), "brand_new_code");
    assert_eq!(code.to_string(), "brand_new_code");
    assert_eq!(code.status(), None);
    assert_eq!(code.retry_policy(), None);
    assert!(code.remediation().is_empty());

    let ty: ErrorType = serde_json::from_str("\"quantum_error\"").unwrap();
    assert_eq!(ty, ErrorType::Unknown("quantum_error".into()));
    assert_eq!(serde_json::to_string(&ty).unwrap(), "\"quantum_error\"");

    let body =
        r#"{"error":{"message":"New","type":"quantum_error","code":"brand_new_code","param":"x"}}"#;
    let err = ApiError::from_json(body.as_bytes()).unwrap();
    assert_eq!(err.to_json(), body, "unknown values round-trip unchanged");
}

#[test]
fn escaped_strings_parse_too() {
    let err = ApiError::from_json(
        br#"{"error":{"message":"a\"b","type":"rate_limit\u005ferror","code":"model_not_found"}}"#,
    )
    .unwrap();
    assert_eq!(err.message(), "a\"b");
    assert_eq!(err.error_type(), &ErrorType::RateLimitError);
    assert_eq!(err.code(), Some(&ErrorCode::ModelNotFound));
}

#[test]
fn absent_or_null_code_and_param_and_extra_members_are_accepted() {
    let body = br#"{"request_id":"r1","error":{"message":"m","type":"server_error","code":null,"param":null,"extra":{"nested":[1,2]}}}"#;
    let err = ApiError::from_json(body).unwrap();
    assert_eq!(err.code(), None);
    assert_eq!(err.param(), None);
    assert_eq!(
        err.to_json(),
        r#"{"error":{"message":"m","type":"server_error"}}"#
    );
}

#[test]
fn bodies_that_are_not_error_envelopes_are_rejected_without_panicking() {
    for body in [
        &b""[..],
        b"null",
        b"[]",
        b"{}",
        br#"{"error": "oops"}"#,
        br#"{"error": {}}"#,
        br#"{"error": {"type": "server_error"}}"#,
        br#"{"error": {"message": 3, "type": "server_error"}}"#,
        br#"{"error": {"message": "m"}}"#,
        br#"{"error": {"message": "m", "type": 7}}"#,
        br#"{"error": {"message": "m", "type": "t", "code": 7}}"#,
        br#"{"error": {"message": "m", "message": "n", "type": "t"}}"#,
        b"\xff\xfe{",
    ] {
        assert!(
            ApiError::from_json(body).is_err(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn the_envelope_type_round_trips() {
    let envelope: ErrorEnvelope = serde_json::from_str(SEED_BODIES[0].0).unwrap();
    assert_eq!(envelope.error.code(), Some(&ErrorCode::ModelNotFound));
    let json = serde_json::to_string(&envelope).unwrap();
    assert_eq!(
        serde_json::from_str::<ErrorEnvelope>(&json).unwrap(),
        envelope
    );
    assert_eq!(envelope.clone().error.into_envelope(), envelope);
}

#[test]
fn constructors_build_complete_errors() {
    let err = ApiError::model_not_found("gpt-9");
    assert_eq!(err.message(), "The model 'gpt-9' does not exist.");
    assert_eq!(err.error_type(), &ErrorType::InvalidRequestError);
    assert_eq!(err.code(), Some(&ErrorCode::ModelNotFound));
    assert_eq!(err.param(), Some("model"));
    assert_eq!(err.status(), 400);
    assert_eq!(err.http_status(), None);
    assert_eq!(
        err.doc_url(),
        Some("https://llm.kiwi/docs/errors#model_not_found")
    );
    assert_eq!(
        err.to_string(),
        "The model 'gpt-9' does not exist. (invalid_request_error, model_not_found)"
    );

    let err = ApiError::tier_required("Pro");
    assert_eq!(err.message(), "This feature requires Pro tier");
    assert_eq!(err.status(), 403);
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().contains("Pro tier"));
}

#[test]
fn retry_is_decided_per_code_then_per_status() {
    assert_eq!(
        ApiError::rate_limit_exceeded().retry_policy(),
        RetryPolicy::Backoff
    );
    assert_eq!(
        ApiError::quota_exhausted("Free").retry_policy(),
        RetryPolicy::Never
    );
    assert_eq!(ApiError::quota_exhausted("Free").status(), 429);
    assert_eq!(
        ApiError::invalid_api_key().retry_policy(),
        RetryPolicy::Never
    );
    assert_eq!(
        ApiError::internal_error().retry_policy(),
        RetryPolicy::Backoff
    );
    assert_eq!(
        ApiError::service_unavailable().retry_policy(),
        RetryPolicy::Backoff
    );

    // Unknown codes fall back to the status of the response…
    let body = br#"{"error":{"message":"m","type":"rate_limit_error","code":"new_limit"}}"#;
    assert_eq!(
        ApiError::from_response(429, body).unwrap().retry_policy(),
        RetryPolicy::Backoff
    );
    assert_eq!(
        ApiError::from_response(400, body).unwrap().retry_policy(),
        RetryPolicy::Never
    );
    // …to the defaults for statuses the table does not list…
    assert_eq!(
        ApiError::from_response(502, body).unwrap().retry_policy(),
        RetryPolicy::Backoff
    );
    assert_eq!(
        ApiError::from_response(418, body).unwrap().retry_policy(),
        RetryPolicy::Never
    );
    // …and, with no status at all, to the type's.
    assert_eq!(
        ApiError::from_json(body).unwrap().retry_policy(),
        RetryPolicy::Backoff
    );
    let unknown = br#"{"error":{"message":"m","type":"quantum_error"}}"#;
    assert_eq!(
        ApiError::from_json(unknown).unwrap().retry_policy(),
        RetryPolicy::Never
    );
    // A recorded status is kept for the server's answer too.
    assert_eq!(ApiError::from_response(502, unknown).unwrap().status(), 502);
}

#[test]
fn the_status_table_is_complete() {
    let codes: Vec<u16> = Status::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(codes, [200, 400, 401, 403, 404, 429, 500, 503]);
    assert!(Status::Success.is_success());
    assert_eq!(Status::from_code(429), Some(Status::RateLimited));
    assert_eq!(Status::RateLimited.name(), "Rate Limited");
    assert_eq!(Status::RateLimited.to_string(), "429 Rate Limited");
    assert_eq!("503".parse::<Status>(), Ok(Status::ServiceUnavailable));
    assert!("418".parse::<Status>().is_err());
    for status in Status::ALL {
        let expected = matches!(status.code(), 429 | 500 | 503);
        assert_eq!(status.retry_policy().is_retryable(), expected, "{status}");
        assert_eq!(serde_json::to_value(status).unwrap(), json!(status.code()));
    }
    assert_eq!(ErrorType::NotFoundError.status(), Some(Status::NotFound));
}
