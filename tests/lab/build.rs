//! Writes into `OUT_DIR` what the benchmarks and the large-catalog test compile: the
//! 1,000- and 10,000-code synthetic tables (through the generator, for the same
//! `error_catalog!` macro as the shipped catalog) and the strum baselines over the
//! shipped catalog's names and the synthetic ones.

#[path = "src/synthetic.rs"]
mod synthetic;

use std::path::Path;

use kiwi_errors_codegen::{Artifact, Config};

/// The shipped catalog, relative to this package.
const SHIPPED: &str = "../../catalog/errors.toml";

/// Sizes of the synthetic catalogs the benchmarks compare.
const SYNTHETIC_SIZES: &[usize] = &[1_000, 10_000];

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set: run this build script through cargo");
    };
    let out_dir = Path::new(&out_dir);
    println!("cargo::rerun-if-changed=src/synthetic.rs");
    let shipped = Config::new()
        .catalog(SHIPPED)
        .emit_rerun_if_changed(true)
        .load()
        .unwrap_or_else(|err| fail(&err.to_string()));
    let names: Vec<String> = shipped.codes.iter().map(|c| c.name.clone()).collect();
    write_baselines(out_dir, "shipped", &names);
    for &n in SYNTHETIC_SIZES {
        let source = synthetic::catalog(n);
        let catalog = kiwi_errors_codegen::parse_catalog(&format!("synthetic-{n}.toml"), &source)
            .unwrap_or_else(|diagnostics| fail(&diagnostics.to_string()));
        write_if_changed(
            &out_dir.join(format!("synthetic_{n}.rs")),
            &Artifact::Rust.render(&catalog),
        );
        let names: Vec<String> = (0..n).map(synthetic::code_name).collect();
        write_baselines(out_dir, &n.to_string(), &names);
    }
}

/// `strum_{label}.rs` (`StrumCode`) and `strum_default_{label}.rs` (`StrumDefaultCode`).
fn write_baselines(out_dir: &Path, label: &str, names: &[String]) {
    write_if_changed(
        &out_dir.join(format!("strum_{label}.rs")),
        &synthetic::strum_baseline("StrumCode", names),
    );
    write_if_changed(
        &out_dir.join(format!("strum_default_{label}.rs")),
        &synthetic::strum_default_baseline("StrumDefaultCode", names),
    );
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return;
    }
    if let Err(e) = std::fs::write(path, contents) {
        fail(&format!("{}: {e}", path.display()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1);
}
