//! Errors in streams without a network: the `mod stream` row of a table, classifying
//! events of any name and data (never a panic; content stays content), and an error sent
//! as an event in each of the three shapes reading back as the same error.

use kiwi_errors::stream::{StreamEnd, StreamEvent, StreamShape, end_event, error_event};
use kiwi_errors::{CatalogError, RetryPolicy};
use proptest::prelude::*;

/// A catalog of one's own per shape, written by hand, each ending its streams its way.
macro_rules! own_catalog {
    ($module:ident, $event:literal, $shape:ident, $end:ident $(($value:literal))?) => {
        mod $module {
            kiwi_errors::error_catalog! {
                mod statuses {
                    const _: Status = Status {
                        variant: TooManyRequests, code: 429, name: "Too Many Requests",
                        description: "Slow down.", success: false, retry: Backoff,
                    };
                    const _: Status = Status {
                        variant: Overloaded, code: 529, name: "Overloaded",
                        description: "Overloaded.", success: false, retry: Backoff,
                    };
                }
                mod types {
                    const _: Type = Type {
                        variant: ThrottledError, name: "throttled_error",
                        status: TooManyRequests, description: "Throttled.",
                    };
                    const _: Type = Type {
                        variant: OverloadedError, name: "overloaded_error",
                        status: Overloaded, description: "Overloaded.",
                    };
                }
                mod codes {
                    const _: Code = Code {
                        variant: PlanLimit, name: "plan_limit", constructor: plan_limit,
                        error_type: ThrottledError, retry: Never,
                        message: "The {plan} plan allows no more.", args: [(plan, "plan")],
                        param: Some("plan"), description: "The plan's limit is reached.",
                        remediation: ["Upgrade"], doc_url: "https://example.com/errors#plan_limit",
                    };
                    const _: Code = Code {
                        variant: Overloaded, name: "overloaded", constructor: overloaded,
                        error_type: OverloadedError, retry: Backoff,
                        message: "Overloaded.", args: [],
                        param: None, description: "The service is overloaded.",
                        remediation: ["Retry later"], doc_url: "https://example.com/errors#overloaded",
                    };
                }
                mod stream {
                    const _: Stream = Stream {
                        event: $event,
                        shape: $shape,
                        end: $end $(($value))?,
                        codes: [Overloaded],
                    };
                }
            }
        }
    };
}

own_catalog!(envelope, "message", Envelope, Data("[DONE]"));
own_catalog!(named, "error", Named, Event("message_stop"));
own_catalog!(flat, "error", Flat, None);

/// Splits one server-sent event block into its name and data, as an SSE decoder does.
fn parse_block(block: &str) -> (String, String) {
    let mut name = String::from("message");
    let mut data = Vec::new();
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("event: ") {
            name = v.to_owned();
        } else if let Some(v) = line.strip_prefix("data: ") {
            data.push(v);
        }
    }
    assert!(
        block.ends_with("\n\n"),
        "an event ends with a blank line: {block:?}"
    );
    (name, data.join("\n"))
}

#[test]
fn the_stream_row_of_a_table_is_its_format() {
    let format = envelope::ErrorCode::STREAM.expect("a stream row");
    assert_eq!(format.event, "message");
    assert_eq!(format.shape, StreamShape::Envelope);
    assert_eq!(format.end, Some(StreamEnd::Data("[DONE]")));
    assert_eq!(
        named::ErrorCode::STREAM.map(|f| f.end),
        Some(Some(StreamEnd::Event("message_stop")))
    );
    assert_eq!(flat::ErrorCode::STREAM.map(|f| f.end), Some(None));
    assert!(envelope::ErrorCode::Overloaded.in_streams());
    assert!(!envelope::ErrorCode::PlanLimit.in_streams());
    assert_eq!(
        <envelope::ApiError as CatalogError>::stream_format(),
        envelope::ErrorCode::STREAM
    );
}

#[test]
fn each_shape_is_written_as_the_catalog_says_and_reads_back_as_the_same_error() {
    fn check<E: CatalogError + PartialEq>(err: E, want_name: &str, want_data_prefix: &str) {
        let block = error_event(&err);
        let (name, data) = parse_block(&block);
        assert_eq!(name, want_name, "{block}");
        assert!(data.starts_with(want_data_prefix), "{data}");
        let StreamEvent::Error(back) = E::from_stream_event(&name, &data) else {
            panic!("{block} is an error event");
        };
        assert_eq!(back.code_str(), err.code_str());
        assert_eq!(back.retry_policy(), err.retry_policy());
        assert_eq!(back.status(), err.status());
    }
    check(
        envelope::ApiError::plan_limit("Free"),
        "message",
        r#"{"error":"#,
    );
    check(named::ApiError::overloaded(), "error", r#"{"error":"#);
    check(flat::ApiError::plan_limit("Free"), "error", r#"{"code":"#);

    // The flat form carries no type: the code's, through the catalog, still decides.
    let StreamEvent::Error(back) = flat::ApiError::from_stream_event(
        "error",
        &parse_block(&error_event(&flat::ApiError::overloaded())).1,
    ) else {
        panic!()
    };
    assert_eq!(back.status(), 529);
    assert_eq!(back.retry_policy(), RetryPolicy::Backoff);
    assert_eq!(back.http_status(), None);
}

#[test]
fn each_catalog_ends_its_streams_its_way() {
    let (name, data) = parse_block(&end_event::<envelope::ApiError>().unwrap());
    assert!(matches!(
        envelope::ApiError::from_stream_event(&name, &data),
        StreamEvent::End
    ));
    let (name, data) = parse_block(&end_event::<named::ApiError>().unwrap());
    assert_eq!(name, "message_stop");
    assert!(matches!(
        named::ApiError::from_stream_event(&name, &data),
        StreamEvent::End
    ));
    assert_eq!(end_event::<flat::ApiError>(), None);
    // Without an end, `[DONE]` is just content.
    assert!(matches!(
        flat::ApiError::from_stream_event("message", "[DONE]"),
        StreamEvent::Content
    ));
}

/// Event data that looks like what APIs stream, and arbitrary text.
fn data() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-z_]{0,10}".prop_map(|s| format!("{s:?}")),
        Just(r#""error""#.to_owned()),
        Just("{}".to_owned()),
    ];
    let member = ("(error|type|code|message|param|response|choices|x)", scalar)
        .prop_map(|(k, v)| format!("{k:?}: {v}"));
    let object = prop::collection::vec(member, 0..5).prop_map(|m| format!("{{{}}}", m.join(", ")));
    prop_oneof![
        object.clone(),
        object.prop_map(|o| format!(r#"{{"error": {o}}}"#)),
        ".{0,64}",
        "\\PC{0,64}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_event_is_the_end_an_error_or_content_and_never_panics(
        name in "(message|error|response.failed|[a-z_.]{0,12}|\\PC{0,8})",
        data in data(),
    ) {
        match envelope::ApiError::from_stream_event(&name, &data) {
            StreamEvent::Error(err) => {
                // No status on the wire; an effective one from the catalog, or 500.
                prop_assert_eq!(err.http_status(), None);
                prop_assert!(err.status() >= 400);
            }
            StreamEvent::End => prop_assert_eq!(data.as_str(), "[DONE]"),
            StreamEvent::Content => {
                // Content is never an object with an `error` object, unless it is not JSON.
                let value: Option<serde_json::Value> = serde_json::from_str(&data).ok();
                let is_envelope = value
                    .as_ref()
                    .and_then(|v| v.get("error"))
                    .is_some_and(serde_json::Value::is_object);
                prop_assert!(!is_envelope, "{}", data);
                prop_assert!(name != "error");
            }
        }
    }
}
