//! Parsing: TOML with spans → typed model, reporting every local problem with its position.
//!
//! Checks that need the whole catalog (references, duplicates, identifier collisions) live
//! in [`crate::validate`]; this module records the positions they need in [`Locations`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::Sink;
use crate::model::{
    Catalog, Envelope, ErrorCode, ErrorType, Field, Header, Meta, Pos, Retry, RetryStrategy, Status,
};

/// Positions of the references that whole-catalog validation reports on.
#[derive(Default)]
pub(crate) struct Locations {
    /// Per status: position of the `code` value.
    pub status_code: Vec<Pos>,
    /// Per type: position of the `name` value and of the `status` value.
    pub type_name: Vec<Pos>,
    pub type_status: Vec<Pos>,
    /// Per code: position of the `name` value and of the `type` value.
    pub code_name: Vec<Pos>,
    pub code_type: Vec<Pos>,
    /// Per code: position of the `example` value, if any.
    pub code_example: Vec<Option<Pos>>,
    /// Per header: position of the `name` value.
    pub header_name: Vec<Pos>,
    /// Position of `envelope.example_code`.
    pub envelope_example_code: Pos,
    /// Position of `envelope.example`.
    pub envelope_example: Pos,
    /// Some `[[status]]` or `[[type]]` could not be read: references to them are not
    /// reported, since they would only repeat the first error.
    pub statuses_incomplete: bool,
    pub types_incomplete: bool,
}

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

    fn opt_retry(&self, sink: &mut Sink<'_>, key: &str) -> Option<Retry> {
        let value = self.get(key)?;
        let expected = list(&Retry::ALL.map(Retry::as_str));
        match value.get_ref() {
            DeValue::String(s) => match Retry::from_name(s) {
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

/// The closest candidate to `name` by edit distance, if any is close enough.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// True for lowercase snake_case: `[a-z][a-z0-9]*(_[a-z0-9]+)*`.
pub(crate) fn is_snake_case(name: &str) -> bool {
    let mut parts = name.split('_');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()));
    first_ok
        && name.split('_').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Parses catalog source into a model. Positions of cross-references are returned for
/// [`crate::validate`]. Problems go to `sink`; the model is meaningful only without them.
pub(crate) fn parse(source: &str, sink: &mut Sink<'_>) -> Option<(Catalog, Locations)> {
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
    let mut loc = Locations::default();
    let mut catalog = Catalog::default();

    // [catalog]
    match top.get("catalog") {
        None => top.missing(sink, "catalog"),
        Some(v) => {
            if let Some(t) = Table::new(sink, v, "[catalog]".into(), META_KEYS) {
                catalog.meta = Meta {
                    name: t.req_str(sink, "name").map(|s| s.0).unwrap_or_default(),
                    title: t.req_str(sink, "title").map(|s| s.0).unwrap_or_default(),
                    intro: t.req_str(sink, "intro").map(|s| s.0).unwrap_or_default(),
                    docs_url: t.req_str(sink, "docs_url").map(|s| s.0).unwrap_or_default(),
                };
            }
        }
    }

    // [[status]]
    for v in top.tables(sink, "status") {
        let Some(t) = Table::new(sink, v, "[[status]]".into(), STATUS_KEYS) else {
            continue;
        };
        let code = t.req_status(sink, "code");
        let name = t.req_str(sink, "name");
        let description = t.req_str(sink, "description");
        let success = t.opt_bool(sink, "success").unwrap_or(false);
        let retry = t.opt_retry(sink, "retry");
        if success && retry == Some(Retry::Backoff) {
            sink.error(v.span().start, "a success status cannot be retried");
        }
        if let (Some((code, span)), Some((name, _)), Some((description, _))) =
            (code, name, description)
        {
            loc.status_code.push(sink.pos(span.start));
            catalog.statuses.push(Status {
                code,
                name,
                description,
                success,
                retry: retry.unwrap_or(Retry::Never),
                pos: sink.pos(v.span().start),
            });
        }
    }
    loc.statuses_incomplete = catalog.statuses.len() != top.tables(sink, "status").len();
    if catalog.statuses.is_empty() && top.get("status").is_none() {
        top.missing(sink, "status");
    }

    // [envelope]
    match top.get("envelope") {
        None => top.missing(sink, "envelope"),
        Some(v) => {
            if let Some(t) = Table::new(sink, v, "[envelope]".into(), ENVELOPE_KEYS) {
                let description = t
                    .req_str(sink, "description")
                    .map(|s| s.0)
                    .unwrap_or_default();
                let example_code = t.req_str(sink, "example_code");
                let example = t.req_str(sink, "example");
                loc.envelope_example_code = example_code
                    .as_ref()
                    .map_or(Pos::default(), |s| sink.pos(s.1.start));
                loc.envelope_example = example
                    .as_ref()
                    .map_or(Pos::default(), |s| sink.pos(s.1.start));
                let mut fields = Vec::new();
                for f in t.tables(sink, "field") {
                    let Some(ft) = Table::new(sink, f, "[[envelope.field]]".into(), FIELD_KEYS)
                    else {
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
                catalog.envelope = Envelope {
                    description,
                    example_code: example_code.map(|s| s.0).unwrap_or_default(),
                    example: example.map(|s| s.0).unwrap_or_default(),
                    fields,
                };
            }
        }
    }

    // [[type]]
    for v in top.tables(sink, "type") {
        let Some(t) = Table::new(sink, v, "[[type]]".into(), TYPE_KEYS) else {
            continue;
        };
        let name = t.req_str(sink, "name");
        let status = t.req_status(sink, "status");
        let description = t.req_str(sink, "description");
        if let Some((n, span)) = &name {
            check_snake(sink, n, span, "type name");
        }
        if let (Some((name, nspan)), Some((status, sspan)), Some((description, _))) =
            (name, status, description)
        {
            loc.type_name.push(sink.pos(nspan.start));
            loc.type_status.push(sink.pos(sspan.start));
            catalog.types.push(ErrorType {
                name,
                status,
                description,
                pos: sink.pos(v.span().start),
            });
        }
    }
    loc.types_incomplete = catalog.types.len() != top.tables(sink, "type").len();
    if top.get("type").is_none() {
        top.missing(sink, "type");
    }

    // [[code]]
    for v in top.tables(sink, "code") {
        let Some(t) = Table::new(sink, v, "[[code]]".into(), CODE_KEYS) else {
            continue;
        };
        if let Some(code) = parse_code(sink, &t, &mut loc) {
            catalog.codes.push(ErrorCode {
                pos: sink.pos(v.span().start),
                ..code
            });
        }
    }
    if top.get("code").is_none() {
        top.missing(sink, "code");
    }

    // [[header]]
    for v in top.tables(sink, "header") {
        let Some(t) = Table::new(sink, v, "[[header]]".into(), HEADER_KEYS) else {
            continue;
        };
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
        if let (Some((name, span)), Some((description, _))) = (name, description) {
            loc.header_name.push(sink.pos(span.start));
            catalog.headers.push(Header { name, description });
        }
    }

    // [retry]
    match top.get("retry") {
        None => top.missing(sink, "retry"),
        Some(v) => {
            if let Some(t) = Table::new(sink, v, "[retry]".into(), RETRY_KEYS) {
                catalog.retry = RetryStrategy {
                    intro: t.req_str(sink, "intro").map(|s| s.0).unwrap_or_default(),
                    example_language: t
                        .req_str(sink, "example_language")
                        .map(|s| s.0)
                        .unwrap_or_default(),
                    example: t.req_str(sink, "example").map(|s| s.0).unwrap_or_default(),
                    outro: t.req_str(sink, "outro").map(|s| s.0).unwrap_or_default(),
                    rust_example: t.opt_str(sink, "rust_example").map(|s| s.0),
                };
            }
        }
    }

    Some((catalog, loc))
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

fn parse_code(sink: &mut Sink<'_>, t: &Table<'_, '_>, loc: &mut Locations) -> Option<ErrorCode> {
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

    // Arguments: snake_case, unique.
    let mut arg_names: Vec<String> = Vec::new();
    if let Some((items, _, _)) = &args {
        for (arg, span) in items {
            if !check_snake(sink, arg, span, "argument name") {
                continue;
            }
            if matches!(arg.as_str(), "self" | "super" | "crate") {
                sink.error(
                    span.start,
                    format!(
                        "argument `{arg}` cannot be a Rust parameter name (not even raw); rename it, e.g. `{arg}_name`"
                    ),
                );
                continue;
            }
            if arg_names.contains(arg) {
                sink.error(span.start, format!("duplicate argument `{arg}`"));
                continue;
            }
            arg_names.push(arg.clone());
        }
    }

    // The message template's placeholders must be exactly the declared arguments.
    if let Some((msg, span)) = &message {
        match crate::template::placeholders(msg) {
            Err(e) => sink.error(span.start, format!("message template: {e}")),
            Ok(used) => {
                for p in &used {
                    if !arg_names.contains(p) {
                        sink.error(
                            span.start,
                            format!("message placeholder `{{{p}}}` is not declared in `args`"),
                        );
                    }
                }
                if let Some((items, _, _)) = &args {
                    for (arg, aspan) in items {
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
    let ((name, nspan), (error_type, tspan)) = (name?, error_type?);
    let (description, message) = (description?.0, message?.0);
    loc.code_name.push(sink.pos(nspan.start));
    loc.code_type.push(sink.pos(tspan.start));
    loc.code_example
        .push(example.as_ref().map(|e| sink.pos(e.1.start)));
    Some(ErrorCode {
        name,
        error_type,
        description,
        message,
        args: arg_names,
        param: param.map(|p| p.0),
        retry,
        remediation,
        doc_url: doc_url.map(|d| d.0),
        example: example.map(|e| e.0),
        pos: Pos::default(),
    })
}
