//! A crate with its own error catalog, `errors.toml`, and the `kiwi-errors` runtime
//! without the shipped llm.kiwi table (`default-features = false, features = ["retry"]`).
//!
//! `build.rs` turns the catalog into an `error_catalog!` table in `OUT_DIR`; including
//! it here gives this crate its own `Status`, `ErrorType`, `ErrorCode`, `ApiError` (one
//! constructor per code) and `ErrorEnvelope`, which the retry helper
//! (`kiwi_errors::retry`) drives by this catalog's per-code policies.
//!
//! ```
//! use kiwi_errors::RetryPolicy;
//! use kiwi_errors_byo_catalog::{ApiError, ErrorCode};
//!
//! let err = ApiError::object_not_found("photos", "cat.png");
//! assert_eq!(err.message(), "No object at photos/cat.png.");
//! assert_eq!((err.status(), err.code()), (404, Some(&ErrorCode::ObjectNotFound)));
//! assert_eq!(ApiError::storage_quota_exceeded("Free").retry_policy(), RetryPolicy::Never);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/errors.rs"));
