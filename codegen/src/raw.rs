//! The raw tree: what the parser read, each node with its own spans, references still
//! by name. Validation turns it into the checked [`crate::model::Catalog`].
//!
//! Spans are byte ranges into the catalog source (`toml::Spanned`), turned into
//! positions only when something is reported. A node is in the tree as soon as the key
//! that identifies it could be read (a status's code, a type's, code's or header's
//! name); its other keys are `None` when they could not be read, which is already a
//! diagnostic, so that validation still checks everything else about it.

use std::ops::Range;

use toml::Spanned;

use crate::model::{Meta, RetryPolicy, RetryStrategy, StreamEnd, StreamShape};

/// The whole file as read.
pub(crate) struct RawCatalog {
    /// `[catalog]`, if it could be read.
    pub meta: Option<RawMeta>,
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
    /// Some `[[code]]` could not be read (see `statuses_incomplete`).
    pub codes_incomplete: bool,
    /// `[[header]]`, the readable ones in file order.
    pub headers: Vec<RawHeader>,
    /// Some `[[header]]` could not be read.
    pub headers_incomplete: bool,
    /// `[retry]`, if it could be read.
    pub retry: Option<RetryStrategy>,
    /// `[stream]`, if present.
    pub stream: Option<RawStream>,
}

/// The `[catalog]` table.
pub(crate) struct RawMeta {
    pub meta: Meta,
    /// The catalog version, with its span.
    pub version: Spanned<semver::Version>,
}

/// A `[[status]]` table.
pub(crate) struct RawStatus {
    /// The whole table.
    pub span: Range<usize>,
    pub code: Spanned<u16>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub success: bool,
    pub retry: RetryPolicy,
}

/// The `[envelope]` table; each key that could not be read is `None`.
pub(crate) struct RawEnvelope {
    pub description: Option<String>,
    /// The name of a code.
    pub example_code: Option<Spanned<String>>,
    pub example: Option<Spanned<String>>,
    pub fields: Vec<RawField>,
}

/// An `[[envelope.field]]` table.
pub(crate) struct RawField {
    pub name: Spanned<String>,
    pub description: Option<String>,
}

/// A `[[type]]` table.
pub(crate) struct RawType {
    /// The whole table.
    pub span: Range<usize>,
    pub name: Spanned<String>,
    /// The numeric HTTP status.
    pub status: Option<Spanned<u16>>,
    pub description: Option<String>,
}

/// A `[[code]]` table.
pub(crate) struct RawCode {
    /// The whole table.
    pub span: Range<usize>,
    pub name: Spanned<String>,
    /// The name of a type.
    pub error_type: Option<Spanned<String>>,
    pub description: Option<String>,
    pub message: Option<String>,
    /// The arguments that follow the name rules, without duplicates, in order.
    pub args: Vec<String>,
    pub param: Option<String>,
    /// The code's own policy, if it sets one.
    pub retry: Option<RetryPolicy>,
    /// The steps, each a string that is not blank.
    pub remediation: Vec<String>,
    pub doc_url: Option<String>,
    pub example: Option<Spanned<String>>,
    /// `retired = { since, replaced_by, note }`, if the code is retired.
    pub retired: Option<RawRetired>,
}

/// The `retired` table of a code.
pub(crate) struct RawRetired {
    pub since: Spanned<semver::Version>,
    /// The name of a code.
    pub replaced_by: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// A `[[header]]` table.
pub(crate) struct RawHeader {
    pub name: Spanned<String>,
    pub description: Option<String>,
}

/// The `[stream]` table, its defaults applied. A key that could not be read holds its
/// default, and `complete` is false (the problem is already reported).
pub(crate) struct RawStream {
    pub description: Option<String>,
    pub event: String,
    pub shape: StreamShape,
    pub end: Option<StreamEnd>,
    /// The names of codes, with their spans.
    pub codes: Vec<Spanned<String>>,
    /// False when some key could not be read (already a diagnostic).
    pub complete: bool,
}
