//! Retries seen through `tracing` (feature `tracing`): a subscriber of this file records
//! every span of the retry helper (name, parent, fields as recorded) and every event, and
//! the tests check the span of a call, the span of each attempt inside it with the
//! OpenTelemetry HTTP client attribute names, and the decisions they record — through
//! `Retrier::run` on virtual time, `Retrier::run_async` on tokio's paused time, the tower
//! policy, and the reqwest middleware and `Retrier::run_stream_async` (feature `stream`)
//! against an axum server on loopback.
//!
//! The codes come from the errors the tests build, never from strings kept here.
#![cfg(feature = "llm-kiwi")]

mod loopback;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

use kiwi_errors::retry::reqwest::RetryMiddleware;
use kiwi_errors::retry::testing::VirtualClock;
use kiwi_errors::retry::{Backoff, Failure, GiveUpReason, Retrier, RetryBudget};
use kiwi_errors::{ApiError, CatalogError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// A recorded field value.
#[derive(Clone, Debug, PartialEq)]
enum V {
    U(u64),
    I(i64),
    S(String),
    B(bool),
}

type Fields = BTreeMap<String, V>;

#[derive(Clone, Debug)]
struct SpanRec {
    id: u64,
    name: &'static str,
    target: String,
    parent: Option<u64>,
    fields: Fields,
}

#[derive(Clone, Debug)]
struct EventRec {
    span: Option<u64>,
    level: tracing::Level,
    fields: Fields,
}

#[derive(Default)]
struct State {
    spans: Vec<SpanRec>,
    events: Vec<EventRec>,
    /// The entered spans of each thread, innermost last.
    stacks: HashMap<ThreadId, Vec<u64>>,
}

impl State {
    fn current(&self) -> Option<u64> {
        self.stacks
            .get(&std::thread::current().id())
            .and_then(|stack| stack.last().copied())
    }
}

/// Records the spans and events of the retry helper (target `kiwi_errors…`) and of the
/// tests' own "application" (target `app`).
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<State>>);

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), V::U(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), V::I(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_owned(), V::B(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .insert(field.name().to_owned(), V::S(value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_owned(), V::S(format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // Asked each time: other tests run beside this one with other subscribers.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("kiwi_errors") || metadata.target() == "app"
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut state = self.0.lock().unwrap();
        let parent = match attrs.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attrs.is_contextual() => state.current(),
            None => None,
        };
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        let id = state.spans.len() as u64 + 1;
        state.spans.push(SpanRec {
            id,
            name: attrs.metadata().name(),
            target: attrs.metadata().target().to_owned(),
            parent,
            fields,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Visitor(&mut state.spans[index].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut state = self.0.lock().unwrap();
        let span = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => state.current(),
            None => None,
        };
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        state.events.push(EventRec {
            span,
            level: *event.metadata().level(),
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        let mut state = self.0.lock().unwrap();
        let thread = std::thread::current().id();
        state
            .stacks
            .entry(thread)
            .or_default()
            .push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.0.lock().unwrap();
        let thread = std::thread::current().id();
        if let Some(stack) = state.stacks.get_mut(&thread) {
            if let Some(at) = stack.iter().rposition(|id| *id == span.into_u64()) {
                stack.remove(at);
            }
        }
    }
}

impl Capture {
    fn spans(&self) -> Vec<SpanRec> {
        self.0.lock().unwrap().spans.clone()
    }

    fn events(&self) -> Vec<EventRec> {
        self.0.lock().unwrap().events.clone()
    }

    /// The one call span of the retry helper, and its attempt spans in order.
    fn call(&self) -> (SpanRec, Vec<SpanRec>) {
        let spans = self.spans();
        let calls: Vec<_> = spans.iter().filter(|s| s.name == "retry").collect();
        assert_eq!(calls.len(), 1, "one call span: {spans:#?}");
        let call = calls[0].clone();
        assert_eq!(call.target, "kiwi_errors::retry");
        let attempts: Vec<_> = spans
            .iter()
            .filter(|s| s.name == "retry.attempt")
            .cloned()
            .collect();
        for attempt in &attempts {
            assert_eq!(attempt.parent, Some(call.id), "{attempt:?}");
            assert_eq!(attempt.target, "kiwi_errors::retry");
        }
        (call, attempts)
    }
}

fn s(text: &str) -> Option<V> {
    Some(V::S(text.to_owned()))
}

fn u(n: u64) -> Option<V> {
    Some(V::U(n))
}

fn field<'a>(span: &'a SpanRec, name: &str) -> Option<&'a V> {
    span.fields.get(name)
}

fn code(error: &ApiError) -> Option<V> {
    s(error
        .code_str()
        .expect("a catalog constructor's error has a code"))
}

/// A 429 whose server says, in `retry-after-ms`, to come back in 1.5 s.
fn rate_limited() -> (ApiError, http::HeaderMap) {
    let mut headers = http::HeaderMap::new();
    headers.insert("retry-after-ms", http::HeaderValue::from_static("1500"));
    (ApiError::rate_limit_exceeded(), headers)
}

/// Checks the three attempts of a call that failed with a 503, then a 429 with a
/// `retry-after-ms` hint, then succeeded.
fn check_503_429_ok(capture: &Capture) -> Vec<SpanRec> {
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 3, "{attempts:#?}");
    assert_eq!(field(&call, "retry.attempts"), u(3).as_ref());
    assert_eq!(field(&call, "retry.outcome"), s("succeeded").as_ref());
    assert_eq!(field(&call, "retry.give_up_reason"), None);

    let resends: Vec<_> = attempts
        .iter()
        .map(|a| field(a, "http.request.resend_count").cloned())
        .collect();
    assert_eq!(resends, vec![None, u(1), u(2)]);
    let numbers: Vec<_> = attempts
        .iter()
        .map(|a| field(a, "retry.attempt").cloned())
        .collect();
    assert_eq!(numbers, vec![u(1), u(2), u(3)]);

    let (first, second, third) = (&attempts[0], &attempts[1], &attempts[2]);
    assert_eq!(field(first, "http.response.status_code"), u(503).as_ref());
    assert_eq!(
        field(first, "error.type"),
        code(&ApiError::service_unavailable()).as_ref()
    );
    assert_eq!(field(first, "retry.decision"), s("retry").as_ref());
    assert!(matches!(field(first, "retry.delay_ms"), Some(V::U(_))));
    assert_eq!(field(first, "retry.hint_source"), None);
    assert!(matches!(
        field(first, "retry.budget_available"),
        Some(V::U(_))
    ));

    assert_eq!(field(second, "http.response.status_code"), u(429).as_ref());
    assert_eq!(
        field(second, "error.type"),
        code(&ApiError::rate_limit_exceeded()).as_ref()
    );
    assert_eq!(field(second, "retry.decision"), s("retry").as_ref());
    assert_eq!(
        field(second, "retry.hint_source"),
        s("retry-after-ms").as_ref()
    );
    match field(second, "retry.delay_ms") {
        Some(V::U(ms)) => assert!(*ms >= 1500, "{ms}"),
        other => panic!("retry.delay_ms {other:?}"),
    }

    // A success records no error and no decision.
    assert_eq!(field(third, "error.type"), None);
    assert_eq!(field(third, "retry.decision"), None);

    // Each event lands in the span of its attempt.
    let events = capture.events();
    for (attempt, span) in attempts.iter().enumerate() {
        let n = attempt as u64 + 1;
        let started = events
            .iter()
            .find(|e| e.fields.get("retry.attempt") == u(n).as_ref() && e.span == Some(span.id));
        assert!(started.is_some(), "attempt {n}'s events: {events:#?}");
    }
    attempts
}

#[test]
fn a_call_is_a_span_and_each_attempt_a_span_inside_it() {
    let capture = Capture::default();
    let retrier = Retrier::simulated(VirtualClock::new(), 3);
    let mut calls = 0;
    let result = tracing::subscriber::with_default(capture.clone(), || {
        let app = tracing::info_span!(target: "app", "handler");
        app.in_scope(|| {
            retrier.run(|| {
                calls += 1;
                // The client's own span, made while the attempt runs.
                let _client = tracing::info_span!(target: "app", "http.client").entered();
                match calls {
                    1 => Err(Failure::from(ApiError::service_unavailable())),
                    2 => {
                        let (error, headers) = rate_limited();
                        Err(Failure::api(error, headers))
                    }
                    _ => Ok("answer"),
                }
            })
        })
    });
    assert_eq!(result.unwrap(), "answer");
    let attempts = check_503_429_ok(&capture);

    let spans = capture.spans();
    let handler = spans.iter().find(|s| s.name == "handler").unwrap();
    let (call, _) = capture.call();
    assert_eq!(
        call.parent,
        Some(handler.id),
        "the call is the caller's child"
    );
    let clients: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "http.client")
        .map(|s| s.parent)
        .collect();
    let ids: Vec<_> = attempts.iter().map(|a| Some(a.id)).collect();
    assert_eq!(clients, ids, "the client's spans nest in the attempts");
}

#[test]
fn an_error_without_a_known_code_is_its_status_and_a_transport_error_its_class() {
    let capture = Capture::default();
    let retrier = Retrier::simulated(VirtualClock::new(), 5).max_attempts(2);
    // A body with a code this catalog does not know (a newer server's).
    let known = ApiError::service_unavailable();
    let known_code = known.code_str().unwrap().to_owned();
    let body = known.to_json().replace(&known_code, "brand_new_code");
    let unknown = ApiError::from_http_response(503, body.as_bytes());
    assert_eq!(unknown.code_str(), Some("brand_new_code"));
    let mut calls = 0;
    let result: Result<(), _> = tracing::subscriber::with_default(capture.clone(), || {
        retrier.run(|| {
            calls += 1;
            if calls == 1 {
                Err(Failure::<ApiError>::response(
                    503,
                    http::HeaderMap::new(),
                    body.as_bytes(),
                ))
            } else {
                Err(Failure::transport("connection reset"))
            }
        })
    });
    assert_eq!(result.unwrap_err().reason(), GiveUpReason::Attempts);
    let (call, attempts) = capture.call();
    assert_eq!(field(&attempts[0], "error.type"), s("503").as_ref());
    assert_eq!(
        field(&attempts[0], "http.response.status_code"),
        u(503).as_ref()
    );
    assert_eq!(field(&attempts[1], "error.type"), s("transport").as_ref());
    assert_eq!(field(&attempts[1], "http.response.status_code"), None);
    assert_eq!(field(&attempts[1], "retry.decision"), s("give_up").as_ref());
    assert_eq!(
        field(&attempts[1], "retry.give_up_reason"),
        s(GiveUpReason::Attempts.as_str()).as_ref()
    );
    assert_eq!(field(&call, "retry.outcome"), s("gave_up").as_ref());
    assert_eq!(field(&call, "retry.attempts"), u(2).as_ref());
}

#[test]
fn a_budget_give_up_records_its_reason_and_the_tokens_left() {
    let capture = Capture::default();
    let retrier =
        Retrier::simulated(VirtualClock::new(), 9).with_budget(RetryBudget::new(5, 5, 10, 5));
    let result: Result<(), _> = tracing::subscriber::with_default(capture.clone(), || {
        retrier.run(|| Err(Failure::from(ApiError::service_unavailable())))
    });
    let error = result.unwrap_err();
    assert_eq!(error.reason(), GiveUpReason::Budget);
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 2);
    let last = &attempts[1];
    assert_eq!(field(last, "retry.decision"), s("give_up").as_ref());
    assert_eq!(field(last, "retry.give_up_reason"), s("budget").as_ref());
    assert_eq!(field(last, "retry.budget_available"), u(0).as_ref());
    assert_eq!(field(&call, "retry.give_up_reason"), s("budget").as_ref());
    assert_eq!(field(&call, "retry.outcome"), s("gave_up").as_ref());

    // The refusal is an event in the last attempt's span, before the give-up.
    let events: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.span == Some(last.id))
        .collect();
    let denied = events
        .iter()
        .position(|e| {
            e.fields.contains_key("retry.cost") && !e.fields.contains_key("retry.delay_ms")
        })
        .expect("a budget refusal event");
    let gave_up = events
        .iter()
        .position(|e| e.fields.get("retry.give_up_reason") == s("budget").as_ref())
        .expect("a give-up event");
    assert!(denied < gave_up);
    assert_eq!(events[denied].level, tracing::Level::INFO);
    assert_eq!(
        events[denied].fields.get("retry.budget_available"),
        u(0).as_ref()
    );
}

#[tokio::test(start_paused = true)]
async fn run_async_runs_each_attempt_in_its_span() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let retrier = Retrier::new();
    let calls = AtomicU32::new(0);
    let result = retrier
        .run_async(|| async {
            // Suspended, then resumed: still in the attempt's span.
            tokio::task::yield_now().await;
            let _client = tracing::info_span!(target: "app", "http.client").entered();
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => Err(Failure::from(ApiError::service_unavailable())),
                1 => {
                    let (error, headers) = rate_limited();
                    Err(Failure::api(error, headers))
                }
                _ => Ok(7),
            }
        })
        .await;
    assert_eq!(result.unwrap(), 7);
    let attempts = check_503_429_ok(&capture);
    let clients: Vec<_> = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "http.client")
        .map(|s| s.parent)
        .collect();
    let ids: Vec<_> = attempts.iter().map(|a| Some(a.id)).collect();
    assert_eq!(clients, ids);
}

#[tokio::test(start_paused = true)]
async fn the_tower_policy_records_each_attempt_and_its_decision() {
    use tower::{Service, ServiceExt};

    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let inner = tower::service_fn(move |_: ()| {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let response = match n {
                0 => {
                    let error = ApiError::service_unavailable();
                    http::Response::builder()
                        .status(error.status())
                        .body(error.to_json())
                }
                _ => http::Response::builder()
                    .status(200)
                    .body(String::from("ok")),
            };
            Ok::<_, std::convert::Infallible>(response.expect("a valid response"))
        }
    });
    let policy =
        kiwi_errors::retry::tower::CatalogPolicy::<ApiError>::new(Arc::new(Retrier::new()));
    let mut service = tower::retry::Retry::new(policy, inner);
    let response = service.ready().await.unwrap().call(()).await.unwrap();
    assert_eq!(response.status(), 200);
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 2);
    assert_eq!(field(&call, "retry.outcome"), s("succeeded").as_ref());
    assert_eq!(
        field(&attempts[0], "error.type"),
        code(&ApiError::service_unavailable()).as_ref()
    );
    assert_eq!(field(&attempts[0], "retry.decision"), s("retry").as_ref());
    assert_eq!(
        field(&attempts[1], "http.request.resend_count"),
        u(1).as_ref()
    );
    assert_eq!(
        field(&attempts[1], "http.response.status_code"),
        u(200).as_ref()
    );
}

#[tokio::test]
async fn the_reqwest_middleware_makes_a_span_per_attempt_with_the_otel_names() {
    use axum::response::IntoResponse;

    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let hits = Arc::new(AtomicU64::new(0));
    let served = Arc::clone(&hits);
    let app = axum::Router::new().route(
        "/flaky",
        axum::routing::get(move || {
            let n = served.fetch_add(1, Ordering::SeqCst);
            async move {
                match n {
                    0 => ApiError::service_unavailable().into_response(),
                    1 => ApiError::rate_limit_exceeded()
                        .retry_after(Duration::from_millis(30))
                        .into_response(),
                    _ => "ok".into_response(),
                }
            }
        }),
    );
    let base = loopback::serve(app).await;
    let retrier = Arc::new(Retrier::new().backoff(Backoff {
        base: Duration::from_millis(10),
        cap: Duration::from_millis(20),
    }));
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::<ApiError>::new(retrier))
        .build();
    let url = format!("{base}/flaky");
    let response = client.get(&url).send().await.expect("a response");
    assert_eq!(response.status(), 200);
    assert_eq!(hits.load(Ordering::SeqCst), 3);

    let (call, attempts) = capture.call();
    assert_eq!(field(&call, "http.request.method"), s("GET").as_ref());
    assert_eq!(field(&call, "server.address"), s("127.0.0.1").as_ref());
    let port: u64 = reqwest::Url::parse(&url)
        .ok()
        .and_then(|u| u.port())
        .expect("a port")
        .into();
    assert_eq!(field(&call, "server.port"), u(port).as_ref());
    assert_eq!(field(&call, "url.full"), s(&url).as_ref());
    assert_eq!(field(&call, "retry.attempts"), u(3).as_ref());
    assert_eq!(field(&call, "retry.outcome"), s("succeeded").as_ref());

    assert_eq!(attempts.len(), 3);
    let statuses: Vec<_> = attempts
        .iter()
        .map(|a| field(a, "http.response.status_code").cloned())
        .collect();
    assert_eq!(statuses, vec![u(503), u(429), u(200)]);
    let resends: Vec<_> = attempts
        .iter()
        .map(|a| field(a, "http.request.resend_count").cloned())
        .collect();
    assert_eq!(resends, vec![None, u(1), u(2)]);
    let types: Vec<_> = attempts
        .iter()
        .map(|a| field(a, "error.type").cloned())
        .collect();
    assert_eq!(
        types,
        vec![
            code(&ApiError::service_unavailable()),
            code(&ApiError::rate_limit_exceeded()),
            None
        ]
    );
    assert_eq!(
        field(&attempts[1], "retry.hint_source"),
        s("retry-after-ms").as_ref()
    );
    assert_eq!(field(&attempts[2], "retry.decision"), None);
}

#[test]
fn a_url_with_credentials_is_recorded_without_them() {
    // Checked on the span alone: no request is sent.
    let capture = Capture::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _default = tracing::subscriber::set_default(capture.clone());
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::<ApiError>::new(Arc::new(
            Retrier::new().max_attempts(1),
        )))
        .build();
    // Port 9 (discard) on loopback: refused at once, or not; either way one attempt.
    let _ = runtime.block_on(
        client
            .get("http://user:secret@127.0.0.1:9/x?q=1")
            .timeout(Duration::from_secs(2))
            .send(),
    );
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 1);
    // reqwest moves the user and password to an Authorization header; were they in the
    // URL, they would be recorded as REDACTED.
    match field(&call, "url.full") {
        Some(V::S(url)) => assert!(
            !url.contains("secret") && url.ends_with("127.0.0.1:9/x?q=1"),
            "{url}"
        ),
        other => panic!("url.full {other:?}"),
    }
}

#[cfg(feature = "stream")]
#[tokio::test]
async fn run_stream_async_runs_each_attempt_in_its_span() {
    use axum::response::IntoResponse;
    use kiwi_errors::retry::reqwest::events;

    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let hits = Arc::new(AtomicU64::new(0));
    let served = Arc::clone(&hits);
    let app = axum::Router::new().route(
        "/stream",
        axum::routing::get(move || {
            let n = served.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    return ApiError::service_unavailable().into_response();
                }
                let content = kiwi_errors::stream::Event::new("message", r#"{"text":"hi"}"#);
                let mut body = content.encode();
                body.push_str(&kiwi_errors::stream::end_event::<ApiError>().unwrap_or_default());
                ([("content-type", "text/event-stream")], body).into_response()
            }
        }),
    );
    let url = format!("{}/stream", loopback::serve(app).await);
    let retrier = Retrier::new().backoff(Backoff {
        base: Duration::from_millis(10),
        cap: Duration::from_millis(20),
    });
    let client = reqwest::Client::new();
    let mut delivered = 0;
    let result = retrier
        .run_stream_async(
            || async { events::<ApiError>(client.get(&url).send().await).await },
            |_| delivered += 1,
        )
        .await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!((delivered, hits.load(Ordering::SeqCst)), (1, 2));
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 2);
    assert_eq!(field(&call, "retry.outcome"), s("succeeded").as_ref());
    assert_eq!(
        field(&attempts[0], "error.type"),
        code(&ApiError::service_unavailable()).as_ref()
    );
    assert_eq!(field(&attempts[0], "retry.decision"), s("retry").as_ref());
    assert_eq!(
        field(&attempts[1], "http.request.resend_count"),
        u(1).as_ref()
    );
}

#[test]
fn pacer_waits_and_a_paced_give_up_are_events_of_the_call() {
    use kiwi_errors::retry::pace::{Cost, PaceConfig, Pacer};
    let capture = Capture::default();
    let clock = VirtualClock::new();
    let pacer = Pacer::with_clock(PaceConfig::default(), clock.clone(), 1);
    let retrier = Retrier::simulated(clock.clone(), 2).with_pacer(pacer.clone());
    let spent = |reset: &str| {
        http::Response::builder()
            .header("x-ratelimit-remaining-requests", "0")
            .header("x-ratelimit-reset-requests", reset)
            .body(())
            .unwrap()
    };
    let model = Cost::new().in_scope("kiwi-large");
    retrier
        .run_paced::<_, ApiError>(&model, || Ok(spent("5s")))
        .unwrap();

    // The window is spent for 5 s: the next call waits, inside its span.
    tracing::subscriber::with_default(capture.clone(), || {
        retrier.run_paced::<_, ApiError>(&model, || Ok(spent("10m")))
    })
    .unwrap();
    let (call, attempts) = capture.call();
    assert_eq!(attempts.len(), 1);
    let paced: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.fields.get("ratelimit.policy") == s("requests").as_ref())
        .collect();
    assert!(!paced.is_empty(), "{:#?}", capture.events());
    for event in &paced {
        assert_eq!(event.span, Some(call.id), "{event:?}");
        assert_eq!(
            event.fields.get("ratelimit.scope"),
            s("kiwi-large").as_ref()
        );
    }

    // Spent for 10 minutes, longer than allowed: given up before sending, in the span.
    let capture = Capture::default();
    let error = tracing::subscriber::with_default(capture.clone(), || {
        retrier.run_paced::<_, ApiError>(&model, || Ok(spent("1s")))
    })
    .unwrap_err();
    assert!(matches!(error.reason(), GiveUpReason::Paced { .. }));
    let (call, attempts) = capture.call();
    assert!(attempts.is_empty(), "nothing sent: {attempts:#?}");
    assert_eq!(field(&call, "retry.give_up_reason"), s("paced").as_ref());
    let gave_up: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.fields.get("retry.give_up_reason") == s("paced").as_ref())
        .collect();
    assert_eq!(gave_up.len(), 1, "{:#?}", capture.events());
    assert_eq!(gave_up[0].span, Some(call.id));
}
