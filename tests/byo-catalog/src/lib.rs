//! Errors of the Paystream API, from its own catalog (`errors.toml`), with the
//! `kiwi-errors` runtime without the shipped table
//! (`default-features = false, features = ["retry"]`).
//!
//! `build.rs` turns the catalog into an `error_catalog!` table in `OUT_DIR`; including
//! it here gives this crate its own `Status`, `ErrorType`, `ErrorCode`, `ApiError` (one
//! constructor per code) and `ErrorEnvelope`, which the retry helper
//! (`kiwi_errors::retry`) drives by this catalog's per-code policies.
//!
//! ```
//! use kiwi_errors::RetryPolicy;
//! use paystream::{ApiError, ErrorCode};
//!
//! let err = ApiError::card_declined("expired");
//! assert_eq!(err.message(), "The card was declined: expired.");
//! assert_eq!((err.status(), err.code()), (402, Some(&ErrorCode::CardDeclined)));
//! assert_eq!(ApiError::idempotency_key_reused().retry_policy(), RetryPolicy::Never);
//! assert_eq!(ApiError::idempotency_key_in_use().retry_policy(), RetryPolicy::Backoff);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/errors.rs"));
