//! The kiwi-errors generator: an error catalog (TOML) in, typed Rust (and the other
//! artifacts) out.
//!
//! Every [`Artifact`] is a file or, for another language, a package of files:
//! `errors.rs` (the `error_catalog!` table), `errors.schema.json` (JSON Schema of an
//! error body), `errors.catalog.json` with `errors.catalog.schema.json` (the catalog as
//! data), `errors.md` (the public error reference), `errors.openapi.json`, `python/`,
//! `typescript/` and `go/` (packages, see [`lang`]) and `retry.vectors.json`.
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
//! the library works from any `build.rs`; with
//! `kiwi-errors-codegen = { version = "0.1", default-features = false }` in
//! `[build-dependencies]` (no command-line dependencies):
//!
//! ```no_run
//! // build.rs: a broken catalog fails the build, and cargo shows every problem with its
//! // line, column, source excerpt and caret (`Error`'s `Debug` is its rendered text).
//! fn main() -> Result<(), kiwi_errors_codegen::Error> {
//!     kiwi_errors_codegen::Config::new()
//!         .catalog("errors.toml")
//!         .artifacts(&[kiwi_errors_codegen::Artifact::Rust])
//!         .emit_rerun_if_changed(true)
//!         .generate()?;
//!     Ok(())
//! }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod diagnostics;
pub mod diff;
pub mod emit;
mod explain;
pub mod ident;
pub mod lang;
pub mod model;
mod parse;
mod raw;
pub mod template;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

use lang::Language as _;

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
        Some(mut catalog) if !sink.has_errors() => {
            catalog.meta.source = source_label(path);
            Ok(catalog)
        }
        _ => Err(sink.finish(path)),
    }
}

/// How generated files name a catalog read from `path`: the path with `/` separators
/// and without `./`; an absolute path (which would differ between machines) is cut to
/// its file name.
fn source_label(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    let label = if absolute {
        path.rsplit('/').next().unwrap_or_default().to_owned()
    } else {
        path.split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect::<Vec<_>>()
            .join("/")
    };
    if label.is_empty() {
        "errors.toml".to_owned()
    } else {
        label
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

/// One generated artifact: a file, or a package of files for another language.
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
    /// `python/`: the Python package (error classes, retry decision), installable with
    /// `pip install`.
    Python,
    /// `typescript/`: the npm package (an ES module with its TypeScript declarations:
    /// error classes, retry decision), installable with `npm install`.
    TypeScript,
    /// `go/`: the Go module (error types, retry decision), standard library only.
    Go,
    /// `retry.vectors.json`: golden retry cases with the decisions of the Rust retry
    /// core, which every other language must reproduce.
    RetryVectors,
    /// `retry.vectors.schema.json`: JSON Schema of `retry.vectors.json`.
    VectorsSchema,
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
        Artifact::Go,
        Artifact::RetryVectors,
        Artifact::VectorsSchema,
    ];

    /// Its name in the output directory: a file name, or the folder of a package.
    pub fn name(self) -> &'static str {
        match self {
            Artifact::Rust => "errors.rs",
            Artifact::Schema => "errors.schema.json",
            Artifact::CatalogJson => "errors.catalog.json",
            Artifact::CatalogSchema => "errors.catalog.schema.json",
            Artifact::Markdown => "errors.md",
            Artifact::OpenApi => "errors.openapi.json",
            Artifact::Python => lang::python::Python::DIR,
            Artifact::TypeScript => lang::typescript::TypeScript::DIR,
            Artifact::Go => lang::go::Go::DIR,
            Artifact::RetryVectors => "retry.vectors.json",
            Artifact::VectorsSchema => "retry.vectors.schema.json",
        }
    }

    /// Every file of the artifact for a catalog: its path under the output directory
    /// (with `/`) and its contents.
    pub fn files(self, catalog: &Catalog) -> Vec<(String, String)> {
        let one = |text: String| vec![(self.name().to_owned(), text)];
        match self {
            Artifact::Rust => one(emit::rust::emit(catalog)),
            Artifact::Schema => one(emit::schema::emit(catalog)),
            Artifact::CatalogJson => one(emit::catalog_json::emit(catalog)),
            Artifact::CatalogSchema => one(emit::catalog_json::emit_schema(catalog)),
            Artifact::Markdown => one(emit::markdown::emit(catalog)),
            Artifact::OpenApi => one(emit::openapi::emit(catalog)),
            Artifact::Python => lang::python::Python::package(&lang::view::View::of(catalog)),
            Artifact::TypeScript => {
                lang::typescript::TypeScript::package(&lang::view::View::of(catalog))
            }
            Artifact::Go => lang::go::Go::package(&lang::view::View::of(catalog)),
            Artifact::RetryVectors => one(emit::decision::emit(catalog)),
            Artifact::VectorsSchema => one(emit::vectors::emit_schema(catalog)),
        }
    }

    /// Every file of each of `artifacts` for a catalog ([`Artifact::files`]), in the
    /// order given. The artifacts are rendered at once, as many as the machine has cores
    /// (each on its own thread); the files are the same either way.
    pub fn files_of(artifacts: &[Artifact], catalog: &Catalog) -> Vec<(String, String)> {
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(artifacts.len());
        if threads <= 1 {
            return artifacts.iter().flat_map(|a| a.files(catalog)).collect();
        }
        let next = AtomicUsize::new(0);
        type Files = Vec<(String, String)>;
        let done: Mutex<Vec<Option<Files>>> = Mutex::new(vec![None; artifacts.len()]);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(artifact) = artifacts.get(i) else {
                            break;
                        };
                        let files = artifact.files(catalog);
                        if let Ok(mut done) = done.lock() {
                            done[i] = Some(files);
                        }
                    }
                });
            }
        });
        done.into_inner()
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    }

    /// The contents of a single-file artifact (for a package, its files joined, each
    /// after a `==> path <==` line).
    pub fn render(self, catalog: &Catalog) -> String {
        let files = self.files(catalog);
        if let [(_, only)] = files.as_slice() {
            return only.clone();
        }
        files
            .iter()
            .map(|(path, text)| format!("==> {path} <==\n{text}"))
            .collect()
    }
}

/// A failure of [`Config::generate`] or [`Config::check`].
///
/// `Display` and `Debug` print the same text: every problem of the catalog rendered
/// with its `path:line:column`, source excerpt and caret, or the file that could not be
/// read or written. So a build script that ends in `.generate()?` (in a `main` that
/// returns `Result<(), kiwi_errors_codegen::Error>` or `Box<dyn Error>`) shows cargo
/// the same diagnostics as `kiwi-errors validate`.
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
    /// The configuration is not usable (e.g. a package name that is not snake_case).
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(d) => d.fmt(f),
            Error::Io { path, source } => {
                write!(
                    f,
                    "error: cannot read or write {}: {source}",
                    path.display()
                )
            }
            Error::Config(message) => write!(f, "error: {message}"),
        }
    }
}

impl fmt::Debug for Error {
    /// The same as `Display`: what `main` prints when it returns the error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Catalog(d) => Some(d),
            Error::Io { source, .. } => Some(source),
            Error::Config(_) => None,
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
    label: Option<String>,
    out_dir: Option<PathBuf>,
    artifacts: Vec<Artifact>,
    package: Option<String>,
    rerun_if_changed: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// The defaults: the catalog `errors.toml`, written into `$OUT_DIR` when that is set
    /// (in a build script) and else into `generated/`, every artifact.
    pub fn new() -> Config {
        Config {
            catalog: PathBuf::from("errors.toml"),
            label: None,
            out_dir: None,
            artifacts: Artifact::ALL.to_vec(),
            package: None,
            rerun_if_changed: false,
        }
    }

    /// The catalog file to read. Generated files name it as given here (relative to the
    /// current directory when it is an absolute path under it), unless
    /// [`Config::catalog_label`] says otherwise.
    pub fn catalog(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.catalog = path.into();
        self
    }

    /// How generated files name the catalog (their `@generated … from <label>` notice),
    /// e.g. its path relative to the project root when the process runs elsewhere.
    pub fn catalog_label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// The directory to write into (created if missing). Default: `$OUT_DIR` when set,
    /// else `generated`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The package name of the other languages' modules (the Python package, the npm
    /// package, the Go package), lowercase snake_case. Default: the catalog's `name`
    /// in snake_case followed by `_errors` ([`model::package_name`]).
    pub fn package_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.package = Some(name.into());
        self
    }

    /// The output directory in use: as set, else `$OUT_DIR`, else `generated`.
    pub fn output_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("generated"))
    }

    /// How generated files name the catalog: the label if set, else the catalog path
    /// (made relative to the current directory if it is absolute and under it).
    fn label(&self) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        let path = &self.catalog;
        if path.is_absolute() {
            if let Some(rel) = std::env::current_dir()
                .ok()
                .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            {
                return rel.to_string_lossy().into_owned();
            }
        }
        path.to_string_lossy().into_owned()
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
        let mut catalog =
            parse_catalog_bytes(&self.catalog.to_string_lossy(), &bytes).map_err(Error::Catalog)?;
        catalog.meta.source = source_label(&self.label());
        if let Some(package) = &self.package {
            if !model::is_package_name(package) {
                return Err(Error::Config(format!(
                    "the package name \"{package}\" is not lowercase snake_case \
                     (letters, digits and single `_`, starting with a letter, at most 64)"
                )));
            }
            catalog.meta.package = package.clone();
        }
        Ok(catalog)
    }

    /// Renders every selected artifact in memory: `(path, contents)`.
    pub fn render(&self) -> Result<Vec<(PathBuf, String)>, Error> {
        let catalog = self.load()?;
        let out_dir = self.output_dir();
        Ok(Artifact::files_of(&self.artifacts, &catalog)
            .into_iter()
            .map(|(path, contents)| (out_dir.join(path), contents))
            .collect())
    }

    /// Writes every selected artifact whose bytes changed. Writes nothing if the catalog
    /// has any problem.
    pub fn generate(&self) -> Result<Report, Error> {
        let files = self.render()?;
        let mut report = Report::default();
        for (path, contents) in files {
            if read_if_exists(&path)?.as_deref() == Some(contents.as_bytes()) {
                report.unchanged.push(path);
            } else {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                        path: dir.to_owned(),
                        source,
                    })?;
                }
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

/// The crate README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
