//! The laboratory of kiwi-errors, never published: the retry simulation behind
//! `catalog/docs/retry.md` ([`sim`], binary `retry_sim`), the synthetic catalogs that the
//! benchmarks and the large-catalog test compile ([`synthetic`]; `build.rs` turns them
//! into tables in `OUT_DIR`), the frozen seed table the simulation's server answers
//! with ([`seed`]), and the benchmarks (`benches/`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[allow(missing_docs, clippy::all)]
pub mod seed;
pub mod sim;
pub mod synthetic;
