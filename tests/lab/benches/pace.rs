//! The pacer's check before each request: `Pacer::try_acquire` and the permit's drop,
//! on the system clock, against locking an uncontended `std::sync::Mutex` measured in
//! the same run.
//!
//! * `pace/uncontended`: a pacer that knows one window with room
//!   (`x-ratelimit-remaining: 1000000`, `x-ratelimit-reset: 3600`), smoothing off so
//!   every check grants a permit; the permit is dropped at once.
//! * `pace/uncontended_scoped` (for information): the same for a request in a named
//!   scope (`Cost::in_scope("gpt-4o-mini")`), whose scope is looked up by its name.
//! * `pace/uncontended_at` (for information): the same at a given time, without the
//!   clock read (`try_acquire_at`); `pace/clock` is the clock read alone.
//! * `pace/empty`: a pacer that knows no window.
//! * `pace/baseline_mutex`: lock an uncontended `Mutex<u64>`, increment, unlock.
//! * `pace/observe` (for information): a permit acquired and finished with a response
//!   carrying OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` headers.
//!
//! Target: `pace/uncontended` at most 100 ns per check, reported with its ratio to
//! `pace/baseline_mutex`.

use std::hint::black_box;
use std::sync::Mutex;

use criterion::{Criterion, criterion_group, criterion_main};
use kiwi_errors::retry::headers::HeaderMap;
use kiwi_errors::retry::pace::{Cost, PaceConfig, Pacer};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, value.parse().expect("a header value"));
    }
    map
}

/// A pacer that never spaces requests: every check of a window with room grants.
fn unsmoothed() -> Pacer {
    let mut config = PaceConfig::default();
    config.smooth = false;
    Pacer::with_config(config)
}

fn benches(c: &mut Criterion) {
    let cost = Cost::new();

    let room = headers(&[
        ("x-ratelimit-remaining", "1000000"),
        ("x-ratelimit-reset", "3600"),
    ]);
    let known = unsmoothed();
    known
        .try_acquire(&cost)
        .expect("nothing known yet")
        .finish(200, &room);
    assert_eq!(known.snapshot().windows.len(), 1, "the window is known");
    for _ in 0..1000 {
        assert!(
            known.try_acquire(&cost).is_ok(),
            "a window with room grants"
        );
    }
    assert_eq!(known.snapshot().in_flight, 0, "dropped permits release");
    let scoped = Cost::new().in_scope("gpt-4o-mini");
    known
        .try_acquire(&scoped)
        .expect("nothing known of the scope yet")
        .finish(200, &room);
    assert_eq!(known.snapshot().windows.len(), 2, "one window per scope");
    assert!(
        known.try_acquire(&scoped).is_ok(),
        "a window with room grants"
    );

    let empty = Pacer::new();
    assert!(empty.try_acquire(&cost).is_ok());
    assert!(empty.snapshot().windows.is_empty());

    let openai = headers(&[
        ("x-ratelimit-limit-requests", "10000"),
        ("x-ratelimit-remaining-requests", "9999"),
        ("x-ratelimit-reset-requests", "1s"),
        ("x-ratelimit-limit-tokens", "30000000"),
        ("x-ratelimit-remaining-tokens", "29999000"),
        ("x-ratelimit-reset-tokens", "6m0s"),
    ]);
    let observed = unsmoothed();
    for _ in 0..1000 {
        observed
            .try_acquire(&cost)
            .expect("a window with room grants")
            .finish(200, &openai);
    }
    assert_eq!(observed.snapshot().windows.len(), 2, "requests and tokens");

    let mutex = Mutex::new(0u64);

    let mut group = c.benchmark_group("pace");
    group.bench_function("uncontended", |b| {
        b.iter(|| drop(black_box(known.try_acquire(black_box(&cost)))))
    });
    group.bench_function("uncontended_scoped", |b| {
        b.iter(|| drop(black_box(known.try_acquire(black_box(&scoped)))))
    });
    let at = known.now();
    group.bench_function("uncontended_at", |b| {
        b.iter(|| drop(black_box(known.try_acquire_at(black_box(&cost), at))))
    });
    group.bench_function("empty", |b| {
        b.iter(|| drop(black_box(empty.try_acquire(black_box(&cost)))))
    });
    group.bench_function("baseline_mutex", |b| {
        b.iter(|| {
            let mut n = black_box(&mutex).lock().expect("not poisoned");
            *n = n.wrapping_add(1);
        })
    });
    group.bench_function("clock", |b| b.iter(|| black_box(known.now())));
    group.bench_function("observe", |b| {
        b.iter(|| {
            if let Ok(permit) = observed.try_acquire(black_box(&cost)) {
                permit.finish(200, black_box(&openai));
            }
        })
    });
    group.finish();
}

criterion_group!(pace, benches);
criterion_main!(pace);
