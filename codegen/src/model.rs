//! The typed model of an error catalog, produced by the parser and trusted by every emitter.

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Retry {
    /// Retrying cannot succeed: the request must change first.
    Never,
    /// Retry after the server's hint, else with capped exponential backoff and jitter.
    Backoff,
}

impl Retry {
    /// The spelling used in the catalog (`"never"`, `"backoff"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Retry::Never => "never",
            Retry::Backoff => "backoff",
        }
    }

    /// Parses the catalog spelling.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "never" => Some(Retry::Never),
            "backoff" => Some(Retry::Backoff),
            _ => None,
        }
    }

    /// Every policy, in declaration order.
    pub const ALL: [Retry; 2] = [Retry::Never, Retry::Backoff];
}

/// A whole catalog: everything the reference page says, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// The API's name, e.g. `llm.kiwi`.
    pub name: String,
    /// The title of the reference page.
    pub title: String,
    /// The opening paragraph of the reference page.
    pub intro: String,
    /// The URL of the published reference page; each code's doc URL is this plus `#code`.
    pub docs_url: String,
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
    pub retry: Retry,
    /// Where the status is defined.
    pub pos: Pos,
}

/// The documented error response format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    /// A sentence introducing the format.
    pub description: String,
    /// The code whose example body illustrates the format.
    pub example_code: String,
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
    pub status: u16,
    /// What the type means.
    pub description: String,
    /// Where the type is defined.
    pub pos: Pos,
}

/// An error code: the `code` member of an error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The wire name, lowercase snake_case, e.g. `model_not_found`.
    pub name: String,
    /// The name of its error type.
    pub error_type: String,
    /// What the code means.
    pub description: String,
    /// The message template; `{arg}` is replaced by an argument, `{{`/`}}` are literal braces.
    pub message: String,
    /// The arguments of the message template, in constructor order.
    pub args: Vec<String>,
    /// The request parameter the error is about, if any.
    pub param: Option<String>,
    /// A retry policy overriding the default of the type's status.
    pub retry: Option<Retry>,
    /// What a client can do about it, in order.
    pub remediation: Vec<String>,
    /// An explicit documentation URL; by default the page URL plus `#name`.
    pub doc_url: Option<String>,
    /// An example body, verbatim (JSON).
    pub example: Option<String>,
    /// Where the code is defined.
    pub pos: Pos,
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
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// The status with this numeric code.
    pub fn status(&self, code: u16) -> Option<&Status> {
        self.statuses.iter().find(|s| s.code == code)
    }

    /// The error type with this name.
    pub fn error_type(&self, name: &str) -> Option<&ErrorType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The error code with this name.
    pub fn code(&self, name: &str) -> Option<&ErrorCode> {
        self.codes.iter().find(|c| c.name == name)
    }

    /// The HTTP status of a code (through its type).
    pub fn code_status(&self, code: &ErrorCode) -> Option<&Status> {
        self.error_type(&code.error_type)
            .and_then(|t| self.status(t.status))
    }

    /// The effective retry policy of a code: its own, else its status's default.
    pub fn code_retry(&self, code: &ErrorCode) -> Retry {
        code.retry
            .or_else(|| self.code_status(code).map(|s| s.retry))
            .unwrap_or(Retry::Never)
    }

    /// The documentation URL of a code: explicit, else the page URL plus `#name`.
    pub fn doc_url(&self, code: &ErrorCode) -> String {
        match &code.doc_url {
            Some(url) => url.clone(),
            None => format!("{}#{}", self.meta.docs_url, code.name),
        }
    }
}
