//! Whole-catalog checks — duplicates, references, identifier collisions, examples —
//! that turn the raw tree into the checked [`Catalog`], every reference resolved.

use std::collections::BTreeMap;

use crate::diagnostics::{Sink, closest};
use crate::ident;
use crate::model::{
    Arg, Catalog, CodeId, Envelope, ErrorCode, ErrorType, Header, Pos, RetrySource, Status,
    StatusId, TypeId,
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
            Some(&earlier) => {
                sink.error_with_note(pos, message(&key), earlier, "first defined here")
            }
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

/// Checks the whole catalog and builds the checked model. Problems go to `sink`; the
/// model is built only when the raw tree is complete and this finds no problem.
pub(crate) fn validate(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Catalog> {
    let statuses = statuses(raw, sink);
    let types = types(raw, sink);
    let codes = codes(raw, sink);

    // Envelope.
    let mut example_code = None;
    if let Some(envelope) = &raw.envelope {
        if let Some(name) = &envelope.example_code {
            match raw
                .codes
                .iter()
                .position(|c| c.name.get_ref() == name.get_ref())
            {
                None => sink.error(
                    name.span().start,
                    format!(
                        "`example_code` refers to unknown code \"{}\"",
                        name.get_ref()
                    ),
                ),
                Some(i) => {
                    let c = &raw.codes[i];
                    if let Some(example) = &envelope.example {
                        if let Err(e) = check_example(
                            example.get_ref(),
                            Some(c.error_type.get_ref()),
                            Some(c.name.get_ref()),
                        ) {
                            sink.error(example.span().start, format!("envelope example: {e}"));
                        }
                    }
                    example_code = Some(CodeId(i));
                }
            }
        }
    }

    // Headers (names are case-insensitive in HTTP).
    duplicates(
        sink,
        raw.headers
            .iter()
            .map(|h| {
                (
                    h.name.get_ref().to_ascii_lowercase(),
                    sink.pos(h.name.span().start),
                )
            })
            .collect::<Vec<_>>(),
        |name| format!("duplicate header \"{name}\""),
    );

    if !raw.statuses.is_empty() && raw.statuses.iter().all(|s| s.success) {
        sink.error_at(
            Pos { line: 1, column: 1 },
            "the catalog lists no error status",
        );
    }

    if sink.has_errors() {
        return None;
    }
    let envelope = raw.envelope.as_ref()?;
    let envelope = Envelope {
        description: envelope.description.clone()?,
        example_code: example_code?,
        example: envelope.example.as_ref()?.get_ref().clone(),
        fields: envelope.fields.clone(),
    };
    let meta = raw.meta.clone()?;
    let types = types?;
    let codes = codes?
        .into_iter()
        .map(|(c, type_id)| {
            let t: &ErrorType = types.get(type_id.0)?;
            let status: &Status = statuses.get(t.status.0)?;
            Some(ErrorCode {
                name: c.name.get_ref().clone(),
                error_type: type_id,
                status: t.status,
                description: c.description.clone(),
                message: c.message.clone(),
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
            .map(|h| Header {
                name: h.name.get_ref().clone(),
                description: h.description.clone(),
            })
            .collect(),
        retry: raw.retry.clone()?,
    })
}

/// Checks the statuses and resolves their Rust names. A status whose name gives no
/// Rust name is reported, and left out.
fn statuses(raw: &RawCatalog, sink: &mut Sink<'_>) -> Vec<Status> {
    duplicates(
        sink,
        raw.statuses
            .iter()
            .map(|s| (*s.code.get_ref(), sink.pos(s.code.span().start)))
            .collect::<Vec<_>>(),
        |code| format!("duplicate status {code}"),
    );
    let mut out = Vec::with_capacity(raw.statuses.len());
    for s in &raw.statuses {
        match ident::status_variant(&s.name) {
            Some(variant) => out.push(Status {
                code: *s.code.get_ref(),
                name: s.name.clone(),
                description: s.description.clone(),
                success: s.success,
                retry: s.retry,
                variant,
                pos: sink.pos(s.span.start),
            }),
            None => sink.error(
                s.code.span().start,
                format!(
                    "status name \"{}\" has no letters or digits to name it in Rust",
                    s.name
                ),
            ),
        }
    }
    collisions(
        sink,
        "status name",
        out.iter()
            .map(|s| (s.name.clone(), s.variant.clone(), s.pos))
            .collect::<Vec<_>>(),
        &[],
    );
    out
}

/// Checks the types and resolves their statuses; `None` if any cannot be resolved.
fn types(raw: &RawCatalog, sink: &mut Sink<'_>) -> Option<Vec<ErrorType>> {
    let name_pos = |sink: &Sink<'_>, i: usize| sink.pos(raw.types[i].name.span().start);
    duplicates(
        sink,
        (0..raw.types.len())
            .map(|i| (raw.types[i].name.get_ref().clone(), name_pos(sink, i)))
            .collect::<Vec<_>>(),
        |name| format!("duplicate type \"{name}\""),
    );
    collisions(
        sink,
        "type name",
        (0..raw.types.len())
            .map(|i| {
                let name = raw.types[i].name.get_ref();
                (name.clone(), ident::variant(name), name_pos(sink, i))
            })
            .collect::<Vec<_>>(),
        &[RESERVED_VARIANT],
    );
    let mut out = Some(Vec::with_capacity(raw.types.len()));
    for t in &raw.types {
        let (name, code) = (t.name.get_ref(), *t.status.get_ref());
        let pos = t.status.span().start;
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
                    pos,
                    format!(
                        "type \"{name}\" refers to unknown status {code}; known error statuses: {}",
                        known.join(", ")
                    ),
                );
            }
            Some(i) if raw.statuses[i].success => sink.error(
                pos,
                format!(
                    "type \"{name}\" refers to status {code}, which is a success status, not an error"
                ),
            ),
            Some(_) => {}
        }
        let built = status.map(|i| ErrorType {
            name: name.clone(),
            status: StatusId(i),
            description: t.description.clone(),
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
    let name_pos = |sink: &Sink<'_>, i: usize| sink.pos(raw.codes[i].name.span().start);
    duplicates(
        sink,
        (0..raw.codes.len())
            .map(|i| (raw.codes[i].name.get_ref().clone(), name_pos(sink, i)))
            .collect::<Vec<_>>(),
        |name| format!("duplicate code \"{name}\""),
    );
    collisions(
        sink,
        "code name",
        (0..raw.codes.len())
            .map(|i| {
                let name = raw.codes[i].name.get_ref();
                (name.clone(), ident::variant(name), name_pos(sink, i))
            })
            .collect::<Vec<_>>(),
        &[RESERVED_VARIANT],
    );
    collisions(
        sink,
        "code name",
        (0..raw.codes.len())
            .map(|i| {
                let name = raw.codes[i].name.get_ref();
                (name.clone(), ident::function(name), name_pos(sink, i))
            })
            .collect::<Vec<_>>(),
        RESERVED_CONSTRUCTORS,
    );
    let mut out = Some(Vec::with_capacity(raw.codes.len()));
    for c in &raw.codes {
        let (name, type_name) = (c.name.get_ref(), c.error_type.get_ref());
        let error_type = raw.types.iter().position(|t| t.name.get_ref() == type_name);
        if error_type.is_none() && !raw.types_incomplete {
            let mut msg = format!("code \"{name}\" refers to unknown type \"{type_name}\"");
            if let Some(best) = closest(
                type_name,
                raw.types.iter().map(|t| t.name.get_ref().as_str()),
            ) {
                msg.push_str(&format!("; did you mean \"{best}\"?"));
            }
            sink.error(c.error_type.span().start, msg);
        }
        if let Some(example) = &c.example {
            if let Err(e) = check_example(example.get_ref(), Some(type_name), Some(name)) {
                sink.error(
                    example.span().start,
                    format!("example of code \"{name}\": {e}"),
                );
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
