//! JSON Schema emitter: the error body as JSON Schema draft 2020-12, for clients in other
//! languages.
//!
//! The shape of the body comes from Rust types through `schemars`' derive; the values
//! (the known types and codes, with their descriptions, statuses and retry policies)
//! come from the catalog through `json_schema!`. Known types and codes are listed as
//! `const` branches of an `anyOf` whose last branch is any string, so a type or code
//! that this version does not know still validates.
//!
//! Only standard keywords are used, so strict validators (ajv's defaults among them)
//! compile the schema: each known value carries its status, retry behaviour and
//! documentation URL as `title`/`description` annotations, and the same facts as data
//! live in `errors.catalog.json`, which the descriptions of the known values name.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::model::{Catalog, RetryPolicy};

/// The error body: `{"error": {...}}`.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
#[allow(dead_code)]
struct ErrorResponse {
    /// The error object.
    error: ApiError,
}

/// The error object: `message` and `type` are always present; `code` and `param` may be absent or null; other members are allowed.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
#[allow(dead_code)]
struct ApiError {
    message: String,
    #[schemars(rename = "type")]
    error_type: TypeName,
    code: Option<CodeName>,
    param: Option<String>,
}

/// Stands for the `type` member; its definition is built from the catalog.
struct TypeName;

impl JsonSchema for TypeName {
    fn schema_name() -> Cow<'static, str> {
        "ErrorType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

/// Stands for the `code` member; its definition is built from the catalog.
struct CodeName;

impl JsonSchema for CodeName {
    fn schema_name() -> Cow<'static, str> {
        "ErrorCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

/// How a retry policy reads in a description.
pub fn retry_sentence(retry: RetryPolicy) -> &'static str {
    match retry {
        RetryPolicy::Never => {
            "not retried: retrying cannot succeed until the request or the account changes"
        }
        RetryPolicy::Backoff => {
            "retried: after the server's hint, else with exponential backoff and jitter"
        }
    }
}

/// The `$id` of a generated file: the reference page's URL, then `/file_name`.
pub(crate) fn schema_id(catalog: &Catalog, file_name: &str) -> String {
    format!(
        "{}/{file_name}",
        catalog.meta.docs_url.trim_end_matches('/')
    )
}

/// `(KnownErrorType, ErrorType)`: the known types as a string enum whose branches carry
/// the annotations, and the open type that also accepts any other string.
fn type_definitions(catalog: &Catalog) -> (Value, Value) {
    let known: Vec<Value> = catalog
        .types
        .iter()
        .map(|t| {
            let status = catalog.status(t.status);
            let retry = status.retry;
            json!({
                "type": "string",
                "const": t.name,
                "title": t.name,
                "description": format!(
                    "{} HTTP {} {}; {}.",
                    t.description,
                    status.code,
                    status.name,
                    retry_sentence(retry)
                ),
            })
        })
        .collect();
    open_definitions(
        "KnownErrorType",
        known,
        "The error types that this version of the catalog knows, each with its HTTP status and retry behaviour. The same facts as data: errors.catalog.json.",
        "The error category: a known type, or any other string for a type added after this version.",
    )
}

/// `(KnownErrorCode, ErrorCode)`, like [`type_definitions`].
fn code_definitions(catalog: &Catalog) -> (Value, Value) {
    let known: Vec<Value> = catalog
        .codes
        .iter()
        .map(|c| {
            let status = catalog.status_of(c);
            let error_type = &catalog.type_of(c).name;
            let retired = match &c.retired {
                None => String::new(),
                Some(r) => {
                    let by = r
                        .replaced_by
                        .map(|id| format!("; use `{}` instead", catalog.code(id).name))
                        .unwrap_or_default();
                    format!(
                        " Retired since {}: no longer emitted, still accepted{by}.",
                        r.since
                    )
                }
            };
            let mut schema = json!({
                "type": "string",
                "const": c.name,
                "title": c.name,
                "description": format!(
                    "{} Type `{error_type}`, HTTP {} {}; {}. See {}{retired}",
                    c.description,
                    status.code,
                    status.name,
                    retry_sentence(c.retry),
                    c.doc_url
                ),
            });
            // A retired code stays valid: `deprecated` is an annotation, not a check.
            if c.is_retired() {
                if let Some(obj) = schema.as_object_mut() {
                    obj.insert("deprecated".into(), json!(true));
                }
            }
            schema
        })
        .collect();
    open_definitions(
        "KnownErrorCode",
        known,
        "The error codes that this version of the catalog knows, each with its type, HTTP status, retry behaviour and documentation URL. The same facts as data: errors.catalog.json.",
        "The machine-readable error code: a known code, or any other string for a code added after this version.",
    )
}

/// A closed string enum of known values (one `const` branch each, with its annotations)
/// and the open definition that accepts it or any other string.
fn open_definitions(
    known_name: &str,
    known: Vec<Value>,
    known_doc: &str,
    open_doc: &str,
) -> (Value, Value) {
    let closed = json_schema!({
        "title": known_name,
        "description": known_doc,
        "oneOf": known,
    });
    let open = json_schema!({
        "description": open_doc,
        "anyOf": [
            { "$ref": format!("#/$defs/{known_name}") },
            {
                "type": "string",
                "description": "A value that this version of the catalog does not know; keep it as is.",
            },
        ],
    });
    (closed.to_value(), open.to_value())
}

/// Rebuilds every object with its keys in sorted order, whatever map serde_json uses.
pub(crate) fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, canonical(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Pretty-prints a JSON value with `\n` line endings and a trailing newline.
pub(crate) fn to_pretty(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

/// The schema of the error body, as a JSON value.
pub fn schema(catalog: &Catalog) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut root = generator.into_root_schema_for::<ErrorResponse>();
    let name = &catalog.meta.name;
    root.insert(
        "$id".into(),
        json!(schema_id(catalog, "errors.schema.json")),
    );
    root.insert("$comment".into(), json!(super::notice::text(catalog)));
    root.insert("title".into(), json!("ErrorResponse"));
    root.insert(
        "description".into(),
        json!(format!(
            "The body of every error response of the {name} API.{} Reference: {}",
            catalog
                .envelope
                .description
                .as_deref()
                .map(|d| format!(" {d}"))
                .unwrap_or_default(),
            catalog.meta.docs_url
        )),
    );
    if let Some(Ok(example)) = catalog
        .envelope
        .example
        .as_deref()
        .map(serde_json::from_str::<Value>)
    {
        root.insert("examples".into(), json!([example]));
    }
    if let Some(defs) = root.get_mut("$defs").and_then(Value::as_object_mut) {
        let (known_types, types) = type_definitions(catalog);
        let (known_codes, codes) = code_definitions(catalog);
        defs.insert("KnownErrorType".into(), known_types);
        defs.insert("ErrorType".into(), types);
        defs.insert("KnownErrorCode".into(), known_codes);
        defs.insert("ErrorCode".into(), codes);
        if let Some(props) = defs
            .get_mut("ApiError")
            .and_then(|e| e.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            for field in &catalog.envelope.fields {
                if let Some(Value::Object(prop)) = props.get_mut(&field.name) {
                    prop.insert("description".into(), json!(field.description));
                }
            }
        }
    }
    canonical(root.to_value())
}

/// Emits `errors.schema.json`.
pub fn emit(catalog: &Catalog) -> String {
    to_pretty(&schema(catalog))
}
