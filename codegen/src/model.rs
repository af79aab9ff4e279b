//! The checked model of an error catalog: built by validation, with every reference
//! resolved and every Rust name computed, and trusted by every emitter.
//!
//! A type points at its [`Status`], a code at its [`ErrorType`] and [`Status`] (by
//! [`TypeId`] and [`StatusId`], read through [`Catalog`]); a code also carries its
//! effective [`RetryPolicy`], its doc URL and its Rust names:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let source = std::fs::read_to_string("catalog/errors.toml")?;
//! let catalog = kiwi_errors_codegen::parse_catalog("catalog/errors.toml", &source)?;
//! for code in &catalog.codes {
//!     let status = catalog.status_of(code);
//!     println!(
//!         "{} ({}): {} {}, retry {}, ApiError::{}({}), {}",
//!         code.name,
//!         catalog.type_of(code).name,
//!         status.code,
//!         status.name,
//!         code.retry.as_str(),
//!         code.constructor,
//!         code.args.iter().map(|a| a.ident.as_str()).collect::<Vec<_>>().join(", "),
//!         code.doc_url,
//!     );
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;

/// A 1-based line and column in the catalog file (columns count characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in characters.
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Whether, and how, a failed request may be retried: the runtime's own type, so the
/// generator and the crates it generates for agree on every spelling.
pub use kiwi_errors::RetryPolicy;

/// Where a code's retry policy comes from.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RetrySource {
    /// The code sets its own policy, overriding its status's default.
    Code,
    /// The default of the code's HTTP status.
    Status,
}

/// The position of a status in [`Catalog::statuses`]; read it with [`Catalog::status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusId(pub(crate) usize);

/// The position of a type in [`Catalog::types`]; read it with [`Catalog::error_type`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub(crate) usize);

/// The position of a code in [`Catalog::codes`]; read it with [`Catalog::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeId(pub(crate) usize);

macro_rules! id_index {
    ($($id:ident),*) => {$(
        impl $id {
            /// The position in its list, in file order.
            pub fn index(self) -> usize {
                self.0
            }
        }
    )*};
}
id_index!(StatusId, TypeId, CodeId);

/// A whole, validated catalog: everything the reference page says, in file order, with
/// every reference resolved.
///
/// Ids are made only by [`crate::parse_catalog`], so every id a catalog holds is valid
/// for it. Reading an id of one catalog in another one may panic or give an unrelated
/// entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    /// The `[catalog]` table.
    pub meta: Meta,
    /// The HTTP statuses (`[[status]]`), in file order.
    pub statuses: Vec<Status>,
    /// The error response format (`[envelope]`).
    pub envelope: Envelope,
    /// The error types (`[[type]]`), in file order.
    pub types: Vec<ErrorType>,
    /// The error codes (`[[code]]`), in file order.
    pub codes: Vec<ErrorCode>,
    /// The rate-limit headers (`[[header]]`), in file order.
    pub headers: Vec<Header>,
    /// The retry strategy section (`[retry]`), if the catalog has one.
    pub retry: Option<RetryStrategy>,
    /// How errors travel in a streamed answer (`[stream]`), if the catalog says.
    pub stream: Option<Stream>,
}

/// The `[catalog]` table: page-level metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// The API's name, e.g. `llm.kiwi`.
    pub name: String,
    /// The title of the reference page.
    pub title: String,
    /// The opening paragraph of the reference page, if any.
    pub intro: Option<String>,
    /// The URL of the published reference page; each code's doc URL is this plus `#code`.
    pub docs_url: String,
    /// The catalog's semantic version: what `diff` compares with the version of an
    /// older catalog to decide whether a breaking change was announced.
    pub version: semver::Version,
    /// The headings and labels of the reference page (`[page]`, with neutral defaults).
    pub page: Page,
    /// The catalog as generated files name it: the path it was read from, relative,
    /// with `/` separators (see [`crate::Config::catalog`]).
    pub source: String,
    /// The name of the packages for other languages (a Python package, an npm package,
    /// a Go package): from the catalog's `name` (see [`package_name`]), unless the
    /// generator was given another ([`crate::Config::package_name`]).
    pub package: String,
    /// The path of the Go module (`go_module` in `[catalog]`), if the catalog sets one;
    /// else the Go package name is the module path.
    pub go_module: Option<String>,
}

/// The name of the other-language packages of a catalog named `name`: its words in
/// snake_case, followed by `_errors` (`llm.kiwi` gives `llm_kiwi_errors`). Each
/// language spells it its own way (`llm-kiwi-errors` for npm).
pub fn package_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(heck::ToSnakeCase::to_snake_case)
        .collect();
    let mut stem = words.join("_");
    if stem.is_empty() || stem.starts_with(|c: char| c.is_ascii_digit()) {
        stem.insert_str(0, "api");
        if stem.len() > 3 {
            stem.insert(3, '_');
        }
    }
    if stem == "errors" || stem.ends_with("_errors") {
        stem
    } else {
        format!("{stem}_errors")
    }
}

/// True for a valid other-language package name: lowercase snake_case ASCII
/// (`[a-z][a-z0-9]*(_[a-z0-9]+)*`), at most 64 characters.
pub fn is_package_name(name: &str) -> bool {
    name.len() <= 64 && crate::ident::is_snake_case(name)
}

/// The headings and labels of the reference page (`[page]`). The shipped catalog sets
/// the seed page's own; a catalog without `[page]` gets the neutral defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The heading of the status table.
    pub statuses: String,
    /// The column headings of the status table (number, name, description).
    pub status_columns: [String; 3],
    /// The heading of the error format section.
    pub envelope: String,
    /// The column headings of the envelope's field table (member, description).
    pub field_columns: [String; 2],
    /// The heading of the error type table.
    pub types: String,
    /// The heading of the section of every code.
    pub codes: String,
    /// The label before a code's remediation steps.
    pub solutions: String,
    /// The heading of the retired codes.
    pub retired: String,
    /// The heading of the rate-limit header table.
    pub headers: String,
    /// The heading of the retry strategy section.
    pub retry: String,
    /// The heading of the section on errors in streams.
    pub streams: String,
}

impl Default for Page {
    fn default() -> Self {
        let s = |s: &str| s.to_owned();
        Page {
            statuses: s("HTTP statuses"),
            status_columns: [s("Status"), s("Name"), s("Description")],
            envelope: s("Error format"),
            field_columns: [s("Field"), s("Description")],
            types: s("Error types"),
            codes: s("Error codes"),
            solutions: s("What to do:"),
            retired: s("Retired codes"),
            headers: s("Rate-limit headers"),
            retry: s("Retrying"),
            streams: s("Errors in Streams"),
        }
    }
}

impl Page {
    /// The section headings, in page order.
    pub fn headings(&self) -> [&str; 8] {
        [
            &self.statuses,
            &self.envelope,
            &self.types,
            &self.codes,
            &self.retired,
            &self.headers,
            &self.retry,
            &self.streams,
        ]
    }
}

/// One HTTP status of the status table.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// The numeric status, e.g. 429.
    pub code: u16,
    /// Its name in the table, e.g. `Rate Limited`.
    pub name: String,
    /// What it means for a client.
    pub description: String,
    /// True for a success status (no error type may use it).
    pub success: bool,
    /// The default retry policy of every type and code with this status.
    pub retry: RetryPolicy,
    /// The Rust variant of `Status`, e.g. `RateLimited` (keywords escaped).
    pub variant: String,
    /// Where the status is defined.
    pub pos: Pos,
}

/// The documented error response format (`[envelope]`, every part optional).
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// A sentence introducing the format, if any.
    pub description: Option<String>,
    /// The code whose example body illustrates the format, if one is named.
    pub example_code: Option<CodeId>,
    /// The example body shown with the format, verbatim, if any.
    pub example: Option<String>,
    /// The documented members of the inner `error` object: those declared, else the
    /// four of the envelope with neutral descriptions ([`Field::defaults`]).
    pub fields: Vec<Field>,
}

/// One documented member of the error object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The member name, e.g. `message`.
    pub name: String,
    /// What it holds.
    pub description: String,
}

impl Field {
    /// The members of the error object, documented neutrally: what a catalog without
    /// `[[envelope.field]]` documents.
    pub fn defaults() -> Vec<Field> {
        [
            ("message", "A human-readable description of the error."),
            (
                "type",
                "The error type: its category, which gives the HTTP status.",
            ),
            (
                "code",
                "The machine-readable error code, if the error has one.",
            ),
            ("param", "The request parameter the error is about, if any."),
        ]
        .into_iter()
        .map(|(name, description)| Field {
            name: name.to_owned(),
            description: description.to_owned(),
        })
        .collect()
    }
}

/// An error type: the `type` member of an error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorType {
    /// The wire name, lowercase snake_case, e.g. `invalid_request_error`.
    pub name: String,
    /// The HTTP status returned with this type.
    pub status: StatusId,
    /// What the type means.
    pub description: String,
    /// The Rust variant of `ErrorType`, e.g. `InvalidRequestError` (keywords escaped).
    pub variant: String,
    /// Where the type is defined.
    pub pos: Pos,
}

/// An error code: the `code` member of an error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The wire name, lowercase snake_case, e.g. `model_not_found`.
    pub name: String,
    /// Its error type.
    pub error_type: TypeId,
    /// Its HTTP status (the status of its type).
    pub status: StatusId,
    /// What the code means.
    pub description: String,
    /// The message template (see [`crate::template`]): `{arg}` is replaced by an
    /// argument, `{{`/`}}` are literal braces.
    pub message: String,
    /// The arguments of the message template, in constructor order.
    pub args: Vec<Arg>,
    /// The request parameter the error is about, if any.
    pub param: Option<String>,
    /// The effective retry policy: the code's own, else its status's default.
    pub retry: RetryPolicy,
    /// Whether [`ErrorCode::retry`] is the code's own or its status's default.
    pub retry_source: RetrySource,
    /// What a client can do about it, in order.
    pub remediation: Vec<String>,
    /// The documentation URL: explicit, else the page URL plus `#name`.
    pub doc_url: String,
    /// An example body, verbatim (JSON).
    pub example: Option<String>,
    /// The Rust variant of `ErrorCode`, e.g. `ModelNotFound` (keywords escaped).
    pub variant: String,
    /// The Rust name of its `ApiError` constructor, e.g. `model_not_found` (keywords
    /// escaped).
    pub constructor: String,
    /// Set when the code is retired: no longer emitted, but still parsed into its named
    /// variant, with its status, type and retry policy.
    pub retired: Option<Retired>,
    /// Where the code is defined.
    pub pos: Pos,
}

impl ErrorCode {
    /// True when the code is retired.
    pub fn is_retired(&self) -> bool {
        self.retired.is_some()
    }
}

/// Why and since when a code is no longer emitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Retired {
    /// The catalog version that retired it (at most the catalog's version).
    pub since: semver::Version,
    /// The code to use instead, if any (never itself retired).
    pub replaced_by: Option<CodeId>,
    /// A sentence for readers, if any.
    pub note: Option<String>,
}

/// One argument of a message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The name used in the template, snake_case, e.g. `model`.
    pub name: String,
    /// The Rust parameter name of the constructor, e.g. `r#type` for `type`.
    pub ident: String,
}

/// A response header documented with the rate limits.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The header name, e.g. `X-RateLimit-Reset`.
    pub name: String,
    /// What it holds.
    pub description: String,
}

/// The retry strategy section of the reference page (`[retry]`, every part optional).
#[derive(Clone, Debug, PartialEq)]
pub struct RetryStrategy {
    /// The sentence before the example, if any.
    pub intro: Option<String>,
    /// The language of the example, e.g. `python` (`text` when not given).
    pub example_language: String,
    /// The example code, verbatim, if any.
    pub example: Option<String>,
    /// The sentence after the example, if any.
    pub outro: Option<String>,
    /// An example of the `kiwi-errors` retry helper, in Rust, shown after the strategy.
    pub rust_example: Option<String>,
}

/// How errors travel in a streamed (Server-Sent Events) answer (`[stream]`): the
/// event that carries an error, the shape of its data, how a complete stream ends and
/// the codes that may arrive mid-stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    /// A sentence for the reference page, if any.
    pub description: Option<String>,
    /// The name of the events that carry errors: `message` (the default) for events
    /// without an `event:` line. Never empty, never holds CR, LF or NUL.
    pub event: String,
    /// The data of an error event.
    pub shape: StreamShape,
    /// How a complete stream ends; `None` when nothing marks it (the body's end is the
    /// stream's end).
    pub end: Option<StreamEnd>,
    /// The codes that may arrive mid-stream, in file order, without duplicates.
    pub codes: Vec<CodeId>,
}

impl Stream {
    /// The event name errors arrive as when `[stream]` names none: SSE's name of an
    /// event without an `event:` line.
    pub const DEFAULT_EVENT: &'static str = "message";

    /// True when errors arrive as events without an `event:` line.
    pub fn is_unnamed_event(&self) -> bool {
        self.event == Stream::DEFAULT_EVENT
    }
}

/// The data of an error event in a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamShape {
    /// The error envelope, `{"error": {...}}` (the default).
    Envelope,
    /// The envelope named as an error event, `{"type": "error", "error": {...}}`.
    Named,
    /// The error object's members beside `"type": "error"`:
    /// `{"type": "error", "code": …, "message": …, "param": …}`.
    Flat,
}

impl StreamShape {
    /// Every shape, in the order of the documentation.
    pub const ALL: [StreamShape; 3] =
        [StreamShape::Envelope, StreamShape::Named, StreamShape::Flat];

    /// The catalog's spelling: `envelope`, `named` or `flat`.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamShape::Envelope => "envelope",
            StreamShape::Named => "named",
            StreamShape::Flat => "flat",
        }
    }

    /// The shape spelled `name` in a catalog, if any.
    pub fn from_name(name: &str) -> Option<StreamShape> {
        StreamShape::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// How a complete stream ends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StreamEnd {
    /// A final event whose data is exactly this text, e.g. `[DONE]`.
    Data(String),
    /// A final event with this name, e.g. `message_stop`.
    Event(String),
}

impl Catalog {
    /// A status of this catalog.
    pub fn status(&self, id: StatusId) -> &Status {
        &self.statuses[id.0]
    }

    /// A type of this catalog.
    pub fn error_type(&self, id: TypeId) -> &ErrorType {
        &self.types[id.0]
    }

    /// A code of this catalog.
    pub fn code(&self, id: CodeId) -> &ErrorCode {
        &self.codes[id.0]
    }

    /// The error type of a code.
    pub fn type_of(&self, code: &ErrorCode) -> &ErrorType {
        self.error_type(code.error_type)
    }

    /// The HTTP status of a code (through its type).
    pub fn status_of(&self, code: &ErrorCode) -> &Status {
        self.status(code.status)
    }

    /// The code with this wire name, if the catalog has one.
    pub fn find_code(&self, name: &str) -> Option<&ErrorCode> {
        self.codes.iter().find(|c| c.name == name)
    }
}
