//! Emitters: pure functions from a validated [`Catalog`](crate::Catalog) to file contents.

pub mod rust;
