//! `kiwi-errors`: generate, check and validate the error catalog, or explain one code.
//!
//! Exit codes: 0 success; 1 the catalog has problems, `generated/` is stale, or the code
//! is unknown; 2 usage or I/O error.
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

use clap::{Parser, Subcommand};
use kiwi_errors_codegen::{Config, Error};

/// Generate typed Rust errors, docs and retry data from an error catalog.
#[derive(Parser)]
#[command(name = "kiwi-errors", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "Run it from any directory of the repository: without --catalog or --out, it finds\nthe workspace root above the current directory.\n\nExit codes:\n  0  success\n  1  catalog problems, stale generated files, or unknown code\n  2  usage or I/O error";

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
    },
    /// Print type, status, retry behaviour and remediation for one code.
    Explain {
        /// The error code, e.g. `model_not_found`.
        code: String,
        /// The catalog file [default: catalog/errors.toml in the workspace root].
        #[arg(long)]
        catalog: Option<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (catalog, out) = match &cli.command {
        Command::Generate { catalog, out } | Command::Check { catalog, out } => {
            (catalog.clone(), out.clone())
        }
        // The output directory is not used: any value saves the search for it.
        Command::Validate { catalog } | Command::Explain { catalog, .. } => {
            (catalog.clone(), Some(PathBuf::from(OUT_DIR)))
        }
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
            Err(e) => fail(&e),
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
                    eprintln!("error: no error code `{code}` in the catalog");
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
    }
}
