//! The `kiwi-errors` command line, run as a user would from the workspace root.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiwi-errors"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_accepts_the_shipped_catalog() {
    let out = run(&["validate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("catalog/errors.toml: ok"));
}

#[test]
fn validate_reports_every_problem_with_positions_and_exits_1() {
    let out = run(&[
        "validate",
        "--catalog",
        "tests/fixtures/invalid/many-mistakes.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "tests/fixtures/invalid/many-mistakes.toml:8:1: error: unknown key `docs_ulr` in [catalog]"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("7 errors in tests/fixtures/invalid/many-mistakes.toml"),
        "{stderr}"
    );
}

#[test]
fn check_passes_on_the_committed_files() {
    let out = run(&["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn check_names_stale_files_and_generate_fixes_them() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let out = run(&["check", "--out", out_dir]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("stale: ") && stderr.contains("errors.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cargo run -p kiwi-errors-codegen -- generate"),
        "{stderr}"
    );

    let out = run(&["generate", "--out", out_dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote "));
    let out = run(&["generate", "--out", out_dir]);
    assert!(
        text(&out.stdout).contains("0 file(s) written"),
        "{}",
        text(&out.stdout)
    );
    assert!(run(&["check", "--out", out_dir]).status.success());
}

#[test]
fn generate_writes_nothing_for_a_broken_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let out = run(&[
        "generate",
        "--catalog",
        "tests/fixtures/invalid/duplicate-code.toml",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("duplicate code \"bad_thing\""));
    assert!(!target.exists());
}

#[test]
fn explain_prints_everything_about_a_code() {
    let out = run(&["explain", "quota_exhausted"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for needle in [
        "type:     rate_limit_error",
        "status:   429 Rate Limited",
        "retry:    never (set by this code)",
        "docs:     https://llm.kiwi/docs/errors#quota_exhausted",
        "Solutions:",
        "Upgrade your account at llm.kiwi/pricing for a higher quota",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
}

#[test]
fn explain_of_an_unknown_code_fails_and_suggests_the_closest() {
    let out = run(&["explain", "model_not_fond"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no error code, type or status `model_not_fond`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `model_not_found`"),
        "{stderr}"
    );
}

#[test]
fn a_missing_catalog_is_an_io_error() {
    let out = run(&["validate", "--catalog", "no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/file.toml"));
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for needle in ["generate", "check", "validate", "explain", "Exit codes"] {
        assert!(stdout.contains(needle), "{stdout}");
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiwi-errors"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn validate_from_the_catalog_directory_finds_the_shipped_catalog() {
    let out = run_in(&root().join("catalog"), &["validate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("errors.toml: ok"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn validate_from_the_codegen_directory_names_the_catalog_relative_to_it() {
    let out = run_in(&root().join("codegen"), &["validate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("../catalog/errors.toml: ok"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_from_a_subdirectory_compares_the_workspace_generated_files() {
    let out = run_in(&root().join("codegen/src/emit"), &["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("up to date"));
}

#[test]
fn paths_given_on_the_command_line_are_relative_to_the_current_directory() {
    let out = run_in(
        &root().join("codegen"),
        &[
            "validate",
            "--catalog",
            "../tests/fixtures/invalid/duplicate-code.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("../tests/fixtures/invalid/duplicate-code.toml:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn outside_any_repository_the_error_names_every_place_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let start = dir.path().join("a/b");
    std::fs::create_dir_all(&start).unwrap();
    let out = run_in(&start, &["validate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no error catalog found"), "{stderr}");
    for dir in start.ancestors() {
        let looked = dir.join("catalog/errors.toml");
        assert!(
            stderr.contains(&looked.display().to_string()),
            "{} missing in\n{stderr}",
            looked.display()
        );
    }
}

/// A workspace at `ws/` with the shipped catalog, and a member `ws/member/` that has a
/// broken catalog of its own but no `[workspace]`.
fn nested_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(ws.join("catalog")).unwrap();
    std::fs::create_dir_all(ws.join("member/catalog")).unwrap();
    std::fs::create_dir_all(ws.join("member/src")).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"member\"]\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("catalog/errors.toml"),
        ws.join("catalog/errors.toml"),
    )
    .unwrap();
    std::fs::write(
        ws.join("member/Cargo.toml"),
        "[package]\nname = \"member\"\n",
    )
    .unwrap();
    std::fs::write(ws.join("member/catalog/errors.toml"), "not a catalog").unwrap();
    dir
}

#[test]
fn the_workspace_root_wins_over_a_nearer_catalog() {
    let dir = nested_workspace();
    let out = run_in(&dir.path().join("ws/member/src"), &["validate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("../../catalog/errors.toml: ok"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn without_a_workspace_the_nearest_catalog_is_used() {
    let dir = nested_workspace();
    std::fs::remove_file(dir.path().join("ws/Cargo.toml")).unwrap();
    let out = run_in(&dir.path().join("ws/member/src"), &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("../catalog/errors.toml:1:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn generate_from_a_subdirectory_writes_into_the_workspace_generated_directory() {
    let dir = nested_workspace();
    let ws = dir.path().join("ws");
    let out = run_in(&ws.join("member/src"), &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("wrote ../../generated/errors.rs"),
        "{}",
        text(&out.stdout)
    );
    assert!(ws.join("generated/errors.rs").is_file());
    assert!(run_in(&ws, &["check"]).status.success());
}
