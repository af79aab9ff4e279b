//! Emitters: pure functions from a validated [`Catalog`](crate::Catalog) to file contents.

pub mod catalog_json;
pub mod decision;
pub mod markdown;
pub mod notice;
pub mod openapi;
pub mod rust;
pub mod schema;
pub mod vectors;
