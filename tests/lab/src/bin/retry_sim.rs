//! Runs the retry simulation and prints its tables; `--json PATH` also writes the
//! figures as JSON.
//!
//! ```text
//! cargo run --release -p kiwi-errors-lab --bin retry_sim -- --json sim.json [--seeds 32]
//! ```

use kiwi_errors_lab::sim::Report;

const USAGE: &str = "usage: retry_sim [--json PATH] [--seeds N]";

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
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("unknown argument `{other}`; {USAGE}");
                std::process::exit(2);
            }
        }
    }

    let report = Report::run(seeds);
    print!("{}", report.text);
    if let Some(path) = json_path {
        if let Err(e) = std::fs::write(&path, report.json()) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
        println!("\nwrote {path}");
    }
}
