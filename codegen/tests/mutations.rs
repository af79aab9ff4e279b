//! Mutated catalogs — random byte and line edits of the shipped catalog and of every
//! fixture — never make the generator panic, report positions inside the file, and
//! never let `Config::generate` write anything when they are invalid.
//!
//! The same body runs under libFuzzer in `fuzz/` (`cargo +nightly fuzz run
//! catalog_parser`); here it also runs over every seed of that corpus, unmutated.

use std::path::{Path, PathBuf};

use kiwi_errors_codegen::{Artifact, Config, Error, parse_catalog_bytes};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// The shipped catalog and every fixture catalog (valid, invalid, diff pairs).
fn seeds() -> Vec<Vec<u8>> {
    let mut paths = vec![root().join("catalog/errors.toml")];
    collect(&root().join("tests/fixtures"), &mut paths);
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The fuzz target's body: parse, then render whatever came out.
fn exercise(bytes: &[u8]) {
    match parse_catalog_bytes("mutated.toml", bytes) {
        Ok(catalog) => {
            for artifact in Artifact::ALL {
                let _ = artifact.render(&catalog);
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            let lines = 1 + bytes.iter().filter(|b| **b == b'\n').count();
            for d in &diagnostics.items {
                assert!(d.pos.line >= 1 && d.pos.column >= 1, "{d:?}");
                assert!(d.pos.line as usize <= lines, "{d:?} past line {lines}");
                assert!(d.pos <= d.end, "{d:?}");
            }
            let text = diagnostics.to_string();
            assert!(text.starts_with("mutated.toml:"), "{text}");
            assert_eq!(
                diagnostics.to_json_lines().lines().count(),
                diagnostics.len()
            );
        }
    }
}

/// One edit of a catalog.
#[derive(Clone, Debug)]
enum Edit {
    /// Replace the byte at this position (modulo the length).
    SetByte(usize, u8),
    /// Insert a byte.
    InsertByte(usize, u8),
    /// Delete a byte.
    DeleteByte(usize),
    /// Delete a line.
    DeleteLine(usize),
    /// Repeat a line.
    DuplicateLine(usize),
    /// Swap two lines.
    SwapLines(usize, usize),
    /// Insert a line of catalog-like text.
    InsertLine(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let any_pos = any::<usize>();
    prop_oneof![
        (any_pos, any::<u8>()).prop_map(|(i, b)| Edit::SetByte(i, b)),
        (any_pos, any::<u8>()).prop_map(|(i, b)| Edit::InsertByte(i, b)),
        any_pos.prop_map(Edit::DeleteByte),
        any_pos.prop_map(Edit::DeleteLine),
        any_pos.prop_map(Edit::DuplicateLine),
        (any_pos, any_pos).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (
            any_pos,
            prop_oneof![
                Just("[[code]]".to_owned()),
                Just("[catalog]".to_owned()),
                Just("retired = { since = \"9.9.9\" }".to_owned()),
                Just("name = \"bad_thing\"".to_owned()),
                Just("type = \"x\"".to_owned()),
                Just("version = \"1\"".to_owned()),
                "[a-z_]{1,8} = \"[ -~]{0,12}\"",
            ]
        )
            .prop_map(|(i, s)| Edit::InsertLine(i, s)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len().max(1);
    match edit {
        Edit::SetByte(i, b) if !bytes.is_empty() => bytes[i % len] = *b,
        Edit::InsertByte(i, b) => bytes.insert(i % (bytes.len() + 1), *b),
        Edit::DeleteByte(i) if !bytes.is_empty() => {
            bytes.remove(i % len);
        }
        Edit::DeleteLine(_)
        | Edit::DuplicateLine(_)
        | Edit::SwapLines(..)
        | Edit::InsertLine(..) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            match edit {
                Edit::DeleteLine(i) => {
                    lines.remove(i % n);
                }
                Edit::DuplicateLine(i) => {
                    let line = lines[i % n].clone();
                    lines.insert(i % n, line);
                }
                Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
                Edit::InsertLine(i, s) => lines.insert(i % (n + 1), s.clone().into_bytes()),
                _ => {}
            }
            *bytes = lines.join(&b'\n');
        }
        _ => {}
    }
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds();
    (0..seeds.len(), prop::collection::vec(edit(), 1..6)).prop_map(move |(i, edits)| {
        let mut bytes = seeds[i].clone();
        for e in &edits {
            apply(&mut bytes, e);
        }
        bytes
    })
}

#[test]
fn every_seed_parses_or_reports_without_panicking() {
    for seed in seeds() {
        exercise(&seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_catalogs_never_panic(bytes in mutated()) {
        exercise(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generate_writes_nothing_for_an_invalid_mutated_catalog(bytes in mutated()) {
        let dir = tempfile::tempdir().unwrap();
        let catalog = dir.path().join("errors.toml");
        std::fs::write(&catalog, &bytes).unwrap();
        let out = dir.path().join("generated");
        match Config::new().catalog(&catalog).out_dir(&out).generate() {
            Err(Error::Catalog(_)) => prop_assert!(!out.exists(), "an invalid catalog wrote {}", out.display()),
            Err(e) => prop_assert!(false, "unexpected error: {e}"),
            Ok(report) => {
                let catalog = Config::new().catalog(&catalog).load().unwrap();
                let files: usize = Artifact::ALL.iter().map(|a| a.files(&catalog).len()).sum();
                prop_assert_eq!(report.changed.len(), files);
            }
        }
    }
}
