//! Catalog data emitter: the whole catalog as JSON, normalised, for clients in any
//! language that load retry flags and remediation text at run time; and its schema.
//!
//! Normalised means every code carries what a client would otherwise have to look up:
//! its HTTP status, its effective retry policy (and where that policy comes from) and its
//! documentation URL. Keys appear in the order of the structs below. Doc comments of
//! the structs become the schema's descriptions, so each is kept on one line.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::Serialize;
use serde_json::{Value, json};

use super::schema::{canonical, schema_id, to_pretty};
use crate::model::{Catalog, RetryPolicy, RetrySource, Stream, StreamEnd, StreamShape};

/// Whether, and how, a failed request may be retried.
#[derive(JsonSchema)]
#[schemars(rename = "RetryPolicy")]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum RetryPolicyName {
    /// Retrying cannot succeed: the request (or the account) must change first.
    Never,
    /// Retry after the server's hint (`retry-after-ms`, `Retry-After`, `X-RateLimit-Reset`), else with capped exponential backoff and jitter.
    Backoff,
}

/// The file name of the data, as the schema's title refers to it.
const DATA_FILE: &str = "errors.catalog.json";

/// The whole error catalog of an API, normalised.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "ErrorCatalog")]
struct CatalogData {
    /// Always the notice that the file is generated.
    #[serde(rename = "$comment")]
    comment: String,
    /// The API's name.
    name: String,
    /// The title of the error reference page.
    title: String,
    /// The opening paragraph of the reference page; null when the catalog has none.
    intro: Option<String>,
    /// The URL of the published reference page.
    docs_url: String,
    /// The catalog's semantic version, MAJOR.MINOR.PATCH.
    version: String,
    /// The HTTP statuses, in reference order.
    statuses: Vec<StatusData>,
    /// The error response format.
    envelope: EnvelopeData,
    /// The error types (the `type` member of a body), in reference order.
    types: Vec<TypeData>,
    /// The error codes (the `code` member of a body), in reference order.
    codes: Vec<CodeData>,
    /// The rate-limit headers sent with every response.
    rate_limit_headers: Vec<HeaderData>,
    /// The retry strategy section of the reference page; null when the catalog has none.
    retry: Option<RetryData>,
    /// How errors travel in a streamed (Server-Sent Events) answer; null when the catalog does not say.
    stream: Option<StreamData>,
}

/// One HTTP status of the status table.
#[derive(Serialize, JsonSchema)]
struct StatusData {
    /// The numeric status.
    code: u16,
    /// Its name in the status table.
    name: String,
    /// What it means for a client.
    description: String,
    /// True for a success status.
    success: bool,
    /// The default retry policy of every type and code with this status.
    #[schemars(with = "RetryPolicyName")]
    retry: RetryPolicy,
    /// True when `retry` is `backoff`.
    retryable: bool,
}

/// The error response format.
#[derive(Serialize, JsonSchema)]
struct EnvelopeData {
    /// A sentence introducing the format; null when the catalog has none.
    description: Option<String>,
    /// The code whose example body illustrates the format; null when none is named.
    example_code: Option<String>,
    /// The example body, as JSON text, verbatim; null when the catalog has none.
    example: Option<String>,
    /// The documented members of the inner `error` object.
    fields: Vec<FieldData>,
}

/// One documented member of the error object.
#[derive(Serialize, JsonSchema)]
struct FieldData {
    /// The member name: `message`, `type`, `code` or `param`.
    name: String,
    /// What it holds.
    description: String,
}

/// An error type: the `type` member of a body.
#[derive(Serialize, JsonSchema)]
struct TypeData {
    /// The wire name.
    name: String,
    /// The HTTP status returned with this type.
    status: u16,
    /// The name of that status.
    status_name: String,
    /// What the type means.
    description: String,
    /// The retry policy of the type's status.
    #[schemars(with = "RetryPolicyName")]
    retry: RetryPolicy,
    /// True when `retry` is `backoff`.
    retryable: bool,
}

/// An error code: the `code` member of a body, with everything resolved.
#[derive(Serialize, JsonSchema)]
struct CodeData {
    /// The wire name.
    name: String,
    /// The name of its error type.
    #[serde(rename = "type")]
    error_type: String,
    /// The HTTP status returned with this code (through its type).
    status: u16,
    /// The name of that status.
    status_name: String,
    /// What the code means.
    description: String,
    /// The message template: `{arg}` is replaced by an argument, `{{` and `}}` are literal braces.
    message: String,
    /// The arguments of the message template, in order.
    args: Vec<String>,
    /// The request parameter the error is about, if any.
    param: Option<String>,
    /// The effective retry policy.
    #[schemars(with = "RetryPolicyName")]
    retry: RetryPolicy,
    /// Whether the policy is the code's own or its status's default.
    retry_source: RetrySource,
    /// True when `retry` is `backoff`.
    retryable: bool,
    /// What a client can do about it, in order.
    remediation: Vec<String>,
    /// The documentation URL of the code.
    doc_url: String,
    /// An example body, as JSON text, verbatim; null when the catalog has none.
    example: Option<String>,
    /// Set when the code is retired (no longer emitted, still parsed); null otherwise.
    retired: Option<RetiredData>,
}

/// Why and since when a code is no longer emitted.
#[derive(Serialize, JsonSchema)]
struct RetiredData {
    /// The catalog version that retired the code.
    since: String,
    /// The code to use instead; null when the catalog names none.
    replaced_by: Option<String>,
    /// A sentence for readers; null when the catalog has none.
    note: Option<String>,
}

/// A response header documented with the rate limits.
#[derive(Serialize, JsonSchema)]
struct HeaderData {
    /// The header name.
    name: String,
    /// What it holds.
    description: String,
}

/// The retry strategy section of the reference page.
#[derive(Serialize, JsonSchema)]
struct RetryData {
    /// The sentence before the example; null when the catalog has none.
    intro: Option<String>,
    /// The language of the example (`text` when the catalog names none).
    example_language: String,
    /// The example code, verbatim; null when the catalog has none.
    example: Option<String>,
    /// The sentence after the example; null when the catalog has none.
    outro: Option<String>,
    /// An example of the `kiwi-errors` retry helper in Rust; null when the catalog has none.
    rust_example: Option<String>,
}

/// How errors travel in a streamed (Server-Sent Events) answer.
#[derive(Serialize, JsonSchema)]
struct StreamData {
    /// The name of the events that carry errors; `message` is an event without an `event:` line.
    event: String,
    /// The data of an error event.
    shape: StreamShapeName,
    /// How a complete stream ends; null when no event marks it (the body's end is the stream's end).
    end: Option<StreamEndData>,
    /// The codes that may arrive mid-stream, in reference order.
    codes: Vec<String>,
    /// A sentence for readers; null when the catalog has none.
    description: Option<String>,
}

/// The data of an error event in a stream.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "StreamShape")]
#[serde(rename_all = "lowercase")]
enum StreamShapeName {
    /// The error envelope, `{"error": {...}}`.
    Envelope,
    /// The envelope named as an error event, `{"type": "error", "error": {...}}`.
    Named,
    /// The error object's members beside `"type": "error"`: `{"type": "error", "code": ..., "message": ..., "param": ...}`.
    Flat,
}

/// The final event of a complete stream: the one whose data is `data`, or the one named `event`.
#[derive(Serialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
enum StreamEndData {
    /// The final event is the one with this data.
    Data {
        /// The data of the final event, e.g. `[DONE]`.
        data: String,
    },
    /// The final event is the one with this name.
    Event {
        /// The name of the final event, e.g. `message_stop`.
        event: String,
    },
}

fn stream_data(catalog: &Catalog, s: &Stream) -> StreamData {
    StreamData {
        event: s.event.clone(),
        shape: match s.shape {
            StreamShape::Envelope => StreamShapeName::Envelope,
            StreamShape::Named => StreamShapeName::Named,
            StreamShape::Flat => StreamShapeName::Flat,
        },
        end: s.end.as_ref().map(|e| match e {
            StreamEnd::Data(d) => StreamEndData::Data { data: d.clone() },
            StreamEnd::Event(n) => StreamEndData::Event { event: n.clone() },
        }),
        codes: s
            .codes
            .iter()
            .map(|&id| catalog.code(id).name.clone())
            .collect(),
        description: s.description.clone(),
    }
}

fn data(catalog: &Catalog) -> CatalogData {
    CatalogData {
        comment: super::notice::text(catalog),
        name: catalog.meta.name.clone(),
        title: catalog.meta.title.clone(),
        intro: catalog.meta.intro.clone(),
        docs_url: catalog.meta.docs_url.clone(),
        version: catalog.meta.version.to_string(),
        statuses: catalog
            .statuses
            .iter()
            .map(|s| StatusData {
                code: s.code,
                name: s.name.clone(),
                description: s.description.clone(),
                success: s.success,
                retry: s.retry,
                retryable: s.retry.is_retryable(),
            })
            .collect(),
        envelope: EnvelopeData {
            description: catalog.envelope.description.clone(),
            example_code: catalog
                .envelope
                .example_code
                .map(|id| catalog.code(id).name.clone()),
            example: catalog.envelope.example.clone(),
            fields: catalog
                .envelope
                .fields
                .iter()
                .map(|f| FieldData {
                    name: f.name.clone(),
                    description: f.description.clone(),
                })
                .collect(),
        },
        types: catalog
            .types
            .iter()
            .map(|t| {
                let status = catalog.status(t.status);
                TypeData {
                    name: t.name.clone(),
                    status: status.code,
                    status_name: status.name.clone(),
                    description: t.description.clone(),
                    retry: status.retry,
                    retryable: status.retry.is_retryable(),
                }
            })
            .collect(),
        codes: catalog
            .codes
            .iter()
            .map(|c| {
                let status = catalog.status_of(c);
                CodeData {
                    name: c.name.clone(),
                    error_type: catalog.type_of(c).name.clone(),
                    status: status.code,
                    status_name: status.name.clone(),
                    description: c.description.clone(),
                    message: c.message.clone(),
                    args: c.args.iter().map(|a| a.name.clone()).collect(),
                    param: c.param.clone(),
                    retry: c.retry,
                    retry_source: c.retry_source,
                    retryable: c.retry.is_retryable(),
                    remediation: c.remediation.clone(),
                    doc_url: c.doc_url.clone(),
                    example: c.example.clone(),
                    retired: c.retired.as_ref().map(|r| RetiredData {
                        since: r.since.to_string(),
                        replaced_by: r.replaced_by.map(|id| catalog.code(id).name.clone()),
                        note: r.note.clone(),
                    }),
                }
            })
            .collect(),
        rate_limit_headers: catalog
            .headers
            .iter()
            .map(|h| HeaderData {
                name: h.name.clone(),
                description: h.description.clone(),
            })
            .collect(),
        retry: catalog.retry.as_ref().map(|r| RetryData {
            intro: r.intro.clone(),
            example_language: r.example_language.clone(),
            example: r.example.clone(),
            outro: r.outro.clone(),
            rust_example: r.rust_example.clone(),
        }),
        stream: catalog.stream.as_ref().map(|s| stream_data(catalog, s)),
    }
}

/// Emits `errors.catalog.json`: the normalised catalog, keys in declaration order.
pub fn emit(catalog: &Catalog) -> String {
    let mut out = serde_json::to_string_pretty(&data(catalog)).unwrap_or_default();
    out.push('\n');
    out
}

/// The schema of `errors.catalog.json`, as a JSON value.
pub fn schema(catalog: &Catalog) -> Value {
    let mut root = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<CatalogData>();
    root.insert(
        "$id".into(),
        json!(schema_id(catalog, "errors.catalog.schema.json")),
    );
    root.insert("$comment".into(), json!(super::notice::text(catalog)));
    root.insert(
        "description".into(),
        json!(format!(
            "The error catalog of the {} API as data ({DATA_FILE}): statuses, types, codes \
             with their resolved status, effective retry policy, remediation and doc URL, \
             rate-limit headers, the retry strategy and how errors travel in a stream.",
            catalog.meta.name
        )),
    );
    canonical(root.to_value())
}

/// Emits `errors.catalog.schema.json`.
pub fn emit_schema(catalog: &Catalog) -> String {
    to_pretty(&schema(catalog))
}
