//! `error_catalog!`: the one place that decides what the error enums and their impls are.
//!
//! The generator emits only a table of rows; this macro expands it. The table is written
//! as Rust items so that it formats and reads like code, in three modules:
//! `mod statuses`, `mod types` and `mod codes`, each a list of `const _: Kind = Kind { .. };`
//! rows with the fields in the order shown in the crate documentation.
//!
//! One file per concern: [`table`] holds `error_catalog!` itself (the enums and every
//! per-row `match`), [`names`] the name lookup and string impls of `ErrorType` and
//! `ErrorCode`, [`status`] the impls of `Status`, and [`api`] the `ApiError` wrapper.
//! The helpers are `#[doc(hidden)]` and reached through `$crate::`.

mod api;
mod names;
mod status;
mod table;
