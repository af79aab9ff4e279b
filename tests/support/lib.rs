//! Shared helpers for the end-to-end tests in `tests/`.

use std::path::{Path, PathBuf};

/// The workspace root (where `catalog/`, `codegen/` and `generated/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file under the workspace root.
pub fn read(rel: impl AsRef<Path>) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
