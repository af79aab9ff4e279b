//! Retry vectors: the cases of `retry.vectors.json`, the golden file that every
//! implementation of the retry specification (`docs/spec/retry.md`) must reproduce, and
//! the JSON Schema of that file.
//!
//! The inputs are data. [`cases.toml`](self) holds the hand-written cases (header
//! formats and precedence, bodies that JSON readers read differently, attempts, hints,
//! deadlines, jitter); the generator adds the cases it derives from the catalog (every
//! code as its server sends it, and the ways a code meets other inputs, for one code of
//! each retry policy) and from the runtime (one set for each window of
//! `kiwi_errors::retry::headers::WINDOW_RESETS`). Every case names the section of the
//! specification it exercises and carries its random draw.
//!
//! [`emit`] writes the file with the expected outputs that a decision function gives for
//! each case; `Artifact::RetryVectors` writes it with the Rust retry core
//! ([`super::decision::Policies::expected`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::schema::{canonical, schema_id, to_pretty};
use crate::model::{Catalog, RetryPolicy};

/// The wall-clock time of every case: 2026-01-01T00:00:00Z, a Thursday.
pub const NOW: u64 = 1_767_225_600;

/// The hand-written cases.
const CASES: &str = include_str!("cases.toml");

/// The hand-written stream cases.
const STREAM_CASES: &str = include_str!("stream_cases.toml");

/// The inputs of one case (the retry specification, section 2).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Case {
    /// A unique, readable name.
    pub name: String,
    /// The section of the retry specification the case exercises, e.g. `6.3`.
    pub section: String,
    /// The HTTP status.
    pub status: u16,
    /// The response's header lines, in order: `[name, value]`.
    pub headers: Vec<(String, String)>,
    /// The response body, as text.
    pub body: String,
    /// Attempts made so far, this one included.
    pub attempt: u32,
    /// Seconds since the call started.
    pub elapsed_s: f64,
    /// The wall-clock time, in seconds since the Unix epoch.
    pub now: u64,
    /// The attempts cap.
    pub max_attempts: u32,
    /// The longest server hint waited for, in seconds.
    pub max_hint_s: f64,
    /// The deadline from the start of the call, in seconds; null for none.
    pub deadline_s: Option<f64>,
    /// The most jitter added to a hint, in milliseconds.
    pub hint_jitter_ms: f64,
    /// The ceiling of the first retry's backoff, in milliseconds.
    pub backoff_base_ms: f64,
    /// No backoff ceiling exceeds this, in milliseconds.
    pub backoff_cap_ms: f64,
    /// The random draw, in `[0, 1)`.
    pub random: f64,
}

/// The expected outputs of one case (the retry specification, section 3).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Expected {
    /// The retry policy of the error read from the status and body alone: `never` or
    /// `backoff`.
    pub policy: String,
    /// The error's type (section 7).
    pub error_type: String,
    /// The error's code, if it has one.
    pub code: Option<String>,
    /// The error's param, if it has one.
    pub param: Option<String>,
    /// The error's message.
    pub message: String,
    /// Whether to try again.
    pub retry: bool,
    /// Why not: `Fatal`, `Attempts`, `HintTooLong` or `Deadline`; null when retrying.
    pub reason: Option<String>,
    /// The header of the hint the delay honours, or that made the decision give up:
    /// `RetryAfterMs`, `RetryAfter` or `RateLimitReset`.
    pub hint_source: Option<String>,
    /// When retrying, the wait before the next attempt, in milliseconds.
    pub delay_ms: Option<f64>,
    /// When retrying, the shortest wait any draw could give, in milliseconds.
    pub delay_floor_ms: Option<f64>,
    /// When retrying, the bound the wait approaches as the draw approaches 1.
    pub delay_ceiling_ms: Option<f64>,
    /// When giving up because of a hint, the hint's wait, in milliseconds.
    pub retry_after_ms: Option<f64>,
}

/// One case of the file: its inputs and its expected outputs.
#[derive(Serialize, JsonSchema)]
struct Vector {
    #[serde(flatten)]
    case: Case,
    expected: Expected,
}

/// The inputs of one stream case (the retry specification, section 14): one event of a
/// stream of Server-Sent Events, with the inputs of a decision.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StreamCase {
    /// The inputs of the decision: `status` the stream's success status, `body` empty,
    /// `headers` those of the response that carried the stream.
    #[serde(flatten)]
    pub case: Case,
    /// The event's name (`message` for an event without an `event:` line).
    pub event: String,
    /// The event's data: its `data` lines joined with LF.
    pub data: String,
    /// Whether the stream delivered content before this event.
    pub delivered: bool,
}

/// The expected outputs of one stream case (the retry specification, section 14.3):
/// every output but `kind` is null for an end or content.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StreamExpected {
    /// `end`, `error` or `content`.
    pub kind: String,
    /// The error's status (section 14.2).
    pub status: Option<u16>,
    /// The error's retry policy.
    pub policy: Option<String>,
    /// The error's type.
    pub error_type: Option<String>,
    /// The error's code, if it has one.
    pub code: Option<String>,
    /// The error's param, if it has one.
    pub param: Option<String>,
    /// The error's message.
    pub message: Option<String>,
    /// Whether to try again.
    pub retry: Option<bool>,
    /// Why not: `Fatal`, `Attempts`, `HintTooLong`, `Deadline` or `Partial`.
    pub reason: Option<String>,
    /// The header of the hint the delay honours, or that made the decision give up.
    pub hint_source: Option<String>,
    /// When retrying, the wait before the next attempt, in milliseconds.
    pub delay_ms: Option<f64>,
    /// When retrying, the shortest wait any draw could give, in milliseconds.
    pub delay_floor_ms: Option<f64>,
    /// When retrying, the bound the wait approaches as the draw approaches 1.
    pub delay_ceiling_ms: Option<f64>,
    /// When giving up because of a hint, the hint's wait, in milliseconds.
    pub retry_after_ms: Option<f64>,
}

impl StreamExpected {
    /// The outputs of an end or of content: the kind alone.
    pub fn not_an_error(kind: &str) -> Self {
        StreamExpected {
            kind: kind.to_owned(),
            status: None,
            policy: None,
            error_type: None,
            code: None,
            param: None,
            message: None,
            retry: None,
            reason: None,
            hint_source: None,
            delay_ms: None,
            delay_floor_ms: None,
            delay_ceiling_ms: None,
            retry_after_ms: None,
        }
    }

    /// The outputs of an error: its status and the outputs of a response's decision.
    pub fn error(status: u16, e: Expected) -> Self {
        StreamExpected {
            kind: "error".to_owned(),
            status: Some(status),
            policy: Some(e.policy),
            error_type: Some(e.error_type),
            code: e.code,
            param: e.param,
            message: Some(e.message),
            retry: Some(e.retry),
            reason: e.reason,
            hint_source: e.hint_source,
            delay_ms: e.delay_ms,
            delay_floor_ms: e.delay_floor_ms,
            delay_ceiling_ms: e.delay_ceiling_ms,
            retry_after_ms: e.retry_after_ms,
        }
    }
}

/// One stream case of the file: its inputs and its expected outputs.
#[derive(Serialize, JsonSchema)]
struct StreamVector {
    #[serde(flatten)]
    case: StreamCase,
    expected: StreamExpected,
}

/// The whole file.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "RetryVectors")]
struct VectorFile {
    /// Always the notice that the file is generated.
    #[serde(rename = "$comment")]
    comment: String,
    /// The specification the cases test.
    spec: String,
    /// The wall-clock time of every case, in seconds since the Unix epoch.
    now: u64,
    /// The cases, each with its inputs and the decision the Rust retry core made.
    cases: Vec<Vector>,
    /// The stream cases (section 14), each one event with its inputs and outputs.
    stream_cases: Vec<StreamVector>,
}

/// A hand-written case as `cases.toml` writes it: every input but the name and the
/// section is optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCase {
    name: String,
    section: String,
    status: Option<toml::Value>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    body: Option<String>,
    attempt: Option<u32>,
    elapsed_s: Option<f64>,
    max_attempts: Option<u32>,
    max_hint_s: Option<f64>,
    deadline_s: Option<f64>,
    hint_jitter_ms: Option<f64>,
    backoff_base_ms: Option<f64>,
    backoff_cap_ms: Option<f64>,
    random: Option<f64>,
}

#[derive(Deserialize)]
struct CasesFile {
    case: Vec<FileCase>,
}

/// A hand-written stream case as `stream_cases.toml` writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStreamCase {
    name: String,
    section: String,
    event: Option<String>,
    data: String,
    #[serde(default)]
    delivered: bool,
    #[serde(default)]
    headers: Vec<(String, String)>,
    attempt: Option<u32>,
    elapsed_s: Option<f64>,
    max_attempts: Option<u32>,
    deadline_s: Option<f64>,
    random: Option<f64>,
}

#[derive(Deserialize)]
struct StreamCasesFile {
    case: Vec<FileStreamCase>,
}

/// The body of the cases that leave it out.
const PLAIN_BODY: &str = r#"{"error":{"message":"m","type":"t"}}"#;

/// A random draw for a case that names none, from its name: a multiple of 1/1024 (exact
/// in every language's doubles), stable however the cases around it change.
fn draw(name: &str) -> f64 {
    // FNV-1a.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % 1024) as f64 / 1024.0
}

/// What the cases substitute from a catalog.
struct Subst {
    retryable: u16,
    never: Option<NeverCode>,
    /// The catalog's first code that is retried.
    retry_code: Option<String>,
    /// The catalog's end of a stream: the data of its final event, or its name.
    end: Option<crate::model::StreamEnd>,
}

/// The catalog's first code that is never retried.
struct NeverCode {
    code: String,
    error_type: String,
    status: u16,
}

impl Subst {
    fn of(catalog: &Catalog) -> Subst {
        Subst {
            retryable: retryable_status(catalog),
            retry_code: catalog
                .codes
                .iter()
                .find(|c| c.retry == RetryPolicy::Backoff)
                .map(|c| c.name.clone()),
            end: catalog.stream.as_ref().and_then(|s| s.end.clone()),
            never: catalog
                .codes
                .iter()
                .find(|c| c.retry == RetryPolicy::Never)
                .map(|c| NeverCode {
                    code: c.name.clone(),
                    error_type: catalog.type_of(c).name.clone(),
                    status: catalog.status_of(c).code,
                }),
        }
    }

    /// The text with the catalog's values put in, or `None` when it needs a code the
    /// catalog does not have.
    fn text(&self, text: &str) -> Option<String> {
        if !text.contains('$') {
            return Some(text.to_owned());
        }
        let never = self.never.as_ref()?;
        let escaped: String = never
            .code
            .chars()
            .map(|ch| format!("\\u{:04x}", u32::from(ch)))
            .collect();
        Some(
            text.replace("$code_escaped", &escaped)
                .replace("$code_upper", &never.code.to_uppercase())
                .replace("$code_status", &never.status.to_string())
                .replace("$code", &never.code)
                .replace("$type", &never.error_type),
        )
    }

    /// A stream case's text with the catalog's values put in, or `None` when it needs
    /// one the catalog does not have.
    fn stream_text(&self, text: &str) -> Option<String> {
        use crate::model::StreamEnd;
        let mut out = text.to_owned();
        if out.contains("$end_data") {
            let Some(StreamEnd::Data(end)) = &self.end else {
                return None;
            };
            out = out.replace("$end_data", end);
        }
        if out.contains("$end_event") {
            let Some(StreamEnd::Event(end)) = &self.end else {
                return None;
            };
            out = out.replace("$end_event", end);
        }
        if out.contains("$retry_code") {
            out = out.replace("$retry_code", self.retry_code.as_deref()?);
        }
        self.text(&out)
    }

    fn status(&self, status: Option<&toml::Value>) -> Option<u16> {
        match status {
            None => Some(self.retryable),
            Some(toml::Value::Integer(n)) => u16::try_from(*n).ok(),
            Some(toml::Value::String(s)) if s == "$retryable" => Some(self.retryable),
            Some(toml::Value::String(s)) if s == "$code_status" => {
                self.never.as_ref().map(|n| n.status)
            }
            Some(_) => None,
        }
    }
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

/// A case with the defaults of the retry specification's configuration.
fn case(
    name: String,
    section: &str,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
) -> Case {
    let random = draw(&name);
    let config = kiwi_errors::retry::RetryConfig::default();
    Case {
        name,
        section: section.to_owned(),
        status,
        headers,
        body,
        attempt: 1,
        elapsed_s: 0.0,
        now: NOW,
        max_attempts: config.max_attempts,
        max_hint_s: config.max_hint.as_secs_f64(),
        deadline_s: None,
        hint_jitter_ms: config.hint_jitter.as_secs_f64() * 1000.0,
        backoff_base_ms: config.backoff.base.as_secs_f64() * 1000.0,
        backoff_cap_ms: config.backoff.cap.as_secs_f64() * 1000.0,
        random,
    }
}

/// The hand-written cases, with the catalog's values put in: `(uses the catalog's
/// codes, case)`. A case that needs a code the catalog does not have is left out.
fn file_cases(catalog: &Catalog) -> Vec<(bool, Case)> {
    let file: CasesFile = match toml::from_str(CASES) {
        Ok(file) => file,
        // `cases.toml` is part of this crate; a test parses it.
        Err(_) => return Vec::new(),
    };
    let subst = Subst::of(catalog);
    file.case
        .into_iter()
        .filter_map(|c| {
            let names_codes = c.body.as_deref().is_some_and(|b| b.contains('$'))
                || c.name.contains('$')
                || matches!(&c.status, Some(toml::Value::String(s)) if s == "$code_status");
            let status = subst.status(c.status.as_ref())?;
            let name = subst.text(&c.name)?;
            let body = subst.text(c.body.as_deref().unwrap_or(PLAIN_BODY))?;
            let mut out = case(name, &c.section, status, c.headers, body);
            out.attempt = c.attempt.unwrap_or(out.attempt);
            out.elapsed_s = c.elapsed_s.unwrap_or(out.elapsed_s);
            out.max_attempts = c.max_attempts.unwrap_or(out.max_attempts);
            out.max_hint_s = c.max_hint_s.unwrap_or(out.max_hint_s);
            out.deadline_s = c.deadline_s;
            out.hint_jitter_ms = c.hint_jitter_ms.unwrap_or(out.hint_jitter_ms);
            out.backoff_base_ms = c.backoff_base_ms.unwrap_or(out.backoff_base_ms);
            out.backoff_cap_ms = c.backoff_cap_ms.unwrap_or(out.backoff_cap_ms);
            out.random = c.random.unwrap_or(out.random);
            Some((names_codes, out))
        })
        .collect()
}

/// The parse error of `cases.toml`, if it does not parse (for the tests).
pub fn cases_file_error() -> Option<String> {
    toml::from_str::<CasesFile>(CASES)
        .err()
        .map(|e| e.to_string())
}

/// A body of a code as its server sends it: its example with the code in it, else one
/// built from its message template.
fn code_body(catalog: &Catalog, code: &crate::model::ErrorCode) -> String {
    let error_type = &catalog.type_of(code).name;
    code.example.as_deref().map_or_else(
        || {
            json!({"error": {"message": code.message, "type": error_type, "code": code.name}})
                .to_string()
        },
        |e| {
            // The example may leave the code out; the cases need it.
            let mut v: Value = serde_json::from_str(e).unwrap_or_else(|_| json!({"error": {}}));
            if let Some(err) = v.get_mut("error").and_then(Value::as_object_mut) {
                err.insert("code".into(), json!(code.name));
                err.entry("message").or_insert(json!(code.message));
                err.entry("type").or_insert(json!(error_type));
            }
            v.to_string()
        },
    )
}

/// The cases derived from the catalog's codes: each code as its server sends it, and,
/// for the first code of each retry policy, the ways a code meets other inputs (the
/// verdict both ways, other statuses, a hint, a body without a type): the rules are the
/// same for every code, so the file grows by one case per code.
fn code_cases(catalog: &Catalog) -> Vec<Case> {
    let mut out = Vec::new();
    for code in &catalog.codes {
        let status = catalog.status_of(code).code;
        out.push(case(
            format!("code {}", code.name),
            "8",
            status,
            Vec::new(),
            code_body(catalog, code),
        ));
    }
    let mut seen = Vec::new();
    for code in &catalog.codes {
        if seen.contains(&code.retry) {
            continue;
        }
        seen.push(code.retry);
        let status = catalog.status_of(code).code;
        let body = code_body(catalog, code);
        let header = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
        let name = |what: &str| format!("code {} {what}", code.name);
        out.push(case(
            name("x-should-retry true"),
            "4.1",
            status,
            header("x-should-retry", "true"),
            body.clone(),
        ));
        out.push(case(
            name("x-should-retry false"),
            "4.1",
            status,
            header("x-should-retry", "false"),
            body.clone(),
        ));
        out.push(case(
            name("at status 503"),
            "8",
            503,
            Vec::new(),
            body.clone(),
        ));
        out.push(case(
            name("at status 418"),
            "8",
            418,
            Vec::new(),
            body.clone(),
        ));
        out.push(case(
            name("with retry-after 2"),
            "9.1",
            status,
            header("Retry-After", "2"),
            body.clone(),
        ));
        out.push(case(
            name("without type"),
            "8",
            status,
            Vec::new(),
            json!({"error": {"message": "m", "code": code.name}}).to_string(),
        ));
        out.push(case(
            name("written back out"),
            "10",
            status,
            Vec::new(),
            json!({"error": {"message": "m", "code": code.name, "param": null}}).to_string(),
        ));
    }
    out
}

/// One set of cases per window reset header the runtime reads, from its own list: a
/// header added there gets its cases with the next `generate`.
fn window_cases(catalog: &Catalog) -> Vec<Case> {
    let status = retryable_status(catalog);
    let mut out = Vec::new();
    for (reset, remaining) in kiwi_errors::retry::headers::WINDOW_RESETS {
        let pairs = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        out.push(case(
            format!("window {reset} with nothing left"),
            "6.6",
            status,
            pairs(&[(reset, "7s"), (remaining, "0")]),
            PLAIN_BODY.to_owned(),
        ));
        out.push(case(
            format!("window {reset} with some left"),
            "6.6",
            status,
            pairs(&[(reset, "7s"), (remaining, "5")]),
            PLAIN_BODY.to_owned(),
        ));
        out.push(case(
            format!("window {reset} without {remaining}"),
            "6.6",
            status,
            pairs(&[(reset, "7")]),
            PLAIN_BODY.to_owned(),
        ));
    }
    out
}

/// Every case for a catalog, in a stable order with unique names: those that name the
/// catalog's codes ([`catalog_inputs`]), then those any catalog shares
/// ([`common_inputs`]).
pub fn inputs(catalog: &Catalog) -> Vec<Case> {
    let mut cases = catalog_inputs(catalog);
    cases.extend(common_inputs(catalog));
    cases
}

/// The cases that name the catalog's codes: the derived code cases and the hand-written
/// ones that carry a code the catalog never retries.
pub fn catalog_inputs(catalog: &Catalog) -> Vec<Case> {
    let mut cases = code_cases(catalog);
    cases.extend(
        file_cases(catalog)
            .into_iter()
            .filter(|(names_codes, _)| *names_codes)
            .map(|(_, c)| c),
    );
    cases
}

/// The cases any catalog shares: the hand-written ones that name no code, and the
/// per-window cases of the runtime's list.
pub fn common_inputs(catalog: &Catalog) -> Vec<Case> {
    let mut cases: Vec<Case> = file_cases(catalog)
        .into_iter()
        .filter(|(names_codes, _)| !*names_codes)
        .map(|(_, c)| c)
        .collect();
    cases.extend(window_cases(catalog));
    cases
}

/// The catalog's end of a stream, if it declares one.
pub fn stream_end(catalog: &Catalog) -> Option<kiwi_errors::stream::StreamEnd<'_>> {
    use crate::model::StreamEnd as End;
    use kiwi_errors::stream::StreamEnd;
    match catalog.stream.as_ref()?.end.as_ref()? {
        End::Data(data) => Some(StreamEnd::Data(data)),
        End::Event(event) => Some(StreamEnd::Event(event)),
    }
}

/// The stream cases of a catalog (the retry specification, section 14): the
/// hand-written ones, with the catalog's values put in.
pub fn stream_inputs(catalog: &Catalog) -> Vec<StreamCase> {
    let file: StreamCasesFile = match toml::from_str(STREAM_CASES) {
        Ok(file) => file,
        // `stream_cases.toml` is part of this crate; a test parses it.
        Err(_) => return Vec::new(),
    };
    let subst = Subst::of(catalog);
    file.case
        .into_iter()
        .filter_map(|c| {
            let name = subst.stream_text(&c.name)?;
            let data = subst.stream_text(&c.data)?;
            let event = subst.stream_text(c.event.as_deref().unwrap_or("message"))?;
            let mut case = case(name, &c.section, 200, c.headers, String::new());
            case.attempt = c.attempt.unwrap_or(case.attempt);
            case.elapsed_s = c.elapsed_s.unwrap_or(case.elapsed_s);
            case.max_attempts = c.max_attempts.unwrap_or(case.max_attempts);
            case.deadline_s = c.deadline_s;
            case.random = c.random.unwrap_or(case.random);
            Some(StreamCase {
                case,
                event,
                data,
                delivered: c.delivered,
            })
        })
        .collect()
}

/// The parse error of `stream_cases.toml`, if it does not parse (for the tests).
pub fn stream_cases_file_error() -> Option<String> {
    toml::from_str::<StreamCasesFile>(STREAM_CASES)
        .err()
        .map(|e| e.to_string())
}

/// The sections the cases name, with how many cases name each.
pub fn sections(cases: &[Case]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for c in cases {
        *out.entry(c.section.clone()).or_insert(0) += 1;
    }
    out
}

/// Emits `retry.vectors.json`: every case of [`inputs`] with the decision `expect`
/// gives for it, and every stream case of [`stream_inputs`] with what `expect_stream`
/// gives.
pub fn emit(
    catalog: &Catalog,
    expect: impl FnMut(&Case) -> Expected,
    expect_stream: impl FnMut(&StreamCase) -> StreamExpected,
) -> String {
    emit_cases(
        catalog,
        &inputs(catalog),
        expect,
        &stream_inputs(catalog),
        expect_stream,
    )
}

/// Emits a vectors file of the given cases, with the decision `expect` gives for each,
/// and of the given stream cases, with what `expect_stream` gives.
pub fn emit_cases(
    catalog: &Catalog,
    cases: &[Case],
    mut expect: impl FnMut(&Case) -> Expected,
    stream_cases: &[StreamCase],
    mut expect_stream: impl FnMut(&StreamCase) -> StreamExpected,
) -> String {
    let file = VectorFile {
        comment: super::notice::text(catalog),
        spec: "docs/spec/retry.md".to_owned(),
        now: NOW,
        cases: cases
            .iter()
            .map(|case| Vector {
                expected: expect(case),
                case: case.clone(),
            })
            .collect(),
        stream_cases: stream_cases
            .iter()
            .map(|case| StreamVector {
                expected: expect_stream(case),
                case: case.clone(),
            })
            .collect(),
    };
    to_pretty(&serde_json::to_value(&file).unwrap_or(Value::Null))
}

/// The JSON Schema (draft 2020-12) of `retry.vectors.json`.
pub fn schema(catalog: &Catalog) -> Value {
    let mut root = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<VectorFile>();
    root.insert(
        "$id".into(),
        json!(schema_id(catalog, "retry.vectors.schema.json")),
    );
    root.insert("$comment".into(), json!(super::notice::text(catalog)));
    root.insert(
        "description".into(),
        json!("The retry vectors: cases with their inputs and the outputs the Rust retry core gives for them, by the rules of docs/spec/retry.md."),
    );
    canonical(root.to_value())
}

/// Emits `retry.vectors.schema.json`.
pub fn emit_schema(catalog: &Catalog) -> String {
    to_pretty(&schema(catalog))
}
