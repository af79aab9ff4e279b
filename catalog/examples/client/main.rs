//! A client that calls a URL with the catalog's retry helper and prints each attempt.
//!
//! ```sh
//! cargo run -p kiwi-errors --example server --features axum -- --addr 127.0.0.1:8080 &
//! cargo run -p kiwi-errors --example client --features reqwest -- http://127.0.0.1:8080/flaky/2
//! cargo run -p kiwi-errors --example client --features reqwest -- http://127.0.0.1:8080/errors/quota_exhausted
//! ```
//!
//! With `--stream` (and feature `stream`), it reads a streamed answer: it prints the
//! deltas as they arrive, retries a stream only while it has delivered nothing, and
//! exits non-zero with the typed error when the call fails:
//!
//! ```sh
//! cargo run -p kiwi-errors --example server --features axum,stream -- --addr 127.0.0.1:8080 &
//! cargo run -p kiwi-errors --example client --features reqwest,stream -- --stream http://127.0.0.1:8080/stream/fail-first/1
//! cargo run -p kiwi-errors --example client --features reqwest,stream -- --stream http://127.0.0.1:8080/stream/fail-after/1
//! ```
//!
//! With `--calls N --concurrency C` it makes N calls, C at a time, through one retrier,
//! and prints what they cost (requests sent, 429s received, time); `--pace` adds a
//! pacer, which reads the rate-limit headers of every response and holds requests back
//! while the window is spent. Against the server's `/limited/{key}` (10 requests a
//! second shared by every client of the key):
//!
//! ```sh
//! cargo run -p kiwi-errors --example client --features reqwest -- --calls 60 --concurrency 8 http://127.0.0.1:8080/limited/a
//! cargo run -p kiwi-errors --example client --features reqwest -- --calls 60 --concurrency 8 --pace http://127.0.0.1:8080/limited/b
//! ```
//!
//! With feature `tracing`, `RUST_LOG=kiwi_errors=debug` prints each attempt's span (the
//! OpenTelemetry HTTP attribute names, the decision, the pacer's waits):
//!
//! ```sh
//! RUST_LOG=kiwi_errors=debug cargo run -p kiwi-errors --example client --features reqwest,tracing -- http://127.0.0.1:8080/flaky/2
//! ```

mod load;

use std::time::Instant;

use kiwi_errors::ApiError;
use kiwi_errors::retry::reqwest::classify;
use kiwi_errors::retry::{Failure, Retrier};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    const USAGE: &str = "usage: client [--stream] [--calls N [--concurrency C] [--pace]] URL, e.g. http://127.0.0.1:8080/flaky/2";
    #[cfg(feature = "tracing")]
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let mut args = std::env::args().skip(1);
    let (mut streamed, mut pace, mut calls, mut concurrency, mut url) =
        (false, false, None, 1, None);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, Box<dyn std::error::Error>> {
            let value = args
                .next()
                .ok_or(format!("{name} needs a number; {USAGE}"))?;
            Ok(value
                .parse()
                .map_err(|_| format!("{name} {value:?}: not a number"))?)
        };
        match arg.as_str() {
            "--stream" => streamed = true,
            "--pace" => pace = true,
            "--calls" => calls = Some(number("--calls")?),
            "--concurrency" => concurrency = number("--concurrency")?,
            other if other.starts_with("--") => {
                return Err(format!("unknown flag {other}; {USAGE}").into());
            }
            other => url = Some(other.to_owned()),
        }
    }
    let url = url.ok_or(USAGE)?;
    if let Some(calls) = calls {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let summary = runtime.block_on(load::run(&url, calls, concurrency, pace));
        print!("{summary}");
        return if summary.succeeded == summary.calls {
            Ok(())
        } else {
            Err(format!(
                "{} of {} calls failed",
                summary.calls - summary.succeeded,
                summary.calls
            )
            .into())
        };
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    if streamed {
        return runtime.block_on(stream(&url));
    }
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let retrier = Retrier::new();
        let start = Instant::now();
        let mut attempt = 0;
        let result = retrier
            .run_async(|| {
                attempt += 1;
                let n = attempt;
                let request = client.get(&url).send();
                async move {
                    let outcome = classify::<ApiError>(request.await).await;
                    let at = start.elapsed().as_secs_f64();
                    match &outcome {
                        Ok(response) => println!("attempt {n} at {at:.3} s: {}", response.status()),
                        Err(failure) => println!("attempt {n} at {at:.3} s: {}", describe(failure)),
                    }
                    outcome
                }
            })
            .await;
        match result {
            Ok(response) => {
                println!("succeeded: {}", response.text().await?);
                Ok(())
            }
            Err(err) => {
                println!("{err}");
                Err(Box::<dyn std::error::Error>::from(format!(
                    "gave up: {}",
                    err.reason()
                )))
            }
        }
    })
}

/// One line about a failed attempt: status, code, the server's retry verdict and hint.
fn describe(failure: &Failure) -> String {
    let Some(err) = failure.api_error() else {
        return failure.to_string();
    };
    let header = |name: &str| {
        failure
            .headers()
            .and_then(|h| h.get(name))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned()
    };
    format!(
        "{} {} ({}), x-should-retry: {}, retry-after: {}",
        err.status(),
        err.code().map_or("-", |c| c.as_str()),
        err.message(),
        header("x-should-retry"),
        header("retry-after"),
    )
}

/// `--stream`: prints the deltas of a streamed answer as they arrive, retrying only while
/// nothing was delivered; fails with the typed error when the call fails.
#[cfg(feature = "stream")]
async fn stream(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;

    use kiwi_errors::retry::reqwest::events;

    let client = reqwest::Client::new();
    let retrier = Retrier::new();
    let start = Instant::now();
    let mut attempt = 0;
    let result = retrier
        .run_stream_async(
            || {
                attempt += 1;
                let n = attempt;
                let request = client.get(url).send();
                async move {
                    let opened = events::<ApiError>(request.await).await;
                    let at = start.elapsed().as_secs_f64();
                    match &opened {
                        Ok(_) => println!("attempt {n} at {at:.3} s: streaming"),
                        Err(failure) => println!("attempt {n} at {at:.3} s: {}", describe(failure)),
                    }
                    opened
                }
            },
            |event| {
                // A chat-completion chunk's delta, else the event's data as it is.
                let chunk: Option<serde_json::Value> = serde_json::from_str(&event.data).ok();
                let delta = chunk
                    .as_ref()
                    .and_then(|c| c["choices"][0]["delta"]["content"].as_str())
                    .map_or_else(|| event.data.clone(), str::to_owned);
                print!("{delta}");
                let _ = std::io::stdout().flush();
            },
        )
        .await;
    println!();
    match result {
        Ok(()) => {
            println!("completed after {attempt} attempt(s)");
            Ok(())
        }
        Err(err) => {
            println!("{err}");
            let code = err
                .api_error()
                .and_then(|e| e.code())
                .map_or("-", |c| c.as_str())
                .to_owned();
            Err(format!("gave up: {}; code {code}", err.reason()).into())
        }
    }
}

/// Without feature `stream`: says how to build the client with it.
#[cfg(not(feature = "stream"))]
async fn stream(_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    Err("--stream needs the `stream` feature: --features reqwest,stream".into())
}
