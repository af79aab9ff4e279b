//! A catalog whose names are Rust keywords still generates valid, usable Rust.

mod kw {
    include!("fixtures/keywords.rs");
}

use kw::{ApiError, ErrorCode, ErrorType};

#[test]
fn keyword_named_codes_and_types_work() {
    let err = ApiError::r#type("input", "query");
    assert_eq!(err.message(), "Bad input in query");
    assert_eq!(err.code(), Some(&ErrorCode::Type));
    assert_eq!(err.error_type(), &ErrorType::Type);
    assert_eq!(err.error_type().as_str(), "type");
    assert_eq!(err.status(), 400);

    let err = ApiError::self_("me");
    assert_eq!(err.message(), "Not me");
    assert_eq!(err.code().map(ErrorCode::as_str), Some("self"));
    assert_eq!(err.error_type(), &ErrorType::Self_);
    assert_eq!(err.status(), 429);
    assert!(
        !err.is_retryable(),
        "the code's own policy wins over its 429 status"
    );

    assert_eq!("crate".parse::<ErrorCode>(), Ok(ErrorCode::Crate));
    assert_eq!(ApiError::crate_().code(), Some(&ErrorCode::Crate));
    assert!(ApiError::r#async().is_retryable());
}
