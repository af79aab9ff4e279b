//! Synthetic catalogs for the benchmarks: valid TOML with any number of codes, built
//! deterministically from word lists so names look like real ones (15 to 40 bytes, many
//! sharing prefixes and suffixes).
//!
//! Used by this package's `build.rs` (which turns them into Rust through the generator
//! and the same `error_catalog!` macro as the real catalog, and writes the strum
//! baselines), by the benchmarks and by the large-catalog test.

use std::fmt::Write;

const SUBJECTS: &[&str] = &[
    "model",
    "context",
    "quota",
    "token",
    "request",
    "api_key",
    "region",
    "tier",
    "stream",
    "batch",
    "file",
    "image",
    "audio",
    "embedding",
    "function",
    "tool",
    "message",
    "prompt",
    "response",
    "organization",
    "project",
    "deployment",
    "fine_tune",
    "vector_store",
];
const PROBLEMS: &[&str] = &[
    "not_found",
    "exceeded",
    "invalid",
    "missing",
    "expired",
    "unavailable",
    "too_large",
    "conflict",
    "denied",
    "timeout",
    "unsupported",
    "malformed",
];
const TYPES: &[(&str, u16)] = &[
    ("invalid_request_error", 400),
    ("authentication_error", 401),
    ("access_denied_error", 403),
    ("not_found_error", 404),
    ("rate_limit_error", 429),
    ("server_error", 500),
    ("service_unavailable_error", 503),
];

/// The wire name of synthetic code `i`: unique for every `i`.
pub fn code_name(i: usize) -> String {
    let subject = SUBJECTS[i % SUBJECTS.len()];
    let problem = PROBLEMS[(i / SUBJECTS.len()) % PROBLEMS.len()];
    let round = i / (SUBJECTS.len() * PROBLEMS.len());
    if round == 0 {
        format!("{subject}_{problem}")
    } else {
        format!("{subject}_{problem}_v{round}")
    }
}

/// A valid catalog with `codes` error codes, as TOML source.
pub fn catalog(codes: usize) -> String {
    let mut s = String::with_capacity(600 * codes + 4096);
    s.push_str(
        "[catalog]\nname = \"synthetic\"\ntitle = \"Errors\"\nintro = \"A synthetic catalog.\"\n\
         docs_url = \"https://example.com/errors\"\nversion = \"0.1.0\"\n\n",
    );
    for (code, name, retry) in [
        (400, "Bad Request", "never"),
        (401, "Unauthorized", "never"),
        (403, "Forbidden", "never"),
        (404, "Not Found", "never"),
        (429, "Rate Limited", "backoff"),
        (500, "Server Error", "backoff"),
        (503, "Service Unavailable", "backoff"),
    ] {
        let _ = write!(
            s,
            "[[status]]\ncode = {code}\nname = \"{name}\"\ndescription = \"Status {code}.\"\nretry = \"{retry}\"\n\n"
        );
    }
    s.push_str(
        "[envelope]\ndescription = \"Errors come in an envelope.\"\nexample_code = \"model_not_found\"\n\
         example = '{\"error\": {\"message\": \"Model 0 not found\", \"type\": \"invalid_request_error\", \"code\": \"model_not_found\"}}'\n\n\
         [[envelope.field]]\nname = \"message\"\ndescription = \"Human-readable text.\"\n\n",
    );
    for (name, status) in TYPES {
        let _ = write!(
            s,
            "[[type]]\nname = \"{name}\"\nstatus = {status}\ndescription = \"Errors of type {name}.\"\n\n"
        );
    }
    for i in 0..codes {
        let name = code_name(i);
        // Code 0 is `model_not_found`, whose type the envelope example names.
        let (ty, _) = TYPES[if i == 0 { 0 } else { i % TYPES.len() }];
        let retry = if i % 11 == 5 {
            "retry = \"never\"\n"
        } else {
            ""
        };
        let _ = write!(
            s,
            "[[code]]\nname = \"{name}\"\ntype = \"{ty}\"\n\
             description = \"The {name} error, number {i}.\"\n\
             message = \"Problem {{what}} with {name}\"\nargs = [\"what\"]\nparam = \"field_{i}\"\n{retry}\
             remediation = [\"Check the request\", \"Retry later\", \"Contact support about {name}\"]\n\
             example = '{{\"error\": {{\"message\": \"Problem x with {name}\", \"type\": \"{ty}\", \"code\": \"{name}\"}}}}'\n\n"
        );
    }
    s.push_str(
        "[[header]]\nname = \"X-RateLimit-Reset\"\ndescription = \"When the window resets.\"\n\n",
    );
    s.push_str(
        "[retry]\nintro = \"Retry transient errors.\"\nexample_language = \"python\"\nexample = \"retry()\"\n\
         outro = \"Watch the headers.\"\n",
    );
    s
}

/// A `strum::EnumString` enum over `names`: the lookup baseline.
pub fn strum_baseline(enum_name: &str, names: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// Baseline: the same names through `strum::EnumString`."
    );
    let _ = writeln!(
        s,
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumString)]"
    );
    let _ = writeln!(s, "pub enum {enum_name} {{");
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(s, "    #[strum(serialize = \"{name}\")]\n    C{i},");
    }
    s.push_str("}\n");
    s
}

/// A `strum::EnumString` enum over `names` whose `#[strum(default)]` variant keeps any
/// other name, as kiwi's `Unknown` does: the fair lookup baseline, since parsing never
/// fails on either side.
pub fn strum_default_baseline(enum_name: &str, names: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// Baseline: the same names through `strum::EnumString`, unknown names kept."
    );
    let _ = writeln!(
        s,
        "#[derive(Clone, Debug, PartialEq, Eq, strum::EnumString)]"
    );
    let _ = writeln!(s, "pub enum {enum_name} {{");
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(s, "    #[strum(serialize = \"{name}\")]\n    C{i},");
    }
    let _ = writeln!(s, "    /// Any other name, kept as it came.");
    let _ = writeln!(s, "    #[strum(default)]\n    Unknown(String),");
    s.push_str("}\n");
    s
}
