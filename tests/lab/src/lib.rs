//! The laboratory of kiwi-errors, never published: the retry simulation behind
//! `catalog/docs/retry.md` ([`sim`], binary `retry_sim`), the synthetic catalogs that the
//! benchmarks and the large-catalog test compile ([`synthetic`]; `build.rs` turns them
//! into tables in `OUT_DIR`), and the benchmarks (`benches/`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod sim;
pub mod synthetic;
