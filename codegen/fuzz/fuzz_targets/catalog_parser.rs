//! Any bytes given to the catalog parser give a catalog or diagnostics, never a panic;
//! a catalog that parses renders every artifact, and diagnostics render too.
#![no_main]

use kiwi_errors_codegen::{Artifact, parse_catalog, parse_catalog_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_catalog_bytes("fuzz.toml", data) {
        Ok(catalog) => {
            for artifact in Artifact::ALL {
                let _ = artifact.render(&catalog);
            }
        }
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
            let _ = diagnostics.to_json_lines();
        }
    }
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = parse_catalog("fuzz.toml", source);
    }
});
