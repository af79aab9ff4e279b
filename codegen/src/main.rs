//! `kiwi-errors`: generate, check and validate the error catalog; explain a code, type
//! or status; list the codes; compare two versions of the catalog.
//!
//! Exit codes: 0 success; 1 the catalog has problems, `generated/` is stale, the name
//! is unknown, or `diff` found a breaking change without the version bump it needs; 2
//! usage or I/O error.
//!
//! Which catalog, in this order:
//!
//! 1. `--catalog PATH` (relative to the current directory); the output goes to `--out
//!    DIR`, else to `generated/` beside the catalog.
//! 2. Else the nearest `kiwi-errors.toml` in the current directory or a parent: its
//!    `catalog` and `out` (relative to that file's directory) and `package`.
//! 3. Else `errors.toml` in the current directory, with `generated/` beside it.
//!
//! Generated files name the catalog as it was given: the `--catalog` path, or the path
//! in `kiwi-errors.toml`, so they are the same from any directory.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kiwi_errors_codegen::{Catalog, Config, Error};

/// Generate typed Rust errors, docs and retry data from an error catalog.
#[derive(Parser)]
#[command(name = "kiwi-errors", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "Which catalog: --catalog PATH; else the nearest kiwi-errors.toml in the current\n\
directory or a parent (catalog = \"...\", out = \"...\", package = \"...\", relative to that\n\
file); else ./errors.toml. Without --out, output goes to generated/ beside the catalog.\n\n\
Exit codes:\n  0  success\n  1  catalog problems, stale generated files, unknown name, or breaking changes\n     without a version bump\n  2  usage or I/O error";

/// How diagnostics are printed.
#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    /// `path:line:column: error: message`, a source excerpt and a caret.
    Human,
    /// One JSON object per diagnostic per line.
    Json,
}

/// How a report is printed.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Text for people.
    Human,
    /// JSON for tools.
    Json,
}

/// The catalog to read.
#[derive(Args, Clone)]
struct CatalogArg {
    /// The catalog file [default: from kiwi-errors.toml, else ./errors.toml].
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// The catalog to read and where its artifacts go.
#[derive(Args, Clone)]
struct Outputs {
    #[command(flatten)]
    catalog: CatalogArg,
    /// The output directory [default: from kiwi-errors.toml, else generated/ beside the
    /// catalog].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The package name of the other languages' modules (snake_case) [default: from
    /// kiwi-errors.toml, else the catalog's name followed by `_errors`].
    #[arg(long)]
    package: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Write every artifact (only files whose bytes changed).
    Generate(Outputs),
    /// Exit 0 if the output directory is up to date, else 1 and name each stale file.
    Check(Outputs),
    /// Report every catalog problem as path:line:column; exit 1 on any.
    Validate {
        #[command(flatten)]
        catalog: CatalogArg,
        /// `human` (excerpts with carets) or `json` (one object per line, on stdout).
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
    /// Explain a code, a type or a status (any case; a status by number or name).
    Explain {
        /// The name of a code, a type or a status (by number or name).
        code: String,
        #[command(flatten)]
        catalog: CatalogArg,
    },
    /// List every code with its type, status and retry policy.
    List {
        #[command(flatten)]
        catalog: CatalogArg,
        /// `human` (aligned columns) or `json` (an array of objects).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Report what changed between two catalogs, rule by rule; exit 1 on a breaking
    /// change without the version bump it needs.
    Diff {
        /// The old catalog (omit with --against).
        #[arg(required_unless_present = "against")]
        old: Option<PathBuf>,
        /// The new catalog [default with --against: the project's catalog].
        new: Option<PathBuf>,
        /// Compare with the catalog at this git revision (`git show REV:<catalog>`).
        #[arg(long, conflicts_with = "old")]
        against: Option<String>,
        /// `human` or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

/// The project file, found in the current directory or a parent.
const PROJECT_FILE: &str = "kiwi-errors.toml";
/// The catalog used when there is neither `--catalog` nor a project file.
const DEFAULT_CATALOG: &str = "errors.toml";
/// The output directory beside a catalog given without `--out`.
const DEFAULT_OUT: &str = "generated";

/// Where a command reads and writes, and how to tell the user to run it again.
struct Project {
    /// The catalog file, as a path the process can open.
    catalog: PathBuf,
    /// How generated files name the catalog.
    label: String,
    /// The output directory, as a path the process can open.
    out: PathBuf,
    /// The package name for other languages, if given.
    package: Option<String>,
    /// The flags to repeat in a fix hint (` --catalog X --out Y`), empty for a project
    /// file.
    flags: String,
}

impl Project {
    /// A generator configuration for the project.
    fn config(&self) -> Config {
        let mut config = Config::new();
        config
            .catalog(&self.catalog)
            .catalog_label(&self.label)
            .out_dir(&self.out);
        if let Some(package) = &self.package {
            config.package_name(package);
        }
        config
    }
}

/// The command the user ran, to repeat in a fix hint: `cargo run -p
/// kiwi-errors-codegen --` under `cargo run`, else the program's name.
fn invocation() -> String {
    let under_cargo = std::env::var_os("CARGO").is_some()
        && std::env::var("CARGO_PKG_NAME").as_deref() == Ok("kiwi-errors-codegen");
    if under_cargo {
        return "cargo run -p kiwi-errors-codegen --".to_owned();
    }
    std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "kiwi-errors".to_owned())
}

/// A path for a shell command line: quoted when it holds a space or a quote.
fn shell(path: &Path) -> String {
    let s = path.display().to_string();
    if s.contains([' ', '\'', '"', '\\']) {
        format!("'{}'", s.replace('\'', "'\\''"))
    } else {
        s
    }
}

/// `path` as the user would type it from `cwd`: relative when that is possible.
fn relative(path: &Path, cwd: &Path) -> PathBuf {
    match pathdiff::diff_paths(path, cwd) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel,
        None => path.to_owned(),
    }
}

/// The settings of a project file: `catalog`, `out` and `package`.
fn read_project_file(path: &Path) -> Result<(PathBuf, PathBuf, Option<String>), String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table = toml::de::DeTable::parse(&source)
        .map_err(|e| format!("{}: {}", path.display(), e.message().trim()))?;
    let mut catalog = None;
    let mut out = None;
    let mut package = None;
    for (key, value) in table.get_ref() {
        let slot = match key.get_ref().as_ref() {
            "catalog" => &mut catalog,
            "out" => &mut out,
            "package" => &mut package,
            other => {
                return Err(format!(
                    "{}: unknown key `{other}`; expected `catalog`, `out` or `package`",
                    path.display()
                ));
            }
        };
        match value.get_ref() {
            toml::de::DeValue::String(s) => *slot = Some(s.to_string()),
            _ => {
                return Err(format!(
                    "{}: `{}` must be a string",
                    path.display(),
                    key.get_ref()
                ));
            }
        }
    }
    let catalog = catalog.ok_or_else(|| {
        format!(
            "{}: missing `catalog` (the error catalog, relative to this file)",
            path.display()
        )
    })?;
    Ok((
        PathBuf::from(catalog),
        PathBuf::from(out.unwrap_or_else(|| DEFAULT_OUT.to_owned())),
        package,
    ))
}

/// The project of a command: see the module documentation for the order. `Err` is the
/// exit code after the problem was printed.
fn locate(
    catalog: Option<PathBuf>,
    out: Option<PathBuf>,
    package: Option<String>,
) -> Result<Project, ExitCode> {
    let beside = |catalog: &Path| {
        catalog
            .parent()
            .map_or_else(|| PathBuf::from(DEFAULT_OUT), |dir| dir.join(DEFAULT_OUT))
    };
    let flag_of = |catalog: &Path, out: &Option<PathBuf>, package: &Option<String>| {
        let mut flags = format!(" --catalog {}", shell(catalog));
        if let Some(out) = out {
            flags.push_str(&format!(" --out {}", shell(out)));
        }
        if let Some(package) = package {
            flags.push_str(&format!(" --package {package}"));
        }
        flags
    };
    if let Some(catalog) = catalog {
        return Ok(Project {
            label: catalog.to_string_lossy().into_owned(),
            flags: flag_of(&catalog, &out, &package),
            out: out.clone().unwrap_or_else(|| beside(&catalog)),
            catalog,
            package,
        });
    }
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current directory: {e}");
        ExitCode::from(2)
    })?;
    let mut looked = Vec::new();
    for dir in cwd.ancestors() {
        let file = dir.join(PROJECT_FILE);
        if file.is_file() {
            let (rel_catalog, rel_out, file_package) = read_project_file(&file).map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })?;
            let label = rel_catalog.to_string_lossy().replace('\\', "/");
            let mut flags = String::new();
            if let Some(out) = &out {
                flags.push_str(&format!(" --out {}", shell(out)));
            }
            if let Some(package) = &package {
                flags.push_str(&format!(" --package {package}"));
            }
            return Ok(Project {
                catalog: relative(&dir.join(rel_catalog), &cwd),
                label,
                out: out.unwrap_or_else(|| relative(&dir.join(rel_out), &cwd)),
                package: package.or(file_package),
                flags,
            });
        }
        looked.push(file);
    }
    let plain = PathBuf::from(DEFAULT_CATALOG);
    if plain.is_file() {
        return Ok(Project {
            label: DEFAULT_CATALOG.to_owned(),
            flags: String::new(),
            out: out.unwrap_or_else(|| PathBuf::from(DEFAULT_OUT)),
            catalog: plain,
            package,
        });
    }
    eprintln!("error: no error catalog given, and none found");
    eprintln!("looked for {PROJECT_FILE} in the current directory and every parent:");
    for path in &looked {
        eprintln!("  {}", path.display());
    }
    eprintln!(
        "and for {DEFAULT_CATALOG} in {}",
        cwd.join(DEFAULT_CATALOG).display()
    );
    eprintln!(
        "help: pass --catalog PATH (output goes to {DEFAULT_OUT}/ beside it unless --out DIR), \
         or write {PROJECT_FILE} with `catalog = \"path/to/errors.toml\"` and `out = \"{DEFAULT_OUT}\"`"
    );
    Err(ExitCode::from(2))
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{err}");
    match err {
        Error::Catalog(_) => ExitCode::from(1),
        Error::Io { .. } | Error::Config(_) => ExitCode::from(2),
    }
}

/// Like [`fail`], for the commands that write (or compare) files.
fn fail_writing(err: &Error) -> ExitCode {
    let code = fail(err);
    if matches!(err, Error::Catalog(_)) {
        eprintln!("nothing was written");
    }
    code
}

/// Reads and checks a catalog given as bytes (a file, or a file at a git revision).
fn load_bytes(label: &str, bytes: &[u8]) -> Result<Catalog, ExitCode> {
    kiwi_errors_codegen::parse_catalog_bytes(label, bytes).map_err(|d| {
        eprintln!("{d}");
        ExitCode::from(1)
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|e| {
        eprintln!("error: cannot read the catalog {}: {e}", path.display());
        ExitCode::from(2)
    })
}

/// The catalog at a git revision: `git show REV:PATH`, run in the catalog's directory.
fn git_show(rev: &str, catalog: &Path) -> Result<Vec<u8>, ExitCode> {
    let dir = match catalog.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = catalog.file_name().map(PathBuf::from).unwrap_or_default();
    // `./NAME` is resolved by git relative to the directory it runs in.
    let spec = format!("{rev}:./{}", name.display());
    let out = std::process::Command::new("git")
        .arg("show")
        .arg(&spec)
        .current_dir(&dir)
        .output()
        .map_err(|e| {
            eprintln!("error: cannot run git: {e}");
            ExitCode::from(2)
        })?;
    if !out.status.success() {
        eprintln!(
            "error: `git show {spec}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return Err(ExitCode::from(2));
    }
    Ok(out.stdout)
}

fn diff(
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    against: Option<String>,
    format: Format,
) -> Result<ExitCode, ExitCode> {
    let (old_label, old_bytes, new_path) = match (against, old) {
        (Some(rev), _) => {
            let new_path = match new {
                Some(p) => p,
                None => locate(None, None, None)?.catalog,
            };
            let bytes = git_show(&rev, &new_path)?;
            (format!("{rev}:{}", new_path.display()), bytes, new_path)
        }
        (None, Some(old)) => {
            let Some(new) = new else {
                eprintln!("error: diff needs OLD and NEW, or --against REV");
                return Err(ExitCode::from(2));
            };
            let bytes = read_file(&old)?;
            (old.display().to_string(), bytes, new)
        }
        (None, None) => {
            eprintln!("error: diff needs OLD and NEW, or --against REV");
            return Err(ExitCode::from(2));
        }
    };
    let old =
        kiwi_errors_codegen::parse_old_catalog_bytes(&old_label, &old_bytes).map_err(|d| {
            eprintln!("{d}");
            ExitCode::from(1)
        })?;
    let new = load_bytes(&new_path.display().to_string(), &read_file(&new_path)?)?;
    let report = kiwi_errors_codegen::diff::diff(&old, &new);
    match format {
        Format::Human => println!("{report}"),
        Format::Json => print!("{}", report.to_json()),
    }
    Ok(if report.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Loads the project's catalog for the commands that only read it.
fn load(catalog: &CatalogArg) -> Result<(Project, Result<Catalog, Error>), ExitCode> {
    let project = locate(catalog.catalog.clone(), None, None)?;
    let loaded = project.config().load();
    Ok((project, loaded))
}

fn run(command: Command) -> Result<ExitCode, ExitCode> {
    Ok(match command {
        Command::Diff {
            old,
            new,
            against,
            format,
        } => return diff(old, new, against, format),
        Command::Generate(o) => {
            let project = locate(o.catalog.catalog, o.out, o.package)?;
            match project.config().generate() {
                Ok(report) => {
                    for path in &report.changed {
                        println!("wrote {}", path.display());
                    }
                    println!(
                        "{} file(s) written, {} unchanged",
                        report.changed.len(),
                        report.unchanged.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail_writing(&e),
            }
        }
        Command::Check(o) => {
            let project = locate(o.catalog.catalog, o.out, o.package)?;
            match project.config().check() {
                Ok(report) if report.changed.is_empty() => {
                    println!("{} generated file(s) up to date", report.unchanged.len());
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    for path in &report.changed {
                        eprintln!("stale: {}", path.display());
                    }
                    eprintln!(
                        "run `{} generate{}` to update them",
                        invocation(),
                        project.flags
                    );
                    ExitCode::from(1)
                }
                Err(e) => fail_writing(&e),
            }
        }
        Command::Validate {
            catalog,
            message_format,
        } => match (load(&catalog)?, message_format) {
            ((_, Ok(_)), MessageFormat::Json) => ExitCode::SUCCESS,
            ((_, Err(Error::Catalog(d))), MessageFormat::Json) => {
                print!("{}", d.to_json_lines());
                ExitCode::from(1)
            }
            ((project, Ok(c)), MessageFormat::Human) => {
                println!(
                    "{}: ok ({} statuses, {} types, {} codes)",
                    project.catalog.display(),
                    c.statuses.len(),
                    c.types.len(),
                    c.codes.len()
                );
                ExitCode::SUCCESS
            }
            ((_, Err(e)), _) => fail(&e),
        },
        Command::Explain { code, catalog } => match load(&catalog)?.1 {
            Ok(c) => match kiwi_errors_codegen::explain(&c, &code) {
                Some(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("error: no error code, type or status `{code}` in the catalog");
                    let near = kiwi_errors_codegen::suggest(&c, &code);
                    if !near.is_empty() {
                        eprintln!(
                            "help: did you mean {}?",
                            near.iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    ExitCode::from(1)
                }
            },
            Err(e) => fail(&e),
        },
        Command::List { catalog, format } => match load(&catalog)?.1 {
            Ok(c) => {
                match format {
                    Format::Human => print!("{}", kiwi_errors_codegen::list(&c)),
                    Format::Json => print!("{}", kiwi_errors_codegen::list_json(&c)),
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
    })
}

fn main() -> ExitCode {
    run(Cli::parse().command).unwrap_or_else(|code| code)
}
