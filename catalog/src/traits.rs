//! The traits that connect a table expanded by [`error_catalog!`](crate::error_catalog)
//! to the ordinary, generic code of the crate: [`CatalogName`] and [`CatalogCode`] for
//! the generated enums, [`CatalogError`] for the generated `ApiError`.

use core::fmt::{Debug, Display};
use core::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::RetryPolicy;
use crate::stream::{StreamEvent, StreamFormat};

/// A name enum of a catalog (its `ErrorType` or `ErrorCode`): known variants plus
/// `Unknown(raw)`, so parsing never fails.
pub trait CatalogName:
    Clone + Debug + Eq + Display + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The value with this wire name; an unknown name is kept as `Unknown`.
    fn parse(name: &str) -> Self;

    /// The wire name.
    fn as_str(&self) -> &str;

    /// The numeric HTTP status the catalog gives it (`None` when unknown).
    fn status_code(&self) -> Option<u16>;

    /// Its retry policy in the catalog (`None` when unknown).
    fn retry_policy(&self) -> Option<RetryPolicy>;
}

/// The `ErrorCode` enum of a catalog, which also names the catalog's other tables.
pub trait CatalogCode: CatalogName {
    /// The catalog's `ErrorType` enum.
    type Type: CatalogName;

    /// What a client can do about it (empty when unknown).
    fn remediation(&self) -> &'static [&'static str];

    /// The documentation URL (`None` when unknown).
    fn doc_url(&self) -> Option<&'static str>;

    /// The default retry policy of an HTTP status, if the catalog's status table lists it.
    fn status_retry_policy(status: u16) -> Option<RetryPolicy>;

    /// Every known error type of the catalog, in catalog order.
    fn types() -> &'static [Self::Type] {
        &[]
    }

    /// How the catalog's API sends errors in a stream of Server-Sent Events (its
    /// `[stream]` table), if it says.
    fn stream() -> Option<StreamFormat> {
        None
    }
}

/// What the retry helper and HTTP integrations need from a catalog's `ApiError`,
/// whichever catalog it was expanded from.
///
/// [`error_catalog!`](crate::error_catalog) implements it for the `ApiError` it expands.
pub trait CatalogError: std::error::Error + Debug + Send + Sync + 'static {
    /// The error of an HTTP response. Never fails: see
    /// [`ErrorObject::from_http_response`](crate::ErrorObject::from_http_response) for
    /// how bodies that are not error envelopes are read.
    fn from_http_response(status: u16, body: &[u8]) -> Self
    where
        Self: Sized;

    /// What one event of a stream of Server-Sent Events is: the end, an error (with no
    /// HTTP status of its own) or content (see [`crate::stream`]). Never fails.
    fn from_stream_event(name: &str, data: &str) -> StreamEvent<Self>
    where
        Self: Sized;

    /// How the catalog's API sends errors in a stream and ends a complete one (its
    /// `[stream]` table), if it says.
    fn stream_format() -> Option<StreamFormat>
    where
        Self: Sized,
    {
        None
    }

    /// The delay the server attached (sent as `Retry-After` and `retry-after-ms`), if any.
    fn retry_delay(&self) -> Option<Duration> {
        None
    }

    /// The HTTP status to answer with.
    fn status(&self) -> u16;

    /// Whether the request may be retried.
    fn retry_policy(&self) -> RetryPolicy;

    /// The error code, as a string, if there is one.
    fn code_str(&self) -> Option<&str>;

    /// The error code, if the catalog lists it: `None` when there is no code and for a
    /// code the catalog does not know (sent by a newer server, kept as `Unknown`).
    fn known_code_str(&self) -> Option<&str> {
        self.code_str()
    }

    /// The error type, as a string.
    fn type_str(&self) -> &str;

    /// The error body `{"error": {...}}` as JSON.
    fn to_json(&self) -> String;
}
