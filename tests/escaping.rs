//! Catalog text full of special characters lands intact in the generated Rust: it
//! parses, every string literal round-trips, and it compiles with `error_catalog!`.

mod docs_support;

use docs_support::catalog;
use kiwi_errors_codegen::Artifact;
use kiwi_errors_codegen::model::StreamEnd;
use syn::{Expr, Item, Lit};

const FIXTURE: &str = "tests/fixtures/catalogs/escaping.toml";

/// The generated Rust of the escaping fixture, compiled for real.
#[allow(clippy::all, missing_docs, dead_code)]
mod escaping {
    include!("fixtures/catalogs/escaping.rs");
}

/// Every string literal of every row, as `(row kind, field, value)`, in order.
fn literals(source: &str) -> Vec<(String, String, String)> {
    let file = syn::parse_file(source).expect("the generated Rust parses");
    let Some(Item::Macro(mac)) = file.items.first() else {
        panic!("expected one macro invocation")
    };
    let rows: syn::File = syn::parse2(mac.mac.tokens.clone()).expect("the table parses as items");
    let mut out = Vec::new();
    for item in rows.items {
        let Item::Mod(module) = item else {
            panic!("expected a row module")
        };
        for row in module.content.map(|c| c.1).unwrap_or_default() {
            let Item::Const(row) = row else {
                panic!("expected a const row")
            };
            let Expr::Struct(fields) = *row.expr else {
                panic!("expected a struct literal")
            };
            for field in fields.fields {
                let syn::Member::Named(name) = &field.member else {
                    continue;
                };
                let mut push = |e: &Expr| {
                    if let Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(s), ..
                    }) = e
                    {
                        out.push((module.ident.to_string(), name.to_string(), s.value()));
                    }
                };
                match &field.expr {
                    Expr::Array(a) => a.elems.iter().for_each(&mut push),
                    Expr::Call(c) => c.args.iter().for_each(&mut push),
                    e => push(e),
                }
            }
        }
    }
    out
}

#[test]
fn every_string_of_the_catalog_round_trips_through_the_generated_rust() {
    let catalog = catalog(FIXTURE);
    let mut expected = Vec::new();
    let mut row = |kind: &str, field: &str, value: &str| {
        expected.push((kind.to_owned(), field.to_owned(), value.to_owned()))
    };
    for s in &catalog.statuses {
        row("statuses", "name", &s.name);
        row("statuses", "description", &s.description);
    }
    for t in &catalog.types {
        row("types", "name", &t.name);
        row("types", "description", &t.description);
    }
    for c in &catalog.codes {
        row("codes", "name", &c.name);
        row("codes", "message", &c.message);
        if let Some(p) = &c.param {
            row("codes", "param", p);
        }
        row("codes", "description", &c.description);
        for step in &c.remediation {
            row("codes", "remediation", step);
        }
        row("codes", "doc_url", &c.doc_url);
    }
    if let Some(stream) = &catalog.stream {
        row("stream", "event", &stream.event);
        match &stream.end {
            Some(StreamEnd::Data(end) | StreamEnd::Event(end)) => row("stream", "end", end),
            None => {}
        }
    }
    let found: Vec<_> = literals(&Artifact::Rust.render(&catalog))
        .into_iter()
        .filter(|(_, f, _)| f != "args")
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_compiled_table_keeps_every_string_and_its_docs_intact() {
    use escaping::{ApiError, ErrorCode, ErrorType, Status};
    let catalog = catalog(FIXTURE);
    for (code, c) in ErrorCode::ALL.iter().zip(&catalog.codes) {
        assert_eq!(code.as_str(), c.name);
        assert_eq!(code.description(), Some(c.description.as_str()));
        assert_eq!(code.message_template(), Some(c.message.as_str()));
        assert_eq!(code.param(), c.param.as_deref());
        assert_eq!(
            code.remediation(),
            c.remediation.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }
    for (t, ct) in ErrorType::ALL.iter().zip(&catalog.types) {
        assert_eq!(t.description(), Some(ct.description.as_str()));
    }
    for (s, cs) in Status::ALL.iter().zip(&catalog.statuses) {
        assert_eq!(s.name(), cs.name);
        assert_eq!(s.description(), cs.description);
    }
    let stream = catalog.stream.as_ref().expect("the fixture has [stream]");
    let format = ErrorCode::STREAM.expect("the table has its stream row");
    assert_eq!(format.event, stream.event);
    let end = match &stream.end {
        Some(StreamEnd::Data(end)) => Some(kiwi_errors::stream::StreamEnd::Data(end.as_str())),
        Some(StreamEnd::Event(end)) => Some(kiwi_errors::stream::StreamEnd::Event(end.as_str())),
        None => None,
    };
    assert_eq!(format.end, end);
    let err = ApiError::pipes_and_ticks("x");
    assert_eq!(
        err.message(),
        "Value 'x' has | pipe, `tick`, \"quote\", */ and \"# and {braces}"
    );
    let body: serde_json::Value = serde_json::from_str(&err.to_json()).unwrap();
    assert_eq!(body["error"]["message"], err.message());
}
