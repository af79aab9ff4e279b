//! Whole-catalog checks: duplicates, references, identifier collisions, examples.

use std::collections::BTreeMap;

use crate::diagnostics::Sink;
use crate::ident;
use crate::model::{Catalog, Pos};
use crate::parse::{Locations, closest};

/// Names of `ApiError` associated functions and methods; a code whose constructor would
/// take one of these names is rejected, since constructors live on `ApiError` too.
pub const RESERVED_CONSTRUCTORS: &[&str] = &[
    "new",
    "message",
    "error_type",
    "code",
    "param",
    "status",
    "http_status",
    "with_code",
    "with_param",
    "with_status",
    "retry_policy",
    "is_retryable",
    "remediation",
    "doc_url",
    "from_json",
    "from_response",
    "to_json",
    "into_envelope",
];

/// The variant every generated enum keeps for values this build does not know.
pub const RESERVED_VARIANT: &str = "Unknown";

/// Reports duplicate keys of one kind, with a note at the first definition.
fn duplicates<K: Ord + Clone>(
    sink: &mut Sink<'_>,
    items: impl IntoIterator<Item = (K, Pos)>,
    message: impl Fn(&K) -> String,
) {
    let mut first: BTreeMap<K, Pos> = BTreeMap::new();
    for (key, pos) in items {
        match first.get(&key) {
            Some(&earlier) => sink.error_with_note(pos, message(&key), earlier, "first defined here"),
            None => {
                first.insert(key, pos);
            }
        }
    }
}

/// Reports names that become the same Rust identifier, or a reserved one.
fn collisions(
    sink: &mut Sink<'_>,
    what: &str,
    items: impl IntoIterator<Item = (String, String, Pos)>,
    reserved: &[&str],
) {
    let mut first: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    for (name, rust, pos) in items {
        if reserved.contains(&rust.as_str()) {
            sink.error_at(
                pos,
                format!("{what} \"{name}\" becomes the Rust name `{rust}`, which is reserved"),
            );
            continue;
        }
        match first.get(&rust) {
            Some((other, earlier)) if *other != name => sink.error_with_note(
                pos,
                format!("{what} \"{name}\" becomes the Rust name `{rust}`, which \"{other}\" already has"),
                *earlier,
                format!("\"{other}\" is defined here"),
            ),
            Some(_) => {}
            None => {
                first.insert(rust, (name, pos));
            }
        }
    }
}

pub(crate) fn validate(catalog: &Catalog, loc: &Locations, sink: &mut Sink<'_>) {
    // Statuses.
    duplicates(
        sink,
        catalog.statuses.iter().zip(&loc.status_code).map(|(s, p)| (s.code, *p)),
        |code| format!("duplicate status {code}"),
    );
    let mut status_variants = Vec::new();
    for (s, pos) in catalog.statuses.iter().zip(&loc.status_code) {
        match ident::status_variant(&s.name) {
            Some(v) => status_variants.push((s.name.clone(), v, s.pos)),
            None => sink.error_at(*pos, format!("status name \"{}\" has no letters or digits to name it in Rust", s.name)),
        }
    }
    collisions(sink, "status name", status_variants, &[]);

    // Types.
    duplicates(
        sink,
        catalog.types.iter().zip(&loc.type_name).map(|(t, p)| (t.name.clone(), *p)),
        |name| format!("duplicate type \"{name}\""),
    );
    collisions(
        sink,
        "type name",
        catalog.types.iter().zip(&loc.type_name).map(|(t, p)| (t.name.clone(), ident::variant(&t.name), *p)),
        &[RESERVED_VARIANT],
    );
    for (t, pos) in catalog.types.iter().zip(&loc.type_status) {
        match catalog.status(t.status) {
            None => {
                let known: Vec<String> = catalog.statuses.iter().filter(|s| !s.success).map(|s| s.code.to_string()).collect();
                sink.error_at(
                    *pos,
                    format!("type \"{}\" refers to unknown status {}; known error statuses: {}", t.name, t.status, known.join(", ")),
                );
            }
            Some(s) if s.success => sink.error_at(
                *pos,
                format!("type \"{}\" refers to status {}, which is a success status, not an error", t.name, t.status),
            ),
            Some(_) => {}
        }
    }

    // Codes.
    duplicates(
        sink,
        catalog.codes.iter().zip(&loc.code_name).map(|(c, p)| (c.name.clone(), *p)),
        |name| format!("duplicate code \"{name}\""),
    );
    collisions(
        sink,
        "code name",
        catalog.codes.iter().zip(&loc.code_name).map(|(c, p)| (c.name.clone(), ident::variant(&c.name), *p)),
        &[RESERVED_VARIANT],
    );
    collisions(
        sink,
        "code name",
        catalog.codes.iter().zip(&loc.code_name).map(|(c, p)| (c.name.clone(), ident::function(&c.name), *p)),
        RESERVED_CONSTRUCTORS,
    );
    for (c, pos) in catalog.codes.iter().zip(&loc.code_type) {
        if catalog.error_type(&c.error_type).is_none() {
            let mut msg = format!("code \"{}\" refers to unknown type \"{}\"", c.name, c.error_type);
            if let Some(best) = closest(&c.error_type, catalog.types.iter().map(|t| t.name.as_str())) {
                msg.push_str(&format!("; did you mean \"{best}\"?"));
            }
            sink.error_at(*pos, msg);
        }
    }
    for (c, pos) in catalog.codes.iter().zip(&loc.code_example) {
        if let (Some(example), Some(pos)) = (&c.example, pos) {
            if let Err(e) = check_example(example, Some(&c.error_type), Some(&c.name)) {
                sink.error_at(*pos, format!("example of code \"{}\": {e}", c.name));
            }
        }
    }

    // Envelope.
    if !catalog.envelope.example_code.is_empty() {
        match catalog.code(&catalog.envelope.example_code) {
            None => sink.error_at(
                loc.envelope_example_code,
                format!("`example_code` refers to unknown code \"{}\"", catalog.envelope.example_code),
            ),
            Some(c) => {
                if let Err(e) = check_example(&catalog.envelope.example, Some(&c.error_type), Some(&c.name)) {
                    sink.error_at(loc.envelope_example, format!("envelope example: {e}"));
                }
            }
        }
    }

    // Headers (names are case-insensitive in HTTP).
    duplicates(
        sink,
        catalog.headers.iter().zip(&loc.header_name).map(|(h, p)| (h.name.to_ascii_lowercase(), *p)),
        |name| format!("duplicate header \"{name}\""),
    );

    if !catalog.statuses.iter().any(|s| !s.success) {
        sink.error_at(Pos { line: 1, column: 1 }, "the catalog lists no error status");
    }
}

/// Checks that an example body is an error envelope of the expected type and code.
fn check_example(example: &str, error_type: Option<&str>, code: Option<&str>) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(example).map_err(|e| format!("not valid JSON ({e})"))?;
    let error = value
        .get("error")
        .and_then(|e| e.as_object())
        .ok_or("must be an object with an `error` object")?;
    if !error.get("message").is_some_and(|m| m.is_string()) {
        return Err("`error.message` must be a string".into());
    }
    match (error.get("type").and_then(|t| t.as_str()), error_type) {
        (None, _) => return Err("`error.type` must be a string".into()),
        (Some(found), Some(expected)) if found != expected => {
            return Err(format!("`error.type` is \"{found}\", but the code's type is \"{expected}\""));
        }
        _ => {}
    }
    match (error.get("code"), code) {
        (None | Some(serde_json::Value::Null), _) => {}
        (Some(serde_json::Value::String(found)), Some(expected)) if found != expected => {
            return Err(format!("`error.code` is \"{found}\", expected \"{expected}\""));
        }
        (Some(serde_json::Value::String(_)), _) => {}
        (Some(_), _) => return Err("`error.code` must be a string or null".into()),
    }
    if let Some(p) = error.get("param") {
        if !(p.is_string() || p.is_null()) {
            return Err("`error.param` must be a string or null".into());
        }
    }
    Ok(())
}
