//! OpenAPI emitter: `errors.openapi.json`, an OpenAPI 3.1 document with no paths whose
//! components (the `Error` and `ErrorResponse` schemas, the retry and rate-limit
//! headers, and one response per error status with an example per code) an API's own
//! spec can `$ref`.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value, json};

use super::schema::{canonical, retry_sentence, to_pretty};
use crate::model::{Catalog, ErrorCode, RetryPolicy};
use crate::template::{Piece, pieces};

/// The example body of a code: its own, else one built from its message template with
/// each argument shown as `<name>`.
fn example_body(catalog: &Catalog, code: &ErrorCode) -> Value {
    if let Some(body) = code
        .example
        .as_deref()
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
    {
        return body;
    }
    let message: String = pieces(&code.message)
        .map(|ps| {
            ps.iter()
                .map(|p| match p {
                    Piece::Text(t) => t.to_string(),
                    Piece::Arg(a) => format!("<{a}>"),
                })
                .collect()
        })
        .unwrap_or_else(|_| code.message.clone());
    let mut error = Map::new();
    error.insert("message".into(), json!(message));
    error.insert("type".into(), json!(catalog.type_of(code).name));
    error.insert("code".into(), json!(code.name));
    if let Some(param) = &code.param {
        error.insert("param".into(), json!(param));
    }
    json!({ "error": error })
}

fn headers(catalog: &Catalog) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        "Retry-After".into(),
        json!({
            "description": "When to retry: delta-seconds (fractions accepted) or an HTTP-date (RFC 9110 §10.2.3).",
            "schema": { "type": "string" },
        }),
    );
    out.insert(
        "retry-after-ms".into(),
        json!({
            "description": "When to retry, in milliseconds; read before Retry-After.",
            "schema": { "type": "string", "pattern": "^[0-9]*\\.?[0-9]+$" },
        }),
    );
    out.insert(
        "x-should-retry".into(),
        json!({
            "description": "The server's verdict on retrying, which overrides the catalog's policy.",
            "schema": { "type": "string", "enum": ["true", "false"] },
        }),
    );
    for h in &catalog.headers {
        out.insert(
            h.name.clone(),
            json!({ "description": h.description, "schema": { "type": "string" } }),
        );
    }
    out
}

fn error_schema(catalog: &Catalog) -> Value {
    let field_doc = |name: &str| {
        catalog
            .envelope
            .fields
            .iter()
            .find(|f| f.name == name)
            .map_or(String::new(), |f| f.description.clone())
    };
    let codes: Vec<Value> = catalog.codes.iter().map(|c| json!(c.name)).collect();
    let code_list: Vec<String> = catalog
        .codes
        .iter()
        .map(|c| {
            format!(
                "`{}`: {} ({}.)",
                c.name,
                c.description,
                retry_sentence(c.retry)
            )
        })
        .collect();
    let types: Vec<Value> = catalog.types.iter().map(|t| json!(t.name)).collect();
    json!({
        "type": "object",
        "description": "The error object. Other members may be present.",
        "required": ["message", "type"],
        "additionalProperties": true,
        "properties": {
            "message": { "type": "string", "description": field_doc("message") },
            "type": {
                "description": format!("{} Known values: {}; any other string is a type added later.", field_doc("type"), catalog.types.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")),
                "anyOf": [ { "type": "string", "enum": types }, { "type": "string" } ],
            },
            "code": {
                "description": format!("{} Known values:\n\n- {}\n\nAny other string is a code added later; the member may be absent or null.", field_doc("code"), code_list.join("\n- ")),
                "anyOf": [ { "type": "string", "enum": codes }, { "type": "string" }, { "type": "null" } ],
            },
            "param": { "type": ["string", "null"], "description": field_doc("param") },
        },
    })
}

/// The document, as a JSON value.
pub fn document(catalog: &Catalog) -> Value {
    let header_map = headers(catalog);
    let header_refs: Map<String, Value> = header_map
        .keys()
        .map(|k| {
            (
                k.clone(),
                json!({ "$ref": format!("#/components/headers/{k}") }),
            )
        })
        .collect();
    let mut responses = Map::new();
    for status in catalog.statuses.iter().filter(|s| !s.success) {
        let mut examples = Map::new();
        for code in catalog
            .codes
            .iter()
            .filter(|c| catalog.status_of(c).code == status.code)
        {
            examples.insert(
                code.name.clone(),
                json!({ "summary": format!("{} ({})", code.name, code.description), "value": example_body(catalog, code) }),
            );
        }
        let mut media = Map::new();
        media.insert(
            "schema".into(),
            json!({ "$ref": "#/components/schemas/ErrorResponse" }),
        );
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        let retry = match status.retry {
            RetryPolicy::Never => "Not retried by default",
            RetryPolicy::Backoff => "Retried by default, after the server's hint or with backoff",
        };
        let name = status.name.to_upper_camel_case();
        let name = if name.is_empty() {
            format!("Status{}", status.code)
        } else {
            name
        };
        responses.insert(
            name,
            json!({
                "description": format!("HTTP {} {}: {} {retry}; a code's own policy wins.", status.code, status.name, status.description),
                "headers": header_refs.clone(),
                "content": { "application/json": media },
            }),
        );
    }
    let error_response = json!({
        "type": "object",
        "description": format!(
            "The body of every error response.{}",
            catalog.envelope.description.as_deref().map(|d| format!(" {d}")).unwrap_or_default()
        ),
        "required": ["error"],
        "additionalProperties": true,
        "properties": { "error": { "$ref": "#/components/schemas/Error" } },
    });
    canonical(json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{} errors", catalog.meta.name),
            "version": "1.0.0",
            "description": format!("The error responses of the {} API, generated from its error catalog ({}). Reference: {}", catalog.meta.name, super::notice::text(catalog), catalog.meta.docs_url),
        },
        "paths": {},
        "components": {
            "schemas": { "Error": error_schema(catalog), "ErrorResponse": error_response },
            "headers": header_map,
            "responses": responses,
        },
    }))
}

/// Emits `errors.openapi.json`.
pub fn emit(catalog: &Catalog) -> String {
    to_pretty(&document(catalog))
}
