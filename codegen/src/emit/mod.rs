//! Emitters: pure functions from a validated [`Catalog`](crate::Catalog) to file contents.

pub mod catalog_json;
pub mod markdown;
pub mod rust;
pub mod schema;
