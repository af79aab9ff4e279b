//! The expected decisions of the retry vectors, made by the Rust retry core itself:
//! `kiwi_errors::retry::decision::decide` on an error read against the checked model.
//!
//! [`ModelError`] is a [`CatalogError`] whose body is parsed by the runtime's own
//! parser ([`ErrorObject`], which keeps every type and code as a string here) and
//! whose retry policy is resolved from the [`Catalog`] in the same order as
//! `ErrorObject::retry_policy`: a known code, else the HTTP status (the catalog's
//! default for a listed status, else [`RetryPolicy::for_unlisted_status`]), else the
//! type's status, else never. So the generator needs no expanded table, and the
//! decisions it writes are those of any client built from the same catalog.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kiwi_errors_codegen::emit::{decision, vectors};
//!
//! let source = std::fs::read_to_string("../catalog/errors.toml")?;
//! let catalog = kiwi_errors_codegen::parse_catalog("catalog/errors.toml", &source)?;
//! let policies = decision::Policies::new(&catalog);
//! for case in vectors::inputs(&catalog) {
//!     let expected = policies.expected(&case);
//!     assert_eq!(expected.retry, expected.reason.is_none());
//! }
//! # Ok(())
//! # }
//! ```

use core::fmt;
use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use kiwi_errors::retry::{
    Failure, GiveUpReason, RetryBudget, RetryConfig,
    decision::{Attempted, Decision, decide},
    hints::HintSource,
    runtime::Random,
};
use kiwi_errors::stream::{StreamEnd, StreamEvent};
use kiwi_errors::{CatalogCode, CatalogError, CatalogName, ErrorObject, RetryPolicy};
use serde::{Deserialize, Serialize};

use super::vectors::{self, Case, Expected, StreamCase, StreamExpected};
use crate::model::Catalog;

/// A type or code name as sent on the wire, known or not: the catalog is consulted
/// after parsing, by [`ModelError::from_response`].
///
/// It parses from a JSON string only, like the names of an expanded table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WireName(String);

impl fmt::Display for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl CatalogName for WireName {
    fn parse(name: &str) -> Self {
        WireName(name.to_owned())
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    fn status_code(&self) -> Option<u16> {
        None
    }

    fn retry_policy(&self) -> Option<RetryPolicy> {
        None
    }
}

impl CatalogCode for WireName {
    type Type = WireName;

    fn remediation(&self) -> &'static [&'static str] {
        &[]
    }

    fn doc_url(&self) -> Option<&'static str> {
        None
    }

    fn status_retry_policy(_status: u16) -> Option<RetryPolicy> {
        None
    }
}

/// An error response read against a checked [`Catalog`]: the runtime's parse of the
/// body and the catalog's retry policy for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    object: ErrorObject<WireName>,
    policy: RetryPolicy,
}

impl ModelError {
    /// The error of an HTTP response, whatever its body, read as the runtime reads it
    /// ([`ErrorObject::from_http_response_with`], with the catalog's type of each
    /// status), with its retry policy in the catalog.
    pub fn from_response(policies: &Policies<'_>, status: u16, body: &[u8]) -> Self {
        let object = ErrorObject::from_http_response_with(status, body, |status| {
            policies.status_type(status)
        });
        let policy = policies.of(&object);
        ModelError { object, policy }
    }

    /// What an event of a stream is, read as the runtime reads it
    /// ([`ErrorObject::from_stream_event_with`], with the catalog's end of a stream and
    /// type of each status), an error with its retry policy in the catalog.
    pub fn from_stream_event(
        policies: &Policies<'_>,
        end: Option<StreamEnd<'_>>,
        name: &str,
        data: &str,
    ) -> StreamEvent<Self> {
        ErrorObject::from_stream_event_with(name, data, end, |status| policies.status_type(status))
            .map(|object| {
                let policy = policies.of(&object);
                ModelError { object, policy }
            })
    }

    /// The parsed error object (type and code as sent).
    pub fn object(&self) -> &ErrorObject<WireName> {
        &self.object
    }
}

/// The retry policies of a catalog's codes, statuses and types, looked up by wire name
/// or number.
#[derive(Clone, Debug)]
pub struct Policies<'a> {
    catalog: &'a Catalog,
    codes: HashMap<&'a str, RetryPolicy>,
    code_statuses: HashMap<&'a str, u16>,
    statuses: HashMap<u16, RetryPolicy>,
    type_statuses: HashMap<&'a str, u16>,
    status_types: HashMap<u16, &'a str>,
}

impl<'a> Policies<'a> {
    /// The policies of `catalog`: each code's effective one, each status's default, and
    /// each type's status.
    pub fn new(catalog: &'a Catalog) -> Self {
        Policies {
            catalog,
            code_statuses: catalog
                .codes
                .iter()
                .map(|c| (c.name.as_str(), catalog.status_of(c).code))
                .collect(),
            codes: catalog
                .codes
                .iter()
                .map(|c| (c.name.as_str(), c.retry))
                .collect(),
            statuses: catalog.statuses.iter().map(|s| (s.code, s.retry)).collect(),
            type_statuses: catalog
                .types
                .iter()
                .map(|t| (t.name.as_str(), catalog.status(t.status).code))
                .collect(),
            status_types: catalog
                .statuses
                .iter()
                .filter_map(|s| {
                    let mut of_status = catalog
                        .types
                        .iter()
                        .filter(|t| catalog.status(t.status).code == s.code);
                    match (of_status.next(), of_status.next()) {
                        (Some(only), None) => Some((s.code, only.name.as_str())),
                        _ => None,
                    }
                })
                .collect(),
        }
    }

    /// The type of an error of `status` whose body names none: the catalog's only type
    /// of that status, else `http_Nxx_error`.
    pub fn status_type(&self, status: u16) -> WireName {
        self.status_types.get(&status).map_or_else(
            || WireName(format!("http_{}xx_error", (status / 100) % 10)),
            |name| WireName((*name).to_owned()),
        )
    }

    /// The policy of an error, in the order of `ErrorObject::retry_policy`, with this
    /// catalog's policies.
    pub fn of(&self, object: &ErrorObject<WireName>) -> RetryPolicy {
        object.retry_policy_from(
            |code| self.codes.get(code.as_str()).copied(),
            |status| self.statuses.get(&status).copied(),
            |error_type| self.type_statuses.get(error_type.as_str()).copied(),
        )
    }

    /// The status of an error without one of its own, from a stream (the retry
    /// specification, section 14.2): its code's, else its type's, else 500.
    pub fn stream_status(&self, object: &ErrorObject<WireName>) -> u16 {
        object
            .code()
            .and_then(|c| self.code_statuses.get(c.as_str()).copied())
            .or_else(|| {
                self.type_statuses
                    .get(object.error_type().as_str())
                    .copied()
            })
            .unwrap_or(500)
    }

    /// The expected outputs of a stream case: its event classified against the
    /// catalog ([`ModelError::from_stream_event`]), an error decided by
    /// `kiwi_errors::retry::decision::decide` as a stream's failure.
    pub fn expected_stream(&self, case: &StreamCase) -> StreamExpected {
        let end = vectors::stream_end(self.catalog);
        match ModelError::from_stream_event(self, end, &case.event, &case.data) {
            StreamEvent::End => StreamExpected::not_an_error("end"),
            StreamEvent::Content => StreamExpected::not_an_error("content"),
            StreamEvent::Error(error) => {
                let status = self.stream_status(&error.object);
                let read = (
                    error.policy,
                    error.object.error_type().as_str().to_owned(),
                    error.object.code().map(|c| c.as_str().to_owned()),
                    error.object.param().map(str::to_owned),
                    error.object.message().to_owned(),
                );
                let failure =
                    Failure::stream(error, header_map(&case.case.headers), case.delivered);
                StreamExpected::error(status, expectation(&case.case, read, &failure))
            }
        }
    }

    /// The expected decision of a case: its response read against the catalog
    /// ([`ModelError::from_response`]), decided by `kiwi_errors::retry::decision::decide` as the
    /// vectors module says.
    pub fn expected(&self, case: &Case) -> Expected {
        let error = ModelError::from_response(self, case.status, case.body.as_bytes());
        let read = (
            error.policy,
            error.object.error_type().as_str().to_owned(),
            error.object.code().map(|c| c.as_str().to_owned()),
            error.object.param().map(str::to_owned),
            error.object.message().to_owned(),
        );
        expectation(case, read, &Failure::api(error, header_map(&case.headers)))
    }
}

/// `retry.vectors.json` for a catalog, with the decisions of the Rust retry core.
pub fn emit(catalog: &Catalog) -> String {
    let policies = Policies::new(catalog);
    vectors::emit(
        catalog,
        |case| policies.expected(case),
        |case| policies.expected_stream(case),
    )
}

/// A vectors file of only the cases that depend on the catalog
/// ([`vectors::catalog_inputs`]), with the decisions of the Rust retry core: what a
/// snapshot of a fixture catalog keeps.
pub fn emit_catalog_cases(catalog: &Catalog) -> String {
    let policies = Policies::new(catalog);
    vectors::emit_cases(
        catalog,
        &vectors::catalog_inputs(catalog),
        |case| policies.expected(case),
        &vectors::stream_inputs(catalog),
        |case| policies.expected_stream(case),
    )
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.object.fmt(f)
    }
}

impl std::error::Error for ModelError {}

impl CatalogError for ModelError {
    /// Without a catalog every type and code is unknown, so the status alone decides
    /// ([`RetryPolicy::for_unlisted_status`]); [`ModelError::from_response`] reads the
    /// response against a catalog.
    fn from_http_response(status: u16, body: &[u8]) -> Self {
        let object = ErrorObject::from_http_response(status, body);
        let policy = object.retry_policy();
        ModelError { object, policy }
    }

    /// Without a catalog, as [`CatalogError::from_http_response`]: every name unknown,
    /// no end of a stream; [`ModelError::from_stream_event`] reads it against a catalog.
    fn from_stream_event(name: &str, data: &str) -> StreamEvent<Self> {
        ErrorObject::from_stream_event(name, data).map(|object| {
            let policy = object.retry_policy();
            ModelError { object, policy }
        })
    }

    fn status(&self) -> u16 {
        self.object.status()
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.policy
    }

    fn code_str(&self) -> Option<&str> {
        self.object.code().map(WireName::as_str)
    }

    fn type_str(&self) -> &str {
        self.object.error_type().as_str()
    }

    fn to_json(&self) -> String {
        self.object.to_json()
    }
}

/// The random source of a case: it always draws the case's `random`.
struct Fixed(f64);

impl Random for Fixed {
    fn next_u64(&mut self) -> u64 {
        // Only `next_f64` is used by the decision; this is its inverse for `[0, 1)`.
        (self.0 * (1u64 << 53) as f64) as u64 >> 11 << 11
    }

    fn next_f64(&mut self) -> f64 {
        self.0
    }
}

/// The response headers of a case. A name or value that HTTP cannot carry is left out
/// (no client could receive it).
fn header_map(headers: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Seconds as a duration: negative or not a number is zero, too large is the maximum.
fn seconds(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The retry configuration of a case: its attempts cap, hint maximum, deadline, hint
/// jitter and backoff.
fn config(case: &Case) -> RetryConfig {
    let mut config = RetryConfig::default();
    config.max_attempts = case.max_attempts;
    config.max_hint = seconds(case.max_hint_s);
    config.deadline = case.deadline_s.map(seconds);
    config.hint_jitter = seconds(case.hint_jitter_ms / 1000.0);
    config.backoff = kiwi_errors::retry::Backoff {
        base: seconds(case.backoff_base_ms / 1000.0),
        cap: seconds(case.backoff_cap_ms / 1000.0),
    };
    config
}

/// The wall-clock time of a case.
fn wall(case: &Case) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(case.now)
}

/// The name of a hint's header in the vectors file.
fn hint_source_name(source: HintSource) -> &'static str {
    match source {
        HintSource::RetryAfterMs => "RetryAfterMs",
        HintSource::RetryAfter => "RetryAfter",
        HintSource::RateLimitReset => "RateLimitReset",
        HintSource::Attached => "Attached",
    }
}

/// The name of a reason to give up in the vectors file.
fn reason_name(reason: GiveUpReason) -> &'static str {
    match reason {
        GiveUpReason::Fatal => "Fatal",
        GiveUpReason::Attempts => "Attempts",
        GiveUpReason::Budget => "Budget",
        GiveUpReason::HintTooLong { .. } => "HintTooLong",
        GiveUpReason::Deadline { .. } => "Deadline",
        GiveUpReason::Partial => "Partial",
        GiveUpReason::Paced { .. } => "Paced",
    }
}

/// The decision of `kiwi_errors::retry::decision::decide` for the failure of a case, as
/// the vectors file spells it, with what was read of the error: an unlimited budget (the
/// budget is per client, not part of a decision) and the case's random draw.
fn expectation<E: CatalogError>(
    case: &Case,
    (policy, error_type, code, param, message): (
        RetryPolicy,
        String,
        Option<String>,
        Option<String>,
        String,
    ),
    failure: &Failure<E>,
) -> Expected {
    let attempted = Attempted {
        failure,
        attempts: case.attempt,
        elapsed: seconds(case.elapsed_s),
        wall: wall(case),
    };
    let decision = decide(
        &config(case),
        &attempted,
        &RetryBudget::unlimited(),
        &mut Fixed(case.random),
    );
    let mut expected = Expected {
        policy: policy.as_str().to_owned(),
        error_type,
        code,
        param,
        message,
        retry: false,
        reason: None,
        hint_source: None,
        delay_ms: None,
        delay_floor_ms: None,
        delay_ceiling_ms: None,
        retry_after_ms: None,
    };
    match decision {
        Decision::Retry {
            delay,
            floor,
            ceiling,
            hint,
            ..
        } => {
            expected.retry = true;
            expected.hint_source = hint.map(|h| hint_source_name(h.source).to_owned());
            expected.delay_ms = Some(millis(delay));
            expected.delay_floor_ms = Some(millis(floor));
            expected.delay_ceiling_ms = Some(millis(ceiling));
        }
        Decision::GiveUp { reason, hint } => {
            expected.reason = Some(reason_name(reason).to_owned());
            expected.hint_source = hint.map(|h| hint_source_name(h.source).to_owned());
            expected.retry_after_ms = reason.retry_after().map(millis);
        }
    }
    expected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Catalog {
        crate::parse_catalog(
            "catalog/errors.toml",
            include_str!("../../../catalog/errors.toml"),
        )
        .unwrap()
    }

    fn body(error_type: &str, code: &str) -> Vec<u8> {
        serde_json::json!({"error": {"message": "m", "type": error_type, "code": code}})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_known_code_decides_at_any_status() {
        let catalog = shipped();
        let policies = Policies::new(&catalog);
        for code in &catalog.codes {
            let body = body(&catalog.type_of(code).name, &code.name);
            for status in [catalog.status_of(code).code, 418, 503] {
                let error = ModelError::from_response(&policies, status, &body);
                assert_eq!(error.retry_policy(), code.retry, "{}", code.name);
                assert_eq!(error.code_str(), Some(code.name.as_str()));
            }
        }
    }

    #[test]
    fn an_unknown_code_takes_the_status_default_listed_or_not() {
        let catalog = shipped();
        let policies = Policies::new(&catalog);
        let body = body("brand_new_error", "brand_new_code");
        for status in &catalog.statuses {
            let error = ModelError::from_response(&policies, status.code, &body);
            assert_eq!(error.retry_policy(), status.retry, "{}", status.code);
        }
        for status in [408, 418, 599] {
            assert!(catalog.statuses.iter().all(|s| s.code != status));
            let error = ModelError::from_response(&policies, status, &body);
            assert_eq!(
                error.retry_policy(),
                RetryPolicy::for_unlisted_status(status)
            );
        }
    }

    #[test]
    fn a_repeated_member_takes_the_last_and_the_code_still_decides() {
        let catalog = shipped();
        let policies = Policies::new(&catalog);
        let never = catalog
            .codes
            .iter()
            .find(|c| c.retry == RetryPolicy::Never)
            .or_else(|| catalog.codes.first())
            .expect("a catalog has codes");
        let repeated = format!(
            r#"{{"error": {{"message": "m", "type": "{}", "code": "brand_new", "code": "{}"}}}}"#,
            catalog.type_of(never).name,
            never.name
        );
        let error = ModelError::from_response(&policies, 503, repeated.as_bytes());
        assert_eq!(error.type_str(), catalog.type_of(never).name);
        assert_eq!(error.code_str(), Some(never.name.as_str()));
        assert_eq!(error.retry_policy(), never.retry);
    }

    #[test]
    fn a_body_that_is_not_json_leaves_the_status_to_decide() {
        let catalog = shipped();
        let policies = Policies::new(&catalog);
        let error = ModelError::from_response(&policies, 503, br#"{"error": {"code": "x\ud800"}}"#);
        assert_eq!(error.code_str(), None);
        let expected = catalog
            .statuses
            .iter()
            .find(|s| s.code == 503)
            .map_or(RetryPolicy::for_unlisted_status(503), |s| s.retry);
        assert_eq!(error.retry_policy(), expected);
    }

    #[test]
    fn without_a_catalog_the_status_alone_decides() {
        let catalog = shipped();
        let never = catalog
            .codes
            .iter()
            .find(|c| c.retry == RetryPolicy::Never)
            .or_else(|| catalog.codes.first())
            .expect("a catalog has codes");
        let body = body(&catalog.type_of(never).name, &never.name);
        let error = ModelError::from_http_response(503, &body);
        assert_eq!(error.code_str(), Some(never.name.as_str()));
        assert_eq!(error.retry_policy(), RetryPolicy::Backoff);
    }
}
