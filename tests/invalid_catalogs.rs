//! Broken catalogs: every mistake is reported at once, each with `path:line:column`, and
//! nothing is written.

use kiwi_errors_codegen::{Config, Error, parse_catalog, parse_catalog_bytes};

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
        let source = std::fs::read(path).unwrap();
        let label = relative(path);
        let diagnostics =
            parse_catalog_bytes(&label, &source).expect_err("an invalid catalog must be rejected");
        assert!(!diagnostics.is_empty());
        let text = diagnostics.to_string();
        let heads: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(&format!("{label}:")))
            .collect();
        assert_eq!(heads.len(), diagnostics.len(), "{text}");
        for (line, d) in heads.iter().zip(&diagnostics.items) {
            let rest = line.strip_prefix(&format!("{label}:")).unwrap();
            let mut parts = rest.splitn(3, ':');
            let line_no: u32 = parts.next().unwrap().parse().expect("line number");
            let column: u32 = parts.next().unwrap().parse().expect("column number");
            assert!(line_no >= 1 && column >= 1, "{line}");
            assert_eq!((line_no, column), (d.pos.line, d.pos.column));
            assert!(parts.next().unwrap().starts_with(" error: "), "{line}");
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
        dup.notes[0].pos < dup.pos,
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

fn fixture(name: &str) -> String {
    kiwi_errors_tests::read(format!("tests/fixtures/invalid/{name}"))
}

#[test]
fn a_value_error_does_not_hide_the_entrys_other_problems() {
    let diagnostics =
        parse_catalog("one.toml", &fixture("one-entry-many-problems.toml")).unwrap_err();
    let messages: Vec<&str> = diagnostics
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    for expected in [
        "duplicate code \"slow_down\"",
        "code \"slow_down\" refers to unknown type \"rate_limit_eror\"",
        "message placeholder `{who}` is not declared in `args`",
        "invalid retry value \"sometimes\" in [[code]]; expected one of `never`, `backoff`",
    ] {
        assert!(
            messages.contains(&expected),
            "{expected} missing from {messages:?}"
        );
    }
}

#[test]
fn every_diagnostic_has_an_excerpt_with_a_caret_under_its_span() {
    let diagnostics = parse_catalog("many.toml", &fixture("many-mistakes.toml")).unwrap_err();
    let text = diagnostics.to_string();
    let blocks: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(blocks.len(), diagnostics.len() + 1, "{text}");
    for (block, d) in blocks.iter().zip(&diagnostics.items) {
        let source_line = format!("{} | ", d.pos.line);
        assert!(
            block.contains(&source_line),
            "no excerpt of line {}:\n{block}",
            d.pos.line
        );
        assert!(block.contains('^'), "no caret:\n{block}");
    }
    assert!(!text.contains("nothing was written"), "{text}");
}

#[test]
fn names_that_are_not_snake_case_get_the_snake_case_spelling() {
    let diagnostics = parse_catalog("many.toml", &fixture("many-mistakes.toml")).unwrap_err();
    let d = diagnostics
        .items
        .iter()
        .find(|d| d.message.starts_with("code name \"SlowDown\""))
        .expect("the bad name is reported");
    assert_eq!(d.suggestion.as_deref(), Some("slow_down"));
}

#[test]
fn a_catalog_that_is_not_utf8_is_reported_at_the_first_invalid_byte() {
    let bytes =
        std::fs::read(kiwi_errors_tests::root().join("tests/fixtures/invalid/not-utf8.toml"))
            .unwrap();
    let diagnostics = parse_catalog_bytes("bad.toml", &bytes).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics.items[0];
    let at = bytes.iter().position(|b| *b == 0xE9).unwrap();
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
    let line_start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + std::str::from_utf8(&bytes[line_start..at])
        .unwrap()
        .chars()
        .count();
    assert_eq!((d.pos.line as usize, d.pos.column as usize), (line, column));
}

#[test]
fn json_lines_carry_position_end_severity_notes_and_suggestion() {
    let diagnostics = parse_catalog("dup.toml", &fixture("duplicate-code.toml")).unwrap_err();
    let lines = diagnostics.to_json_lines();
    assert_eq!(lines.lines().count(), diagnostics.len());
    for (line, d) in lines.lines().zip(&diagnostics.items) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["path"], "dup.toml");
        assert_eq!(v["line"], d.pos.line);
        assert_eq!(v["column"], d.pos.column);
        assert_eq!(v["end"]["line"], d.end.line);
        assert_eq!(v["end"]["column"], d.end.column);
        assert_eq!(v["severity"], "error");
        assert_eq!(v["message"], d.message.as_str());
        assert_eq!(v["notes"].as_array().unwrap().len(), d.notes.len());
        assert!(v.get("suggestion").is_some());
    }
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["notes"][0]["message"], "first defined here");
}
