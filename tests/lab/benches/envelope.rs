//! Envelope parsing and serialization: real error bodies into the typed `ApiError`,
//! against a hand-written serde struct with `String` fields and `serde_json::Value`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kiwi_errors::ErrorEnvelope;

/// The baseline: what a client writes by hand without kiwi-errors.
#[derive(serde::Deserialize, serde::Serialize)]
struct StringsEnvelope {
    error: StringsError,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct StringsError {
    message: String,
    #[serde(rename = "type")]
    error_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    param: Option<String>,
}

/// The reference page's example bodies, plus one with a code this build does not know.
const BODIES: &[&str] = &[
    r#"{
  "error": {
    "message": "The model 'invalid-model' does not exist.",
    "type": "invalid_request_error",
    "code": "model_not_found",
    "param": "model"
  }
}"#,
    r#"{"error": {"message": "Invalid API key", "type": "authentication_error"}}"#,
    r#"{"error": {"message": "Rate limit exceeded", "type": "rate_limit_error"}}"#,
    r#"{"error": {"message": "Context length exceeded", "type": "invalid_request_error", "code": "context_length_exceeded"}}"#,
    r#"{"error": {"message": "This feature requires Pro tier", "type": "access_denied_error"}}"#,
    r#"{"error": {"message": "A brand new failure", "type": "invalid_request_error", "code": "brand_new_code", "param": "input"}}"#,
];

fn benches(c: &mut Criterion) {
    let bytes: Vec<&[u8]> = BODIES.iter().map(|b| b.as_bytes()).collect();
    let total: usize = bytes.iter().map(|b| b.len()).sum();

    let mut group = c.benchmark_group("envelope");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("kiwi", |b| {
        b.iter(|| {
            for body in &bytes {
                black_box(serde_json::from_slice::<ErrorEnvelope>(black_box(body)).ok());
            }
        })
    });
    group.bench_function("strings", |b| {
        b.iter(|| {
            for body in &bytes {
                black_box(serde_json::from_slice::<StringsEnvelope>(black_box(body)).ok());
            }
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            for body in &bytes {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
            }
        })
    });
    group.finish();

    let kiwi: Vec<ErrorEnvelope> = bytes
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let strings: Vec<StringsEnvelope> = bytes
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let mut group = c.benchmark_group("serialize");
    group.throughput(Throughput::Elements(kiwi.len() as u64));
    let mut buf = Vec::with_capacity(4096);
    group.bench_function("kiwi", |b| {
        b.iter(|| {
            for e in &kiwi {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(e)).unwrap();
                black_box(&buf);
            }
        })
    });
    group.bench_function("strings", |b| {
        b.iter(|| {
            for e in &strings {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(e)).unwrap();
                black_box(&buf);
            }
        })
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
