//! Typed, forward-compatible errors for the llm.kiwi API, and the runtime for any
//! other error catalog.
//!
//! Everything comes from one catalog, `errors.toml`, through the [`error_catalog!`]
//! macro: the HTTP `Status` table, every `ErrorType` and `ErrorCode` with its status,
//! retry policy, remediation and documentation URL, and `ApiError`, the
//! `{"error": {message, type, code, param}}` object, with one constructor per code.
//! The macro expands only what depends on the table; the rest is ordinary generic
//! code: [`ErrorObject`] (which `ApiError` wraps and dereferences to), [`Envelope`],
//! and the traits [`CatalogName`], [`CatalogCode`] and [`CatalogError`], through which
//! the retry helper ([`retry`], feature `retry`) serves any catalog.
//!
//! With the default feature `llm-kiwi`, the shipped llm.kiwi catalog is expanded at the
//! crate root (`kiwi_errors::ApiError`, `ErrorCode`, `ErrorType`, `Status`,
//! `ErrorEnvelope`). Without it, a crate expands its own table (generated in its
//! `build.rs` by `kiwi-errors-codegen`) and uses the same runtime.
//!
//! ```
//! # #[cfg(feature = "llm-kiwi")] {
//! use kiwi_errors::{ApiError, ErrorCode, ErrorType, Status};
//!
//! // A server builds an error from the catalog: status, type, message and param…
//! let err = ApiError::model_not_found("invalid-model");
//! assert_eq!(Some(err.status()), ErrorCode::ModelNotFound.status().map(Status::code));
//! // {"error":{"message":"The model 'invalid-model' does not exist.",
//! //           "type":"invalid_request_error","code":"model_not_found","param":"model"}}
//! let body = err.to_json();
//!
//! // …a client reads it back…
//! let read = ApiError::from_http_response(err.status(), body.as_bytes());
//! assert_eq!(read.code(), Some(&ErrorCode::ModelNotFound));
//! assert_eq!(read.message(), err.message());
//!
//! // …and parses any body, even with a code it has never heard of; the policy is then
//! // the catalog's default for the status.
//! let body = br#"{"error": {"message": "Slow down", "type": "rate_limit_error", "code": "brand_new"}}"#;
//! let err = ApiError::from_http_response(429, body);
//! assert_eq!(err.error_type(), &ErrorType::RateLimitError);
//! assert_eq!(err.code(), Some(&ErrorCode::Unknown("brand_new".into())));
//! assert_eq!(Some(err.retry_policy()), Status::from_code(429).map(Status::retry_policy));
//!
//! // A code's own policy wins over its status's default: the catalog never retries a 429
//! // for an exhausted quota, though it retries other 429s.
//! let err = ApiError::quota_exhausted("Free");
//! assert_eq!(Some(err.retry_policy()), ErrorCode::QuotaExhausted.retry_policy());
//! # }
//! ```
//!
//! # Features
//!
//! | feature | adds |
//! | --- | --- |
//! | `llm-kiwi` (default) | the shipped catalog at the crate root |
//! | `retry` (default) | [`retry`]: the retry helper |
//! | `tokio` | `Retrier::run_async` |
//! | `http` (with `retry`) | [`http`]: an error as an `http::Response`, and back |
//! | `axum` | `IntoResponse` for every catalog's `ApiError`, [`ErrorObject`] and [`Envelope`] |
//! | `reqwest` | `retry::reqwest`: a reqwest response as a typed error or a retry `Failure` |
//! | `reqwest-middleware` | `retry::reqwest::RetryMiddleware` |
//! | `tower` | `retry::tower::CatalogPolicy`, a `tower::retry::Policy` |
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate self as kiwi_errors;

#[cfg(feature = "http")]
pub mod http;
mod integrations;
mod macros;
mod object;
mod policy;
pub mod stream;
mod traits;
mod unknown;

#[doc(hidden)]
pub mod __private;

#[cfg(feature = "retry")]
pub mod retry;

pub use object::{AsErrorObject, Envelope, ErrorObject, MAX_JSON_DEPTH, MAX_TEXT_MESSAGE};
pub use policy::{RetryPolicy, TRANSIENT_STATUSES, UnknownStatus};
pub use traits::{CatalogCode, CatalogError, CatalogName};
pub use unknown::UnknownName;

// The llm.kiwi catalog (feature `llm-kiwi`, on by default): the committed table,
// `generated/errors.rs` (this file links to it), written by `kiwi-errors generate`; a
// test checks it equals what the generator emits now.
#[cfg(feature = "llm-kiwi")]
include!("errors.rs");

/// The crate README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "llm-kiwi", feature = "retry"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
