//! A team with its own API, end to end, as the README tells it: `tests/byo-catalog` (a
//! payments API's crate with its own catalog, statuses 402, 409 and 422 and no prose
//! sections) copied outside this repository, its path dependencies pointed at the two
//! crates, then built, tested and documented there with cargo; the CLI run on its
//! catalog alone; and a broken catalog failing the build with readable diagnostics.
//! Nothing generated for it names llm.kiwi.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "generated" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

/// `cargo <args>` in the copied crate, with its own target directory under this
/// workspace's (reused between runs).
fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap()
}

fn target_dir() -> PathBuf {
    root().join("target/external-crate")
}

/// What nothing generated for another catalog may contain: the shipped catalog's
/// names, headings, URL and package, except words the other catalog uses itself.
fn leftovers(source: &str) -> Vec<String> {
    let shipped = kiwi_errors_codegen::parse_catalog(
        "catalog/errors.toml",
        &std::fs::read_to_string(root().join("catalog/errors.toml")).unwrap(),
    )
    .unwrap();
    let host = shipped
        .meta
        .docs_url
        .split('/')
        .nth(2)
        .unwrap_or_default()
        .to_owned();
    let mut needles = vec![
        shipped.meta.name.clone(),
        host,
        shipped.meta.package.clone(),
    ];
    needles.extend(shipped.codes.iter().map(|c| c.name.clone()));
    needles.extend(shipped.types.iter().map(|t| t.name.clone()));
    needles.extend(shipped.meta.page.headings().iter().map(|h| (*h).to_owned()));
    needles.retain(|n| !n.is_empty() && !source.contains(n.as_str()));
    needles
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every text file under `dir` that contains a needle, with the needle.
fn found(dir: &Path, needles: &[String]) -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    files(dir, &mut all);
    let mut hits = Vec::new();
    for path in all {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for needle in needles {
            if text.contains(needle.as_str()) {
                hits.push((path.clone(), needle.clone()));
            }
        }
    }
    hits
}

#[test]
fn a_crate_with_its_own_catalog_outside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let krate = tmp.path().join("paystream");
    copy_dir(&root().join("tests/byo-catalog"), &krate);
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml"))
        .unwrap()
        .replace(
            "../../catalog",
            &root().join("catalog").display().to_string(),
        )
        .replace(
            "../../codegen",
            &root().join("codegen").display().to_string(),
        );
    std::fs::write(krate.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let source = std::fs::read_to_string(krate.join("errors.toml")).unwrap();
    let needles = leftovers(&source);
    assert!(needles.len() > 10, "{needles:?}");

    // Built and tested by cargo, outside the workspace.
    let out = cargo(&krate, &["test", "--quiet"]);
    assert!(
        out.status.success(),
        "cargo test:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // Its documentation speaks only of its own catalog.
    let out = cargo(&krate, &["doc", "--no-deps", "--quiet"]);
    assert!(out.status.success(), "cargo doc:\n{}", text(&out.stderr));
    let doc = target_dir().join("doc/paystream");
    assert!(doc.join("enum.ErrorCode.html").is_file());
    assert_eq!(
        found(&doc, &needles),
        vec![],
        "llm.kiwi leftovers in the rustdoc"
    );

    // The CLI, given only the catalog.
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kiwi-errors"))
            .args(args)
            .current_dir(&krate)
            .env_remove("CARGO_PKG_NAME")
            .output()
            .unwrap()
    };
    let out = cli(&["generate", "--catalog", "errors.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(krate.join("generated/errors.md").is_file());
    assert!(
        krate
            .join("generated/python/paystream_errors/__init__.py")
            .is_file()
    );
    assert!(krate.join("generated/typescript/package.json").is_file());
    assert!(krate.join("generated/go/go.mod").is_file());
    assert_eq!(found(&krate.join("generated"), &needles), vec![]);
    let out = cli(&["check", "--catalog", "errors.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(krate.join("generated/errors.md")).unwrap();
    assert!(md.starts_with("<!-- @generated by kiwi-errors from errors.toml — do not edit. -->"));

    // A broken catalog fails the build with the rendered diagnostics.
    let broken = source
        .replacen("type = \"card_error\"", "type = \"card_eror\"", 1)
        .replacen(
            "name = \"insufficient_funds\"",
            "name = \"InsufficientFunds\"",
            1,
        );
    std::fs::write(krate.join("errors.toml"), &broken).unwrap();
    let out = cargo(&krate, &["build", "--quiet"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, message) in [
        ("card_eror", "unknown type"),
        ("InsufficientFunds", "is not lowercase snake_case"),
    ] {
        let at = format!("errors.toml:{}:", line_of(needle));
        assert!(stderr.contains(&at), "no {at} in\n{stderr}");
        assert!(stderr.contains(message), "no {message:?} in\n{stderr}");
    }
    assert!(stderr.contains('^'), "no caret under the span:\n{stderr}");
    assert!(
        !stderr.contains("Catalog(") && !stderr.contains("\\n"),
        "{stderr}"
    );
}
