//! A synthetic catalog of 1,000 codes (built by `build.rs` through the generator and the
//! same `error_catalog!` macro) exercises the hash-table lookup used for large tables.

use kiwi_errors_lab::synthetic;

mod big {
    include!(concat!(env!("OUT_DIR"), "/synthetic_1000.rs"));
}

use big::{ApiError, ErrorCode};

#[test]
fn every_code_of_a_large_catalog_is_found_by_name() {
    assert_eq!(ErrorCode::ALL.len(), 1000);
    for (i, code) in ErrorCode::ALL.iter().enumerate() {
        let name = synthetic::code_name(i);
        assert_eq!(code.as_str(), name);
        assert_eq!(ErrorCode::lookup(&name).as_ref(), Some(code));
        assert_eq!(&name.parse::<ErrorCode>().unwrap(), code);
    }
}

#[test]
fn names_that_are_not_in_a_large_catalog_stay_unknown() {
    for i in 0..1000 {
        let name = synthetic::code_name(i);
        for other in [
            format!("{name}_"),
            name[..name.len() - 1].to_owned(),
            name.to_uppercase(),
        ] {
            assert_eq!(ErrorCode::lookup(&other), None, "{other}");
            let parsed: ErrorCode = other.parse().unwrap();
            assert_eq!(parsed.as_str(), other);
            assert!(!parsed.is_known());
        }
    }
    assert_eq!(ErrorCode::lookup(""), None);
}

#[test]
fn a_large_catalog_parses_and_builds_errors() {
    let body =
        br#"{"error":{"message":"m","type":"invalid_request_error","code":"model_not_found"}}"#;
    let err = ApiError::from_json(body).unwrap();
    assert_eq!(err.code().map(ErrorCode::as_str), Some("model_not_found"));
    assert_eq!(
        ApiError::model_not_found("x").message(),
        "Problem x with model_not_found"
    );
}
