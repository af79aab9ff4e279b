//! The figures of a run: per scenario and strategy, as a markdown table and as JSON
//! rows, plus the rate-limit scenario broken down by hint kind.

use std::fmt::Write;

use serde_json::Value;

use super::engine::{Outcome, SCENARIOS, Scenario, run};
use super::server::HINT_KINDS;
use super::strategy::STRATEGIES;
use super::{MS, Micros};

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
    /// Responses that were 429s.
    pub rejected: u64,
    /// Latency of each call, from its start to its success or give-up.
    pub latencies: Vec<Micros>,
    /// Herd: the busiest second after recovery, averaged over seeds.
    pub peak_per_s: f64,
    /// Herd: the busiest 100 ms after recovery, averaged over seeds.
    pub peak_per_100ms: f64,
}

impl Totals {
    /// Adds the calls of a run (those that started inside `window`, if given).
    pub(crate) fn add_calls(&mut self, out: &Outcome, window: Option<(Micros, Micros)>) {
        let inside = |t: Micros| window.is_none_or(|(a, b)| (a..b).contains(&t));
        self.rejected += out.rejected;
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

    /// The latency at quantile `q` (0 to 1), in milliseconds; 0 without calls.
    pub fn percentile_ms(&mut self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        self.latencies.sort_unstable();
        let idx = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[idx] as f64 / MS as f64
    }
}

/// Every scenario run with every strategy: what `retry_sim` prints and writes.
pub struct Report {
    /// The markdown tables, as printed.
    pub text: String,
    /// One JSON object per scenario and strategy.
    pub rows: Vec<Value>,
}

impl Report {
    /// Runs every scenario with every strategy over `seeds` seeds.
    pub fn run(seeds: u64) -> Report {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "retry strategies on virtual time, {seeds} seeds per scenario\n"
        );
        let _ = writeln!(
            s,
            "| scenario | strategy | calls | attempts | success | amplification | 429s per call | wasted before hint | p50 ms | p99 ms | peak /1 s | peak /100 ms |"
        );
        let _ = writeln!(
            s,
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        let mut rows = Vec::new();
        let mut kinds = Vec::new();
        for scenario in SCENARIOS {
            for strategy in STRATEGIES {
                let (mut t, by_kind) = run(scenario, strategy, seeds);
                let amplification = t.attempts as f64 / t.calls.max(1) as f64;
                let rejected = t.rejected as f64 / t.calls.max(1) as f64;
                let (p50, p99) = (t.percentile_ms(0.50), t.percentile_ms(0.99));
                let peak = if scenario == Scenario::Herd {
                    format!("{:.1} | {:.1}", t.peak_per_s, t.peak_per_100ms)
                } else {
                    " | ".into()
                };
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {:.2}% | {amplification:.3} | {rejected:.3} | {} | {p50:.0} | {p99:.0} | {peak} |",
                    scenario.name(),
                    strategy.name(),
                    t.calls,
                    t.attempts,
                    100.0 * t.successes as f64 / t.calls.max(1) as f64,
                    t.wasted,
                );
                let mut row = serde_json::json!({
                    "scenario": scenario.name(),
                    "strategy": strategy.name(),
                    "calls": t.calls,
                    "attempts": t.attempts,
                    "successes": t.successes,
                    "amplification": (amplification * 1000.0).round() / 1000.0,
                    "rejected_per_call": (rejected * 1000.0).round() / 1000.0,
                    "wasted_before_hint": t.wasted,
                    "p50_ms": p50,
                    "p99_ms": p99,
                });
                if scenario == Scenario::Herd {
                    row["peak_attempts_per_s"] = t.peak_per_s.into();
                    row["peak_attempts_per_100ms"] = t.peak_per_100ms.into();
                }
                rows.push(row);
                if !by_kind.is_empty() {
                    kinds.push((strategy, by_kind));
                }
            }
        }

        let _ = writeln!(
            s,
            "\nrate-limit-reset by hint kind: success, 429s per call, wasted attempts before the hint, p50 ms\n"
        );
        s.push_str("| hint |");
        for (strategy, _) in &kinds {
            let _ = write!(s, " {} |", strategy.name());
        }
        let _ = writeln!(s, "\n| --- |{}", " ---: |".repeat(kinds.len()));
        for kind in HINT_KINDS {
            let _ = write!(s, "| {} |", kind.name());
            for (_, by_kind) in &mut kinds {
                if let Some(t) = by_kind.get_mut(kind.name()) {
                    let ok = 100.0 * t.successes as f64 / t.calls.max(1) as f64;
                    let p50 = t.percentile_ms(0.5);
                    let rejected = t.rejected as f64 / t.calls.max(1) as f64;
                    let _ = write!(s, " {ok:.1}%, {rejected:.2}, {}, {p50:.0} |", t.wasted);
                }
            }
            s.push('\n');
        }
        Report { text: s, rows }
    }

    /// The JSON rows, pretty-printed, with a trailing newline.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.rows).unwrap_or_default() + "\n"
    }
}
