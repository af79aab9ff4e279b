//! `errors.md`: the public error reference, with the seed page's content in its order.

mod docs_support;

use docs_support::{CATALOGS, catalog, github_anchors, plain, read, seed, seed_catalog, shipped};
use kiwi_errors::ErrorCode;
use kiwi_errors_codegen::emit::markdown;
use kiwi_errors_codegen::model::RetrySource;

fn shipped_md() -> String {
    read("generated/errors.md")
}

/// The reference rendered from the frozen catalog that reproduces the seed page.
fn seed_md() -> String {
    markdown::emit(&seed_catalog())
}

/// The cells of a table row, split on unescaped pipes.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// What each line of the seed page must look like in the reference, in order.
fn seed_needles(md: &str) -> Vec<String> {
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    let find_row = |first_cell: &str, rest: &str| -> String {
        let row = rows
            .iter()
            .find(|r| cells(r)[0] == first_cell)
            .unwrap_or_else(|| panic!("no table row for {first_cell}"));
        let joined: String = cells(row)[1..]
            .iter()
            .map(|c| plain(c))
            .collect::<Vec<_>>()
            .join("");
        assert_eq!(joined.trim(), rest, "row {first_cell}");
        plain(row)
    };
    let mut needles = Vec::new();
    let mut section = "";
    for line in seed().lines() {
        let line = line.trim_end();
        match line {
            "" | "Skip to main content" => continue,
            "CodeTypeDescription" => {
                section = "statuses";
                needles.push("| Code | Type | Description |".into());
                continue;
            }
            "FieldDescription" => {
                section = "fields";
                needles.push("| Field | Description |".into());
                continue;
            }
            "Error Response Format" | "Common Errors & Solutions" => section = "",
            "Python" => {
                needles.push("Python:".into());
                continue;
            }
            _ => {}
        }
        if section == "statuses"
            && line.len() > 3
            && line.as_bytes()[..3].iter().all(u8::is_ascii_digit)
        {
            needles.push(find_row(&line[..3], &line[3..]));
        } else if section == "fields" {
            let name = ["message", "type", "code", "param"]
                .into_iter()
                .find(|f| line.starts_with(f))
                .unwrap();
            needles.push(find_row(&format!("`{name}`"), &line[name.len()..]));
        } else if let Some(step) = line.trim_start().strip_prefix("• ") {
            needles.push(format!("- {step}"));
        } else {
            needles.push(line.to_owned());
        }
    }
    needles
}

#[test]
fn the_reference_has_every_line_of_the_seed_page_in_the_seed_order() {
    let md = seed_md();
    let text = plain(&md);
    let mut at = 0;
    for needle in seed_needles(&md) {
        match text[at..].find(&needle) {
            Some(i) => at += i + needle.len(),
            None => panic!("missing or out of order after byte {at}: {needle:?}"),
        }
    }
}

#[test]
fn sections_come_in_the_order_of_the_seed_page() {
    let md = seed_md();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## HTTP Status Codes",
            "## Error Response Format",
            "## Error Types",
            "## Common Errors & Solutions",
            "## Rate Limit Headers",
            "## Retry Strategy",
        ]
    );
}

#[test]
fn every_status_type_code_and_header_is_documented() {
    let catalog = shipped();
    let md = shipped_md();
    for s in &catalog.statuses {
        assert!(
            md.contains(&format!("| {} | {} |", s.code, s.name)),
            "status {}",
            s.code
        );
    }
    for t in &catalog.types {
        assert!(
            md.contains(&format!(
                "| `{}` | {} ",
                t.name,
                catalog.status(t.status).code
            )),
            "type {}",
            t.name
        );
    }
    for h in &catalog.headers {
        assert!(
            md.contains(&format!("| `{}` | {} |", h.name, h.description)),
            "header {}",
            h.name
        );
    }
    for c in &catalog.codes {
        let section = code_section(&md, &c.name);
        let status = catalog.status_of(c);
        assert!(section.starts_with(&format!("### {}\n\n{}\n", c.name, c.description)));
        assert!(section.contains(&format!("- **Type:** `{}`", catalog.type_of(c).name)));
        assert!(section.contains(&format!("- **Status:** {} {}", status.code, status.name)));
        assert!(section.contains("- **Retried:** "), "{}", c.name);
        assert!(section.contains(&format!("- **Docs:** <{}>", c.doc_url)));
        for step in &c.remediation {
            assert!(
                plain(section).contains(&format!("- {step}\n")),
                "{}: {step}",
                c.name
            );
        }
        if let Some(example) = &c.example {
            assert!(
                section.contains(&format!("```json\n{}\n```", example.trim())),
                "{}",
                c.name
            );
        }
    }
}

/// The text of a code's section: from its heading to the next heading.
fn code_section<'m>(md: &'m str, name: &str) -> &'m str {
    let start = md
        .find(&format!("\n### {name}\n"))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no section {name}"));
    let end = md[start + 4..]
        .find("\n#")
        .map_or(md.len(), |i| start + 4 + i + 1);
    &md[start..end]
}

#[test]
fn retry_behaviour_is_told_per_code_not_only_per_status() {
    let catalog = shipped();
    let md = shipped_md();
    // A code whose own policy differs from its status's default says so; others do not.
    for c in &catalog.codes {
        let status = catalog.status_of(c);
        let overrides = c.retry_source == RetrySource::Code && c.retry != status.retry;
        let note = format!("overrides the default of status {}", status.code);
        assert_eq!(
            code_section(&md, &c.name).contains(&note),
            overrides,
            "{}",
            c.name
        );
    }
    for code in ErrorCode::ALL {
        let yes = code.retry_policy().unwrap().is_retryable();
        let line = if yes {
            "- **Retried:** yes"
        } else {
            "- **Retried:** no"
        };
        assert!(code_section(&md, code.as_str()).contains(line), "{code}");
    }
}

#[test]
fn each_code_heading_produces_the_anchor_of_its_doc_url() {
    for (label, path) in CATALOGS {
        let catalog = catalog(path);
        let anchors = github_anchors(&markdown::emit(&catalog));
        for code in &catalog.codes {
            assert!(
                anchors.contains(&code.name),
                "{label}: no anchor #{}",
                code.name
            );
            let url = &code.doc_url;
            if let Some(fragment) = url.strip_prefix(&format!("{}#", catalog.meta.docs_url)) {
                assert_eq!(fragment, code.name, "{label}");
            }
        }
    }
    for code in ErrorCode::ALL {
        let url = code.doc_url().unwrap();
        assert!(
            github_anchors(&shipped_md())
                .iter()
                .any(|a| url.ends_with(&format!("#{a}"))),
            "{url}"
        );
    }
}

#[test]
fn the_retry_section_has_the_catalog_example_and_the_rust_one_when_the_catalog_has_them() {
    let shipped = shipped();
    let md = shipped_md();
    let retry = shipped.retry.as_ref();
    if let Some(example) = retry.and_then(|r| r.example.as_deref()) {
        let lang = retry.map_or("", |r| r.example_language.as_str());
        assert!(md.contains(&format!("```{lang}\n{}\n```", example.trim())));
    }
    assert_eq!(
        md.contains("```rust\n"),
        retry.is_some_and(|r| r.rust_example.is_some())
    );

    let full = catalog("tests/fixtures/catalogs/full.toml");
    let md = markdown::emit(&full);
    let strategy = full.retry.as_ref().unwrap();
    let rust = strategy.rust_example.as_deref().unwrap();
    let heading = format!("## {}", full.meta.page.retry);
    let retry = &md[md.find(&heading).unwrap()..];
    assert!(retry.contains(&format!("```rust\n{}\n```", rust.trim())));
}

#[test]
fn a_catalog_without_prose_documents_cleanly() {
    let md = markdown::emit(&catalog("tests/byo-catalog/errors.toml"));
    let payments = catalog("tests/byo-catalog/errors.toml");
    assert!(payments.meta.intro.is_none() && payments.retry.is_none());
    assert!(!md.contains(&format!("## {}", payments.meta.page.retry)));
    for heading in [&payments.meta.page.statuses, &payments.meta.page.codes] {
        assert!(md.contains(&format!("## {heading}\n")), "{heading}");
    }
    assert!(!md.contains("\n\n\n"), "no empty paragraphs");
}

#[test]
fn table_rows_keep_their_columns_whatever_the_catalog_text_holds() {
    let md = markdown::emit(&catalog("tests/fixtures/catalogs/escaping.toml"));
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let n = cells(line).len();
        let expected = *columns.get_or_insert(n);
        assert_eq!(n, expected, "row with the wrong number of cells: {line}");
    }
}

/// A line without its code spans (a run of N backticks up to the next run of exactly N).
fn strip_code_spans(line: &str) -> String {
    let b = line.as_bytes();
    let run = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let (mut out, mut i) = (String::new(), 0);
    while i < b.len() {
        if b[i] != b'`' || (i > 0 && b[i - 1] == b'\\') {
            out.push(b[i] as char);
            i += 1;
            continue;
        }
        let n = run(i);
        let mut j = i + n;
        while j < b.len() && !(b[j] == b'`' && run(j) == n) {
            j += if b[j] == b'`' { run(j) } else { 1 };
        }
        i = if j < b.len() { j + n } else { i + n };
    }
    out
}

#[test]
fn catalog_text_cannot_open_html_links_emphasis_or_blocks() {
    let md = markdown::emit(&catalog("tests/fixtures/catalogs/escaping.toml"));
    let mut in_code = false;
    for line in md.lines().skip(1) {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // Outside code spans: no raw HTML but <br> and autolinks, no unescaped emphasis.
        let outside = strip_code_spans(line);
        let stripped = outside.replace("<br>", "").replace("<https://", "");
        assert!(!stripped.contains('<'), "raw `<` in {line}");
        assert!(
            !stripped.replace("\\*", "").replace("**", "").contains('*'),
            "raw `*` in {line}"
        );
        assert!(
            !stripped.contains("&amp;amp;") || line.contains("&amp;amp;"),
            "{line}"
        );
    }
    assert!(md.contains("\\# Not a heading"));
    assert!(md.contains(
        "| `later_error` | 503 Unavailable &lt;soon&gt; | - Not a list item<br>+ nor this |"
    ));
    assert!(md.contains("````python\ns = \"```not a fence end```\"\n````"));
}

/// The section on errors in streams of a page, from its heading to the next `## `.
fn stream_section<'m>(md: &'m str, heading: &str) -> Option<&'m str> {
    let start = md.find(&format!("\n## {heading}\n"))? + 1;
    let end = md[start + 3..]
        .find("\n## ")
        .map_or(md.len(), |i| start + 3 + i + 1);
    Some(&md[start..end])
}

#[test]
fn the_stream_section_shows_an_error_event_in_the_declared_shape_the_end_and_the_codes() {
    use kiwi_errors_codegen::model::{StreamEnd, StreamShape};
    for (label, path) in CATALOGS {
        let catalog = catalog(path);
        let md = markdown::emit(&catalog);
        let heading = &catalog.meta.page.streams;
        let Some(stream) = &catalog.stream else {
            assert!(stream_section(&md, heading).is_none(), "{label}");
            continue;
        };
        let section = stream_section(&md, heading).unwrap_or_else(|| panic!("{label}"));
        // After the retry strategy, the last section of the page.
        if catalog.retry.is_some() {
            let retry = md
                .find(&format!("\n## {}\n", catalog.meta.page.retry))
                .unwrap();
            assert!(retry < md.find(section).unwrap(), "{label}");
        }
        assert!(md.ends_with(section), "{label}");
        if let Some(description) = &stream.description {
            let first_line = description.lines().next().unwrap();
            assert!(plain(section).contains(first_line), "{label}");
        }
        // The example event: the `data:` line a server sends, in the declared shape,
        // for the first mid-stream code.
        let block = &section[section.find("```text\n").unwrap() + 8..];
        let block = &block[..block.find("\n```").unwrap()];
        let lines: Vec<&str> = block.lines().collect();
        let data = if stream.event == "message" {
            assert_eq!(lines.len(), 1, "{label}: {block}");
            lines[0]
        } else {
            assert_eq!(lines[0], format!("event: {}", stream.event), "{label}");
            lines[1]
        };
        let value: serde_json::Value =
            serde_json::from_str(data.strip_prefix("data: ").unwrap()).unwrap();
        let error = match stream.shape {
            StreamShape::Envelope => {
                assert_eq!(value.as_object().unwrap().len(), 1, "{label}");
                &value["error"]
            }
            StreamShape::Named => {
                assert_eq!(value["type"], "error", "{label}");
                &value["error"]
            }
            StreamShape::Flat => {
                assert_eq!(value["type"], "error", "{label}");
                &value
            }
        };
        let first = stream
            .codes
            .first()
            .map(|&id| catalog.code(id).name.as_str())
            .unwrap_or_else(|| {
                catalog
                    .codes
                    .iter()
                    .find(|c| !c.is_retired())
                    .unwrap()
                    .name
                    .as_str()
            });
        assert_eq!(error["code"], first, "{label}");
        assert!(error["message"].is_string(), "{label}");
        match &stream.end {
            Some(StreamEnd::Data(d)) => assert!(section.contains(&format!("data: {d}")), "{label}"),
            Some(StreamEnd::Event(e)) => {
                assert!(section.contains(&format!("`event: {e}`")), "{label}")
            }
            None => assert!(section.contains("No event marks the end"), "{label}"),
        }
        assert_eq!(
            section.contains("cut short: it is an error"),
            stream.end.is_some(),
            "{label}"
        );
        let anchors = github_anchors(&md);
        for &id in &stream.codes {
            let c = catalog.code(id);
            let retried = if c.retry.is_retryable() {
                "retried with backoff"
            } else {
                "not retried"
            };
            assert!(
                section.contains(&format!("- [`{0}`](#{0}): {retried}\n", c.name)),
                "{label}: {}",
                c.name
            );
            assert!(anchors.contains(&c.name), "{label}: #{}", c.name);
        }
        assert!(section.contains("retried only while it has delivered nothing"));
    }
}
