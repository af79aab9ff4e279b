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

/// Whether, and how, a failed request may be retried.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RetryPolicy {
    /// Retrying cannot succeed: the request (or the account) must change first.
    Never,
    /// Retry after the server's hint (`retry-after-ms`, `Retry-After`, `X-RateLimit-Reset`), else with capped exponential backoff and jitter.
    Backoff,
}

impl RetryPolicy {
    /// The spelling used in the catalog (`"never"`, `"backoff"`).
    pub fn as_str(self) -> &'static str {
        match self {
            RetryPolicy::Never => "never",
            RetryPolicy::Backoff => "backoff",
        }
    }

    /// Parses the catalog spelling.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "never" => Some(RetryPolicy::Never),
            "backoff" => Some(RetryPolicy::Backoff),
            _ => None,
        }
    }

    /// True for [`RetryPolicy::Backoff`].
    pub fn is_retryable(self) -> bool {
        self == RetryPolicy::Backoff
    }

    /// Every policy, in declaration order.
    pub const ALL: [RetryPolicy; 2] = [RetryPolicy::Never, RetryPolicy::Backoff];
}

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
    /// The retry strategy section (`[retry]`).
    pub retry: RetryStrategy,
}

/// The `[catalog]` table: page-level metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// The API's name, e.g. `llm.kiwi`.
    pub name: String,
    /// The title of the reference page.
    pub title: String,
    /// The opening paragraph of the reference page.
    pub intro: String,
    /// The URL of the published reference page; each code's doc URL is this plus `#code`.
    pub docs_url: String,
    /// The catalog's semantic version: what `diff` compares with the version of an
    /// older catalog to decide whether a breaking change was announced.
    pub version: semver::Version,
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

/// The documented error response format.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// A sentence introducing the format.
    pub description: String,
    /// The code whose example body illustrates the format.
    pub example_code: CodeId,
    /// The example body shown with the format, verbatim.
    pub example: String,
    /// The documented members of the inner `error` object.
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

/// The retry strategy section of the reference page.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryStrategy {
    /// The sentence before the example.
    pub intro: String,
    /// The language of the example, e.g. `python`.
    pub example_language: String,
    /// The example code, verbatim.
    pub example: String,
    /// The sentence after the example.
    pub outro: String,
    /// An example of the `kiwi-errors` retry helper, in Rust, shown after the strategy.
    pub rust_example: Option<String>,
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
