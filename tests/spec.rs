//! The retry specification (`docs/spec/retry.md`) and the vectors that test it: every
//! section of the decision has cases and every case names a section; the tables of
//! constants and of per-window headers are the runtime's (rewritten by the one freshness
//! recipe); the vectors file is what its
//! schema describes.

mod docs_support;

use std::collections::{BTreeMap, BTreeSet};

use docs_support::{github_anchors, json, read, root, shipped, validator};
use kiwi_errors_codegen::emit::vectors;
use kiwi_errors_codegen::lang::constants::{self, Value as C};

const SPEC: &str = "docs/spec/retry.md";

/// The numbered sections of the spec: `"4"`, `"4.1"`, … with their headings.
fn sections() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in read(SPEC).lines() {
        let Some(heading) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        else {
            continue;
        };
        let number: String = heading
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let number = number.trim_end_matches('.').to_owned();
        if !number.is_empty() {
            out.insert(number, heading.to_owned());
        }
    }
    out
}

/// The chapters the vectors test, from the spec's `<!-- vector sections: … -->` line.
fn tested_chapters() -> BTreeSet<String> {
    let spec = read(SPEC);
    let line = spec
        .lines()
        .find_map(|l| l.strip_prefix("<!-- vector sections:"))
        .expect("the spec names the chapters the vectors test");
    line.trim_end_matches("-->")
        .split(',')
        .map(|c| c.trim().to_owned())
        .collect()
}

/// The sections the vectors must cover: every subsection of a tested chapter, and a
/// tested chapter that has none.
fn tested_sections() -> BTreeSet<String> {
    let all = sections();
    let chapters = tested_chapters();
    let mut out = BTreeSet::new();
    for chapter in &chapters {
        let subsections: Vec<&String> = all
            .keys()
            .filter(|k| k.starts_with(&format!("{chapter}.")))
            .collect();
        if subsections.is_empty() {
            assert!(all.contains_key(chapter), "no chapter {chapter} in {SPEC}");
            out.insert(chapter.clone());
        } else {
            out.extend(subsections.into_iter().cloned());
        }
    }
    out
}

#[test]
fn every_section_of_the_decision_has_vectors_and_every_vector_names_one() {
    let catalog = shipped();
    let cases = vectors::inputs(&catalog);
    let named: BTreeSet<String> = cases
        .iter()
        .map(|c| c.section.clone())
        .chain(
            vectors::stream_inputs(&catalog)
                .into_iter()
                .map(|c| c.case.section),
        )
        .collect();
    let tested = tested_sections();
    let uncovered: Vec<&String> = tested.difference(&named).collect();
    assert!(
        uncovered.is_empty(),
        "sections with no vector: {uncovered:?}"
    );
    let unknown: Vec<&String> = named.difference(&tested).collect();
    assert!(
        unknown.is_empty(),
        "vectors naming no tested section: {unknown:?}"
    );
}

#[test]
fn the_cases_file_parses_and_its_names_are_unique() {
    assert_eq!(vectors::cases_file_error(), None);
    let cases = vectors::inputs(&shipped());
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 600, "{} cases", cases.len());
    assert!(cases.iter().all(|c| (0.0..1.0).contains(&c.random)));

    assert_eq!(vectors::stream_cases_file_error(), None);
    let stream = vectors::stream_inputs(&shipped());
    let names: BTreeSet<&str> = stream.iter().map(|c| c.case.name.as_str()).collect();
    assert_eq!(names.len(), stream.len(), "stream case names are unique");
    assert!(
        stream.iter().all(|c| c.case.section.starts_with("14.")),
        "stream cases exercise section 14"
    );
}

/// A constant's value as the spec's table writes it.
fn table_value(value: &C) -> String {
    match value {
        C::Int(n) => n.to_string(),
        C::Float(x) if x.fract() == 0.0 => format!("{}", *x as i64),
        C::Float(x) => format!("{x}"),
        C::Str(s) => format!("`{s}`"),
        C::Ints(ns) => ns.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        C::Pairs(_) => "see section 6.6".to_owned(),
    }
}

/// The spec with its two tables of runtime data — the constants of section 2.3 and the
/// per-window headers of section 6.6 — written from the runtime: values from
/// [`constants::all`] (a constant without a row gets one, with its description), rows of
/// `WINDOW_RESETS` in order. The prose around them is the spec's own.
fn spec_with_runtime_tables(spec: &str) -> String {
    let mut out = String::with_capacity(spec.len());
    let mut lines = spec.lines().peekable();
    let constants = constants::all();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("<!-- constants table") {
            // The blank line, the header and the rule, then the rows.
            while let Some(l) = lines.next_if(|l| !l.starts_with("| `")) {
                out.push_str(l);
                out.push('\n');
            }
            let mut meanings: BTreeMap<String, String> = BTreeMap::new();
            while let Some(row) = lines.next_if(|l| l.starts_with('|')) {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                if let (Some(name), Some(meaning)) = (cells.get(1), cells.get(3)) {
                    meanings.insert(name.trim_matches('`').to_owned(), (*meaning).to_owned());
                }
            }
            for c in &constants {
                let meaning = meanings
                    .get(c.name)
                    .cloned()
                    .unwrap_or_else(|| c.doc.trim_end_matches('.').to_owned());
                out.push_str(&format!(
                    "| `{}` | {} | {meaning} |\n",
                    c.name,
                    table_value(&c.value)
                ));
            }
        } else if line.starts_with("<!-- WINDOW_RESETS") {
            while let Some(l) = lines.next_if(|l| !l.starts_with("| `")) {
                out.push_str(l);
                out.push('\n');
            }
            while lines.next_if(|l| l.starts_with('|')).is_some() {}
            for (reset, remaining) in kiwi_errors::retry::headers::WINDOW_RESETS {
                out.push_str(&format!("| `{reset}` | `{remaining}` |\n"));
            }
        }
    }
    out
}

#[test]
fn the_spec_s_tables_of_constants_and_window_headers_are_the_runtime_s() {
    let spec = read(SPEC);
    let fresh = spec_with_runtime_tables(&spec);
    assert!(
        fresh.contains("| `MAX_ATTEMPTS` |") && fresh.contains("| `x-ratelimit-reset-requests` |"),
        "{SPEC} keeps its constants table and its WINDOW_RESETS table after their markers"
    );
    kiwi_errors_tests::ensure_file_contents([(SPEC, fresh.as_str())]);
}

#[test]
fn the_vectors_file_is_what_its_schema_describes() {
    let schema = json(&read("generated/retry.vectors.schema.json"));
    let v = validator(&schema);
    let file = json(&read("generated/retry.vectors.json"));
    let errors: Vec<String> = v
        .iter_errors(&file)
        .take(5)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // And the schema rejects a case without its expected outputs.
    let mut broken = file.clone();
    broken["cases"][0]
        .as_object_mut()
        .map(|case| case.remove("expected"));
    assert!(!v.is_valid(&broken));
}

/// The project's documents: the READMEs and every page under `docs/` and `catalog/docs/`.
fn documents() -> Vec<String> {
    let mut out = vec![
        "README.md".to_owned(),
        "catalog/README.md".to_owned(),
        "codegen/README.md".to_owned(),
    ];
    for dir in ["docs/spec", "catalog/docs"] {
        let mut pages: Vec<String> = std::fs::read_dir(root().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".md"))
            .map(|name| format!("{dir}/{name}"))
            .collect();
        pages.sort();
        out.extend(pages);
    }
    out
}

/// The targets of a page's inline links `[text](target)`, outside code blocks and spans.
fn link_targets(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let Some(end) = tail.find(')') else { break };
            let before = &rest[..at];
            // A `](` inside a code span is not a link.
            if before.matches('`').count() % 2 == 0 {
                out.push(tail[..end].to_owned());
            }
            rest = &tail[end..];
        }
    }
    out
}

#[test]
fn every_link_between_the_project_s_documents_reaches_a_file_and_a_heading() {
    let mut broken = Vec::new();
    let mut to_spec = 0;
    for page in documents() {
        let text = read(&page);
        let dir = std::path::Path::new(&page)
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                std::path::PathBuf::from(&page)
            } else {
                dir.join(file)
            };
            let full = root().join(&path);
            if !full.exists() {
                broken.push(format!("{page}: {target} (no file {})", path.display()));
                continue;
            }
            if full.ends_with(SPEC) {
                to_spec += 1;
            }
            if let Some(anchor) = anchor {
                let target_text = std::fs::read_to_string(&full).unwrap_or_default();
                if !github_anchors(&target_text).iter().any(|a| a == anchor) {
                    broken.push(format!("{page}: {target} (no heading #{anchor})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        to_spec >= 5,
        "the other documents link to {SPEC} for its rules ({to_spec} links)"
    );
}
