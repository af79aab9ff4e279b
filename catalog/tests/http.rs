//! The server side: a catalog's error as an HTTP response, through `kiwi_errors::http`
//! and axum's `IntoResponse`, for the frozen seed catalog and for a catalog of one's own.
#![cfg(feature = "http")]

use std::time::Duration;

/// A catalog of one's own, written by hand: it gets the same HTTP impls.
mod own {
    kiwi_errors::error_catalog! {
        mod statuses {
            const _: Status = Status {
                variant: TooManyRequests, code: 429, name: "Too Many Requests",
                description: "Slow down.", success: false, retry: Backoff,
            };
        }
        mod types {
            const _: Type = Type {
                variant: ThrottledError, name: "throttled_error",
                status: TooManyRequests, description: "Throttled.",
            };
        }
        mod codes {
            const _: Code = Code {
                variant: PlanLimit, name: "plan_limit", constructor: plan_limit,
                error_type: ThrottledError, retry: Never,
                message: "The {plan} plan allows no more.", args: [(plan, "plan")],
                param: None, description: "The plan's limit is reached.",
                remediation: ["Upgrade"], doc_url: "https://example.com/errors#plan_limit",
            };
        }
    }
}

fn header<'a>(response: &'a http::Response<String>, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

#[test]
fn an_own_catalog_error_converts_to_a_response() {
    let err = own::ApiError::plan_limit("Free").retry_after(Duration::from_millis(2500));
    let response: http::Response<String> = err.clone().into();
    assert_eq!(response.status(), 429);
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    assert_eq!(header(&response, "x-should-retry"), Some("false"));
    assert_eq!(header(&response, "retry-after"), Some("3"));
    assert_eq!(header(&response, "retry-after-ms"), Some("2500"));
    assert_eq!(response.body(), &err.to_json());
}

#[test]
fn no_delay_no_retry_after() {
    let response = kiwi_errors::http::response(&own::ApiError::plan_limit("Free"));
    assert_eq!(header(&response, "retry-after"), None);
    assert_eq!(header(&response, "retry-after-ms"), None);
}

/// The frozen seed table (`tests/fixtures/catalogs/seed.toml`): the conversions are
/// tested on it, so an edit of the shipped catalog leaves these tests as they are.
#[allow(clippy::all, missing_docs, dead_code)]
mod seed {
    include!("../../tests/fixtures/catalogs/seed.rs");
}

#[test]
fn the_response_body_parses_back_to_the_error() {
    use seed::{ApiError, ErrorCode};
    for code in ErrorCode::ALL {
        let err = ApiError::example(code).unwrap();
        let response = kiwi_errors::http::response(&err);
        let back: ApiError = kiwi_errors::http::error_of(&response);
        assert_eq!(back.code(), Some(code));
        assert_eq!(back.status(), err.status());
        assert_eq!(
            header(&response, "x-should-retry"),
            Some(if err.is_retryable() { "true" } else { "false" })
        );
    }
}

#[cfg(feature = "axum")]
mod axum_responses {
    use axum_core::response::IntoResponse;
    use http_body_util::BodyExt;

    use super::*;

    async fn body(response: axum_core::response::Response) -> String {
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn into_response_sends_the_envelope_and_headers() {
        let err = own::ApiError::plan_limit("Pro").retry_after(Duration::from_secs(1));
        let response = err.clone().into_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["retry-after"], "1");
        assert_eq!(body(response).await, err.to_json());
    }

    #[tokio::test]
    async fn the_envelope_and_the_object_respond_alike() {
        let err = own::ApiError::plan_limit("Pro");
        let from_envelope = body(err.clone().into_envelope().into_response()).await;
        let from_object = body(err.clone().into_inner().into_response()).await;
        assert_eq!(from_envelope, err.to_json());
        assert_eq!(from_object, err.to_json());
    }
}
