//! Generates this crate's error table from `errors.toml` into `OUT_DIR`; a mistake in
//! the catalog fails the build with every problem at its line and column.

fn main() -> Result<(), kiwi_errors_codegen::Error> {
    kiwi_errors_codegen::Config::new()
        .catalog("errors.toml")
        .artifacts(&[kiwi_errors_codegen::Artifact::Rust])
        .emit_rerun_if_changed(true)
        .generate()?;
    Ok(())
}
