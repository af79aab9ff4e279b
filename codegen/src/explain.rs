//! `explain NAME`: everything the catalog says about one code, type or status, like
//! `rustc --explain`; and `list`: every code with its type, status and retry policy.

use std::fmt::Write;

use crate::model::{Catalog, ErrorCode, ErrorType, RetryPolicy, RetrySource, Status};

/// The explanation of a code, a type or a status (by number or name), in any case
/// (`Model_Not_Found`, `RATE_LIMIT_ERROR`, `429`, `rate limited`), or `None` if the
/// catalog has none of that name.
pub fn explain(catalog: &Catalog, query: &str) -> Option<String> {
    let q = normalize(query);
    if q.is_empty() {
        return None;
    }
    if let Some(c) = catalog.codes.iter().find(|c| c.name == q) {
        return Some(explain_code(catalog, c));
    }
    if let Some(t) = catalog.types.iter().find(|t| t.name == q) {
        return Some(explain_type(catalog, t));
    }
    catalog
        .statuses
        .iter()
        .find(|s| s.code.to_string() == q || normalize(&s.name) == q)
        .map(|s| explain_status(catalog, s))
}

/// The query as catalog names are spelled: trimmed, lowercase, spaces and `-` as `_`.
fn normalize(query: &str) -> String {
    query
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn how(retry: RetryPolicy) -> &'static str {
    match retry {
        RetryPolicy::Never => "never retry: the request fails until something changes",
        RetryPolicy::Backoff => {
            "retry after the server's hint, else with exponential backoff and jitter"
        }
    }
}

fn codes_list(out: &mut String, codes: &[&ErrorCode]) {
    if codes.is_empty() {
        let _ = writeln!(out, "Codes: none");
        return;
    }
    let _ = writeln!(out, "Codes:");
    for c in codes {
        let retired = if c.is_retired() { ", retired" } else { "" };
        let _ = writeln!(out, "  - {} (retry {}{retired})", c.name, c.retry.as_str());
    }
}

fn explain_type(catalog: &Catalog, t: &ErrorType) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} (error type)", t.name);
    let _ = writeln!(out, "{}", "=".repeat(t.name.chars().count() + 13));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", t.description);
    let _ = writeln!(out);
    let status = catalog.status(t.status);
    let _ = writeln!(out, "status:   {} {}", status.code, status.name);
    let _ = writeln!(
        out,
        "retry:    {} (default of its status): {}",
        status.retry.as_str(),
        how(status.retry)
    );
    let _ = writeln!(out);
    let codes: Vec<&ErrorCode> = catalog
        .codes
        .iter()
        .filter(|c| catalog.type_of(c).name == t.name)
        .collect();
    codes_list(&mut out, &codes);
    out
}

fn explain_status(catalog: &Catalog, s: &Status) -> String {
    let mut out = String::new();
    let title = format!("{} {} (HTTP status)", s.code, s.name);
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count()));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", s.description);
    let _ = writeln!(out);
    if s.success {
        let _ = writeln!(out, "A success status: no error type uses it.");
        return out;
    }
    let _ = writeln!(
        out,
        "retry:    {} (the default of every code with this status): {}",
        s.retry.as_str(),
        how(s.retry)
    );
    let types: Vec<&str> = catalog
        .types
        .iter()
        .filter(|t| catalog.status(t.status).code == s.code)
        .map(|t| t.name.as_str())
        .collect();
    let _ = writeln!(
        out,
        "types:    {}",
        if types.is_empty() {
            "none".to_owned()
        } else {
            types.join(", ")
        }
    );
    let _ = writeln!(out);
    let codes: Vec<&ErrorCode> = catalog
        .codes
        .iter()
        .filter(|c| catalog.status_of(c).code == s.code)
        .collect();
    codes_list(&mut out, &codes);
    out
}

fn explain_code(catalog: &Catalog, c: &ErrorCode) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.name);
    let _ = writeln!(out, "{}", "=".repeat(c.name.chars().count()));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", c.description);
    let _ = writeln!(out);
    if let Some(r) = &c.retired {
        let _ = writeln!(
            out,
            "This code is retired since {} and is no longer emitted; responses that carry it still parse.",
            r.since
        );
        if let Some(by) = r.replaced_by {
            let _ = writeln!(out, "Use instead: {}", catalog.code(by).name);
        }
        if let Some(note) = &r.note {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "type:     {}", catalog.type_of(c).name);
    let status = catalog.status_of(c);
    let _ = writeln!(out, "status:   {} {}", status.code, status.name);
    let retry = c.retry;
    let why = match c.retry_source {
        RetrySource::Code => "set by this code",
        RetrySource::Status => "default of its status",
    };
    let _ = writeln!(out, "retry:    {} ({why}): {}", retry.as_str(), how(retry));
    let _ = writeln!(out, "message:  {}", c.message);
    if let Some(p) = &c.param {
        let _ = writeln!(out, "param:    {p}");
    }
    let _ = writeln!(out, "docs:     {}", c.doc_url);
    let _ = writeln!(out);
    let _ = writeln!(out, "Solutions:");
    for step in &c.remediation {
        let _ = writeln!(out, "  - {step}");
    }
    if let Some(example) = &c.example {
        let _ = writeln!(out);
        let _ = writeln!(out, "Example body:");
        for line in example.trim_end().lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Up to three known codes, types or statuses closest to `query`, best first; none
/// for an empty query or one that is close to nothing.
pub fn suggest(catalog: &Catalog, query: &str) -> Vec<String> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let names = catalog
        .codes
        .iter()
        .map(|c| c.name.clone())
        .chain(catalog.types.iter().map(|t| t.name.clone()))
        .chain(catalog.statuses.iter().map(|s| s.code.to_string()));
    let mut scored: Vec<(usize, String)> = names
        .map(|name| {
            let distance = strsim::damerau_levenshtein(&q, &name);
            // A name that contains a query of some length (or the reverse) is a strong
            // hint too; a short query is contained in too many names to mean anything.
            let contains = q.len() >= 4 && (name.contains(&q) || q.contains(&name));
            (if contains { distance.min(1) } else { distance }, name)
        })
        .filter(|(d, name)| *d <= 2.max(name.chars().count() / 4))
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// `list`: one line per code — name, type, status and retry policy — aligned in
/// columns, retired codes marked.
pub fn list(catalog: &Catalog) -> String {
    let rows: Vec<[String; 4]> = catalog
        .codes
        .iter()
        .map(|c| {
            let status = catalog.status_of(c);
            let retry = if c.is_retired() {
                format!("{} (retired)", c.retry.as_str())
            } else {
                c.retry.as_str().to_owned()
            };
            [
                c.name.clone(),
                catalog.type_of(c).name.clone(),
                format!("{} {}", status.code, status.name),
                retry,
            ]
        })
        .collect();
    let header = ["CODE", "TYPE", "STATUS", "RETRY"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

#[derive(serde::Serialize)]
struct ListEntry<'a> {
    code: &'a str,
    r#type: &'a str,
    status: u16,
    retry: RetryPolicy,
    retry_source: RetrySource,
    retired: bool,
    replaced_by: Option<&'a str>,
}

/// `list --format json`: a JSON array with one object per code (`code`, `type`,
/// `status`, `retry`, `retry_source`, `retired`, `replaced_by`).
pub fn list_json(catalog: &Catalog) -> String {
    let entries: Vec<ListEntry<'_>> = catalog
        .codes
        .iter()
        .map(|c| ListEntry {
            code: &c.name,
            r#type: &catalog.type_of(c).name,
            status: catalog.status_of(c).code,
            retry: c.retry,
            retry_source: c.retry_source,
            retired: c.is_retired(),
            replaced_by: c
                .retired
                .as_ref()
                .and_then(|r| r.replaced_by)
                .map(|id| catalog.code(id).name.as_str()),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_default();
    out.push('\n');
    out
}
