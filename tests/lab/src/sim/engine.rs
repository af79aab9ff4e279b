//! The engine: an event loop on virtual time that runs calls against the server, each
//! client retrying with its strategy, and the scenarios it is run in.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use kiwi_errors::retry::runtime::Random;
use kiwi_errors::retry::testing::SplitMix64;

use super::report::Totals;
use super::server::{HINT_KINDS, HintKind, Response, Server, ServerState};
use super::strategy::{Call, Client, Pace, Strategy};
use super::{LATENCY, MS, Micros, SEC};

/// When calls start: `(client, start time)`.
fn arrivals(
    clients: usize,
    calls_per_client: u64,
    every: Micros,
    offset: impl Fn(usize) -> Micros,
) -> Vec<(usize, Micros)> {
    let mut out = Vec::new();
    for c in 0..clients {
        for i in 0..calls_per_client {
            out.push((c, offset(c) + i * every));
        }
    }
    out
}

/// What one run produced.
#[derive(Default)]
pub(crate) struct Outcome {
    /// Per call: start, end, success, attempts, wasted.
    pub(crate) calls: Vec<(Micros, Micros, bool, u32, u32)>,
    /// When each attempt reached the server.
    pub(crate) attempts: Vec<Micros>,
    /// Responses that were 429s.
    pub(crate) rejected: u64,
}

/// What happens at a point of virtual time: call `i` makes an attempt, or gets its
/// response.
enum Event {
    Attempt(usize),
    Response(usize, Response),
}

/// Runs `arrivals` against `server`, each client made by `make_client` from its seed,
/// until every call has succeeded or given up.
fn simulate(
    server: Server,
    make_client: &dyn Fn(u64) -> Client,
    clients: usize,
    arrivals: &[(usize, Micros)],
    seed: u64,
) -> Outcome {
    let mut state = ServerState {
        server,
        rng: SplitMix64::new(seed ^ 0x5EED_0000),
        bucket: u64::MAX,
        count: 0,
    };
    let mut cls: Vec<Client> = (0..clients)
        .map(|c| make_client(seed.wrapping_mul(1_000_003).wrapping_add(c as u64)))
        .collect();
    let mut calls: Vec<Call> = arrivals
        .iter()
        .map(|&(client, start)| Call {
            client,
            start,
            attempts: 0,
            last_cost: None,
            not_before: None,
            wasted: 0,
            permit: None,
            paced: 0,
        })
        .collect();
    let mut queue = BinaryHeap::new();
    let mut events: Vec<Option<Event>> = Vec::new();
    let push = |queue: &mut BinaryHeap<Reverse<(Micros, usize)>>,
                events: &mut Vec<Option<Event>>,
                t,
                e| {
        events.push(Some(e));
        queue.push(Reverse((t, events.len() - 1)));
    };
    for (i, call) in calls.iter().enumerate() {
        push(&mut queue, &mut events, call.start, Event::Attempt(i));
    }
    let mut out = Outcome::default();
    while let Some(Reverse((t, id))) = queue.pop() {
        let Some(event) = events[id].take() else {
            continue;
        };
        match event {
            Event::Attempt(i) => {
                let call = &mut calls[i];
                match cls[call.client].pace(call, t) {
                    Pace::Go => {}
                    Pace::Wait(wait) => {
                        push(&mut queue, &mut events, t + wait, Event::Attempt(i));
                        continue;
                    }
                    Pace::FailFast => {
                        out.calls
                            .push((call.start, t, false, call.attempts, call.wasted));
                        continue;
                    }
                }
                call.attempts += 1;
                if call.not_before.is_some_and(|nb| t < nb) {
                    call.wasted += 1;
                }
                out.attempts.push(t);
                let response = state.respond(t);
                push(
                    &mut queue,
                    &mut events,
                    t + LATENCY,
                    Event::Response(i, response),
                );
            }
            Event::Response(i, response) => {
                let call = &mut calls[i];
                let client = &mut cls[call.client];
                match response {
                    Response::Ok(headers) => {
                        client.on_success(call, &headers, t);
                        out.calls
                            .push((call.start, t, true, call.attempts, call.wasted));
                    }
                    Response::Err {
                        failure,
                        advertised,
                    } => {
                        if failure.api_error().is_some_and(|e| e.status() == 429) {
                            out.rejected += 1;
                        }
                        call.not_before = advertised;
                        match client.on_failure(call, &failure, t) {
                            Some(delay) => push(
                                &mut queue,
                                &mut events,
                                t.saturating_add(delay),
                                Event::Attempt(i),
                            ),
                            None => {
                                out.calls
                                    .push((call.start, t, false, call.attempts, call.wasted))
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// A situation the strategies are measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// One client; each attempt fails with a 503 with probability 10%.
    Transient10,
    /// One client; each attempt fails with a 503 with probability 30%.
    Transient30,
    /// One client; every attempt fails with a 503 for five minutes.
    Outage,
    /// One fresh client makes 50 calls, one after the other, into a full outage.
    ColdOutage50,
    /// Ten clients over a fixed-window rate limit, once for each kind of hint.
    RateLimitReset,
    /// 20 processes share one key and one window, each with its own client (and, for
    /// `kiwi-paced`, its own pacer); every response reports the window.
    Fleet,
    /// 200 clients call at once into a service that is down, then recovers slowly.
    Herd,
    /// The herd, with `Retry-After: 1` on the service's 503s (not in [`SCENARIOS`]).
    HerdRetryAfter,
}

/// Every scenario, in table order.
pub const SCENARIOS: [Scenario; 7] = [
    Scenario::Transient10,
    Scenario::Transient30,
    Scenario::Outage,
    Scenario::ColdOutage50,
    Scenario::RateLimitReset,
    Scenario::Fleet,
    Scenario::Herd,
];

impl Scenario {
    /// The name of the scenario in the report.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Transient10 => "transient-10",
            Scenario::Transient30 => "transient-30",
            Scenario::Outage => "outage",
            Scenario::ColdOutage50 => "cold-outage-50",
            Scenario::RateLimitReset => "rate-limit-reset",
            Scenario::Fleet => "fleet",
            Scenario::Herd => "herd",
            Scenario::HerdRetryAfter => "herd-retry-after",
        }
    }
}

/// Runs one scenario for one strategy over `seeds` seeds; also returns the wasted
/// attempts per hint kind for the rate-limit scenario.
pub fn run(
    scenario: Scenario,
    strategy: Strategy,
    seeds: u64,
) -> (Totals, BTreeMap<&'static str, Totals>) {
    run_with(scenario, seeds, &|seed| Client::new(strategy, seed))
}

/// [`run`] with clients made by `make_client` from their seeds (the backoff sweep's
/// variants of the kiwi strategy).
pub(crate) fn run_with(
    scenario: Scenario,
    seeds: u64,
    make_client: &dyn Fn(u64) -> Client,
) -> (Totals, BTreeMap<&'static str, Totals>) {
    let mut totals = Totals::default();
    let mut by_kind = BTreeMap::new();
    for seed in 0..seeds {
        match scenario {
            Scenario::Transient10 | Scenario::Transient30 => {
                let p = if scenario == Scenario::Transient10 {
                    0.10
                } else {
                    0.30
                };
                // One client, a call every 100 ms for 200 s.
                let arr = arrivals(1, 2000, 100 * MS, |_| 0);
                let out = simulate(Server::Transient { p }, make_client, 1, &arr, seed);
                totals.add_calls(&out, None);
            }
            Scenario::Outage => {
                // One client, a call every 100 ms for 420 s; down from 60 s to 360 s.
                let (from, to) = (60 * SEC, 360 * SEC);
                let arr = arrivals(1, 4200, 100 * MS, |_| 0);
                let out = simulate(Server::Outage { from, to }, make_client, 1, &arr, seed);
                totals.add_calls(&out, Some((from, to)));
            }
            Scenario::ColdOutage50 => {
                // One fresh client, 50 calls 100 s apart (each one over before the
                // next starts) into a service that is down the whole time: the
                // requests per call of a burst, before any success refills a budget.
                let arr = arrivals(1, 50, 100 * SEC, |_| 0);
                let server = Server::Outage {
                    from: 0,
                    to: Micros::MAX,
                };
                let out = simulate(server, make_client, 1, &arr, seed);
                totals.add_calls(&out, None);
            }
            Scenario::RateLimitReset => {
                // 10 clients, a call per second each for 60 s; 60 requests per 10 s
                // window (the one-hour variant: per hour): 100 calls a window for 6
                // windows, then 4 quiet windows to catch up.
                for kind in HINT_KINDS {
                    let window = if let HintKind::OneHour = kind {
                        3600 * SEC
                    } else {
                        10 * SEC
                    };
                    let server = Server::RateLimit {
                        window,
                        limit: 60,
                        kind,
                    };
                    let arr = arrivals(10, 60, SEC, |c| c as Micros * 97 * MS);
                    let out = simulate(server, make_client, 10, &arr, seed);
                    totals.add_calls(&out, None);
                    by_kind
                        .entry(kind.name())
                        .or_insert_with(Totals::default)
                        .add_calls(&out, None);
                }
            }
            Scenario::Fleet => {
                // 20 processes, a call every 2 s each for 60 s, sharing one window of 60
                // requests per 10 s: 100 calls a window for 6 windows, then 4 quiet ones.
                let server = Server::Fleet {
                    window: 10 * SEC,
                    limit: 60,
                };
                let arr = arrivals(20, 30, 2 * SEC, |c| c as Micros * 97 * MS);
                let out = simulate(server, make_client, 20, &arr, seed);
                totals.add_calls(&out, None);
            }
            Scenario::Herd | Scenario::HerdRetryAfter => {
                // 200 clients call within the first 100 ms; the service is down for
                // 2 s, then serves 40 requests a second.
                let mut rng = SplitMix64::new(seed ^ 0x4E4D);
                let offsets: Vec<Micros> = (0..200)
                    .map(|_| (rng.next_f64() * 100_000.0) as Micros)
                    .collect();
                let arr = arrivals(200, 1, SEC, |c| offsets[c]);
                let until = 2 * SEC;
                let out = simulate(
                    Server::Herd {
                        until,
                        per_second: 40,
                        retry_after: (scenario == Scenario::HerdRetryAfter).then_some(1),
                    },
                    make_client,
                    200,
                    &arr,
                    seed,
                );
                totals.add_calls(&out, None);
                // The busiest 1 s and 100 ms after recovery, averaged over seeds.
                let peak = |interval: Micros| {
                    let mut buckets = BTreeMap::new();
                    for &t in out.attempts.iter().filter(|&&t| t >= until) {
                        *buckets.entry(t / interval).or_insert(0u64) += 1;
                    }
                    buckets.values().copied().max().unwrap_or(0) as f64 / seeds as f64
                };
                totals.peak_per_s += peak(SEC);
                totals.peak_per_100ms += peak(100 * MS);
            }
        }
    }
    (totals, by_kind)
}
