//! The checked model that `parse_catalog` returns: every reference resolved, every Rust
//! name computed, as a `build.rs` user reads it.

use kiwi_errors_codegen::model::{RetrySource, Status};
use kiwi_errors_codegen::{Catalog, RetryPolicy, parse_catalog};

const MINIMAL: &str = include_str!("../../tests/fixtures/valid-minimal.toml");

fn minimal() -> Catalog {
    parse_catalog("errors.toml", MINIMAL).unwrap_or_else(|d| panic!("{d}"))
}

/// The minimal catalog with one code's message (and `args`) replaced.
fn with_message(message: &str, args: &str) -> String {
    MINIMAL.replacen(
        "message = \"Bad {what}\"\nargs = [\"what\"]",
        &format!("message = {message:?}\nargs = {args}"),
        1,
    )
}

fn diagnostics(source: &str) -> String {
    parse_catalog("errors.toml", source)
        .expect_err("the catalog must be rejected")
        .to_string()
}

#[test]
fn a_code_knows_its_type_status_and_effective_retry_policy() {
    let catalog = minimal();
    let slow = catalog.find_code("slow_down").unwrap();
    assert_eq!(catalog.type_of(slow).name, "rate_limit_error");
    let status: &Status = catalog.status_of(slow);
    assert_eq!((status.code, status.name.as_str()), (429, "Rate Limited"));
    assert_eq!(slow.retry, RetryPolicy::Backoff);
    assert_eq!(slow.retry_source, RetrySource::Status);
    assert_eq!(catalog.status(catalog.type_of(slow).status).code, 429);
}

#[test]
fn a_code_without_doc_url_links_to_its_anchor_on_the_page() {
    let catalog = minimal();
    let bad = catalog.find_code("bad_thing").unwrap();
    assert_eq!(bad.doc_url, "https://example.com/errors#bad_thing");
}

#[test]
fn rust_names_are_computed_once_on_the_model() {
    let catalog = minimal();
    let bad = catalog.find_code("bad_thing").unwrap();
    assert_eq!(bad.variant, "BadThing");
    assert_eq!(bad.constructor, "bad_thing");
    assert_eq!(bad.args[0].name, "what");
    assert_eq!(bad.args[0].ident, "what");
    assert_eq!(catalog.type_of(bad).variant, "InvalidRequestError");
    assert_eq!(catalog.status_of(bad).variant, "BadRequest");
}

#[test]
fn keyword_arguments_become_raw_identifiers() {
    let source = with_message("Bad {type} in {match}", r#"["type", "match"]"#);
    let catalog = parse_catalog("errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
    let idents: Vec<_> = catalog.codes[0]
        .args
        .iter()
        .map(|a| a.ident.as_str())
        .collect();
    assert_eq!(idents, ["r#type", "r#match"]);
}

#[test]
fn a_retry_policy_set_by_the_code_overrides_its_status() {
    let source = MINIMAL.replacen(
        "message = \"Slow down\"",
        "message = \"Slow down\"\nretry = \"never\"",
        1,
    );
    let catalog = parse_catalog("errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
    let slow = catalog.find_code("slow_down").unwrap();
    assert_eq!(slow.retry, RetryPolicy::Never);
    assert_eq!(slow.retry_source, RetrySource::Code);
    assert_eq!(catalog.status_of(slow).retry, RetryPolicy::Backoff);
}

#[test]
fn the_envelope_example_code_is_resolved() {
    let catalog = minimal();
    assert_eq!(
        catalog
            .envelope
            .example_code
            .map(|id| catalog.code(id).name.as_str()),
        Some("bad_thing")
    );
}

#[test]
fn templates_outside_the_format_grammar_are_reported_at_the_template() {
    for (message, args, problem) in [
        (
            "Bad {0}",
            "[]",
            "placeholder `{0}` is not a snake_case argument name",
        ),
        (
            "Bad {}",
            "[]",
            "placeholder `{}` is not a snake_case argument name",
        ),
        (
            "Bad {what:?}",
            r#"["what"]"#,
            "placeholder `{what:?}` is not a snake_case argument name",
        ),
        ("a } b", "[]", "unmatched `}`"),
        ("Bad {what", r#"["what"]"#, "`{` is never closed"),
    ] {
        let text = diagnostics(&with_message(message, args));
        assert!(
            text.starts_with(&format!(
                "errors.toml:44:11: error: message template: {problem}"
            )),
            "{message}: {text}"
        );
    }
}

#[test]
fn arguments_that_cannot_be_rust_parameters_are_rejected() {
    for arg in ["self", "super", "crate"] {
        let text = diagnostics(&with_message(
            &format!("Bad {{{arg}}}"),
            &format!("[{arg:?}]"),
        ));
        assert!(
            text.contains(&format!(
                "errors.toml:45:9: error: argument `{arg}` cannot be a Rust parameter name"
            )),
            "{text}"
        );
    }
}

#[test]
fn literal_braces_need_no_argument() {
    let source = with_message("Bad {{what}}", "[]");
    let catalog = parse_catalog("errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
    assert!(catalog.codes[0].args.is_empty());
}

#[test]
fn a_stream_table_gets_its_defaults_and_resolves_its_codes() {
    use kiwi_errors_codegen::model::{Stream, StreamEnd, StreamShape};
    assert_eq!(minimal().stream, None);

    let catalog = parse_catalog("errors.toml", &format!("{MINIMAL}\n[stream]\n")).unwrap();
    let stream = catalog.stream.as_ref().unwrap();
    assert_eq!(stream.event, Stream::DEFAULT_EVENT);
    assert!(stream.is_unnamed_event());
    assert_eq!(stream.shape, StreamShape::Envelope);
    assert_eq!((stream.end.as_ref(), stream.codes.len()), (None, 0));
    assert_eq!(stream.description, None);

    let source = format!(
        "{MINIMAL}\n[stream]\nevent = \"error\"\nshape = \"flat\"\n\
         end = {{ event = \"done\" }}\ncodes = [\"slow_down\", \"bad_thing\"]\n"
    );
    let catalog = parse_catalog("errors.toml", &source).unwrap_or_else(|d| panic!("{d}"));
    let stream = catalog.stream.as_ref().unwrap();
    assert_eq!(stream.event, "error");
    assert!(!stream.is_unnamed_event());
    assert_eq!(stream.shape, StreamShape::Flat);
    assert_eq!(stream.end, Some(StreamEnd::Event("done".into())));
    let codes: Vec<&str> = stream
        .codes
        .iter()
        .map(|&id| catalog.code(id).name.as_str())
        .collect();
    assert_eq!(codes, ["slow_down", "bad_thing"]);
    assert_eq!(catalog.meta.page.streams, "Errors in Streams");
}

#[test]
fn every_stream_problem_is_reported_at_once() {
    let text = diagnostics(&format!(
        "{MINIMAL}\n[stream]\nevent = \"a\\nb\"\nshape = \"round\"\n\
         end = {{ data = \"\" }}\ncodes = [\"slow_dow\"]\n"
    ));
    for expected in [
        "`event` in [stream] holds an LF",
        "invalid shape \"round\" in [stream]; expected one of `envelope`, `named`, `flat`",
        "`data` in `end` of [stream] must not be blank",
        "`codes` in [stream] lists unknown code \"slow_dow\"",
        "help: did you mean `slow_down`?",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}
