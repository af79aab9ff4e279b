//! Other languages: one folder each (`python/`, `typescript/`, `go/`), holding the language's
//! emitter, its hand-written core and its tests. Every language reads the same
//! language-neutral [`view::View`] of the catalog, names things its own way, and has the
//! runtime's [`constants`] rendered into its core, so no core spells one.
//!
//! A new language is a folder with a [`Language`] implementation and an
//! [`Artifact`](crate::Artifact) entry.

pub mod constants;
pub mod go;
pub mod python;
pub mod sdk;
pub mod typescript;
pub mod view;

/// A language's package: the files written under its folder of the output directory.
pub trait Language {
    /// The folder under the output directory, e.g. `python`.
    const DIR: &'static str;

    /// Every file of the package: its path under [`Language::DIR`] (with `/`) and its
    /// contents.
    fn files(view: &view::View) -> Vec<(String, String)>;

    /// [`Language::files`] with their paths under the output directory.
    fn package(view: &view::View) -> Vec<(String, String)> {
        Self::files(view)
            .into_iter()
            .map(|(path, contents)| (format!("{}/{path}", Self::DIR), contents))
            .collect()
    }
}
