//! Tests of the pacer, on explicit time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

use super::*;

const S: Duration = Duration::from_secs(1);

fn wall(now: Duration) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_767_225_600) + now
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, value.parse().unwrap());
    }
    map
}

fn pacer(smooth: bool) -> Pacer {
    Pacer::seeded(
        PaceConfig {
            smooth,
            ..PaceConfig::default()
        },
        1,
    )
}

/// A pacer keeping at most `max_windows` windows and scopes.
fn bounded(max_windows: usize, seed: u64) -> Pacer {
    Pacer::seeded(
        PaceConfig {
            max_windows,
            ..PaceConfig::default()
        },
        seed,
    )
}

/// Sends one request of `cost` at `now` and finishes it with `pairs`.
fn exchange(p: &Pacer, cost: &Cost, now: Duration, status: u16, pairs: &[(&'static str, &str)]) {
    let permit = p.try_acquire_at(cost, now).expect("the request may go");
    permit.finish_at(status, &headers(pairs), now, wall(now));
}

#[test]
fn a_spent_window_holds_until_its_reset_plus_jitter() {
    let p = pacer(false);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "10")],
    );
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert!(hold.is_spent());
    assert_eq!(hold.policy(), "x-ratelimit");
    assert!(
        hold.wait() >= 10 * S && hold.wait() <= 11 * S,
        "{:?}",
        hold.wait()
    );
    // After the reset and the jitter, the request goes (one probe: the length is not known).
    let after = hold.wait();
    let permit = p.try_acquire_at(&cost, after).unwrap();
    assert_eq!(
        p.try_acquire_at(&cost, after).unwrap_err().wait(),
        PaceConfig::default().probe_wait
    );
    permit.finish_at(
        200,
        &headers(&[("x-ratelimit-remaining", "59"), ("x-ratelimit-reset", "10")]),
        after,
        wall(after),
    );
    assert!(p.try_acquire_at(&cost, after).is_ok());
}

#[test]
fn requests_in_flight_count_against_what_is_left() {
    let p = pacer(false);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[("x-ratelimit-remaining", "2"), ("x-ratelimit-reset", "30")],
    );
    let a = p.try_acquire_at(&cost, Duration::ZERO).unwrap();
    let b = p.try_acquire_at(&cost, Duration::ZERO).unwrap();
    assert!(
        p.try_acquire_at(&cost, Duration::ZERO)
            .unwrap_err()
            .is_spent()
    );
    assert_eq!(p.snapshot().windows[0].in_flight, 2);
    // A request that got no response (or was cancelled) gives its place back.
    drop(a);
    let c = p.try_acquire_at(&cost, Duration::ZERO).unwrap();
    drop((b, c));
    assert_eq!(p.snapshot().in_flight, 0);
    assert_eq!(p.snapshot().windows[0].in_flight, 0);
}

#[test]
fn token_estimates_count_until_the_response_reports_the_counts() {
    let p = pacer(false);
    let cost = Cost::new().in_scope("gpt").with_tokens(600);
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[
            ("x-ratelimit-remaining-requests", "100"),
            ("x-ratelimit-reset-requests", "1s"),
            ("x-ratelimit-remaining-tokens", "1000"),
            ("x-ratelimit-reset-tokens", "6m0s"),
        ],
    );
    let first = p.try_acquire_at(&cost, Duration::ZERO).unwrap();
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert_eq!(hold.policy(), "tokens");
    assert!(hold.wait() >= 360 * S);
    // A smaller request fits in what is left.
    let small = p
        .try_acquire_at(
            &Cost::new().in_scope("gpt").with_tokens(300),
            Duration::ZERO,
        )
        .unwrap();
    drop(small);
    // The response says the call spent less than estimated: the counts win.
    first.finish_at(
        200,
        &headers(&[
            ("x-ratelimit-remaining-tokens", "900"),
            ("x-ratelimit-reset-tokens", "6m0s"),
        ]),
        S,
        wall(S),
    );
    assert!(p.try_acquire_at(&cost, S).is_ok());
}

#[test]
fn ietf_windows_are_kept_by_policy_and_partition_key() {
    let p = pacer(false);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[
            (
                "ratelimit-policy",
                r#""burst";q=10;w=10;pk=:YQ==:, "daily";q=1000;w=86400;pk=:YQ==:"#,
            ),
            (
                "ratelimit",
                r#""burst";r=0;t=4;pk=:YQ==:, "daily";r=500;t=40000;pk=:YQ==:"#,
            ),
        ],
    );
    let snap = p.snapshot();
    let names: Vec<_> = snap
        .windows
        .iter()
        .map(|w| (w.policy.as_str(), w.remaining, w.limit))
        .collect();
    assert_eq!(names, [("burst", 0, Some(10)), ("daily", 500, Some(1000))]);
    assert_eq!(snap.windows[0].partition_key.as_deref(), Some(&b"a"[..]));
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert_eq!(hold.policy(), "burst");
    assert!(hold.wait() >= 4 * S && hold.wait() < 5 * S);
    // The length is known (w=10): after the reset the window is predicted full again.
    let after = hold.wait();
    let permits: Vec<_> = (0..10)
        .map(|_| p.try_acquire_at(&cost, after).unwrap())
        .collect();
    assert!(p.try_acquire_at(&cost, after).unwrap_err().is_spent());
    drop(permits);
}

#[test]
fn anthropic_and_openai_resets_are_read() {
    let p = pacer(false);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "0"),
            ("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:42Z"),
        ],
    );
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert_eq!(hold.policy(), "anthropic-requests");
    assert!(hold.wait() >= 42 * S);
    assert_eq!(p.snapshot().windows[0].limit, Some(50));
}

#[test]
fn one_spent_scope_never_holds_another() {
    let p = pacer(true);
    let a = Cost::new().in_scope("a");
    exchange(
        &p,
        &a,
        Duration::ZERO,
        200,
        &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "10")],
    );
    assert!(p.try_acquire_at(&a, Duration::ZERO).is_err());
    for _ in 0..100 {
        drop(
            p.try_acquire_at(&Cost::new().in_scope("b"), Duration::ZERO)
                .unwrap(),
        );
        drop(p.try_acquire_at(&Cost::new(), Duration::ZERO).unwrap());
    }
}

#[test]
fn smoothing_spreads_what_is_left_over_the_time_to_the_reset() {
    let p = pacer(true);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[("x-ratelimit-remaining", "10"), ("x-ratelimit-reset", "10")],
    );
    let first = p.try_acquire_at(&cost, Duration::ZERO).unwrap();
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert!(!hold.is_spent());
    // 9 left (one in flight) over 10 s.
    assert_eq!(hold.wait(), Duration::from_secs(10).mul_f64(1.0 / 9.0));
    drop(first);
}

#[test]
fn a_429_hint_holds_the_scope_until_it_passes() {
    let p = pacer(true);
    let cost = Cost::new();
    exchange(&p, &cost, Duration::ZERO, 429, &[("retry-after", "3")]);
    let hold = p.try_acquire_at(&cost, Duration::ZERO).unwrap_err();
    assert_eq!(hold.policy(), "retry-after");
    assert!(hold.wait() >= 3 * S);
    let later = hold.wait();
    for _ in 0..5 {
        drop(p.try_acquire_at(&cost, later).unwrap());
    }
}

#[test]
fn windows_expire_when_responses_stop_reporting_them() {
    let p = pacer(false);
    let cost = Cost::new();
    exchange(
        &p,
        &cost,
        Duration::ZERO,
        200,
        &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "10")],
    );
    assert_eq!(p.snapshot().windows.len(), 1);
    // An error response without headers (a proxy's 502) says nothing.
    let later = 11 * S;
    exchange(&p, &cost, later, 502, &[]);
    assert_eq!(p.snapshot().windows.len(), 1);
    // A success without any rate-limit header: the server stopped reporting.
    exchange(&p, &cost, later, 200, &[]);
    assert!(p.snapshot().windows.is_empty());
    // A window another report no longer carries is forgotten once its reset passed.
    exchange(
        &p,
        &cost,
        later,
        200,
        &[("x-ratelimit-remaining", "5"), ("x-ratelimit-reset", "10")],
    );
    let t = 30 * S;
    exchange(
        &p,
        &cost,
        t,
        200,
        &[
            ("x-ratelimit-remaining-requests", "5"),
            ("x-ratelimit-reset-requests", "10"),
        ],
    );
    let names: Vec<_> = p.snapshot().windows.into_iter().map(|w| w.policy).collect();
    assert_eq!(names, ["requests"]);
}

#[test]
fn memory_is_bounded_whatever_the_scopes() {
    let p = bounded(16, 3);
    for i in 0..2000u32 {
        let cost = Cost::new().in_scope(format!("model-{i}"));
        exchange(
            &p,
            &cost,
            Duration::ZERO,
            200,
            &[("ratelimit", r#""a";r=5;t=60, "b";r=5;t=60"#)],
        );
        assert!(p.snapshot().windows.len() <= 16);
    }
    assert!(p.shared.state.lock().unwrap().scopes.len() <= 16);
}

#[test]
fn a_permit_held_while_other_scopes_come_and_go_releases_its_own_scope() {
    let p = bounded(4, 5);
    let room = [
        ("x-ratelimit-remaining", "100"),
        ("x-ratelimit-reset", "60"),
    ];
    let held = Cost::new().in_scope("held");
    exchange(&p, &held, Duration::ZERO, 200, &room);
    let permit = p.try_acquire_at(&held, Duration::ZERO).expect("room");
    let unscoped = p
        .try_acquire_at(&Cost::new(), Duration::ZERO)
        .expect("room");
    // Scopes churn through the slots: the one in flight is never forgotten.
    for i in 0..100u32 {
        let now = Duration::from_millis(u64::from(i) + 1);
        exchange(
            &p,
            &Cost::new().in_scope(format!("churn-{i}")),
            now,
            200,
            &room,
        );
    }
    let scopes = |p: &Pacer| {
        let state = p.shared.state.lock().unwrap();
        (state.scopes.len(), state.scopes.slots.len())
    };
    let (known, slots) = scopes(&p);
    assert!(known <= 4 && slots <= 4, "{known} scopes in {slots} slots");
    let in_flight = |p: &Pacer, scope: &str| {
        let snapshot = p.snapshot();
        let window = snapshot
            .windows
            .iter()
            .find(|w| w.scope.as_deref() == Some(scope));
        window.map(|w| w.in_flight)
    };
    assert_eq!(in_flight(&p, "held"), Some(1));
    assert_eq!(p.snapshot().in_flight, 2);
    drop(permit);
    drop(unscoped);
    assert_eq!(in_flight(&p, "held"), Some(0));
    assert_eq!(
        p.snapshot().in_flight,
        0,
        "each permit released its own scope"
    );
}

#[test]
fn until_a_response_comes_back_a_scope_sends_one_request_at_a_time() {
    let p = pacer(true);
    let cost = Cost::new().in_scope("fresh");
    let first = p
        .try_acquire_at(&cost, Duration::ZERO)
        .expect("the first goes");
    let hold = p
        .try_acquire_at(&cost, Duration::ZERO)
        .expect_err("nothing heard yet");
    assert_eq!(hold.wait(), p.config().probe_wait);
    assert_eq!(hold.policy(), FIRST_RESPONSE);
    assert!(!hold.is_spent());
    // Another scope is not held back by this one.
    assert!(p.try_acquire_at(&Cost::new(), Duration::ZERO).is_ok());
    // No response (a transport error): the next request probes in its place.
    drop(first);
    let second = p.try_acquire_at(&cost, S).expect("the next probes");
    assert!(p.try_acquire_at(&cost, S).is_err(), "still one at a time");
    // A response reporting room: requests go side by side.
    let room = [
        ("x-ratelimit-remaining", "100"),
        ("x-ratelimit-reset", "60"),
    ];
    second.finish_at(200, &headers(&room), S, wall(S));
    assert!(p.try_acquire_at(&cost, S).is_ok(), "heard from");
    let unsmoothed = |p: &Pacer| {
        let a = p.try_acquire_at(&cost, S);
        let b = p.try_acquire_at(&cost, S);
        a.is_ok() && b.is_ok()
    };
    assert!(!unsmoothed(&pacer(false)), "a fresh scope: one at a time");
    let p2 = pacer(false);
    let a = p2.try_acquire_at(&cost, S).expect("the first goes");
    a.finish_at(200, &headers(&room), S, wall(S));
    assert!(unsmoothed(&p2), "heard from: side by side");

    // A response the loop could not read counts as heard, and teaches nothing.
    let p3 = pacer(false);
    p3.try_acquire_at(&cost, S)
        .expect("the first goes")
        .finish_unread();
    assert!(unsmoothed(&p3));
    assert!(p3.snapshot().windows.is_empty());

    // Off: a burst goes at once.
    let off = Pacer::seeded(
        PaceConfig {
            probe_first: false,
            ..PaceConfig::default()
        },
        1,
    );
    assert!(unsmoothed(&off));
}

#[test]
fn a_response_that_left_as_its_window_reset_does_not_release_a_burst() {
    // Each dialect's way of saying "resets now": OpenAI's `0ms`, Anthropic's time just
    // passed, the IETF field's `t=0`.
    type Pairs = &'static [(&'static str, &'static str)];
    let due: [(&str, Pairs, Pairs); 3] = [
        (
            "tokens",
            &[
                ("x-ratelimit-remaining-tokens", "50"),
                ("x-ratelimit-reset-tokens", "1.5s"),
            ],
            &[
                ("x-ratelimit-remaining-tokens", "50"),
                ("x-ratelimit-reset-tokens", "0ms"),
            ],
        ),
        (
            "anthropic-tokens",
            &[
                ("anthropic-ratelimit-tokens-remaining", "50"),
                ("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:02Z"),
            ],
            &[
                ("anthropic-ratelimit-tokens-remaining", "50"),
                (
                    "anthropic-ratelimit-tokens-reset",
                    "2026-01-01T00:00:00.500Z",
                ),
            ],
        ),
        (
            "default",
            &[
                ("ratelimit", r#""default";r=0;t=2"#),
                ("ratelimit-policy", r#""default";q=20"#),
            ],
            &[
                ("ratelimit", r#""default";r=0;t=0"#),
                ("ratelimit-policy", r#""default";q=20"#),
            ],
        ),
    ];
    for (policy, spent, resetting) in due {
        let p = pacer(true);
        let cost = Cost::new().with_tokens(150);
        exchange(&p, &cost, Duration::ZERO, 200, spent);
        let hold = p.try_acquire_at(&cost, Duration::ZERO).expect_err(policy);
        assert!(hold.is_spent(), "{policy}: {hold:?}");
        // A response of a request sent earlier arrives as the window resets.
        let now = S;
        p.observe_at(None, 200, &headers(resetting), now, wall(now));
        let windows = p.snapshot().windows;
        assert_eq!(
            windows.len(),
            1,
            "{policy}: the window is kept: {windows:?}"
        );
        assert_eq!(windows[0].policy, policy);
        // The window resets now: one request learns the new one, the others wait.
        let later = now + 2 * S;
        let first = p.try_acquire_at(&cost, later);
        assert!(first.is_ok(), "{policy}: {first:?}");
        let second = p.try_acquire_at(&cost, later);
        assert!(second.is_err(), "{policy}: not a burst");
    }
}

#[test]
fn a_success_whose_rate_limit_headers_cannot_be_read_keeps_the_windows() {
    let p = pacer(false);
    let cost = Cost::new();
    let window = [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "10")];
    exchange(&p, &cost, Duration::ZERO, 200, &window);
    p.observe_at(
        None,
        200,
        &headers(&[
            ("x-ratelimit-remaining", "many"),
            ("x-ratelimit-reset", "soon"),
        ]),
        S,
        wall(S),
    );
    assert_eq!(p.snapshot().windows.len(), 1);
    assert!(p.try_acquire_at(&cost, S).is_err(), "still spent");
}

#[test]
fn a_wait_longer_than_allowed_fails_fast_with_the_time_to_come_back() {
    let clock = crate::retry::testing::VirtualClock::new();
    let config = PaceConfig {
        max_wait: Duration::from_secs(600),
        ..PaceConfig::default()
    };
    let p = Pacer::with_clock(config, clock.clone(), 5);
    let cost = Cost::new().in_scope("m");
    let permit = p.try_acquire(&cost).unwrap();
    permit.finish(
        429,
        &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "300")]),
    );
    let err = p
        .acquire_blocking(&cost, &clock, Duration::from_secs(60), |_| {})
        .unwrap_err();
    assert!(err.retry_after() >= 300 * S);
    assert_eq!((err.policy(), err.scope()), ("x-ratelimit", Some("m")));
    assert!(err.to_string().contains("longer than allowed"), "{err}");
    assert_eq!(p.snapshot().failed_fast, 1);
    assert!(clock.sleeps().is_empty(), "failing fast sleeps not at all");
    // Within the limit, it waits on the sleeper and then goes.
    let mut held = 0;
    let permit = p
        .acquire_blocking(&cost, &clock, Duration::from_secs(400), |_| held += 1)
        .unwrap();
    assert_eq!(held, 1);
    assert!(clock.now() >= 300 * S);
    drop(permit);
}

#[test]
fn any_header_bytes_never_panic() {
    let p = pacer(true);
    let mut rng = SplitMix64::new(9);
    let names = [
        "ratelimit",
        "ratelimit-policy",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-tokens",
        "retry-after",
    ];
    let alphabet = b"0123456789;=,\":-. abcdefrtqwpkXYZ\t";
    for round in 0..3000u32 {
        let mut map = HeaderMap::new();
        for name in names {
            let len = (rng.next_u64() % 24) as usize;
            let value: Vec<u8> = (0..len)
                .map(|_| alphabet[(rng.next_u64() % alphabet.len() as u64) as usize])
                .collect();
            if let Ok(v) = http::HeaderValue::from_bytes(&value) {
                map.append(name, v);
            }
        }
        let now = Duration::from_millis(u64::from(round) * 37);
        if let Ok(permit) = p.try_acquire_at(&Cost::new().with_tokens(u64::from(round)), now) {
            permit.finish_at(if round % 3 == 0 { 429 } else { 200 }, &map, now, wall(now));
        }
    }
}
