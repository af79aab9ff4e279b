//! The simulation's targets for the kiwi strategy hold (on fewer seeds than the
//! published table), and the simulation is deterministic.

use kiwi_errors_lab::sim::sweep::{Knobs, sweep};
use kiwi_errors_lab::sim::{
    HINT_KINDS, Report, SCENARIOS, STRATEGIES, Scenario, Strategy, Totals, run,
};

fn rate(t: &Totals) -> f64 {
    t.successes as f64 / t.calls as f64
}

#[test]
fn outage_amplification_at_most_1_1() {
    let (kiwi, _) = run(Scenario::Outage, Strategy::Kiwi, 3);
    let amplification = kiwi.attempts as f64 / kiwi.calls as f64;
    assert!(amplification <= 1.1, "{amplification}");
    let (seed, _) = run(Scenario::Outage, Strategy::Seed, 3);
    assert!(seed.attempts as f64 / seed.calls as f64 > 4.5);
}

#[test]
fn a_cold_outage_of_50_calls_costs_at_most_1_2_requests_per_call() {
    let (kiwi, _) = run(Scenario::ColdOutage50, Strategy::Kiwi, 4);
    let per_call = kiwi.attempts as f64 / kiwi.calls as f64;
    assert!(per_call <= 1.2, "{per_call}");
    // Without a budget that starts small, the burst is multiplied.
    let (aws, _) = run(Scenario::ColdOutage50, Strategy::AwsStandard, 4);
    assert!(aws.attempts as f64 / aws.calls as f64 > 2.5);
}

#[test]
fn transient_30_keeps_99_9_percent_success() {
    let (kiwi, _) = run(Scenario::Transient30, Strategy::Kiwi, 4);
    assert!(rate(&kiwi) >= 0.999, "{}", rate(&kiwi));
    let (kiwi, _) = run(Scenario::Transient10, Strategy::Kiwi, 4);
    assert_eq!(kiwi.successes, kiwi.calls);
}

#[test]
fn no_attempt_before_a_server_hint() {
    let (kiwi, by_kind) = run(Scenario::RateLimitReset, Strategy::Kiwi, 2);
    assert_eq!(kiwi.wasted, 0);
    assert_eq!(by_kind.len(), HINT_KINDS.len());
    // The others do retry early.
    let (seed, _) = run(Scenario::RateLimitReset, Strategy::Seed, 2);
    assert!(seed.wasted > 0);
}

#[test]
fn transient_success_no_lower_than_any_other_strategy() {
    let (kiwi, _) = run(Scenario::Transient10, Strategy::Kiwi, 3);
    for strategy in STRATEGIES {
        let (other, _) = run(Scenario::Transient10, strategy, 3);
        assert!(
            rate(&kiwi) >= rate(&other),
            "{}: {} < {}",
            strategy.name(),
            rate(&kiwi),
            rate(&other)
        );
    }
}

#[test]
fn the_pacer_keeps_429s_under_5_percent_of_calls_alone_and_in_a_fleet() {
    for scenario in [Scenario::RateLimitReset, Scenario::Fleet] {
        let (paced, _) = run(scenario, Strategy::KiwiPaced, 2);
        let per_call = paced.rejected as f64 / paced.calls as f64;
        assert!(per_call <= 0.05, "{}: {per_call}", scenario.name());
        let (kiwi, _) = run(scenario, Strategy::Kiwi, 2);
        assert!(
            rate(&paced) >= rate(&kiwi).min(0.786),
            "{}",
            scenario.name()
        );
        // Without the pacer, clients learn the limit from 429s.
        assert!(kiwi.rejected as f64 / kiwi.calls as f64 > 1.0);
    }
}

#[test]
fn a_herd_costs_at_most_3_requests_per_call_and_every_call_succeeds() {
    let (kiwi, _) = run(Scenario::Herd, Strategy::Kiwi, 4);
    let per_call = kiwi.attempts as f64 / kiwi.calls as f64;
    assert!(per_call <= 3.0, "{per_call}");
    assert_eq!(kiwi.successes, kiwi.calls);
}

#[test]
fn the_sweep_at_the_defaults_is_the_kiwi_strategy() {
    let table = sweep(&[Knobs::defaults()], 2);
    let (kiwi, _) = run(Scenario::Herd, Strategy::Kiwi, 2);
    let herd = format!(" {:.3} |", kiwi.attempts as f64 / kiwi.calls as f64);
    let row = table.lines().nth(2).unwrap();
    assert!(row.contains(&herd), "{row} lacks{herd}");
}

/// S5: identical seeds, identical results.
#[test]
fn deterministic() {
    for (scenario, strategy) in [
        (Scenario::Transient30, Strategy::Kiwi),
        (Scenario::Herd, Strategy::Kiwi),
        (Scenario::Fleet, Strategy::KiwiPaced),
    ] {
        let (a, _) = run(scenario, strategy, 2);
        let (b, _) = run(scenario, strategy, 2);
        assert_eq!(
            (a.calls, a.attempts, a.successes, &a.latencies),
            (b.calls, b.attempts, b.successes, &b.latencies)
        );
    }
}

#[test]
fn the_report_has_one_row_per_scenario_and_strategy_in_table_order() {
    let report = Report::run(1);
    assert_eq!(report.rows.len(), SCENARIOS.len() * STRATEGIES.len());
    let mut rows = report.rows.iter();
    for scenario in SCENARIOS {
        for strategy in STRATEGIES {
            let row = rows.next().unwrap();
            assert_eq!(row["scenario"], scenario.name());
            assert_eq!(row["strategy"], strategy.name());
            for key in [
                "calls",
                "attempts",
                "successes",
                "amplification",
                "p50_ms",
                "p99_ms",
            ] {
                assert!(row[key].is_number(), "{row}: {key}");
            }
            assert_eq!(
                row.get("peak_attempts_per_s").is_some(),
                scenario == Scenario::Herd
            );
            let line = format!("| {} | {} | ", scenario.name(), strategy.name());
            assert!(report.text.contains(&line), "{line}");
        }
    }
    for kind in HINT_KINDS {
        assert!(report.text.contains(&format!("| {} |", kind.name())));
    }
    let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(report.rows.len()));
}
