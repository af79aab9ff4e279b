//! Whole-catalog checks — duplicates, references, identifier collisions, examples —
//! that turn the raw tree into the checked [`Catalog`], every reference resolved.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::{Sink, closest};
use crate::ident;
use crate::model::{
    Arg, Catalog, CodeId, Envelope, ErrorCode, ErrorType, Field, Header, Retired, RetrySource,
    Status, StatusId, Stream, TypeId,
};
use crate::raw::{RawCatalog, RawCode};

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
    "into_inner",
    "example",
    "from_http_response",
    "from_response_lossy",
    "retry_after",
    "retry_delay",
];

/// The variant every generated enum keeps for values this build does not know.
pub const RESERVED_VARIANT: &str = "Unknown";

/// The members of the error object that the envelope may document, each at most once.
pub const ENVELOPE_FIELDS: &[&str] = &["message", "type", "code", "param"];

/// Reports duplicate keys of one kind, with a note at the first definition.
fn duplicates<K: Ord + Clone>(
    sink: &mut Sink<'_>,
    items: impl IntoIterator<Item = (K, Range<usize>)>,
    message: impl Fn(&K) -> String,
) {
    let mut first: BTreeMap<K, Range<usize>> = BTreeMap::new();
    for (key, span) in items {
        match first.get(&key) {
            Some(earlier) => {
                let earlier = earlier.clone();
                sink.error(span, message(&key))
                    .note(earlier, "first defined here");
            }
            None => {
                first.insert(key, span);
            }
        }
    }
}

/// Reports names that become the same Rust identifier, or a reserved one.
fn collisions(
    sink: &mut Sink<'_>,
    what: &str,
    items: impl IntoIterator<Item = (String, String, Range<usize>)>,
    reserved: &[&str],
) {
    let mut first: BTreeMap<String, (String, Range<usize>)> = BTreeMap::new();
    for (name, rust, span) in items {
        if reserved.contains(&rust.as_str()) {
            sink.error(
                span,
                format!("{what} \"{name}\" becomes the Rust name `{rust}`, which is reserved"),
            );
            continue;
        }
        match first.get(&rust) {
            Some((other, earlier)) if *other != name => {
                let (other, earlier) = (other.clone(), earlier.clone());
                sink.error(
                    span,
                    format!("{what} \"{name}\" becomes the Rust name `{rust}`, which \"{other}\" already has"),
                )
                .note(earlier, format!("\"{other}\" is defined here"));
            }
            Some(_) => {}
            None => {
                first.insert(rust, (name, span));
            }
        }
    }
}

/// Checks the whole catalog and builds the checked model. Problems go to `sink`; the
/// model is built only when the raw tree is complete and this finds no problem.
pub(crate) fn validate(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Catalog> {
    let statuses = statuses(raw, sink);
    let types = types(raw, sink);
    let codes = codes(raw, sink);
    let example_code = envelope(raw, sink);
    let retired = retired(raw, sink);
    let stream = stream(raw, sink);

    // Headers (names are case-insensitive in HTTP).
    duplicates(
        sink,
        raw.headers
            .iter()
            .map(|h| (h.name.get_ref().to_ascii_lowercase(), h.name.span()))
            .collect::<Vec<_>>(),
        |name| format!("duplicate header \"{name}\""),
    );

    if !raw.statuses.is_empty() && raw.statuses.iter().all(|s| s.success) {
        sink.error(0..0, "the catalog lists no error status");
    }

    if sink.has_errors() || raw.codes_incomplete || raw.headers_incomplete {
        return None;
    }
    let envelope = match raw.envelope.as_ref() {
        None => Envelope {
            description: None,
            example_code: None,
            example: None,
            fields: Field::defaults(),
        },
        Some(envelope) => Envelope {
            description: envelope.description.clone(),
            example_code,
            example: envelope.example.as_ref().map(|e| e.get_ref().clone()),
            fields: if envelope.fields.is_empty() {
                Field::defaults()
            } else {
                envelope
                    .fields
                    .iter()
                    .map(|f| {
                        Some(Field {
                            name: f.name.get_ref().clone(),
                            description: f.description.clone()?,
                        })
                    })
                    .collect::<Option<_>>()?
            },
        },
    };
    let meta = raw.meta.as_ref()?.meta.clone();
    let statuses = statuses?;
    let types = types?;
    let codes = codes?
        .into_iter()
        .zip(retired)
        .map(|((c, type_id), retired)| {
            let t: &ErrorType = types.get(type_id.0)?;
            let status: &Status = statuses.get(t.status.0)?;
            Some(ErrorCode {
                name: c.name.get_ref().clone(),
                error_type: type_id,
                status: t.status,
                description: c.description.clone()?,
                message: c.message.clone()?,
                args: c
                    .args
                    .iter()
                    .map(|a| Arg {
                        name: a.clone(),
                        ident: ident::function(a),
                    })
                    .collect(),
                param: c.param.clone(),
                retry: c.retry.unwrap_or(status.retry),
                retry_source: if c.retry.is_some() {
                    RetrySource::Code
                } else {
                    RetrySource::Status
                },
                remediation: c.remediation.clone(),
                doc_url: match &c.doc_url {
                    Some(url) => url.clone(),
                    None => format!("{}#{}", meta.docs_url, c.name.get_ref()),
                },
                example: c.example.as_ref().map(|e| e.get_ref().clone()),
                variant: ident::variant(c.name.get_ref()),
                constructor: ident::function(c.name.get_ref()),
                retired,
                pos: sink.pos(c.span.start),
            })
        })
        .collect::<Option<_>>()?;
    Some(Catalog {
        meta,
        statuses,
        envelope,
        types,
        codes,
        headers: raw
            .headers
            .iter()
            .map(|h| {
                Some(Header {
                    name: h.name.get_ref().clone(),
                    description: h.description.clone()?,
                })
            })
            .collect::<Option<_>>()?,
        retry: raw.retry.clone(),
        stream: match stream {
            Some(s) => Some(s?),
            None => None,
        },
    })
}

/// Checks `[stream]`: each of its `codes` a code of the catalog, still emitted, listed
/// once. `None` when the catalog has no `[stream]`; `Some(None)` when it cannot be built.
fn stream(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Option<Stream>> {
    let s = raw.stream.as_ref()?;
    duplicates(
        sink,
        s.codes
            .iter()
            .map(|c| (c.get_ref().clone(), c.span()))
            .collect::<Vec<_>>(),
        |name| format!("code \"{name}\" is listed twice in `codes` of [stream]"),
    );
    let mut codes = Vec::with_capacity(s.codes.len());
    let mut complete = s.complete;
    for name in &s.codes {
        let target = name.get_ref();
        match raw.codes.iter().position(|c| c.name.get_ref() == target) {
            Some(i) if raw.codes[i].retired.is_some() => {
                complete = false;
                sink.error(
                    name.span(),
                    format!("`codes` in [stream] lists \"{target}\", which is retired; list only codes that are still emitted"),
                )
                .note(raw.codes[i].name.span(), format!("\"{target}\" is defined here"));
            }
            Some(i) => {
                if !codes.contains(&CodeId(i)) {
                    codes.push(CodeId(i));
                }
            }
            None => {
                complete = false;
                if !raw.codes_incomplete {
                    let d = sink.error(
                        name.span(),
                        format!("`codes` in [stream] lists unknown code \"{target}\""),
                    );
                    if let Some(best) =
                        closest(target, raw.codes.iter().map(|c| c.name.get_ref().as_str()))
                    {
                        d.suggest(best);
                    }
                }
            }
        }
    }
    Some(complete.then(|| Stream {
        description: s.description.clone(),
        event: s.event.clone(),
        shape: s.shape,
        end: s.end.clone(),
        codes,
    }))
}

/// Checks the envelope: its example code, its example body and its fields. Returns the
/// example code.
fn envelope(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<CodeId> {
    let envelope = raw.envelope.as_ref()?;
    duplicates(
        sink,
        envelope
            .fields
            .iter()
            .map(|f| (f.name.get_ref().clone(), f.name.span()))
            .collect::<Vec<_>>(),
        |name| format!("envelope field \"{name}\" is declared twice"),
    );
    for f in &envelope.fields {
        let name = f.name.get_ref();
        if !ENVELOPE_FIELDS.contains(&name.as_str()) {
            let d = sink.error(
                f.name.span(),
                format!(
                    "unknown envelope field \"{name}\"; the error object has {}",
                    ENVELOPE_FIELDS.join(", ")
                ),
            );
            if let Some(best) = closest(name, ENVELOPE_FIELDS.iter().copied()) {
                d.suggest(best);
            }
        }
    }
    let name = envelope.example_code.as_ref()?;
    let Some(i) = raw
        .codes
        .iter()
        .position(|c| c.name.get_ref() == name.get_ref())
    else {
        if !raw.codes_incomplete {
            let d = sink.error(
                name.span(),
                format!(
                    "`example_code` refers to unknown code \"{}\"",
                    name.get_ref()
                ),
            );
            if let Some(best) = closest(
                name.get_ref(),
                raw.codes.iter().map(|c| c.name.get_ref().as_str()),
            ) {
                d.suggest(best);
            }
        }
        return None;
    };
    let c = &raw.codes[i];
    if c.retired.is_some() {
        sink.error(
            name.span(),
            format!(
                "`example_code` refers to \"{}\", which is retired; show a code that is still emitted",
                name.get_ref()
            ),
        );
    }
    if let Some(example) = &envelope.example {
        if let Err(e) = check_example(
            example.get_ref(),
            c.error_type.as_ref().map(|t| t.get_ref().as_str()),
            Some(c.name.get_ref()),
        ) {
            sink.error(example.span(), format!("envelope example: {e}"));
        }
    }
    Some(CodeId(i))
}

/// Checks the `retired` tables: `since` at most the catalog version, `replaced_by` an
/// existing code that is not retired. Returns one entry per code.
fn retired(raw: &RawCatalog, sink: &mut Sink<'_>) -> Vec<Option<Retired>> {
    let version = raw.meta.as_ref().map(|m| m.version.get_ref());
    let mut out = Vec::with_capacity(raw.codes.len());
    for c in &raw.codes {
        let Some(r) = &c.retired else {
            out.push(None);
            continue;
        };
        let name = c.name.get_ref();
        if let Some(version) = version {
            if r.since.get_ref() > version {
                sink.error(
                    r.since.span(),
                    format!(
                        "code \"{name}\" is retired since {}, after the catalog version {version}",
                        r.since.get_ref()
                    ),
                );
            }
        }
        let mut replaced_by = None;
        if let Some(by) = &r.replaced_by {
            let target = by.get_ref();
            match raw.codes.iter().position(|o| o.name.get_ref() == target) {
                Some(i) if raw.codes[i].name.get_ref() == name => {
                    sink.error(
                        by.span(),
                        format!("code \"{name}\" cannot be replaced by itself"),
                    );
                }
                Some(i) if raw.codes[i].retired.is_some() => {
                    sink.error(
                        by.span(),
                        format!("code \"{name}\" is replaced by \"{target}\", which is retired too; name the code that is still emitted"),
                    )
                    .note(raw.codes[i].name.span(), format!("\"{target}\" is defined here"));
                }
                Some(i) => replaced_by = Some(CodeId(i)),
                None if raw.codes_incomplete => {}
                None => {
                    let d = sink.error(
                        by.span(),
                        format!("code \"{name}\" is replaced by unknown code \"{target}\""),
                    );
                    if let Some(best) =
                        closest(target, raw.codes.iter().map(|c| c.name.get_ref().as_str()))
                    {
                        d.suggest(best);
                    }
                }
            }
        }
        out.push(Some(Retired {
            since: r.since.get_ref().clone(),
            replaced_by,
            note: r.note.clone(),
        }));
    }
    out
}

/// Checks the statuses and resolves their Rust names. A status whose name gives no
/// Rust name is reported; `None` when any status is incomplete.
fn statuses(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Vec<Status>> {
    duplicates(
        sink,
        raw.statuses
            .iter()
            .map(|s| (*s.code.get_ref(), s.code.span()))
            .collect::<Vec<_>>(),
        |code| format!("duplicate status {code}"),
    );
    let mut out = Vec::with_capacity(raw.statuses.len());
    let mut complete = !raw.statuses_incomplete;
    for s in &raw.statuses {
        let Some(name) = &s.name else {
            complete = false;
            continue;
        };
        match ident::status_variant(name) {
            Some(variant) => out.push((
                Status {
                    code: *s.code.get_ref(),
                    name: name.clone(),
                    description: s.description.clone().unwrap_or_default(),
                    success: s.success,
                    retry: s.retry,
                    variant,
                    pos: sink.pos(s.span.start),
                },
                s.span.clone(),
            )),
            None => {
                complete = false;
                sink.error(
                    s.code.span(),
                    format!("status name \"{name}\" has no letters or digits to name it in Rust"),
                );
            }
        }
        if s.description.is_none() {
            complete = false;
        }
    }
    collisions(
        sink,
        "status name",
        out.iter()
            .map(|(s, span)| (s.name.clone(), s.variant.clone(), span.clone()))
            .collect::<Vec<_>>(),
        &[],
    );
    complete.then(|| out.into_iter().map(|(s, _)| s).collect())
}

/// Checks the types and resolves their statuses; `None` if any cannot be resolved.
fn types(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Vec<ErrorType>> {
    duplicates(
        sink,
        raw.types
            .iter()
            .map(|t| (t.name.get_ref().clone(), t.name.span()))
            .collect::<Vec<_>>(),
        |name| format!("duplicate type \"{name}\""),
    );
    collisions(
        sink,
        "type name",
        raw.types
            .iter()
            .map(|t| {
                let name = t.name.get_ref();
                (name.clone(), ident::variant(name), t.name.span())
            })
            .collect::<Vec<_>>(),
        &[RESERVED_VARIANT],
    );
    let mut out = (!raw.types_incomplete).then(|| Vec::with_capacity(raw.types.len()));
    for t in &raw.types {
        let name = t.name.get_ref();
        let Some(code) = &t.status else {
            out = None;
            continue;
        };
        let span = code.span();
        let code = *code.get_ref();
        let status = raw.statuses.iter().position(|s| *s.code.get_ref() == code);
        match status {
            None if raw.statuses_incomplete || raw.statuses.is_empty() => {}
            None => {
                let mut known: Vec<u16> = raw
                    .statuses
                    .iter()
                    .filter(|s| !s.success)
                    .map(|s| *s.code.get_ref())
                    .collect();
                known.dedup();
                let known: Vec<String> = known.iter().map(u16::to_string).collect();
                sink.error(
                    span,
                    format!(
                        "type \"{name}\" refers to unknown status {code}; known error statuses: {}",
                        known.join(", ")
                    ),
                );
            }
            Some(i) if raw.statuses[i].success => {
                sink.error(
                    span,
                    format!(
                        "type \"{name}\" refers to status {code}, which is a success status, not an error"
                    ),
                );
            }
            Some(_) => {}
        }
        let built = status
            .zip(t.description.as_ref())
            .map(|(i, description)| ErrorType {
                name: name.clone(),
                status: StatusId(i),
                description: description.clone(),
                variant: ident::variant(name),
                pos: sink.pos(t.span.start),
            });
        match (built, &mut out) {
            (Some(t), Some(out)) => out.push(t),
            _ => out = None,
        }
    }
    out
}

/// Checks the codes and resolves their types; `None` if any cannot be resolved.
fn codes<'r>(raw: &'r RawCatalog, sink: &mut Sink<'_>) -> Option<Vec<(&'r RawCode, TypeId)>> {
    duplicates(
        sink,
        raw.codes
            .iter()
            .map(|c| (c.name.get_ref().clone(), c.name.span()))
            .collect::<Vec<_>>(),
        |name| format!("duplicate code \"{name}\""),
    );
    collisions(
        sink,
        "code name",
        raw.codes
            .iter()
            .map(|c| {
                let name = c.name.get_ref();
                (name.clone(), ident::variant(name), c.name.span())
            })
            .collect::<Vec<_>>(),
        &[RESERVED_VARIANT],
    );
    collisions(
        sink,
        "code name",
        raw.codes
            .iter()
            .map(|c| {
                let name = c.name.get_ref();
                (name.clone(), ident::function(name), c.name.span())
            })
            .collect::<Vec<_>>(),
        RESERVED_CONSTRUCTORS,
    );
    // A code's doc URL is `docs_url#name`: a name that is also the anchor of a heading
    // of the reference page would send readers to the wrong place.
    if let Some(meta) = &raw.meta {
        let anchors = crate::emit::markdown::heading_anchors(&meta.meta);
        for c in &raw.codes {
            let name = c.name.get_ref();
            if anchors.iter().any(|a| a == name) {
                sink.error(
                    c.name.span(),
                    format!("code name \"{name}\" is also the anchor of a heading of the reference page, so its doc URL would not point at the code"),
                );
            }
        }
    }
    let mut out = Some(Vec::with_capacity(raw.codes.len()));
    for c in &raw.codes {
        let name = c.name.get_ref();
        let Some(type_ref) = &c.error_type else {
            out = None;
            continue;
        };
        let type_name = type_ref.get_ref();
        let error_type = raw.types.iter().position(|t| t.name.get_ref() == type_name);
        if error_type.is_none() && !raw.types_incomplete {
            let d = sink.error(
                type_ref.span(),
                format!("code \"{name}\" refers to unknown type \"{type_name}\""),
            );
            if let Some(best) = closest(
                type_name,
                raw.types.iter().map(|t| t.name.get_ref().as_str()),
            ) {
                d.suggest(best);
            }
        }
        if let Some(example) = &c.example {
            if let Err(e) = check_example(example.get_ref(), Some(type_name), Some(name)) {
                sink.error(example.span(), format!("example of code \"{name}\": {e}"));
            }
        }
        match (error_type, &mut out) {
            (Some(i), Some(out)) => out.push((c, TypeId(i))),
            _ => out = None,
        }
    }
    out
}

/// Checks that an example body is an error envelope of the expected type and code.
fn check_example(
    example: &str,
    error_type: Option<&str>,
    code: Option<&str>,
) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(example).map_err(|e| format!("not valid JSON ({e})"))?;
    if !value.is_object() {
        return Err(format!(
            "the body must be a JSON object, found {}",
            json_kind(&value)
        ));
    }
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
            return Err(format!(
                "`error.type` is \"{found}\", but the code's type is \"{expected}\""
            ));
        }
        _ => {}
    }
    match (error.get("code"), code) {
        (None | Some(serde_json::Value::Null), _) => {}
        (Some(serde_json::Value::String(found)), Some(expected)) if found != expected => {
            return Err(format!(
                "`error.code` is \"{found}\", expected \"{expected}\""
            ));
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

/// How a JSON value is called in a message.
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
