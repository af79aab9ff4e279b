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
use heck::ToSnakeCase;

use crate::model::{Meta, Page, RetryPolicy, RetryStrategy, Stream, StreamEnd, StreamShape};
use crate::raw::{
    RawCatalog, RawCode, RawEnvelope, RawField, RawHeader, RawMeta, RawRetired, RawStatus,
    RawStream, RawType,
};

const TOP_KEYS: &[&str] = &[
    "catalog", "page", "status", "envelope", "type", "code", "header", "retry", "stream",
];
const PAGE_KEYS: &[&str] = &[
    "statuses",
    "status_columns",
    "envelope",
    "field_columns",
    "types",
    "codes",
    "solutions",
    "retired",
    "headers",
    "retry",
    "streams",
];
const META_KEYS: &[&str] = &["name", "title", "intro", "docs_url", "version", "go_module"];
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
    "retired",
];
const RETIRED_KEYS: &[&str] = &["since", "replaced_by", "note"];
const HEADER_KEYS: &[&str] = &["name", "description"];
const RETRY_KEYS: &[&str] = &[
    "intro",
    "example_language",
    "example",
    "outro",
    "rust_example",
];
const STREAM_KEYS: &[&str] = &["description", "event", "shape", "end", "codes"];
const STREAM_END_KEYS: &[&str] = &["data", "event"];

/// The longest name of a type, code, argument or header, in characters: names become
/// identifiers, anchors and header lines, and a longer one is a mistake.
pub const MAX_NAME_LEN: usize = 64;

/// Reads one TOML table, reporting unknown keys, missing keys and wrong types.
struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    /// The table (its first line is its header), for "missing key" errors.
    span: Range<usize>,
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
                    span: value.span(),
                    what,
                };
                t.check_keys(sink, keys);
                Some(t)
            }
            other => {
                sink.error(
                    value.span(),
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
                match closest(name, keys.iter().copied()) {
                    Some(best) => {
                        sink.error(key.span(), format!("unknown key `{name}` in {}", self.what))
                            .suggest(best);
                    }
                    None => {
                        sink.error(
                            key.span(),
                            format!(
                                "unknown key `{name}` in {}; expected one of {}",
                                self.what,
                                list(keys)
                            ),
                        );
                    }
                }
            }
        }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn missing(&self, sink: &mut Sink<'_>, key: &str) {
        sink.error(
            self.span.clone(),
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
            value.span(),
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
                        value.span(),
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
                    value.span(),
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
                        value.span(),
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
                    value.span(),
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
                        item.span(),
                        format!("`{key}` in {} must not contain blank strings", self.what),
                    );
                }
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                other => {
                    sink.error(
                        item.span(),
                        format!(
                            "`{key}` in {} must contain only strings, found {}",
                            self.what,
                            other.type_str()
                        ),
                    );
                }
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
///
/// A table stays in the tree as soon as its identifying key (a status's `code`, a
/// type's or code's `name`) could be read, so that a mistake in one of its values does
/// not hide its duplicate name or its unknown type: every problem is found in one run.
///
/// Without `require_version`, a missing `[catalog] version` reads as 0.0.0.
pub(crate) fn parse(
    source: &str,
    sink: &mut Sink<'_>,
    require_version: bool,
) -> Option<RawCatalog> {
    // After a syntax error the parser recovers and the rest of the file is still
    // checked, so that one run reports every problem.
    let (root, errors) = DeTable::parse_recoverable(source);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().replace('\n', "; ");
        sink.error(span, format!("TOML syntax: {msg}"));
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
            let intro = t.opt_str(sink, "intro");
            let docs_url = t.req_str(sink, "docs_url");
            let go_module = t.opt_str(sink, "go_module");
            if let Some((path, span)) = &go_module {
                if !is_go_module_path(path) {
                    sink.error(
                        span.clone(),
                        format!(
                            "`go_module` in [catalog] is not a Go module path: \"{path}\" \
                             (elements of letters, digits and `-._~` separated by `/`, \
                             e.g. `example.com/api/errors`)"
                        ),
                    );
                }
            }
            let version = if require_version || t.get("version").is_some() {
                t.req_str(sink, "version")
            } else {
                Some(("0.0.0".to_owned(), t.span.start..t.span.start))
            };
            if let Some((url, span)) = &docs_url {
                if check_url(sink, url, span, "`docs_url` in [catalog]") && url.contains('#') {
                    sink.error(
                        span.clone(),
                        "`docs_url` in [catalog] must not have a `#fragment`: each code's doc URL adds `#code_name`",
                    )
                    .suggest(url.split('#').next().unwrap_or(url));
                }
            }
            let version = version.and_then(|v| semver_of(sink, &v, "`version` in [catalog]"));
            let name = name?.0;
            Some(RawMeta {
                meta: Meta {
                    package: crate::model::package_name(&name),
                    name,
                    title: title?.0,
                    intro: intro.map(|i| i.0),
                    docs_url: docs_url?.0,
                    go_module: go_module.map(|m| m.0),
                    version: version.as_ref()?.get_ref().clone(),
                    page: Page::default(),
                    source: String::new(),
                },
                version: version?,
            })
        }),
    };

    // [page]
    let page = match top.get("page") {
        None => Page::default(),
        Some(v) => Table::new(sink, v, "[page]".into(), PAGE_KEYS)
            .map_or_else(Page::default, |t| parse_page(sink, &t)),
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
    let envelope = top.get("envelope").and_then(|v| {
        Table::new(sink, v, "[envelope]".into(), ENVELOPE_KEYS).map(|t| parse_envelope(sink, &t))
    });

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
    let code_tables = top.tables(sink, "code");
    let codes: Vec<RawCode> = code_tables
        .iter()
        .filter_map(|v| {
            let t = Table::new(sink, v, "[[code]]".into(), CODE_KEYS)?;
            parse_code(sink, &t, v.span())
        })
        .collect();
    let codes_incomplete = codes.len() != code_tables.len();
    if top.get("code").is_none() {
        top.missing(sink, "code");
    }

    // [[header]]
    let header_tables = top.tables(sink, "header");
    let headers: Vec<RawHeader> = header_tables
        .iter()
        .filter_map(|v| parse_header(sink, v))
        .collect();
    let headers_incomplete = headers.len() != header_tables.len();

    // [retry]
    let retry = top.get("retry").and_then(|v| {
        Table::new(sink, v, "[retry]".into(), RETRY_KEYS).map(|t| {
            let example = t.opt_str(sink, "example").map(|s| s.0);
            let example_language = t.opt_str(sink, "example_language");
            if example.is_none() {
                if let Some((_, span)) = &example_language {
                    sink.error(
                        span.clone(),
                        "`example_language` in [retry] names the language of `example`, which is missing",
                    );
                }
            }
            RetryStrategy {
                intro: t.opt_str(sink, "intro").map(|s| s.0),
                example_language: example_language.map_or_else(|| "text".to_owned(), |s| s.0),
                example,
                outro: t.opt_str(sink, "outro").map(|s| s.0),
                rust_example: t.opt_str(sink, "rust_example").map(|s| s.0),
            }
        })
    });

    // [stream]
    let stream = top.get("stream").and_then(|v| {
        Table::new(sink, v, "[stream]".into(), STREAM_KEYS).map(|t| parse_stream(sink, &t))
    });

    let meta = meta.map(|mut m| {
        m.meta.page = page;
        m
    });
    Some(RawCatalog {
        meta,
        statuses,
        statuses_incomplete,
        envelope,
        types,
        types_incomplete,
        codes,
        codes_incomplete,
        headers,
        headers_incomplete,
        retry,
        stream,
    })
}

/// Checks a semantic version (`MAJOR.MINOR.PATCH`).
fn semver_of(
    sink: &mut Sink<'_>,
    (text, span): &(String, Range<usize>),
    what: &str,
) -> Option<Spanned<semver::Version>> {
    match semver::Version::parse(text) {
        Ok(v) => Some(Spanned::new(span.clone(), v)),
        Err(e) => {
            sink.error(
                span.clone(),
                format!("{what} \"{text}\" is not a semantic version MAJOR.MINOR.PATCH ({e})"),
            );
            None
        }
    }
}

/// Checks that a URL is absolute, `http` or `https`, with a host (an RFC 3986 URI, read
/// by `http::Uri`; a fragment is allowed here, the callers that forbid one say so).
/// Returns whether it is.
/// True for a Go module path: elements of ASCII letters, digits and `-._~`, separated by
/// single `/`, none starting or ending with `.`, the first one lowercase.
fn is_go_module_path(path: &str) -> bool {
    let elements: Vec<&str> = path.split('/').collect();
    path.len() <= 256
        && !elements[0].bytes().any(|b| b.is_ascii_uppercase())
        && elements.iter().all(|e| {
            !e.is_empty()
                && !e.starts_with('.')
                && !e.ends_with('.')
                && e.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        })
}

fn check_url(sink: &mut Sink<'_>, text: &str, span: &Range<usize>, what: &str) -> bool {
    let without_fragment = text.split('#').next().unwrap_or(text);
    match without_fragment.parse::<http::Uri>() {
        Ok(u) => match u.scheme_str() {
            Some("http" | "https") if u.host().is_some_and(|h| !h.is_empty()) => true,
            Some(scheme) if scheme != "http" && scheme != "https" => {
                sink.error(
                    span.clone(),
                    format!("{what} must be an absolute http(s) URL, found scheme `{scheme}`"),
                );
                false
            }
            _ => {
                no_scheme(sink, text, span, what);
                false
            }
        },
        Err(e) => {
            if text.contains("://") {
                sink.error(
                    span.clone(),
                    format!("{what} must be an absolute http(s) URL ({e})"),
                );
            } else {
                no_scheme(sink, text, span, what);
            }
            false
        }
    }
}

/// Reports a URL without its scheme; `example.com/errors` gets the `https://` fix.
fn no_scheme(sink: &mut Sink<'_>, text: &str, span: &Range<usize>, what: &str) {
    let d = sink.error(
        span.clone(),
        format!("{what} must be an absolute http(s) URL (relative URL without a base)"),
    );
    let host = text.split('/').next().unwrap_or_default();
    if host.contains('.') && !text.contains(char::is_whitespace) && !text.contains(':') {
        d.suggest(format!("https://{text}"));
    }
}

/// Checks the length of a name; returns whether it is within [`MAX_NAME_LEN`].
fn check_len(sink: &mut Sink<'_>, name: &str, span: &Range<usize>, what: &str) -> bool {
    let n = name.chars().count();
    if n > MAX_NAME_LEN {
        sink.error(
            span.clone(),
            format!("{what} is {n} characters long; at most {MAX_NAME_LEN} are allowed"),
        );
        return false;
    }
    true
}

fn parse_status(sink: &mut Sink<'_>, v: &Spanned<DeValue<'_>>) -> Option<RawStatus> {
    let t = Table::new(sink, v, "[[status]]".into(), STATUS_KEYS)?;
    let code = t.req_status(sink, "code");
    let name = t.req_str(sink, "name");
    let description = t.req_str(sink, "description");
    let success = t.opt_bool(sink, "success").unwrap_or(false);
    let retry = t.opt_retry(sink, "retry");
    if success && retry == Some(RetryPolicy::Backoff) {
        sink.error(v.span(), "a success status cannot be retried");
    }
    let (code, span) = code?;
    Some(RawStatus {
        span: v.span(),
        code: Spanned::new(span, code),
        name: name.map(|n| n.0),
        description: description.map(|d| d.0),
        success,
        retry: retry.unwrap_or(RetryPolicy::Never),
    })
}

fn parse_envelope(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> RawEnvelope {
    let description = t.opt_str(sink, "description").map(|s| s.0);
    let example_code = t.opt_str(sink, "example_code").map(spanned);
    let example = t.opt_str(sink, "example").map(spanned);
    if let (Some(example), None) = (&example, &example_code) {
        sink.error(
            example.span(),
            "the envelope `example` needs `example_code`, the code it shows",
        );
    }
    let mut fields = Vec::new();
    for f in t.tables(sink, "field") {
        let Some(ft) = Table::new(sink, f, "[[envelope.field]]".into(), FIELD_KEYS) else {
            continue;
        };
        let name = ft.req_str(sink, "name");
        let description = ft.req_str(sink, "description");
        if let Some(name) = name {
            fields.push(RawField {
                name: spanned(name),
                description: description.map(|d| d.0),
            });
        }
    }
    RawEnvelope {
        description,
        example_code,
        example,
        fields,
    }
}

/// The `[page]` table: each heading given replaces the neutral default.
fn parse_page(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> Page {
    let mut page = Page::default();
    for (key, slot) in [
        ("statuses", &mut page.statuses),
        ("envelope", &mut page.envelope),
        ("types", &mut page.types),
        ("codes", &mut page.codes),
        ("solutions", &mut page.solutions),
        ("retired", &mut page.retired),
        ("headers", &mut page.headers),
        ("retry", &mut page.retry),
        ("streams", &mut page.streams),
    ] {
        if let Some((text, span)) = t.opt_str(sink, key) {
            if text.contains('\n') {
                sink.error(span, format!("`{key}` in [page] must be one line"));
            } else {
                *slot = text;
            }
        }
    }
    columns(sink, t, "status_columns", &mut page.status_columns);
    columns(sink, t, "field_columns", &mut page.field_columns);
    page
}

/// A fixed number of one-line column headings.
fn columns<const N: usize>(
    sink: &mut Sink<'_>,
    t: &Table<'_, '_>,
    key: &str,
    slot: &mut [String; N],
) {
    let Some((items, span, len)) = t.opt_str_array(sink, key) else {
        return;
    };
    if len != N {
        sink.error(
            span,
            format!("`{key}` in [page] must have {N} column headings, found {len}"),
        );
        return;
    }
    if items.len() == N && items.iter().all(|(text, _)| !text.contains('\n')) {
        for (cell, (text, _)) in slot.iter_mut().zip(items) {
            *cell = text;
        }
    } else if let Some((_, span)) = items.iter().find(|(text, _)| text.contains('\n')) {
        sink.error(
            span.clone(),
            format!("`{key}` in [page] must hold one-line headings"),
        );
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
    Some(RawType {
        span: v.span(),
        name: spanned(name?),
        status: status.map(|(s, span)| Spanned::new(span, s)),
        description: description.map(|d| d.0),
    })
}

fn parse_header(sink: &mut Sink<'_>, v: &Spanned<DeValue<'_>>) -> Option<RawHeader> {
    let t = Table::new(sink, v, "[[header]]".into(), HEADER_KEYS)?;
    let name = t.req_str(sink, "name");
    let description = t.req_str(sink, "description");
    if let Some((n, span)) = &name {
        if !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            sink.error(
                span.clone(),
                format!("header name \"{n}\" may contain only ASCII letters, digits and `-`"),
            );
        }
        check_len(sink, n, span, &format!("header name \"{n}\""));
    }
    Some(RawHeader {
        name: spanned(name?),
        description: description.map(|d| d.0),
    })
}

/// Checks a type, code or argument name: snake_case and not too long. Returns whether
/// it is valid.
fn check_snake(sink: &mut Sink<'_>, name: &str, span: &Range<usize>, what: &str) -> bool {
    let mut ok = check_len(sink, name, span, &format!("{what} \"{name}\""));
    if !is_snake_case(name) {
        ok = false;
        let d = sink.error(
            span.clone(),
            format!("{what} \"{name}\" is not lowercase snake_case (letters, digits and single `_`, starting with a letter)"),
        );
        let snake = name.to_snake_case();
        if snake != name && is_snake_case(&snake) {
            d.suggest(snake);
        }
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
                span.clone(),
                format!("argument `{arg}` cannot be a Rust parameter name (not even raw)"),
            )
            .suggest(format!("{arg}_name"));
            continue;
        }
        if names.contains(arg) {
            sink.error(span.clone(), format!("duplicate argument `{arg}`"));
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
        Err(e) => {
            sink.error(span.clone(), format!("message template: {e}"));
        }
        Ok(used) => {
            for p in &used {
                if !valid.contains(p) && !declared.iter().any(|(d, _)| d == p) {
                    sink.error(
                        span.clone(),
                        format!("message placeholder `{{{p}}}` is not declared in `args`"),
                    );
                }
            }
            for (arg, aspan) in declared {
                if !used.contains(arg) {
                    sink.error(
                        aspan.clone(),
                        format!("argument `{arg}` is not used by the message template"),
                    );
                }
            }
        }
    }
}

fn parse_retired(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> Option<RawRetired> {
    let value = t.get("retired")?;
    let r = Table::new(sink, value, "`retired` of a [[code]]".into(), RETIRED_KEYS)?;
    let since = r.req_str(sink, "since");
    let replaced_by = r.opt_str(sink, "replaced_by").map(spanned);
    let note = r.opt_str(sink, "note").map(|n| n.0);
    let since = since.and_then(|s| semver_of(sink, &s, "`retired.since`"));
    Some(RawRetired {
        since: since?,
        replaced_by,
        note,
    })
}

fn parse_code(sink: &mut Sink<'_>, t: &Table<'_, '_>, span: Range<usize>) -> Option<RawCode> {
    let name = t.req_str(sink, "name");
    let error_type = t.req_str(sink, "type");
    let description = t.req_str(sink, "description");
    let message = t.req_str(sink, "message");
    let args = t.opt_str_array(sink, "args");
    let param = t.opt_str(sink, "param");
    let retry = t.opt_retry(sink, "retry");
    let remediation = t.opt_str_array(sink, "remediation");
    let doc_url = t.opt_str(sink, "doc_url");
    let example = t.opt_str(sink, "example");
    let retired = parse_retired(sink, t);
    if let Some((n, span)) = &name {
        check_snake(sink, n, span, "code name");
    }
    if let Some((url, span)) = &doc_url {
        check_url(sink, url, span, "`doc_url` in [[code]]");
    }
    let declared = args.map(|a| a.0).unwrap_or_default();
    let arg_names = check_args(sink, &declared);
    if let Some(message) = &message {
        check_template(sink, message, &declared, &arg_names);
    }
    let remediation = match remediation {
        Some((items, span, raw_len)) => {
            if raw_len == 0 {
                sink.error(span, "`remediation` must list at least one step");
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
    Some(RawCode {
        span,
        name: spanned(name?),
        error_type: error_type.map(spanned),
        description: description.map(|d| d.0),
        message: message.map(|m| m.0),
        args: arg_names,
        param: param.map(|p| p.0),
        retry,
        remediation,
        doc_url: doc_url.map(|d| d.0),
        example: example.map(spanned),
        retired,
    })
}

/// Checks a value that is sent as an SSE field (`event:` or `data:`), which ends at the
/// first CR or LF; returns whether it is one. (Blank values are already reported.)
fn check_sse_value(sink: &mut Sink<'_>, text: &str, span: &Range<usize>, what: &str) -> bool {
    let found = [
        (
            '\r',
            "a CR, which an SSE field value cannot hold (it would end the line)",
        ),
        (
            '\n',
            "an LF, which an SSE field value cannot hold (it would end the line)",
        ),
        ('\0', "a NUL, which an SSE field value cannot hold"),
    ]
    .into_iter()
    .find(|(c, _)| text.contains(*c));
    match found {
        None => true,
        Some((_, why)) => {
            sink.error(span.clone(), format!("{what} holds {why}"));
            false
        }
    }
}

/// The `[stream]` table: defaults applied, every local problem reported.
fn parse_stream(sink: &mut Sink<'_>, t: &Table<'_, '_>) -> RawStream {
    let mut complete = true;
    let description = t.opt_str(sink, "description").map(|s| s.0);
    let event = match t.opt_str(sink, "event") {
        Some((text, span)) => {
            complete &= check_sse_value(sink, &text, &span, "`event` in [stream]");
            text
        }
        None => {
            complete &= t.get("event").is_none();
            Stream::DEFAULT_EVENT.to_owned()
        }
    };
    let event_span = t.get("event").map(Spanned::span);
    let shape = match t.get("shape") {
        None => StreamShape::Envelope,
        Some(value) => {
            let expected = list(&StreamShape::ALL.map(StreamShape::as_str));
            match value.get_ref() {
                DeValue::String(s) => match StreamShape::from_name(s) {
                    Some(shape) => shape,
                    None => {
                        complete = false;
                        let d = sink.error(
                            value.span(),
                            format!(
                                "invalid shape \"{s}\" in [stream]; expected one of {expected}"
                            ),
                        );
                        if let Some(best) = closest(s, StreamShape::ALL.iter().map(|s| s.as_str()))
                        {
                            d.suggest(best);
                        }
                        StreamShape::Envelope
                    }
                },
                other => {
                    complete = false;
                    sink.error(
                        value.span(),
                        format!(
                            "invalid shape in [stream]: found {}, expected one of {expected}",
                            other.type_str()
                        ),
                    );
                    StreamShape::Envelope
                }
            }
        }
    };
    let end = t.get("end").and_then(|value| {
        let Some(e) = Table::new(sink, value, "`end` of [stream]".into(), STREAM_END_KEYS) else {
            complete = false;
            return None;
        };
        let data = e.opt_str(sink, "data");
        let name = e.opt_str(sink, "event");
        let read = |sink: &mut Sink<'_>, key: &str, got: Option<(String, Range<usize>)>| {
            let (text, span) = got?;
            check_sse_value(sink, &text, &span, &format!("`end.{key}` in [stream]")).then_some(text)
        };
        let present = (e.get("data").is_some(), e.get("event").is_some());
        let end = match present {
            (true, true) => {
                sink.error(
                    value.span(),
                    "`end` in [stream] must have exactly one of `data` (the data of the final event) and `event` (its name), found both",
                );
                None
            }
            (false, false) => {
                // An unknown key is reported already; say what the table needs.
                sink.error(
                    value.span(),
                    "`end` in [stream] must have exactly one of `data` (the data of the final event) and `event` (its name), found neither",
                );
                None
            }
            (true, false) => read(sink, "data", data).map(StreamEnd::Data),
            (false, true) => read(sink, "event", name).map(StreamEnd::Event),
        };
        complete &= end.is_some();
        if let Some(StreamEnd::Event(name)) = &end {
            if *name == event {
                // An event is the end before it is an error (spec section 14.1).
                let d = sink.error(
                    value.span(),
                    format!("`end.event` in [stream] is \"{name}\", the event errors arrive as, so every error would read as the end of the stream"),
                );
                if let Some(span) = event_span.clone() {
                    d.note(span, "errors arrive as this event");
                }
                complete = false;
            }
        }
        end
    });
    let codes = match t.opt_str_array(sink, "codes") {
        Some((items, _, raw_len)) => {
            complete &= items.len() == raw_len;
            items.into_iter().map(spanned).collect()
        }
        None => {
            complete &= t.get("codes").is_none();
            Vec::new()
        }
    };
    RawStream {
        description,
        event,
        shape,
        end,
        codes,
        complete,
    }
}
