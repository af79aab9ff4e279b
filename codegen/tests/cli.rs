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

/// The frozen seed catalog: tests of what `explain` prints read it, so their expected
/// lines hold whatever the shipped catalog says.
const SEED: &str = "tests/fixtures/catalogs/seed.toml";

/// `kiwi-errors explain <query> --catalog <seed>`.
fn explain_seed(query: &str) -> Output {
    run(&["explain", query, "--catalog", SEED])
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
        stderr.contains("10 errors in tests/fixtures/invalid/many-mistakes.toml"),
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
    let out = explain_seed("quota_exhausted");
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
fn explain_without_a_catalog_reads_the_shipped_catalog() {
    let catalog = kiwi_errors_codegen::Config::new()
        .catalog(root().join("catalog/errors.toml"))
        .load()
        .unwrap();
    for c in &catalog.codes {
        let out = run(&["explain", &c.name]);
        assert!(out.status.success(), "{}: {}", c.name, text(&out.stderr));
        let stdout = text(&out.stdout);
        let status = catalog.status_of(c);
        assert!(stdout.starts_with(&format!("{}\n", c.name)), "{stdout}");
        for needle in [
            format!("type:     {}", catalog.type_of(c).name),
            format!("status:   {} {}", status.code, status.name),
            format!("retry:    {} (", c.retry.as_str()),
        ] {
            assert!(stdout.contains(&needle), "missing {needle:?} in\n{stdout}");
        }
    }
}

#[test]
fn explain_of_an_unknown_code_fails_and_suggests_the_closest() {
    let out = explain_seed("model_not_fond");
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
    assert!(
        text(&out.stderr).contains("error: cannot read or write no/such/file.toml: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for needle in [
        "generate",
        "check",
        "validate",
        "explain",
        "list",
        "diff",
        "Exit codes",
    ] {
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
fn outside_any_project_the_error_names_every_place_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let start = dir.path().join("a/b");
    std::fs::create_dir_all(&start).unwrap();
    let out = run_in(&start, &["validate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no error catalog given, and none found"),
        "{stderr}"
    );
    for dir in start.ancestors() {
        let looked = dir.join("kiwi-errors.toml");
        assert!(
            stderr.contains(&looked.display().to_string()),
            "{} missing in\n{stderr}",
            looked.display()
        );
    }
    assert!(
        stderr.contains(&start.join("errors.toml").display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("--catalog PATH"), "{stderr}");
}

/// A project at `ws/` (a `kiwi-errors.toml` naming `catalog/errors.toml`) with the
/// shipped catalog, and a member `ws/member/` whose own `errors.toml` is broken.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(ws.join("catalog")).unwrap();
    std::fs::create_dir_all(ws.join("member/src")).unwrap();
    std::fs::write(
        ws.join("kiwi-errors.toml"),
        "catalog = \"catalog/errors.toml\"\nout = \"generated\"\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("catalog/errors.toml"),
        ws.join("catalog/errors.toml"),
    )
    .unwrap();
    std::fs::write(ws.join("member/errors.toml"), "not a catalog").unwrap();
    dir
}

#[test]
fn the_nearest_project_file_names_the_catalog() {
    let dir = project();
    let out = run_in(&dir.path().join("ws/member/src"), &["validate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("../../catalog/errors.toml: ok"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn without_a_project_file_the_errors_toml_of_the_current_directory_is_used() {
    let dir = project();
    std::fs::remove_file(dir.path().join("ws/kiwi-errors.toml")).unwrap();
    let out = run_in(&dir.path().join("ws/member"), &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("errors.toml:1:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn generate_from_a_subdirectory_writes_into_the_project_output_directory() {
    let dir = project();
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
    // The files name the catalog as the project file does, from wherever they were made.
    let md = std::fs::read_to_string(ws.join("generated/errors.md")).unwrap();
    assert!(
        md.starts_with("<!-- @generated by kiwi-errors from catalog/errors.toml"),
        "{md}"
    );
}

#[test]
fn a_catalog_alone_is_enough_its_output_goes_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    std::fs::copy(
        root().join("tests/byo-catalog/errors.toml"),
        dir.path().join("api/errors.toml"),
    )
    .unwrap();
    let out = run_in(dir.path(), &["generate", "--catalog", "api/errors.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("wrote api/generated/errors.rs"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        dir.path()
            .join("api/generated/python/paystream_errors/__init__.py")
            .is_file()
    );
    let out = run_in(dir.path(), &["check", "--catalog", "api/errors.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rs = std::fs::read_to_string(dir.path().join("api/generated/errors.rs")).unwrap();
    assert!(rs.starts_with("// @generated by kiwi-errors from api/errors.toml — do not edit."));
}

#[test]
fn the_package_name_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = root().join("tests/byo-catalog/errors.toml");
    let catalog = catalog.to_str().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "generate",
            "--catalog",
            catalog,
            "--out",
            "out",
            "--package",
            "pay_errors",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        dir.path()
            .join("out/python/pay_errors/__init__.py")
            .is_file()
    );
    let package = std::fs::read_to_string(dir.path().join("out/typescript/package.json")).unwrap();
    assert!(package.contains("\"name\": \"pay-errors\""), "{package}");
    let go_mod = std::fs::read_to_string(dir.path().join("out/go/go.mod")).unwrap();
    assert!(go_mod.contains("\nmodule payerrors\n"), "{go_mod}");
    let doc = std::fs::read_to_string(dir.path().join("out/go/doc.go")).unwrap();
    assert!(doc.contains("\npackage payerrors\n"), "{doc}");
    let out = run_in(
        dir.path(),
        &[
            "generate",
            "--catalog",
            catalog,
            "--out",
            "out",
            "--package",
            "Not-Snake",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"Not-Snake\" is not lowercase snake_case"));
}

#[test]
fn the_fix_hint_of_check_is_the_command_that_was_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/byo-catalog/errors.toml"),
        dir.path().join("pay.toml"),
    )
    .unwrap();
    let check = |under_cargo: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiwi-errors"));
        cmd.args(["check", "--catalog", "pay.toml", "--out", "gen"])
            .current_dir(dir.path());
        if under_cargo {
            cmd.env("CARGO", "cargo")
                .env("CARGO_PKG_NAME", "kiwi-errors-codegen");
        } else {
            cmd.env_remove("CARGO").env_remove("CARGO_PKG_NAME");
        }
        cmd.output().unwrap()
    };
    let out = check(false);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("run `kiwi-errors generate --catalog pay.toml --out gen`"),
        "{}",
        text(&out.stderr)
    );
    let out = check(true);
    assert!(
        text(&out.stderr).contains(
            "run `cargo run -p kiwi-errors-codegen -- generate --catalog pay.toml --out gen`"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_broken_project_file_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kiwi-errors.toml"), "catalogue = \"x\"\n").unwrap();
    let out = run_in(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("kiwi-errors.toml: unknown key `catalogue`"),
        "{stderr}"
    );
}

#[test]
fn explain_accepts_any_case() {
    let out = explain_seed("Quota_EXHAUSTED");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("quota_exhausted\n"));
}

#[test]
fn explain_explains_a_type_with_its_status_and_codes() {
    let out = explain_seed("rate_limit_error");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for needle in [
        "rate_limit_error (error type)",
        "status:   429 Rate Limited",
        "  - rate_limit_exceeded (retry backoff)",
        "  - quota_exhausted (retry never)",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
}

#[test]
fn explain_explains_a_status_by_number_or_name() {
    for query in ["429", "rate limited", "RATE-LIMITED"] {
        let out = explain_seed(query);
        assert!(out.status.success(), "{query}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("429 Rate Limited (HTTP status)"),
            "{stdout}"
        );
        assert!(stdout.contains("types:    rate_limit_error"), "{stdout}");
    }
}

#[test]
fn an_empty_or_hopeless_query_gets_no_suggestion() {
    for query in ["", "   ", "xyzzy", "a"] {
        let out = explain_seed(query);
        assert_eq!(out.status.code(), Some(1), "{query:?}");
        assert!(
            !text(&out.stderr).contains("did you mean"),
            "{query:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn list_prints_every_code_with_type_status_and_retry() {
    let catalog = kiwi_errors_codegen::Config::new()
        .catalog(root().join("catalog/errors.toml"))
        .load()
        .unwrap();
    let out = run(&["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), catalog.codes.len() + 1, "{stdout}");
    for (line, c) in lines[1..].iter().zip(&catalog.codes) {
        let cells: Vec<&str> = line.split("  ").filter(|c| !c.is_empty()).collect();
        let status = catalog.status_of(c);
        assert_eq!(cells[0].trim(), c.name);
        assert_eq!(cells[1].trim(), catalog.type_of(c).name);
        assert_eq!(cells[2].trim(), format!("{} {}", status.code, status.name));
        assert!(cells[3].trim().starts_with(c.retry.as_str()), "{line}");
    }
}

#[test]
fn list_json_has_one_object_per_code() {
    let catalog = kiwi_errors_codegen::Config::new()
        .catalog(root().join("catalog/errors.toml"))
        .load()
        .unwrap();
    let out = run(&["list", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), catalog.codes.len());
    for (item, c) in items.iter().zip(&catalog.codes) {
        assert_eq!(item["code"], c.name.as_str());
        assert_eq!(item["type"], catalog.type_of(c).name.as_str());
        assert_eq!(item["status"], catalog.status_of(c).code);
        assert_eq!(item["retry"], c.retry.as_str());
        assert_eq!(item["retired"], c.is_retired());
    }
}

#[test]
fn validate_json_prints_one_object_per_diagnostic() {
    let out = run(&[
        "validate",
        "--message-format",
        "json",
        "--catalog",
        "tests/fixtures/invalid/many-mistakes.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.lines().count() >= 7, "{stdout}");
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["path"], "tests/fixtures/invalid/many-mistakes.toml");
        assert!(v["line"].as_u64().unwrap() >= 1);
        assert_eq!(v["severity"], "error");
    }
}

#[test]
fn validate_does_not_claim_that_nothing_was_written_but_generate_does() {
    let args = ["--catalog", "tests/fixtures/invalid/duplicate-code.toml"];
    let out = run(&[&["validate"][..], &args].concat());
    assert!(!text(&out.stderr).contains("nothing was written"));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let out = run(&[
        &["generate"][..],
        &args,
        &["--out", target.to_str().unwrap()],
    ]
    .concat());
    assert!(text(&out.stderr).contains("nothing was written"));
}

#[test]
fn diff_exits_1_on_a_breaking_change_without_a_bump() {
    let dir = "tests/fixtures/diff/CODE_DELETED";
    let out = run(&[
        "diff",
        &format!("{dir}/old.toml"),
        &format!("{dir}/new.toml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("error[CODE_DELETED]"), "{stdout}");
    assert!(stdout.contains("error[VERSION_BUMP_MISSING]"), "{stdout}");
}

#[test]
fn diff_exits_0_when_the_bump_announces_the_break() {
    let dir = "tests/fixtures/diff/CODE_DELETED.with_version_bump";
    let out = run(&[
        "diff",
        "--format",
        "json",
        &format!("{dir}/old.toml"),
        &format!("{dir}/new.toml"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["failed"], false);
    assert_eq!(v["findings"][0]["rule"], "CODE_DELETED");
    assert_eq!(v["findings"][0]["allowed"], true);
}

#[test]
fn diff_against_a_git_revision_reads_the_catalog_at_that_revision() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=kiwi", "-c", "user.email=kiwi@example.com"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    let fixtures = root().join("tests/fixtures/diff/CODE_RETRY_DISABLED");
    std::fs::create_dir(repo.path().join("catalog")).unwrap();
    std::fs::write(
        repo.path().join("kiwi-errors.toml"),
        "catalog = \"catalog/errors.toml\"\n",
    )
    .unwrap();
    let catalog = repo.path().join("catalog/errors.toml");
    std::fs::copy(fixtures.join("old.toml"), &catalog).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "old"]);
    std::fs::copy(fixtures.join("new.toml"), &catalog).unwrap();

    let out = run_in(repo.path(), &["diff", "--against", "HEAD"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("error[CODE_RETRY_DISABLED]"));

    git(&["commit", "-q", "-am", "new"]);
    let out = run_in(repo.path(), &["diff", "--against", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("no breaking change"));

    let out = run_in(repo.path(), &["diff", "--against", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
}
