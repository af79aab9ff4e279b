//! A client that calls a URL with the catalog's retry helper and prints each attempt.
//!
//! ```sh
//! cargo run -p kiwi-errors --example server --features axum -- --addr 127.0.0.1:8080 &
//! cargo run -p kiwi-errors --example client --features reqwest -- http://127.0.0.1:8080/flaky/2
//! cargo run -p kiwi-errors --example client --features reqwest -- http://127.0.0.1:8080/errors/quota_exhausted
//! ```

use std::time::Instant;

use kiwi_errors::ApiError;
use kiwi_errors::retry::reqwest::classify;
use kiwi_errors::retry::{Failure, Retrier};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: client URL, e.g. http://127.0.0.1:8080/flaky/2")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
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
