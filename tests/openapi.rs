//! `errors.openapi.json`: the OpenAPI 3.1 components an API's own spec can `$ref`.

mod docs_support;

use docs_support::{assert_valid, json, read, shipped, validator};
use serde_json::{Value, json};

fn document() -> Value {
    json(&read("generated/errors.openapi.json"))
}

/// A JSON Schema whose root is `components.schemas.<name>`, with the document's own
/// `#/components/...` references still resolving.
fn component_schema(doc: &Value, name: &str) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    })
}

#[test]
fn is_an_openapi_3_1_document_with_no_paths() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(
        doc["info"]["title"]
            .as_str()
            .is_some_and(|t| t.contains("llm.kiwi"))
    );
    assert!(doc["info"]["version"].is_string());
    assert_eq!(doc["paths"], json!({}));
}

#[test]
fn error_response_requires_message_and_type_and_leaves_code_and_param_open_and_nullable() {
    let doc = document();
    let v = validator(&component_schema(&doc, "ErrorResponse"));
    for body in [
        json!({"error": {"message": "m", "type": "server_error"}}),
        json!({"error": {"message": "m", "type": "server_error", "code": null, "param": null}}),
        json!({"error": {"message": "m", "type": "brand_new_error", "code": "brand_new_code"}}),
        json!({"error": {"message": "m", "type": "server_error", "extra": 1}, "id": "x"}),
    ] {
        assert_valid(&v, &body);
    }
    for body in [
        json!({}),
        json!({"error": {"type": "server_error"}}),
        json!({"error": {"message": "m"}}),
        json!({"error": {"message": "m", "type": "server_error", "code": 5}}),
    ] {
        assert!(!v.is_valid(&body), "{body}");
    }
    let code = &doc["components"]["schemas"]["Error"]["properties"]["code"];
    let described = code["description"].as_str().unwrap();
    for c in &shipped().codes {
        assert!(described.contains(&format!("`{}`", c.name)), "{}", c.name);
    }
}

#[test]
fn one_response_per_error_status_with_the_retry_and_rate_limit_headers() {
    let doc = document();
    let catalog = shipped();
    let responses = doc["components"]["responses"].as_object().unwrap();
    let errors: Vec<_> = catalog.statuses.iter().filter(|s| !s.success).collect();
    assert_eq!(responses.len(), errors.len());
    let mut wanted: Vec<String> = ["Retry-After", "retry-after-ms", "x-should-retry"]
        .map(String::from)
        .to_vec();
    wanted.extend(catalog.headers.iter().map(|h| h.name.clone()));
    for status in errors {
        let (_, response) = responses
            .iter()
            .find(|(_, r)| {
                r["description"]
                    .as_str()
                    .is_some_and(|d| d.starts_with(&format!("HTTP {} ", status.code)))
            })
            .unwrap_or_else(|| panic!("no response for {}", status.code));
        for header in &wanted {
            let reference = &response["headers"][header]["$ref"];
            assert_eq!(reference, &json!(format!("#/components/headers/{header}")));
            assert!(doc["components"]["headers"][header]["schema"].is_object());
        }
    }
    assert!(responses.contains_key("RateLimited"));
}

#[test]
fn every_code_has_one_valid_example_under_its_status() {
    let doc = document();
    let catalog = shipped();
    let v = validator(&component_schema(&doc, "ErrorResponse"));
    let responses = doc["components"]["responses"].as_object().unwrap();
    for code in &catalog.codes {
        let status = catalog.status_of(code);
        let holders: Vec<_> = responses
            .values()
            .filter(|r| !r["content"]["application/json"]["examples"][&code.name].is_null())
            .collect();
        assert_eq!(holders.len(), 1, "{}", code.name);
        assert!(
            holders[0]["description"]
                .as_str()
                .unwrap()
                .starts_with(&format!("HTTP {} ", status.code))
        );
        let value = &holders[0]["content"]["application/json"]["examples"][&code.name]["value"];
        assert_valid(&v, value);
        assert_eq!(value["error"]["type"], catalog.type_of(code).name.as_str());
    }
}

#[test]
fn output_is_deterministic() {
    let catalog = shipped();
    assert_eq!(
        kiwi_errors_codegen::emit::openapi::emit(&catalog),
        kiwi_errors_codegen::emit::openapi::emit(&catalog)
    );
}
