//! `kiwi-errors`: generate, check and validate the error catalog, or explain one code.
//!
//! Exit codes: 0 success; 1 the catalog has problems, `generated/` is stale, or the code
//! is unknown; 2 usage or I/O error.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kiwi_errors_codegen::{Config, Error};

/// Generate typed Rust errors, docs and retry data from an error catalog.
#[derive(Parser)]
#[command(name = "kiwi-errors", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes:\n  0  success\n  1  catalog problems, stale generated files, or unknown code\n  2  usage or I/O error";

#[derive(Subcommand)]
enum Command {
    /// Write every artifact (only files whose bytes changed).
    Generate {
        /// The catalog file.
        #[arg(long, default_value = "catalog/errors.toml")]
        catalog: PathBuf,
        /// The output directory.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Exit 0 if the output directory is up to date, else 1 and name each stale file.
    Check {
        /// The catalog file.
        #[arg(long, default_value = "catalog/errors.toml")]
        catalog: PathBuf,
        /// The output directory.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Report every catalog problem as path:line:column; exit 1 on any.
    Validate {
        /// The catalog file.
        #[arg(long, default_value = "catalog/errors.toml")]
        catalog: PathBuf,
    },
    /// Print type, status, retry behaviour and remediation for one code.
    Explain {
        /// The error code, e.g. `model_not_found`.
        code: String,
        /// The catalog file.
        #[arg(long, default_value = "catalog/errors.toml")]
        catalog: PathBuf,
    },
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
    match cli.command {
        Command::Generate { catalog, out } => {
            match Config::new().catalog(catalog).out_dir(out).generate() {
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
            }
        }
        Command::Check { catalog, out } => {
            match Config::new().catalog(catalog).out_dir(out).check() {
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
            }
        }
        Command::Validate { catalog } => match Config::new().catalog(&catalog).load() {
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
        Command::Explain { code, catalog } => match Config::new().catalog(catalog).load() {
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
