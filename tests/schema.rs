//! `errors.schema.json`: what other-language clients validate and generate types from.

mod docs_support;

use docs_support::{
    assert_valid, catalog, json, json_blocks, read, root, seed_bodies, shipped, validator,
};
use kiwi_errors::{ApiError, ErrorCode, ErrorType};
use kiwi_errors_codegen::emit::schema;
use serde_json::{Value, json};

fn shipped_schema() -> Value {
    json(&read("generated/errors.schema.json"))
}

/// A type name the schema knows, to build valid bodies with.
fn known_type() -> &'static str {
    ErrorType::ALL
        .first()
        .expect("the catalog has types")
        .as_str()
}

#[test]
fn schema_is_draft_2020_12_with_id_title_and_description() {
    let catalog = shipped();
    let schema = shipped_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$id"],
        format!(
            "{}/errors.schema.json",
            catalog.meta.docs_url.trim_end_matches('/')
        )
    );
    assert_eq!(schema["title"], "ErrorResponse");
    let description = schema["description"].as_str().unwrap_or_default();
    assert!(description.contains(&catalog.meta.name), "{description}");
    assert!(
        description.contains(&catalog.meta.docs_url),
        "{description}"
    );
    jsonschema::meta::validate(&schema).unwrap();
}

#[test]
fn envelope_requires_message_and_type_and_allows_null_code_and_param_and_extra_members() {
    let schema = shipped_schema();
    assert_eq!(schema["required"], json!(["error"]));
    let error = &schema["$defs"]["ApiError"];
    assert_eq!(error["required"], json!(["message", "type"]));
    assert_eq!(error["properties"]["message"]["type"], "string");
    assert_eq!(error["additionalProperties"], true);
    assert_eq!(schema["additionalProperties"], true);
    let v = validator(&schema);
    let ty = known_type();
    assert_valid(&v, &json!({"error": {"message": "m", "type": ty}}));
    assert_valid(
        &v,
        &json!({"error": {"message": "m", "type": ty, "code": null, "param": null}}),
    );
    assert_valid(
        &v,
        &json!({"error": {"message": "m", "type": ty, "extra": [1]}, "request_id": "r"}),
    );
}

#[test]
fn field_descriptions_come_from_the_catalog() {
    let schema = shipped_schema();
    for field in &shipped().envelope.fields {
        assert_eq!(
            schema["$defs"]["ApiError"]["properties"][&field.name]["description"],
            field.description.as_str(),
            "{}",
            field.name
        );
    }
}

#[test]
fn every_known_type_and_code_is_listed_with_description_status_and_retry() {
    let catalog = shipped();
    let schema = shipped_schema();
    let codes = schema["$defs"]["KnownErrorCode"]["oneOf"]
        .as_array()
        .unwrap();
    assert_eq!(codes.len(), catalog.codes.len());
    for (entry, code) in codes.iter().zip(&catalog.codes) {
        let status = catalog.status_of(code);
        assert_eq!(entry["const"], code.name.as_str());
        assert_eq!(entry["type"], "string");
        assert!(
            entry["description"]
                .as_str()
                .unwrap()
                .starts_with(&code.description)
        );
        let description = entry["description"].as_str().unwrap();
        assert!(description.contains(&format!("HTTP {} {}", status.code, status.name)));
        assert!(description.contains(&format!("`{}`", catalog.type_of(code).name)));
        assert!(description.contains(schema::retry_sentence(code.retry)));
        assert!(
            description.contains(&format!("See {}", code.doc_url)),
            "{description}"
        );
        // A retired code says since when; the others end with their documentation.
        match &code.retired {
            Some(retired) => {
                assert!(
                    description.contains(&format!("Retired since {}", retired.since)),
                    "{description}"
                );
                assert_eq!(entry["deprecated"], true, "{}", code.name);
            }
            None => {
                assert!(description.ends_with(&code.doc_url), "{description}");
                assert!(entry.get("deprecated").is_none(), "{}", code.name);
            }
        }
    }
    let types = schema["$defs"]["KnownErrorType"]["oneOf"]
        .as_array()
        .unwrap();
    assert_eq!(types.len(), catalog.types.len());
    for (entry, t) in types.iter().zip(&catalog.types) {
        assert_eq!(entry["const"], t.name.as_str());
        assert!(
            entry["description"]
                .as_str()
                .unwrap()
                .starts_with(&t.description)
        );
        let status = catalog.status(t.status);
        let description = entry["description"].as_str().unwrap();
        assert!(description.contains(&format!("HTTP {} {}", status.code, status.name)));
        assert!(description.contains(schema::retry_sentence(status.retry)));
    }
}

#[test]
fn retry_flags_are_per_code_so_codes_of_one_status_can_differ() {
    let catalog = shipped();
    let schema = shipped_schema();
    let codes = schema["$defs"]["KnownErrorCode"]["oneOf"]
        .as_array()
        .unwrap();
    for (entry, code) in codes.iter().zip(&catalog.codes) {
        let description = entry["description"].as_str().unwrap();
        let status = catalog.status_of(code);
        // A code that overrides its status (a 429 for an exhausted quota, say) is
        // described by its own policy, not by the status's default.
        assert!(
            description.contains(&format!(
                "HTTP {} {}; {}",
                status.code,
                status.name,
                schema::retry_sentence(code.retry)
            )),
            "{}: {description}",
            code.name
        );
    }
}

#[test]
fn a_code_or_type_this_version_does_not_know_still_validates() {
    let v = validator(&shipped_schema());
    let (code, ty) = ("brand_new_code", "brand_new_error");
    assert!(!ErrorCode::parse(code).is_known() && !ErrorType::parse(ty).is_known());
    assert_valid(
        &v,
        &json!({"error": {"message": "m", "type": known_type(), "code": code}}),
    );
    assert_valid(&v, &json!({"error": {"message": "m", "type": ty}}));
}

#[test]
fn every_example_body_of_the_seed_the_catalog_and_the_docs_validates() {
    let v = validator(&shipped_schema());
    let catalog = shipped();
    let mut bodies = seed_bodies();
    bodies.extend(catalog.envelope.example.clone());
    bodies.extend(catalog.codes.iter().filter_map(|c| c.example.clone()));
    let docs = json_blocks(&read("generated/errors.md"));
    assert_eq!(
        docs.len(),
        usize::from(catalog.envelope.example.is_some())
            + catalog.codes.iter().filter(|c| c.example.is_some()).count()
    );
    bodies.extend(docs);
    for body in &bodies {
        assert_valid(&v, &json(body));
    }
}

#[test]
fn every_fixture_catalog_validates_its_own_examples() {
    for path in [
        "tests/fixtures/catalogs/full.toml",
        "tests/fixtures/catalogs/escaping.toml",
    ] {
        let catalog = catalog(path);
        let v = validator(&schema::schema(&catalog));
        for example in catalog.envelope.example.iter() {
            assert_valid(&v, &json(example));
        }
        for example in catalog.codes.iter().filter_map(|c| c.example.as_deref()) {
            assert_valid(&v, &json(example));
        }
    }
}

#[test]
fn structurally_wrong_bodies_fail() {
    let v = validator(&shipped_schema());
    let wrong = [
        json!({}),
        json!({"message": "no envelope", "type": "server_error"}),
        json!({"error": "not an object"}),
        json!({"error": null}),
        json!({"error": []}),
        json!({"error": {"type": "server_error"}}),
        json!({"error": {"message": 42, "type": "server_error"}}),
        json!({"error": {"message": null, "type": "server_error"}}),
        json!({"error": {"message": "no type"}}),
        json!({"error": {"message": "m", "type": 500}}),
        json!({"error": {"message": "m", "type": "server_error", "code": 500}}),
        json!({"error": {"message": "m", "type": "server_error", "param": ["model"]}}),
        json!("just a string"),
    ];
    for body in wrong {
        assert!(!v.is_valid(&body), "{body} should not validate");
    }
}

#[test]
fn what_the_runtime_crate_serializes_validates() {
    let v = validator(&shipped_schema());
    for code in ErrorCode::ALL {
        let err = ApiError::new(code.error_type().unwrap(), code.message_template().unwrap())
            .with_code(code.clone())
            .with_param("p");
        assert_valid(&v, &json(&err.to_json()));
    }
    for t in ErrorType::ALL {
        assert_valid(&v, &json(&ApiError::new(t.clone(), "m").to_json()));
    }
    let unknown = ApiError::new(ErrorType::parse("brand_new_error"), "m")
        .with_code(ErrorCode::parse("brand_new"));
    assert_valid(&v, &json(&unknown.to_json()));
}

#[test]
fn seed_bodies_parsed_by_the_runtime_crate_and_reserialized_validate() {
    let v = validator(&shipped_schema());
    for body in seed_bodies() {
        let err = ApiError::from_json(body.as_bytes()).unwrap();
        assert_valid(&v, &json(&err.to_json()));
    }
}

#[test]
fn the_schema_and_the_runtime_crate_know_the_same_types_and_codes() {
    let schema = shipped_schema();
    let consts = |def: &str| -> Vec<String> {
        schema["$defs"][def]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["const"].as_str().unwrap().to_owned())
            .collect()
    };
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let types: Vec<String> = ErrorType::ALL
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    assert_eq!(consts("KnownErrorCode"), codes);
    assert_eq!(consts("KnownErrorType"), types);
}

/// Runs `.ci/schema_interop.py` (Python's `jsonschema`, and pydantic models generated
/// by datamodel-code-generator when it is installed) when Python has `jsonschema`.
/// `.ci/schema-interop.sh` installs both and runs the same script.
#[test]
fn python_validators_and_generated_models_accept_every_example_body() {
    let python = std::env::var("KIWI_ERRORS_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_jsonschema = std::process::Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_jsonschema {
        eprintln!(
            "skipped: `{python} -c \"import jsonschema\"` fails; .ci/schema-interop.sh runs this check"
        );
        return;
    }
    let out = std::process::Command::new(&python)
        .arg(root().join(".ci/schema_interop.py"))
        .current_dir(root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

/// Every member name of every schema object, skipping the names under `properties`
/// and `$defs` (which are data, not keywords).
fn keywords(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                out.push(key.clone());
                match key.as_str() {
                    "properties" | "$defs" => {
                        for sub in value.as_object().into_iter().flat_map(|m| m.values()) {
                            keywords(sub, out);
                        }
                    }
                    "examples" | "const" | "enum" | "required" => {}
                    _ => keywords(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keywords(v, out)),
        _ => {}
    }
}

#[test]
fn schema_uses_only_standard_keywords_so_strict_validators_compile_it() {
    // The shipped schema, and those of fixture catalogs with what the shipped one may
    // lack today (retired codes, escaping).
    let mut found = Vec::new();
    keywords(&shipped_schema(), &mut found);
    for path in [
        "tests/fixtures/catalogs/full.toml",
        "tests/fixtures/catalogs/escaping.toml",
        "tests/fixtures/catalogs/retired.toml",
    ] {
        keywords(&schema::schema(&catalog(path)), &mut found);
    }
    let standard = [
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "$ref",
        "title",
        "description",
        "deprecated",
        "examples",
        "type",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "anyOf",
        "oneOf",
    ];
    let unknown: Vec<&String> = found
        .iter()
        .filter(|k| !standard.contains(&k.as_str()))
        .collect();
    assert!(unknown.is_empty(), "non-standard keywords: {unknown:?}");
}
