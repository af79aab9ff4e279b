//! Every artifact of every catalog: the committed `generated/` files are what the
//! generator renders from `catalog/errors.toml`, the fixture catalogs' artifacts match
//! their snapshots (only what depends on each fixture), no snapshot is left over, output
//! is deterministic, outputs of another catalog speak only of it, and `check` names each
//! stale file.

mod docs_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use docs_support::{CATALOGS, FIXTURES, catalog, read, root, shipped};
use kiwi_errors_codegen::lang::view::View;
use kiwi_errors_codegen::lang::{go, python, typescript};
use kiwi_errors_codegen::{Artifact, Catalog, Config, emit};
use kiwi_errors_tests::ensure_file_contents;

/// Every file under `dir` (relative to the root), recursively, with `/` separators.
fn files_under(dir: &str) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(rel) = path.strip_prefix(base) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&root(), &root().join(dir), &mut out);
    out
}

/// The files under `dir` that git tracks (what a clean clone has), else every file on
/// disk when git cannot say.
fn committed_under(dir: &str) -> BTreeSet<String> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "--", dir])
        .current_dir(root())
        .output();
    match listed {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
        _ => files_under(dir),
    }
}

/// Every file of every artifact of a catalog: `(path under the output directory, text)`.
fn all_files(catalog: &Catalog) -> Vec<(String, String)> {
    Artifact::ALL
        .iter()
        .flat_map(|a| a.files(catalog))
        .collect()
}

/// The freshness check of the committed outputs: every file rendered from
/// `catalog/errors.toml` equals its file in `generated/` (`errors.rs` included, which the
/// runtime crate compiles), and `generated/` holds nothing else.
#[test]
fn every_committed_artifact_is_what_the_generator_renders_from_the_catalog() {
    let files: Vec<(String, String)> = all_files(&shipped())
        .into_iter()
        .map(|(path, text)| (format!("generated/{path}"), text))
        .collect();
    ensure_file_contents(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let rendered: BTreeSet<String> = files.into_iter().map(|(p, _)| p).collect();
    let extra: Vec<String> = committed_under("generated")
        .into_iter()
        .filter(|f| !rendered.contains(f))
        .collect();
    assert!(
        extra.is_empty(),
        "committed files in generated/ that no artifact writes (delete them): {extra:?}"
    );
}

#[test]
fn the_runtime_crate_compiles_the_committed_table() {
    assert_eq!(
        read("catalog/src/errors.rs"),
        read("generated/errors.rs"),
        "catalog/src/errors.rs must be a link to generated/errors.rs"
    );
}

/// What a fixture catalog's snapshots hold: every artifact that depends on the catalog,
/// and of the other-language packages and the vectors only their catalog part (the cores
/// and the shared cases are the shipped catalog's own golden files in `generated/`).
fn fixture_snapshots(catalog: &Catalog) -> Vec<(String, String)> {
    let view = View::of(catalog);
    let mut out: Vec<(String, String)> = [
        Artifact::Rust,
        Artifact::Schema,
        Artifact::CatalogJson,
        Artifact::Markdown,
        Artifact::OpenApi,
    ]
    .iter()
    .map(|a| (a.name().to_owned(), a.render(catalog)))
    .collect();
    out.push(("python.catalog.py".into(), python::catalog_part(&view)));
    let classes = typescript::classes(&view);
    out.push((
        "typescript.catalog.js".into(),
        typescript::catalog_js(&view, &classes),
    ));
    out.push((
        "typescript.catalog.d.ts".into(),
        typescript::catalog_dts(&view, &classes),
    ));
    out.push((
        "go.catalog.go".into(),
        go::catalog_part(&view, &go::classes(&view)),
    ));
    out.push((
        "retry.catalog-vectors.json".into(),
        emit::decision::emit_catalog_cases(catalog),
    ));
    out
}

#[test]
fn every_artifact_of_every_fixture_catalog_matches_its_snapshot() {
    for (label, path) in FIXTURES {
        for (name, text) in fixture_snapshots(&catalog(path)) {
            insta::assert_snapshot!(format!("{label}@{name}"), text);
        }
    }
}

/// The snapshots every test of the suite writes, by insta's naming: a snapshot in
/// `tests/snapshots/` that none of them writes is left over from a renamed fixture or
/// test, and fails here.
#[test]
fn no_snapshot_is_unreferenced() {
    let mut expected = BTreeSet::new();
    for (label, path) in FIXTURES {
        for (name, _) in fixture_snapshots(&catalog(path)) {
            expected.insert(format!("tests/snapshots/artifacts__{label}@{name}.snap"));
        }
    }
    for file in files_under("tests/fixtures/invalid") {
        let name = file.rsplit('/').next().unwrap_or_default();
        expected.insert(format!(
            "tests/snapshots/invalid_catalogs__every_invalid_fixture_is_rejected_with_positioned_diagnostics@{name}.snap"
        ));
    }
    for file in files_under("tests/fixtures/diff") {
        if let Some(pair) = file
            .strip_prefix("tests/fixtures/diff/")
            .and_then(|f| f.strip_suffix("/new.toml"))
        {
            expected.insert(format!(
                "tests/snapshots/diff__every_fixture_pair_is_reported_by_its_rule@{pair}__new.toml.snap"
            ));
        }
    }
    let found = files_under("tests/snapshots");
    let unreferenced: Vec<&String> = found.difference(&expected).collect();
    assert!(
        unreferenced.is_empty(),
        "snapshots no test writes (delete them): {unreferenced:?}"
    );
    let missing: Vec<&String> = expected.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "snapshots not committed (run `{}`): {missing:?}",
        kiwi_errors_tests::UPDATE
    );
}

#[test]
fn every_artifact_has_its_own_name() {
    let names: BTreeSet<&str> = Artifact::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(names.len(), Artifact::ALL.len());
    let files: Vec<String> = all_files(&shipped()).into_iter().map(|(p, _)| p).collect();
    let unique: BTreeSet<&String> = files.iter().collect();
    assert_eq!(unique.len(), files.len(), "two artifacts write one file");
}

#[test]
fn every_artifact_is_deterministic_with_unix_line_endings_and_one_trailing_newline() {
    for (label, path) in CATALOGS {
        let first = all_files(&catalog(path));
        let second = all_files(&catalog(path));
        assert_eq!(first, second, "{label}: two runs differ");
        for (name, text) in &first {
            let name = format!("{label}: {name}");
            assert!(!text.contains('\r'), "{name} has a carriage return");
            assert!(
                text.is_empty() || (text.ends_with('\n') && !text.ends_with("\n\n")),
                "{name} must end with exactly one newline"
            );
            assert!(
                !text.contains(root().to_str().unwrap_or("\0")),
                "{name} holds an absolute path"
            );
        }
    }
}

#[test]
fn every_generated_file_opens_with_the_notice_naming_its_catalog() {
    for (_, path) in CATALOGS {
        let catalog = catalog(path);
        let notice = format!("@generated by kiwi-errors from {path} — do not edit.");
        for (name, text) in all_files(&catalog) {
            if text.is_empty() {
                continue;
            }
            let has_notice = if name.ends_with(".json") {
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                // OpenAPI allows no `$comment` at its root, package.json none at all.
                [
                    &value["$comment"],
                    &value["info"]["description"],
                    &value["description"],
                ]
                .iter()
                .any(|v| v.as_str().is_some_and(|s| s.contains(&notice)))
            } else {
                text.lines().next().is_some_and(|l| l.contains(&notice))
            };
            assert!(has_notice, "{path}: {name} does not start with {notice:?}");
        }
    }
}

/// What an output generated from another catalog must not contain: the shipped catalog's
/// names, page headings and URL, except words the other catalog uses itself.
fn leftovers(source: &str) -> Vec<String> {
    let shipped = shipped();
    let host = shipped
        .meta
        .docs_url
        .split('/')
        .nth(2)
        .unwrap_or_default()
        .to_owned();
    let mut needles: Vec<String> = vec![shipped.meta.name.clone(), host];
    needles.extend(shipped.codes.iter().map(|c| c.name.clone()));
    needles.extend(shipped.types.iter().map(|t| t.name.clone()));
    needles.extend(shipped.meta.page.headings().iter().map(|h| (*h).to_owned()));
    needles.push(shipped.meta.page.solutions.clone());
    needles.push(shipped.meta.package.clone());
    needles
        .into_iter()
        .filter(|n| !n.is_empty() && !source.contains(n.as_str()))
        .collect()
}

#[test]
fn outputs_of_another_catalog_speak_only_of_it() {
    let path = "tests/byo-catalog/errors.toml";
    let source = read(path);
    let payments = catalog(path);
    let needles = leftovers(&source);
    assert!(needles.len() > 10, "{needles:?}");
    for (name, text) in all_files(&payments) {
        for needle in &needles {
            assert!(
                !text.contains(needle.as_str()),
                "{name} generated from {path} contains {needle:?}"
            );
        }
    }
}

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_names_each_stale_or_missing_artifact_and_generate_rewrites_only_those() {
    let out = scratch("check-names-each-stale-file");
    let mut config = Config::new();
    config
        .catalog(root().join("catalog/errors.toml"))
        .out_dir(&out);
    let written = config.generate().unwrap();
    assert_eq!(written.changed.len(), all_files(&shipped()).len());
    assert!(config.check().unwrap().changed.is_empty());

    std::fs::write(out.join("errors.schema.json"), "{}\n").unwrap();
    std::fs::remove_file(out.join("errors.md")).unwrap();
    let mut md = std::fs::read_to_string(out.join("errors.catalog.json")).unwrap();
    md.push(' ');
    std::fs::write(out.join("errors.catalog.json"), md).unwrap();

    let report = config.check().unwrap();
    let mut stale: Vec<String> = report
        .changed
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    stale.sort();
    assert_eq!(
        stale,
        ["errors.catalog.json", "errors.md", "errors.schema.json"]
    );

    let rewritten = config.generate().unwrap();
    assert_eq!(rewritten.changed, report.changed);
    assert!(config.check().unwrap().changed.is_empty());
}
