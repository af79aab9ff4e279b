//! Parsing: TOML with spans → raw tree, reporting every local problem with its position.
//!
//! Local problems are those visible inside one table: unknown or missing keys, wrong
//! value types, blank strings, names that break the rules of [`crate::ident`], message
//! templates outside the grammar of [`crate::template`]. Checks that need the whole
//! catalog (references, duplicates, identifier collisions) live in [`crate::validate`],
//! which reads the spans kept on each node of the [`RawCatalog`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Sink, closest};
use crate::ident::{is_reserved_parameter, is_snake_case};
use crate::model::{Field, Meta, RetryPolicy, RetryStrategy};
use crate::raw::{RawCatalog, RawCode, RawEnvelope, RawHeader, RawStatus, RawType};

const TOP_KEYS: &[&str] = &[
    "catalog", "status", "envelope", "type", "code", "header", "retry",
];
const META_KEYS: &[&str] = &["name", "title", "intro", "docs_url"];
const STATUS_KEYS: &[&str] = &["code", "name", "description", "success", "retry"];
const ENVELOPE_KEYS: &[&str] = &["description", "example_code", "example", "field"];
const FIELD_KEYS: &[&str] = &["name", "description"];
const TYPE_KEYS: &[&str] = &["name", "status", "description"];
const CODE_KEYS: &[&str] = &[
    "name",
    "type",
    "description",
    "message",
    "args",
    "param",
    "retry",
    "remediation",
    "doc_url",
    "example",
];
const HEADER_KEYS: &[&str] = &["name", "description"];
const RETRY_KEYS: &[&str] = &[
    "intro",
    "example_language",
    "example",
    "outro",
    "rust_example",
];

/// Reads one TOML table, reporting unknown keys, missing keys and wrong types.
struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where the table starts (its header), for "missing key" errors.
    start: usize,
    /// How the table is named in messages, e.g. `[[code]]`.
    what: String,
}

impl<'t, 'i> Table<'t, 'i> {
    fn new(
        sink: &mut Sink<'_>,
        value: &'t Spanned<DeValue<'i>>,
        what: String,
        keys: &[&str],
    ) -> Option<Self> {
        match value.get_ref() {
            DeValue::Table(table) => {
                let t = Table {
                    table,
                    start: value.span().start,
                    what,
                };
                t.check_keys(sink, keys);
                Some(t)
            }
            other => {
                sink.error(
                    value.span().start,
                    format!("{} must be a table, found {}", what, other.type_str()),
                );
                None
            }
        }
    }

    fn check_keys(&self, sink: &mut Sink<'_>, keys: &[&str]) {
        for key in self.table.keys() {
            let name: &str = key.get_ref();
            if !keys.contains(&name) {
                let mut msg = format!("unknown key `{name}` in {}", self.what);
                if let Some(best) = closest(name, keys.iter().copied()) {
                    msg.push_str(&format!("; did you mean `{best}`?"));
                } else {
                    msg.push_str(&format!("; expected one of {}", list(keys)));
                }
                sink.error(key.span().start, msg);
            }
        }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn missing(&self, sink: &mut Sink<'_>, key: &str) {
        sink.error(
            self.start,
            format!("missing required key `{key}` in {}", self.what),
        );
    }

    fn wrong_type(
        &self,
        sink: &mut Sink<'_>,
        key: &str,
        expected: &str,
        value: &Spanned<DeValue<'_>>,
    ) {
        sink.error(
            value.span().start,
            format!(
                "`{key}` in {} must be {expected}, found {}",
                self.what,
                value.get_ref().type_str()
            ),
        );
    }

    /// A string value; blank strings are reported.
    fn opt_str(&self, sink: &mut Sink<'_>, key: &str) -> Option<(String, Range<usize>)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    sink.error(
                        value.span().start,
                        format!("`{key}` in {} must not be blank", self.what),
                    );
                    None
                } else {
                    Some((s.to_string(), value.span()))
                }
            }
            _ => {
                self.wrong_type(sink, key, "a string", value);
                None
            }
        }
    }

    fn req_str(&self, sink: &mut Sink<'_>, key: &str) -> Option<(String, Range<usize>)> {
        if self.get(key).is_none() {
            self.missing(sink, key);
            return None;
        }
        self.opt_str(sink, key)
    }

    fn opt_bool(&self, sink: &mut Sink<'_>, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(sink, key, "a boolean", value);
                None
            }
        }
    }

    /// An HTTP status number (100..=599).
    fn req_status(&self, sink: &mut Sink<'_>, key: &str) -> Option<(u16, Range<usize>)> {
        let Some(value) = self.get(key) else {
            self.missing(sink, key);
            return None;
        };
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                self.wrong_type(sink, key, "an integer HTTP status", value);
                return None;
            }
        };
        match parsed
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (100..=599).contains(n))
        {
            Some(n) => Some((n, value.span())),
            None => {
                sink.error(
                    value.span().start,
                    format!(
                        "`{key}` in {} is not an HTTP status (100 to 599)",
                        self.what
                    ),
                );
                None
            }
        }
    }

    fn opt_retry(&self, sink: &mut Sink<'_>, key: &str) -> Option<RetryPolicy> {
        let value = self.get(key)?;
        let expected = list(&RetryPolicy::ALL.map(RetryPolicy::as_str));
        match value.get_ref() {
            DeValue::String(s) => match RetryPolicy::from_name(s) {
                Some(r) => Some(r),
                None => {
                    sink.error(
                        value.span().start,
                        format!(
                            "invalid retry value \"{s}\" in {}; expected one of {expected}",
                            self.what
                        ),
                    );
                    None
                }
            },
            other => {
                sink.error(
                    value.span().start,
                    format!(
                        "invalid retry value in {}: found {}, expected one of {expected}",
                        self.what,
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    /// An array of non-blank strings.
    /// An array of non-blank strings, with the array's span and its raw length.
    #[allow(clippy::type_complexity)]
    fn opt_str_array(
        &self,
        sink: &mut Sink<'_>,
        key: &str,
    ) -> Option<(Vec<(String, Range<usize>)>, Range<usize>, usize)> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(sink, key, "an array of strings", value);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    sink.error(
                        item.span().start,
                        format!("`{key}` in {} must not contain blank strings", self.what),
                    );
                }
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                other => sink.error(
                    item.span().start,
                    format!(
                        "`{key}` in {} must contain only strings, found {}",
                        self.what,
                        other.type_str()
                    ),
                ),
            }
        }
        Some((out, value.span(), items.len()))
    }

    /// An array of tables (`[[key]]`).
    fn tables(&self, sink: &mut Sink<'_>, key: &str) -> &'t [Spanned<DeValue<'i>>] {
        match self.get(key) {
            None => &[],
            Some(value) => match value.get_ref() {
                DeValue::Array(items) => items,
                _ => {
                    self.wrong_type(
                        sink,
                        key,
                        &format!("an array of tables (`[[{key}]]`)"),
                        value,
                    );
                    &[]
                }
            },
        }
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The span of a string value, for a node of the raw tree.
fn spanned((value, span): (String, Range<usize>)) -> Spanned<String> {
    Spanned::new(span, value)
}

/// Parses catalog source into the raw tree. Problems go to `sink`; `None` when the
/// file is not a TOML table at all.
pub(crate) fn parse(source: &str, sink: &mut Sink<'_>) -> Option<RawCatalog> {
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        for e in errors {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim().replace('\n', "; ");
            sink.error(offset, format!("TOML syntax: {msg}"));
        }
        return None;
    }
    let root_value = Spanned::new(0..0, DeValue::Table(root.into_inner()));
    let top = Table::new(sink, &root_value, "the catalog".into(), TOP_KEYS)?;

    // [catalog]
    let meta = match top.get("catalog") {
        None => {
            top.missing(sink, "catalog");
            None
        }
        Some(v) => Table::new(sink, v, "[catalog]".into(), META_KEYS).and_then(|t| {
            let name = t.req_str(sink, "name");
            let title = t.req_str(sink, "title");
            let intro = t.req_str(sink, "intro");
            let docs_url = t.req_str(sink, "docs_url");
            Some(Meta {
                name: name?.0,
                title: title?.0,
                intro: intro?.0,
                docs_url: docs_url?.0,
            })
        }),
    };

    // [[status]]
    let status_tables = top.tables(sink, "status");
    let statuses: Vec<RawStatus> = status_tables
        .iter()
        .filter_map(|v| parse_status(sink, v))
        .collect();
    let statuses_incomplete = statuses.len() != status_tables.len();
    if statuses.is_empty() && top.get("status").is_none() {
        top.missing(sink, "status");
    }

    // [envelope]
    let envelope = match top.get("envelope") {
        None => {
            top.missing(sink, "envelope");
            None
        }
        Some(v) => Table::new(sink, v, "[envelope]".into(), ENVELOPE_KEYS)
            .map(|t| parse_envelope(sink, &t)),
    };

    // [[type]]
    let type_tables = top.tables(sink, "type");
    let types: Vec<RawType> = type_tables
        .iter()
        .filter_map(|v| parse_type(sink, v))
        .collect();
    let types_incomplete = types.len() != type_tables.len();
    if top.get("type").is_none() {
        top.missing(sink, "type");
    }

    // [[code]]
    let codes = top
        .tables(sink, "code")
        .iter()
        .filter_map(|v| {
            let t = Table::new(sink, v, "[[code]]".into(), CODE_KEYS)?;
            parse_code(sink, &t, v.span())
        })
        .collect();
    if top.get("code").is_none() {
        top.missing(sink, "code");
    }

    // [[header]]
    let headers = top
        .tables(sink, "header")
        .iter()
        .filter_map(|v| parse_header(sink, v))
        .collect();

    // [retry]
    let retry = match top.get("retry") {
        None => {
            top.missing(sink, "retry");
            None
        }
        Some(v) => Table::new(sink, v, "[retry]".into(), RETRY_KEYS).and_then(|t| {
            let intro = t.req_str(sink, "intro");
            let example_language = t.req_str(sink, "example_language");
            let example = t.req_str(sink, "example");
            let outro = t.req_str(sink, "outro");
            let rust_example = t.opt_str(sink, "rust_example");
            Some(RetryStrategy {
                intro: intro?.0,
                example_language: example_language?.0,
                example: example?.0,
                outro: outro?.0,
                rust_example: rust_example.map(|s| s.0),
            })
        }),
    };

    Some(RawCatalog {
        meta,
        statuses,
        statuses_incomplete,
        envelope,
        types,
        types_incomplete,
        codes,
        headers,
        retry,
    })
}

fn parse_status(sink: &mut Sink<'_>, v: &Spanned<DeValue<'_>>) -> Option<RawStatus> {
    let t = Table::new(sink, v, "[[status]]".into(), STATUS_KEYS)?;
    let code = t.req_status(sink, "code");
    let name = t.req_str(sink, "name");
    let description = t.req_str(sink, "description");
    let success = t.opt_bool(sink, "success").unwrap_or(false);
    let retry = t.opt_retry(sink, "retry");
    if success && retry == Some(RetryPolicy::Backoff) {
        sink.error(v.span().start, "a success status cannot be retried");
    }
    let (code, span) = code?;
    Some(RawStatus {
        span: v.span(),
        code: Spanned::new(span, code),
        name: name?.0,
        description: description?.0,
        success,
        retry: retry.unwrap_or(RetryPolicy::Never),
    })
}

fn parse_envelope(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> RawEnvelope {
    let description = t.req_str(sink, "description").map(|s| s.0);
    let example_code = t.req_str(sink, "example_code").map(spanned);
    let example = t.req_str(sink, "example").map(spanned);
    let mut fields = Vec::new();
    for f in t.tables(sink, "field") {
        let Some(ft) = Table::new(sink, f, "[[envelope.field]]".into(), FIELD_KEYS) else {
            continue;
        };
        if let (Some(name), Some(description)) =
            (ft.req_str(sink, "name"), ft.req_str(sink, "description"))
        {
            fields.push(Field {
                name: name.0,
                description: description.0,
            });
        }
    }
    if t.get("field").is_none() {
        t.missing(sink, "field");
    }
    RawEnvelope {
        description,
        example_code,
        example,
        fields,
    }
}

fn parse_type(sink: &mut Sink<'_>, v: &Spanned<DeValue<'_>>) -> Option<RawType> {
    let t = Table::new(sink, v, "[[type]]".into(), TYPE_KEYS)?;
    let name = t.req_str(sink, "name");
    let status = t.req_status(sink, "status");
    let description = t.req_str(sink, "description");
    if let Some((n, span)) = &name {
        check_snake(sink, n, span, "type name");
    }
    let (status, span) = status?;
    Some(RawType {
        span: v.span(),
        name: spanned(name?),
        status: Spanned::new(span, status),
        description: description?.0,
    })
}

fn parse_header(sink: &mut Sink<'_>, v: &Spanned<DeValue<'_>>) -> Option<RawHeader> {
    let t = Table::new(sink, v, "[[header]]".into(), HEADER_KEYS)?;
    let name = t.req_str(sink, "name");
    let description = t.req_str(sink, "description");
    if let Some((n, span)) = &name {
        if !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            sink.error(
                span.start,
                format!("header name \"{n}\" may contain only ASCII letters, digits and `-`"),
            );
        }
    }
    Some(RawHeader {
        name: spanned(name?),
        description: description?.0,
    })
}

fn check_snake(sink: &mut Sink<'_>, name: &str, span: &Range<usize>, what: &str) -> bool {
    let ok = is_snake_case(name);
    if !ok {
        sink.error(
            span.start,
            format!("{what} \"{name}\" is not lowercase snake_case (letters, digits and single `_`, starting with a letter)"),
        );
    }
    ok
}

/// The arguments that follow the name rules, without duplicates, in order; every other
/// one is reported.
fn check_args(sink: &mut Sink<'_>, items: &[(String, Range<usize>)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (arg, span) in items {
        if !check_snake(sink, arg, span, "argument name") {
            continue;
        }
        if is_reserved_parameter(arg) {
            sink.error(
                span.start,
                format!(
                    "argument `{arg}` cannot be a Rust parameter name (not even raw); rename it, e.g. `{arg}_name`"
                ),
            );
            continue;
        }
        if names.contains(arg) {
            sink.error(span.start, format!("duplicate argument `{arg}`"));
            continue;
        }
        names.push(arg.clone());
    }
    names
}

/// Checks that a message template follows the grammar and that its placeholders are
/// exactly the declared arguments.
fn check_template(
    sink: &mut Sink<'_>,
    (message, span): &(String, Range<usize>),
    declared: &[(String, Range<usize>)],
    valid: &[String],
) {
    match crate::template::placeholders(message) {
        Err(e) => sink.error(span.start, format!("message template: {e}")),
        Ok(used) => {
            for p in &used {
                if !valid.contains(p) {
                    sink.error(
                        span.start,
                        format!("message placeholder `{{{p}}}` is not declared in `args`"),
                    );
                }
            }
            for (arg, aspan) in declared {
                if !used.contains(arg) {
                    sink.error(
                        aspan.start,
                        format!("argument `{arg}` is not used by the message template"),
                    );
                }
            }
        }
    }
}

fn parse_code(sink: &mut Sink<'_>, t: &Table<'_, '_>, span: Range<usize>) -> Option<RawCode> {
    let name = t.req_str(sink, "name");
    let error_type = t.req_str(sink, "type");
    let description = t.req_str(sink, "description");
    let message = t.req_str(sink, "message");
    let args = t.opt_str_array(sink, "args");
    let param = t.opt_str(sink, "param");
    let retry_given = t.get("retry").is_some();
    let retry = t.opt_retry(sink, "retry");
    let remediation = t.opt_str_array(sink, "remediation");
    let doc_url = t.opt_str(sink, "doc_url");
    let example = t.opt_str(sink, "example");
    if let Some((n, span)) = &name {
        check_snake(sink, n, span, "code name");
    }
    let declared = args.map(|a| a.0).unwrap_or_default();
    let arg_names = check_args(sink, &declared);
    if let Some(message) = &message {
        check_template(sink, message, &declared, &arg_names);
    }
    let remediation = match remediation {
        Some((items, span, raw_len)) => {
            if raw_len == 0 {
                sink.error(span.start, "`remediation` must list at least one step");
            }
            items.into_iter().map(|(s, _)| s).collect()
        }
        None => {
            if t.get("remediation").is_none() {
                t.missing(sink, "remediation");
            }
            Vec::new()
        }
    };
    if retry_given && retry.is_none() {
        return None;
    }
    Some(RawCode {
        span,
        name: spanned(name?),
        error_type: spanned(error_type?),
        description: description?.0,
        message: message?.0,
        args: arg_names,
        param: param.map(|p| p.0),
        retry,
        remediation,
        doc_url: doc_url.map(|d| d.0),
        example: example.map(spanned),
    })
}
