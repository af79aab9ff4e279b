//! Retry vectors: the cases of `retry.vectors.json`, the golden file that keeps the
//! retry decision of the Rust helper and of the Python and TypeScript modules in
//! agreement.
//!
//! [`inputs`] builds the cases from a catalog (every code, unknown codes, types and
//! statuses, every hint header and format — seconds, HTTP-dates, Unix times, durations,
//! RFC 3339 timestamps, the IETF `RateLimit` field and its dictionary form,
//! `RateLimit-Policy`, per-window resets with their remaining at 0, above 0 or absent —
//! precedence, `x-should-retry` both ways, hints over the maximum, malformed values of
//! each, integer and null codes, attempts and deadlines); [`emit`] writes the file with the expected outputs that a decision
//! function gives for each case.
//!
//! The format: `{"$comment", "now", "cases": [...]}`, each case
//! `{"name", "status", "headers": [[name, value], …], "body", "attempt", "elapsed_s",
//! "now", "max_attempts", "max_hint_s", "deadline_s" (or null)}` and its expectation
//! `"expected": {"retry", "reason", "hint_source", "delay_floor_ms", "retry_after_ms"}`:
//! `reason` is `Fatal`, `Attempts`, `HintTooLong` or `Deadline` (or null when
//! retrying), `hint_source` is `RetryAfterMs`, `RetryAfter` or `RateLimitReset` (the
//! hint the delay honours, or that asked for too long a wait; null otherwise),
//! `delay_floor_ms` the wait without jitter when retrying (else null) and
//! `retry_after_ms` the server's wait when giving up on a hint (else null).
//! Millisecond values compare within 0.001 ms. Bodies include what JSON parsers read
//! differently (repeated members, lone surrogates, deep nesting, numbers out of range,
//! malformed values in members the runtime skips): the runtime's reading is the
//! reference.
//!
//! The Rust expectations come from `kiwi_errors::retry::decision::decide` with
//! `RetryBudget::unlimited()` (the budget is per client, not part of a decision), a
//! `Random` that always returns 0 (so the delay is its floor), the failure built from
//! the case, and `server_hint` for the source of a hint that made it give up
//! (`HintTooLong`, or `Deadline` with a `retry_after`): [`super::decision::Policies::expected`]
//! does it on the checked model, and `Artifact::RetryVectors` writes the file with it.

use serde_json::{Value, json};

use super::schema::to_pretty;
use crate::model::Catalog;

/// The wall-clock time of every case: 2026-01-01T00:00:00Z, a Thursday.
pub const NOW: u64 = 1_767_225_600;

/// The inputs of one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// A unique, readable name.
    pub name: String,
    /// The HTTP status.
    pub status: u16,
    /// The response headers, in order (names as sent).
    pub headers: Vec<(String, String)>,
    /// The response body.
    pub body: String,
    /// Attempts made so far, this one included.
    pub attempt: u32,
    /// Seconds since the call started.
    pub elapsed_s: f64,
    /// The wall-clock time, Unix seconds.
    pub now: u64,
    /// The attempts cap.
    pub max_attempts: u32,
    /// The longest server hint allowed, in seconds.
    pub max_hint_s: f64,
    /// The deadline from the start of the call, in seconds, if any.
    pub deadline_s: Option<f64>,
}

/// The expected decision of one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// Whether to retry.
    pub retry: bool,
    /// Why not: `Fatal`, `Attempts`, `HintTooLong`, `Deadline`.
    pub reason: Option<String>,
    /// `RetryAfterMs`, `RetryAfter` or `RateLimitReset`.
    pub hint_source: Option<String>,
    /// The wait without jitter, when retrying.
    pub delay_floor_ms: Option<f64>,
    /// The server's wait, when giving up on a hint.
    pub retry_after_ms: Option<f64>,
}

struct Builder {
    cases: Vec<Case>,
}

impl Builder {
    fn add(
        &mut self,
        name: impl Into<String>,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> &mut Case {
        self.cases.push(Case {
            name: name.into(),
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_owned(),
            attempt: 1,
            elapsed_s: 0.0,
            now: NOW,
            max_attempts: 8,
            max_hint_s: 120.0,
            deadline_s: None,
        });
        let last = self.cases.len() - 1;
        &mut self.cases[last]
    }
}

/// A code of the catalog as the cases use it.
struct CodeCase {
    code: String,
    error_type: String,
    status: u16,
    retry: &'static str,
    message: String,
    example: Option<String>,
}

fn codes(catalog: &Catalog) -> Vec<CodeCase> {
    catalog
        .codes
        .iter()
        .map(|c| CodeCase {
            code: c.name.clone(),
            error_type: catalog.type_of(c).name.clone(),
            status: catalog.status_of(c).code,
            retry: c.retry.as_str(),
            message: c.message.clone(),
            example: c.example.clone(),
        })
        .collect()
}

fn body(code: &CodeCase) -> String {
    code.example.as_deref().map_or_else(
        || {
            json!({"error": {"message": code.message, "type": code.error_type, "code": code.code}})
                .to_string()
        },
        |e| {
            // The example may leave the code out; the cases need it.
            let mut v: Value = serde_json::from_str(e).unwrap_or_else(|_| json!({"error": {}}));
            if let Some(err) = v.get_mut("error").and_then(Value::as_object_mut) {
                err.insert("code".into(), json!(code.code));
                err.entry("message").or_insert(json!(code.message));
                err.entry("type").or_insert(json!(code.error_type));
            }
            v.to_string()
        },
    )
}

/// Every case for a catalog, in a stable order with unique names: those that name the
/// catalog's codes and statuses ([`catalog_inputs`]), then those that any catalog shares
/// ([`common_inputs`]).
pub fn inputs(catalog: &Catalog) -> Vec<Case> {
    let mut cases = catalog_inputs(catalog);
    cases.extend(common_inputs(catalog));
    cases
}

/// The first error status the catalog retries (503 if none): the status of the cases
/// about headers and bodies.
fn retryable_status(catalog: &Catalog) -> u16 {
    catalog
        .statuses
        .iter()
        .find(|s| s.retry.is_retryable() && !s.success)
        .map_or(503, |s| s.code)
}

/// The cases that depend on the catalog's codes and statuses: every code as sent, with
/// `x-should-retry`, at other statuses, with a hint, without a type; unknown codes and
/// non-JSON bodies at each status; bodies that JSON parsers read differently, carrying a
/// code the catalog never retries.
pub fn catalog_inputs(catalog: &Catalog) -> Vec<Case> {
    let codes = codes(catalog);
    let mut b = Builder { cases: Vec::new() };
    let retryable_status = retryable_status(catalog);
    for code in &codes {
        let body = body(code);
        b.add(format!("code {}", code.code), code.status, &[], &body);
    }
    // The ways a code meets other inputs, for one code of each retry policy (the first
    // the catalog lists): the rules are the same for every code, so the file grows by one
    // case per code, not seven.
    let mut seen = Vec::new();
    for code in codes.iter().filter(|c| {
        let first = !seen.contains(&c.retry);
        seen.push(c.retry);
        first
    }) {
        let body = body(code);
        b.add(
            format!("code {} x-should-retry true", code.code),
            code.status,
            &[("x-should-retry", "true")],
            &body,
        );
        b.add(
            format!("code {} x-should-retry false", code.code),
            code.status,
            &[("x-should-retry", "false")],
            &body,
        );
        b.add(format!("code {} at status 503", code.code), 503, &[], &body);
        b.add(format!("code {} at status 418", code.code), 418, &[], &body);
        b.add(
            format!("code {} with retry-after 2", code.code),
            code.status,
            &[("Retry-After", "2")],
            &body,
        );
        b.add(
            format!("code {} without type", code.code),
            code.status,
            &[],
            &json!({"error": {"message": "m", "code": code.code}}).to_string(),
        );
    }
    for status in [
        200, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 502, 503, 504, 599,
    ] {
        b.add(format!("unknown code at {status}"), status, &[], &json!({"error": {"message": "m", "type": "brand_new_error", "code": "brand_new_code"}}).to_string());
        b.add(
            format!("non-JSON body at {status}"),
            status,
            &[],
            "<html>Bad Gateway</html>",
        );
    }
    if let Some(never) = codes.iter().find(|c| c.retry == "never") {
        let nb = body(never);
        b.add(
            format!("integer code looking like {}", never.code),
            retryable_status,
            &[],
            &json!({"error": {"message": "m", "type": never.error_type, "code": 1}}).to_string(),
        );
        b.add(
            format!("{} with code and param null", never.code),
            never.status,
            &[],
            &nb,
        );
        b.add(format!("{} param is a number", never.code), never.status, &[], &json!({"error": {"message": "m", "type": never.error_type, "code": never.code, "param": 3}}).to_string());

        // Bodies that JSON parsers read differently. At a retryable status, a body read
        // as an envelope gives the code's `never`; a body rejected gives the status's
        // default: the vectors say which one the runtime's parser does.
        let (t, c) = (never.error_type.as_str(), never.code.as_str());
        let envelope = |extra: &str| {
            format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "{c}"{extra}}}}}"#)
        };
        let escaped: String = c
            .chars()
            .map(|ch| format!("\\u{:04x}", u32::from(ch)))
            .collect();
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let long_integer = "9".repeat(400);
        for (name, text) in [
            (
                "code written with escapes",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "{escaped}"}}}}"#),
            ),
            (
                "member names written with escapes",
                format!(
                    r#"{{"\u0065rror": {{"message": "m", "type": "{t}", "\u0063ode": "{c}"}}}}"#
                ),
            ),
            (
                "whitespace around the body",
                format!(" \n\t{}\r\n ", envelope("")),
            ),
            (
                "no-break space before the body",
                format!("\u{a0}{}", envelope("")),
            ),
            (
                "form feed before the body",
                format!("\u{c}{}", envelope("")),
            ),
            ("text after the body", format!("{} x", envelope(""))),
            (
                "a second body after the body",
                format!("{}{}", envelope(""), envelope("")),
            ),
            (
                "byte order mark before the body",
                format!("\u{feff}{}", envelope("")),
            ),
            ("trailing comma", envelope(",")),
            (
                "number out of range in an extra member",
                envelope(r#", "x": 1e400"#),
            ),
            (
                "negative number out of range in an extra member",
                envelope(r#", "x": -1e400"#),
            ),
            (
                "400-digit integer in an extra member",
                envelope(&format!(r#", "x": {long_integer}"#)),
            ),
            (
                "tiny number in an extra member",
                envelope(r#", "x": 1e-400"#),
            ),
            ("NaN in an extra member", envelope(r#", "x": NaN"#)),
            (
                "lone surrogate in the message",
                format!(r#"{{"error": {{"message": "\ud800", "type": "{t}", "code": "{c}"}}}}"#),
            ),
            (
                "lone surrogate in an extra member",
                envelope(r#", "x": "\udc00""#),
            ),
            (
                "lone surrogate in the code",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "{c}\ud800"}}}}"#),
            ),
            (
                "lone surrogate in an extra member name",
                envelope(r#", "x\udc00": 1"#),
            ),
            (
                "lone surrogate in an extra top-level member name",
                format!(
                    r#"{{"x\ud800": 1, "error": {{"message": "m", "type": "{t}", "code": "{c}"}}}}"#
                ),
            ),
            (
                "lone surrogate in a nested member name",
                envelope(r#", "x": {"y\ud800": "\udc00"}"#),
            ),
            (
                "surrogate pair in the message",
                format!(
                    r#"{{"error": {{"message": "\ud83e\udd5d", "type": "{t}", "code": "{c}"}}}}"#
                ),
            ),
            (
                "control character in a string",
                format!(
                    "{{\"error\": {{\"message\": \"a\u{1}b\", \"type\": \"{t}\", \"code\": \"{c}\"}}}}"
                ),
            ),
            (
                "200 nested arrays in an extra member",
                envelope(&format!(r#", "x": {deep}"#)),
            ),
            (
                "100 nested arrays in an extra member",
                envelope(&format!(r#", "x": {}{}"#, "[".repeat(100), "]".repeat(100))),
            ),
            (
                "single-quoted strings",
                format!("{{'error': {{'message': 'm', 'type': '{t}', 'code': '{c}'}}}}"),
            ),
            (
                "type null",
                format!(r#"{{"error": {{"message": "m", "type": null, "code": "{c}"}}}}"#),
            ),
            (
                "message null",
                format!(r#"{{"error": {{"message": null, "type": "{t}", "code": "{c}"}}}}"#),
            ),
            (
                "message missing",
                format!(r#"{{"error": {{"type": "{t}", "code": "{c}"}}}}"#),
            ),
            (
                "member Error capitalised",
                format!(r#"{{"Error": {{"message": "m", "type": "{t}", "code": "{c}"}}}}"#),
            ),
            (
                "code true",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": true}}}}"#),
            ),
            (
                "code an object",
                format!(
                    r#"{{"error": {{"message": "m", "type": "{t}", "code": {{"name": "{c}"}}}}}}"#
                ),
            ),
            (
                "code with a trailing space",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "{c} "}}}}"#),
            ),
            (
                "code in upper case",
                format!(
                    r#"{{"error": {{"message": "m", "type": "{t}", "code": "{}"}}}}"#,
                    c.to_uppercase()
                ),
            ),
            (
                "code empty",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": ""}}}}"#),
            ),
            (
                "code constructor",
                format!(r#"{{"error": {{"message": "m", "type": "{t}", "code": "constructor"}}}}"#),
            ),
            (
                "code __proto__",
                r#"{"error": {"message": "m", "type": "__proto__", "code": "__proto__"}}"#
                    .to_owned(),
            ),
            (
                "an error member nested in the error",
                format!(
                    r#"{{"error": {{"message": "m", "type": "{t}", "code": "{c}", "error": {{"code": 1}}}}}}"#
                ),
            ),
            (
                "a code member outside the error",
                format!(
                    r#"{{"code": 1, "error": {{"message": "m", "type": "{t}", "code": "{c}"}}}}"#
                ),
            ),
        ] {
            b.add(format!("{name}, code {c}"), retryable_status, &[], &text);
        }
        // Repeated members: an error for a member the runtime reads, none for the others.
        for (name, text) in [
            ("message repeated", envelope(r#", "message": "m""#)),
            ("type repeated", envelope(&format!(r#", "type": "{t}""#))),
            ("code repeated", envelope(&format!(r#", "code": "{c}""#))),
            (
                "param repeated",
                envelope(r#", "param": null, "param": null"#),
            ),
            (
                "error repeated",
                format!(
                    r#"{{"error": {{"message": "m", "type": "{t}", "code": "{c}"}}, "error": {{"message": "m", "type": "{t}", "code": "{c}"}}}}"#
                ),
            ),
            ("extra member repeated", envelope(r#", "x": 1, "x": 2"#)),
            (
                "error repeated inside the error",
                envelope(r#", "error": 1, "error": 2"#),
            ),
            (
                "top-level extra member repeated",
                format!(
                    r#"{{"id": 1, "id": 2, "error": {{"message": "m", "type": "{t}", "code": "{c}"}}}}"#
                ),
            ),
            (
                "member repeated in a skipped value",
                envelope(r#", "x": {"code": 1, "code": 2}"#),
            ),
        ] {
            b.add(format!("{name}, code {c}"), retryable_status, &[], &text);
        }
        // Values of a member the runtime skips: checked as JSON, never read.
        let deep = format!("{}{}", "[".repeat(2000), "]".repeat(2000));
        let deep_objects = format!("{}1{}", r#"{"a": "#.repeat(2000), "}".repeat(2000));
        for (name, value) in [
            ("2000 nested arrays", deep.as_str()),
            ("2000 nested objects", deep_objects.as_str()),
            ("raw control character", "\"a\u{1}b\""),
            ("invalid escape", r#""\x""#),
            ("short unicode escape", r#""\u12""#),
            ("leading zero", "01"),
            ("plus sign", "+1"),
            ("bare fraction", ".5"),
            ("trailing point", "1."),
            ("negative zero", "-0"),
            ("exponent without digits", "1e"),
            ("TRUE", "TRUE"),
            ("nul", "nul"),
            ("empty array and object", "[[], {}]"),
            ("object with a number key", "{1: 2}"),
            ("array with a trailing comma", "[1,]"),
            ("array missing a comma", "[1 2]"),
            ("unclosed array", "[1, [2]"),
        ] {
            b.add(
                format!("extra member {name}, code {c}"),
                retryable_status,
                &[],
                &envelope(&format!(r#", "x": {value}"#)),
            );
        }
    }

    b.cases
}

/// The cases any catalog shares: bodies of every shape, `x-should-retry` spellings, every
/// hint header and format (valid and not), precedence, per-window resets (one set for
/// each window of the runtime's `WINDOW_RESETS`), attempts, hint maximum and deadline.
pub fn common_inputs(catalog: &Catalog) -> Vec<Case> {
    let mut b = Builder { cases: Vec::new() };
    let retryable_status = retryable_status(catalog);
    let plain = json!({"error": {"message": "m", "type": "t"}}).to_string();
    let plain = plain.as_str();
    for (name, text) in [
        (
            "integer code",
            r#"{"error": {"message": "m", "type": "rate_limit_error", "code": 400123}}"#,
        ),
        (
            "null code",
            r#"{"error": {"message": "m", "type": "rate_limit_error", "code": null, "param": null}}"#,
        ),
        ("error as text", r#"{"error": "something went wrong"}"#),
        ("empty body", ""),
        ("JSON array body", "[1, 2]"),
        ("error null", r#"{"error": null}"#),
        (
            "message not a string",
            r#"{"error": {"message": 5, "type": "rate_limit_error"}}"#,
        ),
        (
            "extra members",
            r#"{"error": {"message": "m", "type": "rate_limit_error", "retry_in": 3}, "id": "x"}"#,
        ),
    ] {
        b.add(format!("{name} at 429"), 429, &[], text);
        b.add(format!("{name} at 400"), 400, &[], text);
    }
    // x-should-retry spellings.
    for value in [
        "true", "TRUE", " True ", "false", " FALSE ", "maybe", "1", "", "yes",
    ] {
        b.add(
            format!("x-should-retry {value:?} at 400"),
            400,
            &[("x-should-retry", value)],
            plain,
        );
        b.add(
            format!("x-should-retry {value:?} at 503"),
            503,
            &[("X-Should-Retry", value)],
            plain,
        );
    }
    b.add(
        "x-should-retry first valid of repeated",
        400,
        &[("x-should-retry", "maybe"), ("x-should-retry", "true")],
        plain,
    );

    // Each hint header, each format, valid and not.
    let s = retryable_status;
    let hint_values: &[(&str, &[&str])] = &[
        (
            "retry-after-ms",
            &[
                "250",
                "1500",
                "1.5",
                "0.5",
                "120000",
                "120001",
                "0",
                "-1",
                "abc",
                "1e3",
                "1.2.3",
                " 300 ",
                "",
                "NaN",
                "inf",
                "99999999999999999999999999",
                "31622400000",
                "31622400001",
            ],
        ),
        (
            "Retry-After",
            &[
                "2",
                "1.5",
                "0",
                "0.0",
                "-1",
                "120",
                "121",
                "3600",
                "soon",
                "1e3",
                " 7 ",
                "31622400",
                "31622401",
                "Thu, 01 Jan 2026 00:01:30 GMT",
                "Thu, 01 Jan 2026 00:00:10 GMT",
                "Wed, 31 Dec 2025 23:59:00 GMT",
                "Thu, 01 Jan 2026 00:00:00 GMT",
                "Fri, 01 Jan 2026 00:01:30 GMT",
                "Thu, 01 Jan 2026 00:01:30 UTC",
                "Thu, 1 Jan 2026 00:01:30 GMT",
                "Sun, 31 Nov 2026 00:00:00 GMT",
                "Thu, 01 Jan 2026 24:00:00 GMT",
                "Thursday, 01-Jan-26 00:01:30 GMT",
                "Friday, 01-Jan-26 00:01:30 GMT",
                "Thu Jan  1 00:01:30 2026",
                "Thu Jan 01 00:01:30 2026",
                "Fri Jan  1 00:01:30 2026",
                "thu, 01 jan 2026 00:01:30 gmt",
                "Sat, 01 Jan 2028 00:00:00 GMT",
            ],
        ),
        (
            "X-RateLimit-Reset",
            &[
                "30",
                "2.5",
                "0",
                "-5",
                "x",
                "1767225642",
                "1767225000",
                "1767225600",
                "1767225720.5",
                "1767225721",
                "999999999",
                "1000000000",
                "1.5e9",
                "1799000000",
            ],
        ),
    ];
    for (header, values) in hint_values {
        for value in *values {
            b.add(format!("{header} {value:?}"), s, &[(header, value)], plain);
        }
    }
    for (name, headers) in [
        (
            "retry-after-ms over Retry-After and reset",
            vec![
                ("x-ratelimit-reset", "30"),
                ("retry-after", "20"),
                ("retry-after-ms", "250"),
            ],
        ),
        (
            "Retry-After over reset",
            vec![("x-ratelimit-reset", "30"), ("retry-after", "20")],
        ),
        (
            "invalid retry-after-ms falls through to Retry-After",
            vec![("retry-after-ms", "-1"), ("retry-after", "1.5")],
        ),
        (
            "invalid ms and Retry-After fall through to reset",
            vec![
                ("retry-after-ms", "soon"),
                ("retry-after", "garbage"),
                ("x-ratelimit-reset", "7"),
            ],
        ),
        (
            "first valid of repeated Retry-After",
            vec![("retry-after", "x"), ("retry-after", "3")],
        ),
        (
            "first of two valid Retry-After",
            vec![("retry-after", "4"), ("retry-after", "3")],
        ),
        (
            "too long ms wins over short Retry-After",
            vec![("retry-after-ms", "600000"), ("retry-after", "1")],
        ),
        (
            "non-ASCII Retry-After is ignored",
            vec![("retry-after", "3\u{e9}"), ("x-ratelimit-reset", "9")],
        ),
        ("header names in any case", vec![("RETRY-AFTER-MS", "700")]),
        (
            "x-should-retry false beats a hint",
            vec![("x-should-retry", "false"), ("retry-after", "1")],
        ),
        (
            "x-should-retry true with a long hint",
            vec![("x-should-retry", "true"), ("retry-after", "500")],
        ),
        (
            "rate-limit headers without reset",
            vec![("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0")],
        ),
    ] {
        b.add(name, s, &headers, plain);
        b.add(format!("{name} at 400"), 400, &headers, plain);
    }

    resets(&mut b, s, plain);

    // Attempts, hint maximum and deadline.
    for attempt in [1, 2, 7, 8, 9] {
        b.add(format!("attempt {attempt} of 8"), s, &[], plain)
            .attempt = attempt;
        b.add(format!("attempt {attempt} of 8 at 400"), 400, &[], plain)
            .attempt = attempt;
    }
    b.add(
        "attempt 3 of 3 with a hint",
        s,
        &[("retry-after", "1")],
        plain,
    )
    .max_attempts = 3;
    let c = b.add(
        "max hint 10 s, hint 11 s",
        s,
        &[("retry-after", "11")],
        plain,
    );
    c.max_hint_s = 10.0;
    let c = b.add(
        "max hint 10 s, hint 10 s",
        s,
        &[("retry-after", "10")],
        plain,
    );
    c.max_hint_s = 10.0;
    for (name, hint, elapsed, deadline) in [
        ("deadline passed", None, 10.0, 10.0),
        ("deadline passed long ago", None, 50.0, 10.0),
        ("deadline ahead, no hint", None, 9.5, 10.0),
        ("deadline ahead, hint fits", Some("2"), 5.0, 10.0),
        ("deadline ahead, hint fits exactly", Some("5"), 5.0, 10.0),
        ("deadline ahead, hint too late", Some("6"), 5.0, 10.0),
        ("deadline passed, hint", Some("1"), 10.0, 10.0),
        (
            "deadline ahead, hint over maximum",
            Some("500"),
            0.0,
            1000.0,
        ),
    ] {
        let headers: Vec<(&str, &str)> = hint.map(|h| ("retry-after", h)).into_iter().collect();
        let c = b.add(name, s, &headers, plain);
        c.elapsed_s = elapsed;
        c.deadline_s = Some(deadline);
        let c = b.add(format!("{name} at 400"), 400, &headers, plain);
        c.elapsed_s = elapsed;
        c.deadline_s = Some(deadline);
    }
    // One set of cases per window reset header the runtime reads, from its own list:
    // a header added there gets its cases with the next `generate`.
    for (reset, remaining) in kiwi_errors::retry::headers::WINDOW_RESETS {
        b.add(
            format!("window {reset} with nothing left"),
            retryable_status,
            &[(reset, "7s"), (remaining, "0")],
            plain,
        );
        b.add(
            format!("window {reset} with some left"),
            retryable_status,
            &[(reset, "7s"), (remaining, "5")],
            plain,
        );
        b.add(
            format!("window {reset} without {remaining}"),
            retryable_status,
            &[(reset, "7")],
            plain,
        );
    }
    b.cases
}

/// The reset formats beyond seconds and Unix times: durations, RFC 3339 timestamps,
/// the IETF `RateLimit` and `RateLimit-Policy` fields (and the earlier dictionary),
/// per-window reset headers, their precedence and malformed values of each.
fn resets(b: &mut Builder, s: u16, plain: &str) {
    let one: &[(&str, &[&str])] = &[
        (
            "X-RateLimit-Reset",
            &[
                // Durations, as Go prints them.
                "1s",
                "6m0s",
                "1m30.5s",
                "500ms",
                "20ms",
                "1m",
                "0.5s",
                "1h",
                "1h2m3s",
                "0h1m0s",
                "1500us",
                "1.5us",
                "1ns",
                "0.1ns",
                "90s",
                "2m0.25s",
                " 45s ",
                "0s",
                "0m0s",
                "6m0",
                "1d",
                "-1s",
                "1 s",
                "1s2",
                "1e3s",
                "1..2s",
                "m1s",
                "s",
                "ms",
                "1S",
                "1sec",
                "1m-30s",
                "99999999h",
                "2\u{b5}s",
                // RFC 3339 timestamps.
                "2026-01-01T00:00:42Z",
                "2026-01-01T00:00:42z",
                "2026-01-01t00:00:42Z",
                "2026-01-01 00:00:42Z",
                "2026-01-01T00:00:05.5Z",
                "2026-01-01T00:00:05.123456789Z",
                "2026-01-01T00:00:05.1234567891Z",
                "2026-01-01T01:00:05+01:00",
                "2025-12-31T19:00:30-05:00",
                "2026-01-01T00:00:30+00:00",
                "2026-01-01T00:00:30-00:00",
                "2026-01-01T05:30:20.25+05:30",
                "2026-01-01T00:00:60Z",
                "2026-01-01T00:05:00Z",
                "2025-12-31T23:59:00Z",
                "2026-01-01T00:00:00Z",
                "2028-01-01T00:00:00Z",
                "2026-01-01T00:00:42",
                "2026-01-01",
                "2026-13-01T00:00:30Z",
                "2026-02-30T00:00:30Z",
                "2026-01-01T24:00:00Z",
                "2026-01-01T00:60:00Z",
                "2026-01-01T00:00:30.Z",
                "2026-01-01T00:00:30+1:00",
                "2026-01-01T00:00:30+24:00",
                "2026-01-01T00:00:30+01:60",
                "2026-01-01T00:00:30+0100",
                "2026-01-01T00:00:30Zjunk",
                "2026-1-01T00:00:30Z",
                "2026-01-01X00:00:30Z",
                // An HTTP-date.
                "Thu, 01 Jan 2026 00:01:30 GMT",
            ],
        ),
        (
            "RateLimit",
            &[
                r#""default";r=0;t=30"#,
                r#""default";r=5;t=30"#,
                r#""a";r=0;t=5, "b";r=3;t=100, "c";r=0;t=9"#,
                r#""a";r=0;t=5, "b";r=0;t=200"#,
                r#""a";r=1;t=5, "b";r=2;t=9"#,
                r#"default;r=0;t=30"#,
                r#"Default;R=0;T=30"#,
                r#""default";r=0;t=2.5"#,
                r#""default";r=0.0;t=30"#,
                r#""default";r=0.5;t=30"#,
                r#""default";r=-0;t=30"#,
                r#""default";r=-1;t=30"#,
                r#""default";r=?0;t=30"#,
                r#""default";t=30"#,
                r#""default";r=0"#,
                r#""default";r=0;t=0"#,
                r#""default";r=0;t=-5"#,
                r#""default";r=0;t=abc"#,
                r#""default";r=0;t="30""#,
                r#""default";r=0;t=?1"#,
                r#""default";r=0;t=1."#,
                r#""default";r=0;t=1000000000000"#,
                r#""default";r=0;t=99999999999999999999"#,
                r#""default";r=0;t=9999999999999999999"#,
                r#""default"; r=0; t=30"#,
                r#""default" ;r=0;t=30"#,
                "\"a\";r=0;t=4,\t\"b\";r=0;t=6",
                r#""default";r=0;t=30;pk=:cHJvamVjdC0xMjM=:"#,
                r#""default";r=0;t=30;pk=:cHJv"#,
                r#""de\"fault";r=0;t=30"#,
                r#""de\fault";r=0;t=30"#,
                r#""default";r=0;t=30,"#,
                r#","default";r=0;t=30"#,
                r#""default";r=0;t=30 x"#,
                r#""default;r=0;t=30"#,
                r#"(a b);r=0;t=30"#,
                r#"1abc;r=0;t=30"#,
                r#""default";r=0;t=@"#,
                r#""default";r=0;=30"#,
                r#""default";r=0;t="#,
                r#""default";r=0;t=-"#,
                "",
                "\"",
                // The earlier revisions' dictionary.
                "limit=10, remaining=0, reset=7",
                "limit=10, remaining=3, reset=7",
                "remaining=0, reset=7.5",
                "remaining=0;x=1, reset=7",
                "reset=7",
                "limit=10, remaining=0",
                "remaining=0, reset=-3",
                "remaining=?0, reset=7",
                r#""a";r=0;t=5, remaining=0, reset=9"#,
                "remaining=0, reset=7, remaining=5",
            ],
        ),
    ];
    for (header, values) in one {
        for value in *values {
            b.add(format!("{header} {value:?}"), s, &[(header, value)], plain);
        }
    }
    let many: String = (0..65)
        .map(|i| format!(r#""p{i}";r=0;t=5"#))
        .collect::<Vec<_>>()
        .join(", ");
    let many_params = format!(
        r#""default";r=0;t=5{}"#,
        (0..65).map(|i| format!(";k{i}=1")).collect::<String>()
    );
    let sixty_four: String = (0..64)
        .map(|i| format!(r#""p{i}";r=0;t={}"#, i % 7 + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let field = r#""default";r=0;t=30"#;
    let window = |reset: &'static str, remaining: &'static str, value: &'static str| {
        [(reset, value), (remaining, "0")]
    };
    /// `headers`, then a per-window reset with that window's remaining at 0.
    fn with_window<'a>(
        mut headers: Vec<(&'a str, &'a str)>,
        reset: &'a str,
        remaining: &'a str,
        value: &'a str,
    ) -> Vec<(&'a str, &'a str)> {
        headers.extend([(reset, value), (remaining, "0")]);
        headers
    }
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        // Several fields and lines.
        (
            "RateLimit with 65 members",
            vec![("RateLimit", many.as_str())],
        ),
        (
            "RateLimit with 64 members",
            vec![("RateLimit", sixty_four.as_str())],
        ),
        (
            "RateLimit with 65 parameters",
            vec![("RateLimit", many_params.as_str())],
        ),
        (
            "RateLimit on two lines",
            vec![
                ("RateLimit", r#""a";r=0;t=5"#),
                ("RateLimit", r#""b";r=0;t=9"#),
            ],
        ),
        (
            "RateLimit with an invalid line",
            vec![("RateLimit", r#""a;r=0"#), ("RateLimit", r#""b";r=0;t=9"#)],
        ),
        (
            "RateLimit with a non-ASCII line",
            vec![
                ("RateLimit", "\"\u{e9}\";r=0;t=50"),
                ("RateLimit", r#""b";r=0;t=9"#),
            ],
        ),
        (
            "RateLimit dictionary on a second line",
            vec![
                ("RateLimit", r#""a";r=0;t=5"#),
                ("RateLimit", "remaining=0, reset=9"),
            ],
        ),
        (
            "RateLimit-Policy alone",
            vec![("RateLimit-Policy", r#""default";q=100;w=60"#)],
        ),
        (
            "RateLimit-Policy and RateLimit",
            vec![
                (
                    "RateLimit-Policy",
                    r#""burst";q=100;w=60;qu="requests", "daily";q=1000;w=86400"#,
                ),
                ("RateLimit", r#""burst";r=40;t=12, "daily";r=0;t=36"#),
            ],
        ),
        (
            "malformed RateLimit-Policy and RateLimit",
            vec![
                ("RateLimit-Policy", r#""burst";q=100;w="#),
                ("RateLimit", r#""burst";r=0;t=12"#),
            ],
        ),
        (
            "RateLimit-Policy with a window left",
            vec![
                ("RateLimit-Policy", r#""default";q=100;w=60"#),
                ("RateLimit", r#""default";r=50;t=30"#),
            ],
        ),
        // Per-window reset headers.
        (
            "requests window empty",
            window(
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "1s",
            )
            .to_vec(),
        ),
        (
            "requests and tokens windows empty",
            [
                window(
                    "x-ratelimit-reset-requests",
                    "x-ratelimit-remaining-requests",
                    "1s",
                ),
                window(
                    "x-ratelimit-reset-tokens",
                    "x-ratelimit-remaining-tokens",
                    "1m0s",
                ),
            ]
            .concat(),
        ),
        (
            "tokens window with room",
            vec![
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", "1s"),
                ("x-ratelimit-remaining-tokens", "5000"),
                ("x-ratelimit-reset-tokens", "6m0s"),
            ],
        ),
        (
            "only a window with room",
            vec![
                ("x-ratelimit-remaining-tokens", "5000"),
                ("x-ratelimit-reset-tokens", "6m0s"),
            ],
        ),
        (
            "window reset without its remaining",
            vec![("x-ratelimit-reset-tokens", "20s")],
        ),
        (
            "window remaining 0.0",
            vec![
                ("x-ratelimit-remaining-requests", "0.0"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining 0.5",
            vec![
                ("x-ratelimit-remaining-requests", "0.5"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining not a number",
            vec![
                ("x-ratelimit-remaining-requests", "abc"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining negative",
            vec![
                ("x-ratelimit-remaining-requests", "-1"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining with spaces",
            vec![
                ("x-ratelimit-remaining-requests", " 0 "),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining repeated, first with room",
            vec![
                ("x-ratelimit-remaining-requests", "5"),
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining repeated, first empty",
            vec![
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-remaining-requests", "5"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window remaining non-ASCII",
            vec![
                ("x-ratelimit-remaining-requests", "5\u{e9}"),
                ("x-ratelimit-reset-requests", "3s"),
            ],
        ),
        (
            "window reset repeated, first invalid",
            vec![
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", "soon"),
                ("x-ratelimit-reset-requests", "4s"),
            ],
        ),
        (
            "window reset invalid",
            window(
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "soon",
            )
            .to_vec(),
        ),
        (
            "window reset as seconds",
            window(
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "12",
            )
            .to_vec(),
        ),
        (
            "window reset as a Unix time",
            window(
                "x-ratelimit-reset-tokens",
                "x-ratelimit-remaining-tokens",
                "1767225642",
            )
            .to_vec(),
        ),
        (
            "window reset as an HTTP-date",
            window(
                "x-ratelimit-reset-tokens",
                "x-ratelimit-remaining-tokens",
                "Thu, 01 Jan 2026 00:01:30 GMT",
            )
            .to_vec(),
        ),
        (
            "window reset too long",
            window(
                "x-ratelimit-reset-tokens",
                "x-ratelimit-remaining-tokens",
                "6m0s",
            )
            .to_vec(),
        ),
        (
            "anthropic requests window",
            window(
                "anthropic-ratelimit-requests-reset",
                "anthropic-ratelimit-requests-remaining",
                "2026-01-01T00:00:30Z",
            )
            .to_vec(),
        ),
        (
            "anthropic tokens window with an offset",
            window(
                "anthropic-ratelimit-tokens-reset",
                "anthropic-ratelimit-tokens-remaining",
                "2026-01-01T01:00:05.5+01:00",
            )
            .to_vec(),
        ),
        (
            "anthropic input and output tokens windows",
            [
                window(
                    "anthropic-ratelimit-input-tokens-reset",
                    "anthropic-ratelimit-input-tokens-remaining",
                    "2026-01-01T00:00:10Z",
                ),
                window(
                    "anthropic-ratelimit-output-tokens-reset",
                    "anthropic-ratelimit-output-tokens-remaining",
                    "2026-01-01T00:00:20Z",
                ),
            ]
            .concat(),
        ),
        (
            "anthropic window with room",
            vec![
                ("anthropic-ratelimit-requests-remaining", "49"),
                ("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z"),
            ],
        ),
        (
            "anthropic window in the past",
            window(
                "anthropic-ratelimit-requests-reset",
                "anthropic-ratelimit-requests-remaining",
                "2025-12-31T23:00:00Z",
            )
            .to_vec(),
        ),
        (
            "RateLimit-Reset window",
            window("RateLimit-Reset", "RateLimit-Remaining", "30").to_vec(),
        ),
        (
            "RateLimit-Reset window with room",
            vec![("RateLimit-Remaining", "10"), ("RateLimit-Reset", "30")],
        ),
        (
            "window header names in any case",
            vec![
                ("X-RateLimit-Remaining-Tokens", "0"),
                ("X-RateLimit-Reset-Tokens", "7s"),
            ],
        ),
        (
            "unknown window header",
            vec![
                ("x-ratelimit-remaining-images", "0"),
                ("x-ratelimit-reset-images", "7s"),
            ],
        ),
        // Precedence.
        (
            "later window reset over the RateLimit field",
            with_window(
                vec![("RateLimit", field)],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "40s",
            ),
        ),
        (
            "later RateLimit field over a window reset",
            with_window(
                vec![("RateLimit", r#""default";r=0;t=50"#)],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "40s",
            ),
        ),
        (
            "X-RateLimit-Reset over the RateLimit field",
            vec![("RateLimit", field), ("X-RateLimit-Reset", "3")],
        ),
        (
            "X-RateLimit-Reset over a window reset",
            with_window(
                vec![("X-RateLimit-Reset", "3")],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "40s",
            ),
        ),
        (
            "invalid X-RateLimit-Reset falls through to the RateLimit field",
            vec![("X-RateLimit-Reset", "soon"), ("RateLimit", field)],
        ),
        (
            "X-RateLimit-Reset in the past falls through to a window reset",
            with_window(
                vec![("X-RateLimit-Reset", "2025-12-31T23:59:00Z")],
                "x-ratelimit-reset-tokens",
                "x-ratelimit-remaining-tokens",
                "8s",
            ),
        ),
        (
            "Retry-After over the RateLimit field",
            vec![("RateLimit", field), ("Retry-After", "2")],
        ),
        (
            "Retry-After over a window reset",
            with_window(
                vec![("Retry-After", "2")],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "6m0s",
            ),
        ),
        (
            "Retry-After over an anthropic window",
            with_window(
                vec![("Retry-After", "4")],
                "anthropic-ratelimit-requests-reset",
                "anthropic-ratelimit-requests-remaining",
                "2026-01-01T00:00:30Z",
            ),
        ),
        (
            "Retry-After over a duration X-RateLimit-Reset",
            vec![("X-RateLimit-Reset", "1m30s"), ("Retry-After", "5")],
        ),
        (
            "Retry-After over an RFC 3339 X-RateLimit-Reset",
            vec![
                ("X-RateLimit-Reset", "2026-01-01T00:00:42Z"),
                ("Retry-After", "5"),
            ],
        ),
        (
            "Retry-After HTTP-date over every reset",
            with_window(
                vec![
                    ("RateLimit", field),
                    ("X-RateLimit-Reset", "9"),
                    ("Retry-After", "Thu, 01 Jan 2026 00:00:10 GMT"),
                ],
                "x-ratelimit-reset-tokens",
                "x-ratelimit-remaining-tokens",
                "6m0s",
            ),
        ),
        (
            "short Retry-After over a reset that is too long",
            vec![
                ("RateLimit", r#""default";r=0;t=3600"#),
                ("Retry-After", "1"),
            ],
        ),
        (
            "invalid Retry-After falls through to the RateLimit field",
            vec![("Retry-After", "soon"), ("RateLimit", field)],
        ),
        (
            "retry-after-ms over every reset",
            with_window(
                vec![("RateLimit", field), ("retry-after-ms", "250")],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "40s",
            ),
        ),
        (
            "x-should-retry false over an empty window",
            with_window(
                vec![("x-should-retry", "false")],
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "4s",
            ),
        ),
    ];
    for (name, headers) in &cases {
        b.add(*name, s, headers, plain);
    }
    for (name, headers) in [
        ("RateLimit field at 400", vec![("RateLimit", field)]),
        (
            "window reset at 400",
            window(
                "x-ratelimit-reset-requests",
                "x-ratelimit-remaining-requests",
                "1s",
            )
            .to_vec(),
        ),
        (
            "RateLimit field at 400 with x-should-retry true",
            vec![("RateLimit", field), ("x-should-retry", "true")],
        ),
    ] {
        b.add(name, 400, &headers, plain);
    }
    let c = b.add(
        "RateLimit field past the deadline",
        s,
        &[("RateLimit", field)],
        plain,
    );
    c.elapsed_s = 5.0;
    c.deadline_s = Some(20.0);
    let c = b.add(
        "window reset within the deadline",
        s,
        &window(
            "x-ratelimit-reset-requests",
            "x-ratelimit-remaining-requests",
            "10s",
        ),
        plain,
    );
    c.elapsed_s = 5.0;
    c.deadline_s = Some(20.0);
    let c = b.add(
        "RateLimit field over a max hint of 10 s",
        s,
        &[("RateLimit", r#""default";r=0;t=11"#)],
        plain,
    );
    c.max_hint_s = 10.0;
}

fn case_json(case: &Case) -> Value {
    json!({
        "name": case.name,
        "status": case.status,
        "headers": case.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "body": case.body,
        "attempt": case.attempt,
        "elapsed_s": case.elapsed_s,
        "now": case.now,
        "max_attempts": case.max_attempts,
        "max_hint_s": case.max_hint_s,
        "deadline_s": case.deadline_s,
    })
}

/// Emits `retry.vectors.json`: every case of [`inputs`] with the decision `expect`
/// gives for it.
pub fn emit(catalog: &Catalog, expect: impl FnMut(&Case) -> Expected) -> String {
    emit_cases(catalog, &inputs(catalog), expect)
}

/// Emits a vectors file of the given cases, with the decision `expect` gives for each.
pub fn emit_cases(
    catalog: &Catalog,
    cases: &[Case],
    mut expect: impl FnMut(&Case) -> Expected,
) -> String {
    let cases: Vec<Value> = cases
        .iter()
        .map(|case| {
            let e = expect(case);
            let mut v = case_json(case);
            v["expected"] = json!({
                "retry": e.retry,
                "reason": e.reason,
                "hint_source": e.hint_source,
                "delay_floor_ms": e.delay_floor_ms,
                "retry_after_ms": e.retry_after_ms,
            });
            v
        })
        .collect();
    to_pretty(&json!({ "$comment": super::notice::text(catalog), "now": NOW, "cases": cases }))
}
