//! Generates this crate's error table from `errors.toml` into `OUT_DIR`.

use kiwi_errors_codegen::{Artifact, Config};

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run this build script through cargo");
        std::process::exit(1);
    };
    if let Err(error) = Config::new()
        .catalog("errors.toml")
        .out_dir(out_dir)
        .artifacts(&[Artifact::Rust])
        .emit_rerun_if_changed(true)
        .generate()
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
