//! The runtime crate through its public API: round-trips, forward compatibility, the
//! seed's example bodies, statuses and retry policies, all checked against the catalog.

mod docs_support;

use docs_support::{seed_bodies, seed_catalog};
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

/// A code name this build does not know.
fn unknown_code() -> String {
    let mut name = "brand_new_code".to_owned();
    while ErrorCode::parse(&name).is_known() {
        name.push('_');
    }
    name
}

/// A type name this build does not know.
fn unknown_type() -> String {
    let mut name = "quantum_error".to_owned();
    while ErrorType::parse(&name).is_known() {
        name.push('_');
    }
    name
}

/// A member of an error body as an optional string.
fn member<'v>(body: &'v Value, name: &str) -> Option<&'v str> {
    body["error"][name].as_str()
}

#[test]
fn every_seed_body_parses_into_known_values_and_back() {
    for body in seed_bodies() {
        let err = ApiError::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        let value: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(Some(err.message()), member(&value, "message"));
        assert_eq!(Some(err.error_type().as_str()), member(&value, "type"));
        // Known exactly when the catalog lists the name (a code removed from the
        // catalog since the seed page still parses, as `Unknown`).
        let catalog = catalog();
        assert_eq!(
            err.error_type().is_known(),
            catalog
                .types
                .iter()
                .any(|t| t.name == err.error_type().as_str()),
            "{body}"
        );
        assert_eq!(err.code().map(ErrorCode::as_str), member(&value, "code"));
        if let Some(code) = err.code() {
            assert_eq!(
                code.is_known(),
                catalog.find_code(code.as_str()).is_some(),
                "{body}"
            );
        }
        assert_eq!(err.param(), member(&value, "param"));
        // Serializing gives back the same JSON value.
        let again: Value = serde_json::from_str(&err.to_json()).unwrap();
        assert_eq!(value, again);
    }
}

#[test]
fn the_seed_bodies_are_the_catalog_examples() {
    // The frozen catalog that reproduces the seed page; the shipped one may have moved on.
    let catalog = seed_catalog();
    let examples: Vec<Value> = catalog
        .codes
        .iter()
        .filter_map(|c| c.example.as_deref())
        .chain(catalog.envelope.example.as_deref())
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    for body in seed_bodies() {
        let body: Value = serde_json::from_str(&body).unwrap();
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

/// Whether `message` is `template` with each `{placeholder}` replaced by some text.
fn fills(template: &str, message: &str) -> bool {
    let mut pieces = template.split('{').enumerate().map(|(i, piece)| {
        if i == 0 {
            piece
        } else {
            piece.split_once('}').map_or(piece, |(_, rest)| rest)
        }
    });
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = message.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn the_format_example_is_an_error_of_its_code() {
    let catalog = catalog();
    let (Some(id), Some(example)) = (catalog.envelope.example_code, &catalog.envelope.example)
    else {
        return;
    };
    let def = catalog.code(id);
    let err = ApiError::from_json(example.as_bytes()).unwrap();
    assert_eq!(err.code().map(ErrorCode::as_str), Some(def.name.as_str()));
    assert_eq!(err.error_type().as_str(), catalog.type_of(def).name);
    assert_eq!(err.param(), def.param.as_deref());
    assert!(
        fills(&def.message, err.message()),
        "{:?} is not the template {:?} filled in",
        err.message(),
        def.message
    );
}

#[test]
fn the_envelope_type_round_trips() {
    let catalog = catalog();
    let (Some(id), Some(example)) = (catalog.envelope.example_code, &catalog.envelope.example)
    else {
        return;
    };
    let envelope: ErrorEnvelope = serde_json::from_str(example).unwrap();
    assert_eq!(
        envelope.error.code(),
        Some(&ErrorCode::parse(&catalog.code(id).name))
    );
    let json = serde_json::to_string(&envelope).unwrap();
    assert_eq!(
        serde_json::from_str::<ErrorEnvelope>(&json).unwrap(),
        envelope
    );
    assert_eq!(envelope.clone().error.into_envelope(), envelope);
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
    let (name, type_name) = (unknown_code(), unknown_type());
    let code: ErrorCode = name.parse().unwrap();
    assert_eq!(code, ErrorCode::Unknown(name.as_str().into()));
    assert!(!code.is_known());
    assert_eq!(code.as_str(), name);
    assert_eq!(code.to_string(), name);
    assert_eq!(code.status(), None);
    assert_eq!(code.retry_policy(), None);
    assert!(code.remediation().is_empty());

    let quoted = format!("\"{type_name}\"");
    let ty: ErrorType = serde_json::from_str(&quoted).unwrap();
    assert_eq!(ty, ErrorType::Unknown(type_name.as_str().into()));
    assert_eq!(serde_json::to_string(&ty).unwrap(), quoted);

    let body = format!(
        r#"{{"error":{{"message":"New","type":"{type_name}","code":"{name}","param":"x"}}}}"#
    );
    let err = ApiError::from_json(body.as_bytes()).unwrap();
    assert_eq!(err.to_json(), body, "unknown values round-trip unchanged");
}

#[test]
fn escaped_strings_parse_too() {
    // Every name with its first character written as a `\\u` escape.
    let escaped = |name: &str| {
        let mut chars = name.chars();
        let first = chars.next().map_or(0, u32::from);
        format!("\\u{first:04x}{}", chars.as_str())
    };
    for (code, ty) in ErrorCode::ALL.iter().zip(ErrorType::ALL.iter().cycle()) {
        let body = format!(
            r#"{{"error":{{"message":"a\"b","type":"{}","code":"{}"}}}}"#,
            escaped(ty.as_str()),
            escaped(code.as_str())
        );
        let err = ApiError::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(err.message(), "a\"b");
        assert_eq!(err.error_type(), ty);
        assert_eq!(err.code(), Some(code));
    }
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
fn an_error_with_a_known_code_takes_its_status_docs_and_retry_policy_from_the_catalog() {
    let catalog = catalog();
    for (code, def) in ErrorCode::ALL.iter().zip(&catalog.codes) {
        let ty = code.error_type().unwrap();
        let err = ApiError::new(ty.clone(), "m").with_code(code.clone());
        let status = catalog.status_of(def);
        assert_eq!(err.status(), status.code, "{code}");
        assert_eq!(err.http_status(), None);
        assert_eq!(err.doc_url(), Some(def.doc_url.as_str()));
        assert_eq!(err.remediation(), code.remediation());
        assert_eq!(err.retry_policy().as_str(), def.retry.as_str());
        assert_eq!(err.to_string(), format!("m ({ty}, {code})"));
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert_eq!(boxed.to_string(), format!("m ({ty}, {code})"));
    }
}

#[test]
fn a_known_code_decides_retry_whatever_status_the_response_had() {
    for code in ErrorCode::ALL {
        let policy = code.retry_policy().unwrap();
        let err = ApiError::new(code.error_type().unwrap(), "m").with_code(code.clone());
        for status in Status::ALL {
            let answered = err.clone().with_status(status.code());
            assert_eq!(answered.retry_policy(), policy, "{code} with {status}");
            assert_eq!(answered.status(), status.code());
        }
    }
}

#[test]
fn a_code_that_overrides_its_status_is_told_apart_from_other_errors_of_that_status() {
    // The first code, if any, whose own policy differs from its status's default (in
    // the shipped catalog, a 429 for an exhausted quota).
    let Some(code) = ErrorCode::ALL
        .iter()
        .find(|c| c.retry_policy() != c.status().map(Status::retry_policy))
    else {
        return;
    };
    let status = code.status().unwrap();
    let body = |code: &str| {
        json!({"error": {"message": "m", "type": code_type(code), "code": code}}).to_string()
    };
    fn code_type(code: &str) -> String {
        ErrorCode::parse(code)
            .error_type()
            .map_or_else(|| "t".to_owned(), |t| t.as_str().to_owned())
    }
    let own = ApiError::from_response(status.code(), body(code.as_str()).as_bytes()).unwrap();
    assert_eq!(own.retry_policy(), code.retry_policy().unwrap());
    let other = ApiError::from_response(status.code(), body(&unknown_code()).as_bytes()).unwrap();
    assert_eq!(other.retry_policy(), status.retry_policy());
    assert_ne!(own.retry_policy(), other.retry_policy());
}

#[test]
fn an_unknown_code_falls_back_to_the_status_then_the_type() {
    let name = unknown_code();
    let body = |ty: &str| json!({"error": {"message": "m", "type": ty, "code": name}}).to_string();
    let any_type = ErrorType::ALL[0].as_str();
    // The status of the response, when the table lists it…
    for status in Status::ALL {
        let err = ApiError::from_response(status.code(), body(any_type).as_bytes()).unwrap();
        assert_eq!(err.retry_policy(), status.retry_policy(), "{status}");
    }
    // …the defaults for statuses the table does not list (every 5xx is transient; a 4xx
    // other than 408, 409 and 429 is not)…
    let unlisted = |range: std::ops::RangeInclusive<u16>| {
        range
            .filter(|s| !matches!(s, 408 | 409 | 429))
            .find(|&s| Status::from_code(s).is_none())
    };
    for (status, policy) in [
        (unlisted(500..=599), RetryPolicy::Backoff),
        (unlisted(400..=499), RetryPolicy::Never),
    ] {
        let status = status.expect("the table leaves a status unlisted");
        let err = ApiError::from_response(status, body(any_type).as_bytes()).unwrap();
        assert_eq!(err.retry_policy(), policy, "{status}");
        assert_eq!(RetryPolicy::for_unlisted_status(status), policy);
        // A recorded status is kept for the server's answer too.
        assert_eq!(err.status(), status);
    }
    // …and, with no status at all, the type's; an unknown type takes the status it is
    // answered with, 500, and that status's policy: what a client reading it back decides.
    for ty in ErrorType::ALL {
        let err = ApiError::from_json(body(ty.as_str()).as_bytes()).unwrap();
        assert_eq!(Some(err.retry_policy()), ty.retry_policy(), "{ty}");
    }
    let err = ApiError::from_json(body(&unknown_type()).as_bytes()).unwrap();
    assert_eq!(err.status(), 500);
    let served = ApiError::from_http_response(err.status(), err.to_json().as_bytes());
    assert_eq!(err.retry_policy(), served.retry_policy());
    assert_eq!(
        err.retry_policy(),
        Status::from_code(500).map_or(RetryPolicy::for_unlisted_status(500), Status::retry_policy)
    );
}

#[test]
fn the_status_table_is_the_catalog_s() {
    let catalog = catalog();
    assert_eq!(Status::ALL.len(), catalog.statuses.len());
    for (status, def) in Status::ALL.iter().zip(&catalog.statuses) {
        assert_eq!(status.code(), def.code);
        assert_eq!(status.name(), def.name);
        assert_eq!(status.description(), def.description);
        assert_eq!(status.is_success(), def.success);
        assert_eq!(status.retry_policy().as_str(), def.retry.as_str());
        assert_eq!(Status::from_code(def.code), Some(*status));
        assert_eq!(status.to_string(), format!("{} {}", def.code, def.name));
        assert_eq!(def.code.to_string().parse::<Status>(), Ok(*status));
        assert_eq!(serde_json::to_value(status).unwrap(), json!(def.code));
    }
    let unlisted = (100..=599u16)
        .find(|&s| Status::from_code(s).is_none())
        .unwrap();
    assert!(unlisted.to_string().parse::<Status>().is_err());
    for (ty, def) in ErrorType::ALL.iter().zip(&catalog.types) {
        assert_eq!(
            ty.status(),
            Status::from_code(catalog.status(def.status).code),
            "{ty}"
        );
        assert_eq!(
            ty.retry_policy(),
            ty.status().map(Status::retry_policy),
            "{ty}"
        );
    }
}
