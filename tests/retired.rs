//! Retired codes end to end: the generated table of `tests/fixtures/catalogs/retired.toml`
//! compiled with `error_catalog!`, and what the other artifacts and `explain` say.

mod docs_support;

use docs_support::{catalog, read};
use kiwi_errors_codegen::{Artifact, explain};

const FIXTURE: &str = "tests/fixtures/catalogs/retired.toml";

/// The generated Rust of the fixture, compiled for real.
#[allow(clippy::all, missing_docs, dead_code)]
mod retired {
    include!("fixtures/catalogs/retired.rs");
}

use retired::{ApiError, ErrorCode};

#[test]
fn retired_codes_parse_into_their_variants_with_status_type_and_retry() {
    let model = catalog(FIXTURE);
    for c in &model.codes {
        let code: ErrorCode = c.name.parse().unwrap();
        assert!(code.is_known(), "{}", c.name);
        assert_eq!(code.is_retired(), c.is_retired(), "{}", c.name);
        assert_eq!(
            code.status().map(|s| s.code()),
            Some(model.status_of(c).code)
        );
        assert_eq!(
            code.error_type().map(|t| t.as_str().to_owned()),
            Some(model.type_of(c).name.clone())
        );
        assert_eq!(
            code.retry_policy().map(|r| format!("{r:?}").to_lowercase()),
            Some(c.retry.as_str().to_owned())
        );
        let since = c.retired.as_ref().map(|r| r.since.to_string());
        assert_eq!(code.retired_since().map(str::to_owned), since);
        let by = c
            .retired
            .as_ref()
            .and_then(|r| r.replaced_by)
            .map(|id| model.code(id).name.clone());
        assert_eq!(code.replaced_by().map(|b| b.as_str().to_owned()), by);
    }
    assert!(model.codes.iter().any(|c| c.is_retired()));
}

#[test]
fn a_body_with_a_retired_code_still_parses() {
    let model = catalog(FIXTURE);
    for c in model.codes.iter().filter(|c| c.is_retired()) {
        let body = format!(
            r#"{{"error": {{"message": "m", "type": "{}", "code": "{}"}}}}"#,
            model.type_of(c).name,
            c.name
        );
        let err = ApiError::from_json(body.as_bytes()).unwrap();
        let code = err.code().unwrap();
        assert!(code.is_known() && code.is_retired(), "{}", c.name);
        assert_eq!(
            err.to_json(),
            ApiError::from_json(err.to_json().as_bytes())
                .unwrap()
                .to_json()
        );
    }
}

#[test]
fn the_constructor_of_a_retired_code_is_deprecated_but_still_builds_its_error() {
    let source = read("tests/fixtures/catalogs/retired.rs");
    let model = catalog(FIXTURE);
    for c in model.codes.iter().filter(|c| c.is_retired()) {
        assert!(
            source.contains(&format!("name: \"{}\"", c.name)),
            "{}",
            c.name
        );
        let code: ErrorCode = c.name.parse().unwrap();
        let example = ApiError::example(&code).unwrap();
        assert_eq!(example.code(), Some(&code));
    }
    #[allow(deprecated)]
    let err = ApiError::too_slow(3);
    assert_eq!(err.message(), "Too slow for 3 seconds");
}

#[test]
fn explain_says_a_retired_code_is_no_longer_emitted_and_names_its_replacement() {
    let text = explain(&catalog(FIXTURE), "too_slow").unwrap();
    assert!(text.contains("no longer emitted"), "{text}");
    assert!(text.contains("Use instead: slow_down"), "{text}");
}

#[test]
fn the_reference_page_lists_retired_codes_in_their_own_section() {
    let model = catalog(FIXTURE);
    let page = Artifact::Markdown.render(&model);
    let heading = format!("## {}", model.meta.page.retired);
    let (active, retired) = page
        .split_once(&heading)
        .expect("a section of retired codes");
    for c in &model.codes {
        let heading = format!("### {}\n", c.name);
        if c.is_retired() {
            assert!(
                retired.contains(&heading) && !active.contains(&heading),
                "{}",
                c.name
            );
        } else {
            assert!(
                active.contains(&heading) && !retired.contains(&heading),
                "{}",
                c.name
            );
        }
    }
}

#[test]
fn the_catalog_data_marks_retired_codes_and_the_schema_still_accepts_them() {
    let model = catalog(FIXTURE);
    let data: serde_json::Value =
        serde_json::from_str(&Artifact::CatalogJson.render(&model)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&Artifact::Schema.render(&model)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (c, json) in model.codes.iter().zip(data["codes"].as_array().unwrap()) {
        assert_eq!(json["retired"].is_object(), c.is_retired(), "{}", c.name);
        let body = serde_json::json!({"error": {
            "message": "m", "type": model.type_of(c).name, "code": c.name
        }});
        assert!(validator.is_valid(&body), "{}", c.name);
    }
    assert_eq!(data["version"], model.meta.version.to_string());
}
