//! Emitters: pure functions from a validated [`Catalog`](crate::Catalog) to file contents.

pub mod catalog_json;
pub mod classes;
pub mod decision;
pub mod markdown;
pub mod openapi;
pub mod python;
pub mod rust;
pub mod schema;
pub mod typescript;
pub mod vectors;
