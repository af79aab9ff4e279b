//! The raw tree: what the parser read, each node with its own spans, references still
//! by name. Validation turns it into the checked [`crate::model::Catalog`].
//!
//! Spans are byte ranges into the catalog source (`toml::Spanned`), turned into
//! positions only when something is reported. A node is in the tree only if every
//! required key of its table could be read; a missing one is already a diagnostic.

use std::ops::Range;

use toml::Spanned;

use crate::model::{Field, Meta, RetryPolicy, RetryStrategy};

/// The whole file as read.
pub(crate) struct RawCatalog {
    /// `[catalog]`, if it could be read.
    pub meta: Option<Meta>,
    /// `[[status]]`, the readable ones in file order.
    pub statuses: Vec<RawStatus>,
    /// Some `[[status]]` could not be read: references to statuses are not reported,
    /// since they would only repeat the first error.
    pub statuses_incomplete: bool,
    /// `[envelope]`, if present.
    pub envelope: Option<RawEnvelope>,
    /// `[[type]]`, the readable ones in file order.
    pub types: Vec<RawType>,
    /// Some `[[type]]` could not be read (see `statuses_incomplete`).
    pub types_incomplete: bool,
    /// `[[code]]`, the readable ones in file order.
    pub codes: Vec<RawCode>,
    /// `[[header]]`, the readable ones in file order.
    pub headers: Vec<RawHeader>,
    /// `[retry]`, if it could be read.
    pub retry: Option<RetryStrategy>,
}

/// A `[[status]]` table.
pub(crate) struct RawStatus {
    /// The whole table.
    pub span: Range<usize>,
    pub code: Spanned<u16>,
    pub name: String,
    pub description: String,
    pub success: bool,
    pub retry: RetryPolicy,
}

/// The `[envelope]` table; each key that could not be read is `None`.
pub(crate) struct RawEnvelope {
    pub description: Option<String>,
    /// The name of a code.
    pub example_code: Option<Spanned<String>>,
    pub example: Option<Spanned<String>>,
    pub fields: Vec<Field>,
}

/// A `[[type]]` table.
pub(crate) struct RawType {
    /// The whole table.
    pub span: Range<usize>,
    pub name: Spanned<String>,
    /// The numeric HTTP status.
    pub status: Spanned<u16>,
    pub description: String,
}

/// A `[[code]]` table.
pub(crate) struct RawCode {
    /// The whole table.
    pub span: Range<usize>,
    pub name: Spanned<String>,
    /// The name of a type.
    pub error_type: Spanned<String>,
    pub description: String,
    pub message: String,
    /// The arguments that follow the name rules, without duplicates, in order.
    pub args: Vec<String>,
    pub param: Option<String>,
    /// The code's own policy, if it sets one.
    pub retry: Option<RetryPolicy>,
    /// The steps, each a string that is not blank.
    pub remediation: Vec<String>,
    pub doc_url: Option<String>,
    pub example: Option<Spanned<String>>,
}

/// A `[[header]]` table.
pub(crate) struct RawHeader {
    pub name: Spanned<String>,
    pub description: String,
}
