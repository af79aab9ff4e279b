//! Helpers shared by the tests of the JSON Schema, catalog data and markdown artifacts.
#![allow(dead_code)]

use std::path::PathBuf;

use kiwi_errors_codegen::{Catalog, parse_catalog};
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file under the workspace root.
pub fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture catalogs, whose artifacts are snapshot-tested: `(label, path under the
/// root)`. The shipped catalog's artifacts are their own golden files in `generated/`.
pub const FIXTURES: &[(&str, &str)] = &[
    ("full", "tests/fixtures/catalogs/full.toml"),
    ("escaping", "tests/fixtures/catalogs/escaping.toml"),
];

/// Every catalog that behaviour is checked on: the shipped one, then the fixtures.
pub const CATALOGS: &[(&str, &str)] = &[
    ("shipped", "catalog/errors.toml"),
    ("full", "tests/fixtures/catalogs/full.toml"),
    ("escaping", "tests/fixtures/catalogs/escaping.toml"),
    ("retired", "tests/fixtures/catalogs/retired.toml"),
];

/// Parses and validates a catalog under the root.
pub fn catalog(rel: &str) -> Catalog {
    parse_catalog(rel, &read(rel)).unwrap_or_else(|d| panic!("{rel}:\n{d}"))
}

/// The shipped catalog.
pub fn shipped() -> Catalog {
    catalog("catalog/errors.toml")
}

/// The catalog as it was written to reproduce the seed page, frozen: the emitters must
/// turn it into the seed's content, whatever later edits do to `catalog/errors.toml`.
#[allow(dead_code)]
pub fn seed_catalog() -> Catalog {
    catalog(SEED_CATALOG)
}

/// The path of [`seed_catalog`].
#[allow(dead_code)]
pub const SEED_CATALOG: &str = "tests/fixtures/catalogs/seed.toml";

/// The source page that the reference must reproduce (a copy of the seed).
pub fn seed() -> String {
    read("tests/fixtures/seed/llm-kiwi-error-reference.txt")
}

/// Every example body on the seed page, verbatim: the multi-line one of the error
/// response format and each one-line body of the common errors.
pub fn seed_bodies() -> Vec<String> {
    let seed = seed();
    let mut bodies = Vec::new();
    let mut block: Option<String> = None;
    for line in seed.lines() {
        match &mut block {
            Some(text) => {
                text.push_str(line);
                text.push('\n');
                if line == "}" {
                    bodies.push(block.take().unwrap_or_default());
                }
            }
            None if line == "{" => block = Some("{\n".to_owned()),
            None if line.starts_with("{\"error\"") => bodies.push(line.to_owned()),
            None => {}
        }
    }
    assert_eq!(bodies.len(), 5, "the seed page has five example bodies");
    bodies
}

/// The contents of every fenced ```json block of a markdown page.
pub fn json_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut current {
            Some((fence, text)) if line == fence.as_str() => {
                blocks.push(std::mem::take(text));
                current = None;
            }
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {
                let ticks = line.len() - line.trim_start_matches('`').len();
                if ticks >= 3 && &line[ticks..] == "json" {
                    current = Some(("`".repeat(ticks), String::new()));
                }
            }
        }
    }
    blocks
}

/// Parses JSON text, naming it on failure.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// A draft 2020-12 validator for a schema, after checking the schema against the
/// meta-schema.
pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).unwrap_or_else(|e| panic!("invalid schema: {e}"));
    jsonschema::draft202012::new(schema).unwrap_or_else(|e| panic!("unusable schema: {e}"))
}

/// Asserts that a body validates, listing every error otherwise.
pub fn assert_valid(validator: &jsonschema::Validator, body: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{body} does not validate:\n{}",
        errors.join("\n")
    );
}

/// Markdown source with backslash escapes and the three HTML entities undone, so seed
/// text can be found in it.
pub fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {
                out.push(*n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// GitHub's anchor for a heading's text: lowercase, punctuation other than `-` and `_`
/// dropped, spaces as `-`; a repeated anchor gets `-1`, `-2`, ….
pub fn github_anchors(md: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.starts_with('#') {
            continue;
        }
        let text = plain(line.trim_start_matches('#').trim()).replace('`', "");
        let base: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.push(anchor);
    }
    seen
}
