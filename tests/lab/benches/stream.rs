//! Classifying the events of a stream: a realistic answer of content deltas, and an error
//! event, against parsing each event's data into `serde_json::Value` (what a client does
//! to read a delta at all).
//!
//! Targets: `stream/classify_content` at most 0.1× `stream/parse_content`;
//! `stream/classify_error` at most 1.0× `stream/parse_error`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kiwi_errors::ApiError;
use kiwi_errors::stream::StreamEvent;

/// The content deltas of a chat-completion stream: a role, then words, then the finish.
fn deltas() -> Vec<String> {
    let mut out = vec![
        r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1767225600,"model":"kiwi-1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#
            .to_owned(),
    ];
    let words = "Errors in a stream arrive after the 200 as events; a client types them from the catalog and retries a stream only while it has delivered nothing, with \"quotes\", unicode — ✓ and an error word too."
        .split(' ');
    for word in words {
        let chunk = serde_json::json!({
            "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1767225600,
            "model": "kiwi-1",
            "choices": [{"index": 0, "delta": {"content": format!("{word} ")}, "finish_reason": null}],
        });
        out.push(chunk.to_string());
    }
    out.push(
        r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1767225600,"model":"kiwi-1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
            .to_owned(),
    );
    out
}

const ERROR: &str = r#"{"error": {"message": "The service is temporarily unavailable", "type": "server_error", "code": "service_unavailable"}}"#;

fn benches(c: &mut Criterion) {
    let deltas = deltas();
    let total: usize = deltas.iter().map(String::len).sum();
    assert!(
        deltas.iter().all(|d| matches!(
            ApiError::from_stream_event("message", d),
            StreamEvent::Content
        )),
        "every delta is content"
    );
    assert!(matches!(
        ApiError::from_stream_event("message", ERROR),
        StreamEvent::Error(_)
    ));

    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("classify_content", |b| {
        b.iter(|| {
            for d in &deltas {
                black_box(ApiError::from_stream_event("message", black_box(d)));
            }
        })
    });
    group.bench_function("parse_content", |b| {
        b.iter(|| {
            for d in &deltas {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(d)).ok());
            }
        })
    });
    group.throughput(Throughput::Bytes(ERROR.len() as u64));
    group.bench_function("classify_error", |b| {
        b.iter(|| black_box(ApiError::from_stream_event("message", black_box(ERROR))))
    });
    group.bench_function("parse_error", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(black_box(ERROR)).ok()))
    });
    group.finish();
}

criterion_group!(stream, benches);
criterion_main!(stream);
