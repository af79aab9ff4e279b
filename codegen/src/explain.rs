//! `explain CODE`: everything the catalog says about one code, like `rustc --explain`.

use std::fmt::Write;

use crate::model::{Catalog, RetryPolicy, RetrySource};

/// The explanation of a code, or `None` if the catalog has no such code.
pub fn explain(catalog: &Catalog, code: &str) -> Option<String> {
    let c = catalog.find_code(code)?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.name);
    let _ = writeln!(out, "{}", "=".repeat(c.name.chars().count()));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", c.description);
    let _ = writeln!(out);
    let _ = writeln!(out, "type:     {}", catalog.type_of(c).name);
    let status = catalog.status_of(c);
    let _ = writeln!(out, "status:   {} {}", status.code, status.name);
    let retry = c.retry;
    let why = match c.retry_source {
        RetrySource::Code => "set by this code",
        RetrySource::Status => "default of its status",
    };
    let how = match retry {
        RetryPolicy::Never => "never retry: the request fails until something changes",
        RetryPolicy::Backoff => {
            "retry after the server's hint, else with exponential backoff and jitter"
        }
    };
    let _ = writeln!(out, "retry:    {} ({why}): {how}", retry.as_str());
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
    Some(out)
}

/// Up to three known codes closest to `code`, best first.
pub fn suggest<'c>(catalog: &'c Catalog, code: &str) -> Vec<&'c str> {
    let mut scored: Vec<(usize, &str)> = catalog
        .codes
        .iter()
        .map(|c| {
            let name = c.name.as_str();
            let distance = strsim::damerau_levenshtein(code, name);
            // A name that contains the query (or the reverse) is a strong hint too.
            let contains = name.contains(code) || code.contains(name);
            (if contains { distance.min(1) } else { distance }, name)
        })
        .filter(|(d, name)| *d <= 3.max(name.len() / 2))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}
