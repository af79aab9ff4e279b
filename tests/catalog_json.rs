//! `errors.catalog.json`: the catalog as data, and its generated schema.

mod docs_support;

use docs_support::{CATALOGS, assert_valid, catalog, json, read, shipped, validator};
use kiwi_errors::{ErrorCode, ErrorType, RetryPolicy, Status};
use kiwi_errors_codegen::emit::catalog_json;
use kiwi_errors_codegen::model::RetrySource;
use serde_json::Value;

fn shipped_data() -> Value {
    json(&read("generated/errors.catalog.json"))
}

#[test]
fn the_committed_data_validates_against_the_committed_schema() {
    let schema = json(&read("generated/errors.catalog.schema.json"));
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$id"],
        format!(
            "{}/errors.catalog.schema.json",
            shipped().meta.docs_url.trim_end_matches('/')
        )
    );
    assert_valid(&validator(&schema), &shipped_data());
}

#[test]
fn the_data_of_every_catalog_validates_against_its_schema() {
    for (label, path) in CATALOGS {
        let catalog = catalog(path);
        let data = json(&catalog_json::emit(&catalog));
        let v = validator(&catalog_json::schema(&catalog));
        assert!(v.is_valid(&data), "{label}");
    }
}

#[test]
fn the_schema_rejects_data_of_the_wrong_shape() {
    let v = validator(&json(&read("generated/errors.catalog.schema.json")));
    let mut data = shipped_data();
    data["codes"][0]["retry"] = "sometimes".into();
    assert!(!v.is_valid(&data));
    let mut data = shipped_data();
    data["codes"][0]
        .as_object_mut()
        .unwrap()
        .remove("retryable");
    assert!(!v.is_valid(&data));
    let mut data = shipped_data();
    data["statuses"][0]["code"] = "200".into();
    assert!(!v.is_valid(&data));
}

#[test]
fn keys_come_in_a_stable_documented_order() {
    let text = read("generated/errors.catalog.json");
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "$comment",
            "name",
            "title",
            "intro",
            "docs_url",
            "version",
            "statuses",
            "envelope",
            "types",
            "codes",
            "rate_limit_headers",
            "retry",
            "stream"
        ]
    );
}

#[test]
fn every_code_carries_its_resolved_status_retry_remediation_and_doc_url_as_the_runtime_does() {
    let data = shipped_data();
    let codes = data["codes"].as_array().unwrap();
    assert_eq!(codes.len(), ErrorCode::ALL.len());
    for (entry, code) in codes.iter().zip(ErrorCode::ALL) {
        let policy = code.retry_policy().unwrap();
        assert_eq!(entry["name"], code.as_str());
        assert_eq!(entry["type"], code.error_type().unwrap().as_str());
        assert_eq!(entry["status"], code.status().unwrap().code());
        assert_eq!(entry["status_name"], code.status().unwrap().name());
        assert_eq!(entry["retry"], policy.as_str());
        assert_eq!(entry["retryable"], policy.is_retryable());
        assert_eq!(entry["doc_url"], code.doc_url().unwrap());
        assert_eq!(entry["description"], code.description().unwrap());
        assert_eq!(entry["message"], code.message_template().unwrap());
        assert_eq!(
            entry["param"],
            code.param().map_or(Value::Null, Value::from)
        );
        let remediation: Vec<&str> = entry["remediation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(remediation, code.remediation());
        let args: Vec<&str> = entry["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(args, code.args());
    }
}

#[test]
fn a_code_that_sets_its_own_retry_policy_says_so() {
    let catalog = shipped();
    let data = shipped_data();
    let codes = data["codes"].as_array().unwrap();
    assert_eq!(codes.len(), catalog.codes.len());
    for (entry, code) in codes.iter().zip(&catalog.codes) {
        let status = catalog.status_of(code);
        let source = match code.retry_source {
            RetrySource::Code => "code",
            RetrySource::Status => {
                assert_eq!(code.retry, status.retry, "{}", code.name);
                "status"
            }
        };
        let retry = code.retry;
        assert_eq!(entry["retry_source"], source, "{}", code.name);
        assert_eq!(entry["retry"], retry.as_str(), "{}", code.name);
        assert_eq!(entry["status"], status.code, "{}", code.name);
    }
}

#[test]
fn statuses_and_types_match_the_runtime_crate() {
    let data = shipped_data();
    let statuses = data["statuses"].as_array().unwrap();
    assert_eq!(statuses.len(), Status::ALL.len());
    for (entry, status) in statuses.iter().zip(Status::ALL) {
        assert_eq!(entry["code"], status.code());
        assert_eq!(entry["name"], status.name());
        assert_eq!(entry["success"], status.is_success());
        assert_eq!(entry["retry"], status.retry_policy().as_str());
    }
    let types = data["types"].as_array().unwrap();
    assert_eq!(types.len(), ErrorType::ALL.len());
    for (entry, t) in types.iter().zip(ErrorType::ALL) {
        assert_eq!(entry["name"], t.as_str());
        assert_eq!(entry["status"], t.status().unwrap().code());
        assert_eq!(
            entry["retry"],
            t.retry_policy().unwrap_or(RetryPolicy::Never).as_str()
        );
    }
}

#[test]
fn headers_envelope_and_retry_section_are_all_there() {
    let catalog = shipped();
    let data = shipped_data();
    let headers: Vec<&str> = data["rate_limit_headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        headers,
        catalog
            .headers
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        data["envelope"]["example"],
        catalog
            .envelope
            .example
            .as_deref()
            .map_or(Value::Null, Value::from)
    );
    assert_eq!(
        data["envelope"]["fields"].as_array().unwrap().len(),
        catalog.envelope.fields.len()
    );
    match &catalog.retry {
        Some(retry) => {
            let text = |t: &Option<String>| t.as_deref().map_or(Value::Null, Value::from);
            assert_eq!(data["retry"]["example"], text(&retry.example));
            assert_eq!(data["retry"]["outro"], text(&retry.outro));
        }
        None => assert!(data["retry"].is_null()),
    }
    assert_eq!(data["docs_url"], catalog.meta.docs_url.as_str());
}

#[test]
fn text_full_of_special_characters_round_trips_through_the_data() {
    let catalog = catalog("tests/fixtures/catalogs/escaping.toml");
    let data = json(&catalog_json::emit(&catalog));
    for (entry, code) in data["codes"].as_array().unwrap().iter().zip(&catalog.codes) {
        assert_eq!(entry["description"], code.description.as_str());
        assert_eq!(entry["message"], code.message.as_str());
        assert_eq!(
            entry["param"],
            code.param.as_deref().map_or(Value::Null, Value::from)
        );
        assert_eq!(
            entry["example"],
            code.example.as_deref().map_or(Value::Null, Value::from)
        );
    }
    assert_eq!(
        data["intro"],
        catalog
            .meta
            .intro
            .as_deref()
            .map_or(Value::Null, Value::from)
    );
    assert_eq!(
        data["retry"]["rust_example"],
        catalog
            .retry
            .as_ref()
            .and_then(|r| r.rust_example.as_deref())
            .unwrap()
    );
}

#[test]
fn the_data_schema_documents_every_field_on_one_line() {
    fn walk(v: &Value, path: &str) {
        match v {
            Value::Object(map) => {
                if let Some(props) = map.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        let documented =
                            prop.get("description").is_some() || prop.get("$ref").is_some();
                        assert!(
                            documented || name == "$comment",
                            "{path}.{name} has no description"
                        );
                    }
                }
                if let Some(d) = map.get("description").and_then(Value::as_str) {
                    assert!(!d.contains('\n'), "{path}: {d:?}");
                }
                map.iter()
                    .for_each(|(k, v)| walk(v, &format!("{path}/{k}")));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, path)),
            _ => {}
        }
    }
    walk(&json(&read("generated/errors.catalog.schema.json")), "#");
}
