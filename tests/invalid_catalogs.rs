//! Broken catalogs: every mistake is reported at once, each with `path:line:column`, and
//! nothing is written.

use kiwi_errors_codegen::{Config, Error, parse_catalog};

fn relative(path: &std::path::Path) -> String {
    let root = kiwi_errors_tests::root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_invalid_fixture_is_rejected_with_positioned_diagnostics() {
    insta::glob!("fixtures/invalid/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let label = relative(path);
        let diagnostics =
            parse_catalog(&label, &source).expect_err("an invalid catalog must be rejected");
        assert!(!diagnostics.is_empty());
        let text = diagnostics.to_string();
        for line in text.lines().take(diagnostics.len()) {
            let rest = line
                .strip_prefix(&format!("{label}:"))
                .unwrap_or_else(|| panic!("no path: {line}"));
            let mut parts = rest.splitn(3, ':');
            let line_no: u32 = parts.next().unwrap().parse().expect("line number");
            let column: u32 = parts.next().unwrap().parse().expect("column number");
            assert!(line_no >= 1 && column >= 1, "{line}");
        }
        insta::assert_snapshot!(text);
    });
}

#[test]
fn diagnostics_are_sorted_by_position() {
    let source = std::fs::read_to_string(
        kiwi_errors_tests::root().join("tests/fixtures/invalid/many-mistakes.toml"),
    )
    .unwrap();
    let diagnostics = parse_catalog("many.toml", &source).unwrap_err();
    assert!(
        diagnostics.len() >= 7,
        "expected every mistake, got:\n{diagnostics}"
    );
    let positions: Vec<_> = diagnostics.items.iter().map(|d| d.pos).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
}

#[test]
fn duplicates_point_at_the_first_definition() {
    let source = std::fs::read_to_string(
        kiwi_errors_tests::root().join("tests/fixtures/invalid/duplicate-code.toml"),
    )
    .unwrap();
    let diagnostics = parse_catalog("dup.toml", &source).unwrap_err();
    let dup = &diagnostics.items[0];
    assert_eq!(dup.message, "duplicate code \"bad_thing\"");
    assert_eq!(dup.notes.len(), 1);
    assert!(
        dup.notes[0].0 < dup.pos,
        "the note must point at the earlier definition"
    );
}

#[test]
fn the_shipped_catalog_is_valid() {
    let source = kiwi_errors_tests::read("catalog/errors.toml");
    let catalog = parse_catalog("catalog/errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
    assert!(!catalog.statuses.is_empty() && !catalog.types.is_empty() && !catalog.codes.is_empty());
}

#[test]
fn the_minimal_fixture_is_valid() {
    let source = kiwi_errors_tests::read("tests/fixtures/valid-minimal.toml");
    parse_catalog("valid-minimal.toml", &source).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn a_broken_catalog_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("generated");
    let err = Config::new()
        .catalog(kiwi_errors_tests::root().join("tests/fixtures/invalid/many-mistakes.toml"))
        .out_dir(&target)
        .generate()
        .unwrap_err();
    assert!(matches!(err, Error::Catalog(_)), "{err}");
    assert!(
        !target.exists(),
        "nothing may be written for a broken catalog"
    );
}
