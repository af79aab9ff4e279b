//! What kiwi's retry middleware costs a request that succeeds: a GET of a loopback axum
//! server (127.0.0.1, an ephemeral port, a small body, no rate-limit headers) through a
//! plain `reqwest::Client`, against the same client wrapped in `reqwest-middleware` with
//! [`RetryMiddleware`] over a [`Retrier`] with a [`Pacer`] (pacing compiled in, idle).
//! Both keep their connections alive and read the body; one tokio runtime runs the
//! server and the client.
//!
//! * `middleware/plain`: the plain client.
//! * `middleware/stack`: wrapped in `reqwest-middleware` with no middleware, for
//!   information: what the stack costs before kiwi adds anything.
//! * `middleware/pass`: with one middleware that only passes the request on, for
//!   information: what any middleware costs.
//! * `middleware/kiwi`: through kiwi's middleware.
//!
//! Target: `middleware/kiwi` at most 1.02× `middleware/plain`.
//!
//! The loopback round trip shares the machine with whatever else runs, and criterion
//! measures one function after the other; so after them the bench also times the two
//! clients request by request, alternating (`ROUNDS` rounds of `BATCH` requests per
//! client, the order rotated at each step), and prints the median over the rounds of
//! `kiwi / plain` (and `stack / plain`, `kiwi / stack`), each round's ratio that of the
//! clients' median requests, and the ratio of the mean requests. It runs only under `cargo bench` (not `--test`);
//! `KIWI_BENCH_ROUNDS` changes the number of rounds (0 skips it).
//!
//! The crate's `tracing` feature is on (the `kiwi-errors` dev-dependency in
//! `tests/lab/Cargo.toml`) and no subscriber is installed: the middleware is measured
//! with pacing and tracing compiled in, both idle.

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use kiwi_errors::ApiError;
use kiwi_errors::retry::Retrier;
use kiwi_errors::retry::pace::Pacer;
use kiwi_errors::retry::reqwest::RetryMiddleware;
use reqwest_middleware::{ClientWithMiddleware, Next};
use tokio::runtime::Runtime;

/// The small body of `GET /ok`.
const BODY: &str = r#"{"object":"ok"}"#;

/// Serves `GET /ok` on 127.0.0.1:0 on `rt`; its URL.
fn serve(rt: &Runtime) -> String {
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let app = Router::new().route("/ok", get(|| async { BODY }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}/ok")
    })
}

/// The clients measured, all on one `reqwest::Client` (one connection pool).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Which {
    /// The plain client.
    Plain,
    /// Wrapped in `reqwest-middleware` with no middleware: what the stack itself costs.
    Stack,
    /// Wrapped with one middleware that only passes the request on: what any
    /// middleware costs (its boxed future), before it does anything.
    Pass,
    /// Wrapped with kiwi's retry middleware over a paced retrier.
    Kiwi,
}

const ALL: [Which; 4] = [Which::Plain, Which::Stack, Which::Pass, Which::Kiwi];

impl Which {
    /// Its bench id in the `middleware` group.
    fn name(self) -> &'static str {
        match self {
            Which::Plain => "plain",
            Which::Stack => "stack",
            Which::Pass => "pass",
            Which::Kiwi => "kiwi",
        }
    }
}

/// A middleware that passes the request on.
fn pass_on<'a>(
    req: reqwest::Request,
    extensions: &'a mut http::Extensions,
    next: Next<'a>,
) -> Pin<Box<dyn Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send + 'a>> {
    Box::pin(next.run(req, extensions))
}

struct Clients {
    url: String,
    plain: reqwest::Client,
    stack: ClientWithMiddleware,
    pass: ClientWithMiddleware,
    kiwi: ClientWithMiddleware,
}

impl Clients {
    /// One GET of `/ok`, its body read; the body's length.
    async fn get(&self, which: Which) -> usize {
        let response = match which {
            Which::Plain => self.plain.get(&self.url).send().await.expect("a response"),
            Which::Stack => self.stack.get(&self.url).send().await.expect("a response"),
            Which::Pass => self.pass.get(&self.url).send().await.expect("a response"),
            Which::Kiwi => self.kiwi.get(&self.url).send().await.expect("a response"),
        };
        response.bytes().await.expect("the body").len()
    }

    /// `n` requests of `which`, one after the other; the time they took.
    async fn batch(&self, which: Which, n: u64) -> Duration {
        let start = Instant::now();
        for _ in 0..n {
            black_box(self.get(which).await);
        }
        start.elapsed()
    }
}

/// The alternating measurement: rounds, and requests per batch.
const ROUNDS: usize = 60;
const BATCH: u64 = 200;

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let plain = reqwest::Client::new();
    let pacer = Pacer::new();
    let clients = Clients {
        url: serve(&rt),
        stack: reqwest_middleware::ClientBuilder::new(plain.clone()).build(),
        pass: reqwest_middleware::ClientBuilder::new(plain.clone())
            .with(pass_on)
            .build(),
        kiwi: reqwest_middleware::ClientBuilder::new(plain.clone())
            .with(RetryMiddleware::<ApiError>::new(Arc::new(
                Retrier::new().with_pacer(pacer.clone()),
            )))
            .build(),
        plain,
    };
    rt.block_on(async {
        for which in ALL {
            assert_eq!(clients.get(which).await, BODY.len(), "{which:?}");
        }
    });

    let mut group = c.benchmark_group("middleware");
    for which in ALL {
        group.bench_function(which.name(), |b| {
            b.iter_custom(|iters| rt.block_on(clients.batch(which, iters)))
        });
    }
    group.finish();

    let snapshot = pacer.snapshot();
    assert!(snapshot.windows.is_empty(), "no window reported");
    assert_eq!(snapshot.holds, 0, "the pacer held nothing");

    let rounds = std::env::var("KIWI_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(ROUNDS);
    if rounds == 0 || !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // Requests of the three clients alternate one by one (the order rotated at each
    // step), each timed alone; a round's ratio compares the clients' median requests.
    let rounds: Vec<[Vec<f64>; 4]> = rt.block_on(async {
        let mut out = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let mut t: [Vec<f64>; 4] = Default::default();
            for step in 0..BATCH as usize {
                for k in 0..ALL.len() {
                    let i = (step + k) % ALL.len();
                    t[i].push(clients.batch(ALL[i], 1).await.as_secs_f64());
                }
            }
            for v in &mut t {
                v.sort_by(f64::total_cmp);
            }
            out.push(t);
        }
        out
    });
    let median = |v: &[f64]| v[(v.len() - 1) / 2];
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let report = |name: &str, num: usize, den: usize| {
        let mut ratios: Vec<f64> = rounds
            .iter()
            .map(|t| median(&t[num]) / median(&t[den]))
            .collect();
        let mut deltas: Vec<f64> = rounds
            .iter()
            .map(|t| (median(&t[num]) - median(&t[den])) * 1e6)
            .collect();
        deltas.sort_by(f64::total_cmp);
        ratios.sort_by(f64::total_cmp);
        let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
        let means: f64 = rounds.iter().map(|t| mean(&t[num])).sum::<f64>()
            / rounds.iter().map(|t| mean(&t[den])).sum::<f64>();
        println!(
            "middleware/{name} (alternating, {} rounds of {BATCH}): median {:.4}, \
             quartiles {:.4}..{:.4}; ratio of means {means:.4}; median difference {:.2} µs",
            rounds.len(),
            at(0.5),
            at(0.25),
            at(0.75),
            deltas[(deltas.len() - 1) / 2],
        );
    };
    let all: Vec<f64> = rounds.iter().flat_map(|t| t[0].iter().copied()).collect();
    println!(
        "middleware/plain (alternating): mean {:.1} µs",
        mean(&all) * 1e6
    );
    report("kiwi_over_plain", 3, 0);
    report("stack_over_plain", 1, 0);
    report("pass_over_plain", 2, 0);
    report("kiwi_over_pass", 3, 2);
}

criterion_group!(middleware, benches);
criterion_main!(middleware);
