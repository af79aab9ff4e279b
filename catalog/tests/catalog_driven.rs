//! Every status, type and code of the shipped table agrees with the catalog data,
//! `generated/errors.catalog.json`: the expectations come from the catalog, so these
//! tests stay green after any valid catalog edit and `kiwi-errors generate`.
#![cfg(feature = "llm-kiwi")]

use kiwi_errors::{ApiError, CatalogError, ErrorCode, ErrorType, RetryPolicy, Status};
use serde_json::Value;

/// The catalog data the generator wrote next to the table.
fn catalog() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated/errors.catalog.json"
    );
    let text = std::fs::read_to_string(path).expect("generated/errors.catalog.json is readable");
    serde_json::from_str(&text).expect("generated/errors.catalog.json is JSON")
}

fn list<'a>(catalog: &'a Value, key: &str) -> &'a [Value] {
    catalog[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is a list"))
}

fn text<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is a string in {entry}"))
}

fn policy(entry: &Value) -> RetryPolicy {
    match text(entry, "retry") {
        "never" => RetryPolicy::Never,
        "backoff" => RetryPolicy::Backoff,
        other => panic!("unexpected retry policy `{other}`"),
    }
}

/// The template with every `{arg}` replaced by the argument's own name, `{{` and `}}`
/// read as literal braces.
fn fill_with_arg_names(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('{') {
            let end = after.find('}').expect("a placeholder is closed");
            out.push_str(&after[..end]);
            rest = &after[end + 1..];
        } else {
            panic!("a lone `}}` in template {template:?}");
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_table_lists_the_catalog_codes_types_and_statuses_in_order() {
    let catalog = catalog();
    let codes: Vec<&str> = list(&catalog, "codes")
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    let types: Vec<&str> = list(&catalog, "types")
        .iter()
        .map(|t| text(t, "name"))
        .collect();
    let statuses: Vec<u64> = list(&catalog, "statuses")
        .iter()
        .map(|s| s["code"].as_u64().expect("a numeric status"))
        .collect();
    assert_eq!(
        ErrorCode::ALL
            .iter()
            .map(ErrorCode::as_str)
            .collect::<Vec<_>>(),
        codes
    );
    assert_eq!(
        ErrorType::ALL
            .iter()
            .map(ErrorType::as_str)
            .collect::<Vec<_>>(),
        types
    );
    assert_eq!(
        Status::ALL
            .iter()
            .map(|s| u64::from(s.code()))
            .collect::<Vec<_>>(),
        statuses
    );
}

#[test]
fn every_code_example_agrees_with_the_catalog() {
    let catalog = catalog();
    for entry in list(&catalog, "codes") {
        let name = text(entry, "name");
        let code = ErrorCode::parse(name);
        let err = ApiError::example(&code).unwrap_or_else(|| panic!("no example for `{name}`"));
        assert_eq!(err.code(), Some(&code), "{name}");
        assert_eq!(err.error_type().as_str(), text(entry, "type"), "{name}");
        assert_eq!(
            u64::from(err.status()),
            entry["status"].as_u64().unwrap_or(0),
            "{name}"
        );
        assert_eq!(err.param(), entry["param"].as_str(), "{name}");
        assert_eq!(err.retry_policy(), policy(entry), "{name}");
        assert_eq!(
            err.message(),
            fill_with_arg_names(text(entry, "message")),
            "{name}"
        );
        assert_eq!(err.doc_url(), entry["doc_url"].as_str(), "{name}");
        let remediation: Vec<&str> = list(entry, "remediation")
            .iter()
            .map(|r| r.as_str().unwrap_or(""))
            .collect();
        assert_eq!(err.remediation(), remediation.as_slice(), "{name}");
        let args: Vec<&str> = list(entry, "args")
            .iter()
            .map(|a| a.as_str().unwrap_or(""))
            .collect();
        assert_eq!(code.args(), args.as_slice(), "{name}");
    }
}

#[test]
fn every_example_round_trips_through_its_json_body() {
    for code in ErrorCode::ALL {
        let err = ApiError::example(code).unwrap_or_else(|| panic!("no example for `{code}`"));
        let parsed = ApiError::from_json(err.to_json().as_bytes()).expect("the body parses");
        assert_eq!(parsed, err, "{code}");
        assert_eq!(CatalogError::code_str(&parsed), Some(code.as_str()));
    }
}

#[test]
fn an_unknown_code_has_no_example() {
    assert_eq!(
        ApiError::example(&ErrorCode::parse("not_in_the_catalog")),
        None
    );
}

#[test]
fn every_code_retry_policy_is_the_catalog_effective_policy() {
    let catalog = catalog();
    for entry in list(&catalog, "codes") {
        let code = ErrorCode::parse(text(entry, "name"));
        assert!(code.is_known(), "{code}");
        assert_eq!(code.retry_policy(), Some(policy(entry)), "{code}");
    }
    for entry in list(&catalog, "types") {
        let ty = ErrorType::parse(text(entry, "name"));
        assert_eq!(ty.retry_policy(), Some(policy(entry)), "{ty}");
        assert_eq!(
            ty.status().map(|s| u64::from(s.code())),
            entry["status"].as_u64(),
            "{ty}"
        );
    }
    for entry in list(&catalog, "statuses") {
        let code = entry["code"].as_u64().and_then(|c| u16::try_from(c).ok());
        let status = code.and_then(Status::from_code).expect("a listed status");
        assert_eq!(status.retry_policy(), policy(entry), "{status}");
        assert_eq!(status.name(), text(entry, "name"), "{status}");
    }
}

#[test]
fn every_code_round_trips_through_as_str_parse_and_serde() {
    for code in ErrorCode::ALL {
        assert_eq!(&ErrorCode::parse(code.as_str()), code);
        assert_eq!(code.as_str().parse::<ErrorCode>().as_ref(), Ok(code));
        let json = serde_json::to_string(code).expect("serializes");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert_eq!(
            &serde_json::from_str::<ErrorCode>(&json).expect("parses"),
            code
        );
    }
}

#[test]
fn every_type_round_trips_through_as_str_parse_and_serde() {
    for ty in ErrorType::ALL {
        assert_eq!(&ErrorType::parse(ty.as_str()), ty);
        assert_eq!(ty.as_str().parse::<ErrorType>().as_ref(), Ok(ty));
        let json = serde_json::to_string(ty).expect("serializes");
        assert_eq!(json, format!("\"{}\"", ty.as_str()));
        assert_eq!(
            &serde_json::from_str::<ErrorType>(&json).expect("parses"),
            ty
        );
    }
}

#[test]
fn every_status_round_trips_through_its_number_and_serde() {
    for status in Status::ALL {
        assert_eq!(Status::from_code(status.code()), Some(*status));
        assert_eq!(status.code().to_string().parse::<Status>(), Ok(*status));
        assert_eq!(Status::try_from(status.code()), Ok(*status));
        let json = serde_json::to_string(status).expect("serializes");
        assert_eq!(json, status.code().to_string());
        assert_eq!(
            serde_json::from_str::<Status>(&json).expect("parses"),
            *status
        );
    }
}
