//! Generates the error table from `errors.toml` into `OUT_DIR`, and, inside this
//! repository, the synthetic tables the lookup benchmarks and the large-catalog test
//! compile (see `benches/support/synthetic.rs`).

#[path = "benches/support/synthetic.rs"]
mod synthetic;

use std::path::Path;

use kiwi_errors_codegen::Artifact;

/// Sizes of the synthetic catalogs the benchmarks compare.
const SYNTHETIC_SIZES: &[usize] = &[1_000, 10_000];

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run this build script through cargo");
        std::process::exit(1);
    };
    let out_dir = Path::new(&out_dir);
    let shipped = kiwi_errors_codegen::Config::new()
        .catalog("errors.toml")
        .emit_rerun_if_changed(true)
        .load();
    let shipped = match shipped {
        Ok(catalog) => catalog,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    write_if_changed(&out_dir.join("errors.rs"), &Artifact::Rust.render(&shipped));
    // The synthetic tables serve this repository's benchmarks and tests only; a build of
    // the published crate (no workspace around it) skips them.
    if !Path::new("../codegen/Cargo.toml").exists() {
        return;
    }
    println!("cargo::rerun-if-changed=benches/support/synthetic.rs");
    let names: Vec<String> = shipped.codes.iter().map(|c| c.name.clone()).collect();
    write_if_changed(
        &out_dir.join("strum_shipped.rs"),
        &synthetic::strum_baseline("StrumCode", &names),
    );
    for &n in SYNTHETIC_SIZES {
        let source = synthetic::catalog(n);
        let catalog =
            match kiwi_errors_codegen::parse_catalog(&format!("synthetic-{n}.toml"), &source) {
                Ok(catalog) => catalog,
                Err(diagnostics) => {
                    eprintln!("{diagnostics}");
                    std::process::exit(1);
                }
            };
        let rust = Artifact::Rust.render(&catalog);
        let names: Vec<String> = (0..n).map(synthetic::code_name).collect();
        write_if_changed(&out_dir.join(format!("synthetic_{n}.rs")), &rust);
        write_if_changed(
            &out_dir.join(format!("strum_{n}.rs")),
            &synthetic::strum_baseline("StrumCode", &names),
        );
    }
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return;
    }
    if let Err(e) = std::fs::write(path, contents) {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    }
}
