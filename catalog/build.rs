//! Generates the error table from `errors.toml` into `OUT_DIR`.

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let result = kiwi_errors_codegen::Config::new()
        .catalog("errors.toml")
        .out_dir(out_dir)
        .artifacts(&[kiwi_errors_codegen::Artifact::Rust])
        .emit_rerun_if_changed(true)
        .generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
