//! Retry vectors: the cases of `retry.vectors.json`, the golden file that keeps the
//! retry decision of the Rust helper and of the Python and TypeScript modules in
//! agreement.
//!
//! [`inputs`] builds the cases from a catalog (every code, unknown codes, types and
//! statuses, every hint header and format, precedence, `x-should-retry` both ways,
//! hints over the maximum, malformed values, integer and null codes, attempts and
//! deadlines); [`emit`] writes the file with the expected outputs that a decision
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
//! Millisecond values compare within 0.001 ms. A case never repeats a member of an
//! error body (JSON parsers disagree on repeated members).
//!
//! The Rust expectations come from `kiwi_errors::retry::decide` with
//! `RetryBudget::unlimited()` (the budget is per client, not part of a decision), a
//! `Random` that always returns 0 (so the delay is its floor), `Failure::response`
//! built from the case, and `server_hint` for the source of a hint that made it give up
//! (`HintTooLong`, or `Deadline` with a `retry_after`).

use serde_json::{Value, json};

use super::classes::{CodeClass, classes};
use super::schema::{GENERATED_COMMENT, to_pretty};
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

fn body(code: &CodeClass) -> String {
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

/// Every case for a catalog, in a stable order with unique names.
pub fn inputs(catalog: &Catalog) -> Vec<Case> {
    let classes = classes(catalog);
    let mut b = Builder { cases: Vec::new() };
    let retryable_status = classes
        .statuses
        .iter()
        .find(|s| s.retry == "backoff" && s.class.is_some())
        .map_or(503, |s| s.status);
    let plain = json!({"error": {"message": "m", "type": "t"}}).to_string();
    let plain = plain.as_str();

    for code in &classes.codes {
        let body = body(code);
        b.add(format!("code {}", code.code), code.status, &[], &body);
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
    if let Some(never) = classes.codes.iter().find(|c| c.retry == "never") {
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
    b.cases
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

/// The cases without expectations, for a decision function outside Rust to fill in.
pub fn emit_inputs(catalog: &Catalog) -> String {
    to_pretty(&json!({
        "$comment": GENERATED_COMMENT,
        "now": NOW,
        "cases": inputs(catalog).iter().map(case_json).collect::<Vec<_>>(),
    }))
}

/// Emits `retry.vectors.json`: every case of [`inputs`] with the decision `expect`
/// gives for it.
pub fn emit(catalog: &Catalog, mut expect: impl FnMut(&Case) -> Expected) -> String {
    let cases: Vec<Value> = inputs(catalog)
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
    to_pretty(&json!({ "$comment": GENERATED_COMMENT, "now": NOW, "cases": cases }))
}
