//! A deterministic simulation of retry strategies on virtual time.
//!
//! Runs the scenarios of RETRY.md (transient faults, a full outage, a rate limit with
//! reset headers of each kind, a thundering herd) for four strategies: the seed page's
//! loop, the OpenAI SDK's defaults, the AWS SDKs' standard mode, and `kiwi_errors::retry`.
//! Everything runs on a virtual clock with seeded random sources: the same arguments
//! always print the same table.
//!
//! ```text
//! cargo run --release -p kiwi-errors --example retry_sim -- --json retry-sim.json [--seeds 32]
//! ```

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kiwi_errors::ApiError;
use kiwi_errors::retry::{
    Attempted, Decision, Failure, HeaderMap, Random, RetryBudget, RetryConfig, SplitMix64, decide,
};

/// Virtual time in microseconds.
pub type Micros = u64;

const SEC: Micros = 1_000_000;
const MS: Micros = 1_000;
/// Round trip of one attempt.
const LATENCY: Micros = 50 * MS;
/// The wall clock at virtual time zero: 2026-01-01T00:00:00Z.
const WALL_EPOCH_SECS: u64 = 1_767_225_600;

fn wall(t: Micros) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(WALL_EPOCH_SECS) + Duration::from_micros(t)
}

fn micros(d: Duration) -> Micros {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

fn secs(s: f64) -> Micros {
    (s * SEC as f64).round() as Micros
}

// ------------------------------------------------------------------ the server side

/// A response of the simulated server.
enum Response {
    Ok,
    Err {
        failure: Failure,
        /// The virtual time the server said to come back at, when it said so validly.
        advertised: Option<Micros>,
    },
}

fn unavailable() -> Response {
    Response::Err {
        failure: Failure::api(
            ApiError::service_unavailable().with_status(503),
            HeaderMap::new(),
        ),
        advertised: None,
    }
}

/// How a 429 tells the client when to come back.
#[derive(Clone, Copy, Debug)]
enum HintKind {
    RetryAfterMs,
    RetryAfterSecs,
    RetryAfterDate,
    ResetSecs,
    ResetEpoch,
    Nothing,
    Garbage,
    OneHour,
}

const HINT_KINDS: [HintKind; 8] = [
    HintKind::RetryAfterMs,
    HintKind::RetryAfterSecs,
    HintKind::RetryAfterDate,
    HintKind::ResetSecs,
    HintKind::ResetEpoch,
    HintKind::Nothing,
    HintKind::Garbage,
    HintKind::OneHour,
];

impl HintKind {
    fn name(self) -> &'static str {
        match self {
            HintKind::RetryAfterMs => "retry-after-ms",
            HintKind::RetryAfterSecs => "retry-after (s)",
            HintKind::RetryAfterDate => "retry-after (date)",
            HintKind::ResetSecs => "x-ratelimit-reset (s)",
            HintKind::ResetEpoch => "x-ratelimit-reset (epoch)",
            HintKind::Nothing => "no header",
            HintKind::Garbage => "garbage",
            HintKind::OneHour => "one-hour hint",
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Server {
    /// Each attempt fails with a 503 with probability `p`.
    Transient { p: f64 },
    /// Every attempt in `[from, to)` fails with a 503.
    Outage { from: Micros, to: Micros },
    /// A fixed window of `window` allowing `limit` requests (all clients together);
    /// over the limit, a 429 `rate_limit_exceeded` whose hint is of kind `kind`.
    RateLimit {
        window: Micros,
        limit: u32,
        kind: HintKind,
    },
    /// Down until `until`, then serves at most `per_second` requests in each second;
    /// the others get a 503.
    Herd { until: Micros, per_second: u32 },
}

struct ServerState {
    server: Server,
    rng: SplitMix64,
    bucket: u64,
    count: u32,
}

impl ServerState {
    fn respond(&mut self, t: Micros) -> Response {
        match self.server {
            Server::Transient { p } => {
                if self.rng.next_f64() < p {
                    unavailable()
                } else {
                    Response::Ok
                }
            }
            Server::Outage { from, to } => {
                if (from..to).contains(&t) {
                    unavailable()
                } else {
                    Response::Ok
                }
            }
            Server::Herd { until, per_second } => {
                if t < until || !self.admit(t / SEC, per_second) {
                    unavailable()
                } else {
                    Response::Ok
                }
            }
            Server::RateLimit {
                window,
                limit,
                kind,
            } => {
                if self.admit(t / window, limit) {
                    return Response::Ok;
                }
                let reset_at = (t / window + 1) * window;
                rate_limited(t, reset_at, kind)
            }
        }
    }

    /// Counts a request in bucket `bucket`; false when the bucket is already full.
    fn admit(&mut self, bucket: u64, limit: u32) -> bool {
        if bucket != self.bucket {
            self.bucket = bucket;
            self.count = 0;
        }
        if self.count < limit {
            self.count += 1;
            true
        } else {
            false
        }
    }
}

/// A 429 at `t` for a window that resets at `reset_at`, hinted the `kind` way.
fn rate_limited(t: Micros, reset_at: Micros, kind: HintKind) -> Response {
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = value.parse() {
            headers.insert(name, v);
        }
    };
    let wait = reset_at - t;
    let ceil_secs = wait.div_ceil(SEC);
    let advertised = match kind {
        HintKind::RetryAfterMs => {
            let ms = wait.div_ceil(MS);
            put("retry-after-ms", ms.to_string());
            Some(t + ms * MS)
        }
        HintKind::RetryAfterSecs | HintKind::OneHour => {
            put("retry-after", ceil_secs.to_string());
            Some(t + ceil_secs * SEC)
        }
        HintKind::RetryAfterDate | HintKind::ResetEpoch => {
            // Whole seconds of wall-clock time, rounded up.
            let at_secs = reset_at.div_ceil(SEC);
            if let HintKind::RetryAfterDate = kind {
                put("retry-after", httpdate::fmt_http_date(wall(at_secs * SEC)));
            } else {
                put("x-ratelimit-reset", (WALL_EPOCH_SECS + at_secs).to_string());
            }
            Some(at_secs * SEC)
        }
        HintKind::ResetSecs => {
            put("x-ratelimit-limit", "60".into());
            put("x-ratelimit-remaining", "0".into());
            put("x-ratelimit-reset", ceil_secs.to_string());
            Some(t + ceil_secs * SEC)
        }
        HintKind::Nothing => None,
        HintKind::Garbage => {
            put("retry-after", "soon".into());
            put("retry-after-ms", "-1".into());
            put("x-ratelimit-reset", "NaN".into());
            None
        }
    };
    Response::Err {
        failure: Failure::api(ApiError::rate_limit_exceeded().with_status(429), headers),
        advertised,
    }
}

// ------------------------------------------------------------------ the strategies

/// A retry strategy under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Seed,
    OpenAi,
    AwsStandard,
    Kiwi,
}

/// Every strategy, in table order.
pub const STRATEGIES: [Strategy; 4] = [
    Strategy::Seed,
    Strategy::OpenAi,
    Strategy::AwsStandard,
    Strategy::Kiwi,
];

impl Strategy {
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Seed => "seed",
            Strategy::OpenAi => "openai",
            Strategy::AwsStandard => "aws-standard",
            Strategy::Kiwi => "kiwi",
        }
    }
}

/// The retry state of one client (one process / SDK handle).
struct Client {
    strategy: Strategy,
    rng: SplitMix64,
    /// AWS standard mode's token bucket (500, retry costs 5, success refunds).
    aws_tokens: u32,
    /// kiwi: the configuration and the shared budget.
    kiwi_config: RetryConfig,
    kiwi_budget: RetryBudget,
}

/// One call in flight.
struct Call {
    client: usize,
    start: Micros,
    attempts: u32,
    /// Tokens the last retry took (AWS and kiwi refund it on success).
    last_cost: Option<u32>,
    /// The earliest time a server said to come back, from the last response.
    not_before: Option<Micros>,
    wasted: u32,
}

fn status_of(failure: &Failure) -> u16 {
    failure.api_error().map_or(0, ApiError::status)
}

fn header_f64(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok()
}

impl Client {
    fn new(strategy: Strategy, seed: u64) -> Client {
        Client {
            strategy,
            rng: SplitMix64::new(seed),
            aws_tokens: 500,
            kiwi_config: RetryConfig::default(),
            kiwi_budget: RetryBudget::default(),
        }
    }

    /// The delay before the next attempt of `call`, which just failed at `now`; `None`
    /// to give up.
    fn on_failure(&mut self, call: &mut Call, failure: &Failure, now: Micros) -> Option<Micros> {
        let status = status_of(failure);
        let retries_done = call.attempts - 1;
        match self.strategy {
            Strategy::Seed => {
                // for attempt in range(5): ...; wait = 2**attempt + uniform(0, 1)
                if ![429, 500, 503].contains(&status) || call.attempts >= 5 {
                    return None;
                }
                Some(secs(f64::from(1u32 << retries_done) + self.rng.next_f64()))
            }
            Strategy::OpenAi => {
                if call.attempts >= 3 {
                    return None;
                }
                let headers = failure.headers().cloned().unwrap_or_default();
                let should = match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
                    Some("true") => true,
                    Some("false") => false,
                    _ => matches!(status, 408 | 409 | 429) || status >= 500,
                };
                if !should {
                    return None;
                }
                let retry_after = header_f64(&headers, "retry-after-ms")
                    .map(|ms| ms / 1000.0)
                    .or_else(|| {
                        let v = headers.get("retry-after")?.to_str().ok()?;
                        v.trim().parse::<f64>().ok().or_else(|| {
                            let at = httpdate::parse_http_date(v).ok()?;
                            Some(
                                at.duration_since(wall(now))
                                    .map_or(0.0, |d| d.as_secs_f64()),
                            )
                        })
                    });
                match retry_after {
                    Some(s) if s > 0.0 && s <= 120.0 => Some(secs(s)),
                    Some(s) if s > 120.0 => None,
                    _ => {
                        let base = (0.5 * 2f64.powi(retries_done as i32)).min(8.0);
                        Some(secs(base * (1.0 - 0.25 * self.rng.next_f64())))
                    }
                }
            }
            Strategy::AwsStandard => {
                if !(status >= 500 || status == 429) || call.attempts >= 3 {
                    return None;
                }
                if self.aws_tokens < 5 {
                    return None;
                }
                self.aws_tokens -= 5;
                call.last_cost = Some(5);
                let ceiling = (2f64.powi(retries_done as i32)).min(20.0);
                Some(secs(ceiling * self.rng.next_f64()))
            }
            Strategy::Kiwi => {
                let attempted = Attempted {
                    failure,
                    attempts: call.attempts,
                    elapsed: Duration::from_micros(now - call.start),
                    wall: wall(now),
                };
                match decide(
                    &self.kiwi_config,
                    &attempted,
                    &self.kiwi_budget,
                    &mut self.rng,
                ) {
                    Decision::Retry { delay, cost, .. } => {
                        call.last_cost = Some(cost);
                        Some(micros(delay))
                    }
                    Decision::GiveUp(_) => None,
                }
            }
        }
    }

    fn on_success(&mut self, call: &Call) {
        match self.strategy {
            Strategy::AwsStandard => {
                self.aws_tokens = (self.aws_tokens + call.last_cost.unwrap_or(1)).min(500);
            }
            Strategy::Kiwi => self.kiwi_budget.on_success(call.last_cost),
            Strategy::Seed | Strategy::OpenAi => {}
        }
    }
}

// ------------------------------------------------------------------ the engine

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
struct Outcome {
    /// Per call: start, end, success, attempts, wasted.
    calls: Vec<(Micros, Micros, bool, u32, u32)>,
    /// When each attempt reached the server.
    attempts: Vec<Micros>,
}

enum Event {
    Attempt(usize),
    Response(usize, Response),
}

fn simulate(
    server: Server,
    strategy: Strategy,
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
        .map(|c| {
            Client::new(
                strategy,
                seed.wrapping_mul(1_000_003).wrapping_add(c as u64),
            )
        })
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
                    Response::Ok => {
                        client.on_success(call);
                        out.calls
                            .push((call.start, t, true, call.attempts, call.wasted));
                    }
                    Response::Err {
                        failure,
                        advertised,
                    } => {
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

// ------------------------------------------------------------------ scenarios and metrics

/// The figures of one scenario and strategy, summed over seeds.
#[derive(Default)]
pub struct Totals {
    /// Calls made (in the outage: started during it).
    pub calls: u64,
    /// Attempts made (in the outage: that reached the server during it).
    pub attempts: u64,
    /// Calls that succeeded.
    pub successes: u64,
    /// Attempts made before the time the server had given for the call.
    pub wasted: u64,
    /// Latency of each call, from its start to its success or give-up.
    pub latencies: Vec<Micros>,
    /// Herd: the busiest second after recovery, averaged over seeds.
    pub peak_per_s: f64,
    /// Herd: the busiest 100 ms after recovery, averaged over seeds.
    pub peak_per_100ms: f64,
}

impl Totals {
    fn add_calls(&mut self, out: &Outcome, window: Option<(Micros, Micros)>) {
        let inside = |t: Micros| window.is_none_or(|(a, b)| (a..b).contains(&t));
        for &(start, end, ok, attempts, wasted) in &out.calls {
            if inside(start) {
                self.calls += 1;
                self.successes += u64::from(ok);
                self.wasted += u64::from(wasted);
                self.latencies.push(end - start);
                if window.is_none() {
                    self.attempts += u64::from(attempts);
                }
            }
        }
        if window.is_some() {
            self.attempts += out.attempts.iter().filter(|&&t| inside(t)).count() as u64;
        }
    }

    pub fn percentile_ms(&mut self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        self.latencies.sort_unstable();
        let idx = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[idx] as f64 / MS as f64
    }
}

/// Every scenario, in table order.
pub const SCENARIOS: [&str; 5] = [
    "transient-10",
    "transient-30",
    "outage",
    "rate-limit-reset",
    "herd",
];

/// Runs one scenario for one strategy over `seeds` seeds; also returns the wasted
/// attempts per hint kind for the rate-limit scenario.
pub fn run(
    scenario: &str,
    strategy: Strategy,
    seeds: u64,
) -> (Totals, BTreeMap<&'static str, Totals>) {
    let mut totals = Totals::default();
    let mut by_kind = BTreeMap::new();
    for seed in 0..seeds {
        match scenario {
            "transient-10" | "transient-30" => {
                let p = if scenario == "transient-10" {
                    0.10
                } else {
                    0.30
                };
                // One client, a call every 100 ms for 200 s.
                let arr = arrivals(1, 2000, 100 * MS, |_| 0);
                let out = simulate(Server::Transient { p }, strategy, 1, &arr, seed);
                totals.add_calls(&out, None);
            }
            "outage" => {
                // One client, a call every 100 ms for 420 s; down from 60 s to 360 s.
                let (from, to) = (60 * SEC, 360 * SEC);
                let arr = arrivals(1, 4200, 100 * MS, |_| 0);
                let out = simulate(Server::Outage { from, to }, strategy, 1, &arr, seed);
                totals.add_calls(&out, Some((from, to)));
            }
            "rate-limit-reset" => {
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
                    let out = simulate(server, strategy, 10, &arr, seed);
                    totals.add_calls(&out, None);
                    by_kind
                        .entry(kind.name())
                        .or_insert_with(Totals::default)
                        .add_calls(&out, None);
                }
            }
            "herd" => {
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
                    },
                    strategy,
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
            _ => unreachable!("unknown scenario"),
        }
    }
    (totals, by_kind)
}

fn main() {
    let mut json_path = None;
    let mut seeds = 32u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json_path = args.next(),
            "--seeds" => {
                seeds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(seeds)
                    .max(1)
            }
            "-h" | "--help" => {
                println!("usage: retry_sim [--json PATH] [--seeds N]");
                return;
            }
            other => {
                eprintln!("unknown argument `{other}`; usage: retry_sim [--json PATH] [--seeds N]");
                std::process::exit(2);
            }
        }
    }

    println!("retry strategies on virtual time, {seeds} seeds per scenario\n");
    println!(
        "| scenario | strategy | calls | attempts | success | amplification | wasted before hint | p50 ms | p99 ms | peak /1 s | peak /100 ms |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut rows = Vec::new();
    let mut kinds = Vec::new();
    for scenario in SCENARIOS {
        for strategy in STRATEGIES {
            let (mut t, by_kind) = run(scenario, strategy, seeds);
            let amplification = t.attempts as f64 / t.calls.max(1) as f64;
            let (p50, p99) = (t.percentile_ms(0.50), t.percentile_ms(0.99));
            let peak = if scenario == "herd" {
                format!("{:.1} | {:.1}", t.peak_per_s, t.peak_per_100ms)
            } else {
                " | ".into()
            };
            println!(
                "| {scenario} | {} | {} | {} | {:.2}% | {amplification:.3} | {} | {p50:.0} | {p99:.0} | {peak} |",
                strategy.name(),
                t.calls,
                t.attempts,
                100.0 * t.successes as f64 / t.calls.max(1) as f64,
                t.wasted,
            );
            let mut row = serde_json::json!({
                "scenario": scenario,
                "strategy": strategy.name(),
                "calls": t.calls,
                "attempts": t.attempts,
                "successes": t.successes,
                "amplification": (amplification * 1000.0).round() / 1000.0,
                "wasted_before_hint": t.wasted,
                "p50_ms": p50,
                "p99_ms": p99,
            });
            if scenario == "herd" {
                row["peak_attempts_per_s"] = t.peak_per_s.into();
                row["peak_attempts_per_100ms"] = t.peak_per_100ms.into();
            }
            rows.push(row);
            if !by_kind.is_empty() {
                kinds.push((strategy, by_kind));
            }
        }
    }

    println!("\nrate-limit-reset by hint kind: success, wasted attempts before the hint, p50 ms\n");
    print!("| hint |");
    for (strategy, _) in &kinds {
        print!(" {} |", strategy.name());
    }
    println!("\n| --- |{}", " ---: |".repeat(kinds.len()));
    for kind in HINT_KINDS {
        print!("| {} |", kind.name());
        for (_, by_kind) in &mut kinds {
            if let Some(t) = by_kind.get_mut(kind.name()) {
                let ok = 100.0 * t.successes as f64 / t.calls.max(1) as f64;
                let p50 = t.percentile_ms(0.5);
                print!(" {ok:.1}%, {}, {p50:.0} |", t.wasted);
            }
        }
        println!();
    }

    if let Some(path) = json_path {
        let text = serde_json::to_string_pretty(&rows).unwrap_or_default();
        if let Err(e) = std::fs::write(&path, text + "\n") {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
        println!("\nwrote {path}");
    }
}
