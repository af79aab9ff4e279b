//! `client --calls N --concurrency C [--pace] URL`: many calls at once through one
//! retrier, with or without a pacer, and what they cost: requests sent, 429s received,
//! time. Shared with the loopback test of the pacer (`catalog/tests/pace_wire.rs`).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kiwi_errors::ApiError;
use kiwi_errors::retry::pace::{Cost, Pacer, PacerSnapshot};
use kiwi_errors::retry::reqwest::classify;
use kiwi_errors::retry::{Failure, Retrier};

/// What a run of many calls cost.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Calls made.
    pub calls: usize,
    /// Calls that succeeded.
    pub succeeded: usize,
    /// Requests sent, retries included.
    pub requests: u64,
    /// Responses that were 429s.
    pub rejected: u64,
    /// From the first request to the last answer.
    pub elapsed: Duration,
    /// The pacer at the end, when there was one.
    pub pacer: Option<PacerSnapshot>,
}

impl Summary {
    /// The share of requests answered 429.
    pub fn rejected_share(&self) -> f64 {
        self.rejected as f64 / self.requests.max(1) as f64
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "calls: {} ({} succeeded), requests sent: {}, answered 429: {} ({:.1}%), time: {:.3} s",
            self.calls,
            self.succeeded,
            self.requests,
            self.rejected,
            100.0 * self.rejected_share(),
            self.elapsed.as_secs_f64()
        )?;
        if let Some(pacer) = &self.pacer {
            write!(f, "pacer: held requests {} times", pacer.holds)?;
            for w in &pacer.windows {
                write!(
                    f,
                    "; window `{}`: {} of {} left",
                    w.policy,
                    w.remaining,
                    w.limit.map_or_else(|| "?".to_owned(), |l| l.to_string())
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Makes `calls` GET calls of `url`, `concurrency` at a time, through one retrier with
/// the default configuration, paced by one [`Pacer`] when `pace` is set.
pub async fn run(url: &str, calls: usize, concurrency: usize, pace: bool) -> Summary {
    let client = reqwest::Client::new();
    let pacer = pace.then(Pacer::new);
    let retrier = match &pacer {
        Some(pacer) => Retrier::new().with_pacer(pacer.clone()),
        None => Retrier::new(),
    };
    let retrier = Arc::new(retrier);
    let next = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicU64::new(0));
    let rejected = Arc::new(AtomicU64::new(0));
    let succeeded = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (client, retrier, url) = (client.clone(), Arc::clone(&retrier), url.to_owned());
        let (next, requests, rejected, succeeded) = (
            Arc::clone(&next),
            Arc::clone(&requests),
            Arc::clone(&rejected),
            Arc::clone(&succeeded),
        );
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::SeqCst) < calls {
                let outcome = retrier
                    .run_paced_async(&Cost::new(), || {
                        requests.fetch_add(1, Ordering::SeqCst);
                        let sent = client.get(&url).send();
                        let rejected = Arc::clone(&rejected);
                        async move {
                            let outcome = classify::<ApiError>(sent.await).await;
                            if let Err(failure) = &outcome {
                                if is_429(failure) {
                                    rejected.fetch_add(1, Ordering::SeqCst);
                                }
                            }
                            outcome
                        }
                    })
                    .await;
                if outcome.is_ok() {
                    succeeded.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    for worker in workers {
        let _ = worker.await;
    }
    Summary {
        calls,
        succeeded: succeeded.load(Ordering::SeqCst),
        requests: requests.load(Ordering::SeqCst),
        rejected: rejected.load(Ordering::SeqCst),
        elapsed: start.elapsed(),
        pacer: pacer.map(|p| p.snapshot()),
    }
}

fn is_429(failure: &Failure) -> bool {
    failure.api_error().is_some_and(|e| e.status() == 429)
}
