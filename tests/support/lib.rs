//! Shared helpers for the end-to-end tests in `tests/`, and the one freshness mechanism
//! of every committed expected file.
//!
//! Every file that a test compares with what the code produces — `generated/`, the
//! fixture tables the tests compile, the snapshots of the fixture catalogs — goes
//! through [`ensure_file_contents`] or an insta snapshot, and both are rewritten the same
//! way: [`UPDATE`], `INSTA_UPDATE=always` with the test command. Under `CI=true`
//! nothing is ever written.

use std::path::{Path, PathBuf};

/// The one fix recipe for every stale expected file: it rewrites `generated/`, the
/// fixture tables and the snapshots in one run (`--no-fail-fast`, so that a test
/// compiled against a stale fixture table does not stop the run before the test that
/// rewrites it).
pub const UPDATE: &str = "INSTA_UPDATE=always cargo test --workspace --all-features --no-fail-fast";

/// The workspace root (where `catalog/`, `codegen/` and `generated/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file under the workspace root.
pub fn read(rel: impl AsRef<Path>) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// True when the run may rewrite expected files: `INSTA_UPDATE=always`, and not CI.
fn updating() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    !ci && std::env::var("INSTA_UPDATE").as_deref() == Ok("always")
}

/// The 1-based number of the first line where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()))
        + 1
}

/// Checks that every file (a path under the root, with `/`) holds exactly its expected
/// contents, in the manner of rust-analyzer's `ensure_file_contents`. A stale or missing
/// file is rewritten when [`UPDATE`] runs; otherwise the test fails, naming every stale
/// file and the recipe.
pub fn ensure_file_contents<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let mut stale = Vec::new();
    for (rel, fresh) in files {
        let path = root().join(rel);
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == fresh => continue,
            Ok(committed) => stale.push(format!(
                "{rel} (differs from line {})",
                first_difference(&committed, fresh)
            )),
            Err(e) => stale.push(format!("{rel} ({e})")),
        }
        if updating() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            }
            std::fs::write(&path, fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            eprintln!("updated {rel}");
            stale.pop();
        }
    }
    assert!(
        stale.is_empty(),
        "stale files:\n  {}\nrun `{UPDATE}` from the repository root, review `git diff` and commit",
        stale.join("\n  ")
    );
}
