//! `kiwi-errors`: generate, check and validate the error catalog; explain a code, type
//! or status; list the codes; compare two versions of the catalog.
//!
//! Exit codes: 0 success; 1 the catalog has problems, `generated/` is stale, the name
//! is unknown, or `diff` found a breaking change without the version bump it needs; 2
//! usage or I/O error.
//!
//! Without `--catalog` or `--out`, the tool works from any directory of the repository:
//! it walks up from the current directory to the workspace root (the nearest ancestor
//! whose `Cargo.toml` has a `[workspace]` table and that has `catalog/errors.toml`, else
//! the nearest ancestor that has `catalog/errors.toml`) and uses
//! `<root>/catalog/errors.toml` and `<root>/generated`. Paths given on the command line
//! are relative to the current directory.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kiwi_errors_codegen::{Catalog, Config, Error};

/// Generate typed Rust errors, docs and retry data from an error catalog.
#[derive(Parser)]
#[command(name = "kiwi-errors", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "Run it from any directory of the repository: without --catalog or --out, it finds\nthe workspace root above the current directory.\n\nExit codes:\n  0  success\n  1  catalog problems, stale generated files, unknown name, or breaking changes\n     without a version bump\n  2  usage or I/O error";

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

#[derive(Subcommand)]
enum Command {
    /// Write every artifact (only files whose bytes changed).
    Generate {
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// The output directory [default: generated/ in the workspace root].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Exit 0 if the output directory is up to date, else 1 and name each stale file.
    Check {
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// The output directory [default: generated/ in the workspace root].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Report every catalog problem as path:line:column; exit 1 on any.
    Validate {
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// `human` (excerpts with carets) or `json` (one object per line, on stdout).
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
    /// Explain a code, a type or a status (any case; a status by number or name).
    Explain {
        /// The name, e.g. `model_not_found`, `rate_limit_error` or `429`.
        code: String,
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// List every code with its type, status and retry policy.
    List {
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
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
        /// The new catalog [default with --against: catalog/errors.toml in the
        /// workspace root].
        new: Option<PathBuf>,
        /// Compare with the catalog at this git revision (`git show REV:catalog/errors.toml`).
        #[arg(long, conflicts_with = "old")]
        against: Option<String>,
        /// `human` or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

/// The catalog, relative to the workspace root.
const CATALOG: &str = "catalog/errors.toml";
/// The output directory, relative to the workspace root.
const OUT_DIR: &str = "generated";

/// True when `dir/Cargo.toml` exists and has a `[workspace]` table.
fn is_workspace_manifest(dir: &Path) -> bool {
    let Ok(source) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return false;
    };
    toml::de::DeTable::parse(&source).is_ok_and(|manifest| {
        manifest
            .get_ref()
            .get("workspace")
            .is_some_and(|w| matches!(w.get_ref(), toml::de::DeValue::Table(_)))
    })
}

/// The workspace root above `start` (see the module documentation), or every catalog
/// path that was looked for.
fn find_root(start: &Path) -> Result<PathBuf, Vec<PathBuf>> {
    let mut looked = Vec::new();
    let mut nearest = None;
    for dir in start.ancestors() {
        let catalog = dir.join(CATALOG);
        looked.push(catalog.clone());
        if catalog.is_file() {
            if is_workspace_manifest(dir) {
                return Ok(dir.to_owned());
            }
            nearest.get_or_insert(dir);
        }
    }
    nearest.map(Path::to_owned).ok_or(looked)
}

/// `path` as the user would type it from `cwd`: relative when that is possible.
fn relative(path: &Path, cwd: &Path) -> PathBuf {
    match pathdiff::diff_paths(path, cwd) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel,
        None => path.to_owned(),
    }
}

/// The catalog and output paths: those given, else the workspace root's. `Err` is the
/// exit code after the problem was printed.
fn locate(catalog: Option<PathBuf>, out: Option<PathBuf>) -> Result<(PathBuf, PathBuf), ExitCode> {
    if let (Some(catalog), Some(out)) = (&catalog, &out) {
        return Ok((catalog.clone(), out.clone()));
    }
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current directory: {e}");
        ExitCode::from(2)
    })?;
    let root = find_root(&cwd).map_err(|looked| {
        eprintln!(
            "error: no error catalog found; looked for {CATALOG} in the current directory and every parent:"
        );
        for path in looked {
            eprintln!("  {}", path.display());
        }
        eprintln!("help: run from inside the repository, or pass --catalog PATH (and --out DIR)");
        ExitCode::from(2)
    })?;
    Ok((
        catalog.unwrap_or_else(|| relative(&root.join(CATALOG), &cwd)),
        out.unwrap_or_else(|| relative(&root.join(OUT_DIR), &cwd)),
    ))
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{err}");
    match err {
        Error::Catalog(_) => ExitCode::from(1),
        Error::Io { .. } => ExitCode::from(2),
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
        eprintln!("{}: {e}", path.display());
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
                None => locate(None, Some(PathBuf::from(OUT_DIR)))?.0,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Diff {
        old,
        new,
        against,
        format,
    } = cli.command
    {
        return diff(old, new, against, format).unwrap_or_else(|code| code);
    }
    let (catalog, out) = match &cli.command {
        Command::Generate { catalog, out } | Command::Check { catalog, out } => {
            (catalog.clone(), out.clone())
        }
        // The output directory is not used: any value saves the search for it.
        Command::Validate { catalog, .. }
        | Command::Explain { catalog, .. }
        | Command::List { catalog, .. } => (catalog.clone(), Some(PathBuf::from(OUT_DIR))),
        Command::Diff { .. } => (None, None),
    };
    let (catalog, out) = match locate(catalog, out) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    match cli.command {
        Command::Generate { .. } => match Config::new().catalog(catalog).out_dir(out).generate() {
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
        },
        Command::Check { .. } => match Config::new().catalog(catalog).out_dir(out).check() {
            Ok(report) if report.changed.is_empty() => {
                println!("{} generated file(s) up to date", report.unchanged.len());
                ExitCode::SUCCESS
            }
            Ok(report) => {
                for path in &report.changed {
                    eprintln!("stale: {}", path.display());
                }
                eprintln!("run `cargo run -p kiwi-errors-codegen -- generate` to update them");
                ExitCode::from(1)
            }
            Err(e) => fail_writing(&e),
        },
        Command::Validate {
            message_format: MessageFormat::Json,
            ..
        } => match Config::new().catalog(&catalog).load() {
            Ok(_) => ExitCode::SUCCESS,
            Err(Error::Catalog(d)) => {
                print!("{}", d.to_json_lines());
                ExitCode::from(1)
            }
            Err(e) => fail(&e),
        },
        Command::Validate { .. } => match Config::new().catalog(&catalog).load() {
            Ok(c) => {
                println!(
                    "{}: ok ({} statuses, {} types, {} codes)",
                    catalog.display(),
                    c.statuses.len(),
                    c.types.len(),
                    c.codes.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Explain { code, .. } => match Config::new().catalog(catalog).load() {
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
        Command::List { format, .. } => match Config::new().catalog(catalog).load() {
            Ok(c) => {
                match format {
                    Format::Human => print!("{}", kiwi_errors_codegen::list(&c)),
                    Format::Json => print!("{}", kiwi_errors_codegen::list_json(&c)),
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Diff { .. } => ExitCode::from(2),
    }
}
