//! The kiwi-errors generator: an error catalog (TOML) in, typed Rust (and the other
//! artifacts) out.
//!
//! Every [`Artifact`] is one file: `errors.rs` (the `error_catalog!` table),
//! `errors.schema.json` (JSON Schema of an error body, for other languages),
//! `errors.catalog.json` with `errors.catalog.schema.json` (the catalog as data) and
//! `errors.md` (the public error reference).
//!
//! The pipeline is parse → validate → emit. Parsing reads the TOML into a raw tree
//! whose nodes keep their spans; validation collects *every* problem before reporting
//! (each as `path:line:column: error: …`) and lowers the raw tree once into the checked
//! [`Catalog`], where every reference is resolved (a code's type, status, effective
//! retry policy, doc URL, retirement and Rust names); emitters are pure functions of
//! that model. A problem in one value never hides another problem of the same entry;
//! [`Diagnostics`] renders each with a source excerpt and a caret, or as JSON lines.
//! [`diff::diff`] compares two checked catalogs rule by rule ([`diff::RULES`]), and
//! [`explain`] and [`list`] describe one. Only [`Config`] touches the file system, so
//! the library works from any `build.rs`:
//!
//! ```no_run
//! // build.rs
//! kiwi_errors_codegen::Config::new()
//!     .catalog("errors.toml")
//!     .out_dir(std::env::var_os("OUT_DIR").unwrap())
//!     .artifacts(&[kiwi_errors_codegen::Artifact::Rust])
//!     .emit_rerun_if_changed(true)
//!     .generate()
//!     .unwrap();
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod diagnostics;
pub mod diff;
pub mod emit;
mod explain;
pub mod ident;
pub mod model;
mod parse;
mod raw;
pub mod template;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Note, Severity};
pub use explain::{explain, list, list_json, suggest};
pub use model::{Catalog, Retired, RetryPolicy};
pub use parse::MAX_NAME_LEN;
pub use validate::{ENVELOPE_FIELDS, RESERVED_CONSTRUCTORS, RESERVED_VARIANT};

/// Parses and validates catalog source. `path` is only used to label diagnostics.
///
/// On any problem, returns all of them, sorted by position.
pub fn parse_catalog(path: &str, source: &str) -> Result<Catalog, Diagnostics> {
    parse_with(path, source, true)
}

/// Like [`parse_catalog_bytes`], for the old side of a `diff`: a catalog written before
/// `[catalog] version` existed reads as version 0.0.0 instead of being rejected.
pub fn parse_old_catalog_bytes(path: &str, bytes: &[u8]) -> Result<Catalog, Diagnostics> {
    match std::str::from_utf8(bytes) {
        Ok(source) => parse_with(path, source, false),
        Err(_) => parse_catalog_bytes(path, bytes),
    }
}

fn parse_with(path: &str, source: &str, require_version: bool) -> Result<Catalog, Diagnostics> {
    let mut sink = diagnostics::Sink::new(source);
    let checked = parse::parse(source, &mut sink, require_version)
        .and_then(|raw| validate::validate(&raw, &mut sink));
    match checked {
        Some(catalog) if !sink.has_errors() => Ok(catalog),
        _ => Err(sink.finish(path)),
    }
}

/// Parses and validates catalog bytes: like [`parse_catalog`], but a file that is not
/// UTF-8 is reported at its first invalid byte's line and column.
pub fn parse_catalog_bytes(path: &str, bytes: &[u8]) -> Result<Catalog, Diagnostics> {
    match std::str::from_utf8(bytes) {
        Ok(source) => parse_catalog(path, source),
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes);
            let at = e.valid_up_to();
            let mut sink = diagnostics::Sink::new(&lossy);
            let byte = bytes.get(at).copied().unwrap_or_default();
            sink.error(
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                format!(
                    "the catalog is not valid UTF-8 (byte 0x{byte:02X} here); save it as UTF-8"
                ),
            );
            Err(sink.finish(path))
        }
    }
}

/// One generated file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Artifact {
    /// `errors.rs`: the `error_catalog!` table.
    Rust,
    /// `errors.schema.json`: JSON Schema (draft 2020-12) of an error body.
    Schema,
    /// `errors.catalog.json`: the whole catalog as normalised data.
    CatalogJson,
    /// `errors.catalog.schema.json`: JSON Schema of `errors.catalog.json`.
    CatalogSchema,
    /// `errors.md`: the public error reference page.
    Markdown,
    /// `errors.openapi.json`: OpenAPI 3.1 components for the error responses.
    OpenApi,
    /// `kiwi_errors.py`: the Python module (error classes, retry decision).
    Python,
    /// `kiwi_errors.ts`: the TypeScript module (error classes, retry decision).
    TypeScript,
    /// `retry.vectors.json`: golden retry cases with the decisions of the Rust retry
    /// core, which the Python and TypeScript modules must reproduce.
    RetryVectors,
}

impl Artifact {
    /// Every artifact, in the order they are written.
    pub const ALL: &'static [Artifact] = &[
        Artifact::Rust,
        Artifact::Schema,
        Artifact::CatalogJson,
        Artifact::CatalogSchema,
        Artifact::Markdown,
        Artifact::OpenApi,
        Artifact::Python,
        Artifact::TypeScript,
        Artifact::RetryVectors,
    ];

    /// The file name inside the output directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Artifact::Rust => "errors.rs",
            Artifact::Schema => "errors.schema.json",
            Artifact::CatalogJson => "errors.catalog.json",
            Artifact::CatalogSchema => "errors.catalog.schema.json",
            Artifact::Markdown => "errors.md",
            Artifact::OpenApi => "errors.openapi.json",
            Artifact::Python => "kiwi_errors.py",
            Artifact::TypeScript => "kiwi_errors.ts",
            Artifact::RetryVectors => "retry.vectors.json",
        }
    }

    /// The file contents for a catalog.
    pub fn render(self, catalog: &Catalog) -> String {
        match self {
            Artifact::Rust => emit::rust::emit(catalog),
            Artifact::Schema => emit::schema::emit(catalog),
            Artifact::CatalogJson => emit::catalog_json::emit(catalog),
            Artifact::CatalogSchema => emit::catalog_json::emit_schema(catalog),
            Artifact::Markdown => emit::markdown::emit(catalog),
            Artifact::OpenApi => emit::openapi::emit(catalog),
            Artifact::Python => emit::python::emit(catalog),
            Artifact::TypeScript => emit::typescript::emit(catalog),
            Artifact::RetryVectors => emit::decision::emit(catalog),
        }
    }
}

/// A failure of [`Config::generate`] or [`Config::check`].
#[derive(Debug)]
pub enum Error {
    /// The catalog has problems; nothing was written.
    Catalog(Diagnostics),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(d) => d.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Catalog(d) => Some(d),
            Error::Io { source, .. } => Some(source),
        }
    }
}

/// What [`Config::generate`] or [`Config::check`] found, per output file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose bytes changed (written by `generate`, stale for `check`).
    pub changed: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: Vec<PathBuf>,
}

/// Generator configuration, in the style of `prost-build`: set what you need, then call
/// [`Config::generate`] (or [`Config::check`]).
#[derive(Clone, Debug)]
pub struct Config {
    catalog: PathBuf,
    out_dir: PathBuf,
    artifacts: Vec<Artifact>,
    rerun_if_changed: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// The defaults: `catalog/errors.toml` into `generated/`, every artifact.
    pub fn new() -> Config {
        Config {
            catalog: PathBuf::from("catalog/errors.toml"),
            out_dir: PathBuf::from("generated"),
            artifacts: Artifact::ALL.to_vec(),
            rerun_if_changed: false,
        }
    }

    /// The catalog file to read.
    pub fn catalog(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.catalog = path.into();
        self
    }

    /// The directory to write into (created if missing).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = dir.into();
        self
    }

    /// Which artifacts to produce (all by default).
    pub fn artifacts(&mut self, artifacts: &[Artifact]) -> &mut Self {
        self.artifacts = artifacts.to_vec();
        self
    }

    /// Print `cargo::rerun-if-changed` for the catalog (for `build.rs`).
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Reads, parses and validates the catalog.
    pub fn load(&self) -> Result<Catalog, Error> {
        if self.rerun_if_changed {
            println!("cargo::rerun-if-changed={}", self.catalog.display());
        }
        let bytes = std::fs::read(&self.catalog).map_err(|source| Error::Io {
            path: self.catalog.clone(),
            source,
        })?;
        parse_catalog_bytes(&self.catalog.to_string_lossy(), &bytes).map_err(Error::Catalog)
    }

    /// Renders every selected artifact in memory: `(path, contents)`.
    pub fn render(&self) -> Result<Vec<(PathBuf, String)>, Error> {
        let catalog = self.load()?;
        Ok(self
            .artifacts
            .iter()
            .map(|a| (self.out_dir.join(a.file_name()), a.render(&catalog)))
            .collect())
    }

    /// Writes every selected artifact whose bytes changed. Writes nothing if the catalog
    /// has any problem.
    pub fn generate(&self) -> Result<Report, Error> {
        let files = self.render()?;
        std::fs::create_dir_all(&self.out_dir).map_err(|source| Error::Io {
            path: self.out_dir.clone(),
            source,
        })?;
        let mut report = Report::default();
        for (path, contents) in files {
            if read_if_exists(&path)?.as_deref() == Some(contents.as_bytes()) {
                report.unchanged.push(path);
            } else {
                std::fs::write(&path, contents).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                report.changed.push(path);
            }
        }
        Ok(report)
    }

    /// Compares every selected artifact with the file on disk; writes nothing.
    /// `changed` lists the stale (or missing) files.
    pub fn check(&self) -> Result<Report, Error> {
        let mut report = Report::default();
        for (path, contents) in self.render()? {
            if read_if_exists(&path)?.as_deref() == Some(contents.as_bytes()) {
                report.unchanged.push(path);
            } else {
                report.changed.push(path);
            }
        }
        Ok(report)
    }
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
}
