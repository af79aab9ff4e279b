//! `diff`: one fixture pair per rule under `tests/fixtures/diff/<RULE_ID>[.variant]/`,
//! each reported by its rule, with a snapshot of the human report.

use std::path::{Path, PathBuf};

use kiwi_errors_codegen::diff::{self, Level, RULES};
use kiwi_errors_codegen::parse_catalog;

fn load(path: &Path) -> kiwi_errors_codegen::Catalog {
    let source = std::fs::read_to_string(path).unwrap();
    parse_catalog(&path.display().to_string(), &source).unwrap_or_else(|d| panic!("{d}"))
}

fn fixture_dirs() -> Vec<PathBuf> {
    let root = kiwi_errors_tests::root().join("tests/fixtures/diff");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The rule a fixture directory is named for: the part before any `.variant`.
fn rule_of(dir: &Path) -> String {
    let name = dir.file_name().unwrap().to_string_lossy();
    name.split('.').next().unwrap().to_owned()
}

#[test]
fn every_fixture_pair_is_reported_by_its_rule() {
    insta::glob!("fixtures/diff/*/new.toml", |new_path| {
        let dir = new_path.parent().unwrap();
        let old = load(&dir.join("old.toml"));
        let new = load(new_path);
        let report = diff::diff(&old, &new);
        let rule = rule_of(dir);
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{} is not reported for {}:\n{report}",
            rule,
            dir.display()
        );
        let level = diff::rule(&rule).unwrap().level;
        let bumped = diff::is_breaking_bump(&old.meta.version, &new.meta.version);
        assert_eq!(
            report.failed(),
            report.findings.iter().any(|f| f.level == Level::Error) && !bumped,
            "{report}"
        );
        if level == Level::Error && !bumped {
            assert!(report.failed(), "{report}");
        }
        insta::assert_snapshot!(report.to_string());
    });
}

#[test]
fn every_rule_has_a_fixture_pair() {
    let covered: Vec<String> = fixture_dirs().iter().map(|d| rule_of(d)).collect();
    for rule in RULES {
        assert!(
            covered.iter().any(|c| c == rule.id),
            "no fixture under tests/fixtures/diff/{}/",
            rule.id
        );
    }
    assert!(RULES.len() >= 25);
}

#[test]
fn rule_ids_are_unique_upper_snake_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for id in &ids {
        assert!(
            id.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
            "{id}"
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
}

#[test]
fn a_catalog_compared_with_itself_has_no_finding() {
    let shipped = load(&kiwi_errors_tests::root().join("catalog/errors.toml"));
    let report = diff::diff(&shipped, &shipped);
    assert!(report.findings.is_empty(), "{report}");
    assert!(!report.failed());
}

#[test]
fn a_breaking_change_with_the_version_bump_is_reported_but_allowed() {
    let dir = kiwi_errors_tests::root().join("tests/fixtures/diff/CODE_DELETED.with_version_bump");
    let report = diff::diff(&load(&dir.join("old.toml")), &load(&dir.join("new.toml")));
    let deleted = report
        .findings
        .iter()
        .find(|f| f.rule == "CODE_DELETED")
        .unwrap();
    assert!(deleted.allowed);
    assert!(!report.failed());
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule == "VERSION_BUMP_MISSING")
    );
}

#[test]
fn the_json_report_lists_rule_level_and_message_of_each_finding() {
    let dir = kiwi_errors_tests::root().join("tests/fixtures/diff/CODE_DELETED");
    let report = diff::diff(&load(&dir.join("old.toml")), &load(&dir.join("new.toml")));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["failed"], true);
    assert_eq!(json["old_version"], "0.1.0");
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), report.findings.len());
    assert_eq!(findings[0]["rule"], "CODE_DELETED");
    assert_eq!(findings[0]["level"], "error");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("slow_down")
    );
}

#[test]
fn the_catalog_readme_shows_the_rule_table() {
    let readme = kiwi_errors_tests::read("catalog/docs/format.md");
    let table = diff::rules_markdown();
    assert!(
        readme.contains(&table),
        "catalog/docs/format.md must contain the rule table exactly as diff::rules_markdown() prints it:\n{table}"
    );
}
